/* English number words (the header says what each reads).
 *
 * Copyright (C) 2026 The Inflect authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "number_words_en.h"

#include <string.h>

const char *const number_ones[20] = {"zero",    "one",     "two",       "three",    "four",
                                     "five",    "six",     "seven",     "eight",    "nine",
                                     "ten",     "eleven",  "twelve",    "thirteen", "fourteen",
                                     "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"};
static const char *const tens[10] = {"",      "",      "twenty",  "thirty", "forty",
                                     "fifty", "sixty", "seventy", "eighty", "ninety"};

void ph_add(phrase *p, const char *word)
{
    size_t k = strlen(word);
    if (p->n + k + 2 > sizeof p->s)
        return;
    if (p->n)
        p->s[p->n++] = ' ';
    memcpy(p->s + p->n, word, k + 1);
    p->n += k;
}

void ph_below100(phrase *p, unsigned v)
{
    if (v < 20) {
        ph_add(p, number_ones[v]);
    } else {
        ph_add(p, tens[v / 10]);
        if (v % 10)
            ph_add(p, number_ones[v % 10]);
    }
}

static void ph_below1000(phrase *p, unsigned v)
{
    if (v >= 100) {
        ph_add(p, number_ones[v / 100]);
        ph_add(p, "hundred");
        v %= 100;
        if (v == 0)
            return;
    }
    ph_below100(p, v);
}

void ph_cardinal(phrase *p, uint64_t v)
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

void ph_year(phrase *p, unsigned v)
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
            ph_add(p, number_ones[v % 100]);
        } else {
            ph_below100(p, v % 100);
        }
    }
}

void ph_date_year(phrase *p, unsigned v)
{
    if (v % 1000 == 0)
        ph_cardinal(p, v);
    else
        ph_year(p, v);
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

void ph_ordinal(phrase *p)
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

void ph_plural(phrase *p)
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

