/* The ARPAbet side of the cmudict-arpabet frontend: upstream Inflect-Nano
 * v1's fixed phone ids, its tones, and espeak-ng phonemes read as ARPAbet.
 *
 * Copyright (C) 2026 The Inflect authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Upstream models were trained on CMUdict ARPAbet (model-v1.md section 1):
 * phone ids index a 219-entry table whose English part is fixed, tone is the
 * stress digit + 1 on vowels and 0 elsewhere, shifted by English's tone
 * offset 7, and English is lang id 2. This file holds those numbers; the
 * frontend produces tokens in the engine's inventory (symbols.h), and the
 * voice's table below maps them to upstream ids by name.
 *
 * Words the lexicon lacks are read by espeak-ng; arpabet_from_ipa() turns its
 * phonemes into the nearest ARPAbet phones, as a CMUdict transcriber would
 * write them (espeak's flap ɾ as t, its glottal stop dropped, the syllabic n
 * as "ah n").
 */
#ifndef INFLECT_ARPABET_H
#define INFLECT_ARPABET_H

#include <stddef.h>

#include "ids.h"
#include "inflect.h"
#include "phonemize.h"

/* Entries of upstream's symbol table (its phone embedding has 256 rows). */
#define ARPABET_UPSTREAM_SYMBOLS 219
/* Upstream's lang id for English. */
#define ARPABET_UPSTREAM_LANG_ID 2

/* Name of upstream phone id `id` in the engine's spelling ("aa", ",", "_"),
 * or NULL for the ids of other languages, which English never produces. */
const char *arpabet_upstream_symbol(int id);

/* Upstream's tones (the stress digit + 1 on vowels, then + 7 for English). */
extern const ids_tones arpabet_upstream_tones;

/* The ARPAbet reading of the engine-inventory phoneme `ipa_id` (an espeak-ng
 * phoneme): writes up to 2 inventory ids to out and returns how many (0 when
 * the phoneme has no ARPAbet counterpart and is dropped). */
int arpabet_from_ipa(int ipa_id, int out[2]);

/* Appends the phones of one lower-case word (word[0..len), no spaces) to
 * *out, as inventory ids with stress as tone (phonemize.h): from the lexicon
 * when it has the word, else read by espeak-ng voice `espeak_voice` and
 * mapped with arpabet_from_ipa(). */
inflect_status arpabet_word(const char *espeak_voice, const char *word, size_t len, phoneme_list *out, char *err,
                            size_t err_size);

#endif
