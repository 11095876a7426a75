#!/usr/bin/python3
"""Two small random-weight voices for the synthesis and CLI tests.

Their symbol table is the engine's own inventory, read from the inflect-say
under test (--list-symbols), so real text maps to real ids and a change to
the inventory cannot leave the test voices behind. The weights are random
and seeded; the audio is noise shaped by the model, which is all the tests
need: lengths, timings, determinism, that a parameter changes the output.

  tiny.gguf     en-us, speakers alice and bob, 24 kHz, hop 16
  tiny-rp.gguf  en-gb-x-rp, three speakers, 16 kHz, hop 12, other sizes

The models are tiny and the hops far below a real voice's 256 so that a
megabyte of text is spoken in seconds, sanitizers included; nothing in the
engine depends on these sizes.
Without PyTorch both files are written empty and the tests skip.

  /usr/bin/python3 tests/make_tiny_voice.py INFLECT_SAY OUT_DIR
"""
import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))  # the training package

OUTPUTS = ("tiny.gguf", "tiny-rp.gguf")

# Durations are calibrated on what the frontend makes of this text, so they
# describe real token sequences rather than random ids.
CALIBRATION = ("The quick brown fox jumps over the lazy dog. How are you today, my friend? "
               "Forty-two thousand people watched 3 boats sail at 7:30 in the morning! "
               "She sells sea shells by the sea shore; the shells she sells are surely sea shells.")


def inventory(inflect_say):
    out = subprocess.run([inflect_say, "--list-symbols"], check=True, capture_output=True).stdout.decode("utf-8")
    symbols = []
    for line in out.rstrip("\n").split("\n"):  # not splitlines(): a symbol may be any character
        index, symbol = line.split("\t", 1)
        if int(index) != len(symbols):
            sys.exit(f"--list-symbols: id {index} out of order")
        symbols.append(symbol)
    if len(symbols) < 40 or symbols[0] != "_":
        sys.exit(f"--list-symbols gave {len(symbols)} symbols, not the inventory")
    return symbols


def utterances(inflect_say, espeak_voice):
    """[(phone, tone, lang)] as the engine feeds a voice whose table is the inventory."""
    out = subprocess.run([inflect_say, "--phonemes", "--espeak-voice", espeak_voice, CALIBRATION], check=True,
                         capture_output=True).stdout.decode("utf-8")
    return [(u["phone"], u["tone"], u["lang"]) for u in map(json.loads, out.splitlines())]


def calibrate_durations(model, utts, speakers):
    """Scales the duration head so that durations lie in 1..9 frames, about 4
    on average: log1p(duration) gets mean 1.5 and spread 0.25 at most, and
    no calibration token strays more than 0.8 from the mean."""
    import torch
    head = model.duration_head[3]

    def log_durations():
        out = []
        for phone, tone, lang in utts:
            ids = [torch.tensor(x)[None] for x in (phone, tone, lang)]
            for spk in range(speakers):
                _, pred = model.encode(*ids, torch.tensor([spk]), torch.ones(1, len(phone), dtype=torch.bool))
                out.append(pred["logdur"][0])
        return torch.cat(out)

    with torch.no_grad():
        raw = log_durations()
        mean = float(raw.mean())
        scale = min(0.25 / float(raw.std()), 0.8 / float((raw - mean).abs().max()))
        head.weight.mul_(scale)
        head.bias.copy_(scale * (head.bias - mean) + 1.5)
        frames = torch.clamp(torch.round(torch.expm1(log_durations())), min=1)
    lo, hi = int(frames.min()), int(frames.max())
    if lo < 1 or hi > 10:
        sys.exit(f"durations {lo}..{hi} frames after calibration, wanted 1..10")


def loud_vocoder(vc, seed):
    """A Generator whose every layer shapes the output: PyTorch's HiFi-GAN
    initialisation leaves it near silent. Weight norm stays on (export folds
    it), so each output row's norm is set through weight_g."""
    import torch
    from training.vocoder import Generator
    torch.manual_seed(seed)
    gen = Generator(vc).eval()
    with torch.no_grad():
        for name, p in gen.named_parameters():
            if name.endswith("weight_v"):
                p.normal_()
            elif name.endswith("weight_g"):
                p.fill_(0.5 if name.startswith("conv_post") else 1.0)
            elif name.endswith("log_alpha"):
                p.normal_(0.0, 0.5)
    return gen


def make(path, inflect_say, symbols, ac, vc, espeak_voice, speakers, seed):
    import torch
    from training.acoustic import AcousticModel
    from training.export_voice import Frontend, write_voice

    torch.manual_seed(seed)
    model = AcousticModel(ac).eval()
    utts = utterances(inflect_say, espeak_voice)
    calibrate_durations(model, utts, ac.speaker_count)
    gen = loud_vocoder(vc, seed)
    with torch.no_grad():
        _, mel = model.infer(*(torch.tensor(x) for x in utts[0]))
        peak = float(gen(mel[None]).abs().max())
    if not 0.05 < peak < 1.0:
        sys.exit(f"{path}: audio peak {peak:.3f}, too quiet or clipped to test anything")
    write_voice(path, model, gen, Frontend(symbols=symbols, speakers=speakers, espeak_voice=espeak_voice,
                                           lang_id=1, name=os.path.basename(path)[:-5], license="CC0-1.0"))


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    inflect_say, out_dir = sys.argv[1], sys.argv[2]
    os.makedirs(out_dir, exist_ok=True)
    try:
        import torch
    except ImportError:
        for name in OUTPUTS:
            open(os.path.join(out_dir, name), "wb").close()
        return
    torch.set_num_threads(1)
    from training.acoustic import AcousticConfig
    from training.vocoder import VocoderConfig

    symbols = inventory(inflect_say)
    n = len(symbols)
    # max_frames is small so that one sentence overflows it after a few words.
    make(os.path.join(out_dir, OUTPUTS[0]), inflect_say, symbols,
         AcousticConfig(vocab_size=n, tone_size=3, lang_size=2, n_mels=8, hidden=16, encoder_layers=2,
                        decoder_layers=1, encoder_ff_mult=2, decoder_ff_mult=2, kernel_size=5, speaker_count=2,
                        speaker_dim=8, abs_frame_bins=16, max_frames=160, postnet_scale=0.1),
         VocoderConfig(sample_rate=24000, num_mels=8, upsample_initial_channel=8, upsample_rates=[4, 4],
                       upsample_kernel_sizes=[8, 8], resblock_kernel_sizes=[3], resblock_dilation_sizes=[[1, 3]]),
         "en-us", ["alice", "bob"], seed=11)
    make(os.path.join(out_dir, OUTPUTS[1]), inflect_say, symbols,
         AcousticConfig(vocab_size=n + 5, tone_size=4, lang_size=3, n_mels=6, hidden=24, encoder_layers=1,
                        decoder_layers=1, encoder_ff_mult=3, decoder_ff_mult=2, kernel_size=3, speaker_count=3,
                        speaker_dim=4, abs_frame_bins=8, max_frames=300, postnet_scale=0.3),
         VocoderConfig(sample_rate=16000, num_mels=6, upsample_initial_channel=8, upsample_rates=[3, 4],
                       upsample_kernel_sizes=[5, 8], resblock_kernel_sizes=[3, 5],
                       resblock_dilation_sizes=[[1], [2]]),
         "en-gb-x-rp", ["carol", "dave", "erin"], seed=12)


if __name__ == "__main__":
    main()
