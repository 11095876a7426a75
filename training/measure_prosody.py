"""Measure how a voice file speaks, on its own output audio, and store it in
the file (docs/model-format.md, "Prosody"; docs/controls.md).

  /usr/bin/python3 -m training.measure_prosody models/kathleen.gguf --say build/engine/inflect-say

Speaks a fixed set of sentences (tests/data/controls-sentences.txt, the
first --sentences of them) with inflect-say and writes into the voice file,
tensors byte for byte unchanged:

- inflect.output.gain: the gain that brings the integrated loudness
  (BS.1770, tests/listen.py) of those sentences to --loudness LUFS, so every
  shipped voice plays at one level (v1 voices: a v2 voice plays at gain 1);
- inflect.prosody.f0_median: each speaker's median F0 (tests/listen.py's
  YIN, voiced frames) over the fixed paragraph of engine/src/speaker_pitch.c,
  spoken at scale 1: the centre pitch_range scales the intonation around
  (docs/controls.md). Measured on the audio because that is what the pitch
  stage moves: the pitch head's mean, which the engine falls back on, sits
  up to 5% from what the vocoder renders (rms: 99.5 Hz meant, 94.9 heard).
  For a v2 voice without the key the engine makes this same measurement
  itself on first use (engine/src/f0_centre.h, f0_median.c: this YIN in C),
  so storing it only saves that one-time cost;
and it removes the pitch response (inflect.prosody.pitch_offsets /
pitch_ratios) that voices released before 2026-12-03 carried: pitch now
acts on the output audio (engine/src/pitch_shift.h), whatever the network
would follow, and nothing reads the table.

The measurements are made on a copy of the voice at gain 1 without the F0
key (which only the pitch stage reads; scale 1 never enters it). The
acoustic file of a two-file voice is measured with its vocoder (--vocoder,
else the file beside it that the engine would find: its name with the last
"acoustic" turned into "vocoder"), and the keys go into the acoustic file,
which the engine reads them from.
"""
import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
from tests import listen

from . import gguf

SENTENCES = os.path.join(ROOT, "tests", "data", "controls-sentences.txt")
STALE_KEYS = ("inflect.prosody.pitch_offsets", "inflect.prosody.pitch_ratios")
# The paragraph of engine/src/speaker_pitch.c, from which the engine takes
# the pitch head's mean: the F0 centre is measured on the same words.
PARAGRAPH = ("The bus was late this morning, so I walked to the station along the river. "
             "Would you like a cup of tea before we go? "
             "My sister keeps three cats and a very old dog in her small flat. "
             "We finished the puzzle just after midnight! "
             "Please call me when the parcel arrives, and leave it by the door.")


def speak_all(say, voice, texts, *options):
    return [listen.say(say, voice, t, *options) for t in texts]


def speakers(say, voice, *options):
    """How many speakers the voice has (inflect-say --list-speakers: one a line)."""
    out = subprocess.run([say, "--voice", voice, *options, "--list-speakers"], check=True, stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, text=True).stdout
    return max(1, len([line for line in out.splitlines() if line.strip()]))


def f0_median(say, voice, speaker, *options):
    """Median F0 in Hz of the paragraph spoken by one speaker."""
    f0 = listen.f0_track(listen.say(say, voice, PARAGRAPH, *options, "--speaker", str(speaker)))
    return float(np.median(listen.voiced(f0)))


def sibling_vocoder(path):
    """The vocoder the engine finds beside an upstream acoustic file (engine/src/voice.c), or None."""
    d, base = os.path.split(path)
    at = base.rfind("acoustic")
    found = os.path.join(d, base[:at] + "vocoder" + base[at + len("acoustic"):]) if at >= 0 else None
    return found if found and os.path.exists(found) else None


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("voice")
    p.add_argument("--say", required=True, help="the inflect-say to speak with")
    p.add_argument("--sentences", type=int, default=6, help="how many of the fixed sentences to speak")
    p.add_argument("--loudness", type=float, default=-20.0, help="integrated loudness to reach, LUFS")
    p.add_argument("--vocoder", help="the vocoder file, when VOICE is the acoustic file of a two-file voice")
    p.add_argument("-o", "--output", help="write here instead of rewriting the voice")
    a = p.parse_args()
    try:
        measure(a)
    except subprocess.CalledProcessError as e:
        # inflect-say's own message says what is wrong with the file (a pair's
        # acoustic half without --vocoder, say), not a traceback from here.
        said = (e.stderr or b"").decode("utf-8", "replace").strip()
        said = re.sub(r"\S*/plain\.gguf", lambda _: a.voice, said)  # the voice, not measure()'s copy of it
        sys.exit(f"measure_prosody: could not speak with {a.voice}: {said or f'exit status {e.returncode}'}")


def measure(a):
    with open(SENTENCES, encoding="utf-8") as f:
        texts = [line.strip() for line in f if line.strip()][:a.sentences]

    architecture = gguf.Reader(a.voice).fields.get("general.architecture")
    v2 = architecture == "inflect-v2"
    # The copy spoken below is not beside the vocoder the engine would find for the original.
    vocoder = a.vocoder or (sibling_vocoder(a.voice) if architecture == "inflect-acoustic" else None)
    changes = {k: None for k in STALE_KEYS}
    with tempfile.TemporaryDirectory() as tmp:
        plain = os.path.join(tmp, "plain.gguf")
        gguf.set_metadata(a.voice, plain, {"inflect.output.gain": None if v2 else (gguf.FLOAT32, 1.0),
                                           "inflect.prosody.f0_median": None})
        pair = ("--vocoder", vocoder) if vocoder else ()
        if not v2:
            loudness = listen.loudness_lufs(np.concatenate(speak_all(a.say, plain, texts, *pair)))
            gain = 10.0 ** ((a.loudness - loudness) / 20.0)
            print(f"loudness at gain 1: {loudness:.1f} LUFS -> gain {gain:.3f}")
            changes["inflect.output.gain"] = (gguf.FLOAT32, gain)
        medians = [f0_median(a.say, plain, i, *pair) for i in range(speakers(a.say, plain, *pair))]
        print("median F0 of the paragraph: " + ", ".join(f"{m:.1f} Hz" for m in medians))
    changes["inflect.prosody.f0_median"] = (gguf.ARRAY, (gguf.FLOAT32, medians))
    out = a.output or a.voice
    tmp_out = out + ".tmp"
    gguf.set_metadata(a.voice, tmp_out, changes)
    shutil.move(tmp_out, out)
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
