"""A voice file loaded back into the PyTorch reference (AcousticModel + Generator).

The benchmark and any listening comparison must run the PyTorch graph on
exactly the weights the engine reads, F16 rounding included, so the models
are rebuilt from the file itself rather than from the training checkpoints.
The generator is built without weight norm: the file stores folded weights
and inference has no use for the reparametrisation.
"""
import os
import sys
from dataclasses import dataclass, fields

import numpy as np
import torch
from torch.nn.utils import remove_weight_norm

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import gguf  # noqa: E402
from acoustic import AcousticConfig, AcousticModel  # noqa: E402
from vocoder import Generator, VocoderConfig  # noqa: E402


@dataclass
class TorchVoice:
    acoustic: AcousticModel
    generator: Generator
    sample_rate: int
    output_gain: float
    symbols: list
    speakers: list


def _state(tensors, prefix):
    return {k[len(prefix):]: torch.from_numpy(np.array(v, dtype=np.float32))
            for k, v in tensors.items() if k.startswith(prefix)}


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


def load_voice(path):
    """TorchVoice in eval mode from a voice file (docs/model-format.md)."""
    r = gguf.Reader(path)
    kv = r.fields
    ac, vc = configs(kv)
    acoustic = AcousticModel(ac)
    acoustic.load_state_dict(_state(r.tensors, "acoustic."))
    generator = Generator(vc)
    for m in generator.modules():
        if hasattr(m, "weight_g"):
            remove_weight_norm(m)
    generator.load_state_dict(_state(r.tensors, "vocoder."))
    return TorchVoice(acoustic.eval(), generator.eval(), vc.sample_rate,
                      float(kv.get("inflect.output.gain", 1.0)),
                      list(kv["inflect.frontend.symbols"]), list(kv["inflect.speakers"]))
