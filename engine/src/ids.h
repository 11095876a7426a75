/* Model input: tokens to the three id streams with blank interleaving.
 *
 * Copyright (C) 2026 The Inflect authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Inflect-Nano v1 (model-v1.md section 1) reads phone, tone and lang ids.
 * The token sequence x0..x(m-1) is padded with `_` at both ends, then a blank
 * goes before, between and after everything:
 *     [0, _, 0, x0, 0, x1, ..., 0, x(m-1), 0, _, 0]      (2m + 5 entries)
 * Blanks are phone 0, tone 0, lang 0; the pads are phone 0 with the pad tone
 * and the voice's lang id, like the tokens. Tokens whose symbol the voice
 * does not have are left out (no sound rather than a wrong one).
 *
 * Tones depend on the voice's frontend: ours are the token's stress (0 none,
 * 1 secondary, 2 primary); upstream's ARPAbet voices tell an unstressed vowel
 * from a consonant and add a per-language offset (arpabet.h).
 */
#ifndef INFLECT_IDS_H
#define INFLECT_IDS_H

#include <stddef.h>
#include <stdint.h>

#include "frontend.h"

#define IDS_NO_TOKEN SIZE_MAX

typedef struct {
    int32_t pad;      /* the two `_` pads */
    int32_t other;    /* consonants, punctuation, spaces */
    int32_t vowel[3]; /* vowels by frontend tone: none, secondary, primary */
} ids_tones;

/* Our voices: the frontend's tone as it is. */
extern const ids_tones ids_stress_tones;

/* Entries needed for n tokens. */
size_t ids_length(size_t n_tokens);

/* Writes the streams for tokens[0..n) into phone/tone/lang (each at least
 * ids_length(n) long) and returns the count written. map comes from
 * symbols_map(), tones from the voice's frontend. source, when not NULL, receives for each entry the index of
 * its token, or IDS_NO_TOKEN for blanks and pads, so durations can be traced
 * back to words and phonemes. */
size_t ids_interleave(const frontend_token *tokens, size_t n, const int32_t *map, int32_t lang_id,
                      const ids_tones *tones, int32_t *phone, int32_t *tone, int32_t *lang, size_t *source);

#endif
