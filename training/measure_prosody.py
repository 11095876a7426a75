"""Measure how a voice file speaks, on its own output audio, and store it in
the file (docs/model-format.md, "Prosody"; docs/controls.md).

  /usr/bin/python3 -m training.measure_prosody models/kathleen.gguf --say build/engine/inflect-say

Speaks a fixed set of sentences (tests/data/controls-sentences.txt, the
first --sentences of them) with inflect-say and writes into the voice file,
tensors byte for byte unchanged:

- inflect.output.gain: the gain that brings the integrated loudness
  (BS.1770, tests/listen.py) of those sentences to --loudness LUFS, so every
  shipped voice plays at one level;
  and it removes the pitch response (inflect.prosody.pitch_offsets /
  pitch_ratios) that voices released before 2026-12-03 carried: pitch now
  acts on the output audio (engine/src/pitch_shift.h), whatever the network
  would follow, and nothing reads the table.

The measurement is made on a copy of the voice at gain 1. The speaker's
mean pitch (the centre of pitch_range) is not written: the engine derives
it from the pitch head (engine/src/speaker_pitch.c).
"""
import argparse
import os
import shutil
import tempfile

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
from tests import listen

from . import gguf

SENTENCES = os.path.join(ROOT, "tests", "data", "controls-sentences.txt")
STALE_KEYS = ("inflect.prosody.pitch_offsets", "inflect.prosody.pitch_ratios")


def speak_all(say, voice, texts, *options):
    return [listen.say(say, voice, t, *options) for t in texts]


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("voice")
    p.add_argument("--say", required=True, help="the inflect-say to speak with")
    p.add_argument("--sentences", type=int, default=6, help="how many of the fixed sentences to speak")
    p.add_argument("--loudness", type=float, default=-20.0, help="integrated loudness to reach, LUFS")
    p.add_argument("-o", "--output", help="write here instead of rewriting the voice")
    a = p.parse_args()
    with open(SENTENCES, encoding="utf-8") as f:
        texts = [line.strip() for line in f if line.strip()][:a.sentences]

    with tempfile.TemporaryDirectory() as tmp:
        plain = os.path.join(tmp, "plain.gguf")
        gguf.set_metadata(a.voice, plain, {"inflect.output.gain": (gguf.FLOAT32, 1.0)})
        loudness = listen.loudness_lufs(np.concatenate(speak_all(a.say, plain, texts)))
        gain = 10.0 ** ((a.loudness - loudness) / 20.0)
        print(f"loudness at gain 1: {loudness:.1f} LUFS -> gain {gain:.3f}")
    changes = {"inflect.output.gain": (gguf.FLOAT32, gain), **{k: None for k in STALE_KEYS}}
    out = a.output or a.voice
    tmp_out = out + ".tmp"
    gguf.set_metadata(a.voice, tmp_out, changes)
    shutil.move(tmp_out, out)
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
