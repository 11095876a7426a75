/* bench_measure: clocks, medians, peak memory and sample hashes of the
 * benchmark programs (bench_measure.h).
 *
 * Copyright (C) 2026 The Inflect authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#define _POSIX_C_SOURCE 200809L
#include "bench_measure.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char bench_sentence[] = "Please turn left at the next corner and keep going.";
const char bench_paragraph[] =
    "The lighthouse keeper climbed the narrow stairs every evening, just before the sun went down. "
    "He trimmed the wick, polished the heavy glass, and wrote a short note in his logbook. "
    "Most nights were quiet, but during the winter storms the ships relied on his light to find "
    "the harbor. He never missed a single night in thirty years.";

double bench_seconds(clockid_t clock)
{
    struct timespec ts;
    clock_gettime(clock, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

void bench_die(const char *what, const char *msg)
{
    fprintf(stderr, "%s: %s: %s\n", bench_program, what, msg);
    exit(EXIT_FAILURE);
}

/* Not getrusage(): Linux carries ru_maxrss across execve, so it would report
 * the parent's peak whenever the parent (a Python benchmark driver, say) was
 * larger. */
long bench_peak_rss_kib(void)
{
    FILE *f = fopen("/proc/self/status", "r");
    if (!f)
        bench_die("/proc/self/status", "cannot open");
    char line[256];
    long kib = -1;
    while (fgets(line, sizeof line, f))
        if (sscanf(line, "VmHWM: %ld kB", &kib) == 1)
            break;
    fclose(f);
    if (kib < 0)
        bench_die("/proc/self/status", "no VmHWM line");
    return kib;
}

static int compare_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

void bench_sort(double *v, int n)
{
    qsort(v, (size_t)n, sizeof *v, compare_double);
}

double bench_median(double *v, int n)
{
    bench_sort(v, n);
    return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

uint64_t bench_hash_samples(uint64_t hash, const float *samples, size_t n)
{
    const unsigned char *b = (const unsigned char *)samples;
    for (size_t i = 0; i < n * sizeof *samples; i++)
        hash = (hash ^ b[i]) * 0x100000001b3ull;
    return hash;
}

typedef struct {
    double start;
    bench_speech *into;
} audio_clock;

static int on_audio(const float *samples, size_t n, void *user)
{
    audio_clock *c = user;
    if (c->into->samples == 0 && n > 0)
        c->into->first_audio = bench_seconds(CLOCK_MONOTONIC) - c->start;
    c->into->hash = bench_hash_samples(c->into->hash, samples, n);
    c->into->samples += n;
    return 0;
}

bench_speech bench_speak(inflect_synth *synth, const char *text)
{
    inflect_params params;
    inflect_params_init(&params);
    bench_speech r = {.hash = BENCH_HASH_START};
    audio_clock c = {.into = &r};
    double cpu0 = bench_seconds(CLOCK_PROCESS_CPUTIME_ID);
    c.start = bench_seconds(CLOCK_MONOTONIC);
    if (inflect_synth_speak(synth, text, strlen(text), &params, on_audio, NULL, &c) != INFLECT_OK)
        bench_die("inflect_synth_speak", inflect_synth_error(synth));
    r.wall = bench_seconds(CLOCK_MONOTONIC) - c.start;
    r.cpu = bench_seconds(CLOCK_PROCESS_CPUTIME_ID) - cpu0;
    return r;
}

double bench_ops_per_cpu_second(double (*fn)(long), double seconds)
{
    long iters = 100;
    for (;;) {
        double t0 = bench_seconds(CLOCK_THREAD_CPUTIME_ID);
        fn(iters);
        if (bench_seconds(CLOCK_THREAD_CPUTIME_ID) - t0 >= seconds / 8 || iters > (1L << 40))
            break;
        iters *= 2;
    }
    iters *= 8;
    double best = 0.0;
    for (int run = 0; run < 3; run++) {
        double t0 = bench_seconds(CLOCK_THREAD_CPUTIME_ID);
        double ops = fn(iters);
        double t = bench_seconds(CLOCK_THREAD_CPUTIME_ID) - t0;
        if (t > 0 && ops / t > best)
            best = ops / t;
    }
    return best;
}

double bench_peak_seconds(int argc, char **argv)
{
    double seconds = argc > 1 ? atof(argv[1]) : 0.3;
    if (argc > 2 || !(seconds > 0.0 && seconds <= 60.0)) {
        fprintf(stderr, "usage: %s [SECONDS] (0 < SECONDS <= 60)\n", bench_program);
        exit(EXIT_FAILURE);
    }
    return seconds;
}
