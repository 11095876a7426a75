"""Voiced-frame periodicity: how cleanly periodic a voice's vowels are.

YIN's cumulative-mean-normalised difference (training/prosody.py) dips to 0
at the period of a perfectly periodic frame and stays near 1 for noise, so
its minimum over the lags of the F0 range measures how much of a voiced
frame is not periodic: breath, hoarseness, a vocoder's phase noise or buzz.

Which frames count must not depend on that same minimum (a YIN voicing
decision would keep only the frames that already score well), so a frame is
taken as voiced by its spectrum alone: within VOICED_DB of the utterance's
loudest frame, and with more than half of its power below VOICED_BELOW_HZ
(vowels, nasals and glides; not fricatives, bursts or pauses).
"""
import math

import numpy as np

from .mel import HOP, N_FFT, SAMPLE_RATE
from .prosody import lag_range, yin_cmnd

VOICED_DB = 30.0
VOICED_BELOW_HZ = 1000.0
# An utterance with fewer voiced frames than this has no meaningful median.
MIN_FRAMES = 10


def voiced_frames(wav, sr=SAMPLE_RATE, hop=HOP, n_fft=N_FFT):
    """Boolean per frame (frame i centred on sample i*hop): loud and mostly below VOICED_BELOW_HZ."""
    x = np.asarray(wav, dtype=np.float64)
    n_frames = len(x) // hop + 1
    x = np.pad(x, (n_fft // 2, n_fft // 2 + hop), mode="reflect")
    window = 0.5 - 0.5 * np.cos(2 * math.pi * np.arange(n_fft) / n_fft)
    cut = int(round(VOICED_BELOW_HZ * n_fft / sr))
    total, low = np.empty(n_frames), np.empty(n_frames)
    for i in range(n_frames):
        p = np.abs(np.fft.rfft(x[i * hop:i * hop + n_fft] * window)) ** 2
        total[i], low[i] = p.sum(), p[:cut].sum()
    level = 10 * np.log10(np.maximum(total, 1e-20))
    return (level > level.max() - VOICED_DB) & (low > 0.5 * total)


def cmnd_minima(wav, sr=SAMPLE_RATE, hop=HOP):
    """Per frame, the least CMND over the lags of the F0 range."""
    cmnd, _ = yin_cmnd(np.asarray(wav, dtype=np.float64), sr, hop)
    tau_min, tau_max = lag_range(sr)
    return cmnd[:, tau_min:tau_max + 1].min(axis=1)


def periodicity(wav, sr=SAMPLE_RATE):
    """Median CMND minimum over the voiced frames (0 = perfectly periodic); None with too few voiced frames."""
    voiced = voiced_frames(wav, sr)
    if voiced.sum() < MIN_FRAMES:
        return None
    return float(np.median(cmnd_minima(wav, sr)[voiced]))
