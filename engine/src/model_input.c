/* The model's input: frontend tokens to the three id streams with blanks
 * interleaved, for one voice.
 *
 * Copyright (C) 2026 The Inflect authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "model_input.h"

#include <stdlib.h>
#include <string.h>

#include "errors.h"
#include "symbols.h"
#include "upstream_ids.h"
#include "v2_input.h"
#include "voice.h"

/* Voices trained by this project put their one language at lang id 1; 0 is
 * the blank's. */
#define INVENTORY_LANG_ID 1

const model_input_tones model_input_stress_tones = {0, 0, {0, 1, 2}};

size_t model_input_length(size_t n_tokens)
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

static int32_t token_tone(const frontend_token *t, const model_input_tones *tones)
{
    if (symbols_kind(t->id) != SYMBOL_KIND_VOWEL)
        return tones->other;
    return tones->vowel[t->tone <= 2 ? t->tone : 2];
}

size_t model_input_interleave(const frontend_token *tokens, size_t n, const int32_t *map, int32_t lang_id,
                              const model_input_tones *tones, int32_t *phone, int32_t *tone, int32_t *lang,
                              size_t *source)
{
    size_t k = 0;
    put(&k, 0, 0, 0, MODEL_INPUT_NO_TOKEN, phone, tone, lang, source);
    put(&k, 0, tones->pad, lang_id, MODEL_INPUT_NO_TOKEN, phone, tone, lang, source);
    for (size_t i = 0; i < n; i++) {
        int32_t id = map[tokens[i].id];
        if (id < 0)
            continue;
        put(&k, 0, 0, 0, MODEL_INPUT_NO_TOKEN, phone, tone, lang, source);
        put(&k, id, token_tone(&tokens[i], tones), lang_id, i, phone, tone, lang, source);
    }
    put(&k, 0, 0, 0, MODEL_INPUT_NO_TOKEN, phone, tone, lang, source);
    put(&k, 0, tones->pad, lang_id, MODEL_INPUT_NO_TOKEN, phone, tone, lang, source);
    put(&k, 0, 0, 0, MODEL_INPUT_NO_TOKEN, phone, tone, lang, source);
    return k;
}

inflect_status model_input_init(model_input *mi, const inflect_voice *voice, char *err, size_t err_size)
{
    *mi = (model_input){0};
    size_t count = symbols_count();
    mi->map = malloc(count * sizeof *mi->map);
    if (!mi->map)
        return fail(err, err_size, INFLECT_ERR_NO_MEMORY, "out of memory");
    if (!voice) {
        for (size_t i = 0; i < count; i++)
            mi->map[i] = (int32_t)i;
        mi->lang_id = INVENTORY_LANG_ID;
        mi->tones = &model_input_stress_tones;
        return INFLECT_OK;
    }
    if (voice->is_v2) {
        mi->v2 = true;
        mi->voice_symbols = voice->symbols;
        return INFLECT_OK;
    }
    inflect_status st = symbols_map(voice->symbols, NULL, (size_t)voice->n_symbols, mi->map, err, err_size);
    if (st != INFLECT_OK) {
        model_input_free(mi);
        return st;
    }
    mi->lang_id = voice->lang_id;
    mi->tones = voice->frontend == FRONTEND_CMUDICT_ARPABET ? &upstream_tones : &model_input_stress_tones;
    mi->voice_symbols = voice->symbols;
    return INFLECT_OK;
}

void model_input_free(model_input *mi)
{
    free(mi->map);
    free(mi->phone);
    free(mi->tone);
    free(mi->lang);
    free(mi->source);
    free(mi->symbols);
    *mi = (model_input){0};
}

static inflect_status reserve(model_input *mi, size_t need, char *err, size_t err_size)
{
    if (need <= mi->cap)
        return INFLECT_OK;
    size_t cap = need + need / 2;
    int32_t *p = realloc(mi->phone, cap * sizeof *p);
    if (p)
        mi->phone = p;
    int32_t *t = p ? realloc(mi->tone, cap * sizeof *t) : NULL;
    if (t)
        mi->tone = t;
    int32_t *l = t ? realloc(mi->lang, cap * sizeof *l) : NULL;
    if (l)
        mi->lang = l;
    size_t *s = l ? realloc(mi->source, cap * sizeof *s) : NULL;
    if (s)
        mi->source = s;
    const char **names = s ? realloc(mi->symbols, cap * sizeof *names) : NULL;
    if (!names)
        return fail(err, err_size, INFLECT_ERR_NO_MEMORY, "out of memory for %zu model inputs", need);
    mi->symbols = names;
    mi->cap = cap;
    return INFLECT_OK;
}

inflect_status model_input_build(model_input *mi, const frontend_token *tokens, size_t n, char *err,
                                 size_t err_size)
{
    inflect_status st = reserve(mi, mi->v2 ? v2_input_length(tokens, n) : model_input_length(n), err, err_size);
    if (st != INFLECT_OK)
        return st;
    if (mi->v2) {
        mi->n = v2_input_spell(tokens, n, mi->phone, mi->source, MODEL_INPUT_NO_TOKEN);
        memset(mi->tone, 0, mi->n * sizeof *mi->tone);
        memset(mi->lang, 0, mi->n * sizeof *mi->lang);
    } else {
        mi->n = model_input_interleave(tokens, n, mi->map, mi->lang_id, mi->tones, mi->phone, mi->tone, mi->lang,
                                       mi->source);
    }
    for (size_t i = 0; i < mi->n; i++)
        mi->symbols[i] = mi->voice_symbols ? mi->voice_symbols[mi->phone[i]] : symbols_name(mi->phone[i]);
    return INFLECT_OK;
}
