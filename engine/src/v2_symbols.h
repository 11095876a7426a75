/* Inflect v2's symbol table (docs/v2.md, "The frontend"): VITS's English
 * set of 178 symbols, each one Unicode code point; an id is a position.
 *
 * Copyright (C) 2026 The Inflect authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef INFLECT_V2_SYMBOLS_H
#define INFLECT_V2_SYMBOLS_H

#include <stdint.h>

#include "arena.h"

/* SHA-256 of the symbols concatenated in UTF-8, as a v2 file's
 * inflect.v2.symbol_hash states it. */
#define V2_SYMBOL_HASH "3e81afeec2d0906de3d7acf2214d32fbc066be8218d2edafe355255391ea92f7"
#define V2_BLANK 0
#define V2_SPACE 16

/* The 178 symbols as NUL-terminated strings in the arena (NULL when out of
 * memory). */
const char **v2_symbol_names(arena *mem);

/* The id of code point cp, or -1 when the table lacks it. The apostrophe
 * is listed twice (174 and 176); text maps to the later one, as upstream's
 * dictionary built from the list does. */
int v2_symbol_id(uint32_t cp);

#endif
