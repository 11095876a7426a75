/* A small persistent pool of worker threads, one per synth, for splitting
 * one layer's work into parts that run at the same time.
 *
 * Copyright (C) 2026 The Inflect authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The synth's own thread works in every run, so a pool of N threads
 * starts N - 1 workers. A vocoder chunk is about a hundred runs of well under
 * a millisecond each, so starting threads per run, or waking sleeping ones
 * through the kernel each time, would cost as much as it saves: workers
 * spin briefly for the next run, and sleep only when none comes (between
 * utterances, or while the audio callback blocks).
 *
 * A NULL pool is a pool of one: pool_run calls the task on the caller's
 * thread, so code written for the pool runs unchanged without one.
 */
#ifndef INFLECT_POOL_H
#define INFLECT_POOL_H

#include <stddef.h>

#include "inflect.h"

typedef struct pool pool;

/* Part `part` of `parts` of one run. Tasks cannot fail: whatever can
 * (allocation, cancellation) is decided by the caller between runs. */
typedef void (*pool_task)(void *ctx, int part, int parts);

/* A pool of `threads` (1 .. INFLECT_THREADS_MAX); 1 gives *out = NULL. */
inflect_status pool_new(int threads, pool **out, char *err, size_t err_size);
/* Stops and joins the workers. NULL is a no-op. */
void pool_free(pool *p);

/* Threads in the pool: 1 for NULL. */
int pool_threads(const pool *p);

/* Runs task(ctx, i, parts) once for each i in 0 .. parts-1, on whichever
 * thread (the calling one included) claims it first, and returns when all
 * have finished; parts is clamped to 1 .. pool_threads(p). Everything the
 * caller wrote before is visible to the tasks, and everything they wrote
 * is visible to it after. One caller at a time (the synth's thread). */
void pool_run(pool *p, int parts, pool_task task, void *ctx);

#endif
