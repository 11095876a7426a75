#!/usr/bin/python3
"""Word error rate of news-like sentences: what text normalisation is worth.

Each written sentence of bench/news.tsv is spoken by inflect-say and
transcribed by pocketsphinx; the transcript is scored against the words a
newsreader says (the file's second column), so a misread "$5 million" or
"St." counts as errors even when the speech is clear. Give several engines
(builds before and after a change) to compare them on the same sentences.

  /usr/bin/python3 bench/news_wer.py --voice models/rms.gguf --engine OLD/inflect-say --engine build/engine/inflect-say
"""
import argparse
import os
import subprocess
import sys
import tempfile
import wave

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, ".."))  # the training package
from training import wer  # noqa: E402
from training.asr import Recognizer  # noqa: E402


def read_cases(path):
    with open(path, encoding="utf-8") as f:
        return [line.rstrip("\n").split("\t") for line in f if line.strip() and not line.startswith("#")]


def speak(engine, voice, text, path):
    subprocess.run([engine, "--voice", voice, "-o", path, text], check=True, capture_output=True, timeout=120)
    with wave.open(path, "rb") as w:
        pcm = np.frombuffer(w.readframes(w.getnframes()), "<i2").astype(np.float32) / 32768
        return pcm, w.getframerate()


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--voice", required=True)
    p.add_argument("--engine", action="append", required=True, help="an inflect-say to measure (repeatable)")
    p.add_argument("--cases", default=os.path.join(HERE, "news.tsv"))
    p.add_argument("-v", "--verbose", action="store_true", help="print every transcript")
    a = p.parse_args()
    cases = read_cases(a.cases)
    asr = Recognizer()
    with tempfile.TemporaryDirectory() as tmp:
        for engine in a.engine:
            refs, hyps = [], []
            for written, spoken in cases:
                pcm, rate = speak(engine, a.voice, written, os.path.join(tmp, "s.wav"))
                heard = asr.transcribe(pcm, rate)
                refs.append(spoken)
                hyps.append(heard)
                if a.verbose:
                    print(f"  {written}\n    heard: {heard}")
            print(f"{engine}: WER {wer.wer(refs, hyps):.3f} on {len(cases)} sentences")


if __name__ == "__main__":
    main()
