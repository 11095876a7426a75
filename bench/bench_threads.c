/* bench_threads: what threads of one synth (inflect_synth_options.threads)
 * buy one utterance, through the public API.
 *
 * Copyright (C) 2026 The Inflect authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 *   bench_threads VOICE [MAX_THREADS [REPEATS]]
 *
 * For 1 .. MAX_THREADS (default 2) threads: first audio of a 10-word
 * sentence (the call to the first audio callback) and wall and CPU time of
 * a 59-word paragraph (bench/bench.py's texts), medians of REPEATS (default
 * 5) after a warm-up call. The thread counts take turns within each repeat,
 * so a change in the machine's load reaches all of them alike. Checks that
 * every count makes the same samples as one thread, and prints a markdown
 * table with the speed-ups over one thread. Run it on idle cores
 * (/work/wt/quiet.sh pauses the training jobs): a second thread helps only
 * where a second core is free.
 */
#include <inflect.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define MAX_THREADS 16
#define MAX_REPEATS 99

static const char sentence[] = "Please turn left at the next corner and keep going.";
static const char paragraph[] =
    "The lighthouse keeper climbed the narrow stairs every evening, just before the sun went down. "
    "He trimmed the wick, polished the heavy glass, and wrote a short note in his logbook. "
    "Most nights were quiet, but during the winter storms the ships relied on his light to find "
    "the harbor. He never missed a single night in thirty years.";

static double seconds(clockid_t clock)
{
    struct timespec ts;
    clock_gettime(clock, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static void die(const char *what, const char *msg)
{
    fprintf(stderr, "bench_threads: %s: %s\n", what, msg);
    exit(EXIT_FAILURE);
}

typedef struct {
    double start, first_audio;
    uint64_t samples;
    uint64_t hash; /* FNV-1a of the samples' bits */
} audio_clock;

static int on_audio(const float *samples, size_t n, void *user)
{
    audio_clock *c = user;
    if (c->samples == 0 && n > 0)
        c->first_audio = seconds(CLOCK_MONOTONIC) - c->start;
    const unsigned char *b = (const unsigned char *)samples;
    for (size_t i = 0; i < n * sizeof *samples; i++)
        c->hash = (c->hash ^ b[i]) * 0x100000001b3ull;
    c->samples += n;
    return 0;
}

typedef struct {
    double first_audio, wall, cpu;
    uint64_t samples, hash;
} run;

static run speak(inflect_synth *synth, const char *text)
{
    inflect_params params;
    inflect_params_init(&params);
    audio_clock c = {.hash = 0xcbf29ce484222325ull};
    double cpu0 = seconds(CLOCK_PROCESS_CPUTIME_ID);
    c.start = seconds(CLOCK_MONOTONIC);
    if (inflect_synth_speak(synth, text, strlen(text), &params, on_audio, NULL, &c) != INFLECT_OK)
        die("inflect_synth_speak", inflect_synth_error(synth));
    run r = {c.first_audio, seconds(CLOCK_MONOTONIC) - c.start, seconds(CLOCK_PROCESS_CPUTIME_ID) - cpu0, c.samples,
             c.hash};
    return r;
}

static int compare_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double median(double *v, int n)
{
    qsort(v, (size_t)n, sizeof *v, compare_double);
    return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

int main(int argc, char **argv)
{
    if (argc < 2 || argc > 4) {
        fputs("usage: bench_threads VOICE [MAX_THREADS [REPEATS]]\n", stderr);
        return EXIT_FAILURE;
    }
    int max_threads = argc > 2 ? atoi(argv[2]) : 2, repeats = argc > 3 ? atoi(argv[3]) : 5;
    if (max_threads < 1 || max_threads > MAX_THREADS)
        die("MAX_THREADS", "must be 1..16");
    if (repeats < 1 || repeats > MAX_REPEATS)
        die("REPEATS", "must be 1..99");

    char err[256];
    inflect_voice *voice = NULL;
    if (inflect_voice_open(argv[1], &voice, err, sizeof err) != INFLECT_OK)
        die(argv[1], err);
    inflect_synth *synth[MAX_THREADS];
    for (int t = 0; t < max_threads; t++) {
        inflect_synth_options o;
        inflect_synth_options_init(&o);
        o.threads = t + 1;
        if (inflect_synth_new_with(voice, &o, &synth[t], err, sizeof err) != INFLECT_OK)
            die("inflect_synth_new_with", err);
        speak(synth[t], sentence); /* warm-up: espeak-ng, the speakers' pitch means */
    }

    static double first[MAX_THREADS][MAX_REPEATS], wall[MAX_THREADS][MAX_REPEATS], cpu[MAX_THREADS][MAX_REPEATS];
    run ref_sentence = speak(synth[0], sentence), ref_paragraph = speak(synth[0], paragraph);
    int same = 1;
    for (int r = 0; r < repeats; r++)
        for (int t = 0; t < max_threads; t++) {
            run s = speak(synth[t], sentence), p = speak(synth[t], paragraph);
            first[t][r] = s.first_audio;
            wall[t][r] = p.wall;
            cpu[t][r] = p.cpu;
            if (s.hash != ref_sentence.hash || p.hash != ref_paragraph.hash || p.samples != ref_paragraph.samples) {
                fprintf(stderr, "bench_threads: %d threads made other samples than one thread\n", t + 1);
                same = 0;
            }
        }

    double rate = inflect_voice_sample_rate(voice), audio = (double)ref_paragraph.samples / rate;
    printf("Voice %s, paragraph %.2f s of audio, medians of %d runs; the same samples at every thread count: %s.\n\n",
           inflect_voice_name(voice), audio, repeats, same ? "yes" : "NO");
    printf("| threads | first audio, sentence (ms) | paragraph wall (ms) | paragraph CPU (ms) | real-time factor "
           "| speed-up, first audio / wall |\n|---:|---:|---:|---:|---:|---:|\n");
    double first1 = 0, wall1 = 0;
    for (int t = 0; t < max_threads; t++) {
        double f = median(first[t], repeats), w = median(wall[t], repeats), c = median(cpu[t], repeats);
        if (t == 0) {
            first1 = f;
            wall1 = w;
        }
        printf("| %d | %.1f | %.0f | %.0f | %.3f | %.2f / %.2f |\n", t + 1, 1e3 * f, 1e3 * w, 1e3 * c, w / audio,
               first1 / f, wall1 / w);
    }
    for (int t = 0; t < max_threads; t++)
        inflect_synth_free(synth[t]);
    inflect_voice_close(voice);
    return same ? EXIT_SUCCESS : EXIT_FAILURE;
}
