/* A growable buffer of float samples, for callers that keep the audio a
 * synth delivers in pieces.
 *
 * Copyright (C) 2026 The Inflect authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef INFLECT_FLOAT_BUF_H
#define INFLECT_FLOAT_BUF_H

#include <stdbool.h>
#include <string.h>

#include "grow.h"

/* Zero-initialised it is empty; free(x) when done. */
typedef struct {
    float *x;
    size_t n, cap;
} float_buf;

/* Appends n samples; false, with b untouched, when out of memory. */
static inline bool float_buf_append(float_buf *b, const float *samples, size_t n)
{
    if (!grow_array((void **)&b->x, &b->cap, b->n + n, sizeof *b->x))
        return false;
    memcpy(b->x + b->n, samples, n * sizeof *samples);
    b->n += n;
    return true;
}

#endif
