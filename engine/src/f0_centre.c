/* A v2 voice's pitch-range centre derived from its own speech
 * (f0_centre.h).
 *
 * Copyright (C) 2026 The Inflect authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "f0_centre.h"

#include <stdlib.h>
#include <string.h>

#include "errors.h"
#include "f0_median.h"
#include "float_buf.h"
#include "speaker_pitch.h"
#include "voice.h"

/* What a speaker's slot holds besides a centre in Hz (> 0). */
#define NOT_MEASURED 0.0f
#define NO_PITCH (-1.0f)  /* measured: nothing voiced */
#define MEASURING (-2.0f) /* another synth is measuring it now */

/* How often a synth waiting for another's measurement looks at its own
 * cancel flag (inflect.h: a cancelled call returns promptly). */
#define WAIT_NS 20000000L

typedef struct {
    float_buf audio;
    const atomic_int *cancel;
} recording;

static int record(const float *samples, size_t n, void *user)
{
    recording *r = user;
    if (r->cancel && atomic_load(r->cancel))
        return 1;
    return !float_buf_append(&r->audio, samples, n);
}

/* The speaker reading the paragraph with its own synth (range 1, so it
 * never comes back here), then its median F0. */
static inflect_status measure(const inflect_voice *v, int speaker, int threads, const atomic_int *cancel, float *hz,
                              char *err, size_t err_size)
{
    inflect_synth_options o;
    inflect_synth_options_init(&o);
    o.threads = threads;
    inflect_synth *s = NULL;
    inflect_status st = inflect_synth_new_with(v, &o, &s, err, err_size);
    if (st != INFLECT_OK)
        return st;
    inflect_params p;
    inflect_params_init(&p);
    p.speaker = speaker;
    p.variation = 0.0f;
    recording r = {.cancel = cancel};
    st = inflect_synth_speak(s, speaker_pitch_paragraph, strlen(speaker_pitch_paragraph), &p, record, NULL, &r);
    if (st == INFLECT_ERR_CALLBACK)
        st = cancel && atomic_load(cancel) ? fail(err, err_size, INFLECT_ERR_CANCELLED, "cancelled")
                                           : fail(err, err_size, INFLECT_ERR_NO_MEMORY, "out of memory");
    else if (st != INFLECT_OK)
        fail(err, err_size, st, "measuring the pitch-range centre of voice '%s': %s", v->name,
             inflect_synth_error(s));
    double median = st == INFLECT_OK ? f0_median(r.audio.x, r.audio.n) : 0.0;
    if (median < 0.0)
        st = fail(err, err_size, INFLECT_ERR_NO_MEMORY, "out of memory");
    free(r.audio.x);
    inflect_synth_free(s);
    *hz = median > 0.0 ? (float)median : NO_PITCH;
    return st;
}

inflect_status f0_centre_get(const inflect_voice *v, int speaker, int threads, const atomic_int *cancel,
                             float *hz, char *err, size_t err_size)
{
    f0_centre_cache *c = v->f0_cache;
    if (!c || speaker < 0 || speaker >= c->n_speakers)
        return fail(err, err_size, INFLECT_ERR_INVALID_ARGUMENT, "no pitch centre for speaker %d of voice '%s'",
                    speaker, v->name);
    inflect_status st = INFLECT_OK;
    pthread_mutex_lock(&c->lock);
    /* The measuring synth works without the lock, so others wait on the
     * condition, each able to leave when its own call is cancelled. */
    while (c->hz[speaker] == MEASURING && !(cancel && atomic_load(cancel))) {
        struct timespec t;
        clock_gettime(CLOCK_MONOTONIC, &t);
        t.tv_nsec += WAIT_NS;
        if (t.tv_nsec >= 1000000000L) {
            t.tv_sec++;
            t.tv_nsec -= 1000000000L;
        }
        pthread_cond_timedwait(&c->done, &c->lock, &t);
    }
    if (c->hz[speaker] == MEASURING) {
        pthread_mutex_unlock(&c->lock);
        return fail(err, err_size, INFLECT_ERR_CANCELLED, "cancelled");
    }
    if (c->hz[speaker] == NOT_MEASURED) {
        c->hz[speaker] = MEASURING;
        pthread_mutex_unlock(&c->lock);
        float got;
        st = measure(v, speaker, threads, cancel, &got, err, err_size);
        pthread_mutex_lock(&c->lock);
        /* A failure (cancelled, out of memory) keeps nothing: the next
         * asker measures again. */
        c->hz[speaker] = st == INFLECT_OK ? got : NOT_MEASURED;
        pthread_cond_broadcast(&c->done);
    }
    *hz = c->hz[speaker];
    pthread_mutex_unlock(&c->lock);
    if (st == INFLECT_OK && *hz == NO_PITCH)
        st = fail(err, err_size, INFLECT_ERR_UNSUPPORTED,
                  "voice '%s', speaker %d: no voiced F0 in its own reading of the reference paragraph, so pitch "
                  "range has no centre; a file can store one as inflect.prosody.f0_median (docs/v2.md)",
                  v->name, speaker);
    return st;
}

int inflect_voice_pitch_centre_pending(const inflect_voice *v, int speaker)
{
    /* A stored centre, or a v1 voice (no cache: its centre is the pitch
     * head's mean, 35 ms per synth), has nothing worth doing ahead. */
    if (!v || v->f0_medians || !v->f0_cache || speaker < 0 || speaker >= v->f0_cache->n_speakers)
        return 0;
    f0_centre_cache *c = v->f0_cache;
    pthread_mutex_lock(&c->lock);
    float hz = c->hz[speaker];
    pthread_mutex_unlock(&c->lock);
    return hz == NOT_MEASURED || hz == MEASURING;
}
