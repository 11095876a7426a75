/* Copyright (C) 2026 The Inflect authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "word_context.h"

#include <string.h>

#include "abbreviations.h"

void word_context_init(word_context *wc)
{
    wc->have_prev = false;
    wc->have_prev2 = false;
    wc->have_prev3 = false;
    wc->prev_starts_sentence = false;
    wc->sentence_start = true;
    wc->new_sentence = true;
    wc->shouted = false;
    wc->have_label = false;
    wc->have_label2 = false;
    wc->colon_next = false;
    wc->place_next = wc->after_place = 0;
    wc->have_lead = false;
    wc->in_digits = false;
    wc->names = 0;
    wc->have_before_names = false;
}

static bool has_digit(const char *word)
{
    for (; *word; word++)
        if (*word >= '0' && *word <= '9')
            return true;
    return false;
}

/* The word that leads a run of digit pieces starting now: the word before
 * it, or the one before that across a verb of being ("Your code is 482
 * 913", "the meeting ID is 891 2345 6789"), or a label before a colon. */
static const char *run_lead(const word_context *wc)
{
    if (wc->have_prev && wc->have_prev2 && (strcmp(wc->prev, "is") == 0 || strcmp(wc->prev, "was") == 0))
        return wc->prev2;
    return wc->have_prev ? wc->prev : wc->have_label ? wc->label : NULL;
}

static bool digits_only(const char *word)
{
    if (!*word)
        return false;
    for (; *word; word++)
        if (*word < '0' || *word > '9')
            return false;
    return true;
}

/* Counts a word of a sentence toward its being shouted or not. */
static void tally_case(const char *word, unsigned *capitals, unsigned *small)
{
    normalize_en_case c = normalize_en_case_of(word);
    *capitals += c == NORMALIZE_EN_CASE_CAPITALS;
    *small += c == NORMALIZE_EN_CASE_SMALL;
}

/* Words of a sentence that decide whether it is shouted: enough to tell,
 * and a bound on the look-ahead, so a text of one endless "sentence" (a
 * log, a list without stops) is not read twice before its first word is
 * spoken. */
#define SHOUTED_LOOKAHEAD_WORDS 64

/* Whether the sentence that starts with the word `first` is shouted: more
 * of its first words are written in capitals than with a small letter, and
 * at least two are (a lone capital word, "HELP!" or "FBI.", tells
 * nothing). Read ahead on a copy of the scanner, once per sentence. */
static bool sentence_shouted(const text_scanner *sc, const text_item *first)
{
    unsigned capitals = 0, small = 0, words = 1;
    tally_case(first->text, &capitals, &small);
    text_scanner ahead = *sc;
    text_item it;
    for (text_next(&ahead, &it);
         words < SHOUTED_LOOKAHEAD_WORDS && (it.kind == TEXT_WORD || (it.kind == TEXT_BREAK && !it.sentence_end));
         text_next(&ahead, &it))
        if (it.kind == TEXT_WORD) {
            tally_case(it.text, &capitals, &small);
            words++;
        }
    return capitals >= 2 && capitals > small;
}

void word_context_of(word_context *wc, const text_scanner *sc, const text_item *it, normalize_en_context *ctx)
{
    if (wc->new_sentence)
        wc->shouted = sentence_shouted(sc, it);
    text_scanner ahead = *sc;
    text_next(&ahead, &wc->next);
    bool after_label = !wc->have_prev && wc->have_label && has_digit(it->text);
    ctx->prev = wc->have_prev ? wc->prev : NULL;
    ctx->prev_starts_sentence = wc->have_prev && wc->prev_starts_sentence;
    ctx->label = after_label ? wc->label : NULL;
    ctx->label2 = after_label && wc->have_label2 ? wc->label2 : NULL;
    ctx->lead = NULL;
    if (digits_only(it->text)) {
        if (wc->in_digits)
            ctx->lead = wc->have_lead ? wc->lead : NULL;
        else
            ctx->lead = run_lead(wc);
    }
    ctx->next = wc->next.kind == TEXT_WORD ? wc->next.text : NULL;
    ctx->next2 = NULL;
    ctx->after_comma = NULL;
    ctx->after_comma_next = NULL;
    ctx->after_colon = NULL;
    wc->colon_next = wc->next.kind == TEXT_BREAK && !wc->next.sentence_end && wc->next.length == 1 &&
                     sc->s[wc->next.offset] == ':';
    wc->place_next = 0;
    if (wc->next.kind == TEXT_BREAK && wc->next.length == 1 && sc->s[wc->next.offset] == ',' &&
        abbr_place_before_comma(it->text, it->text_len))
        wc->place_next = wc->sentence_start                                             ? 2
                         : wc->have_prev && abbr_is_locative(wc->prev, strlen(wc->prev)) ? 3
                                                                                         : 1;
    ctx->after_place = wc->after_place;
    if (ctx->next) {
        text_next(&ahead, &wc->next2);
        ctx->next2 = wc->next2.kind == TEXT_WORD ? wc->next2.text : NULL;
    } else if (wc->next.kind == TEXT_BREAK && wc->next.length == 1 && sc->s[wc->next.offset] == ',') {
        text_next(&ahead, &wc->next2);
        ctx->after_comma = wc->next2.kind == TEXT_WORD ? wc->next2.text : NULL;
        if (ctx->after_comma) {
            text_next(&ahead, &wc->next3);
            ctx->after_comma_next = wc->next3.kind == TEXT_WORD ? wc->next3.text : NULL;
        }
    } else if (wc->colon_next) {
        text_next(&ahead, &wc->next2);
        ctx->after_colon = wc->next2.kind == TEXT_WORD ? wc->next2.text : NULL;
    }
    ctx->inside_breaks = !wc->have_prev && !wc->sentence_start && wc->next.kind == TEXT_BREAK && !wc->next.sentence_end;
    ctx->prev2 = wc->have_prev2 ? wc->prev2 : NULL;
    ctx->prev3 = wc->have_prev3 ? wc->prev3 : NULL;
    ctx->before_names = wc->names >= 2 && wc->names <= 4 && wc->have_before_names ? wc->before_names : NULL;
    ctx->shouted = wc->shouted;
}

void word_context_passed(word_context *wc, const text_item *it)
{
    switch (it->kind) {
    case TEXT_WORD:
        if (!digits_only(it->text)) {
            wc->in_digits = false;
        } else if (!wc->in_digits) {
            /* a run of digit pieces starts: what leads it, as word_context_of gave it */
            const char *lead = run_lead(wc);
            wc->in_digits = true;
            wc->have_lead = lead != NULL;
            if (lead)
                memcpy(wc->lead, lead, sizeof wc->lead);
        }
        if (it->text[0] < 'A' || it->text[0] > 'Z') {
            wc->names = 0;
        } else if (wc->names) {
            wc->names += wc->names < 255;
        } else {
            /* a run of capitalised words starts: what comes before it */
            wc->names = 1;
            wc->have_before_names = wc->have_prev;
            if (wc->have_prev)
                memcpy(wc->before_names, wc->prev, sizeof wc->before_names);
        }
        if (wc->have_prev2)
            memcpy(wc->prev3, wc->prev2, sizeof wc->prev3);
        wc->have_prev3 = wc->have_prev2;
        if (wc->have_prev)
            memcpy(wc->prev2, wc->prev, sizeof wc->prev2);
        wc->have_prev2 = wc->have_prev;
        memcpy(wc->prev, it->text, it->text_len + 1);
        wc->have_prev = true;
        wc->prev_starts_sentence = wc->sentence_start;
        wc->sentence_start = false;
        wc->new_sentence = false;
        wc->have_label = false;
        wc->after_place = 0;
        break;
    case TEXT_BREAK:
        wc->have_label = wc->colon_next && wc->have_prev;
        if (wc->have_label) {
            memcpy(wc->label, wc->prev, sizeof wc->label);
            memcpy(wc->label2, wc->prev2, sizeof wc->label2);
            wc->have_label2 = wc->have_prev2;
        }
        wc->colon_next = false;
        wc->after_place = wc->place_next;
        wc->place_next = 0;
        wc->in_digits = false;
        wc->names = 0;
        wc->have_prev = false;
        wc->have_prev2 = false;
        wc->have_prev3 = false;
        wc->sentence_start = it->sentence_end;
        wc->new_sentence |= it->sentence_end;
        break;
    case TEXT_PARAGRAPH:
    case TEXT_END:
        wc->have_prev = false;
        wc->have_prev2 = false;
        wc->have_prev3 = false;
        wc->have_label = false;
        wc->in_digits = false;
        wc->names = 0;
        wc->after_place = wc->place_next = 0;
        wc->sentence_start = true;
        wc->new_sentence = true;
        break;
    }
}
