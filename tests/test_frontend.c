/* Text frontend against the real espeak-ng: symbols, word spans, utterance
 * cuts, hostile input and concurrent use.
 *
 * Copyright (C) 2026 The Inflect authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Expected phonemes were taken from espeak-ng 1.51's en-us output.
 * FRONTEND_BIG_BYTES sets the size of the large-text cases (default 1 MiB),
 * so that valgrind runs can use a smaller one.
 */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "check.h"
#include "frontend.h"
#include "symbols.h"


typedef struct {
    frontend_token *tok;
    size_t n, cap;
    size_t *ends; /* end of each utterance in tok */
    size_t n_utt, utt_cap;
} run;

static void run_free(run *r)
{
    free(r->tok);
    free(r->ends);
    memset(r, 0, sizeof *r);
}

static bool terminal(int id)
{
    return id == SYMBOL_PERIOD || id == SYMBOL_QUESTION || id == SYMBOL_EXCLAMATION || id == SYMBOL_ELLIPSIS;
}

/* Reads the whole text and checks what must hold for any input: budgets,
 * spans inside the text and never going back, sentence flags, tones only on
 * vowels, no utterance starting with a space or a mark. Thread-safe. */
static int collect(const frontend *fe, const char *text, size_t len, size_t max, run *r)
{
    int bad = 0;
#define INV(cond, ...)                                                             \
    do {                                                                           \
        if (!(cond)) {                                                             \
            if (bad++ < 5) {                                                       \
                fprintf(stderr, "%s:%d: %s: ", __FILE__, __LINE__, #cond);         \
                fprintf(stderr, __VA_ARGS__);                                      \
                fputc('\n', stderr);                                               \
            }                                                                      \
        }                                                                          \
    } while (0)
    memset(r, 0, sizeof *r);
    char err[256] = "";
    frontend_stream *s = NULL;
    INV(frontend_stream_new(fe, text, len, max, &s, err, sizeof err) == INFLECT_OK, "%s", err);
    if (!s)
        return bad;
    size_t last = 0;
    bool expect_start = true;
    for (;;) {
        frontend_utterance u;
        inflect_status st = frontend_next(s, &u, err, sizeof err);
        INV(st == INFLECT_OK, "%s", err);
        if (st != INFLECT_OK || u.n_tokens == 0)
            break;
        INV(max == 0 || u.n_tokens <= max, "%zu tokens over %zu", u.n_tokens, max);
        INV(u.sentence_start == expect_start, "sentence_start %d", u.sentence_start);
        expect_start = u.sentence_end;
        int first = u.tokens[0].id, final = u.tokens[u.n_tokens - 1].id;
        INV(symbols_kind(first) == SYMBOL_KIND_VOWEL || symbols_kind(first) == SYMBOL_KIND_CONSONANT,
            "starts with %s", symbols_name(first));
        INV(final != SYMBOL_SPACE, "ends with a space");
        INV(!u.sentence_end || terminal(final), "sentence ends with %s", symbols_name(final));
        INV(u.text_offset + u.text_length <= len, "utterance span");
        for (size_t i = 0; i < u.n_tokens; i++) {
            const frontend_token *t = &u.tokens[i];
            INV(t->id < symbols_count() && t->symbol == symbols_name(t->id), "token %zu", i);
            INV(t->tone <= 2 && (t->tone == 0 || symbols_kind(t->id) == SYMBOL_KIND_VOWEL), "tone on %s",
                t->symbol);
            INV(t->text_offset + t->text_length <= len, "span %zu+%zu past %zu", t->text_offset, t->text_length,
                len);
            INV(t->text_offset >= last, "span %zu goes back from %zu", t->text_offset, last);
            INV(t->text_offset >= u.text_offset &&
                    t->text_offset + t->text_length <= u.text_offset + u.text_length,
                "token outside its utterance");
            INV(i == 0 || !(t->id == SYMBOL_SPACE && u.tokens[i - 1].id == SYMBOL_SPACE), "two spaces");
            last = t->text_offset;
            if (r->n == r->cap) {
                r->cap = r->cap ? 2 * r->cap : 256;
                r->tok = realloc(r->tok, r->cap * sizeof *r->tok);
            }
            r->tok[r->n++] = *t;
        }
        if (r->n_utt == r->utt_cap) {
            r->utt_cap = r->utt_cap ? 2 * r->utt_cap : 16;
            r->ends = realloc(r->ends, r->utt_cap * sizeof *r->ends);
        }
        r->ends[r->n_utt++] = r->n;
    }
    INV(expect_start, "the text ended inside a sentence");
    frontend_stream_free(s);
    return bad;
#undef INV
}

/* Symbols as "h ə l ˈoʊ | w ˈɜː l d ." with "|" for a space, "/" between utterances. */
static char *render(const run *r)
{
    size_t cap = 64 + r->n * 16, o = 0, u = 0;
    char *out = malloc(cap);
    out[0] = '\0';
    for (size_t i = 0; i < r->n; i++) {
        if (u < r->n_utt && i == r->ends[u] && i > 0) {
            o += (size_t)snprintf(out + o, cap - o, " /");
            u++;
        }
        const frontend_token *t = &r->tok[i];
        o += (size_t)snprintf(out + o, cap - o, "%s%s%s", o ? " " : "",
                              t->tone == 2 ? "ˈ" : t->tone == 1 ? "ˌ" : "", t->id == SYMBOL_SPACE ? "|" : t->symbol);
    }
    return out;
}

static frontend *open_frontend(const char *voice)
{
    frontend *fe = NULL;
    char err[256] = "";
    inflect_status st = frontend_new(FRONTEND_ESPEAK_IPA, voice, &fe, err, sizeof err);
    if (st != INFLECT_OK) {
        fprintf(stderr, "frontend_new(%s): %s\n", voice, err);
        exit(1);
    }
    return fe;
}

static void expect_symbols(const frontend *fe, const char *text, const char *want)
{
    run r;
    check_failures += collect(fe, text, strlen(text), 0, &r);
    char *got = render(&r);
    CHECK(strcmp(got, want) == 0, "%s\n  got  %s\n  want %s", text, got, want);
    free(got);
    run_free(&r);
}

static void test_symbols(const frontend *fe)
{
    expect_symbols(fe, "hello", "h ə l ˈoʊ .");
    expect_symbols(fe, "Hello world.", "h ə l ˈoʊ | w ˈɜː l d .");
    expect_symbols(fe, "church judge", "tʃ ˈɜː tʃ | dʒ ˈʌ dʒ .");
    expect_symbols(fe, "Is it you?", "ɪ z | ɪ t | j uː ?");
    expect_symbols(fe, "hour bird roses button!", "ˈaʊ ɚ | b ˈɜː d | ɹ ˈoʊ z ᵻ z | b ˈʌ ʔ n̩ !");
    /* espeak-ng's own reading of abbreviations; numbers, times and currency
     * spelt out by the English normaliser first, one spoken word each */
    expect_symbols(fe, "Dr. Smith", "d ˈɑː k t ɚ | s m ˈɪ θ .");
    expect_symbols(fe, "10:30", "t ˈɛ n | θ ˈɜː ɾ i .");
    expect_symbols(fe, "the 3rd", "ð ə | θ ˈɜː d .");
    expect_symbols(fe, "1999", "n ˈaɪ n t iː n | n ˈaɪ n t i | n ˈaɪ n .");
    expect_symbols(fe, "$3.50", "θ ɹ ˈiː | d ˈɑː l ɚ z , | f ˈɪ f t i | s ˈɛ n t s .");
    /* the normaliser's pauses are commas: between a phone number's groups,
     * written with hyphens or with spaces */
    expect_symbols(fe, "555-0147", "f ˈaɪ v | f ˈaɪ v | f ˈaɪ v , | z ˈiə ɹ oʊ | w ˈʌ n | f ˈoː ɹ | s ˈɛ v ə n .");
    expect_symbols(fe, "Call 212 555 0147.",
                   "k ˈɔː l | t ˈuː | w ˈʌ n | t ˈuː , | f ˈaɪ v | f ˈaɪ v | f ˈaɪ v , | z ˈiə ɹ oʊ | w ˈʌ n | f ˈoː ɹ | "
                   "s ˈɛ v ə n .");
    /* context: weak "to", flapped "it", r-coloured vowel cut into ɔː ɹ */
    expect_symbols(fe, "I want to see it in the morning.",
                   "aɪ | w ˈɔ n t | t ə | s ˈiː | ɪ ɾ | ɪ n | ð ə | m ˈɔː ɹ n ɪ ŋ .");
}

static bool span_is(const char *text, const frontend_token *t, const char *word)
{
    return t->text_length == strlen(word) && memcmp(text + t->text_offset, word, t->text_length) == 0;
}

/* espeak-ng says "of the" as one word (ʌvðə) and links "Author" to it with
 * ɹ; each phoneme must still point at the word it came from. */
static void test_word_spans(const frontend *fe)
{
    const char *text = "Author of the danger trail.";
    run r;
    check_failures += collect(fe, text, strlen(text), 0, &r);
    const char *want[][2] = {{"ˈɔː", "Author"}, {"θ", "Author"}, {"ɚ", "Author"}, {"ɹ", "Author"},
                             {"ʌ", "of"},       {"v", "of"},     {"ð", "the"},    {"ə", "the"}};
    size_t k = 0;
    for (size_t i = 0; i < r.n && k < sizeof want / sizeof want[0]; i++) {
        const frontend_token *t = &r.tok[i];
        if (t->id == SYMBOL_SPACE)
            continue;
        const char *sym = want[k][0];
        bool stressed = strncmp(sym, "ˈ", strlen("ˈ")) == 0;
        if (stressed)
            sym += strlen("ˈ");
        CHECK(strcmp(t->symbol, sym) == 0 && (t->tone == 2) == stressed, "token %zu is %s, want %s", i, t->symbol,
              want[k][0]);
        CHECK(span_is(text, t, want[k][1]), "%s belongs to %.*s, want %s", t->symbol, (int)t->text_length,
              text + t->text_offset, want[k][1]);
        k++;
    }
    CHECK(k == sizeof want / sizeof want[0], "only %zu tokens", k);
    run_free(&r);

    /* one input word read as several espeak words, and an abbreviation */
    const char *text2 = "Dr. Smith paid $3.50 in 1999.";
    check_failures += collect(fe, text2, strlen(text2), 0, &r);
    const char *words[] = {"Dr.", "Smith", "paid", "$3.50", "in", "1999"};
    size_t w = 0;
    for (size_t i = 0; i < r.n; i++) {
        const frontend_token *t = &r.tok[i];
        if (t->id == SYMBOL_SPACE && t->text_length == 0) {
            w++;
            continue;
        }
        if (t->id == SYMBOL_SPACE) { /* between the spoken words of one written word */
            CHECK(w < 6 && span_is(text2, t, words[w]), "inner space spans %.*s, want %s", (int)t->text_length,
                  text2 + t->text_offset, w < 6 ? words[w] : "?");
            continue;
        }
        if (t->id == SYMBOL_PERIOD) {
            CHECK(span_is(text2, t, "."), "final mark");
            continue;
        }
        CHECK(w < 6 && span_is(text2, t, words[w]), "%s belongs to %.*s, want %s", t->symbol, (int)t->text_length,
              text2 + t->text_offset, w < 6 ? words[w] : "?");
    }
    CHECK(w == 5, "%zu word breaks", w);
    run_free(&r);

    /* A word the one before reads ("million", "km") belongs to its span:
     * "million" was in no word at all. */
    const char *text3 = "Spend $4.5 million on 5 km.";
    check_failures += collect(fe, text3, strlen(text3), 0, &r);
    const char *words3[] = {"Spend", "$4.5 million", "on", "5 km"};
    w = 0;
    for (size_t i = 0; i < r.n; i++) {
        const frontend_token *t = &r.tok[i];
        if (t->id == SYMBOL_SPACE && t->text_length == 0) {
            w++;
            continue;
        }
        if (t->id == SYMBOL_PERIOD)
            continue;
        CHECK(w < 4 && span_is(text3, t, words3[w]), "%s belongs to %.*s, want %s", t->symbol, (int)t->text_length,
              text3 + t->text_offset, w < 4 ? words3[w] : "?");
    }
    CHECK(w == 3, "%zu word breaks", w);
    run_free(&r);
}

static void test_sentences(const frontend *fe)
{
    expect_symbols(fe, "One. Two? Three! Four… five.",
                   "w ˈʌ n . / t ˈuː ? / θ ɹ ˈiː ! / f ˈoː ɹ … | f ˈaɪ v .");
    /* ; : and dashes are clause breaks read as "," */
    expect_symbols(fe, "one; two: three — four", "w ˈʌ n , | t ˈuː , | θ ɹ ˈiː , | f ˈoː ɹ .");
    /* a blank line ends a sentence that has no mark; a single line break does not */
    const char *text = "Title\n\nBody one\ntwo";
    run r;
    check_failures += collect(fe, text, strlen(text), 0, &r);
    CHECK(r.n_utt == 2, "%zu utterances", r.n_utt);
    if (r.n_utt == 2) {
        const frontend_token *dot = &r.tok[r.ends[0] - 1];
        CHECK(dot->id == SYMBOL_PERIOD && dot->text_offset == 5 && dot->text_length == 0, "added period %zu+%zu",
              dot->text_offset, dot->text_length);
    }
    run_free(&r);
    expect_symbols(fe, "Hello, , world,", "h ə l ˈoʊ , | w ˈɜː l d .");
}

/* Inputs that must come through without a crash, garbage or an endless run;
 * each is checked by collect() and compared with its clean twin. */
static void test_hostile(const frontend *fe)
{
#define BYTES(s) s, sizeof s - 1
    struct {
        const char *text;
        size_t len;
        const char *same_as;
    } cases[] = {
        {BYTES(""), ""},
        {BYTES(" \t\r\n \xC2\xA0 \n\n  "), ""},
        {BYTES("\0\0\0"), ""},
        {BYTES("hello\0there"), "hello there"},
        /* the normaliser's words, the letter A as espeak-ng reads it */
        {BYTES("The USA won at 10:30 am."), "the u s eh won at ten thirty eh m."},
        {BYTES("St. James St. is on Jan. 5."), "saint James street is on january fifth."},
        /* the area code's ")" is the pause after it */
        {BYTES("Call (555) 123-4567 at 10:30:15."),
         "call five five five, one two three, four five six seven at ten thirty and fifteen seconds."},
        {BYTES("he\x01ll\x7Fo \x1B[0mthere"), "hello [0mthere"},
        {BYTES("hello \xFF\xFE there \xC3\x28"), "hello there ("},
        {BYTES("hello \xF0\x9F\x98\x80\xF0\x9F\x91\x8D\xF0\x9F\x8F\xBD there"), "hello there"},
        /* other scripts skipped; a Greek letter alone is a symbol, read by name */
        {BYTES("hello \xD0\x9F\xD1\x80\xD0\xB8\xD0\xB2\xD0\xB5\xD1\x82 \xE4\xBD\xA0\xE5\xA5\xBD \xCE\xB1 there"),
         "hello alpha there"},
        {BYTES("<speak><break time=\"1s\"/>hi</speak>"), "hi"},
        {BYTES("...!!!???,,,"), ""},
        {BYTES("a <<<<>>>> b"), "a b"},
    };
#undef BYTES
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        run a, b;
        check_failures += collect(fe, cases[i].text, cases[i].len, 40, &a);
        check_failures += collect(fe, cases[i].same_as, strlen(cases[i].same_as), 40, &b);
        char *ra = render(&a), *rb = render(&b);
        CHECK(strcmp(ra, rb) == 0, "case %zu\n  got  %s\n  want %s", i, ra, rb);
        free(ra);
        free(rb);
        run_free(&a);
        run_free(&b);
    }
}

/* 10,000 digits: read one by one, every phoneme on the number's span. */
static void test_long_number(const frontend *fe)
{
    size_t n = 10000;
    char *text = malloc(n + 16);
    memcpy(text, "Call ", 5);
    memset(text + 5, '7', n);
    memcpy(text + 5 + n, " now.", 6);
    size_t len = strlen(text);
    run r;
    check_failures += collect(fe, text, len, 150, &r);
    size_t sevens = 0, spaces = 0;
    for (size_t i = 0; i < r.n; i++) {
        const frontend_token *t = &r.tok[i];
        if (t->text_offset == 5 && t->text_length == n && t->id == symbols_find("v", 1))
            sevens++;
        if (t->id == SYMBOL_SPACE && t->text_offset == 5)
            spaces++;
    }
    CHECK(sevens == n, "%zu sevens", sevens);
    CHECK(spaces >= n - 1 - r.n_utt, "%zu breaks between digits", spaces);
    CHECK(r.n_utt > n / 40, "%zu utterances: cut between digits", r.n_utt);
    run_free(&r);
    free(text);
}

static size_t big_bytes(void)
{
    const char *env = getenv("FRONTEND_BIG_BYTES");
    size_t n = env ? strtoul(env, NULL, 10) : 0;
    return n ? n : (size_t)1 << 20;
}

static void fill(char *buf, size_t n, const char *pattern)
{
    size_t pl = strlen(pattern);
    for (size_t i = 0; i < n; i++)
        buf[i] = pattern[i % pl];
}

static double seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* A long sentence with no punctuation is cut between words and loses
 * nothing: the tokens equal those of the uncut reading, less the spaces at
 * the cuts, and no word is split over two utterances. */
static void test_word_cuts(const frontend *fe)
{
    const char *words = "the quick brown fox jumps over a lazy dog while seven tired cats watch ";
    size_t n_words = 5000, len = 0;
    char *text = malloc(n_words * 16);
    for (size_t w = 0; w < n_words / 14 + 1; w++) {
        memcpy(text + len, words, strlen(words));
        len += strlen(words);
    }
    run whole, cut;
    check_failures += collect(fe, text, len, 0, &whole);
    check_failures += collect(fe, text, len, 150, &cut);
    CHECK(whole.n_utt == 1, "%zu utterances uncut", whole.n_utt);
    CHECK(cut.n_utt >= whole.n / 150, "%zu utterances", cut.n_utt);
    size_t i = 0, j = 0, lost = 0;
    while (i < whole.n && j < cut.n) {
        if (whole.tok[i].id == cut.tok[j].id && whole.tok[i].text_offset == cut.tok[j].text_offset) {
            i++;
            j++;
        } else if (whole.tok[i].id == SYMBOL_SPACE) {
            i++;
        } else {
            lost++;
            break;
        }
    }
    CHECK(lost == 0 && i == whole.n && j == cut.n, "tokens differ at %zu/%zu", i, j);
    for (size_t u = 0; u + 1 < cut.n_utt; u++) {
        const frontend_token *end = &cut.tok[cut.ends[u] - 1], *next = &cut.tok[cut.ends[u]];
        CHECK(end->text_offset != next->text_offset, "utterance %zu splits a word", u);
        size_t n_utt = cut.ends[u] - (u ? cut.ends[u - 1] : 0);
        CHECK(n_utt >= 75, "utterance %zu has only %zu tokens", u, n_utt);
    }
    run_free(&whole);
    run_free(&cut);
    free(text);
}

/* Clauses: a long sentence is cut after its commas, not between words. */
static void test_clause_cuts(const frontend *fe)
{
    char text[2048] = "";
    for (int c = 0; c < 10; c++)
        strcat(text, "the quick brown fox jumped over the lazy dog, ");
    strcat(text, "and slept.");
    run r;
    check_failures += collect(fe, text, strlen(text), 100, &r);
    CHECK(r.n_utt > 3, "%zu utterances", r.n_utt);
    for (size_t u = 0; u + 1 < r.n_utt; u++)
        CHECK(r.tok[r.ends[u] - 1].id == SYMBOL_COMMA, "utterance %zu ends with %s", u, r.tok[r.ends[u] - 1].symbol);
    run_free(&r);
}

static void test_split(const frontend *fe)
{
    const char *text = "one two three, four five six seven eight.";
    run r;
    check_failures += collect(fe, text, strlen(text), 0, &r);
    size_t end, start;
    frontend_split(r.tok, r.n, &end, &start);
    CHECK(end > 0 && end < r.n && r.tok[end - 1].id == SYMBOL_COMMA && r.tok[start].id != SYMBOL_SPACE,
          "cut at %zu/%zu", end, start);
    run_free(&r);

    const char *plain = "one two three four five six seven eight nine ten";
    check_failures += collect(fe, plain, strlen(plain), 0, &r);
    frontend_split(r.tok, r.n, &end, &start);
    CHECK(r.tok[end].id == SYMBOL_SPACE && start == end + 1, "cut at %zu/%zu", end, start);
    CHECK(end > r.n / 3 && end < 2 * r.n / 3, "cut at %zu of %zu", end, r.n);
    run_free(&r);

    frontend_token two[2] = {{.id = (uint16_t)symbols_find("a", 1)}, {.id = (uint16_t)symbols_find("b", 1)}};
    frontend_split(two, 2, &end, &start);
    CHECK(end == 1 && start == 1, "between phonemes %zu/%zu", end, start);
}

/* A megabyte of mixed, partly broken text, read with a budget: invariants
 * hold and the time grows linearly (a quarter of it takes about a quarter). */
static void test_big(const frontend *fe)
{
    const char *pattern = "It was 10:30 on the 3rd of May, 1999; Dr. Smith paid $3.50\xFF for tea\x01. "
                          "Was it \xF0\x9F\x98\x80 good?\n\n<b>Yes</b> \xD0\xB4\xD0\xB0, very good… ";
    size_t n = big_bytes();
    char *text = malloc(n);
    fill(text, n, pattern);
    run r;
    double t0 = seconds();
    check_failures += collect(fe, text, n / 4, 150, &r);
    double t1 = seconds();
    run_free(&r);
    check_failures += collect(fe, text, n, 150, &r);
    double t2 = seconds();
    CHECK(r.n_utt > n / 200, "%zu utterances from %zu bytes", r.n_utt, n);
    /* linear: ~4x; quadratic would be ~16x */
    CHECK(t2 - t1 < 10 * (t1 - t0) + 0.5, "quarter %.2fs, whole %.2fs", t1 - t0, t2 - t1);
    run_free(&r);

    /* one sentence of the whole size, no punctuation: memory stays bounded by
     * the budget (checked by ASan/valgrind runs), nothing is dropped */
    fill(text, n, "many small words ");
    check_failures += collect(fe, text, n, 150, &r);
    size_t words = 0, at = SIZE_MAX;
    for (size_t i = 0; i < r.n; i++) {
        if (r.tok[i].id != SYMBOL_SPACE && r.tok[i].id != SYMBOL_PERIOD && r.tok[i].text_offset != at) {
            at = r.tok[i].text_offset;
            words++;
        }
    }
    size_t want = n / 17 * 3 + (n % 17 >= 1) + (n % 17 >= 6) + (n % 17 >= 12);
    CHECK(words == want, "%zu words, want %zu", words, want);
    run_free(&r);
    free(text);
}

typedef struct {
    const frontend *fe;
    const char *text;
    const char *want;
    int rounds;
    int bad;
} job;

static void *worker(void *arg)
{
    job *j = arg;
    for (int i = 0; i < j->rounds; i++) {
        run r;
        j->bad += collect(j->fe, j->text, strlen(j->text), 60, &r);
        char *got = render(&r);
        j->bad += strcmp(got, j->want) != 0;
        free(got);
        run_free(&r);
    }
    return NULL;
}

/* Four threads with two voices read at once; every result must equal the
 * one-thread reading, so espeak-ng's global state never leaks between them. */
static void test_threads(void)
{
    frontend *us = open_frontend("en-us"), *gb = open_frontend("en");
    const char *texts[4] = {
        "The quick brown fox jumps over the lazy dog. It was 10:30, and Dr. Smith paid $3.50!",
        "Author of the danger trail, Philip Steels, etc. Not at this particular case, Tom.",
        "Can you hear me? I can hear you; the water is warm, and the boat is ready…",
        "Forty-two thousand, three hundred and one people came in 1999. Nobody left.",
    };
    job jobs[4];
    for (int k = 0; k < 4; k++) {
        jobs[k].fe = k % 2 ? gb : us;
        jobs[k].text = texts[k];
        jobs[k].rounds = 25;
        jobs[k].bad = 0;
        run r;
        check_failures += collect(jobs[k].fe, texts[k], strlen(texts[k]), 60, &r);
        jobs[k].want = render(&r);
        run_free(&r);
    }
    CHECK(strcmp(jobs[0].want, jobs[2].want) != 0, "texts must differ");
    pthread_t th[4];
    for (int k = 0; k < 4; k++)
        pthread_create(&th[k], NULL, worker, &jobs[k]);
    for (int k = 0; k < 4; k++) {
        pthread_join(th[k], NULL);
        CHECK(jobs[k].bad == 0, "thread %d: %d differing runs", k, jobs[k].bad);
        free((char *)jobs[k].want);
    }
    /* the British voice really is another reading */
    run a, b;
    check_failures += collect(us, "water", 5, 0, &a);
    check_failures += collect(gb, "water", 5, 0, &b);
    char *ra = render(&a), *rb = render(&b);
    CHECK(strcmp(ra, rb) != 0, "en-us and en read water alike: %s", ra);
    free(ra);
    free(rb);
    run_free(&a);
    run_free(&b);
    frontend_free(us);
    frontend_free(gb);
}

static void test_errors(void)
{
    frontend *fe = NULL;
    char err[256] = "";
    CHECK(frontend_new(FRONTEND_ESPEAK_IPA, "no-such-voice-xx", &fe, err, sizeof err) == INFLECT_ERR_FRONTEND && !fe, "bad voice");
    CHECK(strstr(err, "no-such-voice-xx") != NULL, "message names the voice: %s", err);
    CHECK(frontend_new(FRONTEND_ESPEAK_IPA, "", &fe, err, sizeof err) != INFLECT_OK && !fe, "empty voice");
}

int main(void)
{
    frontend *fe = open_frontend("en-us");
    test_symbols(fe);
    test_word_spans(fe);
    test_sentences(fe);
    test_hostile(fe);
    test_long_number(fe);
    test_word_cuts(fe);
    test_clause_cuts(fe);
    test_split(fe);
    test_big(fe);
    frontend_free(fe);
    test_threads();
    test_errors();
    if (check_failures) {
        fprintf(stderr, "%d check(s) failed\n", check_failures);
        return 1;
    }
    printf("frontend: all checks passed\n");
    return 0;
}
