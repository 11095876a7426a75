#!/usr/bin/python3
"""A GstController curve is heard inside an utterance: inflectsrc with a
shipped voice, the audio measured with tests/listen.py.

  GST_PLUGIN_PATH=build/gst /usr/bin/python3 tests/test_controls_gst.py models/kathleen.gguf

- pitch-scale ramps linearly from 1.0 to 1.5 over the first 8 s of a
  paragraph of about 10 s: the median F0 of its last 2 s over that of its
  first 2 s is at least 1.3 times the same ratio spoken without the ramp
  (the paragraph's own contour falls toward its end, and a voice with a
  wider intonation falls further: kathleen's at intonation 1.6 and natural
  range 1.15 reads 0.90 unramped);
- energy-scale ramps from 1.0 to 2.0 likewise: the speech level of the last
  2 s is at least 1.3 times (+2.3 dB) that of the first 2 s.
The paragraph is two long sentences, so a curve followed only at sentence
starts (as before) would leave most of each flat.
Exit 77 (skip) without PyGObject's GStreamer bindings or the plugin.
"""
import math
import sys

import numpy as np

import listen
from checks import check_shown as check, finish
from skip import skip

PARAGRAPH = ("The old lighthouse on the northern cape was painted white and red, and every evening its keeper "
             "climbed the narrow stairs to light the lamp. "
             "Ships that passed in the dark could see it shining across the water for many miles.")

try:
    import gi
    gi.require_version("Gst", "1.0")
    gi.require_version("GstController", "1.0")
    from gi.repository import Gst, GstController
except (ImportError, ValueError) as e:
    skip(f"no GStreamer bindings for Python ({e})")


def speak(voice, prop=None, start=1.0, end=1.0, ramp_s=8.0):
    """Samples of PARAGRAPH from inflectsrc, with `prop` ramped from start to end over ramp_s seconds."""
    pipeline = Gst.parse_launch("inflectsrc name=src ! audio/x-raw,format=F32LE ! appsink name=sink sync=false")
    src = pipeline.get_by_name("src")
    src.set_property("voice", voice)
    src.set_property("text", PARAGRAPH)
    if prop:
        cs = GstController.InterpolationControlSource()
        cs.set_property("mode", GstController.InterpolationMode.LINEAR)
        cs.set(0, start)
        cs.set(int(ramp_s * Gst.SECOND), end)
        src.add_control_binding(GstController.DirectControlBinding.new_absolute(src, prop, cs))
    sink = pipeline.get_by_name("sink")
    pipeline.set_state(Gst.State.PLAYING)
    chunks = []
    while True:
        sample = sink.emit("try-pull-sample", 30 * Gst.SECOND)
        if sample is None:
            break
        buf = sample.get_buffer()
        chunks.append(np.frombuffer(buf.extract_dup(0, buf.get_size()), dtype="<f4"))
    bus_error = pipeline.get_bus().pop_filtered(Gst.MessageType.ERROR)
    pipeline.set_state(Gst.State.NULL)
    if bus_error:
        sys.exit(f"pipeline error: {bus_error.parse_error()[0].message}")
    return np.concatenate(chunks).astype(np.float64)


def ends(wav, seconds=2.0):
    n = int(seconds * listen.RATE)
    return wav[:n], wav[-n:]


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    voice = sys.argv[1]
    Gst.init(None)
    if Gst.ElementFactory.find("inflectsrc") is None:
        skip("the inflect plugin is not on GST_PLUGIN_PATH")

    def end_to_start(wav):
        first, last = (np.median(listen.voiced(listen.f0_track(w))) for w in ends(wav))
        return first, last, last / first

    wav = speak(voice)
    check(9.0 < len(wav) / listen.RATE < 13.0, f"paragraph lasts {len(wav) / listen.RATE:.1f} s, about 10 wanted")
    natural = end_to_start(wav)[2]
    first, last, ramped = end_to_start(speak(voice, "pitch-scale", 1.0, 1.5))
    check(ramped >= 1.3 * natural, f"pitch-scale ramp 1 -> 1.5: median F0 {first:.0f} Hz first 2 s, {last:.0f} Hz "
          f"last 2 s (x{ramped:.2f}; unramped x{natural:.2f}: x{ramped / natural:.2f} of it, want >= 1.3)")

    wav = speak(voice, "energy-scale", 1.0, 2.0)
    first, last = (listen.speech_level_db(w) for w in ends(wav))
    check(last - first >= 20 * math.log10(1.3), f"energy-scale ramp 1 -> 2: level {last - first:+.1f} dB from the "
          "first 2 s to the last (want >= +2.3)")

    return finish("all GStreamer control checks passed")


if __name__ == "__main__":
    sys.exit(main())
