#!/usr/bin/python3
"""bench/bench.py on every kind of voice the engine opens, briefly.

  /usr/bin/python3 tests/test_bench.py BUILD_DIR VOICE...

Runs bench.py once per voice (one repeat, the default kernel path, PyTorch
on one thread, a short text instead of the paragraph) and checks that it
ends without an error and that its table has a time, a GFLOP/s and an
FMA-peak row for every stage of the voice's graph (v1: acoustic model and
vocoder; v2: text encoder with durations, flow, decoder) with a number for
the engine and for PyTorch, and FLOPs in its notes. The suite passes our own
voice format, a converted upstream one-file voice, an upstream two-file pair
and a quantized v2 fixture: issue 15 asks that bench.py work on
every voice the engine opens. The timings themselves are not judged.
"""
import os
import re
import subprocess
import sys

from checks import check, finish

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BENCH = os.path.join(ROOT, "bench", "bench.py")
TEXT = "Hello there, how are you?"
STAGES = {False: ["acoustic model", "vocoder"], True: ["text encoder, durations", "flow", "decoder"]}


def is_v2(path):
    sys.path.insert(0, ROOT)  # the training package
    from training import gguf
    return gguf.Reader(path).fields.get("general.architecture") == "inflect-v2"


def rows(table):
    """{row name: [cells]} of the markdown table's body."""
    out = {}
    for line in table.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")] if line.startswith("|") else []
        if len(cells) > 1:
            out[cells[0]] = cells[1:]
    return out


def bench(build, voice):
    name = os.path.basename(voice)
    p = subprocess.run([sys.executable, BENCH, "--voice", voice, "--build", build, "--repeats", "1", "--threads",
                        "1", "--kernels", "default", "--paragraph", TEXT], capture_output=True, text=True,
                       timeout=240)
    check(p.returncode == 0, f"{name}: bench.py exit {p.returncode}: {p.stderr.strip()[-400:]}")
    if p.returncode != 0:
        return
    table = rows(p.stdout)
    for stage in STAGES[is_v2(voice)]:
        for label, number in ((f"{stage} (ms, wall / CPU)", r"\d+ / \d+"),
                              (f"{stage}: GFLOP/s per wall / CPU second", r"(\d+\.\d / \d+\.\d|-)"),
                              (f"{stage}: share of the FMA peak (CPU time)", r"(\d+% of \w+|-)")):
            cells = table.get(label)
            check(cells is not None and len(cells) == 2 and all(re.fullmatch(number, c) for c in cells),
                  f"{name}: row {label!r} is {cells}")
    flops = re.search(r"this paragraph ([0-9.e+-]+) GFLOP", p.stdout)
    check(flops is not None and float(flops.group(1)) > 0, f"{name}: no FLOPs in the notes")
    print(f"{name}: ok")


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    for voice in sys.argv[2:]:
        bench(sys.argv[1], voice)
    return finish("bench.py ran on every voice")


if __name__ == "__main__":
    sys.exit(main())
