/* Speed of the engine core at the upstream model size (random weights):
 * milliseconds of compute (thread CPU time, best of 3) per second of audio
 * for the vocoder (streamed and in one pass) and the acoustic model, on one
 * thread.
 *
 * Copyright (C) 2026 The Inflect authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Usage: bench_core bench.gguf   (meson test --benchmark; the voice comes
 * from tests/make_parity.py --bench)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "acoustic.h"
#include "bench_measure.h"
#include "kernels.h"
#include "vocoder.h"
#include "voice.h"

enum { REPEATS = 3, SECONDS = 10 };

const char bench_program[] = "bench_core";

/* CPU time of this thread: compute only, not time the scheduler gave to
 * other processes (the figure that matters on a shared machine). */
static double cpu(void) { return bench_seconds(CLOCK_THREAD_CPUTIME_ID); }
static double now(void) { return bench_seconds(CLOCK_MONOTONIC); }

/* Best of REPEATS: the time the work takes when nothing else interferes. */
static void vocoder_speed(const inflect_voice *v, const float *mel, int frames, int first, int chunk)
{
    char err[256];
    vocoder_stream *s;
    if (vocoder_stream_new(&v->vocoder, first, chunk, &s, err, sizeof err) != INFLECT_OK) {
        fprintf(stderr, "%s\n", err);
        exit(1);
    }
    double best = 1e30, best_first = 1e30, best_wall = 1e30;
    for (int r = 0; r < REPEATS; r++) {
        float *pcm;
        size_t n;
        double w0 = now(), t0 = cpu();
        vocoder_stream_start(s, mel, frames);
        vocoder_stream_next(s, &pcm, &n);
        double t1 = cpu();
        while (n)
            vocoder_stream_next(s, &pcm, &n);
        double t2 = cpu(), w2 = now();
        if (t2 - t0 < best)
            best = t2 - t0;
        if (t1 - t0 < best_first)
            best_first = t1 - t0;
        if (w2 - w0 < best_wall)
            best_wall = w2 - w0;
    }
    double audio = (double)frames * v->vocoder.hop / v->sample_rate;
    printf("vocoder  chunks %4d then %4d frames: %6.1f ms CPU (%6.1f wall) per second of audio; first chunk %5.1f ms\n",
           first, chunk, 1e3 * best / audio, 1e3 * best_wall / audio, 1e3 * best_first);
    vocoder_stream_free(s);
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: %s bench.gguf\n", argv[0]);
        return 2;
    }
    char err[512];
    inflect_voice *v;
    double t0 = now();
    if (inflect_voice_open(argv[1], &v, err, sizeof err) != INFLECT_OK) {
        fprintf(stderr, "%s\n", err);
        return 1;
    }
    printf("voice loaded in %.1f ms, peak RSS %ld KiB; kernels: %s; vocoder context %d frames\n",
           1e3 * (now() - t0), bench_peak_rss_kib(), kernels_name(kernels_active()),
           vocoder_context_frames(&v->vocoder));

    int frames = SECONDS * v->sample_rate / v->vocoder.hop, n_mels = v->vocoder.hp.num_mels;
    float *mel = malloc(sizeof(float) * (size_t)n_mels * frames);
    srand(1);
    for (int i = 0; i < n_mels * frames; i++)
        mel[i] = -4.0f + 4.0f * (float)rand() / (float)RAND_MAX;
    vocoder_speed(v, mel, frames, 8, 32);
    vocoder_speed(v, mel, frames, 12, 96);

    /* The random duration head decides how long the utterance is. */
    enum { TOKENS = 120 };
    int32_t ids[3 * TOKENS], dur[TOKENS];
    for (int t = 0; t < TOKENS; t++) {
        ids[t] = t % 2 ? 1 + t % (v->acoustic.hp.vocab_size - 1) : 0;
        ids[TOKENS + t] = t % 2 ? 8 + t % 3 : 0;
        ids[2 * TOKENS + t] = t % 2 ? 2 : 0;
    }
    acoustic_input in = {ids, ids + TOKENS, ids + 2 * TOKENS, TOKENS, 0, {1.0f, 0.0f, 1.0f}, 0.0f, NULL, NULL, NULL, NULL, NULL};
    double best = 1e30;
    int out_frames = 0;
    for (int r = 0; r < REPEATS; r++) {
        float *out;
        double a = cpu();
        if (acoustic_run(&v->acoustic, &in, dur, &out, &out_frames, err, sizeof err) != INFLECT_OK) {
            fprintf(stderr, "%s\n", err);
            return 1;
        }
        if (cpu() - a < best)
            best = cpu() - a;
        free(out);
    }
    double audio = (double)out_frames * v->vocoder.hop / v->sample_rate;
    printf("acoustic %d tokens -> %d frames: %.1f ms CPU, %.1f ms per second of audio\n", TOKENS, out_frames,
           1e3 * best, 1e3 * best / audio);
    printf("peak RSS %ld KiB (streaming)\n", bench_peak_rss_kib());
    /* One pass over the whole utterance: what streaming costs in speed (its
     * buffers grow with the utterance, so this comes after the RSS figure). */
    vocoder_speed(v, mel, frames, frames, frames);
    free(mel);
    inflect_voice_close(v);
    return 0;
}
