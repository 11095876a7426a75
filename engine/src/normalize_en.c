/* English normalisation for the cmudict-arpabet frontend (rules in the header).
 *
 * Copyright (C) 2026 The Inflect authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The piece is first folded into lowercase ASCII (accents removed, currency
 * and degree signs as one marker byte each, anything unreadable as a
 * space), then read left to right. Numbers are spelled into a small phrase
 * buffer first, so that ordinals and plurals can change their last word
 * before the phrase goes out.
 */
#include "normalize_en.h"

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "text.h"

/* Marker bytes for the non-ASCII symbols that are read aloud. */
enum { M_POUND = 1, M_EURO, M_YEN, M_CENT, M_DEGREE };

#define MAX_DIGITS 15

/* ---- output ------------------------------------------------------------ */

typedef struct {
    char *out;
    size_t size;
    size_t pos;   /* bytes written */
    size_t need;  /* bytes the whole expansion takes */
    bool full;    /* a token did not fit: write nothing more */
    bool comma;   /* a pause waits for the next word */
} writer;

static void w_token(writer *w, const char *s, size_t n)
{
    size_t sep = w->need ? 1 : 0;
    w->need += sep + n;
    if (w->full)
        return;
    if (w->pos + sep + n >= w->size) {
        w->full = true;
        return;
    }
    if (sep)
        w->out[w->pos++] = ' ';
    memcpy(w->out + w->pos, s, n);
    w->pos += n;
    w->out[w->pos] = '\0';
}

static void w_word_n(writer *w, const char *s, size_t n)
{
    if (n == 0)
        return;
    if (w->comma && w->need) {
        /* the pause goes out only with the word after it */
        if (!w->full && w->pos + 3 + n >= w->size)
            w->full = true;
        w_token(w, ",", 1);
    }
    w->comma = false;
    w_token(w, s, n);
}

static void w_word(writer *w, const char *s)
{
    w_word_n(w, s, strlen(s));
}

/* Several words separated by single spaces. */
static void w_words(writer *w, const char *s)
{
    while (*s) {
        size_t n = strcspn(s, " ");
        w_word_n(w, s, n);
        s += n;
        while (*s == ' ')
            s++;
    }
}

static void w_pause(writer *w)
{
    w->comma = true;
}

/* ---- number words ------------------------------------------------------ */

static const char *const ones[20] = {"zero",    "one",     "two",       "three",    "four",
                                     "five",    "six",     "seven",     "eight",    "nine",
                                     "ten",     "eleven",  "twelve",    "thirteen", "fourteen",
                                     "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"};
static const char *const tens[10] = {"",      "",      "twenty",  "thirty", "forty",
                                     "fifty", "sixty", "seventy", "eighty", "ninety"};

/* A phrase being built: the longest, 15 digits of sevens, is under 200 bytes. */
typedef struct {
    char s[256];
    size_t n;
} phrase;

static void ph_add(phrase *p, const char *word)
{
    size_t k = strlen(word);
    if (p->n + k + 2 > sizeof p->s)
        return;
    if (p->n)
        p->s[p->n++] = ' ';
    memcpy(p->s + p->n, word, k + 1);
    p->n += k;
}

static void ph_below100(phrase *p, unsigned v)
{
    if (v < 20) {
        ph_add(p, ones[v]);
    } else {
        ph_add(p, tens[v / 10]);
        if (v % 10)
            ph_add(p, ones[v % 10]);
    }
}

static void ph_below1000(phrase *p, unsigned v)
{
    if (v >= 100) {
        ph_add(p, ones[v / 100]);
        ph_add(p, "hundred");
        v %= 100;
        if (v == 0)
            return;
    }
    ph_below100(p, v);
}

/* v < 10^15 */
static void ph_cardinal(phrase *p, uint64_t v)
{
    static const char *const scale[] = {"trillion", "billion", "million", "thousand", ""};
    if (v == 0) {
        ph_add(p, "zero");
        return;
    }
    uint64_t div = 1000000000000ull;
    for (int k = 0; k < 5; k++, div /= 1000) {
        unsigned g = (unsigned)(v / div % 1000);
        if (!g)
            continue;
        ph_below1000(p, g);
        if (*scale[k])
            ph_add(p, scale[k]);
    }
}

/* 1001..2999 as a year; 2000 and 2001..2009 as cardinals. */
static void ph_year(phrase *p, unsigned v)
{
    if (v >= 2000 && v < 2010) {
        ph_cardinal(p, v);
    } else if (v % 100 == 0) {
        ph_below100(p, v / 100);
        ph_add(p, "hundred");
    } else {
        ph_below100(p, v / 100);
        if (v % 100 < 10) {
            ph_add(p, "oh");
            ph_add(p, ones[v % 100]);
        } else {
            ph_below100(p, v % 100);
        }
    }
}

static char *last_word(phrase *p)
{
    char *sp = strrchr(p->s, ' ');
    return sp ? sp + 1 : p->s;
}

/* Replaces the last word's tail from `at` with `tail`. */
static void ph_retail(phrase *p, char *at, const char *tail)
{
    size_t k = strlen(tail);
    if ((size_t)(at - p->s) + k + 1 > sizeof p->s)
        return;
    memcpy(at, tail, k + 1);
    p->n = (size_t)(at - p->s) + k;
}

static void ph_ordinal(phrase *p)
{
    static const char *const irregular[][2] = {{"one", "first"},  {"two", "second"}, {"three", "third"},
                                               {"five", "fifth"}, {"eight", "eighth"}, {"nine", "ninth"},
                                               {"twelve", "twelfth"}};
    char *w = last_word(p);
    if (!*w)
        return;
    for (size_t i = 0; i < sizeof irregular / sizeof irregular[0]; i++) {
        if (strcmp(w, irregular[i][0]) == 0) {
            ph_retail(p, w, irregular[i][1]);
            return;
        }
    }
    size_t k = strlen(w);
    if (w[k - 1] == 'y')
        ph_retail(p, w + k - 1, "ieth");
    else
        ph_retail(p, w + k, "th");
}

static void ph_plural(phrase *p)
{
    static const char *const bare[] = {"one hundred", "one thousand", "one million", "one billion", "one trillion"};
    for (size_t i = 0; i < sizeof bare / sizeof bare[0]; i++) {
        if (strcmp(p->s, bare[i]) == 0) {
            memmove(p->s, p->s + 4, strlen(p->s + 4) + 1);
            p->n -= 4;
            break;
        }
    }
    char *w = last_word(p);
    size_t k = strlen(w);
    if (!k)
        return;
    if (w[k - 1] == 'y')
        ph_retail(p, w + k - 1, "ies");
    else if (strcmp(w, "six") == 0)
        ph_retail(p, w + k, "es");
    else
        ph_retail(p, w + k, "s");
}

/* ---- reading the folded piece ------------------------------------------ */

typedef struct {
    writer w;
    const char *b; /* folded piece */
    size_t n;
} reader;

static char at(const reader *r, size_t i)
{
    return i < r->n ? r->b[i] : '\0';
}

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static bool is_letter(char c)
{
    return c >= 'a' && c <= 'z';
}

static bool is_currency(char c)
{
    return c == '$' || c == M_POUND || c == M_EURO || c == M_YEN;
}

/* A number starts at i: a digit, or a point and a digit. */
static bool number_at(const reader *r, size_t i)
{
    return is_digit(at(r, i)) || (at(r, i) == '.' && is_digit(at(r, i + 1)));
}

/* A scanned amount: integer digits (with any thousands commas) in
 * [int_start, int_end), decimals in [frac_start, frac_end). */
typedef struct {
    size_t int_start, int_end;
    size_t frac_start, frac_end;
    bool commas, frac;
    size_t end;
} amount;

static void scan_amount(const reader *r, size_t i, amount *a)
{
    size_t j = i;
    while (is_digit(at(r, j)))
        j++;
    a->int_start = i;
    a->commas = false;
    if (j - i >= 1 && j - i <= 3 && r->b[i] != '0') {
        while (at(r, j) == ',' && is_digit(at(r, j + 1)) && is_digit(at(r, j + 2)) && is_digit(at(r, j + 3)) &&
               !is_digit(at(r, j + 4))) {
            j += 4;
            a->commas = true;
        }
    }
    a->int_end = j;
    a->frac = false;
    a->frac_start = a->frac_end = j;
    if (at(r, j) == '.' && is_digit(at(r, j + 1))) {
        size_t k = j + 1;
        while (is_digit(at(r, k)))
            k++;
        a->frac = true;
        a->frac_start = j + 1;
        a->frac_end = k;
        j = k;
    }
    a->end = j;
}

/* Digits of [s, e) with commas skipped: how many, and the value of the
 * first 15 (enough, since longer runs are never read as cardinals). */
static size_t digits_of(const reader *r, size_t s, size_t e, uint64_t *value, bool *lead_zero)
{
    size_t nd = 0;
    uint64_t v = 0;
    *lead_zero = false;
    for (size_t i = s; i < e; i++) {
        char c = r->b[i];
        if (!is_digit(c))
            continue;
        if (nd == 0)
            *lead_zero = c == '0';
        if (nd < MAX_DIGITS)
            v = v * 10 + (uint64_t)(c - '0');
        nd++;
    }
    *value = v;
    return nd;
}

/* Whole number [s, e) into p; a run read digit by digit sends all but its
 * last digit straight out, so p holds the words that may still change. */
static void int_words(reader *r, size_t s, size_t e, phrase *p)
{
    uint64_t v;
    bool lead_zero;
    size_t nd = digits_of(r, s, e, &v, &lead_zero);
    if (nd == 0)
        return;
    if (nd > MAX_DIGITS || (nd > 1 && lead_zero)) {
        size_t left = nd;
        for (size_t i = s; i < e; i++) {
            if (!is_digit(r->b[i]))
                continue;
            if (--left)
                w_word(&r->w, ones[r->b[i] - '0']);
            else
                ph_add(p, ones[r->b[i] - '0']);
        }
        return;
    }
    ph_cardinal(p, v);
}

static void say_int(reader *r, size_t s, size_t e)
{
    phrase p = {.n = 0};
    p.s[0] = '\0';
    int_words(r, s, e, &p);
    w_words(&r->w, p.s);
}

static void say_digits(reader *r, size_t s, size_t e)
{
    for (size_t i = s; i < e; i++)
        w_word(&r->w, ones[r->b[i] - '0']);
}

/* "point" and the decimals one by one. */
static void say_fraction(reader *r, const amount *a)
{
    if (!a->frac)
        return;
    w_word(&r->w, "point");
    say_digits(r, a->frac_start, a->frac_end);
}

/* am/pm at i (a, optional point, m, optional point, no letter or digit
 * after): 'a' or 'p' and *end past it, or 0. */
static char meridiem_at(const reader *r, size_t i, size_t *end)
{
    char c = at(r, i);
    if (c != 'a' && c != 'p')
        return 0;
    size_t j = i + 1;
    if (at(r, j) == '.')
        j++;
    if (at(r, j) != 'm')
        return 0;
    j++;
    if (at(r, j) == '.')
        j++;
    if (is_letter(at(r, j)) || is_digit(at(r, j)))
        return 0;
    *end = j;
    return c;
}

static void say_meridiem(reader *r, char m)
{
    w_word(&r->w, m == 'a' ? "a" : "p");
    w_word(&r->w, "m");
}

/* ---- currency ---------------------------------------------------------- */

typedef struct {
    const char *one, *many, *sub_one, *sub_many;
} currency_names;

static const currency_names *names_of(char sym)
{
    static const currency_names dollar = {"dollar", "dollars", "cent", "cents"};
    static const currency_names pound = {"pound", "pounds", "penny", "pence"};
    static const currency_names euro = {"euro", "euros", "cent", "cents"};
    static const currency_names yen = {"yen", "yen", NULL, NULL};
    switch (sym) {
    case M_POUND:
        return &pound;
    case M_EURO:
        return &euro;
    case M_YEN:
        return &yen;
    default:
        return &dollar;
    }
}

/* Magnitude word after an amount ("m", "bn", "thousand" ...) at i, followed
 * by no letter: the word to say, and *end past it; NULL when none. */
static const char *magnitude_at(const reader *r, size_t i, size_t *end)
{
    static const char *const forms[][2] = {
        {"k", "thousand"},       {"thousand", "thousand"}, {"m", "million"},   {"mn", "million"},
        {"million", "million"},  {"b", "billion"},         {"bn", "billion"},  {"billion", "billion"},
        {"t", "trillion"},       {"tn", "trillion"},       {"trillion", "trillion"}};
    size_t j = i;
    while (is_letter(at(r, j)))
        j++;
    size_t k = j - i;
    if (k == 0 || k > 8)
        return NULL;
    for (size_t f = 0; f < sizeof forms / sizeof forms[0]; f++) {
        if (strlen(forms[f][0]) == k && memcmp(r->b + i, forms[f][0], k) == 0) {
            *end = j;
            return forms[f][1];
        }
    }
    return NULL;
}

static void say_money(reader *r, char sym, const amount *a, const char *magnitude)
{
    const currency_names *nm = names_of(sym);
    uint64_t units;
    bool lead_zero;
    size_t nd = digits_of(r, a->int_start, a->int_end, &units, &lead_zero);
    bool units_zero = nd == 0 || (nd <= MAX_DIGITS && units == 0);
    size_t nfrac = a->frac_end - a->frac_start;

    if (magnitude) {
        if (nd)
            say_int(r, a->int_start, a->int_end);
        else
            w_word(&r->w, "zero");
        say_fraction(r, a);
        w_word(&r->w, magnitude);
        w_word(&r->w, nm->many);
        return;
    }
    if (a->frac && (nfrac > 2 || !nm->sub_one)) {
        if (nd)
            say_int(r, a->int_start, a->int_end);
        say_fraction(r, a);
        w_word(&r->w, nm->many);
        return;
    }
    unsigned sub = 0;
    if (a->frac) {
        sub = (unsigned)(r->b[a->frac_start] - '0') * 10;
        if (nfrac == 2)
            sub += (unsigned)(r->b[a->frac_start + 1] - '0');
    }
    phrase p = {.n = 0};
    p.s[0] = '\0';
    if (!units_zero || sub == 0) {
        if (nd)
            say_int(r, a->int_start, a->int_end);
        else
            w_word(&r->w, "zero");
        w_word(&r->w, nd <= MAX_DIGITS && units == 1 ? nm->one : nm->many);
        if (sub == 0)
            return;
        w_pause(&r->w);
    }
    ph_below100(&p, sub);
    w_words(&r->w, p.s);
    w_word(&r->w, sub == 1 ? nm->sub_one : nm->sub_many);
}

/* Currency symbol at i, then an optional minus and an amount. */
static size_t read_currency(reader *r, size_t i)
{
    char sym = r->b[i];
    size_t j = i + 1;
    bool minus = false;
    if (at(r, j) == '-' && number_at(r, j + 1)) {
        minus = true;
        j++;
    }
    if (!number_at(r, j)) {
        w_word(&r->w, names_of(sym)->one);
        return i + 1;
    }
    if (minus)
        w_word(&r->w, "minus");
    amount a;
    scan_amount(r, j, &a);
    size_t end = a.end;
    const char *mag = magnitude_at(r, a.end, &end);
    say_money(r, sym, &a, mag);
    return end;
}

/* ---- numbers ----------------------------------------------------------- */

static void say_phrase(reader *r, phrase *p)
{
    w_words(&r->w, p->s);
}

/* H:MM at the number [i, a->end) followed by ':': *end past the time. */
static bool read_time(reader *r, size_t i, const amount *a, size_t *end)
{
    size_t j = a->end;
    size_t hd = a->int_end - a->int_start;
    if (a->frac || a->commas || hd < 1 || hd > 2)
        return false;
    if (at(r, j) != ':' || !is_digit(at(r, j + 1)) || !is_digit(at(r, j + 2)) || is_digit(at(r, j + 3)))
        return false;
    if (at(r, j + 3) == ':' && is_digit(at(r, j + 4)))
        return false; /* 10:30:15 */
    if (i >= 2 && r->b[i - 1] == ':' && is_digit(r->b[i - 2]))
        return false; /* the end of a chain */
    unsigned h = (unsigned)(r->b[i] - '0');
    if (hd == 2)
        h = h * 10 + (unsigned)(r->b[i + 1] - '0');
    unsigned m = (unsigned)(r->b[j + 1] - '0') * 10 + (unsigned)(r->b[j + 2] - '0');
    if (h > 24 || m > 59)
        return false;
    size_t k = j + 3;
    char mer = h <= 12 ? meridiem_at(r, k, &k) : 0;
    phrase p = {.n = 0};
    p.s[0] = '\0';
    ph_below100(&p, h);
    if (m == 0) {
        if (!mer)
            ph_add(&p, h >= 1 && h <= 12 ? "o'clock" : "hundred");
    } else if (m < 10) {
        ph_add(&p, "oh");
        ph_add(&p, ones[m]);
    } else {
        ph_below100(&p, m);
    }
    say_phrase(r, &p);
    if (mer)
        say_meridiem(r, mer);
    *end = k;
    return true;
}

/* Number at i (a digit or ".digit"); `sign` when a minus was just said. */
static size_t read_number(reader *r, size_t i, bool sign)
{
    amount a;
    scan_amount(r, i, &a);
    size_t j = a.end;
    size_t nint = a.int_end - a.int_start;

    /* 1.2.3 and IP addresses: groups joined by "dot" */
    if (a.frac && nint && !a.commas && at(r, j) == '.' && is_digit(at(r, j + 1))) {
        say_int(r, a.int_start, a.int_end);
        size_t g = a.int_end;
        while (at(r, g) == '.' && is_digit(at(r, g + 1))) {
            size_t e = g + 1;
            while (is_digit(at(r, e)))
                e++;
            w_word(&r->w, "dot");
            say_int(r, g + 1, e);
            g = e;
        }
        return g;
    }

    size_t end;
    if (!sign && read_time(r, i, &a, &end))
        return end;

    phrase p = {.n = 0};
    p.s[0] = '\0';
    char c0 = at(r, j), c1 = at(r, j + 1), c2 = at(r, j + 2);

    if (!a.frac && nint) {
        /* ordinal */
        if (((c0 == 's' && c1 == 't') || (c0 == 'n' && c1 == 'd') || (c0 == 'r' && c1 == 'd') ||
             (c0 == 't' && c1 == 'h')) &&
            !is_letter(c2)) {
            int_words(r, a.int_start, a.int_end, &p);
            ph_ordinal(&p);
            say_phrase(r, &p);
            return j + 2;
        }
        /* decade or plural */
        size_t plural_end = 0;
        if (c0 == 's' && !is_letter(c1))
            plural_end = j + 1;
        else if (c0 == '\'' && c1 == 's' && !is_letter(c2))
            plural_end = j + 2;
        if (plural_end) {
            uint64_t v;
            bool lz;
            size_t nd = digits_of(r, a.int_start, a.int_end, &v, &lz);
            if (!sign && !a.commas && nd == 4 && !lz && v > 1000 && v < 3000)
                ph_year(&p, (unsigned)v);
            else
                int_words(r, a.int_start, a.int_end, &p);
            ph_plural(&p);
            say_phrase(r, &p);
            return plural_end;
        }
        /* 3pm */
        uint64_t v;
        bool lz;
        size_t nd = digits_of(r, a.int_start, a.int_end, &v, &lz);
        size_t mend;
        char mer = !a.commas && nd <= 2 && v >= 1 && v <= 12 ? meridiem_at(r, j, &mend) : 0;
        if (mer) {
            say_int(r, a.int_start, a.int_end);
            say_meridiem(r, mer);
            return mend;
        }
    }

    /* 5$, 5€ */
    if (is_currency(c0)) {
        say_money(r, c0, &a, NULL);
        return j + 1;
    }
    /* 50¢ */
    if (c0 == M_CENT) {
        uint64_t v;
        bool lz;
        size_t nd = digits_of(r, a.int_start, a.int_end, &v, &lz);
        if (nint)
            say_int(r, a.int_start, a.int_end);
        say_fraction(r, &a);
        w_word(&r->w, !a.frac && nd <= MAX_DIGITS && v == 1 ? "cent" : "cents");
        return j + 1;
    }

    /* year, else cardinal and decimals */
    uint64_t v;
    bool lz;
    size_t nd = digits_of(r, a.int_start, a.int_end, &v, &lz);
    if (!sign && !a.frac && !a.commas && nd == 4 && !lz && v > 1000 && v < 3000 && c0 != '%') {
        ph_year(&p, (unsigned)v);
        say_phrase(r, &p);
    } else if (nint) {
        say_int(r, a.int_start, a.int_end);
    }
    say_fraction(r, &a);
    return j;
}

/* ---- letters ----------------------------------------------------------- */

static const char *const abbreviations[][2] = {
    {"mr", "mister"},     {"mrs", "misess"},   {"dr", "doctor"},       {"st", "saint"},
    {"co", "company"},    {"jr", "junior"},    {"maj", "major"},       {"gen", "general"},
    {"drs", "doctors"},   {"rev", "reverend"}, {"lt", "lieutenant"},   {"hon", "honorable"},
    {"sgt", "sergeant"},  {"capt", "captain"}, {"esq", "esquire"},     {"ltd", "limited"},
    {"col", "colonel"},   {"ft", "fort"}};

static const char *abbreviation(const char *w, size_t n)
{
    for (size_t i = 0; i < sizeof abbreviations / sizeof abbreviations[0]; i++)
        if (strlen(abbreviations[i][0]) == n && memcmp(w, abbreviations[i][0], n) == 0)
            return abbreviations[i][1];
    return NULL;
}

/* Letters in the run of letters and apostrophes at i; *end past the run. */
static size_t letter_run(const reader *r, size_t i, size_t *end)
{
    size_t letters = 0, j = i;
    for (;; j++) {
        char c = at(r, j);
        if (is_letter(c))
            letters++;
        else if (c != '\'')
            break;
    }
    *end = j;
    return letters;
}

/* A word of letters at i (a letter, or apostrophes then a letter). */
static size_t read_letters(reader *r, size_t i)
{
    size_t j;
    size_t letters = letter_run(r, i, &j);
    /* The word without leading, trailing or doubled apostrophes; it is
     * never longer than the folded piece. */
    char word[NORMALIZE_EN_MAX_INPUT + 1];
    size_t k = 0;
    for (size_t x = i; x < j; x++) {
        char c = r->b[x];
        if (c == '\'' && (k == 0 || word[k - 1] == '\''))
            continue;
        word[k++] = c;
    }
    while (k && word[k - 1] == '\'')
        k--;
    word[k] = '\0';

    if (at(r, j) != '.') {
        w_word_n(&r->w, word, k);
        return j;
    }
    size_t next_end;
    size_t next_letters = is_letter(at(r, j + 1)) || at(r, j + 1) == '\'' ? letter_run(r, j + 1, &next_end) : 0;
    const char *abbr = next_letters ? NULL : abbreviation(word, k);
    if (abbr) {
        w_words(&r->w, abbr);
        return j + 1;
    }
    w_word_n(&r->w, word, k);
    if (letters >= 2 && next_letters >= 2)
        w_word(&r->w, "dot");
    return j + 1;
}

/* ---- folding ----------------------------------------------------------- */

/* U+00C0..U+017F without accents; '1'..'5' stand for ae th ss ij oe and a
 * space for the two signs among them. */
static const char latin[] = "aaaaaa1ceeeeiiii"  /* U+00C0 */
                            "dnooooo ouuuuy23"  /* U+00D0 */
                            "aaaaaa1ceeeeiiii"  /* U+00E0 */
                            "dnooooo ouuuuy2y"  /* U+00F0 */
                            "aaaaaaccccccccdd"  /* U+0100 */
                            "ddeeeeeeeeeegggg"  /* U+0110 */
                            "gggghhhhiiiiiiii"  /* U+0120 */
                            "ii44jjkkklllllll"  /* U+0130 */
                            "lllnnnnnnnnnoooo"  /* U+0140 */
                            "oo55rrrrrrssssss"  /* U+0150 */
                            "ssttttttuuuuuuuu"  /* U+0160 */
                            "uuuuwwyyyzzzzzzs"; /* U+0170 */

_Static_assert(sizeof latin == 0x180 - 0xC0 + 1, "one entry per code point");

/* The folded form of one code point into b (at most 2 bytes): the count,
 * 0 for a code point that leaves no trace (a combining accent). */
static size_t fold_cp(uint32_t cp, char *b)
{
    if (cp < 0x80) {
        char c = (char)cp;
        if (c >= 'A' && c <= 'Z')
            c = (char)(c - 'A' + 'a');
        else if (cp < 0x20 || cp == 0x7F)
            c = ' ';
        b[0] = c;
        return 1;
    }
    if (cp >= 0x300 && cp < 0x370)
        return 0;
    if (cp >= 0xC0 && cp < 0x180) {
        static const char *const multi[] = {"ae", "th", "ss", "ij", "oe"};
        char c = latin[cp - 0xC0];
        if (c >= '1' && c <= '5') {
            memcpy(b, multi[c - '1'], 2);
            return 2;
        }
        b[0] = c;
        return 1;
    }
    char c = ' ';
    switch (cp) {
    case 0x2018:
    case 0x2019:
    case 0x02BC:
    case 0x00B4:
        c = '\'';
        break;
    case 0x2010:
    case 0x2011:
    case 0x2212:
        c = '-';
        break;
    case 0x00A3:
        c = M_POUND;
        break;
    case 0x20AC:
        c = M_EURO;
        break;
    case 0x00A5:
        c = M_YEN;
        break;
    case 0x00A2:
        c = M_CENT;
        break;
    case 0x00B0:
        c = M_DEGREE;
        break;
    case 0x01A0: /* Vietnamese horned o and u */
    case 0x01A1:
        c = 'o';
        break;
    case 0x01AF:
    case 0x01B0:
        c = 'u';
        break;
    case 0x0218: /* Romanian comma-below s and t */
    case 0x0219:
        c = 's';
        break;
    case 0x021A:
    case 0x021B:
        c = 't';
        break;
    default:
        if (cp >= 0xFF10 && cp <= 0xFF19)
            c = (char)('0' + (cp - 0xFF10));
        else if (cp >= 0xFF21 && cp <= 0xFF3A)
            c = (char)('a' + (cp - 0xFF21));
        else if (cp >= 0xFF41 && cp <= 0xFF5A)
            c = (char)('a' + (cp - 0xFF41));
        break;
    }
    b[0] = c;
    return 1;
}

/* Every code point takes at least as many bytes as its folded form. */
static size_t fold(const char *s, size_t len, char *b)
{
    size_t n = 0;
    for (size_t pos = 0; pos < len;) {
        uint32_t cp;
        pos += text_decode(s, len, pos, &cp);
        n += fold_cp(cp, b + n);
    }
    return n;
}

/* ---- entry ------------------------------------------------------------- */

size_t normalize_en_word(const char *word, char *out, size_t out_size)
{
    reader r;
    memset(&r, 0, sizeof r);
    r.w.out = out;
    r.w.size = out ? out_size : 0;
    if (r.w.size)
        out[0] = '\0';
    else
        r.w.full = true;
    if (!word)
        return 0;

    size_t len = 0;
    while (len < NORMALIZE_EN_MAX_INPUT && word[len])
        len++;
    char b[NORMALIZE_EN_MAX_INPUT];
    r.n = fold(word, len, b);
    r.b = b;

    for (size_t i = 0; i < r.n;) {
        char c = b[i];
        char prev = i ? b[i - 1] : '\0';
        bool prev_alnum = is_letter(prev) || is_digit(prev);
        if (is_digit(c) || (c == '.' && is_digit(at(&r, i + 1)) && !is_digit(prev) && !is_letter(prev))) {
            i = read_number(&r, i, false);
        } else if (c == '-' && !prev_alnum && (number_at(&r, i + 1) ||
                                               (is_currency(at(&r, i + 1)) && number_at(&r, i + 2)))) {
            w_word(&r.w, "minus");
            i = is_currency(at(&r, i + 1)) ? read_currency(&r, i + 1) : read_number(&r, i + 1, true);
        } else if (is_currency(c)) {
            i = read_currency(&r, i);
        } else if (is_letter(c) || (c == '\'' && is_letter(at(&r, i + 1)))) {
            i = read_letters(&r, i);
        } else {
            const char *say = NULL;
            switch (c) {
            case ',':
                if (is_digit(prev) && is_digit(at(&r, i + 1)))
                    w_pause(&r.w);
                break;
            case '&':
                say = "and";
                break;
            case '+':
                say = "plus";
                break;
            case '@':
                say = "at";
                break;
            case '#':
                say = "number";
                break;
            case '%':
                say = "percent";
                break;
            case M_DEGREE:
                say = "degrees";
                break;
            case M_CENT:
                say = "cent";
                break;
            default:
                break;
            }
            if (say)
                w_word(&r.w, say);
            i++;
        }
    }
    return r.w.need;
}
