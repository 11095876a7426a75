#!/usr/bin/python3
"""training/copy_synthesis.py on takes whose F0 span is known, rendered in known ways.

  /usr/bin/python3 tests/test_copy_synthesis.py

The held-out "recordings" are harmonic tones gliding exponentially over a
known span (p5 to p95 is 90% of it). Three renderers stand in for vocoders
whose answer is known: one replays each take (error 0), one renders it with
half its F0 range (error half the span), one hums at 150 Hz whatever the mel
says (error the whole span). Real vocoders are not used here: both shipped
ones render a steady harmonic tone's mel as a 93.75 Hz buzz (the 256-sample
hop at 24 kHz), which the pitch tracker reads as F0; the release gate runs
the measure on held-out speech (training/release_voice.py).
Exit 77 (skip) without PyTorch, numpy, scipy or soundfile.
"""
import math
import os
import shutil
import sys
import tempfile

from checks import check, finish
from skip import skip

WORK = tempfile.mkdtemp(prefix="inflect-copysyn-test-")
os.environ["INFLECT_WORK"] = WORK  # the cached mels go here, not into the user's cache
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))  # the training package
try:
    import numpy as np
    import soundfile as sf
    import torch
    from training import copy_synthesis
    from training.mel import HOP
except ImportError as e:
    skip(str(e))

SR = 24000
# (take id, F0 at the start, at the end, seconds): the lengths differ, so a renderer knows a take by its mel's.
GLIDES = (("glide_up", 120.0, 180.0, 2.0), ("glide_down", 220.0, 160.0, 2.5), ("steady", 170.0, 170.0, 3.0))


def glide(f_start, f_end, seconds):
    """Harmonics up to 5 kHz falling 6 dB an octave over an F0 moving exponentially from f_start to f_end."""
    t = np.arange(int(seconds * SR)) / SR
    f0 = f_start * (f_end / f_start) ** (t / seconds)
    phase = 2 * math.pi * np.cumsum(f0) / SR
    x = sum(np.where(h * f0 < 5000, np.sin(h * phase) / h, 0.0) for h in range(1, 50))
    return (0.3 * x / np.abs(x).max()).astype(np.float32)


def span(f_start, f_end):
    return 0.9 * 12 * abs(math.log2(f_end / f_start))


class Renderer(torch.nn.Module):
    """Stands in for a vocoder: the take whose length the mel has, its F0 glide mapped by `pitch`."""

    def __init__(self, pitch):
        super().__init__()
        self.pitch = pitch

    def forward(self, mel):
        for _, a, b, seconds in GLIDES:
            if int(seconds * SR) // HOP + 1 == mel.shape[-1]:
                return torch.from_numpy(glide(*self.pitch(a, b), seconds))[None, None]
        raise AssertionError(f"no take has {mel.shape[-1]} frames")


def main():
    corpus = os.path.join(WORK, "glides")
    os.makedirs(os.path.join(corpus, "wavs"))
    with open(os.path.join(corpus, "metadata.csv"), "w", encoding="utf-8") as f:
        for uid, a, b, seconds in GLIDES:
            sf.write(os.path.join(corpus, "wavs", uid + ".wav"), glide(a, b, seconds), SR)
            f.write(f"{uid}|a tone\n")
    heldout = os.path.join(corpus, "heldout.txt")
    with open(heldout, "w", encoding="utf-8") as f:
        f.writelines(g[0] + "\n" for g in GLIDES)

    for name, pitch, expected in (
            ("replay", lambda a, b: (a, b), lambda a, b: 0.0),
            ("half range", lambda a, b: (a, math.sqrt(a * b)), lambda a, b: span(a, b) / 2),
            ("hum", lambda a, b: (150.0, 150.0), span)):
        rendered = copy_synthesis.copy_synthesised(Renderer(pitch), corpus, heldout)
        errors = copy_synthesis.span_errors(rendered)
        check(sorted(errors) == sorted(g[0] for g in GLIDES), f"{name}: every take has a span error: {errors}")
        for uid, a, b, _ in GLIDES:
            check(abs(errors.get(uid, -9) - expected(a, b)) < 0.3,
                  f"{name}: error on {uid} {errors.get(uid, -9):.2f} st, expected {expected(a, b):.2f}")
        median = copy_synthesis.span_error(rendered, corpus)
        want = float(np.median([expected(a, b) for _, a, b, _ in GLIDES]))
        check(abs(median - want) < 0.3, f"{name}: median error {median:.2f} st, expected {want:.2f}")


try:
    main()
finally:
    shutil.rmtree(WORK, ignore_errors=True)
sys.exit(finish("copy synthesis measures a renderer's F0 span error"))
