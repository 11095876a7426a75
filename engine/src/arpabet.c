/* The ARPAbet side of the cmudict-arpabet frontend: CMUdict first,
 * espeak-ng mapped to ARPAbet for the words it lacks (arpabet.h).
 *
 * Copyright (C) 2026 The Inflect authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "arpabet.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "errors.h"
#include "lexicon.h"
#include "symbols.h"

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

/* Longest word handed to espeak-ng: the text scanner's pieces are shorter. */
#define WORD_MAX 512

static bool append(phoneme_list *out, int id, int tone)
{
    if (id < 0)
        return true; /* not in the inventory: dropped rather than misread */
    if (out->n == out->cap) {
        size_t cap = out->cap ? 2 * out->cap : 64;
        phoneme *p = realloc(out->items, cap * sizeof *p);
        if (!p)
            return false;
        out->items = p;
        out->cap = cap;
    }
    out->items[out->n++] = (phoneme){(uint16_t)id, (uint8_t)tone};
    return true;
}

static int stress_tone(int stress)
{
    switch (stress) {
    case LEXICON_STRESS_PRIMARY:
        return TONE_PRIMARY;
    case LEXICON_STRESS_SECONDARY:
        return TONE_SECONDARY;
    default:
        return TONE_NONE;
    }
}

static inflect_status from_lexicon(const lexicon_phone *ph, int n, phoneme_list *out, char *err, size_t err_size)
{
    for (int i = 0; i < n; i++) {
        const char *name = lexicon_phone_name(ph[i].phone);
        if (!append(out, symbols_find(name, strlen(name)), stress_tone(ph[i].stress)))
            return fail(err, err_size, INFLECT_ERR_NO_MEMORY, "out of memory");
    }
    return INFLECT_OK;
}

static inflect_status from_espeak(const char *espeak_voice, const char *word, size_t len, phoneme_list *out,
                                  char *err, size_t err_size)
{
    char text[WORD_MAX + 1];
    if (len > WORD_MAX)
        len = WORD_MAX;
    memcpy(text, word, len);
    text[len] = '\0';
    const char *texts[1] = {text};
    size_t ends[1];
    phoneme_list ipa = {0};
    inflect_status st = espeak_phonemize(espeak_voice, texts, 1, &ipa, ends, err, err_size);
    for (size_t i = 0; i < ipa.n && st == INFLECT_OK; i++) {
        int ids[2];
        int n = arpabet_from_ipa(ipa.items[i].id, ids);
        /* The stress goes to the vowel that the mapped phoneme starts with. */
        for (int j = 0; j < n && st == INFLECT_OK; j++)
            if (!append(out, ids[j], j == 0 ? ipa.items[i].tone : TONE_NONE))
                st = fail(err, err_size, INFLECT_ERR_NO_MEMORY, "out of memory");
    }
    phoneme_list_free(&ipa);
    return st;
}

/* A plural the lexicon lacks whose singular it has ("euros"): the
 * singular's phones and the ending English gives it (s after p t k f th,
 * ih z after s z sh zh ch jh, else z). The phone count, 0 when none. */
static int plural_of_known(const char *word, size_t len, lexicon_phone *ph)
{
    enum { S = 28, Z = 37, IH = 16 }; /* lexicon.h's phone indices */
    if (len < 4 || (word[len - 1] != 's' && word[len - 1] != 'S') || word[len - 2] == '\'')
        return 0;
    int n = lexicon_lookup(word, len - 1, ph, LEXICON_MAX_PHONES - 2);
    if (n <= 0)
        return 0;
    char key[6];
    snprintf(key, sizeof key, " %s ", lexicon_phone_name(ph[n - 1].phone));
    if (strstr(" s z sh zh ch jh ", key)) {
        ph[n++] = (lexicon_phone){IH, LEXICON_STRESS_UNSTRESSED};
        ph[n++] = (lexicon_phone){Z, LEXICON_STRESS_NONE};
    } else {
        ph[n++] = (lexicon_phone){strstr(" p t k f th ", key) ? S : Z, LEXICON_STRESS_NONE};
    }
    return n;
}

inflect_status arpabet_word(const char *espeak_voice, const char *word, size_t len, phoneme_list *out, char *err,
                            size_t err_size)
{
    lexicon_phone ph[LEXICON_MAX_PHONES];
    int n = lexicon_lookup(word, len, ph, LEXICON_MAX_PHONES);
    if (n <= 0 && len <= WORD_MAX && memchr(word, '\'', len)) {
        /* Festival's CMUdict spells contractions and possessives without
         * the apostrophe (dont, its, johns). */
        char bare[WORD_MAX];
        size_t m = 0;
        for (size_t i = 0; i < len; i++)
            if (word[i] != '\'')
                bare[m++] = word[i];
        n = lexicon_lookup(bare, m, ph, LEXICON_MAX_PHONES);
    }
    if (n <= 0)
        n = plural_of_known(word, len, ph);
    if (n > 0)
        return from_lexicon(ph, n, out, err, err_size);
    return from_espeak(espeak_voice, word, len, out, err, err_size);
}
