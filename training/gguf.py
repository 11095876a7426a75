"""GGUF v3 writer and reader (numpy only): the container of voice files.

docs/model-format.md describes what a voice file holds; this module only
knows the container. Tensors are given and returned in PyTorch dimension
order; the file stores them reversed (GGUF lists the fastest axis first).

Besides F32 and F16 it writes and reads BF16 and four of GGML's block
formats (Q8_0, Q4_0, Q4_K, Q6_K), as community conversions store weights.
A block format packs runs of the last axis (32 values, or 256 for the K
formats) with shared scales; the last axis is zero-padded to whole blocks,
and the reader returns the padded array, decoded to float32.
"""
import os
import struct

import numpy as np

MAGIC = b"GGUF"
VERSION = 3
ALIGNMENT = 32

UINT8, INT8, UINT16, INT16, UINT32, INT32, FLOAT32, BOOL, STRING, ARRAY, UINT64, INT64, FLOAT64 = range(13)
_SCALAR = {UINT8: "<B", INT8: "<b", UINT16: "<H", INT16: "<h", UINT32: "<I", INT32: "<i", FLOAT32: "<f",
           BOOL: "<?", UINT64: "<Q", INT64: "<q", FLOAT64: "<d"}

# GGML tensor type codes.
F32, F16, Q4_0, Q8_0, Q4_K, Q6_K, BF16 = 0, 1, 2, 8, 12, 14, 30
TYPE_NAMES = {F32: "F32", F16: "F16", Q4_0: "Q4_0", Q8_0: "Q8_0", Q4_K: "Q4_K", Q6_K: "Q6_K", BF16: "BF16"}
_TENSOR_DTYPE = {F32: np.dtype("<f4"), F16: np.dtype("<f2")}
# Types stored as raw blocks: (values per block, bytes per block).
_BLOCK = {BF16: (1, 2), Q4_0: (32, 18), Q8_0: (32, 34), Q4_K: (256, 144), Q6_K: (256, 210)}


def _pad(n, align=ALIGNMENT):
    return (align - n % align) % align


def _string(s):
    b = s.encode("utf-8")
    return struct.pack("<Q", len(b)) + b


def _value(vtype, value):
    if vtype == STRING:
        return _string(value)
    return struct.pack(_SCALAR[vtype], value)


def _entry(key, vtype, value):
    """A key-value entry as the file holds it; an array's value is
    (element type, values)."""
    out = _string(key) + struct.pack("<I", vtype)
    if vtype == ARRAY:
        elem_type, values = value
        return out + struct.pack("<IQ", elem_type, len(values)) + b"".join(_value(elem_type, v) for v in values)
    return out + _value(vtype, value)


def _half_bytes(d):
    """float16 scales as their little-endian bytes, one row per block."""
    return np.asarray(d, "<f2").view(np.uint8).reshape(-1, 2)


def _inverse(d):
    """1/d where d != 0, else 0 (an all-zero block encodes as zeros)."""
    d = np.asarray(d, np.float32)
    return np.divide(np.float32(1), d, out=np.zeros_like(d), where=d != 0)


def _rounded_half(x):
    """x as float16 and back: the scale the decoder will see."""
    h = np.asarray(x, np.float32).astype(np.float16)
    return h, h.astype(np.float32)


# Each quantizer takes float32 blocks [n, values per block] and returns their
# bytes [n, bytes per block]; each decoder does the reverse, with its float32
# operations in the order the engine (engine/src/quant.c) and GGML use, so
# both decode a file to the same values.

def _quantize_bf16(x):
    # Round to nearest even on the top 16 bits of the float32.
    u = x.view(np.uint32).astype(np.uint64)
    u = (u + 0x7FFF + ((u >> 16) & 1)) >> 16
    return u.astype("<u2").view(np.uint8).reshape(len(x), 2)


def _dequantize_bf16(b):
    return (b.view("<u2").astype(np.uint32) << 16).view(np.float32)


def _quantize_q8_0(x):
    """d = max|x| / 127 and q = round(x / d), a signed byte per value."""
    d, df = _rounded_half(np.abs(x).max(axis=1) / 127)
    q = np.clip(np.rint(x * _inverse(df)[:, None]), -127, 127).astype(np.int8)
    return np.concatenate([_half_bytes(d), q.view(np.uint8)], axis=1)


def _dequantize_q8_0(b):
    d = b[:, :2].copy().view("<f2").astype(np.float32)
    return b[:, 2:].view(np.int8).astype(np.float32) * d


def _quantize_q4_0(x):
    """d = -m / 8 for m the value of largest magnitude, q = round(x / d) + 8
    in 0..15; byte j holds value j (low nibble) and value j + 16 (high)."""
    m = x[np.arange(len(x)), np.abs(x).argmax(axis=1)]
    d, df = _rounded_half(m / -8)
    q = np.clip(np.rint(x * _inverse(df)[:, None]) + 8, 0, 15).astype(np.uint8)
    return np.concatenate([_half_bytes(d), q[:, :16] | (q[:, 16:] << 4)], axis=1)


def _dequantize_q4_0(b):
    d = b[:, :2].copy().view("<f2").astype(np.float32)
    qs = b[:, 2:]
    q = np.concatenate([qs & 15, qs >> 4], axis=1).astype(np.int32) - 8
    return q.astype(np.float32) * d


def _pack_k_scales(ls, lm):
    """Eight 6-bit scales and mins [n, 8] into GGML's 12 bytes: groups 0-3 in
    the low six bits of bytes 0-3 (scales) and 4-7 (mins); groups 4-7 as
    nibbles of bytes 8-11 plus their top two bits in the spare bits of
    bytes 0-3 (scales) and 4-7 (mins)."""
    out = np.empty((len(ls), 12), np.uint8)
    out[:, 0:4] = ls[:, 0:4] | ((ls[:, 4:8] >> 4) << 6)
    out[:, 4:8] = lm[:, 0:4] | ((lm[:, 4:8] >> 4) << 6)
    out[:, 8:12] = (ls[:, 4:8] & 15) | ((lm[:, 4:8] & 15) << 4)
    return out


def _unpack_k_scales(s):
    s = s.astype(np.uint8)
    ls = np.empty((len(s), 8), np.uint8)
    lm = np.empty((len(s), 8), np.uint8)
    ls[:, 0:4] = s[:, 0:4] & 63
    lm[:, 0:4] = s[:, 4:8] & 63
    ls[:, 4:8] = (s[:, 8:12] & 15) | ((s[:, 0:4] >> 6) << 4)
    lm[:, 4:8] = (s[:, 8:12] >> 4) | ((s[:, 4:8] >> 6) << 4)
    return ls, lm


def _quantize_q4_k(x):
    """Eight groups of 32, each x = d*sc * q - dmin*m with q in 0..15 and
    6-bit sc, m; every 64 values share 32 bytes, the first 32 in the low
    nibbles."""
    n = len(x)
    g = x.reshape(n, 8, 32)
    low = np.minimum(g.min(axis=2), 0)  # a group's offset is never positive
    scale = (g.max(axis=2) - low) / 15
    d, df = _rounded_half(scale.max(axis=1) / 63)
    dmin, dminf = _rounded_half((-low).max(axis=1) / 63)
    ls = np.clip(np.rint(scale * _inverse(df)[:, None]), 0, 63).astype(np.uint8)
    lm = np.clip(np.rint(-low * _inverse(dminf)[:, None]), 0, 63).astype(np.uint8)
    dl = df[:, None] * ls.astype(np.float32)
    ml = dminf[:, None] * lm.astype(np.float32)
    q = np.clip(np.rint((g + ml[..., None]) * _inverse(dl)[..., None]), 0, 15).astype(np.uint8)
    q = q.reshape(n, 4, 64)
    qs = (q[:, :, :32] | (q[:, :, 32:] << 4)).reshape(n, 128)
    return np.concatenate([_half_bytes(d), _half_bytes(dmin), _pack_k_scales(ls, lm), qs], axis=1)


def _dequantize_q4_k(b):
    n = len(b)
    d = b[:, 0:2].copy().view("<f2").astype(np.float32)
    dmin = b[:, 2:4].copy().view("<f2").astype(np.float32)
    ls, lm = _unpack_k_scales(b[:, 4:16])
    qs = b[:, 16:].reshape(n, 4, 32)
    q = np.stack([qs & 15, qs >> 4], axis=2).reshape(n, 8, 32).astype(np.float32)
    dl = d * ls.astype(np.float32)
    ml = dmin * lm.astype(np.float32)
    return (dl[..., None] * q - ml[..., None]).reshape(n, 256)


def _quantize_q6_k(x):
    """Sixteen groups of 16, x = d*sc * (q - 32) with q in 0..63 and sc a
    signed byte. Per half (128 values): 64 bytes of low nibbles (quarters 0
    and 1 in the low nibbles of bytes 0-31 and 32-63, quarters 2 and 3 in
    the high ones) and 32 bytes holding each quarter's top two bits."""
    n = len(x)
    g = x.reshape(n, 16, 16)
    scale = np.abs(g).max(axis=2) / 31
    d, df = _rounded_half(scale.max(axis=1) / 127)
    sc = np.clip(np.rint(scale * _inverse(df)[:, None]), 0, 127).astype(np.int8)
    dl = df[:, None] * sc.astype(np.float32)
    q = (np.clip(np.rint(g * _inverse(dl)[..., None]), -32, 31) + 32).astype(np.uint8)
    q = q.reshape(n, 2, 4, 32)  # half, quarter, value
    ql = np.concatenate([(q[:, :, 0] & 15) | ((q[:, :, 2] & 15) << 4),
                         (q[:, :, 1] & 15) | ((q[:, :, 3] & 15) << 4)], axis=2).reshape(n, 128)
    qh = ((q[:, :, 0] >> 4) | ((q[:, :, 1] >> 4) << 2) | ((q[:, :, 2] >> 4) << 4)
          | ((q[:, :, 3] >> 4) << 6)).reshape(n, 64)
    return np.concatenate([ql, qh, sc.view(np.uint8), _half_bytes(d)], axis=1)


def _dequantize_q6_k(b):
    n = len(b)
    ql = b[:, :128].reshape(n, 2, 2, 32)  # half, byte run, value
    qh = b[:, 128:192].reshape(n, 2, 32)
    sc = b[:, 192:208].view(np.int8).astype(np.float32)
    d = b[:, 208:210].copy().view("<f2").astype(np.float32)
    low = np.stack([ql[:, :, 0] & 15, ql[:, :, 1] & 15, ql[:, :, 0] >> 4, ql[:, :, 1] >> 4], axis=2)
    high = np.stack([(qh >> (2 * k)) & 3 for k in range(4)], axis=2)
    q = ((low | (high << 4)).astype(np.int32) - 32).reshape(n, 16, 16).astype(np.float32)
    return ((d * sc)[..., None] * q).reshape(n, 256)


_QUANTIZE = {BF16: _quantize_bf16, Q4_0: _quantize_q4_0, Q8_0: _quantize_q8_0, Q4_K: _quantize_q4_k,
             Q6_K: _quantize_q6_k}
_DEQUANTIZE = {BF16: _dequantize_bf16, Q4_0: _dequantize_q4_0, Q8_0: _dequantize_q8_0, Q4_K: _dequantize_q4_k,
               Q6_K: _dequantize_q6_k}


def block_size(ttype):
    """Values per block of a tensor type (1 for F32, F16 and BF16)."""
    return _BLOCK[ttype][0] if ttype in _BLOCK else 1


def row_bytes(ttype, n):
    """Bytes a row of n values takes as `ttype`, block padding included."""
    if ttype in _TENSOR_DTYPE:
        return n * _TENSOR_DTYPE[ttype].itemsize
    per_block, size = _BLOCK[ttype]
    return -(-n // per_block) * size


def quantize(array, ttype):
    """(bytes, stored shape in PyTorch order) of a float array as block type
    `ttype`, its last axis zero-padded to whole blocks."""
    a = np.asarray(array, dtype=np.float32)
    per_block, _ = _BLOCK[ttype]
    pad = -a.shape[-1] % per_block
    a = np.pad(a, [(0, 0)] * (a.ndim - 1) + [(0, pad)])
    blocks = np.ascontiguousarray(a).reshape(-1, per_block)
    return _QUANTIZE[ttype](blocks).tobytes(), a.shape


def dequantize(data, ttype, shape):
    """The float32 array of `shape` (PyTorch order, padded) stored as `data`."""
    per_block, size = _BLOCK[ttype]
    n = int(np.prod(shape)) // per_block
    b = np.frombuffer(data, np.uint8, n * size).reshape(n, size)
    return _DEQUANTIZE[ttype](b).astype(np.float32).reshape(shape)


class Writer:
    """Collects keys and tensors, then writes them in one go."""

    def __init__(self, alignment_key=True):
        # Files that copy another writer's layout key for key (the inflect-v2
        # community files) leave the key out; the alignment is the default 32
        # either way.
        self._kv = []
        self._tensors = []
        if alignment_key:
            self.add("general.alignment", UINT32, ALIGNMENT)

    def add(self, key, vtype, value):
        self._kv.append((key, vtype, value))

    def add_array(self, key, elem_type, values):
        self._kv.append((key, ARRAY, (elem_type, list(values))))

    def add_fields(self, reader, skip=()):
        """Every key of a Reader's file, in its order and with its types,
        except those in `skip`."""
        for key, value in reader.fields.items():
            if key in skip:
                continue
            vtype, elem = reader.field_types[key]
            if vtype == ARRAY:
                self.add_array(key, elem, value)
            else:
                self.add(key, vtype, value)

    def add_tensor(self, name, array, ttype):
        """array in PyTorch order; stored as F32, F16, BF16 or a block type
        (Q8_0, Q4_0, Q4_K, Q6_K; the last axis zero-padded to whole blocks)."""
        if ttype in _TENSOR_DTYPE:
            a = np.ascontiguousarray(np.asarray(array, dtype=np.float32).astype(_TENSOR_DTYPE[ttype]))
            data, shape, check = a.tobytes(), a.shape, a
        elif ttype in _BLOCK:
            data, shape = quantize(array, ttype)
            check = dequantize(data, ttype, shape)
        else:
            raise ValueError(f"{name}: tensor type {ttype} is not written")
        if not 1 <= len(shape) <= 4:
            raise ValueError(f"{name}: {len(shape)} dimensions (GGUF allows 1 to 4)")
        if not np.all(np.isfinite(np.asarray(array, dtype=np.float32))) or not np.all(np.isfinite(check)):
            raise ValueError(f"{name}: not finite after conversion to {TYPE_NAMES[ttype]}")
        self._tensors.append((name, tuple(shape), ttype, data))

    def write(self, path):
        out = bytearray()
        out += MAGIC + struct.pack("<IQQ", VERSION, len(self._tensors), len(self._kv))
        for key, vtype, value in self._kv:
            out += _entry(key, vtype, value)
        offset = 0
        for name, shape, ttype, data in self._tensors:
            out += _string(name) + struct.pack("<I", len(shape))
            out += b"".join(struct.pack("<Q", d) for d in reversed(shape))
            out += struct.pack("<IQ", ttype, offset)
            offset += len(data) + _pad(len(data))
        out += b"\0" * _pad(len(out))
        for _, _, _, data in self._tensors:
            out += data + b"\0" * _pad(len(data))
        with open(path, "wb") as f:
            f.write(out)


class Reader:
    """Parses a whole file: `fields` maps keys to Python values (arrays as
    lists) and `field_types` to their (type, array element type or None);
    `tensors` maps names to numpy arrays in PyTorch order (BF16 and block
    types decoded to float32, block padding kept) and `tensor_types` to
    their stored types."""

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
        self.field_types = {}
        for _ in range(n_kv):
            key = self._str()
            vtype = struct.unpack("<I", self._take(4))[0]
            elem = struct.unpack_from("<I", self._buf, self._pos)[0] if vtype == ARRAY else None
            self.fields[key] = self._read_value(vtype)
            self.field_types[key] = (vtype, elem)
        align = self.fields.get("general.alignment", ALIGNMENT)
        infos = []
        for _ in range(n_tensors):
            name = self._str()
            n_dims = struct.unpack("<I", self._take(4))[0]
            dims = struct.unpack(f"<{n_dims}Q", self._take(8 * n_dims))
            ttype, offset = struct.unpack("<IQ", self._take(12))
            if ttype not in _TENSOR_DTYPE and ttype not in _BLOCK:
                raise ValueError(f"{path}: tensor {name} has type {ttype}, only "
                                 f"{', '.join(TYPE_NAMES.values())} are read")
            if ttype in _BLOCK and dims[0] % _BLOCK[ttype][0]:
                raise ValueError(f"{path}: tensor {name}: {TYPE_NAMES[ttype]} rows of {dims[0]} values "
                                 "are not whole blocks")
            infos.append((name, tuple(reversed(dims)), ttype, offset))
        data = self._pos + _pad(self._pos, align)
        self.tensors = {}
        self.tensor_types = {name: ttype for name, _, ttype, _ in infos}
        for name, shape, ttype, offset in infos:
            count = int(np.prod(shape))
            start = data + offset
            if ttype in _TENSOR_DTYPE:
                size = count * _TENSOR_DTYPE[ttype].itemsize
            else:
                size = count // _BLOCK[ttype][0] * _BLOCK[ttype][1]
            if start + size > len(self._buf):
                raise ValueError(f"{path}: tensor {name} runs past the end of the file")
            if ttype in _TENSOR_DTYPE:
                self.tensors[name] = np.frombuffer(self._buf, _TENSOR_DTYPE[ttype], count, start).reshape(shape)
            else:
                self.tensors[name] = dequantize(self._buf[start:start + size], ttype, shape)

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


def set_metadata(src, dst, changes):
    """Copies the GGUF file src to dst with the keys of `changes` set:
    {key: (vtype, value)}, or (ARRAY, (elem_type, values)), or None to drop
    the key. Every other key,
    the tensor table and the tensor data are copied byte for byte, so the
    weights stay identical; a key already there keeps its place."""
    r = Reader(src)
    buf = r._buf
    r._pos = 4 + 20
    n_tensors, n_kv = struct.unpack("<QQ", buf[8:24])
    kv = []  # (key, raw bytes of the whole entry)
    for _ in range(n_kv):
        start = r._pos
        key = r._str()
        r._read_value(struct.unpack("<I", r._take(4))[0])
        kv.append((key, buf[start:r._pos]))
    table_start = r._pos
    for _ in range(n_tensors):
        r._str()
        n_dims = struct.unpack("<I", r._take(4))[0]
        r._take(8 * n_dims + 12)
    table = buf[table_start:r._pos]
    align = r.fields.get("general.alignment", ALIGNMENT)
    data = buf[r._pos + _pad(r._pos, align):]

    entries = [_entry(k, *changes[k]) if k in changes else raw for k, raw in kv if changes.get(k, ()) is not None]
    entries += [_entry(k, *v) for k, v in changes.items() if k not in dict(kv) and v is not None]
    out = bytearray(MAGIC + struct.pack("<IQQ", VERSION, n_tensors, len(entries)))
    for e in entries:
        out += e
    out += table
    out += b"\0" * _pad(len(out), align)
    out += data
    with open(dst, "wb") as f:
        f.write(out)


def update_metadata(path, changes, out=None):
    """set_metadata from path into out, else into path itself, through a
    temporary file renamed over it, so a failure never leaves half a voice."""
    out = out or path
    set_metadata(path, out + ".tmp", changes)
    os.replace(out + ".tmp", out)


def read_voice_tensors(path, prefix):
    """{name without prefix: float32 torch tensor} for every tensor under
    `prefix` ("acoustic." or "vocoder.") of a voice file."""
    import torch
    r = Reader(path)
    return {name[len(prefix):]: torch.from_numpy(a.astype(np.float32))
            for name, a in r.tensors.items() if name.startswith(prefix)}
