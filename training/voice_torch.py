"""A voice file loaded back into the PyTorch reference (AcousticModel + Generator).

The benchmark and any listening comparison must run the PyTorch graph on
exactly the weights the engine reads, F16 rounding included, so the models
are rebuilt from the file itself rather than from the training checkpoints.
The generator is built without weight norm: the file stores folded weights
and inference has no use for the reparametrisation.
"""
import os
from dataclasses import dataclass, fields

import numpy as np
import torch
from torch.nn.utils import remove_weight_norm

from . import gguf
from .acoustic import AcousticConfig, AcousticModel
from .vocoder import Generator, VocoderConfig


@dataclass
class TorchVoice:
    acoustic: AcousticModel
    generator: Generator
    sample_rate: int
    output_gain: float
    symbols: list
    speakers: list
    intonation: float = 1.0  # inflect.prosody.intonation, for AcousticModel.infer
    # (edge Hz, gain) of inflect.band_extension.*, for band_extension.reference; None: full band.
    band_extension: tuple = None


def configs(kv):
    """(AcousticConfig, VocoderConfig) from a voice file's key/value fields."""
    if kv.get("general.architecture") != "inflect-voice":
        raise ValueError("not an inflect-voice file")
    ac = AcousticConfig(dropout=0.0, **{f.name: kv[f"inflect.acoustic.{f.name}"]
                                       for f in fields(AcousticConfig) if f.name != "dropout"})
    res_kernels = list(kv["inflect.vocoder.resblock_kernel_sizes"])
    dil = list(kv["inflect.vocoder.resblock_dilation_sizes"])
    per = len(dil) // len(res_kernels)
    vc = VocoderConfig(
        sample_rate=kv["inflect.vocoder.sample_rate"], num_mels=kv["inflect.vocoder.num_mels"],
        upsample_initial_channel=kv["inflect.vocoder.upsample_initial_channel"],
        upsample_rates=list(kv["inflect.vocoder.upsample_rates"]),
        upsample_kernel_sizes=list(kv["inflect.vocoder.upsample_kernel_sizes"]),
        resblock_kernel_sizes=res_kernels,
        resblock_dilation_sizes=[dil[i * per:(i + 1) * per] for i in range(len(res_kernels))])
    return ac, vc


def _pair_vocoder(path):
    """The vocoder file the engine pairs with an upstream acoustic file: the
    same name with "acoustic" replaced by "vocoder" (inflect.h)."""
    d, base = os.path.split(path)
    if "acoustic" not in base:
        raise ValueError(f"{path}: an upstream acoustic file whose name has no 'acoustic' to find its vocoder by")
    return os.path.join(d, base.replace("acoustic", "vocoder"))


def read_voice(path):
    """(fields, tensors) of any voice the engine opens, in the one-file
    naming: our one-file voice as it is; an upstream acoustic file
    (inflect-acoustic) together with its vocoder file, their bare keys put
    under inflect.acoustic. / inflect.vocoder. and their tensors under
    acoustic. / vocoder. Tensors stay as stored (decoded, block padding and
    the community layout kept; load_voice puts them back in shape)."""
    r = gguf.Reader(path)
    if r.fields.get("general.architecture") != "inflect-acoustic":
        return dict(r.fields), dict(r.tensors)
    v = gguf.Reader(_pair_vocoder(path))
    if v.fields.get("general.architecture") != "inflect-vocoder":
        raise ValueError(f"{_pair_vocoder(path)}: not an inflect-vocoder file")
    kv = {"general.architecture": "inflect-voice", "general.name": r.fields.get("general.name", "?")}
    for src, kind in ((r, "acoustic"), (v, "vocoder")):
        for key, value in src.fields.items():
            if not key.startswith("general."):
                kv[f"inflect.{kind}.{key}"] = value
    tensors = {"acoustic." + k: a for k, a in r.tensors.items()}
    for k, a in v.tensors.items():
        tensors["vocoder." + (k[len("generator."):] if k.startswith("generator.") else k)] = a
    return kv, tensors


def _state(tensors, prefix, model):
    """model's state dict from the stored tensors under `prefix`, each put
    back in PyTorch's shape (convert_upstream.pytorch_tensor: block padding
    dropped, flattened community convolutions unflattened)."""
    from .convert_upstream import pytorch_tensor
    kind = prefix.rstrip(".")
    out = {}
    for name, ref in model.state_dict().items():
        if prefix + name not in tensors:
            raise KeyError(f"voice has no tensor {prefix + name}")
        a = pytorch_tensor(kind, name, np.asarray(tensors[prefix + name]), tuple(ref.shape))
        out[name] = torch.from_numpy(np.array(a, dtype=np.float32))  # a writable copy
    return out


def load_voice(path):
    """TorchVoice in eval mode from a voice file (docs/model-format.md): our
    one-file voice, F16 or requantised by quantize_voice.py, a converted
    upstream one, or an upstream acoustic file with its vocoder beside it.
    Symbols and speaker names default to what the engine uses when the file
    has none (the cmudict-arpabet frontend's fixed inventory has no list in
    the file; speakers are then named by index)."""
    kv, tensors = read_voice(path)
    ac, vc = configs(kv)
    acoustic = AcousticModel(ac)
    acoustic.load_state_dict(_state(tensors, "acoustic.", acoustic))
    generator = Generator(vc)
    for m in generator.modules():
        if hasattr(m, "weight_g"):
            remove_weight_norm(m)
    generator.load_state_dict(_state(tensors, "vocoder.", generator))
    speakers = list(kv.get("inflect.speakers", [str(i) for i in range(ac.speaker_count)]))
    return TorchVoice(acoustic.eval(), generator.eval(), vc.sample_rate,
                      float(kv.get("inflect.output.gain", 1.0)),
                      list(kv.get("inflect.frontend.symbols", [])), speakers,
                      float(kv.get("inflect.prosody.intonation", 1.0)),
                      band_extension(kv))


def band_extension(kv):
    """(edge Hz, gain) of the inflect.band_extension.* keys, None without them; both or neither, as the engine asks."""
    keys = ("inflect.band_extension.edge_hz", "inflect.band_extension.gain")
    present = [k in kv for k in keys]
    if any(present) and not all(present):
        raise ValueError(f"voice has {keys[present.index(True)]} without {keys[present.index(False)]}")
    return (float(kv[keys[0]]), float(kv[keys[1]])) if all(present) else None
