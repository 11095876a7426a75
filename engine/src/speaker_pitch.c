/* A speaker's mean pitch from the voice's own pitch head (speaker_pitch.h).
 *
 * Copyright (C) 2026 The Inflect authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "speaker_pitch.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "acoustic.h"
#include "errors.h"
#include "voice.h"

/* Everyday statements, a question and an exclamation: enough tokens (about
 * 250) that the mean moves by well under a semitone between paragraphs. */
static const char paragraph[] =
    "The bus was late this morning, so I walked to the station along the river. "
    "Would you like a cup of tea before we go? "
    "My sister keeps three cats and a very old dog in her small flat. "
    "We finished the puzzle just after midnight! "
    "Please call me when the parcel arrives, and leave it by the door.";
const char *const speaker_pitch_paragraph = paragraph;

/* The voice's own pitch head over the paragraph, into means. */
static inflect_status measure(const inflect_voice *v, const frontend *fe, model_input *mi, float *means, char *err,
                              size_t err_size)
{
    const int n_speakers = v->n_speakers;
    double *sum = calloc((size_t)n_speakers * 2, sizeof *sum); /* per speaker: sum of w*p, sum of w */
    float *pitch = NULL;
    int32_t *durations = NULL;
    frontend_stream *fs = NULL;
    inflect_status st = sum ? frontend_stream_new(fe, paragraph, strlen(paragraph), 0, &fs, err, err_size)
                            : fail(err, err_size, INFLECT_ERR_NO_MEMORY, "out of memory");
    while (st == INFLECT_OK) {
        frontend_utterance u;
        st = frontend_next(fs, &u, err, err_size);
        if (st != INFLECT_OK || u.n_tokens == 0)
            break;
        st = model_input_build(mi, u.tokens, u.n_tokens, err, err_size);
        if (st != INFLECT_OK)
            break;
        free(pitch);
        free(durations);
        pitch = malloc(2 * mi->n * sizeof *pitch);
        durations = malloc(mi->n * sizeof *durations);
        if (!pitch || !durations) {
            st = fail(err, err_size, INFLECT_ERR_NO_MEMORY, "out of memory");
            break;
        }
        for (int spk = 0; spk < n_speakers && st == INFLECT_OK; spk++) {
            acoustic_input in = {.phone = mi->phone, .tone = mi->tone, .lang = mi->lang, .n = (int)mi->n,
                                 .speaker = spk, .control = {1.0f, 0.0f, 1.0f}, .pitch_out = pitch};
            int frames;
            st = acoustic_run(&v->acoustic, &in, durations, NULL, &frames, err, err_size);
            for (size_t t = 0; st == INFLECT_OK && t < mi->n; t++) {
                double w = fmin(fmax(pitch[2 * t + 1], 0.0), 1.0);
                sum[2 * spk] += w * pitch[2 * t];
                sum[2 * spk + 1] += w;
            }
        }
    }
    for (int spk = 0; st == INFLECT_OK && spk < n_speakers; spk++) {
        /* A voice that predicts nothing voiced (or nothing finite) has no
         * pitch to centre on: 0 is the feature's own reference, 140 Hz. */
        double mean = sum[2 * spk + 1] > 0.0 ? sum[2 * spk] / sum[2 * spk + 1] : 0.0;
        means[spk] = isfinite(mean) ? (float)mean : 0.0f;
    }
    frontend_stream_free(fs);
    free(pitch);
    free(durations);
    free(sum);
    return st;
}

inflect_status speaker_pitch_means(const inflect_voice *v, const frontend *fe, model_input *mi, float *means,
                                   char *err, size_t err_size)
{
    const size_t bytes = sizeof *means * (size_t)v->n_speakers;
    if (v->pitch_means) {
        memcpy(means, v->pitch_means, bytes);
        return INFLECT_OK;
    }
    speaker_pitch_cache *c = v->pitch_cache;
    pthread_mutex_lock(&c->lock);
    inflect_status st = INFLECT_OK;
    if (!c->means) {
        st = measure(v, fe, mi, means, err, err_size);
        /* Without room to keep them the means are still good for this
         * synth; the next one measures again. */
        if (st == INFLECT_OK && (c->means = malloc(bytes)) != NULL)
            memcpy(c->means, means, bytes);
    } else {
        memcpy(means, c->means, bytes);
    }
    pthread_mutex_unlock(&c->lock);
    return st;
}
