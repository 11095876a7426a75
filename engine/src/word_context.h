/* The neighbours of each word the text scanner gives, for the English
 * normaliser's context rules (normalize_en_word_in): the word before it in
 * the same clause, whether that word started its sentence, and the word
 * after it. The frontend and the tests walk a text the same way with it.
 *
 * Copyright (C) 2026 The Inflect authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef INFLECT_WORD_CONTEXT_H
#define INFLECT_WORD_CONTEXT_H

#include "normalize_en.h"
#include "text.h"

typedef struct {
    char prev[TEXT_PIECE_BYTES];
    bool have_prev, prev_starts_sentence, sentence_start;
    text_item next; /* the item after the current word */
} word_context;

void word_context_init(word_context *wc);

/* For the word item `it` that text_next() just read from `sc`: its
 * neighbours in *ctx (pointing into wc and nothing else; valid until the
 * next call). Looks ahead on a copy of the scanner, so `sc` is untouched. */
void word_context_of(word_context *wc, const text_scanner *sc, normalize_en_context *ctx);

/* Every item, in order, after it has been used. */
void word_context_passed(word_context *wc, const text_item *it);

#endif
