"""Hop-synchronous comb loss for the vocoder (issue 12).

The generator turns each mel frame into HOP samples through transposed
convolutions, and until it is well trained every frame carries a similar
imprint at the same place within its HOP samples. Repeated frame after
frame, that imprint is the comb of lines at k x SAMPLE_RATE/HOP (93.75 Hz at
24 kHz) and the upsampler's lines at 6 and 12 kHz (k = 64 and 128) that
training/spectral.py measures.

A training segment starts on a frame boundary, so folding it into rows of
HOP samples lines every frame's imprint up in the same columns. The mean
over the rows keeps what repeats in phase at the frame rate and cancels what
does not: for a recording, whose speech has no reason to repeat at the frame
rate, its power is about 1/rows of the rows' mean power (-15 dB for 32
rows); the shipped rms vocoder sat 4-7 dB above that in 1-8 kHz and 12 dB
above it at 6 kHz. The DFT of that mean has exactly one bin per comb line.

The loss is one-sided: the log magnitude of the fake's folded spectrum above
the recording's, averaged over the lines. Below the recording's level it
costs nothing, since the recording's folded spectrum is its own speech's
random residue, not a target to copy.
"""
import torch
import torch.nn as nn

from .mel import HOP

# Magnitude floor, as in stft_loss: below it no difference is audible.
FLOOR = 1e-5


class HopCombLoss(nn.Module):
    def __init__(self, hop=HOP):
        super().__init__()
        self.hop = hop

    def folded_spectrum(self, x):
        """|DFT| of the mean of x's rows of hop samples: [B, hop//2 + 1] for x [B, T], T a multiple of hop."""
        rows = x.reshape(x.shape[0], -1, self.hop)
        return torch.fft.rfft(rows.mean(dim=1), dim=-1).abs().clamp_min(FLOOR)

    def forward(self, fake, real):
        """fake, real: [B, T] waveforms starting on a frame boundary. Returns a scalar, 0 without excess."""
        excess = torch.log(self.folded_spectrum(fake)) - torch.log(self.folded_spectrum(real))
        # Bin 0 is the segment's DC offset, not a line.
        return torch.relu(excess[:, 1:]).mean()
