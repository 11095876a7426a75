/* Text scanner: untrusted bytes in, clean words and breaks out.
 *
 * Copyright (C) 2026 The Inflect authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Input is any byte string of a given length (NULs included) that claims to
 * be UTF-8. The scanner walks it once, left to right, and hands out items:
 * word pieces (clean UTF-8 for espeak-ng, with the span of the whole word in
 * the input), punctuation breaks, and paragraph breaks. Every span is inside
 * the input and spans never go backwards. Work is linear in the input; the
 * scanner allocates nothing.
 *
 * What happens to characters:
 * - Invalid UTF-8 (overlong forms, surrogates, truncated or stray bytes, code
 *   points past U+10FFFF) becomes U+FFFD, which separates words like a space.
 * - NUL separates words like a space. Other control and format characters
 *   (C0/C1 controls, soft hyphen, zero width joiners, bidi marks, variation
 *   selectors) are removed without splitting the word around them.
 * - Markup-looking tags, `<` then a letter, `/`, `!` or `?` and a `>` within
 *   256 bytes with no `<` between, are read as a space: the text is never
 *   interpreted as SSML (espeak-ng's SSML mode is off) and tag names are not
 *   read aloud. `<break>` therefore gives no pause; a bare `<` or `>` stays.
 *   A placeholder or an address in brackets is no tag: a bare name that is
 *   no common HTML or SSML element and is closed nowhere after it
 *   ("<token>", "<your-api-key>"), or a word with `@` or `/` and no space
 *   ("<john@example.com>", "<path/to/file>"); its word is read and the
 *   brackets are spaces.
 * - Quotes, `*` `_` `` ` `` `~` `^` `|` `\`, emoji and pictographs, and (with
 *   TEXT_LATIN_ONLY) letters of non-Latin scripts read as a space: espeak-ng
 *   would otherwise spell them out letter by letter with another language's
 *   sounds; with TEXT_ENGLISH_NUMBERS, `~` before a number, `^` between
 *   letters or digits, `*` before or between numbers ("*67", "5*3",
 *   "2 * 3", "x * 2"), SQL's ("SELECT *", "COUNT(*)") and a masked
 *   number's ("***-**-1234", "**** 4242"), a program's spaced `||`, and
 *   `!` before `=` and an operand ("a != b", which ends no sentence) stay
 *   for the normaliser, and so do `→` and `->`, the point of ".NET" and the
 *   `:` between a host and its port ("localhost:3000"); one to six `#` at
 *   a line's start before a space (a Markdown heading) and a path's
 *   leading `./` and `../` read as a space.
 * - `,` `;` `:` and dashes (— – --) and brackets are clause breaks, except
 *   `,` and `:` between digits (1,000 and 10:30) and `-` inside a word or as
 *   a minus sign; `:` before `//` (https://); and with TEXT_ENGLISH_NUMBERS,
 *   an en dash (U+2013) between two digits (1990–1999), which stays in the
 *   word as a range, and the `(` of a North American area code before its
 *   local number ("(555) 123-4567", "(555)123-4567", the local number
 *   joined to no more digits), which stays in the word for the English
 *   normaliser to read the code digit by digit; its `)` is the pause after
 *   the code. `.` `!` `?` `…` end a sentence
 *   when the next word does not start with a lower-case letter. `.` between
 *   letters or digits stays in the word (3.50, e.g, U.S.A), and so does a
 *   decimal point before a digit after no letter, digit or `.` (.5, $.50,
 *   -.5; not the last dot of ...5); a word-final `.`
 *   stays in the word after a capital initial before a capital, before a
 *   lower-case word (etc. and), and after an abbreviation of
 *   abbreviations.h, which alone decides whether that period also ends the
 *   sentence (then a zero-length break follows the word). With
 *   TEXT_ENGLISH_NUMBERS, such a period or that of letters written with
 *   periods followed by a hyphen or an en dash set solid before a letter
 *   or digit ("Mon.-Fri.", "Jan.–Mar.", "9 a.m.–5 p.m.", "U.S.-led") never
 *   ends the sentence, and the dash is a word of its own ("-") for the
 *   normaliser to read between its neighbours.
 * - A blank line (two line breaks, U+2029 or a form feed) ends the sentence;
 *   a single line break is a space, so hard-wrapped prose reads as prose
 *   (with TEXT_LINE_ENDS_SENTENCE it ends the sentence too).
 * - Words longer than TEXT_PIECE_CHARS code points are cut into pieces of
 *   that size, and a run of more than TEXT_MAX_NUMBER_DIGITS digits is read
 *   digit by digit, one piece per digit, so espeak-ng never sees a token it
 *   would truncate or spend long on.
 */
#ifndef INFLECT_TEXT_H
#define INFLECT_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define TEXT_PIECE_CHARS 64
#define TEXT_PIECE_BYTES (TEXT_PIECE_CHARS * 4 + 1)
#define TEXT_MAX_NUMBER_DIGITS 15

/* Keep only Latin-script letters (for espeak voices of Latin-script languages). */
#define TEXT_LATIN_ONLY 1u
/* Every line break ends the sentence, as upstream's cleaner reads "\n" as
 * "." (the cmudict-arpabet frontend); otherwise only a blank line does. */
#define TEXT_LINE_ENDS_SENTENCE 2u
/* A run of marks reads as its last one ("?!" -> "!", "?..." -> "…"), as
 * upstream's cleaner has it; otherwise as its strongest (? > ! > … > .). */
#define TEXT_LAST_MARK_WINS 4u
/* Forms of numbers that the English normaliser reads, kept inside the word:
 * an en dash between two digits is a range ("1990–1999", read "to"), and
 * the "(" of an area code before its local number stays with the code
 * ("(555) 123-4567"). Otherwise both are clause breaks, as for a reader
 * that is given the word as written. */
#define TEXT_ENGLISH_NUMBERS 8u

typedef enum {
    TEXT_END,
    TEXT_WORD,      /* one piece of a word */
    TEXT_BREAK,     /* a run of punctuation */
    TEXT_PARAGRAPH  /* blank line */
} text_item_kind;

typedef struct {
    text_item_kind kind;
    size_t offset;       /* WORD: the whole word; BREAK: the punctuation run */
    size_t length;
    int symbol;          /* BREAK: SYMBOL_COMMA, _PERIOD, _QUESTION, _EXCLAMATION or _ELLIPSIS */
    bool sentence_end;   /* BREAK */
    char text[TEXT_PIECE_BYTES]; /* WORD: the piece, NUL-terminated, no spaces */
    size_t text_len;
} text_item;

typedef struct {
    const char *s;
    size_t len;
    size_t pos;
    uint32_t prev;       /* code point before pos (0 at the start) */
    unsigned flags;
    /* word being cut into pieces */
    size_t word_start, word_end;
    size_t piece_pos;
    uint32_t piece_prev;
    size_t digits_end;   /* end of the long digit run being read one by one */
    /* for abbreviations.h */
    bool sentence_start;      /* the next word starts a sentence */
    bool prev_name;           /* the last word was capitalised, not sentence-initial, and no break followed */
    bool prev_determiner;     /* the last word was one (abbr_is_determiner), and no break followed */
    bool prev_greeting;       /* the last word was one (abbr_is_greeting), and no sentence ended since */
    bool prev_day_word;       /* the last word was one (abbr_is_day_word), and no break followed */
    unsigned char prev_place; /* a place and a lone comma came last: abbr_context's after_place */
    bool abbr_ends_sentence;  /* the word being read ends with an abbreviation's sentence-ending period */
    /* Where a dash set solid after an abbreviation's period starts
     * ("Mon.-Fri.", "9 a.m.–5 p.m."): a word of its own, which the English
     * normaliser reads between its neighbours; SIZE_MAX when none */
    size_t joined_dash;
} text_scanner;

void text_scanner_init(text_scanner *sc, const char *s, size_t len, unsigned flags);

/* Next item; TEXT_END at the end, and again on every later call. */
void text_next(text_scanner *sc, text_item *item);

/* Decodes one code point at s[pos] (pos < len) into *cp, U+FFFD for an
 * invalid sequence, and returns the bytes consumed (at least 1). A
 * replacement consumes the longest prefix of a valid sequence, or one byte. */
size_t text_decode(const char *s, size_t len, size_t pos, uint32_t *cp);

#endif
