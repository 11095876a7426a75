"""What a GPU burst carries there and brings back (training/gpu_burst.sh runs the burst itself).

  python3 -m training.burst bundle --corpus DIR --out BUNDLE [--max-mib 40] [--voice NAME]
  python3 -m training.burst slim CHECKPOINT OUT

`bundle` writes a folder the burst can train from on a machine that has
neither the corpus nor ~/.cache/inflect-train: BUNDLE/corpus/<key>/metadata.csv
and, in WORK_DIR's layout under BUNDLE/work, the cached audio (compressed; the
trainers recompute the mel from it), ids, durations and F0 tracks of the takes
it holds, and the latest checkpoints as slim ones. A machine lent through a `device` tool gets
only the working tree plus 64 MiB in all, and the tree holds the shipped
voices (about 20 MiB), so the bundle is held under --max-mib: the checkpoints
go first, then training takes in a fixed shuffled order (spread over the
whole corpus) until the budget is spent. Held-out takes never go in.

`slim` drops a checkpoint's optimiser state, which is two thirds of its size:
the acoustic model's is 41 MB with it, 14 MB without, and a device's files
come back at most 16 MiB each. The trainers resume a slim checkpoint with
fresh optimisers; step counts, CPU time and GPU steps carry on.
"""
import argparse
import datetime
import json
import os
import random
import shutil

import numpy as np

from . import checkpoint
from .align import durations_dir
from .corpus import (WORK_DIR, cached_audio_and_mels, corpus_key, heldout_file, read_heldout, read_metadata,
                     read_variants, split)
from .mel import SAMPLE_RATE
from .prepare_ids import ids_path, load_ids
from .prosody import cached_frame_tracks

MIB = 1 << 20


def _size(path):
    if os.path.isfile(path):
        return os.path.getsize(path)
    return sum(os.path.getsize(os.path.join(d, f)) for d, _, fs in os.walk(path) for f in fs)


def bundle(corpus, out, max_mib, voice, heldout):
    key = corpus_key(corpus)
    if os.path.exists(out):
        shutil.rmtree(out)
    work = os.path.join(out, "work")
    os.makedirs(os.path.join(work, "features", key))
    os.makedirs(os.path.join(out, "corpus", key))
    info = {"corpus": key, "voice": voice, "made": datetime.datetime.now().isoformat(timespec="seconds"),
            "checkpoints": {}}

    for part in ("vocoder", "acoustic"):
        src = os.path.join(WORK_DIR, f"{part}-{key}", "checkpoint.pt")
        if os.path.exists(src):
            os.makedirs(os.path.join(work, f"{part}-{key}"))
            info["checkpoints"][part] = checkpoint.slim(src, os.path.join(work, f"{part}-{key}", "checkpoint.pt"))

    utts, _ = split(read_metadata(corpus, need_audio=False), read_heldout(heldout), read_variants(corpus))
    acoustic = os.path.exists(ids_path(corpus)) and os.path.isdir(durations_dir(corpus))
    if acoustic:
        symbols, ids = load_ids(corpus)
        utts = [u for u in utts if u.id in ids and os.path.exists(os.path.join(durations_dir(corpus), u.id + ".npy"))]
        os.makedirs(os.path.join(work, f"durations-{key}"))
        os.makedirs(os.path.join(work, f"prosody-{key}"))
    info["acoustic"] = acoustic
    random.Random(0).shuffle(utts)

    budget = max_mib * MIB - _size(out)
    if budget <= 0:
        raise SystemExit(f"burst: the checkpoints alone take {_size(out) / MIB:.1f} MiB, over --max-mib {max_mib}")
    chosen, frames = [], 0
    for u in utts:
        (wav,), (mel,) = cached_audio_and_mels(corpus, [u])
        files = [os.path.join(work, "features", key, u.id + ".npz")]
        # The mel is a quarter of the size and is recomputed from the audio on loading (corpus.py).
        np.savez_compressed(files[0], wav=wav)
        if acoustic:
            files.append(os.path.join(work, f"durations-{key}", u.id + ".npy"))
            shutil.copyfile(os.path.join(durations_dir(corpus), u.id + ".npy"), files[-1])
            cached_frame_tracks(corpus, [u])  # made and cached here if they are not yet
            files.append(os.path.join(work, f"prosody-{key}", u.id + ".npz"))
            shutil.copyfile(os.path.join(WORK_DIR, f"prosody-{key}", u.id + ".npz"), files[-1])
        spent = sum(os.path.getsize(f) for f in files)
        if spent > budget:
            for f in files:
                os.remove(f)
            break
        budget -= spent
        chosen.append(u)
        frames += mel.shape[1]
    if not chosen:
        raise SystemExit(f"burst: not one training take of {corpus} fits in --max-mib {max_mib}")

    if acoustic:
        with open(ids_path(corpus), encoding="utf-8") as f:
            full = json.load(f)
        full["utterances"] = {u.id: ids[u.id] for u in chosen}
        full["skipped"] = {}
        with open(os.path.join(work, os.path.basename(ids_path(corpus))), "w", encoding="utf-8") as f:
            json.dump(full, f, ensure_ascii=False)
    with open(os.path.join(out, "corpus", key, "metadata.csv"), "w", encoding="utf-8") as f:
        f.writelines(f"{u.id}|{u.text}\n" for u in chosen)
    # Pitch variants must stay marked as such: their F0 is not the voice's
    # own, so the acoustic trainer keeps them out of the pitch head's targets.
    variants = read_variants(corpus)
    if variants:
        with open(os.path.join(out, "corpus", key, "variants.csv"), "w", encoding="utf-8") as f:
            f.writelines(f"{u.id}|{variants[u.id]}\n" for u in chosen if u.id in variants)
    # The bundle holds training takes only, but its corpus keeps its held-out
    # list: the trainers refuse a corpus without one.
    shutil.copyfile(heldout, os.path.join(out, "corpus", key, "heldout.txt"))
    info["takes"] = len(chosen)
    info["takes_in_corpus"] = len(utts)
    info["audio_minutes"] = round(frames * 256 / SAMPLE_RATE / 60, 1)
    info["mib"] = round(_size(out) / MIB, 1)
    with open(os.path.join(out, "bundle.json"), "w", encoding="utf-8") as f:
        json.dump(info, f, indent=1)
        f.write("\n")
    return info


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="cmd", required=True)
    b = sub.add_parser("bundle", help="write a bundle folder for a burst elsewhere")
    b.add_argument("--corpus", required=True, help="the corpus whose cached features and checkpoints go")
    b.add_argument("--out", required=True, help="bundle folder (replaced), e.g. burst/ in the repository")
    b.add_argument("--max-mib", type=float, default=40.0, help="size limit of the whole bundle")
    b.add_argument("--voice", default=None, help="models/<voice>.gguf warm-starts a part with no checkpoint")
    b.add_argument("--heldout", default=None, help="held-out prompt ids (default: the corpus's heldout.txt, else splits/<corpus>-heldout.txt)")
    s = sub.add_parser("slim", help="a checkpoint without optimiser state")
    s.add_argument("checkpoint")
    s.add_argument("out")
    a = p.parse_args()
    if a.cmd == "slim":
        print(f"{a.out}: step {checkpoint.slim(a.checkpoint, a.out)}, {os.path.getsize(a.out) / MIB:.1f} MiB")
        return
    if not os.path.isfile(os.path.join(a.corpus, "metadata.csv")):
        p.error(f"no metadata.csv in {a.corpus}")
    heldout = heldout_file(a.corpus, a.heldout)
    info = bundle(a.corpus, a.out, a.max_mib, a.voice, heldout)
    print(f"{a.out}: {info['takes']} of {info['takes_in_corpus']} training takes ({info['audio_minutes']} min), "
          f"checkpoints {info['checkpoints'] or 'none'}, acoustic {'yes' if info['acoustic'] else 'no'}, "
          f"{info['mib']} MiB")


if __name__ == "__main__":
    main()
