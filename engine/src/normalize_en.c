/* English normalisation for the cmudict-arpabet frontend (rules in the header).
 *
 * Copyright (C) 2026 The Inflect authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The piece is first folded into lowercase ASCII (folded_en.h: accents
 * removed, currency and degree signs as one marker byte each, anything
 * unreadable as a space), then read left to right. Numbers are spelled
 * into a phrase first (number_words_en.h), so that ordinals and plurals can
 * change their last word before the phrase goes out. The units of measure
 * (units_en.h) and whether capitals are said or spelled (capitals_en.h)
 * have files of their own; the rules of context are here.
 */
#include "normalize_en.h"

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "abbreviations.h"
#include "capitals_en.h"
#include "folded_en.h"
#include "number_words_en.h"
#include "text.h"
#include "units_en.h"
#include "word_list.h"

/* Denominators 2..10 as words, one and many: "a half", "three quarters". */
static const char *const parts[][2] = {{"half", "halves"},    {"third", "thirds"}, {"quarter", "quarters"},
                                       {"fifth", "fifths"},    {"sixth", "sixths"}, {"seventh", "sevenths"},
                                       {"eighth", "eighths"},  {"ninth", "ninths"}, {"tenth", "tenths"}};

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

/* A pause after the words written so far, where the next word of the text
 * goes on with them (a phone number's groups written with spaces). */
static void w_pause_after(writer *w)
{
    if (w->need)
        w_token(w, ",", 1);
}

static const char *const months[12] = {"january", "february", "march",     "april",   "may",      "june",
                                       "july",    "august",   "september", "october", "november", "december"};
static const char *const days[7] = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"};

/* ---- reading the folded piece ------------------------------------------ */

typedef struct {
    writer w;
    const char *b;    /* folded piece */
    const bool *up;   /* whether each folded byte was a capital */
    size_t n;
    bool singular;    /* after "a"/"an": amounts and units are adjectives ("a 10 km race") */
    /* What the next word asks of a number ending this piece. */
    const struct measure *next_unit; /* a unit read with the number */
    const char *next_scale; /* "million"...: read before the currency */
    bool next_meridiem;     /* am/pm: a time drops "o'clock" */
    bool after_number;      /* the word before is a whole number: "2 ½" */
    bool prev_name;         /* for abbreviations.h */
    /* the word before: in small letters ("did" of "I did NOT"), or
     * capitalised as the first of its sentence ("Reply YES"), or none, or
     * "with" */
    bool prev_small, prev_first, first_word, after_with;
    unsigned char after_place; /* a place and a comma before: "Springfield, Ill." (normalize_en_context) */
    bool next_break;        /* a break or the end follows the piece: no next word in its clause */
    const char *next_word;  /* the next word folded, at most 15 bytes, or NULL: abbr_context's */
    abbr_next next_kind;
    bool next_year;         /* the next word is a year (nb_year): "b. 1820" */
    bool next_verse;        /* the next word is a chapter and verse (nb_verse): "Ps. 23:1" */
    bool shouted;           /* in shouted text: the sentence, or both neighbours, in capitals */
    bool after_the;         /* the word before is "the": a noun follows, never a pronoun */
    bool after_determiner;  /* the word before is one (abbr_is_determiner): "our Sun" */
    bool caps_pair;         /* shouted only as one of two or more capital words in a row */
    const char *dollars_of; /* whose dollars a "US$", "A$" ... amount is, or NULL */
    char code_sym;          /* the currency of the code before the word ("USD 49.99"), or 0 */
    const char *code_whose; /* and whose dollars they are, or NULL */
    bool range_around;      /* the word before or after makes "5-10" a range (range_before/after) */
    bool score_before;      /* the word before makes "112-108" a score read with "to" (won, beat ...) */
    bool team_before;       /* a team before, after "the" or a word of scores or play: "beat the Celtics 112-108" */
    bool station_around;    /* a radio station's call sign before or "station" after: "WLW 700 AM" is no time */
    bool karats;            /* a word of gold or bombs after: "14KT GOLD", "A 20 KT WARHEAD" are no knots */
    /* a word of waiting before, of any number of seconds (2: "every 30s",
     * "a timeout of 30s") or of those no decade is (1: "took 5s", not
     * "after 60s") */
    unsigned char timed_before;
    bool plurals_listed;    /* "and" or "or" and a number with an "s" after: "takes 20s and 50s" */
    bool verse_before;      /* the word before names a book or a chapter: "3:16" is a verse (verse_before()) */
    bool book_before;       /* the word before is a book of the Bible or chapter/verse (nb_book) */
    bool hours_around;      /* the word before names days or opening hours: "9-5" is a range of hours */
    bool counted_next;      /* the next word is what is counted in thousands and millions */
    bool counted_not_long;  /* and it may be a length's too: "10k rows", but "4m lines" are meters */
    bool after_between;     /* the word before is "between": a range reads "and" */
    /* The word before makes H:MM:SS a duration: 2 for a word that says so
     * whatever the hour ("took 02:14:33", "Duration: 1:45:00"), 1 for one
     * that does so only for a race's hours, 1 to 9 unpadded ("finished in
     * 2:05:30", where "ran 03:00:00 every night" and "check in 15:00:00"
     * are clocks), 0 for none. */
    unsigned char duration_before;
    bool of_next;           /* the next word is "of": "4/5 of" is a fraction */
    bool after_version;     /* the word before names a version or a numbered part: "1.12.2023" is no date */
    bool version_named;     /* and not one that is as often a price's or a measure's ("item", "step") */
    bool adjective_next;    /* the next word is one a measure before it describes: "a $5-million home" */
    bool code_next_to;      /* a number here is a code: letters in the piece, or a word of codes before */
    bool id_next_to;        /* and one of five digits or more: a noun of identifiers names it ("your order 40012345") */
    bool after_date_word;   /* the word before is one a date follows ("on", "until"): "12/24" is one */
    /* a date, not a fraction, goes on or ends here: a word that goes on a
     * date follows ("Meet on 3/4 at 5"), or the clause ends after a word it
     * may end on ("Meet on 3/4."): read_month_day */
    bool date_goes_on;
} reader;

static char at(const reader *r, size_t i)
{
    return i < r->n ? r->b[i] : '\0';
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

/* The end of an exponent at i ("e" after a number's digits: "1.5e-3",
 * "6.02e23", "2e+10"), or 0. Only after a number with a decimal point or
 * before a signed power, and of at most three digits, so that "1e9", "5e"
 * and product names keep their letters. */
static size_t exponent_end(const reader *r, size_t i)
{
    size_t k = i, j = i + 1;
    while (k > 0 && is_digit(r->b[k - 1]))
        k--;
    bool point = k >= 2 && r->b[k - 1] == '.' && is_digit(r->b[k - 2]);
    bool sign = at(r, j) == '-' || at(r, j) == '+';
    if (k == i || at(r, i) != 'e' || !(point || sign))
        return 0;
    size_t d = j += sign;
    while (is_digit(at(r, j)))
        j++;
    return j > d && j - d <= 3 && !is_letter(at(r, j)) && at(r, j) != '.' ? j : 0;
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
 * last digit straight out, so p holds the words that may still change.
 * Digit by digit: a leading zero, more than 15 digits, or more than 9
 * without a comma where the number is a code (code_next_to: "account
 * 12345678901", "Call 5551234567", a parcel's "1Z999AA10123456784"), or 5
 * or more where a noun of identifiers names it (id_next_to: "your order
 * 40012345"); elsewhere so large a number is a quantity ("$1765000000",
 * "4543000000 years"). */
static void int_words(reader *r, size_t s, size_t e, phrase *p)
{
    uint64_t v;
    bool lead_zero;
    size_t nd = digits_of(r, s, e, &v, &lead_zero);
    if (nd == 0)
        return;
    bool code = ((nd > 9 && r->code_next_to) || (nd >= 5 && r->id_next_to)) && !memchr(r->b + s, ',', e - s);
    if (nd > MAX_DIGITS || (nd > 1 && lead_zero) || code) {
        size_t left = nd;
        for (size_t i = s; i < e; i++) {
            if (!is_digit(r->b[i]))
                continue;
            if (--left)
                w_word(&r->w, number_ones[r->b[i] - '0']);
            else
                ph_add(p, number_ones[r->b[i] - '0']);
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

/* A letter spelled out: the letter, but "ay" for the letter A. */
static void say_letter(reader *r, char c)
{
    char one[2] = {c, '\0'};
    w_word(&r->w, c == 'a' ? "ay" : one);
}

static void say_digits(reader *r, size_t s, size_t e)
{
    for (size_t i = s; i < e; i++)
        w_word(&r->w, number_ones[r->b[i] - '0']);
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
    say_letter(r, m);
    w_word(&r->w, "m");
}

/* The unit written at k, or standing as the next word when k ends the
 * piece: the measure (in *m, or the reader's), *end past what was read. */
static const measure *unit_after(const reader *r, size_t k, measure *m, size_t *end)
{
    *end = k;
    if (unit_measure_at(r->b, r->up, r->n, k, m, end))
        return r->karats && !strcmp(m->u->one, "knot") ? NULL : m;
    return k == r->n ? r->next_unit : NULL;
}

/* A measure is read "per" its divisors, "three meters per second", and
 * "or" its alternative, in the same number: "five kilograms or pounds",
 * "one hundred eighty degrees celsius or fahrenheit" (a first word both
 * share is said once). */
static void say_unit(reader *r, const measure *m, bool one)
{
    bool single = one || r->singular;
    const char *said = single ? m->u->one : m->u->many;
    w_words(&r->w, said);
    if (m->alt) {
        const char *alt = single ? m->alt->one : m->alt->many;
        size_t k = strcspn(said, " ");
        if (said[k] && strncmp(said, alt, k + 1) == 0)
            alt += k + 1;
        w_word(&r->w, "or");
        w_words(&r->w, alt);
    }
    if (m->per) {
        w_word(&r->w, "per");
        w_words(&r->w, m->per);
    }
    if (m->per2) {
        w_word(&r->w, "per");
        w_words(&r->w, m->per2);
    }
}

/* A price is read "a" its divisor, as a newsreader says it: "ten dollars a
 * month" ("$10/month"), "fifteen dollars an hour", "three dollars a
 * kilogram". The end of what was read from i. */
static size_t read_price_per(reader *r, size_t i)
{
    size_t end = i;
    const char *per;
    /* and a second divisor, "$5/kg/day": five dollars a kilogram a day */
    for (int k = 0; k < 2 && (per = unit_divisor_at(r->b, r->up, r->n, end, &end)); k++) {
        /* every divisor that starts with a vowel letter starts with its
         * sound, and "hour" with a silent h */
        w_word(&r->w, strchr("aeiou", per[0]) || strncmp(per, "hour", 4) == 0 ? "an" : "a");
        w_words(&r->w, per);
    }
    return end;
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

/* The scales of an amount as written, joined to it ("$5m", "$1.2bn") or
 * a word of their own ("$45.3 mn", "3 mln euros": the financial press's
 * short forms, in small letters; a letter alone is a unit there, "5 m"). */
static const struct {
    const char *written, *said;
    bool alone;
} scale_forms[] = {
    {"thousand", "thousand", true}, {"million", "million", true}, {"billion", "billion", true},
    {"trillion", "trillion", true}, {"k", "thousand", false},     {"m", "million", false},
    {"mn", "million", true},        {"mln", "million", true},     {"b", "billion", false},
    {"bn", "billion", true},        {"bln", "billion", true},     {"t", "trillion", false},
    {"tn", "trillion", false},
};

/* Magnitude word after an amount ("m", "bn", "thousand" ...) at i, followed
 * by no letter: the word to say, and *end past it; NULL when none. */
static const char *magnitude_at(const reader *r, size_t i, size_t *end)
{
    size_t j = i;
    while (is_letter(at(r, j)))
        j++;
    size_t k = j - i;
    if (k == 0 || k > 8)
        return NULL;
    for (size_t f = 0; f < sizeof scale_forms / sizeof *scale_forms; f++) {
        if (strlen(scale_forms[f].written) == k && memcmp(r->b + i, scale_forms[f].written, k) == 0) {
            *end = j;
            return scale_forms[f].said;
        }
    }
    return NULL;
}

/* The currency's name, after whose it is: "billion u s dollars". */
static void say_currency(reader *r, const char *name)
{
    if (r->dollars_of)
        w_words(&r->w, r->dollars_of);
    w_word(&r->w, name);
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
        say_currency(r, r->singular ? nm->one : nm->many);
        return;
    }
    if (a->frac && (nfrac > 2 || !nm->sub_one)) {
        if (nd)
            say_int(r, a->int_start, a->int_end);
        say_fraction(r, a);
        say_currency(r, nm->many);
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
        say_currency(r, (nd <= MAX_DIGITS && units == 1) || (r->singular && sub == 0) ? nm->one : nm->many);
        if (sub == 0)
            return;
        w_pause(&r->w);
    }
    ph_below100(&p, sub);
    w_words(&r->w, p.s);
    w_word(&r->w, sub == 1 ? nm->sub_one : nm->sub_many);
}

/* The capitals written before "$" to say whose dollars an amount is
 * ("US$4.2 billion", "A$50", "NZ$1.20"), starting a word at i, with the
 * amount after: the words to say after the amount, and *sym_at at the "$";
 * NULL when there are none. */
static const char *dollars_prefix_at(const reader *r, size_t i, size_t *sym_at)
{
    static const char *const prefixes[][2] = {
        {"us", "u s"},         {"a", "australian"},  {"au", "australian"}, {"c", "canadian"},
        {"ca", "canadian"},    {"nz", "new zealand"}, {"hk", "hong kong"},  {"s", "singapore"},
        {"sg", "singapore"},
    };
    if (i > 0 && (is_letter(r->b[i - 1]) || is_digit(r->b[i - 1])))
        return NULL;
    size_t j = i;
    while (is_letter(at(r, j)) && r->up[j])
        j++;
    if (j == i || at(r, j) != '$' || !(is_digit(at(r, j + 1)) || (at(r, j + 1) == '.' && is_digit(at(r, j + 2)))))
        return NULL;
    for (size_t p = 0; p < sizeof prefixes / sizeof *prefixes; p++)
        if (strlen(prefixes[p][0]) == j - i && memcmp(r->b + i, prefixes[p][0], j - i) == 0) {
            *sym_at = j;
            return prefixes[p][1];
        }
    return NULL;
}

static uint64_t whole_part(const reader *r, size_t i);

static size_t read_money(reader *r, char sym, size_t i, size_t j);

/* Whether amount a is less than amount b, decimals and all ("1.5" < "1.8"). */
static bool amount_below(const reader *r, const amount *a, const amount *b)
{
    uint64_t x = whole_part(r, a->int_start), y = whole_part(r, b->int_start);
    if (x != y)
        return x < y;
    size_t na = a->frac ? a->frac_end - a->frac_start : 0, nb = b->frac ? b->frac_end - b->frac_start : 0;
    for (size_t k = 0; k < na || k < nb; k++) {
        char da = k < na ? r->b[a->frac_start + k] : '0', db = k < nb ? r->b[b->frac_start + k] : '0';
        if (da != db)
            return da < db;
    }
    return false;
}

/* Currency symbol at i, then an optional minus and an amount. */
static size_t read_currency(reader *r, size_t i)
{
    return read_money(r, r->b[i], i, i + 1);
}

/* Euros written as much of Europe writes them, points between thousands
 * and a comma before the cents: "€1.299,00", "€5,50", "€2.500.000". The
 * amount at j in *a (its whole part with the points, which digits_of
 * skips), when it has the cents or two or more groups of thousands; a
 * single group with no cents ("€1.299") is read the English way. */
static bool scan_euro_amount(const reader *r, size_t j, amount *a)
{
    size_t k = j;
    while (is_digit(at(r, k)))
        k++;
    if (k == j || k - j > 3 || (k - j > 1 && r->b[j] == '0'))
        return false;
    int groups = 0;
    while (at(r, k) == '.' && is_digit(at(r, k + 1)) && is_digit(at(r, k + 2)) && is_digit(at(r, k + 3)) &&
           !is_digit(at(r, k + 4))) {
        k += 4;
        groups++;
    }
    bool cents = at(r, k) == ',' && is_digit(at(r, k + 1)) && is_digit(at(r, k + 2)) && !is_digit(at(r, k + 3));
    size_t end = cents ? k + 3 : k;
    if (!cents && groups < 2)
        return false;
    if ((at(r, end) == '.' || at(r, end) == ',') && is_digit(at(r, end + 1)))
        return false; /* a longer run: "€5,50,20" */
    if (cents && (is_letter(at(r, end)) || (end == r->n && r->next_scale)))
        return false; /* no scale follows cents: "€1,5m" is English */
    *a = (amount){.int_start = j, .int_end = k, .commas = groups > 0, .frac = cents,
                  .frac_start = cents ? k + 1 : k, .frac_end = end, .end = end};
    return true;
}

/* An optional minus and an amount at j, in the currency of `sym`, whose
 * symbol is at i (j when there is none: "USD 49.99"); the end. */
static size_t read_money(reader *r, char sym, size_t i, size_t j)
{
    bool minus = false;
    if (at(r, j) == '-' && number_at(r, j + 1)) {
        minus = true;
        j++;
    }
    if (!number_at(r, j)) {
        w_word(&r->w, names_of(sym)->one);
        return i + 1; /* a symbol alone; a code is read only before an amount */
    }
    if (minus)
        w_word(&r->w, "minus");
    amount a;
    if (sym != M_EURO || !scan_euro_amount(r, j, &a))
        scan_amount(r, j, &a);
    size_t end = a.end;
    const char *mag = magnitude_at(r, a.end, &end);
    if (!mag && end == r->n)
        mag = r->next_scale;
    /* "a $4.5-billion budget": a scale joined by a hyphen, before a noun,
     * makes an adjective, the currency in the singular; before nothing or a
     * word of the clause's grammar it is the money ("lost $10-million last
     * year", "It cost $5-million to build", Canadian press style) */
    if (!mag && at(r, a.end) == '-' && is_letter(at(r, a.end + 1)) && (mag = magnitude_at(r, a.end + 1, &end))) {
        bool singular = r->singular;
        r->singular = r->adjective_next;
        say_money(r, sym, &a, mag);
        r->singular = singular;
        if (at(r, end) == '-' && end + 7 == r->n && memcmp(r->b + end + 1, "dollar", 6) == 0)
            end = r->n; /* "a $5-million-dollar home" */
        return end;
    }
    /* "$20-30": one currency for a rising range of whole amounts, said
     * once at its end, "twenty to thirty dollars"; so for a range of any
     * amounts before a scale, joined or a word of its own, "$2-3 million"
     * and "$1.5-2bn" → one point five to two billion dollars */
    amount b;
    if (!minus && !mag && at(r, a.end) == '-' && is_digit(at(r, a.end + 1))) {
        scan_amount(r, a.end + 1, &b);
        size_t b_end = b.end;
        const char *b_mag = magnitude_at(r, b.end, &b_end);
        if (!b_mag && b.end == r->n)
            b_mag = r->next_scale;
        bool rising = amount_below(r, &a, &b);
        if ((b_mag || (!a.frac && !b.frac)) && rising && at(r, b_mag ? b_end : b.end) != '-' &&
            (!b_mag || b_end == r->n)) {
            if (a.int_end > a.int_start)
                say_int(r, a.int_start, a.int_end);
            say_fraction(r, &a);
            w_word(&r->w, "to");
            say_money(r, sym, &b, b_mag);
            return read_price_per(r, b_mag ? b_end : b.end);
        }
    }
    say_money(r, sym, &a, mag);
    return read_price_per(r, end);
}

/* ---- numbers ----------------------------------------------------------- */

static void say_phrase(reader *r, phrase *p)
{
    w_words(&r->w, p->s);
}

/* ":MM" at j, two digits and no third: the value, else -1. */
static int colon_pair(const reader *r, size_t j)
{
    if (at(r, j) != ':' || !is_digit(at(r, j + 1)) || !is_digit(at(r, j + 2)) || is_digit(at(r, j + 3)))
        return -1;
    return (r->b[j + 1] - '0') * 10 + (r->b[j + 2] - '0');
}

/* After the whole seconds s of a time (already said): their decimals at
 * [frac, k) when frac is not 0 ("point four"), then "second" or "seconds"
 * when `say`. */
static void say_seconds(reader *r, size_t frac, size_t k, int s, bool say)
{
    if (frac) {
        w_word(&r->w, "point");
        say_digits(r, frac, k);
    }
    if (say)
        w_word(&r->w, s == 1 && !frac ? "second" : "seconds");
}

/* H:MM or H:MM:SS at the number [i, a->end) followed by ':': *end past the
 * time. The seconds follow the clock reading ("ten thirty and fifteen
 * seconds"), which is also how a duration written so is understood; after
 * a word of durations (duration_before) H:MM:SS is hours, minutes and
 * seconds. */
static bool read_time(reader *r, size_t i, const amount *a, size_t *end)
{
    size_t j = a->end;
    size_t hd = a->int_end - a->int_start;
    if (a->frac || a->commas || hd < 1 || hd > 2)
        return false;
    int m = colon_pair(r, j), s = m < 0 ? -1 : colon_pair(r, j + 3);
    size_t k = j + (s < 0 ? 3 : 6);
    if (m < 0 || m > 59 || s > 59 || (at(r, k) == ':' && is_digit(at(r, k + 1))))
        return false; /* not a time, or a longer chain: 1:2:3:4 */
    /* decimals of a second, as a race or a log writes them: "1:45:23.4" */
    size_t frac = s >= 0 && at(r, k) == '.' && is_digit(at(r, k + 1)) ? k + 1 : 0;
    if (frac) {
        for (k = frac; is_digit(at(r, k));)
            k++;
        if (at(r, k) == '.' && is_digit(at(r, k + 1)))
            return false; /* 1:02:03.4.5 */
    }
    if (i >= 2 && r->b[i - 1] == ':' && is_digit(r->b[i - 2]))
        return false; /* the end of a chain */
    unsigned h = (unsigned)(r->b[i] - '0');
    if (hd == 2)
        h = h * 10 + (unsigned)(r->b[i + 1] - '0');
    phrase p = {.n = 0};
    p.s[0] = '\0';
    /* Decimals after minutes and seconds, as a race's time is written
     * ("3:59.4", "1:45.3"): no clock has them, so minutes and seconds,
     * "three minutes and fifty nine point four seconds". */
    if (s < 0 && at(r, k) == '.' && is_digit(at(r, k + 1))) {
        size_t first = k + 1;
        for (k = first; is_digit(at(r, k));)
            k++;
        if (at(r, k) == '.' && is_digit(at(r, k + 1)))
            return false; /* 1:45.3.2 */
        size_t digits_end = k;
        if (at(r, k) == 's' && k + 1 == r->n)
            k++; /* "3:59.4s": its seconds said once */
        if (h > 0) {
            ph_below100(&p, h);
            ph_add(&p, h == 1 ? "minute" : "minutes");
            ph_add(&p, "and");
        }
        ph_below100(&p, (unsigned)m);
        say_phrase(r, &p);
        say_seconds(r, first, digits_end, m, true);
        *end = k;
        return true;
    }
    if (h > 24)
        return false;
    if (hd == 1 && h == 0 && s >= 0) {
        /* "0:01:05" is no time of day (that is written 00:01:05) but a
         * video's or a recording's time stamp: one minute and five seconds */
        if (m > 0) {
            ph_below100(&p, (unsigned)m);
            ph_add(&p, m == 1 ? "minute" : "minutes");
        }
        if (s > 0 || frac || m == 0) {
            if (m > 0)
                ph_add(&p, "and");
            ph_below100(&p, (unsigned)s);
        }
        say_phrase(r, &p);
        say_seconds(r, frac, k, s, m == 0 || s > 0 || frac);
        *end = k;
        return true;
    }
    size_t tail = k;
    char mer = h <= 12 ? meridiem_at(r, k, &tail) : 0;
    bool mer_next = !mer && h <= 12 && k == r->n && r->next_meridiem;
    if (s >= 0 && (r->duration_before == 2 || (r->duration_before == 1 && (hd == 1 || h == 0))) && i == 0 && !mer &&
        !mer_next && at(r, k) != '-' && at(r, k) != M_EN_DASH) {
        /* "finished in 2:05:30", "a running time of 1:45:00": hours,
         * minutes and seconds, as a race's or a film's length is said */
        if (h > 0) {
            ph_below100(&p, h);
            ph_add(&p, h == 1 ? "hour" : "hours");
        }
        if (m > 0) {
            ph_below100(&p, (unsigned)m);
            ph_add(&p, m == 1 ? "minute" : "minutes");
        }
        bool seconds = s > 0 || frac || (h == 0 && m == 0); /* "00:00:07.25", "0:00:00" */
        if (seconds) {
            if (h > 0 || m > 0)
                ph_add(&p, "and");
            ph_below100(&p, (unsigned)s);
        }
        say_phrase(r, &p);
        say_seconds(r, frac, k, s, seconds);
        *end = k;
        return true;
    }
    ph_below100(&p, h);
    if (m == 0) {
        /* "ten p m", but "ten o'clock and five seconds": a bare "ten and
         * five seconds" would sound like a count of seconds */
        if ((!mer && !mer_next) || s > 0 || frac)
            ph_add(&p, h >= 1 && h <= 12 ? "o'clock" : "hundred");
    } else if (m < 10) {
        ph_add(&p, "oh");
        ph_add(&p, number_ones[m]);
    } else {
        ph_below100(&p, (unsigned)m);
    }
    if (s > 0 || frac) {
        ph_add(&p, "and");
        ph_below100(&p, (unsigned)s);
    }
    say_phrase(r, &p);
    say_seconds(r, frac, k, s, s > 0 || frac);
    if (mer)
        say_meridiem(r, mer);
    *end = tail;
    return true;
}

/* A time before am/pm written with a point, as British text writes it
 * ("7.30pm", "11.05 am" → seven thirty p m, eleven oh five a m), or with
 * no separator, as weather bulletins and radio dials write it ("AT 345 PM
 * CDT", "1030 am", "1200 PM": three forty five p m, ten thirty a m, twelve
 * p m; a station's "1010 AM" is said the same way). */
static bool read_meridiem_time(reader *r, const amount *a, size_t *end)
{
    size_t hd = a->int_end - a->int_start, md = a->frac_end - a->frac_start, m_start = a->frac_start;
    size_t tail = a->frac ? a->frac_end : a->int_end;
    if (a->commas || (a->frac ? hd < 1 || hd > 2 || md != 2 : hd < 3 || hd > 4))
        return false;
    if (!a->frac) {
        hd -= 2; /* the last two digits are the minutes */
        m_start = a->int_end - 2;
    }
    char mer = meridiem_at(r, tail, &tail);
    if (!mer && !(tail == r->n && r->next_meridiem))
        return false;
    unsigned h = (unsigned)(r->b[a->int_start] - '0'), m;
    if (hd == 2)
        h = h * 10 + (unsigned)(r->b[a->int_start + 1] - '0');
    m = (unsigned)(r->b[m_start] - '0') * 10 + (unsigned)(r->b[m_start + 1] - '0');
    /* a dial's "WLW 700 AM" is seven hundred, where "1010 AM" reads as
     * the time would */
    if (h < 1 || h > 12 || m > 59 || (!a->frac && m == 0 && r->station_around))
        return false;
    phrase p = {.n = 0};
    p.s[0] = '\0';
    ph_below100(&p, h);
    if (m > 0 && m < 10) {
        ph_add(&p, "oh");
        ph_add(&p, number_ones[m]);
    } else if (m >= 10) {
        ph_below100(&p, m);
    }
    say_phrase(r, &p);
    if (mer)
        say_meridiem(r, mer);
    *end = tail;
    return true;
}

/* Runs of digits joined by one separator ('-' or '.') from i: how many
 * (at most 8), each run's [start, end), and *end past the last. */
static int digit_groups(const reader *r, size_t i, char *sep, size_t g[][2], size_t *end)
{
    int n = 0;
    size_t k = i;
    *sep = 0;
    while (n < 8 && is_digit(at(r, k))) {
        g[n][0] = k;
        while (is_digit(at(r, k)))
            k++;
        g[n++][1] = k;
        char c = at(r, k);
        if ((c != '-' && c != '.') || (*sep && c != *sep) || !is_digit(at(r, k + 1)))
            break;
        *sep = c;
        k++;
    }
    *end = k;
    return n;
}

/* Whether runs of digits (digit_groups) are a phone number: the last of
 * four digits, the one before of three or four, none longer than four,
 * seven digits in all or more, and three runs or more when joined by
 * dots. */
static bool phone_shape(size_t g[][2], int n, char sep)
{
    if (n < 2)
        return false;
    size_t total = 0;
    for (int k = 0; k < n; k++) {
        if (g[k][1] - g[k][0] > 4)
            return false;
        total += g[k][1] - g[k][0];
    }
    size_t last = g[n - 1][1] - g[n - 1][0], before = g[n - 2][1] - g[n - 2][0];
    return last == 4 && (before == 3 || before == 4) && total >= 7 && !(sep == '.' && n < 3);
}

/* An extension at i, as written after a phone number: "x", "ext" or "ext."
 * and its digits, ending the piece ("4567x89", "x89", "ext.89"). Where its
 * digits start, or 0. */
static size_t extension_at(const reader *r, size_t i)
{
    size_t d = 0;
    if (at(r, i) == 'x')
        d = i + 1;
    else if (at(r, i) == 'e' && at(r, i + 1) == 'x' && at(r, i + 2) == 't')
        d = i + 3 + (at(r, i + 3) == '.');
    if (!d || !is_digit(at(r, d)))
        return 0;
    size_t e = d;
    while (is_digit(at(r, e)))
        e++;
    return e == r->n ? d : 0;
}

/* "extension" and its digits one by one, as an extension is said. */
static void say_extension(reader *r, size_t digits)
{
    w_word(&r->w, "extension");
    say_digits(r, digits, r->n);
}

/* A phone number's area code, digit by digit, but a toll-free 800 as it is
 * said: "1-800-555-0199" → one, eight hundred, five five five, ... */
static void say_area_code(reader *r, size_t from, size_t to)
{
    if (to - from == 3 && memcmp(r->b + from, "800", 3) == 0)
        w_words(&r->w, "eight hundred");
    else
        say_digits(r, from, to);
}

/* Whether runs of digits (digit_groups) are two years joined by "-", a
 * range ("1990-1995") and no phone number, the second perhaps in its last
 * two digits, later in the same century ("1990-95", a season's "2023-24"). */
static bool years_shape(const reader *r, size_t g[][2], int n, char sep)
{
    if (n != 2 || sep != '-' || g[0][1] - g[0][0] != 4 || (r->b[g[0][0]] != '1' && r->b[g[0][0]] != '2'))
        return false;
    if (g[1][1] - g[1][0] == 2) {
        unsigned first = (unsigned)(r->b[g[0][0] + 2] - '0') * 10 + (unsigned)(r->b[g[0][0] + 3] - '0');
        unsigned last = (unsigned)(r->b[g[1][0]] - '0') * 10 + (unsigned)(r->b[g[1][0] + 1] - '0');
        return last > first;
    }
    return g[1][1] - g[1][0] == 4 && (r->b[g[1][0]] == '1' || r->b[g[1][0]] == '2');
}

/* A phone number (digit by digit, a pause between groups, then any
 * extension) or a range of two years at i; the end of what was read, or 0
 * for neither. */
static size_t read_phone_or_years(reader *r, size_t i)
{
    size_t g[8][2], end;
    char sep;
    int n = digit_groups(r, i, &sep, g, &end);
    if (n < 2 || (is_digit(at(r, end + 1)) && (at(r, end) == '.' || at(r, end) == '-')))
        return 0;
    bool letter = is_letter(at(r, end));
    if (years_shape(r, g, n, sep)) {
        if (letter)
            return 0;
        for (int k = 0; k < 2; k++) {
            uint64_t v;
            bool lz;
            digits_of(r, g[k][0], g[k][1], &v, &lz);
            if (k)
                w_word(&r->w, "to");
            if (g[k][1] - g[k][0] == 2) { /* "-95", "-05": ninety five, oh five */
                if (lz)
                    w_word(&r->w, "oh");
                say_int(r, g[k][0] + lz, g[k][1]);
                continue;
            }
            phrase p = {.n = 0};
            p.s[0] = '\0';
            ph_year(&p, (unsigned)v);
            w_words(&r->w, p.s);
        }
        return end;
    }
    if (!phone_shape(g, n, sep))
        return 0;
    /* Letters after it are an extension ("4567x89") or, an "x" alone ending
     * the piece, one not written out, read after the digits ("4567x"); any
     * others make it no phone number: "500-2000m" is a range of meters. */
    size_t ext = letter ? extension_at(r, end) : 0;
    if (letter && !ext && !(end + 1 == r->n && at(r, end) == 'x'))
        return 0;
    for (int k = 0; k < n; k++) {
        if (k)
            w_pause(&r->w);
        if (k == n - 3)
            say_area_code(r, g[k][0], g[k][1]);
        else
            say_digits(r, g[k][0], g[k][1]);
    }
    if (!ext)
        return end;
    w_pause(&r->w);
    say_extension(r, ext);
    return r->n;
}

/* "(555" or "(555)" at i, an area code in brackets: the scanner keeps a
 * "(" in the word only before an area code and its local number ("(555)
 * 123-4567", text.h), and its closing bracket is then the pause after it. */
static bool area_code_at(const reader *r, size_t i)
{
    return at(r, i) == '(' && is_digit(at(r, i + 1)) && is_digit(at(r, i + 2)) && is_digit(at(r, i + 3)) &&
           (i + 4 == r->n || at(r, i + 4) == ')');
}

/* A vulgar fraction on its own ("one half", "three quarters") or after a
 * whole number ("and a half", "and an eighth", "and three quarters"). */
static void say_vulgar(reader *r, const vulgar *f, bool mixed)
{
    if (mixed) {
        w_word(&r->w, "and");
        w_word(&r->w, f->num > 1 ? number_ones[f->num] : f->den == 8 ? "an" : "a");
    } else {
        w_word(&r->w, number_ones[f->num]);
    }
    w_word(&r->w, parts[f->den - 2][f->num == 1 ? 0 : 1]);
}

/* A unit written at k after a vulgar fraction, or standing as the next
 * word: after a whole number it is plural ("two and a half kilometers"),
 * after a fraction alone singular, as a noun after it is read as written
 * ("one half kilometer" like "one half cup"). The end of what was read. */
static size_t vulgar_unit(reader *r, size_t k, bool mixed)
{
    size_t end;
    measure m;
    const measure *u = unit_after(r, k, &m, &end);
    if (u)
        say_unit(r, u, !mixed);
    return end;
}

/* n/2, n/3, n/4 as a fraction after the whole number [s, e) at '/'; the end,
 * or 0 when it is not one. At the start of the piece after a whole number
 * it is read like a vulgar fraction ("2 1/2" as "2 ½": two and a half),
 * and so is a unit after it ("1/2 km" one half kilometer). */
static size_t read_fraction(reader *r, size_t s, size_t e)
{
    char d = at(r, e + 1);
    /* fifths to ninths only before "of" ("4/5 of voters"): alone, "4/5" is
     * as often a date */
    char most = r->of_next ? '9' : '4';
    if (at(r, e) != '/' || d < '2' || d > most || is_digit(at(r, e + 2)) || at(r, e + 2) == '/' ||
        is_letter(at(r, e + 2)) || e - s != 1 || r->b[s] == '0' || r->b[s] >= d)
        return 0;
    vulgar f = {0, (unsigned char)(r->b[s] - '0'), (unsigned char)(d - '0')};
    bool mixed = s == 0 && r->after_number;
    say_vulgar(r, &f, mixed);
    return vulgar_unit(r, e + 2, mixed);
}

/* A date: "december fifth" or, day first, "the twenty fifth of december",
 * then the year. */
static void say_date(reader *r, unsigned month, unsigned day, unsigned year, bool day_first)
{
    phrase p = {.n = 0};
    p.s[0] = '\0';
    ph_cardinal(&p, day);
    ph_ordinal(&p);
    if (day_first) {
        w_word(&r->w, "the");
        w_words(&r->w, p.s);
        w_word(&r->w, "of");
        w_word(&r->w, months[month - 1]);
    } else {
        w_word(&r->w, months[month - 1]);
        w_words(&r->w, p.s);
    }
    p.n = 0;
    p.s[0] = '\0';
    ph_date_year(&p, year);
    w_words(&r->w, p.s);
}

/* Exactly three runs of digits (of at most five each) joined by `sep` at
 * i, and nothing after them that would make a longer chain or a word: each
 * run's length and value, and *end past the last. */
static bool three_groups(const reader *r, size_t i, char sep, size_t len[3], unsigned v[3], size_t *end)
{
    size_t k = i;
    for (int g = 0; g < 3; g++) {
        if (g && at(r, k++) != sep)
            return false;
        size_t s = k;
        v[g] = 0;
        while (is_digit(at(r, k)) && k - s < 5)
            v[g] = v[g] * 10 + (unsigned)(r->b[k++] - '0');
        len[g] = k - s;
        if (!len[g] || is_digit(at(r, k)))
            return false;
    }
    char c = at(r, k);
    if (is_letter(c) || ((c == '-' || c == '/' || c == '.' || c == ':') && is_digit(at(r, k + 1))))
        return false;
    *end = k;
    return true;
}

/* b[0..n) is a month and a day, M/D: one or two digits each, the month
 * 1..12 and the day 1..31 ("10/14"). */
static bool month_day(const char *b, size_t n, unsigned *month, unsigned *day)
{
    unsigned v[2] = {0, 0};
    size_t k = 0;
    for (int g = 0; g < 2; g++) {
        if (g && (k >= n || b[k++] != '/'))
            return false;
        size_t s = k;
        while (k < n && k - s < 3 && is_digit(b[k]))
            v[g] = v[g] * 10 + (unsigned)(b[k++] - '0');
        if (k == s || k - s > 2)
            return false;
    }
    *month = v[0];
    *day = v[1];
    return k == n && v[0] >= 1 && v[0] <= 12 && v[1] >= 1 && v[1] <= 31;
}

/* M/D at i, the whole piece, after a word a date follows ("ships on
 * 12/24", "until 3/15"): month first, as a US English voice reads it;
 * the end, or 0 where it is no date, a common fraction ("after 1/2 hour",
 * "on 3/4 of the votes"; but before a word that goes on a date, or after
 * "on" before a break, it is one: "Meet on 3/4 at 5", "Meet on 3/4.") or
 * 9/11. */
static size_t read_month_day(reader *r, size_t i)
{
    unsigned month, day;
    if (!month_day(r->b + i, r->n - i, &month, &day))
        return 0;
    bool fraction = month < day && (day == 2 || day == 3 || day == 4 || day == 8) && !r->date_goes_on;
    bool named = month == 9 && day == 11; /* "after 9/11": the attacks, nine eleven */
    if (fraction || named)
        return 0;
    phrase p = {.n = 0};
    p.s[0] = '\0';
    ph_cardinal(&p, day);
    ph_ordinal(&p);
    w_word(&r->w, months[month - 1]);
    w_words(&r->w, p.s);
    return r->n;
}

/* A date at i, the end of it or 0: YYYY-MM-DD, and M/D/YYYY read month
 * first (a US English voice) unless only the day can come first
 * ("25/12/2026"). Years 1000..2999; a form that is not a valid date keeps
 * the number readings. */
static size_t read_date(reader *r, size_t i)
{
    size_t len[3], end;
    unsigned v[3];
    if (i >= 2 && is_digit(r->b[i - 2]) && (r->b[i - 1] == '-' || r->b[i - 1] == '/' || r->b[i - 1] == '.'))
        return 0; /* the tail of a longer chain */
    if (three_groups(r, i, '-', len, v, &end)) {
        if (len[0] != 4 || len[1] != 2 || len[2] != 2 || v[0] < 1000 || v[0] > 2999 || v[1] < 1 || v[1] > 12 ||
            v[2] < 1 || v[2] > 31)
            return 0;
        say_date(r, v[1], v[2], v[0], false);
        return end;
    }
    /* 15.03.2024: day first, as the countries that write dots write it;
     * "version 1.12.2023" and "v2.3.1045" are versions */
    if (!r->after_version && !(i == 1 && r->b[0] == 'v' && !r->up[0]) && three_groups(r, i, '.', len, v, &end)) {
        if (len[0] > 2 || len[1] > 2 || len[2] != 4 || v[2] < 1000 || v[2] > 2999 || v[0] < 1 || v[0] > 31 ||
            v[1] < 1 || v[1] > 12)
            return 0;
        say_date(r, v[1], v[0], v[2], true);
        return end;
    }
    if (r->after_date_word && !three_groups(r, i, '/', len, v, &end))
        return read_month_day(r, i);
    if (!three_groups(r, i, '/', len, v, &end) || len[0] > 2 || len[1] > 2 || v[1] < 1)
        return 0;
    if (len[2] == 2) {
        /* "1/1/25", "12/25/24": a short date, month first as the US writes
         * it, its two-digit year in this century up to 40 */
        if (v[0] < 1 || v[0] > 12 || v[1] > 31)
            return 0;
        say_date(r, v[0], v[1], v[2] <= 40 ? 2000 + v[2] : 1900 + v[2], false);
        return end;
    }
    if (len[2] != 4 || v[2] < 1000 || v[2] > 2999)
        return 0;
    if (v[0] >= 1 && v[0] <= 12 && v[1] <= 31)
        say_date(r, v[0], v[1], v[2], false);
    else if (v[0] >= 13 && v[0] <= 31 && v[1] <= 12)
        say_date(r, v[1], v[0], v[2], true);
    else
        return 0;
    return end;
}

/* Numbers joined by colons as a ratio, the whole piece: each a cardinal
 * with any decimals, "to" between them ("3:2" -> "three to two",
 * "1:10:50", "1:50,000" -> "one to fifty thousand"). False, reading
 * nothing, for any other piece. */
static bool read_ratio(reader *r)
{
    amount a;
    size_t i = 0;
    int terms = 0;
    do {
        if (terms && r->b[i++] != ':')
            return false;
        if (!number_at(r, i))
            return false;
        scan_amount(r, i, &a);
        i = a.end;
        terms++;
    } while (i < r->n);
    if (terms < 2)
        return false;
    for (i = 0; i < r->n; i = a.end + 1) {
        scan_amount(r, i, &a);
        if (i)
            w_word(&r->w, "to");
        if (a.int_end > a.int_start)
            say_int(r, a.int_start, a.int_end);
        say_fraction(r, &a);
    }
    /* The unit word after it said nothing of its own (prev_reads_unit):
     * "a ratio of 1:5 kg" is "one to five kilograms". */
    if (r->next_unit)
        say_unit(r, r->next_unit, false);
    return true;
}

/* Whether a foot or inch mark at j, after the number a, is one: not in
 * coordinates (a degree sign in the piece: 40°26'46"), and inches after
 * feet below 12 ("6'2"", but the minutes and seconds of "3'25"" and the
 * Swiss thousands of "1'000'000"). Anything else at j is no mark: true. */
static bool mark_is_unit(const reader *r, const amount *a, size_t j)
{
    char c = at(r, j);
    if (c != '\'' && c != '"')
        return true;
    if (memchr(r->b, M_DEGREE, r->n))
        return false;
    if (c == '\'') {
        /* what follows the feet: nothing, or inches below 12 */
        size_t k = j + 1;
        while (is_digit(at(r, k)))
            k++;
        if (k == j + 1) /* "6'", or "12'x14'" */
            return k == r->n || (at(r, k) == 'x' && is_digit(at(r, k + 1)));
        return k - (j + 1) <= 2 && whole_part(r, j + 1) < 12 && (k == r->n || (at(r, k) == '"' && k + 1 == r->n));
    }
    /* inches after feet: below 12 too */
    return a->int_start == 0 || r->b[a->int_start - 1] != '\'' ||
           (a->int_end - a->int_start <= 2 && whole_part(r, a->int_start) < 12);
}

/* Words that make two numbers joined by a hyphen a range, read with "to"
 * ("3-4 days", "pages 10-15", "ages 18-25"), where elsewhere "5-3" is a
 * score or a vote. */
static const char *const range_after[] = {
    "second", "seconds", "minute", "minutes", "min", "mins", "hour", "hours", "hrs", "day", "days",
    "night", "nights", "week", "weeks", "month", "months", "year", "years", "yrs", "times", "people",
    "percent", "per", "cents", "dollars", "pounds", "euros", "inches", "feet", "miles", "meters",
    "metres", "degrees", "servings", "pages", "players", "members", "words", "steps", "cups",
    "items", "million", "billion", "thousand", "hundred", "grams", "points", "games",
    "characters", "chars", "char", "digits", "letters",
};
/* Number at i (a digit or ".digit"); `sign` when a minus was just said. */
static size_t read_number(reader *r, size_t i, bool sign)
{
    amount a;
    scan_amount(r, i, &a);
    size_t j = a.end;
    size_t nint = a.int_end - a.int_start;

    if (!sign && !a.commas) {
        size_t e = read_date(r, i);
        if (!e)
            e = read_phone_or_years(r, i);
        if (e)
            return e;
    }
    if (!a.frac && !a.commas && nint) {
        size_t e = read_fraction(r, a.int_start, a.int_end);
        if (e)
            return e;
    }

    /* 1.2.3 and IP addresses: groups joined by "dot"; a version's
     * ("v2.1.3") by "point", as it is said */
    bool version = (i == 1 && r->b[0] == 'v' && !r->up[0]) || r->after_version;
    if (a.frac && nint && !a.commas && at(r, j) == '.' && is_digit(at(r, j + 1))) {
        say_int(r, a.int_start, a.int_end);
        size_t g = a.int_end;
        while (at(r, g) == '.' && is_digit(at(r, g + 1))) {
            size_t e = g + 1;
            while (is_digit(at(r, e)))
                e++;
            w_word(&r->w, version ? "point" : "dot");
            say_int(r, g + 1, e);
            g = e;
        }
        /* an address's port, "10.0.0.1:8080": port eighty eighty is how
         * it is said, but port eight thousand eighty is clear */
        size_t port = g + 1;
        while (at(r, g) == ':' && !version && is_digit(at(r, port)))
            port++;
        if (port - g >= 3 && port - g <= 6 && port == r->n) {
            w_word(&r->w, "port");
            say_int(r, g + 1, port);
            return port;
        }
        return g;
    }
    /* and with one point, the part after it as a number ("version 3.10",
     * "Python 3.12", "Table 2.15": three point ten), but not after a word
     * as often before a price or a measure ("Item 12.99", "Step 1.25"), nor
     * where a unit or a word of measures follows; with a leading zero
     * ("3.05") it keeps its digits */
    size_t nfrac = a.frac_end - a.frac_start;
    bool named = (i == 1 && r->b[0] == 'v' && !r->up[0]) || r->version_named;
    if (named && a.frac && nint && !a.commas && nfrac >= 2 && nfrac <= 3 && r->b[a.frac_start] != '0' &&
        j == r->n && !r->next_unit && !(r->next_word && WORD_IN(r->next_word, strlen(r->next_word), range_after))) {
        say_int(r, a.int_start, a.int_end);
        w_word(&r->w, "point");
        say_int(r, a.frac_start, a.frac_end);
        return j;
    }

    size_t end;
    if (!sign && (read_time(r, i, &a, &end) || read_meridiem_time(r, &a, &end)))
        return end;

    /* "a 5-km run", "the 10-yr yield": a unit joined by a hyphen makes an
     * adjective of the measure, in the singular */
    measure joined;
    if (!a.commas && at(r, j) == '-' && is_letter(at(r, j + 1)) &&
        unit_measure_at(r->b, r->up, r->n, j + 1, &joined, &end) && end == r->n) {
        if (nint)
            say_int(r, a.int_start, a.int_end);
        say_fraction(r, &a);
        say_unit(r, &joined, true);
        return end;
    }

    /* 2½: a whole number and a vulgar fraction */
    const vulgar *f = folded_vulgar(at(r, j));
    if (f && !a.frac && nint) {
        say_int(r, a.int_start, a.int_end);
        say_vulgar(r, f, true);
        return vulgar_unit(r, j + 1, true);
    }

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
        /* seconds after a word of waiting: "every 5s", "timeout to 30s"
         * (not a decade's four digits, "after 1990s reforms", nor a list of
         * plurals, "took 5s and 10s"); a decade after a word of time only
         * where the clause ends or "of" follows: "gives up after 60s.", not
         * "Life after 50s can be fun" */
        if (plural_end == j + 1 && r->timed_before && !r->plurals_listed && !a.commas &&
            a.int_end - a.int_start <= 3) {
            uint64_t n = whole_part(r, a.int_start);
            bool decade = n >= 10 && n <= 90 && n % 10 == 0;
            if (r->timed_before == 2 || !decade || r->next_break || r->of_next) {
                int_words(r, a.int_start, a.int_end, &p);
                say_phrase(r, &p);
                w_word(&r->w, n == 1 ? "second" : "seconds");
                return plural_end;
            }
        }
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
        return read_price_per(r, j + 1);
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
        return read_price_per(r, j + 1);
    }

    /* a count in thousands, millions or billions: "1.5M subscribers",
     * "10k followers", "2m people", where "2m" alone is two meters; a
     * capital M or B after a decimal is a count anywhere ("a 3.2M
     * population", "approx. 3.2M"), but "3M" alone may be the company,
     * and "4.7K" a resistor, "2.5K" a display or a race */
    size_t mag_end;
    const char *mag = magnitude_at(r, j, &mag_end);
    bool capital_count = mag && a.frac && mag_end == j + 1 && r->up[j] && r->b[j] != 'k';
    bool meters = mag_end == j + 1 && r->b[j] == 'm' && !r->up[j] && r->counted_not_long;
    if (mag && mag_end == r->n && strcmp(mag, "trillion") != 0 && ((r->counted_next && !meters) || capital_count)) {
        if (nint)
            say_int(r, a.int_start, a.int_end);
        say_fraction(r, &a);
        w_word(&r->w, mag);
        return mag_end;
    }

    /* year, else cardinal and decimals; then a unit written after it or
     * standing as the next word */
    uint64_t v;
    bool lz;
    size_t nd = digits_of(r, a.int_start, a.int_end, &v, &lz);
    size_t unit_end;
    measure m;
    const measure *u = mark_is_unit(r, &a, j) ? unit_after(r, j, &m, &unit_end) : NULL;
    if (u) {
        if (nint)
            say_int(r, a.int_start, a.int_end);
        say_fraction(r, &a);
        say_unit(r, u, !a.frac && nd == 1 && v == 1);
        return unit_end;
    }
    if (!sign && !a.frac && !a.commas && nd == 4 && !lz && v > 1000 && v < 3000 && c0 != '%') {
        ph_year(&p, (unsigned)v);
        say_phrase(r, &p);
    } else if (nint) {
        say_int(r, a.int_start, a.int_end);
    }
    say_fraction(r, &a);
    /* "9.58s", "0.5s": seconds. Only with decimals: "30s" and "5s" are a
     * decade and a plural (above). */
    if (a.frac && c0 == 's' && !is_letter(c1) && !is_digit(c1)) {
        w_word(&r->w, "seconds");
        return j + 1;
    }
    return j;
}

/* ---- letters ----------------------------------------------------------- */

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

/* Whether a word written in capitals, a word of its own (the piece, or a
 * part of it between hyphens or slashes), is a word in shouted text: "THE
 * FBI WARNED US." -> "the f b i warned us". US and IT after "the" are the
 * country and information technology, since the pronouns never follow it
 * ("THE US ARMY"). */
static bool shouted_word(const reader *r, const char *w, size_t n)
{
    /* a place's first word ("DES MOINES", "DES PLAINES"; "ARIZONA DES" is
     * a department's letters) */
    if (n == 3 && memcmp(w, "des", 3) == 0)
        return r->next_word && (!strcmp(r->next_word, "moines") || !strcmp(r->next_word, "plaines"));
    if (n <= 3)
        return capitals_short_word(w, n) &&
               !((r->after_the || r->caps_pair) && n == 2 && (memcmp(w, "us", 2) == 0 || memcmp(w, "it", 2) == 0));
    return capitals_pronounceable(w, n, true);
}

/* Whether a word of capitals_emphasised() in text that is not shouted is
 * written so for emphasis: after a word in small letters but "with" ("I
 * did NOT say", "with DID" is a disorder's) or a determiner (but before
 * an adjective among them: "a NEW feature"; "the UP police" are letters)
 * or after the sentence's capitalised first word ("Reply YES"), and never
 * before a capitalised word or a number ("signed OF Juan", "FAR 52.212")
 * nor after a number ("900 ALL"), but for a model's "737 MAX 9"; or first
 * itself (below). */
static bool emphasised(const reader *r, const char *w, size_t n)
{
    static const char *const adjectives[] = {"new", "big", "hot", "old", "bad", "top", "low",
                                             "few", "one", "two", "six", "ten", "own"};
    if (!capitals_emphasised(w, n))
        return false;
    if (n == 3 && memcmp(w, "max", 3) == 0 && (r->after_number || r->next_kind == ABBR_NEXT_DIGIT))
        return true;
    /* first, of three letters or alone, or one of the two-letter words that
     * no one's initials start a sentence with: "ALL visitors", "SEE
     * Man-Fish", "NO.", "SO good" (not "IS fighters", "NO production", "UP
     * police") */
    static const char *const leading[] = {"so", "go", "be", "we", "if", "by"};
    if (r->first_word && r->next_kind != ABBR_NEXT_DIGIT &&
        (n == 3 || WORD_IN(w, n, leading) || r->next_kind == ABBR_NEXT_NONE))
        return true;
    if (r->next_kind == ABBR_NEXT_UPPER || r->next_kind == ABBR_NEXT_DIGIT || r->after_with)
        return false;
    if (r->after_determiner && !WORD_IN(w, n, adjectives))
        return false;
    return r->prev_small || r->prev_first;
}

static void spell(reader *r, const char *w, size_t n)
{
    for (size_t x = 0; x < n; x++)
        if (w[x] != '\'')
            say_letter(r, w[x]);
}

/* Words run together in camel case, a hashtag's ("#BlackLivesMatter",
 * "#WorldCup"), a product's ("HomeNetwork", below) or a program's name
 * starting with a word of two small letters or more ("getUserById",
 * "setTimeout", "macOS"; not "iPhone", "eBay", "mAh", "kW", "linuX" or a
 * formula's "etCO2"): each, split where a small letter meets a capital or
 * a run of capitals meets a word ("#COVIDVaccine", "innerHTML"), read as a
 * word of its own, capitals by the acronym rule. True when the letters
 * [i, j) were such. */
static bool read_camel_words(reader *r, size_t i, size_t j)
{
    size_t humps = 0;
    for (size_t x = i + 1; x < j; x++)
        humps += r->up[x] && (!r->up[x - 1] || (x + 1 < j && !r->up[x + 1]));
    size_t small = 0;
    while (i + small < j && !r->up[i + small])
        small++;
    bool hashtag = i > 0 && r->b[i - 1] == '#';
    /* (a capital alone at the end is a brand's flourish: "linuX") */
    bool program = (i == 0 || !is_letter(r->b[i - 1])) && small >= 2 && small < j - i &&
                   !(r->up[j - 1] && !r->up[j - 2]) && !is_digit(at(r, j));
    /* or capitalised words of three letters or more run together, a
     * product's or a network's name ("HomeNetwork", "PowerPoint"; not
     * "McDonald", "LeBron", "DiCaprio", "FedEx") */
    size_t words = 0, x = i;
    while (x < j && r->up[x]) {
        size_t e = x + 1;
        while (e < j && !r->up[e])
            e++;
        if (e - x < 3)
            break;
        words++;
        x = e;
    }
    bool pascal = x == j && words >= 2 && (i == 0 || !is_letter(r->b[i - 1]));
    if (!(hashtag || program || pascal) || humps == 0)
        return false;
    for (size_t s = i; s < j;) {
        size_t e = s + 1;
        if (r->up[s] && e < j && r->up[e]) {
            while (e < j && r->up[e] && !(e + 1 < j && !r->up[e + 1] && is_letter(r->b[e + 1])))
                e++; /* capitals, up to the one a word starts with */
        } else {
            while (e < j && !r->up[e])
                e++;
        }
        bool caps = e - s >= 2 && r->up[s] && r->up[e - 1];
        if (caps && !capitals_pronounceable(r->b + s, e - s, false))
            spell(r, r->b + s, e - s);
        else
            w_word_n(&r->w, r->b + s, e - s);
        s = e;
    }
    return true;
}

/* The world wars written in capitals at the piece's start ("WWI", "WWII",
 * "WWIII", "WW2", "WWII-era", "WWII's"): "world war one" and so on; 0 when
 * it is none, else where its reading ends. */
static size_t read_world_war(reader *r, size_t i)
{
    static const char *const forms[][3] = {{"wwi", "one", "one's"},         {"wwii", "two", "two's"},
                                           {"wwiii", "three", "three's"},   {"ww1", "one", "one's"},
                                           {"ww2", "two", "two's"}};
    if (i != 0)
        return 0;
    for (size_t k = 0; k < sizeof forms / sizeof *forms; k++) {
        size_t n = strlen(forms[k][0]);
        if (r->n < n || memcmp(r->b, forms[k][0], n) != 0 || !r->up[0] || !r->up[1] ||
            (is_letter(r->b[n - 1]) && !r->up[n - 1]))
            continue;
        bool possessive = r->n == n + 2 && r->b[n] == '\'' && r->b[n + 1] == 's';
        if (r->n > n && r->b[n] != '-' && !possessive)
            continue;
        w_word(&r->w, "world");
        w_word(&r->w, "war");
        w_word(&r->w, forms[k][possessive ? 2 : 1]);
        return possessive ? r->n : n;
    }
    return 0;
}

/* Whether the word [i, j) is joined by "+" or "-" to a modifier key:
 * "Ctrl-Alt-Del", "Alt+F4", "Shift+Del". */
static bool key_in_shortcut(const reader *r, size_t i, size_t j)
{
    static const char *const keys[] = {"ctrl", "control", "alt", "shift", "cmd", "option", "fn", "win", "super"};
    for (size_t s = 0; s < r->n;) {
        size_t e = s;
        while (e < r->n && is_letter(r->b[e]))
            e++;
        bool joined = (s > 0 && (r->b[s - 1] == '+' || r->b[s - 1] == '-')) || at(r, e) == '+' || at(r, e) == '-';
        if (e > s && s != i && joined && (i > 0 || at(r, j)) && WORD_IN(r->b + s, e - s, keys))
            return true;
        s = e > s ? e : s + 1;
    }
    return false;
}

/* A word of letters at i (a letter, or apostrophes then a letter). */
static size_t read_letters(reader *r, size_t i)
{
    size_t war = read_world_war(r, i);
    if (war)
        return war;
    size_t j;
    size_t letters = letter_run(r, i, &j);
    if (letters == j - i && read_camel_words(r, i, j))
        return j;
    /* Microsoft's ".NET" (the scanner keeps its point) */
    if (i == 1 && r->b[0] == '.' && j == 4 && memcmp(r->b + 1, "net", 3) == 0 && r->up[1] && r->up[3]) {
        w_words(&r->w, "dot net");
        return j;
    }
    /* "v2.1.3", "v10": a version (a capital V is a letter: "V8") */
    if (letters == 1 && r->b[i] == 'v' && !r->up[i] && i == 0 && is_digit(at(r, j))) {
        w_word(&r->w, "version");
        return j;
    }
    /* The word without leading, trailing or doubled apostrophes; it is
     * never longer than the folded piece. */
    char word[NORMALIZE_EN_MAX_INPUT + 1], cased[NORMALIZE_EN_MAX_INPUT + 1]; /* as written */
    size_t k = 0, caps = 0;
    for (size_t x = i; x < j; x++) {
        char c = r->b[x];
        caps += is_letter(c) && r->up[x];
        if (c == '\'' && (k == 0 || word[k - 1] == '\''))
            continue;
        cased[k] = is_letter(c) && r->up[x] ? (char)(c - 'a' + 'A') : c;
        word[k++] = c;
    }
    while (k && word[k - 1] == '\'')
        k--;
    word[k] = '\0';
    cased[k] = '\0';
    /* the keys of a keyboard's shortcuts ("Ctrl+C", "Cmd+S", "Esc") and
     * names of computing said as words ("JSON", "PyPI"), in any case but
     * "ESC" (a society's, a car's stability control); "Cmd" only joined to
     * a key ("Cmd Smith" may be a commander), "Alt" and "Del" only with
     * another modifier (key_in_shortcut: "Ctrl-Alt-Del"; "Del Shannon",
     * "Del-Mar" stay) */
    enum { ALWAYS, JOINED, WITH_MODIFIER, SMALL_OR_WITH_MODIFIER };
    static const struct {
        const char *written, *said;
        int when;
    } said[] = {
        {"ctrl", "control", ALWAYS},   {"json", "jay son", ALWAYS},        {"pypi", "pie p i", ALWAYS},
        {"ieee", "i triple e", ALWAYS}, {"cmd", "command", JOINED},        {"alt", "alt", WITH_MODIFIER},
        {"del", "delete", WITH_MODIFIER}, {"esc", "escape", SMALL_OR_WITH_MODIFIER},
    };
    bool joined = (i > 0 && (r->b[i - 1] == '+' || r->b[i - 1] == '-')) || at(r, j) == '+' || at(r, j) == '-';
    for (size_t s = 0; s < sizeof said / sizeof *said; s++)
        if (strcmp(word, said[s].written) == 0) {
            int when = said[s].when;
            if ((when == JOINED && !joined) || (when == WITH_MODIFIER && !key_in_shortcut(r, i, j)) ||
                (when == SMALL_OR_WITH_MODIFIER && caps == k && !key_in_shortcut(r, i, j)))
                break;
            w_words(&r->w, said[s].said);
            return j;
        }

    size_t next_end;
    bool dot = at(r, j) == '.';
    size_t next_letters = dot && (is_letter(at(r, j + 1)) || at(r, j + 1) == '\'') ? letter_run(r, j + 1, &next_end) : 0;
    if (dot && !next_letters) {
        abbr_context ac = {i == 0 && r->prev_name,
                           j + 1 < r->n ? abbr_next_of((unsigned char)r->b[j + 1]) : r->next_kind,
                           i == 0 && r->after_determiner, j + 1 == r->n && r->next_year,
                           i == 0 && r->after_number, j + 1 == r->n && r->next_verse};
        ac.after_place = i == 0 ? r->after_place : 0;
        ac.before_break = j + 1 == r->n && r->next_break;
        ac.next_word = j + 1 == r->n ? r->next_word : NULL;
        bool ends;
        /* as written, since a few read only in one case ("v.", "Ms.") */
        const char *abbr = abbr_reading(cased, k, &ac, &ends);
        if (abbr) {
            w_words(&r->w, abbr);
            return j + 1;
        }
    }
    bool apostrophe = k != letters;
    /* the whole piece, or one word of a compound ("NON-INFRINGEMENT",
     * "AND/OR") */
    bool own_word = (i == 0 || r->b[i - 1] == '-' || r->b[i - 1] == '/') &&
                    (j == r->n || at(r, j) == '-' || at(r, j) == '/');
    bool vowel = false;
    for (size_t x = 0; x < k; x++)
        vowel = vowel || is_vowel(word[x]);
    /* "mp3", "B2B", "4K" but not "Win10" */
    bool near_digit = ((i > 0 && is_digit(r->b[i - 1])) || is_digit(at(r, j))) && (caps == letters || !vowel);
    bool near_amp = (i > 0 && r->b[i - 1] == '&') || at(r, j) == '&';
    /* U.S.A, and a capital with the piece's final period: the scanner keeps
     * that period only for a name's initial ("A. Smith" -> "ay smith") */
    bool initial = letters == 1 && ((dot && next_letters) || (i >= 2 && r->b[i - 1] == '.' && is_letter(r->b[i - 2])));
    /* a degree's capitalised pair among single letters: "Ph.D.", "M.Sc.",
     * "Ed.D.", "Th.D." (not "J.Lo", "Mr.T") */
    static const char *const degree_pairs[] = {"ph", "sc", "ed", "th"};
    bool after_initial = i >= 2 && r->b[i - 1] == '.' && is_letter(r->b[i - 2]) && (i == 2 || !is_letter(r->b[i - 3]));
    bool degree_part =
        WORD_IN(word, k, degree_pairs) && caps == 1 && r->up[i] && ((dot && next_letters == 1) || after_initial);
    /* two syllables of a capital consonant and a small vowel run together
     * are the words: "WiFi", "HiFi" (not "NaCl", "MiGs", "MoUs") */
    bool two_words = !apostrophe && letters == 4 && r->up[i] && !r->up[i + 1] && r->up[i + 2] && !r->up[i + 3] &&
                     !is_vowel(r->b[i]) && is_vowel(r->b[i + 1]) && !is_vowel(r->b[i + 2]) && is_vowel(r->b[i + 3]);
    /* capitals are read as a word when they look like one (NASA), in
     * shouted text by a looser test */
    bool capital_word = own_word && r->shouted ? shouted_word(r, word, k)
                                               : capitals_spoken(word, k) || (own_word && emphasised(r, word, k));
    /* The plural of an initialism, "CEOs", "IDs": its letters, the last as
     * a plural ("c e o's", which espeak-ng reads with a z), unless the
     * capitals read as a word (PINs, SIMs: the word). */
    bool said_plural = letters >= 4 && caps == letters - 1 && word[k - 1] == 's' && !r->up[j - 1] &&
                       capitals_spoken(word, k - 1);
    if (two_words) {
        w_word_n(&r->w, word, 2);
        w_word_n(&r->w, word + 2, 2);
    } else if (!apostrophe && letters >= 3 && letters <= 6 && caps == letters - 1 && word[k - 1] == 's' &&
               !r->up[j - 1] && !capitals_spoken(word, k - 1)) {
        spell(r, word, k - 2);
        char plural[4] = {word[k - 2], '\'', 's', '\0'};
        w_word(&r->w, plural);
    } else if (!apostrophe && !said_plural && ((caps == letters && letters >= 2 && !capital_word) ||
                        (letters <= 4 && caps >= 2 && caps < letters) || (letters <= 3 && near_digit) || degree_part ||
                        (letters == 1 && (near_amp || initial || (dot && caps == 1 && j + 1 == r->n)))))
        spell(r, word, k);
    else
        w_word_n(&r->w, word, k);
    if (!dot)
        return j;
    if (letters >= 2 && next_letters >= 2)
        w_word(&r->w, "dot");
    return j + 1;
}

/* ---- signs, fractions and Greek letters -------------------------------- */

/* The marker byte at i (at or above M_SIGNS, or a Greek letter): a sign,
 * a vulgar fraction with any unit after it, or a Greek letter; the end of
 * what was read. */
static size_t read_symbol(reader *r, size_t i)
{
    char c = r->b[i];
    const vulgar *f = folded_vulgar(c);
    if (f) {
        /* "2 ½": the whole number was the word before */
        bool mixed = i == 0 && r->after_number;
        say_vulgar(r, f, mixed);
        return vulgar_unit(r, i + 1, mixed);
    }
    if (!folded_is_greek(c)) {
        if (!folded_sign(c))
            return i + 1;
        if (at(r, i + 1) == c && folded_sign_plural(c)) {
            w_word(&r->w, folded_sign_plural(c));
            return i + 2;
        }
        w_words(&r->w, folded_sign(c));
        return i + 1;
    }
    /* Two or more Greek letters together are a word of Greek, dropped like
     * any other script; one alone is a symbol (α, Δx, π, β-blocker). */
    size_t j = i + 1;
    while (folded_is_greek(at(r, j)))
        j++;
    if (j - i > 1 || (i > 0 && folded_is_greek(r->b[i - 1])))
        return j;
    if (c == M_MICRO)
        /* the micro prefix before a letter ("µC" a microcontroller), else
         * the letter ("µ" a mean); after a number the units read it */
        w_word(&r->w, is_letter(at(r, i + 1)) ? "micro" : "mu");
    else if (c == M_OHM)
        w_word(&r->w, "omega"); /* the ohm only after a number */
    else if (c != M_GREEK_OTHER)
        w_word(&r->w, folded_greek_name(c));
    return j;
}

/* ---- the neighbouring words -------------------------------------------- */

/* A neighbour folded for the rules that look at it; only short words matter
 * (numbers, units, months), so a longer one is left empty. */
typedef struct {
    char b[48];
    bool up[48];
    size_t n;
    uint32_t first; /* first code point, 0 when none */
} neighbour;

static void fold_neighbour(const char *w, neighbour *nb)
{
    nb->n = 0;
    nb->first = 0;
    if (!w || !*w)
        return;
    size_t len = strlen(w);
    text_decode(w, len, 0, &nb->first);
    if (len <= 24) /* a code point folds to at most 2 bytes */
        nb->n = fold_en(w, len, nb->b, nb->up);
}

static bool nb_is(const neighbour *nb, const char *lit)
{
    return nb->n == strlen(lit) && memcmp(nb->b, lit, nb->n) == 0;
}

static bool nb_capitalised(const neighbour *nb)
{
    return nb->n && is_letter(nb->b[0]) && nb->up[0];
}

/* Only capitals (and apostrophes inside: "HE'S"), at least two letters. */
static bool nb_all_caps(const neighbour *nb)
{
    size_t letters = 0;
    for (size_t i = 0; i < nb->n; i++) {
        if (nb->b[i] == '\'' && i > 0)
            continue; /* "HE'S", "IT'S" */
        if (!is_letter(nb->b[i]) || !nb->up[i])
            return false;
        letters++;
    }
    return letters >= 2;
}

/* The month (0..11) a capitalised word names without its period ("Dec"),
 * else -1. May is a word already. */
static int nb_bare_month(const neighbour *nb)
{
    static const struct {
        const char *abbr;
        int month;
    } abbr[] = {{"jan", 0}, {"feb", 1}, {"mar", 2}, {"apr", 3}, {"jun", 5},  {"jul", 6},
                {"aug", 7}, {"sep", 8}, {"sept", 8}, {"oct", 9}, {"nov", 10}, {"dec", 11}};
    if (!nb_capitalised(nb))
        return -1;
    for (size_t m = 0; m < sizeof abbr / sizeof *abbr; m++)
        if (nb_is(nb, abbr[m].abbr))
            return abbr[m].month;
    return -1;
}

/* A month, capitalised: written out, abbreviated with its period, or
 * abbreviated without it (the day next to it is what makes "Dec" a month;
 * read_month reads the word itself). */
static bool nb_month(const neighbour *nb)
{
    if (!nb_capitalised(nb))
        return false;
    for (size_t m = 0; m < 12; m++)
        if (nb_is(nb, months[m]))
            return true;
    if (nb_bare_month(nb) >= 0)
        return true;
    static const char *const abbr[] = {"jan.", "feb.", "mar.", "apr.", "jun.", "jul.", "aug.",
                                       "sep.", "sept.", "oct.", "nov.", "dec."};
    for (size_t m = 0; m < sizeof abbr / sizeof *abbr; m++)
        if (nb_is(nb, abbr[m]))
            return true;
    return false;
}

/* Whether the two folded bytes at b are an ordinal's suffix: st, nd, rd, th. */
static bool ordinal_suffix_at(const char *b)
{
    static const char *const suffixes[] = {"st", "nd", "rd", "th"};
    for (size_t k = 0; k < 4; k++)
        if (memcmp(b, suffixes[k], 2) == 0)
            return true;
    return false;
}

/* A day of the month, 1..31, with or without its ordinal suffix. */
static bool nb_day(const neighbour *nb)
{
    size_t i = 0;
    unsigned v = 0;
    while (i < nb->n && i < 2 && is_digit(nb->b[i]))
        v = v * 10 + (unsigned)(nb->b[i++] - '0');
    if (i == 0 || v < 1 || v > 31)
        return false;
    return i == nb->n || (nb->n == i + 2 && ordinal_suffix_at(nb->b + i));
}

/* A plain four-digit year, 1000..2999. */
static bool nb_year(const neighbour *nb)
{
    if (nb->n != 4 || (nb->b[0] != '1' && nb->b[0] != '2'))
        return false;
    for (size_t i = 1; i < 4; i++)
        if (!is_digit(nb->b[i]))
            return false;
    return true;
}

/* A chapter and verse as the abbreviations' context sees one (verse_follows
 * in text.c): up to three digits, ':' and a verse other than 0 ("23:1-6",
 * not "5:00"); the caller rules out am or pm after it. */
static bool nb_verse(const neighbour *nb)
{
    size_t i = 0;
    while (i < nb->n && is_digit(nb->b[i]))
        i++;
    if (!i || i > 3 || i + 1 >= nb->n || nb->b[i] != ':' || !is_digit(nb->b[i + 1]))
        return false;
    for (size_t k = i + 1; k < nb->n && is_digit(nb->b[k]); k++)
        if (nb->b[k] != '0')
            return true;
    return false;
}

/* am, pm, a.m., p.m. (any case): 'a' or 'p', else 0. */
static char nb_meridiem(const neighbour *nb)
{
    if (nb->n < 2 || (nb->b[0] != 'a' && nb->b[0] != 'p'))
        return 0;
    return nb_is(nb, nb->b[0] == 'a' ? "am" : "pm") || nb_is(nb, nb->b[0] == 'a' ? "a.m." : "p.m.") ||
                   nb_is(nb, nb->b[0] == 'a' ? "a.m" : "p.m")
               ? nb->b[0]
               : 0;
}

/* am or pm, alone ("pm", "p.m.") or after the digits of a time ("5pm"). */
static bool nb_ends_meridiem(const neighbour *nb)
{
    size_t n = nb->n;
    return nb_meridiem(nb) ||
           (n >= 3 && nb->b[n - 1] == 'm' && (nb->b[n - 2] == 'a' || nb->b[n - 2] == 'p') && is_digit(nb->b[n - 3]));
}

/* The scale word a neighbour names ("million"), written out or short in
 * small letters (scale_forms: "$45.3 mn"; "MN" is Minnesota's), or NULL. */
static const char *nb_scale(const neighbour *nb)
{
    for (size_t i = 0; i < sizeof scale_forms / sizeof *scale_forms; i++) {
        bool short_form = strcmp(scale_forms[i].written, scale_forms[i].said) != 0;
        if (scale_forms[i].alone && nb_is(nb, scale_forms[i].written) && !(short_form && nb->up[0]))
            return scale_forms[i].said;
    }
    return NULL;
}

/* The whole word is a unit ("km", "m/s"): into *m. */
static bool nb_unit(const neighbour *nb, measure *m)
{
    size_t end;
    if (nb->n && unit_measure_at(nb->b, nb->up, nb->n, 0, m, &end) &&
        (end == nb->n || (end + 1 == nb->n && nb->b[end] == '.')))
        return true;
    /* With the period of an abbreviation, "in." "yd." "gal." are units
     * however often "in" is a word: "5 ft. 4 in. tall". */
    const unit *u = nb->n >= 2 && nb->b[nb->n - 1] == '.'
                        ? unit_alternative_at(nb->b, nb->up, nb->n, 0, &end)
                        : NULL;
    if (!u || end + 1 != nb->n)
        return false;
    *m = (measure){u, NULL, NULL};
    return true;
}

/* Digits with an optional sign, thousands commas and decimals, and nothing
 * else: *value is the whole part when it has at most 15 digits. */
static bool nb_number(const neighbour *nb, size_t from, uint64_t *value, bool *whole)
{
    size_t i = from;
    if (i < nb->n && (nb->b[i] == '-' || nb->b[i] == '+'))
        i++;
    size_t digits = 0;
    uint64_t v = 0;
    *whole = true;
    for (; i < nb->n; i++) {
        char c = nb->b[i];
        if (is_digit(c)) {
            if (*whole && digits++ < MAX_DIGITS)
                v = v * 10 + (uint64_t)(c - '0');
        } else if (c == '.' && *whole && i + 1 < nb->n && is_digit(nb->b[i + 1])) {
            *whole = false;
        } else if (!(c == ',' && *whole && digits && i + 1 < nb->n && is_digit(nb->b[i + 1]))) {
            return false;
        }
    }
    *value = v;
    return digits > 0;
}

/* Only digits from `from` on, at least `least` and at most `most` of them. */
static bool nb_digits_from(const neighbour *nb, size_t from, size_t least, size_t most)
{
    if (nb->n < from + least || nb->n > from + most)
        return false;
    for (size_t i = from; i < nb->n; i++)
        if (!is_digit(nb->b[i]))
            return false;
    return true;
}

static bool nb_digits(const neighbour *nb, size_t least, size_t most)
{
    return nb_digits_from(nb, 0, least, most);
}

/* H:MM, H:MM:SS, or a whole number 1..12: what am/pm may follow. */
static bool nb_clock(const neighbour *nb)
{
    uint64_t v;
    bool whole;
    /* "10-11 am", "9:30-11:00 am": a range of hours */
    size_t dash = 0;
    while (dash < nb->n && is_digit(nb->b[dash]))
        dash++;
    size_t hour = dash;
    if (hour >= 1 && hour <= 2 && dash + 2 < nb->n && nb->b[dash] == ':' && is_digit(nb->b[dash + 1]) &&
        is_digit(nb->b[dash + 2]))
        dash += 3; /* its minutes */
    if (hour >= 1 && hour <= 2 && dash + 1 < nb->n && (nb->b[dash] == '-' || nb->b[dash] == M_EN_DASH)) {
        neighbour last = *nb;
        last.n = nb->n - dash - 1;
        memmove(last.b, nb->b + dash + 1, last.n);
        memmove(last.up, nb->up + dash + 1, last.n);
        return nb_clock(&last);
    }
    if (nb_number(nb, 0, &v, &whole) && nb->b[0] != '-' && nb->b[0] != '+') {
        /* "7.30 pm" and "345 pm", as read_meridiem_time reads them */
        size_t point = nb->n >= 4 ? nb->n - 3 : 0;
        if (!whole && point && point <= 2 && nb->b[point] == '.')
            return v >= 1 && v <= 12 && (nb->b[point + 1] - '0') * 10 + (nb->b[point + 2] - '0') <= 59;
        if (whole && nb_digits(nb, 3, 4))
            return v / 100 >= 1 && v / 100 <= 12 && v % 100 <= 59;
        return whole && v >= 1 && v <= 12;
    }
    size_t i = 0, n = nb->n, d = nb->n;
    while (i < n && is_digit(nb->b[i]))
        i++;
    /* decimals of a second after H:MM:SS, as read_time reads them ("10:30:15.5") */
    while (d > i && is_digit(nb->b[d - 1]))
        d--;
    if (i >= 1 && d < n && d == i + 7 && nb->b[d - 1] == '.')
        n = d - 1;
    if (i < 1 || i > 2 || (n != i + 3 && n != i + 6))
        return false;
    for (size_t k = i; k < n; k += 3)
        if (nb->b[k] != ':' || !is_digit(nb->b[k + 1]) || !is_digit(nb->b[k + 2]))
            return false;
    return true;
}

/* The value of the digits at b[0..n), with one decimal point and any
 * thousands' commas ("1,250.5"), for comparing amounts. */
static double decimal_value(const char *b, size_t n)
{
    double v = 0, scale = 0;
    for (size_t k = 0; k < n; k++) {
        if (b[k] == '.')
            scale = 1;
        else if (is_digit(b[k])) {
            v = v * 10 + (b[k] - '0');
            scale *= 10;
        }
    }
    return scale > 0 ? v / scale : v;
}

/* A currency symbol and an amount, nothing after. */
static bool nb_money(const neighbour *nb)
{
    size_t i = nb->n && nb->b[0] == '-' ? 1 : 0;
    /* "US$", "A$", "NZ$" */
    for (size_t letters = 0; letters < 2 && i < nb->n && is_letter(nb->b[i]) && nb->up[i]; letters++)
        i++;
    uint64_t v;
    bool whole;
    if (!(i < nb->n && is_currency(nb->b[i])))
        return false;
    if (nb_number(nb, i + 1, &v, &whole))
        return true;
    /* a rising range, which says the scale after it: "$10-12 billion",
     * "$1.5-1.8 billion" */
    size_t dash = i + 1;
    while (dash < nb->n && (is_digit(nb->b[dash]) || nb->b[dash] == '.'))
        dash++;
    if (!(dash > i + 1 && dash < nb->n && nb->b[dash] == '-' && nb_number(nb, dash + 1, &v, &whole)))
        return false;
    return decimal_value(nb->b + i + 1, dash - i - 1) < decimal_value(nb->b + dash + 1, nb->n - dash - 1);
}

/* The sign of an amount written with its sign alone before it ("$5",
 * "€20.50"), else 0: the currency a code after it may name again ("$5
 * USD"). */
static char nb_sign_amount(const neighbour *nb)
{
    static const char *const scales[] = {"k", "m", "mn", "b", "bn"}; /* "$5M USD" */
    uint64_t v;
    bool whole;
    if (nb->n < 2 || !is_currency(nb->b[0]))
        return 0;
    neighbour amount = *nb;
    size_t letters = 0;
    while (letters < amount.n && is_letter(amount.b[amount.n - 1 - letters]))
        letters++;
    if (letters) {
        bool known = false;
        for (size_t k = 0; k < sizeof scales / sizeof *scales; k++)
            known = known || (strlen(scales[k]) == letters &&
                              memcmp(amount.b + amount.n - letters, scales[k], letters) == 0);
        if (!known)
            return 0;
        amount.n -= letters;
    }
    return nb_number(&amount, 1, &v, &whole) ? nb->b[0] : 0;
}

/* and the words between such a range and what it counts: "1-2 business
 * days", "3-5 more minutes" */
static const char *const range_between[] = {
    "business", "working", "calendar", "school", "more", "additional", "extra", "full", "whole", "consecutive",
};
static const char *const range_before[] = {
    "pages", "pp.", "pp", "pgs", "pgs.", "pg", "pg.", "ages", "aged", "chapters", "verses", "sections", "lines",
    "steps", "serves", "rooms", "grades", "items", "from", "about", "around", "roughly", "approximately", "some",
};
/* A doubled section or paragraph sign ("§§ 5-7"): like "sections", a
 * range follows. */
static bool nb_sections(const neighbour *nb)
{
    return nb->n == 2 && nb->b[1] == nb->b[0] && folded_sign_plural(nb->b[0]);
}

/* Words before a game's score or a vote's tally, which is said with "to"
 * whichever side is ahead ("won 112-108", "lost 3-1", "passed 52-48"). */
static const char *const score_before[] = {
    "won", "win", "wins", "beat", "beats", "lost", "lose", "loses", "defeated", "defeats", "edged", "edges",
    "lead", "led", "leads", "trailed", "trails", "final", "topped", "tops",
    /* a series' games: "lead the series 3-2" */
    "series",
    /* and a vote's tally: "passed 52-48", "voted 7-2", a court's "ruled 6-3" */
    "passed", "passes", "approved", "rejected", "voted", "confirmed", "tally", "ruled", "decided",
};

#define NB_IN(nb, list) word_in((nb)->b, (nb)->n, (list), sizeof(list) / sizeof *(list))

/* A word of the clause's grammar: after one, an amount is no adjective
 * even after "a" ("a $5-million to build"). */
static bool nb_grammar_word(const neighbour *nb)
{
    static const char *const grammar[] = {"to",   "in",   "for",  "of",  "on",  "at",   "by",   "from", "with",
                                          "last", "this", "next", "a",   "an",  "the",  "and",  "or",   "but",
                                          "per",  "each", "over", "into", "than", "ago", "is",   "was",  "were",
                                          "are",  "will", "has",  "had",  "worth"};
    return NB_IN(nb, grammar);
}

/* A tennis set's score, the winner's games first ("6-0" to "6-4", "7-5",
 * "7-6"), or in either order. */
static bool nb_tennis_set(const neighbour *nb, bool either_order)
{
    if (nb->n != 3 || nb->b[1] != '-' || !is_digit(nb->b[0]) || !is_digit(nb->b[2]))
        return false;
    int won = nb->b[0] - '0', lost = nb->b[2] - '0';
    if (either_order && lost > won) {
        int t = won;
        won = lost;
        lost = t;
    }
    return (won == 6 && lost <= 4) || (won == 7 && (lost == 5 || lost == 6));
}

/* A word of the clause's grammar, a pronoun, or a verb or word of what is
 * left or done with a measure: after one, it is no noun that the measure
 * describes ("$5-million to build", "the $5 million raised", "the 10 km
 * left", "the 5 kg he lost", "raised $5-million total"). */
static bool nb_little_word(const neighbour *nb)
{
    static const char *const little[] = {
        "it",     "he",     "she",    "they",   "we",      "you",     "i",       "that",    "which",  "who",
        "these",  "those",  "left",   "lost",   "spent",   "paid",    "won",     "held",    "made",   "sold",
        "set",    "cut",    "put",    "built",  "bought",  "kept",    "found",   "got",     "due",    "more",
        "less",   "all",    "so",     "too",    "now",     "then",    "already", "still",   "back",   "up",
        "down",   "out",    "off",    "alone",  "total",   "given",   "taken",   "owed",    "later",
        "earlier", "before", "after", "instead", "went",   "came",    "took",    "felt",    "could",  "should",
        "would",  "can",    "may",    "might",  "must",    "here",    "there",   "today",   "tomorrow",
        "yesterday", "also", "only",  "just",   "even",    "ran",     "fell",    "rose",    "grew",   "gave",
        "brought", "became", "seemed",
    };
    return nb_grammar_word(nb) || NB_IN(nb, little);
}

/* Whether the word after a measure or an amount is a noun it describes
 * ("the $45 million budget", "the 10 km race"): a word in small letters,
 * or one of shouted text, that is no little word (above), nor a verb in
 * -s, -ed or -ing ("the $300 remaining"), nor an adverb. */
static bool nb_noun_after_measure(const neighbour *nb)
{
    if (nb->n < 2 || !is_letter(nb->b[0]) || (nb->up[0] && !nb_all_caps(nb)) || nb_little_word(nb) ||
        memchr(nb->b, '\'', nb->n))
        return false;
    /* and no verb of its own: none in -s (goes, remains, covers: a plural
     * noun after the measure stays as before), -ed, -ing, nor an adverb in -ly */
    char last = nb->b[nb->n - 1];
    bool ed = nb->n > 3 && nb->b[nb->n - 2] == 'e' && last == 'd';
    bool ing = nb->n > 4 && memcmp(nb->b + nb->n - 3, "ing", 3) == 0;
    bool ly = nb->n > 3 && nb->b[nb->n - 2] == 'l' && last == 'y';
    return !ed && !ing && !ly && last != 's';
}

/* A neighbour in capitals that reads as a word by shouted text's test
 * ("YORK", "NEW"), not one spelled there ("UN", "NYC"): next to it, capitals
 * are more likely a name than an initialism. */
static bool nb_capital_word(const neighbour *nb)
{
    if (!nb_all_caps(nb))
        return false;
    return nb->n <= 3 ? capitals_short_word(nb->b, nb->n) && !nb_is(nb, "us") && !nb_is(nb, "it")
                      : capitals_pronounceable(nb->b, nb->n, true);
}

/* "+44", "+1": a country code. */
static bool nb_country_code(const neighbour *nb)
{
    return nb->n > 0 && nb->b[0] == '+' && nb_digits_from(nb, 1, 1, 3);
}

/* A phone number's first group written with spaces, as most of the world
 * writes them: a country code or a group with its trunk zero ("020",
 * "07700", "0800"). */
static bool nb_phone_start(const neighbour *nb)
{
    return nb_country_code(nb) || (nb_digits(nb, 3, 5) && nb->b[0] == '0');
}

/* A North American area code: three digits, the first 2 to 9 (so "100
 * 200 3000" stays three amounts). */
static bool nb_area_code(const neighbour *nb)
{
    return nb_digits(nb, 3, 3) && nb->b[0] >= '2';
}

/* The groups of a phone number written with spaces ("+44 20 7946 0018",
 * "020 7946 0018", "07700 900123") and a code after "code", "PIN" or "ID"
 * ("Your verification code is 482913"), or in groups led by one ("Meeting
 * ID: 891 2345 6789", `lead`), and a card's last four digits ("ending in
 * 4242"), digit by digit: a group of digits
 * after the number's first group or after another group that follows
 * one, and a country code before a group, with a pause after each group
 * that another follows. A first group without its
 * trunk zero or country code is one only in the North American shape of
 * three, three and four digits ("555 123 4567"); elsewhere ("call 555
 * 1234") it cannot be told from an amount and is read as one. */
static bool read_digit_group(reader *r, const neighbour *self, const neighbour *prev, const neighbour *prev2,
                             const neighbour *next, const neighbour *next2, const neighbour *lead)
{
    static const char *const code_words[] = {"code", "pin", "otp", "passcode"};
    if (nb_country_code(self) && nb_digits(next, 2, 5)) {
        w_word(&r->w, "plus");
        say_digits(r, 1, r->n);
        w_pause_after(&r->w);
        return true;
    }
    if (!nb_digits(self, 2, 8))
        return false;
    /* A pause between the groups, as the number is said and as it is
     * read when written with hyphens. */
    bool more = nb_digits(next, 2, 6);
    if (nb_phone_start(self) && more) {
        say_digits(r, 0, r->n);
        w_pause_after(&r->w);
        return true;
    }
    bool code = NB_IN(prev, code_words) || (nb_is(prev, "is") && NB_IN(prev2, code_words));
    /* each group of a North American number, three, three and four
     * ("555 123 4567", "+1 555 123 4567") */
    bool north_american = (nb_area_code(self) && nb_digits(next, 3, 3) && nb_digits(next2, 4, 4)) ||
                          (self->n == 3 && nb_area_code(prev) && nb_digits(next, 4, 4)) ||
                          (self->n == 4 && nb_digits(prev, 3, 3) && nb_area_code(prev2));
    bool group = self->n <= 6 && (nb_phone_start(prev) || (nb_digits(prev, 2, 6) && nb_phone_start(prev2)) ||
                                  north_american);
    /* A code in groups, each led by the same word: after a word of secret
     * codes, groups of two to four digits ("passcode 482 913", not "error
     * code 404 500"); after "ID" in capitals, a meeting's three or more
     * groups of three or four, one of four ("Meeting ID: 891 2345 6789",
     * not "ID 1001 1002 and 1003", Idaho's "ID 1990" or Freud's id). The
     * word leads across "is" (word_context.h). */
    static const char *const secrets[] = {"pin", "otp", "passcode"};
    bool group_prev = nb_digits(prev, 2, 4), group_next = nb_digits(next, 2, 4);
    /* and "code is" before the first two groups ("Your code is 482 913") */
    bool code_is = nb_is(lead, "code") && (nb_is(prev, "is") || (group_prev && nb_is(prev2, "is")));
    bool secret_groups =
        (NB_IN(lead, secrets) || code_is) && self->n >= 2 && self->n <= 4 && (group_prev || group_next);
    bool run3 = (nb_digits(prev, 3, 4) && (nb_digits(prev2, 3, 4) || nb_digits(next, 3, 4))) ||
                (nb_digits(next, 3, 4) && nb_digits(next2, 3, 4));
    bool four = self->n == 4 || nb_digits(prev, 4, 4) || nb_digits(next, 4, 4) || nb_digits(prev2, 4, 4) ||
                nb_digits(next2, 4, 4);
    bool meeting = nb_is(lead, "id") && lead->up[0] && lead->up[1] && self->n >= 3 && self->n <= 4 && run3 && four;
    bool code_groups = secret_groups || meeting;
    /* a card's or an account's last four digits: "Visa ending in 4242",
     * before no noun (a year as likely from 1000 to 2099: "the war ending
     * in 1865"; "ended in 1945" and "ends in 2030" are always years; and
     * "ending in 1200 layoffs" is a count) */
    uint64_t last4;
    bool whole;
    bool card_end = self->n == 4 && (nb_is(prev, "in") || nb_is(prev, "with")) && nb_is(prev2, "ending") &&
                    nb_number(self, 0, &last4, &whole) && !(last4 >= 1000 && last4 <= 2099) &&
                    !(next->n && is_letter(next->b[0]) && !next->up[0] && !nb_little_word(next));
    if (!(code && self->n >= 4) && !group && !code_groups && !card_end)
        return false;
    say_digits(r, 0, r->n);
    if ((group || code_groups) && more)
        w_pause_after(&r->w);
    return true;
}

/* What is counted in thousands and millions, after "10k", "2m", "1.5M",
 * which elsewhere are "ten k", two meters. */
static const char *const counted_words[] = {
    "people",    "users",     "followers", "fans",      "subscribers", "viewers",  "views",
    "visitors",  "customers", "jobs",      "homes",     "households",  "votes",    "voters",
    "downloads", "copies",    "cases",     "deaths",    "residents",   "workers",  "employees",
    "members",   "children",  "patients",  "students",  "readers",     "listeners", "streams",
    "likes",     "signatures", "years",    "passengers", "tourists",   "refugees", "barrels",
    "trees",     "cars",      "vehicles",  "units",     "shares",      "tickets",  "adults",
};
/* and what programs and services count, "10k rows", which after a small
 * "m" may be a length's ("4m lines", "2m steps" are meters) */
static const char *const counted_by_programs[] = {
    "rows",     "records",  "requests", "lines",   "files",    "tokens",  "parameters", "messages",
    "emails",   "queries",  "entries",  "samples", "images",   "connections", "devices", "servers",
    "clicks",   "stars",    "commits",  "orders",  "transactions", "steps", "words",   "items",
};

/* Words that make numbers joined by colons a ratio: ratio, ratios, scale
 * or odds right after them ("3:2 ratio", "1:24 scale") or before them,
 * directly or with of, is, was, are or were between ("a ratio of
 * 1:10:50", "the ratio was 1:2:3", "odds of 3:1"), or as a form's label
 * ("Ratio: 1:10.5", prev being the label then), dilution too, and mixed
 * or diluted directly before ("mixed 1:1", not as a label: "Mixed:
 * 10:30"); never before am or pm ("The Ratio 10:30 pm show"). Mix and
 * dilute make a ratio only of numbers with decimals (ratio_mixed).
 * Elsewhere "10:30" is a time, "3:59.4" a race's and "John 3:16" a
 * verse. */
static bool ratio_context(const neighbour *prev, const neighbour *prev2, const neighbour *next, bool labelled)
{
    static const char *const ratio_words[] = {"ratio", "ratios", "scale", "odds", "dilution"};
    static const char *const links[] = {"of", "is", "was", "are", "were"};
    bool linked = false;
    for (size_t i = 0; i < sizeof links / sizeof *links; i++)
        linked = linked || nb_is(prev, links[i]);
    for (size_t i = 0; i < sizeof ratio_words / sizeof *ratio_words; i++)
        if (nb_is(next, ratio_words[i]) || nb_is(prev, ratio_words[i]) || (linked && nb_is(prev2, ratio_words[i])))
            return true;
    return !labelled && (nb_is(prev, "mixed") || nb_is(prev, "diluted"));
}

/* "Mix 1:10.5 with water", "dilute 1:2.5": a ratio after mix or dilute
 * when its numbers have decimals, which no clock's have; without, a time
 * ("Radio Mix 3:45", "the DJ will mix 10:30 till late"). */
static bool ratio_mixed(const reader *r, const neighbour *prev)
{
    if (!nb_is(prev, "mix") && !nb_is(prev, "dilute"))
        return false;
    for (size_t i = 1; i + 1 < r->n; i++)
        if (r->b[i] == '.' && is_digit(r->b[i - 1]) && is_digit(r->b[i + 1]))
            return true;
    return false;
}

/* A book of the Bible, by name or as citations shorten it ("Cor.", "Ps"),
 * capitalised, or a word of verses in any case ("chapter", "verse"). */
static bool nb_book(const neighbour *nb)
{
    static const char *const books[] = {
        "genesis",   "exodus",     "leviticus",   "numbers",  "deuteronomy", "joshua",      "judges",
        "ruth",      "samuel",     "kings",       "chronicles", "ezra",      "nehemiah",    "esther",
        "job",       "psalm",      "psalms",      "proverbs", "ecclesiastes", "isaiah",     "jeremiah",
        "lamentations", "ezekiel", "daniel",      "hosea",    "joel",        "amos",        "obadiah",
        "jonah",     "micah",      "nahum",       "habakkuk", "zephaniah",   "haggai",      "zechariah",
        "malachi",   "matthew",    "mark",        "luke",     "john",        "acts",        "romans",
        "corinthians", "galatians", "ephesians",  "philippians", "colossians", "thessalonians", "timothy",
        "titus",     "philemon",   "hebrews",     "james",    "peter",       "jude",        "revelation",
        "gen",       "ex",         "exod",        "lev",      "num",         "deut",        "josh",
        "judg",      "sam",        "kgs",         "chr",      "neh",         "esth",        "ps",
        "prov",      "eccl",       "isa",         "jer",      "lam",         "ezek",        "dan",
        "hos",       "obad",       "mic",         "nah",      "hab",         "zeph",        "hag",
        "zech",      "mal",        "matt",        "mt",       "mk",          "lk",          "jn",
        "rom",       "cor",        "gal",         "eph",      "phil",        "col",         "thess",
        "tim",       "philem",     "heb",         "jas",      "pet",         "rev",
        "psa",       "eccles",     "chron",
    };
    static const char *const verse_words[] = {"verse", "verses", "chapter", "chapters", "ch"};
    neighbour bare = *nb; /* "Cor." as "Cor" */
    if (bare.n > 1 && bare.b[bare.n - 1] == '.')
        bare.n--;
    return (nb_capitalised(&bare) && NB_IN(&bare, books)) || NB_IN(&bare, verse_words);
}

/* The number of a numbered book before its chapter and verse: "1
 * Corinthians 13:4", "2 Tim. 3:16", "3 John 1:4" → first corinthians,
 * second timothy, third john; the book capitalised. */
static bool read_book_number(reader *r, const neighbour *next, const neighbour *next2)
{
    static const char *const numbered[] = {"samuel", "kings", "chronicles", "corinthians", "thessalonians",
                                           "timothy", "peter", "john", "sam", "kgs", "chr", "chron",
                                           "cor", "thess", "tim", "pet", "jn"};
    static const char *const ordinals[] = {"first", "second", "third"};
    if (r->n != 1 || r->b[0] < '1' || r->b[0] > '3' || !next2->n || !is_digit(next2->b[0]))
        return false;
    neighbour book = *next; /* "Cor." as "Cor" */
    if (book.n > 1 && book.b[book.n - 1] == '.')
        book.n--;
    /* a chapter and verse after it, since counts and scores are written
     * so too ("Buy 2 Kings 5 packs", "Ducks 3 Kings 2"); only John has a
     * third book */
    if (!nb_capitalised(&book) || !NB_IN(&book, numbered) || !nb_verse(next2) ||
        (r->b[0] == '3' && !nb_is(&book, "john") && !nb_is(&book, "jn")))
        return false;
    w_word(&r->w, ordinals[r->b[0] - '1']);
    return true;
}

/* Whether numbers joined by a colon after `prev` are a chapter and verse:
 * after a name other than a determiner ("Luke 2:1", "Psalm 23:4"), and at
 * a sentence's start, where every word is capitalised, only after a book
 * of the Bible ("Genesis 1:1 says", but "Mix 1:1 with water"); after a
 * word of verses in any case ("chapter 3:5"). `book`: prev is such a book
 * or word (nb_book). */
static bool verse_before(const neighbour *prev, bool book, bool after_determiner, bool prev_starts_sentence)
{
    return book || (nb_capitalised(prev) && !after_determiner && !prev_starts_sentence);
}

/* Numbers joined by colons where each after the first has a single digit
 * ("1:1", "16:9", "2:1"): no clock writes minutes so, so they are a ratio,
 * unless they are a chapter and verse (verse_before). */
static bool ratio_shape(const reader *r)
{
    size_t colons = 0;
    for (size_t i = 0; i < r->n; i++)
        if (r->b[i] == ':') {
            if (i + 2 > r->n || !is_digit(r->b[i + 1]) || (i + 2 < r->n && r->b[i + 2] != ':'))
                return false;
            colons++;
        }
    return colons && !r->verse_before;
}

/* The word ends with a phone number ("123-4567", "(555)123-4567"): an
 * extension may follow it as a word of its own ("x89"). */
static bool nb_phone(const neighbour *nb)
{
    reader t = {.b = nb->b, .up = nb->up, .n = nb->n};
    size_t g[8][2], end;
    char sep;
    int n = digit_groups(&t, area_code_at(&t, 0) ? 5 : 0, &sep, g, &end);
    return end == nb->n && phone_shape(g, n, sep) && !years_shape(&t, g, n, sep);
}

/* ---- whole-word readings in context ------------------------------------ */

/* A Roman numeral in capitals written the one standard way, 1..3999: the
 * value, else 0. The letters are added up, less where a smaller one comes
 * before a larger one, and the value written back must give the same
 * letters, so that "IIII", "VV", "IC" and "LCD" are no numerals. */
static unsigned roman_value(const reader *r)
{
    static const struct {
        const char *form;
        int value;
    } steps[] = {{"m", 1000}, {"cm", 900}, {"d", 500}, {"cd", 400}, {"c", 100}, {"xc", 90}, {"l", 50},
                 {"xl", 40},  {"x", 10},   {"ix", 9},   {"v", 5},    {"iv", 4},   {"i", 1}};
    char form[16]; /* the longest, MMMDCCCLXXXVIII, has 15 letters */
    if (r->n == 0 || r->n >= sizeof form)
        return 0;
    int letter[sizeof form];
    for (size_t i = 0; i < r->n; i++) {
        letter[i] = 0;
        for (size_t k = 0; k < sizeof steps / sizeof *steps && !letter[i]; k++)
            if (!steps[k].form[1] && steps[k].form[0] == r->b[i])
                letter[i] = steps[k].value;
        if (!letter[i] || !r->up[i])
            return 0;
    }
    int v = 0;
    for (size_t i = 0; i < r->n; i++)
        v += i + 1 < r->n && letter[i] < letter[i + 1] ? -letter[i] : letter[i];
    if (v < 1 || v > 3999)
        return 0;
    size_t k = 0;
    for (int rest = v, x = 0; rest; x++)
        for (; rest >= steps[x].value; rest -= steps[x].value)
            for (const char *f = steps[x].form; *f && k < sizeof form; f++)
                form[k++] = *f;
    return k == r->n && memcmp(form, r->b, k) == 0 ? (unsigned)v : 0;
}

/* Words after which a Roman numeral is a plain number: 1 for those that
 * count only a few (World War II, Type II, Act III, Apollo XI), 2 for those
 * that count into the forties and beyond (Chapter XL, Super Bowl LVIII,
 * Volume CXII); 0 for other words. */
static int numbered_by(const neighbour *prev)
{
    static const char *const few[] = {"war",    "act",   "scene", "phase", "season", "type", "class",
                                      "level",  "stage", "grade", "apollo", "artemis", "gemini", "tier",
                                      "mark",   "mk"};
    static const char *const many[] = {"chapter",  "part",  "volume", "vol",      "book",     "episode",
                                       "section",  "article", "title", "bowl",    "appendix", "annex",
                                       "schedule", "figure", "table",  "exhibit", "plate"};
    for (size_t i = 0; i < sizeof many / sizeof *many; i++)
        if (nb_is(prev, many[i]))
            return 2;
    for (size_t i = 0; i < sizeof few / sizeof *few; i++)
        if (nb_is(prev, few[i]))
            return 1;
    return 0;
}

/* Names that monarchs and popes have reigned under with a V or an X
 * (Henry V, Charles X, Pius X): after one of them a lone V or X is a
 * regnal number, where after another name it is a letter (Malcolm X). */
static bool regnal_name(const neighbour *prev)
{
    static const char *const names[] = {"alexander", "alfonso", "benedict", "charles",  "christian", "clement",
                                        "edward",    "frederick", "george", "gregory",  "gustav",    "henry",
                                        "innocent",  "james",   "leo",      "louis",    "philip",    "pius",
                                        "richard",   "william"};
    for (size_t i = 0; i < sizeof names / sizeof *names; i++)
        if (nb_is(prev, names[i]))
            return true;
    return false;
}

static bool read_roman(reader *r, const neighbour *prev, const neighbour *next)
{
    unsigned v = roman_value(r);
    if (!v || !nb_capitalised(prev))
        return false;
    phrase p = {.n = 0};
    p.s[0] = '\0';
    ph_cardinal(&p, v);
    int numbered = numbered_by(prev);
    if (numbered) {
        /* The short numerals of L C D M are letters or words: "Type C",
         * "Part D", and the numerals from CD (400) up that CMUdict holds as
         * words or abbreviations (CD DC DI MC MD MI MM MIX DIX CMX) all have
         * fewer than four letters. After a word that counts only a few, a
         * numeral of XL and up is an abbreviation: "Type CLI", "Class CIV",
         * "Stage CC", "Level XL". */
        if ((v >= 50 && r->n < 2) || (v >= 400 && r->n < 4) || (v >= 40 && numbered < 2))
            return false;
        /* a product's generation, "Canon 5D Mark II" → mark two; but "Mark
         * I" is as often a name and the pronoun ("when Mark I said") */
        if (nb_is(prev, "mark") && r->n == 1 && v == 1)
            return false;
        w_words(&r->w, p.s);
        return true;
    }
    /* "I", "V", "X" after a name are letters or words, except V and X after
     * a regnal name and before no other name ("Henry V was", but "George V
     * Smith" has an initial; "I" is the pronoun in "when I met Henry I
     * left"). Regnal numbers stay below XL (John XXIII, Louis XVIII), while
     * L C D M after a name are nearly always letters: Washington DC, John
     * Smith MD. */
    bool lone = r->n == 1 && v != 1 && regnal_name(prev) && !nb_capitalised(next);
    if ((r->n < 2 && !lone) || v >= 40)
        return false;
    ph_ordinal(&p);
    w_word(&r->w, "the");
    w_words(&r->w, p.s);
    return true;
}

/* "APR" in capitals after a percentage ("0% APR 18 mos."): a loan's
 * annual percentage rate, no month, nor the number after it a day. */
static bool nb_rate_apr(const neighbour *nb, const neighbour *before)
{
    return nb_all_caps(nb) && nb_is(nb, "apr") && before->n && before->b[before->n - 1] == '%';
}

/* A month abbreviated without its period ("Dec"), capitalised, next to a
 * day or before a year: the month ("Dec 5", "5 Dec", "Dec 2026"). Alone, or
 * before a word, it stays a word ("Jan" may be a name). */
static bool read_month(reader *r, const neighbour *self, const neighbour *prev, const neighbour *next)
{
    int m = nb_bare_month(self);
    if (m < 0 || nb_rate_apr(self, prev) || !(nb_day(prev) || nb_day(next) || nb_year(next)))
        return false;
    w_word(&r->w, months[m]);
    return true;
}

/* The day (0..6, Monday first) or month (7..18) that the capitalised
 * letters b[i..j) name, abbreviated or in full, else -1. */
static int calendar_at(const char *b, const bool *up, size_t i, size_t j)
{
    static const char *const names[][4] = {
        {"monday", "mon"},         {"tuesday", "tue", "tues"}, {"wednesday", "wed", "weds"},
        {"thursday", "thu", "thur", "thurs"}, {"friday", "fri"}, {"saturday", "sat"}, {"sunday", "sun"},
        {"january", "jan"},        {"february", "feb"},        {"march", "mar"}, {"april", "apr"},
        {"may"},                   {"june", "jun"},            {"july", "jul"},  {"august", "aug"},
        {"september", "sep", "sept"}, {"october", "oct"},     {"november", "nov"}, {"december", "dec"},
    };
    if (j <= i || !up[i])
        return -1;
    for (size_t d = 0; d < sizeof names / sizeof *names; d++)
        for (size_t k = 0; k < 4 && names[d][k]; k++)
            if (strlen(names[d][k]) == j - i && memcmp(b + i, names[d][k], j - i) == 0)
                return (int)d;
    return -1;
}

/* The day (0..6) or month (7..18) a capitalised neighbour names, written
 * whole or short, with or without the period ("Tue", "Tue.", "March"),
 * else -1. */
static int nb_calendar(const neighbour *nb)
{
    size_t n = nb->n > 1 && nb->b[nb->n - 1] == '.' ? nb->n - 1 : nb->n;
    return n ? calendar_at(nb->b, nb->up, 0, n) : -1;
}

/* The dash the scanner keeps as a word of its own after an abbreviation's
 * period (text.h): "to" between two days or two months ("Mon.-Fri.",
 * "Jan.–Mar.") and between a.m. or p.m. and an hour ("9 a.m.–5 p.m."),
 * nothing elsewhere ("U.S.-led"). */
static bool read_joined_dash(reader *r, const neighbour *self, const neighbour *prev, const neighbour *next)
{
    if (!nb_is(self, "-"))
        return false;
    int from = nb_calendar(prev), to = nb_calendar(next);
    bool calendar = from >= 0 && to >= 0 && (from < 7) == (to < 7) && from != to;
    bool hours = nb_meridiem(prev) && next->n > 0 && is_digit(next->b[0]);
    if (calendar || hours)
        w_word(&r->w, "to");
    return true;
}

/* Two days or two months joined by a hyphen or an en dash, the whole
 * piece: a range, "Mon-Fri" → monday to friday, "Jan–Mar" → january to
 * march. */
static bool read_calendar_range(reader *r)
{
    size_t dash = 0;
    while (dash < r->n && is_letter(r->b[dash]))
        dash++;
    if (dash == r->n || (r->b[dash] != '-' && r->b[dash] != M_EN_DASH))
        return false;
    size_t end = dash + 1;
    while (end < r->n && is_letter(r->b[end]))
        end++;
    int from = calendar_at(r->b, r->up, 0, dash), to = calendar_at(r->b, r->up, dash + 1, end);
    if (end != r->n || from < 0 || to < 0 || (from < 7) != (to < 7) || from == to)
        return false;
    w_word(&r->w, from < 7 ? days[from] : months[from - 7]);
    w_word(&r->w, "to");
    w_word(&r->w, to < 7 ? days[to] : months[to - 7]);
    return true;
}

/* Whether the neighbour is a time of day: hours joined by a hyphen or an
 * en dash ("10-4"), a clock time ("9:30") or an hour with am/pm ("5pm"),
 * not a bare number ("Sat 2 hours in traffic"). */
static bool nb_time_of_day(const neighbour *nb)
{
    size_t i = 0;
    while (i < nb->n && is_digit(nb->b[i]))
        i++;
    if (i == 0 || i > 2 || i == nb->n)
        return false;
    char c = nb->b[i];
    if (c == '-' || c == M_EN_DASH || c == ':' || c == '.')
        return nb_clock(nb);
    /* "5pm", "10am-2pm", "9a.m." */
    unsigned v = i == 2 ? (unsigned)(nb->b[0] - '0') * 10 + (unsigned)(nb->b[1] - '0') : (unsigned)(nb->b[0] - '0');
    return (c == 'a' || c == 'p') && i + 1 < nb->n && (nb->b[i + 1] == 'm' || nb->b[i + 1] == '.') && v >= 1 &&
           v <= 12;
}

/* A day's abbreviation, without its period, before a time of day ("Sat
 * 10-4", "Tue 5pm"), a month and a day ("Tue 10/14") or a month's name
 * ("Sat Jan. 3", and across a comma with a number after the month:
 * "Thurs, Dec 10th"): the day. Elsewhere "Sat", "Sun" and "Wed" are words
 * ("Sat 2 hours", "our Sun 5", "SAT 1400", "Sat, Jan waited"). */
static bool read_day_before_number(reader *r, const neighbour *next, const neighbour *after_comma,
                                   const neighbour *after_comma_next)
{
    int d = calendar_at(r->b, r->up, 0, r->n);
    unsigned month, day;
    bool dated = nb_calendar(after_comma) >= 7 && after_comma_next->n > 0 && is_digit(after_comma_next->b[0]);
    if (d < 0 || d >= 7 || (r->n > 1 && r->up[1]) || r->after_determiner ||
        !(nb_time_of_day(next) || month_day(next->b, next->n, &month, &day) || nb_calendar(next) >= 7 || dated))
        return false;
    w_word(&r->w, days[d]);
    return true;
}

/* Whether the neighbour names a day or days ("Sat", "Fri.", "Mon-Fri"; not after a
 * determiner, "the Sun 3-2") or is a word of opening hours, not a name
 * (`name`: capitalised inside its sentence, "the French Open 6-4"): after
 * it, two hours joined by a hyphen are a range even falling ("Mon-Fri
 * 9-5", "open 10-4", "lunch 12-1"). */
static bool nb_hours_before(const neighbour *nb, bool name, bool after_determiner)
{
    static const char *const words[] = {"open",  "opens",     "daily", "weekdays", "weekends", "hours",
                                        "lunch", "breakfast", "brunch", "dinner",  "shift",    "shifts"};
    size_t n = nb->n > 1 && nb->b[nb->n - 1] == '.' ? nb->n - 1 : nb->n; /* "Fri." */
    size_t dash = 0;
    while (dash < n && nb->b[dash] != '-')
        dash++;
    int from = after_determiner ? -1 : calendar_at(nb->b, nb->up, 0, dash);
    if (dash == n)
        return (from >= 0 && from < 7) || (!name && NB_IN(nb, words));
    int to = calendar_at(nb->b, nb->up, dash + 1, n);
    return from >= 0 && from < 7 && to >= 0 && to < 7;
}

/* A whole number 1..31 next to a month: "fifth" after it, "the fifth of"
 * before it. */
static bool read_day(reader *r, const neighbour *prev, const neighbour *prev2, const neighbour *next)
{
    if (nb_rate_apr(prev, prev2))
        return false;
    if (r->n == 0 || r->n > 2 || !is_digit(r->b[0]) || !is_digit(at(r, r->n - 1)) || r->b[0] == '0')
        return false;
    unsigned v = (unsigned)(r->b[0] - '0');
    if (r->n == 2)
        v = v * 10 + (unsigned)(r->b[1] - '0');
    bool after = nb_month(prev), before = !after && nb_month(next);
    if (v > 31 || (!after && !before))
        return false;
    phrase p = {.n = 0};
    p.s[0] = '\0';
    ph_cardinal(&p, v);
    ph_ordinal(&p);
    if (before)
        w_word(&r->w, "the");
    w_words(&r->w, p.s);
    if (before)
        w_word(&r->w, "of");
    return true;
}

/* "911", the emergency number (and 999 and 112), digit by digit: next to a word of calling
 * ("Call 911", "dialed 911", "a 911 call", "911 dispatchers") or standing
 * alone at a sentence's start or end ("911!", "911, what is your
 * emergency?", "In an emergency, 911."). Elsewhere it is a number, as in "911 people", "Flight
 * 911" or "Porsche 911", which no newsreader reads "nine one one". */
static bool read_emergency(reader *r, const normalize_en_context *ctx, const neighbour *prev,
                           const neighbour *next)
{
    static const char *const calling[] = {"call",     "calls",      "called",      "calling",  "caller",
                                          "callers",  "dial",       "dials",       "dialed",   "dialled",
                                          "dialing",  "dialling",   "dispatcher",  "dispatchers",
                                          "operator", "operators"};
    /* North America's, Britain's and Ireland's, and Europe's and mobile
     * phones' everywhere, and North America's other N11 services (211
     * community help, 311 city services, 411 directory ...) */
    bool n11 = r->n == 3 && r->b[0] >= '2' && r->b[0] <= '8' && r->b[1] == '1' && r->b[2] == '1';
    if (r->n != 3 || (memcmp(r->b, "911", 3) != 0 && memcmp(r->b, "999", 3) != 0 && memcmp(r->b, "112", 3) != 0 &&
                      !n11))
        return false;
    /* alone, but not one of a list of numbers: "Scores: 905, 911, 920";
     * the others, less often meant, only after a word of calling ("999
     * calls" is a count, "call 311", but "311 people") */
    bool nine_one_one = r->b[0] == '9' && r->b[2] == '1';
    bool emergency = nine_one_one && !ctx->prev && !ctx->next && !ctx->inside_breaks;
    for (size_t i = 0; i < sizeof calling / sizeof *calling && !emergency; i++)
        emergency = nb_is(prev, calling[i]) || (nine_one_one && nb_is(next, calling[i]));
    if (emergency)
        say_digits(r, 0, 3);
    return emergency;
}

/* An extension after a phone number: "ext." before a number is
 * "extension" (abbreviations.h) and the number after it is said digit by
 * digit ("Call 555-123-4567 ext. 89"); so is "ext" without its period,
 * but only after a phone number, since it is also a word of file names
 * ("dlmalloc_ext_2_8_6.c"); and "x89" after a phone number is "extension
 * eight nine". */
static bool read_extension(reader *r, const neighbour *self, const neighbour *prev, const neighbour *prev2)
{
    if (nb_is(self, "ext") && nb_phone(prev) && r->next_kind == ABBR_NEXT_DIGIT) {
        w_word(&r->w, "extension");
        return true;
    }
    /* A unit word after the number leaves it a measure ("ext. 5 kg"): the
     * unit reads nothing of its own then (prev_reads_unit). */
    if (r->next_unit)
        return false;
    if (nb_is(prev, "ext.") || (nb_is(prev, "ext") && nb_phone(prev2))) {
        for (size_t i = 0; i < r->n; i++)
            if (!is_digit(r->b[i]))
                return false;
        say_digits(r, 0, r->n);
        return r->n > 0;
    }
    /* The word's own shape first: nb_phone() re-reads the word before, and
     * this runs for every word. */
    size_t digits = extension_at(r, 0);
    if (digits && !nb_phone(prev))
        digits = 0;
    if (digits)
        say_extension(r, digits);
    return digits != 0;
}

/* An ISO 4217 code in capitals ("USD", "EUR"): the symbol whose amounts
 * it names, and whose dollars they are (*whose, or NULL); 0 when it is
 * none of the codes read so. `after` asks for one after its amount ("49.99
 * USD"), which CAD is not, being as often computer-aided design ("3 CAD
 * models"). */
static char currency_code(const neighbour *nb, bool after, const char **whose)
{
    static const struct {
        const char *code;
        char sym;
        const char *whose;
        bool after;
    } codes[] = {
        {"usd", '$', "u s", true},         {"cad", '$', "canadian", false},
        {"aud", '$', "australian", true},  {"nzd", '$', "new zealand", true},
        {"hkd", '$', "hong kong", true},   {"sgd", '$', "singapore", true},
        {"eur", M_EURO, NULL, true},       {"gbp", M_POUND, NULL, true},
        {"jpy", M_YEN, NULL, true},
    };
    if (nb->n != 3 || !nb->up[0] || !nb->up[1] || !nb->up[2])
        return 0;
    for (size_t k = 0; k < sizeof codes / sizeof *codes; k++)
        if (nb_is(nb, codes[k].code) && (!after || codes[k].after)) {
            *whose = codes[k].whose;
            return codes[k].sym;
        }
    return 0;
}

/* A temperature's F or C after its number without the degree sign, after
 * a word a temperature follows, where the clause ends or before a word in
 * small letters ("Preheat the oven to 350 F.", "It was 30 C. We swam",
 * "Bake at 425 F for 20 minutes"): "degrees fahrenheit"; elsewhere the
 * letter ("Seat 12 C", a grade's "5 F"). */
static bool read_bare_degrees(reader *r, const neighbour *self, const neighbour *prev, const neighbour *prev2,
                              const neighbour *next)
{
    static const char *const before[] = {"to", "at", "of", "was", "is", "be", "around", "about", "reach",
                                         "reaches", "reached", "hit", "hits", "near", "exceed", "exceeds",
                                         "than", "under", "over", "between", "and", "temperature", "temperatures",
                                         "temp", "highs", "lows", "high", "low", "preheat", "heat", "set",
                                         "below", "above"};
    uint64_t v;
    bool whole;
    if (self->n != 1 || !self->up[0] || (self->b[0] != 'f' && self->b[0] != 'c') ||
        !(r->next_break || (next->n && !next->up[0])) || !nb_number(prev, 0, &v, &whole) || !NB_IN(prev2, before))
        return false;
    w_word(&r->w, v == 1 && whole ? "degree" : "degrees");
    w_word(&r->w, self->b[0] == 'f' ? "fahrenheit" : "celsius");
    return true;
}

/* ---- postal addresses ---------------------------------------------------- */

/* A US state's or territory's postal code, in capitals ("TX", "DC"). */
static bool nb_state_code(const neighbour *nb)
{
    if (nb->n != 2 || !nb->up[0] || !nb->up[1] || !is_letter(nb->b[0]) || !is_letter(nb->b[1]))
        return false;
    char code[2] = {(char)(nb->b[0] - 'a' + 'A'), (char)(nb->b[1] - 'a' + 'A')};
    return abbr_is_state_code(code, 2);
}

/* The postal codes that are words too, which a ZIP code after them tells
 * apart ("SAID IN 12345 WAYS", "Call Bob, OK?"). */
static const char *const state_code_words[] = {"in", "or", "me", "ok", "hi", "as", "oh", "id"};

/* Whether b[0..n) is a ZIP code's five digits, or a ZIP+4's ten. */
static bool zip_digits(const char *b, size_t n)
{
    if (n != 5 && n != 10)
        return false;
    for (size_t i = 0; i < n; i++)
        if (i == 5 ? b[i] != '-' : !is_digit(b[i]))
            return false;
    return true;
}

/* A ZIP code after its state ("TX 78701", "DC 20500-0003") or named
 * ("ZIP 90210", "zip code 90210", "the ZIP is 90210"): digit by digit, with
 * a pause before the four of a ZIP+4, not an amount. In shouted text a
 * state's code that is also a word is taken for the word ("SAID IN 12345
 * WAYS"). */
static bool read_zip(reader *r, const neighbour *prev, const neighbour *prev2)
{
    /* "ZIP 90210", "zip code 90210", "the ZIP is 90210" */
    bool named = (nb_is(prev, "zip") && nb_all_caps(prev)) ||
                 (nb_is(prev2, "zip") && nb_all_caps(prev2) && (nb_is(prev, "is") || nb_is(prev, "was"))) ||
                 (nb_is(prev, "code") && nb_is(prev2, "zip"));
    /* in shouted text a code that is a word too only after a break, as
     * after a place's comma ("INDIANAPOLIS, IN 46204", not "SAID IN 12345
     * WAYS") */
    bool code = nb_state_code(prev) && !(r->shouted && NB_IN(prev, state_code_words) && prev2->n);
    if (!(named || code) || !zip_digits(r->b, r->n))
        return false;
    say_digits(r, 0, 5);
    if (r->n == 10) {
        w_pause(&r->w);
        say_digits(r, 6, 10);
    }
    return true;
}

/* A US state in an address or a politician's party tag. A postal code is
 * the state before a ZIP code after a place and a comma ("Boston, MA
 * 02108", "INDIANAPOLIS, IN 46204") or a capitalised word in a text not
 * shouted ("Portland OR 97201"; "SAID IN 12345 WAYS" is no address); and
 * after a place and a comma where its clause ends ("in Austin, TX, the
 * heat", "AUSTIN, TX (AP)") or, in a text not shouted, the place after a
 * word of where (abbr_is_locative), before a word in small letters but
 * "and" and "or" ("Meet me in Reno, NV at noon"; elsewhere the letters
 * are as often a list's or a thing's: "X-rays, CT scans", "Cameras, SD
 * cards", but for a verb of being or having: "Nashville, TN has"), those
 * that are words too (state_code_words) and a degree's or Los Angeles's
 * letters (MD, MA, MS, PA, LA) only before a ZIP code ("Call Bob, OK?",
 * "Jane Doe, MD, signed", "Boston, LA and Miami"). A party's
 * letter joined to a state by a hyphen, standing between breaks as the
 * news writes it after a politician's name ("Sen. Chuck Schumer, D-N.Y.,
 * said", "Rep. Jim Jordan (R-Ohio)"), is "democrat of new york". */
static bool read_state(reader *r, const char *word, size_t len, const neighbour *self, const neighbour *prev,
                       const neighbour *next)
{
    static const struct {
        char letter;
        const char *party;
    } parties[] = {{'D', "democrat"}, {'R', "republican"}, {'I', "independent"}};
    static const char *const other_letters[] = {"md", "ma", "ms", "pa", "la"};
    const char *state;
    bool alone = !prev->n && r->next_break;
    for (size_t k = 0; alone && len > 3 && word[1] == '-' && k < sizeof parties / sizeof *parties; k++)
        if (word[0] == parties[k].letter && (state = abbr_state(word + 2, len - 2))) {
            w_word(&r->w, parties[k].party);
            w_word(&r->w, "of");
            w_words(&r->w, state);
            return true;
        }
    if (!nb_state_code(self))
        return false;
    bool before_zip = zip_digits(next->b, next->n) && (r->after_place || (nb_capitalised(prev) && !r->shouted));
    static const char *const verbs[] = {"is", "was", "has", "had", "will", "would", "remains", "became"};
    bool small_next = !r->shouted && next->n && !next->up[0];
    bool after_place = r->after_place && !NB_IN(self, state_code_words) && !NB_IN(self, other_letters) &&
                       (r->next_break || (small_next && NB_IN(next, verbs)) ||
                        (r->after_place == 3 && small_next && !nb_is(next, "and") && !nb_is(next, "or")));
    if (!(before_zip || after_place) || !(state = abbr_state(word, len)))
        return false;
    w_words(&r->w, state);
    return true;
}

/* The kinds of street, as written after a street's name. */
static const char *const street_kinds[] = {
    "ave", "ave.", "avenue", "st", "st.", "street", "blvd", "blvd.", "boulevard", "rd", "rd.", "road",
    "dr", "dr.", "drive", "way", "ln", "ln.", "lane", "pl", "pl.", "place", "ct", "ct.", "court",
    "hwy", "hwy.", "highway", "pkwy", "pkwy.", "parkway", "sq", "sq.", "square", "ter", "ter.", "terrace",
};

/* The reading of `nb` in a table of {written, read} pairs: said, true;
 * false when it is not listed. */
static bool say_listed(reader *r, const neighbour *nb, const char *const table[][2], size_t n)
{
    for (size_t k = 0; k < n; k++)
        if (nb_is(nb, table[k][0])) {
            w_words(&r->w, table[k][1]);
            return true;
        }
    return false;
}

/* A compass point in capitals after a street's kind ("Pennsylvania Ave
 * NW", "Main St. SE"): the quarter of the city, northwest. */
static bool read_street_quarter(reader *r, const neighbour *self, const neighbour *prev)
{
    static const char *const quarters[][2] = {
        {"nw", "northwest"}, {"ne", "northeast"}, {"sw", "southwest"}, {"se", "southeast"}};
    return self->n == 2 && self->up[0] && self->up[1] && NB_IN(prev, street_kinds) &&
           say_listed(r, self, quarters, sizeof quarters / sizeof *quarters);
}

/* A street's kind written short and without its period, capitalised,
 * after the street's name or number ("Pennsylvania Ave", "5th Ave",
 * "Sunset Blvd"): the word. St and Dr are titles too ("St Paul", "Dr
 * Smith"); espeak-ng reads "Main St" as the street itself, and "Dr" is the
 * drive here only in an address or a route, after a house number or a
 * word of the way and a name, before no capitalised word ("12 Oak Dr,
 * Austin", "turn onto Ocean Dr and"; "Happy Birthday Dr!" is doctor). */
static bool read_bare_street(reader *r, const neighbour *self, const neighbour *prev, const neighbour *prev2,
                             const neighbour *next)
{
    static const char *const kinds[][2] = {{"ave", "avenue"}, {"blvd", "boulevard"}, {"rd", "road"},
                                           {"hwy", "highway"}, {"pkwy", "parkway"}, {"ln", "lane"}};
    static const char *const ways[] = {"onto", "on", "along", "via", "off", "down", "up", "take"};
    if (nb_is(self, "dr") && self->up[0] && !self->up[1] && nb_capitalised(prev) &&
        (nb_digits(prev2, 1, 6) || NB_IN(prev2, ways)) && !(next->n && next->up[0])) {
        w_word(&r->w, "drive");
        return true;
    }
    return self->n && self->up[0] && prev->n && (nb_capitalised(prev) || is_digit(prev->b[0])) &&
           say_listed(r, self, kinds, sizeof kinds / sizeof *kinds);
}

/* A compass point in capitals next to a word of wind ("Winds NW at 10
 * mph", "SW winds", a weather radio's "WINDS NNE 10 TO 15 MPH"): the
 * direction, where elsewhere "NW" and "NE" may be a quarter's or a state's
 * letters. */
static bool read_wind_direction(reader *r, const neighbour *self, const neighbour *prev, const neighbour *prev2,
                                const neighbour *next)
{
    static const char *const winds[] = {"wind", "winds", "breeze", "breezes", "blowing"};
    static const char *const points[][2] = {
        {"n", "north"},           {"s", "south"},           {"e", "east"},            {"w", "west"},
        {"ne", "northeast"},      {"nw", "northwest"},      {"se", "southeast"},      {"sw", "southwest"},
        {"nne", "north northeast"}, {"ene", "east northeast"}, {"ese", "east southeast"}, {"sse", "south southeast"},
        {"ssw", "south southwest"}, {"wsw", "west southwest"}, {"wnw", "west northwest"}, {"nnw", "north northwest"}};
    for (size_t i = 0; i < self->n; i++)
        if (!self->up[i])
            return false;
    /* and the two letters of NE, NW, SE, SW after "from the", "of the"
     * ("winds out of the SW", "parts of the SE"), where a single one may
     * be a letter and three are as often a name ("the SSE hype") */
    bool of_the = self->n == 2 && nb_is(prev, "the") && (nb_is(prev2, "from") || nb_is(prev2, "of"));
    if (!NB_IN(prev, winds) && !NB_IN(next, winds) && !of_the)
        return false;
    for (size_t k = 0; k < sizeof points / sizeof *points; k++)
        if (nb_is(self, points[k][0])) {
            w_words(&r->w, points[k][1]);
            return true;
        }
    return false;
}

/* A recipe's cup, "c." after an amount and before a word in small letters
 * ("1 c. flour", "1/2 c. milk", "2 c. of oats"): cup, or cups after an
 * amount above one; "c. 1850" stays circa, "C." an initial. */
static bool read_cup(reader *r, const neighbour *self, const neighbour *prev, const neighbour *prev2,
                     const neighbour *next)
{
    uint64_t v;
    bool whole;
    if (!nb_is(self, "c.") || self->up[0] || !next->n || !is_letter(next->b[0]) || next->up[0] || !prev->n)
        return false;
    bool fraction = memchr(prev->b, '/', prev->n) || folded_vulgar(prev->b[prev->n - 1]);
    if (!fraction && !nb_number(prev, 0, &v, &whole))
        return false;
    /* "1 1/2 c." and "2½ c." are cups */
    bool mixed = nb_number(prev2, 0, &v, &whole) || (folded_vulgar(prev->b[prev->n - 1]) && prev->n > 1);
    bool one = nb_is(prev, "1") || (fraction && !mixed);
    w_word(&r->w, one ? "cup" : "cups");
    return true;
}

/* "sq" or "sq." after a number and before a length: an area. The length
 * is a unit of length as written after a number (nb_unit: "ft", "ft.",
 * "mi", "m", "in." but not a bare "in", as in "5 sq in a row"), or "feet"
 * or "foot" spelled out; *m gets it. */
static bool nb_square(const neighbour *self, const neighbour *prev, const neighbour *next, measure *m)
{
    static const unit foot = {"foot", "foot", "feet", Q_LENGTH, S_CUSTOMARY};
    uint64_t v;
    bool whole;
    if (!(nb_is(self, "sq") || nb_is(self, "sq.")) || !nb_number(prev, 0, &v, &whole))
        return false;
    if (nb_is(next, "feet") || nb_is(next, "foot")) {
        *m = (measure){&foot, NULL, NULL};
        return true;
    }
    return nb_unit(next, m) && m->u->quantity == Q_LENGTH && !m->alt && !m->per;
}

/* "1,850 sq ft" → square feet: "sq" says "square" and the unit, which
 * then says nothing (said_before), where alone "ft." is a fort and "Sq" a
 * street's square. */
static bool read_square(reader *r, const neighbour *self, const neighbour *prev, const neighbour *next)
{
    measure m;
    if (!nb_square(self, prev, next, &m))
        return false;
    w_word(&r->w, "square");
    say_unit(r, &m, nb_is(prev, "1"));
    return true;
}

/* A word that names a road by its number ("Route 66", "Hwy 101", "US 1",
 * "SR 99"); "US" and "SR" only in capitals. */
static bool nb_route(const neighbour *nb)
{
    static const char *const words[] = {"route", "rte", "rte.", "rt.", "highway", "hwy", "hwy.", "interstate"};
    static const char *const codes[] = {"us", "sr"};
    return NB_IN(nb, words) || (nb->n == 2 && nb->up[0] && nb->up[1] && NB_IN(nb, codes));
}

/* The direction of travel a capital N, S, E or W (with or without its
 * period) gives after a road's number ("Hwy 101 N", "I-95 S", "Route 66
 * W"): north, south, east, west, where after another number it is a unit
 * or a letter ("66 W" of a lamp); NB, SB, EB, WB there are northbound and
 * the rest ("I-10 WB"). */
static const char *route_direction(const neighbour *self, const neighbour *prev, const neighbour *prev2)
{
    static const char *const ways[][2] = {{"n", "north"}, {"s", "south"}, {"e", "east"}, {"w", "west"}};
    static const char *const bound[][2] = {
        {"nb", "northbound"}, {"sb", "southbound"}, {"eb", "eastbound"}, {"wb", "westbound"}};
    /* a traffic report's "I-10 WB", "I-66 EB" */
    bool travel = self->n == 2 && self->up[0] && self->up[1] && self->b[1] == 'b';
    if (!(self->n == 1 || (self->n == 2 && self->b[1] == '.') || travel) || !self->up[0])
        return NULL;
    size_t i = prev->n > 2 && prev->b[0] == 'i' && prev->up[0] && prev->b[1] == '-' ? 2 : 0; /* "I-95" */
    if (i == prev->n || (i == 0 && !nb_route(prev2)))
        return NULL;
    for (size_t k = i; k < prev->n; k++)
        if (!is_digit(prev->b[k]))
            return NULL;
    for (size_t k = 0; k < sizeof ways / sizeof *ways; k++)
        if (self->b[0] == ways[k][0][0])
            return travel ? bound[k][1] : ways[k][1];
    return NULL;
}

/* A road's or a room's name written short before its number, capitalised
 * ("Hwy 101", "Rte 9", a road's in capitals too; "Apt 4B", "Ste 200", "Bldg
 * 5", "Rm 204"), a page's in small letters ("pg 3", "pgs 3-5"), and a
 * highway's mile marker in capitals ("MM 755", "MP 12"). */
static bool read_route(reader *r, const neighbour *self, const neighbour *prev, const neighbour *prev2,
                       const neighbour *next)
{
    static const char *const kinds[][2] = {{"hwy", "highway"}, {"rte", "route"}};
    static const char *const rooms[][2] = {
        {"apt", "apartment"}, {"ste", "suite"}, {"bldg", "building"}, {"rm", "room"}};
    static const char *const pages[][2] = {{"pg", "page"}, {"pgs", "pages"}};
    bool before_number = next->n && is_digit(next->b[0]);
    /* not in capitals: "RM 50" is ringgit, "APT 28" a group of hackers,
     * "PG 13" a film's rating, "PG 16" a database (and "pg 13" too) */
    bool capitals = self->n > 1 && self->up[1];
    if (before_number && !capitals && !nb_is(next, "13") && say_listed(r, self, pages, sizeof pages / sizeof *pages))
        return true;
    if (before_number && nb_capitalised(self) && !capitals && say_listed(r, self, rooms, sizeof rooms / sizeof *rooms))
        return true;
    const char *way = route_direction(self, prev, prev2);
    if (way) {
        w_word(&r->w, way);
        return true;
    }
    /* a highway's mile marker and milepost in capitals where a place is
     * named: "AT MM 755", "BETWEEN MP 12 AND MP 18" ("THE MP 5 GUN" and "AN
     * MP 4 YEARS RUNNING" keep their letters) */
    static const char *const markers[][2] = {{"mm", "mile marker"}, {"mp", "milepost"}};
    static const char *const where[] = {"at", "near", "between", "and", "past", "from", "to", "before", "after"};
    if (before_number && capitals && self->n == 2 && NB_IN(prev, where) &&
        say_listed(r, self, markers, sizeof markers / sizeof *markers))
        return true;
    return self->n && self->up[0] && before_number && say_listed(r, self, kinds, sizeof kinds / sizeof *kinds);
}

/* A road's number of three digits, as drivers and traffic reports say it:
 * in pairs, "I-285" → i two eighty five, "Highway 101" → one oh one,
 * "Route 520" → five twenty, "US 100" → one hundred; after a capitalised
 * word that names a road by its number (nb_route) or as an interstate's
 * "I-". */
static bool read_road_number(reader *r, const neighbour *prev)
{
    size_t i = 0;
    if (r->n == 5 && r->b[0] == 'i' && r->up[0] && r->b[1] == '-')
        i = 2;
    else if (!nb_route(prev) || !nb_capitalised(prev))
        return false; /* "the route 101 students took" is a count */
    if (r->n != i + 3 || !is_digit(r->b[i]) || r->b[i] == '0' || !is_digit(r->b[i + 1]) || !is_digit(r->b[i + 2]))
        return false;
    if (i)
        say_letter(r, 'i');
    w_word(&r->w, number_ones[r->b[i] - '0']);
    unsigned last = (unsigned)(r->b[i + 1] - '0') * 10 + (unsigned)(r->b[i + 2] - '0');
    phrase p = {.n = 0};
    p.s[0] = '\0';
    if (last == 0) {
        ph_add(&p, "hundred");
    } else {
        if (last < 10)
            ph_add(&p, "oh");
        ph_below100(&p, last);
    }
    say_phrase(r, &p);
    return true;
}

/* A web address or e-mail address: a scheme ("https://"), "www.", an "@"
 * before a dot, or a known top-level domain after the last dot. */
static bool looks_like_address(const reader *r)
{
    static const char *const tlds[] = {"com", "org", "net", "edu", "gov", "int", "mil", "info", "biz", "io",
                                       "co",  "uk",  "us",  "de",  "fr",  "eu",  "ca",  "au",   "app", "dev"};
    const char *b = r->b;
    size_t n = r->n;
    const char *scheme = n >= 3 ? memchr(b, ':', n) : NULL;
    if (scheme && (size_t)(scheme - b) + 2 < n && scheme[1] == '/' && scheme[2] == '/')
        return true;
    if (n > 4 && memcmp(b, "www.", 4) == 0)
        return true;
    const char *at_sign = memchr(b, '@', n);
    if (at_sign && at_sign > b && memchr(at_sign, '.', n - (size_t)(at_sign - b)))
        return true;
    size_t end = 0; /* the host, before a path or a port */
    while (end < n && b[end] != '/' && b[end] != ':')
        end++;
    if (end == 9 && memcmp(b, "localhost", 9) == 0 && end < n)
        return true; /* "localhost:3000", "localhost/app" */
    size_t dot = end;
    while (dot > 0 && b[dot - 1] != '.')
        dot--;
    if (dot < 2 || !is_letter(b[dot - 2]))
        return false;
    for (size_t t = 0; t < sizeof tlds / sizeof *tlds; t++)
        if (strlen(tlds[t]) == end - dot && memcmp(b + dot, tlds[t], end - dot) == 0)
            return true;
    return false;
}

static void read_address(reader *r)
{
    const char *b = r->b;
    size_t n = r->n, i = 0;
    const char *scheme = memchr(b, ':', n);
    if (scheme && (size_t)(scheme - b) + 2 < n && scheme[1] == '/' && scheme[2] == '/')
        i = (size_t)(scheme - b) + 3;
    while (n > i && b[n - 1] == '/')
        n--;
    /* Labels of the host are spelled by the rule; the user before an @
     * and the path after the host are words. */
    const char *at_sign = memchr(b + i, '@', n - i);
    const char *path = memchr(b + i, '/', n - i);
    size_t host = at_sign ? (size_t)(at_sign - b) : i, host_end = path ? (size_t)(path - b) : n;
    while (i < n) {
        char c = b[i];
        if (is_letter(c)) {
            size_t j = i;
            bool vowel = false;
            while (j < n && is_letter(b[j]))
                vowel = vowel || is_vowel(b[j]) || b[j] == 'y', j++;
            size_t k = j - i;
            bool in_host = i >= host && i < host_end;
            if ((in_host && ((k == 2 && memcmp(b + i, "co", 2) != 0) || k == 1)) || (k <= 3 && !vowel))
                spell(r, b + i, k);
            else
                w_word_n(&r->w, b + i, k);
            i = j;
        } else if (is_digit(c)) {
            size_t j = i;
            while (j < n && is_digit(b[j]))
                j++;
            say_int(r, i, j);
            i = j;
        } else {
            /* a mail's sub-address ("jane+news@"), a host's port ("example.com:8080") */
            const char *say = c == '.' ? "dot" : c == '/' ? "slash" : c == '@' ? "at" : c == '-' ? "dash"
                              : c == '+' ? "plus" : c == ':' && is_digit(at(r, i + 1)) ? "port" : NULL;
            if (say)
                w_word(&r->w, say);
            i++;
        }
    }
}

/* ---- ranges ------------------------------------------------------------ */

/* Whether b[i] joins digits within an amount or a time ("1,200", "3.5",
 * "10:30"). */
static bool inner_separator(const reader *r, size_t i)
{
    char c = at(r, i);
    return (c == ',' || c == '.' || c == ':') && i > 0 && is_digit(r->b[i - 1]) && is_digit(at(r, i + 1));
}

/* The end of an amount's digits at i ("10", "1,200", "3.5", "10:30"). */
static size_t digits_end(const reader *r, size_t i)
{
    while (is_digit(at(r, i)) || inner_separator(r, i))
        i++;
    return i;
}

/* The whole part of the amount at i, its commas skipped ("1,200.5": 1200). */
static uint64_t whole_part(const reader *r, size_t i)
{
    uint64_t v = 0;
    for (; is_digit(at(r, i)) || (at(r, i) == ',' && is_digit(at(r, i + 1))); i++)
        if (is_digit(r->b[i]) && v < UINT64_MAX / 10 - 9)
            v = v * 10 + (uint64_t)(r->b[i] - '0');
    return v;
}

/* Whether what follows an amount's digits at k marks it as a quantity: a
 * percent or degree sign, a unit, am/pm or a scale ("10%", "5km", "5pm",
 * "2bn"), or the next word when the piece ends there ("5-10 km"). */
static bool marked_after(const reader *r, size_t k)
{
    size_t end;
    measure m;
    if (k == r->n)
        return r->next_unit || r->next_meridiem || r->next_scale;
    char c = r->b[k];
    return c == '%' || c == M_DEGREE || c == M_CENT || meridiem_at(r, k, &end) || magnitude_at(r, k, &end) ||
           (unit_measure_at(r->b, r->up, r->n, k, &m, &end) && !is_letter(at(r, end)));
}

/* A hyphen at i joining two amounts, read "to": when either is marked as a
 * quantity ("5-10%", "$200-$300", "9am-5pm", "5-10 km", "2020-21" is a
 * year's and read elsewhere), when they are hours after days ("Mon-Fri
 * 9-5"), or, rising, next to a word of ranges ("3-4 days", "pages 10-15").
 * Elsewhere "5-3" is a score, and numbers joined by more hyphens a code or
 * a phone number. */
static bool range_hyphen(const reader *r, size_t i)
{
    size_t j = i + 1 + is_currency(at(r, i + 1));
    if (!is_digit(at(r, j)))
        return false;
    size_t k = digits_end(r, j);
    if (at(r, k) == '-' || (k < r->n && is_digit(r->b[k])))
        return false;
    /* back over the first amount: its sign or unit, then its digits */
    size_t e = i;
    while (e > 0 && !is_digit(r->b[e - 1]))
        e--;
    size_t s = e;
    while (s > 0 && (is_digit(r->b[s - 1]) || inner_separator(r, s - 1)))
        s--;
    if (s == e || (s > 0 && is_letter(r->b[s - 1])))
        return false; /* a model's code: "S21-128GB" */
    for (size_t x = 0; x < s; x++)
        if (is_digit(r->b[x]) || r->b[x] == '-')
            return false;
    bool currency = (s > 0 && is_currency(r->b[s - 1])) || j > i + 1;
    bool times = memchr(r->b + s, ':', e - s) && memchr(r->b + j, ':', k - j);
    bool rising = whole_part(r, s) < whole_part(r, j);
    size_t end;
    if (currency || times || (e < i && marked_after(r, e)))
        return true;
    /* a passage: "John 3:16-18", "Luke 2:1-20", the verses rising, after
     * a book ("Rule 1:4-8" is a court's rule, "Lakers 3:16-18" no verse) */
    const char *colon = memchr(r->b + s, ':', e - s);
    if (r->book_before && s == 0 && colon && !memchr(r->b + j, ':', k - j) && k == r->n &&
        whole_part(r, (size_t)(colon - r->b) + 1) < whole_part(r, j))
        return true;
    if (r->hours_around && s == 0 && e == i && k == r->n && e - s <= 2 && k - j <= 2) {
        uint64_t a = whole_part(r, s), b = whole_part(r, j);
        if (a >= 1 && a <= 12 && b >= 1 && b <= 12 && a != b)
            return true;
    }
    /* only the second marked: "5-10 km", but "3080-10GB" is a name */
    if (marked_after(r, k))
        return rising || meridiem_at(r, k, &end) || (k == r->n && r->next_meridiem);
    /* a score: two whole numbers of up to three digits and nothing else;
     * after a team's name, falling ("beat the Celtics 112-108", where a
     * rising pair is a range and reads "to" as well), but not a model's
     * ("the Boeing 747-400") nor "24-7" */
    bool whole = s == 0 && e == i && k == r->n && e - s <= 3 && k - j <= 3;
    uint64_t first = whole_part(r, s), second = whole_part(r, j);
    bool model = first > second + 100; /* no game is won by a hundred */
    if (whole && (r->score_before || (r->team_before && !rising && !model && !(first == 24 && second == 7))))
        return true;
    if (!r->range_around || e != i || e - s > 9 || k - j > 9)
        return false;
    return rising;
}

/* A rating, the whole piece "N/M" with M 5, 10 or 100 and N no more than
 * M, next to a word of rating ("4/5 stars", "rated 8/10", "3.5/5 overall"):
 * "four out of five", and so after a mark's name and a verb of being ("His
 * score was 98/100"); a decimal N is a mark anywhere, over 4 too (a grade
 * point average's "3.8/4.0"). Elsewhere "4/5" is four fifths
 * (read_fraction) and "8/10" eight ten. */
static bool read_rating(reader *r, const neighbour *prev, const neighbour *prev2, const neighbour *next)
{
    static const char *const after[] = {"stars", "star", "overall", "rating"};
    static const char *const before[] = {"rated", "rating", "rates", "scored", "score", "gave", "gives", "verdict"};
    static const char *const marks[] = {"score", "rating", "grade", "mark"};
    bool named = (nb_is(prev, "is") || nb_is(prev, "was")) && NB_IN(prev2, marks);
    bool context = NB_IN(next, after) || NB_IN(prev, before) || named;
    if (r->of_next || !number_at(r, 0))
        return false; /* "gave 4/5 of his fortune" is a fraction */
    amount a, b;
    scan_amount(r, 0, &a);
    if (a.commas || at(r, a.end) != '/' || !is_digit(at(r, a.end + 1)))
        return false;
    scan_amount(r, a.end + 1, &b);
    /* the top may be written "4.0", "5.0" */
    bool round_top = !b.frac;
    for (size_t k = b.frac_start; b.frac && k < b.frac_end && (round_top = r->b[k] == '0'); k++)
        ;
    uint64_t top = whole_part(r, b.int_start), mark = whole_part(r, a.int_start);
    /* a decimal over a round top is a mark ("3.8/4.0", "a 4.5/5 book"): no
     * fraction is written so; a grade point average is out of 4. But not
     * before a unit, where it is two strengths ("Lotrel 2.5/10 mg"), nor
     * before "with" ("dilute 2.5/10 with water") */
    bool decimal = a.frac && !r->next_unit && !nb_is(next, "with");
    if (!(context || decimal) || b.end != r->n || !round_top || b.commas ||
        (top != 5 && top != 10 && top != 100 && !(top == 4 && a.frac)) || mark > top || (mark == top && a.frac))
        return false;
    if (a.int_end > a.int_start)
        say_int(r, a.int_start, a.int_end);
    say_fraction(r, &a);
    w_word(&r->w, "out");
    w_word(&r->w, "of");
    say_int(r, b.int_start, b.int_end);
    return true;
}

/* Digits from i and the letters after them up to the piece's end or a
 * digit: the end of the digits (i when none) and of the letters. */
static size_t digits_then_letters(const reader *r, size_t i, size_t *letters_end)
{
    size_t j = i;
    while (is_digit(at(r, j)))
        j++;
    size_t k = j;
    while (k < r->n && is_letter(r->b[k]) && !r->up[k])
        k++;
    *letters_end = k;
    return j;
}

/* A timer's unit after digits, the letters [i, e): 0 hours (h), 1 minutes
 * (m, min), 2 seconds (s, sec); -1 none. */
static int timer_unit(const reader *r, size_t i, size_t e)
{
    if (e - i == 1)
        return r->b[i] == 'h' ? 0 : r->b[i] == 'm' ? 1 : r->b[i] == 's' ? 2 : -1;
    if (e - i == 3 && (memcmp(r->b + i, "min", 3) == 0 || memcmp(r->b + i, "sec", 3) == 0))
        return r->b[i] == 'm' ? 1 : 2;
    return -1;
}

typedef struct {
    size_t n;                      /* parts, 0 when the piece is no timer's */
    size_t start[3], end[3];       /* each part's digits */
    int unit[3];                   /* timer_unit(), largest first */
} timer_parts;

/* The piece as a timer writes a duration, "2h", "2h15m", "4m32s", "1h30"
 * (the bare last number is the unit below the one before it). */
static timer_parts timer_parts_of(const reader *r)
{
    timer_parts t = {.n = 0};
    size_t i = 0;
    while (i < r->n && t.n < 3) {
        size_t e, d = digits_then_letters(r, i, &e);
        int unit = d == e && t.n ? t.unit[t.n - 1] + 1 : timer_unit(r, d, e);
        if (d == i || unit < 0 || unit > 2 || (t.n && unit <= t.unit[t.n - 1]))
            return (timer_parts){.n = 0};
        t.start[t.n] = i;
        t.end[t.n] = d;
        t.unit[t.n++] = unit;
        i = e;
    }
    return i == r->n ? t : (timer_parts){.n = 0};
}

/* A duration as timers and listings write it: "2h", "2h15m", "1h30",
 * "4m32s", the whole piece, and minutes or seconds standing alone next
 * to the unit above or below them ("runtime 2h 15m", "took 4m 32s"):
 * "two hours fifteen minutes". Elsewhere "15m" is meters and "30s" a
 * decade or an age; "a 2h drive" is a two hour drive. */
static bool read_timer(reader *r, const neighbour *prev, const neighbour *next)
{
    static const char *const units[][2] = {{"hour", "hours"}, {"minute", "minutes"}, {"second", "seconds"}};
    timer_parts t = timer_parts_of(r);
    if (t.n == 0)
        return false;
    if (t.n == 1 && t.unit[0] > 0) {
        reader p = {.b = prev->b, .up = prev->up, .n = prev->n}, q = {.b = next->b, .up = next->up, .n = next->n};
        timer_parts before = timer_parts_of(&p), after = timer_parts_of(&q);
        bool above = before.n && before.unit[before.n - 1] == t.unit[0] - 1;
        bool below = after.n && after.unit[0] == t.unit[0] + 1 && t.unit[0] == 1;
        if (!above && !below)
            return false;
    }
    for (size_t k = 0; k < t.n; k++) {
        say_int(r, t.start[k], t.end[k]);
        w_word(&r->w, units[t.unit[k]][whole_part(r, t.start[k]) == 1 || r->singular ? 0 : 1]);
    }
    return true;
}

/* Short forms written with a slash, the whole piece in any case: "w/" with,
 * "w/o" without, "c/o" care of, "n/a" not applicable, "y/o" year old
 * before a word and years old elsewhere, and
 * the periods of economic data, "y/y" year over year (also q/q and m/m,
 * and "YoY" and "QoQ" written so). */
static bool read_slash_word(reader *r, const neighbour *next)
{
    /* "a 3 y/o son", but "she is 34 y/o", "female, 28 y/o, from" */
    if (r->n == 3 && memcmp(r->b, "y/o", 3) == 0) {
        w_words(&r->w, next->n && is_letter(next->b[0]) ? "year old" : "years old");
        return true;
    }
    static const struct {
        const char *written, *words;
        bool small; /* in small letters only: "B/C" is a ratio's letters */
    } forms[] = {
        {"w/", "with"},           {"w/o", "without"},         {"b/c", "because", true},
        {"c/o", "care of"},       {"n/a", "not applicable"},
        {"y/y", "year over year"}, {"q/q", "quarter over quarter"},
        {"m/m", "month over month"},
    };
    bool small = true;
    for (size_t i = 0; i < r->n; i++)
        small = small && !r->up[i];
    for (size_t k = 0; k < sizeof forms / sizeof *forms; k++)
        if (strlen(forms[k].written) == r->n && memcmp(r->b, forms[k].written, r->n) == 0 &&
            (small || !forms[k].small)) {
            w_words(&r->w, forms[k].words);
            return true;
        }
    /* written so only: "MoM" may be a mother's name */
    static const char *const cased[][2] = {{"YoY", "year over year"}, {"QoQ", "quarter over quarter"}};
    for (size_t k = 0; k < sizeof cased / sizeof *cased; k++) {
        bool same = r->n == 3;
        for (size_t i = 0; same && i < 3; i++)
            same = r->b[i] == (char)(cased[k][0][i] | 0x20) && r->up[i] == (cased[k][0][i] < 'a');
        if (same) {
            w_words(&r->w, cased[k][1]);
            return true;
        }
    }
    return false;
}

/* Whether the neighbour is a length: a number with a mark of inches or
 * feet ("6"", "8'"), or a unit of length after a number (`before`: "10
 * ft", "2 m"). */
static bool nb_length(const neighbour *nb, const neighbour *before)
{
    measure m;
    uint64_t v;
    bool whole;
    if (nb->n >= 2 && (nb->b[nb->n - 1] == '"' || nb->b[nb->n - 1] == '\'') && is_digit(nb->b[nb->n - 2]))
        return true;
    return nb_unit(nb, &m) && m.u->quantity == Q_LENGTH && nb_number(before, 0, &v, &whole);
}

/* Digits alone, with decimals or not. */
static bool nb_bare_number(const neighbour *nb)
{
    uint64_t v;
    bool whole;
    return nb->n && nb_number(nb, 0, &v, &whole) && is_digit(nb->b[0]);
}

/* Words around a rank written with "#" ("ranked #15432 in Books", "placed
 * #10234 out of 50000", "the #10000 visitor"), which is a number, not an
 * identifier. */
static const char *const rank_before[] = {"ranked", "rank", "ranking", "placed", "place", "reached", "hit",
                                          "the",    "a",    "at",      "to",     "finished"};
static const char *const rank_after[] = {"in", "out", "of", "on", "visitor", "customer", "ranked", "place", "spot"};

/* Words before a telephone's key: "press #" is the pound key, "dial
 * *67" a service code. */
static const char *const key_presses[] = {"press", "hit", "dial", "push", "tap", "enter", "call", "use", "try"};

/* Whether the neighbour starts with a number: a digit, a point and a digit,
 * a sign and a digit, or a currency sign and one ("3", ".5", "-3", "$5"). */
static bool nb_number_first(const neighbour *nb)
{
    size_t i = nb->n && (nb->b[0] == '-' || is_currency(nb->b[0]));
    return i < nb->n && (is_digit(nb->b[i]) || (nb->b[i] == '.' && i + 1 < nb->n && is_digit(nb->b[i + 1])));
}

/* The hex digits [i, e) one by one, as a programmer reads them aloud;
 * hyphens between groups say nothing. */
static void say_hex_digits(reader *r, size_t i, size_t e)
{
    for (size_t k = i; k < e; k++)
        if (is_digit(r->b[k]))
            w_word(&r->w, number_ones[r->b[k] - '0']);
        else if (r->b[k] != '-')
            say_letter(r, r->b[k]);
}

/* A colour in hexadecimal, "#" at i and the rest of the piece six or eight
 * hex digits with a digit and a letter among them ("#FF5733"; "#BADBAD"
 * may be a hashtag, "#CA2024" one of a place and a year, "#123456" an
 * identifier, and three, "#A42", as often a reference): "hash" and each
 * digit, true; false, saying nothing, elsewhere. */
static bool read_hex_colour(reader *r, size_t i)
{
    size_t n = r->n - i - 1;
    bool digit = false, letter = false;
    if (n != 6 && n != 8)
        return false;
    for (size_t k = i + 1; k < r->n; k++) {
        bool hex_letter = r->b[k] >= 'a' && r->b[k] <= 'f';
        if (!is_digit(r->b[k]) && !hex_letter)
            return false;
        digit = digit || is_digit(r->b[k]);
        letter = letter || hex_letter;
    }
    /* (a hashtag's place and year: "#CA2024") */
    bool year = n == 6 && !is_digit(r->b[i + 1]) && !is_digit(r->b[i + 2]) &&
                ((r->b[i + 3] == '1' && r->b[i + 4] == '9') || (r->b[i + 3] == '2' && r->b[i + 4] == '0'));
    if (!digit || !letter || year)
        return false;
    w_word(&r->w, "hash");
    say_hex_digits(r, i + 1, r->n);
    return true;
}

/* A "#" at i that is a sharp: after a capital note letter A..G alone, at
 * the end of the piece or before a chord's seventh ("C#", "F#", "C#7"), and
 * not a label before a number ("Apartment C# 4"). */
static bool sharp_note(const reader *r, size_t i, const neighbour *next)
{
    if (i != 1 || !r->up[0] || r->b[0] < 'a' || r->b[0] > 'g')
        return false;
    if (i + 1 == r->n)
        return !nb_number_first(next);
    for (size_t k = i + 1; k < r->n; k++)
        if (!is_digit(r->b[k]))
            return false;
    return true;
}

/* A hexadecimal number written as C writes it, the whole piece "0x" and
 * two hex digits or more ("0x80070005", "0xFF"): zero x, then every digit
 * one by one, as a programmer reads an error code or an address aloud
 * ("0x5 = 0" stays a product). */
static bool read_hex(reader *r)
{
    if (r->n < 4 || r->b[0] != '0' || r->b[1] != 'x' || r->up[1])
        return false;
    for (size_t i = 2; i < r->n; i++)
        if (!is_digit(r->b[i]) && !(r->b[i] >= 'a' && r->b[i] <= 'f'))
            return false;
    w_word(&r->w, "zero");
    w_word(&r->w, "x");
    say_hex_digits(r, 2, r->n);
    return true;
}

/* A digest or an identifier in hexadecimal, the whole piece: seven hex
 * digits or more that go from letter to digit or back three times or
 * more, in one case ("e3b0c44298fc", a commit's "a1b2c3d"), or groups of
 * four or more joined by hyphens, sixteen digits or more in all, a letter
 * among them (a UUID, "550e8400-e29b-41d4-a716-446655440000"): every digit
 * one by one, as it is read aloud to be typed. Not a measure's "10000cc"
 * nor a plate's "ABC1234", which change once, a date's "12feb2024" or
 * "face2face" (twice), nor a card's "1234-5678-9012-3456". */
static bool read_hex_id(reader *r)
{
    size_t digits = 0, letters = 0, capitals = 0, changes = 0, group = 0, groups = 1;
    for (size_t i = 0; i < r->n; i++) {
        char c = r->b[i];
        if (c == '-') {
            if (group < 4)
                return false;
            group = 0;
            groups++;
            continue;
        }
        if (!is_digit(c) && !(c >= 'a' && c <= 'f'))
            return false;
        changes += i > 0 && r->b[i - 1] != '-' && is_digit(c) != is_digit(r->b[i - 1]);
        letters += !is_digit(c);
        capitals += r->up[i];
        digits++;
        group++;
    }
    if (group < 4 || (capitals && capitals != letters) || !letters ||
        (groups == 1 ? digits < 7 || changes < 3 : digits < 16))
        return false;
    say_hex_digits(r, 0, r->n);
    return true;
}

/* A number masked but for its last four digits, as a statement or a
 * message prints it: the whole piece marks (stars, x's, #) in groups
 * joined by hyphens, then the digits ("***-**-1234", "XXX-XX-1234",
 * "xxxx1234", "XX1234": two marks or more; x's joined to the digits
 * directly or in two groups or more, not a numeral's "XXX-1999"), or the
 * digits alone after a piece of three stars or more ("**** **** 4242").
 * The marks say nothing and the digits are read one by one, as a card's
 * or an account's last digits are ("one two three four", not minus one
 * thousand ...). */
static bool read_masked(reader *r, const neighbour *prev)
{
    size_t marks = 0, xs = 0, hyphens = 0, i = 0;
    while (i < r->n && (r->b[i] == '*' || r->b[i] == 'x' || r->b[i] == '#' || r->b[i] == '-')) {
        marks += r->b[i] != '-';
        xs += r->b[i] == 'x';
        hyphens += r->b[i] == '-';
        i++;
    }
    if (xs && hyphens == 1)
        return false; /* a numeral's "XXX-1999" */
    size_t d = i;
    while (d < r->n && is_digit(r->b[d]))
        d++;
    size_t digits = d - i;
    if (d != r->n || digits != 4)
        return false;
    bool starred = i == 0 && prev->n >= 3;
    for (size_t k = 0; starred && k < prev->n; k++)
        starred = prev->b[k] == '*';
    if (!starred && marks < 2)
        return false;
    say_digits(r, i, d);
    return true;
}

/* A batting average, the whole piece a point and three digits, next to a
 * word of batting ("hitting .300", "a .250 hitter", "batting .315"): read
 * as the thousandths, "three hundred", ".050" "fifty", as the broadcast
 * says it. */
static bool read_batting_average(reader *r, const neighbour *prev, const neighbour *next)
{
    static const char *const before[] = {"hitting", "batting", "hit", "hits", "hitter", "average", "avg"};
    static const char *const after[] = {"hitter", "hitters", "average", "avg", "batting", "season", "career"};
    if (r->n != 4 || r->b[0] != '.' || !is_digit(r->b[1]) || !is_digit(r->b[2]) || !is_digit(r->b[3]) ||
        !(NB_IN(prev, before) || (NB_IN(next, after) && !nb_number_first(prev))))
        return false;
    size_t s = 1;
    while (s < 3 && r->b[s] == '0')
        s++; /* ".050": fifty */
    say_int(r, s, 4);
    return true;
}

/* A model number said in pairs, as a year is, after a maker or a line
 * whose models everyone names so: "Boeing 737" seven thirty seven,
 * "Porsche 911" nine eleven, "Cessna 172", "RTX 4090" forty ninety, "GTX
 * 1080" ten eighty; and a standard's number: "RFC 7231" seventy two
 * thirty one, "ISO 8601" eighty six oh one, "IEEE 754". Three or four
 * digits, the whole piece (and for IEEE a part after a point, below);
 * a standard's whole hundreds are numbers ("ISO 9000"). */
static bool read_model_number(reader *r, const neighbour *prev)
{
    static const char *const makers[] = {"boeing", "porsche", "cessna", "rtx", "gtx", "rx", "rfc", "iso", "ieee"};
    if (!prev->n || !prev->up[0] || !NB_IN(prev, makers))
        return false;
    /* an IEEE standard's part after a point, "802.11ac" or "802.11AC":
     * eight oh two dot eleven a c */
    size_t n = 0;
    while (n < r->n && is_digit(r->b[n]))
        n++;
    bool dotted = n < r->n && r->b[n] == '.' && nb_is(prev, "ieee");
    size_t letters = n + 1, end;
    while (dotted && letters < r->n && is_digit(r->b[letters]))
        letters++;
    for (end = letters; dotted && end < r->n && is_letter(r->b[end]); end++)
        ;
    if (n < 3 || n > 4 || r->b[0] == '0' || (dotted ? letters == n + 1 || end != r->n : n != r->n))
        return false;
    unsigned v = 0;
    for (size_t i = 0; i < n; i++)
        v = v * 10 + (unsigned)(r->b[i] - '0');
    static const char *const standards[] = {"rfc", "iso", "ieee"};
    if (n == 4 && v % 100 == 0 && NB_IN(prev, standards))
        return false; /* "ISO 9000"; a card's "RX 6800" is sixty eight hundred */
    phrase p = {.n = 0};
    ph_year(&p, v);
    w_words(&r->w, p.s);
    if (dotted) {
        w_word(&r->w, "dot");
        say_int(r, n + 1, letters);
        spell(r, r->b + letters, end - letters);
    }
    return true;
}

/* A file's mode after "chmod" or "umask", three or four octal digits, the
 * whole piece, one by one as it is typed: "chmod 644" six four four,
 * "umask 022" zero two two. */
static bool read_file_mode(reader *r, const neighbour *prev)
{
    if (r->n < 3 || r->n > 4 || !(nb_is(prev, "chmod") || nb_is(prev, "umask")))
        return false;
    for (size_t i = 0; i < r->n; i++)
        if (r->b[i] < '0' || r->b[i] > '7')
            return false;
    say_digits(r, 0, r->n);
    return true;
}

/* Short forms of messages and notes, the whole piece in small letters or
 * capitalised, that read as nothing else: "thx" thanks, "pls" please,
 * "tmrw" tomorrow, "appt" appointment, "govt" government, "qty" quantity,
 * "bday" birthday, "idk" I don't know. ("mtg" is as often a mortgage,
 * "msg" the food additive.) Also the numeronyms of software, a word's
 * first and last letters around the count of those between, which are
 * said as the word: "i18n", "l10n", "a11y", "k8s" (Kubernetes). */
static bool read_short_form(reader *r)
{
    static const char *const forms[][2] = {
        {"thx", "thanks"},       {"thnx", "thanks"},     {"pls", "please"},
        {"plz", "please"},       {"tmrw", "tomorrow"},   {"appt", "appointment"},
        {"govt", "government"},  {"qty", "quantity"},    {"bday", "birthday"},
        {"idk", "i don't know"}, {"i18n", "internationalization"}, {"l10n", "localization"},
        {"a11y", "accessibility"}, {"k8s", "kubernetes"},
    };
    for (size_t i = 1; i < r->n; i++)
        if (r->up[i])
            return false;
    for (size_t k = 0; k < sizeof forms / sizeof *forms; k++)
        if (strlen(forms[k][0]) == r->n && memcmp(r->b, forms[k][0], r->n) == 0) {
            w_words(&r->w, forms[k][1]);
            return true;
        }
    return false;
}

/* A small "x" standing alone between two numbers. "by" between lengths
 * ("6" x 9"", "10 ft x 12 ft") and between two bare numbers before a word
 * in small letters, the thing so sized ("a 2 x 4 board", "1920 x 1080
 * pixels", "a 5 x 5 grid"); "times" in a sum ("3 x 5 = 15", "7 x 8 is
 * 56") and with another unit ("500 mg x 3", "2 x 500 mg tablets", "16 GB
 * x 2"). Elsewhere it keeps its letter ("What is 7 x 8?", "Brazil 2 x 1
 * Germany"), and so does a capital X ("Malcolm X 5 times"). */
static bool read_dimension_x(reader *r, const neighbour *prev, const neighbour *prev2, const neighbour *next,
                             const neighbour *next2)
{
    static const char *const sums[] = {"=", "is", "equals", "makes", "gives"};
    measure m;
    if (r->n != 1 || r->b[0] != 'x' || r->up[0] || !next->n || !is_digit(next->b[0]) || !prev->n)
        return false;
    bool lengths = nb_length(prev, prev2);
    bool bare = nb_bare_number(prev) && nb_bare_number(next);
    bool other_unit = (!lengths && nb_unit(prev, &m) && nb_bare_number(prev2)) || nb_unit(next2, &m);
    const char *say = NULL;
    if (NB_IN(next2, sums) || (other_unit && !lengths))
        say = "times";
    else if (lengths || (bare && next2->n && is_letter(next2->b[0]) && !next2->up[0]))
        say = "by";
    if (!say)
        return false;
    w_word(&r->w, say);
    return true;
}

/* "bps" after a number of at most 1,000 where a rate moves ("rose 25
 * bps", "cut by 50 bps", "a 12.5 bps cut"): basis points, as markets write
 * them. Elsewhere it keeps its letters: a line's "300 bps", genetics'
 * base pairs ("fragments of 500 bps"), a modem's "9600 bps". */
static bool read_basis_points(reader *r, const neighbour *prev, const neighbour *prev2, const neighbour *next)
{
    static const char *const moves[] = {"by", "rose", "fell", "cut", "cuts", "raised", "lowered", "hiked", "up",
                                        "down", "widened", "narrowed", "tightened", "gained", "lost", "added",
                                        "dropped", "climbed", "jumped", "slipped", "rises", "falls"};
    static const char *const changes[] = {"cut", "cuts", "hike", "hikes", "rise", "increase", "decrease", "move"};
    uint64_t v;
    bool whole;
    if (r->n != 3 || memcmp(r->b, "bps", 3) != 0 || r->up[0] || !nb_number(prev, 0, &v, &whole) || v > 1000 ||
        !(NB_IN(prev2, moves) || NB_IN(next, changes)))
        return false;
    w_word(&r->w, "basis");
    w_word(&r->w, nb_is(prev, "1") ? "point" : "points");
    return true;
}

/* A comparison standing alone between a word and a number ("p < 0.05",
 * "x >= 5", "ages > 65"), between two small letters ("if a > b") or, with
 * "=", between two words: its words. Only after a word of the same clause,
 * since a quoted mail's line begins with ">" ("> 5 apples"), and not where
 * another ">" or a capitalised word follows the number, as in a menu's
 * path ("Home > 2024 > Photos", "Settings > 2 Display"). */
static bool read_comparison(reader *r, const neighbour *prev, const neighbour *next, const neighbour *next2)
{
    if (nb_is(next2, ">") || nb_capitalised(next2))
        return false;
    static const char *const signs[][2] = {{"<", "less than"},
                                           {">", "greater than"},
                                           {"<=", "less than or equal to"},
                                           {">=", "greater than or equal to"}};
    bool number = next->n && (is_digit(next->b[0]) || ((next->b[0] == '-' || next->b[0] == '.') && next->n > 1 &&
                                                        is_digit(next->b[1]))); /* "5", "-5", ".05" */
    /* or between two small letters standing for numbers: "if a > b" */
    bool letters = prev->n == 1 && next->n == 1 && is_letter(prev->b[0]) && !prev->up[0] && is_letter(next->b[0]) &&
                   !next->up[0];
    /* or "<=" and ">=", which no menu nor quotation writes, between any
     * two words ("if count >= limit") */
    bool or_equal = r->n == 2 && r->b[1] == '=' && next->n;
    if (!prev->n || !(number || letters || or_equal))
        return false;
    for (size_t k = 0; k < sizeof signs / sizeof *signs; k++)
        if (strlen(signs[k][0]) == r->n && memcmp(r->b, signs[k][0], r->n) == 0) {
            w_words(&r->w, signs[k][1]);
            return true;
        }
    return false;
}

/* The 24-hour clock of the services and of emergency logs, four digits
 * before "hours" or "hrs" ("at 0800 hrs" → zero eight hundred hours,
 * "1430 hours" → fourteen thirty hours): with a leading zero always;
 * otherwise after "at", or after another word of time (by, until, from,
 * since, before, after, till, to) when the minutes are not 00, since
 * "after 2000 hours" and "up to 1000 hrs" are as often durations; never
 * before "of" ("1500 hrs of flight time"). "hrs" is said here (and then
 * says nothing, said_before), "hours" by itself. */
static bool read_military_time(reader *r, const neighbour *prev, const neighbour *next, const neighbour *next2)
{
    static const char *const hours[] = {"hrs", "hrs.", "hr", "hr.", "hours"};
    static const char *const times[] = {"by", "until", "till", "from", "since", "before", "after", "to"};
    if (r->n != 4 || !NB_IN(next, hours) || nb_is(next2, "of"))
        return false;
    for (size_t i = 0; i < 4; i++)
        if (!is_digit(r->b[i]))
            return false;
    unsigned hh = (unsigned)(r->b[0] - '0') * 10 + (unsigned)(r->b[1] - '0');
    unsigned mm = (unsigned)(r->b[2] - '0') * 10 + (unsigned)(r->b[3] - '0');
    if (hh > 23 || mm > 59 || (r->b[0] != '0' && !nb_is(prev, "at") && !(mm != 0 && NB_IN(prev, times))))
        return false;
    if (r->b[0] == '0')
        say_digits(r, 0, 1);
    say_int(r, r->b[0] == '0' ? 1 : 0, 2);
    if (mm == 0) {
        w_word(&r->w, "hundred");
    } else {
        if (r->b[2] == '0')
            say_digits(r, 2, 3);
        say_int(r, r->b[2] == '0' ? 3 : 2, 4);
    }
    if (!nb_is(next, "hours"))
        w_word(&r->w, "hours");
    return true;
}

/* How often, the whole piece "Nx/" and a divisor as a price takes ("3x/wk",
 * "2x/day"): "three times a week", "twice a day", "once an hour". */
/* A multiple [s, e) of the reader's digits said as how often: "once" and
 * "twice" for 1 and 2 when `by_name`, else the number and "times". */
static void say_times(reader *r, size_t s, size_t e, bool by_name)
{
    uint64_t n = whole_part(r, s);
    if (by_name && (n == 1 || n == 2)) {
        w_word(&r->w, n == 1 ? "once" : "twice");
        return;
    }
    say_int(r, s, e);
    w_word(&r->w, "times");
}

static bool read_times_per(reader *r)
{
    size_t d = 0;
    while (d < r->n && is_digit(r->b[d]))
        d++;
    if (d == 0 || d > 3 || at(r, d) != 'x' || at(r, d + 1) != '/')
        return false;
    size_t end;
    if (!unit_divisor_at(r->b, r->up, r->n, d + 1, &end) || end != r->n)
        return false;
    say_times(r, 0, d, true);
    read_price_per(r, d + 1);
    return true;
}

/* A multiple, the whole piece "Nx" ("5x", "3X", "1.5x", "2-3x"), where
 * "times" is meant: before a comparative ("5x faster": five times faster;
 * "2x as much", "3x the price": twice as much, three times the price),
 * and before how often ("3x daily", "2x a week", "3x per day": three times
 * daily, twice a week). Before a title won so many times, after a
 * determiner, it is "time" ("a 3x champion": a three time champion, "the
 * 4x world champion"; but a shopping list's "Order 2x Champion hoodies").
 * Elsewhere it stays "x", as a lens's or a player's speed is said ("a 10x
 * zoom", "play at 2x as shown", "2x per box"). */
static bool read_times(reader *r, const neighbour *prev, const neighbour *next, const neighbour *next2)
{
    static const char *const comparatives[] = {
        "faster",  "slower",  "more",    "less",     "fewer",   "larger",  "bigger",  "smaller", "higher",
        "lower",   "longer",  "shorter", "cheaper",  "better",  "worse",   "stronger", "greater", "quicker",
        "louder",  "heavier", "lighter", "brighter", "denser",  "wider",   "deeper",  "quieter", "smarter",
        "easier",  "harder",  "safer",   "warmer",   "thinner", "thicker", "richer",  "costlier",
    };
    /* "2x as much", "3x as fast": not "2x as shown", "10x as well" */
    static const char *const as_what[] = {"much", "many",  "fast",  "large", "big",  "long",   "high", "likely",
                                          "often", "strong", "heavy", "bright", "far", "quickly", "slow", "expensive"};
    static const char *const the_what[] = {"size", "price", "cost", "speed", "amount", "number", "rate",
                                           "power", "value", "weight", "length", "volume", "capacity"};
    /* "3x its investment", "2x his salary"; "10x revenue", "25x earnings" */
    static const char *const whose[] = {"its", "their", "his", "her", "your", "our", "my"};
    static const char *const valued[] = {"revenue", "revenues", "earnings", "sales", "ebitda", "profit", "profits"};
    static const char *const often[] = {"daily", "weekly", "monthly", "yearly", "annually", "hourly"};
    static const char *const spans[] = {"day", "week", "month", "year", "hour", "minute", "second", "night", "season"};
    static const char *const each[] = {"a", "an", "per", "each", "every"};
    static const char *const titles[] = {"champion", "champ",     "winner",   "all-star", "mvp",
                                         "medalist", "medallist", "olympian", "finalist", "nominee",
                                         "bowler",   "all-pro"};
    /* what a title is of, one or two words: "a 4x world champion", "a 3x
     * Olympic gold medalist", "the 2x Super Bowl winner" */
    static const char *const of_what[] = {"world",  "olympic", "nba",   "nfl",   "nhl",   "mlb",       "ncaa",
                                          "grammy", "emmy",    "oscar", "gold",  "pro",   "super",     "bowl",
                                          "grand",  "slam",    "cup",   "state", "national", "wimbledon", "major",
                                          "stanley"};
    if (!is_digit(at(r, 0)))
        return false;
    amount low, high;
    scan_amount(r, 0, &low);
    size_t k = low.end;
    bool range = at(r, k) == '-' && is_digit(at(r, k + 1));
    if (range) {
        scan_amount(r, k + 1, &high);
        k = high.end;
    }
    if (low.int_end - low.int_start > 3 || low.commas || (range && high.commas) || at(r, k) != 'x' ||
        k + 1 != r->n)
        return false;
    bool how_often = NB_IN(next, often) || (NB_IN(next, each) && NB_IN(next2, spans));
    bool twice = (nb_is(next, "as") && NB_IN(next2, as_what)) || (nb_is(next, "the") && NB_IN(next2, the_what)) ||
                 NB_IN(next, whose);
    bool title = NB_IN(next, titles) || (NB_IN(next, of_what) && (NB_IN(next2, titles) || NB_IN(next2, of_what)));
    if (title && !range && (abbr_is_determiner(prev->b, prev->n) || NB_IN(prev, whose))) {
        say_int(r, low.int_start, low.int_end);
        say_fraction(r, &low);
        w_word(&r->w, "time");
        return true;
    }
    if (!how_often && !twice && !NB_IN(next, comparatives) && !NB_IN(next, valued))
        return false;
    if (!range && !low.frac) {
        /* once only for how often ("1x as fast" is one times as fast) */
        say_times(r, low.int_start, low.int_end, how_often || (twice && whole_part(r, 0) == 2));
        return true;
    }
    say_int(r, low.int_start, low.int_end);
    say_fraction(r, &low);
    if (range) {
        w_word(&r->w, "to");
        say_int(r, high.int_start, high.int_end);
        say_fraction(r, &high);
    }
    w_word(&r->w, "times");
    return true;
}

/* A team named for a number, the whole piece digits and "ers" ("49ers",
 * "76ers"): the number with "ers" on its last word, forty niners, seventy
 * sixers. */
static bool read_number_ers(reader *r)
{
    size_t d = 0;
    while (d < r->n && is_digit(r->b[d]))
        d++;
    if (d == 0 || d > 3 || r->b[0] == '0' || r->n != d + 3 || memcmp(r->b + d, "ers", 3) != 0)
        return false;
    phrase p = {.n = 0};
    p.s[0] = '\0';
    ph_cardinal(&p, whole_part(r, 0));
    if (p.n + 4 > sizeof p.s)
        return false;
    strcpy(p.s + p.n, p.s[p.n - 1] == 'e' ? "rs" : "ers");
    w_words(&r->w, p.s);
    return true;
}

/* A blood pressure, the whole piece "N/M" of whole numbers, systolic 50
 * to 300 over a smaller diastolic from 20, before mmHg or after a word of
 * pressure ("120/80 mmHg", "BP 140/90", "blood pressure of 118/76"):
 * "one hundred twenty over eighty", with its unit. Elsewhere "120/80" is
 * two numbers. */
static bool read_pressure(reader *r, const neighbour *prev, const neighbour *prev2)
{
    static const char *const words[] = {"bp", "pressure", "pressures"};
    bool context = (r->next_unit && strcmp(r->next_unit->u->written, "mmHg") == 0) || NB_IN(prev, words) ||
                   (NB_IN(prev2, words) && (nb_is(prev, "of") || nb_is(prev, "was") || nb_is(prev, "is") ||
                                            nb_is(prev, "at")));
    if (!context || !is_digit(at(r, 0)))
        return false;
    amount a, b;
    scan_amount(r, 0, &a);
    if (a.commas || a.frac || at(r, a.end) != '/' || !is_digit(at(r, a.end + 1)))
        return false;
    scan_amount(r, a.end + 1, &b);
    uint64_t top = whole_part(r, a.int_start), bottom = whole_part(r, b.int_start);
    if (b.end != r->n || b.frac || b.commas || top < 50 || top > 300 || bottom < 20 || bottom >= top)
        return false;
    say_int(r, a.int_start, a.int_end);
    w_word(&r->w, "over");
    say_int(r, b.int_start, b.int_end);
    if (r->next_unit)
        say_unit(r, r->next_unit, false);
    return true;
}

/* ---- entry ------------------------------------------------------------- */

size_t normalize_en_word(const char *word, char *out, size_t out_size)
{
    return normalize_en_word_in(word, NULL, out, out_size);
}

/* Whether the words `said` hold `name` as a whole word (or words). */
static bool says(const char *said, const char *name)
{
    size_t n = strlen(name);
    for (const char *p = strstr(said, name); p; p = strstr(p + 1, name))
        if ((p == said || p[-1] == ' ') && (p[n] == '\0' || p[n] == ' '))
            return true;
    return false;
}

/* Whether `prev`, the word before the unit `word`, reads it with its number
 * ("5 km", "5-10 km", "COVID19 km", "2½ km"): then it reads otherwise
 * before a word of the same case that is no unit. Asking the reader itself
 * keeps the two words in step whatever form the number ends `prev` in.
 * Where prev's reading turns on its own word before (the "0%" of "0% APR
 * 18 mos.", without which "APR 18" is a date), it is asked again with that
 * word; then only a reading that says the unit's name (`one` or `many`)
 * counts, since the word after prev moves other readings too ("beat the
 * Celtics 112-108 in OT": a score before a word of grammar). */
static bool prev_reads_unit(const char *word, const normalize_en_context *ctx, const char *one, const char *many)
{
    const char *prev = ctx->prev;
    if (!prev)
        return false;
    char with[NORMALIZE_EN_OUT_BYTES], without[NORMALIZE_EN_OUT_BYTES];
    /* with the word before it too: "in" is inches after "5 ft 11"; the
     * other word in the same case and the sentence as shouted as it is,
     * since in capitals "MEN" beside a lone "Q" would be spelled, and "IN"
     * after it taken for inches said ("2 MEN IN CONNECTION") */
    bool capitals = word[0] >= 'A' && word[0] <= 'Z' && word[1] >= 'A' && word[1] <= 'Z';
    const char *other = capitals ? "QQ" : word[0] >= 'A' && word[0] <= 'Z' ? "Q" : "q";
    normalize_en_context unit_next = {.prev = ctx->prev2, .next = word, .next2 = ctx->next, .shouted = ctx->shouted};
    normalize_en_context other_next = {.prev = ctx->prev2, .next = other, .next2 = ctx->next, .shouted = ctx->shouted};
    normalize_en_word_in(prev, &unit_next, with, sizeof with);
    normalize_en_word_in(prev, &other_next, without, sizeof without);
    if (strcmp(with, without) != 0)
        return true;
    if (!ctx->prev2 || !ctx->prev3)
        return false;
    unit_next.prev2 = other_next.prev2 = ctx->prev3;
    normalize_en_word_in(prev, &unit_next, with, sizeof with);
    normalize_en_word_in(prev, &other_next, without, sizeof without);
    return strcmp(with, without) != 0 && (says(with, one) || says(with, many)) &&
           !says(without, one) && !says(without, many);
}

/* A race's time as its own piece: M:SS.f or MM:SS.f, perhaps with its "s"
 * (read_time): it says its seconds itself. */
static bool nb_race_time(const neighbour *nb)
{
    size_t i = 0;
    while (i < nb->n && i < 3 && is_digit(nb->b[i]))
        i++;
    if (i < 1 || i > 2 || i + 4 > nb->n || nb->b[i] != ':' || !is_digit(nb->b[i + 1]) || !is_digit(nb->b[i + 2]) ||
        nb->b[i + 3] != '.')
        return false;
    size_t k = i + 4;
    while (k < nb->n && is_digit(nb->b[k]))
        k++;
    return k > i + 4 && (k == nb->n || (k + 1 == nb->n && nb->b[k] == 's'));
}

/* Whether the word is read by the one before it ("million" of "$5 million",
 * "km" of "5 km", "USD" of "49.99 USD"), and so reads as nothing itself. */
static bool said_before(const neighbour *self, const neighbour *prev, const neighbour *prev2, const char *word,
                        const normalize_en_context *ctx)
{
    measure unit;
    const char *whose;
    uint64_t v;
    bool whole;
    bool coded = currency_code(prev2, false, &whose) && nb_number(prev, 0, &v, &whole); /* "USD 5 million" */
    char code = currency_code(self, false, &whose);
    /* "$5 USD", "$5M USD", "$5 million USD" */
    bool named_again = code && (code == nb_sign_amount(prev) || (nb_scale(prev) && code == nb_sign_amount(prev2)));
    /* "3:59.4 seconds", "1:45.3 min.": the time has said its unit */
    static const char *const time_units[] = {"seconds", "second", "secs", "sec", "sec.", "s",
                                             "minutes", "minute", "mins", "min", "min."};
    if (nb_race_time(prev) && NB_IN(self, time_units))
        return true;
    if ((nb_scale(self) && (nb_money(prev) || coded)) || named_again || nb_square(prev, prev2, self, &unit))
        return true;
    char after_code = currency_code(self, true, &whose);
    if (nb_unit(self, &unit))
        return prev_reads_unit(word, ctx, unit.u->one, unit.u->many);
    if (nb_is(self, "in"))
        return prev_reads_unit(word, ctx, "inch", "inches");
    return after_code && prev_reads_unit(word, ctx, names_of(after_code)->one, names_of(after_code)->many);
}

bool normalize_en_said_before(const char *word, const normalize_en_context *ctx)
{
    if (!word || !ctx)
        return false;
    neighbour self, prev, prev2;
    fold_neighbour(word, &self);
    fold_neighbour(ctx->prev, &prev);
    fold_neighbour(ctx->prev2, &prev2);
    return said_before(&self, &prev, &prev2, word, ctx);
}

/* A form's label that ends in a colon before what it labels, a code or
 * a number with a digit in it ("Order No.: 12345", "Ref.: ABC-123",
 * "Tel.: +1 555 0100"): its abbreviation reads as before a number. Only
 * the abbreviations whose sense on a form is that one: "Est.: 3 hours"
 * is estimated, "Dep.: 250.00" a deposit, "c.: 9" an answer's letter,
 * "Sec.: 2" a secretary or seconds, "Ext.: 3 coats" exterior, "Fig.: 3
 * large figs" fruit. */
static bool label_before_code(const neighbour *self, const normalize_en_context *ctx)
{
    static const char *const labels[] = {"no.", "nos.", "ref.", "tel.", "apt.",  "vol.", "bldg.", "ste.",
                                         "rm.", "pg.",  "pgs.", "pp.",  "para.", "hwy.", "rte."};
    if (ctx->next || !ctx->after_colon || !NB_IN(self, labels))
        return false;
    for (const char *c = ctx->after_colon; *c; c++)
        if (is_digit(*c))
            return true;
    return false;
}

size_t normalize_en_word_in(const char *word, const normalize_en_context *ctx, char *out, size_t out_size)
{
    static const normalize_en_context alone = {.prev = NULL};
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
    if (!ctx)
        ctx = &alone;

    size_t len = 0;
    while (len < NORMALIZE_EN_MAX_INPUT && word[len])
        len++;
    char b[NORMALIZE_EN_MAX_INPUT];
    bool up[NORMALIZE_EN_MAX_INPUT];
    r.n = fold_en(word, len, b, up);
    r.b = b;
    r.up = up;

    neighbour self, prev, prev2, next, next2, after_comma, after_comma_next, before_names;
    fold_neighbour(word, &self);
    fold_neighbour(ctx->prev, &prev);
    fold_neighbour(ctx->prev2, &prev2);
    fold_neighbour(ctx->next, &next);
    fold_neighbour(ctx->next2, &next2);
    fold_neighbour(ctx->after_comma, &after_comma);
    fold_neighbour(ctx->after_comma_next, &after_comma_next);
    fold_neighbour(ctx->before_names, &before_names);
    /* The words that say what a number is: those before it, or a form's
     * label before a colon ("Account: 12345678901"), for the rules of
     * codes, ZIP codes and ranges only. */
    neighbour key, key2;
    fold_neighbour(ctx->prev ? ctx->prev : ctx->label, &key);
    fold_neighbour(ctx->prev ? ctx->prev2 : ctx->label2, &key2);
    bool labelled = !ctx->prev && ctx->label;
    neighbour lead;
    fold_neighbour(ctx->lead, &lead);
    r.singular = nb_is(&prev, "a") || nb_is(&prev, "an");
    measure next_unit;
    /* the "W" of "Route 66 W" is west, no watts */
    r.next_unit = nb_unit(&next, &next_unit) && !route_direction(&next, &self, &prev) ? &next_unit : NULL;
    /* a forecast's "10-15 KT" is knots, a jeweller's "14 KT GOLD" karats
     * and a weapon's "20 KT WARHEAD" kilotons, left as letters */
    static const char *const not_knots[] = {"gold",  "white",   "yellow",   "rose", "platinum", "ring",
                                            "chain", "warhead", "warheads", "bomb", "nuclear",  "device",
                                            "yield"};
    r.karats = NB_IN(&next, not_knots) || (nb_is(&next, "kt") && NB_IN(&next2, not_knots));
    if (r.karats && r.next_unit && !strcmp(r.next_unit->u->one, "knot"))
        r.next_unit = NULL;
    /* "5 ft 11 in": after feet, "in" is inches without its period too */
    static const char *const feet[] = {"ft", "ft.", "feet", "foot"};
    if (!r.next_unit && nb_is(&next, "in") && NB_IN(&prev, feet)) {
        neighbour inches;
        fold_neighbour("in.", &inches);
        r.next_unit = nb_unit(&inches, &next_unit) ? &next_unit : NULL;
    }
    /* a weather report's "PRESSURE OF 1008 MB": millibars, where elsewhere
     * MB is megabytes ("mb" in small letters is no unit here) */
    static const char *const pressures[] = {"pressure", "pressures", "barometric", "barometer"};
    static const char *const links[] = {"of", "at", "is", "was", "to", "near", "around"};
    static const unit millibar = {"mb", "millibar", "millibars", 0, S_NONE};
    if (r.next_unit && nb_is(&next, "mb") &&
        (NB_IN(&prev, pressures) || (NB_IN(&prev, links) && NB_IN(&prev2, pressures)))) {
        next_unit = (measure){&millibar, NULL, NULL, NULL};
        r.next_unit = &next_unit;
    }
    r.next_scale = nb_scale(&next);
    /* after a determiner other than "a", a measure or an amount before a
     * noun is an adjective too: "the $45 million budget", "his 5 mile run"
     * (not after "her" or "that", as often a pronoun and a conjunction:
     * "paid her $50 yesterday", "said that $2 million remains") */
    static const char *const determiners[] = {"the", "our", "my",   "your",  "his",
                                              "its", "their", "this", "these", "those"};
    if (!r.singular && NB_IN(&prev, determiners))
        r.singular = nb_noun_after_measure(r.next_unit || r.next_scale ? &next2 : &next);
    r.next_meridiem = nb_meridiem(&next) != 0;
    r.prev_name = nb_capitalised(&prev) && !ctx->prev_starts_sentence && !abbr_is_function_word(prev.b, prev.n);
    r.prev_small = (prev.n && is_letter(prev.b[0]) && !prev.up[0]) || nb_is(&prev, "i"); /* "and I DID" */
    r.prev_first = ctx->prev_starts_sentence && nb_capitalised(&prev) && !nb_all_caps(&prev);
    r.first_word = !prev.n && !ctx->inside_breaks; /* not a ticker's "(NYSE: ALL)" */
    r.after_with = nb_is(&prev, "with");
    r.after_place = ctx->after_place;
    r.next_break = !ctx->next;
    char next_word[16] = "";
    if (next.n < sizeof next_word) {
        memcpy(next_word, next.b, next.n);
        next_word[next.n] = '\0';
    }
    r.next_word = next_word;
    r.next_kind = abbr_next_of(next.first);
    r.next_year = nb_year(&next);
    r.next_verse = nb_verse(&next) && !nb_meridiem(&next2) && !nb_ends_meridiem(&next);
    r.shouted = ctx->shouted || (nb_all_caps(&prev) && nb_all_caps(&next));
    /* Capital words in a row in a sentence that is not shouted are a name
     * or a heading more often than initialisms ("NEW YORK (AP)", "the SAN
     * FRANCISCO office"); US and IT stay the initialisms there ("US ARMY",
     * "IT SUPPORT"). */
    r.caps_pair = !r.shouted && nb_all_caps(&self) && (nb_capital_word(&prev) || nb_capital_word(&next));
    r.shouted = r.shouted || r.caps_pair;
    r.after_the = nb_is(&prev, "the");
    r.after_determiner = abbr_is_determiner(prev.b, prev.n);
    /* only numbers joined by a colon are verses: the books are not looked
     * up for every word */
    if (memchr(word, ':', len)) {
        r.book_before = nb_book(&prev);
        r.verse_before = verse_before(&prev, r.book_before, r.after_determiner, ctx->prev_starts_sentence);
    }
    static const char *const waits[] = {"every", "wait",  "waits", "waited", "waiting",
                                        "timeout", "delay", "interval", "sleep"};
    static const char *const spans[] = {"after",  "within", "took",  "takes", "take",
                                        "taking", "lasted", "lasts", "lasting"};
    bool linked = nb_is(&prev, "to") || nb_is(&prev, "of");
    r.plurals_listed = (nb_is(&next, "and") || nb_is(&next, "or")) && next2.n >= 2 && is_digit(next2.b[0]) &&
                       next2.b[next2.n - 1] == 's';
    r.timed_before = NB_IN(&prev, waits) || (linked && NB_IN(&prev2, waits)) ? 2
                     : NB_IN(&prev, spans) || (linked && NB_IN(&prev2, spans)) ? 1
                                                                              : 0;
    r.range_around = NB_IN(&key, range_before) || NB_IN(&next, range_after) || nb_sections(&prev) ||
                     (NB_IN(&next, range_between) && NB_IN(&next2, range_after));
    /* a noun after a measure: a word in small letters that is no little
     * word ("a $5-million home", but "$5-million to build", "raised
     * $5-million total"); after "a" any but a word of grammar, since "a"
     * wants the noun ("a $5-million cut") */
    /* both read only by a number: the lists are not walked for a word */
    bool digits = false;
    for (size_t i = 0; i < r.n && !digits; i++)
        digits = is_digit(r.b[i]);
    r.adjective_next = digits && next.n && is_letter(next.b[0]) && !next.up[0] &&
                       !(r.singular ? nb_grammar_word(&next) : nb_little_word(&next));
    /* "Call 5551234567", "account 12345678901", a parcel's "1Z999AA10123456784" */
    static const char *const codes[] = {
        "account", "acct", "order",  "tracking", "ref",    "reference", "number",   "no.",    "#",
        "id",      "phone", "call",  "card",     "invoice", "isbn",     "serial",   "code",   "confirmation",
        "policy",  "member", "customer", "ticket", "transaction", "case"};
    bool letters = false;
    for (size_t i = 0; digits && i < r.n && !letters; i++)
        letters = is_letter(r.b[i]);
    r.code_next_to =
        digits && (letters || NB_IN(&key, codes) || (nb_is(&prev, "is") && NB_IN(&prev2, codes)));
    /* Nouns that name an identifier, after which five digits or more are
     * one: after a determiner ("your order 40012345", "the ticket 58213"),
     * before "number", "no.", "#" or "ID" ("order number 40012345", "Policy
     * no. 884213"), or as a form's label ("Ticket: 58213"), and with no
     * unit, scale or counted noun after it, nor anything in small letters
     * after a label ("Order: 50000 units", "the policy 10000 times"). Bare,
     * most of them are verbs or quantities too ("order 10000 units",
     * "policy 10000 times"); "number", "card" and "case" alone name other
     * things ("in case 50000 people come"). Only a run of digits: "$25000"
     * and "10000.50" are amounts. */
    static const char *const ids[] = {"account", "acct",   "order",        "tracking", "ref",    "ref.", "reference",
                                      "invoice", "serial", "confirmation", "policy",   "ticket", "transaction"};
    static const char *const id_nouns[] = {"number", "no.", "#", "id"};
    static const char *const owners[] = {"your", "my", "our", "his", "her", "their", "the", "this", "that"};
    r.counted_not_long = NB_IN(&next, counted_by_programs);
    r.counted_next = NB_IN(&next, counted_words) || r.counted_not_long;
    bool quantity_next = digits && (r.next_unit || r.next_scale || r.counted_next || nb_is(&next, "times") ||
                                    (labelled && next.n && !next.up[0])); /* "Order number: 50000 units" */
    r.id_next_to = nb_digits(&self, 1, MAX_DIGITS) && !quantity_next &&
                   ((NB_IN(&prev, ids) && NB_IN(&prev2, owners)) || (NB_IN(&key, id_nouns) && NB_IN(&key2, ids)) ||
                    (labelled && NB_IN(&key, ids)));
    /* and after a score, what it won: "a 3-2 lead", "a 5-4 ruling"; odds
     * are said with "to" too: "the 5-2 favorite", "at 18-1 odds", "odds of
     * 3-1" */
    static const char *const score_after[] = {"lead",   "win",    "victory",  "loss",      "defeat",    "ruling",
                                              "vote",   "decision", "favorite", "favourite", "favorites", "odds",
                                              "shot",   "underdog", "longshot"};
    r.score_before = NB_IN(&prev, score_before) || NB_IN(&next, score_after) || nb_is(&prev, "odds") ||
                     (nb_is(&prev, "of") && nb_is(&prev2, "odds"));
    r.code_sym = currency_code(&prev, false, &r.code_whose);
    /* "49.99 USD": a code after a whole amount is read with it the same way,
     * but not after a year ("Since 1999 EUR has fallen") */
    if (!r.code_sym && number_at(&r, 0)) {
        amount whole;
        scan_amount(&r, 0, &whole);
        if (whole.end == r.n && !nb_year(&self))
            r.code_sym = currency_code(&next, true, &r.code_whose);
    }
    /* "$5 USD", "$40 CAD": the code after an amount with its own sign names
     * whose dollars they are and says nothing itself (said_before); CAD
     * too, the sign having said it is money */
    const char *whose_after = NULL;
    char sign_named = nb_sign_amount(&self);
    if (sign_named && currency_code(&next, false, &whose_after) != sign_named &&
        !(nb_scale(&next) && currency_code(&next2, false, &whose_after) == sign_named))
        sign_named = 0;
    /* and "lunch is 12-1", "office hours are 2-4", "the score was 12-1" */
    bool copula = nb_is(&prev, "is") || nb_is(&prev, "are") || nb_is(&prev, "was") || nb_is(&prev, "were");
    r.hours_around = nb_hours_before(&key, r.prev_name, abbr_is_determiner(key2.b, key2.n)) ||
                     (copula && nb_hours_before(&prev2, false, false));
    static const char *const scores[] = {"score", "scores", "score's", "tally", "odds", "vote", "count"};
    r.score_before = r.score_before || (copula && NB_IN(&prev2, scores)) || (labelled && NB_IN(&key, scores));
    r.after_between = nb_is(&prev, "between");
    static const char *const lasted[] = {"took", "takes", "lasted", "lasts", "runtime", "duration", "length",
                                         "elapsed"};
    static const char *const raced[] = {"in",   "timed", "clocked", "ran",  "finished", "swam",
                                        "rode", "walked", "record", "time", "of"};
    /* "of" after a duration's word: "a running time of 1:45:00", "with a
     * time of 2:05:30" */
    static const char *const of_what[] = {"time", "runtime", "duration", "length", "record"};
    /* and a form's label of one ("Duration: 1:45:00", "Race time: 2:05:31"),
     * where "Time:" alone is as often a log's clock */
    static const char *const timed[] = {"race", "finish", "finishing", "run", "running", "total",
                                        "chip", "lap", "winning", "net", "gun", "elapsed"};
    /* not the start of a range of clock times ("ran 10:30:00 to 11:00:00",
     * "20:00:00 – 22:00:00"), nor a clock in a time zone ("02:14:33 UTC") */
    static const char *const until[] = {"to", "until", "till", "through"};
    static const char *const zones[] = {"utc", "gmt", "et", "est", "edt", "ct", "cst", "cdt", "pt", "pst", "pdt",
                                        "bst", "cet", "cest", "local", "z"};
    bool ranged = (NB_IN(&next, until) && next2.n && is_digit(next2.b[0])) ||
                  (next.n == 1 && (next.b[0] == '-' || next.b[0] == M_EN_DASH)) || NB_IN(&next, zones);
    if (labelled)
        r.duration_before = NB_IN(&key, lasted) || nb_is(&key, "record") ||
                            (nb_is(&key, "time") && NB_IN(&key2, timed)) ? 2 : 0;
    else if (NB_IN(&prev, lasted))
        r.duration_before = 2;
    else if (NB_IN(&prev, raced) && (!nb_is(&prev, "of") || NB_IN(&prev2, of_what)) &&
             (!nb_is(&prev, "time") || NB_IN(&prev2, timed)))
        r.duration_before = 1;
    if (ranged)
        r.duration_before = 0;
    r.of_next = nb_is(&next, "of");
    /* and numbered parts of a document, said the same way ("Section 3.2.1"
     * → three point two point one) */
    static const char *const versions[] = {
        "version", "release",  "build",     "firmware", "section",  "sections", "sec.",    "fig.",
        "figure",  "figures",  "table",     "tables",   "step",     "rule",     "rules",   "clause",
        "chapter", "ch.",      "paragraph", "para.",    "appendix", "article",  "art.",    "exercise",
        "theorem", "lemma",    "equation",  "eq.",      "item",     "part",     "standard"};
    /* and the programs, systems and standards a version number follows
     * ("Python 3.12", "GTK 4.14"), none of them an everyday word ("go",
     * "ruby", "safari", "kernel", "plasma": "a ruby 1.25 carats") */
    static const char *const programs[] = {
        "python",    "perl",    "php",      "kotlin",     "gtk",      "qt",        "gstreamer", "linux",
        "debian",    "fedora",  "windows",  "macos",      "ios",      "ipados",    "android",   "firefox",
        "chromium",  "thunderbird", "libreoffice", "kde", "emacs",    "vim",       "neovim",    "gcc",
        "clang",     "llvm",    "cuda",     "opengl",     "vulkan",   "openssl",   "postgresql", "mysql",
        "nginx",     "django",  "typescript", "pytorch",  "tensorflow", "numpy",   "bluetooth", "unicode"};
    r.after_version = NB_IN(&prev, versions) || NB_IN(&prev, programs) ||
                      (prev.n == 1 && folded_sign_plural(prev.b[0])) || nb_sections(&prev);
    static const char *const loose_parts[] = {"item", "part", "step", "standard"};
    r.version_named = r.after_version && !NB_IN(&prev, loose_parts);
    /* and before the end of the clause, a word of grammar or what it won
     * ("beat the Celtics 112-108 in OT"; not a record's "the Yankees 10-6
     * road record", nor a tennis match's sets, "beat Nadal 6-4, 6-3") */
    /* a call sign: four or three capitals from W or K ("WLW", "KNX", "WCBS") */
    static const char *const stations[] = {"station", "stations", "radio"};
    bool call_sign = (prev.n == 3 || prev.n == 4) && nb_all_caps(&prev) && (prev.b[0] == 'w' || prev.b[0] == 'k');
    r.station_around = call_sign || NB_IN(&next2, stations);
    static const char *const game_after[] = {"ahead", "behind", "lead", "win", "victory", "loss", "defeat"};
    /* the team after a word of winning, in capitals too ("CHIEFS BEAT RAVENS
     * 27-24"), or after "the" or a word of whom it played ("fell to LSU
     * 38-27", "rolled past Auburn 42-10", "held off Duke 78-74"), the team
     * of more than one word too ("edged Ohio State 30-24"), but not a
     * tournament, after which a tennis set is said without "to" ("won the
     * French Open 6-4"), nor a set after a player's full name, which takes
     * no "the" ("defeated Coco Gauff 6-2") */
    static const char *const played[] = {"the", "past", "to", "over", "off", "against", "vs", "vs.", "versus"};
    static const char *const tournaments[] = {"open", "championships", "masters"};
    bool named = (NB_IN(&before_names, score_before) || NB_IN(&before_names, played)) && !NB_IN(&prev, tournaments) &&
                 !(nb_tennis_set(&self, true) && !nb_is(&before_names, "the")); /* "the Red Sox 6-3": a team's */
    bool team = (NB_IN(&prev2, score_before) && (r.prev_name || r.shouted)) ||
                (r.prev_name && !r.shouted && (NB_IN(&prev2, played) || named));
    static const char *const numbered[] = {"gate",  "route", "exit",  "room", "suite", "apt",  "unit",  "lot",
                                           "highway", "platform", "track", "pier", "building", "flight", "bus",
                                           "train", "line",  "lane",  "row",  "seat"};
    r.team_before = team && !r.after_version && !NB_IN(&prev, numbered) &&
                    (!next.n || nb_grammar_word(&next) || NB_IN(&next, game_after)) &&
                    !nb_tennis_set(&after_comma, false);
    static const char *const date_words[] = {"on",      "until", "till",    "since",     "through",
                                             "thru",    "due",   "expires", "starting", "effective",
                                             "before",  "after", "ends",    "ending",   "dated"};
    int prev_day = nb_calendar(&prev);
    r.after_date_word = NB_IN(&prev, date_words) || (prev_day >= 0 && prev_day < 7);
    /* and one a date stands alone after, before the clause ends ("Meet on
     * 3/4."; not a setting's "The gauge was on 1/4.", "turn it on 1/2.") */
    static const char *const dated[] = {"on", "due", "dated", "expires"};
    static const char *const settings[] = {"was", "is", "were", "are", "it", "set", "stays", "stayed", "left"};
    static const char *const after_date[] = {"at", "from", "to", "through", "thru", "by", "before", "after"};
    bool date_alone = (NB_IN(&prev, dated) || (prev_day >= 0 && prev_day < 7)) && !NB_IN(&prev2, settings);
    r.date_goes_on = (r.next_break && date_alone) || NB_IN(&next, after_date);

    /* Words the previous one has already said ("$5 million", "5 km"). */
    uint64_t v;
    bool whole;
    if (said_before(&self, &prev, &prev2, word, ctx))
        return 0;
    r.after_number = nb_number(&prev, 0, &v, &whole) && whole;
    /* "9 am - 5 pm", "9:00 AM – 5:00 PM", "9am - 5pm": the dash the
     * scanner made a word between two times is "to" */
    if (self.n == 1 && (self.b[0] == '-' || self.b[0] == M_EN_DASH) && nb_ends_meridiem(&prev)) {
        w_word(&r.w, "to");
        return r.w.need;
    }
    if (read_state(&r, word, len, &self, &prev, &next) || read_bare_degrees(&r, &self, &prev, &prev2, &next))
        return r.w.need;
    /* a scale written short after a number that has not said it, before
     * the currency: "3 mln euros" (not "Ready in 10 mn.") */
    static const char *const currencies[] = {"dollars", "euros", "pounds", "yen", "yuan", "rupees", "francs"};
    const char *scale = nb_scale(&self);
    if (scale && !nb_is(&self, scale) && nb_number(&prev, 0, &v, &whole) && NB_IN(&next, currencies)) {
        w_word(&r.w, scale);
        return r.w.need;
    }
    char mer = nb_meridiem(&self);
    if (mer && nb_clock(&prev)) {
        say_meridiem(&r, mer);
        return r.w.need;
    }
    /* a radio band after a number: "WCBS 880 AM" (in capitals, where "am"
     * is the verb) */
    if (mer == 'a' && self.n == 2 && nb_all_caps(&self) && nb_number(&prev, 0, &v, &whole) && whole) {
        say_meridiem(&r, mer);
        return r.w.need;
    }
    if (read_joined_dash(&r, &self, &prev, &next) || read_square(&r, &self, &prev, &next) ||
        read_cup(&r, &self, &prev, &prev2, &next))
        return r.w.need;
    /* "USD 49.99": the code is said with the amount after it */
    const char *whose;
    if (currency_code(&self, false, &whose) && next.n && is_digit(next.b[0]))
        return r.w.need;
    /* "5 million USD": the money after its scale, as "$5 million" says it */
    char code_sym = currency_code(&self, true, &whose);
    if (code_sym && nb_scale(&prev) && nb_bare_number(&prev2)) {
        if (whose)
            w_words(&r.w, whose);
        w_word(&r.w, names_of(code_sym)->many);
        return r.w.need;
    }
    /* A whole abbreviation ("e.g.", "Dr.") in context. */
    if (len >= 2 && word[len - 1] == '.') {
        /* "74TH ST.": an ordinal in digits before it */
        size_t digits = 0;
        while (digits < prev.n && is_digit(prev.b[digits]))
            digits++;
        bool after_ordinal = digits && prev.n == digits + 2 && ordinal_suffix_at(prev.b + digits);
        abbr_context ac = {r.prev_name,    r.next_kind,  r.after_determiner,
                           r.next_year,    r.after_number, r.next_verse,
                           abbr_is_greeting(prev.b, prev.n), after_ordinal, next_word,
                           nb_all_caps(&next), r.after_place, r.next_break,
                           abbr_is_day_word(prev.b, prev.n)};
        if (label_before_code(&self, ctx))
            ac.next = ABBR_NEXT_DIGIT;
        bool ends;
        const char *abbr = abbr_reading(word, len - 1, &ac, &ends);
        if (abbr) {
            w_words(&r.w, abbr);
            return r.w.need;
        }
    }
    if (read_zip(&r, &key, &key2) || read_street_quarter(&r, &self, &prev) || read_road_number(&r, &prev) ||
        read_route(&r, &self, &prev, &prev2, &next) || read_wind_direction(&r, &self, &prev, &prev2, &next) ||
        read_bare_street(&r, &self, &prev, &prev2, &next) ||
        read_roman(&r, &prev, &next) || read_book_number(&r, &next, &next2) || read_day(&r, &prev, &prev2, &next) ||
        read_month(&r, &self, &prev, &next) ||
        read_calendar_range(&r) || read_day_before_number(&r, &next, &after_comma, &after_comma_next) ||
        read_rating(&r, &prev, &prev2, &next) || read_pressure(&r, &prev, &prev2) || read_timer(&r, &prev, &next) ||
        read_number_ers(&r) || read_times_per(&r) || read_times(&r, &prev, &next, &next2) ||
        read_comparison(&r, &prev, &next, &next2) ||
        read_basis_points(&r, &prev, &prev2, &next) || read_military_time(&r, &prev, &next, &next2) ||
        read_dimension_x(&r, &prev, &prev2, &next, &next2) || read_slash_word(&r, &next) ||
        read_short_form(&r) || read_hex(&r) || read_hex_id(&r) || read_masked(&r, &prev) ||
        read_batting_average(&r, &prev, &next) ||
        read_model_number(&r, &prev) || read_file_mode(&r, &prev) ||
        read_digit_group(&r, &self, &key, &key2, &next, &next2, &lead) ||
        read_emergency(&r, ctx, &prev, &next) || read_extension(&r, &self, &prev, &prev2) ||
        (number_at(&r, 0) &&
         ((ratio_context(&key, &key2, &next, labelled) && !r.next_meridiem) || ratio_mixed(&r, &prev) ||
          ratio_shape(&r)) &&
         read_ratio(&r)))
        return r.w.need;
    /* A capital A alone inside a sentence before no capitalised word is the
     * letter ("Plan A is", "an A in math", "Vitamin A."): the article would
     * start the sentence or sit in title case ("Once Upon A Time") or in
     * shouted text ("THIS IS A TEST"). */
    if (r.n == 1 && b[0] == 'a' && up[0] && ctx->prev && prev.n && !nb_all_caps(&prev) &&
        r.next_kind != ABBR_NEXT_UPPER) {
        spell(&r, "a", 1);
        return r.w.need;
    }
    if (looks_like_address(&r)) {
        read_address(&r);
        return r.w.need;
    }

    size_t sym_at;
    for (size_t i = 0; i < r.n;) {
        char c = b[i];
        char prev_c = i ? b[i - 1] : '\0';
        /* % ° ¢ close the number before them, so a "-" after one joins two
         * amounts like a "-" after a digit ("5%-10%") instead of a sign. */
        bool prev_alnum = is_letter(prev_c) || is_digit(prev_c) ||
                          (i >= 2 && is_digit(b[i - 2]) && (prev_c == '%' || prev_c == M_DEGREE || prev_c == M_CENT));
        if (i == 0 && r.code_sym && number_at(&r, 0)) {
            r.dollars_of = r.code_whose;
            i = read_money(&r, r.code_sym, 0, 0);
            r.dollars_of = NULL;
        } else if (is_digit(c) || (c == '.' && is_digit(at(&r, i + 1)) && !is_digit(prev_c) && !is_letter(prev_c))) {
            i = read_number(&r, i, false);
        } else if (area_code_at(&r, i)) {
            /* read as the rest of a phone number is: digit by digit, a pause after */
            say_area_code(&r, i + 1, i + 4);
            w_pause(&r.w);
            i += i + 4 < r.n ? 5 : 4;
        } else if (c == '-' && !prev_alnum && (number_at(&r, i + 1) ||
                                               (is_currency(at(&r, i + 1)) && number_at(&r, i + 2)))) {
            w_word(&r.w, "minus");
            i = is_currency(at(&r, i + 1)) ? read_currency(&r, i + 1) : read_number(&r, i + 1, true);
        } else if (c == '-' && !prev_alnum && folded_vulgar(at(&r, i + 1))) {
            w_word(&r.w, "minus"); /* "-½" */
            i++;
        } else if (is_currency(c)) {
            r.dollars_of = i == 0 && sign_named ? whose_after : NULL;
            i = read_currency(&r, i);
            r.dollars_of = NULL;
        } else if (c == 'x' && (is_digit(prev_c) || prev_c == '"' || prev_c == '\'') && is_digit(at(&r, i + 1))) {
            w_word(&r.w, "by");
            i++;
        } else if (c == 'e' && exponent_end(&r, i)) {
            /* "1.5e-3": times ten to the minus three */
            static const char *const power[] = {"times", "ten", "to", "the"};
            for (size_t k = 0; k < sizeof power / sizeof *power; k++)
                w_word(&r.w, power[k]);
            if (at(&r, i + 1) == '-')
                w_word(&r.w, "minus");
            i = read_number(&r, i + 1 + (at(&r, i + 1) == '-' || at(&r, i + 1) == '+'), true);
        } else if (is_letter(c) && (r.dollars_of = dollars_prefix_at(&r, i, &sym_at)) != NULL) {
            i = read_currency(&r, sym_at);
            r.dollars_of = NULL;
        } else if (is_letter(c) || (c == '\'' && is_letter(at(&r, i + 1)))) {
            i = read_letters(&r, i);
        } else if ((unsigned char)c >= M_SIGNS || folded_is_greek(c)) {
            i = read_symbol(&r, i);
        } else {
            const char *say = NULL;
            switch (c) {
            case ',':
                if (is_digit(prev_c) && is_digit(at(&r, i + 1)))
                    w_pause(&r.w);
                break;
            case '&':
                say = "and";
                if (at(&r, i + 1) == '&')
                    i++; /* a program's "a && b" */
                break;
            case '|':
                say = "or"; /* the scanner keeps only a program's "a || b" */
                if (at(&r, i + 1) == '|')
                    i++;
                break;
            case '+':
                say = "plus";
                /* "+/- 3 points", "+/-0.5": ± written out */
                if (at(&r, i + 1) == '/' && at(&r, i + 2) == '-') {
                    say = "plus or minus";
                    i += 2;
                    break;
                }
                /* "20+ hrs", "5+ km": the unit after "plus", in the plural */
                if (i + 1 == r.n && is_digit(prev_c) && r.next_unit) {
                    w_word(&r.w, say);
                    say_unit(&r, r.next_unit, false);
                    say = NULL;
                }
                break;
            case '!':
                /* the scanner keeps "!" only before "=": "a != b", "x !== y" */
                say = "not equal to";
                while (at(&r, i + 1) == '=')
                    i++;
                break;
            case '=': {
                /* a program's "a == b" and "a === b" are one comparison;
                 * four or more alone ("=====", a heading's rule) say
                 * nothing, nor the runs of two or more around a wiki's
                 * heading ("==History==") */
                size_t start = i;
                while (at(&r, i + 1) == '=')
                    i++;
                bool rule = start == 0 && i + 1 == r.n && r.n >= 4;
                bool wiki = r.n >= 5 && memcmp(r.b, "==", 2) == 0 && memcmp(r.b + r.n - 2, "==", 2) == 0 &&
                            (start == 0 || i + 1 == r.n) && !(start == 0 && i + 1 == r.n);
                say = rule || wiki ? NULL : "equals";
                break;
            }
            case '@':
                say = "at";
                break;
            case '#':
                if (read_hex_colour(&r, i)) {
                    i = r.n;
                    continue;
                }
                if (sharp_note(&r, i, &next))
                    say = "sharp"; /* a note, "C# minor", "C#7", and the languages C# and F# */
                else if (r.n == 1 && ((NB_IN(&prev, key_presses) && !nb_is(&next, "of") && !nb_number_first(&next)) ||
                                      (nb_is(&next, "key") && !next.up[0])))
                    say = "pound"; /* a telephone's key: "press #", "the # key"; not "enter # of guests" */
                else
                    say = is_letter(at(&r, i + 1)) ? "hashtag" : "number";
                /* "#123456", a refill's or a case's: five digits or more
                 * after the sign are an identifier; not a rank ("#1",
                 * "ranked #15432 in Books", "the #10000 visitor") */
                r.id_next_to = r.id_next_to || (is_digit(at(&r, i + 1)) && !quantity_next &&
                                                !NB_IN(&prev, rank_before) && !NB_IN(&next, rank_after));
                break;
            case '*':
                /* a program's power, "2**10": two to the power of ten */
                if (is_digit(prev_c) && at(&r, i + 1) == '*' &&
                    (is_digit(at(&r, i + 2)) || (at(&r, i + 2) == '-' && is_digit(at(&r, i + 3))))) {
                    w_words(&r.w, "to the power of");
                    i++;
                    break;
                }
                /* the scanner keeps a star only before or between numbers */
                if ((is_digit(prev_c) && (number_at(&r, i + 1) || (at(&r, i + 1) == '-' && number_at(&r, i + 2)))) ||
                    (r.n == 1 && nb_number_first(&next))) {
                    say = "times"; /* "5*3", "2.5 * 4", "5*-3", "$5 * 3", "x * 2" */
                } else if (i == 0 && nb_digits_from(&self, 1, 2, 3) && NB_IN(&prev, key_presses)) {
                    /* a telephone's service code, the star and two or three
                     * digits, after a word of dialling ("dial *67"); elsewhere a footnote's or Markdown's
                     * star ("**100** points") says nothing */
                    w_word(&r.w, "star");
                    if (r.n == 4) {
                        say_digits(&r, 1, 4); /* "*611": star six one one */
                        i = r.n;
                    }
                } else if (r.n == 1) {
                    say = "star"; /* SQL's "SELECT * FROM", "COUNT(*)": the scanner keeps no other */
                }
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
            case M_SQUARED:
                say = "squared";
                break;
            case M_CUBED:
                say = "cubed";
                break;
            case '^':
                /* "x^2", "2^10", "10^-3", "a^n"; not "Ctrl^C" */
                if (!(is_digit(at(&r, i + 1)) || (at(&r, i + 1) == '-' && is_digit(at(&r, i + 2))) ||
                      (is_letter(at(&r, i + 1)) && !r.up[i + 1] && i + 2 == r.n)))
                    break;
                if (at(&r, i + 1) == '2' && !is_digit(at(&r, i + 2))) {
                    say = "squared";
                    i++;
                } else if (at(&r, i + 1) == '3' && !is_digit(at(&r, i + 2))) {
                    say = "cubed";
                    i++;
                } else {
                    w_words(&r.w, "to the power of");
                }
                break;
            case '~':
                if (number_at(&r, i + 1))
                    say = "about";
                break;
            case '<':
            case '>':
                /* "<5", ">10": a comparison before a number; "<3" alone is a
                 * heart, which says nothing */
                if (c == '<' && !prev_alnum && at(&r, i + 1) == '3' && i + 2 == r.n) {
                    i++;
                    break;
                }
                if (number_at(&r, i + 1) || (!prev_alnum && is_currency(at(&r, i + 1))))
                    say = c == '<' ? "less than" : "greater than"; /* "x<5" too */
                break;
            case M_EN_DASH:
                /* a range, "1990–1999", "3–7", "9am–5pm", "$200–$300";
                 * elsewhere a word break */
                if ((is_digit(prev_c) && number_at(&r, i + 1)) || range_hyphen(&r, i))
                    say = "to";
                break;
            case '-':
                /* an arrow the scanner kept: "A -> B", "5->7", "ptr->next" */
                if (at(&r, i + 1) == '>') {
                    say = "to";
                    i++;
                }
                /* "between 5-10 people": and */
                else if (prev_alnum && range_hyphen(&r, i))
                    say = r.after_between ? "and" : "to";
                /* a counter's letter alone before it and a digit after it
                 * is a sum where the clause or a bracket closes: "length
                 * n-1.", "f(k-2)" (not "B-52", "I-95", "vitamin b-12",
                 * "2x-3x", "K-9 unit", "n-3 fatty acids", "i-95") */
                else if (i >= 1 && r.b[i - 1] && strchr("ijkmnt", r.b[i - 1]) && !r.up[i - 1] &&
                         (i == 1 || !(is_letter(r.b[i - 2]) || is_digit(r.b[i - 2]))) && is_digit(at(&r, i + 1)) &&
                         (at(&r, i + 2) == ')' || at(&r, i + 2) == ']' || (i + 2 == r.n && r.next_break)))
                    say = "minus";
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

normalize_en_case normalize_en_case_of(const char *word)
{
    if (!word)
        return NORMALIZE_EN_CASE_NONE;
    size_t len = 0;
    while (len < NORMALIZE_EN_MAX_INPUT && word[len])
        len++;
    char b[NORMALIZE_EN_MAX_INPUT];
    bool up[NORMALIZE_EN_MAX_INPUT];
    size_t n = fold_en(word, len, b, up), letters = 0, small = 0;
    for (size_t i = 0; i < n; i++) {
        letters += is_letter(b[i]);
        small += is_letter(b[i]) && !up[i];
    }
    if (letters < 2)
        return NORMALIZE_EN_CASE_NONE;
    return small ? NORMALIZE_EN_CASE_SMALL : NORMALIZE_EN_CASE_CAPITALS;
}

bool normalize_en_is_plain(const char *word, const char *expanded)
{
    if (!word || !expanded)
        return false;
    size_t len = 0;
    while (len < NORMALIZE_EN_MAX_INPUT && word[len])
        len++;
    char b[NORMALIZE_EN_MAX_INPUT];
    bool up[NORMALIZE_EN_MAX_INPUT];
    size_t n = fold_en(word, len, b, up);
    size_t s = 0, e = n;
    while (s < e && b[s] == '\'')
        s++;
    while (e > s && b[e - 1] == '\'')
        e--;
    for (size_t i = s; i < e; i++)
        if (!is_letter(b[i]) && b[i] != '\'')
            return false;
    return strlen(expanded) == e - s && memcmp(expanded, b + s, e - s) == 0;
}
