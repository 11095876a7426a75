/* The worker pool (pool.h): pthreads, atomics for the hand-offs, a mutex
 * and condition variables only for sleeping.
 *
 * Copyright (C) 2026 The Inflect authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Each run bumps `generation`; every worker takes part in every run (those
 * past `parts` only check in), so no worker can still be reading one run's
 * task while the caller writes the next. Sleeping is the Dekker pattern: a
 * sleeper announces itself (sleepers, caller_sleeping) and then re-checks
 * the condition under the mutex, while the waker changes the condition and
 * then looks for sleepers, all sequentially consistent, so one of the two
 * always sees the other.
 */
#define _POSIX_C_SOURCE 200809L
#include "pool.h"

#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdbool.h>
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

typedef struct {
    pool *p;
    int index; /* its part: 1 .. threads-1 */
} worker;

struct pool {
    int threads;
    pthread_t *ids;
    worker *workers;
    int started;
    pthread_mutex_t lock;
    pthread_cond_t wake, done;
    atomic_uint generation;
    atomic_int pending;         /* workers yet to check in for this run */
    atomic_int sleepers;        /* workers waiting on `wake` */
    atomic_int caller_sleeping; /* the caller waits on `done` */
    atomic_bool stop;
    /* This run, written before `generation` moves. */
    pool_task task;
    void *ctx;
    int parts;
};

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

/* Spins until `generation` differs from seen; false when it gave up. */
static bool spin_for_generation(const pool *p, unsigned seen)
{
    long long start = 0;
    bool yielding = false;
    for (unsigned i = 0;; i++) {
        if (atomic_load_explicit(&p->generation, memory_order_acquire) != seen)
            return true;
        if (!keep_spinning(i, &start, &yielding))
            return false;
    }
}

static bool spin_for_done(const pool *p)
{
    long long start = 0;
    bool yielding = false;
    for (unsigned i = 0;; i++) {
        if (atomic_load_explicit(&p->pending, memory_order_acquire) == 0)
            return true;
        if (!keep_spinning(i, &start, &yielding))
            return false;
    }
}

static void *worker_main(void *arg)
{
    worker *w = arg;
    pool *p = w->p;
    unsigned seen = 0;
    for (;;) {
        if (!spin_for_generation(p, seen)) {
            pthread_mutex_lock(&p->lock);
            atomic_fetch_add(&p->sleepers, 1);
            while (atomic_load(&p->generation) == seen)
                pthread_cond_wait(&p->wake, &p->lock);
            atomic_fetch_sub(&p->sleepers, 1);
            pthread_mutex_unlock(&p->lock);
        }
        seen = atomic_load_explicit(&p->generation, memory_order_acquire);
        if (atomic_load(&p->stop))
            return NULL;
        if (w->index < p->parts)
            p->task(p->ctx, w->index, p->parts);
        /* The last to check in wakes the caller if it went to sleep. */
        if (atomic_fetch_sub(&p->pending, 1) == 1 && atomic_load(&p->caller_sleeping)) {
            pthread_mutex_lock(&p->lock);
            pthread_cond_signal(&p->done);
            pthread_mutex_unlock(&p->lock);
        }
    }
}

/* Moves `generation` on and wakes any sleeping worker. */
static void hand_off(pool *p)
{
    atomic_fetch_add(&p->generation, 1);
    if (atomic_load(&p->sleepers) > 0) {
        pthread_mutex_lock(&p->lock);
        pthread_cond_broadcast(&p->wake);
        pthread_mutex_unlock(&p->lock);
    }
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
    p->workers = calloc((size_t)threads, sizeof *p->workers);
    if (!p->ids || !p->workers) {
        free(p->ids);
        free(p->workers);
        free(p);
        return fail(err, err_size, INFLECT_ERR_NO_MEMORY, "out of memory creating %d threads", threads);
    }
    pthread_mutex_init(&p->lock, NULL);
    pthread_cond_init(&p->wake, NULL);
    pthread_cond_init(&p->done, NULL);
    atomic_init(&p->generation, 0);
    atomic_init(&p->pending, 0);
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
        p->workers[i] = (worker){p, i};
        rc = pthread_create(&p->ids[i], NULL, worker_main, &p->workers[i]);
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
    hand_off(p);
    for (int i = 1; i <= p->started; i++)
        pthread_join(p->ids[i], NULL);
    pthread_cond_destroy(&p->done);
    pthread_cond_destroy(&p->wake);
    pthread_mutex_destroy(&p->lock);
    free(p->ids);
    free(p->workers);
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
    p->parts = parts;
    atomic_store(&p->pending, p->threads - 1);
    hand_off(p);
    task(ctx, 0, parts);
    if (spin_for_done(p))
        return;
    pthread_mutex_lock(&p->lock);
    atomic_store(&p->caller_sleeping, 1);
    while (atomic_load(&p->pending) != 0)
        pthread_cond_wait(&p->done, &p->lock);
    atomic_store(&p->caller_sleeping, 0);
    pthread_mutex_unlock(&p->lock);
}
