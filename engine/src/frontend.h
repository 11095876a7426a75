/* Text frontend: text in, utterances of symbol tokens out.
 *
 * Copyright (C) 2026 The Inflect authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The text is scanned (text.h), read by espeak-ng clause by clause
 * (espeak.h) and cut into utterances: sentences, and when a sentence is
 * longer than the caller's token budget, pieces of it cut at a clause break
 * (after , ; : ...) or failing that between words. Nothing is ever dropped to
 * fit: a single word longer than the budget is cut between phonemes.
 *
 * Tokens of one utterance, in order:
 * - phonemes of each word, stress as tone on the vowel (espeak.h);
 * - " " between two words (or two pieces of one over-long word);
 * - punctuation right after the word it follows: , . ? ! …  (; : dashes and
 *   brackets read as ","). Every sentence ends in . ? ! or …; one that has no
 *   mark of its own (end of text, blank line) gets a "." of length 0.
 * Blanks are not tokens; model_input.h adds them.
 *
 * Offsets: each token carries a span of the caller's text, always inside it
 * and never going backwards within an utterance or from one to the next.
 * Phonemes carry their whole word (every phoneme of "Dr." or "$3.50" points
 * at that word), punctuation its own marks, a space a zero-length span at
 * the start of the next word, or the whole word when it separates the
 * spoken words of one written word ("$3.50": three dollars fifty cents).
 *
 * English voices: espeak-ng reads currency badly ("dollar three point five
 * zero"), so a word with a digit or currency sign is spelt out by the
 * English normaliser (normalize_en.h) before espeak-ng reads it.
 *
 * espeak-ng reads a whole clause at once, so a word's reading depends on its
 * neighbours as in espeak-ng itself ("of the" -> ʌvðə, "to see" -> tə sˈiː).
 * Its output does not say which input word each phoneme came from, so every
 * word is also read alone and the two phoneme strings are aligned (edit
 * distance); each phoneme of the clause takes the word of the phoneme it is
 * aligned with.
 *
 * The cmudict-arpabet frontend (upstream models) shares the scanning,
 * punctuation and cutting above, but reads each word on its own: the word is
 * expanded to plain words (normalize_en.h: numbers, times, currency,
 * abbreviations), and each is looked up in CMUdict or else read by espeak-ng
 * and mapped to ARPAbet (arpabet.h). Tokens are then ARPAbet phones of the
 * inventory; a "," inside an expansion ("$3.50" -> three dollars, fifty cents)
 * is a comma token spanning the whole word.
 *
 * A frontend is immutable and may be shared by any number of threads; a
 * stream belongs to one thread at a time.
 */
#ifndef INFLECT_FRONTEND_H
#define INFLECT_FRONTEND_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "inflect.h"

typedef struct {
    const char *symbol;  /* static inventory name (symbols.h) */
    uint16_t id;         /* symbols.h id */
    uint8_t tone;        /* 0 none, 1 secondary stress, 2 primary stress */
    size_t text_offset;  /* bytes into the caller's text */
    size_t text_length;
} frontend_token;

typedef struct {
    const frontend_token *tokens; /* valid until the next frontend_next() */
    size_t n_tokens;              /* 0: the text is done */
    size_t text_offset;           /* span covered by the tokens */
    size_t text_length;
    bool sentence_start;          /* first utterance of a sentence */
    bool sentence_end;            /* last utterance of a sentence */
} frontend_utterance;

typedef struct frontend frontend;
typedef struct frontend_stream frontend_stream;

/* How words become phonemes (the voice file says which its model needs). */
typedef enum {
    FRONTEND_ESPEAK_IPA,      /* our voices: espeak-ng's IPA, whole clauses */
    FRONTEND_CMUDICT_ARPABET  /* upstream's: CMUdict ARPAbet word by word (arpabet.h) */
} frontend_kind;

#define FRONTEND_KIND_ESPEAK_IPA "espeak-ipa"
#define FRONTEND_KIND_CMUDICT_ARPABET "cmudict-arpabet"

/* A frontend of the given kind reading with espeak-ng voice `espeak_voice`
 * (e.g. "en-us"; for cmudict-arpabet, the reader of words the lexicon lacks).
 * Fails with INFLECT_ERR_FRONTEND when espeak-ng or the voice is missing. */
inflect_status frontend_new(frontend_kind kind, const char *espeak_voice, frontend **out, char *err,
                            size_t err_size);
void frontend_free(frontend *fe);

/* Starts reading text[0..length) (any bytes; borrowed until the stream is
 * freed). Utterances hold at most max_tokens tokens; 0 means no limit. */
inflect_status frontend_stream_new(const frontend *fe, const char *text, size_t length, size_t max_tokens,
                                   frontend_stream **out, char *err, size_t err_size);

/* The next utterance, or n_tokens == 0 at the end. Memory held by a stream
 * is bounded by max_tokens, not by the text, when max_tokens is set. */
inflect_status frontend_next(frontend_stream *s, frontend_utterance *u, char *err, size_t err_size);

void frontend_stream_free(frontend_stream *s);

/* Where to cut tokens[0..n), n >= 2, into two utterances when one turns out
 * too long for the acoustic model: at the clause break nearest the middle if
 * one lies in the middle half, else the word break nearest the middle, else
 * any clause break, else the middle. The first part is [0, *first_end), the
 * second [*second_start, n); the space between them belongs to neither. */
void frontend_split(const frontend_token *tokens, size_t n, size_t *first_end, size_t *second_start);

#endif
