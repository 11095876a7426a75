"""Train the acoustic model (docs/model.md section 2) with teacher forcing.

Inputs are the engine frontend's ids (prepare_ids.py), the aligner's durations
(align.py) and the frame tracks of prosody.py; the decoder is fed the true
durations, pitch, energy and brightness, while the heads learn to predict
them. Losses: L1 on the mel before and after the postnet, MSE on ln(1+frames),
on both pitch dimensions, on energy and on brightness (padding masked).

A corpus with pitch variants (python3 -m training.make_flite_corpus --pitch-variants)
feeds them to the decoder like any take, with their own pitch features, so it
learns to follow its pitch feature over a wider F0 range than the voice's own;
their pitch targets are kept from the pitch head, which is to predict the
voice's natural intonation, not the average of its shifted copies.

Resumable: model, optimiser, step and RNG live in --work (default
~/.cache/inflect-train/acoustic-<corpus>/checkpoint.pt, saved every few
minutes); a rerun continues. With no checkpoint, --init-voice warm-starts from
a voice file. Every --sample-every steps the held-out set is scored teacher-forced
and two held-out prompts are synthesised free-running (mel image, and audio
through the current vocoder checkpoint when there is one).

  /usr/bin/python3 -m training.train_acoustic --corpus ../shared/data/kathleen-24k
  /usr/bin/python3 -m training.train_acoustic --corpus ../shared/data/kathleen-24k --dump-gta DIR
"""
import argparse
import contextlib
import math
import os
import random
import time

import numpy as np
import torch

from . import checkpoint
from .acoustic import AcousticConfig, AcousticModel
from .align import durations_dir, load_durations
from .batching import length_batches
from .corpus import (WORK_DIR, cached_audio_and_mels, corpus_key, heldout_file, read_heldout, read_metadata,
                    read_variants, split)
from .dtw import dtw_path
from .mel import SAMPLE_RATE
from .prepare_ids import load_ids
from .progress import progress
from .prosody import cached_frame_tracks, token_targets
from .stopping import StopRequest

# Embedding rows beyond the inventory let the frontend gain symbols without
# changing the tensor shapes the engine checks.
VOCAB_ROUND = 32
LOSS_KEYS = ("mel", "post", "dur", "pitch", "energy", "bright")


def parse_args():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--corpus", required=True, help="folder with metadata.csv and wavs/")
    p.add_argument("--heldout", default=None, help="held-out prompt ids (default: the corpus's heldout.txt, else splits/<corpus>-heldout.txt)")
    p.add_argument("--work", default=None, help="checkpoint folder")
    p.add_argument("--init-voice", default=None, help="voice .gguf to warm-start from when no checkpoint exists")
    p.add_argument("--vocoder", default=None,
                   help="vocoder checkpoint for audio samples (default: vocoder-<corpus>/checkpoint.pt)")
    p.add_argument("--dump-gta", metavar="DIR", default=None,
                   help="write teacher-forced mels of the training utterances to DIR/<id>.npy and exit")
    p.add_argument("--steps", type=int, default=1000000, help="stop after this many total steps")
    p.add_argument("--minutes", type=float, default=0, help="stop after this many minutes (0: no limit)")
    p.add_argument("--batch-frames", type=int, default=3000, help="padded mel frames per batch")
    p.add_argument("--lr", type=float, default=5e-4)
    p.add_argument("--warmup", type=int, default=1000, help="steps of linear warm-up, then 1/sqrt decay")
    p.add_argument("--device", default="cuda" if torch.cuda.is_available() else "cpu")
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--seed", type=int, default=1234)
    p.add_argument("--save-minutes", type=float, default=5.0)
    p.add_argument("--sample-every", type=int, default=1000)
    p.add_argument("--log-every", type=int, default=20)
    p.add_argument("--amp", action="store_true", help="mixed precision (bfloat16 autocast) on CUDA; losses stay float32")
    a = p.parse_args()
    if a.amp and not a.device.startswith("cuda"):
        p.error("--amp needs a CUDA device")
    return a


class Example:
    """One utterance as tensors: ids [T], durations [T], token targets, mel [80, F]."""

    def __init__(self, uid, ids, durations, tracks, mel, natural=True):
        self.id = uid
        # False for a pitch variant: its pitch is no target for the pitch head.
        self.natural = natural
        self.phone = torch.tensor(ids["phone"], dtype=torch.long)
        self.tone = torch.tensor(ids["tone"], dtype=torch.long)
        self.lang = torch.tensor(ids["lang"], dtype=torch.long)
        self.dur = torch.from_numpy(durations.astype(np.int64))
        pitch, energy, bright = token_targets(tracks, durations)
        self.pitch = torch.from_numpy(pitch)
        self.energy = torch.from_numpy(energy)
        self.bright = torch.from_numpy(bright)
        self.mel = torch.from_numpy(mel.astype(np.float32))

    @property
    def frames(self):
        return self.mel.shape[1]


def load_examples(corpus, utts, ids, max_frames, variants=()):
    """Examples for the utterances that have ids and durations; the rest are counted, not silently lost.
    Ids in `variants` are pitch variants (corpus.read_variants)."""
    have = [u for u in utts if u.id in ids and os.path.exists(os.path.join(durations_dir(corpus), u.id + ".npy"))]
    _, mels = cached_audio_and_mels(corpus, have)
    tracks = cached_frame_tracks(corpus, have)
    out = []
    for u, m in zip(have, mels):
        if m.shape[1] > max_frames:
            continue
        durations = load_durations(corpus, u.id)
        # Ids made again (an edited transcript) with the old durations kept
        # failed deep in torch, naming no utterance.
        if len(durations) != len(ids[u.id]["phone"]) or int(durations.sum()) != m.shape[1]:
            raise SystemExit(f"{u.id}: {len(ids[u.id]['phone'])} ids, {len(durations)} durations of "
                             f"{int(durations.sum())} frames for {m.shape[1]} mel frames: the durations are "
                             f"older than the ids or the audio; align again (delete "
                             f"{durations_dir(corpus)} and run training.align)")
        out.append(Example(u.id, ids[u.id], durations, tracks[u.id], m, u.id not in variants))
    return out, len(utts) - len(out)


def collate(exs):
    B = len(exs)
    T = max(e.phone.numel() for e in exs)
    Fm = max(e.frames for e in exs)
    b = {k: torch.zeros(B, T, dtype=torch.long) for k in ("phone", "tone", "lang", "dur")}
    b.update({k: torch.zeros(B, T) for k in ("energy", "bright")})
    b["pitch"] = torch.zeros(B, T, 2)
    b["mel"] = torch.zeros(B, exs[0].mel.shape[0], Fm)
    b["n_tokens"] = torch.tensor([e.phone.numel() for e in exs])
    b["n_frames"] = torch.tensor([e.frames for e in exs])
    b["natural"] = torch.tensor([float(e.natural) for e in exs])
    for i, e in enumerate(exs):
        t = e.phone.numel()
        for k in ("phone", "tone", "lang", "dur", "energy", "bright", "pitch"):
            b[k][i, :t] = getattr(e, k)
        b["mel"][i, :, :e.frames] = e.mel
    return b


def losses(model, b, amp=False):
    """Per-term losses of one batch, and the predicted postnet mel; amp: the forward pass in bfloat16."""
    dev = next(model.parameters()).device
    b = {k: v.to(dev) for k, v in b.items()}
    with torch.autocast("cuda", dtype=torch.bfloat16) if amp else contextlib.nullcontext():
        pred, mel, post, lengths = model(b["phone"], b["tone"], b["lang"], torch.zeros_like(b["n_tokens"]),
                                         b["n_tokens"], b["dur"], b["pitch"], b["energy"], b["bright"])
    # The losses are sums over whole batches: float32 whatever the forward pass ran in.
    pred = {k: v.float() for k, v in pred.items()}
    mel, post = mel.float(), post.float()
    if not torch.equal(lengths, b["n_frames"]):
        raise AssertionError("durations do not sum to the mel frame counts")
    Fm = mel.shape[2]
    target = b["mel"][:, :, :Fm]
    fmask = (torch.arange(Fm, device=dev)[None, :] < lengths[:, None])[:, None, :].to(mel.dtype)
    n_el = fmask.sum() * mel.shape[1]
    T = b["phone"].shape[1]
    tmask = (torch.arange(T, device=dev)[None, :] < b["n_tokens"][:, None]).to(mel.dtype)

    def token_mse(p, t, mask=tmask):
        return (((p - t) ** 2) * mask).sum() / mask.sum().clamp(min=1.0)

    # The pitch head learns from natural takes only; a batch of variants alone gives it no gradient.
    pmask = tmask * b["natural"][:, None].to(mel.dtype)

    out = {
        "mel": ((mel - target).abs() * fmask).sum() / n_el,
        "post": ((post - target).abs() * fmask).sum() / n_el,
        "dur": token_mse(pred["logdur"], torch.log1p(b["dur"].to(mel.dtype))),
        "pitch": 0.5 * (token_mse(pred["pitch"][..., 0], b["pitch"][..., 0], pmask)
                        + token_mse(pred["pitch"][..., 1], b["pitch"][..., 1], pmask)),
        "energy": token_mse(pred["energy"], b["energy"]),
        "bright": token_mse(pred["bright"], b["bright"]),
    }
    return out, post


def model_config(symbols, examples):
    max_lang = max(int(e.lang.max()) for e in examples)
    max_tone = max(int(e.tone.max()) for e in examples)
    base = AcousticConfig()
    return AcousticConfig(vocab_size=VOCAB_ROUND * math.ceil(len(symbols) / VOCAB_ROUND), speaker_count=1,
                          lang_size=max(base.lang_size, max_lang + 1), tone_size=max(base.tone_size, max_tone + 1))


def warm_start(model, path, symbols):
    """Copy a voice's acoustic tensors; phone rows are matched by symbol name, since the voice's
    table may order or size its inventory differently, and other tables copy their common rows."""
    from . import gguf
    voice_symbols = gguf.Reader(path).fields.get("inflect.frontend.symbols", [])
    src = gguf.read_voice_tensors(path, "acoustic.")
    state = model.state_dict()
    for name, dst in state.items():
        if name not in src:
            raise KeyError(f"{path}: no tensor acoustic.{name}")
        s = src[name]
        if name == "phone.weight":
            row = {sym: i for i, sym in enumerate(voice_symbols)}
            for i, sym in enumerate(symbols):
                if sym in row:
                    dst[i] = s[row[sym]]
        elif s.shape == dst.shape:
            dst.copy_(s)
        elif s.dim() == 2 and s.shape[1] == dst.shape[1]:
            n = min(s.shape[0], dst.shape[0])
            dst[:n] = s[:n]
        else:
            raise ValueError(f"{path}: acoustic.{name} is {tuple(s.shape)}, model needs {tuple(dst.shape)}")
    model.load_state_dict(state)


def init_output_biases(model, examples):
    """Start every output at its corpus mean: log-mel sits around -6 and energy likewise, so from
    zero the first thousand steps would only learn offsets, and large early errors through
    energy_proj would disturb the rest of the network."""
    with torch.no_grad():
        model.mel_head[-1].bias.copy_(torch.cat([e.mel for e in examples], dim=1).mean(1))
        model.duration_head[-1].bias.fill_(float(torch.cat([torch.log1p(e.dur.float()) for e in examples]).mean()))
        model.pitch_head[-1].bias.copy_(torch.cat([e.pitch for e in examples]).mean(0))
        model.energy_head[-1].bias.fill_(float(torch.cat([e.energy for e in examples]).mean()))
        model.bright_head[-1].bias.fill_(float(torch.cat([e.bright for e in examples]).mean()))


def lr_at(step, base, warmup):
    s = max(step, 1)
    return base * min(s / warmup, math.sqrt(warmup / s))


def mel_image(path, mels):
    """Mels stacked top to bottom, low frequencies at the bottom of each, as a grey PNG."""
    from PIL import Image
    width = max(m.shape[1] for m in mels)
    rows = [np.pad(np.flipud(m), ((0, 0), (0, width - m.shape[1])), constant_values=-11.5) for m in mels]
    img = np.concatenate(rows, axis=0)
    img = np.clip((img + 11.5) / 13.5 * 255, 0, 255).astype(np.uint8)
    Image.fromarray(img).resize((width * 2, img.shape[0] * 2), Image.NEAREST).save(path)


def load_vocoder(path):
    from .vocoder import Generator, VocoderConfig
    if not path or not os.path.exists(path):
        return None
    ck = torch.load(path, map_location="cpu")
    gen = Generator(VocoderConfig(**ck["config"]))
    gen.load_state_dict(ck["generator"])
    return gen.eval()


def evaluate(model, held, batch_frames):
    """Teacher-forced losses on the held-out set (dropout off)."""
    model.eval()
    tot = {k: 0.0 for k in LOSS_KEYS}
    n = 0
    with torch.no_grad():
        for idx in length_batches([e.frames for e in held], random.Random(0), batch_frames):
            out, _ = losses(model, collate([held[i] for i in idx]))
            for k in LOSS_KEYS:
                tot[k] += float(out[k]) * len(idx)
            n += len(idx)
    model.train()
    return {k: v / max(n, 1) for k, v in tot.items()}


def write_samples(model, held, work, step, vocoder_path):
    model.eval()
    gen = load_vocoder(vocoder_path)
    dev = next(model.parameters()).device
    for i, e in enumerate(held[:2]):
        d, mel = model.infer(e.phone.to(dev), e.tone.to(dev), e.lang.to(dev))
        mel = mel.cpu()
        base = os.path.join(work, "samples", f"step{step:07d}-{i}")
        mel_image(base + ".png", [mel.numpy(), e.mel.numpy()])
        if gen is not None:
            import soundfile as sf
            with torch.no_grad():
                y = gen(mel[None])[0, 0].numpy()
            sf.write(base + ".wav", y, SAMPLE_RATE)
    model.train()


# Mean frames by which teacher-forced mels may stray from their takes' timing
# (gta_alignment) before the dump warns. With durations aligned by the voice
# itself, kathleen's read 0.11 and rms's 0.06; the same kathleen durations with
# every token boundary moved by up to 1, 2 or 3 frames (0.3, 0.5, 0.7 on average)
# read 0.26, 0.43 and 0.53.
GTA_STRAY_FRAMES = 0.2


def gta_alignment(pairs):
    """Mean |DTW path - diagonal| in frames between teacher-forced and real mels [(gta, real)].

    A vocoder fine-tuned on GTA mels learns to render frame t of the mel as
    the take's audio at frame t: where the durations put a sound's mel frames
    elsewhere than the take has the sound, it learns to smear the transitions
    instead."""
    devs = []
    for gta, real in pairs:
        pa, pb = dtw_path(real.T, gta.T)
        devs.append(np.abs(pb - pa))
    return float(np.concatenate(devs).mean())


def dump_gta(model, examples, out_dir, check=50):
    """Teacher-forced postnet mels [80, F], F equal to the real mel's, for vocoder fine-tuning.

    The first `check` of them are also held against their real mels (gta_alignment)."""
    os.makedirs(out_dir, exist_ok=True)
    model.eval()
    pairs = []
    with torch.no_grad():
        for e in examples:
            _, post = losses(model, collate([e]))
            m = post[0, :, :e.frames].cpu().numpy()
            np.save(os.path.join(out_dir, e.id + ".npy"), m.astype(np.float32))
            if len(pairs) < check:
                pairs.append((m, e.mel.numpy()))
    print(f"{len(examples)} ground-truth-aligned mels -> {out_dir}", flush=True)
    if not pairs:
        return None
    stray = gta_alignment(pairs)
    print(f"they keep their takes' timing within {stray:.2f} frames (mean DTW deviation over {len(pairs)} takes)",
          flush=True)
    if stray > GTA_STRAY_FRAMES:
        print(f"warning: over {GTA_STRAY_FRAMES} frames: the durations do not place the sounds where the takes have "
              "them, and a vocoder fine-tuned on these mels learns to smear transitions; align the corpus by the "
              "voice (python3 -m training.align --by-voice VOICE) and dump again", flush=True)
    return stray


def main():
    a = parse_args()
    torch.set_num_threads(a.threads)
    key = corpus_key(a.corpus)
    work = a.work or os.path.join(WORK_DIR, f"acoustic-{key}")
    os.makedirs(os.path.join(work, "samples"), exist_ok=True)
    vocoder_path = a.vocoder or os.path.join(WORK_DIR, f"vocoder-{key}", "checkpoint.pt")

    symbols, ids = load_ids(a.corpus)
    # Audio may be absent where its features are cached (a GPU burst's bundle carries only those).
    utts = read_metadata(a.corpus, need_audio=False)
    variants = read_variants(a.corpus)
    train_utts, held_utts = split(utts, read_heldout(heldout_file(a.corpus, a.heldout)), variants)
    max_frames = AcousticConfig().max_frames
    train, dropped = load_examples(a.corpus, train_utts, ids, max_frames, variants)
    held, _ = load_examples(a.corpus, held_utts, ids, max_frames, variants)
    n_var = sum(not e.natural for e in train)
    print(f"corpus {key}: {len(train)} training utterances ({n_var} of them pitch variants; {dropped} without "
          f"ids/durations or too long), {len(held)} held out; inventory {len(symbols)} symbols", flush=True)

    ckpt_path = os.path.join(work, "checkpoint.pt")
    ck = checkpoint.load(ckpt_path, needs=("model", "config", "symbols"))
    cfg = AcousticConfig(**ck["config"]) if ck else model_config(symbols, train + held)
    torch.manual_seed(a.seed)
    model = AcousticModel(cfg)
    rng = random.Random(a.seed)
    step = 0
    # CPU seconds and GPU steps of every run, and of the voice warm-started from, for the model card
    accounting = checkpoint.Accounting(ck, a.device, a.init_voice and checkpoint.voice_history(a.init_voice, "acoustic"))
    if ck:
        if ck["symbols"] != symbols:
            raise ValueError(f"{ckpt_path} was trained on another symbol inventory; rerun prepare_ids or use --work")
        model.load_state_dict(ck["model"])
        step = ck["step"]
        checkpoint.restore_rng(ck, rng)
        fresh = "" if checkpoint.has_optimisers(ck) else " (fresh optimiser)"
        print(f"resumed from {ckpt_path} at step {step}{fresh}", flush=True)
    elif a.init_voice:
        warm_start(model, a.init_voice, symbols)
        print(f"warm-started from {a.init_voice}", flush=True)
    else:
        init_output_biases(model, train)
    # Loaded on the CPU, then moved; the optimiser follows the parameters.
    model.to(a.device)
    opt = torch.optim.AdamW(model.parameters(), a.lr, betas=(0.9, 0.98), weight_decay=0.01)
    # A burst's slim checkpoint (training/burst.py) carries no optimiser state: AdamW starts afresh.
    checkpoint.restore_optimisers(ck, opt=opt)
    print(f"model: {sum(p.numel() for p in model.parameters())} parameters on {a.device}, config {cfg.to_dict()}",
          flush=True)

    if a.dump_gta:
        if not ck and not a.init_voice:
            raise SystemExit(f"--dump-gta needs a trained model: no checkpoint at {ckpt_path} and no --init-voice")
        dump_gta(model, train, a.dump_gta)
        return

    def save():
        checkpoint.save(ckpt_path, {"model": model.state_dict(), "config": cfg.to_dict(), "opt": opt.state_dict(),
                                    "step": step, "symbols": symbols, **checkpoint.rng_state(rng),
                                    **accounting.totals(step)})

    stop = StopRequest()
    model.train()
    t0 = last_save = last_log = time.time()
    first_step = step
    acc = {k: 0.0 for k in LOSS_KEYS}
    n_acc = 0
    done = False
    while not done:
        for idx in length_batches([e.frames for e in train], rng, a.batch_frames):
            for g in opt.param_groups:
                g["lr"] = lr_at(step + 1, a.lr, a.warmup)
            out, _ = losses(model, collate([train[i] for i in idx]), a.amp)
            loss = sum(out.values())
            opt.zero_grad(set_to_none=True)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            opt.step()
            step += 1
            for k in LOSS_KEYS:
                acc[k] += float(out[k])
            n_acc += 1
            if step % a.log_every == 0:
                now = time.time()
                msg = " ".join(f"{k} {v / n_acc:.4f}" for k, v in acc.items())
                print(f"step {step} {msg} lr {opt.param_groups[0]['lr']:.2e} {(now - last_log) / n_acc:.2f}s/step "
                      f"{progress(t0, a.minutes, step, first_step, a.steps)}",
                      flush=True)
                acc = {k: 0.0 for k in LOSS_KEYS}
                n_acc, last_log = 0, now
            if step % a.sample_every == 0:
                ev = evaluate(model, held, a.batch_frames)
                print(f"held-out step {step} " + " ".join(f"{k} {v:.4f}" for k, v in ev.items()), flush=True)
                write_samples(model, held, work, step, vocoder_path)
            if time.time() - last_save > a.save_minutes * 60:
                save()
                last_save = time.time()
            if step >= a.steps or (a.minutes and time.time() - t0 > a.minutes * 60) or stop.requested:
                done = True
                break
    save()
    print(f"stopped at step {step}", flush=True)


if __name__ == "__main__":
    main()
