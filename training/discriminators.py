"""GAN critics for vocoder training: multi-period (waveform folded by period)
and multi-resolution (linear spectrograms). Narrower than the HiFi-GAN paper's
so a CPU step stays affordable; they never ship, only the generator does.
"""
import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.nn.utils import weight_norm


def _conv_stack(convs, out, x):
    """Leaky-ReLU conv layers then a 1-channel output: (scores [B, N], every layer's features)."""
    feats = []
    for conv in convs:
        x = F.leaky_relu(conv(x), 0.1)
        feats.append(x)
    x = out(x)
    feats.append(x)
    return x.flatten(1), feats


class PeriodCritic(nn.Module):
    def __init__(self, period, channels=(32, 64, 128, 256)):
        super().__init__()
        self.period = period
        layers, c_in = [], 1
        for i, c in enumerate(channels):
            stride = 3 if i < len(channels) - 1 else 1
            layers.append(weight_norm(nn.Conv2d(c_in, c, (5, 1), (stride, 1), padding=(2, 0))))
            c_in = c
        self.convs = nn.ModuleList(layers)
        self.out = weight_norm(nn.Conv2d(c_in, 1, (3, 1), padding=(1, 0)))

    def forward(self, x):
        B, C, T = x.shape
        if T % self.period:
            x = F.pad(x, (0, self.period - T % self.period), mode="reflect")
        x = x.view(B, C, -1, self.period)
        return _conv_stack(self.convs, self.out, x)


class SpectrogramCritic(nn.Module):
    def __init__(self, n_fft, hop, win, channels=16):
        super().__init__()
        self.n_fft, self.hop, self.win = n_fft, hop, win
        self.register_buffer("window", torch.hann_window(win), persistent=False)
        # Striding along frequency from the first layer keeps the 2048-point
        # resolution affordable on a CPU; time resolution is kept throughout.
        self.convs = nn.ModuleList([
            weight_norm(nn.Conv2d(1, channels, (3, 9), stride=(1, 2), padding=(1, 4))),
            weight_norm(nn.Conv2d(channels, channels, (3, 9), stride=(1, 2), padding=(1, 4))),
            weight_norm(nn.Conv2d(channels, channels, (3, 9), stride=(1, 2), padding=(1, 4))),
            weight_norm(nn.Conv2d(channels, channels, (3, 3), padding=(1, 1))),
        ])
        self.out = weight_norm(nn.Conv2d(channels, 1, (3, 3), padding=(1, 1)))

    def forward(self, x):
        # In float32 even under mixed precision: cuFFT has no bfloat16 transforms.
        with torch.autocast(x.device.type, enabled=False):
            spec = torch.stft(x[:, 0].float(), self.n_fft, self.hop, self.win, self.window, center=True,
                              return_complex=True).abs()
        x = spec.transpose(1, 2)[:, None]  # [B, 1, frames, bins]
        return _conv_stack(self.convs, self.out, x)


class Critics(nn.Module):
    def __init__(self, periods=(2, 3, 5, 7, 11), resolutions=((1024, 120, 600), (2048, 240, 1200), (512, 50, 240))):
        super().__init__()
        self.critics = nn.ModuleList([PeriodCritic(p) for p in periods] +
                                     [SpectrogramCritic(*r) for r in resolutions])

    def forward(self, x):
        return [c(x) for c in self.critics]


def critic_loss(real_out, fake_out):
    loss = 0.0
    for (r, _), (f, _) in zip(real_out, fake_out):
        loss = loss + torch.mean((1 - r) ** 2) + torch.mean(f ** 2)
    return loss


def generator_adv_loss(fake_out):
    return sum(torch.mean((1 - f) ** 2) for f, _ in fake_out)


def feature_matching_loss(real_out, fake_out):
    loss = 0.0
    for (_, rf), (_, ff) in zip(real_out, fake_out):
        for a, b in zip(rf, ff):
            loss = loss + torch.mean(torch.abs(a.detach() - b))
    return loss
