"""Word error rate with the text normalisation the intelligibility check uses.

Reference transcripts are written prose ("Mr. Smith, 12 o'clock") while the
recogniser emits lower-case dictionary words, so both sides are reduced to
the same vocabulary before counting: lower case, numbers spelled out,
punctuation dropped (apostrophes inside words kept, because the
pocketsphinx dictionary spells "don't" and "i'm" that way).
"""
import re

_ONES = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
         "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
         "nineteen"]
_TENS = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
_SCALES = [(10 ** 9, "billion"), (10 ** 6, "million"), (1000, "thousand"), (100, "hundred")]
_ORDINAL_IRREGULAR = {"one": "first", "two": "second", "three": "third", "five": "fifth",
                      "eight": "eighth", "nine": "ninth", "twelve": "twelfth"}


def number_words(n):
    """Cardinal of a non-negative integer as words, e.g. 1905 -> one thousand nine hundred five."""
    if n < 20:
        return [_ONES[n]]
    if n < 100:
        return [_TENS[n // 10]] + ([_ONES[n % 10]] if n % 10 else [])
    for value, name in _SCALES:
        if n >= value:
            rest = n % value
            return number_words(n // value) + [name] + (number_words(rest) if rest else [])
    raise AssertionError("unreachable: every n >= 100 meets a scale")


def _ordinal(words):
    last = words[-1]
    if last in _ORDINAL_IRREGULAR:
        last = _ORDINAL_IRREGULAR[last]
    elif last.endswith("y"):
        last = last[:-1] + "ieth"
    else:
        last += "th"
    return words[:-1] + [last]


def _spell_number(match):
    digits = match.group(1).replace(",", "")
    suffix = match.group(3)
    out = number_words(int(digits))
    if match.group(2):
        out += ["point"] + [_ONES[int(d)] for d in match.group(2)]
    if suffix:
        out = _ordinal(out)
    return " " + " ".join(out) + " "


_NUMBER = re.compile(r"(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?(st|nd|rd|th)?\b", re.IGNORECASE)


def normalize(text):
    """Text -> list of lower-case words comparable with a pocketsphinx hypothesis."""
    text = text.lower()
    text = _NUMBER.sub(_spell_number, text)
    # Hyphenated compounds are separate dictionary words ("thousand-years-long").
    text = re.sub(r"[-\u2010-\u2015]", " ", text)
    text = text.replace("\u2019", "'")
    text = re.sub(r"[^a-z' ]", " ", text)
    words = []
    for w in text.split():
        w = w.strip("'")
        if w:
            words.append(w)
    return words


def edit_counts(ref, hyp):
    """(substitutions, deletions, insertions) of the cheapest alignment of two word lists."""
    # Each cell keeps (total, subs, dels, ins) so the breakdown follows the optimal path.
    prev = [(j, 0, 0, j) for j in range(len(hyp) + 1)]
    for i in range(1, len(ref) + 1):
        cur = [(i, 0, i, 0)]
        for j in range(1, len(hyp) + 1):
            d = prev[j - 1]
            if ref[i - 1] == hyp[j - 1]:
                diag = d
            else:
                diag = (d[0] + 1, d[1] + 1, d[2], d[3])
            up = prev[j]
            left = cur[j - 1]
            cur.append(min(diag, (up[0] + 1, up[1], up[2] + 1, up[3]),
                           (left[0] + 1, left[1], left[2], left[3] + 1)))
        prev = cur
    _, s, d, n = prev[-1]
    return s, d, n


def wer(refs, hyps):
    """Corpus WER (total errors / total reference words) over parallel lists of texts."""
    errors = words = 0
    for r, h in zip(refs, hyps, strict=True):
        rw, hw = normalize(r), normalize(h)
        errors += sum(edit_counts(rw, hw))
        words += len(rw)
    return errors / max(words, 1)
