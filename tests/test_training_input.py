#!/usr/bin/python3
"""Mistaken input to the training tools stops them with one line that says
what is wrong, not a traceback from deep in torch or a silent wrong result.

A corpus whose metadata.csv is missing, has a line of one field (tabs) or of
four (a '|' in a transcript), or names a take without audio; a byte order
mark (read as part of the first id before); an empty held-out list (every
take trained on) and one naming ids the corpus lacks (a warning); a file in
a work folder that is no checkpoint, or another trainer's; train_voice.sh
given MINUTES that is not a positive number or a folder that is no corpus.
The evaluation takes the corpus's own held-out list, as the trainers do (it
took kathleen's for any corpus).
"""
import contextlib
import io
import os
import subprocess
import sys
import tempfile
import wave

from skip import skip

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.dirname(HERE)
sys.path.insert(0, TOP)  # the training package


def write_corpus(folder, lines, ids=("a", "b"), heldout=None):
    os.makedirs(os.path.join(folder, "wavs"), exist_ok=True)
    for uid in ids:
        with wave.open(os.path.join(folder, "wavs", uid + ".wav"), "wb") as w:
            w.setnchannels(1)
            w.setsampwidth(2)
            w.setframerate(24000)
            w.writeframes(b"\0\0" * 2400)
    with open(os.path.join(folder, "metadata.csv"), "wb") as f:
        f.write(lines)
    if heldout is not None:
        with open(os.path.join(folder, "heldout.txt"), "w") as f:
            f.write(heldout)
    return folder


def main():
    try:
        import torch
        from training import checkpoint
        from training.corpus import heldout_file, read_heldout, read_metadata, split
        from training.evaluate import heldout_takes
    except ImportError as e:
        skip(f"the training package needs numpy and PyTorch for {sys.executable} ({e})")
    failures = []

    def refused(what, call, says):
        try:
            call()
        except SystemExit as e:
            message = str(e.code)
            ok = says in message and "\n" not in message
            print(f"{what}: {message}")
            if not ok:
                failures.append(f"{what}: {message!r} does not say {says!r} on one line")
            return
        except Exception as e:  # the defect: a traceback
            failures.append(f"{what}: {type(e).__name__}: {e}")
            return
        failures.append(f"{what}: accepted")

    with tempfile.TemporaryDirectory() as tmp:
        c = lambda name: os.path.join(tmp, name)
        refused("no metadata.csv", lambda: read_metadata(c("none")), "no metadata.csv")
        write_corpus(c("tabs"), b"a|One.\nb\tTwo.\n")
        refused("a line with a tab", lambda: read_metadata(c("tabs")), "metadata.csv:2: 1 field")
        write_corpus(c("pipes"), b"a|One.\nb|Two | three | four.\n")
        refused("a '|' in a transcript", lambda: read_metadata(c("pipes")), "metadata.csv:2: 4 fields")
        write_corpus(c("noaudio"), b"a|One.\nc|Three.\n")
        refused("a take without audio", lambda: read_metadata(c("noaudio")), "no audio for id 'c'")
        write_corpus(c("bom"), "\ufeffa|One.\nb|Two.\n".encode())
        ids = [u.id for u in read_metadata(c("bom"))]
        print(f"byte order mark: ids {ids}")
        if ids != ["a", "b"]:
            failures.append(f"byte order mark: ids {ids!r}")

        write_corpus(c("emptyheld"), b"a|One.\nb|Two.\n", heldout="# none\n")
        refused("an empty held-out list", lambda: read_heldout(heldout_file(c("emptyheld"))), "no held-out ids")
        write_corpus(c("typo"), b"a|One.\nb|Two.\n", heldout="a\nB\n")
        err = io.StringIO()
        with contextlib.redirect_stderr(err):
            train, held = split(read_metadata(c("typo")), read_heldout(heldout_file(c("typo"))))
        print(f"a held-out id the corpus lacks: {err.getvalue().strip()}")
        if "B" not in err.getvalue() or [u.id for u in held] != ["a"]:
            failures.append(f"held-out typo: {err.getvalue()!r}, held {[u.id for u in held]}")
        write_corpus(c("own"), b"a|One.\nb|Two.\n", heldout="b\n")
        takes = [u.id for u in heldout_takes(c("own"), None, 0)]
        if takes != ["b"]:
            failures.append(f"evaluate without --heldout: takes {takes}, not the corpus's list ['b']")

        empty = c("empty.pt")
        open(empty, "wb").close()
        refused("an empty checkpoint", lambda: checkpoint.load(empty, needs=("model",)), "not a checkpoint")
        vocoder = c("vocoder.pt")
        torch.save({"generator": {}, "critics": {}, "step": 1}, vocoder)
        refused("a vocoder's checkpoint for the acoustic trainer",
                lambda: checkpoint.load(vocoder, needs=("model", "config")), "without model, config")

        script = os.path.join(TOP, "training", "train_voice.sh")
        env = dict(os.environ, INFLECT_WORK=c("work"))
        for what, args, says in (("MINUTES 2h", [c("own"), "x", "2h"], "MINUTES must be a number above 0"),
                                 ("MINUTES 0", [c("own"), "x", "0"], "MINUTES must be a number above 0"),
                                 ("no corpus", [c("none"), "x", "5"], "has no metadata.csv")):
            r = subprocess.run(["bash", script, *args], env=env, capture_output=True, text=True, timeout=60)
            print(f"train_voice.sh {what}: exit {r.returncode}, {r.stderr.strip()}")
            if r.returncode != 2 or says not in r.stderr:
                failures.append(f"train_voice.sh {what}: exit {r.returncode}, {r.stderr!r}")
        if os.path.exists(c("work")) and os.listdir(c("work")):
            failures.append(f"train_voice.sh refused, yet wrote {os.listdir(c('work'))}")

    for f in failures:
        print("FAIL:", f)
    if failures:
        return 1
    print("training input: all checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
