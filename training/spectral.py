"""Vocoder artefacts read off an utterance's long-term average spectrum.

A HiFi-GAN generator upsamples one mel frame (HOP samples) at a time through
transposed convolutions. Until it is well trained, each frame leaves the same
small imprint, which repeats at the frame rate and so shows up in the
spectrum as a comb of steady lines at k x SAMPLE_RATE/HOP (93.75 Hz at 24 kHz),
heard as a buzz that runs through pauses too. Its last upsampling stages
double the rate, which leaves lines at SAMPLE_RATE/4 and SAMPLE_RATE/2 (6 and
12 kHz). Speech itself has no steady lines at fixed frequencies: over an
utterance the harmonics move with the pitch and smear out.

Definitions (all in dB, per utterance):

- LTAS: the mean power spectrum of Hann-windowed frames of N_FFT samples
  every HOP_LTAS samples over the whole signal, pauses included. N_FFT is
  chosen so that SAMPLE_RATE/HOP is a whole number of bins (16 at 24 kHz):
  every comb line falls on a bin centre.
- envelope: the LTAS (in dB) median-filtered along frequency over
  ENVELOPE_HZ, mirrored at 0 Hz and at Nyquist. The comb's lines take about
  3 of every 16 bins, so the median follows the spectrum beneath them.
- comb excess in a band: the mean of LTAS - envelope at the comb frequencies
  k x SAMPLE_RATE/HOP inside the band, minus the same mean at the midpoints
  between them. The subtraction makes a spectrum without a comb read 0 dB
  whatever its texture; the upsampler lines (6 and 12 kHz, which are comb
  frequencies too) are left out of the bands and measured on their own.
- line excess at f: LTAS - envelope at the bin of f.
- high-band energy: the LTAS power at and above HIGH_BAND_HZ over the power
  of the whole spectrum.
"""
import math

import numpy as np
from scipy.ndimage import median_filter

from .mel import HOP, SAMPLE_RATE

N_FFT = 4096
HOP_LTAS = 1024
ENVELOPE_HZ = 375.0
COMB_BANDS_HZ = ((1000.0, 4000.0), (4000.0, 8000.0), (8000.0, 12000.0))
HIGH_BAND_HZ = 8000.0
# Power floor: keeps the logarithm finite on digital silence or an empty band.
FLOOR = 1e-20


def ltas(wav, n_fft=N_FFT, hop=HOP_LTAS):
    """Long-term average power spectrum [n_fft//2 + 1] of a mono signal in -1..1."""
    x = np.asarray(wav, dtype=np.float64)
    if x.size < n_fft:
        x = np.pad(x, (0, n_fft - x.size))
    n = 1 + (x.size - n_fft) // hop
    window = 0.5 - 0.5 * np.cos(2 * math.pi * np.arange(n_fft) / n_fft)
    power = np.zeros(n_fft // 2 + 1)
    # A frame at a time: an utterance's whole frame matrix would be tens of megabytes.
    for i in range(n):
        power += np.abs(np.fft.rfft(x[i * hop:i * hop + n_fft] * window)) ** 2
    return power / n


def line_frequencies(sr=SAMPLE_RATE):
    """The upsampler's lines: a quarter and a half of the sample rate."""
    return sr / 4.0, sr / 2.0


def measures(wav, sr=SAMPLE_RATE, hop=HOP, n_fft=N_FFT):
    """{'comb_<lo>_<hi>k_db', 'line_<f>k_db', 'high_band_db'} of one utterance (see the module's definitions)."""
    power = ltas(wav, n_fft)
    bin_hz = sr / n_fft
    spacing = sr / hop / bin_hz  # comb spacing in bins
    if abs(spacing - round(spacing)) > 1e-9:
        raise ValueError(f"{n_fft}-point spectrum at {sr} Hz: the frame rate {sr / hop} Hz is not a whole bin")
    spacing = int(round(spacing))
    level = 10 * np.log10(np.maximum(power, FLOOR))
    width = 2 * int(ENVELOPE_HZ / bin_hz / 2) + 1
    excess = level - median_filter(level, size=width, mode="mirror")

    lines = [int(round(f / bin_hz)) for f in line_frequencies(sr)]
    out = {}
    for lo, hi in COMB_BANDS_HZ:
        first, last = int(math.ceil(lo / bin_hz)), int(math.ceil(hi / bin_hz))
        comb = [k for k in range(spacing, power.size, spacing) if first <= k < last and k not in lines]
        between = [k - spacing // 2 for k in comb]
        out[f"comb_{lo / 1000:g}_{hi / 1000:g}k_db"] = float(np.mean(excess[comb]) - np.mean(excess[between]))
    for f, k in zip(line_frequencies(sr), lines):
        out[f"line_{f / 1000:g}k_db"] = float(excess[k])
    high = power[int(math.ceil(HIGH_BAND_HZ / bin_hz)):].sum()
    out["high_band_db"] = float(10 * np.log10(max(high, FLOOR) / max(power.sum(), FLOOR)))
    return out
