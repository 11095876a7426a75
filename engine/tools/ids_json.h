/* Id sequences read back from JSON: the objects `inflect-say --phonemes`
 * prints, one per utterance, so that they can be spoken as they are
 * (`inflect-say --ids`), for parity checks or from another G2P.
 *
 * Copyright (C) 2026 The Inflect authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef INFLECT_IDS_JSON_H
#define INFLECT_IDS_JSON_H

#include <stddef.h>
#include <stdint.h>

/* One utterance: n entries of each stream, blanks and pads included. */
typedef struct {
    int32_t *phone, *tone, *lang;
    size_t n;
} ids_json_utterance;

/* Reads the next JSON object of text[*pos..len) (objects one after another,
 * any whitespace between: JSON Lines, as --phonemes prints them). Its
 * "phone", "tone" and "lang" keys must be arrays of integers of one length,
 * at least 1; other keys are skipped. Returns 1 and fills *u (free it with
 * ids_json_free), 0 at the end of the input, or -1 with a message naming the
 * line in err. */
int ids_json_next(const char *text, size_t len, size_t *pos, ids_json_utterance *u, char *err, size_t err_size);

void ids_json_free(ids_json_utterance *u);

#endif
