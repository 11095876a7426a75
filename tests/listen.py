#!/usr/bin/python3
"""What a listener hears in synthesised audio: F0, level, loudness, duration.

Shared by the prosody-control tests (tests/test_controls.py, the GStreamer
ramp in tests/gst/test_controls_gst.py) and the measuring script
bench/measure_controls.py, so the suite and the published table judge the
audio the same way.

- F0: the YIN tracker of training/prosody.py (the one the acoustic model's
  pitch targets were made with), median-filtered, 0 where unvoiced.
- Level: RMS over the frames that are not silence, in dBFS, so a change of
  speech level is not diluted by pauses.
- Loudness: integrated loudness per ITU-R BS.1770-4 (training/loudness.py).
"""
import math
import os
import subprocess
import sys

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)  # for the training package
from training.loudness import integrated_loudness  # noqa: E402
from training.prosody import frame_f0  # noqa: E402

RATE = 24000
HOP = 256


def say(inflect_say, voice, text, *options):
    """Float samples of `text` spoken by inflect-say with extra command-line options."""
    out = subprocess.run([inflect_say, "--voice", voice, "--raw", "f32le", *options, "--", text],
                         check=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE).stdout
    return np.frombuffer(out, dtype="<f4").astype(np.float64)


def f0_track(wav):
    """F0 in Hz per 256-sample frame, 0 where unvoiced."""
    return frame_f0(wav.astype(np.float32)).astype(np.float64)


def voiced(track):
    return track[track > 0]


def semitones(ratio):
    return 12.0 * math.log2(ratio)


def span_semitones(f0):
    """p5-p95 spread of voiced F0 in semitones."""
    v = voiced(f0)
    return semitones(np.percentile(v, 95) / np.percentile(v, 5))


def frame_levels_db(wav):
    """Mean square per hop-sized frame, in dBFS."""
    n = len(wav) // HOP
    ms = (wav[:n * HOP].reshape(n, HOP) ** 2).mean(axis=1)
    return 10.0 * np.log10(np.maximum(ms, 1e-12))


def speech_level_db(wav, floor_db=-40.0, reference_db=None):
    """RMS in dBFS of the frames within 40 dB of the loudest (or of reference_db)."""
    levels = frame_levels_db(wav)
    top = levels.max() if reference_db is None else reference_db
    keep = levels > top + floor_db
    return 10.0 * math.log10(np.mean(10.0 ** (levels[keep] / 10.0)))


def loudness_lufs(wav, rate=RATE):
    """Integrated loudness (BS.1770-4) of a mono signal."""
    return integrated_loudness(np.asarray(wav, dtype=np.float64), rate)
