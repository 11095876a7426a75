/* The synthesis API on small random voices (tests/make_tiny_voice.py): bad
 * and hostile input, argument checks, stopping, cancelling, unlimited
 * length, event timing, steering from the callback, threads and two voices.
 *
 * Copyright (C) 2026 The Inflect authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Usage: test_synth TINY.gguf TINY-RP.gguf [V2.gguf]
 *        test_synth --shipped VOICE.gguf (cancelling and nesting only)
 * V2.gguf, an Inflect v2 fixture (tests/make_v2_parity.py), joins the
 * threads test.
 * Empty voice files mean PyTorch was missing when they were made: skip.
 * FRONTEND_BIG_BYTES sets the size of the large-text case (default 1 MiB),
 * so that valgrind runs can use a smaller one.
 */
#include <math.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "acoustic.h"
#include "check.h"
#include "inflect.h"
#include "kpar.h"
#include "sanitized.h"
#include "speaker_pitch.h"
#include "voice.h"

#if defined(__GLIBC__) && (__GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 33))
#include <malloc.h>
#define HAVE_MALLINFO2 1
#else
#define HAVE_MALLINFO2 0
#endif

static inflect_voice *voice;
static const char *voice_path, *voice_rp_path, *voice_v2_path;

/* ---- capturing one call --------------------------------------------------- */

/* Records what one inflect_synth_speak() call delivers and checks, as it
 * arrives, what must hold for any text: events inside the text, each
 * before its audio, words in order and not overlapping, sentences starting
 * exactly where the audio stands, samples finite and in -1..1. */
typedef struct capture capture;
struct capture {
    size_t len; /* of the text */
    int keep; /* store the audio and the word/sentence events */
    float *pcm;
    size_t n_pcm, cap_pcm;
    inflect_event *ev;
    size_t n_ev, cap_ev;

    uint64_t delivered;
    size_t audio_calls, n_sentences;
    size_t n_words;         /* words, not counting the pieces of one word */
    uint64_t sentence_samples, max_end;
    uint64_t word_end;      /* end sample of the last word */
    size_t word_offset, word_text_end; /* span of the last word */

    int bad;
    char first_bad[256];

    int stop_at_call;                   /* the audio callback returns 1 on this call (from 1) */
    void (*hook)(capture *c);           /* runs at each audio call, before the checks */
    void *hook_user;
};

static void capture_init(capture *c, size_t len, int keep)
{
    memset(c, 0, sizeof *c);
    c->len = len;
    c->keep = keep;
}

static void capture_free(capture *c)
{
    free(c->pcm);
    free(c->ev);
}

#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
static void bad(capture *c, const char *fmt, ...)
{
    if (c->bad++ == 0) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(c->first_bad, sizeof c->first_bad, fmt, ap);
        va_end(ap);
    }
}

static int on_audio(const float *samples, size_t n, void *user)
{
    capture *c = user;
    c->audio_calls++;
    if (c->hook)
        c->hook(c);
    if (n == 0)
        bad(c, "empty audio chunk");
    for (size_t i = 0; i < n; i++)
        if (!(samples[i] >= -1.0f && samples[i] <= 1.0f)) {
            bad(c, "sample %llu is %g", (unsigned long long)(c->delivered + i), (double)samples[i]);
            break;
        }
    if (c->keep) {
        if (c->n_pcm + n > c->cap_pcm) {
            c->cap_pcm = 2 * (c->n_pcm + n);
            c->pcm = realloc(c->pcm, c->cap_pcm * sizeof *c->pcm);
            if (!c->pcm)
                abort();
        }
        memcpy(c->pcm + c->n_pcm, samples, n * sizeof *samples);
        c->n_pcm += n;
    }
    c->delivered += n;
    return c->stop_at_call && (int)c->audio_calls == c->stop_at_call;
}

static void on_event(const inflect_event *e, void *user)
{
    capture *c = user;
    if (e->text_offset > c->len || e->text_length > c->len - e->text_offset)
        bad(c, "event type %d spans bytes %zu+%zu of a %zu-byte text", (int)e->type, e->text_offset, e->text_length,
            c->len);
    if (e->start_sample < c->delivered)
        bad(c, "event type %d at sample %llu arrived after %llu samples of audio", (int)e->type,
            (unsigned long long)e->start_sample, (unsigned long long)c->delivered);
    if (e->start_sample + e->n_samples > c->max_end)
        c->max_end = e->start_sample + e->n_samples;
    switch (e->type) {
    case INFLECT_EVENT_SENTENCE:
        if (e->start_sample != c->delivered)
            bad(c, "sentence starts at sample %llu but the audio stands at %llu",
                (unsigned long long)e->start_sample, (unsigned long long)c->delivered);
        c->sentence_samples += e->n_samples;
        c->n_sentences++;
        break;
    case INFLECT_EVENT_WORD: {
        /* A word too long for one utterance comes once per piece, each
         * naming the whole word: same span, later samples. */
        int piece = c->n_words > 0 && e->text_offset == c->word_offset &&
                    e->text_length == c->word_text_end - c->word_offset;
        if (c->n_words > 0 && !piece && e->text_offset < c->word_text_end)
            bad(c, "word at bytes %zu+%zu overlaps the previous word at %zu+%zu", e->text_offset, e->text_length,
                c->word_offset, c->word_text_end - c->word_offset);
        if (c->n_words > 0 && e->start_sample < c->word_end)
            bad(c, "word at sample %llu starts before the previous word ends (%llu)",
                (unsigned long long)e->start_sample, (unsigned long long)c->word_end);
        if (e->n_samples == 0 || e->text_length == 0)
            bad(c, "word at byte %zu has %llu samples and %zu bytes", e->text_offset,
                (unsigned long long)e->n_samples, e->text_length);
        c->word_end = e->start_sample + e->n_samples;
        c->word_offset = e->text_offset;
        c->word_text_end = e->text_offset + e->text_length;
        c->n_words += !piece;
        break;
    }
    case INFLECT_EVENT_PHONEME:
        if (!e->symbol || !e->symbol[0])
            bad(c, "phoneme event without a symbol");
        return; /* too many to keep */
    default:
        bad(c, "event of unknown type %d", (int)e->type);
        return;
    }
    if (c->keep) {
        if (c->n_ev == c->cap_ev) {
            c->cap_ev = c->cap_ev ? 2 * c->cap_ev : 64;
            c->ev = realloc(c->ev, c->cap_ev * sizeof *c->ev);
            if (!c->ev)
                abort();
        }
        c->ev[c->n_ev++] = *e;
    }
}

/* Speaks text[0..len) from a copy of exactly len bytes, so that reading past
 * the end is caught by ASan and valgrind. */
static inflect_status speak(inflect_synth *s, const char *text, size_t len, const inflect_params *p, capture *c)
{
    char *copy = len ? malloc(len) : NULL;
    if (len && !copy)
        abort();
    if (len)
        memcpy(copy, text, len);
    inflect_status st = inflect_synth_speak(s, copy ? copy : "", len, p, on_audio, on_event, c);
    free(copy);
    return st;
}

/* Whole-call checks after a successful call; `what` names the case. */
static void check_complete(const capture *c, const char *what)
{
    CHECK(c->bad == 0, "%s: %d bad events or samples, first: %s", what, c->bad, c->first_bad);
    CHECK(c->max_end <= c->delivered, "%s: events reach sample %llu, audio has %llu", what,
          (unsigned long long)c->max_end, (unsigned long long)c->delivered);
    CHECK(c->sentence_samples == c->delivered, "%s: sentences cover %llu samples, audio has %llu", what,
          (unsigned long long)c->sentence_samples, (unsigned long long)c->delivered);
}

/* A word event whose span is exactly `word`, searched from word event `from`;
 * returns its index + 1, 0 if none. */
static size_t find_word(const capture *c, const char *text, const char *word, size_t from)
{
    size_t n = strlen(word);
    for (size_t i = from; i < c->n_ev; i++) {
        const inflect_event *e = &c->ev[i];
        if (e->type == INFLECT_EVENT_WORD && e->text_length == n && memcmp(text + e->text_offset, word, n) == 0)
            return i + 1;
    }
    return 0;
}

static double now(clockid_t clock)
{
    struct timespec ts;
    clock_gettime(clock, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static inflect_synth *new_synth(const inflect_voice *v)
{
    inflect_synth *s = NULL;
    inflect_status st = inflect_synth_new(v, &s);
    if (st != INFLECT_OK) {
        fprintf(stderr, "inflect_synth_new: %s\n", inflect_status_name(st));
        exit(1);
    }
    return s;
}

/* A synth of `threads` threads (inflect_synth_options). */
static inflect_synth *new_synth_threads(const inflect_voice *v, int threads)
{
    inflect_synth_options o;
    inflect_synth_options_init(&o);
    o.threads = threads;
    inflect_synth *s = NULL;
    char err[256] = "";
    if (inflect_synth_new_with(v, &o, &s, err, sizeof err) != INFLECT_OK) {
        fprintf(stderr, "inflect_synth_new_with (%d threads): %s\n", threads, err);
        exit(1);
    }
    return s;
}

static inflect_params defaults(void)
{
    inflect_params p;
    inflect_params_init(&p);
    return p;
}

static uint64_t hop(const inflect_voice *v) { return (uint64_t)v->vocoder.hop; }

/* Under sanitizers or valgrind (an LD_PRELOAD'ed allocator, or valgrind's
 * own variables) synthesis runs many times slower: timing bounds widen. */
static bool instrumented(void) { return SANITIZED || getenv("LD_PRELOAD") || getenv("VALGRIND_LIB"); }

/* ---- hostile text --------------------------------------------------------- */

/* Speaks a text that must be accepted, then checks the invariants and that
 * each of the NULL-terminated `words` is spoken, in order. */
static void hostile(inflect_synth *s, const char *what, const char *text, size_t len, float length,
                    const char *const *words, capture *out)
{
    inflect_params p = defaults();
    p.length_scale = length;
    capture c;
    capture_init(&c, len, 1);
    inflect_status st = speak(s, text, len, &p, &c);
    CHECK(st == INFLECT_OK, "%s: %s (%s)", what, inflect_status_name(st), inflect_synth_error(s));
    check_complete(&c, what);
    size_t at = 0;
    for (const char *const *w = words; w && *w; w++) {
        size_t found = find_word(&c, text, *w, at);
        CHECK(found, "%s: no word event for '%s' (in order)", what, *w);
        if (found)
            at = found;
    }
    if (out)
        *out = c;
    else
        capture_free(&c);
}

static void test_hostile_text(void)
{
    inflect_synth *s = new_synth(voice);
    capture c;

    hostile(s, "empty string", "", 0, 1.0f, NULL, &c);
    CHECK(c.audio_calls == 0 && c.n_sentences == 0, "empty string: %zu audio calls, %zu sentences", c.audio_calls,
          c.n_sentences);
    capture_free(&c);
    {
        inflect_params p = defaults();
        capture_init(&c, 0, 0);
        inflect_status st = inflect_synth_speak(s, NULL, 0, &p, on_audio, on_event, &c);
        CHECK(st == INFLECT_OK && c.audio_calls == 0, "NULL text of length 0: %s, %zu audio calls",
              inflect_status_name(st), c.audio_calls);
    }

    static const char space[] = " \t\n\r\v\f  \xC2\xA0\xE3\x80\x80\n\n \xE2\x80\x8B ";
    hostile(s, "whitespace only", space, sizeof space - 1, 1.0f, NULL, &c);
    CHECK(c.delivered == 0 && c.n_words == 0, "whitespace only: %llu samples, %zu words",
          (unsigned long long)c.delivered, c.n_words);
    capture_free(&c);

    static const char invalid[] = "Hello \xFF\xFE world \xC3 again \xE2\x82 and \xF0\x9F\x98 more \xED\xA0\x80 "
                                  "\xC0\xAF end \x80\x80\x80";
    hostile(s, "invalid UTF-8", invalid, sizeof invalid - 1, 1.0f,
            (const char *const[]){"Hello", "world", "again", "and", "more", "end", NULL}, NULL);

    /* A NUL separates words like a space (text.h); what follows it is read
     * all the same. */
    static const char nul[] = "Hello\0world, and \0\0 then some more";
    hostile(s, "embedded NUL", nul, sizeof nul - 1, 1.0f,
            (const char *const[]){"Hello", "world", "and", "then", "some", "more", NULL}, &c);
    CHECK(c.n_ev > 1 && c.ev[1].type == INFLECT_EVENT_WORD && c.ev[1].text_offset == 0 && c.ev[1].text_length == 5,
          "embedded NUL: the first word is not 'Hello'");
    capture_free(&c);
    hostile(s, "NULs only", "\0\0\0", 3, 1.0f, NULL, &c);
    CHECK(c.delivered == 0, "NULs only: %llu samples", (unsigned long long)c.delivered);
    capture_free(&c);

    static const char emoji[] = "I \xF0\x9F\x98\x80 love \xF0\x9F\x91\x8D\xF0\x9F\x8F\xBD pizza "
                                "\xF0\x9F\x8D\x95\xF0\x9F\x87\xAB\xF0\x9F\x87\xB7 and "
                                "\xF0\x9F\x91\xA8\xE2\x80\x8D\xF0\x9F\x91\xA9\xE2\x80\x8D\xF0\x9F\x91\xA7 family";
    hostile(s, "emoji", emoji, sizeof emoji - 1, 1.0f, (const char *const[]){"love", "pizza", "and", "family", NULL},
            NULL);
    static const char only_emoji[] = "\xF0\x9F\x98\x80\xF0\x9F\x98\x80 \xF0\x9F\x8D\x95";
    hostile(s, "emoji only", only_emoji, sizeof only_emoji - 1, 1.0f, NULL, NULL);

    /* Clauses without a phoneme beside ones with (once a NULL-pointer
     * offset in the frontend, which UBSan aborts on). */
    static const char *const brackets[] = {">", "<", ">>", "> .", "<>", ">Hi", "> > >", "Hi >", "a > b. < c"};
    for (size_t i = 0; i < sizeof brackets / sizeof *brackets; i++)
        hostile(s, brackets[i], brackets[i], strlen(brackets[i]), 1.0f, NULL, NULL);

    enum { DIGITS = 10000 };
    char *number = malloc(DIGITS + 32);
    int k = snprintf(number, 32, "Call ");
    for (int i = 0; i < DIGITS; i++)
        number[k + i] = (char)('1' + i % 9);
    memcpy(number + k + DIGITS, " now", 4);
    /* Every digit is read; short durations only keep the audio, and valgrind, short. */
    hostile(s, "10000-digit number", number, (size_t)k + DIGITS + 4, 0.1f, (const char *const[]){"Call", "now", NULL},
            &c);
    /* Read out, digit by digit or in groups, every digit takes a frame at least. */
    CHECK(c.n_words == 3 && c.delivered > DIGITS * hop(voice), "10000-digit number: %zu words, %llu samples",
          c.n_words, (unsigned long long)c.delivered);
    capture_free(&c);
    free(number);

    static const char mixed[] = "Hello \xD0\x9F\xD1\x80\xD0\xB8\xD0\xB2\xD0\xB5\xD1\x82 "
                                "\xE4\xBD\xA0\xE5\xA5\xBD \xD9\x85\xD8\xB1\xD8\xAD\xD8\xA8\xD8\xA7 "
                                "\xD7\xA9\xD7\x9C\xD7\x95\xD7\x9D \xCE\xB3\xCE\xB5\xCE\xB9\xCE\xAC "
                                "\xE0\xA4\xA8\xE0\xA4\xAE\xE0\xA4\xB8\xE0\xA5\x8D\xE0\xA4\xA4\xE0\xA5\x87 "
                                "caf\xC3\xA9 world";
    hostile(s, "mixed scripts", mixed, sizeof mixed - 1, 1.0f, (const char *const[]){"Hello", "world", NULL}, NULL);

    /* Tags are text, not markup: espeak-ng must not act on them, so the
     * three-second break is not heard. */
    static const char ssml[] = "<speak>Hello <break time=\"3s\"/> <prosody rate='x-slow'>world</prosody>"
                               "<audio src=\"file:///etc/passwd\"/></speak> &amp; &#0; &#xFFFFFFFF;";
    hostile(s, "SSML-looking tags", ssml, sizeof ssml - 1, 1.0f, (const char *const[]){"Hello", "world", NULL}, &c);
    uint64_t three_s = 3 * (uint64_t)inflect_voice_sample_rate(voice);
    CHECK(c.delivered < three_s, "SSML-looking tags: %llu samples, a break seems to have been obeyed",
          (unsigned long long)c.delivered);
    capture_free(&c);

    inflect_synth_free(s);
}

/* ---- arguments ------------------------------------------------------------ */

static int stop_utterance(const inflect_utterance *u, void *user)
{
    (void)u;
    if (user)
        ++*(int *)user;
    return 1;
}

/* A low-memory voice (layers read from the mapped file, small workspace and
 * vocoder chunks) speaks the same samples, and kept the file open; unknown
 * flags are refused. */
static void test_low_memory(void)
{
    char err[256];
    inflect_voice *low = NULL, *none = NULL;
    CHECK(inflect_voice_open_with(voice_path, NULL, 1u << 7, &none, err, sizeof err) ==
                  INFLECT_ERR_INVALID_ARGUMENT && !none && strstr(err, "flags"),
          "unknown voice flags: %s", err);
    if (inflect_voice_open_with(voice_path, NULL, INFLECT_VOICE_LOW_MEMORY, &low, err, sizeof err) != INFLECT_OK) {
        CHECK(false, "low-memory voice: %s", err);
        return;
    }
    const char *text = "The quick brown fox jumps over the lazy dog, twice. Then it rests.";
    inflect_params p = defaults();
    capture a, b;
    capture_init(&a, strlen(text), 1);
    capture_init(&b, strlen(text), 1);
    inflect_synth *sa = new_synth(voice), *sb = new_synth(low);
    CHECK(speak(sa, text, strlen(text), &p, &a) == INFLECT_OK && speak(sb, text, strlen(text), &p, &b) == INFLECT_OK,
          "speak with a low-memory voice: %s", inflect_synth_error(sb));
    CHECK(a.n_pcm > 0 && a.n_pcm == b.n_pcm && memcmp(a.pcm, b.pcm, a.n_pcm * sizeof *a.pcm) == 0,
          "low-memory voice: %zu samples against %zu, or different ones", b.n_pcm, a.n_pcm);
    CHECK(low->n_files == 1 && low->low_memory, "low-memory voice keeps %d files", low->n_files);
    inflect_synth_free(sa);
    inflect_synth_free(sb);
    capture_free(&a);
    capture_free(&b);
    inflect_voice_close(low);
}

static void test_null_arguments(void)
{
    inflect_synth *s = new_synth(voice);
    inflect_params p = defaults();
    capture c;
    capture_init(&c, 2, 0);

    CHECK(inflect_synth_speak(NULL, "Hi", 2, &p, on_audio, NULL, &c) == INFLECT_ERR_INVALID_ARGUMENT,
          "speak with synth NULL");
    struct {
        const char *what, *text;
        size_t len;
        const inflect_params *p;
        inflect_audio_cb audio;
    } cases[] = {
        {"params NULL", "Hi", 2, NULL, on_audio},
        {"audio callback NULL", "Hi", 2, &p, NULL},
        {"text NULL with a length", NULL, 5, &p, on_audio},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        inflect_status st = inflect_synth_speak(s, cases[i].text, cases[i].len, cases[i].p, cases[i].audio, on_event,
                                                &c);
        CHECK(st == INFLECT_ERR_INVALID_ARGUMENT, "speak with %s: %s", cases[i].what, inflect_status_name(st));
        CHECK(inflect_synth_error(s)[0] != '\0', "speak with %s: no error message", cases[i].what);
    }
    CHECK(c.audio_calls == 0 && c.n_sentences == 0, "a refused call delivered audio or events");

    inflect_synth *none = (inflect_synth *)&c;
    CHECK(inflect_synth_new(NULL, &none) == INFLECT_ERR_INVALID_ARGUMENT && none == NULL,
          "inflect_synth_new(NULL voice) must fail and clear *out");
    CHECK(inflect_synth_new(voice, NULL) == INFLECT_ERR_INVALID_ARGUMENT, "inflect_synth_new(out NULL)");

    char err[128] = "x";
    inflect_voice *v = (inflect_voice *)&c;
    CHECK(inflect_voice_open(NULL, &v, err, sizeof err) == INFLECT_ERR_INVALID_ARGUMENT && v == NULL && err[0],
          "inflect_voice_open(NULL path): '%s'", err);
    CHECK(inflect_voice_open(voice_path, NULL, err, sizeof err) == INFLECT_ERR_INVALID_ARGUMENT,
          "inflect_voice_open(out NULL)");
    /* the default voice: $INFLECT_VOICE's when set and not empty, else the build's */
    char *env_voice = getenv("INFLECT_VOICE") ? strdup(getenv("INFLECT_VOICE")) : NULL;
    setenv("INFLECT_VOICE", "/x/y.gguf", 1);
    CHECK(strcmp(inflect_default_voice(), "/x/y.gguf") == 0, "inflect_default_voice(): '%s'", inflect_default_voice());
    unsetenv("INFLECT_VOICE");
    char builds[64];
    snprintf(builds, sizeof builds, "%s", inflect_default_voice());
    setenv("INFLECT_VOICE", "", 1);
    CHECK(builds[0] && !strchr(builds, '/') && strcmp(inflect_default_voice(), builds) == 0,
          "inflect_default_voice() with INFLECT_VOICE unset '%s', empty '%s'", builds, inflect_default_voice());
    if (env_voice)
        setenv("INFLECT_VOICE", env_voice, 1);
    else
        unsetenv("INFLECT_VOICE");
    free(env_voice);
    CHECK(inflect_voice_open("/nonexistent/voice.gguf", &v, NULL, 0) == INFLECT_ERR_IO && v == NULL,
          "inflect_voice_open without an error buffer");
    CHECK(inflect_voice_open("/nonexistent/voice.gguf", &v, err, 1) == INFLECT_ERR_IO && err[0] == '\0',
          "inflect_voice_open with a 1-byte error buffer must write only the terminator");

    /* By name, with a path buffer too small for the file found: an argument
     * error, not "no voice" (the directory has it). */
    char dir[1024], name[256], found[1024];
    const char *slash = strrchr(voice_path, '/');
    snprintf(dir, sizeof dir, "%.*s", slash ? (int)(slash - voice_path) : 1, slash ? voice_path : ".");
    const char *base = slash ? slash + 1 : voice_path;
    snprintf(name, sizeof name, "%.*s", (int)strlen(base) - (int)strlen(".gguf"), base); /* it ends in .gguf */
    const char *was = getenv("INFLECT_VOICE_PATH");
    char *saved = was ? strdup(was) : NULL;
    setenv("INFLECT_VOICE_PATH", dir, 1);
    CHECK(inflect_voice_find(name, found, sizeof found, err, sizeof err) == INFLECT_OK && strstr(found, voice_path),
          "inflect_voice_find('%s') in %s: '%s' %s", name, dir, found, err);
    CHECK(inflect_voice_find(name, found, 4, err, sizeof err) == INFLECT_ERR_INVALID_ARGUMENT && !found[0] &&
              strstr(err, "too long"),
          "inflect_voice_find into 4 bytes: '%s'", err);
    if (saved)
        setenv("INFLECT_VOICE_PATH", saved, 1);
    else
        unsetenv("INFLECT_VOICE_PATH");
    free(saved);

    CHECK(inflect_voice_speaker_name(voice, -1) == NULL && inflect_voice_speaker_name(voice, 2) == NULL,
          "speaker names out of range");
    CHECK(inflect_voice_speaker_name(NULL, 0) == NULL && inflect_voice_speaker_count(NULL) == 0 &&
              inflect_voice_sample_rate(NULL) == 0 && inflect_voice_name(NULL) == NULL,
          "voice getters on NULL");
    CHECK(inflect_voice_find_speaker(voice, NULL) == -1 && inflect_voice_find_speaker(NULL, "alice") == -1,
          "find_speaker with NULL");
    CHECK(inflect_voice_find_speaker(voice, "bob") == 1 && inflect_voice_find_speaker(voice, "1") == 1 &&
              inflect_voice_find_speaker(voice, "2") == -1 && inflect_voice_find_speaker(voice, "-1") == -1 &&
              inflect_voice_find_speaker(voice, "1x") == -1 && inflect_voice_find_speaker(voice, "") == -1,
          "find_speaker by name and index");
    CHECK(strcmp(inflect_synth_error(NULL), "") == 0, "inflect_synth_error(NULL)");
    inflect_synth_cancel(NULL);
    inflect_synth_free(NULL);
    inflect_voice_close(NULL);
    inflect_params_init(NULL);
    CHECK(inflect_phonemize(NULL, NULL, "Hi", 2, NULL, NULL, err, sizeof err) == INFLECT_ERR_INVALID_ARGUMENT,
          "inflect_phonemize without a callback");
    CHECK(inflect_phonemize(NULL, NULL, NULL, 3, stop_utterance, NULL, err, sizeof err) ==
              INFLECT_ERR_INVALID_ARGUMENT,
          "inflect_phonemize with text NULL and a length");
    CHECK(inflect_phonemize(NULL, "xx-no-such", "Hi", 2, stop_utterance, NULL, err, sizeof err) ==
                  INFLECT_ERR_FRONTEND &&
              strstr(err, "xx-no-such"),
          "inflect_phonemize with an unknown espeak-ng voice: '%s'", err);
    int calls = 0;
    CHECK(inflect_phonemize(voice, NULL, "One. Two. Three.", 16, stop_utterance, &calls, err, sizeof err) ==
                  INFLECT_ERR_CALLBACK &&
              calls == 1,
          "inflect_phonemize stopped by its callback: %d calls, '%s'", calls, err);
    CHECK(inflect_symbol_count() > 40 && strcmp(inflect_symbol_name(0), "_") == 0 && inflect_symbol_name(-1) == NULL &&
              inflect_symbol_name(inflect_symbol_count()) == NULL,
          "symbol names in and out of range");
    CHECK(strcmp(inflect_status_name((inflect_status)1234), "unknown status") == 0, "status name out of range");
    inflect_synth_free(s);
}

/* A control callback that sets every parameter to *user. */
static void set_params_control(uint64_t sample, inflect_params *params, void *user)
{
    (void)sample;
    *params = *(const inflect_params *)user;
}

static void test_params_out_of_range(void)
{
    inflect_synth *s = new_synth(voice);
    const float nan = NAN, inf = INFINITY;
    struct {
        const char *what;
        int speaker;
        float length, pitch, range, energy;
    } bad_cases[] = {
        {"length NaN", 0, nan, 1, 1, 1},       {"length -1", 0, -1, 1, 1, 1},       {"length 0", 0, 0, 1, 1, 1},
        {"length 0.05", 0, 0.05f, 1, 1, 1},    {"length 10.5", 0, 10.5f, 1, 1, 1},  {"length inf", 0, inf, 1, 1, 1},
        {"length 1e30", 0, 1e30f, 1, 1, 1},    {"pitch NaN", 0, 1, nan, 1, 1},      {"pitch 0", 0, 1, 0, 1, 1},
        {"pitch -0.1", 0, 1, -0.1f, 1, 1},     {"pitch 4.5", 0, 1, 4.5f, 1, 1},     {"pitch -inf", 0, 1, -inf, 1, 1},
        {"range NaN", 0, 1, 1, nan, 1},        {"range -0.5", 0, 1, 1, -0.5f, 1},   {"range inf", 0, 1, 1, inf, 1},
        {"energy NaN", 0, 1, 1, 1, nan},       {"energy -1", 0, 1, 1, 1, -1},       {"energy 1e9", 0, 1, 1, 1, 1e9f},
        {"speaker -1", -1, 1, 1, 1, 1},        {"speaker 2", 2, 1, 1, 1, 1},
        {"speaker INT_MAX", 2147483647, 1, 1, 1, 1}, {"speaker INT_MIN", -2147483647 - 1, 1, 1, 1, 1},
    };
    static const char text[] = "Hello there.";
    for (size_t i = 0; i < sizeof bad_cases / sizeof bad_cases[0]; i++) {
        inflect_params p = {bad_cases[i].speaker, bad_cases[i].length, bad_cases[i].pitch, bad_cases[i].range,
                            bad_cases[i].energy, 0, 0, 1};
        capture c;
        capture_init(&c, sizeof text - 1, 0);
        inflect_status st = speak(s, text, sizeof text - 1, &p, &c);
        CHECK(st == INFLECT_ERR_INVALID_ARGUMENT, "%s: %s", bad_cases[i].what, inflect_status_name(st));
        CHECK(strlen(inflect_synth_error(s)) > 5, "%s: no message ('%s')", bad_cases[i].what, inflect_synth_error(s));
        CHECK(c.audio_calls == 0 && c.n_sentences == 0, "%s: audio or events before the refusal", bad_cases[i].what);
    }
    /* Each parameter changes the audio; length 2 about doubles it. (Pitch
     * acts on voiced tokens, which a random voice may not predict: its
     * effect is measured on the shipped voices, tests/test_controls.py.) */
    capture base;
    inflect_params p0 = defaults();
    capture_init(&base, sizeof text - 1, 1);
    CHECK(speak(s, text, sizeof text - 1, &p0, &base) == INFLECT_OK, "default parameters: %s", inflect_synth_error(s));
    struct {
        const char *what;
        inflect_params p;
    } effect[] = {
        {"speaker 1", {1, 1, 1, 1, 1, 0, 0, 1}},
        {"energy 2", {0, 1, 1, 1, 2, 0, 0, 1}},
        {"length 2", {0, 2, 1, 1, 1, 0, 0, 1}},
    };
    for (size_t i = 0; i < sizeof effect / sizeof effect[0]; i++) {
        capture c;
        capture_init(&c, sizeof text - 1, 1);
        inflect_status st = speak(s, text, sizeof text - 1, &effect[i].p, &c);
        CHECK(st == INFLECT_OK, "%s: %s", effect[i].what, inflect_synth_error(s));
        CHECK(c.n_pcm != base.n_pcm || memcmp(c.pcm, base.pcm, c.n_pcm * sizeof *c.pcm) != 0,
              "%s sounds exactly like the defaults", effect[i].what);
        if (effect[i].p.length_scale == 2)
            CHECK(c.n_pcm > base.n_pcm * 3 / 2 && c.n_pcm < base.n_pcm * 5 / 2, "length 2: %zu samples, %zu at 1",
                  c.n_pcm, base.n_pcm);
        capture_free(&c);
    }
    capture_free(&base);

    /* The ends of each range are allowed. */
    struct {
        const char *what;
        int speaker;
        float length, pitch, range, energy;
    } edge_cases[] = {
        {"length 0.1", 0, 0.1f, 1, 1, 1}, {"length 10", 0, 10, 1, 1, 1}, {"pitch 0.25, range 0, energy 0", 1, 1, 0.25f, 0, 0},
        {"pitch 4, range 4, energy 4", 1, 1, 4, 4, 4},
    };
    for (size_t i = 0; i < sizeof edge_cases / sizeof edge_cases[0]; i++) {
        inflect_params p = {edge_cases[i].speaker, edge_cases[i].length, edge_cases[i].pitch, edge_cases[i].range,
                            edge_cases[i].energy, 0, 0, 1};
        capture c;
        capture_init(&c, sizeof text - 1, 0);
        inflect_status st = speak(s, text, sizeof text - 1, &p, &c);
        CHECK(st == INFLECT_OK && c.delivered > 0, "%s: %s (%s)", edge_cases[i].what, inflect_status_name(st),
              inflect_synth_error(s));
        check_complete(&c, edge_cases[i].what);
        CHECK(inflect_synth_error(s)[0] == '\0', "%s: error message '%s' left from an earlier call",
              edge_cases[i].what, inflect_synth_error(s));
    }

    /* A control callback's values are checked like params, with the same
     * status: out of range is an argument error, variation on a voice
     * without noise is unsupported. */
    struct {
        const char *what;
        inflect_params p;
        inflect_status want;
    } steered[] = {
        {"range 5", {0, 1, 1, 5, 1, 0, 0, 1}, INFLECT_ERR_INVALID_ARGUMENT},
        {"variation 0.5", {0, 1, 1, 1, 1, 0, 0.5f, 1}, INFLECT_ERR_UNSUPPORTED},
        {"energy 0.5", {0, 1, 1, 1, 0.5f, 0, 0, 1}, INFLECT_OK},
    };
    for (size_t i = 0; i < sizeof steered / sizeof steered[0]; i++) {
        inflect_synth_set_control(s, set_params_control, &steered[i].p);
        inflect_params p = defaults();
        capture c;
        capture_init(&c, sizeof text - 1, 0);
        inflect_status st = speak(s, text, sizeof text - 1, &p, &c);
        CHECK(st == steered[i].want && (st == INFLECT_OK) == (c.delivered > 0), "control callback, %s: %s (%s)",
              steered[i].what, inflect_status_name(st), inflect_synth_error(s));
    }
    inflect_synth_set_control(s, NULL, NULL);
    inflect_synth_free(s);
}

/* ---- stopping ------------------------------------------------------------- */

static const char *const long_words[] = {"alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf",
                                         "hotel", "india", "juliet", "kilo", "lima", "mike", "november",
                                         "oscar", "papa", "quebec", "romeo", "sierra", "tango"};
#define N_LONG_WORDS (sizeof long_words / sizeof long_words[0])

/* n words from long_words, `sep` between them: word i is long_words[7i mod 20]. */
static char *word_text(size_t n, const char *sep, size_t *len)
{
    size_t cap = n * (8 + strlen(sep)) + 2;
    char *t = malloc(cap);
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        k += (size_t)snprintf(t + k, cap - k, "%s%s", i ? sep : "", long_words[(i * 7) % N_LONG_WORDS]);
    *len = k;
    return t;
}

static void test_callback_stop(void)
{
    inflect_synth *s = new_synth(voice);
    inflect_params p = defaults();
    size_t len;
    char *text = word_text(200, ". ", &len);

    capture c;
    capture_init(&c, len, 0);
    c.stop_at_call = 3;
    inflect_status st = speak(s, text, len, &p, &c);
    CHECK(st == INFLECT_ERR_CALLBACK, "audio callback returning 1: %s", inflect_status_name(st));
    CHECK(c.audio_calls == 3, "audio callback called %zu times, stopped at the 3rd", c.audio_calls);
    CHECK(inflect_synth_error(s)[0] != '\0', "stopped call: no message");

    /* Stopping leaves the synth as good as new. */
    static const char again[] = "Good as new, I hope.";
    capture after, fresh;
    capture_init(&after, sizeof again - 1, 1);
    capture_init(&fresh, sizeof again - 1, 1);
    st = speak(s, again, sizeof again - 1, &p, &after);
    inflect_synth *s2 = new_synth(voice);
    inflect_status st2 = speak(s2, again, sizeof again - 1, &p, &fresh);
    CHECK(st == INFLECT_OK && st2 == INFLECT_OK && after.n_pcm == fresh.n_pcm &&
              memcmp(after.pcm, fresh.pcm, after.n_pcm * sizeof *after.pcm) == 0,
          "after a stop the synth speaks differently from a new one (%zu vs %zu samples)", after.n_pcm, fresh.n_pcm);
    CHECK(inflect_synth_error(s)[0] == '\0', "message '%s' left after a good call", inflect_synth_error(s));
    capture_free(&after);
    capture_free(&fresh);
    inflect_synth_free(s2);
    inflect_synth_free(s);
    free(text);
}

typedef struct {
    inflect_synth *synth;
    pthread_mutex_t lock;
    pthread_cond_t cond;
    int audio_started;
    atomic_int cancelled;
    atomic_size_t calls_after_cancel;
    double cancel_time;
} cancel_ctx;

static void cancel_hook(capture *c)
{
    cancel_ctx *x = c->hook_user;
    if (atomic_load(&x->cancelled))
        atomic_fetch_add(&x->calls_after_cancel, 1);
    pthread_mutex_lock(&x->lock);
    x->audio_started = 1;
    pthread_cond_signal(&x->cond);
    pthread_mutex_unlock(&x->lock);
}

static void *canceller(void *arg)
{
    cancel_ctx *x = arg;
    pthread_mutex_lock(&x->lock);
    while (!x->audio_started)
        pthread_cond_wait(&x->cond, &x->lock);
    pthread_mutex_unlock(&x->lock);
    struct timespec pause = {0, 20 * 1000 * 1000};
    nanosleep(&pause, NULL);
    x->cancel_time = now(CLOCK_MONOTONIC);
    inflect_synth_cancel(x->synth);
    atomic_store(&x->cancelled, 1);
    return NULL;
}

static void test_cancel(int threads)
{
    inflect_synth *s = new_synth_threads(voice, threads);
    inflect_params p = defaults();
    size_t len;
    /* Long enough that speaking it all takes far longer than the check allows. */
    char *text = word_text(20000, " ", &len);

    /* A cancel while nothing is speaking does not reach the next call. */
    inflect_synth_cancel(s);
    capture c;
    capture_init(&c, 3, 0);
    CHECK(speak(s, "Hi.", 3, &p, &c) == INFLECT_OK && c.delivered > 0, "a stale cancel stopped a later call");

    cancel_ctx x = {.synth = s, .lock = PTHREAD_MUTEX_INITIALIZER, .cond = PTHREAD_COND_INITIALIZER};
    capture_init(&c, len, 0);
    c.hook = cancel_hook;
    c.hook_user = &x;
    pthread_t t;
    pthread_create(&t, NULL, canceller, &x);
    inflect_status st = speak(s, text, len, &p, &c);
    double returned = now(CLOCK_MONOTONIC);
    pthread_join(t, NULL);
    CHECK(st == INFLECT_ERR_CANCELLED, "%d threads: cancelled call returned %s", threads, inflect_status_name(st));
    CHECK(strlen(inflect_synth_error(s)) > 0, "cancelled call: no message");
    /* At most one acoustic pass (max_frames) and one vocoder chunk run after
     * the cancel: milliseconds here, far inside the limit even under valgrind. */
    CHECK(returned - x.cancel_time < 2.0, "cancel took %.3f s to return", returned - x.cancel_time);
    /* inflect.h: no audio callback starts after the cancel. One landing
     * while a vocoder chunk was being made saw that chunk delivered all the
     * same until vocode() looked at the flag again just before the callback
     * (with the shipped voices, nearly every cancel); what remains is a
     * cancel within the few instructions between that look and the hook. */
    CHECK(atomic_load(&x.calls_after_cancel) == 0, "%zu audio calls after the cancel",
          (size_t)atomic_load(&x.calls_after_cancel));
    CHECK(c.word_text_end < len / 2, "cancelled call spoke up to byte %zu of %zu", c.word_text_end, len);
    CHECK(c.bad == 0, "cancelled call: %s", c.first_bad);
    inflect_synth_free(s);
    free(text);
}

/* Cancelling reaches into the acoustic pass: a raised flag stops it before
 * its first layer, with no mel. */
static void test_cancel_acoustic(void)
{
    const acoustic_model *am = &voice->acoustic;
    int32_t ids[3 * 64] = {0}, durations[64];
    for (int i = 0; i < 64; i++)
        ids[i] = i % 2 ? 1 + i % (am->hp.vocab_size - 1) : 0;
    atomic_int cancel;
    atomic_init(&cancel, 1);
    acoustic_input in = {ids, ids + 64, ids + 128, 64, 0, {1.0f, 0.0f, 1.0f}, 0.0f, NULL, NULL, NULL, &cancel, NULL};
    float *mel = (float *)1;
    int frames = -1;
    char err[128];
    inflect_status st = acoustic_run(am, &in, durations, &mel, &frames, err, sizeof err);
    CHECK(st == INFLECT_ERR_CANCELLED && mel == NULL && frames == 0, "acoustic pass with cancel set: %s, %d frames",
          inflect_status_name(st), frames);
    atomic_store(&cancel, 0);
    st = acoustic_run(am, &in, durations, &mel, &frames, err, sizeof err);
    CHECK(st == INFLECT_OK && mel && frames > 0, "acoustic pass after the flag is lowered: %s", err);
    free(mel);
}

typedef struct {
    inflect_synth *synth;
    double delay;      /* wall clock, from the thread's start */
    pthread_t speaker; /* the thread that speaks */
    double at;         /* the speaker's CPU time when the cancel came */
} timed_cancel;

static void *cancel_after(void *arg)
{
    timed_cancel *x = arg;
    struct timespec pause = {0, (long)(x->delay * 1e9)};
    nanosleep(&pause, NULL);
    clockid_t clock;
    if (pthread_getcpuclockid(x->speaker, &clock) != 0)
        abort();
    x->at = now(clock);
    inflect_synth_cancel(x->synth);
    return NULL;
}

/* Longest CPU time of the speaking thread between two audio calls inside
 * one utterance: one vocoder chunk. The first call of each utterance also
 * waits for its acoustic pass and is left out. */
typedef struct {
    double last, longest;
    size_t sentences; /* seen at the previous audio call */
} chunk_clock;

static void chunk_hook(capture *c)
{
    chunk_clock *k = c->hook_user;
    double t = now(CLOCK_THREAD_CPUTIME_ID);
    if (c->n_sentences == k->sentences && t - k->last > k->longest)
        k->longest = t - k->last;
    k->sentences = c->n_sentences;
    k->last = t;
}

/* inflect.h's bound: a cancel stops the call within about one vocoder
 * chunk. Cancels land at random moments of a call whose utterances are all
 * max_frames long (one sentence without punctuation), so many land inside
 * an acoustic pass. The work after the cancel is counted in the speaking
 * thread's CPU time, which a busy machine's scheduling does not stretch
 * (the synth has one thread, so all its work is there); the bound allows
 * two chunks, plus 5 ms, plus under sanitizers or valgrind ten times that.
 * bench/bench_cancel measures the wall-clock figures. */
static void test_cancel_latency(void)
{
    enum { CANCELS = 40 };
    inflect_synth *s = new_synth(voice);
    inflect_params p = defaults();
    size_t len;
    char *text = word_text(300, " ", &len);
    capture c;
    chunk_clock k = {0};
    capture_init(&c, len, 0);
    c.hook = chunk_hook;
    c.hook_user = &k;
    double t0 = now(CLOCK_MONOTONIC);
    k.last = now(CLOCK_THREAD_CPUTIME_ID);
    double cpu0 = k.last;
    CHECK(speak(s, text, len, &p, &c) == INFLECT_OK, "uncancelled call: %s", inflect_synth_error(s));
    double whole = now(CLOCK_MONOTONIC) - t0, whole_cpu = now(CLOCK_THREAD_CPUTIME_ID) - cpu0;
    CHECK(c.n_sentences > 3, "the call spans %zu utterances, expected several", c.n_sentences);
    capture_free(&c);

    double worst = 0, sum = 0;
    int n = 0;
    srand(7);
    for (int tries = 0; n < CANCELS && tries < 4 * CANCELS; tries++) {
        timed_cancel x = {s, whole * 0.9 * rand() / RAND_MAX, pthread_self(), 0};
        if (x.delay >= 1.0)
            x.delay = 0.999;
        capture_init(&c, len, 0);
        pthread_t t;
        pthread_create(&t, NULL, cancel_after, &x);
        inflect_status st = speak(s, text, len, &p, &c);
        double done = now(CLOCK_THREAD_CPUTIME_ID);
        pthread_join(t, NULL);
        capture_free(&c);
        if (st != INFLECT_ERR_CANCELLED)
            continue; /* the cancel came before the call began: it does not count (inflect.h) */
        double latency = done - x.at;
        sum += latency;
        worst = latency > worst ? latency : worst;
        n++;
    }
    double bound = 2 * k.longest + 0.005;
    if (instrumented())
        bound *= 10;
    /* else a cancel that did nothing would pass */
    CHECK(bound < whole_cpu / 2, "the bound %.1f ms is not below half the call's %.1f ms", 1e3 * bound,
          1e3 * whole_cpu);
    printf("cancel latency (CPU) over %d cancels: mean %.1f ms, worst %.1f ms; one vocoder chunk %.1f ms, bound %.1f ms, "
           "the whole call %.1f ms\n",
           n, 1e3 * sum / (n ? n : 1), 1e3 * worst, 1e3 * k.longest, 1e3 * bound, 1e3 * whole_cpu);
    CHECK(n >= CANCELS / 2, "only %d of the cancels stopped a call", n);
    CHECK(worst <= bound, "a cancel took %.1f ms, bound %.1f ms", 1e3 * worst, 1e3 * bound);
    inflect_synth_free(s);
    free(text);
}

/* ---- length --------------------------------------------------------------- */

/* One sentence, no punctuation, many times max_frames: every word is
 * spoken, in order. At length 3 some words alone outgrow max_frames and are
 * spoken in pieces. */
static void test_no_length_cap(void)
{
    enum { WORDS = 120 };
    inflect_synth *s = new_synth(voice);
    size_t len;
    char *text = word_text(WORDS, " ", &len);
    for (float ls = 1.0f; ls <= 3.0f; ls += 2.0f) {
        inflect_params p = defaults();
        p.length_scale = ls;
        capture c;
        capture_init(&c, len, 1);
        inflect_status st = speak(s, text, len, &p, &c);
        CHECK(st == INFLECT_OK, "long sentence at length %g: %s (%s)", (double)ls, inflect_status_name(st),
              inflect_synth_error(s));
        check_complete(&c, "long sentence");
        CHECK(c.n_words == WORDS, "long sentence at length %g: %zu words, not %d", (double)ls, c.n_words, WORDS);
        size_t w = 0, off = 0;
        const inflect_event *last = NULL;
        for (size_t i = 0; i < c.n_ev && w < WORDS; i++) {
            if (c.ev[i].type != INFLECT_EVENT_WORD)
                continue;
            if (last && last->text_offset == c.ev[i].text_offset && last->text_length == c.ev[i].text_length)
                continue; /* another piece of the same word */
            last = &c.ev[i];
            const char *word = long_words[(w * 7) % N_LONG_WORDS];
            off += w ? 1 : 0;
            int right = c.ev[i].text_offset == off && c.ev[i].text_length == strlen(word);
            CHECK(right, "word %zu: event spans %zu+%zu, '%s' is at %zu", w, c.ev[i].text_offset, c.ev[i].text_length,
                  word, off);
            if (!right)
                break;
            off += strlen(word);
            w++;
        }
        uint64_t cap = (uint64_t)voice->acoustic.hp.max_frames * hop(voice);
        CHECK(c.delivered > 10 * cap, "long sentence: %llu samples, max_frames is %llu",
              (unsigned long long)c.delivered, (unsigned long long)cap);
        CHECK(c.n_sentences > 10, "long sentence spoken in %zu utterances", c.n_sentences);
        /* Measuring walks the same cuts without making audio. */
        uint64_t measured = 0;
        st = inflect_synth_measure(s, text, len, &p, &measured);
        CHECK(st == INFLECT_OK && measured == c.delivered, "long sentence at length %g: measured %llu, spoke %llu",
              (double)ls, (unsigned long long)measured, (unsigned long long)c.delivered);
        capture_free(&c);
    }
    inflect_synth_free(s);
    free(text);
}

/* inflect_synth_measure against the audio inflect_synth_speak delivers:
 * equal to the sample for every text and parameter set. */
static void test_measure(void)
{
    static const char *const texts[] = {"", "Hello.", "One. Two, three; four? Five!",
                                        "A sentence\n\nthen a paragraph, and $3.50 at 10:30."};
    static const float lengths[] = {1.0f, 0.5f, 1.7f};
    inflect_synth *s = new_synth(voice);
    for (size_t t = 0; t < sizeof texts / sizeof *texts; t++) {
        for (size_t l = 0; l < sizeof lengths / sizeof *lengths; l++) {
            inflect_params p = defaults();
            p.length_scale = lengths[l];
            p.speaker = (int)(l % (size_t)voice->n_speakers);
            size_t len = strlen(texts[t]);
            capture c;
            capture_init(&c, len, 0);
            inflect_status st = speak(s, texts[t], len, &p, &c);
            uint64_t measured = 1;
            inflect_status mst = inflect_synth_measure(s, texts[t], len, &p, &measured);
            CHECK(st == INFLECT_OK && mst == INFLECT_OK && measured == c.delivered,
                  "measure '%s' at length %g: %llu samples, speaking gave %llu", texts[t], (double)lengths[l],
                  (unsigned long long)measured, (unsigned long long)c.delivered);
            capture_free(&c);
        }
    }
    uint64_t n = 7;
    inflect_params bad_params = defaults();
    bad_params.length_scale = -1.0f;
    CHECK(inflect_synth_measure(s, "x", 1, &bad_params, &n) == INFLECT_ERR_INVALID_ARGUMENT,
          "measure with a bad length scale");
    n = 7;
    CHECK(inflect_synth_measure(s, "x", 1, NULL, &n) == INFLECT_ERR_INVALID_ARGUMENT && n == 0,
          "measure without params: %llu samples", (unsigned long long)n);
    CHECK(inflect_synth_measure(s, "x", 1, &bad_params, NULL) == INFLECT_ERR_INVALID_ARGUMENT,
          "measure without a result");
    CHECK(inflect_synth_measure(NULL, "x", 1, &bad_params, &n) == INFLECT_ERR_INVALID_ARGUMENT, "measure on NULL");
    inflect_synth_free(s);
}

static size_t big_bytes(void)
{
    const char *env = getenv("FRONTEND_BIG_BYTES");
    size_t n = env ? strtoul(env, NULL, 10) : 0;
    return n ? n : (size_t)1 << 20;
}

/* Sentences of words from long_words, at most n bytes; counts the words. */
static char *big_text(size_t n, size_t *words)
{
    static const char *const marks[] = {". ", ", ", "? ", "! ", "; "};
    char *t = malloc(n + 1);
    size_t k = 0, count = 0;
    for (;;) {
        const char *w = long_words[rnd_int(0, (int)N_LONG_WORDS - 1)];
        const char *m = rnd_int(0, 1) ? " " : marks[rnd_int(0, 4)];
        if (k + strlen(w) + strlen(m) > n)
            break;
        k += (size_t)sprintf(t + k, "%s%s", w, m);
        count++;
    }
    *words = count;
    return t;
}

static long max_rss_kb(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_maxrss;
}

/* A megabyte of text: finishes, every word is spoken, the audio length is
 * what the durations allow, memory stays flat and time grows linearly. At
 * length 0.1 every model input is one frame, which keeps the audio short
 * enough to make in seconds. */
static void test_big_text(void)
{
    inflect_synth *s = new_synth(voice);
    inflect_params p = defaults();
    p.length_scale = 0.1f;
    size_t n = big_bytes();
    double cpu[2];
    for (int pass = 0; pass < 2; pass++) {
        size_t words;
        char *text = big_text(pass == 0 ? n / 8 : n, &words);
        size_t bytes = strlen(text);
        long rss = max_rss_kb();
        capture c;
        capture_init(&c, bytes, 0);
        double t0 = now(CLOCK_PROCESS_CPUTIME_ID);
        inflect_status st = speak(s, text, bytes, &p, &c);
        cpu[pass] = now(CLOCK_PROCESS_CPUTIME_ID) - t0;
        long grown = max_rss_kb() - rss;
        char what[64];
        snprintf(what, sizeof what, "%zu bytes of text", bytes);
        CHECK(st == INFLECT_OK, "%s: %s (%s)", what, inflect_status_name(st), inflect_synth_error(s));
        check_complete(&c, what);
        CHECK(c.n_words == words, "%s: %zu word events for %zu words", what, c.n_words, words);
        /* Each word has at least two phonemes and its blanks, and no word
         * here has more than 16 model inputs of one frame. */
        uint64_t frames = c.delivered / hop(voice);
        CHECK(frames >= 4 * words && frames <= 16 * words, "%s: %llu frames for %zu words", what,
              (unsigned long long)frames, words);
        if (!SANITIZED && pass == 1)
            CHECK(grown < 16 * 1024, "%s: peak memory grew by %ld kB", what, grown);
        capture_free(&c);
        free(text);
    }
    /* Eight times the text; quadratic work would take 64 times as long. */
    CHECK(cpu[1] < 20 * cpu[0] + 0.5, "8x the text took %.2f s against %.2f s", cpu[1], cpu[0]);
    inflect_synth_free(s);
}

/* ---- events --------------------------------------------------------------- */

static void test_word_events(void)
{
    inflect_synth *s = new_synth(voice);
    static const char text[] = "  The quick brown fox, who was 3 years old, jumped over Dr. Smith's dog!\n\n"
                               "Did it? \"Yes\" -- it did... (Really.)";
    static const char *const words[] = {"The", "quick", "brown", "fox", "who", "was", "3", "years", "old",
                                        "jumped", "over", "Dr.", "Smith's", "dog", "Did", "it", "Yes", "it",
                                        "did", "Really", NULL};
    capture c;
    hostile(s, "word events", text, sizeof text - 1, 1.0f, words, &c);
    size_t expected = 0;
    while (words[expected])
        expected++;
    CHECK(c.n_words == expected, "word events: %zu words, expected %zu", c.n_words, expected);
    for (size_t i = 0; i < c.n_ev; i++)
        CHECK(c.ev[i].type != INFLECT_EVENT_WORD || c.ev[i].start_sample + c.ev[i].n_samples <= c.delivered,
              "word %zu ends at %llu, after the audio (%llu)", i,
              (unsigned long long)(c.ev[i].start_sample + c.ev[i].n_samples), (unsigned long long)c.delivered);
    capture_free(&c);
    inflect_synth_free(s);
}

/* ---- steering from the callback ------------------------------------------- */

typedef struct {
    inflect_params *p;
    float length;
} steer_ctx;

static void steer_hook(capture *c)
{
    steer_ctx *x = c->hook_user;
    x->p->length_scale = x->length;
}

/* Sentence events and audio per utterance of a kept capture. */
static size_t utterances(const capture *c, const inflect_event **out, size_t max)
{
    size_t k = 0;
    for (size_t i = 0; i < c->n_ev && k < max; i++)
        if (c->ev[i].type == INFLECT_EVENT_SENTENCE)
            out[k++] = &c->ev[i];
    return k;
}

static int same_audio(const capture *a, const inflect_event *ea, const capture *b, const inflect_event *eb)
{
    return ea->n_samples == eb->n_samples &&
           memcmp(a->pcm + ea->start_sample, b->pcm + eb->start_sample, ea->n_samples * sizeof(float)) == 0;
}

static void test_steering(void)
{
    inflect_synth *s = new_synth(voice);
    /* Short sentences: the frontend cuts by a budget taken from the first
     * length scale, and none of these reaches it at either scale. */
    static const char text[] = "Hi. How are you? Fine, thanks. See you.";
    const size_t len = sizeof text - 1;
    capture slow, normal, steered;
    inflect_params p = defaults();
    capture_init(&normal, len, 1);
    inflect_status st = speak(s, text, len, &p, &normal);
    CHECK(st == INFLECT_OK, "steering, length 1: %s", inflect_status_name(st));
    p.length_scale = 2.0f;
    capture_init(&slow, len, 1);
    st = speak(s, text, len, &p, &slow);
    CHECK(st == INFLECT_OK, "steering, length 2: %s", inflect_status_name(st));
    p.length_scale = 1.0f;
    steer_ctx x = {&p, 2.0f};
    capture_init(&steered, len, 1);
    steered.hook = steer_hook;
    steered.hook_user = &x;
    st = speak(s, text, len, &p, &steered);
    CHECK(st == INFLECT_OK, "steered: %s", inflect_status_name(st));
    check_complete(&steered, "steered");

    /* The first utterance is as at length 1, every later one as at length 2. */
    const inflect_event *un[16], *us[16], *ut[16];
    size_t nn = utterances(&normal, un, 16), ns = utterances(&slow, us, 16), nt = utterances(&steered, ut, 16);
    CHECK(nn >= 4 && nt == ns, "steering: %zu utterances at length 1, %zu at 2, %zu steered", nn, ns, nt);
    if (nn >= 4 && nt == ns) {
        CHECK(same_audio(&steered, ut[0], &normal, un[0]), "the utterance playing when the scale changed changed");
        for (size_t i = 1; i < nt; i++)
            CHECK(same_audio(&steered, ut[i], &slow, us[i]), "utterance %zu after the change is not as at length 2", i);
        uint64_t later_normal = normal.delivered - un[0]->n_samples;
        uint64_t later_steered = steered.delivered - ut[0]->n_samples;
        CHECK(later_steered > later_normal * 3 / 2, "after the change %llu samples, at length 1 %llu",
              (unsigned long long)later_steered, (unsigned long long)later_normal);
    }

    /* What the callback sets is checked like any parameter. */
    p.length_scale = 1.0f;
    x.length = NAN;
    capture broken;
    capture_init(&broken, len, 0);
    broken.hook = steer_hook;
    broken.hook_user = &x;
    st = speak(s, text, len, &p, &broken);
    CHECK(st == INFLECT_ERR_INVALID_ARGUMENT && broken.n_sentences == 1,
          "length scale set to NaN from the callback: %s after %zu utterances", inflect_status_name(st),
          broken.n_sentences);

    capture_free(&normal);
    capture_free(&slow);
    capture_free(&steered);
    inflect_synth_free(s);
}

/* What one inflect_synth_speak_from call delivers: the audio as capture
 * checks and keeps it, and the word and sentence events as they come (the
 * first may start before its first sample, which capture's checks refuse). */
typedef struct {
    capture audio;
    inflect_event ev[64];
    size_t n_ev;
} from_capture;

static int from_audio(const float *samples, size_t n, void *user)
{
    return on_audio(samples, n, &((from_capture *)user)->audio);
}

static void from_event(const inflect_event *e, void *user)
{
    from_capture *c = user;
    if (e->type != INFLECT_EVENT_PHONEME && c->n_ev < sizeof c->ev / sizeof *c->ev)
        c->ev[c->n_ev++] = *e;
}

/* Gain and pitch that move token by token, so that what carries from one
 * utterance to the next (the output stage's gain) is not at rest. */
static void wavy_control(uint64_t sample, inflect_params *params, void *user)
{
    (void)user;
    params->energy_scale = 0.5f + 0.4f * (float)(sample / 1500 % 4);
    params->pitch_scale = 0.8f + 0.15f * (float)(sample / 2100 % 3);
}

/* inflect_synth_speak_from gives, from each sample, exactly what
 * inflect_synth_speak gives from there, and those of its word and sentence
 * events that end after it: from utterance starts, inside utterances, at
 * the end and past it; on the tiny voice with moving controls, and on the
 * v2 voice with variation (its noise seed counts the utterances skipped). */
static void test_speak_from(void)
{
    static const char text[] = "First one here. Then a second, longer sentence! A third? And the last one.";
    const size_t len = sizeof text - 1;
    char err[256];
    inflect_voice *v2 = NULL;
    if (voice_v2_path)
        CHECK(inflect_voice_open(voice_v2_path, &v2, err, sizeof err) == INFLECT_OK, "%s", err);
    const inflect_voice *voices[] = {voice, v2};
    for (size_t v = 0; v < sizeof voices / sizeof *voices; v++) {
        if (!voices[v])
            continue;
        inflect_synth *s = new_synth(voices[v]);
        inflect_params p = defaults();
        if (voices[v] == v2)
            p.variation = 0.6f;
        else
            inflect_synth_set_control(s, wavy_control, NULL);
        capture full;
        capture_init(&full, len, 1);
        inflect_status st = speak(s, text, len, &p, &full);
        const inflect_event *utt[16];
        size_t n_utt = utterances(&full, utt, 16);
        CHECK(st == INFLECT_OK && n_utt >= 4, "voice %zu: %s, %zu utterances", v, inflect_status_name(st), n_utt);
        uint64_t froms[4 + 3 * 16] = {0, 1, full.n_pcm, full.n_pcm + 1000};
        size_t n_from = 4;
        for (size_t u = 0; u < n_utt; u++) {
            froms[n_from++] = utt[u]->start_sample;
            froms[n_from++] = utt[u]->start_sample + 1;
            froms[n_from++] = utt[u]->start_sample + utt[u]->n_samples / 2;
        }
        for (size_t f = 0; f < n_from; f++) {
            const uint64_t from = froms[f];
            const uint64_t skipped = from < full.n_pcm ? from : full.n_pcm;
            from_capture part = {.n_ev = 0};
            capture_init(&part.audio, len, 1);
            st = inflect_synth_speak_from(s, text, len, &p, from, from_audio, from_event, &part);
            CHECK(st == INFLECT_OK && part.audio.bad == 0, "voice %zu from %llu: %s %s", v, (unsigned long long)from,
                  inflect_status_name(st), part.audio.first_bad);
            CHECK(part.audio.n_pcm == full.n_pcm - skipped &&
                      (part.audio.n_pcm == 0 ||
                       memcmp(part.audio.pcm, full.pcm + skipped, part.audio.n_pcm * sizeof *full.pcm) == 0),
                  "voice %zu from %llu: %zu samples, not the last %llu of the %zu spoken whole", v,
                  (unsigned long long)from, part.audio.n_pcm, (unsigned long long)(full.n_pcm - skipped),
                  full.n_pcm);
            size_t want = 0, matched = 0;
            for (size_t e = 0; e < full.n_ev; e++) {
                const inflect_event *w = &full.ev[e];
                if (w->start_sample + w->n_samples <= from && from > 0)
                    continue;
                if (want < part.n_ev && part.ev[want].type == w->type && part.ev[want].start_sample == w->start_sample &&
                    part.ev[want].n_samples == w->n_samples && part.ev[want].text_offset == w->text_offset)
                    matched++;
                want++;
            }
            CHECK(part.n_ev == want && matched == want, "voice %zu from %llu: %zu events, %zu of the %zu wanted match",
                  v, (unsigned long long)from, part.n_ev, matched, want);
            capture_free(&part.audio);
        }
        capture_free(&full);
        inflect_synth_free(s);
    }
    inflect_voice_close(v2);
}

/* ---- threads and voices --------------------------------------------------- */

typedef struct {
    const inflect_voice *voice;
    const char *text;
    inflect_params params;
    int rounds;
    capture result; /* of the last round */
    int differed;   /* a round gave other audio than the first */
    inflect_status status;
    int threads;    /* of the job's synth (0: 1) */
} job;

static void run_job(job *j)
{
    inflect_synth *s = new_synth_threads(j->voice, j->threads ? j->threads : 1);
    for (int r = 0; r < j->rounds; r++) {
        capture c;
        size_t len = strlen(j->text);
        capture_init(&c, len, 1);
        inflect_status st = speak(s, j->text, len, &j->params, &c);
        if (st != INFLECT_OK)
            j->status = st;
        if (r > 0)
            j->differed |= c.n_pcm != j->result.n_pcm || memcmp(c.pcm, j->result.pcm, c.n_pcm * sizeof *c.pcm) != 0;
        if (r > 0)
            capture_free(&j->result);
        j->result = c;
    }
    inflect_synth_free(s);
}

static void *job_thread(void *arg)
{
    run_job(arg);
    return NULL;
}

static void run_parallel(job *jobs, size_t n, const char *what)
{
    job *seq = calloc(n, sizeof *seq);
    for (size_t i = 0; i < n; i++) {
        seq[i] = jobs[i];
        seq[i].rounds = 1;
        seq[i].threads = 1;
        run_job(&seq[i]);
    }
    pthread_t t[8];
    for (size_t i = 0; i < n; i++)
        pthread_create(&t[i], NULL, job_thread, &jobs[i]);
    for (size_t i = 0; i < n; i++)
        pthread_join(t[i], NULL);
    for (size_t i = 0; i < n; i++) {
        const capture *a = &jobs[i].result, *b = &seq[i].result;
        CHECK(jobs[i].status == INFLECT_OK && seq[i].status == INFLECT_OK, "%s %zu: a call failed", what, i);
        check_complete(a, what);
        CHECK(!jobs[i].differed, "%s %zu: rounds in one thread gave different audio", what, i);
        CHECK(a->n_pcm > 0 && a->n_pcm == b->n_pcm && memcmp(a->pcm, b->pcm, a->n_pcm * sizeof *a->pcm) == 0,
              "%s %zu: concurrent audio (%zu samples) differs from sequential (%zu)", what, i, a->n_pcm, b->n_pcm);
        int events_equal = a->n_ev == b->n_ev;
        for (size_t e = 0; events_equal && e < a->n_ev; e++)
            events_equal = a->ev[e].type == b->ev[e].type && a->ev[e].start_sample == b->ev[e].start_sample &&
                           a->ev[e].n_samples == b->ev[e].n_samples && a->ev[e].text_offset == b->ev[e].text_offset;
        CHECK(events_equal, "%s %zu: concurrent events differ from sequential", what, i);
        capture_free(&jobs[i].result);
        capture_free(&seq[i].result);
    }
    free(seq);
}

static const char *const thread_texts[] = {
    "The birch canoe slid on the smooth planks. Glue the sheet to the dark blue background.",
    "It's easy to tell the depth of a well; four hours of steady work faced us!",
    "On March 3rd, 1999, Dr. Jones paid $42.50 for 17 books... or was it 71?",
    "A large size in stockings is hard to sell. The boy was there when the sun rose; go home now.",
};

/* Short durations keep the threads in the frontend much of the time, where
 * espeak-ng's global state is: without its lock these runs crash or differ.
 * Many streams on one voice: every synth shares the one opened voice, and
 * half of them split their own work over two threads besides, so worker
 * pools of different synths run side by side. */
static void test_threads(void)
{
    job jobs[4];
    kpar_set_min_work(0.0);
    for (int i = 0; i < 4; i++) {
        jobs[i] = (job){.voice = voice, .text = thread_texts[i], .params = defaults(), .rounds = 50,
                        .threads = 1 + i % 2};
        jobs[i].params.speaker = i % 2;
        jobs[i].params.length_scale = 0.1f + 0.1f * (float)i;
        jobs[i].params.pitch_scale = 1.5f - 0.25f * (float)i;
    }
    run_parallel(jobs, 4, "thread");
    kpar_set_min_work(-1.0);
}

/* inflect_synth_options: the default, and every out-of-range count refused
 * with a message and no synth. */
static void test_synth_options(void)
{
    inflect_synth_options o;
    inflect_synth_options_init(NULL);
    inflect_synth_options_init(&o);
    CHECK(o.threads == 1, "default threads %d", o.threads);
    inflect_synth *s = NULL;
    char err[256] = "";
    CHECK(inflect_synth_new_with(voice, NULL, &s, err, sizeof err) == INFLECT_OK && s, "NULL options: %s", err);
    inflect_synth_free(s);
    const int bad_counts[] = {0, -1, INFLECT_THREADS_MAX + 1, INT32_MIN};
    for (size_t i = 0; i < sizeof bad_counts / sizeof *bad_counts; i++) {
        o.threads = bad_counts[i];
        s = (inflect_synth *)1;
        err[0] = '\0';
        inflect_status st = inflect_synth_new_with(voice, &o, &s, err, sizeof err);
        CHECK(st == INFLECT_ERR_INVALID_ARGUMENT && s == NULL && strstr(err, "threads"),
              "threads %d: %s, '%s'", bad_counts[i], inflect_status_name(st), err);
    }
    o.threads = INFLECT_THREADS_MAX;
    CHECK(inflect_synth_new_with(voice, &o, &s, err, sizeof err) == INFLECT_OK, "%d threads: %s", o.threads, err);
    inflect_synth_free(s);
    o.threads = 2;
    CHECK(inflect_synth_new_with(NULL, &o, &s, err, sizeof err) == INFLECT_ERR_INVALID_ARGUMENT && s == NULL,
          "NULL voice accepted");
    CHECK(inflect_synth_new_with(voice, &o, NULL, NULL, 0) == INFLECT_ERR_INVALID_ARGUMENT, "NULL out accepted");
}

/* One capture is another, sample for sample and event for event. */
static int same_capture(const capture *a, const capture *b)
{
    if (a->n_pcm != b->n_pcm || a->n_ev != b->n_ev || memcmp(a->pcm, b->pcm, a->n_pcm * sizeof *a->pcm) != 0)
        return 0;
    for (size_t e = 0; e < a->n_ev; e++)
        if (a->ev[e].type != b->ev[e].type || a->ev[e].start_sample != b->ev[e].start_sample ||
            a->ev[e].n_samples != b->ev[e].n_samples || a->ev[e].text_offset != b->ev[e].text_offset ||
            a->ev[e].text_length != b->ev[e].text_length)
            return 0;
    return 1;
}

/* Threads of one synth (inflect_synth_options.threads) change nothing a
 * caller can see: the same samples, events and measured lengths as one
 * thread, on both test voices and a low-memory voice (whose small
 * workspace the threads share out), and on a v2 voice as it is and with
 * low memory (its text encoder, flow and decoder all split), with every
 * layer split (the tiny voices' layers are below the split threshold
 * otherwise) and with the default threshold. The v2 voice speaks the
 * short texts only: its random durations make long audio. */
static void test_synth_threads(void)
{
    char err[256];
    inflect_voice *rp = NULL, *low = NULL, *v2 = NULL, *v2_low = NULL;
    CHECK(inflect_voice_open(voice_rp_path, &rp, err, sizeof err) == INFLECT_OK, "%s", err);
    CHECK(inflect_voice_open_with(voice_path, NULL, INFLECT_VOICE_LOW_MEMORY, &low, err, sizeof err) == INFLECT_OK,
          "%s", err);
    if (voice_v2_path) {
        CHECK(inflect_voice_open(voice_v2_path, &v2, err, sizeof err) == INFLECT_OK, "%s", err);
        CHECK(inflect_voice_open_with(voice_v2_path, NULL, INFLECT_VOICE_LOW_MEMORY, &v2_low, err, sizeof err) ==
                  INFLECT_OK,
              "%s", err);
    }
    const inflect_voice *voices[] = {voice, rp, low, v2, v2_low};
    size_t long_len;
    char *long_text = word_text(120, ", ", &long_len);
    for (int split_all = 1; split_all >= 0; split_all--) {
        kpar_set_min_work(split_all ? 0.0 : -1.0);
        for (size_t v = 0; v < sizeof voices / sizeof *voices; v++) {
            if (!voices[v])
                continue;
            for (size_t t = 0; t < (voices[v] == v2 || voices[v] == v2_low ? 4 : 5); t++) {
                const char *text = t < 4 ? thread_texts[t] : long_text;
                size_t len = t < 4 ? strlen(text) : long_len;
                inflect_params p = defaults();
                p.length_scale = 0.5f + 0.3f * (float)t;
                p.speaker = (int)t % inflect_voice_speaker_count(voices[v]);
                capture one;
                capture_init(&one, len, 1);
                inflect_synth *s1 = new_synth_threads(voices[v], 1);
                CHECK(speak(s1, text, len, &p, &one) == INFLECT_OK, "1 thread: %s", inflect_synth_error(s1));
                uint64_t measured1 = 0, measured = 0;
                CHECK(inflect_synth_measure(s1, text, len, &p, &measured1) == INFLECT_OK, "measure");
                inflect_synth_free(s1);
                for (int threads = 2; threads <= (split_all ? 3 : 2); threads++) {
                    inflect_synth *s = new_synth_threads(voices[v], threads);
                    capture c;
                    capture_init(&c, len, 1);
                    CHECK(speak(s, text, len, &p, &c) == INFLECT_OK, "%d threads: %s", threads,
                          inflect_synth_error(s));
                    check_complete(&c, "threads");
                    CHECK(one.n_pcm > 0 && same_capture(&one, &c),
                          "voice %zu, text %zu, %d threads (split all %d): %zu samples differ from one thread's %zu",
                          v, t, threads, split_all, c.n_pcm, one.n_pcm);
                    CHECK(inflect_synth_measure(s, text, len, &p, &measured) == INFLECT_OK && measured == measured1,
                          "%d threads measure %llu samples, one thread %llu", threads,
                          (unsigned long long)measured, (unsigned long long)measured1);
                    capture_free(&c);
                    inflect_synth_free(s);
                }
                capture_free(&one);
            }
        }
    }
    kpar_set_min_work(-1.0);
    free(long_text);
    inflect_voice_close(rp);
    inflect_voice_close(low);
    inflect_voice_close(v2);
    inflect_voice_close(v2_low);
}

/* The vowel of "go" (American oʊ or British əʊ) into *(const char **)user. */
static int find_go_vowel(const inflect_utterance *u, void *user)
{
    for (size_t i = 0; i < u->n; i++)
        if (strcmp(u->symbols[i], "əʊ") == 0 || strcmp(u->symbols[i], "oʊ") == 0)
            *(const char **)user = u->symbols[i];
    return 0;
}

/* Bytes malloc holds for the program, or -1 where that is unknown (other C
 * libraries; sanitizers, whose allocators glibc does not see). */
static long long heap_in_use(void)
{
#if HAVE_MALLINFO2 && !SANITIZED
    struct mallinfo2 m = mallinfo2();
    return (long long)(m.uordblks + m.hblkhd);
#else
    return -1;
#endif
}

/* A process that serves two languages switches espeak-ng's voice again and
 * again; memory must not grow with the number of switches (espeak-ng 1.51
 * kept ~1.4 KB per switch until espeak.c drained its voice queue). */
static void test_voice_switches(const inflect_voice *a, const inflect_voice *b)
{
    enum { SWITCHES = 2000 };
    char err[256];
    const char *found;
    for (int i = 0; i < 16; i++) /* first use allocates for good */
        inflect_phonemize(i % 2 ? b : a, NULL, "Go.", 3, find_go_vowel, &found, err, sizeof err);
    long long before = heap_in_use();
    for (int i = 0; i < SWITCHES; i++)
        inflect_phonemize(i % 2 ? b : a, NULL, "Go.", 3, find_go_vowel, &found, err, sizeof err);
    long long grown = heap_in_use() - before;
    if (before >= 0)
        CHECK(grown < 64 * 1024, "%d switches between two voices' espeak-ng languages kept %lld more bytes",
              SWITCHES, grown);
}

/* The speakers' pitch means are measured once per opened voice: synths
 * started at once on a fresh voice (at a pitch range where the mean is the
 * centre that matters) all speak as a synth of another fresh voice does
 * alone, and the voice keeps the means the first of them measured. */
static void test_pitch_cache(void)
{
    char err[256];
    inflect_voice *fresh = NULL, *alone = NULL;
    CHECK(inflect_voice_open(voice_path, &fresh, err, sizeof err) == INFLECT_OK &&
              inflect_voice_open(voice_path, &alone, err, sizeof err) == INFLECT_OK,
          "pitch cache: %s", err);
    if (!fresh || !alone) {
        inflect_voice_close(fresh);
        inflect_voice_close(alone);
        return;
    }
    CHECK(!fresh->pitch_means && !speaker_pitch_cached(fresh->pitch_cache),
          "pitch cache: the test voice stores no means, and a fresh voice has measured none");
    job ref = {.voice = alone, .text = thread_texts[1], .params = defaults(), .rounds = 1};
    ref.params.pitch_range = 2.0f;
    run_job(&ref);
    job jobs[4];
    pthread_t t[4];
    for (int i = 0; i < 4; i++) {
        jobs[i] = ref;
        jobs[i].voice = fresh;
        jobs[i].result = (capture){0};
        pthread_create(&t[i], NULL, job_thread, &jobs[i]);
    }
    for (int i = 0; i < 4; i++)
        pthread_join(t[i], NULL);
    const float *a = speaker_pitch_cached(fresh->pitch_cache), *b = speaker_pitch_cached(alone->pitch_cache);
    CHECK(a && b && memcmp(a, b, sizeof *a * (size_t)fresh->n_speakers) == 0,
          "pitch cache: both voices keep the same measured means");
    for (int i = 0; i < 4; i++) {
        const capture *c = &jobs[i].result, *r = &ref.result;
        CHECK(jobs[i].status == INFLECT_OK && c->n_pcm > 0 && c->n_pcm == r->n_pcm &&
                  memcmp(c->pcm, r->pcm, c->n_pcm * sizeof *c->pcm) == 0,
              "pitch cache: synth %d of the shared voice differs from one alone", i);
        capture_free(&jobs[i].result);
    }
    capture_free(&ref.result);
    inflect_voice_close(fresh);
    inflect_voice_close(alone);
}

static void test_two_voices(void)
{
    char err[256];
    inflect_voice *rp = NULL;
    inflect_status st = inflect_voice_open(voice_rp_path, &rp, err, sizeof err);
    CHECK(st == INFLECT_OK, "second voice: %s", err);
    if (!rp)
        return;
    CHECK(inflect_voice_sample_rate(voice) == 24000 && inflect_voice_sample_rate(rp) == 16000,
          "sample rates %d and %d", inflect_voice_sample_rate(voice), inflect_voice_sample_rate(rp));
    CHECK(inflect_voice_speaker_count(rp) == 3 && inflect_voice_find_speaker(rp, "erin") == 2 &&
              inflect_voice_find_speaker(rp, "alice") == -1,
          "second voice's speakers");

    /* Each voice reads with its own espeak-ng voice, also after the other. */
    const char *want[] = {"oʊ", "əʊ", "oʊ"};
    const inflect_voice *order[] = {voice, rp, voice};
    for (int i = 0; i < 3; i++) {
        const char *found = NULL;
        st = inflect_phonemize(order[i], NULL, "Go home.", 8, find_go_vowel, &found, err, sizeof err);
        CHECK(st == INFLECT_OK && found && strcmp(found, want[i]) == 0, "voice %s reads 'go' with %s, not %s",
              inflect_voice_name(order[i]), found ? found : "nothing", want[i]);
    }

    test_voice_switches(voice, rp);

    /* Interleaved on one thread, then concurrently: as each voice alone. */
    job alone[2] = {
        {.voice = voice, .text = thread_texts[0], .params = defaults(), .rounds = 1},
        {.voice = rp, .text = thread_texts[0], .params = defaults(), .rounds = 1},
    };
    alone[1].params.speaker = 2;
    for (int v = 0; v < 2; v++) {
        run_job(&alone[v]);
        CHECK(alone[v].status == INFLECT_OK && alone[v].result.n_pcm > 0, "voice %d alone: %s", v,
              inflect_status_name(alone[v].status));
    }
    inflect_synth *sa = new_synth(voice), *sb = new_synth(rp);
    for (int r = 0; r < 2; r++)
        for (int v = 0; v < 2; v++) {
            capture c;
            size_t len = strlen(thread_texts[0]);
            capture_init(&c, len, 1);
            st = speak(v ? sb : sa, thread_texts[0], len, &alone[v].params, &c);
            CHECK(st == INFLECT_OK && c.n_pcm == alone[v].result.n_pcm &&
                      memcmp(c.pcm, alone[v].result.pcm, c.n_pcm * sizeof *c.pcm) == 0,
                  "voice %d interleaved with the other speaks differently", v);
            capture_free(&c);
        }
    capture_free(&alone[0].result);
    capture_free(&alone[1].result);
    inflect_synth_free(sa);
    inflect_synth_free(sb);

    job jobs[4];
    for (int i = 0; i < 4; i++) {
        jobs[i] = (job){.voice = i % 2 ? rp : voice, .text = thread_texts[3 - i], .params = defaults(), .rounds = 30};
        jobs[i].params.speaker = i % 2 ? 1 : 0;
        jobs[i].params.length_scale = 0.2f;
    }
    run_parallel(jobs, 4, "two voices, thread");
    inflect_voice_close(rp);
}

static int count_utterance(const inflect_utterance *u, void *user)
{
    (void)u;
    ++*(size_t *)user;
    return 0;
}

/* max_seconds: the call stops before the first utterance that would end
 * past it, having delivered exactly the utterances before; measure agrees;
 * the message names the place in the text. A first utterance longer than
 * the limit is spoken as far as it fits. */
static void test_max_seconds(void)
{
    static const char text[] = "The first sentence is here. The second one follows it. A third ends it.";
    const size_t len = sizeof text - 1;
    inflect_synth *s = new_synth(voice);
    inflect_params p = defaults();
    static const float bad[] = {NAN, -1.0f, 1e6f};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        uint64_t n;
        p.max_seconds = bad[i];
        CHECK(inflect_synth_measure(s, text, len, &p, &n) == INFLECT_ERR_INVALID_ARGUMENT, "max_seconds %g accepted",
              (double)bad[i]);
    }
    p.max_seconds = 0.0f;
    capture full;
    capture_init(&full, len, 1);
    CHECK(speak(s, text, len, &p, &full) == INFLECT_OK && full.n_sentences >= 2, "three sentences: %zu utterances",
          full.n_sentences);
    const inflect_event *sentences[2];
    if (utterances(&full, sentences, 2) == 2) {
        double rate = inflect_voice_sample_rate(voice);
        /* Room for the first utterance and half of the second. */
        p.max_seconds = (float)((sentences[1]->start_sample + sentences[1]->n_samples / 2) / rate);
        capture cut;
        capture_init(&cut, len, 1);
        inflect_status st = speak(s, text, len, &p, &cut);
        CHECK(st == INFLECT_ERR_TOO_LONG, "max_seconds %g: %s", (double)p.max_seconds, inflect_status_name(st));
        CHECK(cut.n_pcm == sentences[1]->start_sample && memcmp(cut.pcm, full.pcm, cut.n_pcm * sizeof *cut.pcm) == 0,
              "max_seconds: %zu samples, not the first utterance's %llu", cut.n_pcm,
              (unsigned long long)sentences[1]->start_sample);
        char where[32];
        snprintf(where, sizeof where, "byte %zu", sentences[1]->text_offset);
        CHECK(strstr(inflect_synth_error(s), where) != NULL, "max_seconds message '%s' does not say '%s'",
              inflect_synth_error(s), where);
        uint64_t measured = 0;
        CHECK(inflect_synth_measure(s, text, len, &p, &measured) == INFLECT_ERR_TOO_LONG,
              "measure with max_seconds: not too long");
        /* The utterances are those speaking hands the model, up to the
         * limit too (all of them were handed out). */
        size_t handed = 0;
        st = inflect_synth_utterances(s, text, len, &p, count_utterance, &handed);
        CHECK(st == INFLECT_ERR_TOO_LONG && handed == 1, "utterances with max_seconds: %s after %zu",
              inflect_status_name(st), handed);
        capture_free(&cut);
        /* Shorter than the first utterance: as much of it as fits, at a
         * word, instead of nothing (a caption without a stop in it). */
        p.max_seconds = (float)(sentences[1]->start_sample * 0.7 / rate);
        capture_init(&cut, len, 1);
        st = speak(s, text, len, &p, &cut);
        CHECK(st == INFLECT_ERR_TOO_LONG, "max_seconds inside the first utterance: %s", inflect_status_name(st));
        CHECK(cut.n_pcm > 0 && (double)cut.n_pcm <= p.max_seconds * rate,
              "max_seconds %g inside the first utterance: %zu samples (limit %.0f)", (double)p.max_seconds,
              cut.n_pcm, p.max_seconds * rate);
        CHECK((double)cut.n_pcm >= 0.25 * p.max_seconds * rate, "max_seconds %g: only %zu samples of %.0f",
              (double)p.max_seconds, cut.n_pcm, p.max_seconds * rate);
        handed = 0;
        st = inflect_synth_utterances(s, text, len, &p, count_utterance, &handed);
        CHECK(st == INFLECT_ERR_TOO_LONG && handed >= 1, "utterances inside the first: %s after %zu",
              inflect_status_name(st), handed);
        capture_free(&cut);
        /* One word longer than the limit is not cut inside: nothing of it
         * (a word short enough to be one utterance of the tiny voice). */
        static const char word[] = "Extraordinary.";
        p.max_seconds = 0.0f;
        capture whole;
        capture_init(&whole, sizeof word - 1, 0);
        CHECK(speak(s, word, sizeof word - 1, &p, &whole) == INFLECT_OK && whole.delivered > 0, "one word: %s",
              inflect_synth_error(s));
        p.max_seconds = (float)(whole.delivered * 0.6 / rate);
        capture_init(&cut, sizeof word - 1, 0);
        st = speak(s, word, sizeof word - 1, &p, &cut);
        CHECK(st == INFLECT_ERR_TOO_LONG && cut.delivered == 0, "one word over max_seconds: %s, %llu samples",
              inflect_status_name(st), (unsigned long long)cut.delivered);
        capture_free(&cut);
        capture_free(&whole);
        /* Exactly long enough: everything is spoken. */
        p.max_seconds = (float)(full.delivered / rate) * 1.001f;
        capture_init(&cut, len, 0);
        CHECK(speak(s, text, len, &p, &cut) == INFLECT_OK && cut.delivered == full.delivered,
              "max_seconds just above the speech: %s", inflect_synth_error(s));
        capture_free(&cut);
    }
    capture_free(&full);
    inflect_synth_free(s);
}

/* ---- the watchdog ---------------------------------------------------------- */

/* A call that never returns shows in CI only as the suite's timeout, with
 * nothing printed: so each test announces itself, and a test that runs far
 * past its usual seconds (the slowest take about 30 s on two busy cores)
 * is named, its threads' stacks printed with gdb, and the program aborted. */
#define STUCK_SECONDS 300.0

static const char *_Atomic current_test;
static _Atomic double current_start;

static void begin_test(const char *name)
{
    double t = now(CLOCK_MONOTONIC);
    const char *previous = atomic_load(&current_test);
    if (previous)
        printf("%s: %.1f s\n", previous, t - atomic_load(&current_start));
    atomic_store(&current_start, t);
    atomic_store(&current_test, name);
}

static void *watchdog(void *arg)
{
    double limit = STUCK_SECONDS * (instrumented() ? 10.0 : 1.0);
    (void)arg;
    for (;;) {
        sleep(1);
        const char *name = atomic_load(&current_test);
        double ran = now(CLOCK_MONOTONIC) - atomic_load(&current_start);
        if (name && ran > limit) {
            fprintf(stderr, "synth: %s has run for %.0f s (limit %.0f s): stuck, aborting\n", name, ran, limit);
            /* Where every thread stands, for the log, where gdb is
             * installed (it is on the CI machines): the abort alone leaves
             * no core where core dumps are off. */
            char cmd[160];
            snprintf(cmd, sizeof cmd, "gdb -p %d -batch -ex 'thread apply all bt' </dev/null 1>&2 2>/dev/null",
                     (int)getpid());
            fflush(stderr);
            if (system(cmd) != 0)
                fprintf(stderr, "synth: gdb could not show the threads\n");
            abort();
        }
    }
    return NULL;
}

#define RUN(call) (begin_test(#call), call)

/* Calls a synth made from inside its own running call: each is refused
 * with a message, and the running call delivers all of its audio. */
typedef struct {
    inflect_synth *s;
    int calls, refused, named;
} nested;

static void call_nested(capture *c)
{
    nested *n = c->hook_user;
    if (c->audio_calls != 2)
        return;
    inflect_params p = defaults();
    uint64_t samples = 1;
    const int32_t phone = 1, zero = 0;
    capture inner;
    capture_init(&inner, 5, 0);
    inflect_status st[] = {
        speak(n->s, "Inner", 5, &p, &inner),
        inflect_synth_measure(n->s, "Inner", 5, &p, &samples),
        inflect_synth_speak_ids(n->s, &phone, &zero, &zero, 1, &p, on_audio, &inner),
    };
    for (size_t i = 0; i < sizeof st / sizeof *st; i++) {
        n->calls++;
        n->refused += st[i] == INFLECT_ERR_INVALID_ARGUMENT;
        n->named += strstr(inflect_synth_error(n->s), "busy") != NULL;
    }
    CHECK(inner.delivered == 0 && samples == 0, "a refused nested call delivered %llu samples, measured %llu",
          (unsigned long long)inner.delivered, (unsigned long long)samples);
    capture_free(&inner);
}

static void test_nested_calls(void)
{
    const char *text = "One sentence to speak. And a second one after it.";
    size_t len = strlen(text);
    inflect_synth *s = new_synth(voice);
    inflect_params p = defaults();
    uint64_t want = 0;
    CHECK(inflect_synth_measure(s, text, len, &p, &want) == INFLECT_OK, "measure");
    nested n = {.s = s};
    capture c;
    capture_init(&c, len, 0);
    c.hook = call_nested;
    c.hook_user = &n;
    inflect_status st = speak(s, text, len, &p, &c);
    CHECK(st == INFLECT_OK && c.delivered == want && !c.bad, "with nested calls: %s, %llu of %llu samples; %s",
          inflect_status_name(st), (unsigned long long)c.delivered, (unsigned long long)want, c.first_bad);
    CHECK(n.calls == 3 && n.refused == 3 && n.named == 3, "%d nested calls, %d refused, %d saying busy", n.calls,
          n.refused, n.named);
    /* And the synth is free again afterwards. */
    uint64_t again = 0;
    CHECK(inflect_synth_measure(s, text, len, &p, &again) == INFLECT_OK && again == want, "measure after");
    capture_free(&c);
    inflect_synth_free(s);
}

/* A synth keeps its voice: closed first, the voice still speaks through it,
 * sample for sample. */
static void test_voice_closed_first(void)
{
    const char *text = "Spoken after the voice was closed.";
    size_t len = strlen(text);
    inflect_params p = defaults();
    inflect_synth *ref_synth = new_synth(voice);
    capture ref, got;
    capture_init(&ref, len, 1);
    capture_init(&got, len, 1);
    CHECK(speak(ref_synth, text, len, &p, &ref) == INFLECT_OK, "reference");
    inflect_synth_free(ref_synth);

    char err[256];
    inflect_voice *v = NULL;
    if (inflect_voice_open(voice_path, &v, err, sizeof err) != INFLECT_OK) {
        CHECK(0, "%s", err);
        return;
    }
    inflect_synth *a = new_synth(v), *b = new_synth(v);
    inflect_voice_close(v);
    inflect_synth_free(a);
    CHECK(speak(b, text, len, &p, &got) == INFLECT_OK && got.n_pcm == ref.n_pcm &&
              memcmp(got.pcm, ref.pcm, ref.n_pcm * sizeof *ref.pcm) == 0,
          "speech after the voice was closed: %zu samples, %zu wanted", got.n_pcm, ref.n_pcm);
    inflect_synth_free(b);
    capture_free(&ref);
    capture_free(&got);
}

/* What every run starts with: lines out before a kill, the watchdog, the
 * voice of voice_path open; false when it does not open. */
static bool start_run(void)
{
    setvbuf(stdout, NULL, _IOLBF, 0);
    pthread_t dog;
    pthread_create(&dog, NULL, watchdog, NULL);
    pthread_detach(dog);
    char err[256];
    if (inflect_voice_open(voice_path, &voice, err, sizeof err) != INFLECT_OK) {
        fprintf(stderr, "%s\n", err);
        return false;
    }
    return true;
}

/* And ends with: the voice closed, the verdict as the exit status. */
static int finish_run(const char *what)
{
    begin_test(NULL);
    inflect_voice_close(voice);
    if (check_failures) {
        fprintf(stderr, "%s: %d checks failed\n", what, check_failures);
        return 1;
    }
    printf("%s: all checks passed\n", what);
    return 0;
}

/* With a shipped voice (--shipped VOICE.gguf): the tests of the API's
 * thread-safety promises that hold for any voice, so that a build without
 * PyTorch, which has no tiny voices, still runs them. */
static int main_shipped(const char *path)
{
    voice_path = path;
    if (!start_run())
        return 1;
    RUN(test_cancel(1));
    RUN(test_cancel(2));
    RUN(test_nested_calls());
    RUN(test_voice_closed_first());
    return finish_run("synth (shipped voice)");
}

int main(int argc, char **argv)
{
    if (argc == 3 && strcmp(argv[1], "--shipped") == 0)
        return main_shipped(argv[2]);
    if (argc != 3 && argc != 4) {
        fprintf(stderr, "usage: %s TINY.gguf TINY-RP.gguf [V2.gguf] | --shipped VOICE.gguf\n", argv[0]);
        return 2;
    }
    voice_path = argv[1];
    voice_rp_path = argv[2];
    voice_v2_path = argc == 4 ? argv[3] : NULL;
    struct stat st;
    if (stat(voice_path, &st) == 0 && st.st_size == 0) {
        printf("skip: %s is empty (no PyTorch when it was made)\n", voice_path);
        return 77;
    }
    if (!start_run())
        return 1;
    RUN(test_null_arguments());
    RUN(test_low_memory());
    RUN(test_params_out_of_range());
    RUN(test_hostile_text());
    RUN(test_word_events());
    RUN(test_callback_stop());
    RUN(test_cancel(1));
    RUN(test_cancel(2));
    RUN(test_cancel_acoustic());
    RUN(test_cancel_latency());
    RUN(test_max_seconds());
    RUN(test_steering());
    RUN(test_speak_from());
    RUN(test_no_length_cap());
    RUN(test_measure());
    RUN(test_big_text());
    RUN(test_synth_options());
    RUN(test_synth_threads());
    RUN(test_threads());
    RUN(test_pitch_cache());
    RUN(test_two_voices());
    RUN(test_nested_calls());
    RUN(test_voice_closed_first());
    return finish_run("synth");
}
