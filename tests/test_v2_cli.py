#!/usr/bin/python3
"""Inflect v2 voices through inflect-say, as a user would run them.

  /usr/bin/python3 tests/test_v2_cli.py INFLECT_SAY DIR/v2-parity.txt [V1_VOICE]

DIR holds the random-weight Nano-v2 and Micro-v2 fixtures that
tests/make_v2_parity.py wrote. Checks that text is spoken; that the ids of
"hello world." are upstream's spelling; that ids given with --ids come out
as the PyTorch reference's audio; that --variation and --seed repeat and
differ as they should; that --length-scale lengthens; that --pitch-scale
0.8 moves F0 by its factor; that --pitch-range plays on a file without a
stored F0 centre (the engine derives one: tests/test_f0_centre.py holds it
to training/measure_prosody.py) and a stored one is used where there is one;
that --variation on a v1 voice, --seed without --variation and --vocoder
with a v2 one are refused; that --low-memory and --threads give the same audio; and that
--list-voices shows a v2
file. Exit 77 (skip) without the fixtures or PyTorch.
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile

from checks import check, finish
from skip import skip, skip_unmade

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def run(*args, stdin=None):
    p = subprocess.run([SAY, *args], input=stdin, capture_output=True, timeout=120)
    return p.returncode, p.stdout, p.stderr.decode("utf-8", "replace")


def samples(voice, text, *args):
    """float32 samples of inflect-say --raw f32le."""
    import numpy as np
    code, out, err = run("-v", voice, "--raw", "f32le", *args, text)
    check(code == 0, f"{os.path.basename(voice)} {args}: exit {code}: {err.strip()}")
    return np.frombuffer(out, "<f4")


def refused(what, mention, *args):
    code, _, err = run(*args, "hello")
    check(code == 1 and err.startswith("inflect-say: ") and mention in err,
          f"{what}: exit {code}, stderr {err.strip()!r} (should mention {mention!r})")


def main():
    global SAY
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    SAY = sys.argv[1]
    manifest = sys.argv[2]
    v1_voice = sys.argv[3] if len(sys.argv) > 3 else None
    skip_unmade(manifest)
    try:
        import numpy as np
        import torch  # noqa: F401
    except ImportError as e:
        skip(f"needs numpy and PyTorch: {e}")
    from training import gguf
    from training import v2_model as v2
    import listen
    here = os.path.dirname(os.path.abspath(manifest))
    text = "Hello world. This is the second sentence, with a comma."

    for size in ("nano", "micro"):
        voice = os.path.join(here, f"{size}-f16.gguf")
        a = samples(voice, text)
        check(len(a) > 24000 // 2 and float(np.abs(a).max()) > 1e-3, f"{size}: {len(a)} samples, silent or short")
        check(np.array_equal(a, samples(voice, text)), f"{size}: variation 0 is not deterministic")
        s7 = samples(voice, text, "--variation", "0.667", "--seed", "7")
        check(len(s7) == len(a), f"{size}: the noise changed the length ({len(s7)} vs {len(a)})")
        check(np.array_equal(s7, samples(voice, text, "--variation", "0.667", "--seed", "7")),
              f"{size}: a seed does not repeat")
        s8 = samples(voice, text, "--variation", "0.667", "--seed", "8")
        check(not np.array_equal(s7, s8) and not np.array_equal(s7, a), f"{size}: seed or variation has no effect")
        slow = samples(voice, text, "--length-scale", "2")
        ratio = len(slow) / max(len(a), 1)
        check(1.8 < ratio < 2.2, f"{size}: --length-scale 2 gives {ratio:.2f} times the samples")

        # The frontend: upstream's own spelling of "hello world." (docs/v2.md).
        code, out, err = run("-v", voice, "--phonemes", "Hello world.")
        check(code == 0, f"{size}: --phonemes: {err.strip()}")
        if code == 0:
            got = json.loads(out.decode().splitlines()[0])["phone"]
            want = v2.intersperse(v2.SYMBOL_IDS[ch] for ch in "həlˈoʊ wˈɜːld.")
            check(got == want, f"{size}: 'Hello world.' gives ids {got}, upstream {want}")

        # Ids straight through the CLI against the reference: the whole
        # engine path (output stage included) on the same weights.
        c, p, _ = v2.load_v2(voice)
        ids = v2.intersperse(v2.SYMBOL_IDS[ch] for ch in "ðɪs ɪz ɐ tˈɛst.")
        ref = v2.synthesize(c, p, ids, variation=0.5, seed=3)["audio"].numpy()
        utt = json.dumps({"phone": ids, "tone": [0] * len(ids), "lang": [0] * len(ids)})
        code, out, err = run("-v", voice, "--ids", "-", "--raw", "f32le", "--variation", "0.5", "--seed", "3",
                             stdin=utt.encode())
        check(code == 0, f"{size}: --ids: {err.strip()}")
        got = np.frombuffer(out, "<f4")
        check(len(got) == len(ref), f"{size}: --ids gave {len(got)} samples, the reference {len(ref)}")
        if len(got) == len(ref):
            # The output stage's 20 Hz DC blocker (output_stage.c), started
            # settled on the first sample; below its limiter (0.8 of full
            # scale) nothing else changes the model's samples.
            pole = np.exp(-2 * np.pi * 20 / 24000)
            x1, y1, ref = ref[0], 0.0, ref.astype(np.float64)
            for i in range(len(ref)):
                x = ref[i]
                y1, x1 = x - x1 + pole * y1, x
                ref[i] = y1
            quiet = np.abs(ref) < 0.75
            err_max = float(np.abs(got - ref)[quiet].max())
            check(err_max < 1e-4, f"{size}: --ids audio differs from the reference by {err_max:.3g}")

        # Pitch scale goes through the output audio's pitch stage, as on a v1
        # voice. The random fixture buzzes at 93.75 Hz (its 256-sample
        # hop), a steady pitch to measure the factor on; time is kept. Only
        # lowering is measured: the buzz's energy is spread over its whole
        # cycle, not in a pulse as a voice's is, so overlap-add has no pulse
        # to space closer (1.2 comes out aperiodic on it; on speech the
        # stage is measured in tests/test_controls.py).
        low = samples(voice, text, "--pitch-scale", "0.8")
        f0, f0_low = listen.voiced(listen.f0_track(a)), listen.voiced(listen.f0_track(low))
        ratio = float(np.median(f0_low) / np.median(f0)) if f0.size and f0_low.size else 0.0
        check(len(low) == len(a) and abs(ratio / 0.8 - 1) <= 0.06 and f0_low.size >= 0.8 * f0.size,
              f"{size}: --pitch-scale 0.8 gives F0 x{ratio:.3f}, {f0_low.size} voiced frames of {f0.size}, "
              f"in {len(low)} samples (scale 1: {len(a)})")
        # Pitch range scales around the speaker's centre: the file's
        # measured one where it stores it, else one the engine derives from
        # the voice's own speech (engine/src/f0_centre.h). A stored centre an
        # octave above the buzz must win over the derived one: range 0 then
        # pulls F0 up to it.
        derived = samples(voice, text, "--pitch-range", "0")
        check(len(derived) == len(a), f"{size}: --pitch-range 0 without a stored centre: {len(derived)} samples "
              f"(range 1: {len(a)})")
        with tempfile.TemporaryDirectory() as tmp:
            centred = os.path.join(tmp, "centred.gguf")
            high = 2 * float(np.median(f0))
            gguf.set_metadata(voice, centred, {"inflect.prosody.f0_median": (gguf.ARRAY, (gguf.FLOAT32, [high]))})
            flat = samples(centred, text, "--pitch-range", "0")
            check(len(flat) == len(a) and not np.array_equal(flat, derived),
                  f"{size}: --pitch-range 0 with a stored centre: {len(flat)} samples (scale 1: {len(a)}), "
                  f"the same as with the derived one")
        refused(f"{size}: variation 2", "--variation", "-v", voice, "--variation", "2")
        refused(f"{size}: seed -1", "--seed", "-v", voice, "--seed", "-1")
        # A seed alone would change nothing; an explicit --variation 0 with it is a script's way to turn noise off.
        refused(f"{size}: seed without variation", "--variation, which was not given", "-v", voice, "--seed", "7")
        check(np.array_equal(samples(voice, text, "--variation", "0", "--seed", "7"), a),
              f"{size}: --variation 0 --seed 7 is not the deterministic audio")
        # A vocoder given to a v2 voice (one file, its decoder inside): the
        # mistake named, not the voice's architecture as if it were wrong.
        refused(f"{size}: --vocoder", "one-file Inflect v2 voice (architecture 'inflect-v2'): it takes no vocoder",
                "-v", voice, "--vocoder", os.path.join(here, "nano-f16.gguf"))
        loud = samples(voice, text, "--energy-scale", "0.5")
        check(len(loud) == len(a) and float(np.abs(loud).max()) < float(np.abs(a).max()),
              f"{size}: --energy-scale 0.5 is not quieter")

    # A low-memory voice reads its layers from the file, in smaller chunks;
    # threads share the decoder's work: the same audio either way.
    for name in ("nano-q8_0", "micro-mixed-q8_0"):
        voice = os.path.join(here, name + ".gguf")
        a = samples(voice, text)
        check(np.array_equal(a, samples(voice, text, "--low-memory")), f"{name}: --low-memory changes the audio")
        check(np.array_equal(a, samples(voice, text, "--threads", "2")), f"{name}: --threads 2 changes the audio")

    if v1_voice:
        refused("v1 voice: variation", "no variation", "-v", v1_voice, "--variation", "0.5")

    with tempfile.TemporaryDirectory() as tmp:
        shutil.copy(os.path.join(here, "micro-q8_0.gguf"), os.path.join(tmp, "micro-v2.gguf"))
        env = dict(os.environ, INFLECT_VOICE_PATH=tmp, XDG_DATA_HOME=tmp, XDG_DATA_DIRS=tmp)
        p = subprocess.run([SAY, "--list-voices"], capture_output=True, timeout=60, env=env)
        check(p.returncode == 0 and b"micro-v2\ten-us" in p.stdout,
              f"--list-voices does not show the v2 voice: {p.stdout!r} {p.stderr!r}")
        p = subprocess.run([SAY, "-v", "micro-v2", "-o", os.path.join(tmp, "a.wav"), "Hi."], capture_output=True,
                           timeout=60, env=env)
        check(p.returncode == 0, f"a v2 voice by name: {p.stderr!r}")

    return finish("v2 through inflect-say: all checks passed")


if __name__ == "__main__":
    sys.exit(main())
