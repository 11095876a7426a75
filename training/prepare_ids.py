"""Token ids of every transcript, made by the engine's own frontend.

Training must see exactly the ids the engine will feed the acoustic model, so
the ids come from `inflect-say --phonemes` (no voice file: the engine's symbol
inventory) and nothing in Python re-implements text processing. This is the
only place the trainer calls the frontend.

Writes WORK_DIR/ids-<corpus>.json: the inventory (`inflect-say --list-symbols`)
and, per utterance id, the symbols and the phone/tone/lang id streams. A
transcript the frontend splits into several utterances is left out (listed
under "skipped"): the engine would synthesise it as separate acoustic runs, so
there is no single id sequence its one recording corresponds to.

  /usr/bin/python3 -m training.prepare_ids --corpus ../shared/data/kathleen-24k
"""
import argparse
import bisect
import json
import os
import subprocess

from .corpus import WORK_DIR, corpus_key, read_metadata

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT_SAY = os.path.join(ROOT, "build", "engine", "inflect-say")
# A blank line is a hard sentence break for the frontend, so many transcripts
# go through one process and each utterance maps back by its byte offset.
SEPARATOR = "\n\n"


def ids_path(corpus_dir):
    return os.path.join(WORK_DIR, f"ids-{corpus_key(corpus_dir)}.json")


def list_symbols(say):
    out = subprocess.run([say, "--list-symbols"], check=True, capture_output=True).stdout.decode("utf-8")
    symbols = []
    for line in out.split("\n"):
        if not line:
            continue
        i, name = line.split("\t", 1)
        if int(i) != len(symbols):
            raise ValueError(f"--list-symbols: id {i} out of order")
        symbols.append(name)
    if not symbols or symbols[0] != "_":
        raise ValueError("--list-symbols: id 0 must be '_'")
    return symbols


def check_utterance(u, symbols):
    """The id streams must be blank-interleaved and padded as docs/model.md section 1 says."""
    n = len(u["phone"])
    if not (len(u["tone"]) == len(u["lang"]) == len(u["symbols"]) == n):
        raise ValueError("id streams differ in length")
    if n < 5 or n % 2 == 0:
        raise ValueError(f"{n} tokens: expected an odd count with pads")
    for s in ("phone", "tone", "lang"):
        if any(u[s][0::2]):
            raise ValueError(f"{s}: an even position is not the blank 0")
    if u["phone"][1] != 0 or u["phone"][-2] != 0:
        raise ValueError("utterance is not padded with '_'")
    for sym, p in zip(u["symbols"], u["phone"]):
        if not 0 <= p < len(symbols) or symbols[p] != sym:
            raise ValueError(f"symbol {sym!r} does not match id {p} of the inventory")


def phonemize(say, espeak_voice, utts, symbols, chunk=200):
    """{utterance id: ids} and {utterance id: reason skipped}."""
    out, skipped = {}, {}
    for c in range(0, len(utts), chunk):
        part = utts[c:c + chunk]
        texts = [u.text.replace("\n", " ").strip() for u in part]
        starts, pos = [], 0
        for t in texts:
            starts.append(pos)
            pos += len(t.encode("utf-8")) + len(SEPARATOR)
        blob = SEPARATOR.join(texts).encode("utf-8")
        res = subprocess.run([say, "--phonemes", "--espeak-voice", espeak_voice], input=blob, capture_output=True)
        if res.returncode != 0:  # the engine says why (an espeak-ng voice it lacks, ...)
            raise SystemExit(f"{say} --phonemes: {res.stderr.decode('utf-8', 'replace').strip()}")
        found = {}
        for line in res.stdout.decode("utf-8").splitlines():
            j = json.loads(line)
            k = bisect.bisect_right(starts, j["offset"]) - 1
            found.setdefault(k, []).append(j)
        for k, u in enumerate(part):
            got = found.get(k, [])
            if len(got) != 1:
                skipped[u.id] = f"{len(got)} utterances from {texts[k]!r}"
                continue
            j = got[0]
            check_utterance(j, symbols)
            out[u.id] = {key: j[key] for key in ("symbols", "phone", "tone", "lang")}
    return out, skipped


def load_ids(corpus_dir):
    """(inventory list, {utterance id: {'symbols', 'phone', 'tone', 'lang'}}) written by this script."""
    with open(ids_path(corpus_dir), encoding="utf-8") as f:
        d = json.load(f)
    return d["symbols"], d["utterances"]


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--corpus", required=True)
    p.add_argument("--say", default=os.environ.get("INFLECT_SAY", DEFAULT_SAY),
                   help="inflect-say binary (default: build/engine/inflect-say or $INFLECT_SAY)")
    p.add_argument("--espeak-voice", default="en-us", help="espeak-ng voice of the corpus language")
    a = p.parse_args()
    symbols = list_symbols(a.say)
    utts = read_metadata(a.corpus)
    ids, skipped = phonemize(a.say, a.espeak_voice, utts, symbols)
    os.makedirs(WORK_DIR, exist_ok=True)
    path = ids_path(a.corpus)
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        json.dump({"say": os.path.abspath(a.say), "espeak_voice": a.espeak_voice, "symbols": symbols,
                   "utterances": ids, "skipped": skipped}, f, ensure_ascii=False)
    os.replace(tmp, path)
    used = sorted({p for u in ids.values() for p in u["phone"]})
    print(f"{len(ids)} utterances, {len(skipped)} skipped, inventory {len(symbols)} symbols, "
          f"{len(used)} used -> {path}")
    for uid, why in skipped.items():
        print(f"  skipped {uid}: {why}")
    unused = [s for i, s in enumerate(symbols) if i not in set(used)]
    print("symbols never seen in this corpus: " + " ".join(repr(s) for s in unused))


if __name__ == "__main__":
    main()
