#!/usr/bin/python3
"""The issue-9 acceptance grid of the prosody controls, measured on the audio.

  /usr/bin/python3 bench/measure_controls.py --say build/engine/inflect-say models/rms.gguf models/kathleen.gguf
      [--sentences 20] [--quick 5] [--wer] [--markdown out.md]

For each voice, on the first --sentences of tests/data/controls-sentences.txt
(our own sentences, none of the held-out prompts), with tests/listen.py:
- pitch-scale s in 0.75, 0.9, 1.1, 1.3, 1.5: median F0 ratio to scale 1
  (pooled voiced frames) and voiced-frame fraction relative to scale 1;
- pitch-range r in 0, 0.5, 1.5, 2: p5-p95 F0 span in semitones relative to
  r x the natural span, and the median F0 ratio;
- energy-scale e in 0.5, 0.7, 1.4, 2.0: speech-level change against
  20 log10(e);
- length-scale l in 0.5, 0.7, 1.5, 2.0: total duration ratio;
- at scale 1: integrated loudness (BS.1770), largest |DC mean| of a
  sentence, leading and trailing silence (below -50 dBFS in 10 ms frames).
Energy and length are exact by construction (an output gain, a running sum),
so they are measured on the first --quick sentences only. With --wer, each
pitch and energy setting is also transcribed by pocketsphinx
(training/asr.py), WER against the text.
"""
import argparse
import math
import os
import sys

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, ROOT)  # the training package and tests/listen.py
from tests import listen  # noqa: E402

PITCH = (0.75, 0.9, 1.1, 1.3, 1.5)
RANGE = (0.0, 0.5, 1.5, 2.0)
ENERGY = (0.5, 0.7, 1.4, 2.0)
LENGTH = (0.5, 0.7, 1.5, 2.0)


def silence_ms(wav, db=-50.0):
    """(leading, trailing) run of 10 ms frames quieter than db, in ms."""
    n = 240
    frames = wav[:len(wav) // n * n].reshape(-1, n)
    loud = np.nonzero(10 * np.log10(np.maximum((frames ** 2).mean(axis=1), 1e-12)) > db)[0]
    if loud.size == 0:
        return len(frames) * 10, len(frames) * 10
    return loud[0] * 10, (len(frames) - 1 - loud[-1]) * 10


class Voice:
    def __init__(self, say, path, texts, recognizer):
        self.say, self.path, self.texts, self.asr = say, path, texts, recognizer

    def speak(self, texts, *options):
        return [listen.say(self.say, self.path, t, *options) for t in texts]

    def wer(self, wavs, texts):
        """WER, the mean over the recogniser's frame phases (training/asr.py says why)."""
        if not self.asr:
            return None
        from training.evaluate import WER_PHASES
        from training.wer import wer
        hyps = [self.asr.transcribe_phases(w, listen.RATE, WER_PHASES) for w in wavs]
        return float(np.mean([wer(texts, [h[k] for h in hyps]) for k in range(WER_PHASES)]))


def pitch_of(wavs):
    f0 = np.concatenate([listen.f0_track(w) for w in wavs])
    return f0, np.count_nonzero(f0) / f0.size


def fmt_wer(w):
    return "" if w is None else f"{100 * w:.1f}%"


def measure(v, quick):
    rows = []  # (control, value, measured, target, pass, wer)
    texts, few = v.texts, v.texts[:quick]
    base = v.speak(texts)
    f0, voiced = pitch_of(base)
    median, span = np.median(listen.voiced(f0)), listen.span_semitones(f0)
    base_wer = v.wer(base, texts)
    lead_trail = [silence_ms(w) for w in base]
    hygiene = {"loudness": listen.loudness_lufs(np.concatenate(base)),
               "dc": max(abs(w.mean()) for w in base),
               "lead": (min(a for a, _ in lead_trail), max(a for a, _ in lead_trail)),
               "trail": (min(b for _, b in lead_trail), max(b for _, b in lead_trail)),
               "median": median, "span": span, "wer": base_wer}
    for s in PITCH:
        wavs = v.speak(texts, "--pitch-scale", str(s))
        f, vf = pitch_of(wavs)
        ratio = np.median(listen.voiced(f)) / median
        ok = abs(ratio / s - 1) <= 0.06 and vf >= 0.8 * voiced
        rows.append(("pitch-scale", s, f"F0 x{ratio:.3f}, voiced {vf / voiced:.2f}", f"x{s} +-6%, voiced >= 0.80",
                     ok, v.wer(wavs, texts)))
    for r in RANGE:
        wavs = v.speak(texts, "--pitch-range", str(r))
        f, _ = pitch_of(wavs)
        got, ratio = listen.span_semitones(f), np.median(listen.voiced(f)) / median
        want = r * span
        ok = abs(got - want) <= 0.2 * max(want, 0.0) + (0.0 if r else 0.2 * span) and abs(ratio - 1) <= 0.05
        rows.append(("pitch-range", r, f"span {got:.1f} st ({got / span:.2f} x natural), F0 x{ratio:.3f}",
                     f"{want:.1f} st +-20%, F0 +-5%", ok, None))
    level = np.mean([listen.speech_level_db(w) for w in v.speak(few)])
    short_base = sum(len(w) for w in v.speak(few))
    for e in ENERGY:
        wavs = v.speak(few if not v.asr else texts, "--energy-scale", str(e))
        got = np.mean([listen.speech_level_db(w) for w in wavs[:quick]]) - level
        want = 20 * math.log10(e)
        rows.append(("energy-scale", e, f"{got:+.2f} dB", f"{want:+.2f} +-1.5 dB", abs(got - want) <= 1.5,
                     v.wer(wavs, texts) if v.asr else None))
    for l in LENGTH:
        n = sum(len(w) for w in v.speak(few, "--length-scale", str(l)))
        rows.append(("length-scale", l, f"x{n / short_base:.3f}", f"x{l} +-3%", abs(n / short_base / l - 1) <= 0.03,
                     None))
    return rows, hygiene


def table(name, rows, hygiene, n_texts, quick):
    out = [f"### {name}", "",
           f"Natural: median F0 {hygiene['median']:.1f} Hz, p5-p95 span {hygiene['span']:.1f} semitones"
           + (f", WER {fmt_wer(hygiene['wer'])}" if hygiene["wer"] is not None else "")
           + f"; integrated loudness {hygiene['loudness']:.1f} LUFS; largest |DC| {hygiene['dc']:.5f}; "
           f"leading silence {hygiene['lead'][0]}-{hygiene['lead'][1]} ms, trailing "
           f"{hygiene['trail'][0]}-{hygiene['trail'][1]} ms ({n_texts} sentences; energy and length on {quick}).",
           "", "| control | value | measured | wanted | met | WER |", "|---|---:|---|---|---|---:|"]
    for c, val, got, want, ok, w in rows:
        out.append(f"| {c} | {val:g} | {got} | {want} | {'yes' if ok else '**no**'} | {fmt_wer(w)} |")
    return "\n".join(out) + "\n"


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("voices", nargs="+")
    p.add_argument("--say", required=True)
    p.add_argument("--sentences", type=int, default=20)
    p.add_argument("--quick", type=int, default=5)
    p.add_argument("--wer", action="store_true", help="transcribe with pocketsphinx (slow)")
    p.add_argument("--markdown")
    a = p.parse_args()
    with open(os.path.join(ROOT, "tests", "data", "controls-sentences.txt"), encoding="utf-8") as f:
        texts = [line.strip() for line in f if line.strip()][:a.sentences]
    recognizer = None
    if a.wer:
        from training.asr import Recognizer
        recognizer = Recognizer()
    md = []
    for path in a.voices:
        rows, hygiene = measure(Voice(a.say, path, texts, recognizer), a.quick)
        md.append(table(os.path.basename(path), rows, hygiene, len(texts), a.quick))
        print(md[-1], flush=True)
    if a.markdown:
        with open(a.markdown, "w", encoding="utf-8") as f:
            f.write("\n".join(md))


if __name__ == "__main__":
    main()
