"""Training checkpoints: one file per run, written atomically, resumed exactly.

A checkpoint is a torch.save dict. Every trainer keeps "step", "rng" (its
own Python or numpy generator's state) and "torch_rng"; the two model
trainers add "config", the model's state, "cpu_seconds" and "gpu_steps" (the
work behind a voice, for its model card) and optimiser state under keys that
start with "opt". A slim checkpoint (what a GPU burst carries, training/burst.py)
is the same dict without the "opt" keys; resuming one starts the optimisers
afresh while step, RNG, CPU time and GPU steps carry on. The vocoder trainer
also keeps "ema", a moving average of its generator (Ema, below), which a
slim checkpoint carries too.
"""
import json
import os
import random
import time

import torch

OPTIMISER_PREFIX = "opt"


def load(path, device="cpu", needs=()):
    """The checkpoint at path with its tensors on device, or None when there is none. A file that is
    no checkpoint, or one without the keys in `needs` (another trainer's, copied to the wrong
    folder), stops the run with a line that says so, not a traceback from deep in torch."""
    if not os.path.exists(path):
        return None
    try:
        ck = torch.load(path, map_location=device)
    except Exception as e:  # truncated, empty, not a pickle: torch raises many kinds
        raise SystemExit(f"{path}: not a checkpoint ({type(e).__name__}: {e})")
    missing = [k for k in needs if not isinstance(ck, dict) or k not in ck]
    if missing:
        raise SystemExit(f"{path}: a checkpoint without {', '.join(missing)}: another trainer's? "
                         f"(it has {', '.join(sorted(ck)) if isinstance(ck, dict) else type(ck).__name__})")
    return ck


def save(path, state):
    """Write state to path through a temporary file, so an interrupted save leaves the last one whole."""
    tmp = path + ".tmp"
    torch.save(state, tmp)
    os.replace(tmp, path)


def has_optimisers(ck):
    return any(k.startswith(OPTIMISER_PREFIX) for k in ck)


def restore_optimisers(ck, **optimisers):
    """Load each optimiser from ck[key] when ck has optimiser state; says whether it did."""
    if not ck or not has_optimisers(ck):
        return False
    for key, opt in optimisers.items():
        opt.load_state_dict(ck[key])
    return True


def rng_state(rng):
    """The generator states a checkpoint keeps: rng is a random.Random or a numpy Generator."""
    state = rng.getstate() if isinstance(rng, random.Random) else rng.bit_generator.state
    return {"rng": state, "torch_rng": torch.get_rng_state()}


def restore_rng(ck, rng):
    """Put rng and PyTorch's CPU generator back where ck left them."""
    if isinstance(rng, random.Random):
        rng.setstate(ck["rng"])
    else:
        rng.bit_generator.state = ck["rng"]
    # Loaded onto a GPU the state tensor is there too; the CPU generator takes a CPU tensor.
    torch.set_rng_state(ck["torch_rng"].cpu())


NO_HISTORY = {"step": 0, "cpu_seconds": 0.0, "gpu_steps": 0}


def voice_history(voice, part):
    """The training behind `part` ("acoustic" or "vocoder") of a shipped voice
    models/<name>.gguf, from its record models/<name>.json; none for other files.

    A run warm-started from a voice builds on that work, and the model card
    counts it: a checkpoint's own step counter starts again at 0. A part
    that was a mean of saves or a moving average says so too
    ("averaged_steps", "ema_decay"), so a release that ships it again from
    the file keeps that in its record.
    """
    record = os.path.splitext(voice)[0] + ".json"
    if not os.path.exists(record):
        return dict(NO_HISTORY)
    with open(record, encoding="utf-8") as f:
        r = json.load(f)
    out = {"step": r.get(f"{part}_steps") or 0, "cpu_seconds": 3600 * (r.get(f"{part}_cpu_hours") or 0.0),
           "gpu_steps": r.get(f"{part}_gpu_steps") or 0}
    out.update({k: r[f"{part}_{k}"] for k in ("averaged_steps", "ema_decay") if f"{part}_{k}" in r})
    return out


def history(ck):
    """{"step", "cpu_seconds", "gpu_steps"} of all the work behind ck, a warm start's voice included
    (the form voice_history gives)."""
    warm = ck.get("warm_start", NO_HISTORY)
    return {"step": ck["step"] + warm["step"], "cpu_seconds": ck.get("cpu_seconds", 0.0) + warm["cpu_seconds"],
            "gpu_steps": ck.get("gpu_steps", 0) + warm["gpu_steps"]}


class Accounting:
    """CPU seconds and GPU steps over every run that led to a checkpoint, this one
    included, and (under "warm_start") the training of the voice it started from."""

    def __init__(self, ck, device, warm_start=None):
        self.cpu_before = ck.get("cpu_seconds", 0.0) if ck else 0.0
        self.gpu_before = ck.get("gpu_steps", 0) if ck else 0
        self.first_step = ck["step"] if ck else 0
        # Only the counters: how the warm start's own weights were made is its record's business.
        self.warm_start = (ck.get("warm_start") if ck else warm_start and {k: warm_start[k] for k in NO_HISTORY}) \
            or dict(NO_HISTORY)
        self.on_gpu = torch.device(device).type == "cuda"

    def totals(self, step):
        return {"cpu_seconds": self.cpu_before + time.process_time(),
                "gpu_steps": self.gpu_before + (step - self.first_step if self.on_gpu else 0),
                "warm_start": self.warm_start}


def average(srcs, dst, key):
    """Write to dst a slim checkpoint whose model state `key` is the mean of
    the srcs' (checkpoints of one run); the rest is the newest's. Returns the steps averaged.

    A generator trained adversarially wanders from one save to the next
    (rms's comb at 4-8 kHz went 4.9, 6.6, 6.8 dB at steps 800, 1000, 1200);
    the mean of a few nearby saves sits nearer the middle of that wander.
    Weight-normed layers average their direction and gain separately, so
    the released weight is the fold of those means, not the mean of the
    folded weights; the release gate judges the result as exported.

    One src may be the voice file a vocoder run was warm-started from: it
    counts as that run's step 0 (see warm_start_save).
    """
    paths = [p for p in srcs if not p.endswith(".gguf")]
    voices = [p for p in srcs if p.endswith(".gguf")]
    cks = sorted((torch.load(p, map_location="cpu") for p in paths), key=lambda c: c["step"])
    if voices:
        if len(voices) > 1 or not cks or key != "generator":
            raise SystemExit("checkpoint average: a voice file stands for step 0 of a vocoder run warm-started "
                             "from it; give one, with saves of that run")
        cks.insert(0, warm_start_save(voices[0], cks[-1]))
    # The mean is recorded as the newest save's run: saves of other runs would make that record untrue.
    for c in cks:
        if c.get("config") != cks[-1].get("config") or c.get("warm_start") != cks[-1].get("warm_start"):
            raise SystemExit("checkpoint average: the saves are not of one run (config or warm start differ)")
    out = {k: v for k, v in cks[-1].items() if not k.startswith(OPTIMISER_PREFIX)}
    states = [c[key] for c in cks]
    out[key] = {name: sum(s[name].double() for s in states).div(len(states)).to(t.dtype) if t.is_floating_point()
                else t for name, t in states[-1].items()}
    out["averaged_steps"] = [c["step"] for c in cks]
    save(dst, out)
    return out["averaged_steps"]


def warm_start_save(voice, ck):
    """The vocoder of `voice` as step 0 of the run that saved `ck`, a run --init-voice started from that voice.

    Run on, from the shipped rms vocoder, a run gains periodicity and loses
    intonation as it goes; the mean of its start and a later save can keep
    some of each (docs/training.md, *Releasing*). The voice's training is
    already the run's warm_start, so the record stays true; a voice whose
    record does not match it is not where the run started.
    """
    from .gguf import read_voice_tensors
    from .vocoder import Generator, VocoderConfig, load_folded
    own = {k: v for k, v in voice_history(voice, "vocoder").items() if k in NO_HISTORY}
    if own != ck.get("warm_start"):
        raise SystemExit(f"checkpoint average: {voice} (its record: {own}) is not the warm start of these saves "
                         f"({ck.get('warm_start')})")
    gen = Generator(VocoderConfig(**ck["config"]))
    load_folded(gen, read_voice_tensors(voice, "vocoder."))
    return {"step": 0, "generator": gen.state_dict(), "config": ck["config"], "warm_start": ck["warm_start"]}


class Ema:
    """An exponential moving average of a model's weights, updated after each optimiser step.

    The mean of a few saves (average, above) smooths a generator's wander
    from one save to the next after the fact, from the saves someone kept;
    the moving average does it at every step: kathleen's vocoder at AdamW
    5e-5 read periodicity 0.085, 0.118, 0.092, 0.135, 0.104 at five saves
    200 steps apart (copy synthesis of 16 held-out takes), and the mean of
    the first and the third 0.086. With decay d the average's memory is about 1 / (1 - d)
    steps. Weight-normed layers average direction and gain separately, as
    average does; integer buffers follow the model.
    """

    def __init__(self, model, decay, saved=None):
        self.decay = decay
        source = saved["state"] if saved else model.state_dict()
        self.state = {k: v.detach().clone() for k, v in source.items()}

    @torch.no_grad()
    def update(self, model):
        for name, t in model.state_dict().items():
            if t.is_floating_point():
                self.state[name].mul_(self.decay).add_(t, alpha=1.0 - self.decay)
            else:
                self.state[name].copy_(t)

    def to_checkpoint(self):
        return {"decay": self.decay, "state": self.state}


def release_ema(src, dst, key="generator"):
    """Write to dst a slim checkpoint of src whose `key` is src's moving average; returns its decay."""
    ck = torch.load(src, map_location="cpu")
    if "ema" not in ck:
        raise SystemExit(f"checkpoint ema: {src} keeps no moving average (a run from before 2026-12-04's --ema)")
    out = {k: v for k, v in ck.items() if not k.startswith(OPTIMISER_PREFIX) and k != "ema"}
    out[key] = ck["ema"]["state"]
    # The release records it: the model card says the file is an average, and over how many steps.
    out["ema_decay"] = ck["ema"]["decay"]
    save(dst, out)
    return out["ema_decay"]


def slim(src, dst):
    """Copy checkpoint src to dst without optimiser state; returns its step."""
    ck = torch.load(src, map_location="cpu")
    ck = {k: v for k, v in ck.items() if not k.startswith(OPTIMISER_PREFIX)}
    save(dst, ck)
    return ck["step"]


def main():
    import argparse
    p = argparse.ArgumentParser(description="Average saves of one training run into a slim checkpoint "
                                "(python3 -m training.checkpoint average OUT IN IN...), or take a "
                                "vocoder run's moving average out of its checkpoint "
                                "(python3 -m training.checkpoint ema OUT IN).")
    sub = p.add_subparsers(dest="command", required=True)
    avg = sub.add_parser("average", help="the mean model of several saves of one run (and of the voice file a "
                                         "vocoder run was warm-started from)")
    avg.add_argument("out")
    avg.add_argument("inputs", nargs="+")
    avg.add_argument("--key", default=None, help="the model's key (default: generator for a vocoder, else model)")
    ema = sub.add_parser("ema", help="a slim checkpoint whose generator is the run's moving average")
    ema.add_argument("out")
    ema.add_argument("input")
    a = p.parse_args()
    if a.command == "ema":
        print(f"{a.out}: the moving average (decay {release_ema(a.input, a.out)}) of {a.input}")
        return
    key = a.key or ("generator" if any(p.endswith(".gguf") for p in a.inputs)
                    or "generator" in torch.load(a.inputs[0], map_location="cpu") else "model")
    print(f"{a.out}: mean {key} of steps {' '.join(map(str, average(a.inputs, a.out, key)))}")


if __name__ == "__main__":
    main()
