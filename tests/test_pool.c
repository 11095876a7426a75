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
 * A million short runs on more threads than cores meet that window within
 * a second; a hang is reported by the alarm below.
 */
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "check.h"
#include "pool.h"
#include "sanitized.h"

/* One run. `seq` and `out` are plain memory, so that ThreadSanitizer checks
 * pool.h's promise: what the caller wrote before a run is visible to its
 * parts, and what they wrote is visible to the caller after it. */
typedef struct {
    int parts;
    long seq;                             /* the run's number, set by the caller */
    long out[INFLECT_THREADS_MAX];        /* seq, as each part saw it */
    atomic_int done[INFLECT_THREADS_MAX]; /* how often each part was done */
    atomic_int wrong;                     /* parts called with another count or out of range */
    int slow;                             /* parts on workers outlast the caller's spin */
} run;

static pthread_t caller;

static void pause_us(long us)
{
    struct timespec ts = {0, us * 1000};
    nanosleep(&ts, NULL);
}

static void do_part(void *ctx, int part, int parts)
{
    run *r = ctx;
    if (parts != r->parts || part < 0 || part >= r->parts) {
        atomic_fetch_add(&r->wrong, 1);
        return;
    }
    if (atomic_fetch_add(&r->done[part], 1) == 0)
        r->out[part] = r->seq;
    /* Now and then the caller must go to sleep for a worker's part. */
    if (r->slow && !pthread_equal(pthread_self(), caller))
        pause_us(300);
}

static void on_alarm(int sig)
{
    (void)sig;
    static const char msg[] = "pool: a run did not return within 30 s\n";
    ssize_t ignored = write(2, msg, sizeof msg - 1);
    (void)ignored;
    _exit(1);
}

/* `runs` runs on a pool of `threads`, counts cycling through 2 .. threads
 * (every run through the pool, the count rising every other run at most)
 * and three contexts in turn, so that each run differs from the one
 * before in both. Every 16,384 runs the workers are left idle long enough
 * to sleep, and once as often the caller waits long enough to sleep. */
static void check_runs(int threads, long runs)
{
    char err[128];
    pool *p = NULL;
    CHECK(pool_new(threads, &p, err, sizeof err) == INFLECT_OK, "%s", err);
    if (!p)
        return;
    static run three[3];
    long failures = 0;
    for (long i = 0; i < runs && failures < 5; i++) {
        run *r = &three[i % 3];
        r->parts = 2 + (int)(i % (threads - 1));
        r->seq = i;
        r->slow = (i & 16383) == 8191;
        /* Relaxed: the pool's hand-off publishes them, and a slower caller
         * would narrow the window this test exists to hit. */
        for (int k = 0; k < r->parts; k++)
            atomic_store_explicit(&r->done[k], 0, memory_order_relaxed);
        atomic_store_explicit(&r->wrong, 0, memory_order_relaxed);
        pool_run(p, r->parts, do_part, r);
        int once = 0;
        for (int k = 0; k < r->parts; k++)
            once += atomic_load_explicit(&r->done[k], memory_order_relaxed) == 1 && r->out[k] == i;
        int wrong = atomic_load_explicit(&r->wrong, memory_order_relaxed);
        if (once != r->parts || wrong) {
            CHECK(0, "%d threads, run %ld of %d parts: %d done once with its own context, %d called wrongly",
                  threads, i, r->parts, once, wrong);
            failures++;
        }
        if ((i & 16383) == 16383)
            pause_us(300);
    }
    pool_free(p);
}

int main(void)
{
    signal(SIGALRM, on_alarm);
    alarm(30);
    caller = pthread_self();
    long runs = SANITIZED ? 100000 : 1500000;
    for (int threads = 2; threads <= 4; threads++)
        check_runs(threads, runs);
    /* The largest pool: counts from 2 to 64 parts. */
    check_runs(INFLECT_THREADS_MAX, runs / 20);
    if (check_failures) {
        fprintf(stderr, "pool: %d checks failed\n", check_failures);
        return 1;
    }
    printf("pool: all checks passed\n");
    return 0;
}
