/* Bump allocator that frees everything at once: a voice's weights live
 * exactly as long as the voice.
 *
 * Copyright (C) 2026 The Inflect authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef INFLECT_ARENA_H
#define INFLECT_ARENA_H

#include <stddef.h>

typedef struct arena_block arena_block;

typedef struct {
    arena_block *head;
} arena;

/* 64-byte aligned (a cache line, and any SIMD load), uninitialised; NULL when
 * out of memory. */
void *arena_alloc(arena *a, size_t bytes);
void arena_free(arena *a);

#endif
