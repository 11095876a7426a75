/* Copyright (C) 2026 The Inflect authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "word_context.h"

#include <string.h>

void word_context_init(word_context *wc)
{
    wc->have_prev = false;
    wc->prev_starts_sentence = false;
    wc->sentence_start = true;
}

void word_context_of(word_context *wc, const text_scanner *sc, normalize_en_context *ctx)
{
    text_scanner ahead = *sc;
    text_next(&ahead, &wc->next);
    ctx->prev = wc->have_prev ? wc->prev : NULL;
    ctx->prev_starts_sentence = wc->have_prev && wc->prev_starts_sentence;
    ctx->next = wc->next.kind == TEXT_WORD ? wc->next.text : NULL;
    ctx->inside_breaks = !wc->have_prev && !wc->sentence_start && wc->next.kind == TEXT_BREAK && !wc->next.sentence_end;
}

void word_context_passed(word_context *wc, const text_item *it)
{
    switch (it->kind) {
    case TEXT_WORD:
        memcpy(wc->prev, it->text, it->text_len + 1);
        wc->have_prev = true;
        wc->prev_starts_sentence = wc->sentence_start;
        wc->sentence_start = false;
        break;
    case TEXT_BREAK:
        wc->have_prev = false;
        wc->sentence_start = it->sentence_end;
        break;
    case TEXT_PARAGRAPH:
    case TEXT_END:
        wc->have_prev = false;
        wc->sentence_start = true;
        break;
    }
}
