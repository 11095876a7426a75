/* A frontend utterance as one voice's acoustic model reads it.
 *
 * Copyright (C) 2026 The Inflect authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The frontend speaks in the engine's symbol inventory; a voice has its own
 * table. model_input holds the per-voice translation (built once) and the
 * blank-interleaved id streams of the current utterance, so synthesis and
 * inflect_phonemize() cannot disagree about what the model sees.
 */
#ifndef INFLECT_MODEL_INPUT_H
#define INFLECT_MODEL_INPUT_H

#include <stddef.h>
#include <stdint.h>

#include "frontend.h"
#include "ids.h"
#include "inflect.h"

typedef struct {
    /* Translation from the engine's inventory to the voice's phone ids. */
    int32_t *map;
    int32_t lang_id;
    const ids_tones *tones;
    const char *const *voice_symbols; /* NULL: ids are inventory ids */

    /* The current utterance: n entries of each stream. */
    size_t n, cap;
    int32_t *phone, *tone, *lang;
    size_t *source;       /* token index of each entry, IDS_NO_TOKEN for blanks and pads */
    const char **symbols; /* name of each entry's phone id */
} model_input;

/* For a voice, or with voice == NULL for the engine's own inventory (ids are
 * inventory ids, lang id 1: what a voice trained from scratch will use). */
inflect_status model_input_init(model_input *mi, const inflect_voice *voice, char *err, size_t err_size);
void model_input_free(model_input *mi);

/* Fills the streams for tokens[0..n). */
inflect_status model_input_build(model_input *mi, const frontend_token *tokens, size_t n, char *err,
                                 size_t err_size);

#endif
