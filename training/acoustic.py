"""The Inflect-Nano v1 acoustic model (docs/model.md section 2) in PyTorch.

Module and parameter names are the upstream state-dict names, so the same
definition trains our voices, loads converted upstream checkpoints and is the
reference the C engine is checked against. Every size comes from the config.
"""
import math
from dataclasses import dataclass, asdict

import torch
import torch.nn as nn

# The pitch feature is (ln f0 - ln 140) / F0_SPREAD (training/prosody.py), so
# a factor s on F0 adds ln(s) / F0_SPREAD to it.
F0_SPREAD = 0.45


@dataclass
class AcousticConfig:
    vocab_size: int = 256
    tone_size: int = 16
    lang_size: int = 4
    n_mels: int = 80
    hidden: int = 168
    encoder_layers: int = 5
    decoder_layers: int = 6
    encoder_ff_mult: int = 4
    decoder_ff_mult: int = 3
    kernel_size: int = 7
    speaker_count: int = 2
    speaker_dim: int = 64
    abs_frame_bins: int = 512
    max_frames: int = 1400
    postnet_scale: float = 0.1
    dropout: float = 0.08

    def to_dict(self):
        return asdict(self)


class ConvFFNBlock(nn.Module):
    """Pre-norm gated depthwise conv + feed-forward, both residual."""

    def __init__(self, hidden, ff_mult, kernel, dropout):
        super().__init__()
        self.norm1 = nn.LayerNorm(hidden)
        self.depth = nn.Conv1d(hidden, 2 * hidden, kernel, padding=kernel // 2, groups=hidden)
        self.point = nn.Conv1d(hidden, hidden, 1)
        self.norm2 = nn.LayerNorm(hidden)
        self.ff = nn.Sequential(nn.Linear(hidden, ff_mult * hidden), nn.SiLU(), nn.Dropout(dropout),
                                nn.Linear(ff_mult * hidden, hidden))
        self.drop = nn.Dropout(dropout)

    def forward(self, x, mask):
        # x [B, T, H]; mask [B, T, 1] zeroes padding so a batch equals one utterance at a time.
        y = self.norm1(x) * mask
        y = self.depth(y.transpose(1, 2))
        a, b = y.chunk(2, dim=1)
        g = self.point(a * torch.sigmoid(b)).transpose(1, 2)
        x = x + self.drop(g)
        x = x + self.drop(self.ff(self.norm2(x)))
        return x * mask


def _head(hidden, inner, out):
    return nn.Sequential(nn.LayerNorm(hidden), nn.Linear(hidden, inner), nn.SiLU(), nn.Linear(inner, out))


def _mlp(inp, hidden, out):
    return nn.Sequential(nn.Linear(inp, hidden), nn.SiLU(), nn.Linear(hidden, out))


def frame_meta(durations, n_tokens):
    """Per-frame position features for one utterance: [F, 8] from integer durations [T]."""
    d = durations.to(torch.float32)
    tok = torch.repeat_interleave(torch.arange(durations.numel(), device=d.device), durations)
    start = torch.cumsum(durations, 0) - durations
    r = (torch.arange(tok.numel(), device=d.device) - start[tok]).to(torch.float32)
    dt = d[tok]
    rel = torch.where(dt > 1, r / (dt - 1).clamp(min=1), torch.zeros_like(r))
    pos = tok.to(torch.float32) / max(1, n_tokens - 1)
    meta = torch.stack([rel, 1 - rel, 1 - (2 * rel - 1).abs(), torch.sin(math.pi * rel),
                        torch.cos(math.pi * rel), pos, torch.log1p(dt) / 6, dt / 40], dim=1)
    return meta, tok


class AcousticModel(nn.Module):
    def __init__(self, cfg: AcousticConfig):
        super().__init__()
        self.cfg = cfg
        H = cfg.hidden
        self.phone = nn.Embedding(cfg.vocab_size, H)
        self.tone = nn.Embedding(cfg.tone_size, H)
        self.lang = nn.Embedding(cfg.lang_size, H)
        self.speaker = nn.Embedding(cfg.speaker_count, cfg.speaker_dim)
        self.speaker_proj = nn.Linear(cfg.speaker_dim, H)
        self.encoder = nn.ModuleList(
            ConvFFNBlock(H, cfg.encoder_ff_mult, cfg.kernel_size, cfg.dropout) for _ in range(cfg.encoder_layers))
        self.duration_head = _head(H, H, 1)
        self.energy_head = _head(H, H // 2, 1)
        self.bright_head = _head(H, H // 2, 1)
        self.pitch_head = _head(H, H, 2)
        self.energy_proj = nn.Linear(1, H)
        self.bright_proj = nn.Linear(1, H)
        self.pitch_proj = _mlp(2, H, H)
        self.abs_frame = nn.Embedding(cfg.abs_frame_bins, H)
        self.frame_proj = _mlp(8, H, H)
        self.local_ctx = _mlp(3 * H, 2 * H, H)
        self.decoder = nn.ModuleList(
            ConvFFNBlock(H, cfg.decoder_ff_mult, cfg.kernel_size, cfg.dropout) for _ in range(cfg.decoder_layers))
        self.frame_gru = nn.GRU(H, H // 2, batch_first=True, bidirectional=True)
        self.mel_head = _head(H, H, cfg.n_mels)
        self.postnet = nn.Sequential(
            nn.Conv1d(cfg.n_mels, H, 5, padding=2), nn.Tanh(),
            nn.Conv1d(H, H, 5, padding=2), nn.Tanh(),
            nn.Conv1d(H, cfg.n_mels, 5, padding=2))

    # -- encoder side ------------------------------------------------------
    def encode(self, phone, tone, lang, speaker, tok_mask):
        """ids [B, T] (long), speaker [B] -> encoder output [B, T, H] and the four predictions."""
        cfg = self.cfg
        x = (self.phone(phone) + self.tone(tone.clamp(max=cfg.tone_size - 1))
             + self.lang(lang.clamp(max=cfg.lang_size - 1))
             + self.speaker_proj(self.speaker(speaker))[:, None, :])
        m = tok_mask[..., None].to(x.dtype)
        x = x * m
        for block in self.encoder:
            x = block(x, m)
        pred = {
            "logdur": self.duration_head(x)[..., 0],
            "energy": self.energy_head(x)[..., 0],
            "bright": self.bright_head(x)[..., 0],
            "pitch": self.pitch_head(x),
        }
        return x, pred

    def condition(self, enc, energy, bright, tok_mask):
        c = enc + self.energy_proj(energy[..., None]) + self.bright_proj(bright[..., None])
        return c * tok_mask[..., None].to(c.dtype)

    def token_context(self, c, pitch, n_tokens):
        """Per-token terms of the frame feature: local_ctx over neighbours and pitch_proj. [B, T, H]."""
        B, T, H = c.shape
        idx = torch.arange(T, device=c.device)
        prev_i = (idx[None, :] - 1).clamp(min=0).expand(B, T)
        nxt = idx[None, :] + 1
        next_i = torch.minimum(nxt, (n_tokens[:, None] - 1).clamp(min=0)).expand(B, T)
        prev = torch.gather(c, 1, prev_i[..., None].expand(B, T, H))
        after = torch.gather(c, 1, next_i[..., None].expand(B, T, H))
        return c + self.local_ctx(torch.cat([prev, c, after], dim=-1)) + self.pitch_proj(pitch)

    # -- decoder side ------------------------------------------------------
    def decode(self, tok_feat, durations, n_tokens):
        """Length-regulate and decode. tok_feat [B, T, H], durations [B, T] (long, 0 on padding)."""
        cfg = self.cfg
        B, T, H = tok_feat.shape
        frames, lengths = [], []
        for b in range(B):
            n = int(n_tokens[b])
            d = durations[b, :n]
            meta, tok = frame_meta(d, n)
            meta, tok = meta[:cfg.max_frames], tok[:cfg.max_frames]
            f = torch.arange(tok.numel(), device=tok.device)
            absi = torch.clamp(f * cfg.abs_frame_bins // cfg.max_frames, max=cfg.abs_frame_bins - 1)
            frames.append(tok_feat[b, tok] + self.frame_proj(meta) + self.abs_frame(absi))
            lengths.append(tok.numel())
        Fmax = max(lengths)
        x = tok_feat.new_zeros(B, Fmax, H)
        for b, fr in enumerate(frames):
            x[b, :fr.shape[0]] = fr
        lengths = torch.tensor(lengths, device=x.device)
        fmask = (torch.arange(Fmax, device=x.device)[None, :] < lengths[:, None])[..., None].to(x.dtype)
        for block in self.decoder:
            x = block(x, fmask)
        packed = nn.utils.rnn.pack_padded_sequence(x, lengths.cpu(), batch_first=True, enforce_sorted=False)
        g, _ = self.frame_gru(packed)
        g, _ = nn.utils.rnn.pad_packed_sequence(g, batch_first=True, total_length=Fmax)
        x = x + g
        mel = self.mel_head(x).transpose(1, 2) * fmask.transpose(1, 2)
        post = mel + cfg.postnet_scale * self.postnet(mel)
        return mel, post * fmask.transpose(1, 2), lengths

    # -- training: teacher forcing with targets ---------------------------
    def forward(self, phone, tone, lang, speaker, n_tokens, durations, pitch, energy, bright):
        T = phone.shape[1]
        tok_mask = torch.arange(T, device=phone.device)[None, :] < n_tokens[:, None]
        enc, pred = self.encode(phone, tone, lang, speaker, tok_mask)
        c = self.condition(enc, energy, bright, tok_mask)
        feat = self.token_context(c, pitch, n_tokens)
        mel, post, lengths = self.decode(feat, durations, n_tokens)
        return pred, mel, post, lengths

    # -- inference: one utterance, the engine's reference -----------------
    @torch.no_grad()
    def infer(self, phone, tone, lang, speaker=0, length_scale=1.0, pitch_scale=1.0, pitch_range=1.0, pitch_mean=0.0,
              intonation=1.0):
        """1-D id tensors -> (durations [T] long, mel [80, F]) as the engine must produce them.

        The controls mean what inflect.h says: length_scale multiplies each
        token's natural length (upstream's rounded frames, at least one) and
        every token ends at the rounded running sum (a phoneme gets at least
        one frame, a blank may get none);
        pitch_scale multiplies F0 and pitch_range the distance of the pitch
        feature from pitch_mean, both on the voiced part of each token;
        before them, a voice's intonation factor (inflect.prosody.intonation)
        multiplies each token's distance from the utterance's voiced mean.
        """
        phone, tone, lang = (t[None].long() for t in (phone, tone, lang))
        T = phone.shape[1]
        dev = phone.device
        n = torch.tensor([T], device=dev)
        tok_mask = torch.ones(1, T, dtype=torch.bool, device=dev)
        enc, pred = self.encode(phone, tone, lang, torch.tensor([speaker], device=dev), tok_mask)
        natural = torch.clamp(torch.round(torch.clamp(torch.expm1(pred["logdur"][0]), 0, 80)), min=1)
        exact = natural * length_scale  # float32, as the engine
        ends = torch.round(torch.cumsum(exact.double(), 0)).long().tolist()  # half to even, as rint
        durations, frames = [], 0
        for t, end in enumerate(ends):
            least = 0 if int(phone[0, t]) == 0 else 1
            durations.append(max(end - frames, least))
            frames += durations[-1]
        d = torch.tensor(durations, dtype=torch.long, device=dev)
        energy = pred["energy"]
        pitch = pred["pitch"].clone()
        voiced = pitch[..., 1].clamp(0, 1)
        if intonation != 1.0 and float(voiced.sum()) > 0:
            mean = (voiced * pitch[..., 0]).sum() / voiced.sum()
            pitch[..., 0] = pitch[..., 0] + voiced * (intonation - 1.0) * (pitch[..., 0] - mean)
        target = pitch_mean + pitch_range * (pitch[..., 0] - pitch_mean) + math.log(pitch_scale) / F0_SPREAD
        pitch[..., 0] = pitch[..., 0] + voiced * (target - pitch[..., 0])
        pitch[..., 1] = voiced
        c = self.condition(enc, energy, pred["bright"], tok_mask)
        feat = self.token_context(c, pitch, n)
        _, post, _ = self.decode(feat, d[None], n)
        return d, post[0]
