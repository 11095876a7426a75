/* The neighbours of each word the text scanner gives, for the English
 * normaliser's context rules (normalize_en_word_in): the three words before
 * it in the same clause, whether the nearer one started its sentence, the two
 * words after it (or the two after a comma that follows it), and whether
 * its sentence is shouted; and for a number right after a colon, the two
 * words before the colon: a form's label ("Account: 12345678901", "ZIP
 * Code: 94103", "Pages: 10-15"), which says what it is; and for a piece of
 * digits alone, the word that leads its run of such pieces ("Meeting ID:
 * 891 2345 6789"); and after a name of several capitalised words, the
 * word before it. The frontend and the tests walk a text the same
 * way with it.
 *
 * Copyright (C) 2026 The Inflect authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef INFLECT_WORD_CONTEXT_H
#define INFLECT_WORD_CONTEXT_H

#include "normalize_en.h"
#include "text.h"

typedef struct {
    char prev[TEXT_PIECE_BYTES], prev2[TEXT_PIECE_BYTES], prev3[TEXT_PIECE_BYTES];
    bool have_prev, have_prev2, have_prev3, prev_starts_sentence, sentence_start;
    bool shouted;   /* the current sentence is written in capitals */
    /* No word of the sentence read yet: a break such as "(" before its first
     * word clears sentence_start, but the sentence still has to be judged
     * shouted or not at that word. */
    bool new_sentence;
    text_item next;  /* the item after the current word */
    text_item next2; /* the item after that, when `next` is a word, a comma or a colon */
    text_item next3; /* the item after `next2`, when `next` is a comma */
    /* A label before a colon ("Account: 12345678901", "ZIP Code: 94103"):
     * its last two words, the neighbours of a number right after it */
    char label[TEXT_PIECE_BYTES], label2[TEXT_PIECE_BYTES];
    bool have_label, have_label2;
    bool colon_next; /* the item after the current word is a lone ':' */
    /* The current word is a place and a lone comma follows it
     * (abbr_place_before_comma: "Springfield,"); and the word after that
     * comma follows a place: normalize_en_context's after_place */
    unsigned char place_next, after_place;
    /* The word before the run of digit-only pieces being read ("ID" in
     * "Meeting ID 891 2345 6789"; the one before "is" or "was": "the ID is
     * 891 ..."), or the label before a colon */
    char lead[TEXT_PIECE_BYTES];
    bool have_lead, in_digits;
    /* The capitalised words in a row that end with prev (0 after any other
     * word or a break), and the word before them: normalize_en_context's
     * before_names */
    unsigned names;
    char before_names[TEXT_PIECE_BYTES];
    bool have_before_names;
} word_context;

void word_context_init(word_context *wc);

/* For the word item `it` that text_next() just read from `sc`: its
 * neighbours in *ctx (pointing into wc and nothing else; valid until the
 * next call). Looks ahead on a copy of the scanner, so `sc` is untouched;
 * at the first word of a sentence it reads up to 64 of its words ahead,
 * to tell whether it is shouted. */
void word_context_of(word_context *wc, const text_scanner *sc, const text_item *it, normalize_en_context *ctx);

/* Every item, in order, after it has been used. */
void word_context_passed(word_context *wc, const text_item *it);

#endif
