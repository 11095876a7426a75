/* The folded form that the English normaliser reads a piece in: lowercase
 * ASCII (capitals are kept aside, one flag a byte), accents removed, and
 * each symbol read aloud as one marker byte; and what those bytes name.
 * The normaliser and the readers of its parts (units_en.c, capitals_en.c)
 * read the same bytes.
 *
 * Copyright (C) 2026 The Inflect authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef INFLECT_FOLDED_EN_H
#define INFLECT_FOLDED_EN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Marker bytes for the non-ASCII symbols that are read aloud. Control
 * characters fold to a space, so bytes below 0x20 are free for these.
 * M_MICRO is the micro sign or a Greek small mu, M_OHM the ohm sign or a
 * Greek capital omega (its canonical form), both read as unit prefixes or
 * units after a number; M_GREEK_OTHER is any other Greek letter (accented,
 * archaic), which reads nothing but keeps a Greek word together. M_EN_DASH
 * is U+2013, which the scanner keeps in a word only between two amounts: a
 * range ("1990–1999", "9am–5pm", "$5–$10"), read "to". M_SQUARED and
 * M_CUBED are the superscripts two and three: of a unit ("m²") or a power
 * ("x²"). */
enum { M_POUND = 1, M_EURO, M_YEN, M_CENT, M_DEGREE, M_MICRO, M_OHM, M_GREEK_OTHER, M_EN_DASH, M_SQUARED, M_CUBED };

/* The many other symbols read aloud fold to bytes from 0x80, which the
 * ASCII folding never makes: a sign of signs[], a vulgar fraction of
 * vulgars[] or a Greek letter of greek[] is its table's base plus its
 * index. They stay below 0xC0, where abbr_next_of() would take a byte for a
 * capital letter. */
enum { M_SIGNS = 0x80, M_VULGARS = 0x90, M_GREEK = 0xA7, M_END = 0xC0 };

/* Folds the UTF-8 text s[0..len) into b, up[i] telling whether b[i] came
 * from a capital letter: the count of bytes written. Every code point
 * takes at least as many bytes as its folded form, so len bytes suffice. */
size_t fold_en(const char *s, size_t len, char *b, bool *up);

/* A vulgar fraction (Latin-1 and Number Forms: ½, ⅜). */
typedef struct vulgar {
    uint32_t cp;
    unsigned char num, den;
} vulgar;

/* The vulgar fraction a folded byte stands for, or NULL. */
const vulgar *folded_vulgar(char c);

/* Whether a folded byte is a letter of the Greek script, named or not
 * (the micro and ohm signs among them). */
bool folded_is_greek(char c);

/* The name of the Greek letter a folded byte stands for ("alpha"), or NULL
 * (an accented or archaic one, or the micro and ohm signs). */
const char *folded_greek_name(char c);

/* The words of the sign a folded byte stands for ("copyright", "plus or
 * minus", "section"), or NULL. */
const char *folded_sign(char c);

/* The plural of a sign, for legal writing's doubled § and ¶ ("§§ 5-7" →
 * sections); NULL for the other signs. */
const char *folded_sign_plural(char c);

static inline bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* A letter of the folded piece (capitals fold to small letters). */
static inline bool is_letter(char c)
{
    return c >= 'a' && c <= 'z';
}

/* The vowel letters; Y, which is one only by its place, is not. */
static inline bool is_vowel(char c)
{
    return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u';
}

#endif
