"""Teaching a vocoder a band its own voice lacks (issue 12: a full-band male voice).

The male voice's teacher, flite's `rms`, speaks at 16 kHz, and its corpus,
resampled to 24 kHz, holds nothing above 8 kHz. A vocoder trained on it
alone learns to leave 8-12 kHz empty, and the voice sounds muffled next to
kathleen's; its acoustic model, trained on the same corpus, can only ever
predict such band-limited mels.

What is above 8 kHz in speech (the noise of fricatives and bursts, the
breathy top of vowels) follows from what is below it closely enough to be
predicted, so the generator can learn it from full-band recordings of
another voice: each of their takes is given the mel of its audio sent
through the same 16 kHz bottleneck the teacher's went through, and asked
for the full-band audio. That is the input the voice's acoustic model will
give it, and the answer no band-limited corpus holds.

The band-limited corpus stays in the batches so the generator keeps its own
voice below the band. On its takes the generated and the recorded audio are
both low-passed before every loss and every critic, so those takes neither
teach nor forbid anything above the band: what the generator puts there is
learnt from the full-band takes alone.
"""
import os

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

from .mel import LogMel, SAMPLE_RATE
from .resample import resample

# flite's rate: its rms voice's audio has nothing above half of it.
TEACHER_RATE = 16000
# 5.4 ms: with KAISER_BETA the band from pass (-0.1 dB) to stop (-60 dB) is about 700 Hz wide at 24 kHz.
TAPS = 129
# The Kaiser window's beta for about 60 dB of stop-band attenuation.
KAISER_BETA = 6.0


def limit_band(wav, rate=TEACHER_RATE, sr=SAMPLE_RATE):
    """wav (float, at sr) resampled to `rate` and back: the path a teacher's 16 kHz audio takes into a corpus."""
    back = resample(resample(np.asarray(wav, dtype=np.float64), sr, rate), rate, sr)
    out = np.zeros(len(wav), dtype=np.float32)
    n = min(len(wav), len(back))
    out[:n] = back[:n]
    return out


class LowPass(nn.Module):
    """Linear-phase FIR low-pass at cutoff_hz, same length out as in: [B, 1, T] -> [B, 1, T]."""

    def __init__(self, cutoff_hz=TEACHER_RATE / 2, sr=SAMPLE_RATE, taps=TAPS):
        super().__init__()
        n = torch.arange(taps, dtype=torch.float64) - (taps - 1) / 2
        fc = cutoff_hz / sr
        h = 2 * fc * torch.sinc(2 * fc * n) * torch.kaiser_window(taps, periodic=False, beta=KAISER_BETA,
                                                                    dtype=torch.float64)
        h = h / h.sum()
        self.register_buffer("taps", h.float().view(1, 1, taps), persistent=False)

    def forward(self, x):
        pad = self.taps.shape[-1] // 2
        return F.conv1d(F.pad(x, (pad, pad)), self.taps)


def seen(x, limited, lowpass):
    """x [B, 1, T] as the losses see it: the rows of band-limited takes (limited [B] bool) low-passed."""
    out = x.clone()
    out[limited] = lowpass(x[limited])
    return out


def band_limited_mels(cache, ids, wavs, rate=TEACHER_RATE):
    """Mels [80, F] float16 of int16 waveforms sent through limit_band, cached as cache/<id>.npy."""
    os.makedirs(cache, exist_ok=True)
    logmel = LogMel()
    out = []
    for uid, w in zip(ids, wavs):
        p = os.path.join(cache, uid + ".npy")
        if not os.path.exists(p):
            x = limit_band(w.astype(np.float32) / 32767, rate)
            with torch.no_grad():
                m = logmel(torch.from_numpy(x)).numpy().astype(np.float16)
            tmp = p + ".tmp.npy"
            np.save(tmp, m)
            os.replace(tmp, p)
        out.append(np.load(p))
    return out


def cache_name(corpus_key, rate=TEACHER_RATE):
    return f"{corpus_key}-below{rate // 2}"
