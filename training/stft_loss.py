"""Multi-resolution linear-spectrum loss for the vocoder (issue 12).

The mel loss cannot see the vocoder's worst artefact: a comb of steady lines
every SAMPLE_RATE/HOP = 93.75 Hz and the upsampler's lines at 6 and 12 kHz.
Above 1 kHz an 80-band mel filter is several comb lines wide, so the comb
averages away inside it; and in pauses, where the comb is heard most, the
recordings are near the log floor on both sides. A linear spectrum with a
2048-point window puts about eight bins between two comb lines, so an L1
distance of log magnitudes penalises every line that is not in the
recording, most of all in pauses, where the recording has nothing there.

Each resolution contributes the mean absolute log-magnitude difference and
the spectral convergence (the Frobenius distance relative to the recording's
norm), which weighs the loud parts the log term flattens.
"""
import torch
import torch.nn as nn

# (n_fft, hop, window): the long window resolves the comb; the short ones keep
# onsets honest so the long one does not buy frequency detail with smearing.
RESOLUTIONS = ((2048, 256, 2048), (1024, 128, 1024), (512, 64, 512))
# A magnitude floor near the recordings' own noise floor (-100 dB re full
# scale): below it, log differences are not audible and only add noise.
FLOOR = 1e-5


class MultiResolutionSTFTLoss(nn.Module):
    def __init__(self, resolutions=RESOLUTIONS):
        super().__init__()
        self.resolutions = resolutions
        for n_fft, _, win in resolutions:
            self.register_buffer(f"window_{n_fft}", torch.hann_window(win), persistent=False)

    def _magnitude(self, x, n_fft, hop, win):
        window = getattr(self, f"window_{n_fft}")
        spec = torch.stft(x, n_fft, hop, win, window, center=True, return_complex=True)
        return spec.abs().clamp_min(FLOOR)

    def forward(self, fake, real):
        """fake, real: [B, T] waveforms in float32. Returns a scalar, about 1 for unrelated audio."""
        total = 0.0
        for n_fft, hop, win in self.resolutions:
            f = self._magnitude(fake, n_fft, hop, win)
            r = self._magnitude(real, n_fft, hop, win)
            log_term = torch.mean(torch.abs(torch.log(f) - torch.log(r)))
            convergence = torch.linalg.norm(r - f) / torch.linalg.norm(r).clamp_min(FLOOR)
            total = total + log_term + convergence
        return total / len(self.resolutions)
