/* Folding a piece of text for the English normaliser (folded_en.h).
 *
 * Copyright (C) 2026 The Inflect authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "folded_en.h"

#include <string.h>

#include "text.h"

/* Signs read as words wherever they stand. */
static const struct {
    uint32_t cp;
    const char *words;
} signs[] = {
    {0x00A9, "copyright"},     {0x00AE, "registered"},            {0x2122, "trademark"},
    {0x00B1, "plus or minus"}, {0x00D7, "times"},                 {0x00F7, "divided by"},
    {0x2264, "less than or equal to"},                            {0x2265, "greater than or equal to"},
    {0x2260, "not equal to"},  {0x2248, "approximately"},         {0x2192, "to"}, /* an arrow: "NYC → LA" */
    {0x00A7, "section"},       {0x00B6, "paragraph"}, /* doubled, plural: "§§ 5-7" */
};

/* Vulgar fractions (Latin-1 and Number Forms). */
static const vulgar vulgars[] = {
    {0x00BC, 1, 4}, {0x00BD, 1, 2}, {0x00BE, 3, 4}, {0x2150, 1, 7}, {0x2151, 1, 9}, {0x2152, 1, 10},
    {0x2153, 1, 3}, {0x2154, 2, 3}, {0x2155, 1, 5}, {0x2156, 2, 5}, {0x2157, 3, 5}, {0x2158, 4, 5},
    {0x2159, 1, 6}, {0x215A, 5, 6}, {0x215B, 1, 8}, {0x215C, 3, 8}, {0x215D, 5, 8}, {0x215E, 7, 8},
};

/* The Greek letters in code point order from alpha, capitals at U+0391
 * and small letters at U+03B1; place 17 is the small final sigma (and an
 * unassigned capital). */
static const char *const greek[] = {"alpha",   "beta", "gamma", "delta", "epsilon", "zeta",    "eta",
                                    "theta",   "iota", "kappa", "lambda", "mu",     "nu",      "xi",
                                    "omicron", "pi",   "rho",   "sigma", "sigma",   "tau",     "upsilon",
                                    "phi",     "chi",  "psi",   "omega"};

_Static_assert(M_SIGNS + sizeof signs / sizeof *signs <= M_VULGARS, "signs fit below the fractions");
_Static_assert(M_VULGARS + sizeof vulgars / sizeof *vulgars <= M_GREEK, "fractions fit below the Greek letters");
_Static_assert(M_GREEK + sizeof greek / sizeof *greek <= M_END, "Greek letters fit below 0xC0");

/* U+00C0..U+017F without accents; '1'..'5' stand for ae th ss ij oe and a
 * space for the two signs among them (× and ÷, found in signs[] first). */
static const char latin[] = "aaaaaa1ceeeeiiii"  /* U+00C0 */
                            "dnooooo ouuuuy23"  /* U+00D0 */
                            "aaaaaa1ceeeeiiii"  /* U+00E0 */
                            "dnooooo ouuuuy2y"  /* U+00F0 */
                            "aaaaaaccccccccdd"  /* U+0100 */
                            "ddeeeeeeeeeegggg"  /* U+0110 */
                            "gggghhhhiiiiiiii"  /* U+0120 */
                            "ii44jjkkklllllll"  /* U+0130 */
                            "lllnnnnnnnnnoooo"  /* U+0140 */
                            "oo55rrrrrrssssss"  /* U+0150 */
                            "ssttttttuuuuuuuu"  /* U+0160 */
                            "uuuuwwyyyzzzzzzs"; /* U+0170 */

_Static_assert(sizeof latin == 0x180 - 0xC0 + 1, "one entry per code point");

/* The folded form of one code point into b (at most 2 bytes): the count,
 * 0 for a code point that leaves no trace (a combining accent). */
static size_t fold_cp(uint32_t cp, char *b)
{
    if (cp < 0x80) {
        char c = (char)cp;
        if (c >= 'A' && c <= 'Z')
            c = (char)(c - 'A' + 'a');
        else if (cp < 0x20 || cp == 0x7F)
            c = ' ';
        b[0] = c;
        return 1;
    }
    if (cp >= 0x300 && cp < 0x370)
        return 0;
    for (size_t k = 0; k < sizeof signs / sizeof *signs; k++) {
        if (signs[k].cp == cp) {
            b[0] = (char)(M_SIGNS + k);
            return 1;
        }
    }
    for (size_t k = 0; k < sizeof vulgars / sizeof *vulgars; k++) {
        if (vulgars[k].cp == cp) {
            b[0] = (char)(M_VULGARS + k);
            return 1;
        }
    }
    if (cp >= 0xC0 && cp < 0x180) {
        static const char *const multi[] = {"ae", "th", "ss", "ij", "oe"};
        char c = latin[cp - 0xC0];
        if (c >= '1' && c <= '5') {
            memcpy(b, multi[c - '1'], 2);
            return 2;
        }
        b[0] = c;
        return 1;
    }
    char c = ' ';
    switch (cp) {
    case 0x2018:
    case 0x2019:
    case 0x02BC:
    case 0x00B4:
        c = '\'';
        break;
    case 0x2010:
    case 0x2011:
    case 0x2212:
        c = '-';
        break;
    case 0x2032: /* prime and double prime: feet and inches */
        c = '\'';
        break;
    case 0x2033:
        c = '"';
        break;
    case 0x2013:
        c = M_EN_DASH;
        break;
    case 0x00A3:
        c = M_POUND;
        break;
    case 0x20AC:
        c = M_EURO;
        break;
    case 0x00A5:
        c = M_YEN;
        break;
    case 0x00A2:
        c = M_CENT;
        break;
    case 0x00B0:
        c = M_DEGREE;
        break;
    case 0x00B2:
        c = M_SQUARED;
        break;
    case 0x00B3:
        c = M_CUBED;
        break;
    case 0x00B5: /* micro sign */
    case 0x03BC: /* small mu, which many keyboards type for it */
        c = M_MICRO;
        break;
    case 0x03A9: /* capital omega, the canonical form of the ohm sign */
    case 0x2126:
        c = M_OHM;
        break;
    case 0x01A0: /* Vietnamese horned o and u */
    case 0x01A1:
        c = 'o';
        break;
    case 0x01AF:
    case 0x01B0:
        c = 'u';
        break;
    case 0x0218: /* Romanian comma-below s and t */
    case 0x0219:
        c = 's';
        break;
    case 0x021A:
    case 0x021B:
        c = 't';
        break;
    default:
        if (cp >= 0xFF10 && cp <= 0xFF19)
            c = (char)('0' + (cp - 0xFF10));
        else if (cp >= 0xFF21 && cp <= 0xFF3A)
            c = (char)('a' + (cp - 0xFF21));
        else if (cp >= 0xFF41 && cp <= 0xFF5A)
            c = (char)('a' + (cp - 0xFF41));
        else if ((cp >= 0x391 && cp <= 0x3A9 && cp != 0x3A2) || (cp >= 0x3B1 && cp <= 0x3C9))
            c = (char)(M_GREEK + (cp - (cp >= 0x3B1 ? 0x3B1 : 0x391)));
        else if (cp == 0x386 || (cp >= 0x388 && cp <= 0x3FF) || (cp >= 0x1F00 && cp <= 0x1FFF))
            c = M_GREEK_OTHER; /* accented and archaic Greek letters */
        break;
    }
    b[0] = c;
    return 1;
}

static bool is_capital(uint32_t cp)
{
    return (cp >= 'A' && cp <= 'Z') || (cp >= 0xC0 && cp <= 0xDE && cp != 0xD7) ||
           (cp >= 0x100 && cp <= 0x17F && !(cp & 1)) || (cp >= 0xFF21 && cp <= 0xFF3A);
}

size_t fold_en(const char *s, size_t len, char *b, bool *up)
{
    size_t n = 0;
    for (size_t pos = 0; pos < len;) {
        uint32_t cp;
        pos += text_decode(s, len, pos, &cp);
        size_t k = fold_cp(cp, b + n);
        for (size_t x = 0; x < k; x++)
            up[n + x] = is_capital(cp);
        n += k;
    }
    return n;
}

const vulgar *folded_vulgar(char c)
{
    unsigned m = (unsigned char)c;
    return m >= M_VULGARS && m < M_VULGARS + sizeof vulgars / sizeof *vulgars ? &vulgars[m - M_VULGARS] : NULL;
}

bool folded_is_greek(char c)
{
    unsigned m = (unsigned char)c;
    return (m >= M_GREEK && m < M_GREEK + sizeof greek / sizeof *greek) || c == M_MICRO || c == M_OHM ||
           c == M_GREEK_OTHER;
}

const char *folded_greek_name(char c)
{
    unsigned m = (unsigned char)c;
    return m >= M_GREEK && m < M_GREEK + sizeof greek / sizeof *greek ? greek[m - M_GREEK] : NULL;
}

const char *folded_sign(char c)
{
    unsigned m = (unsigned char)c;
    return m >= M_SIGNS && m < M_SIGNS + sizeof signs / sizeof *signs ? signs[m - M_SIGNS].words : NULL;
}

const char *folded_sign_plural(char c)
{
    const char *words = folded_sign(c);
    if (!words)
        return NULL;
    return strcmp(words, "section") == 0 ? "sections" : strcmp(words, "paragraph") == 0 ? "paragraphs" : NULL;
}
