"""Speak a sentence list with flite's `rms` voice into an LJSpeech-style corpus.

The male voice is distilled from flite: every line of the list that
training/gather_text.py writes is synthesised by `flite -voice rms`, resampled
from flite's 16 kHz to the project's 24 kHz, trimmed to a short margin of
silence like the kathleen recordings, and written as 16-bit mono
`wavs/<id>.wav`. `metadata.csv` is written last, once every line has audio, so
training/corpus.py never sees a half-made corpus.

A wav that exists is kept, so an interrupted run resumes; each file appears
under its final name only when complete, so several runs may share the work.

With --pitch-variants the corpus also teaches the network to follow its pitch
feature over a wider range than flite's one narrow voice: every line that is
not held out is spoken again at other F0 means and excursions. flite's own F0
settings (int_f0_target_mean, int_f0_target_stddev, f0_shift, SSML prosody)
leave the `rms` voice's audio bit for bit unchanged, since its F0 comes from
its SPAM accent model, so the variants are made from flite's take by PSOLA in
Praat (Debian package `praat`): the F0 contour is mapped, in log frequency,
to mean x M and excursion x R around the take's median, and the durations,
formants and the waveform's length stay those of the take. Each variant is
scaled to the take's RMS, so its energy target is the take's. A variant's id is
`<id>-p<M*100>r<R*100>`, and `variants.csv` (id|source id) tells
training/align.py to reuse its source's durations and training/train_acoustic.py
to keep it from the pitch head's targets (the head learns the voice; the
decoder learns to follow the feature).

  nice -n 10 /usr/bin/python3 -m training.make_flite_corpus
  nice -n 10 /usr/bin/python3 -m training.make_flite_corpus --out ~/.cache/inflect-train/corpora/rms-24k-pitch \\
      --pitch-variants 0.7:1,0.85:1,1.2:1,1.45:1,1:0.4,1:1.7 --variants-per-line 3
"""
import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import soundfile as sf

from .resample import resample

# Same default as corpus.WORK_DIR; importing corpus would pull in torch for an audio job.
WORK_DIR = os.environ.get("INFLECT_WORK", os.path.join(os.path.expanduser("~"), ".cache", "inflect-train"))
FLITE_RATE = 16000
SAMPLE_RATE = 24000
# Kathleen's takes start and end within tens of milliseconds of speech; flite
# leaves about 150 ms, which would teach the model long silent edges.
MARGIN_S = 0.05
SILENCE_DB = -40.0
FRAME_S = 0.01
HERE = os.path.dirname(os.path.abspath(__file__))
# PSOLA resynthesis with a mapped F0 contour. Praat's pitch floor and ceiling
# bracket the rms voice (about 70-160 Hz) with room for its lowest creak.
PSOLA_SCRIPT = """form Pitch variant
  sentence In
  sentence Out
  real Mean_factor 1
  real Range_factor 1
endform
snd = Read from file: in$
man = To Manipulation: 0.01, 50, 300
selectObject: snd
pitch = To Pitch: 0.01, 50, 300
median = Get quantile: 0, 0, 0.5, "Hertz"
if median = undefined
  exitScript: "no voiced frames in " + in$
endif
selectObject: man
tier = Extract pitch tier
Formula: "exp(ln(median * mean_factor) + range_factor * (ln(self) - ln(median)))"
plusObject: man
Replace pitch tier
selectObject: man
res = Get resynthesis (overlap-add)
Save as WAV file: out$
"""


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


def parse_variants(spec):
    """'0.7:1,1:1.5' -> [(0.7, 1.0), (1.0, 1.5)]: (F0 mean factor, excursion factor) pairs."""
    out = []
    for item in filter(None, spec.split(",")):
        try:
            mean, rng = (float(x) for x in item.split(":"))
        except ValueError:
            raise argparse.ArgumentTypeError(f"pitch variant {item!r} is not MEAN:RANGE, e.g. 1.2:1")
        if not (0.25 <= mean <= 4.0 and 0.0 <= rng <= 4.0):
            raise argparse.ArgumentTypeError(f"pitch variant {item!r}: mean factor must be 0.25-4, range 0-4")
        if (mean, rng) != (1.0, 1.0):
            out.append((mean, rng))
    return out


def variant_id(uid, mean, rng):
    return f"{uid}-p{round(mean * 100):03d}r{round(rng * 100):03d}"


def pitch_variant(uid, mean, rng, wav_dir, script):
    """Makes wavs/<variant id>.wav from wavs/<uid>.wav unless it exists."""
    vid = variant_id(uid, mean, rng)
    dest = os.path.join(wav_dir, vid + ".wav")
    if os.path.exists(dest):
        return
    src = os.path.join(wav_dir, uid + ".wav")
    with tempfile.TemporaryDirectory(dir=wav_dir, prefix=".tmp-") as tmp:
        raw = os.path.join(tmp, "psola.wav")
        subprocess.run(["praat", "--run", script, src, raw, repr(mean), repr(rng)], check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        take, _ = sf.read(src, dtype="float32")
        wav, sr = sf.read(raw, dtype="float32")
        if sr != SAMPLE_RATE or wav.shape != take.shape:
            raise RuntimeError(f"praat made {wav.shape[0]} samples at {sr} Hz of {uid}'s "
                               f"{take.shape[0]} at {SAMPLE_RATE}; the durations would no longer fit")
        # PSOLA loses a little level as F0 falls (fewer pulses); the take's level keeps energy targets alike.
        wav *= np.sqrt(np.mean(take ** 2) / max(float(np.mean(wav ** 2)), 1e-12))
        out = os.path.join(tmp, "out.wav")
        sf.write(out, np.clip(wav, -1.0, 1.0), SAMPLE_RATE, subtype="PCM_16")
        os.replace(out, dest)


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
        wav = trim(resample(wav, FLITE_RATE, SAMPLE_RATE), SAMPLE_RATE)
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
    p.add_argument("--pitch-variants", type=parse_variants, default=[], metavar="M:R,...",
                   help="also speak each line not held out at F0 mean x M and excursion x R (needs praat)")
    p.add_argument("--variants-per-line", type=int, default=0,
                   help="give each line this many of the variants, in turn (0: all of them)")
    p.add_argument("--heldout", default=os.path.join(HERE, "splits", "rms-24k-heldout.txt"),
                   help="held-out ids: never given variants, and copied into the corpus as heldout.txt")
    a = p.parse_args()

    if shutil.which("flite") is None:
        sys.exit("make_flite_corpus: flite is missing; install the Debian package `flite` (apt-get install flite)")
    if not os.path.exists(a.text):
        sys.exit(f"make_flite_corpus: {a.text} is missing; run python3 -m training.gather_text first")
    if a.pitch_variants and shutil.which("praat") is None:
        sys.exit("make_flite_corpus: --pitch-variants needs praat; install the Debian package `praat`")
    lines = read_list(a.text)
    if not os.path.exists(a.heldout):
        sys.exit(f"make_flite_corpus: {a.heldout} is missing; the corpus carries its held-out list, "
                 "and held-out lines must not get variants")
    with open(a.heldout, encoding="utf-8") as f:
        held = {line.strip() for line in f if line.strip() and not line.startswith("#")}
    per_line = a.variants_per_line or len(a.pitch_variants)
    variants = []  # (variant id, source id, mean, range, text)
    for n, (uid, text) in enumerate(l for l in lines if l[0] not in held):
        for k in range(min(per_line, len(a.pitch_variants))):
            mean, rng = a.pitch_variants[(n * per_line + k) % len(a.pitch_variants)]
            variants.append((variant_id(uid, mean, rng), uid, mean, rng, text))
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

    if variants:
        script = os.path.join(a.out, ".psola.praat")
        with open(script, "w", encoding="utf-8") as f:
            f.write(PSOLA_SCRIPT)
        pool = ThreadPoolExecutor(a.jobs)
        jobs = [pool.submit(pitch_variant, src, mean, rng, wav_dir, script) for _, src, mean, rng, _ in variants]
        try:
            for n, job in enumerate(jobs, 1):
                job.result()
                if n % 500 == 0 or n == len(jobs):
                    print(f"{n}/{len(jobs)} pitch variants, {time.time() - start:.0f} s", flush=True)
        finally:
            pool.shutdown(cancel_futures=True)
        lines = lines + [(vid, text) for vid, _, _, _, text in variants]
        with open(os.path.join(a.out, "variants.csv.tmp"), "w", encoding="utf-8") as f:
            f.writelines(f"{vid}|{src}\n" for vid, src, _, _, _ in variants)
        os.replace(os.path.join(a.out, "variants.csv.tmp"), os.path.join(a.out, "variants.csv"))

    # The corpus carries its held-out list, so every trainer run on it (here or
    # in a burst) keeps those prompts out whatever the corpus is called.
    shutil.copyfile(a.heldout, os.path.join(a.out, "heldout.txt"))
    meta = os.path.join(a.out, "metadata.csv")
    with open(meta + ".tmp", "w", encoding="utf-8") as f:
        f.writelines(f"{uid}|{text}\n" for uid, text in lines)
    os.replace(meta + ".tmp", meta)
    print(f"{a.out}: {len(lines)} utterances, {seconds / 3600:.2f} h at {SAMPLE_RATE} Hz")


if __name__ == "__main__":
    main()
