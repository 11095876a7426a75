/* The engine's symbol inventory: every symbol the frontend can produce.
 *
 * Copyright (C) 2026 The Inflect authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * This table is the only place the inventory is written down. Ids here are
 * the engine's own and never reach a model: a voice stores its own symbol
 * table (docs/model-format.md), and symbols_map() translates by name, so the
 * inventory may grow without breaking voices trained on an older one.
 *
 * Layout: id 0 is `_` (blank and utterance pad), then punctuation, then the
 * word boundary " ", then phonemes. Phonemes are the units espeak-ng's IPA
 * output is cut into: affricates (tʃ dʒ), diphthongs (eɪ aɪ aʊ ɔɪ oʊ iə) and
 * long vowels (iː ɑː ...) are single symbols, while espeak's r-coloured
 * compounds (ɑːɹ, ɪɹ, aɪɚ, əl ...) are cut into a vowel and ɹ/ɚ/l, as ARPAbet
 * does, so those consonants are learnt from all their occurrences.
 * The 39 ARPAbet phones of the cmudict-arpabet frontend follow, sharing the
 * IPA entries that are spelled the same (b, d, ..., z).
 */
#ifndef INFLECT_SYMBOLS_H
#define INFLECT_SYMBOLS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "inflect.h"

enum {
    SYMBOL_BLANK = 0,
    SYMBOL_COMMA,
    SYMBOL_PERIOD,
    SYMBOL_QUESTION,
    SYMBOL_EXCLAMATION,
    SYMBOL_ELLIPSIS,
    SYMBOL_SPACE,
    SYMBOL_FIRST_PHONEME
};

typedef enum {
    SYMBOL_KIND_BLANK,
    SYMBOL_KIND_PUNCTUATION,
    SYMBOL_KIND_SPACE,
    SYMBOL_KIND_CONSONANT,
    SYMBOL_KIND_VOWEL /* carries the syllable's stress as its tone */
} symbol_kind;

size_t symbols_count(void);

/* Static NUL-terminated name of `id`, or NULL when out of range. */
const char *symbols_name(int id);

symbol_kind symbols_kind(int id);

/* Which mark wins when punctuation runs together ("?!" reads as "?"):
 * ? > ! > ... > . > anything else (0). */
int symbols_punctuation_rank(int id);

/* Id of the symbol spelled exactly s[0..len), or -1. */
int symbols_find(const char *s, size_t len);

/* Length in bytes of the longest symbol that s[0..len) starts with, its id in
 * *id; 0 when none does. */
size_t symbols_match_prefix(const char *s, size_t len, int *id);

/* Builds map[symbols_count()] from a voice's symbol table (names[i], lens[i]
 * bytes, not NUL-terminated; lens may be NULL for C strings): map[engine id]
 * is the voice's id for that symbol, or -1 when the voice lacks it. The
 * voice's id 0 must be `_`, which is where every blank goes. */
inflect_status symbols_map(const char *const *names, const size_t *lens, size_t n, int32_t *map,
                           char *err, size_t err_size);

#endif
