/* sd_inflect: speech-dispatcher output module for Inflect.
 *
 * Copyright (C) 2026 The Inflect authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * speech-dispatcher starts it as `sd_inflect CONFIGFILE` and speaks its
 * output module protocol on standard input and output (speech-dispatcher
 * manual, "Communication Protocol for Output Modules"): INIT, AUDIO, SET,
 * LIST VOICES, SPEAK/CHAR/KEY/SOUND_ICON, STOP, PAUSE, LOGLEVEL, DEBUG,
 * QUIT. The audio goes back to the server in 705 blocks (the server plays
 * it, speech-dispatcher 0.10 and later), so the module opens no sound
 * device. Speech is synthesized in a worker thread so that STOP, which
 * has no reply, can cancel it at the next engine chunk. The SSML's index
 * marks (`<mark name=.../>`) go back between the audio blocks where their
 * place in the speech falls, which is how the server follows progress and
 * resumes a paused message; PAUSE ends the message at the next of the
 * server's own marks (see cmd_pause()). A <break/> is silence in the same
 * place.
 *
 * The configuration file is not read: the voice is chosen by the client
 * (synthesis_voice, or the voice type by gender), otherwise it is the default
 * voice, found on the voice search path like `inflect-say -v`; a voice that
 * cannot be opened gives way to the default voice. Every message is spoken
 * or at least ended: a client waiting for its end always gets one.
 */
#include <inflect.h>
#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "reading.h"
#include "ssml_text.h"

/* How a capital letter is told from a small one (cap_let_recogn): not
 * at all, by the word "capital" before it, or by a short tone before it. */
typedef enum { CAPS_NONE, CAPS_SPELL, CAPS_ICON } caps_mode;

/* The server's parameters, kept as it sent them; mapped to the engine's
 * when a message is spoken. */
typedef struct {
    int rate, pitch, pitch_range, volume; /* -100..100, 0 the voice's own */
    punct_mode punctuation;               /* punctuation_mode */
    bool spelling;                        /* spelling_mode */
    caps_mode capitals;                   /* cap_let_recogn */
    char voice[128];                      /* synthesis_voice: an Inflect voice name, "" for none */
    char voice_type[32];                  /* "voice": male1, female2...: picks a voice of that gender */
} settings;

static pthread_mutex_t out_lock = PTHREAD_MUTEX_INITIALIZER;
static FILE *debug_log;

/* Until the server's first SET: the text as the engine reads it. */
static settings current = {.punctuation = PUNCT_SOME};
static inflect_voice *voice;     /* the open voice and the name it was opened by */
static char voice_name[128];
static inflect_synth *synth;

static pthread_t worker;
static bool worker_running;
static atomic_bool stop_requested;  /* STOP: end now, 703 */
static atomic_bool pause_requested; /* PAUSE: end at the next of the server's marks, 704 */

/* Lines to the server are written whole under the lock, so an event from
 * the worker never lands inside a reply. */
static void send_lines(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    pthread_mutex_lock(&out_lock);
    vprintf(fmt, ap);
    fflush(stdout);
    pthread_mutex_unlock(&out_lock);
    va_end(ap);
}

static void debug(const char *fmt, ...)
{
    if (!debug_log)
        return;
    va_list ap;
    va_start(ap, fmt);
    vfprintf(debug_log, fmt, ap);
    fputc('\n', debug_log);
    fflush(debug_log);
    va_end(ap);
}

/* Something the user may want to know (a voice that would not open): on
 * standard error, which the server writes to the module's log file
 * (inflect.log in its log directory), and in the debug log. */
static void log_problem(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("sd_inflect: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    fflush(stderr);
    va_end(ap);
    if (debug_log) {
        va_start(ap, fmt);
        vfprintf(debug_log, fmt, ap);
        fputc('\n', debug_log);
        fflush(debug_log);
        va_end(ap);
    }
}

/* One line from the server without its '\n'; NULL at end of input. */
static char *read_line(void)
{
    static char *line;
    static size_t cap;
    ssize_t n = getline(&line, &cap, stdin);
    if (n < 0)
        return NULL;
    /* A NUL in a message would end its text there ("Hello \0 world."
     * said "Hello"): it is read as the space it separates words as. */
    for (ssize_t i = 0; i < n; i++)
        if (line[i] == '\0')
            line[i] = ' ';
    if (n > 0 && line[n - 1] == '\n')
        line[n - 1] = '\0';
    return line;
}

/* Reads "name=value" lines up to ".", handing each to set(); false when a
 * line was malformed or refused (every line is read regardless). */
static bool read_params(bool (*set)(const char *name, const char *value))
{
    bool ok = true;
    char *line;
    while ((line = read_line()) && strcmp(line, ".") != 0) {
        char *eq = strchr(line, '=');
        if (!eq) {
            ok = false;
            continue;
        }
        *eq = '\0';
        ok = set(line, eq + 1) && ok;
    }
    return ok;
}

static bool parse_level(const char *value, int *out)
{
    char *end;
    long v = strtol(value, &end, 10);
    if (end == value || *end || v < -100 || v > 100)
        return false;
    *out = (int)v;
    return true;
}

/* A refused SET makes the server drop the message it was for, and its
 * client waits for events that never come; so a mode word this module
 * does not know (a later server's) is logged and read as the mode that
 * leaves the text to the engine, not refused. */
static void set_punctuation(const char *value)
{
    static const char *const names[] = {"none", "some", "most", "all"};
    for (int i = 0; i < 4; i++)
        if (!strcmp(value, names[i])) {
            current.punctuation = (punct_mode)i;
            return;
        }
    debug("punctuation_mode %s unknown: read as some", value);
    current.punctuation = PUNCT_SOME;
}

static bool set_setting(const char *name, const char *value)
{
    bool null = !strcmp(value, "NULL");
    if (!strcmp(name, "rate"))
        return parse_level(value, &current.rate);
    if (!strcmp(name, "pitch"))
        return parse_level(value, &current.pitch);
    if (!strcmp(name, "pitch_range"))
        return parse_level(value, &current.pitch_range);
    if (!strcmp(name, "volume"))
        return parse_level(value, &current.volume);
    if (!strcmp(name, "punctuation_mode")) {
        set_punctuation(value);
        return true;
    }
    if (!strcmp(name, "spelling_mode")) {
        current.spelling = !strcmp(value, "on");
        return true;
    }
    if (!strcmp(name, "synthesis_voice")) {
        snprintf(current.voice, sizeof current.voice, "%s", null ? "" : value);
        return true;
    }
    if (!strcmp(name, "voice")) {
        snprintf(current.voice_type, sizeof current.voice_type, "%s", null ? "" : value);
        return true;
    }
    if (!strcmp(name, "cap_let_recogn")) {
        current.capitals = !strcmp(value, "spell") ? CAPS_SPELL : !strcmp(value, "icon") ? CAPS_ICON : CAPS_NONE;
        if (current.capitals == CAPS_NONE && strcmp(value, "none") != 0)
            debug("cap_let_recogn %s unknown: read as none", value);
        return true;
    }
    if (!strcmp(name, "language")) {
        /* The voices are English: another language is read as English, and
         * the user should be able to find out why. Logged once per change. */
        static char last[32];
        if (!null && strncasecmp(value, "en", 2) != 0 && strcmp(value, last) != 0)
            log_problem("language %s asked for: the voices are English, and read it as English", value);
        snprintf(last, sizeof last, "%s", null ? "" : value);
        return true;
    }
    return true;
}

/* Server audio is all this module does. */
static bool set_audio(const char *name, const char *value)
{
    return strcmp(name, "audio_output_method") != 0 || !strcmp(value, "server");
}

static bool set_loglevel(const char *name, const char *value)
{
    (void)name;
    (void)value;
    return true;
}

/* Voices --------------------------------------------------------------- */

typedef struct {
    const char *gender; /* wanted, or NULL to list */
    char found[128];
} voice_query;

static int list_voice(const inflect_voice_info *info, void *user)
{
    (void)user;
    /* speech-dispatcher's languages are like "en-US": espeak-ng's "en-us". */
    char lang[32];
    snprintf(lang, sizeof lang, "%s", *info->language ? info->language : "en-us");
    char *dash = strchr(lang, '-');
    for (char *c = dash; c && *c; c++)
        *c = (char)(*c >= 'a' && *c <= 'z' ? *c - 'a' + 'A' : *c);
    printf("200-%s\t%s\tnone\n", info->name, lang);
    return 0;
}

static int find_gender(const inflect_voice_info *info, void *user)
{
    voice_query *q = user;
    if (!strcasecmp(info->gender, q->gender)) {
        snprintf(q->found, sizeof q->found, "%s", info->name);
        return 1;
    }
    return 0;
}

/* The voice for these settings: the one named, else one of the gender
 * the voice type asks for (male1..3, female1..3, child_male,
 * child_female), else the default. */
static const char *wanted_voice(const settings *s, char *buf, size_t size)
{
    if (*s->voice)
        return s->voice;
    voice_query q = {NULL, ""};
    const char *type = s->voice_type;
    if (!strncasecmp(type, "CHILD_", 6))
        type += 6; /* no child voices: an adult's of that gender */
    if (!strncasecmp(type, "MALE", 4))
        q.gender = "male";
    else if (!strncasecmp(type, "FEMALE", 6))
        q.gender = "female";
    if (q.gender && inflect_voice_list(find_gender, &q) == INFLECT_OK && *q.found) {
        snprintf(buf, size, "%s", q.found);
        return buf;
    }
    return inflect_default_voice();
}

/* Opens the voice unless it is open already; false, with the reason in
 * err, when it cannot be (the voice open before stays open). */
static bool use_voice(const char *name, char *err, size_t err_size)
{
    if (voice && !strcmp(name, voice_name))
        return true;
    inflect_voice *v = NULL;
    inflect_synth *s = NULL;
    if (inflect_voice_open(name, &v, err, err_size) != INFLECT_OK)
        return false;
    if (inflect_synth_new(v, &s) != INFLECT_OK) {
        snprintf(err, err_size, "voice %s: cannot make a synthesizer", name);
        inflect_voice_close(v);
        return false;
    }
    inflect_synth_free(synth);
    inflect_voice_close(voice);
    voice = v;
    synth = s;
    snprintf(voice_name, sizeof voice_name, "%s", name);
    return true;
}

/* Speaking ------------------------------------------------------------- */

typedef struct {
    char *text;
    inflect_params params;
    int rate;
    ssml_marks marks;      /* the message's index marks, their offsets in text */
    uint64_t *mark_sample; /* where each placed mark falls in the audio */
    size_t placed;         /* marks given a sample by the engine's events */
    size_t reported;       /* marks sent to the server */
    uint64_t delivered;    /* samples the engine has delivered so far */
    bool paused;           /* ended at a server mark after a PAUSE */
    bool tone_first;       /* a capital letter with cap_let_recogn icon: the tone before it */
    /* The silence the voice starts with, dropped (see on_audio()). */
    bool leading;          /* no sound sent yet */
    int onset_level;       /* a sample this loud (16-bit) is sound */
    size_t lead_keep;      /* samples kept before the first sound */
    int16_t lead[1024];    /* the last lead_n of the silence so far */
    size_t lead_n;
} job;

static void free_job(job *j)
{
    free(j->text);
    ssml_marks_free(&j->marks);
    free(j->mark_sample);
    free(j);
}

/* Sends samples as one 705 block: 16-bit little-endian mono, with '\n' and
 * the escape byte 0x7D escaped (0x7D, then the byte with bit 5 flipped), as
 * the server reads it. */
static void send_audio(const int16_t *pcm, size_t n, int rate)
{
    pthread_mutex_lock(&out_lock);
    printf("705-bits=16\n705-num_channels=1\n705-sample_rate=%d\n705-num_samples=%zu\n705-big_endian=0\n705-AUDIO",
           rate, n);
    putchar('\0');
    for (size_t i = 0; i < n; i++) {
        unsigned char b[2] = {(unsigned char)((uint16_t)pcm[i] & 0xFF), (unsigned char)((uint16_t)pcm[i] >> 8)};
        for (int k = 0; k < 2; k++) {
            if (b[k] == '\n' || b[k] == 0x7D) {
                putchar(0x7D);
                putchar(b[k] ^ 0x20);
            } else {
                putchar(b[k]);
            }
        }
    }
    printf("\n705 AUDIO\n");
    fflush(stdout);
    pthread_mutex_unlock(&out_lock);
}

/* A <break>'s pause: silence, in blocks, up to a STOP. */
static void send_silence(unsigned ms, int rate)
{
    static const int16_t zeros[4096];
    uint64_t left = (uint64_t)ms * (uint64_t)rate / 1000;
    while (left > 0 && !stop_requested) {
        size_t k = left < 4096 ? (size_t)left : 4096;
        send_audio(zeros, k, rate);
        left -= k;
    }
}

/* The server plays what it is sent in order, and reports a mark to its
 * client (and takes it as the place to resume from after a pause) when
 * playback reaches it: so a mark goes between the audio before its place
 * and the audio after it. After a PAUSE, the message ends at the first of
 * the server's own marks sent (true then): the server restarts a paused
 * message only from one of those, the ones it names "__spd_" and puts
 * between sentences, not from a client's. A <break> goes in the same place
 * as a mark would: its silence between the audio before and after it. */
static bool send_mark(job *j)
{
    const char *name = j->marks.at[j->reported].name;
    unsigned pause_ms = j->marks.at[j->reported++].pause_ms;
    if (!name) {
        send_silence(pause_ms, j->rate);
        return false;
    }
    send_lines("700-%s\n700 INDEX MARK\n", name);
    if (pause_requested && !strncmp(name, "__spd_", 6))
        j->paused = true;
    return j->paused;
}

/* A mark at text offset M is reached where the first sentence or word at or
 * after M starts: the engine's events come before their utterance's audio,
 * so each mark has its sample before on_audio() gets there. */
static void on_event(const inflect_event *ev, void *user)
{
    job *j = user;
    if (ev->type != INFLECT_EVENT_WORD && ev->type != INFLECT_EVENT_SENTENCE)
        return;
    while (j->placed < j->marks.count && j->marks.at[j->placed].offset <= ev->text_offset)
        j->mark_sample[j->placed++] = ev->start_sample;
}

/* While the message has sent no sound: keeps the last samples of the
 * silence in j->lead and returns where the sound starts in buf[0..k)
 * (k when it does not), after sending the lead-in before it. */
static size_t skip_leading(job *j, const int16_t *buf, size_t k)
{
    size_t from = 0;
    while (from < k && abs(buf[from]) < j->onset_level)
        from++;
    if (from == k) {
        size_t keep = k < j->lead_keep ? k : j->lead_keep;
        size_t old = j->lead_n + keep > j->lead_keep ? j->lead_keep - keep : j->lead_n;
        memmove(j->lead, j->lead + j->lead_n - old, old * sizeof *j->lead);
        memcpy(j->lead + old, buf + k - keep, keep * sizeof *buf);
        j->lead_n = old + keep;
        return k;
    }
    j->leading = false;
    size_t in_buf = from < j->lead_keep ? from : j->lead_keep;
    size_t from_lead = j->lead_keep - in_buf < j->lead_n ? j->lead_keep - in_buf : j->lead_n;
    if (from_lead)
        send_audio(j->lead + j->lead_n - from_lead, from_lead, j->rate);
    return from - in_buf;
}

/* Sends the engine's audio between the marks. The silence every utterance
 * starts with (40-90 ms: the acoustic model's opening pause, and
 * kathleen's room tone) is dropped up to 10 ms before the first sample
 * above -40 dBFS, at the message's volume: a screen reader's every
 * keystroke and arrow waits for it otherwise. */
static int on_audio(const float *samples, size_t n, void *user)
{
    job *j = user;
    int16_t buf[4096];
    size_t done = 0;
    while (!stop_requested) {
        uint64_t now = j->delivered + done;
        if (j->reported < j->placed && j->mark_sample[j->reported] <= now) {
            if (send_mark(j))
                return 1; /* paused: the engine stops, the rest is not sent */
            continue;
        }
        if (done == n)
            break;
        size_t k = n - done < 4096 ? n - done : 4096;
        if (j->reported < j->placed && j->mark_sample[j->reported] - now < k)
            k = (size_t)(j->mark_sample[j->reported] - now); /* the block ends where the mark is */
        for (size_t i = 0; i < k; i++) {
            float v = samples[done + i];
            v = v > 1.0f ? 1.0f : v < -1.0f ? -1.0f : v;
            buf[i] = (int16_t)lrintf(v * 32767.0f);
        }
        size_t from = j->leading ? skip_leading(j, buf, k) : 0;
        if (from < k)
            send_audio(buf + from, k - from, j->rate);
        done += k;
    }
    j->delivered += n;
    return stop_requested;
}

/* The tone that marks a capital letter (cap_let_recogn icon): 50 ms of
 * 1.4 kHz, above a voice's formants' centre and short enough not to slow
 * reading by character, at -18 dBFS times the volume's gain, its ends
 * faded (6 ms) so that it does not click, then 30 ms of silence. */
static void send_tone(int rate, float gain)
{
    int16_t pcm[4096];
    size_t n = (size_t)rate * 50 / 1000, fade = (size_t)rate * 6 / 1000, gap = (size_t)rate * 30 / 1000;
    if (n + gap > sizeof pcm / sizeof *pcm)
        return;
    for (size_t i = 0; i < n + gap; i++) {
        float v = 0.0f;
        if (i < n) {
            float edge = 1.0f;
            if (i < fade)
                edge = (float)i / (float)fade;
            else if (n - i < fade)
                edge = (float)(n - i) / (float)fade;
            v = 0.126f * gain * edge * sinf(2.0f * 3.14159265f * 1400.0f * (float)i / (float)rate);
        }
        pcm[i] = (int16_t)lrintf(v * 32767.0f);
    }
    send_audio(pcm, n + gap, rate);
}

static void *speak_job(void *arg)
{
    job *j = arg;
    send_lines("701 BEGIN\n");
    if (j->tone_first)
        send_tone(j->rate, j->params.energy_scale);
    inflect_status st = inflect_synth_speak(synth, j->text, strlen(j->text), &j->params, on_audio, on_event, j);
    if (st != INFLECT_OK && st != INFLECT_ERR_CANCELLED && st != INFLECT_ERR_CALLBACK)
        log_problem("synthesis failed: %s", inflect_synth_error(synth));
    /* The marks after the last word (all of them when there were no words)
     * are reached when all the audio has played. A stopped or failed
     * message never got there, and a paused one ended at the server's mark
     * it stopped at: reporting more would make a paused message resume past
     * what was not heard. A PAUSE with none of the server's marks left
     * before the end (during the last sentence) lets the message end. */
    while (st == INFLECT_OK && !stop_requested && !j->paused && j->reported < j->marks.count)
        send_mark(j);
    send_lines(stop_requested ? "703 STOP\n" : j->paused ? "704 PAUSE\n" : "702 END\n");
    free_job(j);
    return NULL;
}

static void finish_worker(void)
{
    if (worker_running) {
        pthread_join(worker, NULL);
        worker_running = false;
    }
}

/* speech-dispatcher's -100..100 scales to the engine's: rate +100 is three
 * times as fast and -100 three times as slow; pitch moves the whole voice,
 * its F0 times 0.5..2 (the engine's pitch scale, intonation kept: an
 * octave either way, which keeps the voice a voice; two octaves gave
 * 25 Hz and 400 Hz, at which pocketsphinx got 30% and 7% of the words);
 * pitch range scales the
 * intonation's excursions around the voice's own mean pitch, 0..2 times
 * (the engine's pitch range: -100 is monotone, 0 the voice as released,
 * +100 twice as lively); volume is a gain through the engine's energy
 * scale, 0 dB at +100 and -6 dB at 0 (linear in dB to each), -30 dB at
 * -100 (linear in dB from 0). Debian's server starts every client at
 * +100 (DefaultVolume), and Orca's default asks for it too: that is the
 * voice at its released loudness, never boosted into the soft limiter,
 * which a lowered pitch's peakier pulses then drove into distortion. */
static void map_settings(const settings *s, inflect_params *p)
{
    inflect_params_init(p);
    p->length_scale = powf(3.0f, -s->rate / 100.0f);
    p->pitch_scale = powf(2.0f, s->pitch / 100.0f);
    p->pitch_range = 1.0f + s->pitch_range / 100.0f;
    float db = s->volume < 0 ? -6.0f + 0.24f * s->volume : 0.06f * (s->volume - 100);
    p->energy_scale = powf(10.0f, db / 20.0f);
}

/* A sound icon's name ("message-new") read as words. */
static void icon_to_words(char *s)
{
    for (; *s; s++)
        if (*s == '_' || *s == '-')
            *s = ' ';
}

/* The answer to a message that cannot be spoken at all (no memory). The
 * server drops a message whose SPEAK is refused without telling its client,
 * which then waits for its end forever (spd-say -w hangs); so it is
 * accepted and ends at once, stopped, as if cancelled. */
static void speak_nothing(const char *why)
{
    log_problem("message not spoken: %s", why);
    send_lines("200 OK SPEAKING\n701 BEGIN\n703 STOP\n");
}

/* The text to give the engine for a message of this kind, as a new string,
 * and the index marks of a SPEAK message (with their offsets in that
 * string) added to marks; NULL when out of memory. */
static char *prepare_text(const char *kind, char *text, ssml_marks *marks, bool *tone)
{
    *tone = false;
    if (!strcmp(kind, "SPEAK")) {
        if (!ssml_to_text(text, marks))
            return NULL;
        /* spelled, a capital is said "capital" with either way of telling
         * capitals: a tone would have to go between the letters' audio */
        return current.spelling ? spell_text(text, marks, current.capitals != CAPS_NONE)
                                : read_punctuation(text, current.punctuation, marks);
    }
    size_t len = strlen(text);
    if (len)
        text[len - 1] = '\0'; /* the line break the message ended with */
    if (!strcmp(kind, "CHAR")) {
        /* One character, named when it is punctuation ("?" is "question
         * mark", which the engine alone would not say at all), a capital
         * told from a small letter as cap_let_recogn says. */
        if (!strcmp(text, "space"))
            return strdup(text);
        *tone = current.capitals == CAPS_ICON && is_capital(text);
        return spell_text(text, NULL, current.capitals == CAPS_SPELL);
    }
    if (!strcmp(kind, "KEY"))
        return read_key(text);
    icon_to_words(text); /* SOUND_ICON: its name read as words */
    return strdup(text);
}

typedef struct {
    char err[1024];
} any_voice;

/* inflect_voice_list(): opens the first voice that opens. */
static int open_any(const inflect_voice_info *info, void *user)
{
    any_voice *q = user;
    return use_voice(info->name, q->err, sizeof q->err) ? 1 : 0;
}

/* Opens the voice these settings ask for, else the default voice (the
 * documented fallback: a client naming a voice that is not installed still
 * hears speech), else keeps the one open. A voice that will not open is
 * tried again at each message (it may have been installed since), but
 * logged only when it is not the one that failed last, so that a screen
 * reader set to a missing voice does not fill the log. */
static void choose_voice(void)
{
    static char failed[128];
    char buf[128], err[1024];
    const char *name = wanted_voice(&current, buf, sizeof buf);
    if (use_voice(name, err, sizeof err)) {
        *failed = '\0';
        return;
    }
    bool again = !strcmp(name, failed);
    snprintf(failed, sizeof failed, "%s", name);
    if (!again)
        log_problem("%s", err);
    if (strcmp(name, inflect_default_voice()) != 0) {
        if (!again)
            log_problem("speaking with the default voice, %s, instead of %s", inflect_default_voice(), name);
        if (use_voice(inflect_default_voice(), err, sizeof err))
            return;
        if (!again)
            log_problem("%s", err);
    }
    if (!again)
        log_problem("speaking with the voice already open, %s", voice_name);
}

/* SPEAK and its kin: reads the message, answers, starts the worker. Every
 * message is answered 200 and ends with an event (END, or STOP), whatever
 * fails. */
static void cmd_speak(const char *kind)
{
    send_lines("202 OK RECEIVING MESSAGE\n");
    size_t len = 0, cap = 256;
    char *text = malloc(cap), *line;
    bool ok = text != NULL;
    while ((line = read_line()) && strcmp(line, ".") != 0) {
        if (line[0] == '.')
            line++; /* a line of text starting with '.' comes with one more */
        size_t k = strlen(line);
        if (ok && len + k + 2 > cap) {
            while (len + k + 2 > cap)
                cap *= 2;
            char *grown = realloc(text, cap);
            if (!grown) {
                ok = false;
                continue;
            }
            text = grown;
        }
        if (ok) {
            memcpy(text + len, line, k);
            len += k;
            text[len++] = '\n';
        }
    }
    char *spoken = NULL;
    ssml_marks marks = {0};
    bool tone = false;
    if (ok) {
        text[len] = '\0';
        spoken = prepare_text(kind, text, &marks, &tone);
    }
    free(text);
    job *j = spoken ? calloc(1, sizeof *j) : NULL;
    uint64_t *mark_sample = marks.count ? malloc(marks.count * sizeof *mark_sample) : NULL;
    if (!j || (marks.count && !mark_sample)) {
        free(spoken);
        ssml_marks_free(&marks);
        free(mark_sample);
        free(j);
        speak_nothing("out of memory");
        return;
    }

    finish_worker(); /* the server waits for END before sending more; never two at once */
    choose_voice();  /* a voice is always open: use_voice() replaces it only by one that opened */
    j->text = spoken;
    j->tone_first = tone;
    j->marks = marks;
    j->mark_sample = mark_sample;
    map_settings(&current, &j->params);
    j->rate = inflect_voice_sample_rate(voice);
    j->leading = true;
    j->onset_level = (int)lrintf(328.0f * j->params.energy_scale); /* -40 dBFS */
    j->lead_keep = (size_t)j->rate / 100;
    if (j->lead_keep > sizeof j->lead / sizeof *j->lead)
        j->lead_keep = sizeof j->lead / sizeof *j->lead;
    stop_requested = false;
    pause_requested = false;
    send_lines("200 OK SPEAKING\n");
    if (pthread_create(&worker, NULL, speak_job, j) != 0) {
        /* Reply already sent: the events still have to come. */
        send_lines("701 BEGIN\n703 STOP\n");
        free_job(j);
        return;
    }
    worker_running = true;
}

static void cmd_stop(void)
{
    if (!worker_running)
        return;
    stop_requested = true;
    inflect_synth_cancel(synth);
}

/* PAUSE keeps speaking up to the next of the server's marks (the end of
 * the sentence being spoken), sends it, and ends there with 704 PAUSE, as
 * the module protocol has it. The server plays on to that mark whatever
 * the module does (it pauses its playback only at one of its marks), and
 * then resumes the message after it, so the user hears the sentence end,
 * silence, and the next sentence on RESUME: nothing lost, nothing said
 * twice. Stopping at once instead gains nothing where the server already
 * holds the sentence's audio, and where it does not (a long sentence),
 * Debian 12's server (0.11.4) waits for a mark that never comes: no PAUSE
 * event, RESUME does nothing and nothing more is spoken until it restarts
 * (docs/speech-dispatcher.md). STOP is what stops at once. */
static void cmd_pause(void)
{
    if (worker_running)
        pause_requested = true;
}

static void cmd_list_voices(void)
{
    pthread_mutex_lock(&out_lock);
    if (inflect_voice_list(list_voice, NULL) == INFLECT_OK)
        printf("200 OK VOICE LIST SENT\n");
    else
        printf("304 CANT LIST VOICES\n");
    fflush(stdout);
    pthread_mutex_unlock(&out_lock);
}

static void cmd_debug(const char *line)
{
    char path[1024];
    if (!strcmp(line, "DEBUG OFF")) {
        if (debug_log)
            fclose(debug_log);
        debug_log = NULL;
        send_lines("200 OK DEBUGGING OFF\n");
    } else if (sscanf(line, "DEBUG ON %1023s", path) == 1) {
        FILE *f = fopen(path, "a");
        if (!f) {
            send_lines("303 CANT OPEN CUSTOM DEBUG FILE\n");
            return;
        }
        if (debug_log)
            fclose(debug_log);
        debug_log = f;
        send_lines("200 OK DEBUGGING ON\n");
    } else {
        send_lines("302 ERROR BAD SYNTAX\n");
    }
}

int main(int argc, char **argv)
{
    (void)argc;
    (void)argv; /* the configuration file: nothing to configure */
    char *line = read_line();
    if (!line || strcmp(line, "INIT") != 0)
        return 3;
    /* Open the default voice now, so a broken installation says so at
     * once; without it, any voice installed will do. */
    char err[1024];
    if (!use_voice(inflect_default_voice(), err, sizeof err)) {
        log_problem("%s", err);
        any_voice q = {""};
        inflect_voice_list(open_any, &q);
        if (!voice) {
            send_lines("399-the default voice %s cannot be opened, nor any other"
                       " (inflect-say --list-voices)\n399 ERR CANT INIT MODULE\n",
                       inflect_default_voice());
            return 1;
        }
        log_problem("speaking with %s, the first voice found that opens", voice_name);
    }
    send_lines("299-Inflect %s, voice %s\n299 OK LOADED SUCCESSFULLY\n", inflect_version(), voice_name);

    while ((line = read_line())) {
        if (!strcmp(line, "SPEAK") || !strcmp(line, "CHAR") || !strcmp(line, "KEY") ||
            !strcmp(line, "SOUND_ICON")) {
            char kind[16];
            snprintf(kind, sizeof kind, "%s", line);
            cmd_speak(kind);
        } else if (!strcmp(line, "STOP")) {
            cmd_stop();
        } else if (!strcmp(line, "PAUSE")) {
            cmd_pause();
        } else if (!strcmp(line, "SET")) {
            send_lines("207 OK RECEIVING SETTINGS\n");
            send_lines(read_params(set_setting) ? "203 OK SETTINGS RECEIVED\n"
                                                : "303 ERROR INVALID PARAMETER OR VALUE\n");
        } else if (!strcmp(line, "AUDIO")) {
            send_lines("207 OK RECEIVING AUDIO SETTINGS\n");
            send_lines(read_params(set_audio) ? "203 OK AUDIO INITIALIZED\n"
                                              : "303 ERROR INVALID PARAMETER OR VALUE\n");
        } else if (!strcmp(line, "LOGLEVEL")) {
            send_lines("207 OK RECEIVING LOGLEVEL SETTINGS\n");
            read_params(set_loglevel);
            send_lines("203 OK LOGLEVEL SET\n");
        } else if (!strncmp(line, "DEBUG", 5)) {
            cmd_debug(line);
        } else if (!strcmp(line, "LIST VOICES")) {
            cmd_list_voices();
        } else if (!strcmp(line, "QUIT")) {
            cmd_stop();
            finish_worker();
            send_lines("210 OK QUIT\n");
            break;
        } else {
            send_lines("300 ERR UNKNOWN COMMAND\n");
        }
    }
    cmd_stop();
    finish_worker();
    inflect_synth_free(synth);
    inflect_voice_close(voice);
    return 0;
}
