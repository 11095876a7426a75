/* Copyright (C) 2026 The Inflect authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "v2_input.h"

#include <string.h>

#include "symbols.h"
#include "v2_symbols.h"

/* The longest spelling of one token: a stress mark and the code points of
 * the longest inventory symbol. */
enum { MAX_IDS = 8 };

#define PRIMARY_STRESS 0x02c8u   /* ˈ */
#define SECONDARY_STRESS 0x02ccu /* ˌ */

/* The ids of one token, at most MAX_IDS; returns the count. */
static int token_ids(const frontend_token *t, int32_t *out)
{
    int n = 0;
    if (symbols_kind(t->id) == SYMBOL_KIND_VOWEL && t->tone > 0)
        out[n++] = v2_symbol_id(t->tone >= 2 ? PRIMARY_STRESS : SECONDARY_STRESS);
    const unsigned char *s = (const unsigned char *)t->symbol;
    while (*s && n < MAX_IDS) {
        /* Inventory names are valid UTF-8 (symbols.c). */
        size_t len = s[0] < 0x80 ? 1 : s[0] < 0xe0 ? 2 : s[0] < 0xf0 ? 3 : 4;
        uint32_t cp = len == 1 ? s[0] : s[0] & (0x7fu >> len);
        for (size_t i = 1; i < len; i++)
            cp = cp << 6 | (s[i] & 0x3fu);
        int id = v2_symbol_id(cp);
        if (id > 0)
            out[n++] = id;
        s += len;
    }
    return n;
}

size_t v2_input_length(const frontend_token *tokens, size_t n)
{
    size_t count = 1;
    int32_t ids[MAX_IDS];
    for (size_t i = 0; i < n; i++)
        count += 2 * (size_t)token_ids(&tokens[i], ids);
    return count;
}

size_t v2_input_spell(const frontend_token *tokens, size_t n, int32_t *ids, size_t *source, size_t none)
{
    size_t k = 0;
    ids[k] = V2_BLANK;
    if (source)
        source[k] = none;
    k++;
    for (size_t i = 0; i < n; i++) {
        int32_t own[MAX_IDS];
        int m = token_ids(&tokens[i], own);
        for (int j = 0; j < m; j++) {
            ids[k] = own[j];
            ids[k + 1] = V2_BLANK;
            if (source) {
                source[k] = i;
                source[k + 1] = j + 1 < m ? i : none;
            }
            k += 2;
        }
    }
    return k;
}
