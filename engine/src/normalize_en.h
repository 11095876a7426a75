/* English normalisation for the cmudict-arpabet frontend: one scanner word
 * piece in, plain lowercase words for dictionary lookup out.
 *
 * Copyright (C) 2026 The Inflect authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The output is a list of tokens separated by single spaces, with no space
 * at either end. A token is a word of [a-z'] or a lone "," that asks for a
 * short pause ("$3.50" -> "three dollars , fifty cents"); a "," never starts
 * or ends the list and never follows another. The function keeps no state,
 * touches nothing global and allocates nothing (it uses about 3 KiB of
 * stack), so any number of threads may call it at once.
 *
 * Input is read as UTF-8; invalid sequences, control characters and letters
 * outside the Latin script split the word like a space and are dropped.
 * Only the first NORMALIZE_EN_MAX_INPUT bytes are read.
 *
 * Rules, applied left to right over the piece:
 * - Letters: lowercased; apostrophes (' ’ ‘ ʼ ´) inside a word are kept as
 *   ', leading and trailing ones dropped ("Don't" -> "don't", "'tis" ->
 *   "tis"). Latin letters with accents lose them (é -> e, ñ -> n, ł -> l,
 *   ß -> ss, æ -> ae, œ -> oe, þ -> th, ĳ -> ij; combining accents are
 *   dropped with the letter kept); fullwidth Latin letters and digits read
 *   as their ASCII twins.
 * - Abbreviations, case-insensitive, only with their period and only when
 *   no letter follows the period: mr mrs dr st co jr maj gen drs rev lt hon
 *   sgt capt esq ltd col ft -> mister misess doctor saint company junior
 *   major general doctors reverend lieutenant honorable sergeant captain
 *   esquire limited colonel fort. Without the period they are plain words.
 * - Other periods after letters are dropped, so dotted initials are spelled
 *   ("U.S.A." -> "u s a", "e.g." -> "e g", "Ph.D." -> "ph d"), except that a
 *   period between two runs of two or more letters reads "dot"
 *   ("example.com" -> "example dot com").
 * - Whole numbers: cardinals without "and" or hyphens ("123" -> "one
 *   hundred twenty three"), thousands commas allowed when every group after
 *   the first has three digits ("1,000,000" -> "one million"), up to 15
 *   digits (999 trillion). A run of more than 15 digits, or of two or more
 *   digits that starts with 0 ("007", "02139"), is read digit by digit. A
 *   comma between digits that is not a thousands comma is a pause ("1,2" ->
 *   "one , two").
 * - Signs: "-" (or U+2212) before a number at the start of the piece or
 *   after a symbol reads "minus"; after a letter or digit "-" is only a word
 *   break ("COVID-19" -> "covid nineteen", "5-3" -> "five three"). "+"
 *   always reads "plus".
 * - Years: a plain run of four digits from 1001 to 2999 (no sign, comma,
 *   decimal or suffix other than a decade "s") is read as a year: 2001..2009
 *   "two thousand one"..; multiples of 100 "nineteen hundred"; otherwise in
 *   pairs, "nineteen ninety nine", "nineteen oh five", "twenty twenty four".
 *   1000 and 2000 read "one thousand" and "two thousand".
 * - Decimals: "3.14" -> "three point one four", ".5" -> "point five",
 *   "0.5" -> "zero point five"; digits after the point one by one. With two
 *   or more points every group is a whole number and the points read "dot"
 *   ("1.2.3" -> "one dot two dot three", IP addresses alike).
 * - Ordinals: a whole number directly followed by st, nd, rd or th (any
 *   case, no letter after) -> "first", "twenty first", "one hundredth",
 *   "one thousandth"; the suffix is not checked against the number.
 * - Decades and plurals: a whole number followed by "s" or "'s" -> its last
 *   word made plural ("1990s" -> "nineteen nineties", "'90s"/"80's" ->
 *   "nineties"/"eighties", "1900s" -> "nineteen hundreds", "100s" ->
 *   "hundreds", "6s" -> "sixes").
 * - Currency: $ £ € ¥ before the amount (after an optional "-" on either
 *   side of the symbol) or right after it. Amounts with at most two decimals
 *   split into units and cents: "$3.50" -> "three dollars , fifty cents",
 *   "$1" -> "one dollar", "$0.01" -> "one cent", "$2.5" -> "two dollars ,
 *   fifty cents", "$0" -> "zero dollars"; £ gives pound(s) and penny/pence,
 *   € euro(s) and cent(s), ¥ yen with no subunit. Three or more decimals
 *   read as a decimal number ("$1.234" -> "one point two three four
 *   dollars"). A magnitude suffix k, m, mn, b, bn, t, tn, thousand, million,
 *   billion or trillion gives "five million dollars" ("$5m"), "two point
 *   five billion dollars" ("$2.5bn"). "50¢" -> "fifty cents". A symbol with
 *   no amount reads its singular name ("$" -> "dollar").
 * - Percent: "%" reads "percent" wherever it is ("50%" -> "fifty percent",
 *   "2.5%" -> "two point five percent").
 * - Clock times: H:MM with H 0..24 and MM 00..59, not part of a longer
 *   colon chain: "10:30" -> "ten thirty", "7:05" -> "seven oh five". On the
 *   hour, 1..12 read "o'clock" ("ten o'clock") and 0 or 13..24 read
 *   "hundred" ("14:00" -> "fourteen hundred", "00:00" -> "zero hundred").
 *   A following am/pm (a.m., p.m., any case, dots optional) for hours up to
 *   12 reads "a m"/"p m" and drops "o'clock" ("3:30pm" -> "three thirty p
 *   m", "12:00am" -> "twelve a m"); so does a whole number 1..12 before
 *   am/pm ("3pm" -> "three p m"). "a.m." alone is spelled "a m". Other
 *   colon forms ("10:30:15", "25:00", "1:5", "1:") read each group as a
 *   number with the colons dropped.
 * - Letters and digits mixed are split into runs, each read by the rules
 *   above ("mp3" -> "mp three", "B2B" -> "b two b").
 * - Symbols: & "and", + "plus", @ "at", # "number", % "percent",
 *   ° "degrees"; every other symbol is dropped as a word break.
 */
#ifndef INFLECT_NORMALIZE_EN_H
#define INFLECT_NORMALIZE_EN_H

#include <stddef.h>

/* Bytes of input read at most; the rest is ignored. */
#define NORMALIZE_EN_MAX_INPUT 1024

/* An `out` of this size always holds the whole expansion of an input of n
 * bytes (NUL included). */
#define NORMALIZE_EN_OUT_SIZE(n) (16 * (size_t)(n) + 1)

/* Enough for any scanner piece (TEXT_PIECE_BYTES = 257 with its NUL). */
#define NORMALIZE_EN_OUT_BYTES 4096

/* Expands the NUL-terminated piece `word` into `out` (out_size bytes; `out`
 * may be NULL when out_size is 0) and returns the length the whole
 * expansion needs, NUL not counted, like snprintf. When that length is
 * out_size or more, `out` holds the longest prefix of whole tokens that
 * fits, NUL-terminated (empty when not even the first fits). A NULL or
 * empty word gives "" and 0. */
size_t normalize_en_word(const char *word, char *out, size_t out_size);

#endif
