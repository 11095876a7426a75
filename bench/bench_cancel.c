/* bench_cancel: how long inflect_synth_cancel() takes to stop a call.
 *
 * Copyright (C) 2026 The Inflect authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 *   bench_cancel VOICE [CANCELS]
 *
 * Speaks one long unpunctuated sentence (so every utterance is as long as
 * the acoustic model allows and its pass is the longest there is) and
 * cancels it from another thread at a random moment, CANCELS times (default
 * 500). The latency is from the cancel to the return of the call, as wall
 * time and as the CPU time the speaking thread spent in it (the work done
 * after the cancel, which other load on the machine does not change). For
 * scale it also times one vocoder chunk (the longest gap between two audio
 * callbacks of one utterance) and the start of an utterance (the gap before
 * its first audio: frontend and the whole acoustic pass), both in the
 * speaking thread's CPU time. Prints one JSON object, times in ms.
 */
#include <inflect.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "bench_measure.h"

const char bench_program[] = "bench_cancel";

static double seconds(void) { return bench_seconds(CLOCK_MONOTONIC); }
static double cpu_seconds(void) { return bench_seconds(CLOCK_THREAD_CPUTIME_ID); }

typedef struct {
    double last, chunk_max, first_max, call_start;
    int first;
} gaps;

static int on_audio(const float *samples, size_t n, void *user)
{
    (void)samples;
    (void)n;
    gaps *g = user;
    double t = cpu_seconds();
    double gap = t - g->last;
    if (g->first) {
        if (gap > g->first_max)
            g->first_max = gap;
    } else if (gap > g->chunk_max) {
        g->chunk_max = gap;
    }
    g->first = 0;
    g->last = t;
    return 0;
}

static void on_event(const inflect_event *e, void *user)
{
    gaps *g = user;
    if (e->type == INFLECT_EVENT_SENTENCE)
        g->first = 1; /* the next audio follows this utterance's acoustic pass */
}

typedef struct {
    inflect_synth *synth;
    clockid_t speaker_cpu; /* the speaking thread's CPU clock */
    double delay, cancelled_at, cancelled_cpu;
} canceller;

static void *cancel_later(void *arg)
{
    canceller *c = arg;
    struct timespec pause = {(time_t)c->delay, (long)((c->delay - (double)(time_t)c->delay) * 1e9)};
    nanosleep(&pause, NULL);
    c->cancelled_cpu = bench_seconds(c->speaker_cpu);
    c->cancelled_at = seconds();
    inflect_synth_cancel(c->synth);
    return NULL;
}

int main(int argc, char **argv)
{
    if (argc < 2 || argc > 3) {
        fprintf(stderr, "usage: bench_cancel VOICE [CANCELS]\n");
        return 2;
    }
    int cancels = argc == 3 ? atoi(argv[2]) : 500;
    if (cancels < 1)
        cancels = 1;
    char err[512];
    inflect_voice *voice;
    inflect_synth *synth;
    if (inflect_voice_open(argv[1], &voice, err, sizeof err) != INFLECT_OK ||
        inflect_synth_new(voice, &synth) != INFLECT_OK) {
        fprintf(stderr, "bench_cancel: %s\n", err);
        return 1;
    }
    static const char word[] = "remarkable ";
    size_t len = 120 * (sizeof word - 1);
    char *text = malloc(len + 1);
    for (size_t i = 0; i < 120; i++)
        memcpy(text + i * (sizeof word - 1), word, sizeof word - 1);
    text[len] = '\0';

    inflect_params p;
    inflect_params_init(&p);
    /* Scale: one uncancelled call. */
    gaps g = {.last = cpu_seconds(), .first = 1};
    double t0 = seconds();
    inflect_synth_speak(synth, text, len, &p, on_audio, on_event, &g);
    double whole = seconds() - t0;

    double *lat = malloc(sizeof *lat * (size_t)cancels), *cpu = malloc(sizeof *cpu * (size_t)cancels);
    clockid_t me;
    pthread_getcpuclockid(pthread_self(), &me);
    srand(1);
    for (int i = 0; i < cancels; i++) {
        canceller c = {.synth = synth, .speaker_cpu = me, .delay = whole * (double)rand() / RAND_MAX * 0.9};
        gaps ignored = {.last = cpu_seconds()};
        pthread_t t;
        pthread_create(&t, NULL, cancel_later, &c);
        inflect_status st = inflect_synth_speak(synth, text, len, &p, on_audio, on_event, &ignored);
        double done = seconds(), done_cpu = cpu_seconds();
        pthread_join(t, NULL);
        if (st != INFLECT_ERR_CANCELLED) {
            i--; /* the cancel came after the end or before the start: draw again */
            continue;
        }
        lat[i] = done - c.cancelled_at;
        cpu[i] = done_cpu - c.cancelled_cpu;
    }
    bench_sort(lat, cancels);
    bench_sort(cpu, cancels);
    double sum = 0, cpu_sum = 0;
    for (int i = 0; i < cancels; i++) {
        sum += lat[i];
        cpu_sum += cpu[i];
    }
    printf("{\"voice\": \"%s\", \"cancels\": %d, \"wall_mean_ms\": %.2f, \"wall_median_ms\": %.2f, "
           "\"wall_worst_ms\": %.2f, \"cpu_mean_ms\": %.2f, \"cpu_median_ms\": %.2f, \"cpu_worst_ms\": %.2f, "
           "\"vocoder_chunk_cpu_ms\": %.2f, \"utterance_start_cpu_ms\": %.2f, \"call_wall_ms\": %.1f}\n",
           inflect_voice_name(voice), cancels, 1e3 * sum / cancels, 1e3 * lat[cancels / 2], 1e3 * lat[cancels - 1],
           1e3 * cpu_sum / cancels, 1e3 * cpu[cancels / 2], 1e3 * cpu[cancels - 1], 1e3 * g.chunk_max,
           1e3 * g.first_max, 1e3 * whole);
    free(lat);
    free(cpu);
    free(text);
    inflect_synth_free(synth);
    inflect_voice_close(voice);
    return 0;
}
