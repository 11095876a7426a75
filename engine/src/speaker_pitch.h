/* A speaker's mean pitch: the centre that pitch_range scales the
 * intonation around (inflect.h).
 *
 * Copyright (C) 2026 The Inflect authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The mean is the voice's own pitch head's: its predicted pitch feature
 * (docs/model.md section 2.2 step 3), averaged over the tokens of a fixed
 * paragraph of statements and questions, each token weighted by its
 * predicted voiced fraction. It is what synthesis will actually hear as
 * this speaker's middle, it needs no training data (so upstream files get
 * it the same way as ours), and it costs only the encoder over about fifty
 * words (a few milliseconds a speaker). A voice file may store it instead
 * (inflect.prosody.pitch_mean, docs/model-format.md). The pitch stage
 * prefers to either the median F0 measured on the voice's output audio,
 * where the file has it (inflect.prosody.f0_median, written by
 * training/measure_prosody.py; synth.c).
 *
 * Measured, the means are the same for every synth of a voice, and the
 * encoder over the paragraph costs about as much as first audio itself, so
 * they are measured once per opened voice, by whichever synth needs them
 * first, and kept in the voice's cache for all the others.
 */
#ifndef INFLECT_SPEAKER_PITCH_H
#define INFLECT_SPEAKER_PITCH_H

#include <pthread.h>
#include <stdlib.h>

#include "frontend.h"
#include "inflect.h"
#include "model_input.h"

/* The measured means of one opened voice; a synth of any thread may fill
 * it. Defined here, inline, so that a voice (voice.c) can hold one without
 * linking the frontend that measuring needs. */
typedef struct speaker_pitch_cache {
    pthread_mutex_t lock;
    float *means; /* one per speaker once measured, else NULL */
} speaker_pitch_cache;

/* NULL when out of memory. */
static inline speaker_pitch_cache *speaker_pitch_cache_new(void)
{
    speaker_pitch_cache *c = calloc(1, sizeof *c);
    if (c && pthread_mutex_init(&c->lock, NULL) != 0) {
        free(c);
        c = NULL;
    }
    return c;
}

static inline void speaker_pitch_cache_free(speaker_pitch_cache *c)
{
    if (!c)
        return;
    pthread_mutex_destroy(&c->lock);
    free(c->means);
    free(c);
}

/* The means measured so far (one per speaker), or NULL; for tests. */
static inline const float *speaker_pitch_cached(speaker_pitch_cache *c)
{
    pthread_mutex_lock(&c->lock);
    const float *means = c->means;
    pthread_mutex_unlock(&c->lock);
    return means;
}

/* The fixed paragraph the means are read from; f0_centre.h and
 * training/measure_prosody.py measure a voice's median F0 on it too. */
extern const char *const speaker_pitch_paragraph;

/* means[i] for every speaker i of the voice: the file's
 * inflect.prosody.pitch_mean, else the voice's cached measurement, else
 * measured now by reading the paragraph with fe into mi (whose current
 * utterance it overwrites) and cached. Synths of the voice calling at once
 * wait for the one measuring. */
inflect_status speaker_pitch_means(const inflect_voice *voice, const frontend *fe, model_input *mi, float *means,
                                   char *err, size_t err_size);

#endif
