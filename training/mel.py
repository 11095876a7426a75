"""Log-mel features exactly as docs/model.md section 3 defines them.

The engine never computes mels from audio, but the trainer, the aligner and
the evaluation all must agree on one definition, so it lives here only.
"""
import math

import numpy as np
import torch

SAMPLE_RATE = 24000
N_FFT = 1024
HOP = 256
N_MELS = 80
FMIN = 0.0
FMAX = 12000.0
LOG_FLOOR = 1e-5


# Slaney's scale: linear below 1 kHz (200/3 Hz per mel), logarithmic above.
_SLANEY_HZ_PER_MEL = 200.0 / 3.0
_SLANEY_LOG_HZ = 1000.0
_SLANEY_LOG_MEL = _SLANEY_LOG_HZ / _SLANEY_HZ_PER_MEL
_SLANEY_LOG_STEP = math.log(6.4) / 27.0


def _hz_to_mel_slaney(hz):
    hz = np.asarray(hz, dtype=np.float64)
    mel = hz / _SLANEY_HZ_PER_MEL
    log_mel = _SLANEY_LOG_MEL + np.log(np.maximum(hz, 1e-10) / _SLANEY_LOG_HZ) / _SLANEY_LOG_STEP
    return np.where(hz >= _SLANEY_LOG_HZ, log_mel, mel)


def _mel_to_hz_slaney(mel):
    mel = np.asarray(mel, dtype=np.float64)
    hz = mel * _SLANEY_HZ_PER_MEL
    log_hz = _SLANEY_LOG_HZ * np.exp(_SLANEY_LOG_STEP * (mel - _SLANEY_LOG_MEL))
    return np.where(mel >= _SLANEY_LOG_MEL, log_hz, hz)


def mel_filterbank(sr=SAMPLE_RATE, n_fft=N_FFT, n_mels=N_MELS, fmin=FMIN, fmax=FMAX):
    """Triangular Slaney-normalised filters, shape [n_mels, n_fft//2+1]."""
    fft_freqs = np.linspace(0.0, sr / 2.0, n_fft // 2 + 1)
    mel_pts = np.linspace(_hz_to_mel_slaney(fmin), _hz_to_mel_slaney(fmax), n_mels + 2)
    hz_pts = _mel_to_hz_slaney(mel_pts)
    widths = np.diff(hz_pts)
    ramps = hz_pts[:, None] - fft_freqs[None, :]
    fb = np.zeros((n_mels, fft_freqs.size))
    for m in range(n_mels):
        lower = -ramps[m] / widths[m]
        upper = ramps[m + 2] / widths[m + 1]
        fb[m] = np.maximum(0.0, np.minimum(lower, upper))
    # Slaney norm: each filter has unit area in Hz, so bands carry comparable energy.
    fb *= (2.0 / (hz_pts[2:n_mels + 2] - hz_pts[:n_mels]))[:, None]
    return fb.astype(np.float32)


class LogMel(torch.nn.Module):
    """Waveform [B, S] (or [S]) in -1..1 -> natural-log mel [B, 80, S//256 + 1]."""

    def __init__(self, n_fft=N_FFT, hop=HOP, n_mels=N_MELS):
        super().__init__()
        self.n_fft = n_fft
        self.hop = hop
        self.register_buffer("window", torch.hann_window(n_fft, periodic=True), persistent=False)
        self.register_buffer("fb", torch.from_numpy(mel_filterbank(n_fft=n_fft, n_mels=n_mels)),
                             persistent=False)

    def magnitude(self, wav):
        spec = torch.stft(wav, self.n_fft, hop_length=self.hop, win_length=self.n_fft,
                          window=self.window, center=True, pad_mode="reflect", return_complex=True)
        return spec.abs()

    def forward(self, wav):
        squeeze = wav.dim() == 1
        if squeeze:
            wav = wav.unsqueeze(0)
        mag = self.magnitude(wav)
        mel = torch.matmul(self.fb, mag)
        out = torch.log(torch.clamp(mel, min=LOG_FLOOR))
        return out[0] if squeeze else out
