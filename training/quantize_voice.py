"""Requantise a voice: its large matrices stored as Q8_0, Q6_K or Q4_K.

  /usr/bin/python3 -m training.quantize_voice models/rms.gguf --type q8_0 -o rms-q8_0.gguf
  inflect-say --voice rms-q8_0.gguf "Hello there."

Reads an F16 voice (our one-file voice, or one file of an upstream pair) and
writes it again with every matrix the community converter can quantize in
the given type: embeddings, the encoder and decoder matrices, the heads and
projections, the GRU's input weights, and the convolutions flattened to one
row per output channel (docs/upstream.md lists those shapes; the engine reads
them in any file). A matrix that block padding would make larger than in F16
stays F16; vectors, Snake alphas and the GRU's recurrent weights keep their
type. Keys are copied unchanged.

Which type (docs/upstream.md has the measurements): Q8_0 sounds as F16 does
and is the one to use; Q4_K and Q6_K save more disk with a small loss. The
engine keeps the quantized matrices quantized in memory (widened a layer at
a time as it runs them), so a quantized voice also saves memory: kathleen in
Q8_0 peaks at 22 MB against 26 MB in F16 (docs/benchmarks.md).
"""
import argparse
import os

from . import gguf
from .convert_upstream import community_tensor

TYPES = {"q8_0": gguf.Q8_0, "q6_k": gguf.Q6_K, "q4_k": gguf.Q4_K}


def kind_of(reader, name):
    """("acoustic" or "vocoder", name without the file's prefix)."""
    arch = reader.fields.get("general.architecture")
    if arch == "inflect-acoustic":
        return "acoustic", name
    if arch == "inflect-vocoder":
        return "vocoder", name[len("generator."):] if name.startswith("generator.") else name
    for kind in ("acoustic", "vocoder"):
        if name.startswith(kind + "."):
            return kind, name[len(kind) + 1:]
    raise SystemExit(f"quantize_voice: tensor {name} is neither acoustic. nor vocoder.")


def quantize_voice(src, dst, matrix_type):
    r = gguf.Reader(src)
    w = gguf.Writer()
    w.add_fields(r, skip=("general.alignment",))  # the writer sets its own
    for name, a in r.tensors.items():
        if r.tensor_types[name] not in (gguf.F16, gguf.F32):
            raise SystemExit(f"quantize_voice: {src} is already quantized ({name}); start from its F16 voice")
        kind, bare = kind_of(r, name)
        w.add_tensor(name, *community_tensor(kind, bare, a.astype("float32"), matrix_type, quantize_all=True))
    w.write(dst)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("voice", help="an F16 voice file")
    p.add_argument("--type", choices=sorted(TYPES), default="q8_0")
    p.add_argument("-o", "--output", required=True)
    a = p.parse_args()
    quantize_voice(a.voice, a.output, TYPES[a.type])
    print(f"wrote {a.output} ({a.type}): {os.path.getsize(a.output) / 1e6:.1f} MB, "
          f"from {os.path.getsize(a.voice) / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
