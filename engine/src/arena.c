/* Copyright (C) 2026 The Inflect authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "arena.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>

#define ALIGN 64u
#define BLOCK_SIZE (1u << 20)

struct arena_block {
    arena_block *next;
    size_t used, cap;
    unsigned char *data;
};

static arena_block *new_block(size_t cap)
{
    arena_block *b = malloc(sizeof *b);
    if (!b)
        return NULL;
    b->data = aligned_alloc(ALIGN, cap);
    if (!b->data) {
        free(b);
        return NULL;
    }
    b->used = 0;
    b->cap = cap;
    b->next = NULL;
    return b;
}

void *arena_alloc(arena *a, size_t bytes)
{
    if (bytes > SIZE_MAX - ALIGN)
        return NULL;
    size_t size = (bytes + ALIGN - 1) & ~(size_t)(ALIGN - 1);
    if (size == 0)
        size = ALIGN;
    arena_block *b = a->head;
    if (b && b->cap - b->used >= size) {
        void *p = b->data + b->used;
        b->used += size;
        return p;
    }
    /* Requests past a sixteenth of a block get a block of their own, linked
     * behind the current one, so the current block's free space is not
     * abandoned and no block ends with more than that much unused. */
    bool own = size > BLOCK_SIZE / 16;
    arena_block *nb = new_block(own ? size : BLOCK_SIZE);
    if (!nb)
        return NULL;
    nb->used = size;
    if (b && own) {
        nb->next = b->next;
        b->next = nb;
    } else {
        nb->next = b;
        a->head = nb;
    }
    return nb->data;
}

void arena_free(arena *a)
{
    arena_block *b = a->head;
    while (b) {
        arena_block *next = b->next;
        free(b->data);
        free(b);
        b = next;
    }
    a->head = NULL;
}
