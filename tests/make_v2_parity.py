#!/usr/bin/python3
"""Golden outputs that hold the C engine's Inflect v2 support to the PyTorch
reference (training/v2_model.py, docs/v2.md).

Writes the random-weight Nano-v2 and Micro-v2 fixtures in every profile of
the community converter, reads each back as the reference reads it (so both
sides run the weights the file really holds) and runs v2_model.synthesize on
fixed ids, deterministic and with seeded noise. Writes into OUT:

  v2-parity.txt     one line per case:
                    case file length_scale variation seed n_ids inter n_frames n_samples
  <case>.ids        int32 [n_ids]: blank-interspersed symbol ids
  <case>.dur        int32 [n_ids]: durations
  <case>.latent     float32 [inter][n_frames]: the latent after the flow
  <case>.wav        float32 [n_samples]: the audio
  <size>-<profile>.gguf   the fixtures
  v2-bad.txt        one line per broken file: file, then text its error must contain
  v2-symbols.txt    the 178 symbols' code points in hex, in id order

  /usr/bin/python3 tests/make_v2_parity.py OUT
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def skip(out_dir, why):
    """A manifest that says why there are no cases, so the C test can skip."""
    with open(os.path.join(out_dir, "v2-parity.txt"), "w") as f:
        f.write(f"skip {why}\n")


def margin(logw, scale):
    """How close exp(logw) * scale comes to a whole number (where float
    rounding could move a ceiling)."""
    import torch
    x = torch.exp(logw) * torch.tensor(scale, dtype=torch.float32)
    return float((x - torch.round(x)).abs().min())


def rewrite(gguf, src, dst, drop=None, shorten=None):
    """src copied to dst without tensor `drop`, or with tensor `shorten`
    one row short."""
    import numpy as np
    r = gguf.Reader(src)
    w = gguf.Writer(alignment_key=False)
    w.add_fields(r)
    for name, a in r.tensors.items():
        if name == drop:
            continue
        a = np.asarray(a, np.float32)
        if name == shorten:
            a = a[:-1]
        w.add_tensor(name, a, r.tensor_types[name])
    w.write(dst)


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    out_dir = sys.argv[1]
    os.makedirs(out_dir, exist_ok=True)
    try:
        import numpy as np
        import torch
    except ImportError as e:
        skip(out_dir, f"needs numpy and PyTorch: {e}")
        return
    from training import gguf
    from training import v2_model as v2

    torch.set_num_threads(1)
    rng = np.random.default_rng(5)
    hello = v2.intersperse(v2.SYMBOL_IDS[ch] for ch in "həlˈoʊ wˈɜːld.")
    # A longer input: the attention's far pairs, and a latent of a few
    # hundred frames for chunked decoding.
    longer = v2.intersperse(int(i) for i in rng.integers(1, len(v2.SYMBOLS), 60))
    lines = []
    for size, c in v2.FIXTURES.items():
        tensors = v2.random_tensors(c, seed=11 if size == "nano" else 12)
        for profile in v2.PROFILES:
            name = f"{size}-{profile}"
            path = os.path.join(out_dir, name + ".gguf")
            v2.write_v2(path, tensors, c, profile)
            c2, p, _ = v2.load_v2(path)
            cases = [("hello", hello, 1.0, 0.0, 0), ("noise", hello, 1.25, 0.667, 7), ("long", longer, 1.0, 0.5, 42)]
            for case, ids, scale, variation, seed in cases:
                logw = v2.synthesize(c2, p, ids)["log_durations"]
                # Keep the ceiling away from float ties: nudge the scale.
                while margin(logw, scale) < 1e-3:
                    scale = float(np.float32(scale * 1.01))
                r = v2.synthesize(c2, p, ids, speed=1.0 / scale, variation=variation, seed=seed)
                # synthesize computes 1/speed again: the same float32 scale.
                assert float(np.float32(1.0 / (1.0 / scale))) == float(np.float32(scale))
                tag = f"{name}-{case}"
                np.asarray(ids, np.int32).tofile(os.path.join(out_dir, tag + ".ids"))
                r["durations"].numpy().astype(np.int32).tofile(os.path.join(out_dir, tag + ".dur"))
                r["latent"].numpy().astype(np.float32).tofile(os.path.join(out_dir, tag + ".latent"))
                r["audio"].numpy().astype(np.float32).tofile(os.path.join(out_dir, tag + ".wav"))
                lines.append(f"{tag} {name}.gguf {scale!r} {variation!r} {seed} {len(ids)} {c.inter} "
                             f"{r['latent'].shape[1]} {r['audio'].numel()}")

    # Broken files, each from the Nano F16 fixture, and what their errors name.
    base = os.path.join(out_dir, "nano-f16.gguf")
    c = v2.FIXTURES["nano"]
    bad = []

    def broken(tag, changes, expect):
        path = os.path.join(out_dir, f"bad-{tag}.gguf")
        gguf.set_metadata(base, path, changes)
        bad.append(f"bad-{tag}.gguf {expect}")

    broken("hash", {"inflect.v2.symbol_hash": (gguf.STRING, "0" * 64)}, "symbol_hash")
    broken("heads", {"inflect.v2.n_heads": None}, "inflect.v2.n_heads")
    broken("hidden", {"inflect.v2.hidden_channels": (gguf.UINT32, c.hidden + 16)}, "enc_p.emb.weight")
    broken("rates", {"inflect.v2.upsample_rates": (gguf.ARRAY, (gguf.INT32, [8, 8, 4]))}, "upsample_rates")
    broken("odd-inter", {"inflect.v2.inter_channels": (gguf.UINT32, c.inter + 1)}, "inter_channels")
    broken("rate", {"inflect.v2.sample_rate": (gguf.UINT32, 22050)}, "sample_rate")
    rewrite(gguf, base, os.path.join(out_dir, "bad-missing.gguf"), drop="flow.flows.4.enc.in_layers.2.weight")
    bad.append("bad-missing.gguf flow.flows.4.enc.in_layers.2.weight")
    rewrite(gguf, base, os.path.join(out_dir, "bad-shape.gguf"), shorten="dec.resblocks.7.convs2.1.weight")
    bad.append("bad-shape.gguf dec.resblocks.7.convs2.1.weight")
    with open(os.path.join(out_dir, "v2-bad.txt"), "w") as f:
        f.write("\n".join(bad) + "\n")
    with open(os.path.join(out_dir, "v2-symbols.txt"), "w") as f:
        f.write(" ".join(f"{ord(s):x}" for s in v2.SYMBOLS) + "\n")
    with open(os.path.join(out_dir, "v2-parity.txt"), "w") as f:
        f.write("\n".join(lines) + "\n")
    print(f"{len(lines)} v2 cases, {len(bad)} broken files in {out_dir}")


if __name__ == "__main__":
    main()
