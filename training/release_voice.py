"""Export the current checkpoints as a voice and ship it only if it measures better.

Exports acoustic + vocoder checkpoints to a candidate voice file, evaluates it
with evaluate.py on every held-out prompt, and compares it with the metrics
recorded for the shipped voice (models/<name>.json). The candidate replaces
models/<name>.gguf only when
  - its WER passes the gate (at most 1.2 x the reference's) and is at most
    half a point over the shipped voice's,
  - none of the sound-quality measures of training/quality.py is worse than
    the shipped voice's beyond that measure's tolerance, and
  - it is better in something: a lower WER, a quality measure better beyond
    its tolerance, the same WER with a lower mel-cepstral distance, or a
    measure newly within its target (training/quality.py's TARGETS, issue 12's) with
    every target the shipped voice meets still met, and
  - its prosody controls still pass tests/test_controls.py.
Before it is measured, the candidate's intonation factor is chosen on
training prompts (calibrate_intonation.py), and so is the band extension
of a voice whose speech stops short of the top band (band_extension.py:
where its band ends, measured on its speech, and the gain of the copy that
fills the band above, learnt from --full-band recordings); its natural range
(how far the engine's pitch stage widens its intonation on the output,
--natural-range) is written then too. When the candidate's acoustic
model is the shipped one's, tensor for tensor and at the same intonation and natural range,
the release changes the vocoder alone, and a vocoder does not choose the
intonation: the F0 span of the spoken prompts then gives way to how well each
vocoder renders the held-out recordings' own F0 span from their mels
(copy_synthesis.py), with the same tolerance.
The metrics and training steps go to models/<name>.json, from which the
model card's tables are written.

A record whose word errors were counted over another number of frame
phases (evaluate.py) is not compared with: the shipped voice is measured
again first. `--remeasure` does only that and rewrites the record
(metrics, the suite's check, the gate's verdict), releasing nothing.

--vocoder may also be a voice file: its vocoder is shipped unchanged (as when
only the acoustic model was fine-tuned), and when its record (models/<name>.json)
lies beside it, its recorded vocoder steps and CPU time carry over into the new
record. The same holds for --acoustic (as when only the vocoder was fine-tuned),
and for a checkpoint warm-started from a shipped voice: the steps behind that
voice count too (training/checkpoint.py).

  /usr/bin/python3 -m training.release_voice --name kathleen \\
      --acoustic ~/.cache/inflect-train/acoustic-kathleen-24k/checkpoint.pt \\
      --vocoder ~/.cache/inflect-train/vocoder-kathleen-24k/checkpoint.pt
  /usr/bin/python3 -m training.release_voice --name rms --remeasure \\
      --reference flite-rms --corpus ~/.cache/inflect-train/corpora/rms-24k
"""
import argparse
import datetime
import json
import os
import shutil
import subprocess
import sys

import torch

from .acoustic import AcousticConfig, AcousticModel
from . import band_extension
from . import calibrate_intonation
from . import checkpoint
from . import gguf
from .corpus import WORK_DIR, corpus_key, heldout_file
from .export_voice import Frontend, tie_unseen_punctuation, write_voice
from .copy_synthesis import copy_synthesised, span_error
from .evaluate import WER_PHASES
from .quality import MEASURES, TARGETS, compare, targets_met
from .vocoder import Generator, VocoderConfig

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# `python3 -m training.<tool>` finds this package from any working directory, and no other one.
PACKAGE_ENV = dict(os.environ, PYTHONPATH=REPO, PYTHONSAFEPATH="1")


def load_vocoder(path):
    """(generator, checkpoint-like dict) from a vocoder checkpoint or from a voice file's vocoder."""
    if not path.endswith(".gguf"):
        return load_checkpoint(path, "generator", Generator, VocoderConfig)
    from .vocoder import load_folded
    gen = Generator(VocoderConfig())
    load_folded(gen, gguf.read_voice_tensors(path, "vocoder."))
    return gen.eval(), checkpoint.voice_history(path, "vocoder")


def load_acoustic(path):
    """(acoustic model, checkpoint-like dict) from an acoustic checkpoint or
    from a voice file's acoustic model, as load_vocoder does for the vocoder."""
    if not path.endswith(".gguf"):
        return load_checkpoint(path, "model", AcousticModel, AcousticConfig)
    from .voice_torch import load_voice
    voice = load_voice(path)
    return voice.acoustic.eval(), dict(checkpoint.voice_history(path, "acoustic"), symbols=voice.symbols)


def load_checkpoint(path, key, model_cls, cfg_cls):
    ck = torch.load(path, map_location="cpu")
    model = model_cls(cfg_cls(**ck["config"]))
    model.load_state_dict(ck[key])
    # The model card counts all the work behind the model, a warm start's voice included.
    return model.eval(), dict(ck, **checkpoint.history(ck))


# The test suite re-checks the shipped voice on this many held-out prompts.
SUITE_PROMPTS = 5
# Intelligibility gate: WER at most this times the reference's.
GATE = 1.2
# And at most this much over the shipped voice's (a fraction, like WER): about
# two of rms's 472 held-out words, one and a half of kathleen's 288. Within the
# gate alone a candidate once shipped with 14.2% where rms had 13.1%, better
# only in measures whose targets both voices already met (2026-12-05).
WER_TOLERANCE = 0.005


def evaluate(engine, voice, args, n=0):
    os.makedirs(os.path.join(WORK_DIR, "release"), exist_ok=True)
    out_json = os.path.join(WORK_DIR, "release", f"{os.path.basename(voice)}.eval{n}.json")
    cmd = [sys.executable, "-m", "training.evaluate", "--voice", voice, "--engine", engine,
           "--corpus", args.corpus, "--heldout", args.heldout, "--reference", args.reference, "--json", out_json,
           "-n", str(n)]
    subprocess.run(cmd, check=True, env=PACKAGE_ENV)
    with open(out_json, encoding="utf-8") as f:
        result = json.load(f)
    result["summary"]["voice_errors"] = sum(r["voice_errors"] for r in result["sentences"])
    return result["summary"]


def remeasure(a):
    """Measures the shipped voice again, as a release would, and rewrites its
    record's metrics and suite check; how it was made stays as recorded."""
    shipped = os.path.join(REPO, "models", f"{a.name}.gguf")
    record_path = os.path.join(REPO, "models", f"{a.name}.json")
    if not (os.path.exists(shipped) and os.path.exists(record_path)):
        raise SystemExit(f"release_voice --remeasure: no shipped voice {shipped} with its record {record_path}")
    with open(record_path, encoding="utf-8") as f:
        record = json.load(f)
    metrics, suite = evaluate(a.engine, shipped, a), evaluate(a.engine, shipped, a, SUITE_PROMPTS)
    for key in ("f0_span_copy_error_st",):  # measured on the vocoder at release, not on the prompts
        if key in record["metrics"]:
            metrics[key] = record["metrics"][key]
    metrics["voice"] = suite["voice"] = f"models/{a.name}.gguf"
    passed = metrics["wer_voice"] <= GATE * metrics["wer_reference"]
    record.update(metrics=metrics, suite=suite, measured=datetime.date.today().isoformat(),
                  gate={"factor": GATE, "passed": passed})
    with open(record_path, "w", encoding="utf-8") as f:
        json.dump(record, f, indent=1)
        f.write("\n")
    print(f"{record_path}: WER {100 * metrics['wer_voice']:.1f}% (reference {100 * metrics['wer_reference']:.1f}%), "
          f"gate {'passed' if passed else 'not passed'}")
    return 0


def same_acoustic(voice_a, voice_b):
    """True when two voice files hold the same acoustic model, tensor for tensor, at the same
    intonation and natural range (either changes the span the vocoder is not answerable for)."""
    fa, fb = gguf.Reader(voice_a).fields, gguf.Reader(voice_b).fields
    if any(fa.get(k) != fb.get(k) for k in (calibrate_intonation.KEY, calibrate_intonation.NATURAL_RANGE_KEY)):
        return False
    a, b = gguf.read_voice_tensors(voice_a, "acoustic."), gguf.read_voice_tensors(voice_b, "acoustic.")
    return a.keys() == b.keys() and all(torch.equal(a[k], b[k]) for k in a)


def verdict(new, old, span_copy=None):
    """(ship?, reasons): the release rule of the module's docstring, each reason one line.

    span_copy: (candidate's, shipped's) copy-synthesis F0 span error, in
    semitones, for a candidate that changes the vocoder alone; it stands in
    for the F0 span of the spoken prompts.
    """
    limit = GATE * new["wer_reference"]
    if new["wer_voice"] > limit:
        return False, [f"WER {100 * new['wer_voice']:.1f}% misses the gate ({GATE} x "
                       f"{100 * new['wer_reference']:.1f}% = {100 * limit:.1f}%)"]
    if old is None:
        return True, ["nothing shipped yet, and the gate is passed"]
    if new["wer_voice"] > old["wer_voice"] + WER_TOLERANCE:
        return False, [f"worse than shipped: WER {100 * new['wer_voice']:.1f}%, shipped {100 * old['wer_voice']:.1f}% "
                       f"(tolerance {100 * WER_TOLERANCE:.1f} points)"]
    quality = dict(new["quality"], f0_span_st=None) if span_copy else new["quality"]
    worse, better = compare(quality, old.get("quality", {}), new["quality_reference"])
    if span_copy:
        ours, theirs = span_copy
        tol = next(m[3] for m in MEASURES if m[0] == "f0_span_st")
        msg = f"F0 span error of vocoded recordings: {ours:.2f} st, shipped {theirs:.2f} st (tolerance {tol})"
        if ours > theirs + tol:
            worse.append(("f0_span_copy", msg))
        elif ours < theirs - tol:
            better.append(("f0_span_copy", msg))
    if worse:
        return False, ["worse than shipped: " + msg for _, msg in worse]
    reasons = ["better than shipped: " + msg for _, msg in better]
    if new["wer_voice"] < old["wer_voice"]:
        reasons.append(f"lower WER: {100 * new['wer_voice']:.1f}%, shipped {100 * old['wer_voice']:.1f}%")
    elif new["wer_voice"] == old["wer_voice"] and new["mcd_db"] < old["mcd_db"]:
        reasons.append(f"same WER, lower MCD: {new['mcd_db']:.2f} dB, shipped {old['mcd_db']:.2f} dB")
    if not reasons:
        # Worse in nothing, and better in nothing beyond a tolerance: still a
        # release when it brings a measure within its target (issue 12's),
        # keeping every target the shipped voice meets. The tolerances keep
        # small changes from blocking a release, not one that crosses a line
        # the voices are held to: rms's vocoder of 2026-12-07 at intonation
        # 1.4 took its span from 6.0 to the target's 6.2 semitones within
        # every tolerance; had its periodicity (0.073) kept within its own
        # target, that was worth a release.
        reference = new["quality_reference"]
        keys = {k for k, _ in TARGETS} - ({"f0_span_st"} if span_copy else set())
        met = targets_met(new["quality"], reference) & keys
        met_before = targets_met(old.get("quality", {}), old.get("quality_reference", reference)) & keys
        if met > met_before:
            return True, [f"meets the target for {k}, which the shipped voice misses" for k in sorted(met - met_before)]
        return False, ["better in nothing: no lower WER, no quality measure better beyond its tolerance, no target "
                       "newly met"]
    return True, reasons


def controls_hold(engine, candidate, reasons):
    """(ship?, reasons) after the suite's controls test on the candidate: a vocoder
    changes how pitch-range and pitch-scale come out (docs/controls.md), and
    a voice whose controls miss their tolerances is not released."""
    test = subprocess.run([sys.executable, os.path.join(REPO, "tests", "test_controls.py"), engine, candidate],
                          capture_output=True, text=True)
    if test.returncode == 0:
        return True, reasons + ["the controls test passes"]
    failed = [line for line in test.stdout.splitlines() if line.startswith("FAIL")]
    return False, ["controls: " + line for line in failed] or [f"the controls test exited {test.returncode}: "
                                                            f"{test.stderr.strip()[-300:]}"]


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--name", required=True, help="voice name: models/<name>.gguf")
    p.add_argument("--acoustic", help="acoustic checkpoint, or a voice .gguf to take it from")
    p.add_argument("--vocoder", help="vocoder checkpoint, or a voice .gguf to take it from")
    p.add_argument("--remeasure", action="store_true",
                   help="release nothing: measure the shipped voice again and rewrite its record's metrics "
                        "(after a change to the measures)")
    p.add_argument("--speakers", default=None, help="comma-separated speaker names (default: the name)")
    p.add_argument("--license", default=None,
                   help="the voice's licence (default: what the shipped voice says, else CC0-1.0)")
    p.add_argument("--gender", default=None,
                   help="shown by inflect-say --list-voices (default: what the shipped voice says)")
    p.add_argument("--espeak-voice", default=None,
                   help="the frontend's espeak-ng voice (default: the one prepare_ids made the corpus's ids "
                        "with, so the voice reads text as it was trained)")
    p.add_argument("--engine", default=os.path.join(REPO, "build", "engine", "inflect-say"))
    p.add_argument("--corpus", default=os.path.join(os.path.dirname(REPO), "shared", "data", "kathleen-24k"))
    p.add_argument("--heldout", default=None, help="held-out prompt ids (default: the corpus's heldout.txt, else splits/<corpus>-heldout.txt)")
    p.add_argument("--reference", choices=("recordings", "flite-rms"), default="recordings")
    p.add_argument("--intonation", type=float, default=None,
                   help="the voice's intonation factor, instead of calibrate_intonation.py's choice (1: none)")
    p.add_argument("--natural-range", type=float, default=None,
                   help="the pitch range the voice's 1 means, widened on the output (1: none; default: what the "
                        "shipped voice has)")
    p.add_argument("--full-band", default=os.path.join(os.path.dirname(REPO), "shared", "data", "kathleen-24k"),
                   help="full-band recordings to learn a band-limited voice's band extension from")
    a = p.parse_args()
    # The engine's range for the key (docs/model-format.md): outside it the candidate would not load.
    if a.natural_range is not None and not 0.5 <= a.natural_range <= 2.0:
        p.error(f"--natural-range {a.natural_range}: the engine reads 0.5 to 2")
    a.heldout = heldout_file(a.corpus, a.heldout)
    if a.remeasure:
        return remeasure(a)
    if not (a.acoustic and a.vocoder):
        p.error("--acoustic and --vocoder are required (or --remeasure)")

    acoustic, ack = load_acoustic(a.acoustic)
    generator, vck = load_vocoder(a.vocoder)
    os.makedirs(os.path.join(WORK_DIR, "release"), exist_ok=True)
    candidate = os.path.join(WORK_DIR, "release", f"{a.name}.candidate.gguf")
    ids_file = os.path.join(WORK_DIR, f"ids-{corpus_key(a.corpus)}.json")
    with open(ids_file, encoding="utf-8") as f:
        made = json.load(f)
    seen = {sym for u in made["utterances"].values() for sym in u["symbols"]}
    # en-us here once exported a voice trained on German ids with an English frontend.
    if a.espeak_voice is None:
        a.espeak_voice = made.get("espeak_voice", "en-us")
    elif a.espeak_voice != made.get("espeak_voice", a.espeak_voice):
        p.error(f"--espeak-voice {a.espeak_voice}: the corpus's ids were made with {made['espeak_voice']}")
    tied = tie_unseen_punctuation(acoustic, ack["symbols"], seen)
    if tied:
        print(f"never in the corpus, read as '.': {' '.join(tied)}", flush=True)
    shipped = os.path.join(REPO, "models", f"{a.name}.gguf")
    # A new release of a voice keeps what the shipped one says about itself
    # unless told otherwise: rms's licence is Flite's, not the default CC0.
    shipped_fields = gguf.Reader(shipped).fields if os.path.exists(shipped) else {}
    if a.gender is None:
        a.gender = shipped_fields.get("inflect.voice.gender", "")
    if a.license is None:
        a.license = shipped_fields.get("general.license", "CC0-1.0")
    if a.natural_range is None:
        a.natural_range = round(float(shipped_fields.get(calibrate_intonation.NATURAL_RANGE_KEY, 1.0)), 4)
    # The table the acoustic model was trained on, kept in its checkpoint.
    frontend = Frontend(symbols=ack["symbols"], speakers=(a.speakers or a.name).split(","),
                        espeak_voice=a.espeak_voice, name=a.name, license=a.license,
                        gender=a.gender)
    write_voice(candidate, acoustic, generator, frontend)
    # How far its intonation is widened, chosen on training prompts before
    # its gain and F0 centre are measured, since both are taken on its audio.
    if a.intonation is None:
        intonation = calibrate_intonation.calibrate(candidate, a.corpus, a.heldout, a.engine)
    else:
        intonation = calibrate_intonation.store(candidate, a.intonation)
    # Its top band, if it has none, filled before its loudness is measured too.
    band = band_extension.calibrate(candidate, a.corpus, a.heldout, a.engine, a.full_band)
    # How far the pitch stage widens it on the output: before its F0 centre is measured on its audio.
    calibrate_intonation.store(candidate, a.natural_range, key=calibrate_intonation.NATURAL_RANGE_KEY)
    # Its gain for -20 LUFS and its pitch response, measured on its audio
    # (docs/controls.md), before it is judged: it is judged as it will ship.
    subprocess.run([sys.executable, "-m", "training.measure_prosody", candidate, "--say", a.engine], check=True,
                   env=PACKAGE_ENV)
    print(f"candidate: {candidate}", flush=True)

    new = evaluate(a.engine, candidate, a)
    record_path = os.path.join(REPO, "models", f"{a.name}.json")
    old = None
    if os.path.exists(record_path):
        with open(record_path, encoding="utf-8") as f:
            old = json.load(f)["metrics"]
        if old.get("wer_phases", 1) != WER_PHASES and os.path.exists(shipped):
            # Recorded before the measure changed: like is compared with like.
            print("the shipped voice's record predates the measures: measuring it again", flush=True)
            old = evaluate(a.engine, shipped, a)
    print(f"candidate WER {100 * new['wer_voice']:.1f}% MCD {new['mcd_db']:.2f} dB; "
          + (f"shipped WER {100 * old['wer_voice']:.1f}% MCD {old['mcd_db']:.2f} dB" if old else "nothing shipped"))
    span_copy = None
    if old and os.path.exists(shipped) and same_acoustic(candidate, shipped):
        shipped_vocoder, _ = load_vocoder(shipped)
        span_copy = tuple(span_error(copy_synthesised(g, a.corpus, a.heldout), a.corpus)
                          for g in (generator, shipped_vocoder))
        new["f0_span_copy_error_st"] = round(span_copy[0], 3)
        print(f"the vocoder alone changes: F0 span error of vocoded recordings {span_copy[0]:.2f} st, "
              f"shipped {span_copy[1]:.2f} st")
    ship, reasons = verdict(new, old, span_copy)
    if ship:
        ship, reasons = controls_hold(a.engine, candidate, reasons)
    for r in reasons:
        print(("  " if ship else "  refused: ") + r)
    if not ship:
        print("models/ left as it is")
        return 1

    suite = evaluate(a.engine, candidate, a, SUITE_PROMPTS)
    shutil.copyfile(candidate, os.path.join(REPO, "models", f"{a.name}.gguf"))
    new["voice"] = suite["voice"] = f"models/{a.name}.gguf"
    record = {
        "name": a.name,
        "date": datetime.date.today().isoformat(),
        "acoustic_steps": ack.get("step"),
        "vocoder_steps": vck.get("step"),
        "acoustic_cpu_hours": round(ack.get("cpu_seconds", 0.0) / 3600, 2),
        "vocoder_cpu_hours": round(vck.get("cpu_seconds", 0.0) / 3600, 2),
        # Steps taken on a GPU (training/gpu_burst.sh), counted by the trainers in their checkpoints.
        "acoustic_gpu_steps": ack.get("gpu_steps", 0),
        "vocoder_gpu_steps": vck.get("gpu_steps", 0),
        # A mean of several saves (checkpoint.average): the step of each, counted as vocoder_steps is.
        **({"vocoder_averaged_steps": [s + vck.get("warm_start", {}).get("step", 0) for s in vck["averaged_steps"]]}
           if "averaged_steps" in vck else {}),
        # The generator's moving average over the run (checkpoint.Ema), at this decay.
        **({"vocoder_ema_decay": vck["ema_decay"]} if "ema_decay" in vck else {}),
        # The factor on the pitch head's excursions (calibrate_intonation.py), also in the file.
        "intonation": intonation,
        # The pitch range its 1 means, widened by the engine's pitch stage (docs/controls.md), also in the file.
        "natural_range": a.natural_range,
        # Where the voice's own band ends and the gain of the copy above it (band_extension.py), also in the file.
        "band_extension": {"edge_hz": band[0], "gain": round(band[1], 4)} if band else None,
        "metrics": new,
        "suite": suite,
        "gate": {"factor": GATE, "passed": True},
    }
    with open(record_path, "w", encoding="utf-8") as f:
        json.dump(record, f, indent=1)
        f.write("\n")
    print(f"shipped models/{a.name}.gguf; metrics in {record_path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
