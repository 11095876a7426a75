"""Writes the fixture of test_quant: tensors quantized by training/gguf.py,
each beside the float32 values that module decodes them to, for the engine
to decode the same bytes to the same values.

Copyright (C) 2026 The Inflect authors
SPDX-License-Identifier: LGPL-2.1-or-later

Usage: make_quant_fixture.py OUT.gguf (an empty file when numpy is missing:
the test then skips this part)

Tensors, all under "acoustic." so the engine's weight loader can fetch them:
  NAME      the source values stored as NAME's type (last axis padded)
  NAME.ref  float32, what gguf.py decodes NAME to (padding included)
  NAME.src  float32, the source values
for NAME in bf16, q8_0, q4_0, q4_k, q6_k ([3, 300] matrices) and the
weights of three layers: lin.weight (Q8_0 Linear [6, 40]), conv.weight
(Q4_K Conv1d [4, 3, 5]) and up.weight (Q6_K ConvTranspose1d [4, 3, 4]),
each layer with an F32 bias.
"""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))  # the training package

# Largest error allowed, relative to the largest source magnitude: what each
# encoding reaches on Gaussian data with room to spare.
TOLERANCE = {"bf16": 0.005, "q8_0": 0.01, "q4_0": 0.15, "q4_k": 0.1, "q6_k": 0.04}


def main(out):
    try:
        import numpy as np
        from training import gguf
    except ImportError:
        open(out, "wb").close()
        return
    rng = np.random.default_rng(20260)
    types = {"bf16": gguf.BF16, "q8_0": gguf.Q8_0, "q4_0": gguf.Q4_0, "q4_k": gguf.Q4_K, "q6_k": gguf.Q6_K}
    w = gguf.Writer()

    def add(name, x, ttype, tolerance):
        x = x.astype(np.float32)
        data, shape = gguf.quantize(x, ttype)
        ref = gguf.dequantize(data, ttype, shape)
        err = np.abs(ref[..., :x.shape[-1]] - x).max() / np.abs(x).max()
        if not err <= tolerance:
            raise SystemExit(f"{name}: {gguf.TYPE_NAMES[ttype]} error {err:.4f} exceeds {tolerance}")
        w.add_tensor(f"acoustic.{name}", x, ttype)
        w.add_tensor(f"acoustic.{name}.ref", ref, gguf.F32)
        w.add_tensor(f"acoustic.{name}.src", x, gguf.F32)

    for name, ttype in types.items():
        x = rng.standard_normal((3, 300)) * 0.2
        x[1] += 0.3  # a row whose values share a sign
        x[2, :40] = 0  # whole zero blocks
        add(name, x, ttype, TOLERANCE[name])
    layers = {"lin": ((6, 40), gguf.Q8_0, 6), "conv": ((4, 3, 5), gguf.Q4_K, 4), "up": ((4, 3, 4), gguf.Q6_K, 3)}
    for name, (shape, ttype, c_out) in layers.items():
        add(name + ".weight", rng.standard_normal(shape) * 0.1, ttype, TOLERANCE[gguf.TYPE_NAMES[ttype].lower()])
        w.add_tensor(f"acoustic.{name}.bias", rng.standard_normal(c_out) * 0.1, gguf.F32)
    w.write(out)


if __name__ == "__main__":
    main(sys.argv[1])
