#!/usr/bin/python3
"""training/make_flite_corpus.py --pitch-variants on two lines, judged on the audio.

A variant must keep its take's exact length (it reuses the take's durations),
move the median F0 by the asked factor and scale the excursion as asked; a
held-out line must get no variant. The F0 tracker is tests/listen.py's.

  test_pitch_variants.py
"""
import os
import shutil
import subprocess
import sys
import tempfile

from skip import skip

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)

LINES = [("rms-00001", "He'll kiss it and make it better."),
         ("rms-00002", "On the eighth night, my heart was troubled within me, and I could not sleep.")]
VARIANTS = [(0.8, 1.0), (1.25, 1.0), (1.0, 0.3), (1.0, 1.8)]


def main():
    for tool, package in (("flite", "flite"), ("praat", "praat")):
        if shutil.which(tool) is None:
            skip(f"needs {tool} (apt-get install {package})")
    try:
        import numpy as np
        import soundfile as sf
        import scipy  # noqa: F401 (make_flite_corpus resamples with it)
    except ImportError as e:
        skip(f"needs numpy, scipy and soundfile for {sys.executable} ({e})")
    sys.path.insert(0, HERE)
    import listen

    failures = []
    with tempfile.TemporaryDirectory() as tmp:
        text = os.path.join(tmp, "text.csv")
        with open(text, "w", encoding="utf-8") as f:
            f.writelines(f"{uid}|{t}\n" for uid, t in LINES)
        held = os.path.join(tmp, "heldout.txt")
        with open(held, "w", encoding="utf-8") as f:
            f.write("# held out\nrms-00001\n")
        out = os.path.join(tmp, "corpus")
        spec = ",".join(f"{m}:{r}" for m, r in VARIANTS)
        # PYTHONPATH: `-m training.make_flite_corpus` runs this tree's package, whatever the working directory.
        subprocess.run([sys.executable, "-m", "training.make_flite_corpus", "--text", text,
                        "--out", out, "--heldout", held, "--pitch-variants", spec], check=True,
                       env=dict(os.environ, PYTHONPATH=ROOT, PYTHONSAFEPATH="1"))

        with open(os.path.join(out, "variants.csv"), encoding="utf-8") as f:
            rows = [line.rstrip("\n").split("|") for line in f if line.strip()]
        with open(os.path.join(out, "metadata.csv"), encoding="utf-8") as f:
            meta = [line.split("|")[0] for line in f if line.strip()]
        if any(src == "rms-00001" for _, src in rows):
            failures.append("the held-out line got pitch variants")
        if len(rows) != len(VARIANTS) or any(vid not in meta for vid, _ in rows):
            failures.append(f"{len(rows)} variants listed, {len(VARIANTS)} asked, all in metadata.csv expected")

        take, _ = sf.read(os.path.join(out, "wavs", "rms-00002.wav"))
        f0 = listen.f0_track(take)
        base, base_span = np.median(listen.voiced(f0)), listen.span_semitones(f0)
        print(f"take: {len(take)} samples, median F0 {base:.1f} Hz, span {base_span:.1f} st")
        for (vid, _), (mean, rng) in zip(rows, VARIANTS):
            wav, _ = sf.read(os.path.join(out, "wavs", vid + ".wav"))
            g = listen.f0_track(wav)
            ratio = np.median(listen.voiced(g)) / base
            span = listen.span_semitones(g)
            print(f"{vid}: x{mean} range x{rng}: {len(wav)} samples, F0 x{ratio:.3f}, span {span:.1f} st, "
                  f"voiced {np.count_nonzero(g) / g.size:.2f} (take {np.count_nonzero(f0) / f0.size:.2f})")
            if len(wav) != len(take):
                failures.append(f"{vid}: {len(wav)} samples, the take has {len(take)}")
            if abs(ratio / mean - 1) > 0.04:
                failures.append(f"{vid}: median F0 x{ratio:.3f}, asked x{mean}")
            if abs(span - rng * base_span) > max(0.25 * rng * base_span, 1.0):
                failures.append(f"{vid}: span {span:.1f} st, asked {rng} x {base_span:.1f}")
    for msg in failures:
        print("FAIL: " + msg)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
