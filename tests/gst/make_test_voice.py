#!/usr/bin/python3
"""A small random-weight voice for the GStreamer plugin tests.

The plugin tests speak real text, so the symbol table is the engine's own
inventory, as the inflect-say under test lists it. Unlike the synthesis
tests' tiny voices, this one keeps the real hop (256) and max_frames, so
buffer sizes and timings look like a real voice's and sentences are not
split into several utterances. The weights are random and seeded: the audio
is noise shaped by the model, which is all the tests need (timing, lengths,
that a parameter changes the output). The duration head is tamed to about
four frames a token, which with the blanks between phonemes makes speech
last about as long as real speech.

  /usr/bin/python3 tests/gst/make_test_voice.py INFLECT_SAY OUT.gguf
"""
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, TOP)  # the training package


def engine_symbols(inflect_say):
    out = subprocess.run([inflect_say, "--list-symbols"], check=True, capture_output=True).stdout.decode("utf-8")
    symbols = [line.split("\t", 1)[1] for line in out.splitlines()]
    if not symbols or symbols[0] != "_":
        sys.exit(f"{inflect_say} --list-symbols: no symbol table")
    return symbols


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    import torch
    from training.acoustic import AcousticConfig, AcousticModel
    from training.export_voice import Frontend, write_voice
    from training.vocoder import Generator, VocoderConfig

    torch.manual_seed(7)
    torch.set_num_threads(1)
    symbols = engine_symbols(sys.argv[1])
    ac = AcousticConfig(vocab_size=len(symbols), n_mels=80, hidden=32, encoder_layers=1, decoder_layers=1,
                        encoder_ff_mult=2, decoder_ff_mult=2, kernel_size=5, speaker_count=2, speaker_dim=8,
                        abs_frame_bins=64)
    vc = VocoderConfig(upsample_initial_channel=32, resblock_kernel_sizes=[3], resblock_dilation_sizes=[[1, 3]])
    model = AcousticModel(ac).eval()
    with torch.no_grad():
        last = model.duration_head[3]
        last.weight.mul_(0.1)
        last.bias.fill_(float(torch.log(torch.tensor(5.0))))
    write_voice(sys.argv[2], model, Generator(vc).eval(),
                Frontend(symbols=symbols, speakers=["alice", "bob"], name="gst-test", license="CC0-1.0"))


if __name__ == "__main__":
    main()
