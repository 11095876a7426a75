/* Text scanner: untrusted bytes in, clean words and breaks out.
 *
 * Copyright (C) 2026 The Inflect authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Every character is classified from itself and its two neighbours only, so
 * a second pass over a word (to cut it into pieces) sees exactly what the
 * first pass saw, and nothing looks further than the next word.
 */
#include "text.h"

#include <string.h>

#include "abbreviations.h"
#include "symbols.h"
#include "units_en.h"

#define TAG_MAX_BYTES 256

/* Context-free character kinds; the K_CTX_* ones are settled by neighbours. */
typedef enum {
    K_IGNORE,
    K_SPACE,
    K_NEWLINE,
    K_PARAGRAPH,
    K_WORD,
    K_OTHER_SCRIPT, /* a letter that only non-Latin voices read */
    K_COMMA,
    K_PERIOD,
    K_QUESTION,
    K_EXCLAMATION,
    K_ELLIPSIS,
    K_CTX_DOT,        /* . */
    K_CTX_DIGIT_SEP,  /* , : */
    K_CTX_HYPHEN,     /* - and its Unicode twins */
    K_CTX_APOSTROPHE, /* ' ’ ‘ ʼ ´ */
    K_CTX_LESS,       /* < */
    K_CTX_MATH,       /* ~ ^ */
    K_CTX_MARK,       /* " ′ ″ */
    K_CTX_STAR        /* * */
} kind;

typedef enum { CH_IGNORE, CH_SPACE, CH_NEWLINE, CH_PARAGRAPH, CH_WORD, CH_PUNCT } ch_class;

typedef struct {
    ch_class cls;
    uint32_t cp;   /* as decoded, for the next character's context */
    uint32_t out;  /* CH_WORD: the character written into the piece */
    int symbol;    /* CH_PUNCT */
    size_t len;    /* bytes, a whole tag for a tag */
} ch;

size_t text_decode(const char *s, size_t len, size_t pos, uint32_t *cp)
{
    const unsigned char *p = (const unsigned char *)s + pos;
    size_t avail = len - pos;
    unsigned c = p[0];
    if (c < 0x80) {
        *cp = c;
        return 1;
    }
    size_t need;
    uint32_t v;
    /* The second byte's range also rules out overlong forms, surrogates and
     * values past U+10FFFF (RFC 3629 table). */
    unsigned lo = 0x80, hi = 0xBF;
    if (c >= 0xC2 && c <= 0xDF) {
        need = 1;
        v = c & 0x1F;
    } else if (c >= 0xE0 && c <= 0xEF) {
        need = 2;
        v = c & 0x0F;
        if (c == 0xE0)
            lo = 0xA0;
        if (c == 0xED)
            hi = 0x9F;
    } else if (c >= 0xF0 && c <= 0xF4) {
        need = 3;
        v = c & 0x07;
        if (c == 0xF0)
            lo = 0x90;
        if (c == 0xF4)
            hi = 0x8F;
    } else {
        *cp = 0xFFFD;
        return 1;
    }
    for (size_t i = 1; i <= need; i++) {
        if (i >= avail || p[i] < lo || p[i] > hi) {
            *cp = 0xFFFD;
            return i;
        }
        lo = 0x80;
        hi = 0xBF;
        v = (v << 6) | (p[i] & 0x3F);
    }
    *cp = v;
    return need + 1;
}

static kind ascii_kind(uint32_t c)
{
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
        return K_WORD;
    switch (c) {
    case ' ':
    case '\t':
        return K_SPACE;
    case '\n':
    case '\r':
    case '\v':
        return K_NEWLINE;
    case '\f':
        return K_PARAGRAPH;
    case '"':
        return K_CTX_MARK;
    case '*':
        return K_CTX_STAR;
    case '_':
    case '`':
    case '|':
    case '\\':
        return K_SPACE;
    case '(':
    case ')':
    case '[':
    case ']':
    case '{':
    case '}':
    case ';':
        return K_COMMA;
    case '!':
        return K_EXCLAMATION;
    case '?':
        return K_QUESTION;
    case '.':
        return K_CTX_DOT;
    case ',':
    case ':':
        return K_CTX_DIGIT_SEP;
    case '-':
        return K_CTX_HYPHEN;
    case '\'':
        return K_CTX_APOSTROPHE;
    case '<':
        return K_CTX_LESS;
    case '~':
    case '^':
        return K_CTX_MATH;
    default:
        break;
    }
    /* NUL separates words (a C string's end inside the text); other
     * controls are dropped without splitting the word. */
    if (c == 0)
        return K_SPACE;
    if (c < 0x20 || c == 0x7F)
        return K_IGNORE;
    /* $ % & + = / @ # > : espeak-ng reads these as words */
    return K_WORD;
}

static kind general_punctuation_kind(uint32_t c)
{
    if (c <= 0x200B || c == 0x202F || c == 0x205F)
        return K_SPACE;
    if (c <= 0x200F || (c >= 0x202A && c <= 0x202E) || c >= 0x2060)
        return K_IGNORE;
    switch (c) {
    case 0x2010:
    case 0x2011:
        return K_CTX_HYPHEN;
    case 0x2012:
    case 0x2013:
    case 0x2014:
    case 0x2015:
        return K_COMMA;
    case 0x2018:
    case 0x2019:
        return K_CTX_APOSTROPHE;
    case 0x2026:
        return K_ELLIPSIS;
    case 0x2028:
        return K_NEWLINE;
    case 0x2029:
        return K_PARAGRAPH;
    case 0x2030:
    case 0x2031:
        return K_WORD;
    case 0x2032:
    case 0x2033:
        return K_CTX_MARK;
    case 0x203C:
        return K_EXCLAMATION;
    case 0x2047:
    case 0x2048:
    case 0x2049:
        return K_QUESTION;
    default:
        return K_SPACE;
    }
}

static kind base_kind(uint32_t c)
{
    if (c < 0x80)
        return ascii_kind(c);
    if (c < 0xA0)
        return K_IGNORE;
    if (c < 0xC0) {
        switch (c) {
        case 0xA0: /* no-break space */
        case 0xA1: /* ¡ ¿ open a clause in Spanish; the clause break follows anyway */
        case 0xBF:
        case 0xAB: /* « » */
        case 0xBB:
        case 0xA8: /* bare diacritics */
        case 0xAF:
        case 0xB8:
            return K_SPACE;
        case 0xAD:
            return K_IGNORE;
        case 0xB4:
            return K_CTX_APOSTROPHE;
        default:
            return K_WORD; /* £ ° ½ © and friends */
        }
    }
    if (c < 0x2B0)
        return K_WORD; /* Latin-1 letters, Latin Extended-A/B, IPA */
    if (c == 0x2BC)
        return K_CTX_APOSTROPHE;
    if (c < 0x300)
        return K_SPACE;
    if (c < 0x370)
        return K_WORD; /* combining diacritics belong to their letter */
    if (c >= 0x1E00 && c <= 0x1EFF)
        return K_WORD;
    if (c < 0x2000)
        return K_OTHER_SCRIPT;
    if (c < 0x2070)
        return general_punctuation_kind(c);
    if (c == 0x2212)
        return K_CTX_HYPHEN;
    if (c < 0x20D0 || (c >= 0x2100 && c < 0x2190))
        return K_WORD; /* super/subscripts, currency, letterlike, number forms */
    if (c == 0x2192 || c == 0x2248 || c == 0x2260 || c == 0x2264 || c == 0x2265)
        return K_WORD; /* → ≈ ≠ ≤ ≥, which the normaliser reads like ± × ÷ */
    if (c < 0x2100)
        return K_IGNORE;
    if (c < 0x2C00)
        return K_SPACE; /* arrows, maths, technical, shapes, dingbats */
    if ((c >= 0x2C60 && c <= 0x2C7F) || (c >= 0xA720 && c <= 0xA7FF) || (c >= 0xAB30 && c <= 0xAB6F) ||
        (c >= 0xFB00 && c <= 0xFB06))
        return K_WORD;
    if (c >= 0x2E00 && c <= 0x2E7F)
        return K_SPACE;
    if (c == 0x3000)
        return K_SPACE;
    if (c == 0x3001)
        return K_COMMA;
    if (c == 0x3002)
        return K_PERIOD;
    if (c > 0x3002 && c <= 0x303F)
        return K_SPACE;
    if (c >= 0xE000 && c <= 0xF8FF)
        return K_SPACE; /* private use: nothing to read */
    if (c >= 0xFE00 && c <= 0xFE0F)
        return K_IGNORE;
    if (c >= 0xFE10 && c <= 0xFE6F)
        return K_SPACE;
    if (c == 0xFEFF)
        return K_IGNORE;
    if (c >= 0xFF00 && c <= 0xFF65) {
        switch (c) {
        case 0xFF01:
            return K_EXCLAMATION;
        case 0xFF0C:
        case 0xFF1A:
        case 0xFF1B:
            return K_COMMA;
        case 0xFF0E:
        case 0xFF61:
            return K_PERIOD;
        case 0xFF1F:
            return K_QUESTION;
        default:
            if ((c >= 0xFF10 && c <= 0xFF19) || (c >= 0xFF21 && c <= 0xFF3A) || (c >= 0xFF41 && c <= 0xFF5A))
                return K_WORD;
            return K_SPACE;
        }
    }
    if (c >= 0xFFF0 && c <= 0xFFFF)
        return K_SPACE; /* includes U+FFFD, the mark of a repaired sequence */
    if (c >= 0x1D400 && c <= 0x1D7FF)
        return K_SPACE; /* mathematical alphanumerics */
    if (c >= 0x1F000 && c <= 0x1FAFF)
        return K_SPACE; /* emoji, pictographs, playing cards */
    if ((c >= 0xE0000 && c <= 0xE007F) || (c >= 0xE0100 && c <= 0xE01EF))
        return K_IGNORE; /* tag characters of flag emoji, variation selectors */
    if (c >= 0xF0000)
        return K_SPACE;
    return K_OTHER_SCRIPT;
}

static bool is_digit(uint32_t c)
{
    return c >= '0' && c <= '9';
}

/* Letters and digits of any script: what may sit on both sides of a . , :
 * or - that belongs inside a word. */
static bool is_alnum(uint32_t c)
{
    if (c < 0x80)
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || is_digit(c);
    if (c < 0xC0 || c == 0xD7 || c == 0xF7 || (c >= 0x2000 && c < 0x2C00))
        return false;
    kind k = base_kind(c);
    return k == K_WORD || k == K_OTHER_SCRIPT;
}

static bool is_lower(uint32_t c)
{
    return (c >= 'a' && c <= 'z') || (c >= 0xDF && c <= 0xFF && c != 0xF7) ||
           (c >= 0x100 && c <= 0x17F && (c & 1)) || (c >= 0x3B1 && c <= 0x3C9) || (c >= 0x430 && c <= 0x45F);
}

static bool is_upper(uint32_t c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 0xC0 && c <= 0xDE && c != 0xD7) ||
           (c >= 0x100 && c <= 0x17F && !(c & 1)) || (c >= 0x391 && c <= 0x3A9) || (c >= 0x410 && c <= 0x42F);
}

static bool is_currency_sign(uint32_t c)
{
    return c == '$' || c == 0xA3 || c == 0x20AC || c == 0xA5;
}

static bool is_greek_letter(uint32_t c)
{
    return (c >= 0x391 && c <= 0x3A9) || (c >= 0x3B1 && c <= 0x3C9);
}

static uint32_t peek(const text_scanner *sc, size_t pos)
{
    uint32_t cp = 0;
    if (pos < sc->len)
        text_decode(sc->s, sc->len, pos, &cp);
    return cp;
}

static bool is_hyphen(uint32_t c)
{
    return c == '-' || c == 0x2010 || c == 0x2011 || c == 0x2212;
}

/* The elements of HTML and SSML that text may carry without a closing tag
 * after them; any other name in brackets is a tag only where its closing
 * tag follows (placeholder_length). */
static const char *const unclosed_elements[] = {
    "a",     "area",  "audio",   "b",     "base",   "br",      "break", "col",  "dd",    "div",   "dt",
    "em",    "embed", "font",    "h1",    "h2",     "h3",      "h4",    "h5",   "h6",    "hr",    "html",
    "i",     "img",   "input",   "li",    "link",   "mark",    "meta",  "option", "p",   "param", "phoneme",
    "prosody", "s",   "say-as",  "source", "span",  "speak",   "strong", "sub", "td",    "th",    "tr",
    "track", "u",     "voice",   "wbr",   "body",   "head",    "emphasis", "lexicon", "metadata", "sentence",
    "paragraph", "center", "small", "big", "code",  "pre",     "ul",    "ol",   "table", "title", "script", "style",
};

/* Whether the `n` bytes at s[i] are a closing tag's name, "</name>",
 * somewhere in the 512 bytes after `from`. */
static bool closing_tag_follows(const text_scanner *sc, size_t from, size_t i, size_t n)
{
    size_t end = from + 512 < sc->len ? from + 512 : sc->len;
    for (size_t k = from; k + n + 3 <= end; k++)
        if (sc->s[k] == '<' && sc->s[k + 1] == '/' && memcmp(sc->s + k + 2, sc->s + i, n) == 0 &&
            sc->s[k + n + 2] == '>')
            return true;
    return false;
}

/* Length of "<...>" at s[pos] when it is no tag but a placeholder of a
 * command or a template ("<token>", "<your-api-key>", "<path/to/file>")
 * or an address in brackets ("<john@example.com>", "<https://x.org>"),
 * which are read, the brackets saying nothing; else 0. No spaces inside
 * (a tag's attributes need them), no closing "/" at the end, a bare name
 * neither one of the elements above nor closed later, or else an "@" or
 * a "/" inside (not a caption's class, "<c.yellow>"). */
static size_t placeholder_length(const text_scanner *sc, size_t pos)
{
    unsigned char first = pos + 2 < sc->len ? (unsigned char)sc->s[pos + 1] | 0x20 : 0;
    if (first < 'a' || first > 'z')
        return 0;
    size_t i = pos + 1, end = pos + 128 < sc->len ? pos + 128 : sc->len;
    bool name = true, address = false;
    for (; i < end && sc->s[i] != '>'; i++) {
        unsigned char c = (unsigned char)sc->s[i];
        if (!(is_alnum(c) || strchr("_-./@:+%=?&#~", c)) || c == 0)
            return 0;
        name = name && (is_alnum(c) || c == '_' || c == '-');
        address = address || c == '@' || c == '/';
    }
    if (i >= end || sc->s[i - 1] == '/' || !(name || address))
        return 0; /* nor a caption's class, "<c.yellow>" */
    size_t n = i - pos - 1;
    if (name) {
        char lower[16];
        for (size_t k = 0; k < n && k < sizeof lower - 1; k++)
            lower[k] = (char)(sc->s[pos + 1 + k] | 0x20);
        lower[n < sizeof lower - 1 ? n : sizeof lower - 1] = '\0';
        for (size_t k = 0; n < sizeof lower && k < sizeof unclosed_elements / sizeof *unclosed_elements; k++)
            if (strcmp(lower, unclosed_elements[k]) == 0)
                return 0;
        if (closing_tag_follows(sc, i + 1, pos + 1, n))
            return 0;
    }
    return n + 2;
}

/* Whether the '>' at pos closes a placeholder (placeholder_length). */
static bool closes_placeholder(const text_scanner *sc, size_t pos)
{
    for (size_t lt = pos; lt > 0 && pos - lt < 128;) {
        lt--;
        if (sc->s[lt] == '<')
            return placeholder_length(sc, lt) == pos - lt + 1;
        if (sc->s[lt] == ' ' || sc->s[lt] == '>')
            return false;
    }
    return false;
}

/* Length of the tag starting at `<` s[pos], or 0 when it does not look like one. */
static size_t tag_length(const text_scanner *sc, size_t pos)
{
    if (pos + 1 >= sc->len)
        return 0;
    unsigned char c = (unsigned char)sc->s[pos + 1];
    bool opener = ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') || c == '/' || c == '!' || c == '?';
    if (!opener)
        return 0;
    size_t end = pos + TAG_MAX_BYTES < sc->len ? pos + TAG_MAX_BYTES : sc->len;
    /* Stopping at the next `<` keeps a text full of `<` linear. */
    for (size_t i = pos + 1; i < end; i++) {
        if (sc->s[i] == '>')
            return i + 1 - pos;
        if (sc->s[i] == '<')
            return 0;
    }
    return 0;
}

/* Whether a number starts at s[pos]: a digit, or a decimal point and a
 * digit (.5). */
static bool number_at(const text_scanner *sc, size_t pos)
{
    uint32_t c = peek(sc, pos);
    return is_digit(c) || (c == '.' && is_digit(peek(sc, pos + 1)));
}

/* An amount at pos: a number, perhaps after a currency sign. */
static bool amount_at(const text_scanner *sc, size_t pos)
{
    uint32_t c = peek(sc, pos);
    return number_at(sc, pos) || (is_currency_sign(c) && number_at(sc, pos + 1 + (c > 0x7F) + (c > 0x7FF)));
}

/* Whether the text before pos ends with an amount: digits, perhaps
 * followed by a percent sign, a degree sign and its C or F, or am/pm
 * ("10", "5%", "20°C", "9am", "5 p.m." is two words). Other letters after
 * the digits ("1990s", "5B") leave the dash a clause break. */
static bool amount_before(const text_scanner *sc, size_t pos)
{
    size_t p = pos;
    unsigned char last = p > 0 ? (unsigned char)sc->s[p - 1] : 0;
    unsigned char second = p > 1 ? (unsigned char)sc->s[p - 2] : 0;
    if (last == '%') {
        p--;
    } else if ((last | 0x20) == 'm' && ((second | 0x20) == 'a' || (second | 0x20) == 'p')) {
        p -= 2;
    } else {
        if ((last | 0x20) == 'c' || (last | 0x20) == 'f')
            p--;
        if (p >= 2 && (unsigned char)sc->s[p - 1] == 0xB0 && (unsigned char)sc->s[p - 2] == 0xC2)
            p -= 2; /* ° */
        else if (p != pos)
            return false;
    }
    return p > 0 && is_digit((unsigned char)sc->s[p - 1]);
}

/* n ASCII digits at s[pos]. */
static bool digits_at(const text_scanner *sc, size_t pos, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (pos + i >= sc->len || !is_digit((unsigned char)sc->s[pos + i]))
            return false;
    return true;
}

/* Whether the "(" at s[pos] opens a North American area code before its
 * local number, "(555) 123-4567" or "(555)123-4567", nothing joined after:
 * the English normaliser reads the code digit by digit, as the rest. */
static bool area_code_at(const text_scanner *sc, size_t pos)
{
    if (!digits_at(sc, pos + 1, 3) || peek(sc, pos + 4) != ')')
        return false;
    size_t p = pos + 5 + (peek(sc, pos + 5) == ' ');
    uint32_t sep = peek(sc, p + 3), after = peek(sc, p + 8);
    return digits_at(sc, p, 3) && (sep == '-' || sep == '.') && digits_at(sc, p + 4, 4) && !is_digit(after) &&
           !((after == '-' || after == '.') && is_digit(peek(sc, p + 9)));
}

static bool ascii_letter(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* A word of two or more ASCII letters, the first a capital, ends at pos
 * ("London" in "London–Paris"). */
static bool capital_word_ends(const text_scanner *sc, size_t pos)
{
    size_t start = pos;
    while (start > 0 && ascii_letter((unsigned char)sc->s[start - 1]))
        start--;
    return pos - start >= 2 && sc->s[start] >= 'A' && sc->s[start] <= 'Z' &&
           !(start > 0 && is_digit((unsigned char)sc->s[start - 1]));
}

/* Such a word starts at pos ("Paris"). */
static bool capital_word_starts(const text_scanner *sc, size_t pos)
{
    size_t end = pos;
    while (end < sc->len && ascii_letter((unsigned char)sc->s[end]))
        end++;
    return end - pos >= 2 && sc->s[pos] >= 'A' && sc->s[pos] <= 'Z' &&
           !(end < sc->len && is_digit((unsigned char)sc->s[end]));
}

/* Whether the text before pos, spaces left out, is a time with am or pm
 * ("9 am", "9:00 a.m.", "9am": after digits, not the verb of "I am" or
 * the PM of "the PM"), and the text after pos + len, spaces left out, is a
 * time: digits with minutes, or with am or pm after them ("5:00", "5 pm",
 * "5pm"; not a score's "2:1"). The dash set between them with spaces is
 * "to" ("9 am – 5 pm": the scanner makes it a word the normaliser reads
 * so). */
static bool between_times(const text_scanner *sc, size_t pos, size_t len)
{
    size_t end = pos, after = pos + len;
    while (end > 0 && sc->s[end - 1] == ' ')
        end--;
    while (after < sc->len && sc->s[after] == ' ')
        after++;
    if (end == pos || after == pos + len)
        return false;
    size_t k = after;
    while (k < sc->len && is_digit((unsigned char)sc->s[k]))
        k++;
    if (k == after)
        return false;
    if (k < sc->len && sc->s[k] == ':') {
        if (!digits_at(sc, k + 1, 2) || (k + 3 < sc->len && is_digit((unsigned char)sc->s[k + 3])))
            return false;
    } else {
        while (k < sc->len && sc->s[k] == ' ')
            k++;
        if (k + 1 >= sc->len || ((sc->s[k] | 0x20) != 'a' && (sc->s[k] | 0x20) != 'p'))
            return false;
        bool dotted = sc->s[k + 1] == '.' && k + 2 < sc->len && (sc->s[k + 2] | 0x20) == 'm';
        bool plain = (sc->s[k + 1] | 0x20) == 'm' && !(k + 2 < sc->len && ascii_letter((unsigned char)sc->s[k + 2]));
        if (!dotted && !plain)
            return false;
    }
    /* the word before, back to its start: a time with am or pm is short,
     * so a word longer than 16 bytes is none, and is not read through */
    size_t start = end;
    while (start > 0 && sc->s[start - 1] != ' ' && end - start < 16)
        start--;
    if (start > 0 && sc->s[start - 1] != ' ')
        return false;
    char w[12]; /* the word without its points, in small letters */
    size_t n = 0;
    for (size_t i = start; i < end; i++) {
        if (sc->s[i] == '.')
            continue;
        if (n == sizeof w)
            return false;
        w[n++] = (char)(sc->s[i] | 0x20);
    }
    if (n < 2 || (w[n - 2] != 'a' && w[n - 2] != 'p') || w[n - 1] != 'm')
        return false;
    if (n > 2)
        return is_digit((unsigned char)w[n - 3]);
    /* "am" alone: a time's only after digits ("9 am", "9:00 AM") */
    size_t before = start;
    while (before > 0 && sc->s[before - 1] == ' ')
        before--;
    return before < start && before > 0 && is_digit((unsigned char)sc->s[before - 1]);
}

/* "9 a.m. – 5 p.m.", "9 A.M. - 5 P.M.": after the point at pos - 1, spaces
 * and a dash between two times (between_times), past which the range goes
 * on. */
static bool spaced_dash_to_time(const text_scanner *sc, size_t pos)
{
    size_t dash = pos;
    while (dash < sc->len && sc->s[dash] == ' ')
        dash++;
    if (dash == pos || dash >= sc->len)
        return false;
    uint32_t c;
    size_t len = text_decode(sc->s, sc->len, dash, &c);
    return (c == '-' || c == 0x2013) && between_times(sc, dash, len);
}

/* Whether the '"' at i opens a quotation: nothing of a word stands right
 * before it (the paragraph's start, a space, a bracket, punctuation such as
 * ':' '=' ',', a no-break space or a dash), where a closing quote or an inch
 * mark follows a letter or a digit. Bytes of other letters count as a word. */
static bool opens_quote(const text_scanner *sc, size_t i, size_t start)
{
    if (i == start)
        return true;
    unsigned char before = (unsigned char)sc->s[i - 1];
    if (before < 0x80)
        return !is_alnum(before);
    /* U+00A0, and U+2013 U+2014 (en and em dash) */
    return (before == 0xA0 && i >= start + 2 && (unsigned char)sc->s[i - 2] == 0xC2) ||
           ((before == 0x93 || before == 0x94) && i >= start + 3 && (unsigned char)sc->s[i - 2] == 0x80 &&
            (unsigned char)sc->s[i - 3] == 0xE2);
}

/* Whether a '"' at pos closes a quotation: one opened (opens_quote) in its
 * paragraph, which a caption's lines or wrapped prose may split, and was
 * not closed since; a '"' after a number in no quotation closed none ("a
 * 12"x18" poster"). Only the last 512 bytes are looked at, so that a huge
 * paragraph costs no more per mark. */
static bool closes_quote(const text_scanner *sc, size_t pos)
{
    size_t start = pos;
    while (start > 0 && pos - start < 512 && !(sc->s[start - 1] == '\n' && start >= 2 && sc->s[start - 2] == '\n'))
        start--;
    bool open = false;
    for (size_t i = start; i < pos; i++)
        if (sc->s[i] == '"')
            open = opens_quote(sc, i, start);
    return open;
}

/* Whether the ASCII letters at s[i] are one of the n words, whole: the
 * word ends at *end. */
static bool word_among(const text_scanner *sc, size_t i, const char *const *words, size_t n, size_t *end)
{
    size_t e = i;
    while (e < sc->len && ascii_letter((unsigned char)sc->s[e]))
        e++;
    *end = e;
    for (size_t k = 0; k < n; k++)
        if (strlen(words[k]) == e - i && memcmp(sc->s + i, words[k], e - i) == 0)
            return true;
    return false;
}

/* Whether the apostrophe at pos, after a number, is a mark of feet: a
 * word of size follows it ("6' tall", "a 10' long pole"), or inches do
 * ("6' 2""), or it is one of two measures joined by an "x" ("6' x 8'",
 * "12'x14'"), and no quotation mark stands before the number, where the
 * apostrophe would close a quotation ("he scored '6' long ago"). */
static bool feet_mark(const text_scanner *sc, size_t pos, size_t len)
{
    static const char *const words[] = {"tall", "long", "wide", "high", "deep", "thick", "even", "x"};
    size_t b = pos;
    while (b > 0 && (is_digit((unsigned char)sc->s[b - 1]) || sc->s[b - 1] == '.'))
        b--;
    if (b > 0 && (sc->s[b - 1] == '\'' || (b >= 3 && memcmp(sc->s + b - 3, "\xE2\x80\x98", 3) == 0)))
        return false;
    if ((b >= 3 && memcmp(sc->s + b - 3, " x ", 3) == 0) || (b >= 2 && memcmp(sc->s + b - 2, "'x", 2) == 0))
        return true; /* the second of "6' x 8'" or "12'x14'" */
    size_t i = pos + len, end;
    while (i < sc->len && sc->s[i] == ' ')
        i++;
    if (i == pos + len)
        return false;
    for (end = i; end < sc->len && is_digit((unsigned char)sc->s[end]); end++)
        ;
    if (end > i)
        return end - i <= 2 && (peek(sc, end) == '"' || peek(sc, end) == 0x2033);
    return word_among(sc, i, words, sizeof words / sizeof *words, &end) && !is_alnum(peek(sc, end));
}

/* Whether the "#" at pos is one of a Markdown heading's marks: one to six
 * at the start of a line, then a space ("## Installation"), and not the
 * number sign of "# of guests" or "# 1 priority". Reads 7 bytes each way
 * at most, so that a run of them costs no more per mark. */
static bool heading_mark(const text_scanner *sc, size_t pos)
{
    size_t start = pos, end = pos;
    while (start > 0 && pos - start < 7 && sc->s[start - 1] == '#')
        start--;
    while (end < sc->len && end - start < 7 && sc->s[end] == '#')
        end++;
    if ((start > 0 && sc->s[start - 1] != '\n') || end - start > 6 || peek(sc, end) != ' ' ||
        is_digit(peek(sc, end + 1)))
        return false;
    return !(end + 3 <= sc->len && memcmp(sc->s + end + 1, "of", 2) == 0 && !is_alnum(peek(sc, end + 3)));
}

/* Whether the ':' at pos joins a host and its port: "localhost:3000",
 * "example.com:8080/app" (a name with a dot in it, or localhost, before
 * it, looked for over 256 bytes at most; up to five digits after it, then
 * no letter). */
static bool port_follows_host(const text_scanner *sc, size_t pos)
{
    size_t start = pos, end = pos + 1;
    bool dot = false;
    while (start > 0 && pos - start < 256 &&
           (is_alnum((unsigned char)sc->s[start - 1]) || sc->s[start - 1] == '.' || sc->s[start - 1] == '-' ||
            sc->s[start - 1] == '/')) {
        start--;
        dot = dot || sc->s[start] == '.';
    }
    while (end < sc->len && is_digit((unsigned char)sc->s[end]))
        end++;
    bool localhost = pos - start >= 9 && memcmp(sc->s + pos - 9, "localhost", 9) == 0 &&
                     (pos - start == 9 || sc->s[pos - 10] == '/');
    return (dot || localhost) && end - pos - 1 <= 5 && !is_alnum(peek(sc, end));
}

/* Whether the '*' at pos masks digits: one of three or more stars, in
 * groups of two or more joined by hyphens or single spaces, that four
 * digits follow ("***-**-1234", "**** **** 4242", "****4242"), after no
 * letter or digit; set apart by a space, the digits need two groups
 * before them (a censored word, "a **** 2020", and a scene break's "* * *"
 * are none). Looked for over 64 bytes each way at most. */
static bool mask_star(const text_scanner *sc, size_t pos)
{
    size_t start = pos, end = pos, stars = 0, groups = 0, short_group = 0, run = 0;
    while (start > 0 && pos - start < 64 &&
           (sc->s[start - 1] == '*' || sc->s[start - 1] == '-' ||
            (sc->s[start - 1] == ' ' && start >= 2 && sc->s[start - 2] == '*')))
        start--;
    while (end < sc->len && end - pos < 64 &&
           (sc->s[end] == '*' || (sc->s[end] == '-' && peek(sc, end + 1) != ' ') ||
            (sc->s[end] == ' ' && end > 0 && sc->s[end - 1] == '*' && (peek(sc, end + 1) == '*' ||
                                                                      is_digit(peek(sc, end + 1))))))
        end++;
    for (size_t i = start; i < end; i++) {
        if (sc->s[i] == '*') {
            stars++;
            run++;
        } else {
            short_group += run == 1;
            groups += run > 0;
            run = 0;
        }
    }
    short_group += run == 1;
    groups += run > 0;
    size_t digits = end;
    while (digits < sc->len && digits - end < 5 && is_digit((unsigned char)sc->s[digits]))
        digits++;
    return stars >= 3 && !short_group && digits - end == 4 && !is_alnum(peek(sc, digits)) &&
           (sc->s[end - 1] != ' ' || groups >= 2) && (start == 0 || !is_alnum((unsigned char)sc->s[start - 1]));
}

/* Whether a letter standing alone ends at pos: "x" in "x * 2". */
static bool single_letter_before(const text_scanner *sc, size_t pos)
{
    return pos >= 1 && ascii_letter((unsigned char)sc->s[pos - 1]) &&
           (pos == 1 || !is_alnum((unsigned char)sc->s[pos - 2]));
}

/* Whether the word before the space before pos is SQL's "select", in
 * any case. */
static bool after_select(const text_scanner *sc, size_t pos)
{
    if (pos < 7 || (pos > 7 && is_alnum((unsigned char)sc->s[pos - 8])))
        return false;
    for (size_t i = 0; i < 6; i++)
        if ((sc->s[pos - 7 + i] | 0x20) != "select"[i])
            return false;
    return true;
}

/* Whether the "!" at pos and the "=" signs after it are a program's "not
 * equal": spaced on both sides ("a != b") or on neither, with an operand
 * after them ("x!==y", "count!=0"); not an exclamation before a chat's
 * face ("Thanks!=D", "OMG!=O", "it!=3", "Wow!=)") nor before a space
 * after a word ("I won!= I really won"). */
static bool not_equal_at(const text_scanner *sc, size_t pos)
{
    size_t e = pos + 1;
    while (peek(sc, e) == '=')
        e++;
    uint32_t c = peek(sc, e), before = pos > 0 ? (unsigned char)sc->s[pos - 1] : ' ';
    if (before == ' ')
        return c == ' ';
    bool face = c < 0x80 && c != 0 && strchr("DOPp3", (int)c) && !is_alnum(peek(sc, e + 1));
    return is_alnum(c) && !face;
}

static void punct(ch *c, int symbol)
{
    c->cls = CH_PUNCT;
    c->symbol = symbol;
}

static void classify(const text_scanner *sc, size_t pos, uint32_t prev, ch *c)
{
    c->len = text_decode(sc->s, sc->len, pos, &c->cp);
    c->out = c->cp;
    c->symbol = 0;
    uint32_t next;
    switch (base_kind(c->cp)) {
    case K_IGNORE:
        c->cls = CH_IGNORE;
        break;
    case K_SPACE:
        /* a program's "a || b", spaced, for the English normaliser ("or");
         * a Markdown table's bars say nothing */
        c->cls = c->cp == '|' && (sc->flags & TEXT_ENGLISH_NUMBERS) &&
                         ((peek(sc, pos + 1) == '|' && pos > 0 && sc->s[pos - 1] == ' ' && peek(sc, pos + 2) == ' ') ||
                          (prev == '|' && pos > 1 && sc->s[pos - 2] == ' ' && peek(sc, pos + 1) == ' '))
                     ? CH_WORD
                     : CH_SPACE;
        break;
    case K_NEWLINE:
        /* CR LF is one line break */
        c->cls = c->cp == '\r' && peek(sc, pos + 1) == '\n' ? CH_IGNORE : CH_NEWLINE;
        break;
    case K_PARAGRAPH:
        c->cls = CH_PARAGRAPH;
        break;
    case K_WORD:
        c->cls = (c->cp == '#' && heading_mark(sc, pos)) || (c->cp == '>' && closes_placeholder(sc, pos)) ? CH_SPACE
                                                                                                      : CH_WORD;
        break;
    case K_OTHER_SCRIPT:
        /* A Greek letter on its own (α, Δx, 2π) is a symbol a Latin voice
         * reads by name; a run of them is Greek text, which it cannot. */
        c->cls = !(sc->flags & TEXT_LATIN_ONLY) ||
                         (is_greek_letter(c->cp) && !is_greek_letter(prev) &&
                          !is_greek_letter(peek(sc, pos + c->len)))
                     ? CH_WORD
                     : CH_SPACE;
        break;
    case K_COMMA:
        if (c->cp == 0x2013 && (sc->flags & TEXT_ENGLISH_NUMBERS) && amount_before(sc, pos) &&
            amount_at(sc, pos + c->len))
            c->cls = CH_WORD; /* 1990–1999, 9am–5pm, $5–$10: a range the normaliser reads */
        else if (c->cp == 0x2013 && pos == sc->joined_dash) {
            c->cls = CH_WORD; /* "Jan.–Mar.": a word of its own (scan_word) */
            c->out = '-';
        } else if (c->cp == 0x2013 && (sc->flags & TEXT_ENGLISH_NUMBERS) && capital_word_ends(sc, pos) &&
                 capital_word_starts(sc, pos + c->len)) {
            /* Set solid between capitalised words, an en dash joins names
             * as a hyphen would ("Sat–Sun", "the London–Paris train");
             * between small words it may be a dash set solid ("said–and
             * I quote–no"), and single letters keep their reading ("A–C"). */
            c->cls = CH_WORD;
            c->out = '-';
        }
        else if (c->cp == 0x2013 && (sc->flags & TEXT_ENGLISH_NUMBERS) && between_times(sc, pos, c->len)) {
            c->cls = CH_WORD; /* "9 am – 5 pm": a word of its own, "to" */
            c->out = '-';
        }
        else if (c->cp == '(' && (sc->flags & TEXT_ENGLISH_NUMBERS) && !is_alnum(prev) && area_code_at(sc, pos))
            c->cls = CH_WORD; /* (555) 123-4567: its ")" is the pause after the code */
        else
            punct(c, SYMBOL_COMMA);
        break;
    case K_PERIOD:
        punct(c, SYMBOL_PERIOD);
        break;
    case K_QUESTION:
        punct(c, SYMBOL_QUESTION);
        break;
    case K_EXCLAMATION:
        /* "a != b", "x!==y": a program's "not equal", for the English
         * normaliser; not the end of a sentence */
        if ((sc->flags & TEXT_ENGLISH_NUMBERS) && c->cp == '!' && peek(sc, pos + 1) == '=' && not_equal_at(sc, pos))
            c->cls = CH_WORD;
        else
            punct(c, SYMBOL_EXCLAMATION);
        break;
    case K_ELLIPSIS:
        punct(c, SYMBOL_ELLIPSIS);
        break;
    case K_CTX_DOT:
        next = peek(sc, pos + c->len);
        if (is_alnum(prev) && is_alnum(next))
            c->cls = CH_WORD;
        else if (!is_alnum(prev) && prev != '.' && is_digit(next))
            c->cls = CH_WORD; /* a leading decimal point, .5 $.50 -.5; not the last dot of ...5 */
        else if ((sc->flags & TEXT_ENGLISH_NUMBERS) && !is_alnum(prev) && next == 'N' && pos + 4 <= sc->len &&
                 memcmp(sc->s + pos + 1, "NET", 3) == 0 && !is_alnum(peek(sc, pos + 4)))
            c->cls = CH_WORD; /* Microsoft's ".NET", which the normaliser reads "dot net" */
        else if (!is_alnum(prev) && (next == '/' || (next == '.' && peek(sc, pos + 2) == '/')))
            c->cls = CH_SPACE; /* a path's "./configure", "../lib": no sentence ends there */
        else
            punct(c, SYMBOL_PERIOD);
        break;
    case K_CTX_DIGIT_SEP:
        /* 10:30, 1,000, and the "://" of a web address */
        next = peek(sc, pos + c->len);
        if ((is_digit(prev) && is_digit(next)) ||
            (c->cp == ':' && is_alnum(prev) && next == '/' && peek(sc, pos + 2) == '/') ||
            ((sc->flags & TEXT_ENGLISH_NUMBERS) && c->cp == ':' && is_alnum(prev) && is_digit(next) &&
             port_follows_host(sc, pos)))
            c->cls = CH_WORD;
        else
            punct(c, SYMBOL_COMMA);
        break;
    case K_CTX_HYPHEN:
        next = peek(sc, pos + c->len);
        c->out = '-';
        if ((is_alnum(prev) && is_alnum(next)) || pos == sc->joined_dash)
            c->cls = CH_WORD;
        else if ((sc->flags & TEXT_ENGLISH_NUMBERS) && prev == '/' && pos >= 2 && sc->s[pos - 2] == '+')
            c->cls = CH_WORD; /* "+/- 3": plus or minus, for the English normaliser */
        else if ((sc->flags & TEXT_ENGLISH_NUMBERS) && is_currency_sign(next) && amount_before(sc, pos) &&
                 amount_at(sc, pos + c->len))
            c->cls = CH_WORD; /* $200-$300: a range the normaliser reads */
        else if ((sc->flags & TEXT_ENGLISH_NUMBERS) && prev == '*' && next == '*' && mask_star(sc, pos - 1))
            c->cls = CH_WORD; /* between a masked number's groups, "***-**-1234" */
        else if ((sc->flags & TEXT_ENGLISH_NUMBERS) && c->cp == '-' && next == '>' && !is_hyphen(prev))
            c->cls = CH_WORD; /* an arrow, "A -> B", "5->7": the normaliser's "to" */
        else if (is_hyphen(prev) || is_hyphen(next))
            punct(c, SYMBOL_COMMA); /* -- as a dash */
        else if (!is_alnum(prev) && (number_at(sc, pos + c->len) || (is_currency_sign(next) && number_at(sc, pos + c->len + 1 + (next > 0x7F) + (next > 0x7FF)))))
            c->cls = CH_WORD; /* minus sign, -5, -.5 and -$5 */
        else if ((sc->flags & TEXT_ENGLISH_NUMBERS) && between_times(sc, pos, c->len))
            c->cls = CH_WORD; /* "9 am - 5 pm": a word of its own, "to" */
        else
            c->cls = CH_SPACE;
        break;
    case K_CTX_APOSTROPHE:
        /* don't, 'em, '90s keep it, and feet before a word of size after a
         * number ("6' tall", for the English normaliser); a closing quote
         * reads as nothing */
        c->out = '\'';
        c->cls = is_alnum(peek(sc, pos + c->len)) ||
                         ((sc->flags & TEXT_ENGLISH_NUMBERS) && is_digit(prev) && feet_mark(sc, pos, c->len))
                     ? CH_WORD
                     : CH_SPACE;
        break;
    case K_CTX_MATH:
        /* "~50" (about fifty) and "x^2" for the English normaliser; else,
         * like Markdown's ~~ and ^, nothing */
        next = peek(sc, pos + c->len);
        c->cls = (sc->flags & TEXT_ENGLISH_NUMBERS) &&
                         (c->cp == '~' ? !is_alnum(prev) && number_at(sc, pos + 1)
                                       : is_alnum(prev) && (is_alnum(next) || (next == '-' && number_at(sc, pos + 2))))
                     ? CH_WORD
                     : CH_SPACE;
        break;
    case K_CTX_MARK:
        /* 65" and 6′2″: inches or feet right after a number, for the English
         * normaliser, followed by no letter or digit ("12"x18"" and the
         * inches after a prime may go on), where a '"' closes no quotation
         * ("she said "65""); else a quotation mark or a prime on its own,
         * which reads as nothing. */
        next = peek(sc, pos + c->len);
        c->cls = (sc->flags & TEXT_ENGLISH_NUMBERS) && is_digit(prev) &&
                         (!is_alnum(next) || (next == 'x' && is_digit(peek(sc, pos + c->len + 1))) ||
                          (c->cp == 0x2032 && is_digit(next))) &&
                         (c->cp != '"' || !closes_quote(sc, pos))
                     ? CH_WORD
                     : CH_SPACE;
        break;
    case K_CTX_STAR:
        /* "5*3", "2 * 3", "x * 2" (times), a program's power "2**10" and a
         * telephone's "*67" for the English normaliser, between or before
         * numbers, SQL's "SELECT * FROM", "COUNT(*)" (star), and a masked
         * number's ("***-**-1234", "**** 4242"); else
         * emphasis, a bullet or a footnote's mark, which read as nothing */
        next = peek(sc, pos + c->len);
        c->cls = (sc->flags & TEXT_ENGLISH_NUMBERS) &&
                         ((is_digit(prev) &&
                           (number_at(sc, pos + 1) || (next == '-' && number_at(sc, pos + 2)) ||
                            (next == '*' && (number_at(sc, pos + 2) ||
                                             (peek(sc, pos + 2) == '-' && number_at(sc, pos + 3)))))) ||
                          (prev == '*' && pos >= 2 && is_digit((unsigned char)sc->s[pos - 2]) && next == '-' &&
                           number_at(sc, pos + 2)) ||
                          (!is_alnum(prev) && is_digit(next)) ||
                          (prev == ' ' && next == ' ' && pos >= 2 &&
                           (is_digit((unsigned char)sc->s[pos - 2]) || single_letter_before(sc, pos - 1) ||
                            sc->s[pos - 2] == ')') &&
                           (number_at(sc, pos + 2) || (peek(sc, pos + 2) == '-' && number_at(sc, pos + 3)))) ||
                          (prev == '(' && next == ')' && pos >= 2 && is_alnum((unsigned char)sc->s[pos - 2])) ||
                          (prev == ' ' && next == ' ' && after_select(sc, pos)) ||
                          mask_star(sc, pos))
                     ? CH_WORD
                     : CH_SPACE;
        break;
    case K_CTX_LESS: {
        bool placeholder = placeholder_length(sc, pos) != 0;
        size_t n = placeholder ? 0 : tag_length(sc, pos);
        if (placeholder) {
            c->cls = CH_SPACE; /* the word inside is read, and its '>' is a space too */
        } else if (n) {
            c->cls = CH_SPACE;
            c->len = n;
            c->cp = '>';
        } else {
            c->cls = CH_WORD;
        }
        break;
    }
    }
}

void text_scanner_init(text_scanner *sc, const char *s, size_t len, unsigned flags)
{
    memset(sc, 0, sizeof *sc);
    sc->sentence_start = true;
    sc->joined_dash = SIZE_MAX;
    sc->s = s;
    sc->len = s ? len : 0;
    sc->flags = flags;
}

/* Whether a year (four digits from 1000 to 2999, no digit or letter after
 * them) follows pos after spaces: for abbreviations.h, "b. 1820". */
static bool year_follows(const text_scanner *sc, size_t pos)
{
    while (pos < sc->len && (sc->s[pos] == ' ' || sc->s[pos] == '\t'))
        pos++;
    if (pos + 4 > sc->len || (sc->s[pos] != '1' && sc->s[pos] != '2'))
        return false;
    for (size_t i = 1; i < 4; i++)
        if (!is_digit((unsigned char)sc->s[pos + i]))
            return false;
    return !is_alnum(peek(sc, pos + 4));
}

/* Whether a chapter and verse follows pos after spaces: digits, ':' and a
 * verse ("Ps. 23:1-6"); never verse 0 nor before am or pm, which make it a
 * clock's ("Sam. 5:00", "Gen. 2:30 pm"). */
static bool verse_follows(const text_scanner *sc, size_t pos)
{
    while (pos < sc->len && (sc->s[pos] == ' ' || sc->s[pos] == '\t'))
        pos++;
    size_t digits = pos;
    while (pos < sc->len && is_digit((unsigned char)sc->s[pos]))
        pos++;
    if (pos == digits || pos - digits > 3 || pos + 1 >= sc->len || sc->s[pos] != ':')
        return false;
    size_t verse = ++pos;
    unsigned value = 0;
    while (pos < sc->len && is_digit((unsigned char)sc->s[pos]))
        value = value * 10 + (unsigned)(sc->s[pos++] - '0');
    if (pos == verse || value == 0)
        return false;
    while (pos < sc->len && (sc->s[pos] == ' ' || sc->s[pos] == '\t'))
        pos++;
    char c = pos < sc->len ? (char)(sc->s[pos] | 0x20) : 0;
    size_t m = pos + 1 + (pos + 1 < sc->len && sc->s[pos + 1] == '.');
    return !((c == 'a' || c == 'p') && m < sc->len && (sc->s[m] | 0x20) == 'm' && !is_alnum(peek(sc, m + 1)));
}

/* Whether the abbreviation s[start, end) is a name's suffix, "Jr" or "Sr",
 * inside a longer name: the next word (after its period and spaces) names
 * what is named for the person ("Martin Luther King Jr. Day", "Cal Ripken
 * Sr. Field", "John Glenn Jr. High School"), so the period ends no
 * sentence. */
static bool suffix_in_name(const text_scanner *sc, size_t start, size_t end)
{
    static const char *const parts[] = {"Day",   "High",    "School",     "Elementary", "Middle", "Memorial",
                                        "Park",  "Field",   "Boulevard",  "Blvd",       "Drive",  "Avenue",
                                        "Hall",  "Center",  "Library",    "Bridge",     "Highway", "Parkway",
                                        "Stadium", "Airport", "Foundation", "Award",    "Building", "Street"};
    if (end - start != 2 || (memcmp(sc->s + start, "Jr", 2) != 0 && memcmp(sc->s + start, "Sr", 2) != 0))
        return false;
    size_t i = end + 1, e;
    while (i < sc->len && sc->s[i] == ' ')
        i++;
    return word_among(sc, i, parts, sizeof parts / sizeof *parts, &e);
}

/* First letter of the next word, 0 when punctuation, a blank line or the
 * end comes first. */
static uint32_t next_word_start(const text_scanner *sc, size_t pos, uint32_t prev)
{
    while (pos < sc->len) {
        ch c;
        classify(sc, pos, prev, &c);
        if (c.cls == CH_WORD)
            return c.cp;
        if (c.cls == CH_PUNCT || c.cls == CH_PARAGRAPH)
            return 0;
        pos += c.len;
        prev = c.cp;
    }
    return 0;
}

static void put_utf8(text_item *it, uint32_t cp)
{
    char *o = it->text + it->text_len;
    if (cp < 0x80) {
        o[0] = (char)cp;
        it->text_len += 1;
    } else if (cp < 0x800) {
        o[0] = (char)(0xC0 | (cp >> 6));
        o[1] = (char)(0x80 | (cp & 0x3F));
        it->text_len += 2;
    } else if (cp < 0x10000) {
        o[0] = (char)(0xE0 | (cp >> 12));
        o[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        o[2] = (char)(0x80 | (cp & 0x3F));
        it->text_len += 3;
    } else {
        o[0] = (char)(0xF0 | (cp >> 18));
        o[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
        o[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
        o[3] = (char)(0x80 | (cp & 0x3F));
        it->text_len += 4;
    }
}

static void next_piece(text_scanner *sc, text_item *it)
{
    it->kind = TEXT_WORD;
    it->offset = sc->word_start;
    it->length = sc->word_end - sc->word_start;
    it->text_len = 0;
    size_t p = sc->piece_pos;
    uint32_t prev = sc->piece_prev;
    size_t chars = 0;
    while (p < sc->word_end && chars < TEXT_PIECE_CHARS) {
        ch c;
        classify(sc, p, prev, &c);
        if (c.cls == CH_IGNORE) {
            p += c.len;
            prev = c.cp;
            continue;
        }
        if (is_digit(c.cp) && !is_digit(prev) && p >= sc->digits_end) {
            size_t run = 0;
            while (p + run < sc->word_end && is_digit((unsigned char)sc->s[p + run]))
                run++;
            if (run > TEXT_MAX_NUMBER_DIGITS)
                sc->digits_end = p + run;
        }
        bool one_digit = p < sc->digits_end;
        if (one_digit && chars > 0)
            break;
        put_utf8(it, c.out);
        chars++;
        p += c.len;
        prev = c.cp;
        if (one_digit)
            break;
    }
    it->text[it->text_len] = '\0';
    sc->piece_pos = p;
    sc->piece_prev = prev;
}

static void scan_break(text_scanner *sc, text_item *it)
{
    it->kind = TEXT_BREAK;
    it->offset = sc->pos;
    int best = SYMBOL_COMMA, last = SYMBOL_COMMA;
    size_t dots = 0, trailing_dots = 0, end = sc->pos;
    while (sc->pos < sc->len) {
        ch c;
        classify(sc, sc->pos, sc->prev, &c);
        if (c.cls != CH_PUNCT && c.cls != CH_IGNORE)
            break;
        sc->pos += c.len;
        sc->prev = c.cp;
        if (c.cls == CH_IGNORE)
            continue;
        end = sc->pos;
        dots += c.symbol == SYMBOL_PERIOD;
        trailing_dots = c.symbol == SYMBOL_PERIOD ? trailing_dots + 1 : 0;
        last = c.symbol;
        if (symbols_punctuation_rank(c.symbol) > symbols_punctuation_rank(best))
            best = c.symbol;
    }
    if (sc->flags & TEXT_LAST_MARK_WINS)
        best = trailing_dots >= 2 ? SYMBOL_ELLIPSIS : last;
    else if (best == SYMBOL_PERIOD && dots >= 2)
        best = SYMBOL_ELLIPSIS;
    it->length = end - it->offset;
    it->symbol = best;
    it->sentence_end = best != SYMBOL_COMMA && !is_lower(next_word_start(sc, sc->pos, sc->prev));
    sc->prev_place = 0;
    if (sc->word_end > sc->word_start && sc->word_end == it->offset && it->length == 1 &&
        sc->s[it->offset] == ',' && abbr_place_before_comma(sc->s + sc->word_start, sc->word_end - sc->word_start))
        sc->prev_place = sc->prev_name ? 1 : 2; /* a capitalised place that is no name starts its sentence */
    sc->prev_name = sc->prev_determiner = sc->prev_day_word = false;
    sc->prev_greeting = sc->prev_greeting && best == SYMBOL_COMMA; /* "Thanks, Dan." */
    sc->sentence_start = it->sentence_end;
}

/* Single letters joined by dots, at least two: "U.S", "a.m", "J.K". */
static bool dotted_letters(const char *w, size_t n)
{
    if (n < 3)
        return false;
    for (size_t i = 0; i < n; i++) {
        char c = w[i];
        bool letter = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
        if (i % 2 == 0 ? !letter : c != '.')
            return false;
    }
    return n % 2 == 1;
}

/* The next word from pos on, in small ASCII letters (with its apostrophes
 * when `apostrophes`: "mary's", for an abbreviation's context), in w
 * (size n); empty when it is longer or starts otherwise. */
static void next_word_lower(const text_scanner *sc, size_t pos, char *w, size_t n, bool apostrophes)
{
    while (pos < sc->len && (sc->s[pos] == ' ' || sc->s[pos] == '\t' || sc->s[pos] == '\n' ||
                             sc->s[pos] == '\r' || sc->s[pos] == '"' || sc->s[pos] == '\''))
        pos++;
    size_t k = 0;
    bool longer = false;
    for (; pos + k < sc->len; k++) {
        char c = sc->s[pos + k];
        if (c >= 'A' && c <= 'Z')
            c = (char)(c - 'A' + 'a');
        if (!((c >= 'a' && c <= 'z') || (apostrophes && c == '\'')))
            break;
        if (k + 1 == n) {
            longer = true;
            break;
        }
        w[k] = c;
    }
    w[longer ? 0 : k] = '\0';
}

static bool in_list(const char *w, const char *const *list, size_t count)
{
    for (size_t i = 0; i < count; i++)
        if (!strcmp(w, list[i]))
            return true;
    return false;
}

/* Whether the dotted letters w[0..n) name a country or an organisation:
 * U.S., U.K., U.N., E.U., D.C., U.S.A. (any case). */
static bool place_letters(const char *w, size_t n)
{
    static const char *const places[] = {"u.s", "u.k", "u.n", "e.u", "d.c", "u.s.a"};
    char letters[8];
    if (n >= sizeof letters)
        return false;
    for (size_t i = 0; i < n; i++)
        letters[i] = (char)(w[i] >= 'A' && w[i] <= 'Z' ? w[i] - 'A' + 'a' : w[i]);
    letters[n] = '\0';
    return in_list(letters, places, sizeof places / sizeof *places);
}

/* Whether the period of the dotted letters w[0..n) ("U.S", "p.m", "J.K")
 * is the letters' own before the capitalised word at pos, not the end of
 * the sentence. After a.m. and p.m., only a day, a month or a time zone
 * goes on the sentence ("3 p.m. Monday", "4 p.m. ET"); after a country's
 * or an organisation's letters (U.S., U.K., U.N., E.U., D.C.), only one of
 * its institutions or offices ("the U.S. Senate"): other capitalised words
 * there start sentences ("in the U.S. Officials said"). Other dotted
 * letters are a person's initials ("J.K. Rowling"), which a name
 * follows, unless the word is one that starts sentences (a pronoun, an
 * article, a conjunction ...). */
static bool dotted_goes_on(const text_scanner *sc, const char *w, size_t n, size_t pos)
{
    static const char *const after_time[] = {
        "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "mon", "tue", "tues",
        "wed", "weds", "thu", "thur", "thurs", "fri", "sat", "sun", "january", "february", "march", "april", "may",
        "june", "july", "august", "september", "october", "november", "december", "jan", "feb", "mar", "apr",
        "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "et", "est", "edt", "ct", "cst", "cdt", "mt",
        "mst", "mdt", "pt", "pst", "pdt", "gmt", "utc", "bst", "cet", "cest", "eastern", "central", "mountain",
        "pacific", "local", "noon",
    };
    static const char *const institutions[] = {
        "senate", "house", "congress", "president", "presidents", "army", "navy", "air", "marine", "marines",
        "coast", "treasury", "department", "embassy", "government", "supreme", "court", "courts", "district",
        "attorney", "secretary", "ambassador", "open", "postal", "census", "federal", "geological", "forest",
        "border", "customs", "capitol", "military", "forces", "representative", "representatives", "senator",
        "senators", "olympic", "national", "parliament", "security", "general", "high", "prime", "foreign",
        "defense", "defence", "state", "states", "central", "bureau", "agency", "food", "fish", "space",
        "dollar", "dollars", "economy", "election", "elections", "citizenship", "immigration", "gov",
        /* the country's agencies and measures, in capitals ("U.S. GDP", "the U.S. FDA") */
        "gdp", "cpi", "fda", "cdc", "epa", "fbi", "cia", "nsa", "sec", "irs", "nasa", "fcc", "ftc", "faa",
        "dhs", "doj", "dod", "fema", "usda", "nih",
    };
    static const char *const starters[] = {
        "a",     "after",  "also",   "an",    "and",   "as",        "at",    "before", "but",   "by",
        "for",   "from",   "he",     "her",   "his",   "how",       "however", "i",    "if",    "in",
        "it",    "its",    "many",   "meanwhile", "most", "my",     "no",    "now",    "on",    "one",
        "our",   "she",    "so",     "some",  "still", "that",      "the",   "their",  "then",  "there",
        "these", "they",   "this",   "those", "to",    "today",     "we",    "what",   "when",  "where",
        "which", "while",  "who",    "why",   "with",  "yes",       "yet",   "you",    "your",
    };
    char next[16], letters[8];
    next_word_lower(sc, pos, next, sizeof next, false);
    if (n >= sizeof letters)
        return *next && !in_list(next, starters, sizeof starters / sizeof *starters);
    for (size_t i = 0; i < n; i++)
        letters[i] = (char)(w[i] >= 'A' && w[i] <= 'Z' ? w[i] - 'A' + 'a' : w[i]);
    letters[n] = '\0';
    if (!strcmp(letters, "a.m") || !strcmp(letters, "p.m"))
        return in_list(next, after_time, sizeof after_time / sizeof *after_time);
    if (place_letters(w, n))
        return in_list(next, institutions, sizeof institutions / sizeof *institutions);
    return *next && !in_list(next, starters, sizeof starters / sizeof *starters);
}

/* Whether the text ends at pos or a full stop or an exclamation mark ends
 * its sentence there (not an ellipsis: a bulletin's "TONIGHT...CLEAR"). */
static bool sentence_ends_at(const text_scanner *sc, size_t pos)
{
    return pos >= sc->len || sc->s[pos] == '!' ||
           (sc->s[pos] == '.' && !(pos + 1 < sc->len && sc->s[pos + 1] == '.'));
}

/* Words that sentences start with: a pronoun, an article, a quantifier,
 * a word of news copy's openings ("POLICE SAID"). */
static const char *const starters[] = {
    "the",   "a",     "an",     "he",       "she",      "it",        "we",      "they",    "i",
    "you",   "this",  "these",  "those",    "there",    "his",       "her",     "its",     "their",
    "our",   "my",    "your",   "meanwhile", "however", "police",    "officials", "authorities", "no",
    "one",   "two",   "three",  "four",     "five",     "six",       "seven",   "eight",   "nine",
    "ten",   "all",   "if",     "but",      "so",       "now",       "still",   "why",     "everyone",
    "everybody", "nobody", "some", "many",  "most",     "both",      "several", "stay",    "when",
};

static bool starts_sentences(const char *w)
{
    return in_list(w, starters, sizeof starters / sizeof *starters);
}

/* After an abbreviation, a unit or dotted letters written in capitals,
 * whether the word at pos (after spaces) is in capitals too, as broadcast
 * captions and shouted text write every word: there a capital tells
 * nothing of a new sentence, and the words themselves must. 0 when it is
 * not in capitals; 2 when the period ends the sentence: the word is one
 * sentences start with (a pronoun, an article, a quantifier: "AT 5 P.M.
 * THE SHOW ENDS", "AT 6 A.M. NO ONE CAME"), or a plural that the verb
 * after it makes a subject ("ACME INC. PROFITS FELL", "ON MAIN ST. CREWS
 * WORKED"; a singular one is as often the abbreviation's own noun: "THE 11
 * P.M. ADVISORY IS OUT"; and not after a country's letters, which more
 * often stand before a noun: "THE U.S. TROOPS WERE"); 1 when it goes on
 * ("AT 7 P.M. ON CHANNEL 5", "THE U.S. WON 40 GOLDS", "MAIN ST. INJURED
 * 3").
 * *joins tells whether the word is one that joins what comes before it
 * (of, and, to, in ...), after which a unit's period goes on too ("2
 * TBSP. OF OIL"). */
static int shouted_next(const text_scanner *sc, size_t start, size_t end, size_t pos, bool *joins)
{
    /* and what finishes a measure: "4 YRS. OLD", "6 FT. TALL", "2 MI. AWAY" */
    static const char *const joiners[] = {
        "and",   "or",    "nor",   "of",     "on",     "in",     "at",    "to",    "for",   "with",
        "by",    "from",  "per",   "into",   "over",   "plus",   "old",   "tall",  "long",  "wide",
        "high",  "deep",  "away",  "ago",    "apart",  "each",   "late",  "early", "later", "behind",
        "ahead", "below", "thick", "along", "inside", "outside", "near", "during", "while",
        /* a verb after a measure, of those that seldom start a sentence:
         * "WAVES OF 8-12 FT. ARE EXPECTED" (not IS, WILL: "WINDS 30 MPH. IS
         * IT SAFE?"; nor a time: "10 MPH. TONIGHT...CLEAR") */
        "are",   "was",   "were"};
    static const char *const verbs[] = {"was", "were", "is",   "are",  "said", "say",  "says", "has",  "have",
                                        "had", "will", "would", "can", "could", "did", "do",   "does", "fell",
                                        "rose", "went", "came", "got", "made", "took"};
    *joins = false;
    for (size_t i = start; i < end; i++)
        if (sc->s[i] >= 'a' && sc->s[i] <= 'z')
            return 0;
    while (pos < sc->len && (sc->s[pos] == ' ' || sc->s[pos] == '\t'))
        pos++;
    size_t k = pos;
    while (k < sc->len && sc->s[k] >= 'A' && sc->s[k] <= 'Z')
        k++;
    /* "A" alone may be the article or a letter; either way two letters or
     * more tell the text is shouted */
    bool article = k - pos == 1 && sc->s[pos] == 'A' && k < sc->len && sc->s[k] == ' ';
    if ((k - pos < 2 && !article) || (k < sc->len && sc->s[k] >= 'a' && sc->s[k] <= 'z'))
        return 0;
    char next[16], after[16];
    next_word_lower(sc, pos, next, sizeof next, false);
    next_word_lower(sc, k, after, sizeof after, false);
    /* and an adverb or a time that ends the sentence: "A TREE 40 FT. UP.",
     * "HE RAN 26 MI. TODAY.", "ON MAIN ST. THIS MORNING." ("UP NEXT,
     * SPORTS" and "10 MPH. TONIGHT...CLEAR" start one) */
    static const char *const lasts[] = {"up", "down", "today", "tonight", "tomorrow", "yesterday", "overnight"};
    static const char *const times[] = {"morning", "afternoon", "evening", "week", "weekend"};
    size_t k2 = k;
    while (k2 < sc->len && sc->s[k2] == ' ')
        k2++;
    while (k2 < sc->len && sc->s[k2] >= 'A' && sc->s[k2] <= 'Z')
        k2++;
    bool last = sentence_ends_at(sc, k);
    bool last2 = k2 > k && sentence_ends_at(sc, k2);
    *joins = in_list(next, joiners, sizeof joiners / sizeof *joiners) ||
             (last && in_list(next, lasts, sizeof lasts / sizeof *lasts)) ||
             (last2 && strcmp(next, "this") == 0 && in_list(after, times, sizeof times / sizeof *times));
    if (*joins)
        return 1;
    if (starts_sentences(next))
        return 2;
    if (place_letters(sc->s + start, end - start))
        return 1;
    size_t n = strlen(next), m = strlen(after);
    bool verb = in_list(after, verbs, sizeof verbs / sizeof *verbs) ||
                (m > 3 && after[m - 2] == 'e' && after[m - 1] == 'd');
    return n > 2 && next[n - 1] == 's' && next[n - 2] != 's' && verb ? 2 : 1;
}

/* Whether a break follows pos (after spaces): the end, a comma, a
 * semicolon, a colon, a bracket, a double quote, or a dash standing alone
 * ("MICH. (AP)", "Ill., police", "AUSTIN, TX -- A storm", a quotation's
 * "Omaha, Neb. “It is cold”"). */
static bool break_follows(const text_scanner *sc, size_t pos)
{
    while (pos < sc->len && sc->s[pos] == ' ')
        pos++;
    if (pos >= sc->len)
        return true;
    uint32_t c;
    size_t k = pos + text_decode(sc->s, sc->len, pos, &c);
    if (c == ',' || c == ';' || c == ':' || c == '(' || c == ')' || c == '[' || c == ']' || c == '"' ||
        c == 0x201C || c == 0x201D)
        return true;
    if (c != '-' && c != 0x2013 && c != 0x2014)
        return false;
    while (k < sc->len && sc->s[k] == '-')
        k++;
    return k >= sc->len || sc->s[k] == ' ';
}

/* Whether a number and a unit's short form come at pos (after spaces), the
 * next part of a measure in `whole` written in two ("6 FT. 2 IN.", "5 LB.
 * 3 OZ."; not a new sentence's count, "Bake 25 min. 4 servings.", nor a
 * second measure, "Lost 5 lbs. 10 lbs. to go!"); or, after "sq" (whole
 * NULL), a unit alone ("1800 SQ. FT."). */
static bool measure_part_at(const text_scanner *sc, size_t pos, const unit *whole)
{
    while (pos < sc->len && sc->s[pos] == ' ')
        pos++;
    size_t digits = pos;
    unsigned value = 0;
    while (whole && pos < sc->len &&
           (is_digit((unsigned char)sc->s[pos]) ||
            (sc->s[pos] == '.' && pos + 1 < sc->len && is_digit((unsigned char)sc->s[pos + 1])))) {
        value = is_digit((unsigned char)sc->s[pos]) && value < 1000 ? value * 10 + (unsigned)(sc->s[pos] - '0') : value;
        pos++;
    }
    if (whole && pos == digits)
        return false;
    while (pos < sc->len && sc->s[pos] == ' ')
        pos++;
    size_t word = pos;
    while (pos < sc->len && (sc->s[pos] | 0x20) >= 'a' && (sc->s[pos] | 0x20) <= 'z')
        pos++;
    const unit *part = pos > word ? unit_short_form(sc->s + word, pos - word) : NULL;
    /* a height's inches said bare, before a break or "and": "He is 6 ft.
     * 2, maybe 6 ft. 3.", "6 ft. 2 and 200 lbs." (not "12 ft. 3 men") */
    bool bare = pos == word ? word >= sc->len || sc->s[word] == ',' || sc->s[word] == '.'
                            : (pos - word == 3 && memcmp(sc->s + word, "and", 3) == 0);
    if (!part && whole && !strcmp(whole->one, "foot"))
        return value <= 11 && bare;
    return part && (!whole || unit_part_of(whole, part));
}

/* Whether a measure's number ends at pos (or "sq" and a number before it:
 * "1800 sq. ft."): 2, or 1 when it may be a year, four digits from 1000
 * to 2999 alone, after which a unit's short form in capitals is as often
 * a title's ("IN 1861 FT. SUMTER"); 0 when none. */
static int measure_number_before(const text_scanner *sc, size_t pos)
{
    size_t k = pos;
    while (k > 0 && (sc->s[k - 1] == '.' || ((sc->s[k - 1] | 0x20) >= 'a' && (sc->s[k - 1] | 0x20) <= 'z')))
        k--;
    bool square = pos - k >= 2 && pos - k <= 3 && (sc->s[k] | 0x20) == 's' && (sc->s[k + 1] | 0x20) == 'q' &&
                  (pos - k == 2 || sc->s[k + 2] == '.');
    if (square) {
        while (k > 0 && sc->s[k - 1] == ' ')
            k--;
        pos = k;
    }
    if (pos == 0 || !is_digit((unsigned char)sc->s[pos - 1]))
        return 0;
    size_t digits = pos;
    while (digits > 0 && is_digit((unsigned char)sc->s[digits - 1]))
        digits--;
    bool alone = digits == 0 ||
                 !(is_alnum(peek(sc, digits - 1)) || sc->s[digits - 1] == ',' || sc->s[digits - 1] == '.');
    unsigned year = 0;
    for (size_t i = digits; pos - digits == 4 && i < pos; i++)
        year = year * 10 + (unsigned)(sc->s[i] - '0');
    return alone && year >= 1000 && year <= 2999 && !square ? 1 : 2;
}

/* Whether the words at pos go on a measure before them, whatever their
 * case (a sentence seldom starts so, and phones capitalise the word after
 * a period): what it measures ("40 ft. Of water", "She fell 30 ft. Into
 * the lake"), where it is from ("10 km. NE of the city", "300 mi. South
 * of Miami"), a dimension's "x" ("12 ft. X 14 ft."), or a dash standing
 * alone ("The wall is 10 ft. — too high"). "Tall", "High", "Are" start
 * sentences as often: "The fence is 8 ft. Tall fences need permits." */
static bool measure_goes_on(const text_scanner *sc, size_t pos)
{
    static const char *const words[] = {"of", "into"};
    static const char *const compass[] = {"north", "south", "east", "west", "northeast", "northwest",
                                          "southeast", "southwest", "n", "s", "e", "w", "ne", "nw", "se", "sw"};
    while (pos < sc->len && sc->s[pos] == ' ')
        pos++;
    uint32_t c = peek(sc, pos);
    if ((c == '-' || c == 0x2013 || c == 0x2014) && break_follows(sc, pos))
        return true;
    char w[16], of[16];
    next_word_lower(sc, pos, w, sizeof w, true);
    while (pos < sc->len && (sc->s[pos] | 0x20) >= 'a' && (sc->s[pos] | 0x20) <= 'z')
        pos++;
    next_word_lower(sc, pos, of, sizeof of, true);
    while (pos < sc->len && sc->s[pos] == ' ')
        pos++;
    bool by = strcmp(w, "x") == 0 && pos < sc->len && is_digit((unsigned char)sc->s[pos]);
    return by || in_list(w, words, sizeof words / sizeof *words) ||
           (in_list(w, compass, sizeof compass / sizeof *compass) && strcmp(of, "of") == 0);
}

/* Whether the number that ends at pos (its digits, commas and points)
 * follows an article: a unit after it names a kind of thing, and its
 * period goes on ("A 90 MIN. DELAY", "A 5 LB. BAG", "The 6 ft. Christmas
 * tree"). */
static bool article_before_number(const text_scanner *sc, size_t pos)
{
    while (pos > 0 && (is_digit((unsigned char)sc->s[pos - 1]) || sc->s[pos - 1] == ',' || sc->s[pos - 1] == '.'))
        pos--;
    size_t word = pos;
    while (word > 0 && sc->s[word - 1] == ' ')
        word--;
    if (word == pos)
        return false;
    size_t k = word;
    while (k > 0 && (sc->s[k - 1] | 0x20) >= 'a' && (sc->s[k - 1] | 0x20) <= 'z')
        k--;
    char w[4];
    if (word - k > 3 || word == k)
        return false;
    for (size_t i = k; i < word; i++)
        w[i - k] = (char)(sc->s[i] | 0x20);
    w[word - k] = '\0';
    return strcmp(w, "a") == 0 || strcmp(w, "an") == 0 || strcmp(w, "the") == 0;
}

static void scan_word(text_scanner *sc, text_item *it)
{
    size_t start = sc->pos, end = sc->pos, p = sc->pos;
    uint32_t prev = sc->prev, last = sc->prev;
    size_t chars = 0;
    while (p < sc->len) {
        ch c;
        classify(sc, p, prev, &c);
        if (c.cls != CH_WORD && c.cls != CH_IGNORE)
            break;
        p += c.len;
        prev = c.cp;
        if (c.cls == CH_WORD) {
            end = p;
            last = c.cp;
            chars++;
        }
        if (start == sc->joined_dash)
            break; /* the dash alone */
    }
    /* A single final dot may belong to the word (Dr. Smith, J. Smith, etc.
     * and); an abbreviation keeps it and may still end the sentence
     * (abbreviations.h: "Apple Inc. The company"). So does a dot before a
     * comma, a semicolon or a colon, which never ends a sentence ("the
     * U.S., Canada"), and the last dot of letters written with dots before a
     * capitalised word that goes on their sentence (dotted_goes_on(): "the
     * U.S. Senate", "J.K. Rowling", "3 p.m. Monday", but "in the U.S.
     * Officials said"). */
    uint32_t first = peek(sc, start);
    bool name = is_upper(first) && !sc->sentence_start && !abbr_is_function_word(sc->s + start, end - start);
    sc->abbr_ends_sentence = false;
    if (end < sc->len && sc->s[end] == '.' && peek(sc, end + 1) != '.') {
        uint32_t after = peek(sc, end + 1);
        uint32_t next = next_word_start(sc, end + 1, '.');
        /* a number before: "25 min." is minutes, and a citation below */
        size_t before = start;
        while (before > 0 && sc->s[before - 1] == ' ')
            before--;
        /* (not a temperature's: "Set the oven to 350 F. Grease the pan.") */
        bool initial = chars == 1 && is_upper(first) &&
                       !((first == 'F' || first == 'C') && measure_number_before(sc, before));
        bool after_number = before < start && before > 0 && is_digit((unsigned char)sc->s[before - 1]);
        /* "74TH ST.", "1st St." */
        bool after_ordinal = false;
        if (before < start && before >= 3 && is_digit((unsigned char)sc->s[before - 3])) {
            char a = (char)(sc->s[before - 2] | 0x20), b = (char)(sc->s[before - 1] | 0x20);
            after_ordinal = (a == 's' && b == 't') || (a == 'n' && b == 'd') || (a == 'r' && b == 'd') ||
                            (a == 't' && b == 'h');
        }
        char next_word[16];
        next_word_lower(sc, end + 1, next_word, sizeof next_word, true);
        bool joins = false;
        int shouted = is_upper(next) ? shouted_next(sc, start, end, end + 1, &joins) : 0;
        abbr_context ac = {sc->prev_name,
                           shouted == 1 ? ABBR_NEXT_LOWER : abbr_next_of(next),
                           sc->prev_determiner,
                           year_follows(sc, end + 1),
                           after_number,
                           verse_follows(sc, end + 1),
                           sc->prev_greeting,
                           after_ordinal,
                           next_word,
                           shouted != 0,
                           sc->prev_place,
                           break_follows(sc, end + 1),
                           sc->prev_day_word};
        /* after a measure's number a unit's short form of two letters or
         * more (a single one is an initial's or a direction's: "4500 W.
         * BROAD ST."), as written or in capitals where the normaliser reads
         * it so, is the unit, not the abbreviation it may also be ("6 ft."
         * and "10 FT." are no fort, "In 1861 Ft. Sumter" and "IN 1861 FT.
         * SUMTER" are, and so is the "Sec." of "Art. 1 Sec. 8"): its period
         * goes on before the measure's next part ("6 FT. 2 IN.") or as
         * below, and a unit that is a word too keeps it where the sentence
         * ends ("14 IN. CREWS ARE PLOWING": inches) */
        int measured = measure_number_before(sc, before);
        bool capitals = is_upper(peek(sc, start + 1));
        const unit *measure = end - start >= 2 && (measured == 2 || (measured == 1 && !capitals))
                                  ? unit_short_form(sc->s + start, end - start)
                                  : NULL;
        bool square = measured && end - start == 2 && (first | 0x20) == 's' && (sc->s[start + 1] | 0x20) == 'q';
        bool ends = false;
        bool abbr = !measure && abbr_reading(sc->s + start, end - start, &ac, &ends) != NULL;
        bool clause = after == ',' || after == ';' || after == ':';
        bool dotted = is_upper(next) && dotted_letters(sc->s + start, end - start) &&
                      (shouted ? shouted == 1 : dotted_goes_on(sc, sc->s + start, end - start, end + 1));
        /* "Mon.-Fri.", "9 a.m.–5 p.m.": a range or compound goes on */
        uint32_t dash = 0;
        size_t dash_len = end + 1 < sc->len ? text_decode(sc->s, sc->len, end + 1, &dash) : 0;
        bool joined = (sc->flags & TEXT_ENGLISH_NUMBERS) &&
                      (dash == '-' || dash == 0x2010 || dash == 0x2011 || dash == 0x2013) &&
                      is_alnum(peek(sc, end + 1 + dash_len)) && (abbr || dotted_letters(sc->s + start, end - start));
        /* a code's letters before a section sign cite it: "42 U.S.C. § 1983",
         * a reporter's between a volume and a page: "347 U.S. 483", and a
         * House bill's before its number: "H.R. 1234" */
        bool bill = end - start == 3 && memcmp(sc->s + start, "H.R", 3) == 0;
        /* (not "5 A.M. 200 people were waiting") */
        bool meridiem = end - start == 3 && (first == 'A' || first == 'P') && sc->s[start + 2] == 'M';
        bool ranged = (sc->flags & TEXT_ENGLISH_NUMBERS) && end - start == 3 && sc->s[start + 1] == '.' &&
                      ((first | 0x20) == 'a' || (first | 0x20) == 'p') && (sc->s[start + 2] | 0x20) == 'm' &&
                      spaced_dash_to_time(sc, end + 1);
        bool cites = (next == 0xA7 || (is_digit(next) && ((after_number && is_upper(first) && !meridiem) || bill))) &&
                     dotted_letters(sc->s + start, end - start);
        /* the unit's period goes on before the measure's next part, before
         * what goes on a measure in any case (measure_goes_on: "40 ft. Of
         * water"), after an article and the number before a word that does
         * not start sentences ("The 6 ft. Christmas tree", "A 90 MIN.
         * DELAY"), in shouted text before a word that joins it to what
         * follows ("2 TBSP. OF OIL", "45 MIN. TO AN HOUR", "8-12 FT. ARE
         * EXPECTED", "15 TO 20 FT. ALONG NORTH FACING SHORES"; but "WEIGHING
         * 7 LBS. MOM AND BABY ...") */
        bool unit_goes_on = (square && measure_part_at(sc, end + 1, NULL)) ||
                            (measure && (measure_part_at(sc, end + 1, measure) || measure_goes_on(sc, end + 1) ||
                                         (article_before_number(sc, before) && !starts_sentences(next_word)) ||
                                         (shouted == 1 && joins)));
        bool unit_ends = measure && unit_needs_period(measure) && !unit_goes_on && !is_lower(next) && !clause;
        if (is_lower(next) || (initial && is_upper(next)) || abbr || clause || dotted || joined || cites || ranged ||
            unit_goes_on || unit_ends) {
            end++;
            last = '.';
            sc->abbr_ends_sentence = unit_ends || (abbr && ends && !clause && !joined && !ranged &&
                                                   !suffix_in_name(sc, start, end - 1));
            if (joined)
                sc->joined_dash = end;
        }
    }
    sc->prev_name = name;
    sc->prev_place = 0;
    sc->prev_determiner = abbr_is_determiner(sc->s + start, end - start);
    sc->prev_greeting = abbr_is_greeting(sc->s + start, end - start);
    sc->prev_day_word = abbr_is_day_word(sc->s + start, end - start);
    sc->sentence_start = false;
    sc->word_start = start;
    sc->word_end = end;
    sc->piece_pos = start;
    sc->piece_prev = sc->prev;
    sc->digits_end = 0;
    sc->pos = end;
    sc->prev = last;
    next_piece(sc, it);
}

void text_next(text_scanner *sc, text_item *it)
{
    it->symbol = 0;
    it->sentence_end = false;
    it->text_len = 0;
    it->text[0] = '\0';
    if (sc->piece_pos < sc->word_end) {
        next_piece(sc, it);
        return;
    }
    if (sc->abbr_ends_sentence) {
        /* The abbreviation's period, already in the word, also ends the sentence. */
        sc->abbr_ends_sentence = false;
        sc->prev_name = sc->prev_determiner = sc->prev_greeting = sc->prev_day_word = false;
        sc->prev_place = 0;
        sc->sentence_start = true;
        it->kind = TEXT_BREAK;
        it->offset = sc->word_end;
        it->length = 0;
        it->symbol = SYMBOL_PERIOD;
        it->sentence_end = true;
        return;
    }
    size_t newlines = 0;
    ch c;
    for (;;) {
        if (sc->pos >= sc->len) {
            it->kind = TEXT_END;
            it->offset = sc->len;
            it->length = 0;
            return;
        }
        classify(sc, sc->pos, sc->prev, &c);
        if (c.cls == CH_WORD || c.cls == CH_PUNCT)
            break;
        newlines += c.cls == CH_NEWLINE ? 1 : c.cls == CH_PARAGRAPH ? 2 : 0;
        sc->pos += c.len;
        sc->prev = c.cp;
    }
    if (newlines >= ((sc->flags & TEXT_LINE_ENDS_SENTENCE) ? 1u : 2u)) {
        sc->prev_name = sc->prev_determiner = sc->prev_greeting = sc->prev_day_word = false;
        sc->prev_place = 0;
        sc->sentence_start = true;
        it->kind = TEXT_PARAGRAPH;
        it->offset = sc->pos;
        it->length = 0;
        return;
    }
    if (c.cls == CH_PUNCT)
        scan_break(sc, it);
    else
        scan_word(sc, it);
}
