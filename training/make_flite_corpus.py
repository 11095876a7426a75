#!/usr/bin/python3
"""Speak a sentence list with flite's `rms` voice into an LJSpeech-style corpus.

The male voice is distilled from flite: every line of the list that
training/gather_text.py writes is synthesised by `flite -voice rms`, resampled
from flite's 16 kHz to the project's 24 kHz, trimmed to a short margin of
silence like the kathleen recordings, and written as 16-bit mono
`wavs/<id>.wav`. `metadata.csv` is written last, once every line has audio, so
training/corpus.py never sees a half-made corpus.

A wav that exists is kept, so an interrupted run resumes; each file appears
under its final name only when complete, so several runs may share the work.

  nice -n 10 /usr/bin/python3 training/make_flite_corpus.py
"""
import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from math import gcd

import numpy as np
import soundfile as sf
from scipy.signal import resample_poly

# Same default as corpus.WORK_DIR; importing corpus would pull in torch for an audio job.
WORK_DIR = os.environ.get("INFLECT_WORK", os.path.join(os.path.expanduser("~"), ".cache", "inflect-train"))
FLITE_RATE = 16000
SAMPLE_RATE = 24000
# Kathleen's takes start and end within tens of milliseconds of speech; flite
# leaves about 150 ms, which would teach the model long silent edges.
MARGIN_S = 0.05
SILENCE_DB = -40.0
FRAME_S = 0.01


def read_list(path):
    with open(path, encoding="utf-8") as f:
        return [tuple(line.rstrip("\n").split("|")[:2]) for line in f if line.strip()]


def trim(wav, sr):
    """Cut the edges quieter than SILENCE_DB below the loudest frame, keeping MARGIN_S."""
    hop = int(FRAME_S * sr)
    frames = wav[: len(wav) // hop * hop].reshape(-1, hop)
    level = 10 * np.log10(np.mean(frames ** 2, axis=1) + 1e-12)
    loud = np.flatnonzero(level > level.max() + SILENCE_DB)
    if loud.size == 0:
        return wav
    margin = int(MARGIN_S * sr)
    return wav[max(0, loud[0] * hop - margin): min(len(wav), (loud[-1] + 1) * hop + margin)]


def synthesise(uid, text, wav_dir, voice):
    """Returns the duration in seconds of wavs/<uid>.wav, making it unless it exists."""
    dest = os.path.join(wav_dir, uid + ".wav")
    if os.path.exists(dest):
        return sf.info(dest).duration
    with tempfile.TemporaryDirectory(dir=wav_dir, prefix=".tmp-") as tmp:
        raw = os.path.join(tmp, "flite.wav")
        subprocess.run(["flite", "-voice", voice, "-t", text, "-o", raw], check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        wav, sr = sf.read(raw, dtype="float32")
        if sr != FLITE_RATE or wav.ndim != 1:
            raise RuntimeError(f"flite wrote {sr} Hz, {wav.ndim}-d audio for {uid}; expected {FLITE_RATE} Hz mono")
        g = gcd(SAMPLE_RATE, FLITE_RATE)
        wav = trim(resample_poly(wav, SAMPLE_RATE // g, FLITE_RATE // g), SAMPLE_RATE)
        out = os.path.join(tmp, "out.wav")
        sf.write(out, np.clip(wav, -1.0, 1.0), SAMPLE_RATE, subtype="PCM_16")
        os.replace(out, dest)
    return len(wav) / SAMPLE_RATE


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--text", default=os.path.join(WORK_DIR, "text", "rms-24k.csv"),
                   help="id|text list from training/gather_text.py")
    p.add_argument("--out", default=os.path.join(WORK_DIR, "corpora", "rms-24k"))
    p.add_argument("--voice", default="rms")
    p.add_argument("--jobs", type=int, default=1, help="flite processes at once")
    a = p.parse_args()

    if shutil.which("flite") is None:
        sys.exit("make_flite_corpus: flite is missing; install the Debian package `flite` (apt-get install flite)")
    if not os.path.exists(a.text):
        sys.exit(f"make_flite_corpus: {a.text} is missing; run training/gather_text.py first")
    lines = read_list(a.text)
    wav_dir = os.path.join(a.out, "wavs")
    os.makedirs(wav_dir, exist_ok=True)

    start, seconds = time.time(), 0.0
    pool = ThreadPoolExecutor(a.jobs)
    jobs = [pool.submit(synthesise, uid, text, wav_dir, a.voice) for uid, text in lines]
    try:
        for n, job in enumerate(jobs, 1):
            seconds += job.result()
            if n % 500 == 0 or n == len(jobs):
                print(f"{n}/{len(jobs)} utterances, {seconds / 3600:.2f} h of audio, "
                      f"{time.time() - start:.0f} s", flush=True)
    finally:
        # On a failure or Ctrl-C, stop at once rather than speak the rest of the queue.
        pool.shutdown(cancel_futures=True)

    meta = os.path.join(a.out, "metadata.csv")
    with open(meta + ".tmp", "w", encoding="utf-8") as f:
        f.writelines(f"{uid}|{text}\n" for uid, text in lines)
    os.replace(meta + ".tmp", meta)
    print(f"{a.out}: {len(lines)} utterances, {seconds / 3600:.2f} h at {SAMPLE_RATE} Hz")


if __name__ == "__main__":
    main()
