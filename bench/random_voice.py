#!/usr/bin/python3
"""A voice of upstream size with random weights, for timing before a trained voice exists.

Speed depends on the sizes and on how many frames the text becomes, not on
what the weights say, with one exception this script fixes: random duration
predictions would make an arbitrary number of frames. The duration head is
set so every id (blanks, spaces and pads included) lasts 3 frames: a
10-word sentence then takes about 3 s, a normal speaking rate. The symbol table is the
engine's own inventory so every phoneme of the benchmark text is kept.
The audio is noise; never use this voice for anything but timing.

  /usr/bin/python3 bench/random_voice.py -o /tmp/random-upstream.gguf [--say build/engine/inflect-say]
"""
import argparse
import math
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)  # the training package

FRAMES_PER_ID = 3.0


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("-o", "--output", required=True)
    p.add_argument("--say", default=os.path.join(ROOT, "build", "engine", "inflect-say"))
    p.add_argument("--seed", type=int, default=0)
    a = p.parse_args()

    import torch
    from training.acoustic import AcousticConfig, AcousticModel
    from training.export_voice import Frontend, write_voice
    from training.prepare_ids import list_symbols
    from training.vocoder import Generator, VocoderConfig

    torch.manual_seed(a.seed)
    ac = AcousticConfig()
    acoustic = AcousticModel(ac).eval()
    with torch.no_grad():
        head = acoustic.duration_head[3]
        head.weight.zero_()
        head.bias.fill_(math.log1p(FRAMES_PER_ID))
    symbols = list_symbols(a.say)[:ac.vocab_size]
    speakers = [f"speaker{i}" for i in range(ac.speaker_count)]
    write_voice(a.output, acoustic, Generator(VocoderConfig()).eval(),
                Frontend(symbols=symbols, speakers=speakers, name="random-upstream", license="none"))
    print(f"wrote {a.output}")


if __name__ == "__main__":
    main()
