/* The ARPAbet side of the cmudict-arpabet frontend: words in CMUdict's
 * ARPAbet, and espeak-ng phonemes read as ARPAbet for the words it lacks.
 *
 * Copyright (C) 2026 The Inflect authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The frontend produces tokens in the engine's inventory (symbols.h); the
 * upstream ids they become are in upstream_ids.h. Words the lexicon lacks are
 * read by espeak-ng; arpabet_from_ipa() turns its phonemes into the nearest
 * ARPAbet phones, as a CMUdict transcriber would write them (espeak's flap ɾ
 * as t, its glottal stop dropped, the syllabic n as "ah n").
 */
#ifndef INFLECT_ARPABET_H
#define INFLECT_ARPABET_H

#include <stddef.h>

#include "inflect.h"
#include "espeak.h"

/* The ARPAbet reading of the engine-inventory phoneme `ipa_id` (an espeak-ng
 * phoneme): writes up to 2 inventory ids to out and returns how many (0 when
 * the phoneme has no ARPAbet counterpart and is dropped). */
int arpabet_from_ipa(int ipa_id, int out[2]);

/* Appends the phones of one lower-case word (word[0..len), no spaces) to
 * *out, as inventory ids with stress as tone (espeak.h): from the lexicon
 * when it has the word, else read by espeak-ng voice `espeak_voice` and
 * mapped with arpabet_from_ipa(). */
inflect_status arpabet_word(const char *espeak_voice, const char *word, size_t len, phoneme_list *out, char *err,
                            size_t err_size);

#endif
