/* English pronunciation lexicon: lookups in the compiled CMUdict blob.
 *
 * Copyright (C) 2026 The Inflect authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The blob's layout is described in engine/tools/compile_lexicon.py: a
 * header, an index of block offsets, then blocks of front-coded sorted words
 * with their phones. A lookup binary-searches the blocks by their first word
 * (stored whole) and scans one block, so it costs O(log n) comparisons plus
 * at most a block of short entries. Every read is bounds-checked against the
 * blob, so even a damaged blob cannot make a lookup read outside it.
 */
#include "lexicon.h"

#include <string.h>

#define HEADER_SIZE 16
#define FORMAT_VERSION 1
#define LONGEST_WORD 255

/* aa ae ah ao aw ay eh er ey ih iy ow oy uh uw */
#define VOWEL_MASK                                                                                               \
    ((1ull << 0) | (1ull << 1) | (1ull << 2) | (1ull << 3) | (1ull << 4) | (1ull << 5) | (1ull << 10) |           \
     (1ull << 11) | (1ull << 12) | (1ull << 16) | (1ull << 17) | (1ull << 24) | (1ull << 25) | (1ull << 32) |   \
     (1ull << 33))

typedef struct {
    const unsigned char *data;
    size_t size;
    size_t words;
    size_t blocks;
    size_t longest; /* bytes of the longest word */
} blob_view;

static uint32_t read_u32(const unsigned char *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* The generated blob's header, checked on every call (a few loads): false
 * when the blob is not one this code reads. */
static int open_blob(blob_view *v)
{
    const unsigned char *d = lexicon_data_blob;
    size_t size = lexicon_data_blob_size;
    if (size < HEADER_SIZE || memcmp(d, "ILEX", 4) != 0 || d[4] != FORMAT_VERSION || d[5] == 0)
        return 0;
    v->data = d;
    v->size = size;
    v->longest = d[6];
    v->words = read_u32(d + 8);
    v->blocks = read_u32(d + 12);
    if (v->blocks > (size - HEADER_SIZE) / 4 || d[7] > LEXICON_MAX_PHONES)
        return 0;
    return 1;
}

static inline unsigned char fold(unsigned char c)
{
    return c >= 'A' && c <= 'Z' ? (unsigned char)(c - 'A' + 'a') : c;
}

/* Sign of (stored a[0..na)) - (query q[0..nq), ASCII letters folded). */
static int compare(const unsigned char *a, size_t na, const unsigned char *q, size_t nq)
{
    size_t n = na < nq ? na : nq;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = fold(q[i]);
        if (a[i] != c)
            return a[i] < c ? -1 : 1;
    }
    return na < nq ? -1 : na > nq;
}

/* Start and end (exclusive) of block b, or 0 when they are out of the blob. */
static int block_span(const blob_view *v, size_t b, size_t *start, size_t *end)
{
    *start = read_u32(v->data + HEADER_SIZE + 4 * b);
    *end = b + 1 < v->blocks ? read_u32(v->data + HEADER_SIZE + 4 * (b + 1)) : v->size;
    return *start <= *end && *end <= v->size;
}

/* Sign of (first word of block b) - query; 2 when the block is damaged. */
static int compare_block(const blob_view *v, size_t b, const unsigned char *q, size_t nq)
{
    size_t start, end;
    if (!block_span(v, b, &start, &end) || end - start < 2 || v->data[start] != 0 ||
        v->data[start + 1] > end - start - 2)
        return 2;
    return compare(v->data + start + 2, v->data[start + 1], q, nq);
}

/* Writes the phones at p (count byte, then phones) within end. */
static int decode_phones(const unsigned char *p, const unsigned char *end, lexicon_phone *out, int max)
{
    if (p >= end)
        return 0;
    int n = *p++;
    if (n == 0 || n > end - p)
        return 0;
    if (!out || max < n)
        return -n;
    for (int i = 0; i < n; i++) {
        unsigned phone = p[i] & 63u;
        if (phone >= LEXICON_PHONE_COUNT)
            return 0;
        out[i].phone = (uint8_t)phone;
        out[i].stress = (int8_t)((int)(p[i] >> 6) - 1);
    }
    return n;
}

int lexicon_lookup(const char *word, size_t len, lexicon_phone *out, int max)
{
    blob_view v;
    if (!word || len == 0 || !open_blob(&v) || len > v.longest || v.blocks == 0)
        return 0;
    const unsigned char *q = (const unsigned char *)word;

    /* Last block whose first word is <= the query. */
    size_t lo = 0, hi = v.blocks;
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        int c = compare_block(&v, mid, q, len);
        if (c == 2)
            return 0;
        if (c <= 0)
            lo = mid;
        else
            hi = mid;
    }

    size_t start, end;
    if (!block_span(&v, lo, &start, &end))
        return 0;
    const unsigned char *p = v.data + start, *stop = v.data + end;
    unsigned char cur[LONGEST_WORD];
    size_t cur_len = 0;
    while (stop - p >= 2) {
        size_t shared = p[0], rest = p[1];
        p += 2;
        if (shared > cur_len || rest > (size_t)(stop - p) || shared + rest > sizeof cur)
            return 0;
        memcpy(cur + shared, p, rest);
        cur_len = shared + rest;
        p += rest;
        int c = compare(cur, cur_len, q, len);
        if (c == 0)
            return decode_phones(p, stop, out, max);
        if (c > 0)
            return 0; /* sorted: passed where it would be */
        if (p >= stop || *p > stop - p - 1)
            return 0;
        p += 1 + *p;
    }
    return 0;
}

size_t lexicon_size(void)
{
    blob_view v;
    return open_blob(&v) ? v.words : 0;
}

size_t lexicon_blob_size(void)
{
    return lexicon_data_blob_size;
}

const char *lexicon_phone_name(int phone)
{
    if (phone < 0 || phone >= LEXICON_PHONE_COUNT)
        return NULL;
    return lexicon_data_phone_names[phone];
}

int lexicon_phone_is_vowel(int phone)
{
    return phone >= 0 && phone < LEXICON_PHONE_COUNT && (VOWEL_MASK >> phone & 1u);
}
