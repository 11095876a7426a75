/* bench_engine: speed and memory of libinflect on one thread, for bench/bench.py.
 *
 * Copyright (C) 2026 The Inflect authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 *   bench_engine VOICE SENTENCE PARAGRAPH [REPEATS]
 *
 * Prints one JSON object:
 * - through the public API (what an application sees): first-audio latency
 *   of SENTENCE (inflect_synth_speak() call to the first audio callback) and
 *   wall/CPU time of PARAGRAPH, each the median of REPEATS runs after one
 *   warm-up run, plus the very first call, which pays espeak-ng's start-up;
 * - per stage, through the engine's internals, for PARAGRAPH: frontend (text
 *   to ids), acoustic model and vocoder separately (an inflect-v2 voice:
 *   text encoder with durations and prior sample as "acoustic", then
 *   "flow", then its decoder as "vocoder"), wall and thread CPU time
 *   (medians of REPEATS runs), with the id and frame counts bench.py needs
 *   to turn times into GFLOP/s;
 * - peak resident memory of this process over the public-API runs.
 * The engine computes on the calling thread only, so every number is
 * single-threaded.
 */
#include <inflect.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "acoustic.h"
#include "bench_measure.h"
#include "kernels.h"
#include "v2_model.h"
#include "vocoder.h"
#include "voice.h"

#define MAX_REPEATS 99

const char bench_program[] = "bench_engine";

/* ---- per stage ---------------------------------------------------------- */

typedef struct {
    int32_t *phone, *tone, *lang;
    int n;
} utterance_ids;

typedef struct {
    utterance_ids *utts;
    int count, cap;
} id_list;

static int collect(const inflect_utterance *u, void *user)
{
    id_list *l = user;
    if (l->count == l->cap) {
        l->cap = l->cap ? 2 * l->cap : 8;
        l->utts = realloc(l->utts, (size_t)l->cap * sizeof *l->utts);
        if (!l->utts)
            bench_die("collect", "out of memory");
    }
    utterance_ids *d = &l->utts[l->count++];
    d->n = (int)u->n;
    size_t bytes = u->n * sizeof(int32_t);
    d->phone = malloc(bytes);
    d->tone = malloc(bytes);
    d->lang = malloc(bytes);
    if (!d->phone || !d->tone || !d->lang)
        bench_die("collect", "out of memory");
    memcpy(d->phone, u->phone_ids, bytes);
    memcpy(d->tone, u->tone_ids, bytes);
    memcpy(d->lang, u->lang_ids, bytes);
    return 0;
}

static void free_ids(id_list *l)
{
    for (int i = 0; i < l->count; i++) {
        free(l->utts[i].phone);
        free(l->utts[i].tone);
        free(l->utts[i].lang);
    }
    free(l->utts);
}

/* Wall and CPU seconds of one stage. CPU time is this thread's: with other
 * jobs on the machine, wall time includes waiting for a core and CPU time is
 * the better measure of the work itself. */
typedef struct {
    double wall, cpu;
} span;

typedef struct {
    double wall0, cpu0;
} stopwatch;

static stopwatch start_watch(void)
{
    stopwatch w = {bench_seconds(CLOCK_MONOTONIC), bench_seconds(CLOCK_THREAD_CPUTIME_ID)};
    return w;
}

static void stop_watch(const stopwatch *w, span *into)
{
    into->wall += bench_seconds(CLOCK_MONOTONIC) - w->wall0;
    into->cpu += bench_seconds(CLOCK_THREAD_CPUTIME_ID) - w->cpu0;
}

enum { STAGE_FRONTEND, STAGE_ACOUSTIC, STAGE_FLOW, STAGE_VOCODER, N_STAGES };
static const char *const stage_names[N_STAGES] = {"frontend", "acoustic", "flow", "vocoder"};

typedef struct {
    span t[N_STAGES];
    long ids, frames, samples;
    int utterances;
} stage_result;

/* Each utterance is vocoded in one chunk: the stage's cost without the
 * context that streaming in smaller chunks recomputes (the public-API
 * numbers above include that). The frontend is timed alone; the model
 * stages run the utterances synthesis runs (inflect_synth_utterances: a
 * voice with a small max frames splits sentences further), which is what
 * `inflect-say --phonemes` prints. */
static stage_result stages(const inflect_voice *voice, inflect_synth *synth, const char *text)
{
    char err[256];
    stage_result r = {0};
    id_list ids = {0};
    stopwatch w = start_watch();
    if (inflect_phonemize(voice, NULL, text, strlen(text), collect, &ids, err, sizeof err) != INFLECT_OK)
        bench_die("inflect_phonemize", err);
    stop_watch(&w, &r.t[STAGE_FRONTEND]);
    free_ids(&ids);
    ids = (id_list){0};
    inflect_params params;
    inflect_params_init(&params);
    if (inflect_synth_utterances(synth, text, strlen(text), &params, collect, &ids) != INFLECT_OK)
        bench_die("inflect_synth_utterances", inflect_synth_error(synth));
    r.utterances = ids.count;

    int max_frames = voice->acoustic.hp.max_frames;
    vocoder_stream *vs = NULL;
    if (vocoder_stream_new(&voice->vocoder, max_frames, max_frames, &vs, err, sizeof err) != INFLECT_OK)
        bench_die("vocoder_stream_new", err);
    for (int i = 0; i < ids.count; i++) {
        utterance_ids *u = &ids.utts[i];
        acoustic_input in = {u->phone, u->tone, u->lang, u->n, 0, {1.0f, 0.0f, 1.0f}, 0.0f, NULL, NULL, NULL, NULL, NULL};
        int32_t *durations = malloc((size_t)u->n * sizeof *durations);
        if (!durations)
            bench_die("stages", "out of memory");
        float *mel = NULL;
        int n_frames = 0;
        w = start_watch();
        if (voice->is_v2) {
            /* Inflect v2: the text encoder, durations and flow stand in for
             * the acoustic model, the latent for the mel; the flow is timed
             * on its own, over the whole utterance in one span. */
            v2_input v2in = {.ids = u->phone, .n = u->n, .control = {.length_scale = 1.0f}};
            v2_prior prior;
            if (v2_sample_prior(&voice->v2, &v2in, durations, &prior, &n_frames, err, sizeof err) != INFLECT_OK)
                bench_die("v2_sample_prior", err);
            stop_watch(&w, &r.t[STAGE_ACOUSTIC]);
            w = start_watch();
            if (!(mel = malloc(sizeof(float) * (size_t)voice->v2.hp.inter * (size_t)n_frames)))
                bench_die("stages", "out of memory");
            if (v2_latent_span(&voice->v2, &prior, 0, n_frames, mel, NULL, NULL, err, sizeof err) != INFLECT_OK)
                bench_die("v2_latent_span", err);
            v2_prior_free(&prior);
            stop_watch(&w, &r.t[STAGE_FLOW]);
        } else {
            if (acoustic_run(&voice->acoustic, &in, durations, &mel, &n_frames, err, sizeof err) != INFLECT_OK)
                bench_die("acoustic_run", err);
            stop_watch(&w, &r.t[STAGE_ACOUSTIC]);
        }

        w = start_watch();
        vocoder_stream_start(vs, mel, n_frames);
        for (;;) {
            float *pcm;
            size_t n;
            vocoder_stream_next(vs, &pcm, &n);
            if (n == 0)
                break;
            r.samples += (long)n;
        }
        stop_watch(&w, &r.t[STAGE_VOCODER]);
        r.ids += u->n;
        r.frames += n_frames;
        free(mel);
        free(durations);
    }
    vocoder_stream_free(vs);
    free_ids(&ids);
    return r;
}

int main(int argc, char **argv)
{
    if (argc < 4 || argc > 5) {
        fputs("usage: bench_engine VOICE SENTENCE PARAGRAPH [REPEATS]\n", stderr);
        return EXIT_FAILURE;
    }
    const char *sentence = argv[2], *paragraph = argv[3];
    int repeats = argc == 5 ? atoi(argv[4]) : 5;
    if (repeats < 1 || repeats > MAX_REPEATS)
        bench_die("REPEATS", "must be 1..99");

    char err[256];
    double t = bench_seconds(CLOCK_MONOTONIC);
    inflect_voice *voice = NULL;
    if (inflect_voice_open(argv[1], &voice, err, sizeof err) != INFLECT_OK)
        bench_die(argv[1], err);
    double load = bench_seconds(CLOCK_MONOTONIC) - t;
    inflect_synth *synth = NULL;
    if (inflect_synth_new(voice, &synth) != INFLECT_OK)
        bench_die("inflect_synth_new", "failed");

    bench_speech cold = bench_speak(synth, sentence);
    double latency[MAX_REPEATS], wall[MAX_REPEATS], cpu[MAX_REPEATS];
    bench_speech para = bench_speak(synth, paragraph);
    for (int i = 0; i < repeats; i++)
        latency[i] = bench_speak(synth, sentence).first_audio;
    for (int i = 0; i < repeats; i++) {
        para = bench_speak(synth, paragraph);
        wall[i] = para.wall;
        cpu[i] = para.cpu;
    }
    /* Read before the stage runs, whose one-chunk vocoder buffers are larger
     * than the streaming engine ever holds. */
    long peak_kib = bench_peak_rss_kib();

    double stage_wall[N_STAGES][MAX_REPEATS], stage_cpu[N_STAGES][MAX_REPEATS];
    stage_result st = {0};
    for (int i = 0; i < repeats; i++) {
        st = stages(voice, synth, paragraph);
        for (int k = 0; k < N_STAGES; k++) {
            stage_wall[k][i] = st.t[k].wall;
            stage_cpu[k][i] = st.t[k].cpu;
        }
    }
    double rate = inflect_voice_sample_rate(voice);
    printf("{\"kernels\":\"%s\",\"voice_load_s\":%.6f,\"sample_rate\":%d,\"repeats\":%d,\n", kernels_name(kernels_active()),
           load, (int)rate, repeats);
    printf(" \"cold_first_audio_s\":%.6f,\"first_audio_s\":%.6f,\"sentence_audio_s\":%.6f,\n", cold.first_audio,
           bench_median(latency, repeats), (double)cold.samples / rate);
    printf(" \"paragraph_wall_s\":%.6f,\"paragraph_cpu_s\":%.6f,\"paragraph_audio_s\":%.6f,\n",
           bench_median(wall, repeats), bench_median(cpu, repeats), (double)para.samples / rate);
    printf(" \"stages\":{\"utterances\":%d,\"ids\":%ld,\"frames\":%ld,\"audio_s\":%.6f", st.utterances, st.ids,
           st.frames, (double)st.samples / rate);
    for (int k = 0; k < N_STAGES; k++)
        if (k != STAGE_FLOW || voice->is_v2)
            printf(",\"%s_s\":%.6f,\"%s_cpu_s\":%.6f", stage_names[k], bench_median(stage_wall[k], repeats),
                   stage_names[k], bench_median(stage_cpu[k], repeats));
    printf("},\n");
    printf(" \"peak_rss_kib\":%ld}\n", peak_kib);

    inflect_synth_free(synth);
    inflect_voice_close(voice);
    return EXIT_SUCCESS;
}
