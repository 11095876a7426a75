/* The engine's symbol inventory.
 *
 * Copyright (C) 2026 The Inflect authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The phonemes are those espeak-ng 1.51 writes for en-us and en (British)
 * over a 128k-word vocabulary, cut as described in symbols.h, then the
 * ARPAbet phones of the cmudict-arpabet frontend. New languages add rows at
 * the end; voices never see these ids, so order is free to grow.
 */
#include "symbols.h"

#include <string.h>

#include "errors.h"

typedef struct {
    const char *name;
    symbol_kind kind;
} symbol;

#define C SYMBOL_KIND_CONSONANT
#define V SYMBOL_KIND_VOWEL

/* Symbols espeak-ng's IPA output is cut into (and punctuation). */
static const symbol ipa[] = {
    {"_", SYMBOL_KIND_BLANK},
    {",", SYMBOL_KIND_PUNCTUATION},
    {".", SYMBOL_KIND_PUNCTUATION},
    {"?", SYMBOL_KIND_PUNCTUATION},
    {"!", SYMBOL_KIND_PUNCTUATION},
    {"…", SYMBOL_KIND_PUNCTUATION},
    {" ", SYMBOL_KIND_SPACE},
    /* consonants */
    {"p", C}, {"b", C}, {"t", C}, {"d", C}, {"k", C}, {"ɡ", C}, {"ʔ", C},
    {"f", C}, {"v", C}, {"θ", C}, {"ð", C}, {"s", C}, {"z", C}, {"ʃ", C}, {"ʒ", C},
    {"h", C}, {"x", C}, {"tʃ", C}, {"dʒ", C},
    {"m", C}, {"n", C}, {"ŋ", C}, {"l", C}, {"ɬ", C}, {"ɹ", C}, {"r", C}, {"ɾ", C},
    {"j", C}, {"w", C},
    /* syllabic n takes stress in espeak's output ("ˌn̩"), so it is a nucleus */
    {"n̩", V},
    /* monophthongs */
    {"i", V}, {"iː", V}, {"ɪ", V}, {"e", V}, {"ɛ", V}, {"æ", V}, {"a", V}, {"aː", V},
    {"ɑː", V}, {"ɒ", V}, {"ɔ", V}, {"ɔː", V}, {"o", V}, {"oː", V}, {"ʊ", V}, {"u", V}, {"uː", V},
    {"ʌ", V}, {"ə", V}, {"ɚ", V}, {"ɐ", V}, {"ᵻ", V}, {"ɜː", V}, {"ɑ̃", V}, {"ɔ̃", V},
    /* diphthongs */
    {"eɪ", V}, {"aɪ", V}, {"aʊ", V}, {"ɔɪ", V}, {"oʊ", V}, {"əʊ", V}, {"iə", V}, {"eə", V},
    {"ʊə", V},
};

/* ARPAbet phones of the cmudict-arpabet frontend (arpabet.h) not spelled
 * like an IPA symbol above (b d f k l m n p r s t v w z are shared). They
 * follow the IPA ids and are never cut out of espeak-ng's output. */
static const symbol arpabet[] = {
    {"aa", V}, {"ae", V}, {"ah", V}, {"ao", V}, {"aw", V}, {"ay", V}, {"eh", V}, {"er", V},
    {"ey", V}, {"ih", V}, {"iy", V}, {"ow", V}, {"oy", V}, {"uh", V}, {"uw", V},
    {"ch", C}, {"dh", C}, {"g", C},  {"hh", C}, {"jh", C}, {"ng", C}, {"sh", C}, {"th", C},
    {"y", C},  {"zh", C},
};

#undef C
#undef V

#define N_IPA (sizeof ipa / sizeof ipa[0])
#define N_SYMBOLS (N_IPA + sizeof arpabet / sizeof arpabet[0])

/* Entry of id 0 <= i < N_SYMBOLS. */
static const symbol *entry(size_t i)
{
    return i < N_IPA ? &ipa[i] : &arpabet[i - N_IPA];
}

size_t symbols_count(void)
{
    return N_SYMBOLS;
}

const char *symbols_name(int id)
{
    if (id < 0 || (size_t)id >= N_SYMBOLS)
        return NULL;
    return entry((size_t)id)->name;
}

symbol_kind symbols_kind(int id)
{
    if (id < 0 || (size_t)id >= N_SYMBOLS)
        return SYMBOL_KIND_BLANK;
    return entry((size_t)id)->kind;
}

int symbols_find(const char *s, size_t len)
{
    for (size_t i = 0; i < N_SYMBOLS; i++) {
        if (strlen(entry(i)->name) == len && memcmp(entry(i)->name, s, len) == 0)
            return (int)i;
    }
    return -1;
}

size_t symbols_match_prefix(const char *s, size_t len, int *id)
{
    size_t best = 0;
    /* Only phonemes: espeak's IPA never spells punctuation, and a stray "_"
     * or space in a segment must not turn into a pause. */
    for (size_t i = SYMBOL_FIRST_PHONEME; i < N_IPA; i++) {
        size_t n = strlen(ipa[i].name);
        if (n > best && n <= len && memcmp(ipa[i].name, s, n) == 0) {
            best = n;
            *id = (int)i;
        }
    }
    return best;
}

inflect_status symbols_map(const char *const *names, const size_t *lens, size_t n, int32_t *map,
                           char *err, size_t err_size)
{
    if (!names || !map)
        return fail(err, err_size, INFLECT_ERR_INVALID_ARGUMENT, "symbols_map: NULL argument");
    for (size_t i = 0; i < N_SYMBOLS; i++)
        map[i] = -1;
    if (n == 0 || !names[0] || (lens ? lens[0] : strlen(names[0])) != 1 || names[0][0] != '_')
        return fail(err, err_size, INFLECT_ERR_FORMAT, "voice symbol 0 must be \"_\"");
    if (n > INT32_MAX)
        return fail(err, err_size, INFLECT_ERR_FORMAT, "voice has too many symbols");
    for (size_t v = 0; v < n; v++) {
        if (!names[v])
            return fail(err, err_size, INFLECT_ERR_FORMAT, "voice symbol %zu is missing", v);
        int id = symbols_find(names[v], lens ? lens[v] : strlen(names[v]));
        /* The first spelling wins, so a duplicate later in the table cannot
         * silently redirect a symbol to an untrained row. */
        if (id >= 0 && map[id] < 0)
            map[id] = (int32_t)v;
    }
    return INFLECT_OK;
}

int symbols_punctuation_rank(int id)
{
    switch (id) {
    case SYMBOL_QUESTION:
        return 4;
    case SYMBOL_EXCLAMATION:
        return 3;
    case SYMBOL_ELLIPSIS:
        return 2;
    case SYMBOL_PERIOD:
        return 1;
    default:
        return 0;
    }
}
