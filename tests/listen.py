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
- Loudness: integrated loudness per ITU-R BS.1770-4 (K-weighting, 400 ms
  blocks with 75% overlap, -70 LUFS absolute and -10 LU relative gates),
  written here from the recommendation.
"""
import math
import os
import subprocess
import sys

import numpy as np
from scipy.signal import lfilter

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "training"))
from prosody import frame_f0  # noqa: E402

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


def _k_weighting(rate):
    """The two BS.1770 pre-filters (high shelf, then high pass) as (b, a) pairs at `rate`."""
    # Shelf: +4 dB above ~1.7 kHz; high pass ~38 Hz. Analog prototypes of the
    # recommendation's 48 kHz coefficients, re-discretised by the bilinear
    # transform so any sample rate gets the same response.
    f, gain_db, q = 1681.974450955533, 3.999843853973347, 0.7071752369554196
    k = math.tan(math.pi * f / rate)
    vh = 10.0 ** (gain_db / 20.0)
    vb = vh ** 0.4996667741545416
    a0 = 1.0 + k / q + k * k
    shelf = ([(vh + vb * k / q + k * k) / a0, 2.0 * (k * k - vh) / a0, (vh - vb * k / q + k * k) / a0],
             [1.0, 2.0 * (k * k - 1.0) / a0, (1.0 - k / q + k * k) / a0])
    f, q = 38.13547087602444, 0.5003270373238773
    k = math.tan(math.pi * f / rate)
    a0 = 1.0 + k / q + k * k
    highpass = ([1.0, -2.0, 1.0], [1.0, 2.0 * (k * k - 1.0) / a0, (1.0 - k / q + k * k) / a0])
    return shelf, highpass


def loudness_lufs(wav, rate=RATE):
    """Integrated loudness of a mono signal (BS.1770-4), or -inf when all of it is gated out."""
    y = np.asarray(wav, dtype=np.float64)
    for b, a in _k_weighting(rate):
        y = lfilter(b, a, y)
    block, step = int(0.4 * rate), int(0.1 * rate)
    if len(y) < block:
        return float("-inf")
    starts = range(0, len(y) - block + 1, step)
    power = np.array([np.mean(y[s:s + block] ** 2) for s in starts])
    lk = -0.691 + 10.0 * np.log10(np.maximum(power, 1e-20))
    power = power[lk > -70.0]
    if power.size == 0:
        return float("-inf")
    relative = -0.691 + 10.0 * math.log10(power.mean()) - 10.0
    power = power[-0.691 + 10.0 * np.log10(power) > relative]
    return -0.691 + 10.0 * math.log10(power.mean())
