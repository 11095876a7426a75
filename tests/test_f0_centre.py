#!/usr/bin/python3
"""The pitch-range centre the engine derives for a v2 voice whose file
stores none (engine/src/f0_centre.h), against what
training/measure_prosody.py would store for the same file.

  /usr/bin/python3 tests/test_f0_centre.py PROBE INFLECT_SAY DIR/v2-parity.txt [V1_VOICE]

PROBE is tests/f0_centre_probe.c. On the random-weight Nano-v2 and
Micro-v2 fixtures (tests/make_v2_parity.py):

- the derived centre is the tool's median F0 of the same paragraph to
  within 1%, and a second call answers from the voice's cache;
  inflect_voice_pitch_centre_pending says 1 before, 0 after, 0 for a copy
  that stores its centre, for a bad speaker and for a v1 voice;
- --pitch-range 0 gives exactly the samples of a copy of the file that
  stores the tool's number, the length of range 1, and F0 at the centre;
- four synths of one freshly opened voice asking at once all speak the
  same samples and leave the centre cached;
- a copy whose decoder puts out silence (no voiced frame to measure) fails
  --pitch-range 0 with a message that says why and what to do, and still
  speaks at range 1, and lists its utterances at range 0 (the frontend
  alone needs no centre).
- a range first asked mid-text by the control callback (as inflecttts
  reads a property changed while it speaks) is derived before the events
  of the utterance that asks, so they come just before its audio, not a
  second or more ahead of it; inflect_synth_measure derives it too; and
  on the silent copy the call fails before that utterance sends an event
  for audio that never comes.

The fixtures' output is a steady 93.75 Hz buzz (their 256-sample hop)
with no intonation (p5-p95 span about 0.001 semitones), so that range 0
narrows a voice's span cannot be measured on them; the pitch stage does
that on speech in tests/test_controls.py. With V1_VOICE (a shipped voice
that stores the tool's number), the engine's F0 analysis (f0_median.c) is
also held to the tool's YIN on that voice's reading of the paragraph, which
has real intonation: within 1%, and of the stored key.

Exit 77 (skip) without the fixtures or numpy.
"""
import os
import subprocess
import sys
import tempfile

from checks import check_shown as check, finish
from skip import skip, skip_unmade

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))  # the training package

TEXT = "Hello world. This is the second sentence, with a comma."


def probe(*args):
    p = subprocess.run([PROBE, *args], capture_output=True, text=True, timeout=240)
    if p.returncode != 0:
        return None, p.stderr.strip()
    return p.stdout.split(), ""


def mid_stream(voice, measure=False):
    """f0_centre_probe --mid-stream[-measure]: {'status', 'unheard' or
    'known', 'sentences': [(known, after_audio_ms, to_audio_ms)]}."""
    p = subprocess.run([PROBE, "--mid-stream-measure" if measure else "--mid-stream", voice], capture_output=True,
                       text=True, timeout=240)
    out = {"sentences": [], "stderr": p.stderr.strip()}
    for line in p.stdout.splitlines():
        w = line.split()
        if w[:1] == ["sentence"]:
            out["sentences"].append((int(w[3]), float(w[5]), float(w[7]) if w[7] != "none" else None))
        elif w[:1] == ["status"]:
            out["status"] = w[1]
            out["unheard" if w[2] == "events_unheard" else "known"] = int(w[3])
    return out


def main():
    global PROBE
    if len(sys.argv) not in (4, 5):
        sys.exit(__doc__)
    PROBE, say, manifest = sys.argv[1:4]
    v1_voice = sys.argv[4] if len(sys.argv) > 4 else None
    skip_unmade(manifest)
    try:
        import numpy as np
    except ImportError as e:
        skip(f"needs numpy: {e}")
    import listen
    from training import gguf, measure_prosody
    here = os.path.dirname(os.path.abspath(manifest))

    for name in ("nano-f16", "micro-q8_0"):
        voice = os.path.join(here, name + ".gguf")
        check("inflect.prosody.f0_median" not in gguf.Reader(voice).fields, f"{name}: stores no centre")
        out, err = probe(voice)
        check(out is not None, f"{name}: the engine derives a centre {err}")
        if out is None:
            continue
        derived, first_ms, cached_ms, again = (float(x) for x in out[:4])
        check(out[4:] == ["1", "0"], f"{name}: pending before it is derived, not after: {out[4:]}")
        tool = measure_prosody.f0_median(say, voice, 0)
        check(abs(derived / tool - 1) <= 0.01,
              f"{name}: derived centre {derived:.4f} Hz, measure_prosody {tool:.4f} Hz (within 1%)")
        check(again == derived and cached_ms < 0.05 * first_ms,
              f"{name}: derived once in {first_ms:.0f} ms, then from the cache in {cached_ms:.3f} ms")

        natural = listen.say(say, voice, TEXT)
        flat = listen.say(say, voice, TEXT, "--pitch-range", "0")
        with tempfile.TemporaryDirectory() as tmp:
            stored = os.path.join(tmp, "stored.gguf")
            gguf.set_metadata(voice, stored, {"inflect.prosody.f0_median": (gguf.ARRAY, (gguf.FLOAT32, [tool]))})
            flat_stored = listen.say(say, stored, TEXT, "--pitch-range", "0")
            pend, err = probe("--pending", stored)
        check(pend == ["0", "0", "0"], f"{name}: a file that stores its centre has none pending: {pend} {err}")
        pend, err = probe("--pending", voice)
        check(pend == ["1", "0", "0"], f"{name}: speaker 0 pending, no speaker 1 or -1: {pend} {err}")
        check(np.array_equal(flat, flat_stored),
              f"{name}: range 0 gives the samples of the file that stores the tool's centre")
        f0_nat, f0_flat = listen.f0_track(natural), listen.f0_track(flat)
        v = listen.voiced(f0_flat)
        med = float(np.median(v)) if v.size else 0.0
        check(len(flat) == len(natural) and abs(med / derived - 1) <= 0.01,
              f"{name}: range 0 in {len(flat)} samples (range 1: {len(natural)}), median F0 {med:.3f} Hz "
              f"at the centre")
        if v.size and listen.voiced(f0_nat).size:
            span_nat, span_flat = listen.span_semitones(f0_nat), listen.span_semitones(f0_flat)
            check(span_flat <= span_nat + 0.01,
                  f"{name}: span {span_flat:.4f} st at range 0, {span_nat:.4f} at range 1 (a buzz: nothing to "
                  f"narrow)")

    # Range 0 first asked by the control callback for the second sentence,
    # of a freshly opened voice: derived after the first sentence's audio and
    # before the second's events, which then come just before their audio.
    nano = os.path.join(here, "nano-f16.gguf")
    m = mid_stream(nano)
    s2 = m["sentences"][1] if len(m["sentences"]) == 2 else None
    check(m.get("status") == "ok" and s2 and s2[0] == 1 and s2[2] is not None and s2[2] < 0.25 * s2[1],
          f"range first asked mid-text: the second sentence's events after the centre, got {s2} "
          f"(known, ms after the first's audio, ms before their own; {m.get('status')}) {m['stderr']}")
    m = mid_stream(nano, measure=True)
    check(m.get("status") == "ok" and m.get("known") == 1,
          f"inflect_synth_measure with range 0 from the control callback derives the centre: {m}")

    out, err = probe("--threads", "4", os.path.join(here, "nano-f16.gguf"))
    check(out is not None and out[0] == "same" and float(out[3]) < 50,
          f"4 synths of one voice at range 0 at once: {out or err} (same audio, centre cached)")

    # A genuine failure: nothing voiced to take a median of.
    with tempfile.TemporaryDirectory() as tmp:
        r = gguf.Reader(os.path.join(here, "nano-f32.gguf"))
        w = gguf.Writer(alignment_key=False)
        w.add_fields(r)
        for name, array in r.tensors.items():
            w.add_tensor(name, np.zeros_like(array) if name == "dec.conv_post.weight" else array,
                         r.tensor_types[name])
        silent = os.path.join(tmp, "silent.gguf")
        w.write(silent)
        p = subprocess.run([say, "-v", silent, "--pitch-range", "0", "--raw", "f32le", TEXT], capture_output=True,
                           timeout=120)
        err = p.stderr.decode("utf-8", "replace").strip()
        check(p.returncode == 1 and "no voiced F0" in err and "f0_median" in err,
              f"a silent v2 voice at range 0: exit {p.returncode}, {err!r}")
        p = subprocess.run([say, "-v", silent, "--raw", "f32le", TEXT], capture_output=True, timeout=120)
        check(p.returncode == 0, f"a silent v2 voice at range 1: exit {p.returncode}")
        # Asked mid-text, the failure comes before the utterance that asks
        # sends any event: no word is announced that is never spoken.
        m = mid_stream(silent)
        check(m.get("status") == "unsupported_by_this_voice_or_build" and m.get("unheard") == 0 and len(m["sentences"]) == 1
              and "no voiced F0" in m["stderr"],
              f"a silent v2 voice asked for range 0 mid-text: {m.get('status')}, {len(m['sentences'])} sentence "
              f"events, {m.get('unheard')} events without audio, {m['stderr']!r}")
        m = mid_stream(silent, measure=True)
        check(m.get("status") == "unsupported_by_this_voice_or_build", f"the same measured: {m.get('status')} {m['stderr']!r}")
        # Listing the utterances runs only the frontend: it needs no centre.
        p = subprocess.run([say, "-v", silent, "--pitch-range", "0", "--phonemes", TEXT], capture_output=True,
                           timeout=120)
        check(p.returncode == 0 and p.stdout.startswith(b"{"),
              f"a silent v2 voice's utterances at range 0: exit {p.returncode}")

    if v1_voice:
        pend, err = probe("--pending", v1_voice)
        check(pend == ["0", "0", "0"], f"{os.path.basename(v1_voice)}: a v1 voice has no centre pending: {pend} {err}")
        stored = gguf.Reader(v1_voice).fields.get("inflect.prosody.f0_median")
        wav = listen.say(say, v1_voice, measure_prosody.PARAGRAPH)
        tool = float(np.median(listen.voiced(listen.f0_track(wav))))
        with tempfile.TemporaryDirectory() as tmp:
            raw = os.path.join(tmp, "paragraph.raw")
            wav.astype("<f4").tofile(raw)
            out, err = probe("--median", raw)
        engine = float(out[0]) if out else 0.0
        check(abs(engine / tool - 1) <= 0.01,
              f"{os.path.basename(v1_voice)}: the engine's analysis {engine:.4f} Hz, the tool's {tool:.4f} Hz "
              f"on the paragraph {err}")
        if stored:
            check(abs(engine / float(stored[0]) - 1) <= 0.01,
                  f"{os.path.basename(v1_voice)}: the engine's analysis {engine:.4f} Hz, stored "
                  f"{float(stored[0]):.4f} Hz")
    return finish("the derived pitch-range centre: all checks passed")


if __name__ == "__main__":
    sys.exit(main())
