/* Model input: tokens to the three id streams with blank interleaving.
 *
 * Copyright (C) 2026 The Inflect authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "ids.h"

#include "symbols.h"

const ids_tones ids_stress_tones = {0, 0, {0, 1, 2}};

size_t ids_length(size_t n_tokens)
{
    return 2 * n_tokens + 5;
}

static void put(size_t *k, int32_t p, int32_t t, int32_t l, size_t src, int32_t *phone, int32_t *tone,
                int32_t *lang, size_t *source)
{
    phone[*k] = p;
    tone[*k] = t;
    lang[*k] = l;
    if (source)
        source[*k] = src;
    (*k)++;
}

static int32_t token_tone(const frontend_token *t, const ids_tones *tones)
{
    if (symbols_kind(t->id) != SYMBOL_KIND_VOWEL)
        return tones->other;
    return tones->vowel[t->tone <= 2 ? t->tone : 2];
}

size_t ids_interleave(const frontend_token *tokens, size_t n, const int32_t *map, int32_t lang_id,
                      const ids_tones *tones, int32_t *phone, int32_t *tone, int32_t *lang, size_t *source)
{
    size_t k = 0;
    put(&k, 0, 0, 0, IDS_NO_TOKEN, phone, tone, lang, source);
    put(&k, 0, tones->pad, lang_id, IDS_NO_TOKEN, phone, tone, lang, source);
    for (size_t i = 0; i < n; i++) {
        int32_t id = map[tokens[i].id];
        if (id < 0)
            continue;
        put(&k, 0, 0, 0, IDS_NO_TOKEN, phone, tone, lang, source);
        put(&k, id, token_tone(&tokens[i], tones), lang_id, i, phone, tone, lang, source);
    }
    put(&k, 0, 0, 0, IDS_NO_TOKEN, phone, tone, lang, source);
    put(&k, 0, tones->pad, lang_id, IDS_NO_TOKEN, phone, tone, lang, source);
    put(&k, 0, 0, 0, IDS_NO_TOKEN, phone, tone, lang, source);
    return k;
}
