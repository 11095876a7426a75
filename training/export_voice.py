"""Write a voice file (docs/model-format.md): acoustic model + vocoder +
frontend settings in one GGUF.

Matrices, embeddings and convolution kernels are stored F16; biases, norms,
Snake log_alpha and every GRU tensor F32 (the recurrence would compound F16
rounding over a whole utterance). The vocoder is stored with weight norm
folded, as the engine reads it.

  /usr/bin/python3 -m training.export_voice --acoustic acoustic.pt --vocoder vocoder.pt \\
      --symbols ids-kathleen-24k.json --speakers kathleen --name kathleen --license CC0-1.0 \\
      -o models/kathleen.gguf

Checkpoints are torch.save dicts with "config" (the dataclass fields) and the
state dict under "model" (acoustic) or "generator" (vocoder, as
train_vocoder.py writes it).
"""
import argparse
import json
from dataclasses import dataclass

from . import gguf
from .vocoder import folded_state_dict

FORMAT_VERSION = 1


@dataclass
class Frontend:
    """What the engine's frontend needs to produce this voice's ids."""
    symbols: list                       # symbols[i] is phone id i; symbols[0] == "_" (unused by cmudict-arpabet)
    speakers: list                      # speaker names, index = speaker id
    espeak_voice: str = "en-us"
    lang_id: int = 1                    # lang id of that language (0 is the blank)
    kind: str = "espeak-ipa"
    output_gain: float = 1.0
    name: str = "voice"
    license: str = ""
    gender: str = ""                    # "female", "male"...; --list-voices shows it


# A mark the corpus never shows (Kathleen's prompts have no ? or !) keeps the
# random embedding it started with, and a question would end in noise; it
# is read as the nearest mark the model did learn instead.
PUNCTUATION_FALLBACK = {"?": ".", "!": ".", "…": "."}


def tie_unseen_punctuation(acoustic, symbols, seen):
    """Copies the phone embedding of a trained fallback mark into each
    punctuation symbol absent from `seen`; returns the marks tied."""
    import torch
    tied = []
    with torch.no_grad():
        for mark, fallback in PUNCTUATION_FALLBACK.items():
            if mark in symbols and mark not in seen and fallback in seen:
                acoustic.phone.weight[symbols.index(mark)] = acoustic.phone.weight[symbols.index(fallback)]
                tied.append(mark)
    return tied


def tensor_type(name, array):
    """GGUF tensor type for a parameter: F32 for vectors, log_alpha and the GRU."""
    if array.ndim == 1 or name.endswith("log_alpha") or "frame_gru." in name:
        return gguf.F32
    return gguf.F16


def voice_tensors(acoustic, generator):
    """[(file name, float32 array in PyTorch order, GGUF type)] of both models."""
    out = []
    for prefix, state in (("acoustic.", acoustic.state_dict()), ("vocoder.", folded_state_dict(generator))):
        for name, t in state.items():
            a = t.detach().cpu().float().numpy()
            out.append((prefix + name, a, tensor_type(name, a)))
    return out


def write_voice(path, acoustic, generator, frontend: Frontend):
    ac, vc = acoustic.cfg, generator.cfg
    if ac.n_mels != vc.num_mels:
        raise ValueError(f"acoustic model makes {ac.n_mels} mel bins, vocoder reads {vc.num_mels}")
    # A cmudict-arpabet voice uses upstream's fixed ids, which the engine knows.
    has_table = frontend.kind != "cmudict-arpabet"
    if has_table and (not frontend.symbols or frontend.symbols[0] != "_" or len(frontend.symbols) > ac.vocab_size):
        raise ValueError(f"need 1..{ac.vocab_size} symbols starting with '_', got {len(frontend.symbols)}")
    if len(frontend.speakers) != ac.speaker_count:
        raise ValueError(f"{len(frontend.speakers)} speaker names for {ac.speaker_count} speakers")
    if not 0 <= frontend.lang_id < ac.lang_size:
        raise ValueError(f"lang_id {frontend.lang_id} outside 0..{ac.lang_size - 1}")
    dil = [d for ds in vc.resblock_dilation_sizes for d in ds]
    if len(dil) != len(vc.resblock_kernel_sizes) * len(vc.resblock_dilation_sizes[0]):
        raise ValueError("every resblock kernel needs the same number of dilations")

    w = gguf.Writer()
    w.add("general.architecture", gguf.STRING, "inflect-voice")
    w.add("general.name", gguf.STRING, frontend.name)
    w.add("general.license", gguf.STRING, frontend.license)
    if frontend.gender:
        w.add("inflect.voice.gender", gguf.STRING, frontend.gender)
    w.add("inflect.format_version", gguf.UINT32, FORMAT_VERSION)
    for key in ("vocab_size", "tone_size", "lang_size", "n_mels", "hidden", "encoder_layers", "decoder_layers",
                "encoder_ff_mult", "decoder_ff_mult", "kernel_size", "speaker_count", "speaker_dim",
                "abs_frame_bins", "max_frames"):
        w.add(f"inflect.acoustic.{key}", gguf.UINT32, getattr(ac, key))
    w.add("inflect.acoustic.postnet_scale", gguf.FLOAT32, ac.postnet_scale)
    w.add("inflect.vocoder.sample_rate", gguf.UINT32, vc.sample_rate)
    w.add("inflect.vocoder.num_mels", gguf.UINT32, vc.num_mels)
    w.add("inflect.vocoder.upsample_initial_channel", gguf.UINT32, vc.upsample_initial_channel)
    w.add_array("inflect.vocoder.upsample_rates", gguf.INT32, vc.upsample_rates)
    w.add_array("inflect.vocoder.upsample_kernel_sizes", gguf.INT32, vc.upsample_kernel_sizes)
    w.add_array("inflect.vocoder.resblock_kernel_sizes", gguf.INT32, vc.resblock_kernel_sizes)
    w.add_array("inflect.vocoder.resblock_dilation_sizes", gguf.INT32, dil)
    w.add("inflect.mel.hop", gguf.UINT32, generator.hop)
    w.add("inflect.frontend.kind", gguf.STRING, frontend.kind)
    w.add("inflect.frontend.espeak_voice", gguf.STRING, frontend.espeak_voice)
    w.add("inflect.frontend.lang_id", gguf.UINT32, frontend.lang_id)
    if has_table:
        w.add_array("inflect.frontend.symbols", gguf.STRING, frontend.symbols)
    w.add_array("inflect.speakers", gguf.STRING, frontend.speakers)
    w.add("inflect.output.gain", gguf.FLOAT32, frontend.output_gain)
    for name, a, ttype in voice_tensors(acoustic, generator):
        w.add_tensor(name, a, ttype)
    w.write(path)


def _load(path, state_key, model_cls, cfg_cls):
    import torch
    ck = torch.load(path, map_location="cpu")
    model = model_cls(cfg_cls(**ck["config"]))
    model.load_state_dict(ck[state_key])
    return model.eval()


def _read_symbols(path):
    """A prepare_ids.py JSON (its "symbols" list) or a text file, one symbol a line."""
    with open(path, encoding="utf-8") as f:
        if path.endswith(".json"):
            return json.load(f)["symbols"]
        return [line.rstrip("\n") for line in f if line.rstrip("\n")]


def main():
    from .acoustic import AcousticConfig, AcousticModel
    from .vocoder import Generator, VocoderConfig
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--acoustic", required=True, help="acoustic checkpoint (.pt)")
    p.add_argument("--vocoder", required=True, help="vocoder checkpoint (.pt)")
    p.add_argument("--symbols", required=True, help="symbol inventory: ids JSON or one symbol per line")
    p.add_argument("--speakers", required=True, help="comma-separated speaker names")
    p.add_argument("--espeak-voice", default="en-us")
    p.add_argument("--lang-id", type=int, default=1)
    p.add_argument("--gain", type=float, default=1.0, help="linear output gain")
    p.add_argument("--name", required=True)
    p.add_argument("--license", default="")
    p.add_argument("--gender", default="", help="the voice's gender, as inflect-say --list-voices shows it")
    p.add_argument("-o", "--output", required=True)
    a = p.parse_args()
    acoustic = _load(a.acoustic, "model", AcousticModel, AcousticConfig)
    generator = _load(a.vocoder, "generator", Generator, VocoderConfig)
    frontend = Frontend(symbols=_read_symbols(a.symbols), speakers=a.speakers.split(","),
                        espeak_voice=a.espeak_voice, lang_id=a.lang_id, output_gain=a.gain, name=a.name,
                        license=a.license, gender=a.gender)
    write_voice(a.output, acoustic, generator, frontend)
    print(f"wrote {a.output}")


if __name__ == "__main__":
    main()
