/* English number words, built into a phrase: cardinals, years, ordinals
 * and plurals as a newsreader says them ("one thousand two hundred",
 * "nineteen oh five", "twenty first", "the nineties"). A phrase is built
 * first and said after, so that an ordinal or a plural can change its last
 * word.
 *
 * Copyright (C) 2026 The Inflect authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef INFLECT_NUMBER_WORDS_EN_H
#define INFLECT_NUMBER_WORDS_EN_H

#include <stddef.h>
#include <stdint.h>

/* A phrase being built: the longest, 15 digits of sevens, is under 200
 * bytes. Start it as (phrase){0}. */
typedef struct phrase {
    char s[256];
    size_t n;
} phrase;

/* "zero" to "nineteen". */
extern const char *const number_ones[20];

/* Adds a word (or words) to the phrase, a space before it. */
void ph_add(phrase *p, const char *word);

/* v below 100: "seven", "forty two". */
void ph_below100(phrase *p, unsigned v);

/* v below 10^15: "one million two hundred thousand five". */
void ph_cardinal(phrase *p, uint64_t v);

/* 1001..2999 as a year ("nineteen oh five", "eighteen hundred"); 2000 and
 * 2001..2009 as cardinals ("two thousand one"). */
void ph_year(phrase *p, unsigned v);

/* A year of a date, 1000..2999: as ph_year(), and 1000 and 2000 as
 * cardinals, as a plain number reads them. */
void ph_date_year(phrase *p, unsigned v);

/* The last word as an ordinal: "twenty one" → "twenty first". */
void ph_ordinal(phrase *p);

/* The last word as a plural ("nineteen nineties", "sixes"), and a bare
 * "one hundred" ... "one trillion" without its "one" ("hundreds"). */
void ph_plural(phrase *p);

#endif
