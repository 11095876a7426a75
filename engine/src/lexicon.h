/* English pronunciation lexicon: CMUdict in ARPAbet with stress.
 *
 * Copyright (C) 2026 The Inflect authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The data is festival's CMUdict (Debian's festlex-cmu), compiled at build
 * time by engine/tools/compile_lexicon.py into one read-only blob linked into
 * the library; that script describes the format and what it keeps. Words are
 * lowercase a-z and apostrophe; the first pronunciation of each word is the
 * one kept. Everything here is pure reads of constant data: no allocation, no
 * state, safe from any number of threads.
 *
 * Phones are ARPAbet, indexed in this fixed order (also the order of
 * lexicon_phone_name()):
 *
 *   0 aa   1 ae   2 ah   3 ao   4 aw   5 ay   6 b    7 ch   8 d    9 dh
 *  10 eh  11 er  12 ey  13 f   14 g   15 hh  16 ih  17 iy  18 jh  19 k
 *  20 l   21 m   22 n   23 ng  24 ow  25 oy  26 p   27 r   28 s   29 sh
 *  30 t   31 th  32 uh  33 uw  34 v   35 w   36 y   37 z   38 zh
 *
 * Vowels are aa ae ah ao aw ay eh er ey ih iy ow oy uh uw; they carry their
 * syllable's stress, consonants carry none.
 */
#ifndef INFLECT_LEXICON_H
#define INFLECT_LEXICON_H

#include <stddef.h>
#include <stdint.h>

#define LEXICON_PHONE_COUNT 39
/* No word has more phones: a buffer this long never gets a "too small". */
#define LEXICON_MAX_PHONES 32

enum {
    LEXICON_STRESS_NONE = -1, /* consonant */
    LEXICON_STRESS_UNSTRESSED = 0,
    LEXICON_STRESS_PRIMARY = 1,
    LEXICON_STRESS_SECONDARY = 2 /* festival's CMUdict has none */
};

typedef struct {
    uint8_t phone; /* 0 .. LEXICON_PHONE_COUNT - 1 */
    int8_t stress; /* LEXICON_STRESS_* */
} lexicon_phone;

/* Pronunciation of word[0..len) (any bytes; ASCII letters match in either
 * case, nothing else is folded). Returns the number of phones written to
 * out[0..n), 0 when the word is not in the lexicon, or -n when it is but
 * max < n (then nothing is written and out may be NULL). */
int lexicon_lookup(const char *word, size_t len, lexicon_phone *out, int max);

/* Number of words in the lexicon. */
size_t lexicon_size(void);

/* Size in bytes of the compiled blob. */
size_t lexicon_blob_size(void);

/* Static NUL-terminated ARPAbet name ("aa", "hh"...) of a phone index, or
 * NULL when out of range. */
const char *lexicon_phone_name(int phone);

/* Whether a phone index is a vowel (the phones that carry stress). */
int lexicon_phone_is_vowel(int phone);

/* The generated data (lexicon_data.c); use the functions above. */
extern const char *const lexicon_data_phone_names[LEXICON_PHONE_COUNT];
extern const unsigned char lexicon_data_blob[];
extern const size_t lexicon_data_blob_size;

#endif
