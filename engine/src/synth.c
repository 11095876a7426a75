/* Streaming synthesis: text -> utterances -> ids -> acoustic model -> mel ->
 * vocoder chunks -> the caller's callback.
 *
 * Copyright (C) 2026 The Inflect authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The acoustic model runs once per utterance (its GRU and abs_frame span the
 * whole utterance); only the vocoder streams, so the first audio of a
 * sentence waits for one acoustic pass plus one small vocoder chunk.
 *
 * An Inflect v2 voice (docs/v2.md) runs its text encoder and durations once
 * per utterance instead; its flow, whose output frame depends on 32 frames
 * each side only, makes the decoder's input span by span just ahead of the
 * decoder, so first audio waits for the first chunk's share of the flow.
 */
#include <math.h>
#include <stddef.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "acoustic.h"
#include "band_extension.h"
#include "errors.h"
#include "frontend.h"
#include "inflect.h"
#include "model_input.h"
#include "output_stage.h"
#include "pitch_shift.h"
#include "pool.h"
#include "f0_centre.h"
#include "speaker_pitch.h"
#include "symbols.h"
#include "v2_model.h"
#include "vocoder.h"
#include "voice.h"

/* Small first chunk for early audio: its 43 ms of audio (at a hop of 256
 * and 24 kHz) take about 4 ms to make on one core, a third of what 12
 * frames took; the chunks after it grow threefold (vocoder.h) up to
 * CHUNK_FRAMES, large so the vocoder's context (about 14 frames each side)
 * is recomputed rarely. The vocoder's buffers scale with the chunk in its
 * first stage and with the piece (PIECE_FRAMES) in the later ones: 64 and
 * 16 frames take 1.3 MB where 96 and 24 took 1.8 MB, for about 1% more
 * CPU (measured; the smaller buffers stay in cache). A synth with threads
 * vocodes whole chunks of THREADS_CHUNK_FRAMES (see piece_frames). */
#define FIRST_CHUNK_FRAMES 4
#define CHUNK_FRAMES 64
#define PIECE_FRAMES 16
#define THREADS_CHUNK_FRAMES 96
/* A low-memory voice's chunks and pieces (vocoder.h): the vocoder's working
 * buffers scale with the chunk in its first stage and with the piece in the
 * later ones; at 24 and 12 frames they take half of 96 and 24's (0.6 MB
 * less than 24-frame pieces, for 4% more CPU; 8-frame pieces saved another
 * 0.25 MB for 10% more). */
#define LOW_MEMORY_CHUNK_FRAMES 24
#define LOW_MEMORY_PIECE_FRAMES 12

/* A v2 voice's latent is made in spans of at least this many frames after
 * the first (which is only what the first decoder chunk reads), so the
 * flow's context of 32 frames each side is recomputed rarely. */
#define LATENT_SPAN_FRAMES 128

/* Frames one token takes on average, with its blank, at length scale 1: the
 * frontend's budget is sized from it so most utterances fit max_frames the
 * first time, and the rare one that does not is split and run again. */
#define FRAMES_PER_TOKEN 7.0f

/* inflect_params.max_seconds above this is refused: a day of speech, far
 * past any real limit, and small enough that samples never overflow. */
#define MAX_SECONDS_LIMIT 86400.0f

/* Under this F0 the vocoder does not put out the pitch the acoustic model
 * asks for: an 80-bin mel from 0 to 12 kHz has its filters 42 Hz apart below
 * 1 kHz, and harmonics less than two filters apart leave no ripple across
 * them to read the pitch from. Given rms's own mels, its vocoder put frames
 * under 81 Hz 1.9 semitones high and those from 81 to 86 Hz 0.15 (median,
 * 40 held-out takes, 2026-12-07); spoken by the voice, the tokens whose
 * pitch head asked under 75 Hz came out 3.0 high, 75 to 81 Hz 1.3, which
 * took 1.5 semitones off its span (7.5 asked, 6.0 heard). The pitch stage
 * brings the output down to such a token's pitch (pitch_shift.h): on those
 * prompts the span became 6.8 semitones, periodicity unchanged (0.070),
 * WER 11.4% -> 11.6% (one word of 472; models/rms.md). Tokens asking 85
 * to 95 Hz came out 0.2 semitones high: taking them too
 * (a limit of 90 Hz) moved their periods for nothing and cost periodicity
 * (0.0703 -> 0.0716 at 88 Hz). */
#define LOW_F0_HZ 85.0f

/* The controls of one model input entry that act on the output audio. */
typedef struct {
    float energy_scale, pitch_scale, pitch_range;
} token_output;

struct inflect_synth {
    const inflect_voice *voice;
    frontend *fe;
    model_input input;
    vocoder_stream *vocoder;
    size_t pcm_cap;     /* samples of the vocoder's largest chunk */
    int32_t *durations; /* one per model input entry */
    token_output *token_out; /* the output controls of each model input entry */
    float *token_pitch; /* a v1 voice's (feature, voiced) pair of each entry (acoustic_input.pitch_out) */
    size_t durations_cap;
    /* Of each frame of the utterance being spoken: its gain, pitch scale,
     * pitch range and the F0 under LOW_F0_HZ its token asks for, else 0
     * (frame_cap each). */
    float *frame_gain, *frame_pitch, *frame_range, *frame_low_f0;
    size_t frame_cap;
    pitch_shift pitch;
    float *shifted; /* one chunk out of the pitch stage (pcm_cap samples) */
    float *pitch_means; /* per speaker (speaker_pitch.h); NULL until first needed, never
                         * for a voice with f0_medians */
    band_extension band;
    output_stage out;
    inflect_control_cb control;
    void *control_user;
    atomic_int cancel;
    /* Set while a speak, measure, utterances or speak_ids call runs, so that
     * one made from that call's own callbacks is refused rather than let
     * loose on the state the outer call is using. */
    atomic_bool busy;
    pool *pool; /* the threads of inflect_synth_options.threads, NULL for one */
    char err[256];
};

/* What one inflect_synth_speak() call carries through its utterances. */
typedef struct {
    inflect_synth *s;
    const inflect_params *params;
    inflect_audio_cb audio;
    inflect_event_cb events;
    void *user;
    uint64_t position; /* samples delivered (or, measuring, counted) so far */
    bool measure;      /* durations only: count the samples, make no audio */
    uint64_t from;     /* inflect_synth_speak_from: the samples before this are not sent */
    inflect_params utterance; /* the params of the utterance being run */
    uint64_t spoken;   /* utterances vocoded so far: a v2 voice's noise seed is params.seed + this */
    bool filling;      /* speaking the parts of a first utterance longer than max_seconds */
    /* A v2 voice's utterance being spoken: the prior, and its latent (the
     * decoder's input) made span by span ahead of the decoder, frames
     * [0, latent_done) so far. */
    v2_prior prior;
    float *latent;
    int latent_done;
    inflect_utterance_cb utterances; /* durations only: hand each utterance's ids out */
} speak_call;

void inflect_params_init(inflect_params *p)
{
    if (!p)
        return;
    p->speaker = 0;
    p->length_scale = 1.0f;
    p->pitch_scale = 1.0f;
    p->pitch_range = 1.0f;
    p->energy_scale = 1.0f;
    p->max_seconds = 0.0f;
    p->variation = 0.0f;
    p->seed = 1; /* the community runtime's generator is stuck at 0 */
}

static int in_range(float v, float lo, float hi)
{
    return v >= lo && v <= hi; /* false for NaN */
}

/* The scales of inflect.h's ranges, into err. */
static inflect_status check_scales(const inflect_params *p, char *err, size_t err_size)
{
    static const struct {
        const char *name;
        size_t offset;
        float lo, hi;
    } scales[] = {
        {"length scale", offsetof(inflect_params, length_scale), INFLECT_LENGTH_SCALE_MIN, INFLECT_LENGTH_SCALE_MAX},
        {"pitch scale", offsetof(inflect_params, pitch_scale), INFLECT_PITCH_SCALE_MIN, INFLECT_PITCH_SCALE_MAX},
        {"pitch range", offsetof(inflect_params, pitch_range), INFLECT_PITCH_RANGE_MIN, INFLECT_PITCH_RANGE_MAX},
        {"energy scale", offsetof(inflect_params, energy_scale), INFLECT_ENERGY_SCALE_MIN, INFLECT_ENERGY_SCALE_MAX},
    };
    for (size_t i = 0; i < sizeof scales / sizeof *scales; i++) {
        float v = *(const float *)((const char *)p + scales[i].offset);
        if (!in_range(v, scales[i].lo, scales[i].hi))
            return fail(err, err_size, INFLECT_ERR_INVALID_ARGUMENT, "%s %g outside %g..%g", scales[i].name,
                        (double)v, (double)scales[i].lo, (double)scales[i].hi);
    }
    return INFLECT_OK;
}

/* What one kind of voice cannot do is refused, never ignored: a v1 voice
 * has no noise to scale. Both pitch controls work on every voice: a v2
 * voice without a stored centre for pitch range gets one measured on its
 * own speech (f0_centre.h). */
static inflect_status check_voice_controls(const inflect_voice *v, const inflect_params *p, char *err,
                                           size_t err_size)
{
    if (!in_range(p->variation, INFLECT_VARIATION_MIN, INFLECT_VARIATION_MAX))
        return fail(err, err_size, INFLECT_ERR_INVALID_ARGUMENT, "variation %g outside %g..%g", (double)p->variation,
                    (double)INFLECT_VARIATION_MIN, (double)INFLECT_VARIATION_MAX);
    if (!v->is_v2 && p->variation != 0.0f)
        return fail(err, err_size, INFLECT_ERR_UNSUPPORTED,
                    "voice '%s' has no variation: only Inflect v2 voices sample noise (docs/v2.md)", v->name);
    return INFLECT_OK;
}

static inflect_status check_params(inflect_synth *s, const inflect_params *p)
{
    if (p->speaker < 0 || p->speaker >= s->voice->n_speakers)
        return fail(s->err, sizeof s->err, INFLECT_ERR_INVALID_ARGUMENT,
                    "speaker %d out of range: voice '%s' has %d", p->speaker, s->voice->name, s->voice->n_speakers);
    if (!in_range(p->max_seconds, 0.0f, MAX_SECONDS_LIMIT))
        return fail(s->err, sizeof s->err, INFLECT_ERR_INVALID_ARGUMENT, "max seconds %g outside 0..%g",
                    (double)p->max_seconds, (double)MAX_SECONDS_LIMIT);
    inflect_status st = check_scales(p, s->err, sizeof s->err);
    return st != INFLECT_OK ? st : check_voice_controls(s->voice, p, s->err, sizeof s->err);
}

/* The vocoder's pieces (vocoder.h): small for memory, but a synth with
 * threads hands every layer of a piece to them, and a piece of 24 frames
 * has about four times the hand-offs of a whole 96-frame chunk (8% more
 * wall time at two threads, measured); such a synth, which spends memory
 * on its threads for latency anyway, runs whole chunks. */
static int piece_frames(const inflect_voice *voice, int threads)
{
    if (voice->low_memory)
        return LOW_MEMORY_PIECE_FRAMES;
    return threads > 1 ? THREADS_CHUNK_FRAMES : PIECE_FRAMES;
}

static int chunk_frames(const inflect_voice *voice, int threads)
{
    if (voice->low_memory)
        return LOW_MEMORY_CHUNK_FRAMES;
    return threads > 1 ? THREADS_CHUNK_FRAMES : CHUNK_FRAMES;
}

void inflect_synth_options_init(inflect_synth_options *o)
{
    if (!o)
        return;
    o->threads = 1;
}

inflect_status inflect_synth_new(const inflect_voice *voice, inflect_synth **out)
{
    return inflect_synth_new_with(voice, NULL, out, NULL, 0);
}

inflect_status inflect_synth_new_with(const inflect_voice *voice, const inflect_synth_options *options,
                                      inflect_synth **out, char *err, size_t err_size)
{
    if (!out)
        return fail(err, err_size, INFLECT_ERR_INVALID_ARGUMENT, "inflect_synth_new: NULL out");
    *out = NULL;
    if (!voice)
        return fail(err, err_size, INFLECT_ERR_INVALID_ARGUMENT, "inflect_synth_new: NULL voice");
    inflect_synth_options defaults;
    inflect_synth_options_init(&defaults);
    if (!options)
        options = &defaults;
    if (options->threads < 1 || options->threads > INFLECT_THREADS_MAX)
        return fail(err, err_size, INFLECT_ERR_INVALID_ARGUMENT, "threads %d outside 1..%d", options->threads,
                    INFLECT_THREADS_MAX);
    inflect_synth *s = calloc(1, sizeof *s);
    if (!s)
        return fail(err, err_size, INFLECT_ERR_NO_MEMORY, "out of memory creating a synth");
    s->voice = voice;
    voice_retain(voice);
    atomic_init(&s->cancel, 0);
    atomic_init(&s->busy, false);
    inflect_status st = pool_new(options->threads, &s->pool, s->err, sizeof s->err);
    if (st == INFLECT_OK)
        st = frontend_new(voice->frontend, voice->espeak_voice, &s->fe, s->err, sizeof s->err);
    if (st == INFLECT_OK)
        st = model_input_init(&s->input, voice, s->err, sizeof s->err);
    int chunk = chunk_frames(voice, options->threads);
    if (st == INFLECT_OK)
        st = vocoder_stream_new_pieces(&voice->vocoder, FIRST_CHUNK_FRAMES, chunk, piece_frames(voice, options->threads),
                                       &s->vocoder, s->err, sizeof s->err);
    band_extension_init(&s->band, voice->band_edge_hz, voice->band_gain, voice->sample_rate);
    output_stage_init(&s->out, voice->sample_rate);
    if (st == INFLECT_OK)
        vocoder_stream_set_pool(s->vocoder, s->pool);
    if (st == INFLECT_OK) {
        s->pcm_cap = (size_t)chunk * (size_t)voice->vocoder.hop;
        int pitch_failed = pitch_shift_init(&s->pitch, voice->sample_rate, voice->vocoder.hop);
        s->shifted = malloc(s->pcm_cap * sizeof *s->shifted);
        if (!s->shifted || pitch_failed)
            st = INFLECT_ERR_NO_MEMORY;
    }
    if (st == INFLECT_ERR_NO_MEMORY && !s->err[0])
        fail(s->err, sizeof s->err, st, "out of memory creating a synth");
    if (st != INFLECT_OK) {
        fail(err, err_size, st, "%s", s->err);
        inflect_synth_free(s);
        return st;
    }
    *out = s;
    return INFLECT_OK;
}

void inflect_synth_free(inflect_synth *s)
{
    if (!s)
        return;
    frontend_free(s->fe);
    model_input_free(&s->input);
    vocoder_stream_free(s->vocoder);
    free(s->shifted);
    pitch_shift_free(&s->pitch);
    free(s->durations);
    free(s->token_out);
    free(s->token_pitch);
    free(s->frame_gain);
    free(s->pitch_means);
    pool_free(s->pool);
    voice_release(s->voice);
    free(s);
}

void inflect_synth_set_control(inflect_synth *s, inflect_control_cb control, void *user)
{
    if (!s)
        return;
    s->control = control;
    s->control_user = user;
}

void inflect_synth_cancel(inflect_synth *s)
{
    if (s)
        atomic_store(&s->cancel, 1);
}

const char *inflect_synth_error(const inflect_synth *s)
{
    return s ? s->err : "";
}

static inflect_status reserve_durations(inflect_synth *s, size_t n)
{
    if (n <= s->durations_cap)
        return INFLECT_OK;
    int32_t *d = realloc(s->durations, n * sizeof *d);
    if (d)
        s->durations = d;
    token_output *g = realloc(s->token_out, n * sizeof *g);
    if (g)
        s->token_out = g;
    float *p = realloc(s->token_pitch, 2 * n * sizeof *p);
    if (p)
        s->token_pitch = p;
    if (!d || !g || !p)
        return fail(s->err, sizeof s->err, INFLECT_ERR_NO_MEMORY, "out of memory");
    s->durations_cap = n;
    return INFLECT_OK;
}

/* The F0 under LOW_F0_HZ that v1 model input entry t asks for, else 0: a
 * token voiced for at least half its length (a v2 voice has no pitch head). */
static float low_f0(const inflect_synth *s, size_t t)
{
    if (s->voice->is_v2 || s->token_pitch[2 * t + 1] < 0.5f)
        return 0.0f;
    const float hz = acoustic_feature_hz(s->token_pitch[2 * t]);
    return hz < LOW_F0_HZ ? hz : 0.0f;
}

/* Each frame's output controls from its token's (n_tokens model input
 * entries): the gain is the voice's output gain times the energy scale, the
 * range the caller's times the voice's natural range (1 means the voice as
 * released), and the low F0 the token asks for. Sets *pitch_moves when the
 * pitch stage has a frame to move (its pitch changes, or it has a low F0),
 * *range_moves when a frame's range is other than 1. */
static inflect_status fill_frame_controls(inflect_synth *s, size_t n_tokens, int n_frames, bool *pitch_moves,
                                          bool *range_moves)
{
    if ((size_t)n_frames > s->frame_cap) {
        float *g = realloc(s->frame_gain, 4 * (size_t)n_frames * sizeof *g);
        if (!g)
            return fail(s->err, sizeof s->err, INFLECT_ERR_NO_MEMORY, "out of memory");
        s->frame_gain = g;
        s->frame_pitch = g + n_frames;
        s->frame_range = g + 2 * (size_t)n_frames;
        s->frame_low_f0 = g + 3 * (size_t)n_frames;
        s->frame_cap = (size_t)n_frames;
    }
    *pitch_moves = *range_moves = false;
    const float natural = s->voice->natural_range;
    int f = 0;
    for (size_t t = 0; t < n_tokens && f < n_frames; t++) {
        const token_output *o = &s->token_out[t];
        const float range = o->pitch_range * natural, low = low_f0(s, t);
        *pitch_moves |= o->pitch_scale != 1.0f || range != 1.0f || (low > 0.0f && s->durations[t] > 0);
        *range_moves |= range != 1.0f;
        for (int32_t r = 0; r < s->durations[t] && f < n_frames; r++, f++) {
            s->frame_gain[f] = s->voice->output_gain * o->energy_scale;
            s->frame_pitch[f] = o->pitch_scale;
            s->frame_range[f] = range;
            s->frame_low_f0[f] = low;
        }
    }
    /* A token cut short by max_frames leaves no frame unset, but a rounding
     * of durations could: those keep the last token's controls. */
    for (; f < n_frames; f++) {
        s->frame_gain[f] = f ? s->frame_gain[f - 1] : s->voice->output_gain;
        s->frame_pitch[f] = f ? s->frame_pitch[f - 1] : 1.0f;
        s->frame_range[f] = f ? s->frame_range[f - 1] : natural;
        s->frame_low_f0[f] = f ? s->frame_low_f0[f - 1] : 0.0f;
    }
    return INFLECT_OK;
}

/* acoustic_control_cb: the caller's control curve at token t's first
 * sample, checked like params. Its energy and pitch act on the output audio
 * (the model speaks at its natural pitch; pitch_shift.h says why). */
static inflect_status token_control(int t, int64_t frame, acoustic_control *ac, void *user, char *err,
                                    size_t err_size)
{
    speak_call *c = user;
    inflect_synth *s = c->s;
    inflect_params p = c->utterance;
    if (s->control) {
        uint64_t sample = c->position + (uint64_t)frame * (uint64_t)s->voice->vocoder.hop;
        s->control(sample, &p, s->control_user);
        inflect_status st = check_scales(&p, err, err_size);
        if (st == INFLECT_OK)
            st = check_voice_controls(s->voice, &p, err, err_size);
        if (st != INFLECT_OK)
            return st;
    }
    ac->length_scale = p.length_scale;
    s->token_out[t] = (token_output){p.energy_scale, p.pitch_scale, p.pitch_range};
    return INFLECT_OK;
}

/* An event of the utterance being vocoded, unless it ends before the
 * samples the call sends (inflect_synth_speak_from). */
static void send_event(const speak_call *c, const inflect_event *ev)
{
    if (c->from == 0 || ev->start_sample + ev->n_samples > c->from)
        c->events(ev, c->user);
}

/* Word and phoneme events of one utterance, from the durations, before its
 * audio. A word is the run of phoneme tokens that share one span of text;
 * it lasts from its first phoneme's start to its last phoneme's end. */
static void emit_events(speak_call *c, const frontend_token *tokens, const frontend_utterance *u, int n_frames)
{
    const model_input *mi = &c->s->input;
    const uint64_t hop = (uint64_t)c->s->voice->vocoder.hop;
    const int32_t *d = c->s->durations;
    inflect_event ev = {.type = INFLECT_EVENT_SENTENCE, .start_sample = c->position,
                        .n_samples = (uint64_t)n_frames * hop, .text_offset = u->text_offset,
                        .text_length = u->text_length};
    send_event(c, &ev);

    uint64_t frame = 0;
    int in_word = 0;
    inflect_event word = {.type = INFLECT_EVENT_WORD};
    /* A phoneme is sent when the next entry is not of its token: a v2
     * voice spells one token as several entries (v2_input.h). */
    inflect_event ph = {.type = INFLECT_EVENT_PHONEME};
    size_t ph_token = MODEL_INPUT_NO_TOKEN;
    for (size_t i = 0; i < mi->n && frame < (uint64_t)n_frames; i++) {
        uint64_t len = (uint64_t)d[i];
        if (frame + len > (uint64_t)n_frames)
            len = (uint64_t)n_frames - frame;
        size_t t = mi->source[i];
        int phoneme = t != MODEL_INPUT_NO_TOKEN && symbols_kind(tokens[t].id) >= SYMBOL_KIND_CONSONANT;
        if (ph_token != MODEL_INPUT_NO_TOKEN && t == ph_token) {
            ph.n_samples += len * hop;
            ph.symbol = tokens[t].symbol;
            word.n_samples = c->position + (frame + len) * hop - word.start_sample;
            frame += len;
            continue;
        }
        if (ph_token != MODEL_INPUT_NO_TOKEN)
            send_event(c, &ph);
        ph_token = MODEL_INPUT_NO_TOKEN;
        if (phoneme) {
            const frontend_token *tok = &tokens[t];
            int same_word = in_word && word.text_offset == tok->text_offset && word.text_length == tok->text_length;
            if (!same_word) {
                if (in_word)
                    send_event(c, &word);
                word.start_sample = c->position + frame * hop;
                word.text_offset = tok->text_offset;
                word.text_length = tok->text_length;
                in_word = 1;
            }
            word.n_samples = c->position + (frame + len) * hop - word.start_sample;
            ph = (inflect_event){.type = INFLECT_EVENT_PHONEME, .start_sample = c->position + frame * hop,
                                 .n_samples = len * hop, .text_offset = tok->text_offset,
                                 .text_length = tok->text_length, .symbol = mi->symbols[i]};
            ph_token = t;
        } else if (t != MODEL_INPUT_NO_TOKEN && in_word && (tokens[t].text_offset != word.text_offset ||
                                                     tokens[t].text_length != word.text_length)) {
            /* A space or punctuation ends the word, unless it came out of
             * the word itself (the pause in "$3.50": three dollars, fifty
             * cents). */
            send_event(c, &word);
            in_word = 0;
        }
        frame += len;
    }
    if (ph_token != MODEL_INPUT_NO_TOKEN)
        send_event(c, &ph);
    if (in_word)
        send_event(c, &word);
}

/* One utterance through the voice's model: durations, and unless mel is
 * NULL the decoder's input (v1: a mel spectrogram; v2: the latent). */
static inflect_status run_model(speak_call *c, const int32_t *phone, const int32_t *tone, const int32_t *lang,
                                size_t n, const atomic_int *cancel, float **mel, int *n_frames)
{
    inflect_synth *s = c->s;
    const inflect_params *p = &c->utterance;
    if (s->voice->is_v2) {
        v2_input in = {.ids = phone, .n = (int)n, .control = {.length_scale = p->length_scale},
                       .control_cb = token_control, .control_user = c, .variation = p->variation,
                       .seed = p->seed + c->spoken, .cancel = cancel, .pool = s->pool};
        inflect_status st = v2_sample_prior(&s->voice->v2, &in, s->durations, mel ? &c->prior : NULL, n_frames,
                                            s->err, sizeof s->err);
        if (st == INFLECT_OK && mel) {
            c->latent_done = 0;
            c->latent = *mel = malloc(sizeof(float) * (size_t)s->voice->v2.hp.inter * (size_t)*n_frames);
            if (!c->latent) {
                v2_prior_free(&c->prior);
                st = fail(s->err, sizeof s->err, INFLECT_ERR_NO_MEMORY, "out of memory");
            }
        }
        return st;
    }
    acoustic_input in = {.phone = phone, .tone = tone, .lang = lang, .n = (int)n, .speaker = p->speaker,
                         /* Natural pitch (the pitch stage moves it: token_control). Range 1
                          * and shift 0 around a mean of 0 pass the pitch head's feature
                          * through exactly, so no speaker mean is needed here. */
                         .control = {p->length_scale, 0.0f, 1.0f}, .pitch_mean = 0.0f,
                         .control_cb = token_control, .control_user = c, .pitch_out = s->token_pitch,
                         .cancel = cancel, .pool = s->pool};
    return acoustic_run(&s->voice->acoustic, &in, s->durations, mel, n_frames, s->err, sizeof s->err);
}

/* What run_model made for one utterance: the decoder's input and, for a
 * v2 voice, its prior. */
static void release_model(speak_call *c, float *mel)
{
    free(mel);
    v2_prior_free(&c->prior);
    c->latent = NULL;
}

/* A v2 voice's latent up to frame `need`, ahead of the decoder. */
static inflect_status make_latent(speak_call *c, int need)
{
    if (!c->prior.z || need <= c->latent_done)
        return INFLECT_OK;
    int b = c->latent_done == 0 ? need : c->latent_done + LATENT_SPAN_FRAMES;
    b = b < need ? need : b > c->prior.n_frames ? c->prior.n_frames : b;
    inflect_status st = v2_latent_span(&c->s->voice->v2, &c->prior, c->latent_done, b, c->latent, c->s->pool,
                                       &c->s->cancel, c->s->err, sizeof c->s->err);
    c->latent_done = b;
    return st;
}

/* The F0 that pitch_range scales the intonation around (docs/controls.md):
 * the median measured on the voice's own output where the file has it; for
 * a v2 voice without the key, the same median measured by the engine the
 * first time a range is asked (f0_centre.h); else the pitch head's mean
 * feature as a frequency (speaker_pitch.h). A v2 voice asked only for pitch
 * scale is not measured: there 140 Hz (the feature's reference) only guides
 * the pitch stage's octave checks, as before. */
static inflect_status pitch_centre(inflect_synth *s, int speaker, bool range_moves, float *hz)
{
    const inflect_voice *v = s->voice;
    if (v->f0_medians)
        *hz = v->f0_medians[speaker];
    else if (v->is_v2 && range_moves)
        return f0_centre_get(v, speaker, pool_threads(s->pool), &s->cancel, hz, s->err, sizeof s->err);
    else
        *hz = acoustic_feature_hz(s->pitch_means[speaker]);
    return INFLECT_OK;
}

/* The output controls of an utterance's n_frames frames from its n_tokens
 * model input entries, and whether they move the pitch; if so, the centre
 * the pitch stage works around. Called before the utterance's events (and
 * by inflect_synth_measure, which counts instead): a v2 voice that the
 * control callback asks for its first pitch range mid-text derives the
 * centre here (f0_centre.h: a second or more), so the events of the
 * utterance come after that wait, just before their audio, and a failure
 * to derive it stops the call before the utterance sends any. */
static inflect_status output_controls(speak_call *c, size_t n_tokens, int n_frames, bool *pitch_moves,
                                      float *centre)
{
    inflect_synth *s = c->s;
    bool range_moves = false;
    *centre = 0.0f;
    inflect_status st = fill_frame_controls(s, n_tokens, n_frames, pitch_moves, &range_moves);
    if (st == INFLECT_OK && *pitch_moves)
        st = pitch_centre(s, c->utterance.speaker, range_moves, centre);
    return st;
}

/* Speaks the utterance whose controls output_controls() set. */
static inflect_status vocode(speak_call *c, const float *mel, int n_frames, bool pitch_moves, float centre)
{
    inflect_synth *s = c->s;
    inflect_status st;
    const int hop = s->voice->vocoder.hop;
    if (pitch_moves)
        pitch_shift_start(&s->pitch, centre, s->frame_pitch, s->frame_range, 1.0f / s->voice->output_gain,
                          s->frame_low_f0, (size_t)n_frames, (int64_t)n_frames * hop);
    if (vocoder_stream_start(s->vocoder, mel, n_frames) != INFLECT_OK)
        return fail(s->err, sizeof s->err, INFLECT_ERR_NO_MEMORY, "out of memory");
    band_extension_next_utterance(&s->band);
    output_stage_next_utterance(&s->out);
    for (size_t done = 0;;) {
        if (atomic_load(&s->cancel))
            return fail(s->err, sizeof s->err, INFLECT_ERR_CANCELLED, "cancelled");
        float *pcm;
        size_t n;
        if ((st = make_latent(c, vocoder_stream_needs(s->vocoder))) != INFLECT_OK)
            return st;
        vocoder_stream_next(s->vocoder, &pcm, &n);
        const bool last = n == 0;
        /* In place: the chunk is ours until the next one. */
        output_stage_remove_dc(&s->out, pcm, n);
        float *out = pcm;
        if (pitch_moves) {
            /* After the high-pass, since the analysis must not see the
             * vocoder's DC offset; before the band extension, so that the
             * band is the copy of what the listener hears below it and
             * the analysis reads the vocoder's own band; and before the
             * gain, so that the caller's volume changes nothing it decides
             * (output_stage.h). */
            long got = pitch_shift_run(&s->pitch, pcm, n, s->shifted, s->pcm_cap);
            if (got < 0)
                return fail(s->err, sizeof s->err, INFLECT_ERR_NO_MEMORY, "out of memory");
            out = s->shifted;
            n = (size_t)got;
            if (n == 0 && !last)
                continue; /* the stage is still filling */
        }
        if (n == 0)
            return INFLECT_OK;
        /* The band is filled before the gain and limiter, so they see it.
         * The stage keeps time, so its output sample i is the utterance's. */
        band_extension_run(&s->band, out, n);
        output_stage_level(&s->out, out, out, n, s->frame_gain, done, hop);
        done += n;
        /* Looked at again: a cancel that came while this chunk was being
         * made (most of the time between two checks) must not see its
         * audio delivered (inflect.h: no audio callback starts after it). */
        if (atomic_load(&s->cancel))
            return fail(s->err, sizeof s->err, INFLECT_ERR_CANCELLED, "cancelled");
        /* The head of the utterance that reaches past `from` is made, not sent. */
        size_t early = c->position < c->from ? (size_t)(c->from - c->position < n ? c->from - c->position : n) : 0;
        c->position += early;
        if (n > early && c->audio(out + early, n - early, c->user) != 0)
            return fail(s->err, sizeof s->err, INFLECT_ERR_CALLBACK, "stopped by the audio callback");
        c->position += n - early;
    }
}

/* Whether n_frames more would take the call past params->max_seconds. */
static bool past_max_seconds(const speak_call *c, int n_frames)
{
    const inflect_voice *v = c->s->voice;
    uint64_t samples = (uint64_t)n_frames * (uint64_t)v->vocoder.hop;
    return c->utterance.max_seconds > 0.0f &&
           (double)(c->position + samples) > (double)c->utterance.max_seconds * v->vocoder.hp.sample_rate;
}

/* The space between two written words of the text nearest the middle of
 * tokens[0..n), 0 when there is none: where a first utterance too long for
 * max_seconds is cut. The spaces inside one written word's reading (the
 * spoken words of "$25,000", espeak-ng's parts of a long word) span that
 * word and are passed over: cut there, a number would be said wrong. */
static size_t space_between_words(const frontend_token *tokens, size_t n)
{
    size_t best = 0, best_d = SIZE_MAX;
    for (size_t i = 1; i + 1 < n; i++) {
        size_t d = i > n / 2 ? i - n / 2 : n / 2 - i;
        if (tokens[i].id == SYMBOL_SPACE && tokens[i].text_length == 0 && d < best_d) {
            best = i;
            best_d = d;
        }
    }
    return best;
}

/* Speaks tokens[0..n) of utterance u; when the acoustic model finds them
 * longer than max_frames, splits them (clause, then word boundary) and
 * speaks each part instead, so no text is ever cut off. */
static inflect_status speak_tokens(speak_call *c, const frontend_utterance *u, const frontend_token *tokens,
                                   size_t n)
{
    inflect_synth *s = c->s;
    const acoustic_model *am = &s->voice->acoustic;
    if (atomic_load(&s->cancel))
        return fail(s->err, sizeof s->err, INFLECT_ERR_CANCELLED, "cancelled");

    c->utterance = *c->params; /* re-read per utterance: callers steer mid-text */
    const inflect_params *p = &c->utterance;
    inflect_status st = check_params(s, p);
    if (st == INFLECT_OK)
        st = model_input_build(&s->input, tokens, n, s->err, sizeof s->err);
    if (st == INFLECT_OK)
        st = reserve_durations(s, s->input.n);
    if (st != INFLECT_OK)
        return st;
    if (s->input.n > (size_t)INT32_MAX)
        return fail(s->err, sizeof s->err, INFLECT_ERR_INVALID_ARGUMENT, "utterance too long");

    /* Before `from` (inflect_synth_speak_from) an utterance is first only
     * timed, as measuring does: one that ends there is never vocoded. */
    const bool timing = c->measure || c->position < c->from;
    float *mel = NULL;
    int n_frames = 0;
    st = run_model(c, s->input.phone, s->input.tone, s->input.lang, s->input.n, &s->cancel, timing ? NULL : &mel,
                   &n_frames);
    if (st != INFLECT_OK)
        return st;

    uint64_t total = 0;
    for (size_t i = 0; i < s->input.n; i++)
        total += (uint64_t)s->durations[i];
    if (total > (uint64_t)am->hp.max_frames && n >= 2) {
        release_model(c, mel);
        size_t first_end, second_start;
        frontend_split(tokens, n, &first_end, &second_start);
        st = speak_tokens(c, u, tokens, first_end);
        if (st == INFLECT_OK)
            st = speak_tokens(c, u, tokens + second_start, n - second_start);
        return st;
    }
    /* A single token longer than max_frames (only at extreme length scales)
     * cannot be split further; acoustic_run has cut it to max_frames. */
    uint64_t samples = (uint64_t)n_frames * (uint64_t)s->voice->vocoder.hop;
    size_t space;
    if (past_max_seconds(c, n_frames) && (c->position == 0 || c->filling) &&
        (space = space_between_words(tokens, n)) != 0) {
        /* The text's first utterance alone is too long (a caption with no
         * stop in it): as much of it as fits, ending between two words,
         * rather than nothing. Its parts are cut again until one is a
         * single word that does not fit. */
        release_model(c, mel);
        bool filling = c->filling;
        c->filling = true;
        st = speak_tokens(c, u, tokens, space);
        if (st == INFLECT_OK)
            st = speak_tokens(c, u, tokens + space + 1, n - space - 1);
        c->filling = filling;
        return st;
    }
    if (past_max_seconds(c, n_frames)) {
        release_model(c, mel);
        return fail(s->err, sizeof s->err, INFLECT_ERR_TOO_LONG,
                    "the speech would last longer than its limit of %g s: stopped after %.2f s, before byte %zu "
                    "of the text",
                    (double)p->max_seconds, (double)c->position / s->voice->vocoder.hp.sample_rate,
                    n ? tokens[0].text_offset : u->text_offset);
    }
    /* Handed out where speaking would stop at max_seconds too. */
    if (c->utterances) {
        const model_input *mi = &s->input;
        size_t start = n > 0 ? tokens[0].text_offset : u->text_offset, stop = start;
        for (size_t i = 0; i < n; i++)
            if (tokens[i].text_offset + tokens[i].text_length > stop)
                stop = tokens[i].text_offset + tokens[i].text_length;
        inflect_utterance out = {.n = mi->n, .phone_ids = mi->phone, .tone_ids = mi->tone, .lang_ids = mi->lang,
                                 .symbols = mi->symbols, .text_offset = start, .text_length = stop - start};
        c->position += samples;
        return c->utterances(&out, c->user) ? fail(s->err, sizeof s->err, INFLECT_ERR_CALLBACK,
                                                   "stopped by the utterance callback")
                                            : INFLECT_OK;
    }
    bool pitch_moves;
    float centre;
    st = output_controls(c, s->input.n, n_frames, &pitch_moves, &centre);
    if (st != INFLECT_OK) {
        release_model(c, mel);
        return st;
    }
    if (c->measure) {
        c->position += samples;
        return INFLECT_OK;
    }
    if (timing && c->position + samples <= c->from) {
        /* Skipped whole: what carries over to the next utterance moves as
         * if it had been spoken, so what follows is the same to the bit. */
        output_stage_skip(&s->out, samples, s->frame_gain, s->voice->vocoder.hop);
        c->position += samples;
        c->spoken++;
        return INFLECT_OK;
    }
    if (timing) {
        /* It reaches past `from`: made after all. The model runs again on
         * the same input, to the same durations (the control callback is
         * asked again for the same tokens, as when an utterance is split). */
        st = run_model(c, s->input.phone, s->input.tone, s->input.lang, s->input.n, &s->cancel, &mel, &n_frames);
        if (st == INFLECT_OK)
            st = output_controls(c, s->input.n, n_frames, &pitch_moves, &centre);
        if (st != INFLECT_OK) {
            release_model(c, mel);
            return st;
        }
    }
    if (c->events) {
        frontend_utterance part = *u;
        if (n > 0) {
            part.text_offset = tokens[0].text_offset;
            const frontend_token *last = &tokens[n - 1];
            part.text_length = last->text_offset + last->text_length - part.text_offset;
        }
        emit_events(c, tokens, &part, n_frames);
    }
    st = vocode(c, mel, n_frames, pitch_moves, centre);
    c->spoken++;
    /* The next utterance's acoustic pass reuses the vocoder's memory. */
    vocoder_stream_release(s->vocoder);
    release_model(c, mel);
    return st;
}

/* What every call does first: no error, not cancelled, params checked, the
 * speakers' pitch means at hand where the centre needs them, the output
 * stage at its start. A v2 voice asked for a pitch range without a stored centre has it derived here
 * (f0_centre.h), so the one-time cost comes before any audio or event and a
 * failure is the call's error before anything is spoken; inflect_synth_measure
 * does it too, which is how the GStreamer elements check their settings
 * when they start. A range brought in later by the control callback gets it
 * before the first utterance that asks, ahead of that utterance's events
 * (output_controls). */
static inflect_status begin_call(speak_call *c)
{
    inflect_synth *s = c->s;
    s->err[0] = '\0';
    atomic_store(&s->cancel, 0); /* each call starts uncancelled (inflect.h) */
    const inflect_params *params = c->params;
    inflect_status st = check_params(s, params);
    /* Only pitch_centre reads the means, and only for a voice without a
     * measured F0 median: the shipped voices skip the measurement (about
     * 35 ms of CPU before their first audio). */
    if (st == INFLECT_OK && !s->pitch_means && !s->voice->f0_medians) {
        s->pitch_means = malloc((size_t)s->voice->n_speakers * sizeof *s->pitch_means);
        st = s->pitch_means ? speaker_pitch_means(s->voice, s->fe, &s->input, s->pitch_means, s->err, sizeof s->err)
                            : fail(s->err, sizeof s->err, INFLECT_ERR_NO_MEMORY, "out of memory");
        if (st != INFLECT_OK) {
            free(s->pitch_means);
            s->pitch_means = NULL;
        }
    }
    /* inflect_synth_utterances runs only the frontend and the duration
     * predictor (inflect.h): it never reads the centre, so it never pays
     * for deriving one or fails for want of one. */
    float centre;
    if (st == INFLECT_OK && params->pitch_range != 1.0f && !c->utterances)
        st = pitch_centre(s, params->speaker, true, &centre);
    if (st != INFLECT_OK)
        return st;
    output_stage_reset(&s->out);
    return INFLECT_OK;
}

/* The utterance loop of inflect_synth_speak and inflect_synth_measure. */
static inflect_status run(speak_call *c, const char *text, size_t length)
{
    inflect_synth *s = c->s;
    const inflect_params *params = c->params;
    inflect_status st = begin_call(c);
    if (st != INFLECT_OK)
        return st;

    float budget = (float)s->voice->acoustic.hp.max_frames / (FRAMES_PER_TOKEN * params->length_scale);
    size_t max_tokens = budget < 16.0f ? 16 : (size_t)budget;
    frontend_stream *fs = NULL;
    st = frontend_stream_new(s->fe, text ? text : "", length, max_tokens, &fs, s->err, sizeof s->err);
    if (st != INFLECT_OK)
        return st;

    for (;;) {
        frontend_utterance u;
        st = frontend_next(fs, &u, s->err, sizeof s->err);
        if (st != INFLECT_OK || u.n_tokens == 0)
            break;
        st = speak_tokens(c, &u, u.tokens, u.n_tokens);
        if (st != INFLECT_OK)
            break;
    }
    frontend_stream_free(fs);
    return st;
}

/* Marks the synth busy for one call (`name`); false, with the error set,
 * when a call is already running on it. */
static bool enter(inflect_synth *s, const char *name)
{
    if (!atomic_exchange(&s->busy, true))
        return true;
    fail(s->err, sizeof s->err, INFLECT_ERR_INVALID_ARGUMENT,
         "%s: the synth is busy with another call (from one of its callbacks, or from another thread)", name);
    return false;
}

static inflect_status leave(inflect_synth *s, inflect_status st)
{
    atomic_store(&s->busy, false);
    return st;
}

inflect_status inflect_synth_speak(inflect_synth *s, const char *text, size_t length, const inflect_params *params,
                                   inflect_audio_cb audio, inflect_event_cb events, void *user)
{
    return inflect_synth_speak_from(s, text, length, params, 0, audio, events, user);
}

inflect_status inflect_synth_speak_from(inflect_synth *s, const char *text, size_t length,
                                        const inflect_params *params, uint64_t from, inflect_audio_cb audio,
                                        inflect_event_cb events, void *user)
{
    if (!s)
        return INFLECT_ERR_INVALID_ARGUMENT;
    if (!params || !audio || (!text && length > 0))
        return fail(s->err, sizeof s->err, INFLECT_ERR_INVALID_ARGUMENT, "inflect_synth_speak: NULL argument");
    if (!enter(s, "inflect_synth_speak"))
        return INFLECT_ERR_INVALID_ARGUMENT;
    speak_call c = {.s = s, .params = params, .audio = audio, .events = events, .user = user, .from = from};
    return leave(s, run(&c, text, length));
}

inflect_status inflect_synth_measure(inflect_synth *s, const char *text, size_t length,
                                     const inflect_params *params, uint64_t *n_samples)
{
    if (n_samples)
        *n_samples = 0; /* what every failure leaves */
    if (!s)
        return INFLECT_ERR_INVALID_ARGUMENT;
    if (!params || !n_samples || (!text && length > 0))
        return fail(s->err, sizeof s->err, INFLECT_ERR_INVALID_ARGUMENT, "inflect_synth_measure: NULL argument");
    if (!enter(s, "inflect_synth_measure"))
        return INFLECT_ERR_INVALID_ARGUMENT;
    speak_call c = {.s = s, .params = params, .measure = true};
    inflect_status st = leave(s, run(&c, text, length));
    *n_samples = st == INFLECT_OK ? c.position : 0;
    return st;
}

inflect_status inflect_synth_utterances(inflect_synth *s, const char *text, size_t length,
                                        const inflect_params *params, inflect_utterance_cb cb, void *user)
{
    if (!s)
        return INFLECT_ERR_INVALID_ARGUMENT;
    if (!params || !cb || (!text && length > 0))
        return fail(s->err, sizeof s->err, INFLECT_ERR_INVALID_ARGUMENT, "inflect_synth_utterances: NULL argument");
    if (!enter(s, "inflect_synth_utterances"))
        return INFLECT_ERR_INVALID_ARGUMENT;
    speak_call c = {.s = s, .params = params, .measure = true, .utterances = cb, .user = user};
    return leave(s, run(&c, text, length));
}

/* inflect_synth_speak_ids once its arguments are checked. */
static inflect_status run_ids(inflect_synth *s, const int32_t *phone, const int32_t *tone, const int32_t *lang,
                              size_t n, const inflect_params *params, inflect_audio_cb audio, void *user)
{
    speak_call c = {.s = s, .params = params, .audio = audio, .user = user};
    inflect_status st = begin_call(&c);
    if (st == INFLECT_OK)
        st = reserve_durations(s, n);
    if (st != INFLECT_OK)
        return st;
    /* As speak_tokens() runs an utterance, but as given: the ids are not
     * split, so one longer than max_frames is cut there, as the reference
     * model cuts it (acoustic_run). */
    c.utterance = *params;
    float *mel = NULL;
    int n_frames = 0;
    st = run_model(&c, phone, tone, lang, n, &s->cancel, &mel, &n_frames);
    if (st != INFLECT_OK)
        return st;
    if (past_max_seconds(&c, n_frames)) {
        release_model(&c, mel);
        return fail(s->err, sizeof s->err, INFLECT_ERR_TOO_LONG,
                    "the speech of %zu ids would last %.2f s, longer than its limit of %g s", n,
                    (double)n_frames * s->voice->vocoder.hop / s->voice->vocoder.hp.sample_rate,
                    (double)params->max_seconds);
    }
    bool pitch_moves;
    float centre;
    st = output_controls(&c, n, n_frames, &pitch_moves, &centre);
    if (st == INFLECT_OK)
        st = vocode(&c, mel, n_frames, pitch_moves, centre);
    release_model(&c, mel);
    return st;
}

inflect_status inflect_synth_speak_ids(inflect_synth *s, const int32_t *phone, const int32_t *tone,
                                       const int32_t *lang, size_t n, const inflect_params *params,
                                       inflect_audio_cb audio, void *user)
{
    if (!s)
        return INFLECT_ERR_INVALID_ARGUMENT;
    if (!params || !audio || (n > 0 && (!phone || !tone || !lang)))
        return fail(s->err, sizeof s->err, INFLECT_ERR_INVALID_ARGUMENT, "inflect_synth_speak_ids: NULL argument");
    /* v2 takes as many ids as memory allows (its lengths are int32). */
    size_t max_ids = s->voice->is_v2 ? (size_t)INT32_MAX : (size_t)ACOUSTIC_MAX_TOKENS;
    if (n == 0 || n > max_ids)
        return fail(s->err, sizeof s->err, INFLECT_ERR_INVALID_ARGUMENT,
                    "inflect_synth_speak_ids: %zu ids (this voice speaks 1 to %zu)", n, max_ids);
    if (!s->voice->is_v2) {
        /* The graph clamps tone and lang ids to its tables (as the reference
         * does); ids from a caller beyond them are a mistake to report. */
        const acoustic_hparams *hp = &s->voice->acoustic.hp;
        for (size_t t = 0; t < n; t++)
            if (tone[t] >= hp->tone_size || lang[t] >= hp->lang_size)
                return fail(s->err, sizeof s->err, INFLECT_ERR_INVALID_ARGUMENT,
                            "inflect_synth_speak_ids: id %zu: tone %d, lang %d out of range (the voice has %d "
                            "tones, %d langs)",
                            t, (int)tone[t], (int)lang[t], hp->tone_size, hp->lang_size);
    }
    if (!enter(s, "inflect_synth_speak_ids"))
        return INFLECT_ERR_INVALID_ARGUMENT;
    return leave(s, run_ids(s, phone, tone, lang, n, params, audio, user));
}
