"""HiFi-GAN generator with Snake activations (docs/model.md section 4) in PyTorch.

Trained with weight norm (as upstream); `folded_state_dict` gives the plain
weights the engine reads. Sizes come from VocoderConfig so wider or narrower
variants need no code change.
"""
from dataclasses import dataclass, asdict, field

import torch
import torch.nn as nn
from torch.nn.utils import weight_norm


@dataclass
class VocoderConfig:
    sample_rate: int = 24000
    num_mels: int = 80
    upsample_initial_channel: int = 144
    upsample_rates: list = field(default_factory=lambda: [8, 8, 2, 2])
    upsample_kernel_sizes: list = field(default_factory=lambda: [16, 16, 4, 4])
    resblock_kernel_sizes: list = field(default_factory=lambda: [3, 7, 11])
    resblock_dilation_sizes: list = field(default_factory=lambda: [[1, 3, 5], [1, 3, 5], [1, 3, 5]])

    def to_dict(self):
        return asdict(self)


class Snake(nn.Module):
    def __init__(self, channels):
        super().__init__()
        self.log_alpha = nn.Parameter(torch.zeros(1, channels, 1))

    def forward(self, x):
        a = torch.clamp(torch.exp(self.log_alpha), 1e-4, 100.0)
        return x + torch.sin(a * x) ** 2 / a


class ResBlock1(nn.Module):
    def __init__(self, channels, kernel, dilations):
        super().__init__()
        self.convs1 = nn.ModuleList(
            weight_norm(nn.Conv1d(channels, channels, kernel, dilation=d, padding=d * (kernel - 1) // 2))
            for d in dilations)
        self.convs2 = nn.ModuleList(
            weight_norm(nn.Conv1d(channels, channels, kernel, padding=(kernel - 1) // 2)) for _ in dilations)
        self.acts1 = nn.ModuleList(Snake(channels) for _ in dilations)
        self.acts2 = nn.ModuleList(Snake(channels) for _ in dilations)
        for c in list(self.convs1) + list(self.convs2):
            nn.init.normal_(c.weight_v, 0.0, 0.01)

    def forward(self, x):
        for c1, c2, a1, a2 in zip(self.convs1, self.convs2, self.acts1, self.acts2):
            x = x + c2(a2(c1(a1(x))))
        return x


class Generator(nn.Module):
    def __init__(self, cfg: VocoderConfig):
        super().__init__()
        self.cfg = cfg
        C = cfg.upsample_initial_channel
        self.conv_pre = weight_norm(nn.Conv1d(cfg.num_mels, C, 7, padding=3))
        self.ups = nn.ModuleList()
        self.up_acts = nn.ModuleList()
        self.resblocks = nn.ModuleList()
        ch = C
        for r, k in zip(cfg.upsample_rates, cfg.upsample_kernel_sizes):
            self.up_acts.append(Snake(ch))
            self.ups.append(weight_norm(nn.ConvTranspose1d(ch, ch // 2, k, stride=r, padding=(k - r) // 2)))
            ch //= 2
            for k_res, dil in zip(cfg.resblock_kernel_sizes, cfg.resblock_dilation_sizes):
                self.resblocks.append(ResBlock1(ch, k_res, dil))
        self.post_act = Snake(ch)
        self.conv_post = weight_norm(nn.Conv1d(ch, 1, 7, padding=3))
        self.n_kernels = len(cfg.resblock_kernel_sizes)

    @property
    def hop(self):
        h = 1
        for r in self.cfg.upsample_rates:
            h *= r
        return h

    def forward(self, mel):
        """mel [B, n_mels, F] -> waveform [B, 1, F*hop]."""
        x = self.conv_pre(mel)
        for i, (act, up) in enumerate(zip(self.up_acts, self.ups)):
            x = up(act(x))
            blocks = self.resblocks[i * self.n_kernels:(i + 1) * self.n_kernels]
            x = sum(b(x) for b in blocks) / self.n_kernels
        return torch.tanh(self.conv_post(self.post_act(x)))


def fold_weight_norm(state: dict):
    """Plain tensors from a weight-normed state dict: w = g * v / |v|, the norm
    over every axis but 0 (output channel of a Conv1d, input channel of a
    ConvTranspose1d, whose weight is [in, out, K]). Other entries are copied."""
    out = {}
    for name, value in state.items():
        value = value.detach().cpu()
        if name.endswith(".weight_g"):
            if name[:-1] + "v" not in state:
                raise KeyError(f"{name} has no matching weight_v")
            continue
        if name.endswith(".weight_v"):
            g = state[name[:-1] + "g"].detach().cpu()
            dims = tuple(range(1, value.dim()))
            out[name[:-2]] = g * value / torch.linalg.vector_norm(value, dim=dims, keepdim=True)
        else:
            out[name] = value.clone()
    return out


def folded_state_dict(gen: Generator):
    """The generator's weights under the upstream names, weight norm folded."""
    return fold_weight_norm(gen.state_dict())


def load_folded(gen: Generator, folded: dict):
    """Warm-start a weight-normed generator from folded weights (a shipped voice).

    weight_v takes the folded weight and weight_g its norm, which reproduces the
    folded weight exactly while keeping weight norm's training dynamics.
    """
    own = gen.state_dict()
    new = {}
    for name, value in own.items():
        if name.endswith(".weight_g") or name.endswith(".weight_v"):
            base = name[:-2]
            w = folded[base].to(value.dtype)
            if name.endswith("_v"):
                new[name] = w
            else:
                dims = tuple(range(1, w.dim()))
                new[name] = torch.linalg.vector_norm(w, dim=dims, keepdim=True)
        else:
            new[name] = folded[name].to(value.dtype).reshape(value.shape)
    gen.load_state_dict(new)
