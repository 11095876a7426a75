"""Convert upstream Inflect-Nano-v1 checkpoints for the engine.

Upstream publishes two PyTorch files: the acoustic model and the HiFi-GAN
generator, the latter with weight norm (weight_g / weight_v). This reads both,
checks them against the module layout of docs/model.md (training/acoustic.py and
training/vocoder.py, which use upstream's names), folds weight norm (w = g v/|v|,
the norm over all axes but 0: per output channel for Conv1d, per input channel
for ConvTranspose1d) and writes either

  -o VOICE.gguf        our one-file voice (docs/model-format.md), frontend
                       cmudict-arpabet, or
  --pair PREFIX        the community two-file layout, PREFIX-acoustic.gguf and
                       PREFIX-vocoder.gguf, exactly as the community converter
                       for the C++/ggml port writes it (docs/upstream.md), with
                       --type f16 (default), q8_0, q4_0, q4_k or q6_k for the
                       matrices it quantizes (--quantize-all: every one it can);
                       a matrix that block padding would make larger than in
                       F16 stays F16.

  /usr/bin/python3 -m training.convert_upstream --acoustic acoustic.pt --vocoder vocoder.pt -o nano.gguf
  inflect-say --voice nano.gguf "Hello there."

A checkpoint may be a bare state dict or a dict holding it under "model",
"state_dict", "generator" or "model_state_dict", with an optional "config"
(or "hparams") dict. Sizes missing from the config are read off the tensor
shapes; the few that shapes cannot tell (max_frames, postnet_scale, upsample
rates, dilations) default to upstream's published configuration.
"""
import argparse
import re

from . import gguf

STATE_KEYS = ("model", "state_dict", "generator", "model_state_dict")
CONFIG_KEYS = ("config", "hparams", "h")
TYPES = {"f16": "F16", "q8_0": "Q8_0", "q4_0": "Q4_0", "q4_k": "Q4_K", "q6_k": "Q6_K"}


def read_checkpoint(path):
    """(state dict, config dict) of one upstream .pt file."""
    import torch
    try:
        ck = torch.load(path, map_location="cpu")
    except OSError:
        raise
    except Exception as e:
        # torch.load fails in a different way for each kind of wrong or cut
        # file (pickle, zip, EOF): all of them mean the same to the user.
        raise ValueError(f"{path}: not a readable PyTorch checkpoint ({type(e).__name__}: {e})") from e
    if not isinstance(ck, dict):
        raise ValueError(f"{path}: not a checkpoint dict")
    config = {}
    for k in CONFIG_KEYS:
        if isinstance(ck.get(k), dict):
            config = dict(ck[k])
    state = ck
    for k in STATE_KEYS:
        if isinstance(ck.get(k), dict) and any(hasattr(v, "shape") for v in ck[k].values()):
            state = ck[k]
            break
    state = {k: v for k, v in state.items() if hasattr(v, "shape")}
    # Wrappers of the training loop (DataParallel, a GAN's generator field).
    for prefix in ("module.", "generator."):
        if state and all(k.startswith(prefix) for k in state):
            state = {k[len(prefix):]: v for k, v in state.items()}
    if not state:
        raise ValueError(f"{path}: no tensors found")
    return state, config


def _count(state, pattern):
    found = {int(m.group(1)) for k in state for m in [re.match(pattern, k)] if m}
    return max(found) + 1 if found else 0


class _Tensors(dict):
    """A checkpoint's state dict whose missing entry is named with its file:
    the sizes are read off the tensors before any module checks them."""

    def __init__(self, path, state):
        super().__init__(state)
        self.path = path

    def __missing__(self, name):
        raise ValueError(f"{self.path}: no tensor '{name}'")


def _agree(path, config, sizes):
    """Sizes read off the tensors must be those the checkpoint's own config
    gives, where it gives them: otherwise a tensor is misshapen, and taking
    either value would convert a model that is not the one trained."""
    for k, v in sizes.items():
        if k in config and (list(config[k]) if isinstance(config[k], (list, tuple)) else config[k]) != v:
            raise ValueError(f"{path}: its config says {k} = {config[k]} but the tensors give {v}")


def _check_layout(path, state, expected):
    """The first missing, extra or misshapen tensor as one line (PyTorch's
    load_state_dict lists them all over several)."""
    for name, t in expected.items():
        if name not in state:
            raise ValueError(f"{path}: no tensor '{name}'")
        if tuple(state[name].shape) != tuple(t.shape):
            raise ValueError(f"{path}: tensor '{name}' has shape {list(state[name].shape)}, "
                             f"expected {list(t.shape)}")
    for name in state:
        if name not in expected:
            raise ValueError(f"{path}: unexpected tensor '{name}'")


def _check_weight_norm(path, state):
    """Each weight_g has its weight_v and one gain per row of it (axis 0),
    before folding divides one by the other."""
    for name, t in state.items():
        base, _, part = name.rpartition(".weight_")
        if part not in ("g", "v") or not base:
            continue
        other = f"{base}.weight_{'v' if part == 'g' else 'g'}"
        if other not in state:
            raise ValueError(f"{path}: tensor '{name}' has no '{other}' beside it")
        if part == "g":
            v = state[other]
            want = (v.shape[0],) + (1,) * (v.dim() - 1)
            if tuple(t.shape) != want:
                raise ValueError(f"{path}: tensor '{name}' has shape {list(t.shape)}, expected {list(want)} "
                                 f"(one gain per row of '{other}', {list(v.shape)})")


def acoustic_config(state, config, path="acoustic checkpoint"):
    from .acoustic import AcousticConfig
    state = _Tensors(path, state)
    h = state["phone.weight"].shape[1]
    shapes = dict(
        vocab_size=state["phone.weight"].shape[0], tone_size=state["tone.weight"].shape[0],
        lang_size=state["lang.weight"].shape[0], n_mels=state["mel_head.3.weight"].shape[0], hidden=h,
        encoder_layers=_count(state, r"encoder\.(\d+)\.norm1\.weight"),
        decoder_layers=_count(state, r"decoder\.(\d+)\.norm1\.weight"),
        encoder_ff_mult=state["encoder.0.ff.0.weight"].shape[0] // h,
        decoder_ff_mult=state["decoder.0.ff.0.weight"].shape[0] // h,
        kernel_size=state["encoder.0.depth.weight"].shape[2], speaker_count=state["speaker.weight"].shape[0],
        speaker_dim=state["speaker.weight"].shape[1], abs_frame_bins=state["abs_frame.weight"].shape[0])
    fields = AcousticConfig.__dataclass_fields__
    merged = {k: v for k, v in config.items() if k in fields}
    _agree(path, merged, shapes)
    merged.update(shapes)
    return AcousticConfig(**merged)


def vocoder_config(folded, config, path="vocoder checkpoint"):
    from .vocoder import VocoderConfig
    cfg = VocoderConfig()
    fields = VocoderConfig.__dataclass_fields__
    values = {k: v for k, v in config.items() if k in fields}
    folded = _Tensors(path, folded)
    n_stages = _count(folded, r"ups\.(\d+)\.weight")
    kernels = [folded[f"ups.{i}.weight"].shape[2] for i in range(n_stages)]
    shapes = dict(num_mels=folded["conv_pre.weight"].shape[1],
                  upsample_initial_channel=folded["conv_pre.weight"].shape[0], upsample_kernel_sizes=kernels)
    if "upsample_rates" not in values:
        # HiFi-GAN's kernels are twice their rates; upstream's are (16,16,4,4) for (8,8,2,2).
        values["upsample_rates"] = [k // 2 for k in kernels]
    n_kernels = _count(folded, r"resblocks\.(\d+)\.convs1\.0\.weight") // max(n_stages, 1)
    shapes["resblock_kernel_sizes"] = [folded[f"resblocks.{j}.convs1.0.weight"].shape[2] for j in range(n_kernels)]
    _agree(path, values, shapes)
    values.update(shapes)
    if "resblock_dilation_sizes" not in values:
        n_dil = _count(folded, r"resblocks\.0\.convs1\.(\d+)\.weight")
        if n_dil != len(cfg.resblock_dilation_sizes[0]):
            raise ValueError(f"{path}: {n_dil} dilations per resblock and no config saying which: give the "
                             "checkpoint's config")
        values["resblock_dilation_sizes"] = [list(cfg.resblock_dilation_sizes[0]) for _ in range(n_kernels)]
    return VocoderConfig(**{**cfg.to_dict(), **values})


def load_upstream(acoustic_path, vocoder_path):
    """(AcousticModel, folded vocoder state, VocoderConfig), checked against
    the module layout: a missing, extra or misshapen tensor is an error."""
    from .acoustic import AcousticModel
    from .vocoder import Generator, fold_weight_norm
    ac_state, ac_config = read_checkpoint(acoustic_path)
    vc_state, vc_config = read_checkpoint(vocoder_path)
    acoustic = AcousticModel(acoustic_config(ac_state, ac_config, acoustic_path))
    _check_layout(acoustic_path, ac_state, acoustic.state_dict())
    acoustic.load_state_dict(ac_state, strict=True)
    if not any(k.endswith(".weight_g") for k in vc_state):
        raise ValueError(f"{vocoder_path}: no weight_g/weight_v pairs; expected upstream's weight-normed generator")
    _check_weight_norm(vocoder_path, vc_state)
    folded = fold_weight_norm(vc_state)
    vcfg = vocoder_config(folded, vc_config, vocoder_path)
    # The generator must accept the checkpoint as it is, weight norm and all.
    generator = Generator(vcfg)
    _check_layout(vocoder_path, vc_state, generator.state_dict())
    generator.load_state_dict(vc_state, strict=True)
    return acoustic.eval(), folded, vcfg


def write_one_file(path, acoustic, folded, vcfg, name, license):
    from .export_voice import Frontend, write_voice
    from .vocoder import Generator, load_folded
    generator = Generator(vcfg)
    load_folded(generator, folded)
    # Upstream's speakers have no names: they are called by index, as the
    # engine calls those of a two-file model.
    frontend = Frontend(symbols=[], speakers=[str(i) for i in range(acoustic.cfg.speaker_count)],
                        espeak_voice="en-us", lang_id=2, kind="cmudict-arpabet", name=name, license=license)
    write_voice(path, acoustic, generator.eval(), frontend)


# The community converter's layout (docs/upstream.md), which the C++/ggml port
# and our engine both read. Shapes other than PyTorch's:
#   *.depth.weight   [2H, 1, K] stored as [2, H, K]
#   *.point.weight   [H, H, 1] stored as [H, H]
#   *log_alpha       [1, C, 1] stored as [C]
# and a block-quantized convolution stored as a matrix, one row per output
# channel: a vocoder Conv1d [out, in, K] as [out, in*K] (rows in PyTorch's
# order); the acoustic postnet's Conv1d as [out, K*in] (rows ordered [K][in]);
# a ConvTranspose1d [in, out, K] as [out, K*in] (rows [K][in]).
# Types: the matrices it quantizes by default (below) in the chosen type, other
# multi-axis ".weight" tensors F16, everything else (vectors, log_alpha, the
# GRU's weight_ih/weight_hh) F32.


def _default_quantized(kind, name):
    """Tensors the community converter block-quantizes without extra options:
    the acoustic model's large matrices, every vocoder Conv1d."""
    if kind == "vocoder":
        return name in ("conv_pre.weight", "conv_post.weight") or ".convs1." in name or ".convs2." in name
    return (name == "speaker_proj.weight" or name.endswith(".point.weight")
            or re.fullmatch(r"(encoder|decoder)\.\d+\.ff\.[03]\.weight", name) is not None
            or re.fullmatch(r"(duration|energy|bright|pitch|mel)_head\.[13]\.weight", name) is not None)


def _also_quantized(kind, name):
    """What its scope "all" and --quantize-final-layers add: embeddings, the
    GRU, the small projections, the postnet and the upsamplers."""
    if kind == "vocoder":
        return name.startswith("ups.") and name.endswith(".weight")
    return (re.fullmatch(r"(phone|tone|lang|speaker|abs_frame)\.weight", name) is not None
            or name.startswith("frame_gru.weight")
            or re.fullmatch(r"(energy_proj|bright_proj|pitch_proj\.[02]|frame_proj\.[02]|local_ctx\.[02])\.weight",
                            name) is not None
            or (name.startswith("postnet.") and name.endswith(".weight")))


def _flatten(kind, name, a):
    """A convolution kernel as the matrix the community converter stores when
    it quantizes it."""
    if kind == "vocoder" and name.startswith("ups."):
        return a.transpose(1, 2, 0).reshape(a.shape[1], -1)  # [in, out, K] -> [out][K][in]
    if kind == "acoustic":
        return a.transpose(0, 2, 1).reshape(a.shape[0], -1)  # [out, in, K] -> [out][K][in]
    return a.reshape(a.shape[0], -1)  # [out, in, K] -> [out][in][K]


def community_tensor(kind, name, a, matrix_type, quantize_all=False, always=False):
    """(array in stored shape, tensor type) of PyTorch tensor `a` (numpy) of
    the acoustic model or the vocoder (`kind`) in the community layout. A
    block type pads each row to whole blocks (a 7-tap kernel row becomes 32
    values): a matrix whose rows that makes larger than in F16 stays F16 in
    PyTorch's shape, unless `always`."""
    if name.endswith("log_alpha"):
        return a.reshape(-1), gguf.F32
    if name.endswith(".depth.weight"):
        # Block padding would stretch the kernel axis: always F16.
        return a.reshape(2, a.shape[0] // 2, -1), gguf.F16
    if name.endswith(".point.weight"):
        a = a.reshape(a.shape[0], a.shape[1])
    if matrix_type != gguf.F16 and (_default_quantized(kind, name) or (quantize_all and _also_quantized(kind, name))):
        q = _flatten(kind, name, a) if a.ndim == 3 else a
        row = q.shape[-1]
        if always or gguf.row_bytes(matrix_type, row) < gguf.row_bytes(gguf.F16, row):
            return q, matrix_type
    if a.ndim > 1 and name.endswith(".weight"):
        return a, gguf.F16
    return a, gguf.F32


def pytorch_tensor(kind, name, stored, shape):
    """The inverse of community_tensor: the values of a tensor read from a
    community file (decoded, block padding kept), as numpy in PyTorch's
    `shape`."""
    n = 1
    for d in shape:
        n *= d
    if stored.ndim == 2 and len(shape) == 3 and shape[2] > 1:
        rows = stored[:, :n // stored.shape[0]]
        if kind == "vocoder" and name.startswith("ups."):
            return rows.reshape(shape[1], shape[2], shape[0]).transpose(2, 0, 1)
        if kind == "acoustic":
            return rows.reshape(shape[0], shape[2], shape[1]).transpose(0, 2, 1)
    # Same order under another shape: only the padding of each row goes.
    row = n // (stored.size // stored.shape[-1]) if stored.ndim > 1 else n
    return stored[..., :row].reshape(shape)


def write_pair(prefix, acoustic, folded, vcfg, name, matrix_type, quantize_all=False, always=False):
    """PREFIX-acoustic.gguf and PREFIX-vocoder.gguf in the community layout."""
    ac = acoustic.cfg
    w = gguf.Writer()
    w.add("general.architecture", gguf.STRING, "inflect-acoustic")
    w.add("general.name", gguf.STRING, name)
    for key in ("vocab_size", "tone_size", "lang_size", "n_mels", "hidden", "encoder_layers", "decoder_layers",
                "encoder_ff_mult", "decoder_ff_mult", "kernel_size", "speaker_count", "speaker_dim",
                "abs_frame_bins", "max_frames"):
        w.add(key, gguf.UINT32, getattr(ac, key))
    w.add("sample_rate", gguf.UINT32, vcfg.sample_rate)
    w.add("postnet_scale", gguf.FLOAT32, ac.postnet_scale)
    for tname, t in acoustic.state_dict().items():
        w.add_tensor(tname, *community_tensor("acoustic", tname, t.detach().cpu().float().numpy(), matrix_type,
                                              quantize_all, always))
    w.write(f"{prefix}-acoustic.gguf")

    w = gguf.Writer()
    w.add("general.architecture", gguf.STRING, "inflect-vocoder")
    w.add("general.name", gguf.STRING, name)
    w.add("sample_rate", gguf.UINT32, vcfg.sample_rate)
    w.add("num_mels", gguf.UINT32, vcfg.num_mels)
    w.add("upsample_initial_channel", gguf.UINT32, vcfg.upsample_initial_channel)
    w.add("activation", gguf.STRING, "snake")
    w.add_array("upsample_rates", gguf.INT32, vcfg.upsample_rates)
    w.add_array("upsample_kernel_sizes", gguf.INT32, vcfg.upsample_kernel_sizes)
    w.add_array("resblock_kernel_sizes", gguf.INT32, vcfg.resblock_kernel_sizes)
    w.add_array("resblock_dilation_sizes", gguf.INT32, [d for ds in vcfg.resblock_dilation_sizes for d in ds])
    for tname, t in folded.items():
        w.add_tensor(tname, *community_tensor("vocoder", tname, t.detach().cpu().float().numpy(), matrix_type,
                                              quantize_all, always))
    w.write(f"{prefix}-vocoder.gguf")


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--acoustic", required=True, help="upstream acoustic checkpoint (.pt)")
    p.add_argument("--vocoder", required=True, help="upstream generator checkpoint (.pt), weight-normed")
    p.add_argument("-o", "--output", help="write one voice file")
    p.add_argument("--pair", metavar="PREFIX", help="write PREFIX-acoustic.gguf and PREFIX-vocoder.gguf")
    p.add_argument("--type", choices=sorted(TYPES), default="f16", help="matrix type of --pair files")
    p.add_argument("--quantize-all", action="store_true",
                   help="--pair with --type: quantize the embeddings, GRU, small projections, postnet and "
                        "upsamplers too (the community converter's --acoustic-quantize-scope all "
                        "--quantize-final-layers)")
    p.add_argument("--name", default="inflect-nano-v1")
    p.add_argument("--license", default="Apache-2.0")
    a = p.parse_args()
    if not a.output and not a.pair:
        p.error("give -o and/or --pair")
    try:
        acoustic, folded, vcfg = load_upstream(a.acoustic, a.vocoder)
    except (ValueError, OSError) as e:
        # A checkpoint that does not fit is the user's input, not a bug here:
        # one line that names the file and the tensor, no traceback.
        raise SystemExit(f"convert_upstream: {e}")
    if a.output:
        write_one_file(a.output, acoustic, folded, vcfg, a.name, a.license)
        print(f"wrote {a.output}")
    if a.pair:
        write_pair(a.pair, acoustic, folded, vcfg, a.name, getattr(gguf, TYPES[a.type]), a.quantize_all)
        print(f"wrote {a.pair}-acoustic.gguf and {a.pair}-vocoder.gguf ({a.type})")


if __name__ == "__main__":
    main()
