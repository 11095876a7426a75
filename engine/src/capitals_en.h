/* Whether English letters written in capitals are said as a word (NASA,
 * SCHOOL, "THE RED SOX") or spelled (FBI, NCAA): the acronym rule of
 * normalize_en.h. Every function takes the word folded to small letters
 * (folded_en.h), n bytes at w.
 *
 * Copyright (C) 2026 The Inflect authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef INFLECT_CAPITALS_EN_H
#define INFLECT_CAPITALS_EN_H

#include <stdbool.h>
#include <stddef.h>

/* Whether the letters read as a word: four letters or more, a vowel, an
 * onset of at most one consonant or a common pair, no three vowels or four
 * consonants in a row, and no ending that no English word has (a stop or
 * a fricative before l or n: ESPN, AAPL); a word of seven letters or more
 * may start with three (str thr sch ...: a dateline's "SPRINGFIELD"). In
 * shouted text, where most capital words are words, the test is looser,
 * so that STRONG, SCHOOL, THREE and MYTH stay words while NCAA, FDIC and
 * HTML are still spelled:
 * onsets of three consonants (str thr sch ...) and a few more pairs are
 * common, a Y after a consonant is a vowel, runs may be one longer
 * (BEAUTY, WORLDS), and a long name may start with MC or DJ (MCILROY,
 * DJOKOVIC). */
bool capitals_pronounceable(const char *w, size_t n, bool shouted);

/* Words of two or three letters that shouted text writes in capitals far
 * more often than it means the letters: the function words, the commonest
 * short words (and the news's DOW and COP), the Greek letters' names, the
 * first words of place names (SAN, LOS, LAS) and the commonest short first
 * names and words of the news ("DAN AND AMY", "THE RED SOX", "FLU
 * SEASON"). Anything else that short is spelled, as an initialism (FBI,
 * CEO, MIT, GPL) is in any text. OK, ID, AD, PA, PM, TV and the like are
 * left out: their letters are what is said. */
bool capitals_short_word(const char *w, size_t n);

/* Whether capitals outside shouted text read as a word: by the acronym
 * rule (capitals_pronounceable), or one of the few three-letter ones that
 * everyone says as a word ("PIN", "SIM", "RAM", "GIF", "ZIP"), the rule
 * starting at four letters so that FBI, CEO and MIT are spelled. */
bool capitals_spoken(const char *w, size_t n);

/* Words of two or three letters that text which is not shouted writes in
 * capitals for emphasis ("I did NOT say that", "Reply YES", "SO good"):
 * the commonest short words that are seldom anyone's initials. Left out
 * are those as often letters there: US, IT, AM, OR, IN, ON, ME, DO, HI,
 * OH, HE (countries, trades, states, degrees, high explosive), WHO, ICE,
 * ETA, SAT, ACT, CAT, PET, USE (bodies, tests, scans), and HIS, ITS, GOT,
 * FAR, TRY, NOR (a system's, a show's, a rule's, a currency's, a
 * country's letters). Whether one is emphasis there is the normaliser's
 * to tell from its neighbours. */
bool capitals_emphasised(const char *w, size_t n);

#endif
