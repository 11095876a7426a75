/* A frontend utterance as one voice's acoustic model reads it.
 *
 * Copyright (C) 2026 The Inflect authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "model_input.h"

#include <stdlib.h>

#include "arpabet.h"
#include "errors.h"
#include "ids.h"
#include "symbols.h"
#include "voice.h"

/* Voices trained by this project put their one language at lang id 1; 0 is
 * the blank's. */
#define INVENTORY_LANG_ID 1

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
        mi->tones = &ids_stress_tones;
        return INFLECT_OK;
    }
    inflect_status st = symbols_map(voice->symbols, NULL, (size_t)voice->n_symbols, mi->map, err, err_size);
    if (st != INFLECT_OK) {
        model_input_free(mi);
        return st;
    }
    mi->lang_id = voice->lang_id;
    mi->tones = voice->frontend == FRONTEND_CMUDICT_ARPABET ? &arpabet_upstream_tones : &ids_stress_tones;
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
    inflect_status st = reserve(mi, ids_length(n), err, err_size);
    if (st != INFLECT_OK)
        return st;
    mi->n = ids_interleave(tokens, n, mi->map, mi->lang_id, mi->tones, mi->phone, mi->tone, mi->lang, mi->source);
    for (size_t i = 0; i < mi->n; i++)
        mi->symbols[i] = mi->voice_symbols ? mi->voice_symbols[mi->phone[i]] : symbols_name(mi->phone[i]);
    return INFLECT_OK;
}
