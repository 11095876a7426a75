/* The worker pool (pool.h): pthreads, atomics for the hand-offs, a mutex
 * and condition variables only for sleeping.
 *
 * Copyright (C) 2026 The Inflect authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Parts are claimed, not assigned: `state` holds the run's generation
 * (high 32 bits), its number of parts (next 16) and its next unclaimed
 * part (low 16), and every thread, the caller included, claims parts by
 * compare-and-swap until none is left. A worker that the scheduler keeps
 * off its core (other programs, other synths' threads) therefore delays
 * nothing: the caller does its part as well, and waits only for parts
 * already under way.
 *
 * The part count lives in the same word as the generation because the
 * caller writes the next run's task before it moves the generation on: a
 * claimer that read the count from anywhere else could pair this run's
 * generation with the next run's count, claim a part this run does not
 * have, and run the next task before its hand-off (it did, as a rare
 * hang and crash with 3 threads when runs of 2 and 3 parts alternated).
 * A claim succeeds only while its run is the current one and the part
 * exists and is unclaimed, so the caller is still waiting for that part:
 * the task and context the claimer reads after its claim are that run's.
 *
 * Sleeping is the Dekker pattern: a sleeper announces itself (sleepers,
 * caller_sleeping) and then re-checks the condition under the mutex, while
 * the waker changes the condition and then looks for sleepers, all
 * sequentially consistent, so one of the two always sees the other.
 */
#define _POSIX_C_SOURCE 200809L
#include "pool.h"

#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "errors.h"

/* How long a thread spins for the next hand-off before it sleeps: longer
 * than the gaps between the runs of one chunk or utterance, far shorter
 * than a human notices a busy core. After YIELD_NS it spins by yielding
 * the core: when there are more runnable threads than cores (other
 * programs, or many synths with threads each), the thread it waits for may
 * be waiting for this very core. */
#define SPIN_NS 200000
#define YIELD_NS 20000

struct pool {
    int threads;
    pthread_t *ids;
    int started;
    pthread_mutex_t lock;
    pthread_cond_t wake, done;
    _Atomic uint64_t state;     /* generation << 32 | parts << 16 | next unclaimed part */
    atomic_int finished;        /* parts of this run done */
    atomic_int sleepers;        /* workers waiting on `wake` */
    atomic_int caller_sleeping; /* the caller waits on `done` */
    atomic_bool stop;
    /* This run's task, stored before `state` moves on to it and read only
     * by a thread holding one of its parts. */
    pool_task task;
    void *ctx;
};

_Static_assert(INFLECT_THREADS_MAX < 1 << 16, "a run's part count and next part are 16 bits in `state`");

static uint32_t generation_of(uint64_t state) { return (uint32_t)(state >> 32); }
static int parts_of(uint64_t state) { return (int)(uint16_t)(state >> 16); }
static int next_part_of(uint64_t state) { return (int)(uint16_t)state; }

static inline void relax(void)
{
#if (defined(__x86_64__) || defined(__i386__)) && defined(__GNUC__)
    __builtin_ia32_pause();
#elif defined(__aarch64__) && defined(__GNUC__)
    __asm__ __volatile__("yield");
#endif
}

static long long now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/* Paces one spin loop: true while it should go on, after a pause or a
 * yield; *start is 0 before the first call. Time is read every 64 turns. */
static bool keep_spinning(unsigned i, long long *start, bool *yielding)
{
    if (*yielding)
        sched_yield();
    else
        relax();
    if ((i & 63) != 63)
        return true;
    long long t = now_ns();
    if (!*start)
        *start = t;
    *yielding = t - *start > YIELD_NS;
    return t - *start < SPIN_NS;
}

/* Spins until the generation differs from seen; false when it gave up. */
static bool spin_for_generation(const pool *p, uint32_t seen)
{
    long long start = 0;
    bool yielding = false;
    for (unsigned i = 0;; i++) {
        if (generation_of(atomic_load_explicit(&p->state, memory_order_acquire)) != seen)
            return true;
        if (!keep_spinning(i, &start, &yielding))
            return false;
    }
}

static bool spin_for_done(const pool *p, int parts)
{
    long long start = 0;
    bool yielding = false;
    for (unsigned i = 0;; i++) {
        if (atomic_load_explicit(&p->finished, memory_order_acquire) == parts)
            return true;
        if (!keep_spinning(i, &start, &yielding))
            return false;
    }
}

/* Claims and runs parts of run `gen` until none is left (or that run is
 * over). */
static void run_parts(pool *p, uint32_t gen)
{
    uint64_t s = atomic_load_explicit(&p->state, memory_order_acquire);
    for (;;) {
        if (generation_of(s) != gen || next_part_of(s) >= parts_of(s))
            return;
        if (!atomic_compare_exchange_weak_explicit(&p->state, &s, s + 1, memory_order_acq_rel,
                                                   memory_order_acquire))
            continue;
        int parts = parts_of(s);
        p->task(p->ctx, next_part_of(s), parts);
        /* The last part done wakes the caller if it went to sleep. */
        if (atomic_fetch_add(&p->finished, 1) + 1 == parts && atomic_load(&p->caller_sleeping)) {
            pthread_mutex_lock(&p->lock);
            pthread_cond_signal(&p->done);
            pthread_mutex_unlock(&p->lock);
        }
        s = atomic_load_explicit(&p->state, memory_order_acquire);
    }
}

static void *worker_main(void *arg)
{
    pool *p = arg;
    uint32_t seen = 0;
    for (;;) {
        if (!spin_for_generation(p, seen)) {
            pthread_mutex_lock(&p->lock);
            atomic_fetch_add(&p->sleepers, 1);
            while (generation_of(atomic_load(&p->state)) == seen)
                pthread_cond_wait(&p->wake, &p->lock);
            atomic_fetch_sub(&p->sleepers, 1);
            pthread_mutex_unlock(&p->lock);
        }
        seen = generation_of(atomic_load_explicit(&p->state, memory_order_acquire));
        if (atomic_load(&p->stop))
            return NULL;
        run_parts(p, seen);
    }
}

/* Starts the next generation, of `parts` parts with none claimed, and
 * wakes any sleeping worker; returns the new generation. */
static uint32_t hand_off(pool *p, int parts)
{
    uint32_t gen = generation_of(atomic_load_explicit(&p->state, memory_order_relaxed)) + 1;
    atomic_store(&p->state, (uint64_t)gen << 32 | (uint64_t)parts << 16);
    if (atomic_load(&p->sleepers) > 0) {
        pthread_mutex_lock(&p->lock);
        pthread_cond_broadcast(&p->wake);
        pthread_mutex_unlock(&p->lock);
    }
    return gen;
}

inflect_status pool_new(int threads, pool **out, char *err, size_t err_size)
{
    *out = NULL;
    if (threads < 1 || threads > INFLECT_THREADS_MAX)
        return fail(err, err_size, INFLECT_ERR_INVALID_ARGUMENT, "threads %d outside 1..%d", threads,
                    INFLECT_THREADS_MAX);
    if (threads == 1)
        return INFLECT_OK;
    pool *p = calloc(1, sizeof *p);
    if (!p)
        return fail(err, err_size, INFLECT_ERR_NO_MEMORY, "out of memory creating %d threads", threads);
    p->threads = threads;
    p->ids = calloc((size_t)threads, sizeof *p->ids);
    if (!p->ids) {
        free(p);
        return fail(err, err_size, INFLECT_ERR_NO_MEMORY, "out of memory creating %d threads", threads);
    }
    pthread_mutex_init(&p->lock, NULL);
    pthread_cond_init(&p->wake, NULL);
    pthread_cond_init(&p->done, NULL);
    atomic_init(&p->state, 0);
    atomic_init(&p->finished, 0);
    atomic_init(&p->sleepers, 0);
    atomic_init(&p->caller_sleeping, 0);
    atomic_init(&p->stop, false);
    /* Workers start with every signal blocked, so the application's
     * handlers keep running on the application's own threads. */
    sigset_t all, old;
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &old);
    int rc = 0;
    for (int i = 1; i < threads && rc == 0; i++) {
        rc = pthread_create(&p->ids[i], NULL, worker_main, p);
        if (rc == 0)
            p->started = i;
    }
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    if (rc != 0) {
        pool_free(p);
        return fail(err, err_size, INFLECT_ERR_NO_MEMORY, "cannot start %d threads: %s", threads, strerror(rc));
    }
    *out = p;
    return INFLECT_OK;
}

void pool_free(pool *p)
{
    if (!p)
        return;
    atomic_store(&p->stop, true);
    (void)hand_off(p, 0);
    for (int i = 1; i <= p->started; i++)
        pthread_join(p->ids[i], NULL);
    pthread_cond_destroy(&p->done);
    pthread_cond_destroy(&p->wake);
    pthread_mutex_destroy(&p->lock);
    free(p->ids);
    free(p);
}

int pool_threads(const pool *p)
{
    return p ? p->threads : 1;
}

void pool_run(pool *p, int parts, pool_task task, void *ctx)
{
    int most = pool_threads(p);
    if (parts > most)
        parts = most;
    if (parts <= 1) {
        task(ctx, 0, 1);
        return;
    }
    p->task = task;
    p->ctx = ctx;
    atomic_store_explicit(&p->finished, 0, memory_order_relaxed);
    run_parts(p, hand_off(p, parts));
    if (spin_for_done(p, parts))
        return;
    pthread_mutex_lock(&p->lock);
    atomic_store(&p->caller_sleeping, 1);
    while (atomic_load(&p->finished) != parts)
        pthread_cond_wait(&p->done, &p->lock);
    atomic_store(&p->caller_sleeping, 0);
    pthread_mutex_unlock(&p->lock);
}
