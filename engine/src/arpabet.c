/* The ARPAbet side of the cmudict-arpabet frontend.
 *
 * Copyright (C) 2026 The Inflect authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "arpabet.h"

#include <string.h>

#include "symbols.h"

/* model-v1.md section 1. Upstream spells v as "V" (its lower-case v belongs
 * to another language); here every name is the inventory's spelling. */
static const char *const upstream[ARPABET_UPSTREAM_SYMBOLS] = {
    [0] = "_",    [14] = "v",   [21] = "aa",  [22] = "ae",  [23] = "ah",  [27] = "ao",  [28] = "aw",
    [29] = "ay",  [30] = "b",   [33] = "ch",  [34] = "d",   [35] = "dh",  [39] = "eh",  [43] = "er",
    [44] = "ey",  [45] = "f",   [46] = "g",   [49] = "hh",  [59] = "ih",  [65] = "iy",  [67] = "jh",
    [68] = "k",   [70] = "l",   [71] = "m",   [73] = "n",   [74] = "ng",  [80] = "ow",  [81] = "oy",
    [82] = "p",   [85] = "r",   [87] = "s",   [88] = "sh",  [89] = "t",   [90] = "th",  [99] = "uh",
    [103] = "uw", [108] = "w",  [110] = "y",  [111] = "z",  [112] = "zh", [208] = "!",  [209] = "?",
    [210] = "…",  [211] = ",",  [212] = ".",  [213] = "'",  [214] = "-",  [215] = "¿",  [216] = "¡",
    [217] = "SP", [218] = "UNK",
};

const char *arpabet_upstream_symbol(int id)
{
    return id >= 0 && id < ARPABET_UPSTREAM_SYMBOLS ? upstream[id] : NULL;
}

/* Pads and consonants 0 + 7; vowels by our stress order (none, secondary,
 * primary) as CMUdict digits 0, 2, 1, plus 1, plus 7. */
const ids_tones arpabet_upstream_tones = {7, 7, {8, 10, 9}};

/* espeak-ng phoneme -> ARPAbet, as space-separated names; "" drops it. */
static const struct {
    const char *ipa, *arpabet;
} from_ipa[] = {
    {"p", "p"},      {"b", "b"},      {"t", "t"},     {"d", "d"},     {"k", "k"},     {"ɡ", "g"},    {"ʔ", ""},
    {"f", "f"},      {"v", "v"},      {"θ", "th"},    {"ð", "dh"},    {"s", "s"},     {"z", "z"},    {"ʃ", "sh"},
    {"ʒ", "zh"},     {"h", "hh"},     {"x", "k"},     {"tʃ", "ch"},   {"dʒ", "jh"},   {"m", "m"},    {"n", "n"},
    {"ŋ", "ng"},     {"l", "l"},      {"ɬ", "l"},     {"ɹ", "r"},     {"r", "r"},     {"ɾ", "t"},    {"j", "y"},
    {"w", "w"},      {"n̩", "ah n"},   {"i", "iy"},    {"iː", "iy"},   {"ɪ", "ih"},    {"e", "ey"},   {"ɛ", "eh"},
    {"æ", "ae"},     {"a", "ae"},     {"aː", "aa"},   {"ɑː", "aa"},   {"ɒ", "aa"},    {"ɔ", "ao"},   {"ɔː", "ao"},
    {"o", "ow"},     {"oː", "ao"},    {"ʊ", "uh"},    {"u", "uw"},    {"uː", "uw"},   {"ʌ", "ah"},   {"ə", "ah"},
    {"ɚ", "er"},     {"ɐ", "ah"},     {"ᵻ", "ih"},    {"ɜː", "er"},   {"ɑ̃", "aa"},    {"ɔ̃", "ao"},   {"eɪ", "ey"},
    {"aɪ", "ay"},    {"aʊ", "aw"},    {"ɔɪ", "oy"},   {"oʊ", "ow"},   {"əʊ", "ow"},   {"iə", "iy ah"},
    {"eə", "eh r"},  {"ʊə", "uh r"},
};

int arpabet_from_ipa(int ipa_id, int out[2])
{
    const char *name = symbols_name(ipa_id);
    if (!name)
        return 0;
    for (size_t i = 0; i < sizeof from_ipa / sizeof *from_ipa; i++) {
        if (strcmp(from_ipa[i].ipa, name) != 0)
            continue;
        int n = 0;
        const char *p = from_ipa[i].arpabet;
        while (*p && n < 2) {
            size_t len = strcspn(p, " ");
            out[n++] = symbols_find(p, len);
            p += len + (p[len] == ' ');
        }
        return n;
    }
    return 0;
}
