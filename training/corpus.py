"""LJSpeech-style corpora: metadata, held-out split, audio at 24 kHz, cached mels.

A corpus is a folder with `metadata.csv` (`id|text`, optionally a third column
that is ignored) and `wavs/<id>.wav|.flac` at any sample rate. Takes whose id
ends in `_<digits>` are grouped by prompt, so every take of a held-out prompt is
held out together.

A corpus may also hold pitch variants of its takes (training/make_flite_corpus.py
--pitch-variants): `variants.csv` lists `id|source id`. A variant has its
source's text, length and durations, and another F0 contour.
"""
import os
import re
import sys
from dataclasses import dataclass

import numpy as np
import torch

from .mel import LogMel, SAMPLE_RATE
from .resample import resample

SPLITS_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "splits")
WORK_DIR = os.environ.get("INFLECT_WORK", os.path.join(os.path.expanduser("~"), ".cache", "inflect-train"))


@dataclass
class Utterance:
    id: str
    text: str
    path: str

    @property
    def prompt(self):
        return re.sub(r"_\d+$", "", self.id)


def read_metadata(corpus_dir, need_audio=True):
    """Utterances of metadata.csv; without need_audio a line whose audio is
    missing is kept with path None (a text-only list of prompts)."""
    out = []
    path = os.path.join(corpus_dir, "metadata.csv")
    if not os.path.isfile(path):
        raise SystemExit(f"{corpus_dir}: no metadata.csv (a corpus is metadata.csv and wavs/, docs/training.md)")
    # utf-8-sig: a byte order mark would otherwise be part of the first id.
    with open(path, encoding="utf-8-sig") as f:
        for n, line in enumerate(f, 1):
            line = line.rstrip("\r\n")
            if not line:
                continue
            # id|text, or LJSpeech's id|text|normalized text (the second is
            # read); more fields can only be a '|' in a transcript, which
            # would cut it short without a word.
            parts = line.split("|")
            if not 2 <= len(parts) <= 3:
                raise SystemExit(f"{path}:{n}: {len(parts)} field{'s' if len(parts) > 1 else ''} separated by '|', not id|text "
                                 f"(or id|text|normalized): {line[:60]!r}")
            uid, text = parts[0], parts[1]
            for ext in (".flac", ".wav"):
                p = os.path.join(corpus_dir, "wavs", uid + ext)
                if os.path.exists(p):
                    out.append(Utterance(uid, text, p))
                    break
            else:
                if need_audio:
                    raise SystemExit(f"{path}:{n}: no audio for id {uid!r} (wavs/{uid}.wav or .flac)")
                out.append(Utterance(uid, text, None))
    return out


def read_variants(corpus_dir):
    """{variant id: source id} from the corpus's variants.csv; {} for a corpus without one."""
    path = os.path.join(corpus_dir, "variants.csv")
    if not os.path.exists(path):
        return {}
    with open(path, encoding="utf-8") as f:
        return dict(line.rstrip("\n").split("|")[:2] for line in f if line.strip())


def heldout_file(corpus_dir, explicit=None):
    """The list of held-out prompt ids for a corpus: `explicit` when given,
    else the corpus's own heldout.txt (a derived corpus, such as one with pitch
    variants or a burst bundle, carries its source's), else
    training/splits/<corpus>-heldout.txt. A corpus with none of them stops the
    run: training on every take would score the voice on sentences it has
    learned."""
    if explicit:
        if not os.path.isfile(explicit):
            raise SystemExit(f"{explicit}: no such held-out list")
        return explicit
    for path in (os.path.join(corpus_dir, "heldout.txt"),
                 os.path.join(SPLITS_DIR, f"{corpus_key(corpus_dir)}-heldout.txt")):
        if os.path.isfile(path):
            return path
    raise SystemExit(f"{corpus_dir}: no held-out list (neither heldout.txt in the corpus nor "
                     f"{SPLITS_DIR}/{corpus_key(corpus_dir)}-heldout.txt); pass --heldout FILE")


def read_heldout(split_file):
    with open(split_file, encoding="utf-8") as f:
        ids = {l.strip() for l in f if l.strip() and not l.startswith("#")}
    # An empty list would put every take in training, and the evaluation
    # would score the voice on sentences it learned.
    if not ids:
        raise SystemExit(f"{split_file}: no held-out ids")
    return ids


def split(utts, heldout_prompts, variants=None):
    """(training takes, held-out takes). A pitch variant (read_variants) of a
    held-out take is in neither list: it is never trained on, and it is not
    scored with the natural takes."""
    variants = variants or {}
    train = [u for u in utts if u.prompt not in heldout_prompts and variants.get(u.id) not in heldout_prompts]
    held = [u for u in utts if u.prompt in heldout_prompts and u.id not in variants]
    # A typo in the list ("utt21" for "utt021") trains on the take meant to
    # be held out; said now, not when the evaluation refuses the voice.
    missing = sorted(set(heldout_prompts) - {u.prompt for u in utts})
    if missing:
        print(f"warning: {len(missing)} held-out id(s) not in the corpus, so not held out: "
              f"{', '.join(missing[:5])}{' ...' if len(missing) > 5 else ''}", file=sys.stderr, flush=True)
    return train, held


def load_audio(path, sr=SAMPLE_RATE):
    """Mono float32 at `sr`, whatever the file's rate and channel count."""
    # Imported here: a GPU burst runs the trainers where only cached features exist and soundfile may not.
    import soundfile as sf
    wav, file_sr = sf.read(path, dtype="float32", always_2d=True)
    wav = wav.mean(axis=1)
    if file_sr != sr:
        wav = resample(wav, file_sr, sr).astype(np.float32)
    return wav


def corpus_key(corpus_dir):
    return os.path.basename(os.path.normpath(corpus_dir))


def cached_audio_and_mels(corpus_dir, utts):
    """(list of int16 waveforms, list of float16 mels [80, F]) cached under WORK_DIR."""
    cache = os.path.join(WORK_DIR, "features", corpus_key(corpus_dir))
    os.makedirs(cache, exist_ok=True)
    logmel = LogMel()

    def mel_of(w):
        with torch.no_grad():
            return logmel(torch.from_numpy(w)).numpy().astype(np.float16)

    wavs, mels = [], []
    for u in utts:
        p = os.path.join(cache, u.id + ".npz")
        if os.path.exists(p):
            with np.load(p) as z:
                wavs.append(z["wav"])
                # A GPU burst's bundle (training/burst.py) carries the audio alone, to carry more of it.
                mels.append(z["mel"] if "mel" in z.files else mel_of(z["wav"].astype(np.float32) / 32767))
            continue
        if u.path is None:
            raise FileNotFoundError(f"{corpus_dir}: no audio and no cached features ({p}) for id {u.id}")
        w = load_audio(u.path)
        m = mel_of(w)
        w16 = np.clip(np.round(w * 32767), -32768, 32767).astype(np.int16)
        np.savez(p, wav=w16, mel=m)
        wavs.append(w16)
        mels.append(m)
    return wavs, mels
