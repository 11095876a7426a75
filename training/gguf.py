"""GGUF v3 writer and reader (numpy only): the container of voice files.

docs/model-format.md describes what a voice file holds; this module only
knows the container. Tensors are given and returned in PyTorch dimension
order; the file stores them reversed (GGUF lists the fastest axis first).
"""
import struct

import numpy as np

MAGIC = b"GGUF"
VERSION = 3
ALIGNMENT = 32

UINT8, INT8, UINT16, INT16, UINT32, INT32, FLOAT32, BOOL, STRING, ARRAY, UINT64, INT64, FLOAT64 = range(13)
_SCALAR = {UINT8: "<B", INT8: "<b", UINT16: "<H", INT16: "<h", UINT32: "<I", INT32: "<i", FLOAT32: "<f",
           BOOL: "<?", UINT64: "<Q", INT64: "<q", FLOAT64: "<d"}

F32, F16 = 0, 1
_TENSOR_DTYPE = {F32: np.dtype("<f4"), F16: np.dtype("<f2")}


def _pad(n, align=ALIGNMENT):
    return (align - n % align) % align


def _string(s):
    b = s.encode("utf-8")
    return struct.pack("<Q", len(b)) + b


def _value(vtype, value):
    if vtype == STRING:
        return _string(value)
    return struct.pack(_SCALAR[vtype], value)


class Writer:
    """Collects keys and tensors, then writes them in one go."""

    def __init__(self):
        self._kv = []
        self._tensors = []
        self.add("general.alignment", UINT32, ALIGNMENT)

    def add(self, key, vtype, value):
        self._kv.append((key, vtype, value))

    def add_array(self, key, elem_type, values):
        self._kv.append((key, ARRAY, (elem_type, list(values))))

    def add_tensor(self, name, array, ttype):
        """array in PyTorch order; stored as F16 or F32."""
        a = np.ascontiguousarray(np.asarray(array, dtype=np.float32).astype(_TENSOR_DTYPE[ttype]))
        if not 1 <= a.ndim <= 4:
            raise ValueError(f"{name}: {a.ndim} dimensions (GGUF allows 1 to 4)")
        if not np.all(np.isfinite(a)):
            raise ValueError(f"{name}: not finite after conversion to {a.dtype}")
        self._tensors.append((name, a, ttype))

    def write(self, path):
        out = bytearray()
        out += MAGIC + struct.pack("<IQQ", VERSION, len(self._tensors), len(self._kv))
        for key, vtype, value in self._kv:
            out += _string(key) + struct.pack("<I", vtype)
            if vtype == ARRAY:
                elem_type, values = value
                out += struct.pack("<IQ", elem_type, len(values))
                for v in values:
                    out += _value(elem_type, v)
            else:
                out += _value(vtype, value)
        offset = 0
        for name, a, ttype in self._tensors:
            out += _string(name) + struct.pack("<I", a.ndim)
            out += b"".join(struct.pack("<Q", d) for d in reversed(a.shape))
            out += struct.pack("<IQ", ttype, offset)
            offset += a.nbytes + _pad(a.nbytes)
        out += b"\0" * _pad(len(out))
        for _, a, _ in self._tensors:
            out += a.tobytes() + b"\0" * _pad(a.nbytes)
        with open(path, "wb") as f:
            f.write(out)


class Reader:
    """Parses a whole file: `fields` maps keys to Python values (arrays as
    lists), `tensors` maps names to numpy arrays in PyTorch order."""

    def __init__(self, path):
        with open(path, "rb") as f:
            self._buf = f.read()
        self._pos = 0
        if self._take(4) != MAGIC:
            raise ValueError(f"{path}: not a GGUF file")
        version, n_tensors, n_kv = struct.unpack("<IQQ", self._take(20))
        if version not in (2, 3):
            raise ValueError(f"{path}: GGUF version {version}")
        self.fields = {}
        for _ in range(n_kv):
            key = self._str()
            self.fields[key] = self._read_value(struct.unpack("<I", self._take(4))[0])
        align = self.fields.get("general.alignment", ALIGNMENT)
        infos = []
        for _ in range(n_tensors):
            name = self._str()
            n_dims = struct.unpack("<I", self._take(4))[0]
            dims = struct.unpack(f"<{n_dims}Q", self._take(8 * n_dims))
            ttype, offset = struct.unpack("<IQ", self._take(12))
            if ttype not in _TENSOR_DTYPE:
                raise ValueError(f"{path}: tensor {name} has type {ttype}, only F32 and F16 are read")
            infos.append((name, tuple(reversed(dims)), ttype, offset))
        data = self._pos + _pad(self._pos, align)
        self.tensors = {}
        for name, shape, ttype, offset in infos:
            dtype = _TENSOR_DTYPE[ttype]
            count = int(np.prod(shape))
            start = data + offset
            if start + count * dtype.itemsize > len(self._buf):
                raise ValueError(f"{path}: tensor {name} runs past the end of the file")
            self.tensors[name] = np.frombuffer(self._buf, dtype, count, start).reshape(shape)

    def _take(self, n):
        if self._pos + n > len(self._buf):
            raise ValueError("GGUF file truncated")
        b = self._buf[self._pos:self._pos + n]
        self._pos += n
        return b

    def _str(self):
        n = struct.unpack("<Q", self._take(8))[0]
        return self._take(n).decode("utf-8")

    def _read_value(self, vtype):
        if vtype == STRING:
            return self._str()
        if vtype == ARRAY:
            elem_type, count = struct.unpack("<IQ", self._take(12))
            return [self._read_value(elem_type) for _ in range(count)]
        fmt = _SCALAR[vtype]
        return struct.unpack(fmt, self._take(struct.calcsize(fmt)))[0]


def read_voice_tensors(path, prefix):
    """{name without prefix: float32 torch tensor} for every tensor under
    `prefix` ("acoustic." or "vocoder.") of a voice file."""
    import torch
    r = Reader(path)
    return {name[len(prefix):]: torch.from_numpy(a.astype(np.float32))
            for name, a in r.tensors.items() if name.startswith(prefix)}
