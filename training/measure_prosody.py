"""Measure how a voice file speaks, on its own output audio, and store it in
the file (docs/model-format.md, "Prosody"; docs/controls.md).

  /usr/bin/python3 -m training.measure_prosody models/kathleen.gguf --say build/engine/inflect-say

Speaks a fixed set of sentences (tests/data/controls-sentences.txt, the
first --sentences of them) with inflect-say and writes into the voice file,
tensors byte for byte unchanged:

- inflect.output.gain: the gain that brings the integrated loudness
  (BS.1770, tests/listen.py) of those sentences to --loudness LUFS, so every
  shipped voice plays at one level;
- inflect.prosody.pitch_offsets / pitch_ratios: the pitch response. The
  network follows its pitch feature only within the range it was trained
  on, so the engine cannot assume that adding ln(s)/0.45 multiplies F0 by s.
  The feature is offset by each value of a grid; ln of the median F0 ratio
  that came out is recorded, for the run of offsets around 0 over which F0
  keeps rising and the voiced frames stay at 75% or more of the unshifted
  voice's (below that the voice audibly breaks into creak and whisper). pitch_scale s is then the offset whose measured ratio is s,
  interpolated, and clamped to the ends of that run.

Each measurement is made on a copy of the voice without these keys, at gain 1.
The speaker's mean pitch (the centre of pitch_range) is not written: the
audio's mean log-F0 is not the feature the network centres on where it
follows its feature less than 1:1 (rms: pitch-range 2 then moved the median
F0 by +6% instead of +1%), so the engine derives it from the pitch head
(engine/src/speaker_pitch.c).
"""
import argparse
import math
import os
import shutil
import tempfile

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
from tests import listen

from . import gguf
from .acoustic import F0_SPREAD

SENTENCES = os.path.join(ROOT, "tests", "data", "controls-sentences.txt")
OFFSETS = [-1.5, -1.2, -0.9, -0.6, -0.3, 0.0, 0.3, 0.6, 0.9, 1.2, 1.5]
MIN_VOICING = 0.75
KEYS = ("inflect.prosody.pitch_offsets", "inflect.prosody.pitch_ratios")


def speak_all(say, voice, texts, *options):
    return [listen.say(say, voice, t, *options) for t in texts]


def pitch_stats(wavs):
    """(pooled voiced F0 frames, voiced fraction) of a list of utterances."""
    tracks = [listen.f0_track(w) for w in wavs]
    f0 = np.concatenate(tracks)
    return listen.voiced(f0), np.count_nonzero(f0) / f0.size


def response(say, voice, texts, speaker):
    """[(offset, ln median F0 ratio)] over the usable run of OFFSETS."""
    rows = {}
    for off in OFFSETS:
        scale = math.exp(F0_SPREAD * off)
        v, frac = pitch_stats(speak_all(say, voice, texts, "--speaker", str(speaker), "--pitch-scale", f"{scale:.6f}"))
        rows[off] = (v, frac)
        print(f"  speaker {speaker} offset {off:+.1f}: median F0 {np.median(v):6.1f} Hz, voiced {frac:.2f}",
              flush=True)
    base, base_frac = rows[0.0]
    ratio = {off: math.log(np.median(v) / np.median(base)) for off, (v, _) in rows.items()}
    usable = {off for off, (_, frac) in rows.items() if frac >= MIN_VOICING * base_frac}
    i0 = OFFSETS.index(0.0)
    lo = hi = i0
    while hi + 1 < len(OFFSETS) and OFFSETS[hi + 1] in usable and ratio[OFFSETS[hi + 1]] > ratio[OFFSETS[hi]]:
        hi += 1
    while lo > 0 and OFFSETS[lo - 1] in usable and ratio[OFFSETS[lo - 1]] < ratio[OFFSETS[lo]]:
        lo -= 1
    return [(OFFSETS[i], ratio[OFFSETS[i]]) for i in range(lo, hi + 1)]


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
    speakers = gguf.Reader(a.voice).fields["inflect.speakers"]

    with tempfile.TemporaryDirectory() as tmp:
        plain = os.path.join(tmp, "plain.gguf")
        gguf.set_metadata(a.voice, plain, {"inflect.output.gain": (gguf.FLOAT32, 1.0),
                                           **{k: None for k in KEYS}})
        loudness = listen.loudness_lufs(np.concatenate(speak_all(a.say, plain, texts)))
        gain = 10.0 ** ((a.loudness - loudness) / 20.0)
        print(f"loudness at gain 1: {loudness:.1f} LUFS -> gain {gain:.3f}")
        # One table for the file, the first speaker's (every shipped voice has one).
        table = response(a.say, plain, texts, 0)
        print(f"speaker {speakers[0]}: response " + ", ".join(f"{o:+.1f} -> x{math.exp(r):.3f}" for o, r in table))
    changes = {"inflect.output.gain": (gguf.FLOAT32, gain)}
    if len(table) >= 2:
        changes["inflect.prosody.pitch_offsets"] = (gguf.ARRAY, (gguf.FLOAT32, [o for o, _ in table]))
        changes["inflect.prosody.pitch_ratios"] = (gguf.ARRAY, (gguf.FLOAT32, [r for _, r in table]))
    out = a.output or a.voice
    tmp_out = out + ".tmp"
    gguf.set_metadata(a.voice, tmp_out, changes)
    shutil.move(tmp_out, out)
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
