/* bench_measure: what the benchmark programs measure with, kept in one place
 * so that every program times, hashes and reports a run the same way.
 *
 * Copyright (C) 2026 The Inflect authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef INFLECT_BENCH_MEASURE_H
#define INFLECT_BENCH_MEASURE_H

#include <inflect.h>
#include <stdint.h>
#include <time.h>

/* The name bench_die() prints; each program defines it. */
extern const char bench_program[];

/* bench/bench.py's texts: a 10-word sentence and a 59-word paragraph. */
extern const char bench_sentence[];
extern const char bench_paragraph[];

/* Seconds on CLOCK (CLOCK_MONOTONIC, CLOCK_PROCESS_CPUTIME_ID, ...). */
double bench_seconds(clockid_t clock);

/* Prints "PROGRAM: WHAT: MSG" and exits with a failure status. */
_Noreturn void bench_die(const char *what, const char *msg);

/* Peak resident set of this process image (VmHWM), KiB. */
long bench_peak_rss_kib(void);

/* Operations per CPU second of FN(iters), which runs a loop iters times and
 * returns the operations it did: the best of three runs of about SECONDS
 * each on this thread's CPU clock, the loop length found by doubling from a
 * short run (fma_peak and madd_peak, which must measure the same way). */
double bench_ops_per_cpu_second(double (*fn)(long), double seconds);

/* The one argument of fma_peak and madd_peak, the SECONDS each of those
 * runs lasts: 0.3 when absent; anything but 0 < SECONDS <= 60 prints the
 * usage and exits with a failure status. */
double bench_peak_seconds(int argc, char **argv);

/* Sorts V ascending; the median of V (sorted in place). */
void bench_sort(double *v, int n);
double bench_median(double *v, int n);

/* FNV-1a over the samples' bits, continuing from HASH: the runs that ought
 * to make the same audio are checked to the bit. */
#define BENCH_HASH_START 0xcbf29ce484222325ull
uint64_t bench_hash_samples(uint64_t hash, const float *samples, size_t n);

/* One inflect_synth_speak() call with default parameters: the time from the
 * call to the first audio callback, wall and process CPU time of the call,
 * and the samples made and their hash. Dies if the call fails. */
typedef struct {
    double first_audio, wall, cpu;
    uint64_t samples, hash;
} bench_speech;

bench_speech bench_speak(inflect_synth *synth, const char *text);

#endif
