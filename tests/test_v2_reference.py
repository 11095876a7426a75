#!/usr/bin/python3
"""The Inflect v2 reference (training/v2_model.py) and its fixtures.

Writes the random-weight Nano-v2 and Micro-v2 fixtures in every profile of
the community converter (docs/v2.md), reads each back and checks the file
layout (keys, tensor count, stored shapes and types), that the weights
survive the round trip, that the graph runs and is deterministic for a
fixed noise, and the relative attention against a plain loop. The C engine
will be held to this reference.

  /usr/bin/python3 tests/test_v2_reference.py

Exit 77 (skip) when numpy or PyTorch is missing.
"""
import math
import os
import sys
import tempfile

from checks import check, finish
from skip import skip

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))  # the training package
try:
    import numpy as np
    import torch
except ImportError as e:
    skip(f"needs numpy and PyTorch: {e}")
from training import gguf  # noqa: E402
from training import v2_model as v2  # noqa: E402


def raises(fn, text, what):
    try:
        fn()
    except ValueError as e:
        check(text in str(e), f"{what}: error {e!r} does not mention {text!r}")
        return
    check(False, f"{what}: no error")


# "hello world." as upstream's frontend spells it, blank-interspersed.
PHONEMES = "həlˈoʊ wˈɜːld."
IDS = v2.intersperse(v2.SYMBOL_IDS[ch] for ch in PHONEMES)


def check_layout(path, name, c, profile, original):
    r = gguf.Reader(path)
    f = r.fields
    check(next(iter(f)) == "general.architecture" and f["general.architecture"] == "inflect-v2",
          f"{name}: general.architecture first and inflect-v2")
    check("general.alignment" not in f, f"{name}: no general.alignment key (the converter writes none)")
    check(f["inflect.v2.symbol_hash"] == v2.SYMBOL_HASH and f["inflect.v2.symbol_count"] == 178,
          f"{name}: symbol table keys")
    # The tensor inventory must be upstream's: its converter expects exactly
    # 410 checkpoint tensors and 108 weight-norm pairs for three encoder layers.
    check(f["inflect.v2.source_tensor_count"] == 410 and f["inflect.v2.folded_weight_norm_pairs"] == 108,
          f"{name}: 410 source tensors, 108 pairs (got {f['inflect.v2.source_tensor_count']}, "
          f"{f['inflect.v2.folded_weight_norm_pairs']})")
    check(len(r.tensors) == 410 - 108, f"{name}: {len(r.tensors)} tensors, expected 302")
    check(list(r.tensors) == sorted(r.tensors), f"{name}: tensors sorted by name")
    check(f["inflect.v2.parameter_count"] == sum(a.size for a in original.values()), f"{name}: parameter_count")
    check(r.field_types["inflect.v2.upsample_rates"] == (gguf.ARRAY, gguf.INT32)
          and r.field_types["inflect.v2.add_blank"][0] == gguf.BOOL
          and r.field_types["inflect.v2.parameter_count"][0] == gguf.UINT64, f"{name}: key types")
    check(f["inflect.v2.resblock_dilation_sizes"] == [1, 3, 5] * 3, f"{name}: flattened dilations")
    check(("inflect.v2.quantization" in f) == (profile != "f32")
          and f.get("inflect.v2.quantization", profile) == profile, f"{name}: quantization keys")
    types = r.tensor_types
    h = c.hidden
    if profile == "f32":
        check(all(t == gguf.F32 for t in types.values()), f"{name}: all F32")
        check(r.tensors["dp.proj.weight"].shape == (1, c.dp_filter, 1), f"{name}: F32 keeps unit axes")
    elif profile == "f16":
        check(all(t == gguf.F16 for t in types.values()), f"{name}: all F16")
        check(r.tensors["enc_p.encoder.attn_layers.0.emb_rel_k"].shape == (9, c.head_dim)
              and r.tensors["dec.conv_post.weight"].shape == (c.upsample_initial // 16, 7),
              f"{name}: leading unit axes dropped")
    elif profile == "q8_0":
        check(types["enc_p.emb.weight"] == gguf.Q8_0 and types["dec.resblocks.11.convs2.2.weight"] == gguf.Q8_0
              and types["enc_p.proj.bias"] == gguf.F16 and types["dp.norm_1.gamma"] == gguf.F16,
              f"{name}: every matrix Q8_0, vectors F16")
        u = c.upsample_initial
        check(r.tensors["dec.ups.0.weight"].shape == (u // 2, -(-16 * u // 32) * 32),
              f"{name}: upsampler flattened to [out, K*in] rows")
        check(r.tensors["enc_p.encoder.ffn_layers.0.conv_1.weight"].shape == (c.filter, -(-3 * h // 32) * 32),
              f"{name}: conv flattened to [out, in*K] rows")
        check(r.tensors["dp.proj.weight"].shape == (32 * -(-c.dp_filter // 32),), f"{name}: unit rows trimmed")
        # The order inside a row, spelled out: Conv1d [o][i*K + k], the
        # upsampler (ConvTranspose1d [i, o, k]) [o][k*in + i].
        w = original["enc_p.encoder.ffn_layers.0.conv_1.weight"]
        row = r.tensors["enc_p.encoder.ffn_layers.0.conv_1.weight"][5]
        check(np.allclose([row[i * 3 + k] for i in range(h) for k in range(3)], w[5].reshape(-1),
                          atol=np.abs(w[5]).max() / 100), f"{name}: conv row order [in][K]")
        w = original["dec.ups.1.weight"]
        row = r.tensors["dec.ups.1.weight"][3]
        k_up, n_in = w.shape[2], w.shape[0]
        check(np.allclose([row[k * n_in + i] for k in range(k_up) for i in range(n_in)], w[:, 3, :].T.reshape(-1),
                          atol=np.abs(w[:, 3]).max() / 100), f"{name}: upsampler row order [K][in]")
    elif profile == "mixed-q8_0":
        check(types["enc_p.encoder.attn_layers.0.conv_q.weight"] == gguf.Q8_0
              and types["enc_p.proj.weight"] == gguf.F16 and types["dec.resblocks.0.convs1.0.weight"] == gguf.F16
              and types["flow.flows.0.post.weight"] == gguf.F16, f"{name}: mixed profile's choices")
    elif profile == "q4_0_e":
        check(types["flow.flows.2.enc.in_layers.1.weight"] == gguf.Q4_0 and types["enc_p.emb.weight"] == gguf.Q4_0,
              f"{name}: matrices Q4_0")


def check_roundtrip(name, profile, original, loaded):
    for k, a in original.items():
        b = loaded[k].numpy()
        if b.shape != a.shape:
            check(False, f"{name}: {k} loads as {b.shape}, not {a.shape}")
            return
        err = float(np.abs(a - b).max())
        scale = float(np.abs(a).max()) or 1.0
        # Q8_0 keeps a value within half a step of max|block|/127, Q4_0
        # within a step of max|block|/8; F16 within 2^-11 relative.
        bound = {"f32": 0.0, "f16": scale * 2 ** -10, "q8_0": scale / 127,
                 "mixed-q8_0": scale / 127, "q4_0_e": scale / 8}[profile]
        if err > bound:
            check(False, f"{name}: {k} differs by {err:.3g} after the round trip (bound {bound:.3g})")
            return


def attention_loop(x, p, prefix, heads):
    """Relative attention written out pair by pair (numpy, float64)."""
    def conv1x1(v, w, b):
        return w[:, :, 0].astype(np.float64) @ v + b[:, None]
    x = x.numpy().astype(np.float64)
    g = {k[len(prefix):]: t.numpy() for k, t in p.items() if k.startswith(prefix)}
    q, k, v = (conv1x1(x, g[f"conv_{n}.weight"], g[f"conv_{n}.bias"]) for n in "qkv")
    h, t = x.shape
    dk = h // heads
    rk = g["emb_rel_k"].reshape(9, dk)
    rv = g["emb_rel_v"].reshape(9, dk)
    out = np.zeros((h, t))
    for head in range(heads):
        sl = slice(head * dk, (head + 1) * dk)
        for i in range(t):
            s = np.empty(t)
            for j in range(t):
                s[j] = q[sl, i] @ k[sl, j]
                if abs(j - i) <= 4:
                    s[j] += q[sl, i] @ rk[j - i + 4]
            s /= math.sqrt(dk)
            pr = np.exp(s - s.max())
            pr /= pr.sum()
            for j in range(t):
                val = v[sl, j] + (rv[j - i + 4] if abs(j - i) <= 4 else 0)
                out[sl, i] += pr[j] * val
    return conv1x1(out, g["conv_o.weight"], g["conv_o.bias"])


def check_graph(name, c, p):
    a = v2.synthesize(c, p, IDS)
    b = v2.synthesize(c, p, IDS)
    check(torch.equal(a["audio"], b["audio"]) and torch.equal(a["durations"], b["durations"]),
          f"{name}: variation 0 is deterministic")
    frames = int(a["durations"].sum())
    check(a["durations"].shape == (len(IDS),) and frames > len(IDS), f"{name}: durations {a['durations'].tolist()}")
    check(a["latent"].shape == (c.inter, frames) and a["audio"].shape == (frames * v2.HOP,),
          f"{name}: latent {tuple(a['latent'].shape)}, audio {tuple(a['audio'].shape)} for {frames} frames")
    peak = float(a["audio"].abs().max())
    check(torch.isfinite(a["audio"]).all() and 1e-3 < peak < 1.0, f"{name}: audio peak {peak}")
    check(torch.equal(a["latent_prior"], a["prior_mean"]), f"{name}: variation 0 leaves the prior mean")
    check(torch.equal(v2.synthesize(c, p, IDS, seed=99)["audio"], a["audio"]), f"{name}: variation 0 ignores the seed")

    s1 = v2.synthesize(c, p, IDS, variation=0.667, seed=7)
    s2 = v2.synthesize(c, p, IDS, variation=0.667, seed=7)
    s3 = v2.synthesize(c, p, IDS, variation=0.667, seed=8)
    check(torch.equal(s1["audio"], s2["audio"]), f"{name}: a seed repeats")
    check(not torch.equal(s1["audio"], s3["audio"]), f"{name}: another seed differs")
    check(torch.equal(s1["durations"], a["durations"]), f"{name}: durations do not depend on the noise")
    noise = torch.from_numpy(v2.seeded_noise(7, frames, c.inter))
    s4 = v2.synthesize(c, p, IDS, variation=0.667, noise=noise)
    check(torch.equal(s4["audio"], s1["audio"]), f"{name}: given noise = seeded noise")
    expect = a["prior_mean"] + noise * torch.exp(a["prior_log_scale"]) * 0.667
    check(torch.allclose(s1["latent_prior"], expect, atol=1e-6), f"{name}: prior sample = mean + noise * scale * variation")

    fast = v2.synthesize(c, p, IDS, speed=2.0)
    want = torch.ceil(torch.exp(a["log_durations"]) * 0.5).long()
    check(torch.equal(fast["durations"], want), f"{name}: speed 2 halves exp(log durations) before ceil")
    raises(lambda: v2.synthesize(c, p, IDS, speed=3.0), "speed", f"{name}: speed 3")
    raises(lambda: v2.synthesize(c, p, [0, 178, 0]), "ids", f"{name}: id 178")
    raises(lambda: v2.synthesize(c, p, IDS, variation=0.5, noise=torch.zeros(c.inter, 3)), "noise",
           f"{name}: misshapen noise")

    # The vectorised relative attention against the pair-by-pair loop, on a
    # sequence longer than the window so far pairs are exercised.
    x = torch.randn(c.hidden, 13, generator=torch.Generator().manual_seed(3))
    with torch.no_grad():
        fast_att = v2.relative_attention(x, p, "enc_p.encoder.attn_layers.1.", c.heads).numpy()
    slow_att = attention_loop(x, p, "enc_p.encoder.attn_layers.1.", c.heads)
    err = float(np.abs(fast_att - slow_att).max())
    check(err < 1e-4, f"{name}: relative attention differs from the loop by {err}")
    return a


def main():
    n = v2.seeded_noise(1234, 500, 20)
    check(n.shape == (20, 500) and np.array_equal(n, v2.seeded_noise(1234, 500, 20)), "noise repeats")
    check(abs(float(n.mean())) < 0.05 and abs(float(n.std()) - 1) < 0.05,
          f"noise is standard normal (mean {n.mean():.3f}, std {n.std():.3f})")
    check(np.unique(v2.seeded_noise(0, 4, 2)).size == 1, "seed 0 gives constant noise, as the community's does")
    check(len(v2.SYMBOLS) == 178 and v2.SYMBOL_IDS["'"] == 176 and v2.SPACE == 16, "symbol table")
    check(v2.intersperse([5, 6]) == [0, 5, 0, 6, 0], "blanks before, between and after")

    with tempfile.TemporaryDirectory() as tmp:
        for size, c in v2.FIXTURES.items():
            original = v2.random_tensors(c, seed=11)
            outputs = {}
            for profile in v2.PROFILES:
                name = f"{size}-{profile}"
                path = os.path.join(tmp, name + ".gguf")
                v2.write_v2(path, original, c, profile)
                check_layout(path, name, c, profile, original)
                c2, p, _ = v2.load_v2(path)
                check(c2 == c, f"{name}: config read back as {c2}")
                check_roundtrip(name, profile, original, p)
                if profile in ("f32", "f16"):
                    outputs[profile] = check_graph(name, c, p)
            # F16 weights move the audio a little, not the sense of it.
            d32, d16 = outputs["f32"]["durations"], outputs["f16"]["durations"]
            check(int((d32 - d16).abs().sum()) <= 2, f"{size}: F16 durations {d16.tolist()} vs F32 {d32.tolist()}")

            base = os.path.join(tmp, f"{size}-f16.gguf")
            bad = os.path.join(tmp, "bad.gguf")
            gguf.set_metadata(base, bad, {"general.architecture": (gguf.STRING, "inflect-acoustic")})
            raises(lambda: v2.load_v2(bad), "general.architecture", f"{size}: another architecture")
            gguf.set_metadata(base, bad, {"inflect.v2.symbol_hash": (gguf.STRING, "0" * 64)})
            raises(lambda: v2.load_v2(bad), "symbol_hash", f"{size}: another symbol table")
            gguf.set_metadata(base, bad, {"inflect.v2.hidden_channels": (gguf.UINT32, c.hidden + 16)})
            raises(lambda: v2.load_v2(bad), "enc_p.emb.weight", f"{size}: sizes that do not fit the tensors")
            gguf.set_metadata(base, bad, {"inflect.v2.n_heads": None})
            raises(lambda: v2.load_v2(bad), "inflect.v2.n_heads", f"{size}: a missing key")
            gguf.set_metadata(base, bad, {"inflect.v2.upsample_rates": (gguf.ARRAY, (gguf.INT32, [8, 8, 4]))})
            raises(lambda: v2.load_v2(bad), "upsample_rates", f"{size}: other upsampling")

    return finish("v2 reference: all checks passed")


if __name__ == "__main__":
    sys.exit(main())
