"""Mel-cepstral distance between two renderings of the same text.

Mel-cepstra here are frequency-warped cepstra of the short-time log amplitude
spectrum: the spectrum is resampled onto the first-order all-pass warped
frequency axis and cosine-transformed, truncated at order 24. This is the
non-iterative cousin of SPTK's `mcep` (which fits an envelope by UELS); it
lands on the same coefficients for smooth spectra and keeps the usual
definition MCD = 10/ln10 * sqrt(2 * sum_{d=1..24} (c_d - c'_d)^2), averaged
over the frames of a DTW alignment. c_0 (level) is left out, as usual, so a
gain difference between the voices does not count.

Frames follow the model's framing (24 kHz, hop 256, centred), so the same
DTW path can index the F0 tracks of training/prosody.py.
"""
import math

import numpy as np

from .mel import HOP, N_FFT, SAMPLE_RATE

ORDER = 24
# Frames this far below the loudest one at either end of a signal are
# leading/trailing silence, which the two renderings pad differently.
EDGE_SILENCE_DB = 40.0
# Spectral floor relative to the utterance peak: keeps log(0) out of digital
# silence without letting very quiet bins dominate the distance.
FLOOR_DB = 100.0


def warp_alpha(sr):
    """All-pass constant whose warping best follows the mel scale at rate sr.

    Least squares against Fant's mel (ln(1 + f/1000)) over 0..sr/2; this
    lands within 0.01 of the customary constants (0.41 vs 0.42 at 16 kHz,
    0.466 at 24 kHz).
    """
    w = np.linspace(0.0, math.pi, 1001)[1:]
    f = w / math.pi * sr / 2
    target = np.log1p(f / 1000.0) / math.log1p(sr / 2 / 1000.0) * math.pi
    alphas = np.arange(0.0, 0.95, 0.001)
    err = [np.sum((_warp(w, a) - target) ** 2) for a in alphas]
    return float(alphas[int(np.argmin(err))])


def _warp(w, alpha):
    # Phase of the first-order all-pass (z^-1 - alpha) / (1 - alpha z^-1), sign flipped.
    return w + 2.0 * np.arctan(alpha * np.sin(w) / (1.0 - alpha * np.cos(w)))


def mel_cepstra(wav, sr=SAMPLE_RATE, order=ORDER, n_fft=N_FFT, hop=HOP, band_hz=None):
    """Mono waveform -> mel-cepstra [F, order+1], frame i centred on sample i*hop.

    band_hz: the cepstra of the spectrum up to band_hz only, as if the signal
    had been sampled at 2 x band_hz (same frames). Against a reference that
    has nothing above some frequency (flite speaks at 16 kHz), whatever a
    voice puts above it would otherwise dominate the distance.
    """
    wav = np.asarray(wav, dtype=np.float64)
    n_frames = len(wav) // hop + 1
    x = np.pad(wav, (n_fft // 2, n_fft // 2 + hop), mode="reflect")
    idx = np.arange(n_frames)[:, None] * hop + np.arange(n_fft)[None, :]
    window = 0.5 - 0.5 * np.cos(2 * math.pi * np.arange(n_fft) / n_fft)
    mag = np.abs(np.fft.rfft(x[idx] * window, axis=1))
    floor = max(mag.max(), 1e-12) * 10 ** (-FLOOR_DB / 20)
    logmag = np.log(np.maximum(mag, floor))
    if band_hz is not None:
        logmag = logmag[:, :int(band_hz / sr * n_fft) + 1]
        sr = 2 * band_hz
    # The warped axis is sampled uniformly; each point reads the linear spectrum
    # at the frequency the inverse warping (alpha -> -alpha) maps it to.
    k = logmag.shape[1] - 1
    beta = np.linspace(0.0, math.pi, k + 1)
    omega = _warp(beta, -warp_alpha(sr))
    linear = np.linspace(0.0, math.pi, k + 1)
    warped = np.stack([np.interp(omega, linear, row) for row in logmag])
    c = np.fft.irfft(warped, n=2 * k, axis=1)[:, :order + 1]
    # irfft gives the two-sided cepstrum; mel-cepstra are one-sided (SPTK's
    # convention, log|H| = c_0 + sum c_m cos(m beta)), which doubles m >= 1.
    c[:, 1:] *= 2.0
    return c


def speech_span(c0):
    """slice of the frames between the first and last one within EDGE_SILENCE_DB of the loudest."""
    db = 20.0 / math.log(10.0) * np.asarray(c0)
    loud = np.nonzero(db > db.max() - EDGE_SILENCE_DB)[0]
    return slice(int(loud[0]), int(loud[-1]) + 1)


def mcd(ca, cb, ia, ib):
    """Mean MCD in dB over aligned frame pairs (ia[k], ib[k]); ca, cb [F, order+1]."""
    d = ca[ia, 1:] - cb[ib, 1:]
    return float(np.mean(10.0 / math.log(10.0) * np.sqrt(2.0 * np.sum(d * d, axis=1))))
