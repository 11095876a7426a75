/* A v2 voice's pitch-range centre, when its file stores none: derived by
 * the engine from the voice's own speech, once per opened voice and
 * speaker.
 *
 * Copyright (C) 2026 The Inflect authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * pitch_range scales the intonation around the speaker's median F0
 * (docs/controls.md). training/measure_prosody.py stores it in our files
 * (inflect.prosody.f0_median); an upstream v2 (VITS) file has no such key
 * and no pitch head to estimate it from. So the engine measures it the way
 * the tool does: the speaker reads speaker_pitch.c's fixed paragraph through
 * the whole engine path at variation 0 (deterministic, as inflect-say speaks
 * it for the tool) and f0_median.h takes the median F0 of the audio. The
 * number is then the one measure_prosody would store for the same file, and
 * the control means the same on every voice.
 *
 * It costs a synthesis of the paragraph and 0.1 s of analysis: 0.9 s for
 * the Nano-v2 test fixture, 2.2 s for a random stand-in of upstream's
 * Nano-v2 size, 5.7 s for Micro-v2's (one loaded core; docs/controls.md).
 * So it is done only when a synthesis first asks
 * a speaker for a range other than 1, per speaker (a many-speaker file does
 * not pay for all of them), and kept in the voice for every synth and
 * thread that shares it. Synths asking at once wait for the one measuring,
 * without holding the voice's lock, so a cancel reaches a waiter within
 * 20 ms; a voice that asks only for pitch scale is never measured.
 */
#ifndef INFLECT_F0_CENTRE_H
#define INFLECT_F0_CENTRE_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <time.h>

#include "inflect.h"

/* One opened voice's centres. Defined here, inline, so that a voice
 * (v2_voice.c, voice.c) can hold one without linking the synthesis that
 * measuring needs (a static program that only loads voices, such as the
 * aarch64 test's test_parity, must not pull in espeak-ng). */
typedef struct f0_centre_cache {
    pthread_mutex_t lock;
    pthread_cond_t done; /* a measurement ended (stored or given up) */
    int n_speakers;
    /* per speaker: 0 not measured yet, -2 being measured, -1 nothing
     * voiced, else Hz */
    float hz[];
} f0_centre_cache;

/* A cache for n_speakers speakers, none measured; NULL when out of memory. */
static inline f0_centre_cache *f0_centre_cache_new(int n_speakers)
{
    f0_centre_cache *c = calloc(1, sizeof *c + sizeof *c->hz * (size_t)n_speakers);
    if (!c)
        return NULL;
    pthread_condattr_t a;
    int ok = pthread_condattr_init(&a) == 0;
    /* Waits are timed to poll a cancel flag: on the monotonic clock, so
     * setting the wall clock neither stalls nor hurries them. */
    ok = ok && pthread_condattr_setclock(&a, CLOCK_MONOTONIC) == 0 && pthread_cond_init(&c->done, &a) == 0;
    pthread_condattr_destroy(&a);
    if (ok && pthread_mutex_init(&c->lock, NULL) != 0) {
        pthread_cond_destroy(&c->done);
        ok = 0;
    }
    if (!ok) {
        free(c);
        return NULL;
    }
    c->n_speakers = n_speakers;
    return c;
}

static inline void f0_centre_cache_free(f0_centre_cache *c)
{
    if (!c)
        return;
    pthread_cond_destroy(&c->done);
    pthread_mutex_destroy(&c->lock);
    free(c);
}

/* *hz: speaker's centre from voice->f0_cache, measured now with `threads`
 * threads (the asking synth's: the audio, and so the number, is the same
 * for any count) when it has none yet. cancel (may be NULL) stops the measuring with INFLECT_ERR_CANCELLED;
 * nothing is kept then, and the next call measures again. A paragraph with
 * no voiced frame is an INFLECT_ERR_UNSUPPORTED error, kept. */
inflect_status f0_centre_get(const inflect_voice *voice, int speaker, int threads, const atomic_int *cancel,
                             float *hz, char *err, size_t err_size);

#endif
