/* A growable array's reserve step, for the engine's buffers.
 *
 * Copyright (C) 2026 The Inflect authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef INFLECT_GROW_H
#define INFLECT_GROW_H

#include <stdbool.h>
#include <stdlib.h>

/* Makes *p (*cap elements of elem bytes) hold at least `need`, doubling from
 * 64; false, with *p untouched, when out of memory. */
static inline bool grow_array(void **p, size_t *cap, size_t need, size_t elem)
{
    if (need <= *cap)
        return true;
    size_t c = *cap ? *cap : 64;
    while (c < need)
        c *= 2;
    void *q = realloc(*p, c * elem);
    if (!q)
        return false;
    *p = q;
    *cap = c;
    return true;
}

#endif
