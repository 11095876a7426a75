/* English normalisation (normalize_en.h): golden expansions for every rule,
 * the output contract on small buffers, and hostile input.
 *
 * Copyright (C) 2026 The Inflect authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "normalize_en.h"
#include "text.h"
#include "word_context.h"

/* Every token is [a-z']+ or a lone ","; single spaces between tokens, none
 * at the ends, no "," first, last or twice in a row. */
static bool well_formed(const char *s)
{
    if (!*s)
        return true;
    bool prev_comma = true; /* a comma may not come first */
    const char *p = s;
    for (;;) {
        size_t n = strcspn(p, " ");
        if (n == 0)
            return false;
        if (n == 1 && *p == ',') {
            if (prev_comma)
                return false;
            prev_comma = true;
        } else {
            for (size_t i = 0; i < n; i++)
                if (!((p[i] >= 'a' && p[i] <= 'z') || p[i] == '\''))
                    return false;
            prev_comma = false;
        }
        p += n;
        if (!*p)
            return !prev_comma;
        p++; /* the single space */
    }
}

/* The piece `in` read between its neighbours `prev` and `next` (NULL: none;
 * with neither, through normalize_en_word). */
static void expect_in(const char *prev, const char *in, const char *next, const char *want)
{
    normalize_en_context ctx = {.prev = prev, .next = next};
    char out[NORMALIZE_EN_OUT_BYTES];
    size_t n = prev || next ? normalize_en_word_in(in, &ctx, out, sizeof out) : normalize_en_word(in, out, sizeof out);
    CHECK(strcmp(out, want) == 0, "\"%s\" between \"%s\" and \"%s\"\n  got  \"%s\"\n  want \"%s\"", in,
          prev ? prev : "", next ? next : "", out, want);
    CHECK(n == strlen(out), "\"%s\": returned %zu for %zu bytes", in, n, strlen(out));
    CHECK(well_formed(out), "\"%s\": malformed \"%s\"", in, out);
}

static void expect(const char *in, const char *want)
{
    expect_in(NULL, in, NULL, want);
}

static void test_letters(void)
{
    expect("hello", "hello");
    expect("Hello", "hello");
    expect("WORLD", "world");
    expect("Don't", "don't");
    expect("don’t", "don't");   /* typographic apostrophe */
    expect("'tis", "tis");
    expect("dogs'", "dogs");
    expect("rock'n'roll", "rock'n'roll");
    expect("a''b", "a'b");
    expect("'", "");
    expect("end.", "end");
    expect("Café", "cafe");
    expect("naïve", "naive");
    expect("Señor", "senor");
    expect("Müller", "muller");
    expect("Straße", "strasse");
    expect("Æsop", "aesop");
    expect("œuvre", "oeuvre");
    expect("Dvořák", "dvorak");
    expect("Łódź", "lodz");
    expect("cafe\xcc\x81", "cafe");       /* e + combining acute */
    expect("\xef\xbc\xa1\xef\xbc\xa2", "ay b"); /* fullwidth AB: capitals, an acronym */
    expect("\xef\xbd\x81\xef\xbd\x82", "ab"); /* fullwidth ab */
    expect("a\xd0\xb1" "c", "a c");       /* Cyrillic letter dropped, splits */
    expect("Привет", "");
}

static void test_abbreviations(void)
{
    static const char *const pairs[][2] = {
        {"Mr.", "mister"},   {"Mrs.", "misess"},  {"Dr.", "drive"},         {"St.", "street"},
        {"Co.", "company"},  {"Jr.", "junior"},   {"Maj.", "major"},        {"Gen.", "general"},
        {"Drs.", "doctors"}, {"Rev.", "reverend"}, {"Lt.", "lieutenant"},   {"Hon.", "honorable"},
        {"Sgt.", "sergeant"}, {"Capt.", "captain"}, {"Esq.", "esquire"},    {"Ltd.", "limited"},
        {"Col.", "colonel"}, {"Ft.", "fort"}};
    for (size_t i = 0; i < sizeof pairs / sizeof pairs[0]; i++) {
        expect(pairs[i][0], pairs[i][1]);
        char up[16];
        size_t k = 0;
        for (const char *p = pairs[i][0]; *p; p++)
            up[k++] = (*p >= 'a' && *p <= 'z') ? (char)(*p - 32) : *p;
        up[k] = '\0';
        expect(up, pairs[i][1]);
    }
    expect("Dr", "dr");     /* only with the period */
    expect("st", "st");
    expect("dr.", "drive"); /* no name after it: the street (abbreviations.h) */
    expect("Mr.Smith", "mr dot smith");
    expect("U.S.A", "u s ay");
    expect("U.S.A.", "u s ay");
    expect("e.g.", "for example");
    expect("i.e", "i e");
    expect("Ph.D.", "p h d");
    expect("example.com", "example dot com");
    expect("a.m.", "ay m");
    expect("p.m.", "p m");
    expect_in(NULL, "A.", "Smith", "ay"); /* an initial is the letter, never the article */
    /* a capital A alone inside a sentence is the letter, unless title case or shouting */
    expect_in("Plan", "A", "is", "ay");
    expect_in("an", "A", "in", "ay");
    expect_in("vitamin", "A", NULL, "ay");
    expect_in(NULL, "A", "dog", "a");     /* starts the sentence (or follows a break) */
    expect_in("Upon", "A", "Time", "a");  /* title case */
    expect_in("IS", "A", "TEST", "a");    /* shouted */
    expect_in("what", "a", NULL, "a");
    expect("a.k.a.", "also known as");
    expect_in("see", "p.", "5", "page");
    expect_in("see", "pp.", "5", "pages");
    expect_in("your", "p.", "and", "p"); /* only before a number */
    expect("A.M.", "ay m");
}

static void test_cardinals(void)
{
    expect("0", "zero");
    expect("7", "seven");
    expect("13", "thirteen");
    expect("20", "twenty");
    expect("42", "forty two");
    expect("100", "one hundred");
    expect("101", "one hundred one");
    expect("123", "one hundred twenty three");
    expect("999", "nine hundred ninety nine");
    expect("1,000", "one thousand");
    expect("1,999", "one thousand nine hundred ninety nine");
    expect("12,345", "twelve thousand three hundred forty five");
    expect("1,000,000", "one million");
    expect("1000000", "one million");
    expect("3000", "three thousand");
    expect("999", "nine hundred ninety nine");
    expect("10001", "ten thousand one");
    expect("1,000,000,001", "one billion one");
    expect("999,999,999,999,999",
           "nine hundred ninety nine trillion nine hundred ninety nine billion nine hundred ninety nine million "
           "nine hundred ninety nine thousand nine hundred ninety nine");
    expect("100000000000000", "one hundred trillion");
    expect("1234567890123456", "one two three four five six seven eight nine zero one two three four five six");
    expect("007", "zero zero seven");
    expect("02139", "zero two one three nine");
    expect("-5", "minus five");
    expect("\xe2\x88\x92" "5", "minus five"); /* U+2212 */
    expect("+5", "plus five");
    expect("-1,000", "minus one thousand");
    expect("1,2", "one , two");
    expect("1,2,3", "one , two , three");
    expect("12,34", "twelve , thirty four");
    expect("5-3", "five three");
}

static void test_years(void)
{
    expect("1000", "one thousand");
    expect("1001", "ten oh one");
    expect("1066", "ten sixty six");
    expect("1100", "eleven hundred");
    expect("1900", "nineteen hundred");
    expect("1905", "nineteen oh five");
    expect("1999", "nineteen ninety nine");
    expect("2000", "two thousand");
    expect("2001", "two thousand one");
    expect("2009", "two thousand nine");
    expect("2010", "twenty ten");
    expect("2024", "twenty twenty four");
    expect("2100", "twenty one hundred");
    expect("2999", "twenty nine ninety nine");
    expect("1,999", "one thousand nine hundred ninety nine");
    expect("-1999", "minus one thousand nine hundred ninety nine");
    expect("1999.5", "one thousand nine hundred ninety nine point five");
    expect("1990-1995", "nineteen ninety to nineteen ninety five");
}

static void test_decimals(void)
{
    expect("3.14", "three point one four");
    expect(".5", "point five");
    expect("0.5", "zero point five");
    expect("-0.25", "minus zero point two five");
    expect("1,234.56", "one thousand two hundred thirty four point five six");
    expect("3.", "three");
    expect("1.2.3", "one dot two dot three");
    expect("192.168.0.1", "one hundred ninety two dot one hundred sixty eight dot zero dot one");
}

static void test_ordinals(void)
{
    expect("0th", "zeroth");
    expect("1st", "first");
    expect("2nd", "second");
    expect("3rd", "third");
    expect("4th", "fourth");
    expect("5th", "fifth");
    expect("8th", "eighth");
    expect("9th", "ninth");
    expect("11th", "eleventh");
    expect("12th", "twelfth");
    expect("20th", "twentieth");
    expect("21st", "twenty first");
    expect("42nd", "forty second");
    expect("100th", "one hundredth");
    expect("1,000th", "one thousandth");
    expect("1999th", "one thousand nine hundred ninety ninth");
    expect("1ST", "first");
    expect("4thing", "four thing");
}

static void test_decades(void)
{
    expect("1990s", "nineteen nineties");
    expect("1980's", "nineteen eighties");
    expect("1900s", "nineteen hundreds");
    expect("2000s", "two thousands");
    expect("2010s", "twenty tens");
    expect("90s", "nineties");
    expect("'90s", "nineties");
    expect("’90s", "nineties");
    expect("80's", "eighties");
    expect("60s", "sixties");
    expect("20s", "twenties");
    expect("100s", "hundreds");
    expect("1000s", "thousands");
    expect("6s", "sixes");
    expect("4s", "fours");
}

static void test_currency(void)
{
    expect("$3.50", "three dollars , fifty cents");
    expect("$1", "one dollar");
    expect("$2", "two dollars");
    expect("$0", "zero dollars");
    expect("$0.00", "zero dollars");
    expect("$0.01", "one cent");
    expect("$0.5", "fifty cents");
    expect("$.99", "ninety nine cents");
    expect("$1.01", "one dollar , one cent");
    expect("$1.00", "one dollar");
    expect("$2.5", "two dollars , fifty cents");
    expect("$1,000", "one thousand dollars");
    expect("$1,000,000.10", "one million dollars , ten cents");
    expect("$1.234", "one point two three four dollars");
    expect("$1999", "one thousand nine hundred ninety nine dollars");
    expect("$5m", "five million dollars");
    expect("$5M", "five million dollars");
    expect("$5bn", "five billion dollars");
    expect("$2.5bn", "two point five billion dollars");
    expect("$1m", "one million dollars");
    expect("$5k", "five thousand dollars");
    expect("$3tn", "three trillion dollars");
    expect("$5million", "five million dollars");
    expect("$5mx", "five dollars m x");
    expect("-$5", "minus five dollars");
    expect("$-5", "minus five dollars");
    expect("£5", "five pounds");
    expect("£1", "one pound");
    expect("£1.01", "one pound , one penny");
    expect("£2.50", "two pounds , fifty pence");
    expect("€5", "five euros");
    expect("€1", "one euro");
    expect("€1.20", "one euro , twenty cents");
    expect("¥500", "five hundred yen");
    expect("¥1.5", "one point five yen");
    expect("5€", "five euros");
    expect("5$", "five dollars");
    expect("50¢", "fifty cents");
    expect("1¢", "one cent");
    expect("US$5", "five u s dollars");
    expect("US$4.2bn", "four point two billion u s dollars");
    expect("A$50", "fifty australian dollars");
    expect("NZ$1.20", "one new zealand dollar , twenty cents");
    expect("USA$5", "u s ay five dollars");
    expect("$12345678901234567",
           "one two three four five six seven eight nine zero one two three four five six seven dollars");
    expect("$", "dollar");
    expect("$.", "dollar");
    expect("£", "pound");
    expect("€", "euro");
    expect("$$", "dollar dollar");
}

static void test_percent(void)
{
    expect("50%", "fifty percent");
    expect("2.5%", "two point five percent");
    expect("-3%", "minus three percent");
    expect("100%", "one hundred percent");
    expect("2000%", "two thousand percent");
    expect("1999%", "one thousand nine hundred ninety nine percent");
    expect("%", "percent");
    /* a "-" after a percent (or degree, cent) joins two amounts: no minus */
    expect("5%-10%", "five percent to ten percent");
    expect("20°-30°", "twenty degrees to thirty degrees");
    expect("%-5", "percent minus five");
}

static void test_times(void)
{
    expect("10:30", "ten thirty");
    expect("7:05", "seven oh five");
    expect("07:05", "seven oh five");
    expect("10:00", "ten o'clock");
    expect("12:00", "twelve o'clock");
    expect("14:45", "fourteen forty five");
    expect("14:00", "fourteen hundred");
    expect("00:00", "zero hundred");
    expect("0:30", "zero thirty");
    expect("24:00", "twenty four hundred");
    expect("3:30pm", "three thirty p m");
    expect("3:30PM", "three thirty p m");
    expect("3:30p.m.", "three thirty p m");
    expect("3:30p.m", "three thirty p m");
    expect("9:15a.m.", "nine fifteen ay m");
    expect_in(NULL, "10k", "followers", "ten thousand");
    expect_in(NULL, "1.5M", "subscribers", "one point five million");
    expect_in(NULL, "2m", "people", "two million");
    expect_in(NULL, "2bn", "users", "two billion");
    expect_in("a", "2m", "wall", "two meter");
    expect_in(NULL, "10k", "run", "ten k");
    expect_in(NULL, "3M", NULL, "three m");
    expect("7.30pm", "seven thirty p m");
    expect("11.05pm", "eleven oh five p m");
    expect("7.00pm", "seven p m");
    expect("13.30pm", "thirteen point three zero p m");
    expect("3.75pm", "three point seven five p m");
    expect_in("11.05", "am", NULL, "ay m");
    expect_in(NULL, "11.05", "am", "eleven oh five");
    expect_in(NULL, "7.30", "today", "seven point three zero");
    expect("12:00am", "twelve ay m");
    expect("12:00pm", "twelve p m");
    expect("3:00pm", "three p m");
    expect("3pm", "three p m");
    expect("11AM", "eleven ay m");
    expect("13pm", "thirteen p m");
    expect("14:45pm", "fourteen forty five p m");
    /* seconds after the clock reading, also for a duration */
    expect("10:30:15", "ten thirty and fifteen seconds");
    expect("1:10:30", "one ten and thirty seconds");
    expect("1:05:30", "one oh five and thirty seconds");
    expect("10:30:01", "ten thirty and one second");
    expect("10:30:00", "ten thirty");
    expect("10:00:00", "ten o'clock");
    expect("10:00:15", "ten o'clock and fifteen seconds");
    expect("14:00:15", "fourteen hundred and fifteen seconds");
    expect("10:30:15pm", "ten thirty and fifteen seconds p m");
    expect("10:00:00pm", "ten p m");
    expect_in(NULL, "10:00:00", "pm", "ten");
    expect_in("10:30:15", "pm", NULL, "p m");
    /* decimals of a second are read with the seconds, not dropped */
    expect("1:45:23.4", "one forty five and twenty three point four seconds");
    expect("12:34:56.789", "twelve thirty four and fifty six point seven eight nine seconds");
    expect("10:00:00.5", "ten o'clock and zero point five seconds");
    expect("10:30:01.5pm", "ten thirty and one point five seconds p m");
    expect("1:02:03.4.5", "one zero two zero three dot four dot five");
    /* a single "0" hour is a time stamp: minutes and seconds */
    expect("0:01:05", "one minute and five seconds");
    expect("0:45:12", "forty five minutes and twelve seconds");
    expect("0:00:30", "thirty seconds");
    expect("0:00:01", "one second");
    expect("0:01:00", "one minute");
    expect("0:00:00", "zero seconds");
    expect("0:00:02.5", "two point five seconds");
    expect("00:00:30", "zero hundred and thirty seconds"); /* a 24-hour clock */
    expect("0:30", "zero thirty");
    /* not a time: each group a number */
    expect("10:30:60", "ten thirty sixty");
    expect("10:30:5", "ten thirty five");
    expect("10:30:150", "ten thirty one hundred fifty");
    expect("10:30:15:20", "ten thirty fifteen twenty");
    /* minutes of one digit are no time: a ratio ("1:1") */
    expect("1:2:3:4:5", "one to two to three to four to five");
    expect("25:10:15", "twenty five ten fifteen");
    expect("25:00", "twenty five zero zero");
    expect("10:60", "ten sixty");
    expect("1:5", "one to five");
    expect("1:", "one");
    expect(":", "");
    expect("::", "");
    expect("10:305", "ten three hundred five");
}

static void test_mixed(void)
{
    expect("mp3", "m p three");
    expect("A4", "ay four");
    expect("Win10", "win ten");
    expect("COVID-19", "covid nineteen");
    expect("B2B", "b two b");
    expect("4x4", "four by four");
    expect("3D", "three d");
    expect("v1.2", "version one point two");
    expect("file.mp3", "file dot m p three");
    expect("Win10", "win ten");
    expect("F-16", "f sixteen");
    expect("x-ray", "x ray");
    /* exponents: the sign of the power is kept */
    expect("1.5E-3", "one point five times ten to the minus three");
    expect("6.02e23", "six point zero two times ten to the twenty three");
    expect("2e+10", "two times ten to the ten");
    expect("-1.5e-3", "minus one point five times ten to the minus three");
    expect("1e9", "one e nine");
    expect("5e", "five e");
    expect("1.5e1234", "one point five e twelve thirty four"); /* no power of four digits */
}

static void test_symbols(void)
{
    expect("&", "and");
    expect("R&D", "r and d");
    expect("+", "plus");
    expect("@", "at");
    expect("me@example.com", "me at example dot com");
    expect("#", "number");
    expect("#1", "number one");
    /* a hashtag's words, and a version */
    expect("#BlackLivesMatter", "hashtag black lives matter");
    expect("#COVIDVaccine", "hashtag covid vaccine");
    expect("#NBAFinals", "hashtag n b ay finals");
    expect("#tbt", "hashtag tbt");
    expect("#NASA", "hashtag nasa");
    expect("v2.1.3", "version two point one point three");
    expect("v2.3.1045", "version two point three point one thousand forty five");
    expect("v10", "version ten");
    expect("V8", "v eight");
    expect("1.2.3", "one dot two dot three");
    expect("30°", "thirty degrees");
    expect("=", "equals");
    expect("a/b", "a b");
    expect("24/7", "twenty four seven");
    expect("-", "");
    expect("--", "");
    expect("...", "");
    expect("x=-5", "x equals minus five");
}

static void test_vulgar_fractions(void)
{
    expect("½", "one half");
    expect("¼", "one quarter");
    expect("¾", "three quarters");
    expect("⅓", "one third");
    expect("⅔", "two thirds");
    expect("⅕", "one fifth");
    expect("⅘", "four fifths");
    expect("⅙", "one sixth");
    expect("⅚", "five sixths");
    expect("⅐", "one seventh");
    expect("⅛", "one eighth");
    expect("⅞", "seven eighths");
    expect("⅑", "one ninth");
    expect("⅒", "one tenth");
    /* after a whole number, attached or as the word before */
    expect("2½", "two and a half");
    expect("1⅛", "one and an eighth");
    expect("3¾", "three and three quarters");
    expect("10⅔", "ten and two thirds");
    expect("-1½", "minus one and a half");
    expect("-½", "minus one half");
    expect_in("2", "½", "cups", "and a half");
    expect_in("2.5", "½", NULL, "one half"); /* not a whole number */
    expect_in(NULL, "½", "cup", "one half");
    /* units: plural after a whole number, singular after a fraction alone */
    expect("2½km", "two and a half kilometers");
    expect("1½km", "one and a half kilometers");
    expect("½km", "one half kilometer");
    expect("¾°", "three quarters degree");
    expect_in("2", "½", "km", "and a half kilometers");
    expect_in(NULL, "2½", "km", "two and a half kilometers");
    expect_in("2½", "km", NULL, ""); /* read with the number */
    expect_in("½", "km", NULL, "");
    expect_in("a", "2½", "km", "two and a half kilometer"); /* "a 2½ km race" */
    /* ASCII fractions keep their reading */
    expect("3/4", "three quarters");
    /* and after a whole number, or before a unit, read as the vulgar ones */
    expect_in("2", "1/2", "cups", "and a half");
    expect_in("3", "3/4", NULL, "and three quarters");
    expect_in("2", "1/2", "km", "and a half kilometers");
    expect_in(NULL, "1/2", "km", "one half kilometer");
    expect_in("1/2", "km", NULL, ""); /* read with the fraction */
    expect_in("2.5", "1/2", NULL, "one half");
    expect_in("24", "7/8", NULL, "seven eight"); /* not one of n/2, n/3, n/4 */
}

static void test_signs(void)
{
    expect("©", "copyright");
    expect("®", "registered");
    expect("™", "trademark");
    expect("©2020", "copyright twenty twenty");
    expect("Inflect™", "inflect trademark");
    expect("Acme®", "acme registered");
    expect("±", "plus or minus");
    expect("±5%", "plus or minus five percent");
    expect("×", "times");
    expect("3×4", "three times four");
    expect("2×", "two times");
    expect("÷", "divided by");
    expect("10÷2", "ten divided by two");
    expect("≤", "less than or equal to");
    expect("≥", "greater than or equal to");
    expect("x≥3", "x greater than or equal to three");
    expect("x≤-3", "x less than or equal to minus three");
    expect("≠", "not equal to");
    expect("x≠y", "x not equal to y");
    expect("≈", "approximately");
    expect("≈3.14", "approximately three point one four");
    /* the ASCII signs as before; U+2212 is a minus before a number */
    expect("=", "equals");
    expect("+", "plus");
    expect("\xe2\x88\x92" "5", "minus five");
}

static void test_greek(void)
{
    static const char *const pairs[][2] = {
        {"α", "alpha"},   {"β", "beta"},    {"γ", "gamma"},   {"δ", "delta"}, {"ε", "epsilon"},
        {"ζ", "zeta"},    {"η", "eta"},     {"θ", "theta"},   {"ι", "iota"},  {"κ", "kappa"},
        {"λ", "lambda"},  {"ν", "nu"},      {"ξ", "xi"},      {"ο", "omicron"}, {"π", "pi"},
        {"ρ", "rho"},     {"σ", "sigma"},   {"ς", "sigma"},   {"τ", "tau"},   {"υ", "upsilon"},
        {"φ", "phi"},     {"χ", "chi"},     {"ψ", "psi"},     {"ω", "omega"}, {"Α", "alpha"},
        {"Δ", "delta"},   {"Σ", "sigma"},   {"Μ", "mu"}};
    for (size_t i = 0; i < sizeof pairs / sizeof pairs[0]; i++)
        expect(pairs[i][0], pairs[i][1]);
    expect("\u03a9", "omega"); /* capital omega */
    expect("\u2126", "omega"); /* the ohm sign, the same letter after NFC */
    expect("\u03bc", "mu");    /* small mu */
    expect("\u00b5", "mu");    /* the micro sign */
    expect("\u00b5" "C", "micro c");
    expect("Δx", "delta x");
    expect("2π", "two pi");
    expect("β-blocker", "beta blocker");
    expect("α=0.05", "alpha equals zero point zero five");
    /* a word in Greek is another script: dropped, accents and all */
    expect("αβ", "");
    expect("Ελληνικά", "");
    expect("μέγα", "");
    expect("ά", "");
}

/* Ohms and micro-units after a number, attached or as the next word;
 * \u03a9 is the capital omega, \u2126 the ohm sign, \u00b5 the micro sign
 * and \u03bc the small mu. */
static void test_ohms_and_micro(void)
{
    expect("10\u03a9", "ten ohms");
    expect("10\u2126", "ten ohms");
    expect("1\u03a9", "one ohm");
    expect("1.5\u03a9", "one point five ohms");
    expect("4.7k\u03a9", "four point seven kilo ohms");
    expect("1k\u03a9", "one kilo ohm");
    expect("2.2M\u2126", "two point two mega ohms");
    expect_in(NULL, "10", "\u03a9", "ten ohms");
    expect_in(NULL, "1", "\u03a9", "one ohm");
    expect_in(NULL, "4.7", "k\u03a9", "four point seven kilo ohms");
    expect_in("10", "\u03a9", NULL, ""); /* read with the number */
    expect_in("a", "10", "\u03a9", "ten ohm"); /* "a 10 Ω resistor" */
    expect("3\u00b5m", "three micrometers");
    expect("1\u00b5m", "one micrometer");
    expect("3\u03bcm", "three micrometers");
    expect("5\u00b5s", "five microseconds");
    expect("1\u00b5s", "one microsecond");
    expect("10\u00b5" "F", "ten microfarads");
    expect("2\u00b5g", "two micrograms");
    expect("1\u00b5l", "one microliter");
    expect("250\u00b5L", "two hundred fifty microliters");
    expect("5\u00b5V", "five microvolts");
    expect_in(NULL, "3", "\u00b5m", "three micrometers");
    expect_in(NULL, "1", "\u03bcs", "one microsecond");
    expect_in("3", "\u00b5m", NULL, "");
}

/* What is read for the pieces of `text`: want[k].words, in order, each
 * standing for the bytes of want[k].written (its scanner piece). */
typedef struct {
    const char *words, *written;
} reading;

static void expect_offsets(const char *text, const reading *want, size_t n)
{
    static text_scanner sc;
    static text_item it;
    static word_context wc;
    size_t found = 0;
    const char *from = text; /* where the next one is written */
    text_scanner_init(&sc, text, strlen(text), TEXT_LATIN_ONLY | TEXT_ENGLISH_NUMBERS);
    word_context_init(&wc);
    for (text_next(&sc, &it); it.kind != TEXT_END; text_next(&sc, &it)) {
        if (it.kind == TEXT_WORD) {
            normalize_en_context ctx;
            char words[NORMALIZE_EN_OUT_BYTES];
            word_context_of(&wc, &sc, &it, &ctx);
            normalize_en_word_in(it.text, &ctx, words, sizeof words);
            if (found < n && strcmp(words, want[found].words) == 0) {
                const char *w = strstr(from, want[found].written);
                size_t at = (size_t)(w - text), len = strlen(want[found].written);
                CHECK(it.offset == at && it.length == len, "\"%s\" at %zu+%zu, want %zu+%zu", words, it.offset,
                      it.length, at, len);
                from = w + len;
                found++;
            }
        }
        word_context_passed(&wc, &it);
    }
    CHECK(found == n, "%s: only %zu of %zu readings", text, found, n);
}

/* The words a symbol reads stand for the symbol's own bytes: the scanner
 * piece that holds it. */
static void test_symbol_offsets(void)
{
    static const reading want[] = {{"copyright", "©"},
                                   {"one half", "½"},
                                   {"and a half", "½"},
                                   {"ten ohms", "10\u2126"},
                                   {"inflect trademark", "Inflect™"}};
    expect_offsets("x © 2020, ½ cup and 2 ½, 10\u2126 Inflect™", want, sizeof want / sizeof *want);
}

/* So do the words of a phone number, a time with seconds, a divided unit
 * (with the number it follows, as "5 km") and a Roman numeral. */
static void test_reading_offsets(void)
{
    static const reading want[] = {{"five five five", "(555"},
                                   {"one two three , four five six seven", "123-4567"},
                                   {"ten thirty and fifteen seconds", "10:30:15"},
                                   {"p m", "pm"},
                                   {"ten dollars a month", "$10/month"},
                                   {"three meters per second", "3"},
                                   {"", "m/s"},
                                   {"fifty eight", "LVIII"}};
    expect_offsets("Call (555) 123-4567 at 10:30:15 pm, pay $10/month, go 3 m/s at Super Bowl LVIII.", want,
                   sizeof want / sizeof *want);
}

/* The output contract with small buffers: whole tokens, NUL, the full size. */
static void test_buffers(void)
{
    const char *in = "$3.50";
    const char *full = "three dollars , fifty cents";
    size_t need = strlen(full);
    CHECK(normalize_en_word(in, NULL, 0) == need, "size query");
    char out[64];
    for (size_t size = 1; size <= need + 1; size++) {
        memset(out, 'X', sizeof out);
        size_t n = normalize_en_word(in, out, size);
        CHECK(n == need, "size %zu: returned %zu", size, n);
        size_t len = strlen(out);
        CHECK(len < size, "size %zu: %zu bytes written", size, len);
        CHECK(out[size] == 'X', "size %zu: wrote past the buffer", size);
        CHECK(strncmp(out, full, len) == 0, "size %zu: \"%s\" is not a prefix", size, out);
        CHECK(len == 0 || len == need || full[len] == ' ', "size %zu: \"%s\" cuts a token", size, out);
        CHECK(len == 0 || out[len - 1] != ' ', "size %zu: trailing space", size);
        CHECK(len < need || size == need + 1, "size %zu: whole output only when it fits", size);
    }
    /* a pause never ends a cut list */
    CHECK(normalize_en_word(in, out, strlen("three dollars , ") + 1) == need, "cut at comma");
    CHECK(strcmp(out, "three dollars") == 0, "cut at comma: \"%s\"", out);
    memset(out, 'X', sizeof out);
    CHECK(normalize_en_word("hello", out, 0) == 5 && out[0] == 'X', "size 0 writes nothing");
    CHECK(normalize_en_word(NULL, out, sizeof out) == 0 && out[0] == '\0', "NULL word");
    CHECK(normalize_en_word("", out, sizeof out) == 0 && out[0] == '\0', "empty word");
}

/* Expands `in` with guard bytes after the buffer and checks the contract. */
static void hostile(const char *in)
{
    static char out[NORMALIZE_EN_OUT_SIZE(NORMALIZE_EN_MAX_INPUT) + 16];
    size_t len = strnlen(in, NORMALIZE_EN_MAX_INPUT);
    size_t size = NORMALIZE_EN_OUT_SIZE(len);
    memset(out, 'X', size + 16);
    size_t n = normalize_en_word(in, out, size);
    CHECK(n < size, "%zu bytes of input need %zu (more than the documented %zu)", len, n, size);
    CHECK(n == strlen(out), "returned %zu for %zu bytes", n, strlen(out));
    CHECK(out[size] == 'X', "wrote past the buffer");
    CHECK(well_formed(out), "malformed \"%.80s\"", out);
    /* cut short, the output is a prefix of whole tokens */
    if (n > 8) {
        static char cut[NORMALIZE_EN_OUT_SIZE(NORMALIZE_EN_MAX_INPUT) + 16];
        size_t half = n / 2;
        CHECK(normalize_en_word(in, cut, half) == n, "cut: size");
        size_t k = strlen(cut);
        CHECK(k < half && strncmp(cut, out, k) == 0 && (out[k] == ' ' || k == 0), "cut: not a token prefix");
        CHECK(well_formed(cut), "cut: malformed \"%.80s\"", cut);
    }
}

static void test_hostile(void)
{
    static const char *const garbage[] = {
        "\xff", "\xc3", "\xe2\x82", "\xed\xa0\x80", "\xf4\x90\x80\x80", "\xc0\xaf", "a\xff" "b", "1\xff" "2",
        "$\xff" "5", "\x01\x02\x1f\x7f", "\xf0\x9f\x98\x80", "1\xcc\x81" "2", "\xe2\x80\x8b",
    };
    for (size_t i = 0; i < sizeof garbage / sizeof garbage[0]; i++)
        hostile(garbage[i]);
    expect("a\xff" "b", "a b");
    expect("1\xff" "2", "one two");
    expect("\xff", "");

    char big[1100];
    /* 257 bytes of digits (a scanner piece at most 256 plus the NUL) */
    memset(big, '7', 256);
    big[256] = '\0';
    hostile(big);
    char out[NORMALIZE_EN_OUT_BYTES];
    normalize_en_word(big, out, sizeof out);
    CHECK(strncmp(out, "seven seven seven", 17) == 0, "long digits: \"%.40s\"", out);
    /* 300 characters of each kind, and past the input limit */
    static const char *const units[] = {"a", "7", "%", "#", "$", "£", "€", "1,", "-7", "777,", ".", ":", "'",
                                        "1:00", "$1m", "77.", "7-", "777777777777777-", "1st", "a.", "\xff",
                                        "é", "ß", "'s", "9,999,999,999,999", "½", "7¾", "≥", "±", "ο",
                                        "ο-", "1k\u03a9", "½mph", "I", "1:2", "10:30:15", "/", "(555", "(555)",
                                        "3m/s", "$1/mo", "911", "123-4567x", "123-4567x89", "x89", "ext.",
                                        "1:10:50", "5kg/lbs", "5l/gal", "180\u00b0C/F", "1:"};
    for (size_t u = 0; u < sizeof units / sizeof units[0]; u++) {
        size_t k = strlen(units[u]), n = 0;
        while (n + k < 300) {
            memcpy(big + n, units[u], k);
            n += k;
        }
        big[n] = '\0';
        hostile(big);
        while (n + k < sizeof big - 1) {
            memcpy(big + n, units[u], k);
            n += k;
        }
        big[n] = '\0';
        hostile(big);
    }
    /* huge numbers */
    expect("1000000000000000", "one zero zero zero zero zero zero zero zero zero zero zero zero zero zero zero");
    expect("1,000,000,000,000,000",
           "one zero zero zero zero zero zero zero zero zero zero zero zero zero zero zero");
    expect("99999999999999999999th",
           "nine nine nine nine nine nine nine nine nine nine nine nine nine nine nine nine nine nine nine ninth");
    expect("$", "dollar");
    expect("$.", "dollar");
    expect(":", "");
    expect("1:", "one");
    expect("00:00", "zero hundred");
    expect("", "");

    /* random strings over the characters the rules care about */
    static const char *const alphabet[] = {"0", "1", "2", "5", "9", ",", ".", ":", "-", "'", "$", "%", "s", "t",
                                           "h", "a", "m", "p", "d", "r", "k", "b", "£", "€", "¢", "\xff", "&",
                                           "é", "#", "+", "\xe2\x88\x92", "½", "⅞", "\u03a9", "k", "\u00b5",
                                           "α", "≥", "©", "°", "(", ")", "/"};
    for (int trial = 0; trial < 20000; trial++) {
        size_t n = 0, len = (size_t)rnd_int(0, 24);
        for (size_t i = 0; i < len; i++) {
            const char *a = alphabet[rnd_u32() % (sizeof alphabet / sizeof alphabet[0])];
            size_t k = strlen(a);
            memcpy(big + n, a, k);
            n += k;
        }
        big[n] = '\0';
        hostile(big);
    }
}

/* ---- the test set --------------------------------------------------------- */

/* What the frontends make of a whole text before the lexicon: each scanner
 * word normalised between its neighbours, pauses left out, " ." at each
 * sentence end but the last. */
static void text_words(const char *text, char *out, size_t size)
{
    static text_scanner sc;
    static text_item it;
    static word_context wc;
    text_scanner_init(&sc, text, strlen(text), TEXT_LATIN_ONLY | TEXT_ENGLISH_NUMBERS); /* as the English frontends */
    word_context_init(&wc);
    size_t n = 0;
    out[0] = '\0';
    for (text_next(&sc, &it); it.kind != TEXT_END; text_next(&sc, &it)) {
        char words[NORMALIZE_EN_OUT_BYTES] = "";
        if (it.kind == TEXT_WORD) {
            normalize_en_context ctx;
            word_context_of(&wc, &sc, &it, &ctx);
            normalize_en_word_in(it.text, &ctx, words, sizeof words);
        } else if (it.sentence_end || it.kind == TEXT_PARAGRAPH) {
            strcpy(words, ".");
        }
        word_context_passed(&wc, &it);
        for (char *w = strtok(words, " "); w; w = strtok(NULL, " "))
            if (strcmp(w, ",") != 0 && n + strlen(w) + 2 < size)
                n += (size_t)snprintf(out + n, size - n, "%s%s", n ? " " : "", w);
    }
    while (n >= 1 && out[n - 1] == '.')
        out[n = n >= 2 ? n - 2 : 0] = '\0';
}

/* Scanner pieces of a sentence, each read in its context: what the frontend
 * will see. */
static void test_with_scanner(void)
{
    const char *text = "Dr. Smith paid $3.50 at 10:30pm on the 21st of May, 1999 (about 50% of U.S.A. GDP).";
    const char *want = "doctor smith paid three dollars fifty cents at ten thirty p m on the twenty first of may "
                       "nineteen ninety nine about fifty percent of u s ay g d p"; /* "U.S.A." before a capital ends the sentence, but not before one of its institutions or measures */
    char all[1024];
    text_words(text, all, sizeof all);
    CHECK(strcmp(all, want) == 0, "scanned\n  got  \"%s\"\n  want \"%s\"", all, want);
}

/* Whole texts through the scanner: what a piece is decides what is read. */
static void expect_text(const char *text, const char *want)
{
    char all[1024];
    text_words(text, all, sizeof all);
    CHECK(strcmp(all, want) == 0, "scanned \"%s\"\n  got  \"%s\"\n  want \"%s\"", text, all, want);
}

static void test_scanned(void)
{
    /* a leading decimal point belongs to the number: no sentence end before it */
    expect_text("It is .5 now.", "it is point five now");
    expect_text(".5 is half.", "point five is half");
    expect_text("It costs $.50 today.", "it costs fifty cents today");
    expect_text("It is -.5 now.", "it is minus point five now");
    expect_text("Wait...5 minutes.", "wait . five minutes"); /* the last dot of an ellipsis is not a point */
    expect_text("At 1.5. Then 2.", "at one point five . then two");
    /* abbreviations that do not end the sentence */
    expect_text("Call me a.k.a. Bob.", "call me also known as bob");
    expect_text("See p. 5 and pp. 5-7.", "see page five and pages five to seven");
    expect_text("A. Smith wrote it.", "ay smith wrote it");
    expect_text("I got an A in math, not a B.", "i got an ay in math not a b");
    expect_text("Add 2 1/2 cups.", "add two and a half cups");
    expect_text("It grew 5%-10%.", "it grew five percent to ten percent");
    /* a unit after a number read with it once, whatever the number's form */
    expect_text("Run 5 km.", "run five kilometers");
    expect_text("Run 5-10 km.", "run five to ten kilometers");
    expect_text("Run 3\u20135 km.", "run three to five kilometers");
    expect_text("Run 2.5-3 km or 10x5 km.", "run two point five to three kilometers or ten by five kilometers");
    expect_text("Use 5 MB, not 2\u00bd GB.", "use five megabytes not two and a half gigabytes");
    expect_text("At 10:30 km.", "at ten thirty km"); /* a time reads no unit */
}

/* Dates (ISO and with a four-digit year after slashes), month abbreviations
 * without their period, and en dash ranges. */
static void test_dates(void)
{
    expect("2026-12-05", "december fifth twenty twenty six");
    expect("1999-01-09", "january ninth nineteen ninety nine");
    expect("2000-01-01", "january first two thousand");
    expect("2005-07-04", "july fourth two thousand five");
    expect("1000-10-31", "october thirty first one thousand");
    /* not a date: the number readings stay */
    expect("2026-13-05", "twenty twenty six thirteen zero five");
    expect("2026-12-32", "twenty twenty six twelve thirty two");
    expect("2026-1-5", "twenty twenty six one five");
    expect("3026-12-05", "three thousand twenty six twelve zero five");
    expect("1-2026-12-05", "one twenty twenty six twelve zero five");
    expect("1990-1995", "nineteen ninety to nineteen ninety five");
    expect("555-123-4567", "five five five , one two three , four five six seven");

    /* month first, this being a US English voice; day first only when the
     * first number cannot be a month */
    expect("12/05/2026", "december fifth twenty twenty six");
    expect("15.03.2024", "the fifteenth of march twenty twenty four");
    expect("1.2.2025", "the first of february twenty twenty five");
    expect("32.01.2024", "thirty two dot zero one dot two thousand twenty four");
    expect("10.0.0.1", "ten dot zero dot zero dot one");
    expect("1/2/2026", "january second twenty twenty six");
    expect("7/4/1776", "july fourth seventeen seventy six");
    expect("25/12/2026", "the twenty fifth of december twenty twenty six");
    expect("13/13/2026", "thirteen thirteen twenty twenty six");
    expect("12/0/2026", "twelve zero twenty twenty six");
    expect("12/5/26", "december fifth twenty twenty six");
    expect("3/15/62", "march fifteenth nineteen sixty two");
    expect("13/5/26", "thirteen five twenty six");
    expect("3/4", "three quarters");
    expect("24/7", "twenty four seven");
    expect("9/11", "nine eleven");
    expect_text("Due 12/05/2026.", "due december fifth twenty twenty six");

    /* a month abbreviated without its period, capitalised, next to a day or
     * before a year */
    expect_in(NULL, "Dec", "5", "december");
    expect_in("Dec", "5", NULL, "fifth");
    expect_in(NULL, "5", "Dec", "the fifth of");
    expect_in("5", "Dec", "2026", "december");
    expect_in("5", "Dec", NULL, "december");
    expect_in(NULL, "Sept", "2026", "september");
    expect_in(NULL, "Dec", "25th", "december");
    expect_in(NULL, "Jan", "Smith", "jan");
    expect_in(NULL, "Jan", "50", "jan");
    expect_in(NULL, "jan", "5", "jan");
    expect("Jan", "jan");
    expect_text("On Dec 5 we met.", "on december fifth we met");
    expect_text("Born 5 Dec 2026.", "born the fifth of december twenty twenty six");
    expect_text("Since Sept 2026 and Dec 2026.", "since september twenty twenty six and december twenty twenty six");
    expect_text("Jan said no.", "jan said no");

    /* an en dash between numbers is a range; the hyphen keeps its reading */
    expect("1990\u20131999", "nineteen ninety to nineteen ninety nine");
    expect("3\u20137", "three to seven");
    expect("a\u2013b", "a b");
    expect_text("It lasted 1990\u20131999.", "it lasted nineteen ninety to nineteen ninety nine");
    expect_text("Read pages 3\u20137.", "read pages three to seven");
    expect_text("It grew 5\u201310%.", "it grew five to ten percent");
    expect_text("It ended 5-3.", "it ended five three");
    expect_text("Wait \u2013 now.", "wait now");
    /* a hyphen is a range too when either amount is a quantity, or, rising,
     * next to a word of ranges; a score, a vote or a code stays as it was */
    expect_text("Wait 3-4 days, read pp. 10-15, ages 18-25.",
                "wait three to four days read pages ten to fifteen ages eighteen to twenty five");
    expect_text("Open 9am-5pm and 9am\u20135pm and 5:30pm\u20137pm.",
                "open nine ay m to five p m and nine ay m to five p m and five thirty p m to seven p m");
    expect_text("It costs $200-300, $60,000-$80,000 or \u00a310-\u00a315, $1.50-2.50 or $30-20.",
                "it costs two hundred to three hundred dollars sixty thousand dollars to eighty thousand dollars "
                "or ten pounds to fifteen pounds one dollar fifty cents to two point five zero or thirty dollars to "
                "twenty");
    expect_text("From 10:30-11:45, 1,000-2,000 people.",
                "from ten thirty to eleven forty five one thousand to two thousand people");
    /* a score after a word of winning or losing reads "to" as broadcast
     * copy says it; a vote and falling numbers before days keep theirs */
    expect_text("They won 5-3 and 4-4 days, a 52-48 vote, 7-3 days.",
                "they won five to three and four four days a fifty two to forty eight vote seven three days");
    /* powers, areas and volumes, and comparisons before a number or between two letters */
    expect_text("Area 30 m\u00b2, 5 cm\u00b3, x\u00b2 and x^2, a^n, 2^10.",
                "area thirty square meters five cubic centimeters x squared and x squared a to the power of n "
                "two to the power of ten");
    expect_text("About ~50, <5 and >10; a ~ b, ~~gone~~, 5 > 3, a < b.",
                "about about fifty less than five and greater than ten a b gone five greater than three "
                "a less than b");
    expect_text("> 5 apples", "five apples"); /* a quoted mail's line */
    /* abbreviations before a number, "v." and a few more units */
    expect_text("Apt. 4 and Eq. 2, Ref. 12, Est. 1990 and Sec. 3. Roe v. Wade met John V. Smith.",
                "apartment four and equation two reference twelve established nineteen ninety and section three . "
                "roe versus wade met john v smith");
    /* in small letters they are words, and "est." is estimated */
    expect_text("I love modern art. 5 stars. An est. 5,000 came. Rest 30 sec. 3 more. I'm v. tired.",
                "i love modern art . five stars . an estimated five thousand came . rest thirty seconds . three more . "
                "i'm v tired");
    /* "Ms." as written before a name; "ms" after a number is the unit */
    expect_text("Dear Ms. Lee, 5 ms. She has MS. Then e.g. Python.",
                "dear miz lee five milliseconds . she has m s . then for example python");
    expect_text("A 5000 mAh battery, 100 Mbps, 2 tbsp, 1 tsp, 10 yrs, 200 kcal.",
                "a five thousand milliamp hour battery one hundred megabits per second two tablespoons one teaspoon "
                "ten years two hundred kilocalories");
    expect_text("See Appendix II and Table IV.", "see appendix two and table four");
    /* ratings */
    expect_text("Rated 4/5 stars, 8/10 overall, 3.5/5 stars; 6/5 stars, 7/10 of them.",
                "rated four out of five stars eight out of ten overall three point five out of five stars six five "
                "stars seven ten of them");
    /* not ranges: model codes; "between" reads "and"; hours before am/pm */
    expect_text("A Galaxy S21-128GB, an RTX 3080-10GB; between 5-10 people; closed 10-11 am.",
                "a galaxy s twenty one one hundred twenty eight gigabytes an r t x three thousand eighty ten gigabytes "
                "between five and ten people closed ten to eleven ay m");
    expect_text("Version 1.12.2023, due 15.03.2024.",
                "version one point twelve point two thousand twenty three due the fifteenth of march twenty twenty "
                "four");
    /* a heart, a key combination, powers with a sign; 999 as a count */
    expect_text("Love you <3. Press Ctrl^C, 10^-3. It got 999 calls. If x<3.",
                "love you . press control c ten to the power of minus three . it got nine hundred ninety nine calls . "
                "if x less than three");
    /* capitals next to an initialism stay letters */
    expect_text("The NYC DOT office.", "the n y c d o t office");
    /* fractions before "of"; comparisons after a letter */
    expect_text("About 4/5 of voters, 3/8 of them, 1/5 of it; he gave 4/5 of it; 4/5 alone. If x<5 or y>10.",
                "about four fifths of voters three eighths of them one fifth of it he gave four fifths of it four five "
                "alone . if x less than five or y greater than ten");
    /* phone numbers written with spaces, codes; amounts stay amounts */
    expect_text("Call +44 20 7946 0018, 020 7946 0018 or 07700 900123; code 4821; we had 100 200 people in 2019.",
                "call plus four four two zero seven nine four six zero zero one eight zero two zero seven nine four six "
                "zero zero one eight or zero seven seven zero zero nine zero zero one two three code four eight two one "
                "we had one hundred two hundred people in twenty nineteen");
    expect_text("COVID-19 on I-95, call 1-800-555-0199.",
                "covid nineteen on i ninety five call one eight hundred five five five zero one nine nine");
}

/* Numbers joined by colons next to a word of ratios are a ratio, read
 * "to"; elsewhere a time, a verse or numbers, as before. */
static void test_ratios(void)
{
    expect_in("a", "1:10:50", "ratio", "one to ten to fifty");
    expect_in("a", "3:2", "ratio", "three to two");
    expect_in("mixed", "1:1", NULL, "one to one");
    expect_in("a", "1:50,000", "scale", "one to fifty thousand");
    expect_in("a", "1:2.5", "ratio", "one to two point five");
    expect_in("a", "1:", "ratio", "one"); /* no ratio: as before */
    expect_text("The gears turn at a 1:10:50 ratio.", "the gears turn at a one to ten to fifty ratio");
    expect_text("At a ratio of 1:10:50 they mesh.", "at a ratio of one to ten to fifty they mesh");
    /* a unit after the ratio is said, not dropped */
    expect_text("Mix at a ratio of 1:5 kg.", "mix at a ratio of one to five kilograms");
    /* a range with a unit is no phone number with a stray letter */
    expect_text("Heights of 500-2000m.", "heights of five hundred to two thousand meters");
    expect_text("Weights of 100-5000g.", "weights of one hundred to five thousand grams");
    expect_text("Dial ext. 5 kg.", "dial extension five kilograms");
    expect_text("The odds of 3:1 held.", "the odds of three to one held");
    expect_text("It ended 1:10:50 later.", "it ended one ten and fifty seconds later");
    expect_text("Read John 3:16 at 10:30.", "read john three sixteen at ten thirty");
    expect_text("The ratio at 10:30 fell.", "the ratio at ten thirty fell"); /* "at" makes it a time */
}

/* A unit divided by another, or a price by a unit of time, a unit or a
 * person, after its slash: "per" after a unit, "a" after a price. */
static void test_divided_units(void)
{
    expect("3m/s", "three meters per second");
    expect("1m/s", "one meter per second");
    expect("100km/h", "one hundred kilometers per hour");
    expect("9.8m/s", "nine point eight meters per second");
    expect_in(NULL, "3", "m/s", "three meters per second");
    expect_in("3", "m/s", NULL, ""); /* read with the number */
    expect_in(NULL, "5", "mg/kg", "five milligrams per kilogram");
    expect_in("a", "60", "km/h", "sixty kilometer per hour"); /* "a 60 km/h zone" */
    expect_in(NULL, "½", "m/s", "one half meter per second");
    expect("$10/month", "ten dollars a month");
    expect("$15/hr", "fifteen dollars an hour");
    expect("$15/hour", "fifteen dollars an hour");
    expect("$1/day", "one dollar a day");
    expect("$50/person", "fifty dollars a person");
    expect("$3/kg", "three dollars a kilogram");
    expect("$5/oz", "five dollars an ounce");
    expect("$10/mo", "ten dollars a month");
    expect("$2.5m/year", "two point five million dollars a year");
    expect("$3.50/week", "three dollars , fifty cents a week");
    expect("€10/yr", "ten euros a year");
    expect("5$/day", "five dollars a day");
    expect("12¢/kWh", "twelve cents a kilowatt hour");
    /* no divisor: the slash is a word break, as before */
    expect("10/month", "ten month");
    expect("$10/Month", "ten dollars month");
    expect("$10/monthly", "ten dollars monthly");
    expect("$10/", "ten dollars");
    expect("3m/s2", "three meters per second squared"); /* plain text's m/s² */
    expect("3m/h2", "three meters h two");
    expect("3m/x", "three meters x");
    expect("m/s", "m s");
    /* the same quantity in the other system after the slash is an
     * alternative, "or"; one system is a ratio, "per" (mg/kg above) */
    expect("180\u00b0C/\u00b0F", "one hundred eighty degrees celsius or fahrenheit");
    expect("180\u00b0C/F", "one hundred eighty degrees celsius or fahrenheit");
    expect("68\u00b0F/\u00b0C", "sixty eight degrees fahrenheit or celsius");
    expect_in(NULL, "5", "kg/lbs", "five kilograms or pounds");
    expect_in("5", "kg/lbs", NULL, ""); /* read with the number */
    expect_in("a", "5", "kg/lb", "five kilogram or pound");
    expect("1kg/lb", "one kilogram or pound");
    expect("30cm/in", "thirty centimeters or inches");
    expect("10km/mi", "ten kilometers or miles");
    expect("3m/ft", "three meters or feet");
    expect("250ml/oz", "two hundred fifty milliliters or ounces");
    expect("2l/gal", "two liters or gallons");
    expect("5in/cm", "five inches or centimeters");
    expect("5g/kg", "five grams per kilogram");
    expect("5g/lb", "five grams or pounds");
    expect("5kg/m", "five kilograms per meter");
    expect("5mg/ml", "five milligrams per milliliter");
    expect("5V/F", "five volts f"); /* F alone is only the alternative of a temperature */
    expect("5in", "five in");         /* "in" alone is a word */
    expect("2l", "two l");
    expect_text("Bake at 180\u00b0C/\u00b0F.", "bake at one hundred eighty degrees celsius or fahrenheit");
    expect_text("It weighs 5 kg/lbs.", "it weighs five kilograms or pounds");
    /* the divisors alone are no units */
    expect_in(NULL, "5", "day", "five");
    expect_in(NULL, "5", "s", "five");
    expect_text("Wind blew at 3 m/s and rent is $900/month.",
                "wind blew at three meters per second and rent is nine hundred dollars a month");
}

/* Roman numerals: any valid one after a word that numbers (chapter, war,
 * bowl ...), of I V X and two or more letters after another capitalised
 * word; never a word or the letters of an abbreviation. */
static void test_roman(void)
{
    expect_in("Bowl", "LVIII", NULL, "fifty eight");
    expect_in("Chapter", "XL", NULL, "forty");
    expect_in("Chapter", "LIV", NULL, "fifty four");
    expect_in("Volume", "CXII", NULL, "one hundred twelve");
    expect_in("Part", "MMXXIV", NULL, "two thousand twenty four");
    expect_in("Chapter", "MMMDCCCLXXXVIII", NULL, "three thousand eight hundred eighty eight");
    expect_in("Chapter", "I", NULL, "one");
    expect_in("Louis", "XIV", NULL, "the fourteenth");
    expect_in("Pius", "XII", NULL, "the twelfth");
    expect_in("John", "XXIII", NULL, "the twenty third");
    /* not written the standard way */
    static const char *const invalid[] = {"IIII", "VV",  "IC",   "IL",   "XM",
                                          "VX",   "LCD", "XLX", "MMMM", "IIIIIIIIIIIIIIII"};
    for (size_t i = 0; i < sizeof invalid / sizeof *invalid; i++) {
        char out[NORMALIZE_EN_OUT_BYTES];
        normalize_en_context ctx = {.prev = "Chapter"};
        normalize_en_word_in(invalid[i], &ctx, out, sizeof out);
        CHECK(strpbrk(out, "aeou") == NULL, "\"Chapter %s\" read \"%s\"", invalid[i], out);
    }
    /* letters and words */
    expect_in("Chapter", "MIX", NULL, "m i x");
    expect_in("Chapter", "CD", NULL, "c d");
    expect_in("Part", "DC", NULL, "d c");
    expect_in("Type", "C", NULL, "c");
    expect_in("Part", "D", NULL, "d");
    expect_in("Chapter", "CIVIL", NULL, "civil");
    expect_in("Washington", "DC", NULL, "d c");
    expect_in("Smith", "MD", NULL, "m d");
    expect_in("an", "LCD", NULL, "l c d");
    expect_in("Louis", "XL", NULL, "x l"); /* regnal numbers stay below forty */
    expect_in("Super", "Bowl", "LVIII", "bowl");
    expect_in("chapter", "XL", NULL, "x l"); /* after a capitalised word only */
    /* words that count only a few take numerals below XL; larger ones
     * after them are abbreviations */
    expect_in("Type", "CLI", NULL, "c l i");
    expect_in("Class", "CIV", NULL, "c i v");
    expect_in("STAGE", "CC", NULL, "c c");
    expect_in("Level", "XL", NULL, "x l");
    expect_in("War", "LI", NULL, "l i");
    expect_in("Type", "XXXIX", NULL, "thirty nine");
    expect_in("Chapter", "CIV", NULL, "one hundred four");
    expect_in("Episode", "CL", NULL, "one hundred fifty");
    expect_in("Chapter", "xl", NULL, "xl");
}

/* North American phone numbers digit by digit, the area code in brackets
 * too, and 911 as the emergency number. */
static void test_phones(void)
{
    expect("(555)", "five five five");
    expect("(555", "five five five");
    expect("(555)123-4567", "five five five , one two three , four five six seven");
    expect("555-123-4567", "five five five , one two three , four five six seven");
    expect("1-800-555-0199", "one , eight hundred , five five five , zero one nine nine");
    expect("(55", "fifty five");
    expect("(5555", "five thousand five hundred fifty five");
    /* an extension after the number, and a stray letter that is read after its digits */
    expect("123-4567x", "one two three , four five six seven x");
    expect("123-4567x89", "one two three , four five six seven , extension eight nine");
    expect("123-4567ext89", "one two three , four five six seven , extension eight nine");
    expect("123-4567X89", "one two three , four five six seven , extension eight nine");
    expect("123-4567xy", "one hundred twenty three four thousand five hundred sixty seven x y");
    expect("1990-1995s", "nineteen ninety nineteen ninety fives"); /* a range of years, as before */
    expect_in("123-4567", "x89", NULL, "extension eight nine");
    expect_in("(555)123-4567", "x89", NULL, "extension eight nine");
    expect_in("ext.", "89", NULL, "eight nine");
    expect_in("4567", "x89", NULL, "x eighty nine"); /* no phone number before it */
    expect_in("2005-2019", "x264", NULL, "x two hundred sixty four");
    expect_in("555-123-4567", "ext", "89", "extension");
    expect_in(NULL, "ext", "89", "ext");
    expect_text("Call (555) 123-4567x now.", "call five five five one two three four five six seven x now");
    expect_text("Call (555) 123-4567 x89.",
                "call five five five one two three four five six seven extension eight nine");
    expect_text("Call (555) 123-4567 ext. 89 now.",
                "call five five five one two three four five six seven extension eight nine now");
    expect_text("Call 555-123-4567 ext 89.",
                "call five five five one two three four five six seven extension eight nine");
    expect_text("Dial ext. 2040.", "dial extension two zero four zero");
    expect_text("Dial ext 89.", "dial ext eighty nine");
    expect_text("Call (555) 123-4567 now.", "call five five five one two three four five six seven now");
    expect_text("Call (555)123-4567.", "call five five five one two three four five six seven");
    expect_text("Call 1 (800) 555-0199.", "call one eight hundred five five five zero one nine nine");
    /* other brackets are the clause breaks they were */
    expect_text("The score (555) was high.", "the score five hundred fifty five was high");
    expect_text("Call (555) 123-45678.", "call five hundred fifty five one hundred twenty three forty five thousand "
                                         "six hundred seventy eight");
    expect_text("Call x(555) 123-4567.", "call x five hundred fifty five one two three four five six seven");

    expect_in("Call", "911", "now", "nine one one");
    expect_in("dialed", "911", NULL, "nine one one");
    expect_in("a", "911", "call", "nine one one");
    expect_in("the", "911", "dispatcher", "nine one one");
    expect("911", "nine one one"); /* standing alone */
    expect_text("Call 911.", "call nine one one");
    expect_text("Open Mon-Fri, Tues-Thurs and Jan-Mar or May-June.",
                "open monday to friday tuesday to thursday and january to march or may to june");
    expect_text("The mon-fri and Mon-Mon and Mon-Jan.", "the mon fri and mon mon and mon jan");
    /* hours after days or a word of opening hours: a range even falling;
     * elsewhere a score */
    expect_text("Open Mon-Fri 9-5, Sat 10-4 and daily 9-12.",
                "open monday to friday nine to five saturday ten to four and daily nine to twelve");
    expect_text("Open Sat\u2013Sun 12-4.", "open saturday to sunday twelve to four");
    /* (the Sun a team: a falling score after a team's name reads "to") */
    expect_text("The Yankees won 9-5 and the Sun 3-2.", "the yankees won nine to five and the sun three to two");
    expect_text("Open Mon 9-25.", "open mon nine twenty five");
    /* and other ranges as they were: a unit or a counted word after them */
    expect_text("Run daily 10-15 km or Sat 10-15 people.",
                "run daily ten to fifteen kilometers or sat ten to fifteen people");
    expect_text("He won the French Open 6-4 and the daily 9-5 grind.",
                "he won the french open six four and the daily nine to five grind");
    /* days written short: with the period only capitalised and not after
     * "the", without it before a number */
    expect_text("It opens Mon. at noon, Tues., Oct. 15.", "it opens monday at noon tuesday october fifteenth");
    expect_text("She came Sun. Then she left.", "she came sunday . then she left");
    expect_text("We orbit the Sun. The dog sat. Sat down.", "we orbit the sun . the dog sat . sat down");
    expect_text("Sun Microsystems and the Sun 5 were Wed 9 and Sat 10am, Tue 5-9.",
                "sun microsystems and the sun five were wed nine and saturday ten ay m tuesday five to nine");
    expect_text("Sat 2 hours, SAT 1400, our Sun.", "sat two hours s ay t fourteen hundred our sun");
    expect_text("Dial 999 or call 112.", "dial nine nine nine or call one one two");
    expect("999", "nine hundred ninety nine");
    expect_text("About 999 people and 112 cars.", "about nine hundred ninety nine people and one hundred twelve cars");
    expect_in("about", "911", "people", "nine hundred eleven");
    expect_in("Flight", "911", NULL, "nine hundred eleven");
    expect_in(NULL, "911", "people", "nine hundred eleven");
    expect_in("call", "9110", NULL, "nine thousand one hundred ten");
    expect_in("call", "911th", NULL, "nine hundred eleventh");
    /* alone at a sentence's start or end, the emergency number; alone
     * between breaks inside a sentence, one of a list or in brackets */
    expect_text("911, what is your emergency?", "nine one one what is your emergency");
    expect_text("In an emergency, 911.", "in an emergency nine one one");
    expect_text("Scores: 905, 911, 920.", "scores nine hundred five nine hundred eleven nine hundred twenty");
    expect_text("The total (911) was lower.", "the total nine hundred eleven was lower");
    normalize_en_context inside = {.inside_breaks = true};
    char out[NORMALIZE_EN_OUT_BYTES];
    normalize_en_word_in("911", &inside, out, sizeof out);
    CHECK(strcmp(out, "nine hundred eleven") == 0, "911 inside breaks: \"%s\"", out);
}

/* Capitals: spelled as an initialism unless they read as a word; in
 * shouted text (most of the sentence in capitals) the common short words
 * and what is pronounceable by a looser test are words. */
static void test_shouted(void)
{
    expect_text("THE FBI WARNED US.", "the f b i warned us");
    /* capital words in a row are words in a sentence that is not shouted */
    expect_text("NEW YORK (AP) \u2014 The mayor spoke in the SAN FRANCISCO office.",
                "new york ay p the mayor spoke in the san francisco office");
    expect_text("The US ARMY base is near the IT SUPPORT desk at IBM PC.",
                "the u s army base is near the i t support desk at i b m p c");
    expect_text("THE US ARMY WON.", "the u s army won");
    expect_text("THE IT TEAM WON.", "the i t team won");
    expect_text("I work at IBM.", "i work at i b m");
    expect_text("NASA and the FBI met.", "nasa and the f b i met");
    expect_text("FBI.", "f b i");           /* one capital word is no shouting */
    expect_text("HELP US!", "help us");
    expect_text("THE SOFTWARE IS PROVIDED \"AS IS\", WITHOUT WARRANTY OF ANY KIND.",
                "the software is provided as is without warranty of any kind");
    expect_text("NO WARRANTY AND/OR NON-INFRINGEMENT.", "no warranty and or non infringement");
    expect_text("THE NCAA, THE FDIC AND HTML.", "the n c ay ay the f d i c and h t m l");
    expect_text("THREE STRONG SCHOOLS SHRINK.", "three strong schools shrink");
    expect_text("THE MYTH OF EMPLOYEES.", "the myth of employees");
    expect_text("He said THE FBI WARNED US today.", "he said the f b i warned us today");
    /* a sentence that opens with a bracket or dash is judged too; the one
     * before's verdict once stood */
    expect_text("Hello there. (THE FBI WARNED US.)", "hello there . the f b i warned us");
    expect_text("WE ARE HERE NOW. (The US army and IT staff met.)",
                "we are here now . the u s army and i t staff met");
    expect_text("-- THE FBI WARNED US.", "the f b i warned us");
    /* without the sentence, two capital neighbours tell it */
    expect_in("THE", "FBI", "WARNED", "f b i");
    expect_in("THE", "US", "ARMY", "u s");
    expect_in("FOR", "US", "ALL", "us");
    expect_in("GNU", "GPL", "MIT", "g p l");
    expect_in("THE", "STRONG", "MAN", "strong");
    expect_in(NULL, "STRONG", NULL, "s t r o n g"); /* the documented rule outside shouted text */
    normalize_en_context shouted = {.shouted = true};
    char out[NORMALIZE_EN_OUT_BYTES];
    normalize_en_word_in("THE", &shouted, out, sizeof out);
    CHECK(strcmp(out, "the") == 0, "THE in shouted text: \"%s\"", out);
    normalize_en_word_in("CEO", &shouted, out, sizeof out);
    CHECK(strcmp(out, "c e o") == 0, "CEO in shouted text: \"%s\"", out);

    CHECK(normalize_en_case_of("FBI") == NORMALIZE_EN_CASE_CAPITALS, "FBI in capitals");
    CHECK(normalize_en_case_of("U.S.") == NORMALIZE_EN_CASE_CAPITALS, "U.S. in capitals");
    CHECK(normalize_en_case_of("CAFÉ") == NORMALIZE_EN_CASE_CAPITALS, "CAFÉ in capitals");
    CHECK(normalize_en_case_of("iPhone") == NORMALIZE_EN_CASE_SMALL, "iPhone with a small letter");
    CHECK(normalize_en_case_of("Warned") == NORMALIZE_EN_CASE_SMALL, "Warned with a small letter");
    CHECK(normalize_en_case_of("I") == NORMALIZE_EN_CASE_NONE, "I: one letter");
    CHECK(normalize_en_case_of("42") == NORMALIZE_EN_CASE_NONE, "42: no letter");
    CHECK(normalize_en_case_of(NULL) == NORMALIZE_EN_CASE_NONE, "NULL: no letter");
}

/* tests/data/normalize_en.tsv: class, text, expected words. Every case
 * must read as expected, and every failure is listed: the set reads 100%,
 * so a change that breaks one reading is a regression, not a rounding (a
 * 98% gate once let one through). */
static void test_set(const char *path)
{
    FILE *f = fopen(path, "r");
    CHECK(f != NULL, "cannot open %s", path);
    if (!f)
        return;
    char line[1024];
    int total = 0, passed = 0;
    while (fgets(line, sizeof line, f)) {
        line[strcspn(line, "\r\n")] = '\0';
        if (line[0] == '#' || line[0] == '\0')
            continue;
        char *text = strchr(line, '\t'), *want = text ? strchr(text + 1, '\t') : NULL;
        CHECK(want != NULL, "%s: malformed line \"%s\"", path, line);
        if (!want)
            continue;
        *text++ = '\0';
        *want++ = '\0';
        char got[2048];
        text_words(text, got, sizeof got);
        total++;
        if (strcmp(got, want) == 0)
            passed++;
        else
            printf("FAIL [%s] \"%s\"\n  got  \"%s\"\n  want \"%s\"\n", line, text, got, want);
    }
    fclose(f);
    printf("test set: %d of %d cases read as expected (%.1f%%)\n", passed, total, total ? 100.0 * passed / total : 0.0);
    CHECK(total >= 300, "the test set has %d cases, fewer than 300", total);
    CHECK(passed == total, "%d of %d cases read otherwise than expected", total - passed, total);
}

int main(int argc, char **argv)
{
    test_letters();
    test_abbreviations();
    test_cardinals();
    test_years();
    test_decimals();
    test_ordinals();
    test_decades();
    test_currency();
    test_percent();
    test_times();
    test_mixed();
    test_symbols();
    test_vulgar_fractions();
    test_signs();
    test_greek();
    test_ohms_and_micro();
    test_symbol_offsets();
    test_reading_offsets();
    test_buffers();
    test_hostile();
    test_with_scanner();
    test_scanned();
    test_dates();
    test_divided_units();
    test_ratios();
    test_roman();
    test_phones();
    test_shouted();
    if (argc > 1)
        test_set(argv[1]);
    if (check_failures) {
        fprintf(stderr, "%d check(s) failed\n", check_failures);
        return 1;
    }
    printf("normalize: all checks passed\n");
    return 0;
}
