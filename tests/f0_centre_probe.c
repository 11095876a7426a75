/* What the engine derives as a voice's pitch-range centre, for
 * tests/test_f0_centre.py to hold against training/measure_prosody.py.
 *
 *   f0_centre_probe VOICE [THREADS]   the derived centre in Hz and its cost
 *   f0_centre_probe --median RAW      f0_median.h on float32 samples
 *   f0_centre_probe --threads N VOICE N synths of one freshly opened voice
 *                                     speaking at range 0 at once: whether
 *                                     they all heard the same audio, the
 *                                     wall time, the centre kept
 *   f0_centre_probe --mid-stream VOICE  speaks two sentences at range 1,
 *                                     the second asked for range 0 by the
 *                                     control callback once audio has come
 *                                     (as inflecttts reads a changed
 *                                     property): what the caller sees
 *   f0_centre_probe --mid-stream-measure VOICE
 *                                     inflect_synth_measure with range 0
 *                                     asked by the control callback only
 *   f0_centre_probe --pending VOICE   inflect_voice_pitch_centre_pending
 *                                     for speakers 0, 1 and -1 of it
 *
 * Copyright (C) 2026 The Inflect authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "f0_centre.h"
#include "f0_median.h"
#include "float_buf.h"
#include "voice.h"

static double now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

static int median_of_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        perror(path);
        return 1;
    }
    float chunk[4096];
    float_buf b = {0};
    int ok = 1;
    for (size_t got; ok && (got = fread(chunk, sizeof *chunk, sizeof chunk / sizeof *chunk, f)) > 0;)
        ok = float_buf_append(&b, chunk, got);
    fclose(f);
    if (ok)
        printf("%.4f\n", f0_median(b.x, b.n));
    else
        fprintf(stderr, "%s: out of memory\n", path);
    free(b.x);
    return !ok;
}

typedef struct {
    const inflect_voice *voice;
    float_buf audio;
    inflect_status st;
    char err[512];
} speaker_run;

static int keep(const float *samples, size_t n, void *user)
{
    speaker_run *r = user;
    return !float_buf_append(&r->audio, samples, n);
}

static void *speak_flat(void *arg)
{
    speaker_run *r = arg;
    inflect_synth *s = NULL;
    r->st = inflect_synth_new_with(r->voice, NULL, &s, r->err, sizeof r->err);
    if (r->st != INFLECT_OK)
        return NULL;
    inflect_params p;
    inflect_params_init(&p);
    p.pitch_range = 0.0f;
    static const char text[] = "Hello world. This is the second sentence, with a comma.";
    r->st = inflect_synth_speak(s, text, strlen(text), &p, keep, NULL, r);
    if (r->st != INFLECT_OK)
        snprintf(r->err, sizeof r->err, "%s", inflect_synth_error(s));
    inflect_synth_free(s);
    return NULL;
}

/* Prints "same|differ WALL_MS CENTRE"; exit 1 on any failure. */
static int threads(int n, const char *path)
{
    char err[512] = "";
    inflect_voice *v = NULL;
    if (n < 1 || n > 16 || inflect_voice_open(path, &v, err, sizeof err) != INFLECT_OK) {
        fprintf(stderr, "%s\n", n < 1 || n > 16 ? "threads: 1 to 16" : err);
        return 1;
    }
    speaker_run runs[16];
    pthread_t ids[16];
    memset(runs, 0, sizeof runs);
    double t0 = now_ms();
    for (int i = 0; i < n; i++) {
        runs[i].voice = v;
        if (pthread_create(&ids[i], NULL, speak_flat, &runs[i]) != 0) {
            fprintf(stderr, "pthread_create failed\n");
            return 1;
        }
    }
    for (int i = 0; i < n; i++)
        pthread_join(ids[i], NULL);
    double wall = now_ms() - t0;
    int failed = 0, same = 1;
    for (int i = 0; i < n; i++) {
        if (runs[i].st != INFLECT_OK) {
            fprintf(stderr, "thread %d: %s\n", i, runs[i].err);
            failed = 1;
        } else if (runs[i].audio.n != runs[0].audio.n ||
                   memcmp(runs[i].audio.x, runs[0].audio.x, runs[i].audio.n * sizeof *runs[i].audio.x)) {
            same = 0;
        }
    }
    /* Already measured: this must not measure again (the time says so). */
    float hz = 0.0f;
    double t1 = now_ms();
    if (!failed && f0_centre_get(v, 0, 1, NULL, &hz, err, sizeof err) != INFLECT_OK) {
        fprintf(stderr, "%s\n", err);
        failed = 1;
    }
    double cached = now_ms() - t1;
    if (!failed)
        printf("%s %.1f %.4f %.3f\n", same ? "same" : "differ", wall, hz, cached);
    for (int i = 0; i < n; i++)
        free(runs[i].audio.x);
    inflect_voice_close(v);
    return failed;
}

/* Whether speaker 0's centre is in the voice's cache: a peek, never a
 * measurement. */
static int centre_known(const inflect_voice *v)
{
    pthread_mutex_lock(&v->f0_cache->lock);
    int known = v->f0_cache->hz[0] > 0.0f;
    pthread_mutex_unlock(&v->f0_cache->lock);
    return known;
}

/* What one speak call showed its caller, in order. */
typedef struct {
    const inflect_voice *voice;
    int audio_seen;  /* the control callback asks for range 0 from then on */
    int sentences;   /* sentence events so far */
    int waiting;     /* a sentence event has come, its first audio not yet */
    double last_audio_ms, sentence_ms;
    int after_audio; /* events since the last audio */
} mid_stream;

static double mid_stream_t0;

static void mid_control(uint64_t sample, inflect_params *p, void *user)
{
    (void)sample;
    mid_stream *m = user;
    if (m->audio_seen)
        p->pitch_range = 0.0f;
}

static void mid_event(const inflect_event *ev, void *user)
{
    mid_stream *m = user;
    m->after_audio++;
    if (ev->type != INFLECT_EVENT_SENTENCE)
        return;
    m->sentence_ms = now_ms();
    m->waiting = 1;
    /* From the last audio before it to this event, then (mid_audio) from it
     * to its audio: the derivation's wait is in the first when it comes
     * before the events. */
    m->sentences++;
    printf("sentence %d centre_known %d after_audio_ms %.1f", m->sentences, centre_known(m->voice),
           m->sentences > 1 ? m->sentence_ms - m->last_audio_ms : m->sentence_ms - mid_stream_t0);
    fflush(stdout);
}

static int mid_audio(const float *samples, size_t n, void *user)
{
    (void)samples;
    (void)n;
    mid_stream *m = user;
    m->last_audio_ms = now_ms();
    if (m->waiting)
        printf(" to_audio_ms %.1f\n", m->last_audio_ms - m->sentence_ms);
    m->waiting = 0;
    m->audio_seen = 1;
    m->after_audio = 0;
    return 0;
}

/* The status's name as one word. */
static const char *status_word(inflect_status st)
{
    static char w[64];
    snprintf(w, sizeof w, "%s", inflect_status_name(st));
    for (char *c = w; *c; c++)
        if (*c == ' ')
            *c = '_';
    return w;
}

/* --mid-stream: a line per sentence event ("sentence N centre_known K
 * after_audio_ms A to_audio_ms B"), then "status S events_unheard E" (E:
 * events after the last audio). --mid-stream-measure: "status S
 * centre_known K". Exit 1 only when the voice does not open. */
static int mid_stream_run(const char *path, int measure)
{
    char err[512] = "";
    inflect_voice *v = NULL;
    inflect_synth *s = NULL;
    if (inflect_voice_open(path, &v, err, sizeof err) != INFLECT_OK ||
        inflect_synth_new_with(v, NULL, &s, err, sizeof err) != INFLECT_OK) {
        fprintf(stderr, "%s\n", err);
        inflect_voice_close(v);
        return 1;
    }
    inflect_params p;
    inflect_params_init(&p);
    static const char text[] = "Hello world. This is the second sentence, with a comma.";
    mid_stream m = {.voice = v, .audio_seen = measure};
    inflect_synth_set_control(s, mid_control, &m);
    mid_stream_t0 = now_ms();
    inflect_status st;
    if (measure) {
        uint64_t n;
        st = inflect_synth_measure(s, text, strlen(text), &p, &n);
        printf("status %s centre_known %d\n", status_word(st), centre_known(v));
    } else {
        st = inflect_synth_speak(s, text, strlen(text), &p, mid_audio, mid_event, &m);
        if (m.waiting)
            printf(" to_audio_ms none\n");
        printf("status %s events_unheard %d\n", status_word(st), m.after_audio);
    }
    if (st != INFLECT_OK)
        fprintf(stderr, "%s\n", inflect_synth_error(s));
    inflect_synth_free(s);
    inflect_voice_close(v);
    return 0;
}

/* --pending: whether a range would derive a centre, for speakers 0, 1, -1. */
static int pending(const char *path)
{
    char err[512] = "";
    inflect_voice *v = NULL;
    if (inflect_voice_open(path, &v, err, sizeof err) != INFLECT_OK) {
        fprintf(stderr, "%s\n", err);
        return 1;
    }
    printf("%d %d %d\n", inflect_voice_pitch_centre_pending(v, 0), inflect_voice_pitch_centre_pending(v, 1),
           inflect_voice_pitch_centre_pending(v, -1));
    inflect_voice_close(v);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc == 3 && !strcmp(argv[1], "--mid-stream"))
        return mid_stream_run(argv[2], 0);
    if (argc == 3 && !strcmp(argv[1], "--mid-stream-measure"))
        return mid_stream_run(argv[2], 1);
    if (argc == 4 && !strcmp(argv[1], "--threads"))
        return threads(atoi(argv[2]), argv[3]);
    if (argc == 3 && !strcmp(argv[1], "--median"))
        return median_of_file(argv[2]);
    if (argc == 3 && !strcmp(argv[1], "--pending"))
        return pending(argv[2]);
    if (argc < 2 || argc > 3) {
        fprintf(stderr, "usage: f0_centre_probe VOICE [THREADS] | --median RAW_F32 | --threads N VOICE | --mid-stream[-measure] "
                        "VOICE | --pending VOICE\n");
        return 2;
    }
    char err[512] = "";
    inflect_voice *v = NULL;
    if (inflect_voice_open(argv[1], &v, err, sizeof err) != INFLECT_OK) {
        fprintf(stderr, "%s\n", err);
        return 1;
    }
    int threads = argc == 3 ? atoi(argv[2]) : 1;
    float hz = 0.0f, again = 0.0f;
    int before = inflect_voice_pitch_centre_pending(v, 0);
    double t0 = now_ms();
    inflect_status st = f0_centre_get(v, 0, threads, NULL, &hz, err, sizeof err);
    double t1 = now_ms();
    if (st == INFLECT_OK)
        st = f0_centre_get(v, 0, threads, NULL, &again, err, sizeof err);
    double t2 = now_ms();
    int after = inflect_voice_pitch_centre_pending(v, 0);
    inflect_voice_close(v);
    if (st != INFLECT_OK) {
        fprintf(stderr, "%s\n", err);
        return 1;
    }
    /* centre, first call's ms, second (cached) call's ms, cached value,
     * pending before and after */
    printf("%.4f %.1f %.3f %.4f %d %d\n", hz, t1 - t0, t2 - t1, again, before, after);
    return 0;
}
