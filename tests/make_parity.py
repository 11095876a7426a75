#!/usr/bin/python3
"""Golden outputs that hold the C engine to the PyTorch reference.

Builds small random-weight models with the training classes, two of them
with different sizes, kernels, rates and dilations so nothing can be
hard-coded, rounds every tensor the voice file stores as F16 through F16 so
both sides hold identical weights, writes each voice with export_voice.py,
and runs AcousticModel.infer and Generator on fixed id sequences at several
speakers and scales. Writes into OUT:

  parity.txt        one line per case:
                    case voice speaker length pitch range mean n_tokens n_mels n_frames n_samples
  <case>.ids        int32 [3][n_tokens]: phone, tone, lang ids
  <case>.dur        int32 [n_tokens]: durations
  <case>.mel        float32 [n_mels][n_frames]: the reference mel
  <case>.wav        float32 [n_samples]: Generator on <case>.mel

Cases named *_intoned read a copy of their voice with inflect.prosody.intonation
set (INTONATION), and the reference widens its pitch the same way.

A third model has upstream's layout (vocab 256, weight-normed generator):
it is saved as upstream's two .pt files, put through convert_upstream.py into
our one-file voice and into the two-file community layout as F16, Q8_0
(every tensor the community converter can quantize) and Q4_K (its default
choice),
and each file gets golden outputs from the weights it really holds (read
back and decoded), so the cases test folding, the two-file loader and the
dequantisation together.

With --bench it writes only OUT/bench.gguf instead: the upstream-size
configuration with random weights, for timing the engine.

  /usr/bin/python3 tests/make_parity.py [--bench] OUT
"""
import os
import sys

# The training package, imported from the repository root.
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def skip(out_dir, why):
    """Leaves a manifest saying why there are no cases, so the C test can skip."""
    with open(os.path.join(out_dir, "parity.txt"), "w") as f:
        f.write(f"skip {why}\n")


def randomize_acoustic(model, gen):
    """LayerNorms and biases away from 1 and 0, so a swapped gamma and beta
    or a forgotten bias shows; matrices keep PyTorch's (seeded) initialisation."""
    import torch
    with torch.no_grad():
        for name, p in model.named_parameters():
            if p.dim() == 1 and name.endswith(".weight"):
                p.copy_(1.0 + 0.2 * torch.randn(p.shape, generator=gen))
            elif p.dim() == 1:
                p.copy_(0.1 * torch.randn(p.shape, generator=gen))


def randomize_vocoder(folded, gen):
    """Weights large enough that every layer visibly shapes the output (the
    training initialisation leaves the resblocks near identity)."""
    import torch
    out = {}
    for name, t in folded.items():
        if name.endswith("log_alpha"):
            out[name] = 0.5 * torch.randn(t.shape, generator=gen)
        elif name.endswith("bias"):
            out[name] = 0.05 * torch.randn(t.shape, generator=gen)
        else:
            # A transposed convolution's output sums over in x k/stride taps;
            # k/2 is close enough for every rate used here.
            fan_in = t[0].numel() if not name.startswith("ups.") else t.shape[0] * t.shape[2] // 2
            gain = 0.3 if name.startswith("conv_post") else 1.0
            out[name] = torch.randn(t.shape, generator=gen) * (gain / fan_in ** 0.5)
    return out


def round_f16(state, type_of):
    """The values the engine will read back from the file."""
    from training import gguf
    return {k: (v.half().float() if type_of(k, v.numpy()) == gguf.F16 else v.clone()) for k, v in state.items()}


def plain_generator(cfg, weights):
    """A Generator without weight norm holding exactly `weights`."""
    from torch.nn.utils import remove_weight_norm
    from training.vocoder import Generator
    g = Generator(cfg)
    for m in g.modules():
        if hasattr(m, "weight_g"):
            remove_weight_norm(m)
    g.load_state_dict(weights)
    return g.eval()


# The speaker's mean pitch feature the golden cases centre pitch_range on
# (the engine derives it per voice; here both sides are given the same).
PITCH_MEAN = 0.25


def blank_interleave(ids, tones, lang):
    phone, tone, langs = [0], [tones[0] if tones else 0], [lang]
    for p, t in zip(ids, tones):
        phone += [p, 0]
        tone += [t, 0]
        langs += [lang, 0]
    # The closing `_` pad carries the language's tone/lang like the opening one.
    phone.append(0)
    tone.append(tone[0])
    langs.append(lang)
    return phone, tone, langs


def make_ids(rng, n, vocab, tone_size, lang):
    """n tokens between pads (n = 0: a lone pad); tone and lang ids may exceed
    the tables (the model clamps them)."""
    if n == 0:
        return [0], [0], [lang]
    ids = [int(x) for x in rng.integers(1, vocab, n)]
    tones = [int(x) for x in rng.integers(0, tone_size + 3, n)]
    return blank_interleave(ids, tones, lang)


def log_durations(model, phone, tone, lang, speaker):
    import torch
    t = [torch.tensor(x)[None].long() for x in (phone, tone, lang)]
    _, pred = model.encode(*t, torch.tensor([speaker]), torch.ones(1, len(phone), dtype=torch.bool))
    return pred["logdur"][0]


# The intonation factor (inflect.prosody.intonation) of the copy of a voice
# that its "_intoned" cases read: it acts before the controls, so those cases
# move pitch and range too.
INTONATION = 1.6


def build(name, ac, vc, cases, out_dir, seed):
    import numpy as np
    import torch
    from training.acoustic import AcousticModel
    from training import gguf
    from training.export_voice import Frontend, tensor_type, write_voice
    from training.vocoder import Generator, folded_state_dict

    gen = torch.Generator().manual_seed(seed)
    torch.manual_seed(seed)
    model = AcousticModel(ac).eval()
    randomize_acoustic(model, gen)
    vweights = round_f16(randomize_vocoder(folded_state_dict(Generator(vc)), gen), tensor_type)
    generator = plain_generator(vc, vweights)

    rng = np.random.default_rng(seed)
    inputs = [(case, make_ids(rng, n, ac.vocab_size, ac.tone_size, lang), spk, ls, ps, rs)
              for case, n, lang, spk, ls, ps, rs in cases]
    # Durations spread over 1..10 frames, then the bias nudged until no
    # duration sits near a rounding tie.
    head = model.duration_head[3]
    spread_durations(model, inputs)
    with torch.no_grad():
        for attempt in range(50):
            head.bias.add_(0.0 if attempt == 0 else 0.0137)
            model.load_state_dict(round_f16(model.state_dict(), tensor_type))
            if not has_rounding_tie(model, inputs):
                break
        else:
            raise RuntimeError(f"{name}: no duration bias avoids rounding ties")

    voice = f"{name}.gguf"
    symbols = ["_"] + [f"s{i}" for i in range(1, ac.vocab_size)]
    speakers = [f"speaker{i}" for i in range(ac.speaker_count)]
    write_voice(os.path.join(out_dir, voice), model, generator,
                Frontend(symbols=symbols, speakers=speakers, lang_id=1, name=name, license="CC0-1.0"))
    if name == "parity-b":
        add_prosody(os.path.join(out_dir, voice), len(speakers))
    intoned = f"{name}-intoned.gguf"
    gguf.set_metadata(os.path.join(out_dir, voice), os.path.join(out_dir, intoned),
                      {"inflect.prosody.intonation": (gguf.FLOAT32, INTONATION)})
    return [golden_case(out_dir, intoned, model, generator, case, INTONATION) if case[0].endswith("_intoned")
            else golden_case(out_dir, voice, model, generator, case) for case in inputs]


# The measured prosody keys (docs/model-format.md) as test_voice_load.c
# expects them in parity-b: a mean per speaker, and the pitch response that
# voices released before 2026-12-03 carry and the engine now ignores (so
# such files must still load).
PROSODY_OFFSETS = [-0.5, 0.0, 0.5, 1.0]
PROSODY_RATIOS = [-0.2, 0.0, 0.15, 0.25]


def add_prosody(path, n_speakers):
    from training import gguf
    gguf.set_metadata(path, path + ".tmp", {
        "inflect.prosody.pitch_mean": (gguf.ARRAY, (gguf.FLOAT32, [0.1 * (i + 1) for i in range(n_speakers)])),
        "inflect.prosody.f0_median": (gguf.ARRAY, (gguf.FLOAT32, [100.0 + 50.0 * i for i in range(n_speakers)])),
        "inflect.prosody.pitch_offsets": (gguf.ARRAY, (gguf.FLOAT32, PROSODY_OFFSETS)),
        "inflect.prosody.pitch_ratios": (gguf.ARRAY, (gguf.FLOAT32, PROSODY_RATIOS))})
    os.replace(path + ".tmp", path)


def stored_weights(path, prefix, kind, model_state, tolerance):
    """What a file holds under `prefix` for each tensor of model_state, as the
    engine reads it: decoded to float32, block padding dropped, and for the
    community two-file layout (kind "acoustic" or "vocoder", prefix "") put
    back in PyTorch's shape. Each must be within `tolerance` of the model's
    value (relative to the tensor's largest), so a misread layout fails here
    rather than producing goldens from scrambled weights."""
    import numpy as np
    import torch
    from training import gguf
    from training.convert_upstream import pytorch_tensor
    tensors = gguf.Reader(path).tensors
    out = {}
    for name, ref in model_state.items():
        a = tensors[prefix + name]
        shape = tuple(ref.shape)
        a = pytorch_tensor(kind, name, a, shape) if kind else a[..., :shape[-1]].reshape(shape)
        a = np.ascontiguousarray(a, dtype=np.float32)
        want = ref.detach().float().numpy()
        err = np.abs(a - want).max() / max(np.abs(want).max(), 1e-12)
        if not err <= tolerance:
            raise RuntimeError(f"{path}: {name} reads back {err:.3g} away from the model's weights")
        out[name] = torch.from_numpy(a.copy())
    return out


def golden_case(out_dir, voice, model, generator, case, intonation=1.0):
    """Runs one case through the reference and writes its files; returns its
    manifest line. intonation: the voice file's factor."""
    import numpy as np
    import torch
    name, (p, t, l), spk, ls, ps, rs = case
    with torch.no_grad():
        d, mel = model.infer(*(torch.tensor(x) for x in (p, t, l)), speaker=spk, length_scale=ls, pitch_scale=ps,
                             pitch_range=rs, pitch_mean=PITCH_MEAN, intonation=intonation)
        wav = generator(mel[None])[0, 0]
    if float(wav.abs().max()) < 0.05:
        raise RuntimeError(f"{name}: reference audio too quiet to test anything")
    np.array([p, t, l], dtype="<i4").tofile(os.path.join(out_dir, name + ".ids"))
    d.numpy().astype("<i4").tofile(os.path.join(out_dir, name + ".dur"))
    mel.numpy().astype("<f4").tofile(os.path.join(out_dir, name + ".mel"))
    wav.numpy().astype("<f4").tofile(os.path.join(out_dir, name + ".wav"))
    return f"{name} {voice} {spk} {ls!r} {ps!r} {rs!r} {PITCH_MEAN!r} {len(p)} {mel.shape[0]} {mel.shape[1]} {wav.numel()}\n"


def spread_durations(model, inputs):
    """Random weights give random log durations: rescale the duration head to
    a spread of about 1..10 frames a token."""
    import torch
    head = model.duration_head[3]
    with torch.no_grad():
        logdur = torch.cat([log_durations(model, p, t, l, spk) for _, (p, t, l), spk, _, _, _ in inputs])
        scale = 0.5 / float(logdur.std())
        head.weight.mul_(scale)
        head.bias.copy_(scale * (head.bias - float(logdur.mean())) + 1.3)


def has_rounding_tie(model, inputs):
    """True when a duration lies within 1e-3 of a rounding tie, where float
    noise between PyTorch and the engine could round it either way: the
    natural one (rounded by both sides) and, as upstream rounded, the scaled
    one. (Scaled lengths are whole frames times the scale, which both sides
    compute bit for bit.)"""
    import numpy as np
    import torch
    with torch.no_grad():
        for _, (p, t, l), spk, ls, _, _ in inputs:
            d = torch.clamp(torch.expm1(log_durations(model, p, t, l, spk)), 0, 80)
            for x in (d, d * ls):
                frac = (x - torch.floor(x)).numpy()
                if not np.all(np.abs(frac - 0.5) > 1e-3):
                    return True
    return False


def build_upstream(out_dir, seed):
    """Upstream-layout model -> .pt pair -> convert_upstream.py -> three files."""
    import copy
    import numpy as np
    import torch
    from training import gguf
    from training.acoustic import AcousticConfig, AcousticModel
    from training.convert_upstream import load_upstream, write_one_file, write_pair
    from training.vocoder import Generator, VocoderConfig, folded_state_dict, load_folded

    ac = AcousticConfig(vocab_size=256, tone_size=16, lang_size=4, n_mels=80, hidden=32, encoder_layers=2,
                        decoder_layers=2, encoder_ff_mult=4, decoder_ff_mult=3, kernel_size=7, speaker_count=2,
                        speaker_dim=16, abs_frame_bins=64, max_frames=400, postnet_scale=0.1)
    vc = VocoderConfig(upsample_initial_channel=32)
    gen = torch.Generator().manual_seed(seed)
    torch.manual_seed(seed)
    model = AcousticModel(ac).eval()
    randomize_acoustic(model, gen)
    generator = Generator(vc)
    load_folded(generator, randomize_vocoder(folded_state_dict(generator), gen))
    with torch.no_grad():
        # g away from |v|: a converter that ignored weight_g, or normed the
        # wrong axis, would now give other weights.
        for name, p in generator.named_parameters():
            if name.endswith("weight_g"):
                p.mul_(0.6 + 0.8 * torch.rand(p.shape, generator=gen))
    generator.eval()

    rng = np.random.default_rng(seed)
    cases = [("up_one", "upstream.gguf", 14, 0, 1.0, 1.0, 1.0),
             ("up_f16", "upstream-f16-acoustic.gguf", 14, 1, 1.2, 0.7, 1.1),
             ("up_q8", "upstream-q8-acoustic.gguf", 14, 0, 0.9, 1.3, 0.8),
             ("up_q4k", "upstream-q4k-acoustic.gguf", 14, 1, 1.0, 1.0, 1.0)]
    # Largest read-back error of each file's weights (F16 rounding, the block
    # types' error on these Gaussian weights with room to spare).
    tolerance = {"upstream.gguf": 1e-3, "upstream-f16-acoustic.gguf": 1e-3, "upstream-q8-acoustic.gguf": 0.02,
                 "upstream-q4k-acoustic.gguf": 0.2}
    inputs = [(case, make_ids(rng, n, ac.vocab_size, ac.tone_size, 2), spk, ls, ps, es)
              for case, _, n, spk, ls, ps, es in cases]
    ac_pt, vc_pt = os.path.join(out_dir, "upstream-acoustic.pt"), os.path.join(out_dir, "upstream-vocoder.pt")
    spread_durations(model, inputs)
    head = model.duration_head[3]
    for attempt in range(50):
        with torch.no_grad():
            head.bias.add_(0.0 if attempt == 0 else 0.0137)
        # Saved the way upstream's training saves them: config + state dict
        # for the acoustic model, a bare weight-normed state dict for the vocoder.
        torch.save({"config": ac.to_dict(), "model": model.state_dict()}, ac_pt)
        torch.save(generator.state_dict(), vc_pt)
        acoustic, folded, vcfg = load_upstream(ac_pt, vc_pt)
        write_one_file(os.path.join(out_dir, "upstream.gguf"), acoustic, folded, vcfg, "upstream-test", "CC0-1.0")
        write_pair(os.path.join(out_dir, "upstream-f16"), acoustic, folded, vcfg, "upstream-test", gguf.F16)
        # Every matrix the community converter can quantize in Q8_0, however
        # padded, so every flattened and padded form is read: embeddings,
        # GRU, postnet (rows [K][in]), vocoder convolutions (rows [in][K]),
        # upsamplers (rows [K][in]).
        write_pair(os.path.join(out_dir, "upstream-q8"), acoustic, folded, vcfg, "upstream-test", gguf.Q8_0,
                   quantize_all=True, always=True)
        # Its default choice of matrices, in a K-quant's 256-value blocks.
        write_pair(os.path.join(out_dir, "upstream-q4k"), acoustic, folded, vcfg, "upstream-test", gguf.Q4_K,
                   always=True)
        stored = []
        for _, voice, *_ in cases:
            path = os.path.join(out_dir, voice)
            vpath = path.replace("acoustic", "vocoder")
            pair = vpath != path
            ac_args = ("", "acoustic") if pair else ("acoustic.", None)
            vc_args = ("", "vocoder") if pair else ("vocoder.", None)
            m = copy.deepcopy(model)
            m.load_state_dict(stored_weights(path, *ac_args, model.state_dict(), tolerance[voice]))
            stored.append((m, plain_generator(vc, stored_weights(vpath, *vc_args, folded, tolerance[voice]))))
        if not any(has_rounding_tie(m, inputs) for m, _ in stored):
            break
    else:
        raise RuntimeError("upstream: no duration bias avoids rounding ties")

    # Folding checked against the weight-normed module itself.
    mel = torch.randn(1, vc.num_mels, 20, generator=gen)
    with torch.no_grad():
        want = generator(mel)
        got = plain_generator(vc, folded)(mel)
    # Float32 noise of this random network is about 1e-4 either way (against
    # float64); a wrong fold (g ignored, the wrong axis normed) moves the
    # weights by up to 40% and the output by far more than 1e-3.
    err = float((want - got).abs().max() / want.abs().max())
    if err > 1e-3:
        raise RuntimeError(f"convert_upstream: folded generator differs from the weight-normed one by {err:.2e} "
                           "of full scale")

    return [golden_case(out_dir, voice, m, g, case) for (_, voice, *_), case, (m, g) in zip(cases, inputs, stored)]


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    if len(args) != 1:
        sys.exit(__doc__)
    out_dir = args[0]
    os.makedirs(out_dir, exist_ok=True)
    try:
        import torch
    except ImportError:
        if "--bench" in sys.argv:
            raise
        skip(out_dir, "PyTorch is not installed for /usr/bin/python3")
        return
    torch.set_num_threads(1)
    from training.acoustic import AcousticConfig
    from training.vocoder import VocoderConfig
    if "--bench" in sys.argv:
        from training.acoustic import AcousticModel
        from training.export_voice import Frontend, write_voice
        from training.vocoder import Generator
        torch.manual_seed(3)
        model = AcousticModel(AcousticConfig()).eval()
        with torch.no_grad():
            # About 6 frames a token, as speech has, so timings cover real lengths.
            model.duration_head[3].weight.mul_(0.1)
            model.duration_head[3].bias.fill_(1.9)
        write_voice(os.path.join(out_dir, "bench.gguf"), model, Generator(VocoderConfig()),
                    Frontend(symbols=["_"], speakers=["a", "b"], lang_id=2, name="bench"))
        return


    a_ac = AcousticConfig(vocab_size=40, tone_size=6, lang_size=3, n_mels=80, hidden=32, encoder_layers=2,
                          decoder_layers=2, encoder_ff_mult=4, decoder_ff_mult=3, kernel_size=7, speaker_count=2,
                          speaker_dim=16, abs_frame_bins=64, max_frames=400, postnet_scale=0.1)
    a_vc = VocoderConfig(upsample_initial_channel=32)
    # case, tokens, lang, speaker, length scale, pitch scale, pitch range
    a_cases = [("a_base", 12, 1, 0, 1.0, 1.0, 1.0), ("a_slow", 12, 2, 1, 1.7, 1.3, 0.6),
               ("a_fast", 25, 1, 0, 0.6, 0.5, 1.5), ("a_single", 0, 1, 1, 1.0, 1.0, 1.0),
               ("a_intoned", 14, 1, 1, 1.0, 1.2, 0.8)]
    b_ac = AcousticConfig(vocab_size=30, tone_size=4, lang_size=2, n_mels=20, hidden=24, encoder_layers=1,
                          decoder_layers=3, encoder_ff_mult=2, decoder_ff_mult=3, kernel_size=5, speaker_count=3,
                          speaker_dim=8, abs_frame_bins=16, max_frames=40, postnet_scale=0.5)
    b_vc = VocoderConfig(sample_rate=16000, num_mels=20, upsample_initial_channel=24, upsample_rates=[5, 4, 3],
                         upsample_kernel_sizes=[11, 8, 7], resblock_kernel_sizes=[3, 5],
                         resblock_dilation_sizes=[[1, 2], [2, 3]])
    # b_cut needs more than max_frames: the engine must cut where the reference does.
    b_cases = [("b_base", 5, 1, 2, 1.0, 0.8, 1.2), ("b_cut", 9, 1, 1, 1.4, 1.0, 1.0)]
    lines = (build("parity-a", a_ac, a_vc, a_cases, out_dir, seed=1)
             + build("parity-b", b_ac, b_vc, b_cases, out_dir, seed=2)
             + build_upstream(out_dir, seed=3))
    with open(os.path.join(out_dir, "parity.txt"), "w") as f:
        f.writelines(lines)


if __name__ == "__main__":
    main()
