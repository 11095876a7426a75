"""PyTorch reference of the Inflect v2 (VITS) inference graph, and the
random-weight Nano-v2 / Micro-v2 fixtures the suite holds the engine to.

docs/v2.md describes the graph and the `inflect-v2` GGUF layout this reads
and writes. The graph is written here as plain functions over a dict of
tensors in PyTorch's shapes under upstream's names, so the same code runs a
community file, a fixture, or (later) weights converted from upstream's
checkpoint.

  /usr/bin/python3 -m training.v2_model --fixture nano --profile f16 -o nano-v2.gguf
  /usr/bin/python3 -m training.v2_model --voice nano-v2.gguf --ids 0,20,0,45,0 [--variation 0.667 --seed 7]

Synthesis is deterministic: with variation 0 the latent is the prior mean;
otherwise the noise comes from `seeded_noise` (the community runtime's
generator, so a seed means the same noise in both) or is given.
"""
import argparse
import hashlib
import math
import os
from dataclasses import dataclass, field, replace

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
from . import gguf

ARCHITECTURE = "inflect-v2"

# The released symbol table: id = position. The apostrophe is listed twice
# (ids 174 and 176); text maps it to the later one, as a Python dict built
# from the list does.
_PUNCTUATION = ';:,.!?\u00a1\u00bf\u2014\u2026"\u00ab\u00bb\u201c\u201d '
_LETTERS = "".join(map(chr, range(0x41, 0x5B))) + "".join(map(chr, range(0x61, 0x7B)))
_IPA = ("ɑɐɒæɓʙβɔɕçɗɖðʤəɘɚɛɜɝɞɟʄɡɠɢʛɦɧħɥʜɨɪʝɭɬɫɮʟɱɯɰŋɳɲɴøɵɸθœɶʘɹɺɾɻʀʁɽʂʃʈʧʉʊʋⱱʌɣɤʍχʎʏʑʐʒʔʡʕʢǀǁǂǃ"
        "ˈˌːˑʼʴʰʱʲʷˠˤ˞↓↑→↗↘'\u0329'ᵻ")
SYMBOLS = ["_"] + list(_PUNCTUATION) + list(_LETTERS) + list(_IPA)
SYMBOL_IDS = {s: i for i, s in enumerate(SYMBOLS)}
SYMBOL_HASH = hashlib.sha256("".join(SYMBOLS).encode("utf-8")).hexdigest()
BLANK = 0
SPACE = SYMBOL_IDS[" "]
assert len(SYMBOLS) == 178
assert SYMBOL_HASH == "3e81afeec2d0906de3d7acf2214d32fbc066be8218d2edafe355255391ea92f7"

# Fixed by the architecture (the community converter refuses other values).
WINDOW = 4            # relative attention reaches 4 positions each way
DP_KERNEL = 3         # duration predictor convolutions
FLOW_COUPLINGS = 4    # coupling layers, each preceded (in reverse) by a flip
FLOW_WN_LAYERS = 4    # gated layers in a coupling's WaveNet
FLOW_KERNEL = 5
LRELU_SLOPE = 0.1     # inside the decoder
FINAL_SLOPE = 0.01    # before conv_post (PyTorch's default slope)
HOP = 256             # product of the upsample rates
MAX_FRAMES = 4000     # upstream decodes at most this many latent frames
SPEED_RANGE = (0.5, 2.0)

# What the converter's keys hold, in the order it writes them.
_DIM_KEYS = ("inter_channels", "hidden_channels", "filter_channels", "n_heads", "n_layers", "kernel_size",
             "upsample_initial_channel")
PROFILES = ("f32", "f16", "q8_0", "mixed-q8_0", "q4_0_e")


@dataclass(frozen=True)
class V2Config:
    inter: int                 # latent channels (inter_channels), even
    hidden: int                # text encoder and flow width
    filter: int                # encoder feed-forward width
    heads: int
    dp_filter: int             # duration predictor width (only in the tensor shapes)
    upsample_initial: int      # decoder channels after conv_pre, a multiple of 16
    layers: int = 3
    kernel_size: int = 3       # encoder feed-forward kernel
    upsample_rates: tuple = (8, 8, 2, 2)
    upsample_kernels: tuple = (16, 16, 4, 4)
    resblock_kernels: tuple = (3, 7, 11)
    resblock_dilations: tuple = ((1, 3, 5), (1, 3, 5), (1, 3, 5))
    sample_rate: int = 24000
    vocab: int = 178

    @property
    def head_dim(self):
        return self.hidden // self.heads


# Random-weight stand-ins for the two released sizes: the same graph and
# file layout, narrow enough to build and run in well under a second. Micro
# is the wider of the two, as upstream's is.
FIXTURES = {
    "nano": V2Config(inter=16, hidden=32, filter=64, heads=2, dp_filter=32, upsample_initial=64),
    "micro": V2Config(inter=24, hidden=48, filter=128, heads=4, dp_filter=48, upsample_initial=96),
}


def tensor_shapes(c):
    """{name: PyTorch shape} of every tensor of a converted (weight-norm
    folded) v2 model, in upstream's names."""
    s = {"enc_p.emb.weight": (c.vocab, c.hidden)}
    h, f, i2 = c.hidden, c.filter, c.inter // 2
    for l in range(c.layers):
        a = f"enc_p.encoder.attn_layers.{l}."
        for p in "qkvo":
            s[a + f"conv_{p}.weight"] = (h, h, 1)
            s[a + f"conv_{p}.bias"] = (h,)
        s[a + "emb_rel_k"] = (1, 2 * WINDOW + 1, c.head_dim)
        s[a + "emb_rel_v"] = (1, 2 * WINDOW + 1, c.head_dim)
        for n in (f"enc_p.encoder.norm_layers_1.{l}.", f"enc_p.encoder.norm_layers_2.{l}."):
            s[n + "gamma"] = (h,)
            s[n + "beta"] = (h,)
        ff = f"enc_p.encoder.ffn_layers.{l}."
        s[ff + "conv_1.weight"] = (f, h, c.kernel_size)
        s[ff + "conv_1.bias"] = (f,)
        s[ff + "conv_2.weight"] = (h, f, c.kernel_size)
        s[ff + "conv_2.bias"] = (h,)
    s["enc_p.proj.weight"] = (2 * c.inter, h, 1)
    s["enc_p.proj.bias"] = (2 * c.inter,)
    d = c.dp_filter
    s.update({"dp.conv_1.weight": (d, h, DP_KERNEL), "dp.conv_1.bias": (d,),
              "dp.norm_1.gamma": (d,), "dp.norm_1.beta": (d,),
              "dp.conv_2.weight": (d, d, DP_KERNEL), "dp.conv_2.bias": (d,),
              "dp.norm_2.gamma": (d,), "dp.norm_2.beta": (d,),
              "dp.proj.weight": (1, d, 1), "dp.proj.bias": (1,)})
    for k in range(FLOW_COUPLINGS):
        r = f"flow.flows.{2 * k}."
        s[r + "pre.weight"] = (h, i2, 1)
        s[r + "pre.bias"] = (h,)
        for j in range(FLOW_WN_LAYERS):
            s[r + f"enc.in_layers.{j}.weight"] = (2 * h, h, FLOW_KERNEL)
            s[r + f"enc.in_layers.{j}.bias"] = (2 * h,)
            out = 2 * h if j < FLOW_WN_LAYERS - 1 else h
            s[r + f"enc.res_skip_layers.{j}.weight"] = (out, h, 1)
            s[r + f"enc.res_skip_layers.{j}.bias"] = (out,)
        s[r + "post.weight"] = (i2, h, 1)
        s[r + "post.bias"] = (i2,)
    u = c.upsample_initial
    s["dec.conv_pre.weight"] = (u, c.inter, 7)
    s["dec.conv_pre.bias"] = (u,)
    for n, k in enumerate(c.upsample_kernels):
        s[f"dec.ups.{n}.weight"] = (u >> n, u >> (n + 1), k)   # ConvTranspose1d: [in, out, K]
        s[f"dec.ups.{n}.bias"] = (u >> (n + 1),)
    for n in range(len(c.upsample_rates)):
        ch = u >> (n + 1)
        for m, k in enumerate(c.resblock_kernels):
            b = f"dec.resblocks.{n * len(c.resblock_kernels) + m}."
            for conv in ("convs1", "convs2"):
                for j in range(len(c.resblock_dilations[m])):
                    s[b + f"{conv}.{j}.weight"] = (ch, ch, k)
                    s[b + f"{conv}.{j}.bias"] = (ch,)
    s["dec.conv_post.weight"] = (1, u >> len(c.upsample_rates), 7)  # no bias
    return s


def weight_normed(name):
    """Tensors upstream's checkpoint holds as weight_g / weight_v pairs."""
    return (name.endswith(".weight") and (".enc.in_layers." in name or ".enc.res_skip_layers." in name
                                          or name.startswith(("dec.ups.", "dec.resblocks."))))


def source_counts(c):
    """(tensors, weight-norm pairs, parameters) of the upstream checkpoint
    the folded model of config c comes from."""
    shapes = tensor_shapes(c)
    pairs = [n for n in shapes if weight_normed(n)]
    params = sum(math.prod(s) for s in shapes.values())
    # weight_g keeps weight norm's dim 0: the output channels of a Conv1d,
    # the input channels of a ConvTranspose1d.
    params += sum(shapes[n][0] for n in pairs)
    return len(shapes) + len(pairs), len(pairs), params


# ----------------------------------------------------------------------------
# The community file layout


def _trim(shape):
    """GGML drops leading unit axes (of the PyTorch shape) in converted files."""
    shape = tuple(shape)
    while len(shape) > 1 and shape[0] == 1:
        shape = shape[1:]
    return shape


def _is_matrix(name, ndim):
    return name.endswith(".weight") and ndim >= 2 and name.startswith(("enc_p.", "dp.", "flow.", "dec."))


def _mixed_protected(name):
    return (name.endswith(".bias") or ".norm_" in name or ".norms_" in name or ".norm_layers_" in name
            or name in ("enc_p.proj.weight", "dp.proj.weight", "dec.conv_post.weight")
            or (name.startswith("flow.") and ".post." in name) or name.startswith("dec.resblocks."))


def storage_type(name, shape, profile, keep_f16=(), keep_q8=()):
    """The GGML type the community converter gives a tensor under a profile."""
    if profile == "f32":
        return gguf.F32
    matrix = _is_matrix(name, len(shape))
    if profile == "f16" or not matrix or name.startswith(tuple(keep_f16)):
        return gguf.F16
    if profile == "q8_0":
        return gguf.Q8_0
    if profile == "q4_0_e":
        return gguf.Q8_0 if name.startswith(tuple(keep_q8)) else gguf.Q4_0
    if profile == "mixed-q8_0":
        if _mixed_protected(name):
            return gguf.F16
        if name.startswith(("enc_p.", "dp.")):
            return gguf.Q8_0
        big = math.prod(shape) >= 4096
        if name.startswith("flow.") and big:
            return gguf.Q8_0
        if name == "dec.ups.0.weight" and big:
            return gguf.Q8_0
        return gguf.F16
    raise ValueError(f"unknown profile {profile!r} (one of {', '.join(PROFILES)})")


def flatten_for_blocks(name, w):
    """A quantized weight as one row per output channel: a Conv1d
    [out, in, K] as [out, in*K] (rows in PyTorch's order), a ConvTranspose1d
    [in, out, K] as [out, K*in] (rows ordered [K][in]); matrices as they are."""
    if name == "enc_p.emb.weight" or w.ndim == 2:
        return w
    if name.startswith("dec.ups."):
        return w.transpose(1, 2, 0).reshape(w.shape[1], -1)
    return w.reshape(w.shape[0], -1)


def write_v2(path, tensors, c, profile="f16", keep_f16=(), keep_q8=(), checkpoint_sha256=None,
             config_sha256=None, revision=""):
    """Writes float32 numpy tensors {name: PyTorch-shaped array} as an
    inflect-v2 GGUF in the community converter's layout: its keys in its
    order, tensors sorted by name, F32 as they are (profile f32, the
    canonical file) or the profile's types with leading unit axes dropped
    and quantized weights flattened to rows of whole 32-value blocks."""
    shapes = tensor_shapes(c)
    if set(tensors) != set(shapes):
        raise ValueError(f"tensor set differs from the config: {sorted(set(tensors) ^ set(shapes))[:4]}")
    n_source, n_pairs, n_params = source_counts(c)
    w = gguf.Writer(alignment_key=False)
    w.add("general.architecture", gguf.STRING, ARCHITECTURE)
    if revision:
        w.add("inflect.source.revision", gguf.STRING, revision)
    fake = hashlib.sha256(repr(c).encode()).hexdigest()
    w.add("inflect.source.checkpoint_sha256", gguf.STRING, checkpoint_sha256 or fake)
    w.add("inflect.source.config_sha256", gguf.STRING, config_sha256 or fake)
    w.add("inflect.v2.symbol_hash", gguf.STRING, SYMBOL_HASH)
    w.add("inflect.v2.symbol_count", gguf.UINT32, len(SYMBOLS))
    w.add("inflect.v2.parameter_count", gguf.UINT64, sum(math.prod(s) for s in shapes.values()))
    w.add("inflect.v2.reference_deployed_parameter_count", gguf.UINT64, n_params)
    w.add("inflect.v2.source_tensor_count", gguf.UINT32, n_source)
    w.add("inflect.v2.folded_weight_norm_pairs", gguf.UINT32, n_pairs)
    w.add("inflect.v2.sample_rate", gguf.UINT32, c.sample_rate)
    w.add("inflect.v2.add_blank", gguf.BOOL, True)
    dims = dict(inter_channels=c.inter, hidden_channels=c.hidden, filter_channels=c.filter, n_heads=c.heads,
                n_layers=c.layers, kernel_size=c.kernel_size, upsample_initial_channel=c.upsample_initial)
    for k in _DIM_KEYS:
        w.add(f"inflect.v2.{k}", gguf.UINT32, dims[k])
    w.add_array("inflect.v2.resblock_kernel_sizes", gguf.INT32, c.resblock_kernels)
    w.add_array("inflect.v2.resblock_dilation_sizes", gguf.INT32, [d for g in c.resblock_dilations for d in g])
    w.add_array("inflect.v2.upsample_rates", gguf.INT32, c.upsample_rates)
    w.add_array("inflect.v2.upsample_kernel_sizes", gguf.INT32, c.upsample_kernels)
    w.add("inflect.v2.activation", gguf.STRING, "leaky_relu")
    if profile != "f32":
        w.add("general.quantization_version", gguf.UINT32, 2)
        w.add("inflect.v2.quantization", gguf.STRING, profile)
        w.add("inflect.v2.quantization_keep_f16", gguf.STRING, ",".join(keep_f16))
        w.add("inflect.v2.quantization_keep_q8", gguf.STRING, ",".join(keep_q8))
    for name in sorted(tensors):
        a = np.asarray(tensors[name], np.float32)
        if a.shape != shapes[name]:
            raise ValueError(f"{name}: shape {a.shape}, the config gives {shapes[name]}")
        t = storage_type(name, a.shape, profile, keep_f16, keep_q8)
        if t in (gguf.Q8_0, gguf.Q4_0):
            a = flatten_for_blocks(name, a)
        if profile != "f32":
            a = a.reshape(_trim(a.shape))
        w.add_tensor(name, a, t)
    w.write(path)


def _unpack(name, stored, shape):
    """A stored tensor back in PyTorch's shape, whichever of the converter's
    forms it has; None if it has none of them."""
    if stored.shape == shape:
        return stored
    if stored.shape == _trim(shape):
        return stored.reshape(shape)
    # Block-quantized: one row per output channel, padded to whole blocks.
    if name.startswith("dec.ups.") and len(shape) == 3:
        rows, width = shape[1], shape[0] * shape[2]
    elif len(shape) == 3:
        rows, width = shape[0], shape[1] * shape[2]
    else:
        rows, width = shape[0], shape[1]
    want = _trim((rows, -(-width // 32) * 32))
    if stored.shape != want:
        return None
    flat = stored.reshape(rows, -1)[:, :width]
    if name.startswith("dec.ups.") and len(shape) == 3:
        return flat.reshape(shape[1], shape[2], shape[0]).transpose(2, 0, 1)
    return flat.reshape(shape)


def config_from_fields(fields, tensors, path="file"):
    """The V2Config a file's keys and shapes give; a clear error otherwise."""
    def need(key):
        if key not in fields:
            raise ValueError(f"{path}: missing key {key}")
        return fields[key]

    arch = need("general.architecture")
    if arch != ARCHITECTURE:
        raise ValueError(f"{path}: general.architecture is {arch!r}, not {ARCHITECTURE!r}")
    if need("inflect.v2.symbol_hash") != SYMBOL_HASH:
        raise ValueError(f"{path}: inflect.v2.symbol_hash is not the released 178-symbol table's")
    dims = {k: int(need(f"inflect.v2.{k}")) for k in _DIM_KEYS}
    if "dp.conv_1.weight" not in tensors:
        raise ValueError(f"{path}: missing tensor dp.conv_1.weight")
    fixed = dict(upsample_rates=(8, 8, 2, 2), upsample_kernel_sizes=(16, 16, 4, 4), resblock_kernel_sizes=(3, 7, 11))
    for k, v in fixed.items():
        got = tuple(fields.get(f"inflect.v2.{k}", v))
        if got != v:
            raise ValueError(f"{path}: inflect.v2.{k} is {list(got)}, only {list(v)} is supported")
    if tuple(fields.get("inflect.v2.resblock_dilation_sizes", (1, 3, 5) * 3)) != (1, 3, 5) * 3:
        raise ValueError(f"{path}: only resblock dilations (1, 3, 5) are supported")
    if int(fields.get("inflect.v2.sample_rate", 24000)) != 24000:
        raise ValueError(f"{path}: inflect.v2.sample_rate must be 24000")
    c = V2Config(inter=dims["inter_channels"], hidden=dims["hidden_channels"], filter=dims["filter_channels"],
                 heads=dims["n_heads"], layers=dims["n_layers"], kernel_size=dims["kernel_size"],
                 upsample_initial=dims["upsample_initial_channel"], dp_filter=int(tensors["dp.conv_1.weight"].shape[0]))
    if (c.inter <= 0 or c.inter % 2 or c.hidden <= 0 or c.heads <= 0 or c.hidden % c.heads or c.layers <= 0
            or c.filter <= 0 or c.upsample_initial <= 0 or c.upsample_initial % 16 or c.kernel_size % 2 == 0):
        raise ValueError(f"{path}: impossible sizes {dims}")
    return c


def load_v2(path):
    """(V2Config, {name: float32 torch tensor in PyTorch's shape}, fields) of
    an inflect-v2 GGUF of any profile; every tensor the graph uses is
    checked for presence and shape."""
    import torch
    r = gguf.Reader(path)
    c = config_from_fields(r.fields, r.tensors, path)
    out = {}
    for name, shape in tensor_shapes(c).items():
        if name not in r.tensors:
            raise ValueError(f"{path}: missing tensor {name}")
        a = _unpack(name, np.asarray(r.tensors[name], np.float32), shape)
        if a is None:
            raise ValueError(f"{path}: tensor {name} has shape {r.tensors[name].shape}, "
                             f"expected {shape} or a converted form of it")
        out[name] = torch.from_numpy(np.array(a, np.float32))
    return c, out, r.fields


# ----------------------------------------------------------------------------
# Random fixtures


def random_tensors(c, seed=0):
    """Random weights for config c, scaled so activations stay O(1), the
    durations land at a few frames per token and the audio is not clipped."""
    rng = np.random.default_rng(seed)
    out = {}
    for name, shape in tensor_shapes(c).items():
        if name.endswith(".gamma"):
            a = 1 + 0.1 * rng.standard_normal(shape)
        elif name.endswith((".beta", ".bias")):
            a = 0.05 * rng.standard_normal(shape)
        elif name == "enc_p.emb.weight":
            a = rng.standard_normal(shape) / math.sqrt(c.hidden)
        elif ".emb_rel_" in name:
            a = rng.standard_normal(shape) / math.sqrt(c.head_dim)
        elif name.startswith("dec.ups."):
            # Each output sample of a transposed convolution sums in * K/rate
            # products, and K = 2 * rate at every stage.
            a = rng.standard_normal(shape) / math.sqrt(2 * shape[0])
        else:
            a = rng.standard_normal(shape) / math.sqrt(math.prod(shape[1:]))
        out[name] = a.astype(np.float32)
    # Log-durations around ln 3 frames; log-scales of the prior around -1.
    out["dp.proj.bias"][:] = math.log(3.0)
    out["dp.proj.weight"] *= 0.3
    out["enc_p.proj.bias"][c.inter:] -= 1.0
    # Small flow corrections and a quiet decoder output.
    for k in range(FLOW_COUPLINGS):
        out[f"flow.flows.{2 * k}.post.weight"] *= 0.3
    out["dec.conv_post.weight"] *= 0.5
    return out


# ----------------------------------------------------------------------------
# The graph


def _conv(x, w, b, dilation=1):
    """Same-length Conv1d over x [C, T]."""
    import torch.nn.functional as F
    k = w.shape[-1]
    pad = (k * dilation - dilation) // 2
    return F.conv1d(x[None], w, b, padding=pad, dilation=dilation)[0]


def _layer_norm(x, gamma, beta):
    """LayerNorm over the channels of x [C, T], eps 1e-5."""
    import torch.nn.functional as F
    return F.layer_norm(x.t(), (x.shape[0],), gamma, beta, 1e-5).t()


def relative_attention(x, p, prefix, heads):
    """Multi-head self-attention over x [H, T] with learned relative-position
    keys and values for offsets -WINDOW..WINDOW (key index minus query
    index); farther pairs get no positional term."""
    import torch
    h, t = x.shape
    dk = h // heads
    q = _conv(x, p[prefix + "conv_q.weight"], p[prefix + "conv_q.bias"]).view(heads, dk, t).transpose(1, 2)
    k = _conv(x, p[prefix + "conv_k.weight"], p[prefix + "conv_k.bias"]).view(heads, dk, t).transpose(1, 2)
    v = _conv(x, p[prefix + "conv_v.weight"], p[prefix + "conv_v.bias"]).view(heads, dk, t).transpose(1, 2)
    q = q / math.sqrt(dk)
    rel_k = p[prefix + "emb_rel_k"].reshape(2 * WINDOW + 1, dk)
    rel_v = p[prefix + "emb_rel_v"].reshape(2 * WINDOW + 1, dk)
    offset = torch.arange(t)[None, :] - torch.arange(t)[:, None]              # [query, key]
    near = (offset.abs() <= WINDOW).float()
    # one_hot[i, j, r]: key j sits at relative slot r of query i.
    one_hot = torch.nn.functional.one_hot(offset.clamp(-WINDOW, WINDOW) + WINDOW, 2 * WINDOW + 1).float()
    one_hot = one_hot * near[..., None]
    scores = q @ k.transpose(1, 2) + torch.einsum("hir,ijr->hij", q @ rel_k.t(), one_hot)
    prob = torch.softmax(scores, dim=-1)
    out = prob @ v + torch.einsum("hij,ijr->hir", prob, one_hot) @ rel_v       # [heads, T, dk]
    out = out.transpose(1, 2).reshape(h, t)
    return _conv(out, p[prefix + "conv_o.weight"], p[prefix + "conv_o.bias"])


def text_encoder(c, p, ids):
    """ids [T] -> (hidden [H, T], prior mean [I, T], prior log-scale [I, T])."""
    import torch
    x = p["enc_p.emb.weight"][ids].t() * math.sqrt(c.hidden)
    for l in range(c.layers):
        x = x + relative_attention(x, p, f"enc_p.encoder.attn_layers.{l}.", c.heads)
        n = f"enc_p.encoder.norm_layers_1.{l}."
        x = _layer_norm(x, p[n + "gamma"], p[n + "beta"])
        ff = f"enc_p.encoder.ffn_layers.{l}."
        y = torch.relu(_conv(x, p[ff + "conv_1.weight"], p[ff + "conv_1.bias"]))
        x = x + _conv(y, p[ff + "conv_2.weight"], p[ff + "conv_2.bias"])
        n = f"enc_p.encoder.norm_layers_2.{l}."
        x = _layer_norm(x, p[n + "gamma"], p[n + "beta"])
    stats = _conv(x, p["enc_p.proj.weight"], p["enc_p.proj.bias"])
    return x, stats[:c.inter], stats[c.inter:]


def log_durations(p, x):
    """The deterministic duration predictor: ln frames per token, [T]."""
    import torch
    y = torch.relu(_conv(x, p["dp.conv_1.weight"], p["dp.conv_1.bias"]))
    y = _layer_norm(y, p["dp.norm_1.gamma"], p["dp.norm_1.beta"])
    y = torch.relu(_conv(y, p["dp.conv_2.weight"], p["dp.conv_2.bias"]))
    y = _layer_norm(y, p["dp.norm_2.gamma"], p["dp.norm_2.beta"])
    return _conv(y, p["dp.proj.weight"], p["dp.proj.bias"])[0]


def durations_from(logw, speed):
    """Integer frames per token: ceil(exp(logw) * (1/speed)), in float32 as
    upstream computes it (length_scale = 1/speed)."""
    import torch
    scale = torch.tensor(1.0 / speed, dtype=torch.float32)
    return torch.ceil(torch.exp(logw) * scale).to(torch.int64)


def seeded_noise(seed, frames, channels):
    """Standard normal noise [channels, frames] from the community runtime's
    generator: xorshift64* (shifts 12, 25, 27; multiplier
    0x2545F4914F6CDD1D) seeded with the seed as its state, a uniform from
    the top 24 bits of each output, and one Box-Muller cosine value per
    two uniforms (the first clamped to at least 1e-7), drawn frame by frame,
    channel by channel, in float32. Seed 0 leaves xorshift stuck at zero,
    so every value is the same."""
    mask = (1 << 64) - 1
    state = seed & mask
    n = frames * channels
    u = np.empty(2 * n, np.float32)
    for i in range(2 * n):
        state ^= state >> 12
        state ^= (state << 25) & mask
        state ^= state >> 27
        u[i] = np.float32((state * 0x2545F4914F6CDD1D & mask) >> 40) * np.float32(1.0 / (1 << 24))
    u1 = np.maximum(u[0::2], np.float32(1e-7))
    r = np.sqrt(np.float32(-2.0) * np.log(u1))
    z = r * np.cos(np.float32(2.0 * 3.14159265358979) * u[1::2])
    return z.astype(np.float32).reshape(frames, channels).T.copy()


def flow_reverse(c, p, z):
    """The normalising flow run backwards over z [I, F]: for each coupling,
    last first, reverse the channel order, then subtract from the upper half
    the shift a WaveNet computes from the lower half (mean-only couplings)."""
    import torch
    half = c.inter // 2
    for k in reversed(range(FLOW_COUPLINGS)):
        r = f"flow.flows.{2 * k}."
        z = z.flip(0)
        x0, x1 = z[:half], z[half:]
        h = _conv(x0, p[r + "pre.weight"], p[r + "pre.bias"])
        skip = torch.zeros_like(h)
        for j in range(FLOW_WN_LAYERS):
            g = _conv(h, p[r + f"enc.in_layers.{j}.weight"], p[r + f"enc.in_layers.{j}.bias"])
            acts = torch.tanh(g[:c.hidden]) * torch.sigmoid(g[c.hidden:])
            rs = _conv(acts, p[r + f"enc.res_skip_layers.{j}.weight"], p[r + f"enc.res_skip_layers.{j}.bias"])
            if j < FLOW_WN_LAYERS - 1:
                h = h + rs[:c.hidden]
                skip = skip + rs[c.hidden:]
            else:
                skip = skip + rs
        shift = _conv(skip, p[r + "post.weight"], p[r + "post.bias"])
        z = torch.cat([x0, x1 - shift])
    return z


def decode(c, p, z):
    """HiFi-GAN generator over the latent z [I, F]: audio [F * 256]."""
    import torch
    import torch.nn.functional as F
    x = _conv(z, p["dec.conv_pre.weight"], p["dec.conv_pre.bias"])
    nk = len(c.resblock_kernels)
    for n, (rate, k) in enumerate(zip(c.upsample_rates, c.upsample_kernels)):
        x = F.leaky_relu(x, LRELU_SLOPE)
        x = F.conv_transpose1d(x[None], p[f"dec.ups.{n}.weight"], p[f"dec.ups.{n}.bias"], stride=rate,
                               padding=(k - rate) // 2)[0]
        total = None
        for m in range(nk):
            b = f"dec.resblocks.{n * nk + m}."
            y = x
            for j, d in enumerate(c.resblock_dilations[m]):
                t = _conv(F.leaky_relu(y, LRELU_SLOPE), p[b + f"convs1.{j}.weight"], p[b + f"convs1.{j}.bias"], d)
                t = _conv(F.leaky_relu(t, LRELU_SLOPE), p[b + f"convs2.{j}.weight"], p[b + f"convs2.{j}.bias"])
                y = y + t
            total = y if total is None else total + y
        x = total / nk
    x = F.leaky_relu(x, FINAL_SLOPE)
    return torch.tanh(_conv(x, p["dec.conv_post.weight"], None))[0]


def synthesize(c, p, ids, speed=1.0, variation=0.0, seed=1234, noise=None):
    """The whole graph on blank-interspersed ids. Returns a dict: log
    durations [T], durations [T] (int), prior mean and log-scale [I, F],
    the latent before and after the flow [I, F] and the audio [F * 256].

    variation scales the prior's noise (0 = the mean, deterministic); the
    noise is `noise` [I, F] when given, else seeded_noise(seed, ...)."""
    import torch
    ids = torch.as_tensor(ids, dtype=torch.int64)
    if ids.ndim != 1 or len(ids) == 0:
        raise ValueError("ids must be a non-empty sequence")
    if int(ids.min()) < 0 or int(ids.max()) >= c.vocab:
        raise ValueError(f"ids must be in 0..{c.vocab - 1}")
    if not SPEED_RANGE[0] <= speed <= SPEED_RANGE[1]:
        raise ValueError(f"speed must be in {SPEED_RANGE[0]}..{SPEED_RANGE[1]}")
    if not 0.0 <= variation <= 1.0:
        raise ValueError("variation must be in 0..1")
    with torch.no_grad():
        x, mean, logs = text_encoder(c, p, ids)
        logw = log_durations(p, x)
        dur = durations_from(logw, speed)
        frames = int(dur.sum())
        if frames == 0:
            # Upstream keeps one frame, whose prior is mean 0 and scale 1.
            m, s = torch.zeros(c.inter, 1), torch.zeros(c.inter, 1)
        else:
            m = torch.repeat_interleave(mean, dur, dim=1)
            s = torch.repeat_interleave(logs, dur, dim=1)
        frames = m.shape[1]
        if variation == 0.0:
            z_p = m.clone()
            eps = None
        else:
            eps = torch.from_numpy(seeded_noise(seed, frames, c.inter)) if noise is None else torch.as_tensor(noise)
            if tuple(eps.shape) != (c.inter, frames):
                raise ValueError(f"noise must be [{c.inter}, {frames}], got {list(eps.shape)}")
            z_p = m + eps * torch.exp(s) * torch.tensor(variation, dtype=torch.float32)
        z = flow_reverse(c, p, z_p)[:, :MAX_FRAMES]
        audio = decode(c, p, z)
    return dict(log_durations=logw, durations=dur, prior_mean=m, prior_log_scale=s, noise=eps,
                latent_prior=z_p, latent=z, audio=audio)


def intersperse(ids):
    """Blank (0) before, between and after the ids, as upstream's add_blank."""
    out = [BLANK]
    for i in ids:
        out += [int(i), BLANK]
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--fixture", choices=sorted(FIXTURES), help="write a random-weight fixture of this size")
    ap.add_argument("--profile", choices=PROFILES, default="f16")
    ap.add_argument("--seed", type=int, default=1234, help="weights seed (--fixture) or noise seed (--voice)")
    ap.add_argument("-o", "--output")
    ap.add_argument("--voice", help="an inflect-v2 GGUF to run")
    ap.add_argument("--ids", help="comma-separated ids, already blank-interspersed")
    ap.add_argument("--speed", type=float, default=1.0)
    ap.add_argument("--variation", type=float, default=0.0)
    a = ap.parse_args()
    if a.fixture:
        if not a.output:
            ap.error("--fixture needs -o")
        c = FIXTURES[a.fixture]
        write_v2(a.output, random_tensors(c, a.seed), c, a.profile)
        print(f"wrote {a.output}: {a.fixture} fixture, {a.profile}")
    elif a.voice:
        c, p, _ = load_v2(a.voice)
        ids = [int(v) for v in (a.ids or "0").split(",")]
        r = synthesize(c, p, ids, a.speed, a.variation, a.seed)
        print("durations", r["durations"].tolist())
        print("samples", r["audio"].numel(), "peak", float(r["audio"].abs().max()))
        if a.output:
            r["audio"].numpy().astype("<f4").tofile(a.output)
    else:
        ap.error("give --fixture or --voice")


if __name__ == "__main__":
    main()
