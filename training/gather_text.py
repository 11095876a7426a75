"""Gather English sentences from text that Debian packages ship.

The male voice is distilled from flite's `rms` voice, so its corpus needs text
to read: several thousand varied, speakable sentences whose licences allow it.
They come from these Debian 12 packages (installed by the set-up, never here):

  fortunes, fortunes-min   fortune-mod cookie files (BSD)
  dict-devil               Bierce, The Devil's Dictionary (public domain)
  sword-text-web           World English Bible (public domain)
  wordnet-base             example sentences of WordNet 3.0 (WordNet licence)

Writes an LJSpeech-style list, `rms-00001|text` per line, to
WORK_DIR/text/rms-24k.csv (training/make_flite_corpus.py speaks it), and the
held-out split training/splits/rms-24k-heldout.txt. The same package versions
always give the same files.

Ids are `rms-<n>`, not `rms_<n>`: corpus.py groups takes by stripping a final
`_<digits>`, which would make every line one prompt.

  /usr/bin/python3 -m training.gather_text
"""
import argparse
import glob
import gzip
import os
import random
import re
import struct
import sys
import unicodedata
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
# Same default as corpus.WORK_DIR; importing corpus would pull in torch for a text job.
WORK_DIR = os.environ.get("INFLECT_WORK", os.path.join(os.path.expanduser("~"), ".cache", "inflect-train"))

FORTUNE_DIR = "/usr/share/games/fortunes"
# Jokes built on stereotypes, drug humour, ASCII pictures, Perl one-liners and
# foreign-language sayings make poor or unwelcome prompts for a voice.
FORTUNE_SKIP = {"ascii-art", "drugs", "ethnic", "men-women", "perl", "translate-me"}
# Not in ALLOWED, so a sentence spanning a line break of verse is dropped.
VERSE_BREAK = " |"
DEVIL = "/usr/share/dictd/devil.dict.dz"
WEB_DIR = "/usr/share/sword/modules/texts/ztext/engWEB2015eb"
WORDNET_DIR = "/usr/share/wordnet"

# Shares of the output per source; fortunes carry most of the conversational
# variety, the Bible's register and names would dominate if it were not capped.
QUOTA = {"fortunes": 0.55, "wordnet": 0.25, "bible": 0.12, "devil": 0.08}

SEED = 20240611
HELDOUT_COUNT = 40

# After these the sentence may go on, so a period there is not a boundary.
ABBREVIATIONS = {
    "mr", "mrs", "ms", "dr", "st", "jr", "sr", "vs", "prof", "gen", "col", "capt", "lt", "sgt",
    "rev", "gov", "sen", "mt", "ft", "inc", "ltd", "co", "corp", "e.g", "i.e", "a.m", "p.m",
    "u.s", "u.s.a", "etc",
}
BOUNDARY = re.compile(r"[.!?]+['\")\]]*\s+(?=['\"(]?[A-Z0-9])")
ALLOWED = re.compile(r"^[A-Za-z0-9 .,;:!?'$%&-]+$")
URLISH = re.compile(r"https?:|www\.|\.(com|org|net|edu)\b|@", re.I)
# Speaker and question/answer labels ("Kirk: ...", "Q. Why?") are not read aloud.
SPEAKER_TAG = re.compile(r"^\w+:|(^|\s)[QA][.:]\s")
# Dictionary-style entries ("Deadwood, n.: Anyone who ...") read as nonsense.
PART_OF_SPEECH = re.compile(r"\b(n|v|adj|adv|vt|vi|v\.t|v\.i)(\.:?|:)\s")


def need(path, package):
    if not os.path.exists(path):
        sys.exit(f"gather_text: {path} is missing; install the Debian package `{package}` "
                 f"(apt-get install {package})")


def to_ascii(text):
    """Typographic punctuation to ASCII, and drop what is never spoken (quotes, markup)."""
    text = text.replace("\u2018", "'").replace("\u2019", "'").replace("`", "'")
    text = re.sub(r"\s*(--|\u2014|\u2013)\s*", ", ", text)
    text = re.sub(r"[\"\u201c\u201d_*]", "", text)
    # Single quotes used as quotation marks rather than apostrophes.
    text = re.sub(r"(^|\s)'+(?=\w)", r"\1", text)
    text = re.sub(r"(?<=[\w.,!?])'+(?=\s|$)", "", text)
    # Accents fall away (cafe, naive); any other non-ASCII rejects the sentence later.
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    text = re.sub(r"\s+([,;:])", r"\1", text)
    return re.sub(r"\s+", " ", text).strip()


def abbreviation_before(text, period):
    """Whether the period at index `period` closes an abbreviation or an initial."""
    words = text[:period + 1].split()
    last = words[-1].rstrip(".").lower() if words else ""
    return last in ABBREVIATIONS or re.fullmatch(r"[a-z]", last) is not None


def sentences(passage):
    """Split a passage at sentence ends, not at the periods of abbreviations or initials."""
    out, start = [], 0
    for m in BOUNDARY.finditer(passage):
        if passage[m.start()] == "." and abbreviation_before(passage, m.start()):
            continue
        out.append(passage[start:m.end()].strip())
        start = m.end()
    out.append(passage[start:].strip())
    return out


def speakable(s):
    words = s.split()
    if not 3 <= len(words) <= 25:
        return False
    if not ALLOWED.match(s) or URLISH.search(s) or SPEAKER_TAG.search(s) or PART_OF_SPEECH.search(s):
        return False
    if not (s[0].isupper() or s[0].isdigit()) or s[-1] not in ".!?" or re.search(r"[.!?]{2}", s):
        return False
    # One utterance per line: a second sentence end inside would be split by the frontend.
    for m in re.finditer(r"[.!?]\s", s):
        if s[m.start()] != "." or not abbreviation_before(s, m.start()):
            return False
    letters = sum(c.isalpha() for c in s)
    if letters < 0.75 * len(s.replace(" ", "")):
        return False
    # Acronyms (IBM, NASA) are welcome; capitals used for shouting are not.
    caps = [w.strip(".,;:!?'") for w in words]
    caps = [w for w in caps if len(w) >= 2 and w.isupper()]
    return not any(len(w) > 4 for w in caps) and sum(len(w) >= 3 for w in caps) < 2


def key(s):
    return re.sub(r"[^a-z0-9]+", " ", s.lower()).strip()


def mark_verse(lines):
    """Put VERSE_BREAK where a line ends unpunctuated and the next starts with a capital.

    That is how verse is laid out; joined, its lines read as one garbled sentence.
    """
    for line, after in zip(lines, lines[1:] + [""]):
        verse = line and line[-1].isalnum() and after[:1].isupper()
        yield line + VERSE_BREAK if verse else line


def fortune_passages():
    need(os.path.join(FORTUNE_DIR, "fortunes"), "fortunes-min")
    need(os.path.join(FORTUNE_DIR, "people"), "fortunes")
    for path in sorted(glob.glob(os.path.join(FORTUNE_DIR, "*"))):
        name = os.path.basename(path)
        if "." in name or name in FORTUNE_SKIP or os.path.isdir(path):
            continue
        with open(path, encoding="utf-8", errors="replace") as f:
            for cookie in re.split(r"^%$", f.read(), flags=re.M):
                # Attribution lines ("-- Mark Twain") are not part of what is said.
                lines = [l.strip() for l in cookie.splitlines() if not re.match(r"\s*(--|\u2014)", l)]
                yield " ".join(mark_verse(lines))


def devil_passages():
    need(DEVIL, "dict-devil")
    with gzip.open(DEVIL, "rt", encoding="utf-8", errors="replace") as f:
        text = f.read()
    # The dictionary proper starts at its first headword; before it is the preface.
    text = text[re.search(r"^[A-Z]{2,}[A-Z' -]*, [a-z]", text, flags=re.M).start():]
    for para in re.split(r"\n\s*\n", text):
        if para.startswith(" "):
            continue  # indented paragraphs are verse, not sentences
        yield re.sub(r"^[A-Z][A-Z' -]*,( [a-z.]+)*\s+", "", para.strip())


def web_passages():
    """The World English Bible, read from the SWORD zText module without libsword."""
    need(os.path.join(WEB_DIR, "nt.bzz"), "sword-text-web")
    for testament in ("ot", "nt"):
        with open(os.path.join(WEB_DIR, testament + ".bzs"), "rb") as f:
            index = f.read()
        with open(os.path.join(WEB_DIR, testament + ".bzz"), "rb") as f:
            blocks = f.read()
        for i in range(0, len(index), 12):
            offset, size, _ = struct.unpack("<III", index[i:i + 12])
            osis = zlib.decompress(blocks[offset:offset + size]).decode("utf-8", errors="replace")
            # Headings, footnotes and speaker labels would glue onto the verse text around them.
            osis = re.sub(r"<(title|note|speaker)\b[^>]*>.*?</\1>", " ", osis, flags=re.S)
            for para in re.split(r"<div [^>]*type=\"x-p\"[^>]*/>", osis):
                # Line and section markers separate words; word and quote tags sit inside them.
                para = re.sub(r"<(div|l|lg|lb|chapter|milestone|item|list)\b[^>]*>", " ", para)
                yield re.sub(r"<[^>]+>", "", para)


def wordnet_passages():
    """Quoted usage examples from the glosses; only those written as whole sentences."""
    need(os.path.join(WORDNET_DIR, "data.noun"), "wordnet-base")
    for pos in ("adj", "adv", "noun", "verb"):
        with open(os.path.join(WORDNET_DIR, "data." + pos), encoding="utf-8", errors="replace") as f:
            for line in f:
                if line.startswith("  ") or "|" not in line:
                    continue  # licence header
                for example in re.findall(r'"([^"]+)"', line.split("|", 1)[1]):
                    example = example.strip()
                    if example[:1].isupper():
                        yield example if example[-1] in ".!?" else example + "."


SOURCES = {"fortunes": fortune_passages, "devil": devil_passages, "bible": web_passages,
           "wordnet": wordnet_passages}


def kathleen_heldout_keys(corpus_dir, split_file):
    """Normalised transcripts of the kathleen evaluation prompts, which no voice may train on."""
    if not os.path.exists(os.path.join(corpus_dir, "metadata.csv")):
        sys.exit(f"gather_text: no kathleen corpus at {corpus_dir} (give --kathleen); its held-out "
                 "prompts must be kept out of the sentences")
    with open(split_file, encoding="utf-8") as f:
        prompts = {l.strip() for l in f if l.strip() and not l.startswith("#")}
    keys = set()
    with open(os.path.join(corpus_dir, "metadata.csv"), encoding="utf-8") as f:
        for line in f:
            uid, text = line.rstrip("\n").split("|")[:2]
            if re.sub(r"_\d+$", "", uid) in prompts:
                keys.add(key(text))
    if not keys:
        sys.exit(f"gather_text: no transcripts for the prompts of {split_file} in {corpus_dir}")
    return keys


def candidates(source, banned, seen):
    out = []
    for passage in SOURCES[source]():
        for s in sentences(to_ascii(passage)):
            k = key(s)
            if not speakable(s) or k in seen or any(b in k or k in b for b in banned):
                continue
            seen.add(k)
            out.append(s)
    return out


def pick_heldout(lines, n):
    """n ids spread over the list, each a mid-length sentence that makes a fair test."""
    ids, step = [], len(lines) // n
    for i in range(n):
        j = i * step
        while not 6 <= len(lines[j][1].split()) <= 20:
            j += 1
        ids.append(lines[j][0])
    return ids


def variety(texts):
    abbreviated = re.compile(r"\b[A-Z][a-z]{0,3}\.\s|\b[A-Z]{2,}\b")
    counts = {
        "questions": sum(t.endswith("?") for t in texts),
        "exclamations": sum(t.endswith("!") for t in texts),
        "with digits": sum(any(c.isdigit() for c in t) for t in texts),
        "with abbreviations or acronyms": sum(bool(abbreviated.search(t)) for t in texts),
    }
    return ", ".join(f"{n} {what}" for what, n in counts.items())


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--count", type=int, default=6000, help="sentences to write, held-out ones included")
    p.add_argument("--out", default=os.path.join(WORK_DIR, "text", "rms-24k.csv"))
    p.add_argument("--split", default=os.path.join(HERE, "splits", "rms-24k-heldout.txt"))
    p.add_argument("--kathleen", default=os.path.join(os.path.dirname(ROOT), "shared", "data", "kathleen-24k"))
    p.add_argument("--kathleen-split", default=os.path.join(HERE, "splits", "kathleen-24k-heldout.txt"))
    a = p.parse_args()

    banned = kathleen_heldout_keys(a.kathleen, a.kathleen_split)
    rng = random.Random(SEED)
    seen, chosen = set(), []
    for source in SOURCES:
        pool = candidates(source, banned, seen)
        want = round(QUOTA[source] * a.count)
        if len(pool) < want:
            sys.exit(f"gather_text: {source} gave {len(pool)} usable sentences, {want} wanted")
        rng.shuffle(pool)
        chosen += pool[:want]
        print(f"{source}: {len(pool)} usable, {want} taken", flush=True)
    chosen = chosen[:a.count]
    rng.shuffle(chosen)
    lines = [(f"rms-{i:05d}", s) for i, s in enumerate(chosen, 1)]

    os.makedirs(os.path.dirname(a.out), exist_ok=True)
    with open(a.out + ".tmp", "w", encoding="utf-8") as f:
        f.writelines(f"{uid}|{s}\n" for uid, s in lines)
    os.replace(a.out + ".tmp", a.out)
    with open(a.split, "w", encoding="utf-8") as f:
        f.write("# Held-out prompts of rms-24k, written by training/gather_text.py; never trained on.\n")
        f.writelines(uid + "\n" for uid in pick_heldout(lines, HELDOUT_COUNT))

    print(f"wrote {len(lines)} sentences to {a.out} ({HELDOUT_COUNT} held out in {a.split}); "
          + variety([s for _, s in lines]))


if __name__ == "__main__":
    main()
