/* Text scanner: UTF-8 repair, character classes, breaks and word pieces.
 * No espeak-ng here; what comes out is exactly what espeak-ng is given.
 *
 * Copyright (C) 2026 The Inflect authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "symbols.h"
#include "text.h"


/* Renders the items of s[0..len) as "word|word|,|.#|¶" (# = sentence end,
 * ¶ = paragraph) and checks that spans stay inside and go forward. */
static char *render(const char *s, size_t len, unsigned flags)
{
    static char out[1 << 16];
    size_t o = 0, last = 0;
    text_scanner sc;
    text_item it;
    text_scanner_init(&sc, s, len, flags);
    for (;;) {
        text_next(&sc, &it);
        CHECK(it.offset + it.length <= len, "span %zu+%zu past %zu", it.offset, it.length, len);
        CHECK(it.offset >= last, "span %zu before %zu", it.offset, last);
        last = it.offset;
        if (it.kind == TEXT_END)
            break;
        const char *piece = it.kind == TEXT_WORD        ? it.text
                            : it.kind == TEXT_PARAGRAPH ? "¶"
                                                        : symbols_name(it.symbol);
        CHECK(it.kind != TEXT_WORD || it.text_len == strlen(it.text), "piece length");
        CHECK(it.kind != TEXT_WORD || it.text_len > 0, "empty piece");
        o += (size_t)snprintf(out + o, sizeof out - o, "%s%s%s", o ? "|" : "", piece,
                              it.kind == TEXT_BREAK && it.sentence_end ? "#" : "");
        if (o >= sizeof out - 8)
            break;
    }
    out[o < sizeof out ? o : sizeof out - 1] = '\0';
    return out;
}

static void expect(const char *in, const char *want)
{
    const char *got = render(in, strlen(in), TEXT_LATIN_ONLY);
    CHECK(strcmp(got, want) == 0, "%s\n  got  %s\n  want %s", in, got, want);
}

static void test_decode(void)
{
    struct {
        const char *bytes;
        size_t len;
        uint32_t cp;
        size_t used;
    } cases[] = {
        {"A", 1, 'A', 1},
        {"\xC3\xA9", 2, 0xE9, 2},
        {"\xE2\x82\xAC", 3, 0x20AC, 3},
        {"\xF0\x9F\x98\x80", 4, 0x1F600, 4},
        {"\xC0\xAF", 2, 0xFFFD, 1},         /* overlong */
        {"\xE0\x80\xAF", 3, 0xFFFD, 1},     /* overlong */
        {"\xED\xA0\x80", 3, 0xFFFD, 1},     /* surrogate */
        {"\xF4\x90\x80\x80", 4, 0xFFFD, 1}, /* past U+10FFFF */
        {"\xE2\x82", 2, 0xFFFD, 2},         /* truncated: both bytes go */
        {"\xE2\x82" "A", 3, 0xFFFD, 2},
        {"\x80", 1, 0xFFFD, 1},
        {"\xFF", 1, 0xFFFD, 1},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        uint32_t cp;
        size_t used = text_decode(cases[i].bytes, cases[i].len, 0, &cp);
        CHECK(cp == cases[i].cp && used == cases[i].used, "case %zu: U+%04X/%zu", i, (unsigned)cp, used);
    }
}

static void test_words_and_breaks(void)
{
    expect("", "");
    expect(" \t\n ", "");
    expect("Hello world", "Hello|world");
    expect("Hello, world.", "Hello|,|world|.#");
    expect("Hello, world. Next", "Hello|,|world|.#|Next");
    expect("Is it? Yes! No...", "Is|it|?#|Yes|!#|No|…#");
    expect("Really?! ok", "Really|?|ok");
    expect("Wait… what?", "Wait|…|what|?#");
    expect("a; b: c — d -- e (f) [g]", "a|,|b|,|c|,|d|,|e|,|f|,|,|g|,");
    expect("1,000 and 10:30, 3.50 or -5 and x-ray", "1,000|and|10:30|,|3.50|or|-5|and|x-ray");
    expect("e.g. this and U.S.A. Then", "e.g.|this|and|U.S.A|.#|Then");
    expect("Dr. Smith met Mr. Jones at St. Paul's.", "Dr.|Smith|met|Mr.|Jones|at|St.|Paul's|.#");
    expect("J. R. Tolkien. It", "J.|R.|Tolkien|.#|It");
    expect("plan b. Then", "plan|b|.#|Then");
    expect("etc. and more", "etc.|and|more");
    /* a dot before a comma, semicolon or colon is never a sentence's end */
    expect("The U.S., Canada and Tues., Oct. 5", "The|U.S.|,|Canada|and|Tues.|,|Oct.|5");
    expect("See Fig.; Then", "See|Fig.|,|Then");
    /* letters written with dots before a capitalised word: a.m. and p.m.
     * go on before a day, a month or a time zone, a country's letters
     * before one of its institutions, a person's initials before any word
     * but one sentences start with */
    expect("The U.S. Senate met J.K. Rowling at 3 p.m. Monday and 4 p.m. ET",
           "The|U.S.|Senate|met|J.K.|Rowling|at|3|p.m.|Monday|and|4|p.m.|ET");
    expect("in the U.S. The company", "in|the|U.S|.#|The|company");
    expect("in the U.S. Officials said", "in|the|U.S|.#|Officials|said");
    expect("U.S. GDP grew and the U.S. FDA", "U.S.|GDP|grew|and|the|U.S.|FDA");
    expect("at 3 a.m. Negotiators met", "at|3|a.m|.#|Negotiators|met");
    expect("in the U.S. \"They", "in|the|U.S|.#|They");
    expect("by C.S. They", "by|C.S|.#|They");
    expect("in the USA. Senate", "in|the|USA|.#|Senate");
}

/* An en dash between digits: a range in the word for the English
 * normaliser (TEXT_ENGLISH_NUMBERS), between capitalised words a hyphen
 * there, else the clause break it always was. */
static void test_number_ranges(void)
{
    const char *in = "1990\u20131999, 3 \u2013 7, a\u2013b and 5-3";
    const char *got = render(in, strlen(in), TEXT_LATIN_ONLY);
    CHECK(strcmp(got, "1990|,|1999|,|3|,|7|,|a|,|b|and|5-3") == 0, "without the flag: %s", got);
    got = render(in, strlen(in), TEXT_LATIN_ONLY | TEXT_ENGLISH_NUMBERS);
    CHECK(strcmp(got, "1990\u20131999|,|3|,|7|,|a|,|b|and|5-3") == 0, "with TEXT_ENGLISH_NUMBERS: %s", got);
    /* set solid between capitalised words, it joins them as a hyphen does
     * ("Sat–Sun"); between small words, single letters or after an amount
     * it stays a break */
    in = "Sat\u2013Sun, London\u2013Paris \u2013 by train; said\u2013and A\u2013C 9am\u2013Noon";
    got = render(in, strlen(in), TEXT_LATIN_ONLY | TEXT_ENGLISH_NUMBERS);
    CHECK(strcmp(got, "Sat-Sun|,|London-Paris|,|by|train|,|said|,|and|A|,|C|9am|,|Noon") == 0,
          "between words: %s", got);
    /* after an amount's sign or unit, and before a currency sign, too */
    in = "9am\u20135pm, 5%\u201310%, $5\u2013$10, $5-$10, a-$5 and 5 -$5";
    got = render(in, strlen(in), TEXT_LATIN_ONLY | TEXT_ENGLISH_NUMBERS);
    CHECK(strcmp(got, "9am\u20135pm|,|5%\u201310%|,|$5\u2013$10|,|$5-$10|,|a|$5|and|5|-$5") == 0,
          "after amounts: %s", got);
    /* set solid after an abbreviation's period, a dash goes on the sentence
     * and is a word of its own, for the normaliser to read between its
     * neighbours; after a sentence's period it stays nothing */
    const char *abbr = "Mon.-Fri. 9 a.m.\u20135 p.m., Jan.\u2013Mar. U.S.-led. The end.-Next";
    got = render(abbr, strlen(abbr), TEXT_LATIN_ONLY | TEXT_ENGLISH_NUMBERS);
    CHECK(strcmp(got, "Mon.|-|Fri.|9|a.m.|-|5|p.m.|,|Jan.|-|Mar.|.#|U.S.|-|led|.#|The|end|.#|Next") == 0,
          "after an abbreviation: %s", got);
    got = render(abbr, strlen(abbr), TEXT_LATIN_ONLY);
    CHECK(strstr(got, "Mon.|.#|Fri.|9|a.m|.#|5") != NULL, "without the flag: %s", got);
    got = render(in, strlen(in), TEXT_LATIN_ONLY);
    CHECK(strcmp(got, "9am|,|5pm|,|5%|,|10%|,|$5|,|$10|,|$5|$10|,|a|$5|and|5|-$5") == 0, "without the flag: %s", got);
    /* other letters after the digits leave the dash a clause break */
    in = "1990s\u20132000s, 5B\u20136C, 20\u00b0C\u201330\u00b0C";
    got = render(in, strlen(in), TEXT_LATIN_ONLY | TEXT_ENGLISH_NUMBERS);
    CHECK(strcmp(got, "1990s|,|2000s|,|5B|,|6C|,|20\u00b0C\u201330\u00b0C") == 0, "decades and codes: %s", got);
    /* ~ before a number and ^ inside a word, for the English normaliser */
    in = "x^2 ~5 a~5 ~~no~~ ^up";
    got = render(in, strlen(in), TEXT_LATIN_ONLY | TEXT_ENGLISH_NUMBERS);
    CHECK(strcmp(got, "x^2|~5|a|5|no|up") == 0, "math: %s", got);
    got = render(in, strlen(in), TEXT_LATIN_ONLY);
    CHECK(strcmp(got, "x|2|5|a|5|no|up") == 0, "math without the flag: %s", got);
}

/* The "(" of an area code before its local number stays in the word for
 * the English normaliser (TEXT_ENGLISH_NUMBERS); its ")", every other
 * bracket, and without the flag this one too, are breaks. */
static void test_area_codes(void)
{
    static const char *const cases[][2] = {
        {"Call (555) 123-4567 now", "Call|(555|,|123-4567|now"},
        {"(555)123-4567.", "(555|,|123-4567|.#"},
        {"(555) 123.4567", "(555|,|123.4567"},
        {"((555) 123-4567", ",|(555|,|123-4567"},
        {"x(555) 123-4567", "x|,|555|,|123-4567"},
        {"(555) people", ",|555|,|people"},
        {"(555) 123-45678", ",|555|,|123-45678"},
        {"(555) 123-4567-8", ",|555|,|123-4567-8"},
        {"(5555) 123-4567", ",|5555|,|123-4567"},
        {"(555", ",|555"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        const char *got = render(cases[i][0], strlen(cases[i][0]), TEXT_LATIN_ONLY | TEXT_ENGLISH_NUMBERS);
        CHECK(strcmp(got, cases[i][1]) == 0, "%s\n  got  %s\n  want %s", cases[i][0], got, cases[i][1]);
    }
    expect("Call (555) 123-4567 now", "Call|,|555|,|123-4567|now");
}

static void test_cleaning(void)
{
    /* Other controls vanish inside a word; NUL and invalid bytes separate words */
    const char nul[] = "Hello\0world w\x01or\x7Fld";
    CHECK(strcmp(render(nul, sizeof nul - 1, TEXT_LATIN_ONLY), "Hello|world|world") == 0, "%s",
          render(nul, sizeof nul - 1, TEXT_LATIN_ONLY));
    expect("one\xFFtwo \xE2\x82 three \xED\xA0\x80 four", "one|two|three|four");
    expect("\"Quoted,\" she said", "Quoted|,|she|said");
    expect("don\xE2\x80\x99t \xE2\x80\x98" "em dogs' **bold** x_y", "don't|'em|dogs|bold|x|y");
    expect("soft\xC2\xADhyphen zero\xE2\x80\x8Bwidth", "softhyphen|zero|width");
    expect("I \xF0\x9F\x98\x80 you \xE2\x9D\xA4\xEF\xB8\x8F", "I|you");
    expect("hello \xD0\x9F\xD1\x80\xD0\xB8\xD0\xB2\xD0\xB5\xD1\x82 \xE4\xBD\xA0\xE5\xA5\xBD world", "hello|world");
    expect("na\xC3\xAFve caf\xC3\xA9 Z\xC3\xBCrich", "na\xC3\xAFve|caf\xC3\xA9|Z\xC3\xBCrich");
    /* Symbols the normaliser reads: ≥ ≤ ≠ ≈, and a Greek letter standing
     * alone (α, Δx, 2π); a run of Greek letters is Greek text, skipped. */
    expect("x \xE2\x89\xA5 3, \xE2\x89\xA4 \xE2\x89\xA0 \xE2\x89\x88", "x|\xE2\x89\xA5|3|,|\xE2\x89\xA4|\xE2\x89\xA0|\xE2\x89\x88");
    expect("\xCE\xB1 and \xCE\x94x, 2\xCF\x80 \xCE\x95\xCE\xBB\xCE\xBB\xCE\xAC\xCE\xB4\xCE\xB1 end",
           "\xCE\xB1|and|\xCE\x94x|,|2\xCF\x80|end");
    /* non-Latin voices keep their letters */
    const char *ru = "\xD0\x9F\xD1\x80\xD0\xB8\xD0\xB2\xD0\xB5\xD1\x82";
    CHECK(strcmp(render(ru, strlen(ru), 0), ru) == 0, "%s", render(ru, strlen(ru), 0));
}

static void test_tags(void)
{
    expect("<speak><break time=\"1s\"/>hi</speak>", "hi");
    expect("a < b and c > d", "a|<|b|and|c|>|d");
    expect("x<y", "x<y");
    expect("<!-- note -->text<?xml?>", "text");
    /* no closing > within reach: not a tag */
    expect("<open and on", "<open|and|on");
}

static void test_lines(void)
{
    expect("wrapped\nline", "wrapped|line");
    expect("wrapped\r\nline", "wrapped|line");
    expect("Title\n\nBody", "Title|¶|Body");
    expect("Title\r\n\r\nBody", "Title|¶|Body");
    expect("Title\xE2\x80\xA9" "Body", "Title|¶|Body");
}

static void test_long_words(void)
{
    /* 20 digits: one piece per digit */
    expect("call 12345678901234567890 now", "call|1|2|3|4|5|6|7|8|9|0|1|2|3|4|5|6|7|8|9|0|now");
    /* 15 digits stay a number for espeak-ng */
    expect("123456789012345", "123456789012345");
    expect("ab1234567890123456cd", "ab|1|2|3|4|5|6|7|8|9|0|1|2|3|4|5|6|cd");

    size_t n = 200;
    char *w = malloc(n + 1);
    memset(w, 'a', n);
    w[n] = '\0';
    text_scanner sc;
    text_item it;
    text_scanner_init(&sc, w, n, TEXT_LATIN_ONLY);
    size_t pieces = 0, chars = 0;
    for (text_next(&sc, &it); it.kind == TEXT_WORD; text_next(&sc, &it)) {
        CHECK(it.offset == 0 && it.length == n, "piece span %zu+%zu", it.offset, it.length);
        CHECK(it.text_len <= TEXT_PIECE_CHARS, "piece of %zu", it.text_len);
        chars += it.text_len;
        pieces++;
    }
    CHECK(it.kind == TEXT_END && chars == n && pieces == (n + TEXT_PIECE_CHARS - 1) / TEXT_PIECE_CHARS,
          "%zu chars in %zu pieces", chars, pieces);
    free(w);
}

/* Adversarial inputs must stay linear: a megabyte of each shape. */
static void test_big(void)
{
    const char *shapes[] = {"<a", "<", ".", "\xFF", "a", " ", "1", "-", "'", "\n"};
    size_t n = 1 << 20;
    char *buf = malloc(n);
    for (size_t k = 0; k < sizeof shapes / sizeof shapes[0]; k++) {
        size_t sl = strlen(shapes[k]);
        for (size_t i = 0; i < n; i++)
            buf[i] = shapes[k][i % sl];
        text_scanner sc;
        text_item it;
        text_scanner_init(&sc, buf, n, TEXT_LATIN_ONLY);
        size_t items = 0, last = 0;
        do {
            text_next(&sc, &it);
            CHECK(it.offset >= last && it.offset + it.length <= n, "shape %zu: bad span", k);
            last = it.offset;
            items++;
        } while (it.kind != TEXT_END && items < 4 * n);
        CHECK(it.kind == TEXT_END, "shape %zu did not end", k);
    }
    free(buf);
}

int main(void)
{
    test_decode();
    test_words_and_breaks();
    test_number_ranges();
    test_area_codes();
    test_cleaning();
    test_tags();
    test_lines();
    test_long_words();
    test_big();
    if (check_failures) {
        fprintf(stderr, "%d check(s) failed\n", check_failures);
        return 1;
    }
    printf("text: all checks passed\n");
    return 0;
}
