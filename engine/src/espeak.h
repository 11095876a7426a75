/* The espeak-ng wrapper: plain text to phoneme symbols with stress.
 *
 * Copyright (C) 2026 The Inflect authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * espeak-ng keeps all of its state in globals, so every call into it in this
 * process goes through one mutex, and the voice is selected again whenever
 * the caller's differs from the last one used. Any number of threads and
 * voices may call espeak_phonemize() at once; each call's result is the same
 * as if it ran alone. espeak-ng is initialised on first use in synchronous mode
 * with no audio device and is never told to interpret SSML or [[phonemes]].
 *
 * Stress becomes the tone of the vowel it falls on: espeak-ng writes ˈ or ˌ
 * just before the stressed syllable's nucleus, so the mark goes to the next
 * vowel symbol (tone 2 primary, 1 secondary); every other symbol has tone 0.
 */
#ifndef INFLECT_ESPEAK_H
#define INFLECT_ESPEAK_H

#include <stddef.h>
#include <stdint.h>

#include "inflect.h"

enum { TONE_NONE = 0, TONE_SECONDARY = 1, TONE_PRIMARY = 2 };

typedef struct {
    uint16_t id;   /* symbols.h id, always a phoneme */
    uint8_t tone;
} phoneme;

typedef struct {
    phoneme *items;
    size_t n, cap;
} phoneme_list;

/* Succeeds when espeak-ng starts and knows the voice (e.g. "en-us"). */
inflect_status espeak_check_voice(const char *voice, char *err, size_t err_size);

/* Reads texts[0..n) (NUL-terminated UTF-8, plain text) one after the other
 * with espeak-ng voice `voice` and appends their phonemes to *out; ends[i] is
 * out->n after texts[i]. Each text is read as a whole, so espeak-ng sees the
 * context between its words. */
inflect_status espeak_phonemize(const char *voice, const char *const *texts, size_t n, phoneme_list *out, size_t *ends,
                         char *err, size_t err_size);

void phoneme_list_free(phoneme_list *list);

#endif
