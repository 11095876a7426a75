"""Train the HiFi-GAN/Snake vocoder as a GAN on an LJSpeech-style corpus.

Resumable: the full state (generator, critics, optimisers, step, RNG) lives in
--work (default ~/.cache/inflect-train/vocoder-<corpus>) and a rerun continues
from it. With no checkpoint there, --init-voice warm-starts the generator from
a shipped voice file; its critics then start from scratch, so for the first
--critic-warmup steps only they learn, and the generator is not pushed
about by critics that cannot yet tell speech from its imitation. Samples of
held-out speech are written every --sample-every steps so progress can be
heard, not only read off a loss.
Beside the generator the checkpoint keeps its moving average over about
1 / (1 - --ema) steps (checkpoint.py, Ema), which smooths the adversarial
wander between saves; `python3 -m training.checkpoint ema OUT CHECKPOINT`
takes it out for release_voice.

--full-band CORPUS mixes in full-band recordings given band-limited mels, so
a vocoder for a band-limited corpus learns to fill the band above it
(training/bandwidth.py).

  /usr/bin/python3 -m training.train_vocoder --corpus ../shared/data/kathleen-24k
"""
import argparse
import contextlib
import os
import random
import time

import numpy as np
import torch
import torch.nn.functional as F

from . import bandwidth, checkpoint
from .autocorr_loss import AutocorrelationLoss
from .comb_loss import HopCombLoss
from .periodicity_loss import PeriodicityLoss
from .corpus import (WORK_DIR, cached_audio_and_mels, corpus_key, heldout_file, read_heldout, read_metadata,
                     read_variants, split)
from .discriminators import Critics, critic_loss, feature_matching_loss, generator_adv_loss
from .mel import HOP, LogMel, SAMPLE_RATE
from .progress import progress
from .stft_loss import MultiResolutionSTFTLoss
from .stopping import StopRequest
from .vocoder import Generator, VocoderConfig, load_folded



def parse_args():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--corpus", required=True, help="folder with metadata.csv and wavs/")
    p.add_argument("--heldout", default=None, help="held-out prompt ids (default: the corpus's heldout.txt, else splits/<corpus>-heldout.txt)")
    p.add_argument("--work", default=None, help="checkpoint folder")
    p.add_argument("--init-voice", default=None, help="voice .gguf to warm-start from when no checkpoint exists")
    p.add_argument("--mels", default=None, help="folder of <id>.npy ground-truth-aligned mels to fine-tune on")
    p.add_argument("--steps", type=int, default=1000000, help="stop after this many total steps")
    p.add_argument("--minutes", type=float, default=0, help="stop after this many minutes (0: no limit)")
    p.add_argument("--batch", type=int, default=8)
    p.add_argument("--frames", type=int, default=32, help="mel frames per training segment")
    p.add_argument("--lr", type=float, default=2e-4)
    p.add_argument("--stft-weight", type=float, default=15.0,
                   help="weight of the linear-spectrum loss that sees the frame-rate comb (0: mel loss only)")
    # 10: on rms it met the comb and line targets within 600 steps (models/rms.md).
    p.add_argument("--comb-weight", type=float, default=10.0,
                   help="weight of the hop-synchronous comb and upsampler-line loss (training/comb_loss.py; 0: off)")
    # 50: on rms, 1,000 steps with it from the comb run's step 3,600 took the F0 span from 3.8 back to 5.2
    # semitones and periodicity from 0.092 to 0.087, comb and lines still within target (models/rms.md).
    p.add_argument("--autocorr-weight", type=float, default=50.0,
                   help="weight of the pitch and periodicity loss (training/autocorr_loss.py; 0: off)")
    # Off by default: on rms, weight 40 took the voice's periodicity through the gate from 0.081 to 0.068 and
    # 0.067 (target 0.072) in 754 and 1,054 steps, but its WER from 11.5% to 12.3% and 13.0%; 258 steps more
    # with it off brought the WER back to 11.9% at periodicity 0.069 (models/rms.md, 2026-12-07). A burst
    # should not spend its minutes on that two-stage recipe unless asked to.
    p.add_argument("--periodicity-weight", type=float, default=0.0,
                   help="weight of the loss on the gate's hoarseness measure (training/periodicity_loss.py; 0: off)")
    p.add_argument("--full-band", default=None,
                   help="corpus of full-band recordings, given the mels of their audio limited to --corpus's band, "
                        "that teach the generator to fill the band above it (training/bandwidth.py)")
    p.add_argument("--full-band-share", type=float, default=0.25, help="share of each batch from --full-band")
    p.add_argument("--ema", type=float, default=0.998,
                   help="decay of the generator's moving average, kept in the checkpoint beside it "
                        "(training/checkpoint.py, Ema; released with `python3 -m training.checkpoint ema`)")
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--critic-warmup", type=int, default=200,
                   help="after a warm start from --init-voice, steps that train only the fresh critics "
                        "(not counted as steps)")
    p.add_argument("--seed", type=int, default=1234)
    p.add_argument("--save-every", type=int, default=200)
    p.add_argument("--sample-every", type=int, default=1000)
    p.add_argument("--device", default="cuda" if torch.cuda.is_available() else "cpu")
    p.add_argument("--amp", action="store_true",
                   help="mixed precision (bfloat16 autocast) on CUDA; spectra and losses stay float32")
    a = p.parse_args()
    if a.amp and not a.device.startswith("cuda"):
        p.error("--amp needs a CUDA device")
    if not 0.0 <= a.ema <= 1.0:
        p.error(f"--ema {a.ema}: a decay is 0 to 1")
    if a.full_band and not 1 <= round(a.full_band_share * a.batch) < a.batch:
        p.error(f"--full-band-share {a.full_band_share} gives {round(a.full_band_share * a.batch)} of "
                f"{a.batch} takes a batch to --full-band; each corpus needs at least one")
    return a


class Segments:
    """Random aligned (mel, audio) windows; audio for frames [s, s+n) is samples [s*hop, (s+n)*hop)."""

    def __init__(self, wavs, mels, frames, rng):
        keep = [i for i, m in enumerate(mels) if m.shape[1] > frames + 1]
        self.wavs = [wavs[i] for i in keep]
        self.mels = [mels[i] for i in keep]
        self.frames = frames
        self.rng = rng
        lengths = np.array([m.shape[1] for m in self.mels], dtype=np.float64)
        self.p = lengths / lengths.sum()

    def batch(self, n):
        mel_b, wav_b = [], []
        for i in self.rng.choice(len(self.mels), size=n, p=self.p):
            m, w = self.mels[i], self.wavs[i]
            s = int(self.rng.integers(0, m.shape[1] - self.frames))
            mel_b.append(m[:, s:s + self.frames].astype(np.float32))
            seg = w[s * HOP:(s + self.frames) * HOP].astype(np.float32) / 32768.0
            seg = np.pad(seg, (0, self.frames * HOP - seg.size))
            wav_b.append(seg)
        return torch.from_numpy(np.stack(mel_b)), torch.from_numpy(np.stack(wav_b))[:, None]


def main():
    a = parse_args()
    torch.set_num_threads(a.threads)
    key = corpus_key(a.corpus)
    work = a.work or os.path.join(WORK_DIR, f"vocoder-{key}")
    os.makedirs(os.path.join(work, "samples"), exist_ok=True)

    # Audio may be absent where its features are cached (a GPU burst's bundle carries only those).
    utts = read_metadata(a.corpus, need_audio=False)
    train, held = split(utts, read_heldout(heldout_file(a.corpus, a.heldout)), read_variants(a.corpus))
    print(f"corpus {key}: {len(train)} training takes, {len(held)} held out", flush=True)
    wavs, mels = cached_audio_and_mels(a.corpus, train)
    if a.mels:
        # Fine-tuning on the acoustic model's ground-truth-aligned mels: same audio, predicted features.
        # Takes the frontend could not read as one utterance have no GTA mel and are left out.
        have = [i for i, u in enumerate(train) if os.path.exists(os.path.join(a.mels, u.id + ".npy"))]
        if not have:
            raise SystemExit(f"--mels {a.mels}: no <id>.npy of this corpus's training takes there "
                             f"(made by train_acoustic --dump-gta)")
        wavs = [wavs[i] for i in have]
        mels = [np.load(os.path.join(a.mels, train[i].id + ".npy")).astype(np.float16) for i in have]
    held_wavs, held_mels = cached_audio_and_mels(a.corpus, held[:3])

    dev = torch.device(a.device)
    gen = Generator(VocoderConfig()).to(dev)
    critics = Critics().to(dev)
    opt_g = torch.optim.AdamW(gen.parameters(), a.lr, betas=(0.8, 0.99))
    opt_d = torch.optim.AdamW(critics.parameters(), a.lr, betas=(0.8, 0.99))
    logmel = LogMel().to(dev)
    stft_loss = MultiResolutionSTFTLoss().to(dev)
    comb_loss = HopCombLoss().to(dev)
    autocorr_loss = AutocorrelationLoss().to(dev)
    periodicity_loss = PeriodicityLoss().to(dev)

    ckpt_path = os.path.join(work, "checkpoint.pt")
    step = 0
    rng = np.random.default_rng(a.seed)
    torch.manual_seed(a.seed)
    random.seed(a.seed)
    ck = checkpoint.load(ckpt_path, dev, needs=("generator", "critics", "config"))
    critic_warmup = 0
    # CPU seconds and GPU steps of every run, and of the voice warm-started from, for the model card
    accounting = checkpoint.Accounting(ck, dev, a.init_voice and checkpoint.voice_history(a.init_voice, "vocoder"))
    if ck:
        gen.load_state_dict(ck["generator"])
        critics.load_state_dict(ck["critics"])
        # A burst's slim checkpoint (training/burst.py) carries no optimiser state: Adam starts afresh.
        fresh = not checkpoint.restore_optimisers(ck, opt_g=opt_g, opt_d=opt_d)
        # The optimisers' state carries the learning rate they were saved with; a
        # run resumed with another --lr (to anneal) means the new one.
        for opt in (opt_g, opt_d):
            for group in opt.param_groups:
                group["lr"] = a.lr
        step = ck["step"]
        checkpoint.restore_rng(ck, rng)
        print(f"resumed from {ckpt_path} at step {step}" + (" (fresh optimisers)" if fresh else ""), flush=True)
    elif a.init_voice:
        from .gguf import read_voice_tensors
        load_folded(gen, read_voice_tensors(a.init_voice, "vocoder."))
        print(f"warm-started generator from {a.init_voice}", flush=True)
        critic_warmup = a.critic_warmup
    # A checkpoint from before the average existed starts it at the generator as it is.
    ema = checkpoint.Ema(gen, a.ema, ck.get("ema") if ck else None)

    data = Segments(wavs, mels, a.frames, rng)
    full_band = None
    if a.full_band:
        fb_train, _ = split(read_metadata(a.full_band, need_audio=False),
                            read_heldout(heldout_file(a.full_band)), read_variants(a.full_band))
        fb_wavs, _ = cached_audio_and_mels(a.full_band, fb_train)
        cache = os.path.join(WORK_DIR, "features", bandwidth.cache_name(corpus_key(a.full_band)))
        full_band = Segments(fb_wavs, bandwidth.band_limited_mels(cache, [u.id for u in fb_train], fb_wavs),
                             a.frames, rng)
        print(f"full band from {corpus_key(a.full_band)}: {len(fb_train)} takes, "
              f"{a.full_band_share:.0%} of each batch", flush=True)

    n_full = round(a.full_band_share * a.batch) if full_band else 0
    lowpass = bandwidth.LowPass().to(dev)

    def batch():
        """(mel, audio, limited): limited[i] is true where take i is from the band-limited --corpus."""
        mel, wav = data.batch(a.batch - n_full)
        if n_full:
            fb_mel, fb_wav = full_band.batch(n_full)
            mel, wav = torch.cat([mel, fb_mel]), torch.cat([wav, fb_wav])
        limited = torch.arange(a.batch) < a.batch - n_full
        return mel.to(dev), wav.to(dev), limited.to(dev)

    def save():
        checkpoint.save(ckpt_path, {"generator": gen.state_dict(), "critics": critics.state_dict(),
                                    "opt_g": opt_g.state_dict(), "opt_d": opt_d.state_dict(), "step": step,
                                    "ema": ema.to_checkpoint(),
                                    "config": gen.cfg.to_dict(), **checkpoint.rng_state(rng),
                                    **accounting.totals(step)})

    def write_samples():
        if not held_mels:
            return
        import soundfile as sf
        gen.eval()
        with torch.no_grad():
            for i, m in enumerate(held_mels):
                y = gen(torch.from_numpy(m.astype(np.float32))[None].to(dev))[0, 0].cpu().numpy()
                sf.write(os.path.join(work, "samples", f"step{step:07d}-{i}.wav"), y, SAMPLE_RATE)
        gen.train()

    # bfloat16 needs no loss scaling; the critics' spectra and the mel loss are taken in float32.
    amp = torch.autocast("cuda", dtype=torch.bfloat16) if a.amp else contextlib.nullcontext()
    stop = StopRequest()
    t0 = time.time()
    first_step = step
    last = t0
    acc = {}

    def critic_step(generator_learns=True):
        """One step of the critics on a fresh batch: (its real audio, the generator's, the critics' loss)."""
        mel, wav, limited = batch()
        with amp, torch.set_grad_enabled(generator_learns):
            fake = gen(mel).float()
        if full_band:
            wav, fake = bandwidth.seen(wav, limited, lowpass), bandwidth.seen(fake, limited, lowpass)
        opt_d.zero_grad(set_to_none=True)
        with amp:
            loss_d = critic_loss(critics(wav), critics(fake.detach()))
        loss_d.backward()
        opt_d.step()
        return wav, fake, loss_d

    # Fresh critics beside a trained generator: their first judgements are noise, and the
    # feature-matching and adversarial gradients they give would pull the generator off what it
    # learnt. They catch up alone first; the generator and its average stay as loaded.
    for i in range(critic_warmup):
        if stop.requested or (a.minutes and time.time() - t0 > a.minutes * 60):
            break
        _, _, loss_d = critic_step(generator_learns=False)
        if (i + 1) % 50 == 0 or i + 1 == critic_warmup:
            print(f"critic warm-up {i + 1}/{critic_warmup}: d {float(loss_d):.3f}", flush=True)
    last = time.time()  # the first report's seconds a step are the generator's steps alone
    while step < a.steps and not stop.requested:
        wav, fake, loss_d = critic_step()

        opt_g.zero_grad(set_to_none=True)
        with amp:
            real_out = critics(wav)
            fake_out = critics(fake)
            loss_adv = generator_adv_loss(fake_out)
            loss_fm = feature_matching_loss(real_out, fake_out)
        loss_mel = F.l1_loss(logmel(fake[:, 0]), logmel(wav[:, 0]))
        loss_stft = stft_loss(fake[:, 0], wav[:, 0]) if a.stft_weight else torch.zeros(())
        loss_comb = comb_loss(fake[:, 0], wav[:, 0]) if a.comb_weight else torch.zeros(())
        loss_ac = autocorr_loss(fake[:, 0], wav[:, 0]) if a.autocorr_weight else torch.zeros(())
        loss_per = periodicity_loss(fake[:, 0], wav[:, 0]) if a.periodicity_weight else torch.zeros(())
        loss_g = (45.0 * loss_mel + a.stft_weight * loss_stft + a.comb_weight * loss_comb
                  + a.autocorr_weight * loss_ac + a.periodicity_weight * loss_per
                  + loss_adv.float() + 2.0 * loss_fm.float())
        loss_g.backward()
        torch.nn.utils.clip_grad_norm_(gen.parameters(), 100.0)
        opt_g.step()
        ema.update(gen)
        step += 1

        for k, v in (("mel", loss_mel), ("stft", loss_stft), ("comb", loss_comb), ("ac", loss_ac), ("per", loss_per),
                     ("adv", loss_adv), ("fm", loss_fm), ("d", loss_d)):
            acc[k] = acc.get(k, 0.0) + float(v)
        if step % 50 == 0:
            # Means over the steps since the last report: fewer than 50 after a resume off the fifties.
            now, n = time.time(), step - max(first_step, step - 50)
            msg = " ".join(f"{k} {v / n:.3f}" for k, v in acc.items())
            print(f"step {step} {msg} {(now - last) / n:.2f}s/step "
                  f"{progress(t0, a.minutes, step, first_step, a.steps)}", flush=True)
            acc, last = {}, now
        if step % a.save_every == 0:
            save()
        if step % a.sample_every == 0:
            write_samples()
        if a.minutes and time.time() - t0 > a.minutes * 60:
            break
    save()
    write_samples()
    print(f"stopped at step {step}", flush=True)


if __name__ == "__main__":
    main()
