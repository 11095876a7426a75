/* bench_threads: what threads of one synth (inflect_synth_options.threads)
 * buy one utterance, through the public API.
 *
 * Copyright (C) 2026 The Inflect authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 *   bench_threads VOICE [MAX_THREADS [REPEATS]]
 *
 * For 1 .. MAX_THREADS (default 2) threads: first audio and wall time of a
 * 10-word sentence, one utterance (the call to the first audio callback,
 * and to its return), and wall and CPU time of a 59-word paragraph
 * (bench/bench.py's texts), medians of REPEATS (default
 * 5) after a warm-up call. The thread counts take turns within each repeat,
 * so a change in the machine's load reaches all of them alike. Checks that
 * every count makes the same samples as one thread, and prints a markdown
 * table with the speed-ups over one thread. Run it on idle cores
 * (/work/wt/quiet.sh pauses the training jobs): a second thread helps only
 * where a second core is free.
 */
#include <inflect.h>
#include <stdio.h>
#include <stdlib.h>

#include "bench_measure.h"

#define MAX_THREADS 16
#define MAX_REPEATS 99

const char bench_program[] = "bench_threads";

int main(int argc, char **argv)
{
    if (argc < 2 || argc > 4) {
        fputs("usage: bench_threads VOICE [MAX_THREADS [REPEATS]]\n", stderr);
        return EXIT_FAILURE;
    }
    int max_threads = argc > 2 ? atoi(argv[2]) : 2, repeats = argc > 3 ? atoi(argv[3]) : 5;
    if (max_threads < 1 || max_threads > MAX_THREADS)
        bench_die("MAX_THREADS", "must be 1..16");
    if (repeats < 1 || repeats > MAX_REPEATS)
        bench_die("REPEATS", "must be 1..99");

    char err[256];
    inflect_voice *voice = NULL;
    if (inflect_voice_open(argv[1], &voice, err, sizeof err) != INFLECT_OK)
        bench_die(argv[1], err);
    inflect_synth *synth[MAX_THREADS];
    for (int t = 0; t < max_threads; t++) {
        inflect_synth_options o;
        inflect_synth_options_init(&o);
        o.threads = t + 1;
        if (inflect_synth_new_with(voice, &o, &synth[t], err, sizeof err) != INFLECT_OK)
            bench_die("inflect_synth_new_with", err);
        bench_speak(synth[t], bench_sentence); /* warm-up: espeak-ng, the speakers' pitch means */
    }

    static double first[MAX_THREADS][MAX_REPEATS], once[MAX_THREADS][MAX_REPEATS], wall[MAX_THREADS][MAX_REPEATS],
        cpu[MAX_THREADS][MAX_REPEATS];
    bench_speech ref_sentence = bench_speak(synth[0], bench_sentence),
                 ref_paragraph = bench_speak(synth[0], bench_paragraph);
    int same = 1;
    for (int r = 0; r < repeats; r++)
        for (int t = 0; t < max_threads; t++) {
            bench_speech s = bench_speak(synth[t], bench_sentence), p = bench_speak(synth[t], bench_paragraph);
            first[t][r] = s.first_audio;
            once[t][r] = s.wall;
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
    printf("| threads | first audio, sentence (ms) | sentence wall (ms) | paragraph wall (ms) | paragraph CPU (ms) "
           "| real-time factor | speed-up, first audio / sentence / paragraph |\n|---:|---:|---:|---:|---:|---:|---:|\n");
    double first1 = 0, once1 = 0, wall1 = 0;
    for (int t = 0; t < max_threads; t++) {
        double f = bench_median(first[t], repeats), o = bench_median(once[t], repeats),
               w = bench_median(wall[t], repeats), c = bench_median(cpu[t], repeats);
        if (t == 0) {
            first1 = f;
            once1 = o;
            wall1 = w;
        }
        printf("| %d | %.1f | %.0f | %.0f | %.0f | %.3f | %.2f / %.2f / %.2f |\n", t + 1, 1e3 * f, 1e3 * o, 1e3 * w,
               1e3 * c, w / audio, first1 / f, once1 / o, wall1 / w);
    }
    for (int t = 0; t < max_threads; t++)
        inflect_synth_free(synth[t]);
    inflect_voice_close(voice);
    return same ? EXIT_SUCCESS : EXIT_FAILURE;
}
