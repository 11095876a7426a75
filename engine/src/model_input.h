/* The model's input: frontend tokens as one voice's acoustic model reads
 * them, three id streams with blanks interleaved.
 *
 * Copyright (C) 2026 The Inflect authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Inflect-Nano v1 (docs/model.md section 1) reads phone, tone and lang ids.
 * The token sequence x0..x(m-1) is padded with `_` at both ends, then a blank
 * goes before, between and after everything:
 *     [0, _, 0, x0, 0, x1, ..., 0, x(m-1), 0, _, 0]      (2m + 5 entries)
 * Blanks are phone 0, tone 0, lang 0; the pads are phone 0 with the pad tone
 * and the voice's lang id, like the tokens. Tokens whose symbol the voice
 * does not have are left out (no sound rather than a wrong one).
 *
 * The frontend speaks in the engine's symbol inventory; a voice has its own
 * table. model_input holds the per-voice translation (built once) and the
 * streams of the current utterance, so synthesis and inflect_phonemize()
 * cannot disagree about what the model sees.
 *
 * Tones depend on the voice's frontend: ours are the token's stress (0 none,
 * 1 secondary, 2 primary); upstream's ARPAbet voices tell an unstressed vowel
 * from a consonant and add a per-language offset (upstream_ids.h).
 */
#ifndef INFLECT_MODEL_INPUT_H
#define INFLECT_MODEL_INPUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "frontend.h"
#include "inflect.h"

/* The source of a blank or pad entry: no token. */
#define MODEL_INPUT_NO_TOKEN SIZE_MAX

typedef struct {
    int32_t pad;      /* the two `_` pads */
    int32_t other;    /* consonants, punctuation, spaces */
    int32_t vowel[3]; /* vowels by frontend tone: none, secondary, primary */
} model_input_tones;

/* Our voices: the frontend's tone as it is. */
extern const model_input_tones model_input_stress_tones;

typedef struct {
    /* Translation from the engine's inventory to the voice's phone ids. */
    int32_t *map;
    int32_t lang_id;
    const model_input_tones *tones;
    const char *const *voice_symbols; /* NULL: ids are inventory ids */
    /* An Inflect v2 voice: one id per code point, blanks only between
     * (v2_input.h); tone and lang are 0. */
    bool v2;

    /* The current utterance: n entries of each stream. */
    size_t n, cap;
    int32_t *phone, *tone, *lang;
    size_t *source;       /* token index of each entry, MODEL_INPUT_NO_TOKEN for blanks and pads */
    const char **symbols; /* name of each entry's phone id */
} model_input;

/* For a voice, or with voice == NULL for the engine's own inventory (ids are
 * inventory ids, lang id 1: what a voice trained from scratch will use). */
inflect_status model_input_init(model_input *mi, const inflect_voice *voice, char *err, size_t err_size);
void model_input_free(model_input *mi);

/* Fills the streams for tokens[0..n). */
inflect_status model_input_build(model_input *mi, const frontend_token *tokens, size_t n, char *err,
                                 size_t err_size);

/* Entries needed for n tokens. */
size_t model_input_length(size_t n_tokens);

/* The interleaving itself, for tests: writes the streams for tokens[0..n)
 * into phone/tone/lang (each at least model_input_length(n) long) and
 * returns the count written. map comes from symbols_map(). source, when not
 * NULL, receives for each entry the index of its token, or
 * MODEL_INPUT_NO_TOKEN for blanks and pads, so durations can be traced back
 * to words and phonemes. */
size_t model_input_interleave(const frontend_token *tokens, size_t n, const int32_t *map, int32_t lang_id,
                              const model_input_tones *tones, int32_t *phone, int32_t *tone, int32_t *lang,
                              size_t *source);

#endif
