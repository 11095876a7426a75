"""How faithfully a vocoder renders the intonation a recording's mel carries.

A vocoder does not choose a voice's intonation: the acoustic model puts it
into the mel, and the vocoder only renders it. So when a release changes the
vocoder alone, the F0 span of the spoken prompts (quality.py) moves for a
reason that is not intonation: the pitch tracker's reading of the audio. A
buzzing vocoder's frame-rate comb (93.75 Hz, the 256-sample hop at 24 kHz)
reads as F0 where the voice is weak, which widens the span: kathleen's
shipped vocoder put the 5th percentile of some held-out prompts at 93.8 Hz,
well under her lowest pitch, and its median span over the 32 read 5.6
semitones where a smoother vocoder on the same acoustic model read 5.2.

Copy synthesis asks the vocoder's own question: vocode each held-out
recording's mel and compare the F0 span of the result with the recording's.
The error is the median over prompts of |span(vocoded) - span(recording)|,
in semitones; lower is better. On kathleen's 32 held-out prompts the shipped
vocoder's is 1.08 st and the first GPU-burst vocoder's 0.47 st.

  /usr/bin/python3 -m training.copy_synthesis VOCODER [VOCODER...] [--corpus DIR]

VOCODER is a vocoder checkpoint or a voice file.
"""
import argparse
import os

import numpy as np
import torch

from .corpus import cached_audio_and_mels, heldout_file
from .evaluate import REPO, heldout_takes
from .quality import f0_span


def span_errors(generator, corpus, heldout):
    """{prompt: |F0 span of the vocoded mel - the recording's|} in semitones, over every held-out prompt.

    A prompt whose recording or vocoded take has too few voiced frames for a span is left out.
    """
    takes = heldout_takes(corpus, heldout, 0, need_audio=False)
    wavs, mels = cached_audio_and_mels(corpus, takes)
    errors = {}
    generator.eval()
    with torch.no_grad():
        for u, wav, mel in zip(takes, wavs, mels):
            vocoded = generator(torch.from_numpy(mel.astype(np.float32))[None])[0, 0].numpy()
            a, b = f0_span(vocoded), f0_span(wav.astype(np.float32) / 32767.0)
            if a is not None and b is not None:
                errors[u.prompt] = abs(a - b)
    return errors


def span_error(generator, corpus, heldout):
    """Median of span_errors, in semitones."""
    errors = span_errors(generator, corpus, heldout)
    if not errors:
        raise SystemExit(f"copy_synthesis: no held-out take of {corpus} has an F0 span")
    return float(np.median(list(errors.values())))


def main():
    from .release_voice import load_vocoder
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("vocoder", nargs="+", help="vocoder checkpoint or voice .gguf")
    p.add_argument("--corpus", default=os.path.join(os.path.dirname(REPO), "shared", "data", "kathleen-24k"))
    p.add_argument("--heldout", default=None, help="held-out prompt ids (default: the corpus's heldout.txt, else splits/<corpus>-heldout.txt)")
    a = p.parse_args()
    heldout = heldout_file(a.corpus, a.heldout)
    for path in a.vocoder:
        generator, _ = load_vocoder(path)
        print(f"{path}: F0 span error {span_error(generator, a.corpus, heldout):.2f} st", flush=True)


if __name__ == "__main__":
    main()
