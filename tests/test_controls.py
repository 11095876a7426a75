#!/usr/bin/python3
"""The prosody controls of the shipped voices, judged on the output audio.

  /usr/bin/python3 tests/test_controls.py INFLECT_SAY models/rms.gguf [models/kathleen.gguf ...]

For each voice, spoken by inflect-say and measured with tests/listen.py (YIN
F0, speech level, integrated loudness):
- length-scale l gives l times the duration (within 3%);
- energy-scale e changes the speech level by 20 log10(e) dB (within 1.5 dB);
- pitch-scale 0.75 and 1.3 move the median F0 by that factor (within 6%),
  keeping at least 80% of the voiced frames;
- pitch-range 0 brings the p5-p95 F0 span under 0.2 of the natural one and
  2 makes it 1.6 to 2.4 times as wide, the median F0 staying within 5%
  (issue 9's tolerances);
- on the sentence tests/test_speechd.py speaks, pitch-range 0 and 2 (spd-say
  -R -100 and +100, whose samples that test proves are these) make the span
  under 0.3 and over 1.5 times the natural one;
- the voice plays at -20 LUFS (within 1 LU) with no DC offset (|mean| under
  0.001 of full scale).
The full grid of the issue (pitch 0.75-1.5, range 0-2, ...) on 22 sentences
is bench/measure_controls.py's, with its table in docs/controls.md: eight
of them here keep the suite fast.
"""
import math
import sys

import os

import numpy as np

import listen
from checks import check_shown as check, finish
from test_speechd import TEXT as SPEECHD

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))  # the training package

# The first eight of bench/measure_controls.py's 22 sentences; pitch range
# is judged on their F0 pooled. Two sentences were too few (2026-12-05):
# over every pair of the 22, the shipped rms read range 2 at 1.60 to 1.92
# times its natural span (10th to 90th percentile; all 22 pooled: 1.76),
# and a candidate vocoder refused at 1.49 on the pair this test used read
# 1.73 on all 22. The first eight pooled read within 0.03 of all 22 for
# each of five voices.
with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "data", "controls-sentences.txt"),
          encoding="utf-8") as f:
    SENTENCES = [line.strip() for line in f if line.strip()][:8]
SHORT = "Please put the blue folder on the shelf beside the window."
# SPEECHD, what a screen-reader user hears first, is judged here rather
# than in tests/test_speechd.py (which proves spd-say plays these samples)
# because the release gate (training/release_voice.py) runs this test on a
# candidate voice: on 2026-12-06 a candidate passed the gate and read range
# 2 at 1.35 times on that sentence, which only the suite refused. One short
# sentence reads the range less steadily than eight pooled, hence the
# lower bar.


def speak(voice, *options, texts=SENTENCES):
    return [listen.say(SAY, voice, t, *options) for t in texts]


def pitch(wavs):
    f0 = np.concatenate([listen.f0_track(w) for w in wavs])
    return f0, np.count_nonzero(f0) / f0.size


def check_voice(voice):
    name = voice.rsplit("/", 1)[-1]
    base = speak(voice)
    f0, voiced = pitch(base)
    median, span = np.median(listen.voiced(f0)), listen.span_semitones(f0)

    whole = np.concatenate(base)
    lufs = listen.loudness_lufs(whole)
    check(abs(lufs + 20.0) <= 1.0, f"{name}: integrated loudness {lufs:.1f} LUFS, want -20 +-1")
    check(all(abs(w.mean()) < 1e-3 for w in base), f"{name}: DC offsets {[round(w.mean(), 5) for w in base]}")

    short = speak(voice, texts=[SHORT])[0]
    for l in (0.5, 2.0):
        n = len(speak(voice, "--length-scale", str(l), texts=[SHORT])[0])
        check(abs(n / len(short) / l - 1) <= 0.03, f"{name}: length-scale {l}: duration x{n / len(short):.3f}")
    level = listen.speech_level_db(short)
    for e in (0.5, 2.0):
        got = listen.speech_level_db(speak(voice, "--energy-scale", str(e), texts=[SHORT])[0], reference_db=None)
        want = 20 * math.log10(e)
        check(abs(got - level - want) <= 1.5, f"{name}: energy-scale {e}: {got - level:+.2f} dB, want {want:+.2f}")

    for s, min_voiced in ((0.75, 0.8), (1.3, 0.8)):
        f, v = pitch(speak(voice, "--pitch-scale", str(s)))
        ratio = np.median(listen.voiced(f)) / median
        check(abs(ratio / s - 1) <= 0.06 and v >= min_voiced * voiced,
              f"{name}: pitch-scale {s}: median F0 x{ratio:.3f}, voiced {v / voiced:.2f} of natural")
    for r, lo, hi in ((0.0, 0.0, 0.2), (2.0, 1.6, 2.4)):
        f, _ = pitch(speak(voice, "--pitch-range", str(r)))
        got_span, ratio = listen.span_semitones(f), np.median(listen.voiced(f)) / median
        check(lo <= got_span / span <= hi and abs(ratio - 1) <= 0.05,
              f"{name}: pitch-range {r}: span {got_span:.1f} st ({got_span / span:.2f} x natural {span:.1f}), "
              f"median x{ratio:.3f}")
    spans = [listen.span_semitones(pitch(speak(voice, "--pitch-range", r, texts=[SPEECHD]))[0])
             for r in ("0", "1", "2")]
    check(spans[0] < 0.3 * spans[1] and spans[2] > 1.5 * spans[1],
          f"{name}: speech-dispatcher's sentence at pitch-range 0, 1, 2: spans "
          + ", ".join(f"{x:.2f}" for x in spans) + " st, want under 0.3 and over 1.5 x the natural")


def main():
    global SAY
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    SAY = sys.argv[1]
    for voice in sys.argv[2:]:
        check_voice(voice)
    return finish("all control checks passed")


if __name__ == "__main__":
    sys.exit(main())
