#!/usr/bin/python3
"""A CPU dry run of training/gpu_burst.sh, so the GPU burst never rots between GPUs.

  /usr/bin/python3 tests/test_gpu_burst.py INFLECT_SAY VOICE.gguf

Everything real and small: inflect-say reads six sentences with a shipped
voice into a corpus in a temporary folder; the engine's frontend makes the
ids, prosody.py the F0 tracks, align.py (two steps) the durations; burst.py
bundles them; gpu_burst.sh trains two steps of each model on the CPU from the
bundle, warm-started from the voice. Its slim checkpoints then go back where
the trainers keep theirs, and a second bundle and burst resume from them.
The vocoder's moving average (checkpoint.Ema) rides along: at decay 0 in the
first burst it is the generator itself, at the default in the second it
is not, and `checkpoint ema` makes a checkpoint release_voice loads.
Exit 77 (skip) without PyTorch or soundfile.
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile

from checks import check, finish
from skip import skip

TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TRAINING = os.path.join(TOP, "training")
try:
    import soundfile  # noqa: F401  (the corpus tools read and write audio with it)
    import torch
except ImportError as e:
    skip(str(e))

SENTENCES = (
    "The boat drifted slowly toward the shore.",
    "She counted seven birds on the wire.",
    "Nobody expected the rain to stop so soon.",
    "A warm light filled the empty kitchen.",
    "He wrote the answer on a scrap of paper.",
    "The old clock struck nine at last.",
)
# Held out: it must reach neither a trainer nor a bundle.
HELD = ("tiny-held", "Their letters never reached the island.")


def run(cmd, env, what, expect=0):
    p = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=600)
    if p.returncode != expect:
        print(p.stdout[-3000:] + p.stderr[-3000:], file=sys.stderr)
        check(False, f"{what}: exit {p.returncode}, expected {expect}")
    return p


def check_moving_average(checkpoint, first, second, tmp):
    """first: a burst at --ema 0; second: resumed from it at the default decay."""
    same = all(torch.equal(first["ema"]["state"][k], t) for k, t in first["generator"].items())
    check(first["ema"]["decay"] == 0.0 and same, "at decay 0 the moving average is the generator")
    moved = any(not torch.equal(second["ema"]["state"][k], t) for k, t in second["generator"].items()
                if t.is_floating_point())
    check(second["ema"]["decay"] == 0.998 and moved, "at decay 0.998 the moving average lags the generator")
    # One update by hand: decay x average + (1 - decay) x weights; integer buffers follow the model.
    model = torch.nn.Sequential(torch.nn.Linear(2, 2), torch.nn.BatchNorm1d(2))
    ema = checkpoint.Ema(model, 0.75)
    before = model[0].weight.detach().clone()
    with torch.no_grad():
        model[0].weight.add_(4.0)
    model[1].num_batches_tracked += 3
    ema.update(model)
    check(torch.allclose(ema.state["0.weight"], before + 1.0) and int(ema.state["1.num_batches_tracked"]) == 3,
          "one update of the moving average")
    path = os.path.join(tmp, "vocoder2.pt")
    out = os.path.join(tmp, "ema.pt")
    check(checkpoint.release_ema(path, out) == 0.998, "checkpoint ema returns the decay")
    released = torch.load(out, map_location="cpu")
    check("ema" not in released and not checkpoint.has_optimisers(released)
          and all(torch.equal(released["generator"][k], t) for k, t in second["ema"]["state"].items()),
          "checkpoint ema: a slim checkpoint whose generator is the moving average")
    from training.release_voice import load_vocoder
    _, record = load_vocoder(out)
    check(record["ema_decay"] == 0.998 and record["step"] == checkpoint.history(second)["step"],
          "release_voice reads it, with the steps behind it")


def main():
    say, voice = sys.argv[1], sys.argv[2]
    name = os.path.splitext(os.path.basename(voice))[0]
    with open(os.path.splitext(voice)[0] + ".json", encoding="utf-8") as f:
        record = json.load(f)
    py = sys.executable
    with tempfile.TemporaryDirectory(prefix="inflect-burst-test-") as tmp:
        corpus = os.path.join(tmp, "burst-tiny")
        os.makedirs(os.path.join(corpus, "wavs"))
        with open(os.path.join(corpus, "metadata.csv"), "w", encoding="utf-8") as f:
            for uid, text in [(f"tiny-{i:02d}", t) for i, t in enumerate(SENTENCES)] + [HELD]:
                subprocess.run([say, "--voice", voice, "-o", os.path.join(corpus, "wavs", uid + ".wav"), "--", text],
                               check=True, timeout=120)
                f.write(f"{uid}|{text}\n")
        work = os.path.join(tmp, "work")
        # PYTHONPATH: `python3 -m training.<tool>` runs this tree's training package, not another one.
        env = dict(os.environ, INFLECT_WORK=work, PYTHON=py, OMP_NUM_THREADS="1", PYTHONPATH=TOP, PYTHONSAFEPATH="1")
        run([py, "-m", "training.prepare_ids", "--corpus", corpus, "--say", say], env, "prepare_ids")
        run([py, "-m", "training.prosody", "--corpus", corpus], env, "prosody")
        # A corpus without a held-out list is refused: its voice could not be scored fairly.
        p = run([py, "-m", "training.align", "--corpus", corpus, "--steps", "2"], env, "align without a held-out list",
                expect=1)
        check("no held-out list" in p.stderr, f"align without a held-out list: {p.stderr[-200:]!r}")
        with open(os.path.join(corpus, "heldout.txt"), "w", encoding="utf-8") as f:
            f.write(HELD[0] + "\n")
        run([py, "-m", "training.align", "--corpus", corpus, "--steps", "2"], env, "align")

        # The trainers refuse mixed precision off CUDA rather than silently run in full precision.
        for trainer in ("train_vocoder", "train_acoustic"):
            p = run([py, "-m", f"training.{trainer}", "--corpus", corpus, "--device", "cpu", "--amp"], env,
                    f"{trainer} --amp on the CPU", expect=2)
            check("--amp needs a CUDA device" in p.stderr, f"{trainer} --amp on the CPU: {p.stderr[-200:]!r}")

        steps = {}
        for burst in (1, 2):
            bundle = os.path.join(tmp, f"bundle{burst}")
            out = os.path.join(tmp, f"out{burst}")
            run([py, "-m", "training.burst", "bundle", "--corpus", corpus, "--out", bundle,
                 "--max-mib", "40", "--voice", name], env, f"bundle {burst}")
            with open(os.path.join(bundle, "bundle.json"), encoding="utf-8") as f:
                info = json.load(f)
            check(info["takes"] == len(SENTENCES) and info["acoustic"], f"bundle {burst}: {info}")
            with open(os.path.join(bundle, "corpus", "burst-tiny", "metadata.csv"), encoding="utf-8") as f:
                check(HELD[0] not in f.read(), f"bundle {burst}: the held-out take is in it")
            check(os.path.exists(os.path.join(bundle, "corpus", "burst-tiny", "heldout.txt")),
                  f"bundle {burst}: its corpus has no held-out list")
            ema = " --ema 0" if burst == 1 else ""
            run([os.path.join(TRAINING, "gpu_burst.sh"), "--bundle", bundle, "--out", out, "--steps", "2",
                 "--device", "cpu", "--vocoder-args", "--batch 2 --frames 16 --threads 1 --critic-warmup 2" + ema,
                 "--acoustic-args", "--batch-frames 600 --threads 1"], env, f"burst {burst}")
            for part in ("vocoder", "acoustic"):
                path = os.path.join(out, part + ".pt")
                if not os.path.exists(path):
                    check(False, f"burst {burst}: no {part}.pt")
                    continue
                ck = torch.load(path, map_location="cpu")
                steps[part, burst] = ck["step"]
                check(not any(k.startswith("opt") for k in ck), f"burst {burst}: {part}.pt keeps optimiser state")
                check(ck.get("gpu_steps") == 0, f"burst {burst}: {part}.pt counts {ck.get('gpu_steps')} GPU steps")
                # Warm-started from the shipped voice: the work behind it is carried for its model card.
                check(ck.get("warm_start", {}).get("step") == record[f"{part}_steps"] > 0,
                      f"burst {burst}: {part}.pt carries {ck.get('warm_start')}, the voice has "
                      f"{record[f'{part}_steps']} steps")
                kept = os.path.join(tmp, f"{part}{burst}.pt")
                shutil.copyfile(path, kept)
                # Back where the trainers keep their checkpoints, as docs/training.md says.
                os.makedirs(os.path.join(work, f"{part}-burst-tiny"), exist_ok=True)
                os.replace(path, os.path.join(work, f"{part}-burst-tiny", "checkpoint.pt"))
        for part in ("vocoder", "acoustic"):
            check(steps.get((part, 1)) == 2 and steps.get((part, 2)) == 4,
                  f"{part}: steps after the two bursts {steps.get((part, 1))}, {steps.get((part, 2))}; expected 2, 4")
        # Fine-tuning on ground-truth-aligned mels: the acoustic model's teacher-forced mels of the training
        # takes, checked against the takes' timing, then vocoder steps on them.
        gta = os.path.join(tmp, "gta")
        p = run([py, "-m", "training.train_acoustic", "--corpus", corpus, "--dump-gta", gta, "--threads", "1"], env,
                "--dump-gta")
        check("keep their takes' timing within" in p.stdout, f"--dump-gta reports no timing check: {p.stdout[-300:]!r}")
        dumped = sorted(f[:-4] for f in os.listdir(gta)) if os.path.isdir(gta) else []
        check(dumped == [f"tiny-{i:02d}" for i in range(len(SENTENCES))], f"--dump-gta wrote {dumped}")
        run([py, "-m", "training.train_vocoder", "--corpus", corpus, "--mels", gta, "--steps", "6", "--batch", "2",
             "--frames", "16", "--threads", "1", "--device", "cpu"], env, "train_vocoder --mels")
        ck = torch.load(os.path.join(work, "vocoder-burst-tiny", "checkpoint.pt"), map_location="cpu")
        check(ck["step"] == 6, f"train_vocoder --mels: step {ck['step']}, expected 6")
        # Resumed with another --lr, the run takes it (the optimisers' saved state has the old one).
        run([py, "-m", "training.train_vocoder", "--corpus", corpus, "--mels", gta, "--steps", "7", "--batch", "2",
             "--frames", "16", "--threads", "1", "--device", "cpu", "--lr", "3e-5"], env, "train_vocoder --lr on resume")
        ck = torch.load(os.path.join(work, "vocoder-burst-tiny", "checkpoint.pt"), map_location="cpu")
        lrs = {g["lr"] for k in ("opt_g", "opt_d") for g in ck[k]["param_groups"]}
        check(ck["step"] == 7 and lrs == {3e-5}, f"resumed with --lr 3e-5: step {ck['step']}, learning rates {lrs}")

        # Warm-started from the voice, the fresh critics learn alone first: the generator saved after
        # the warm-up alone is the voice's, and the critics are not what they were initialised to.
        tiny = ["--corpus", corpus, "--init-voice", voice, "--steps", "0", "--batch", "2", "--frames", "16",
                "--threads", "1", "--device", "cpu"]
        saved = {}
        for n in (0, 3):
            warm = os.path.join(tmp, f"warmup{n}")
            p = run([py, "-m", "training.train_vocoder", *tiny, "--work", warm, "--critic-warmup", str(n)], env,
                    f"train_vocoder --critic-warmup {n}")
            check((f"critic warm-up {n}/{n}" in p.stdout) == (n > 0), f"--critic-warmup {n}: {p.stdout[-300:]!r}")
            saved[n] = torch.load(os.path.join(warm, "checkpoint.pt"), map_location="cpu")
        sys.path.insert(0, TOP)
        from training import checkpoint
        voice_gen = checkpoint.warm_start_save(voice, saved[3])["generator"]
        check(saved[3]["step"] == 0 and all(torch.equal(t, voice_gen[k]) for k, t in saved[3]["generator"].items()),
              "the critics' warm-up moved the generator or counted as steps")
        check(any(not torch.equal(t, saved[0]["critics"][k]) for k, t in saved[3]["critics"].items()),
              "the critics' warm-up did not train the critics")

        # The two saves of the vocoder averaged: the mean of their generators, the newest's step.
        saves = [os.path.join(tmp, f"vocoder{b}.pt") for b in (1, 2)]
        if all(os.path.exists(p) for p in saves):
            mean = os.path.join(tmp, "mean.pt")
            check(checkpoint.average(saves[::-1], mean, "generator") == [2, 4], "averaged steps")
            a, b, m = (torch.load(p, map_location="cpu") for p in saves + [mean])
            check(m["step"] == 4 and not checkpoint.has_optimisers(m), "the average is a slim checkpoint at step 4")
            for name, t in m["generator"].items():
                if not torch.allclose(t, (a["generator"][name] + b["generator"][name]) / 2, atol=1e-6):
                    check(False, f"averaged {name} is not the mean of the two saves")
                    break
            check_moving_average(checkpoint, a, b, tmp)
            # The voice the run was warm-started from stands for its step 0.
            start = os.path.join(tmp, "start.pt")
            check(checkpoint.average([voice, saves[1]], start, "generator") == [0, 4], "averaged with the warm start")
            w, s = checkpoint.warm_start_save(voice, b), torch.load(start, map_location="cpu")
            check(s["warm_start"] == b["warm_start"] and all(
                torch.allclose(t, (w["generator"][k] + b["generator"][k]) / 2, atol=1e-6)
                for k, t in s["generator"].items()), "the mean of the warm start and a save")
            stranger = os.path.join(tmp, "stranger.gguf")  # the same file without its record
            shutil.copyfile(voice, stranger)
            try:
                checkpoint.average([stranger, saves[1]], start, "generator")
                check(False, "a voice file the run did not start from was averaged in")
            except SystemExit as e:
                check("not the warm start" in str(e), f"a voice the run did not start from: {e}")
    return finish("GPU burst dry run passed")


if __name__ == "__main__":
    sys.exit(main())
