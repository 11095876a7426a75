/* The CMUdict lexicon: inventory, golden words, hostile input, and every
 * entry of the source dictionary (the test's argument) looked up against the
 * test's own reading of that file.
 *
 * Copyright (C) 2026 The Inflect authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "check.h"
#include "lexicon.h"

static const char *const expected_phones[LEXICON_PHONE_COUNT] = {
    "aa", "ae", "ah", "ao", "aw", "ay", "b",  "ch", "d",  "dh", "eh", "er", "ey", "f",  "g",  "hh", "ih", "iy", "jh", "k",
    "l",  "m",  "n",  "ng", "ow", "oy", "p",  "r",  "s",  "sh", "t",  "th", "uh", "uw", "v",  "w",  "y",  "z",  "zh",
};
static const char *const vowels = " aa ae ah ao aw ay eh er ey ih iy ow oy uh uw ";

static int phone_index(const char *name, size_t len)
{
    if (len == 2 && memcmp(name, "ax", 2) == 0)
        return 2; /* festival's schwa is ARPAbet ah */
    for (int i = 0; i < LEXICON_PHONE_COUNT; i++)
        if (strlen(expected_phones[i]) == len && memcmp(expected_phones[i], name, len) == 0)
            return i;
    return -1;
}

static int is_vowel(int phone)
{
    char key[8];
    snprintf(key, sizeof key, " %s ", expected_phones[phone]);
    return strstr(vowels, key) != NULL;
}

/* "hh ah0 l ow1": the phones as text, stress digits on vowels. */
static void spell(const lexicon_phone *p, int n, char *buf, size_t size)
{
    size_t at = 0;
    buf[0] = '\0';
    for (int i = 0; i < n && at < size; i++) {
        const char *name = lexicon_phone_name(p[i].phone);
        int w = p[i].stress < 0 ? snprintf(buf + at, size - at, "%s%s", i ? " " : "", name ? name : "?")
                                : snprintf(buf + at, size - at, "%s%s%d", i ? " " : "", name ? name : "?", p[i].stress);
        if (w < 0)
            break;
        at += (size_t)w;
    }
}

static void expect(const char *word, const char *want)
{
    lexicon_phone p[LEXICON_MAX_PHONES];
    char got[256];
    int n = lexicon_lookup(word, strlen(word), p, LEXICON_MAX_PHONES);
    spell(p, n > 0 ? n : 0, got, sizeof got);
    CHECK(n > 0 && strcmp(got, want) == 0, "%s: got %d \"%s\", want \"%s\"", word, n, got, want);
}

static void expect_absent(const char *word, size_t len, const char *what)
{
    lexicon_phone p[LEXICON_MAX_PHONES];
    CHECK(lexicon_lookup(word, len, p, LEXICON_MAX_PHONES) == 0, "%s is found", what);
}

static void test_inventory(void)
{
    for (int i = 0; i < LEXICON_PHONE_COUNT; i++) {
        const char *s = lexicon_phone_name(i);
        CHECK(s && strcmp(s, expected_phones[i]) == 0, "phone %d is %s, want %s", i, s ? s : "NULL", expected_phones[i]);
        CHECK(lexicon_phone_is_vowel(i) == is_vowel(i), "%s vowel flag", expected_phones[i]);
    }
    CHECK(lexicon_phone_name(-1) == NULL && lexicon_phone_name(LEXICON_PHONE_COUNT) == NULL, "out of range");
    CHECK(!lexicon_phone_is_vowel(-1) && !lexicon_phone_is_vowel(LEXICON_PHONE_COUNT), "out of range vowel");
    size_t n = lexicon_size(), bytes = lexicon_blob_size();
    CHECK(n > 100000, "only %zu words", n);
    CHECK(bytes > 0 && bytes < 2u << 20, "blob is %zu bytes", bytes);
    printf("lexicon: %zu words, %zu-byte blob (%.1f bytes a word)\n", n, bytes, (double)bytes / (double)n);
}

static void test_golden(void)
{
    expect("hello", "hh ah0 l ow1");
    expect("HeLLo", "hh ah0 l ow1");
    expect("HELLO", "hh ah0 l ow1");
    expect("hell", "hh eh1 l");
    expect("record", "r eh1 k er0 d"); /* the first entry (noun), not the verb */
    expect("a", "ah0");                /* the determiner, listed before the noun */
    expect("the", "dh ah0");
    expect("zzzz", "z iy1 z"); /* the last word */
    /* the source spells it "Afrocentric"; stored lowercase */
    expect("afrocentric", "ae1 f r ah0 s eh1 n t r ah0 k");
    expect("AfroCentric", "ae1 f r ah0 s eh1 n t r ah0 k");
    /* a syllable without a vowel: its consonant takes no stress */
    expect("tsufura", "t s uw0 f uw1 r ah0");
    /* festival's CMUdict drops apostrophes: "don't" is listed as "dont" */
    expect("dont", "d ow1 n t");
}

static void test_hostile(void)
{
    lexicon_phone p[LEXICON_MAX_PHONES];
    expect_absent("", 0, "empty");
    CHECK(lexicon_lookup(NULL, 5, p, LEXICON_MAX_PHONES) == 0, "NULL word");
    expect_absent("hello", 0, "zero length");
    expect_absent("xyzzyq", 6, "xyzzyq");
    expect_absent("helloo", 6, "helloo");
    expect_absent("hel", 3, "hel");
    expect_absent("hello ", 6, "trailing space");
    expect_absent(" hello", 6, "leading space");
    expect_absent("hello\0", 6, "trailing NUL");
    expect_absent("h\xc3\xa9llo", 6, "non-ASCII");
    expect_absent("\xff\xff\xff", 3, "0xff bytes");
    expect_absent("\x01", 1, "below the first word");
    expect_absent("zzzzz", 5, "after the last word");
    expect_absent("~", 1, "after every letter");
    expect_absent("'", 1, "apostrophe alone");
    /* only ASCII letters fold: 'h' + 0x80 is not 'h' */
    expect_absent("\xe8\x65llo", 5, "high-bit letter");

    /* A megabyte word, and "hello" followed by a megabyte of 'o'. */
    size_t big = 1u << 20;
    char *buf = malloc(big);
    CHECK(buf != NULL, "malloc");
    if (buf) {
        memset(buf, 'a', big);
        expect_absent(buf, big, "a megabyte of a");
        memset(buf, 'o', big);
        memcpy(buf, "hello", 5);
        expect_absent(buf, big, "hello and a megabyte of o");
        free(buf);
    }

    /* Random bytes: never a crash, and any hit is a real word spelt with
     * letters and apostrophes. */
    char w[40];
    int hits = 0;
    for (int i = 0; i < 200000; i++) {
        int len = rnd_int(1, (int)sizeof w);
        int letters = rnd_int(0, 1);
        for (int k = 0; k < len; k++)
            w[k] = letters ? (char)("aeinorst'AEINORST"[rnd_int(0, 16)]) : (char)rnd_int(0, 255);
        int n = lexicon_lookup(w, (size_t)len, p, LEXICON_MAX_PHONES);
        CHECK(n >= 0 && n <= LEXICON_MAX_PHONES, "random lookup returned %d", n);
        if (n > 0) {
            hits++;
            for (int k = 0; k < len; k++)
                CHECK((w[k] >= 'a' && w[k] <= 'z') || (w[k] >= 'A' && w[k] <= 'Z') || w[k] == '\'', "odd hit");
        }
    }
    CHECK(hits > 0, "no random letter string is a word");

    /* max too small: the needed count, negated, and nothing written. */
    for (int i = 0; i < LEXICON_MAX_PHONES; i++)
        p[i].phone = 99, p[i].stress = 99;
    CHECK(lexicon_lookup("hello", 5, p, 3) == -4, "max 3");
    CHECK(p[0].phone == 99 && p[0].stress == 99 && p[2].phone == 99, "written past a too-small max");
    CHECK(lexicon_lookup("hello", 5, NULL, 0) == -4, "NULL out");
    CHECK(lexicon_lookup("hello", 5, p, -7) == -4, "negative max");
    CHECK(lexicon_lookup("hello", 5, p, 4) == 4, "max exactly");
    CHECK(p[3].phone == 24 && p[3].stress == 1, "ow1");
    CHECK(lexicon_lookup("xyzzyq", 6, NULL, 0) == 0, "absent with NULL out");
}

/* ---- every entry of the source ---- */

typedef struct {
    char *word; /* lowercased, in the file's copy */
    size_t len;
} key;

static size_t hash(const char *s, size_t n)
{
    size_t h = 14695981039346656037ull & SIZE_MAX;
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)s[i]) * 1099511628211ull;
    return h;
}

/* Inserts into an open-addressing set of `cap` slots; false when present. */
static int insert(key *set, size_t cap, char *w, size_t n)
{
    for (size_t i = hash(w, n) & (cap - 1);; i = (i + 1) & (cap - 1)) {
        if (!set[i].word) {
            set[i].word = w;
            set[i].len = n;
            return 1;
        }
        if (set[i].len == n && memcmp(set[i].word, w, n) == 0)
            return 0;
    }
}

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

/* Reads one entry's phones from `s` (after the part of speech): every "(x"
 * where x is not "(" starts a syllable "(ph ph ...) d". Returns the count,
 * -1 when malformed. */
static int read_phones(const char *s, const char *end, lexicon_phone *out)
{
    int n = 0;
    for (const char *p = s; p < end; p++) {
        if (*p != '(' || p + 1 >= end || p[1] == '(')
            continue;
        const char *q = ++p;
        int first = n;
        while (q < end && *q != ')') {
            const char *e = q;
            while (e < end && *e != ' ' && *e != ')')
                e++;
            int id = phone_index(q, (size_t)(e - q));
            if (id < 0 || n >= LEXICON_MAX_PHONES)
                return -1;
            out[n].phone = (uint8_t)id;
            out[n++].stress = -1;
            q = e < end && *e == ' ' ? e + 1 : e;
        }
        if (end - q < 3 || q[1] != ' ' || q[2] < '0' || q[2] > '2')
            return -1;
        for (int i = first; i < n; i++)
            if (is_vowel(out[i].phone))
                out[i].stress = (int8_t)(q[2] - '0');
        p = q + 2;
    }
    return n;
}

static void test_source(const char *path)
{
    FILE *f = fopen(path, "rb");
    CHECK(f != NULL, "cannot open %s", path);
    if (!f)
        return;
    fseek(f, 0, SEEK_END);
    long size = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *text = malloc((size_t)size + 1);
    CHECK(text && fread(text, 1, (size_t)size, f) == (size_t)size, "read %s", path);
    fclose(f);
    if (!text)
        return;
    text[size] = '\0';
    CHECK(strncmp(text, "MNCL\n", 5) == 0, "%s: no MNCL line", path);

    size_t cap = 1u << 18, lines = 0, kept = 0, dropped = 0, skipped = 0, apostrophes = 0;
    key *set = calloc(cap, sizeof *set);
    key *queries = calloc(cap, sizeof *queries); /* words as spelt in the source */
    CHECK(set && queries, "calloc");
    if (!set || !queries) {
        free(text), free(set), free(queries);
        return;
    }
    char *line = strchr(text, '\n') + 1;
    while (line < text + size && *line) {
        char *eol = strchr(line, '\n');
        if (!eol)
            eol = text + size;
        lines++;
        char *w = line + 2, *wend = w;
        while (wend < eol && *wend != '"')
            wend++;
        char *pos_end = wend + 2;
        while (pos_end < eol && *pos_end != ' ')
            pos_end++;
        lexicon_phone want[LEXICON_MAX_PHONES];
        int n_want = pos_end < eol ? read_phones(pos_end, eol, want) : -1;
        CHECK(line[0] == '(' && line[1] == '"' && wend < eol && n_want > 0, "line %zu malformed", lines + 1);
        if (n_want <= 0 || wend >= eol) {
            line = eol + 1;
            continue;
        }
        size_t len = (size_t)(wend - w);
        int valid = 1;
        char lower[256];
        for (size_t i = 0; i < len; i++) {
            char c = w[i] >= 'A' && w[i] <= 'Z' ? (char)(w[i] - 'A' + 'a') : w[i];
            valid &= (c >= 'a' && c <= 'z') || c == '\'';
            apostrophes += c == '\'';
            if (i < sizeof lower)
                lower[i] = c;
        }
        lexicon_phone got[LEXICON_MAX_PHONES];
        if (!valid || len > sizeof lower) {
            skipped++;
            CHECK(lexicon_lookup(w, len, got, LEXICON_MAX_PHONES) == 0, "skipped word %.*s found", (int)len, w);
        } else {
            /* looked up as the source spells it (case included), then
             * lowercased in place for the set */
            int n = lexicon_lookup(w, len, got, LEXICON_MAX_PHONES);
            memcpy(w, lower, len);
            if (!insert(set, cap, w, len)) {
                dropped++; /* a later entry of the same word */
            } else {
                kept++;
                CHECK(kept < cap, "too many words for the test's table");
                queries[kept - 1].word = w;
                queries[kept - 1].len = len;
                int same = n == n_want;
                for (int i = 0; same && i < n; i++)
                    same = got[i].phone == want[i].phone && got[i].stress == want[i].stress;
                if (!same) {
                    char a[256], b[256];
                    spell(got, n > 0 ? n : 0, a, sizeof a);
                    spell(want, n_want, b, sizeof b);
                    CHECK(same, "%.*s: got %d \"%s\", want \"%s\"", (int)len, w, n, a, b);
                }
                CHECK(lexicon_lookup(w, len, NULL, 0) == -n_want, "%.*s: too-small max", (int)len, w);
            }
        }
        line = eol + 1;
    }
    CHECK(kept == lexicon_size(), "source has %zu words, lexicon %zu", kept, lexicon_size());
    printf("source: %zu entries, %zu words, %zu later entries dropped, %zu skipped, %zu apostrophes\n", lines, kept,
           dropped, skipped, apostrophes);

    /* Speed: every word, three times over, uppercased the first time. */
    for (size_t i = 0; i < kept; i++)
        for (size_t k = 0; k < queries[i].len; k++)
            if (queries[i].word[k] >= 'a' && queries[i].word[k] <= 'z')
                queries[i].word[k] = (char)(queries[i].word[k] - 'a' + 'A');
    lexicon_phone out[LEXICON_MAX_PHONES];
    size_t found = 0;
    double t0 = now();
    for (int round = 0; round < 3; round++)
        for (size_t i = 0; i < kept; i++)
            found += lexicon_lookup(queries[i].word, queries[i].len, out, LEXICON_MAX_PHONES) > 0;
    double dt = now() - t0;
    CHECK(found == 3 * kept, "%zu of %zu uppercase lookups found", found, 3 * kept);
    printf("lookup: %.0f ns a word (%zu lookups in %.3f s)\n", 1e9 * dt / (double)(3 * kept), 3 * kept, dt);
    CHECK(dt / 3 < 1.0, "all words took %.3f s", dt / 3);

    free(set);
    free(queries);
    free(text);
}

int main(int argc, char **argv)
{
    test_inventory();
    test_golden();
    test_hostile();
    if (argc > 1)
        test_source(argv[1]);
    else
        fprintf(stderr, "no source dictionary given: the full check is skipped\n");
    if (check_failures) {
        fprintf(stderr, "%d check(s) failed\n", check_failures);
        return 1;
    }
    printf("lexicon: all checks passed\n");
    return 0;
}
