/* bench_streams: many streams in one process, sharing one opened voice.
 *
 * Copyright (C) 2026 The Inflect authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 *   bench_streams VOICE [MAX_STREAMS [ROUNDS]]
 *
 * For 0 (the voice alone), 1, 2, 4 ... MAX_STREAMS (default 8) streams, each
 * in a fresh process so that its peak resident memory is its own: opens the
 * voice once, makes one synth per stream, and has each stream speak the
 * 59-word paragraph of bench/bench.py ROUNDS times (default 1) from its own
 * thread, all starting together. Reports peak RSS, what each stream added to
 * it over the voice alone, wall and CPU time, and throughput: seconds of
 * audio made per wall second and per CPU second. Checks that every stream
 * made the samples a single stream makes (exit status 1 otherwise).
 */
#define _POSIX_C_SOURCE 200809L
#include <inflect.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bench_measure.h"

#define MOST_STREAMS 64

const char bench_program[] = "bench_streams";

typedef struct {
    inflect_synth *synth;
    int rounds;
    pthread_barrier_t *start;
    uint64_t samples, hash; /* of the last round; hash: FNV-1a of the samples' bits */
    int failed;
} stream;

static int on_audio(const float *samples, size_t n, void *user)
{
    stream *s = user;
    s->hash = bench_hash_samples(s->hash, samples, n);
    s->samples += n;
    return 0;
}

static void *speak_rounds(void *arg)
{
    stream *s = arg;
    inflect_params params;
    inflect_params_init(&params);
    pthread_barrier_wait(s->start);
    for (int r = 0; r < s->rounds; r++) {
        s->samples = 0;
        s->hash = BENCH_HASH_START;
        if (inflect_synth_speak(s->synth, bench_paragraph, strlen(bench_paragraph), &params, on_audio, NULL, s) !=
            INFLECT_OK)
            s->failed = 1;
    }
    return NULL;
}

typedef struct {
    int streams;
    long peak_kib;
    double wall, cpu, audio;
    uint64_t hash;
    int same; /* every stream made the same samples */
} result;

/* One configuration, in the calling (child) process. */
static result measure(const char *path, int n, int rounds)
{
    result r = {.streams = n, .same = 1};
    char err[256];
    inflect_voice *voice = NULL;
    if (inflect_voice_open(path, &voice, err, sizeof err) != INFLECT_OK)
        bench_die(path, err);
    stream st[MOST_STREAMS];
    pthread_t tid[MOST_STREAMS];
    pthread_barrier_t start;
    pthread_barrier_init(&start, NULL, (unsigned)n + 1);
    for (int i = 0; i < n; i++) {
        st[i] = (stream){.rounds = rounds, .start = &start};
        if (inflect_synth_new_with(voice, NULL, &st[i].synth, err, sizeof err) != INFLECT_OK)
            bench_die("inflect_synth_new_with", err);
        if (pthread_create(&tid[i], NULL, speak_rounds, &st[i]) != 0)
            bench_die("pthread_create", "failed");
    }
    double cpu0 = bench_seconds(CLOCK_PROCESS_CPUTIME_ID), wall0 = bench_seconds(CLOCK_MONOTONIC);
    if (n > 0)
        pthread_barrier_wait(&start);
    for (int i = 0; i < n; i++)
        pthread_join(tid[i], NULL);
    r.wall = bench_seconds(CLOCK_MONOTONIC) - wall0;
    r.cpu = bench_seconds(CLOCK_PROCESS_CPUTIME_ID) - cpu0;
    for (int i = 0; i < n; i++) {
        if (st[i].failed)
            bench_die("inflect_synth_speak", inflect_synth_error(st[i].synth));
        r.audio += (double)st[i].samples * rounds / inflect_voice_sample_rate(voice);
        r.same &= st[i].hash == st[0].hash && st[i].samples == st[0].samples;
        r.hash = st[0].hash;
        inflect_synth_free(st[i].synth);
    }
    r.peak_kib = bench_peak_rss_kib();
    pthread_barrier_destroy(&start);
    inflect_voice_close(voice);
    return r;
}

int main(int argc, char **argv)
{
    if (argc < 2 || argc > 4) {
        fputs("usage: bench_streams VOICE [MAX_STREAMS [ROUNDS]]\n", stderr);
        return EXIT_FAILURE;
    }
    int most = argc > 2 ? atoi(argv[2]) : 8, rounds = argc > 3 ? atoi(argv[3]) : 1;
    if (most < 1 || most > MOST_STREAMS)
        bench_die("MAX_STREAMS", "must be 1..64");
    if (rounds < 1 || rounds > 100)
        bench_die("ROUNDS", "must be 1..100");

    int counts[16], n_counts = 0;
    counts[n_counts++] = 0;
    for (int n = 1; n <= most; n *= 2)
        counts[n_counts++] = n;
    if (counts[n_counts - 1] != most)
        counts[n_counts++] = most;

    result res[16];
    for (int c = 0; c < n_counts; c++) {
        int fd[2];
        if (pipe(fd) != 0)
            bench_die("pipe", "failed");
        fflush(stdout);
        pid_t pid = fork();
        if (pid < 0)
            bench_die("fork", "failed");
        if (pid == 0) {
            close(fd[0]);
            result r = measure(argv[1], counts[c], rounds);
            _exit(write(fd[1], &r, sizeof r) == (ssize_t)sizeof r ? 0 : 1);
        }
        close(fd[1]);
        ssize_t got = read(fd[0], &res[c], sizeof res[c]);
        close(fd[0]);
        int status;
        waitpid(pid, &status, 0);
        if (got != (ssize_t)sizeof res[c] || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
            bench_die("child", "failed");
    }

    int same = 1;
    for (int c = 1; c < n_counts; c++)
        same &= res[c].same && res[c].hash == res[1].hash;
    printf("Voice %s, %d round(s) of the 59-word paragraph per stream; every stream made the same samples as "
           "one stream alone: %s.\n\n", argv[1], rounds, same ? "yes" : "NO");
    printf("| streams | peak RSS (MiB) | added per stream (MiB) | wall (s) | CPU (s) | audio s per wall s "
           "| audio s per CPU s |\n|---:|---:|---:|---:|---:|---:|---:|\n");
    for (int c = 0; c < n_counts; c++) {
        const result *r = &res[c];
        if (r->streams == 0) {
            printf("| 0 (voice open) | %.1f | | | | | |\n", r->peak_kib / 1024.0);
            continue;
        }
        printf("| %d | %.1f | %.2f | %.2f | %.2f | %.1f | %.1f |\n", r->streams, r->peak_kib / 1024.0,
               (r->peak_kib - res[0].peak_kib) / 1024.0 / r->streams, r->wall, r->cpu, r->audio / r->wall,
               r->audio / r->cpu);
    }
    return same ? EXIT_SUCCESS : EXIT_FAILURE;
}
