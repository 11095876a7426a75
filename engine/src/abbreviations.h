/* English abbreviations: the one table that both the text scanner (does a
 * word's period end the sentence?) and the normaliser (what is said) read,
 * so the two cannot disagree.
 *
 * Copyright (C) 2026 The Inflect authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * An abbreviation is a word written with its period ("Dr.", "e.g."). What it
 * reads as can depend on its neighbours:
 * - "St." and "Dr." read "street" and "drive" after a name (a capitalised
 *   word that does not start the sentence) or when no capitalised word
 *   follows ("Main St. in Boston", "St. James St."), else "saint" and
 *   "doctor" ("St. Paul's", "Ask Dr. Jones").
 * - Titles (Mr. Mrs. Dr. St. Prof. Rev. Gen. Gov. Sen. ...) and "a.k.a."
 *   stand before a name: their period never ends a sentence.
 * - "v." (versus, in small letters: "V." is an initial), "def." (defeated)
 *   and "Ms." (written so: "MS." and "5 ms." are no title) stand before a
 *   capitalised name like a title: their period never ends a sentence
 *   there; so does "d." (defeated) between two names, the first not the
 *   sentence's first word ("Rafael Nadal d. Roger Federer").
 * - Days (Mon. Tue. Tues. Wed. Thu. Thur. Thurs. Fri. Sat. Sun.) only
 *   capitalised (in capitals too those that are no word: "ON TUES.",
 *   not "SAT."), and not after a determiner ("he sat.", "the Sun.", "our
 *   Sun."); they end the sentence before a capitalised word, like the
 *   months.
 * - Months (Jan. ... Dec., Sept.) and "No." "Fig." "Vol." "Ch." "p." "pp."
 *   "est." (estimated), capitalised "Apt." "Eq." "Ref." "Sec." "Art."
 *   "Para." "Est." (established) "Tel." "Plat." "Hwy." "Rte." "Rt." "Ste."
 *   "Bldg." "Rm.", "pg." "pgs." in any case, and
 *   in small letters "c." and "ca." (circa: "born c. 1850"; "C." is an
 *   initial) before a number: the period does not end the sentence
 *   there; "No." and the like are abbreviations only
 *   before a number, and those that are words too ("art", "apt") only
 *   capitalised ("I love modern art. 5 stars").
 * - US states as AP style shortens them (Ala. Ariz. Calif. Ill. Mass.
 *   Miss. N.Y. Ore. Pa. Wash. W.Va. ...), capitalised or in capitals,
 *   after a place and a comma, read as the state ("Springfield, Ill.,
 *   police", "FLINT, MICH. (AP)", "Lawrence, Kan. Police arrested";
 *   their period ends the sentence before a capitalised word). Those that
 *   are words or titles too (Ill. Mass. Miss. Pa. Mo. Ore. Wash. Del.
 *   Ind. La.) only before a break, or where the place does not start the
 *   sentence before a word but "and" and "or" ("moved to Portland, Ore.
 *   The rain", but "Ma, Pa. Come quick!", "Red, Ore. and Blue"), Miss.
 *   and Del. not before a name ("Mr. Jones, Miss. Brown"; "Miss. State"
 *   is the university). Elsewhere they are words ("he felt ill.").
 * - Books of the Bible as citations shorten them (Gen. Ex. Ps. Matt. Rom.
 *   Cor. Rev. ...), capitalised and before a chapter and verse ("Ps.
 *   23:1-6", "Rev. 21:4"), read as the book and never end the sentence,
 *   but not after a greeting ("Thanks Dan. 10:30 works"); elsewhere
 *   "Rev." and "Gen." are titles, "Col." a colonel.
 * - "e.g." and "i.e." never end a sentence: an example follows; nor do
 *   "incl." and "excl." (including, excluding: "£20 incl. VAT").
 * - "Co." before a county's institution (schools, jail, sheriff, board ...)
 *   is the county: "Adams Co. Schools", and its period ends no sentence
 *   there; "St." and "Dr." after an ordinal are the street and the drive
 *   ("74TH ST."), before a possessive the saint ("ST. MARY'S", in capitals
 *   too, where every word looks like a name).
 * - The others (Co. Inc. Ltd. Corp. Jr. Sr. Esq. Ave. Blvd. Rd. Dept. etc.
 *   approx. ea. vs. govt. appt., "al." of "et al." in small letters,
 *   "Al." being a name; St. and Dr. read as street and drive; a month not
 *   before a number) end the sentence when a capitalised word follows ("Apple Inc.
 *   The company ...", "Smith et al. The next study"), and only then
 *   ("Smith et al. (2020) found").
 */
#ifndef INFLECT_ABBREVIATIONS_H
#define INFLECT_ABBREVIATIONS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef enum { ABBR_NEXT_NONE, ABBR_NEXT_LOWER, ABBR_NEXT_UPPER, ABBR_NEXT_DIGIT } abbr_next;

typedef struct {
    bool prev_name; /* the word before is capitalised, does not start the sentence and is no function word */
    abbr_next next; /* how the next word of the clause starts (NONE: no word follows) */
    bool after_determiner; /* the word before is one (abbr_is_determiner): "our Sun." is no day */
    bool next_year;        /* the next word is a year, four digits from 1000 to 2999: "b. 1820" */
    bool after_number;     /* the word before is a number: "25 min. 4 servings" is minutes */
    bool next_verse;       /* the next word is a chapter and verse, digits ':' digits: "Ps. 23:1" */
    bool after_greeting;   /* the word before is one (abbr_is_greeting): "Thanks Dan. 10:30 works" */
    bool after_ordinal;    /* the word before is an ordinal in digits: "74TH ST." is a street */
    const char *next_word; /* the next word in small letters (at most 15), or NULL: "Adams Co. Schools" */
    bool next_shouted;     /* the next word is written in capitals, two letters or more: "74TH ST. AND" */
    /* A place and a lone comma are before it (abbr_place_before_comma): 1
     * "Springfield, Ill." within a sentence; 2 the place starting its
     * sentence, as a dateline's does ("SPRINGFIELD, Ill."); 3 the place
     * after a word of where (abbr_is_locative: "moved to Portland, Ore.",
     * for the scanner 1); 0 none */
    unsigned char after_place;
    /* A comma, a bracket, a quote, a lone dash or nothing follows: "Ill.,
     * police", "MICH. (AP)" */
    bool before_break;
    bool after_day_word; /* the word before is one (abbr_is_day_word): "ON SAT." is a day */
} abbr_context;

/* The words w[0..n) reads as, when followed by its period: w is the word
 * without that period (inner periods kept, "e.g"), in any case but as
 * written ("v" and "V" differ). NULL when
 * it is no abbreviation here. *ends_sentence tells whether the period also
 * ends the sentence. */
const char *abbr_reading(const char *w, size_t n, const abbr_context *ctx, bool *ends_sentence);

/* The kind of the next word from its first code point (0: none). */
abbr_next abbr_next_of(uint32_t first);

/* Whether w[0..n) is a word that a name is called after ("thanks",
 * "sorry", "hi", "dear" ...; any case): there "Dan." is no book of the
 * Bible but the end of a short message ("Thanks Dan. 10:30 works"). */
bool abbr_is_greeting(const char *w, size_t n);

/* Whether w[0..n), a word before a comma, may be the place that a US
 * state follows ("Springfield, Ill.", "AUSTIN, TX"): a capitalised word of
 * three letters or more but a greeting (abbr_is_greeting: "Hi, Miss.
 * Smith"), a day's, a month's or a feast's name ("On Sunday, Mass. was
 * said", "After Easter, Mass.") and a compass point ("from the North, NE
 * at 10 mph"). */
bool abbr_place_before_comma(const char *w, size_t n);

/* Whether w[0..n) is a word of the clause's grammar that shouted text
 * writes in capitals like a name ("IN", "THE", "AND" ...; any case): no
 * name before "St." ("IN ST. LOUIS" is the saint's city). */
bool abbr_is_function_word(const char *w, size_t n);

/* Whether w[0..n) is a word of where that a place follows ("in", "at",
 * "from", "to", "near" ...; any case). */
bool abbr_is_locative(const char *w, size_t n);

/* Whether w[0..n) is the postal code of a US state, the district or a
 * territory, in capitals ("TX", "DC", "GU"). */
bool abbr_is_state_code(const char *w, size_t n);

/* The name of the US state w[0..n) stands for (any final period
 * ignored): its AP abbreviation ("Calif", "N.Y", "CALIF"), its postal code
 * in capitals ("CA") or its name as written ("Ohio"); NULL when none. */
const char *abbr_state(const char *w, size_t n);

/* Whether w[0..n) is a word that a day's name follows far more often than
 * a verb or a noun ("on", "this", "next", "until", "open" ...; any case):
 * there "SAT.", "SUN." and "WED." in capitals are days ("ON SAT. AT
 * NOON", "CLOSED SUN."). */
bool abbr_is_day_word(const char *w, size_t n);

/* Whether w[0..n) is a word after which a noun follows ("the", "a", "our",
 * "his" ...; any case): there "Sun." is the sun, not a day. */
bool abbr_is_determiner(const char *w, size_t n);

#endif
