#!/usr/bin/python3
"""training/align.py --by-voice: a voice's durations warped onto a take along a DTW path.

Known answers: the identity path gives the voice's own durations back (a
token it gave no frame gets one from the longer of its nearest neighbours); a take twice as
slow doubles every duration; a pause the take holds longer goes to the token
that the voice spoke there. The sum is always the take's frame count.
"""
import os
import sys

from skip import skip

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))  # the training package


def main():
    try:
        import numpy as np
        from training.align import warp_durations
    except ImportError as e:
        skip(f"training/align.py needs numpy and PyTorch for {sys.executable} ({e})")
    failures = []

    def check(name, got, want):
        print(f"{name}: {list(got)}")
        if list(got) != list(want):
            failures.append(f"{name}: {list(got)}, expected {list(want)}")

    pred = np.array([2, 0, 3, 1])
    n = int(pred.sum())
    check("identity", warp_durations(pred, np.arange(n), np.arange(n), n), [2, 1, 2, 1])
    # Each voice frame i matches take frames 2i and 2i+1.
    pa = np.repeat(np.arange(n), 2)
    pb = np.arange(2 * n)
    check("twice as slow", warp_durations(pred, pa, pb, 2 * n), [4, 1, 5, 2])
    # The take holds voice frame 5 (the last token's) for 4 frames: a longer final pause.
    pa = np.array([0, 1, 2, 3, 4, 5, 5, 5, 5])
    pb = np.arange(9)
    check("longer pause", warp_durations(np.array([2, 3, 1]), pa, pb, 9), [2, 3, 4])
    for msg in failures:
        print("FAIL: " + msg)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
