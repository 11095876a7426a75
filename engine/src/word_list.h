/* Whether a word is one of a list's: the lookup the English normaliser and
 * its readers (capitals_en.c) make of their short word lists.
 *
 * Copyright (C) 2026 The Inflect authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef INFLECT_WORD_LIST_H
#define INFLECT_WORD_LIST_H

#include <stdbool.h>
#include <stddef.h>
#include <string.h>

/* Whether w[0..n) is one of the `count` words of `list`. */
static inline bool word_in(const char *w, size_t n, const char *const *list, size_t count)
{
    for (size_t i = 0; i < count; i++)
        if (strlen(list[i]) == n && memcmp(w, list[i], n) == 0)
            return true;
    return false;
}

/* word_in() over a list declared as an array. */
#define WORD_IN(w, n, list) word_in((w), (n), (list), sizeof(list) / sizeof *(list))

#endif
