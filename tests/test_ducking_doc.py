#!/usr/bin/python3
"""The ducking example of docs/gstreamer.md does what the page says.

The Python block that follows the page's "Ducking" paragraph is run as a
user would run it, on two subtitles and a "film" of 48 kHz stereo sound:

  GST_PLUGIN_PATH=build/gst INFLECT_VOICE=models/rms.gguf \
      /usr/bin/python3 tests/test_ducking_doc.py docs/gstreamer.md

The film is a steady 10 kHz tone, above everything the rms voice makes (its
spectrum ends near 8 kHz), so the tone's amplitude in the mix, measured in
20 ms windows, is the programme's gain, and the mix below 7 kHz is the
voice. Checked: the output keeps the film's 48 kHz stereo; while the voice
speaks the programme is at the example's 0.25 (-12 dB), after 300 ms of
quiet it is back at 1.0.
Exit 77 (skip) without PyGObject's GStreamer bindings or the plugin.
"""
import os
import re
import subprocess
import sys
import tempfile

import numpy as np
import soundfile as sf
from scipy.signal import butter, sosfiltfilt

from checks import check_shown as check, finish
from skip import skip

RATE = 48000
TONE_HZ = 10000.0
TONE_AMPLITUDE = 0.3
FILM_S = 10.0
WINDOW = 960  # 20 ms: exactly 200 periods of the tone
SUBTITLES = """1
00:00:01,000 --> 00:00:03,500
The first subtitle is spoken here.

2
00:00:06,000 --> 00:00:08,500
And a second one follows it later.
"""
DUCKED, FULL = 0.25, 1.0  # the example's programme volumes


def ducking_example(page):
    """The first ```python block after the paragraph that starts with 'Ducking'."""
    text = open(page, encoding="utf-8").read()
    start = text.index("\nDucking")
    m = re.compile(r"```python\n(.*?)```", re.S).search(text, start)
    return m.group(1)


def tone_gain(mix):
    """The 10 kHz tone's amplitude per 20 ms window, over its amplitude in the film."""
    n = mix.shape[0] // WINDOW * WINDOW
    t = np.arange(n) / RATE
    x = mix[:n].mean(axis=1)
    i = (x * np.cos(2 * np.pi * TONE_HZ * t)).reshape(-1, WINDOW).mean(axis=1)
    q = (x * np.sin(2 * np.pi * TONE_HZ * t)).reshape(-1, WINDOW).mean(axis=1)
    return 2 * np.hypot(i, q) / TONE_AMPLITUDE


def voice_level_db(mix):
    """Level of the mix below 7 kHz (the voice) per 20 ms window, dBFS."""
    low = sosfiltfilt(butter(8, 7000, fs=RATE, output="sos"), mix.mean(axis=1))
    n = low.size // WINDOW * WINDOW
    rms = np.sqrt(np.mean(low[:n].reshape(-1, WINDOW) ** 2, axis=1))
    return 20 * np.log10(np.maximum(rms, 1e-9))


def main():
    try:
        import gi
        gi.require_version("Gst", "1.0")
        from gi.repository import Gst
    except (ImportError, ValueError) as e:
        skip(f"no GStreamer bindings for Python ({e})")
    Gst.init(None)
    if Gst.ElementFactory.find("inflecttts") is None:
        skip("the inflect plugin is not on GST_PLUGIN_PATH")

    with tempfile.TemporaryDirectory() as tmp:
        script = os.path.join(tmp, "duck.py")
        with open(script, "w") as f:
            f.write(ducking_example(sys.argv[1]))
        srt = os.path.join(tmp, "film.srt")
        with open(srt, "w") as f:
            f.write(SUBTITLES)
        film = os.path.join(tmp, "film.wav")
        t = np.arange(int(FILM_S * RATE)) / RATE
        tone = TONE_AMPLITUDE * np.sin(2 * np.pi * TONE_HZ * t)
        sf.write(film, np.stack([tone, tone], axis=1), RATE, subtype="PCM_16")
        out = os.path.join(tmp, "mixed.wav")
        run = subprocess.run([sys.executable, script, srt, film, out], timeout=120,
                             capture_output=True, text=True)
        check(run.returncode == 0, f"the example exits 0 (got {run.returncode}: {run.stderr.strip()[-300:]})")
        if run.returncode != 0:
            return 1
        mix, rate = sf.read(out, always_2d=True)

    check(rate == RATE and mix.shape[1] == 2, f"the mix keeps the film's 48 kHz stereo (got {rate} Hz, "
                                              f"{mix.shape[1]} channels)")
    check(mix.shape[0] >= (FILM_S - 0.1) * RATE, f"the mix is as long as the film ({mix.shape[0] / RATE:.2f} s)")
    gain = tone_gain(mix)
    speaking = voice_level_db(mix) > -50.0
    windows = speaking.size
    # Windows well inside speech (the volume follows the level's 50 ms
    # reports, so allow two windows at each onset) and well after it.
    onset_lag, release = 3, int(0.4 * RATE / WINDOW)
    inside = np.array([speaking[max(0, k - onset_lag):k + 1].all() for k in range(windows)])
    quiet = np.array([not speaking[max(0, k - release):k + 1].any() for k in range(windows)])
    check(inside.sum() > 50, f"the voice spoke ({inside.sum()} windows of 20 ms)")
    ducked = np.abs(gain[inside] - DUCKED) < 0.15 * DUCKED
    check(ducked.mean() >= 0.95, f"programme at {DUCKED} under speech in {ducked.mean():.1%} of the windows "
                                 f"(median gain {np.median(gain[inside]):.3f})")
    full = np.abs(gain[quiet] - FULL) < 0.05
    check(quiet.sum() > 50 and full.mean() >= 0.95,
          f"programme back at {FULL} after the quiet in {full.mean():.1%} of {quiet.sum()} windows "
          f"(median gain {np.median(gain[quiet]):.3f})")
    return finish("ducking example: all checks passed")


if __name__ == "__main__":
    sys.exit(main())
