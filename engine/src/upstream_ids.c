/* Upstream Inflect-Nano v1's fixed ids.
 *
 * Copyright (C) 2026 The Inflect authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "upstream_ids.h"

/* docs/model.md section 1. Upstream spells v as "V" (its lower-case v belongs
 * to another language); here every name is the inventory's spelling. */
static const char *const upstream[UPSTREAM_SYMBOLS] = {
    [0] = "_",    [14] = "v",   [21] = "aa",  [22] = "ae",  [23] = "ah",  [27] = "ao",  [28] = "aw",
    [29] = "ay",  [30] = "b",   [33] = "ch",  [34] = "d",   [35] = "dh",  [39] = "eh",  [43] = "er",
    [44] = "ey",  [45] = "f",   [46] = "g",   [49] = "hh",  [59] = "ih",  [65] = "iy",  [67] = "jh",
    [68] = "k",   [70] = "l",   [71] = "m",   [73] = "n",   [74] = "ng",  [80] = "ow",  [81] = "oy",
    [82] = "p",   [85] = "r",   [87] = "s",   [88] = "sh",  [89] = "t",   [90] = "th",  [99] = "uh",
    [103] = "uw", [108] = "w",  [110] = "y",  [111] = "z",  [112] = "zh", [208] = "!",  [209] = "?",
    [210] = "…",  [211] = ",",  [212] = ".",  [213] = "'",  [214] = "-",  [215] = "¿",  [216] = "¡",
    [217] = "SP", [218] = "UNK",
};

const char *upstream_symbol(int id)
{
    return id >= 0 && id < UPSTREAM_SYMBOLS ? upstream[id] : NULL;
}

/* Pads and consonants 0 + 7; vowels by our stress order (none, secondary,
 * primary) as CMUdict digits 0, 2, 1, plus 1, plus 7. */
const model_input_tones upstream_tones = {7, 7, {8, 10, 9}};
