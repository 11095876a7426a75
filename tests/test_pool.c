/* The worker pool (engine/src/pool.c) under back-to-back runs whose part
 * counts and contexts change from one run to the next, as a synth's layers
 * do: every part of every run is done exactly once, with that run's count
 * and context, and every run returns.
 *
 * Copyright (C) 2026 The Inflect authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Until the part count moved into the pool's state word, a worker slow to
 * read a run could take the next run's larger count for this run's, claim
 * a part that did not exist and run the next task before its hand-off: one
 * run in about 100,000 on two busy cores either crashed or never returned.
 * Hundreds of thousands of short runs on more threads than cores meet that
 * window within a second; a hang is reported by the alarm below.
 */
#define _POSIX_C_SOURCE 200809L
#include <signal.h>
#include <stdatomic.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "pool.h"
#include "sanitized.h"

/* One run: its part count, and how often each part was done. */
typedef struct {
    int parts;
    atomic_int done[INFLECT_THREADS_MAX];
    atomic_int wrong; /* parts called with another count or out of range */
} run;

static void do_part(void *ctx, int part, int parts)
{
    run *r = ctx;
    if (parts != r->parts || part < 0 || part >= r->parts) {
        atomic_fetch_add(&r->wrong, 1);
        return;
    }
    atomic_fetch_add(&r->done[part], 1);
}

static void on_alarm(int sig)
{
    (void)sig;
    static const char msg[] = "pool: a run did not return within 30 s\n";
    ssize_t ignored = write(2, msg, sizeof msg - 1);
    (void)ignored;
    _exit(1);
}

/* `runs` runs on a pool of `threads`, counts cycling through 1 .. threads
 * and contexts alternating between two, so that each run differs from the
 * one before in both. */
static void check_runs(int threads, long runs)
{
    char err[128];
    pool *p = NULL;
    CHECK(pool_new(threads, &p, err, sizeof err) == INFLECT_OK, "%s", err);
    if (!p)
        return;
    static run two[2];
    long failures = 0;
    for (long i = 0; i < runs && failures < 5; i++) {
        run *r = &two[i & 1];
        r->parts = 1 + (int)(i % threads);
        for (int k = 0; k < INFLECT_THREADS_MAX; k++)
            atomic_store(&r->done[k], 0);
        atomic_store(&r->wrong, 0);
        pool_run(p, r->parts, do_part, r);
        int once = 0;
        for (int k = 0; k < r->parts; k++)
            once += atomic_load(&r->done[k]) == 1;
        if (once != r->parts || atomic_load(&r->wrong)) {
            CHECK(0, "%d threads, run %ld of %d parts: %d done once, %d called wrongly", threads, i, r->parts, once,
                  atomic_load(&r->wrong));
            failures++;
        }
    }
    pool_free(p);
}

int main(void)
{
    signal(SIGALRM, on_alarm);
    alarm(30);
    long runs = SANITIZED ? 20000 : 1500000;
    for (int threads = 2; threads <= 4; threads++)
        check_runs(threads, runs);
    /* The largest pool: counts from 1 to 64 parts. */
    check_runs(INFLECT_THREADS_MAX, runs / 20);
    if (check_failures) {
        fprintf(stderr, "pool: %d checks failed\n", check_failures);
        return 1;
    }
    printf("pool: all checks passed\n");
    return 0;
}
