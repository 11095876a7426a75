"""Sample-rate conversion, one definition for every corpus and every measure.

scipy's polyphase resampler with its default filter: what every corpus read
at another rate, flite's 16 kHz takes and the recogniser's 16 kHz input go
through, so a band limit it leaves is the same wherever it appears
(training/bandwidth.py relies on that). Free of PyTorch, so the corpus
makers can use it without loading it.
"""
from math import gcd


def resample(wav, from_sr, to_sr):
    """wav (1-D) from from_sr to to_sr Hz."""
    # Imported here: a GPU burst runs the trainers where only cached features exist and scipy may not.
    from scipy.signal import resample_poly
    g = gcd(to_sr, from_sr)
    return resample_poly(wav, to_sr // g, from_sr // g)
