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
rows); the rms vocoder released 2026-12-03 sat 4-7 dB above that in
1-8 kHz and 12 dB above it at 6 kHz. The DFT of that mean has exactly one
bin per comb line.

The upsampler's lines need a second term. In the folded spectrum each is
one bin of 128, so it weighs little there, and a run on the folded term
alone (rms, 200 steps from 2,800, 22 sentences) took the 1-4 kHz comb from
8.1 to 2.4 dB and the 6 kHz line from 4.3 to -3.5 dB but left the 12 kHz
line at 13.0 dB where the plain run had 5.6. The second term is each
line's level over the spectrum beneath it in one long DFT of the segment,
as the release gate measures lines on the long-term spectrum.

Both terms are one-sided: the fake's log magnitude above the recording's,
averaged over the lines. Below the recording's level they cost nothing,
since the recording's folded spectrum is its own speech's random residue
and its lines are whatever its microphone and resampling left, not targets
to copy.

What it costs (2026-12-04, kathleen; 100 steps from her shipped vocoder on
reconstruction losses alone, without the critics' losses; copy synthesis of 12 held-out
takes): the comb at 1-4 kHz fell from 8.3 to 2.4 dB, but voiced periodicity
rose from 0.173 to 0.349, where the mel and linear-spectrum losses alone left
it at 0.173. Our reading: the generator first hides the imprint under
irregularity from frame to frame, which the measure reads as hoarseness. With the
critics on it recovers slowly: with this loss, the autocorrelation loss at
150 and the critics heard from step 400, the voice read 0.261, 0.211 and
0.179 at steps 200, 400 and 600 (22 sentences; the shipped vocoder 0.174).
Comparing each band's lines with the bins half-way between on the batch's
long-term spectrum, as the gate does, instead of folding, was no better:
after 300 adversarial steps from the same start both read 0.21.
"""
import torch
import torch.nn as nn

from .mel import HOP, SAMPLE_RATE
from .spectral import ENVELOPE_HZ, line_frequencies
# The magnitude floor below which no difference is audible, shared with the linear-spectrum loss.
from .stft_loss import FLOOR

# Bins either side of a line that its Hann window's main lobe covers.
MAIN_LOBE = 3


class HopCombLoss(nn.Module):
    def __init__(self, hop=HOP):
        super().__init__()
        self.hop = hop

    def _rows(self, x):
        return x.reshape(x.shape[0], -1, self.hop)

    def folded_spectrum(self, x):
        """|DFT| of the mean of x's rows of hop samples: [B, hop//2 + 1] for x [B, T], T a multiple of hop."""
        return torch.fft.rfft(self._rows(x).mean(dim=1), dim=-1).abs().clamp_min(FLOOR)

    def line_excess(self, x):
        """Log magnitude of x's spectrum at each line over the median of its surroundings: [B, 2].

        One Hann-windowed DFT of the whole segment (2.9 Hz bins for 32 frames
        at 24 kHz), so a line as narrow as the gate sees it stands out; the
        median of the bins within ENVELOPE_HZ / 2, the main lobe left out, is
        the spectrum beneath it, as in training/spectral.py."""
        n = x.shape[-1]
        window = torch.hann_window(n, dtype=x.dtype, device=x.device)
        log_power = torch.log(torch.fft.rfft(x * window, dim=-1).abs().square().clamp_min(FLOOR * FLOOR))
        bin_hz = SAMPLE_RATE / n
        reach = int(ENVELOPE_HZ / 2 / bin_hz)
        excess = []
        for f in line_frequencies():
            b = int(round(f / bin_hz))
            near = [b + d for d in range(MAIN_LOBE, reach + 1) if b + d < log_power.shape[-1]]
            near += [b - d for d in range(MAIN_LOBE, reach + 1)]
            excess.append(0.5 * (log_power[:, b] - log_power[:, near].median(dim=-1).values))
        return torch.stack(excess, dim=-1)

    def forward(self, fake, real):
        """fake, real: [B, T] waveforms starting on a frame boundary. Returns a scalar, 0 without excess."""
        comb = torch.log(self.folded_spectrum(fake)) - torch.log(self.folded_spectrum(real))
        lines = self.line_excess(fake) - self.line_excess(real)
        # Bin 0 of the folded spectrum is the segment's DC offset, not a line.
        return torch.relu(comb[:, 1:]).mean() + torch.relu(lines).mean()
