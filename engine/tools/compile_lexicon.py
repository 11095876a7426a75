#!/usr/bin/python3
"""Compiles festival's CMUdict (festlex-cmu) into the engine's lexicon blob.

  /usr/bin/python3 engine/tools/compile_lexicon.py CMUDICT_OUT OUTPUT_C

Input: cmudict-0.4.out as Debian's festlex-cmu ships it. The first line is
"MNCL", then one entry a line:

  ("record" n (((r eh) 1) ((k er d) 0)))

word, part of speech, then the syllables, each its phones and its stress
(0, 1 or 2). Anything else is an error that fails the build, with the line.

What is kept: words are lowercased and the first entry of each lowercased
word wins (later ones are other parts of speech). Festival's schwa `ax` is
ARPAbet AH. Every vowel takes its syllable's stress; consonants have none,
and a syllable without a vowel loses its stress. Words with a character
outside [a-z'] after lowercasing cannot be looked up by the engine's scanner
and are skipped; their number is printed on stderr.

Output: a C source defining lexicon_data_blob (one string literal of hex
escapes), lexicon_data_blob_size and lexicon_data_phone_names. The blob,
every integer little-endian:

  header, 16 bytes
    0  "ILEX"
    4  u8  format version (1)
    5  u8  words per block (BLOCK)
    6  u8  longest word, bytes
    7  u8  most phones in a word
    8  u32 words
    12 u32 blocks
  block index: u32 per block, the offset of the block from the blob's start
  blocks: up to BLOCK words each, sorted bytewise across the whole blob; per
  word
    u8 bytes shared with the previous word of the block (0 for the first,
       so a block's first word is whole and binary search can compare it)
    u8 n, then the n remaining bytes of the word
    u8 m, then m phone bytes: bits 0-5 the phone's index in PHONES, bits 6-7
       its stress: 0 consonant, 1 unstressed, 2 primary, 3 secondary

A block ends where the next one starts (the last at the blob's end).
"""
import re
import struct
import sys

# The engine's ARPAbet inventory; the order is the phone index (lexicon.h).
PHONES = ("aa ae ah ao aw ay b ch d dh eh er ey f g hh ih iy jh k l m n ng "
          "ow oy p r s sh t th uh uw v w y z zh").split()
VOWELS = frozenset("aa ae ah ao aw ay eh er ey ih iy ow oy uh uw".split())
# Festival spellings that are not ARPAbet names.
ALIASES = {"ax": "ah"}

BLOCK = 32
MAX_PHONES = 32  # LEXICON_MAX_PHONES in lexicon.h
MAX_WORD = 255
VERSION = 1

ENTRY = re.compile(r'\("([^"\\]+)" ([A-Za-z_]+) \((.*)\)\)')
SYLLABLE = re.compile(r"\(\(([a-z]+(?: [a-z]+)*)\) ([012])\)")
WORD_CHARS = re.compile(r"[a-z']+")


class Malformed(Exception):
    pass


def parse_syllables(text):
    """[(phones, stress)] from "((r eh) 1) ((k er d) 0)", or Malformed."""
    syllables = []
    pos = 0
    while True:
        m = SYLLABLE.match(text, pos)
        if not m:
            raise Malformed("column %d is not a syllable ((phone ...) 0|1|2)" % pos)
        syllables.append((m.group(1).split(" "), int(m.group(2))))
        pos = m.end()
        if pos == len(text):
            return syllables
        if text[pos] != " ":
            raise Malformed("expected a space between syllables at column %d" % pos)
        pos += 1


def phones_of(syllables):
    """Phone bytes of one entry: index | stress code << 6."""
    out = []
    for names, stress in syllables:
        for name in names:
            name = ALIASES.get(name, name)
            if name not in PHONES:
                raise Malformed("unknown phone %r" % name)
            code = stress + 1 if name in VOWELS else 0
            out.append(PHONES.index(name) | code << 6)
    return bytes(out)


def read_entries(path):
    """{lowercased word: phone bytes}, first entry of each word, and the
    number of words skipped for their characters."""
    try:
        with open(path, "rb") as f:
            raw = f.read()
    except OSError as e:
        sys.exit("compile_lexicon: cannot read %s: %s (install festlex-cmu or set -Dcmudict)" % (path, e.strerror))
    try:
        text = raw.decode("ascii")
    except UnicodeDecodeError as e:
        sys.exit("compile_lexicon: %s: byte %d is not ASCII" % (path, e.start))
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()  # the final newline
    if not lines or lines[0] != "MNCL":
        sys.exit('compile_lexicon: %s:1: expected "MNCL", not a festival compiled lexicon' % path)
    entries = {}
    skipped = 0
    for number, line in enumerate(lines[1:], start=2):
        m = ENTRY.fullmatch(line)
        try:
            if not m:
                raise Malformed('not an entry ("word" pos (syllables))')
            syllables = parse_syllables(m.group(3))
            phones = phones_of(syllables)
            if len(phones) > MAX_PHONES:
                raise Malformed("%d phones, more than %d" % (len(phones), MAX_PHONES))
        except Malformed as e:
            sys.exit("compile_lexicon: %s:%d: %s: %s" % (path, number, e, line[:120]))
        word = m.group(1).lower()
        if not WORD_CHARS.fullmatch(word):
            skipped += 1
            continue
        if len(word) > MAX_WORD:
            sys.exit("compile_lexicon: %s:%d: word longer than %d bytes" % (path, number, MAX_WORD))
        entries.setdefault(word, phones)
    if not entries:
        sys.exit("compile_lexicon: %s: no entries" % path)
    return entries, skipped, len(lines) - 1


def shared_prefix(a, b):
    n = 0
    while n < len(a) and n < len(b) and a[n] == b[n]:
        n += 1
    return n


def build_blob(entries):
    words = sorted(w.encode("ascii") for w in entries)
    nblocks = (len(words) + BLOCK - 1) // BLOCK
    header = b"ILEX" + struct.pack("<BBBBII", VERSION, BLOCK, max(map(len, words)),
                                   max(map(len, entries.values())), len(words), nblocks)
    body = bytearray()
    offsets = []
    base = len(header) + 4 * nblocks
    for i, word in enumerate(words):
        if i % BLOCK == 0:
            offsets.append(base + len(body))
            shared = 0
        else:
            shared = shared_prefix(words[i - 1], word)
        phones = entries[word.decode("ascii")]
        body += bytes((shared, len(word) - shared)) + word[shared:] + bytes((len(phones),)) + phones
    return header + struct.pack("<%dI" % nblocks, *offsets) + bytes(body)


def write_c(path, blob, source):
    out = ["/* Generated by engine/tools/compile_lexicon.py from %s; do not edit. */" % source,
           '#include "lexicon.h"',
           "",
           "const char *const lexicon_data_phone_names[LEXICON_PHONE_COUNT] = {",
           "    " + ", ".join('"%s"' % p for p in PHONES) + ",",
           "};",
           "",
           "_Static_assert(%d == LEXICON_PHONE_COUNT, \"phone table\");" % len(PHONES),
           "_Static_assert(%d == LEXICON_MAX_PHONES, \"most phones in a word\");" % MAX_PHONES,
           "",
           "const size_t lexicon_data_blob_size = %d;" % len(blob),
           "",
           "/* One literal, longer than C's minimum limit that -Wpedantic warns of. */",
           "#pragma GCC diagnostic ignored \"-Woverlength-strings\"",
           "/* The implicit NUL is not part of the blob. */",
           "const unsigned char lexicon_data_blob[%d] =" % (len(blob) + 1)]
    for i in range(0, len(blob), 32):
        out.append('    "' + "".join("\\x%02x" % b for b in blob[i:i + 32]) + '"')
    out[-1] += ";"
    with open(path, "w", encoding="ascii") as f:
        f.write("\n".join(out) + "\n")


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: compile_lexicon.py CMUDICT_OUT OUTPUT_C")
    source, output = sys.argv[1], sys.argv[2]
    entries, skipped, total = read_entries(source)
    blob = build_blob(entries)
    write_c(output, blob, source)
    print("compile_lexicon: %d entries, %d words, %d later entries of a word dropped, "
          "%d skipped for characters outside [a-z'], %d-byte blob"
          % (total, len(entries), total - len(entries) - skipped, skipped, len(blob)), file=sys.stderr)


if __name__ == "__main__":
    main()
