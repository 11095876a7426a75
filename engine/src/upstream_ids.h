/* Upstream Inflect-Nano v1's fixed ids: its symbol table, tones and
 * language id.
 *
 * Copyright (C) 2026 The Inflect authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Upstream models were trained on CMUdict ARPAbet (docs/model.md section 1):
 * phone ids index a 219-entry table whose English part is fixed, tone is the
 * stress digit + 1 on vowels and 0 elsewhere, shifted by English's tone
 * offset 7, and English is lang id 2. This file holds those numbers; the
 * frontend produces tokens in the engine's inventory (symbols.h), and the
 * voice's table below maps them to upstream ids by name.
 */
#ifndef INFLECT_UPSTREAM_IDS_H
#define INFLECT_UPSTREAM_IDS_H

#include "model_input.h"

/* Entries of upstream's symbol table (its phone embedding has 256 rows). */
#define UPSTREAM_SYMBOLS 219
/* Upstream's lang id for English. */
#define UPSTREAM_LANG_ID 2

/* Name of upstream phone id `id` in the engine's spelling ("aa", ",", "_"),
 * or NULL for the ids of other languages, which English never produces. */
const char *upstream_symbol(int id);

/* Upstream's tones (the stress digit + 1 on vowels, then + 7 for English). */
extern const model_input_tones upstream_tones;

#endif
