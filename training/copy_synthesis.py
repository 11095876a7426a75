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

With --wer it also asks how well a listener (pocketsphinx, as evaluate.py
hears it) understands the vocoded takes, beside the recordings themselves.
Where the voice's WER falls short of its reference this says which network
loses the words: on rms's 40 held-out prompts (2026-12-05) the shipped
vocoder read 15.6% from flite's own mels, flite's takes 11.8%, and the whole
voice, from its acoustic model's smoother mels, 13.1%: the words are lost
in the vocoder.

  /usr/bin/python3 -m training.copy_synthesis VOCODER [VOCODER...] [--corpus DIR] [--wer]

VOCODER is a vocoder checkpoint or a voice file.
"""
import argparse
import os

import numpy as np
import torch

from . import wer
from .asr import Recognizer
from .corpus import cached_audio_and_mels, heldout_file
from .evaluate import REPO, WER_PHASES, heldout_takes, word_errors
from .quality import f0_span


def copy_synthesised(generator, corpus, heldout):
    """[(take, its recording in -1..1, the vocoder's rendering of its mel)] over every held-out prompt."""
    takes = heldout_takes(corpus, heldout, 0, need_audio=False)
    wavs, mels = cached_audio_and_mels(corpus, takes)
    generator.eval()
    with torch.no_grad():
        return [(u, wav.astype(np.float32) / 32767.0,
                 generator(torch.from_numpy(mel.astype(np.float32))[None])[0, 0].numpy())
                for u, wav, mel in zip(takes, wavs, mels)]


def span_errors(rendered):
    """{prompt: |F0 span of the vocoded mel - the recording's|} in semitones, over copy_synthesised's takes.

    A prompt whose recording or vocoded take has too few voiced frames for a span is left out.
    """
    errors = {}
    for u, recording, vocoded in rendered:
        a, b = f0_span(vocoded), f0_span(recording)
        if a is not None and b is not None:
            errors[u.prompt] = abs(a - b)
    return errors


def span_error(rendered, corpus):
    """Median of span_errors, in semitones; corpus names the takes' corpus in the error."""
    errors = span_errors(rendered)
    if not errors:
        raise SystemExit(f"copy_synthesis: no held-out take of {corpus} has an F0 span")
    return float(np.median(list(errors.values())))


def main():
    from .release_voice import load_vocoder
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("vocoder", nargs="+", help="vocoder checkpoint or voice .gguf")
    p.add_argument("--corpus", default=os.path.join(os.path.dirname(REPO), "shared", "data", "kathleen-24k"))
    p.add_argument("--heldout", default=None, help="held-out prompt ids (default: the corpus's heldout.txt, else splits/<corpus>-heldout.txt)")
    p.add_argument("--wer", action="store_true",
                   help="also the word error rate of the vocoded takes and of the recordings "
                   f"(pocketsphinx, the mean over {WER_PHASES} frame phases, as evaluate.py)")
    a = p.parse_args()
    heldout = heldout_file(a.corpus, a.heldout)
    asr = Recognizer() if a.wer else None
    for i, path in enumerate(a.vocoder):
        generator, _ = load_vocoder(path)
        takes = copy_synthesised(generator, a.corpus, heldout)
        print(f"{path}: F0 span error {span_error(takes, a.corpus):.2f} st", flush=True)
        if asr:
            print(f"{path}: WER {word_error_rate(asr, [(u, v) for u, _, v in takes]):.1%}", flush=True)
            if i == 0:
                print(f"recordings: WER {word_error_rate(asr, [(u, r) for u, r, _ in takes]):.1%}", flush=True)


def word_error_rate(asr, spoken):
    """Word errors over words of [(take, audio)], each take's errors the mean over frame phases."""
    errors = words = 0
    for u, audio in spoken:
        truth = wer.normalize(u.text)
        errors += word_errors(asr, audio, truth, WER_PHASES)[1]
        words += len(truth)
    return errors / words


if __name__ == "__main__":
    main()
