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
 * touches nothing global and allocates nothing (it uses about 5 KiB of
 * stack), so any number of threads may call it at once.
 *
 * Input is read as UTF-8; invalid sequences, control characters and letters
 * outside the Latin script split the word like a space and are dropped
 * (but a Greek letter standing alone is read, below). Only the first
 * NORMALIZE_EN_MAX_INPUT bytes are read.
 *
 * Rules, applied left to right over the piece:
 * - Letters: lowercased; apostrophes (' ’ ‘ ʼ ´) inside a word are kept as
 *   ', leading and trailing ones dropped ("Don't" -> "don't", "'tis" ->
 *   "tis"). Latin letters with accents lose them (é -> e, ñ -> n, ł -> l,
 *   ß -> ss, æ -> ae, œ -> oe, þ -> th, ĳ -> ij; combining accents are
 *   dropped with the letter kept); fullwidth Latin letters and digits read
 *   as their ASCII twins.
 * - Abbreviations, case-insensitive, only with their period and only when
 *   no letter follows the period: the table of abbreviations.h, read in
 *   context ("St. James St." -> "saint james street", "Ask Dr. Jones" ->
 *   "ask doctor jones", "No. 10" -> "number ten"). Without the period they
 *   are plain words, except a month next to a number (below: "Dec 5").
 * - Other periods after letters are dropped, so dotted initials are spelled
 *   ("U.S.A." -> "u s a", "e.g." -> "e g", "Ph.D." -> "ph d"), except that a
 *   period between two runs of two or more letters reads "dot"
 *   ("example.com" -> "example dot com").
 * - Whole numbers: cardinals without "and" or hyphens ("123" -> "one
 *   hundred twenty three"), thousands commas allowed when every group after
 *   the first has three digits ("1,000,000" -> "one million"), up to 15
 *   digits (999 trillion). A run of more than 15 digits, of two or more
 *   digits that starts with 0 ("007", "02139"), or of more than 9 without a
 *   comma in a code ("account 12345678901", "1Z999AA10123456784"), is read
 *   digit by digit. A
 *   comma between digits that is not a thousands comma is a pause ("1,2" ->
 *   "one , two").
 * - Signs: "-" (or U+2212) before a number at the start of the piece or
 *   after a symbol reads "minus"; after a letter or digit, or after % ° ¢
 *   that close a number, "-" is only a word break ("COVID-19" -> "covid
 *   nineteen", "5-3" -> "five three", "5%-10%" -> "five percent ten
 *   percent"); after a word of winning or losing, or of a vote, and before
 *   what a score won, a score reads "to" ("won 102-98" -> "won one hundred
 *   two to ninety eight", "passed 52-48", "a 3-2 lead"). "+" always reads
 *   "plus". An en dash (U+2013) between two
 *   digits is a range and reads "to" ("1990–1999" -> "nineteen ninety to
 *   nineteen ninety nine", "3–7" -> "three to seven", "5–10%" -> "five to
 *   ten percent"); elsewhere it is a word break (the scanner keeps it in a
 *   word only between digits, with TEXT_ENGLISH_NUMBERS; text.h).
 * - Exponents: "e" between a number with a decimal point, or any number
 *   before a signed power, and a power of at most three digits reads "times
 *   ten to the" ("1.5e-3" -> "one point five times ten to the minus three",
 *   "6.02E23", "2e+10"); "1e9" and "5e" keep their letter.
 * - Years: a plain run of four digits from 1001 to 2999 (no sign, comma,
 *   decimal or suffix other than a decade "s") is read as a year: 2001..2009
 *   "two thousand one"..; multiples of 100 "nineteen hundred"; otherwise in
 *   pairs, "nineteen ninety nine", "nineteen oh five", "twenty twenty four".
 *   1000 and 2000 read "one thousand" and "two thousand".
 * - Dates: YYYY-MM-DD with a year 1000..2999, month 01..12 and day 01..31
 *   reads the month, the day as an ordinal and the year as above
 *   ("2026-12-05" -> "december fifth twenty twenty six"). M/D/YYYY or
 *   MM/DD/YYYY (the same years) reads month first, this being a US
 *   English voice ("12/05/2026" the same) when the first number is 1..12
 *   and the second 1..31, and day first as "5 January" is read when the
 *   first is 13..31 and the second 1..12 ("25/12/2026" -> "the twenty
 *   fifth of december twenty twenty six"). Nothing is checked against the
 *   month's length. Other forms, and a date joined to more digits by - / .
 *   or :, keep the number readings ("2026-13-05", "12/5/26"; "3/4" and
 *   "24/7" are fractions, below). After a word a date follows (on, until,
 *   till, since, through, thru, due, expires, starting, effective, before,
 *   after, ends, ending, dated) or a day's name ("Tue 10/14") M/D alone
 *   is a date too ("on 12/24" ->
 *   "on december twenty fourth"), unless it is a fraction below one of
 *   halves, thirds, quarters or eighths ("after 1/2 hour") or 9/11.
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
 *   side of the symbol) or right after it, or the ISO code in capitals as
 *   the word before it (USD EUR GBP JPY CAD AUD NZD HKD SGD: "USD 49.99" ->
 *   "forty nine u s dollars , ninety nine cents"; the code reads nothing
 *   there, and a scale word after the amount is read with it). Amounts with at most two decimals
 *   split into units and cents: "$3.50" -> "three dollars , fifty cents",
 *   "$1" -> "one dollar", "$0.01" -> "one cent", "$2.5" -> "two dollars ,
 *   fifty cents", "$0" -> "zero dollars"; £ gives pound(s) and penny/pence,
 *   € euro(s) and cent(s), ¥ yen with no subunit. Three or more decimals
 *   read as a decimal number ("$1.234" -> "one point two three four
 *   dollars"). A magnitude suffix k, m, mn, b, bn, t, tn, thousand, million,
 *   billion or trillion gives "five million dollars" ("$5m"), "two point
 *   five billion dollars" ("$2.5bn"). "50¢" -> "fifty cents". A symbol with
 *   no amount reads its singular name ("$" -> "dollar"). A price divided
 *   by a divisor (below) reads "a" or "an" and the divisor: "$10/month" ->
 *   "ten dollars a month", "$15/hr" -> "fifteen dollars an hour", "$3/kg"
 *   -> "three dollars a kilogram", "12¢/kWh".
 * - Percent: "%" reads "percent" wherever it is ("50%" -> "fifty percent",
 *   "2.5%" -> "two point five percent").
 * - Clock times: H:MM or H:MM:SS with H 0..24 and MM, SS 00..59, not part
 *   of a longer colon chain: "10:30" -> "ten thirty", "7:05" -> "seven oh
 *   five". On the hour, 1..12 read "o'clock" ("ten o'clock") and 0 or
 *   13..24 read "hundred" ("14:00" -> "fourteen hundred", "00:00" -> "zero
 *   hundred"). Seconds other than 00 follow as "and N seconds" ("10:30:15"
 *   -> "ten thirty and fifteen seconds", "10:00:01" -> "ten o'clock and one
 *   second"), and so is a duration read ("1:05:30" -> "one oh five and
 *   thirty seconds"); ":00" seconds read nothing, decimals of a second are
 *   read with them ("1:45:23.4" -> "one forty five and twenty three point
 *   four seconds"), and a single "0" hour is a time stamp read as minutes
 *   and seconds ("0:01:05" -> "one minute and five seconds", "0:00:30" ->
 *   "thirty seconds"). A following am/pm (a.m., p.m., any case, dots
 *   optional) for hours up to 12 reads "a m"/"p m" and drops "o'clock"
 *   unless seconds follow it ("3:30pm" -> "three thirty p m", "12:00am" ->
 *   "twelve a m"); so does a whole number 1..12 before
 *   am/pm ("3pm" -> "three p m"). "a.m." alone is spelled "a m". Other
 *   colon forms ("10:30:75", "1:2:3:4", "25:00", "1:5", "1:") read each
 *   group as a number with the colons dropped; next to a word of ratios
 *   (below) numbers joined by colons are a ratio instead.
 * - Letters and digits mixed are split into runs, each read by the rules
 *   above; a run of up to three letters next to a digit is spelled ("mp3" ->
 *   "m p three", "B2B" -> "b two b", "4K" -> "four k"), "x" between digits
 *   reads "by" ("2x4").
 * - Spelled letters are the letters themselves, except the letter A, which
 *   is "ay" (the word "a" is the article; CMUdict reads "ay" as the letter,
 *   and the espeak-ng frontend turns it into "eh", which espeak-ng reads as
 *   the letter).
 * - Acronyms, the documented rule: a word of two or more capitals is spelled
 *   (FBI, BBC, USA, CEO) unless it has four or more letters and reads like
 *   an English word: it starts with a vowel, one consonant or a common
 *   two-consonant onset (bl br ch cl cr dr fl fr gl gr kn pl pr sc sh sk sl
 *   sm sn sp st sw th tr tw wh wr), has no run of four consonants or three
 *   vowels (Y counts as a consonant) and does not end as no English word
 *   does, a stop or a fricative before l or n (ESPN, AAPL are
 *   spelled), and a word of seven letters or more may start with three
 *   (str thr sch ...: "SPRINGFIELD"): NASA, NATO, UNESCO, COVID, NAFTA are
 *   read as words; so are eight of three letters that everyone says so
 *   (PIN, SIM, RAM, ROM, LAN, WAN, GIF, ZIP) and their plurals ("PINs"). A word
 *   of two to four letters with two or more capitals ("PhD") is spelled
 *   too.
 * - Shouted text: in a sentence where more words of two or more letters
 *   are in capitals than have a small letter, and at least two are
 *   (ctx->shouted), or between two all-capital words, a capital word (the
 *   piece, or a part of it between "-" or "/": "NON-INFRINGEMENT",
 *   "AND/OR") is a word when it is one of the common short words of
 *   normalize_en.c (THE, US, FOR, AND ...: "THE FBI WARNED US." -> "the f b
 *   i warned us"; "US" and "IT" after "the" are spelled, "THE US ARMY"), or
 *   when it has four or more letters and passes a looser form of the rule
 *   above: three-consonant onsets (chr phr sch scr shr sph spl spr str thr)
 *   and dw gh gn ph ps rh sq are allowed, a Y after a consonant is a vowel,
 *   and runs of four consonants or three vowels (STRONG, SCHOOL, MYTH,
 *   WORLDS, BEAUTY are words; NCAA, FDIC, HTML stay spelled). Every other
 *   capital word is spelled as above (FBI, GPL, MIT, CEO).
 * - Dotted initials are spelled ("U.S.A." -> "u s ay"), and so is a capital
 *   letter with the piece's final period, which the scanner keeps only for
 *   an initial ("A. Smith" -> "ay smith").
 * - Units after a number, attached or as the next word, case-sensitive
 *   (km kg g mg cm mm m ml mL mmol mcg lb lbs oz ft mph kph kWh kW
 *   MW GW W V Hz kHz MHz GHz KB MB GB TB min hr hrs ppm ppb, °C °F °, µm µs
 *   µg µl µL µF µV µW, and the rest of the table in normalize_en.c, with
 *   the micro sign or a Greek mu, Ω kΩ MΩ with the ohm sign or a capital
 *   omega): singular for exactly 1 and after "a"/"an" ("a 10 km race"),
 *   else plural ("5 km" -> "five kilometers", "20°C" -> "twenty degrees
 *   celsius", "3 µm" -> "three micrometers", "1 Ω" -> "one ohm", "4.7 kΩ"
 *   -> "four point seven kilo ohms"). A unit divided by a divisor after a
 *   "/" reads "per" and the divisor in the singular ("3 m/s" -> "three
 *   meters per second", "100 km/h", "5 mg/kg" -> "five milligrams per
 *   kilogram"). Divisors, case-sensitive and followed by no letter or
 *   digit, are the units above and s sec second minute h hour day wk week
 *   mo month yr year person, and a litre or decilitre in any case ("5.6
 *   mmol/L", "95 mg/dL"); only after a slash, so "5 day", "5 s" and "27L" keep
 *   their readings. An "s" joined to a number with decimals is seconds
 *   ("9.58s" -> "nine point five eight seconds"); after a whole number it
 *   is a decade or a plural ("30s" -> "thirties"). A unit after the slash that measures the same quantity
 *   in the other system (metric against US customary: length, mass,
 *   volume, temperature, speed) is an alternative and reads "or", in the
 *   number of the first, a first word both share said once ("180°C/°F" ->
 *   "one hundred eighty degrees celsius or fahrenheit", "5 kg/lbs" -> "five
 *   kilograms or pounds", "30 cm/in", "10 km/mi", "250 ml/oz"); one system
 *   on both sides is a ratio and stays "per" ("5 mg/kg"). in, mi, yd, l,
 *   L, gal, C and F are units only in such a pair ("2 l/gal" -> "two liters
 *   or gallons", "180°C/F"), as alone they are too often words.
 * - Fractions: n/2, n/3, n/4 read as halves, thirds, quarters ("3/4" ->
 *   "three quarters"), and like the vulgar fractions below after a whole
 *   number and before a unit ("2 1/2" -> "two and a half", "1/2 km" -> "one
 *   half kilometer"); other n/m read both numbers ("24/7"). Vulgar
 *   fractions (¼ ½ ¾ and U+2150..U+215E) read "one half", "two thirds",
 *   "seven eighths"; after a whole number "and a half", "and an eighth",
 *   "and three quarters" ("2½" -> "two and a half"). A unit after one is
 *   plural after a whole number ("2½ km" -> "two and a half kilometers")
 *   and singular after a fraction alone, like a noun ("½ km" -> "one half
 *   kilometer", as "½ cup" -> "one half cup").
 * - Phone numbers: groups of digits joined by "-" or "." whose last group
 *   has four digits and the one before three or four are read digit by
 *   digit, a pause between groups ("555-123-4567", "1-800-555-0199"); two
 *   four-digit years joined by "-" are a range ("1990-1995" -> "nineteen
 *   ninety to nineteen ninety five"). "(" and three digits, then ")" or
 *   the end of the piece, is an area code, read digit by digit with a pause
 *   after ("(555)123-4567"; the scanner keeps the "(" of "(555) 123-4567"
 *   in the word, text.h, and the ")" is the pause). An extension written
 *   after the number ("x", "ext" or "ext." and digits, ending the piece)
 *   reads "extension" and its digits one by one ("123-4567x89" -> "..., four
 *   five six seven , extension eight nine"); a single letter ending the
 *   piece after the number is read after its digits ("123-4567x" -> "...
 *   four five six seven x").
 * - URLs and e-mail addresses (a "scheme://", "www.", an "@" before a dot,
 *   or a known top-level domain at the end): the scheme is dropped, "."
 *   "dot", "/" "slash", "@" "at", "-" "dash"; a label of two letters
 *   (except "co") or of three without a vowel is spelled ("bbc.co.uk" ->
 *   "b b c dot co dot u k").
 * - Symbols: & "and", + "plus", = "equals", @ "at", # "number" before a
 *   digit, "hashtag" before a letter and "sharp" after a capital note
 *   letter A..G alone ("C#", "C#7"), * "times" between numbers ("5*3"),
 *   % "percent", ° "degrees",
 *   © "copyright", ® "registered", ™ "trademark", ± "plus or minus",
 *   × "times", ÷ "divided by", ≤ "less than or equal to", ≥ "greater than
 *   or equal to", ≠ "not equal to", ≈ "approximately"; every other symbol
 *   is dropped as a word break.
 * - Greek letters (U+0391..U+03A9, U+03B1..U+03C9) standing alone read
 *   their English names ("α" -> "alpha", "Δx" -> "delta x", "2π" -> "two
 *   pi"); two or more together are a Greek word and are dropped. Ω and the
 *   ohm sign read "omega" but are ohms after a number; µ (micro sign) and
 *   μ read "mu", "micro" before a letter ("µC" -> "micro c"), and are the
 *   micro prefix of a unit after a number.
 *
 * With the neighbouring words (normalize_en_word_in):
 * - "#" alone after a word of dialling ("press", "dial" ...; not before
 *   "of" or a number) or before "key" is the telephone's "pound"; "*"
 *   alone between two numbers ("2 * 3") "times", and a star code only
 *   after a word of dialling ("dial *67"; "**100** points" says nothing);
 * - "am"/"pm" (any case, dots optional) after a time or a number 1..12
 *   reads "ay m"/"p m" ("10:30 am"), and the time drops "o'clock";
 * - a number 1..31 after a month reads as an ordinal ("Jan. 5" ->
 *   "january fifth"), before a month as "the Nth of" ("5 January");
 * - a month abbreviated without its period (Jan Feb Mar Apr Jun Jul Aug Sep
 *   Sept Oct Nov Dec; May is a word), capitalised, next to a day (1..31,
 *   an ordinal suffix allowed) or before a year (four digits from 1 or 2)
 *   is the month, and the day reads as above ("Dec 5" -> "december
 *   fifth", "5 Dec 2026" -> "the fifth of december twenty twenty six",
 *   "Sept 2026" -> "september twenty twenty six"); alone, in lower case or
 *   before another word it stays a word ("Jan" may be a name);
 * - Roman numerals, in capitals and written the one standard way (1..3999;
 *   not "IIII", "VV", "IC", "LCD"), after a capitalised chapter, part,
 *   volume, vol, book, episode, section, article, title or bowl, and up to
 *   XXXIX after a capitalised war, act, scene, phase, season, type, class,
 *   level, stage, grade, apollo or tier (which count only a few: "Type
 *   CLI", "Stage CC" are letters), read as numbers ("World War II" ->
 *   "world war two", "Chapter I", "Chapter XL" -> "chapter forty", "Super
 *   Bowl LVIII" -> "super bowl fifty eight"), except L C D M alone and the
 *   numerals from CD (400) up in fewer than four letters, which are letters
 *   or words ("Type C", "Part D", CD DC MD MIX); of two or more letters
 *   from I V X (up to XXXIX) after any other capitalised word, as "the"
 *   and an ordinal ("Henry VIII" -> "henry the eighth", "Pope Pius XII"):
 *   regnal numbers stay below XL, and L C D M after a name are letters
 *   ("Washington DC", "John Smith MD"); a lone V or X after a regnal name
 *   (Henry, Charles, Pius ...) and before no capitalised word likewise
 *   ("Henry V" -> "henry the fifth"; "Malcolm X", "George V Smith" stay);
 * - an extension after a phone number: the word "x89" (or "ext89") after a
 *   phone number reads "extension eight nine", "ext" without its period
 *   between a phone number and a number reads "extension", and a number
 *   after "ext." (abbreviations.h reads it "extension" before a number) or
 *   after a phone number's "ext" reads digit by digit ("Call 555-123-4567
 *   ext. 89" -> "... extension eight nine");
 * - numbers joined by colons, the whole piece, are a ratio, each a
 *   cardinal and "to" between them, before ratio, ratios, scale or odds,
 *   after one of them directly or with of, is, was, are or were between
 *   (ctx->prev2), and after mixed or diluted: "a 1:10:50 ratio" -> "a one
 *   to ten to fifty ratio", "a ratio of 3:2", "mixed 1:1" -> "mixed one to
 *   one", "a 1:50,000 scale"; elsewhere "1:10:50" is a time and "John
 *   3:16" a verse ("three sixteen");
 * - "911" next to call, calls, called, calling, caller(s), dial, dials,
 *   dialed, dialled, dialing, dialling, dispatcher(s) or operator(s), or
 *   with no word on either side at the start or end of a sentence
 *   (ctx->inside_breaks false), is the emergency number: "nine one one"
 *   ("Call 911", "a 911 call", "911!"); elsewhere a number ("911 people",
 *   "Flight 911", "Porsche 911", "905, 911, 920");
 * - a currency amount followed by thousand, million, billion or trillion
 *   reads the scale before the currency ("$5 million" -> "five million
 *   dollars"), and a unit that is the next word is read with its number or
 *   vulgar fraction; such a following word then reads as nothing itself;
 * - a vulgar fraction, or n/2 n/3 n/4, after a whole number reads "and a
 *   half" ... ("2 ½", "2 1/2");
 * - a capital "A" alone is the letter "ay" when a word that is not all
 *   capitals comes before it and no capitalised word after it ("Plan A is",
 *   "an A in math", "vitamin A."), else the article (at the start of a
 *   sentence or after a break, "Once Upon A Time", "THIS IS A TEST");
 * - after "a"/"an", a currency amount without cents is singular ("a $20
 *   bill" -> "a twenty dollar bill").
 */
#ifndef INFLECT_NORMALIZE_EN_H
#define INFLECT_NORMALIZE_EN_H

#include <stdbool.h>
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

/* The words around a piece, as the text scanner gives them (pieces, UTF-8,
 * NUL-terminated); NULL where a break, or the start or end, comes first. */
typedef struct {
    const char *prev;
    bool prev_starts_sentence; /* prev is the first word of its sentence */
    const char *next;
    /* No word on either side, and breaks inside the sentence on both: the
     * piece is neither the first word of its sentence nor followed by its
     * end (the "911" of "905, 911, 920" or "the total (911) was") */
    bool inside_breaks;
    /* The word before prev in the same clause ("ratio" in "ratio of
     * 1:10:50"), NULL where a break, or the start, comes first */
    const char *prev2;
    /* The word before prev2 in the same clause, NULL where a break, or the
     * start, comes first: prev's own neighbour, for reading prev again as
     * it was read (the "0%" of "0% APR 18 mos.") */
    const char *prev3;
    /* The word after next in the same clause (the "4567" of "555 123
     * 4567"), NULL where a break, or the end, comes first */
    const char *next2;
    /* The word after a comma that follows the piece directly (the "Dec" of
     * "Thurs, Dec 10th"), NULL elsewhere */
    const char *after_comma;
    /* The word after that one in the same clause (the "10th"), NULL where
     * after_comma is NULL or a break comes first */
    const char *after_comma_next;
    /* The word after a colon that follows the piece directly (the "12345"
     * of "Order No.: 12345"), NULL elsewhere */
    const char *after_colon;
    /* Most of the sentence's words are written in capitals (shouted text):
     * more words of two or more letters in capitals than with a small
     * letter, and at least two (normalize_en_case_of) */
    bool shouted;
    /* For a piece with a digit right after a colon, the word before the
     * colon and the one before that in the same clause: a form's label
     * ("Account: 12345678901", "ZIP Code: 94103"), NULL elsewhere. Only
     * the rules for codes, identifiers, ZIP codes, ranges, hours and
     * scores read it; a month or a currency before a colon stays a heading
     * ("Jan: 5 sales"). */
    const char *label, *label2;
    /* For a piece of digits alone, the word before the run of such pieces
     * it is in, or the label before a colon ("ID" for each group of
     * "Meeting ID: 891 2345 6789"), NULL elsewhere: the rule of codes read
     * digit by digit reads it. */
    const char *lead;
    /* A place and a lone comma come right before the piece (the "Ill." of
     * "Springfield, Ill."; abbr_place_before_comma): 1; 2 where the place
     * starts its sentence, as a dateline's does; 3 where a word of where
     * comes before the place (abbr_is_locative: "in Reno, NV"); 0
     * elsewhere. A US state's abbreviation or postal code there may be the
     * state (abbreviations.h) */
    unsigned char after_place;
    /* Where prev ends a run of two to four capitalised words, the word
     * before that run in the same clause (the "edged" of "Michigan edged
     * Ohio State 30-24", the "the" of "beat the Green Bay Packers"), NULL
     * elsewhere: a team's name of more than one word */
    const char *before_names;
} normalize_en_context;

/* normalize_en_word() reading the piece between its neighbours (ctx may be
 * NULL: no neighbours). */
size_t normalize_en_word_in(const char *word, const normalize_en_context *ctx, char *out, size_t out_size);

/* Whether normalize_en_word_in() reads the piece as nothing because the
 * word before it says it ("million" of "$5 million", "km" of "5 km"): its
 * span belongs to that word's. */
bool normalize_en_said_before(const char *word, const normalize_en_context *ctx);

/* How a piece is written, for telling shouted text. */
typedef enum {
    NORMALIZE_EN_CASE_NONE,     /* fewer than two letters: "I", "A", "42" */
    NORMALIZE_EN_CASE_CAPITALS, /* two or more letters, all capitals: "FBI", "WARNED", "U.S." */
    NORMALIZE_EN_CASE_SMALL     /* two or more letters, a small one among them: "Warned", "iPhone" */
} normalize_en_case;

normalize_en_case normalize_en_case_of(const char *word);

/* Whether `expanded` (the normaliser's output for `word`) only lowercases
 * the word and drops its accents and apostrophes at the ends: then a reader
 * with its own rules (espeak-ng) may as well be given the word itself. */
bool normalize_en_is_plain(const char *word, const char *expanded);

#endif
