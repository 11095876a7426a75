"""Periodicity loss for the vocoder: the release gate's hoarseness measure, made a loss (issue 12).

The gate reads hoarseness as the median, over voiced frames, of YIN's
cumulative-mean-normalised difference at its minimum over the F0 range's
lags (training/periodicity.py): how far each 20 ms of a vowel is from
repeating itself one period later. On rms's 40 held-out prompts the shipped
vocoder, given flite's own mels, read 0.089 where flite's takes read 0.056
(2026-12-07, copy synthesis), and low-passed at 1 kHz still 0.071 against
0.048: the roughness is in the fundamental and first harmonics, the period
wandering from cycle to cycle, not noise in the top band.

The autocorrelation loss (autocorr_loss.py) does not see it. Over its
42.7 ms Hann window the peak of the normalised autocorrelation is 0.72 for
those vocoded takes and 0.73 for the recordings: the window's taper, not the
voice, sets most of its height, and its L1 over all lags weighs the shape of
the whole curve, where the period's peak is a few lags of hundreds.

This loss takes the difference function exactly as prosody.yin_cmnd does
(a 480-sample window against its lagged copy, unwindowed), on both the
recording and the generated segment. Where the recording is voiced (its
minimum under YIN's threshold, and within VOICED_DB of the segment's loudest
frame) the generated frame's least value within TOLERANCE lags of the
recording's period should be no higher than the recording's. One-sided:
being cleaner than flite costs nothing. Frames weigh equally, as in the
gate's median.

What it did on rms (2026-12-07, weight 40, from a real-mel run of the
shipped vocoder, AdamW 5e-5): copy synthesis of the held-out takes went
from periodicity 0.085 to 0.069 in 754 steps and 0.067 in 1,054, and the
voice through the gate from 0.081 to 0.068 and 0.067 (target 0.072), the
comb and lines unchanged, but its WER from 11.5% to 12.3% and 13.0%
(copy synthesis alone lost no words: 14.1% against 14.0%). So it is off
by default (train_vocoder --periodicity-weight). From step 1,742, 258 steps
with it off brought the words back while the vowels stayed clean: WER
11.9%, periodicity 0.069, and at intonation 1.3 WER 11.4%, periodicity
0.070, span 6.0 semitones (released); models/rms.md has the whole account.
"""
import math

import torch
import torch.nn as nn

from .mel import HOP
from .periodicity import VOICED_DB
from .prosody import YIN_THRESHOLD, YIN_WINDOW, lag_range

# Lags either side of the recording's period where the generated frame may dip: at
# 100 Hz two lags are 0.15 semitones, under what a listener hears as a different pitch,
# so pitch is left to the other losses and this one asks only for a clean period.
TOLERANCE = 2


class PeriodicityLoss(nn.Module):
    def __init__(self, hop=HOP, tolerance=TOLERANCE):
        super().__init__()
        self.hop, self.tolerance = hop, tolerance
        self.tau_min, self.tau_max = lag_range()
        self.window = YIN_WINDOW
        self.length = self.window + self.tau_max + 1
        self.n_fft = 1 << math.ceil(math.log2(self.length + self.window))

    def cmnd(self, x):
        """(CMND at lags 1..tau_max + 1 [B, F, tau_max + 1], frame level in dB [B, F]) of x [B, T].

        Frame f starts at sample f * hop; T must hold at least one frame (window + tau_max + 1).
        """
        W, taus = self.window, torch.arange(self.tau_max + 2, device=x.device)
        frames = x.unfold(-1, self.length, self.hop)
        spec_all = torch.fft.rfft(frames, self.n_fft)
        spec_head = torch.fft.rfft(frames[..., :W], self.n_fft)
        corr = torch.fft.irfft(spec_head.conj() * spec_all, self.n_fft)[..., :self.tau_max + 2]
        power = nn.functional.pad(torch.cumsum(frames.square(), -1), (1, 0))
        e_lag = power[..., taus + W] - power[..., taus]
        e_head = power[..., W:W + 1]
        diff = (e_head + e_lag - 2.0 * corr).clamp_min(0.0)[..., 1:]
        cmnd = diff * taus[1:] / torch.cumsum(diff, -1).clamp_min(1e-12)
        level = 10.0 * torch.log10((e_head[..., 0] / W).clamp_min(1e-12))
        return cmnd, level

    def forward(self, fake, real):
        """fake, real: [B, T] waveforms. Mean excess of fake's CMND minimum over real's, on real's voiced frames."""
        lo, hi = self.tau_min - 1, self.tau_max  # CMND index i is lag i + 1
        with torch.no_grad():
            c_real, level = self.cmnd(real)
            real_min, at = c_real[..., lo:hi].min(-1)
            voiced = (real_min < YIN_THRESHOLD) & (level > level.amax(-1, keepdim=True) - VOICED_DB)
            near = (lo + at).unsqueeze(-1) + torch.arange(-self.tolerance, self.tolerance + 1, device=fake.device)
            near = near.clamp(lo, hi - 1)
        fake_min = self.cmnd(fake)[0].gather(-1, near).min(-1).values
        excess = (fake_min - real_min).clamp_min(0.0)
        return (excess * voiced).sum() / voiced.sum().clamp_min(1)
