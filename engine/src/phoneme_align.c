/* Which written word each phoneme of a clause belongs to.
 *
 * Copyright (C) 2026 The Inflect authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "phoneme_align.h"

#include <stdlib.h>

#include "grow.h"

/* Beyond this many cells the alignment falls back to sharing out the clause
 * in proportion to each word's own length. */
#define ALIGN_MAX_CELLS (1u << 22)

/* Levenshtein alignment of the clause's phonemes a[0..na) with the words'
 * own phonemes b[0..nb); owner[i] becomes the piece of the b phoneme that
 * a[i] lines up with, or of the nearest earlier one for a phoneme espeak-ng
 * only says in context. Ties prefer pairing over skipping, so identical
 * stretches always pair up. */
static bool align(phoneme_align *al, const phoneme *a, size_t na, const phoneme *b, size_t nb)
{
    size_t w = nb + 1;
    if (!grow_array((void **)&al->trace, &al->trace_cap, (na + 1) * w, 1) ||
        !grow_array((void **)&al->row, &al->row_cap, 2 * w, sizeof *al->row))
        return false;
    unsigned char *tr = al->trace;
    size_t *prev = al->row, *cur = al->row + w;
    for (size_t j = 0; j <= nb; j++) {
        prev[j] = j;
        tr[j] = 2;
    }
    for (size_t i = 1; i <= na; i++) {
        cur[0] = i;
        tr[i * w] = 1;
        for (size_t j = 1; j <= nb; j++) {
            size_t diag = prev[j - 1] + (a[i - 1].id != b[j - 1].id);
            size_t up = prev[j] + 1;   /* a[i-1] has no partner */
            size_t left = cur[j - 1] + 1; /* b[j-1] has no partner */
            size_t best = diag;
            unsigned char move = 0;
            if (up < best) {
                best = up;
                move = 1;
            }
            if (left < best) {
                best = left;
                move = 2;
            }
            cur[j] = best;
            tr[i * w + j] = move;
        }
        size_t *t = prev;
        prev = cur;
        cur = t;
    }
    size_t i = na, j = nb;
    while (i > 0) {
        unsigned char move = j == 0 ? 1 : tr[i * w + j];
        if (move == 0) {
            al->owner[i - 1] = al->b_owner[j - 1];
            i--;
            j--;
        } else if (move == 1) {
            al->owner[i - 1] = -1;
            i--;
        } else {
            j--;
        }
    }
    return true;
}

bool phoneme_align_owners(phoneme_align *al, const phoneme *ph, const size_t *ends, size_t k)
{
    size_t na = ends[0];
    size_t nb = ends[k] - na;
    if (!grow_array((void **)&al->owner, &al->owner_cap, na + 1, sizeof *al->owner) ||
        !grow_array((void **)&al->b_owner, &al->b_owner_cap, nb + 1, sizeof *al->b_owner))
        return false;
    /* A clause without phonemes ("<", ">>") leaves ph NULL: no
     * pointer arithmetic on it until there is something to align. */
    if (k == 1 || na == 0 || nb == 0) {
        for (size_t i = 0; i < na; i++)
            al->owner[i] = 0;
        return true;
    }
    for (size_t p = 0; p < k; p++) {
        for (size_t j = ends[p] - na; j < ends[p + 1] - na; j++)
            al->b_owner[j] = (int)p;
    }
    if ((na + 1) * (nb + 1) > ALIGN_MAX_CELLS) {
        for (size_t i = 0; i < na; i++)
            al->owner[i] = al->b_owner[i * nb / na];
        return true;
    }
    const phoneme *a = ph, *b = ph + na;
    if (!align(al, a, na, b, nb))
        return false;
    int last = -1;
    for (size_t i = 0; i < na; i++) {
        if (al->owner[i] < 0)
            al->owner[i] = last;
        else
            last = al->owner[i];
    }
    /* Phonemes before the first paired one go to the first word that has one. */
    int first = 0;
    for (size_t i = 0; i < na; i++) {
        if (al->owner[i] >= 0) {
            first = al->owner[i];
            break;
        }
    }
    for (size_t i = 0; i < na && al->owner[i] < 0; i++)
        al->owner[i] = first;
    return true;
}

void phoneme_align_free(phoneme_align *al)
{
    free(al->owner);
    free(al->b_owner);
    free(al->trace);
    free(al->row);
    *al = (phoneme_align){0};
}
