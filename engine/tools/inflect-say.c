/* inflect-say: speak text with an Inflect voice.
 *
 * Copyright (C) 2026 The Inflect authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <inflect.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include "ids_json.h"
#include "voice_table.h"
#include "wav_writer.h"

#ifndef INFLECT_DEFAULT_VOICE
#define INFLECT_DEFAULT_VOICE "rms"
#endif

/* "MIN..MAX" of one of inflect.h's ranges, as the help text quotes it. */
#define QUOTE(x) #x
#define QUOTE_VALUE(x) QUOTE(x)
#define RANGE(name) QUOTE_VALUE(INFLECT_##name##_MIN) ".." QUOTE_VALUE(INFLECT_##name##_MAX)

static const char usage[] =
    "Usage: inflect-say [OPTION]... [TEXT]...\n"
    "Speak TEXT (or standard input when no TEXT is given) with an Inflect voice.\n"
    "Options may stand before or after the TEXT; after -- every word is TEXT.\n"
    "A long option's value may follow an equals sign (--length-scale=1.2).\n"
    "\n"
    "  -v, --voice NAME|FILE    voice name (see --list-voices) or voice file\n"
    "                           (default: $INFLECT_VOICE when it is set and not\n"
    "                           empty, else " INFLECT_DEFAULT_VOICE ");\n"
    "                           or an upstream acoustic model (inflect-acoustic GGUF)\n"
    "      --vocoder NAME|FILE  the upstream vocoder (inflect-vocoder GGUF) to pair with\n"
    "                           an upstream --voice, by name as a voice or by file\n"
    "                           (default: the voice's file name with \"acoustic\"\n"
    "                           replaced by \"vocoder\")\n"
    "  -o, --output FILE        write a 16-bit mono WAV file (default: speech.wav)\n"
    "      --raw FORMAT         write raw samples to standard output instead (no -o);\n"
    "                           FORMAT is s16le or f32le\n"
    "  -s, --speaker NAME|N     speaker name or index (default: 0)\n"
    "      --length-scale X     duration factor, " RANGE(LENGTH_SCALE) ": 2 takes twice as long\n"
    "                           (default 1)\n"
    "      --pitch-scale X      pitch factor, " RANGE(PITCH_SCALE) ": 1.3 raises the voice's F0\n"
    "                           by 1.3x, intonation kept (default 1)\n"
    "      --pitch-range X      intonation factor around the speaker's mean pitch,\n"
    "                           " RANGE(PITCH_RANGE) ": 0 monotone, 1 natural, 2 lively (default 1);\n"
    "                           a v2 voice without a stored centre measures it\n"
    "                           first, once (a few seconds)\n"
    "      --energy-scale X     loudness factor, " RANGE(ENERGY_SCALE) ": 2 is +6 dB, 0.5 is -6 dB\n"
    "                           (default 1)\n"
    "      --variation X        Inflect v2 voices: noise in the latent, " RANGE(VARIATION) ":\n"
    "                           0 is deterministic, upstream speaks at 0.667 (default 0)\n"
    "      --seed N             the noise's seed with --variation (refused without\n"
    "                           it): the same seed gives the same audio (default 1)\n"
    "      --max-duration S     speak at most S seconds in all (all the lines or\n"
    "                           utterances of --lines and --ids together): stop,\n"
    "                           with an error, before the first sentence or clause\n"
    "                           that would end later; a first one longer than S\n"
    "                           as far as its words fit (default 0: no limit)\n"
    "      --list-voices        print the voices found by name (name, language,\n"
    "                           gender, licence, file) and exit; they are looked\n"
    "                           for in $INFLECT_VOICE_PATH, then\n"
    "                           $XDG_DATA_HOME/inflect/voices, then the installed\n"
    "                           ones, then inflect/voices in each of\n"
    "                           $XDG_DATA_DIRS; it takes no TEXT and no other option\n"
    "      --list-speakers      print the voice's speakers and exit\n"
    "      --phonemes           print the ids the acoustic model would get, one\n"
    "                           JSON object per utterance as synthesis splits the\n"
    "                           text (with the same --length-scale), and exit;\n"
    "                           with no voice (no --voice, $INFLECT_VOICE unset or\n"
    "                           empty) or with --espeak-voice, no voice is opened:\n"
    "                           the ids index the engine's own symbol inventory\n"
    "                           (--list-symbols), one utterance per sentence\n"
    "      --ids FILE|-         speak the utterances of FILE (- for standard input)\n"
    "                           instead of text: JSON objects with \"phone\", \"tone\"\n"
    "                           and \"lang\" id arrays, as --phonemes prints them;\n"
    "                           each runs as given, cut at the voice's max frames\n"
    "      --espeak-voice NAME  for --phonemes without --voice only: the espeak-ng\n"
    "                           voice (language) the engine's own inventory is\n"
    "                           spelt in; $INFLECT_VOICE is then not used\n"
    "                           (default: en-us)\n"
    "      --list-symbols       print the engine's symbol inventory (id, symbol) and\n"
    "                           exit; it takes no TEXT and no other option\n"
    "      --timings            print word and phoneme timings as JSON lines, to\n"
    "                           standard output, or to standard error when the audio\n"
    "                           goes to standard output (-o -, --raw, or -o naming\n"
    "                           the file standard output is)\n"
    "      --lines              read standard input a line at a time and speak each\n"
    "                           line as soon as it is complete, flushing the audio\n"
    "                           after it (for text that arrives over time: a pipe,\n"
    "                           a FIFO); timings count from the start of the input\n"
    "      --low-memory         keep the smallest memory: layer weights are read\n"
    "                           from the voice file at each use and audio is made\n"
    "                           in smaller pieces (the same audio, a little slower)\n"
    "      --threads N          threads that share the work of each sentence,\n"
    "                           1.." QUOTE_VALUE(INFLECT_THREADS_MAX) " (default 1): on idle cores 2 give the first\n"
    "                           audio and the whole sooner; the same audio\n"

    "  -h, --help               show this help and exit\n"
    "      --version            show the version and exit\n"
    "\n"
    "A text without a single word (\"...!?\", \"\") is an error: exit status 1 and no\n"
    "output file.\n";

typedef struct {
    const char *voice;
    const char *vocoder;
    const char *output;
    const char *raw;
    const char *speaker;
    const char *espeak_voice;
    const char *ids;
    double length_scale, pitch_scale, pitch_range, energy_scale, max_duration, variation;
    unsigned long long seed;
    int list_speakers, list_voices, phonemes, list_symbols, timings, low_memory, lines;
    int threads;
    int variation_given, seed_given; /* a seed alone changes nothing, which a user should hear of */
    const char *first_options[2]; /* the first two options given, for the lists' checks */
} options;

typedef struct {
    FILE *audio_out; /* --raw */
    FILE *timing_out;
    int audio_on_stdout; /* --raw, -o -, or -o naming standard output's file */
    wav_writer wav;  /* otherwise, to path, opened at the first audio */
    int use_wav;
    const char *path;
    int fd;          /* -1 until the first audio */
    int sample_rate;
    int open_failed;
    int f32;
    const char *text;
    size_t text_base;           /* --lines: input bytes before `text` */
    unsigned long long sample_base; /* --lines: samples before `text`'s */
    unsigned long long samples; /* delivered so far */
    int write_failed;
    int write_errno; /* of the first failure: closing (a seek on a pipe) changes errno */
} run_state;

/* SIGINT, SIGTERM or SIGHUP during synthesis, or SIGPIPE from a closed
 * standard output: while a WAV file's header waits to be given its sizes,
 * the handler only records the signal and cancels (both async-signal-safe),
 * so synthesis stops within one vocoder chunk and the normal path writes the
 * sizes before the signal is raised again. With no such header (nothing
 * opened yet, or audio to a pipe, FIFO or terminal, whose sizes say "to the
 * end") the process dies at once: an open() of a FIFO nobody reads, or a
 * write() to a pipe nobody empties, would otherwise hold it for ever. */
static volatile sig_atomic_t interrupted;
static volatile sig_atomic_t wav_header_pending;
static inflect_synth *volatile running;

static void on_signal(int sig)
{
    interrupted = sig;
    if (running)
        inflect_synth_cancel(running);
    if (!wav_header_pending) {
        static const char msg[] = "inflect-say: interrupted\n";
        if (sig != SIGPIPE) { /* a closed pipe is the reader's choice, as for any filter */
            ssize_t k = write(STDERR_FILENO, msg, sizeof msg - 1);
            (void)k;
        }
        signal(sig, SIG_DFL);
        raise(sig); /* delivered as the handler returns */
    }
}

/* No SA_RESTART: a write blocked on a stalled pipe (--timings) returns
 * EINTR instead of waiting on. A signal the caller ignores (nohup's SIGHUP,
 * SIGINT for a background job of a script, SIGPIPE) stays ignored. */
static void catch_signals(void)
{
    static const int sigs[] = {SIGINT, SIGTERM, SIGHUP, SIGPIPE};
    /* Past the file size limit (ulimit -f), a write fails with EFBIG, which
     * is reported and leaves a WAV whose header says what it holds, rather
     * than SIGXFSZ killing the process with the header's sizes unwritten. */
    signal(SIGXFSZ, SIG_IGN);
    struct sigaction sa, old;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++)
        sigaddset(&sa.sa_mask, sigs[i]);
    for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++)
        if (sigaction(sigs[i], NULL, &old) == 0 && old.sa_handler != SIG_IGN)
            sigaction(sigs[i], &sa, NULL);
}

/* Dies of the signal that interrupted the run, as the shell expects. */
static void reraise(void)
{
    int sig = interrupted;
    signal(sig, SIG_DFL);
    raise(sig);
}

/* stdio keeps write errors to itself until asked: a lost line of --timings
 * or --list-symbols is reported here, with a non-zero exit. */
/* Whether text[0..len) has a byte outside ASCII: what the English frontend
 * skips without a word (other scripts, emoji) is among those. */
static int has_non_ascii(const char *text, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if ((unsigned char)text[i] >= 0x80)
            return 1;
    return 0;
}

static int flush_stdout(int status)
{
    /* A write stdio made while the text was put out (the usage is longer
     * than its buffer) failed with this errno and emptied the buffer; the
     * flush then has nothing to write and sets none. */
    const int earlier = errno;
    errno = 0;
    if (fflush(stdout) != 0 || ferror(stdout)) {
        fprintf(stderr, "inflect-say: writing standard output failed: %s\n",
                strerror(errno ? errno : earlier ? earlier : EIO));
        return EXIT_FAILURE;
    }
    return status;
}

static void write_failed(run_state *st)
{
    if (!st->write_failed)
        st->write_errno = errno;
    st->write_failed = 1;
}

static void fail(const char *fmt, const char *arg)
{
    fprintf(stderr, "inflect-say: ");
    fprintf(stderr, fmt, arg);
    fputc('\n', stderr);
    exit(EXIT_FAILURE);
}

/* Text saved as UTF-16 or UTF-32 (Windows editors offer it) would be read
 * as a letter between NULs, each spoken alone: refuse it by its byte-order
 * mark, saying how to convert it. */
static void refuse_wide_text(const char *text, size_t len)
{
    const unsigned char *b = (const unsigned char *)text;
    if (len >= 2 && ((b[0] == 0xFF && b[1] == 0xFE) || (b[0] == 0xFE && b[1] == 0xFF) ||
                     (len >= 4 && !b[0] && !b[1] && b[2] == 0xFE && b[3] == 0xFF)))
        fail("%s", "the text is UTF-16 or UTF-32 (it starts with a byte-order mark); inflect-say reads UTF-8: "
                   "convert it first, e.g. iconv -f UTF-16 -t UTF-8");
}

static double parse_number(const char *opt, const char *s)
{
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (errno || end == s || *end)
        fail("%s needs a number", opt);
    return v;
}

/* A control value: a finite number within the engine's range (inflect.h). */
static double parse_scale(const char *opt, const char *s, double lo, double hi)
{
    double v = parse_number(opt, s);
    if (!(v >= lo && v <= hi)) { /* also refuses nan; inf is out of range */
        fprintf(stderr, "inflect-say: %s must be from %g to %g, not '%s'\n", opt, lo, hi, s);
        exit(EXIT_FAILURE);
    }
    return v;
}

/* A noise seed: a whole number from 0 to 2^64 - 1. */
static unsigned long long parse_seed(const char *opt, const char *s)
{
    char *end;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno || end == s || *end || s[0] == '-') {
        fprintf(stderr, "inflect-say: %s needs a whole number from 0 to 2^64 - 1, not '%s'\n", opt, s);
        exit(EXIT_FAILURE);
    }
    return v;
}

/* A whole number of threads in inflect.h's range, or exit with a message. */
static int parse_threads(const char *opt, const char *s)
{
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (end == s || *end || errno || v < 1 || v > INFLECT_THREADS_MAX) {
        fprintf(stderr, "inflect-say: %s must be a whole number from 1 to %d, not '%s'\n", opt,
                INFLECT_THREADS_MAX, s);
        exit(EXIT_FAILURE);
    }
    return (int)v;
}

/* The most text one run reads, and the longest line of --lines: far more
 * than anyone speaks, and refused before it is all in memory (/dev/zero,
 * a binary FIFO). */
#define INPUT_LIMIT ((size_t)1 << 30)

/* Appends text to a growing buffer; text may contain any bytes. path names
 * f in a read error's message; NULL is standard input. */
static char *read_all(FILE *f, const char *path, size_t *len)
{
    size_t cap = 4096, n = 0;
    char *buf = malloc(cap);
    if (!buf)
        fail("%s", "out of memory");
    for (;;) {
        if (n == cap) {
            if (cap >= INPUT_LIMIT)
                fail("%s", "input of 1 GiB or more");
            cap *= 2;
            char *b = realloc(buf, cap);
            if (!b)
                fail("%s", "out of memory");
            buf = b;
        }
        size_t k = fread(buf + n, 1, cap - n, f);
        n += k;
        if (k == 0)
            break;
    }
    if (ferror(f)) {
        if (path)
            fprintf(stderr, "inflect-say: cannot read '%s': %s\n", path, strerror(errno));
        else
            fprintf(stderr, "inflect-say: cannot read standard input: %s\n", strerror(errno));
        exit(EXIT_FAILURE);
    }
    *len = n;
    return buf;
}

static char *read_file(const char *path, size_t *len)
{
    if (!strcmp(path, "-"))
        return read_all(stdin, NULL, len);
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "inflect-say: cannot read '%s': %s\n", path, strerror(errno));
        exit(EXIT_FAILURE);
    }
    char *s = read_all(f, path, len);
    fclose(f);
    return s;
}

static char *join_words(char **words, int n_words, size_t *len)
{
    size_t total = 0;
    for (int i = 0; i < n_words; i++)
        total += strlen(words[i]) + 1;
    char *s = malloc(total + 1);
    if (!s)
        fail("%s", "out of memory");
    size_t n = 0;
    for (int i = 0; i < n_words; i++) {
        size_t k = strlen(words[i]);
        memcpy(s + n, words[i], k);
        n += k;
        s[n++] = ' ';
    }
    *len = n ? n - 1 : 0;
    s[*len] = '\0';
    return s;
}

/* Length of the well-formed UTF-8 sequence at s[0..n), or 0 if there is
 * none; then *bad is the length of its maximal invalid subpart, which one
 * U+FFFD replaces (Unicode's recommended practice, and Python's). */
static size_t utf8_sequence(const unsigned char *s, size_t n, size_t *bad)
{
    unsigned char c = s[0], lo = 0x80, hi = 0xBF;
    size_t need;
    if (c < 0x80)
        return 1;
    if (c >= 0xC2 && c <= 0xDF) {
        need = 1;
    } else if (c >= 0xE0 && c <= 0xEF) {
        need = 2;
        lo = c == 0xE0 ? 0xA0 : 0x80; /* overlong */
        hi = c == 0xED ? 0x9F : 0xBF; /* surrogate */
    } else if (c >= 0xF0 && c <= 0xF4) {
        need = 3;
        lo = c == 0xF0 ? 0x90 : 0x80; /* overlong */
        hi = c == 0xF4 ? 0x8F : 0xBF; /* past U+10FFFF */
    } else {
        need = 0; /* a continuation byte, or a lead byte UTF-8 never uses */
    }
    size_t i = 1;
    while (i <= need && i < n && s[i] >= (i == 1 ? lo : 0x80) && s[i] <= (i == 1 ? hi : 0xBF))
        i++;
    if (need && i == need + 1)
        return i;
    *bad = i;
    return 0;
}

/* The text is the caller's bytes, which need not be UTF-8; JSON must be. */
static void json_string(FILE *f, const char *s, size_t n)
{
    const unsigned char *u = (const unsigned char *)s;
    fputc('"', f);
    for (size_t i = 0; i < n;) {
        size_t bad, k = utf8_sequence(u + i, n - i, &bad);
        if (k == 0) {
            fputs("\\ufffd", f);
            i += bad;
        } else if (u[i] == '"' || u[i] == '\\') {
            fprintf(f, "\\%c", u[i++]);
        } else if (u[i] < 0x20) {
            fprintf(f, "\\u%04x", u[i++]);
        } else {
            fwrite(u + i, 1, k, f);
            i += k;
        }
    }
    fputc('"', f);
}

/* The text of an event's or utterance's span, at most SPAN_TEXT_MAX bytes
 * of it (cut at a character) and then "…": each piece of a long unbroken
 * token has that whole token as its span, and quoting it on every line
 * made the output grow with the square of the token (a 1 MB line gave
 * gigabytes). "offset" and "length" still give the whole span. */
#define SPAN_TEXT_MAX 256

static void json_span(FILE *f, const char *s, size_t n)
{
    if (n <= SPAN_TEXT_MAX) {
        json_string(f, s, n);
        return;
    }
    size_t cut = SPAN_TEXT_MAX;
    while (cut > 0 && ((unsigned char)s[cut] & 0xC0) == 0x80)
        cut--; /* not inside a character */
    char *shown = malloc(cut + 4);
    if (!shown) {
        json_string(f, s, cut);
        return;
    }
    memcpy(shown, s, cut);
    memcpy(shown + cut, "\xE2\x80\xA6", 3); /* … */
    json_string(f, shown, cut + 3);
    free(shown);
}

static void json_ids(FILE *f, const char *key, const int32_t *ids, size_t n)
{
    fprintf(f, "\"%s\":[", key);
    for (size_t i = 0; i < n; i++)
        fprintf(f, i ? ",%d" : "%d", (int)ids[i]);
    fputc(']', f);
}

static int print_utterance(const inflect_utterance *u, void *user)
{
    const char *text = user;
    fputs("{\"text\":", stdout);
    json_span(stdout, text + u->text_offset, u->text_length);
    fprintf(stdout, ",\"offset\":%zu,\"symbols\":[", u->text_offset);
    for (size_t i = 0; i < u->n; i++) {
        if (i)
            fputc(',', stdout);
        json_string(stdout, u->symbols[i], strlen(u->symbols[i]));
    }
    fputs("],", stdout);
    json_ids(stdout, "phone", u->phone_ids, u->n);
    fputc(',', stdout);
    json_ids(stdout, "tone", u->tone_ids, u->n);
    fputc(',', stdout);
    json_ids(stdout, "lang", u->lang_ids, u->n);
    fputs("}\n", stdout);
    return 0;
}

/* Whether fd is open on the file that *st describes. */
static int is_file_of(const struct stat *st, int fd)
{
    struct stat f;
    return fstat(fd, &f) == 0 && f.st_dev == st->st_dev && f.st_ino == st->st_ino;
}

/* Whether audio written to path goes where standard output goes: "-", and
 * also "/dev/stdout", "/proc/self/fd/1" or any other name of the file or
 * pipe standard output is open on ("-o m.wav > m.wav"). Timing lines on
 * standard output would then be written into the audio. A path that does
 * not exist yet cannot be standard output's file. It is decided before the
 * output is opened, since the events of an utterance come before its
 * audio. */
static int goes_to_stdout(const char *path)
{
    struct stat st;
    return !strcmp(path, "-") || (stat(path, &st) == 0 && is_file_of(&st, STDOUT_FILENO));
}

/* Whether standard error shares standard output's file or pipe, so that
 * timing lines moved off standard output for the audio's sake would still
 * be written into it. A terminal is left out: lines on it corrupt nothing,
 * and the audio there is the user's choice. */
static int stderr_is_stdout(void)
{
    struct stat out;
    return fstat(STDOUT_FILENO, &out) == 0 && !S_ISCHR(out.st_mode) && is_file_of(&out, STDERR_FILENO);
}

/* Opens the WAV output. It is called with the first audio, so that a bad
 * option, a bad voice, a synthesis error or a text without words never
 * truncates an existing file. */
static int start_wav(run_state *st)
{
    st->fd = strcmp(st->path, "-") ? open(st->path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666) : STDOUT_FILENO;
    if (st->fd < 0) {
        fprintf(stderr, "inflect-say: cannot write '%s': %s\n", st->path, strerror(errno));
        st->open_failed = 1;
        return -1;
    }
    struct stat sb;
    wav_header_pending = fstat(st->fd, &sb) == 0 && S_ISREG(sb.st_mode);
    if (wav_writer_open(&st->wav, st->fd, st->sample_rate) != 0)
        write_failed(st);
    return 0;
}

static int on_audio(const float *samples, size_t n, void *user)
{
    run_state *st = user;
    if (st->use_wav && st->fd < 0 && start_wav(st) != 0)
        return 1;
    st->samples += n;
    if (st->use_wav) {
        if (wav_writer_write(&st->wav, samples, n) != 0)
            write_failed(st);
    } else if (st->f32) {
        if (fwrite(samples, sizeof *samples, n, st->audio_out) != n)
            write_failed(st);
    } else {
        int16_t buf[1024];
        for (size_t done = 0; done < n;) {
            size_t k = n - done < 1024 ? n - done : 1024;
            pcm_float_to_s16(samples + done, buf, k);
            if (fwrite(buf, sizeof buf[0], k, st->audio_out) != k)
                write_failed(st);
            done += k;
        }
    }
    /* Stop early when the output is gone (e.g. a closed pipe) or on a
     * signal that came before the synth could be cancelled. */
    return st->write_failed || interrupted;
}

static void on_event(const inflect_event *ev, void *user)
{
    run_state *st = user;
    static const char *names[] = {"", "word", "phoneme", "sentence"};
    if (interrupted)
        return; /* a stalled reader would block the header's sizes behind it */
    FILE *f = st->timing_out;
    fprintf(f, "{\"type\":\"%s\",\"start\":%llu,\"samples\":%llu,\"offset\":%zu,\"length\":%zu,\"text\":",
            names[ev->type], st->sample_base + (unsigned long long)ev->start_sample,
            (unsigned long long)ev->n_samples, st->text_base + ev->text_offset, ev->text_length);
    json_span(f, st->text + ev->text_offset, ev->text_length);
    if (ev->symbol) {
        fputs(",\"symbol\":", f);
        json_string(f, ev->symbol, strlen(ev->symbol));
    }
    fputs("}\n", f);
}

/* The option an error comes from, as a prefix for its message: the
 * library names its own limit (params.max_seconds), the user set an option. */
static const char *option_behind(inflect_status rc)
{
    return rc == INFLECT_ERR_TOO_LONG ? "--max-duration: " : "";
}

/* --max-duration is a limit on the whole run, and --ids and --lines speak
 * in several calls: each call may use what is left of it. Fills *call with
 * params and that limit; INFLECT_ERR_TOO_LONG when none is left, since 0
 * would mean no limit to the library. */
static inflect_status limit_left(const inflect_params *params, const run_state *st, inflect_params *call)
{
    *call = *params;
    if (params->max_seconds <= 0.0f)
        return INFLECT_OK;
    double left = params->max_seconds - (double)st->samples / st->sample_rate;
    if (left <= 0.0)
        return INFLECT_ERR_TOO_LONG;
    call->max_seconds = (float)left;
    return INFLECT_OK;
}

/* The error when the limit stopped such a call: the library's message
 * names the part of the limit the call was given, the user gave the
 * whole. */
static void limit_error(const inflect_params *params, const run_state *st, const char *where, char *err,
                        size_t err_size)
{
    snprintf(err, err_size, "%s--max-duration: the speech would last longer than its limit of %g s: stopped after "
             "%.2f s", where, params->max_seconds, (double)st->samples / st->sample_rate);
}

/* Each utterance of the --ids input in turn; a malformed one stops with its
 * line before anything after it is spoken. */
static inflect_status speak_ids(inflect_synth *synth, const char *input, size_t len, const inflect_params *params,
                                run_state *st, char *err, size_t err_size)
{
    size_t pos = 0;
    int count = 0;
    for (;;) {
        ids_json_utterance u;
        char msg[200];
        int r = ids_json_next(input, len, &pos, &u, msg, sizeof msg);
        if (r < 0) {
            snprintf(err, err_size, "--ids: %s", msg);
            return INFLECT_ERR_INVALID_ARGUMENT;
        }
        if (r == 0)
            break;
        inflect_params call;
        count++;
        char where[40];
        snprintf(where, sizeof where, "--ids: utterance %d: ", count);
        inflect_status rc = limit_left(params, st, &call);
        if (rc == INFLECT_OK)
            rc = inflect_synth_speak_ids(synth, u.phone, u.tone, u.lang, u.n, &call, on_audio, st);
        ids_json_free(&u);
        if (rc == INFLECT_ERR_TOO_LONG) {
            limit_error(params, st, where, err, err_size);
            return rc;
        }
        if (rc != INFLECT_OK) {
            snprintf(err, err_size, "%s%s", where, inflect_synth_error(synth));
            return rc;
        }
    }
    if (count == 0) {
        snprintf(err, err_size, "--ids: no utterance in the input");
        return INFLECT_ERR_INVALID_ARGUMENT;
    }
    return INFLECT_OK;
}

/* Reads the options wherever they stand, as GNU programs do, and moves the
 * words of the text, in their order, to the front of `words` (argv's own
 * array, from argv[1]); returns how many. "inflect-say Hello -o hi.wav"
 * once spoke "o hi wav" into speech.wav. After "--" every argument is
 * text; so is a word that starts with '-' and a digit ("-5 degrees"),
 * since no option does. */
static int parse_args(int argc, char **argv, options *o)
{
    char **words = argv + 1;
    int n_words = 0;
    for (int i = 1; i < argc; i++) {
        const char *const arg = argv[i], *a = arg;
        /* "--length-scale=1.2" is "--length-scale 1.2" */
        char name[32];
        const char *eq = a[0] == '-' && a[1] == '-' ? strchr(a, '=') : NULL, *inline_val = NULL;
        if (eq && eq - a > 2 && (size_t)(eq - a) < sizeof name) {
            memcpy(name, a, (size_t)(eq - a));
            name[eq - a] = '\0';
            inline_val = eq + 1;
            a = name;
        }
        const char *val = inline_val ? inline_val : i + 1 < argc ? argv[i + 1] : NULL;
        int text = 0;       /* a is words of the text, not an option */
        int took_value = 0; /* the option read val */
#define NEEDS_VALUE()                        \
    do {                                     \
        if (!val)                            \
            fail("%s needs a value", a);     \
        i += !inline_val;                    \
        took_value = 1;                      \
    } while (0)
        if (!strcmp(a, "--")) {
            while (++i < argc)
                words[n_words++] = argv[i];
            text = 1;
        } else if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
            if (inline_val)
                fail("%s takes no value", a);
            errno = 0;
            fputs(usage, stdout);
            exit(flush_stdout(EXIT_SUCCESS));
        } else if (!strcmp(a, "--version")) {
            if (inline_val)
                fail("%s takes no value", a);
            errno = 0;
            printf("inflect-say %s\n", inflect_version());
            exit(flush_stdout(EXIT_SUCCESS));
        } else if (!strcmp(a, "-v") || !strcmp(a, "--voice")) {
            NEEDS_VALUE();
            if (!*val)
                fail("%s needs a voice name or file, not an empty string", a);
            o->voice = val;
        } else if (!strcmp(a, "--vocoder")) {
            NEEDS_VALUE();
            o->vocoder = val;
        } else if (!strcmp(a, "-o") || !strcmp(a, "--output")) {
            NEEDS_VALUE();
            o->output = val;
        } else if (!strcmp(a, "--raw")) {
            NEEDS_VALUE();
            if (strcmp(val, "s16le") && strcmp(val, "f32le"))
                fail("--raw takes s16le or f32le, not '%s'", val);
            o->raw = val;
        } else if (!strcmp(a, "-s") || !strcmp(a, "--speaker")) {
            NEEDS_VALUE();
            o->speaker = val;
        } else if (!strcmp(a, "--espeak-voice")) {
            NEEDS_VALUE();
            o->espeak_voice = val;
        } else if (!strcmp(a, "--length-scale")) {
            NEEDS_VALUE();
            o->length_scale = parse_scale(a, val, INFLECT_LENGTH_SCALE_MIN, INFLECT_LENGTH_SCALE_MAX);
        } else if (!strcmp(a, "--pitch-scale")) {
            NEEDS_VALUE();
            o->pitch_scale = parse_scale(a, val, INFLECT_PITCH_SCALE_MIN, INFLECT_PITCH_SCALE_MAX);
        } else if (!strcmp(a, "--pitch-range")) {
            NEEDS_VALUE();
            o->pitch_range = parse_scale(a, val, INFLECT_PITCH_RANGE_MIN, INFLECT_PITCH_RANGE_MAX);
        } else if (!strcmp(a, "--energy-scale")) {
            NEEDS_VALUE();
            o->energy_scale = parse_scale(a, val, INFLECT_ENERGY_SCALE_MIN, INFLECT_ENERGY_SCALE_MAX);
        } else if (!strcmp(a, "--variation")) {
            NEEDS_VALUE();
            o->variation = parse_scale(a, val, INFLECT_VARIATION_MIN, INFLECT_VARIATION_MAX);
            o->variation_given = 1;
        } else if (!strcmp(a, "--seed")) {
            NEEDS_VALUE();
            o->seed = parse_seed(a, val);
            o->seed_given = 1;
        } else if (!strcmp(a, "--max-duration")) {
            NEEDS_VALUE();
            o->max_duration = parse_scale(a, val, 0.0, 86400.0);
            /* the library takes it as a float, where 0 means no limit */
            if (o->max_duration > 0.0 && (float)o->max_duration < 0.001f)
                fail("--max-duration: %s is less than the shortest limit, 0.001 s (0 means none)", val);
        } else if (!strcmp(a, "--list-voices")) {
            o->list_voices = 1;
        } else if (!strcmp(a, "--list-speakers")) {
            o->list_speakers = 1;
        } else if (!strcmp(a, "--ids")) {
            NEEDS_VALUE();
            o->ids = val;
        } else if (!strcmp(a, "--phonemes")) {
            o->phonemes = 1;
        } else if (!strcmp(a, "--list-symbols")) {
            o->list_symbols = 1;
        } else if (!strcmp(a, "--timings")) {
            o->timings = 1;
        } else if (!strcmp(a, "--lines")) {
            o->lines = 1;
        } else if (!strcmp(a, "--low-memory")) {
            o->low_memory = 1;
        } else if (!strcmp(a, "--threads")) {
            NEEDS_VALUE();
            o->threads = parse_threads(a, val);
        } else if (a[0] == '-' && a[1] != '\0' && !isdigit((unsigned char)a[1])) {
            fail("unknown option '%s' (see --help)", a);
        } else {
            words[n_words++] = argv[i];
            text = 1;
        }
#undef NEEDS_VALUE
        if (inline_val && !took_value)
            fail("%s takes no value", a);
        if (!text && !o->first_options[1])
            o->first_options[o->first_options[0] ? 1 : 0] = arg;
    }
    /* The seed only chooses the noise --variation adds (an explicit
     * --variation 0 is accepted, so that a script may turn it off); given
     * alone it would be silently ignored. */
    if (o->seed_given && !o->variation_given)
        fail("%s only chooses the noise of --variation, which was not given", "--seed");
    /* raw samples go to standard output; a file named with -o would be
     * silently left unwritten */
    if (o->raw && o->output && strcmp(o->output, "-"))
        fail("--raw writes to standard output, not to -o %s (leave out --raw for a WAV file)", o->output);
    return n_words;
}

/* Exits when the audio would be written over `file` (the voice or its
 * vocoder): "-v ./v.gguf -o ./v.gguf" replaced the voice by the WAV. */
static void refuse_output_over(const char *output, const char *file, const char *what)
{
    struct stat a, b;
    if (output && stat(output, &a) == 0 && stat(file, &b) == 0 && a.st_dev == b.st_dev && a.st_ino == b.st_ino) {
        fprintf(stderr, "inflect-say: -o %s is the %s file: writing the audio there would destroy it\n", output,
                what);
        exit(EXIT_FAILURE);
    }
}

static inflect_voice *open_voice(const char *name, const char *vocoder_name, int low_memory, const char *output)
{
    char err[1024];
    inflect_voice *v = NULL;
    char path[4096], vocoder[4096];
    /* Names are looked up here although the library finds them too: the
     * files are needed to refuse an output over them, and a name that is
     * not there gets the hint, for the voice and for --vocoder alike. */
    if (inflect_voice_find(name, path, sizeof path, err, sizeof err) != INFLECT_OK) {
        fprintf(stderr, "inflect-say: %s (--list-voices lists the voices there are; an uninstalled build finds "
                        "the checkout's voices in `meson devenv -C build`)\n",
                err);
        exit(EXIT_FAILURE);
    }
    if (vocoder_name && inflect_voice_find(vocoder_name, vocoder, sizeof vocoder, err, sizeof err) != INFLECT_OK) {
        fprintf(stderr, "inflect-say: --vocoder: %s\n", err);
        exit(EXIT_FAILURE);
    }
    refuse_output_over(output, path, "voice");
    if (vocoder_name)
        refuse_output_over(output, vocoder, "vocoder");
    inflect_status st = inflect_voice_open_with(path, vocoder_name ? vocoder : NULL,
                                                low_memory ? INFLECT_VOICE_LOW_MEMORY : 0u, &v, err, sizeof err);
    if (st != INFLECT_OK) {
        /* The library names its own API for the pair; here it is an option. */
        int pair = !vocoder_name && strstr(err, "inflect_voice_open_pair");
        fprintf(stderr, "inflect-say: %s%s\n", err, pair ? "; give it with --vocoder FILE" : "");
        exit(EXIT_FAILURE);
    }
    return v;
}


/* The next line of standard input, its '\n' kept, into *line (grown as
 * needed, NUL-terminated); its length, or -1 at the end of the input, on a
 * read error or when a signal interrupts the read (ferror and `interrupted`
 * tell which): a line cut short is never returned. Unlike getline() it
 * stops at INPUT_LIMIT, before an endless line fills memory, and a failed
 * allocation is an error, not the end of the input. */
static ssize_t read_line(char **line, size_t *cap)
{
    size_t n = 0;
    for (;;) {
        int c = getc_unlocked(stdin); /* stdin is read by this thread alone */
        if (c == EOF)
            return n > 0 && !ferror(stdin) ? (ssize_t)n : -1;
        if (n + 1 >= *cap) {
            if (*cap >= INPUT_LIMIT)
                fail("%s", "input line of 1 GiB or more");
            size_t grown = *cap ? 2 * *cap : 256;
            char *b = realloc(*line, grown);
            if (!b)
                fail("%s", "out of memory");
            *line = b;
            *cap = grown;
        }
        (*line)[n++] = (char)c;
        (*line)[n] = '\0';
        if (c == '\n')
            return (ssize_t)n;
    }
}

/* --lines: each line of standard input spoken as soon as it is complete,
 * into one output, which is flushed after it so that a player downstream
 * hears it at once. A signal while waiting for a line ends the read with
 * EINTR (no SA_RESTART), like one during synthesis. */
static inflect_status speak_lines(inflect_synth *synth, const inflect_params *params, int timings, run_state *st,
                                  char *err, size_t err_size)
{
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    inflect_status rc = INFLECT_OK;
    unsigned long count = 0;
    while (rc == INFLECT_OK && !interrupted && !st->write_failed && (n = read_line(&line, &cap)) >= 0) {
        st->text = line;
        st->sample_base = st->samples;
        if (++count == 1)
            refuse_wide_text(line, (size_t)n);
        inflect_params call;
        rc = limit_left(params, st, &call);
        if (rc == INFLECT_OK)
            rc = inflect_synth_speak(synth, line, (size_t)n, &call, on_audio, timings ? on_event : NULL, st);
        if (rc == INFLECT_ERR_TOO_LONG) {
            char where[40];
            snprintf(where, sizeof where, "--lines: line %lu: ", count);
            limit_error(params, st, where, err, err_size);
        }
        st->text_base += (size_t)n;
        if (st->audio_out && fflush(st->audio_out) != 0)
            write_failed(st);
        if (timings)
            fflush(st->timing_out);
    }
    if (rc == INFLECT_OK && !interrupted && ferror(stdin)) {
        snprintf(err, err_size, "cannot read standard input: %s", strerror(errno));
        rc = INFLECT_ERR_IO;
    }
    st->text = NULL;
    free(line);
    return rc;
}

/* Speaks the text into the output the options name; returns the exit status. */
static int speak(const options *o, inflect_voice *voice, const char *text, size_t len)
{
    inflect_params params;
    inflect_params_init(&params);
    params.length_scale = (float)o->length_scale;
    params.pitch_scale = (float)o->pitch_scale;
    params.pitch_range = (float)o->pitch_range;
    params.energy_scale = (float)o->energy_scale;
    params.max_seconds = (float)o->max_duration;
    params.variation = (float)o->variation;
    params.seed = o->seed;
    if (o->speaker) {
        params.speaker = inflect_voice_find_speaker(voice, o->speaker);
        if (params.speaker < 0) {
            fprintf(stderr, "inflect-say: voice '%s' has no speaker '%s' (see --list-speakers)\n",
                    inflect_voice_name(voice), o->speaker);
            return EXIT_FAILURE;
        }
    }
    inflect_synth *synth = NULL;
    inflect_synth_options so;
    inflect_synth_options_init(&so);
    so.threads = o->threads;
    char err[256] = "";
    inflect_status rc = inflect_synth_new_with(voice, &so, &synth, err, sizeof err);
    if (rc != INFLECT_OK) {
        fprintf(stderr, "inflect-say: %s\n", err[0] ? err : inflect_status_name(rc));
        return EXIT_FAILURE;
    }
    uint64_t none;
    /* Measuring no text checks the parameters and does nothing else. */
    if (rc == INFLECT_OK)
        rc = inflect_synth_measure(synth, "", 0, &params, &none);
    if (rc != INFLECT_OK) {
        fprintf(stderr, "inflect-say: %s\n",
                synth && *inflect_synth_error(synth) ? inflect_synth_error(synth) : inflect_status_name(rc));
        inflect_synth_free(synth);
        return EXIT_FAILURE;
    }

    run_state st = {.text = text, .f32 = o->raw && !strcmp(o->raw, "f32le"), .fd = -1,
                    .sample_rate = inflect_voice_sample_rate(voice)};
    if (o->raw) {
        st.audio_out = stdout;
        st.audio_on_stdout = 1;
    } else {
        st.use_wav = 1;
        st.path = o->output ? o->output : "speech.wav";
        st.audio_on_stdout = goes_to_stdout(st.path);
    }
    st.timing_out = st.audio_on_stdout ? stderr : stdout;
    if (o->timings && st.audio_on_stdout && stderr_is_stdout()) {
        fprintf(stderr, "inflect-say: --timings: standard error is the same file as the audio on standard output, "
                        "so the timings would be written into the audio; redirect one of them\n");
        inflect_synth_free(synth);
        return EXIT_FAILURE;
    }

    running = synth;
    catch_signals();
    int status = EXIT_SUCCESS;
    char call_err[300] = "";
    if (!st.write_failed && !interrupted)
        rc = o->ids     ? speak_ids(synth, text, len, &params, &st, call_err, sizeof call_err)
             : o->lines ? speak_lines(synth, &params, o->timings, &st, call_err, sizeof call_err)
                        : inflect_synth_speak(synth, text, len, &params, on_audio, o->timings ? on_event : NULL, &st);
    running = NULL;
    int stopped = interrupted || (rc == INFLECT_ERR_CALLBACK && (st.write_failed || st.open_failed));
    if (rc != INFLECT_OK && !stopped) {
        if (*call_err)
            fprintf(stderr, "inflect-say: %s\n", call_err);
        else
            fprintf(stderr, "inflect-say: %s%s\n", option_behind(rc),
                    *inflect_synth_error(synth) ? inflect_synth_error(synth) : inflect_status_name(rc));
        status = EXIT_FAILURE;
    }
    if (st.open_failed)
        status = EXIT_FAILURE;
    /* Text with no word in it (only punctuation, symbols, spaces) is a
     * mistake to report, not an empty recording to keep; the output was
     * never opened, so an existing file is left as it was. */
    int nothing = status == EXIT_SUCCESS && !st.write_failed && !interrupted && st.samples == 0;
    if (nothing) {
        /* Words of another script are skipped, not missing: say so. */
        int foreign = !o->ids && has_non_ascii(text, len);
        fprintf(stderr, "inflect-say: nothing to speak: the %s has no words%s\n", o->ids ? "input" : "text",
                foreign ? " that can be read (only English is read: other scripts, emoji and most symbols are skipped)"
                        : "");
        status = EXIT_FAILURE;
    }
    int fd = st.fd;
    if (fd >= 0 && wav_writer_finish(&st.wav) != 0)
        write_failed(&st);
    if (o->raw && fflush(stdout) != 0)
        write_failed(&st);
    if (st.write_failed) {
        fprintf(stderr, "inflect-say: writing the audio failed: %s\n", strerror(st.write_errno));
        status = EXIT_FAILURE;
    }
    if (fd > STDOUT_FILENO && close(fd) != 0 && !st.write_failed) {
        fprintf(stderr, "inflect-say: writing the audio failed: %s\n", strerror(errno));
        status = EXIT_FAILURE;
    }
    /* Timings on standard error: a lost line is a lost write too, though
     * there is nowhere left to say so but the exit status. */
    if (o->timings && st.timing_out == stderr && ferror(stderr))
        status = EXIT_FAILURE;
    if (interrupted) {
        if (fd > STDOUT_FILENO)
            fprintf(stderr, "inflect-say: %s; '%s' holds the %.2f s spoken so far\n",
                    interrupted == SIGPIPE ? "interrupted: standard output was closed" : "interrupted", st.path,
                    (double)st.wav.data_bytes / 2.0 / inflect_voice_sample_rate(voice));
        else
            fprintf(stderr, "inflect-say: interrupted\n");
    }
    inflect_synth_free(synth);
    /* Interrupted: what stdio still holds is left, since standard output
     * may be the stalled or closed pipe that stopped the run. */
    if (interrupted)
        return status;
    /* Audio on stdout reported its own failure above. */
    return st.write_failed && st.audio_on_stdout ? status : flush_stdout(status);
}

/* The first option given other than `list` (NULL for none, or no list). */
static const char *list_extra(const options *o, const char *list)
{
    for (int i = 0; list && i < 2; i++)
        if (o->first_options[i] && strcmp(o->first_options[i], list))
            return o->first_options[i];
    return NULL;
}

/* A standard stream the caller closed ("inflect-say >&-") is opened on
 * /dev/null the wrong way round: left closed, its number would go to the
 * WAV file opened later, and --timings or a message meant for it would be
 * written into the audio. A write to it (or a read) still fails, with
 * EBADF, and is reported as before. */
static void keep_standard_streams_taken(void)
{
    for (int fd = STDIN_FILENO; fd <= STDERR_FILENO; fd++) {
        if (fcntl(fd, F_GETFD) != -1 || errno != EBADF)
            continue;
        /* The lowest free number is fd, since those below it are open. */
        if (open("/dev/null", fd == STDIN_FILENO ? O_WRONLY : O_RDONLY) != fd)
            exit(EXIT_FAILURE); /* no /dev/null: nothing safe to say it on */
    }
}

int main(int argc, char **argv)
{
    keep_standard_streams_taken();
    options o = {.length_scale = 1, .pitch_scale = 1, .pitch_range = 1, .energy_scale = 1, .seed = 1,
                 .threads = 1};
    const int n_words = parse_args(argc, argv, &o);

    /* Each list depends on the environment alone: a TEXT or an option beside
     * it is a mistake to point out, not something to drop in silence. */
    const char *list = o.list_voices ? "--list-voices" : o.list_symbols ? "--list-symbols" : NULL;
    const char *extra = n_words ? argv[1] : list_extra(&o, list);
    if (list && extra) {
        fprintf(stderr, "inflect-say: %s takes no TEXT and no other option, not '%s' (see --help)\n", list, extra);
        return EXIT_FAILURE;
    }
    if (o.list_voices)
        return flush_stdout(voice_table_print(stdout, stderr) > 0 ? EXIT_SUCCESS : EXIT_FAILURE);
    if (o.list_symbols) {
        for (int i = 0; i < inflect_symbol_count(); i++)
            printf("%d\t%s\n", i, inflect_symbol_name(i));
        return flush_stdout(EXIT_SUCCESS);
    }
    if (o.lines && (n_words || o.ids || o.phonemes || o.list_speakers)) {
        fprintf(stderr, "inflect-say: --lines speaks standard input as it comes: it takes no TEXT, --ids, --phonemes "
                        "or --list-speakers\n");
        return EXIT_FAILURE;
    }
    if (o.ids && (n_words || o.phonemes || o.timings || o.list_speakers)) {
        fprintf(stderr, "inflect-say: --ids speaks ids, not text: it takes no TEXT, --phonemes, --timings or "
                        "--list-speakers\n");
        return EXIT_FAILURE;
    }
    if (o.vocoder && !o.voice) {
        fprintf(stderr, "inflect-say: --vocoder needs --voice (the upstream acoustic model)\n");
        return EXIT_FAILURE;
    }
    /* A voice speaks in the language of its own frontend, and the engine's
     * inventory is spelt only for --phonemes: anywhere else the option would
     * change nothing, which is worth saying. */
    if (o.espeak_voice && (!o.phonemes || o.voice)) {
        fprintf(stderr, "inflect-say: --espeak-voice is for --phonemes without --voice (the ids of the engine's "
                        "own inventory); a voice speaks the language it was made for\n");
        return EXIT_FAILURE;
    }
    /* Empty means unset, as for the GStreamer elements. --espeak-voice asks
     * for the engine's inventory, which $INFLECT_VOICE, a default, does not
     * override (training reads the inventory's ids that way). */
    int voice_in_env = getenv("INFLECT_VOICE") && *getenv("INFLECT_VOICE");
    if (!o.voice && !o.espeak_voice && (voice_in_env || !o.phonemes))
        o.voice = inflect_default_voice();

    size_t len = 0;
    char *text = n_words ? join_words(argv + 1, n_words, &len) : NULL;
    if (o.ids)
        text = read_file(o.ids, &len);
    int need_text = !o.list_speakers && !o.lines;
    if (!text && need_text)
        text = read_all(stdin, NULL, &len);
    if (text && !o.ids)
        refuse_wide_text(text, len);

#ifdef __GLIBC__
    /* glibc raises its mmap threshold each time a large block is freed, after
     * which the acoustic model's per-sentence buffers and the vocoder's
     * (released between sentences) come from the heap, where what is freed
     * stays resident and fragments; a fixed 64 KB threshold returns them at
     * once, so the peak is what is in use (0.5 MB less by default, 0.9 MB
     * with --low-memory; docs/benchmarks.md), for a few hundred page faults
     * a sentence. A process-wide choice, so the program's and not the
     * library's. */
    mallopt(M_MMAP_THRESHOLD, 64 * 1024);
#endif
    inflect_voice *voice =
        o.voice ? open_voice(o.voice, o.vocoder, o.low_memory, o.raw ? NULL : o.output ? o.output : "speech.wav")
                : NULL;
    int status = EXIT_SUCCESS;

    if (o.list_speakers) {
        for (int i = 0; i < inflect_voice_speaker_count(voice); i++)
            printf("%d\t%s\n", i, inflect_voice_speaker_name(voice, i));
        status = flush_stdout(status);
    } else if (o.phonemes && !voice) {
        char err[256];
        if (inflect_phonemize(NULL, o.espeak_voice, text, len, print_utterance, text, err, sizeof err) !=
            INFLECT_OK) {
            fprintf(stderr, "inflect-say: %s\n", err);
            status = EXIT_FAILURE;
        }
        status = flush_stdout(status);
    } else {
        inflect_params params;
        inflect_params_init(&params);
        params.length_scale = (float)o.length_scale;
        params.pitch_scale = (float)o.pitch_scale;
        params.pitch_range = (float)o.pitch_range;
        params.energy_scale = (float)o.energy_scale;
        params.speaker = o.speaker ? inflect_voice_find_speaker(voice, o.speaker) : 0;
        if (o.phonemes && params.speaker >= 0) {
            /* The utterances as synthesis makes them: the voice's budget and
             * splits at the given length scale. */
            inflect_synth *synth = NULL;
            inflect_status rc = inflect_synth_new(voice, &synth);
            if (rc == INFLECT_OK)
                rc = inflect_synth_utterances(synth, text, len, &params, print_utterance, text);
            if (rc != INFLECT_OK) {
                fprintf(stderr, "inflect-say: %s\n",
                        synth && *inflect_synth_error(synth) ? inflect_synth_error(synth) : inflect_status_name(rc));
                status = EXIT_FAILURE;
            }
            inflect_synth_free(synth);
            status = flush_stdout(status);
        } else {
            status = speak(&o, voice, text, len);
        }
    }
    inflect_voice_close(voice);
    free(text);
    if (interrupted)
        reraise();
    return status;
}
