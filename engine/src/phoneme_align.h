/* Which written word each phoneme of a clause belongs to.
 *
 * Copyright (C) 2026 The Inflect authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * espeak-ng reads a clause as a whole, so that each word sounds as it does
 * in its context, but says nothing about which word a phoneme came from.
 * The frontend also reads every word alone; aligning the clause's phonemes
 * with the words' own (a Levenshtein alignment on phoneme ids) gives each
 * clause phoneme its word, which word events and text offsets need.
 */
#ifndef INFLECT_PHONEME_ALIGN_H
#define INFLECT_PHONEME_ALIGN_H

#include <stdbool.h>
#include <stddef.h>

#include "espeak.h"

/* Scratch kept between clauses; zero-initialised before first use. */
typedef struct {
    int *owner; /* the result: the word of each clause phoneme */
    size_t owner_cap;
    int *b_owner;
    size_t b_owner_cap;
    unsigned char *trace;
    size_t trace_cap;
    size_t *row;
    size_t row_cap;
} phoneme_align;

/* ph[0..ends[0]) are the clause's phonemes, ph[ends[p]..ends[p + 1]) those
 * of word p read alone, for p < k. On success al->owner[i] is the word of
 * clause phoneme i; false when out of memory. */
bool phoneme_align_owners(phoneme_align *al, const phoneme *ph, const size_t *ends, size_t k);

void phoneme_align_free(phoneme_align *al);

#endif
