"""Token durations learnt from the corpus itself: forward-sum aligner + monotonic search.

The acoustic model is trained with teacher-forced durations, and nothing but
transcripts and audio is available, so a small aligner learns them: a text
encoder and a mel encoder meet in a soft attention (frame -> token, scored by
negative squared distance plus a diagonal beta-binomial prior). It is trained
with the forward-sum objective: the total probability of every monotonic path
that gives each token, in order, at least one frame. Monotonic alignment
search then picks the single best of those same paths: every token gets at
least one frame (the engine also rounds durations up to one) and the
durations sum exactly to the mel's frame count.

Training uses only the training split; durations are then written for every
utterance to WORK_DIR/durations-<corpus>/<id>.npy (int32 [T]). Pitch variants
(corpus.read_variants) are neither trained on nor aligned: PSOLA moved their F0
and nothing else, so they get their source take's durations.

--by-voice VOICE aligns without training an aligner, for a corpus that a
voice already imitates closely (rms and its teacher flite: 3.0 dB MCD). The
voice speaks each text with its own predicted durations, its mel is warped onto
the take's by DTW (training/dtw.py), and each token gets the frames of the
take that its own frames map to. Fine-tuning that voice then keeps the timing
conventions it was trained with (which token holds a pause or a stop's
closure), and it costs a synthesis and a DTW per take instead of thousands of
aligner steps, which 2 busy cores do at 3.5 s each.

  /usr/bin/python3 -m training.align --corpus ../shared/data/kathleen-24k --minutes 20
  /usr/bin/python3 -m training.align --corpus ~/.cache/inflect-train/corpora/rms-24k-pitch --by-voice models/rms.gguf
  /usr/bin/python3 -m training.align --corpus ../shared/data/kathleen-24k --show arctic_a0001_1592748574
  /usr/bin/python3 -m training.align --corpus ../shared/data/kathleen-24k --stats
"""
import argparse
import os
import random
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

from . import checkpoint
from .batching import length_batches
from .dtw import dtw_path
from .corpus import (WORK_DIR, cached_audio_and_mels, corpus_key, heldout_file, read_heldout, read_metadata,
                    read_variants, split)
from .mel import HOP, N_MELS, SAMPLE_RATE
from .prepare_ids import load_ids
from .progress import progress
from .prosody import cached_frame_tracks

# The forward-sum is computed with CTC, whose blank ("this frame is no token")
# gets a negligible log-probability: if frames could escape to it, pauses would
# be explained by the blank, no token would learn to be silence, and the
# search, which has no blank, would hand the pause to a neighbouring phoneme.
NO_TOKEN_LOGPROB = -1e4


class Aligner(nn.Module):
    def __init__(self, vocab, tones, langs, dim=128, attn_dim=64):
        super().__init__()
        self.attn_dim = attn_dim
        self.phone = nn.Embedding(vocab, dim)
        self.tone = nn.Embedding(tones, dim)
        # The lang stream is what tells the utterance pads (silence) from the blanks.
        self.lang = nn.Embedding(langs, dim)
        # Each token's key depends on that token alone (no context): a blank
        # given its neighbours' look would compete with them for their frames
        # and split a vowel arbitrarily between itself and the blank beside it.
        self.text = nn.Sequential(
            nn.Conv1d(dim, dim, 1), nn.ReLU(),
            nn.Conv1d(dim, dim, 1), nn.ReLU(),
            nn.Conv1d(dim, attn_dim, 1))
        # The frame side does get context (about +-60 ms), so a stop's silent
        # closure can be recognised by the burst that follows it.
        self.audio = nn.Sequential(
            nn.Conv1d(N_MELS, dim, 5, padding=2), nn.ReLU(),
            nn.Conv1d(dim, dim, 5, padding=2), nn.ReLU(),
            nn.Conv1d(dim, dim, 5, padding=2), nn.ReLU(),
            nn.Conv1d(dim, attn_dim, 1))
        self.register_buffer("mel_mean", torch.zeros(N_MELS, 1))
        self.register_buffer("mel_std", torch.ones(N_MELS, 1))

    def forward(self, phone, tone, lang, mel, tok_mask, frame_mask, log_prior):
        """-> log-probabilities over tokens per frame [B, F, T] (padding tokens about -1e4)."""
        # Padding is zeroed on both sides so a batched utterance aligns exactly as it does alone.
        emb = (self.phone(phone) + self.tone(tone) + self.lang(lang)) * tok_mask[..., None]
        keys = self.text(emb.transpose(1, 2))
        queries = self.audio((mel - self.mel_mean) / self.mel_std * frame_mask[:, None, :])
        # ||q - k||^2 expanded, so no [B, F, T, D] tensor is ever built.
        d2 = ((queries ** 2).sum(1)[:, :, None] + (keys ** 2).sum(1)[:, None, :]
              - 2 * torch.bmm(queries.transpose(1, 2), keys))
        logits = -d2 / self.attn_dim + log_prior
        # Finite, not -inf: CTC's backward turns -inf inputs into NaN gradients.
        logits = logits.masked_fill(~tok_mask[:, None, :], -1e4)
        return torch.log_softmax(logits, dim=2)


def beta_binomial_log_prior(n_tokens, n_frames):
    """log P(token | frame) [F, T] favouring the diagonal: frame j of F draws token k of T from
    BetaBinomial(T-1, j, F-j+1), a broad band that only rules out wildly non-linear paths."""
    k = torch.arange(n_tokens, dtype=torch.float64)
    j = torch.arange(1, n_frames + 1, dtype=torch.float64)[:, None]
    n = float(n_tokens - 1)
    a, b = j, n_frames - j + 1

    def lbeta(x, y):
        return torch.lgamma(x) + torch.lgamma(y) - torch.lgamma(x + y)

    lchoose = torch.lgamma(torch.tensor(n + 1, dtype=torch.float64)) - torch.lgamma(k + 1) - torch.lgamma(n - k + 1)
    return (lchoose + lbeta(k + a, n - k + b) - lbeta(a, b)).to(torch.float32)


def forward_sum_loss(logp, n_tokens, n_frames):
    """-log of the total probability of all monotonic paths, per token (CTC with targets 1..T)."""
    B, Fm, T = logp.shape
    with_blank = torch.cat([torch.full_like(logp[:, :, :1], NO_TOKEN_LOGPROB), logp], dim=2)
    targets = torch.arange(1, T + 1)[None, :].expand(B, T)
    return F.ctc_loss(with_blank.transpose(0, 1), targets, n_frames, n_tokens, blank=0,
                      reduction="mean", zero_infinity=True)


def monotonic_alignment(logp):
    """Best monotonic path through logp [F, T] starting at token 0, ending at token T-1 and
    visiting every token: durations [T] (each >= 1, summing to F). Needs F >= T."""
    Fn, T = logp.shape
    if Fn < T:
        raise ValueError(f"{Fn} frames cannot cover {T} tokens")
    score = np.full(T, -np.inf)
    score[0] = logp[0, 0]
    advanced = np.zeros((Fn, T), dtype=bool)
    for f in range(1, Fn):
        moved = np.concatenate([[-np.inf], score[:-1]])
        advanced[f] = moved > score
        score = np.maximum(score, moved) + logp[f]
    durations = np.zeros(T, dtype=np.int32)
    t = T - 1
    for f in range(Fn - 1, -1, -1):
        durations[t] += 1
        if f and advanced[f, t]:
            t -= 1
    if t != 0:
        raise AssertionError("alignment path does not start at token 0")
    return durations


class Data:
    def __init__(self, utts, ids, mels):
        self.items = [(u.id, ids[u.id], mels[i]) for i, u in enumerate(utts)
                      if u.id in ids and mels[i].shape[1] >= len(ids[u.id]["phone"])]

    def collate(self, idx):
        items = [self.items[i] for i in idx]
        T = max(len(it[1]["phone"]) for it in items)
        Fm = max(it[2].shape[1] for it in items)
        B = len(items)
        phone = torch.zeros(B, T, dtype=torch.long)
        tone = torch.zeros(B, T, dtype=torch.long)
        lang = torch.zeros(B, T, dtype=torch.long)
        mel = torch.zeros(B, N_MELS, Fm)
        prior = torch.zeros(B, Fm, T)
        n_tok = torch.zeros(B, dtype=torch.long)
        n_fr = torch.zeros(B, dtype=torch.long)
        for b, (_, ids, m) in enumerate(items):
            t, f = len(ids["phone"]), m.shape[1]
            phone[b, :t] = torch.tensor(ids["phone"])
            tone[b, :t] = torch.tensor(ids["tone"])
            lang[b, :t] = torch.tensor(ids["lang"])
            mel[b, :, :f] = torch.from_numpy(m.astype(np.float32))
            prior[b, :f, :t] = beta_binomial_log_prior(t, f)
            n_tok[b], n_fr[b] = t, f
        tok_mask = torch.arange(T)[None, :] < n_tok[:, None]
        frame_mask = torch.arange(Fm)[None, :] < n_fr[:, None]
        return phone, tone, lang, mel, tok_mask, frame_mask, prior, n_tok, n_fr


def work_dir(corpus):
    return os.path.join(WORK_DIR, f"aligner-{corpus_key(corpus)}")


def durations_dir(corpus):
    return os.path.join(WORK_DIR, f"durations-{corpus_key(corpus)}")


def load_durations(corpus, uid):
    return np.load(os.path.join(durations_dir(corpus), uid + ".npy"))


def train(a, symbols, ids, train_utts):
    _, mels = cached_audio_and_mels(a.corpus, train_utts)
    data = Data(train_utts, ids, mels)
    tones = max(max(v["tone"]) for v in ids.values()) + 1
    langs = max(max(v["lang"]) for v in ids.values()) + 1
    model = Aligner(len(symbols), tones, langs)
    opt = torch.optim.AdamW(model.parameters(), a.lr)
    ckpt = os.path.join(work_dir(a.corpus), "checkpoint.pt")
    rng = random.Random(a.seed)
    torch.manual_seed(a.seed)
    step = 0
    ck = checkpoint.load(ckpt, needs=("model", "vocab"))
    if ck:
        model.load_state_dict(ck["model"])
        opt.load_state_dict(ck["opt"])
        step = ck["step"]
        checkpoint.restore_rng(ck, rng)
        print(f"resumed aligner at step {step}", flush=True)
    else:
        allm = np.concatenate([m.astype(np.float32) for m in mels], axis=1)
        model.mel_mean.copy_(torch.from_numpy(allm.mean(1, keepdims=True)))
        model.mel_std.copy_(torch.from_numpy(allm.std(1, keepdims=True)))

    def save():
        os.makedirs(work_dir(a.corpus), exist_ok=True)
        checkpoint.save(ckpt, {"model": model.state_dict(), "opt": opt.state_dict(), "step": step,
                               "vocab": len(symbols), "tones": tones, "langs": langs, **checkpoint.rng_state(rng)})

    print(f"aligner: {sum(p.numel() for p in model.parameters())} parameters, {len(data.items)} utterances",
          flush=True)
    t0 = last_save = time.time()
    first_step = step
    acc, n_acc, t_acc = 0.0, 0, time.time()
    while step < a.steps and not (a.minutes and time.time() - t0 > a.minutes * 60):
        for batch in length_batches([it[2].shape[1] for it in data.items], rng, a.batch_frames):
            phone, tone, lang, mel, tok_mask, frame_mask, prior, n_tok, n_fr = data.collate(batch)
            logp = model(phone, tone, lang, mel, tok_mask, frame_mask, prior)
            loss = forward_sum_loss(logp, n_tok, n_fr)
            opt.zero_grad(set_to_none=True)
            loss.backward()
            nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            opt.step()
            step += 1
            acc, n_acc = acc + float(loss), n_acc + 1
            if step % 50 == 0:
                now = time.time()
                print(f"step {step} forward-sum {acc / n_acc:.4f} {(now - t_acc) / n_acc:.2f}s/step "
                      f"{progress(t0, a.minutes, step, first_step, a.steps)}", flush=True)
                acc, n_acc, t_acc = 0.0, 0, now
            if time.time() - last_save > 180:
                save()
                last_save = time.time()
            if step >= a.steps or (a.minutes and time.time() - t0 > a.minutes * 60):
                break
    save()
    print(f"aligner stopped at step {step}", flush=True)
    return model


def dump(a, model, ids, utts):
    """Hard durations for every utterance with ids; returns how many were written."""
    _, mels = cached_audio_and_mels(a.corpus, utts)
    out = durations_dir(a.corpus)
    os.makedirs(out, exist_ok=True)
    model.eval()
    n = 0
    with torch.no_grad():
        for u, m in zip(utts, mels):
            if u.id not in ids or m.shape[1] < len(ids[u.id]["phone"]):
                continue
            data = Data([u], ids, [m])
            phone, tone, lang, mel, tok_mask, frame_mask, prior, _, _ = data.collate([0])
            logp = model(phone, tone, lang, mel, tok_mask, frame_mask, prior)[0].double().numpy()
            d = monotonic_alignment(logp)
            assert d.sum() == m.shape[1]
            np.save(os.path.join(out, u.id + ".npy"), d)
            n += 1
    return n


def warp_durations(pred, path_pred, path_take, n_take):
    """Token durations on the take from the voice's durations `pred` [T] and a DTW path between the
    voice's frames and the take's: a token starts at the first take frame its first frame maps to.
    Every token keeps at least one frame, as the aligner's search gives (frames taken from the
    longest token nearest to it); the sum is n_take."""
    first = np.full(int(pred.sum()) + 1, n_take, dtype=np.int64)
    # Take frame where each voice frame first appears on the path; path indices are non-decreasing.
    np.minimum.at(first, path_pred, path_take)
    first[0] = 0
    starts = first[np.concatenate([[0], np.cumsum(pred)[:-1]])]
    ends = np.concatenate([starts[1:], [n_take]])
    d = np.maximum(ends - starts, 0).astype(np.int64)
    for t in np.flatnonzero(d == 0):
        # The nearest token that can spare a frame, ties to the longer one.
        donors = [u for u in range(len(d)) if d[u] > 1]
        u = min(donors, key=lambda u: (abs(u - t), -d[u]))
        d[u] -= 1
        d[t] += 1
    if d.sum() != n_take or d.min() < 1:
        raise AssertionError("warped durations do not cover the take")
    return d.astype(np.int32)


def voice_durations(a, symbols, ids, utts):
    """Durations of every take by synthesis with a voice and DTW (--by-voice); returns how many."""
    from .voice_torch import load_voice
    voice = load_voice(a.by_voice)
    row = {sym: i for i, sym in enumerate(voice.symbols)}
    missing = sorted(set(symbols) - set(row))
    _, mels = cached_audio_and_mels(a.corpus, utts)
    out = durations_dir(a.corpus)
    os.makedirs(out, exist_ok=True)
    n, t0 = 0, time.time()
    with torch.no_grad():
        for u, m in zip(utts, mels):
            if u.id not in ids or m.shape[1] < len(ids[u.id]["phone"]):
                continue
            tok = ids[u.id]
            if any(s in missing for s in tok["symbols"]):
                raise ValueError(f"{u.id}: symbols {missing} are not in {a.by_voice}")
            phone = torch.tensor([row[s] for s in tok["symbols"]])
            pred, mel = voice.acoustic.infer(phone, torch.tensor(tok["tone"]), torch.tensor(tok["lang"]))
            pa, pb = dtw_path(mel.numpy().T, m.astype(np.float32).T)
            d = warp_durations(pred.numpy(), pa, pb, m.shape[1])
            np.save(os.path.join(out, u.id + ".npy"), d)
            n += 1
            if n % 200 == 0:
                print(f"{n}/{len(utts)} takes aligned by {os.path.basename(a.by_voice)}, "
                      f"{time.time() - t0:.0f} s", flush=True)
    return n


def show(a, uid, symbols, ids):
    u = next(x for x in read_metadata(a.corpus) if x.id == uid)
    d = load_durations(a.corpus, uid)
    tr = cached_frame_tracks(a.corpus, [u])[uid]
    s = ids[uid]
    print(f"{uid}: {u.text}")
    print(f"{len(d)} tokens, {d.sum()} frames = {d.sum() * HOP / SAMPLE_RATE:.3f} s")
    print(f"{'tok':>4} {'symbol':>6} {'tone':>4} {'frames':>6} {'start':>7} {'end':>7} {'energy':>6} {'voiced':>6}")
    start = 0
    for i, (sym, tone, n) in enumerate(zip(s["symbols"], s["tone"], d)):
        e = tr["energy"][start:start + n].mean()
        v = (tr["f0"][start:start + n] > 0).mean()
        print(f"{i:4d} {sym!r:>6} {tone:4d} {n:6d} {start * HOP / SAMPLE_RATE:7.3f} "
              f"{(start + n) * HOP / SAMPLE_RATE:7.3f} {e:6.2f} {v:6.2f}")
        start += n


def stats(a, symbols, ids):
    """Per-symbol duration, energy and voicing over all dumped utterances: a plausibility check."""
    utts = [u for u in read_metadata(a.corpus) if os.path.exists(os.path.join(durations_dir(a.corpus), u.id + ".npy"))]
    tracks = cached_frame_tracks(a.corpus, utts)
    per = {}
    silent_frames = {"blank/pad/pause": 0, "phoneme": 0}
    for u in utts:
        d = load_durations(a.corpus, u.id)
        tr = tracks[u.id]
        quiet = tr["energy"] < np.percentile(tr["energy"], 10)
        start = 0
        for pos, (sym, n) in enumerate(zip(ids[u.id]["symbols"], d)):
            kind = "blank" if pos % 2 == 0 else sym
            r = per.setdefault(kind, [0, 0, 0.0, 0.0, 0.0])
            r[0] += 1
            r[1] += n
            r[2] += float(tr["energy"][start:start + n].sum())
            r[3] += float((tr["f0"][start:start + n] > 0).sum())
            r[4] += float(tr["bright"][start:start + n].sum())
            q = int(quiet[start:start + n].sum())
            silent_frames["blank/pad/pause" if kind in ("blank", "_", " ", ",", ".", "?", "!", "…") else "phoneme"] += q
            start += n
    print(f"{'symbol':>8} {'count':>6} {'mean frames':>11} {'energy':>7} {'voiced':>6} {'bright':>6}")
    for sym, (c, n, e, v, b) in sorted(per.items(), key=lambda kv: -kv[1][1] / kv[1][0]):
        print(f"{sym!r:>8} {c:6d} {n / c:11.2f} {e / max(n, 1):7.2f} {v / max(n, 1):6.2f} {b / max(n, 1):6.3f}")
    total = sum(silent_frames.values())
    print("quietest 10% of frames of each utterance fall on: " + ", ".join(
        f"{k} {100 * v / total:.1f}%" for k, v in silent_frames.items()))


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--corpus", required=True)
    p.add_argument("--heldout", default=None, help="held-out prompt ids (default: the corpus's heldout.txt, else splits/<corpus>-heldout.txt)")
    p.add_argument("--minutes", type=float, default=0, help="training time limit (0: none)")
    p.add_argument("--steps", type=int, default=4000, help="train the aligner up to this many steps")
    p.add_argument("--batch-frames", type=int, default=4000, help="padded mel frames per batch")
    p.add_argument("--lr", type=float, default=1e-3)
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--seed", type=int, default=1234)
    p.add_argument("--show", metavar="ID", help="print one utterance's alignment and exit")
    p.add_argument("--stats", action="store_true", help="print per-symbol alignment statistics and exit")
    p.add_argument("--by-voice", metavar="VOICE",
                   help="no aligner: warp this voice's own durations onto each take by DTW")
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    symbols, ids = load_ids(a.corpus)
    if a.show:
        show(a, a.show, symbols, ids)
        return
    if a.stats:
        stats(a, symbols, ids)
        return
    key = corpus_key(a.corpus)
    variants = read_variants(a.corpus)
    utts = [u for u in read_metadata(a.corpus) if u.id not in variants]
    train_utts, _ = split(utts, read_heldout(heldout_file(a.corpus, a.heldout)))
    if a.by_voice:
        # Held-out takes too: the trainer scores them teacher-forced, as with the aligner's durations.
        n = voice_durations(a, symbols, ids, utts)
    else:
        model = train(a, symbols, ids, train_utts)
        n = dump(a, model, ids, utts)
    print(f"durations of {n} utterances -> {durations_dir(a.corpus)}", flush=True)
    if variants:
        n = copy_variant_durations(a.corpus, variants)
        print(f"durations of {n} pitch variants copied from their sources", flush=True)


def copy_variant_durations(corpus, variants):
    """Each variant gets its source's durations, once its mel is seen to be exactly as long."""
    out = durations_dir(corpus)
    have = {u.id: u for u in read_metadata(corpus)}
    todo = [(have[v], src) for v, src in variants.items()
            if v in have and os.path.exists(os.path.join(out, src + ".npy"))]
    _, mels = cached_audio_and_mels(corpus, [u for u, _ in todo])
    for (u, src), m in zip(todo, mels):
        d = load_durations(corpus, src)
        if d.sum() != m.shape[1]:
            raise ValueError(f"{u.id}: {m.shape[1]} frames, its source {src} {d.sum()}; remake the variant")
        np.save(os.path.join(out, u.id + ".npy"), d)
    return len(todo)


if __name__ == "__main__":
    main()
