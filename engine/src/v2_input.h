/* Frontend tokens as Inflect v2 reads them (docs/v2.md, "Text to ids"):
 * each token's IPA spelled code point by code point through the 178-symbol
 * table, a stress mark before a stressed vowel, and the blank before,
 * between and after every id.
 *
 * Copyright (C) 2026 The Inflect authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The tokens are the engine's espeak-ng reading (frontend.h): phonemes with
 * stress as a tone on the vowel, " " between words, punctuation after the
 * word it follows. Spelt out, "hello world." is upstream's
 * "həlˈoʊ wˈɜːld.". A code point the table lacks is left out.
 */
#ifndef INFLECT_V2_INPUT_H
#define INFLECT_V2_INPUT_H

#include <stddef.h>
#include <stdint.h>

#include "frontend.h"

/* Entries v2_input_spell writes for tokens[0..n). */
size_t v2_input_length(const frontend_token *tokens, size_t n);

/* Writes the ids for tokens[0..n) into ids (v2_input_length long) and
 * returns how many. source, when not NULL, receives each entry's token
 * index: the token's own for its ids and the blanks inside it, `none` for
 * the blanks between tokens (so a token's frames are one run). */
size_t v2_input_spell(const frontend_token *tokens, size_t n, int32_t *ids, size_t *source, size_t none);

#endif
