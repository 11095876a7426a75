#!/usr/bin/python3
"""Upstream-layout models through inflect-say, as a user would run them.

  /usr/bin/python3 tests/test_upstream_cli.py INFLECT_SAY DIR/parity.txt

DIR holds what training/make_parity.py made from a random model with
upstream's layout: upstream.gguf (converted to our one-file voice) and the
two-file community layout, upstream-{f16,q8,q4k}-{acoustic,vocoder}.gguf. Without PyTorch there are none: skip.
"""
import json
import os
import shutil
import struct
import subprocess
import sys
import tempfile

failures = []


def check(cond, what):
    if not cond:
        failures.append(what)
        print(f"FAIL: {what}", file=sys.stderr)


def run(*args):
    p = subprocess.run([SAY, *args], capture_output=True, timeout=120)
    return p.returncode, p.stdout, p.stderr.decode("utf-8", "replace")


def speaks(what, *args):
    """The command writes a WAV of 24 kHz mono speech that is not silent."""
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "out.wav")
        code, _, err = run(*args, "-o", out, "Dr. Smith paid $3.50 at 10:30.")
        check(code == 0, f"{what}: exit {code}: {err.strip()}")
        if code != 0:
            return
        data = open(out, "rb").read()
        rate = struct.unpack("<I", data[24:28])[0]
        samples = struct.unpack(f"<{(len(data) - 44) // 2}h", data[44:44 + (len(data) - 44) // 2 * 2])
        check(rate == 24000, f"{what}: {rate} Hz")
        check(len(samples) > 2400 and max(abs(s) for s in samples) > 100, f"{what}: silent or empty audio")


def fails(what, mention, *args):
    code, out, err = run(*args, "hello")
    check(code == 1 and err.startswith("inflect-say: ") and err.count("\n") == 1,
          f"{what}: exit {code}, stderr {err!r}")
    check(mention in err, f"{what}: {err.strip()!r} does not mention {mention!r}")


def main():
    global SAY
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    SAY, manifest = sys.argv[1], sys.argv[2]
    if open(manifest).read().startswith("skip "):
        print("no upstream models: made without PyTorch")
        sys.exit(77)
    d = os.path.dirname(manifest)
    one, f16, q8 = (os.path.join(d, n) for n in ("upstream.gguf", "upstream-f16", "upstream-q8"))

    speaks("converted one-file voice", "--voice", one)
    speaks("F16 pair found by name", "--voice", f16 + "-acoustic.gguf")
    speaks("Q8_0 pair found by name", "--voice", q8 + "-acoustic.gguf")
    speaks("Q4_K pair found by name", "--voice", os.path.join(d, "upstream-q4k-acoustic.gguf"))
    speaks("pair given with --vocoder", "--voice", q8 + "-acoustic.gguf", "--vocoder", f16 + "-vocoder.gguf")
    speaks("second speaker", "--voice", f16 + "-acoustic.gguf", "--speaker", "1")

    # The frontend the file asks for: upstream ids, tones and lang.
    code, out, err = run("--voice", f16 + "-acoustic.gguf", "--phonemes", "Hello, world.")
    check(code == 0, f"--phonemes: exit {code}: {err}")
    if code == 0:
        u = json.loads(out.decode().splitlines()[0])
        check(u["phone"][3:10:2] == [49, 23, 70, 80], f"--phonemes: hello is {u['phone'][3:10:2]}")
        check(u["tone"][1] == 7 and u["lang"][1] == 2, "--phonemes: pad tone/lang")

    # One word event per written word, even when it is read as several.
    with tempfile.TemporaryDirectory() as tmp:
        code, out, _ = run("--voice", one, "--timings", "-o", os.path.join(tmp, "t.wav"),
                           "He paid $3.50, then left.")
        words = [json.loads(line)["text"] for line in out.decode().splitlines() if '"word"' in line]
        check(code == 0 and words == ["He", "paid", "$3.50", "then", "left"], f"--timings words: {words}")

    with tempfile.TemporaryDirectory() as tmp:
        lonely = os.path.join(tmp, "model-acoustic.gguf")
        shutil.copy(f16 + "-acoustic.gguf", lonely)
        fails("acoustic file without its vocoder", "name its vocoder file too", "--voice", lonely)
    fails("vocoder given as the voice", "is an upstream vocoder", "--voice", f16 + "-vocoder.gguf")
    fails("two acoustic files", "not inflect-vocoder", "--voice", f16 + "-acoustic.gguf", "--vocoder",
          q8 + "-acoustic.gguf")
    fails("our voice as an upstream vocoder", "not inflect-vocoder", "--voice", f16 + "-acoustic.gguf",
          "--vocoder", one)
    fails("--vocoder without --voice", "--vocoder needs --voice", "--vocoder", f16 + "-vocoder.gguf")

    if failures:
        sys.exit(f"{len(failures)} failures")
    print("all upstream CLI checks passed")


if __name__ == "__main__":
    main()
