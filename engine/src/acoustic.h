/* The acoustic model (docs/model.md section 2): token ids -> durations and a
 * log-mel spectrogram, one utterance at a time.
 *
 * Copyright (C) 2026 The Inflect authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef INFLECT_ACOUSTIC_H
#define INFLECT_ACOUSTIC_H

#include <math.h>
#include <stdatomic.h>
#include <stdint.h>

#include "arena.h"
#include "gguf.h"
#include "inflect.h"
#include "kernels.h"
#include "pool.h"
#include "weights.h"

/* Read from inflect.acoustic.* (docs/model-format.md). */
typedef struct {
    int vocab_size, tone_size, lang_size, n_mels, hidden;
    int encoder_layers, decoder_layers, encoder_ff_mult, decoder_ff_mult, kernel_size;
    int speaker_count, speaker_dim, abs_frame_bins, max_frames;
    float postnet_scale;
} acoustic_hparams;

typedef struct {
    const float *gamma, *beta;
} acoustic_norm;

/* Pre-norm gated depthwise conv + feed-forward. */
typedef struct {
    acoustic_norm norm1, norm2;
    const float *depth_w, *depth_b; /* [2H][kernel], [2H] */
    kconv point, ff0, ff3;
} acoustic_block;

/* LayerNorm -> Linear -> SiLU -> Linear. */
typedef struct {
    acoustic_norm norm;
    kconv in, out;
} acoustic_head;

typedef struct {
    acoustic_hparams hp;
    weights_table phone, tone, lang, abs_frame; /* embedding tables */
    const float *speaker;                       /* [speaker_count][speaker_dim], row-major */
    kconv speaker_proj;
    acoustic_block *encoder, *decoder;
    acoustic_head duration, energy, bright, pitch, mel;
    kconv energy_proj, bright_proj;
    kconv pitch_proj[2], frame_proj[2], local_ctx[2];
    kconv gru_ih[2];                        /* forward, reverse */
    const float *gru_hh_t[2], *gru_b_hh[2]; /* W_hh transposed: [H/2][3H/2] */
    kconv postnet[3];
    size_t workspace; /* floats to widen the largest F16 layer */
    /* The voice's intonation (inflect.prosody.intonation): a factor on each
     * utterance's predicted pitch excursions around their own voiced mean,
     * before any control; 1 leaves the pitch head's prediction as it is. */
    float intonation;
} acoustic_model;

/* Checks m->hp (already read from metadata) for the shapes the graph needs
 * and loads every tensor named prefix + PyTorch name into `mem`
 * ("acoustic." in our voices, "" in upstream's acoustic file). */
inflect_status acoustic_load(acoustic_model *m, const gguf_file *f, const char *prefix, arena *mem, bool low_memory,
                             char *err, size_t err_size);

/* The most tokens one acoustic model run takes (its input check refuses more). */
#define ACOUSTIC_MAX_TOKENS (1 << 20)

/* The pitch feature (docs/model.md section 2.2 step 3) is (ln f0 - ln 140) /
 * ACOUSTIC_F0_SPREAD: a factor s on F0 is ln(s) / ACOUSTIC_F0_SPREAD added to it. */
#define ACOUSTIC_F0_SPREAD 0.45f
#define ACOUSTIC_F0_REF_HZ 140.0f

/* The F0 in Hz that a pitch feature stands for. */
static inline float acoustic_feature_hz(float feature)
{
    return ACOUSTIC_F0_REF_HZ * expf(ACOUSTIC_F0_SPREAD * feature);
}

/* What the listener-facing controls do to one token (inflect.h). */
typedef struct {
    float length_scale; /* duration factor */
    float pitch_shift;  /* added to the pitch feature (see ACOUSTIC_F0_SPREAD) */
    float pitch_range;  /* factor on the pitch feature's distance from pitch_mean */
} acoustic_control;

/* Asked once per token, in order, for token t that starts `frame` frames
 * into the utterance (the durations before it already decided); `c` holds
 * the input's control and may be changed. A status other than INFLECT_OK
 * stops the run with that status (the callee says why in err). */
typedef inflect_status (*acoustic_control_cb)(int t, int64_t frame, acoustic_control *c, void *user, char *err,
                                              size_t err_size);

typedef struct {
    const int32_t *phone, *tone, *lang; /* n ids each, blanks already interleaved */
    int n;
    int speaker;
    acoustic_control control; /* every token's, unless control_cb changes it */
    float pitch_mean;         /* the speaker's mean pitch feature over voiced tokens */
    acoustic_control_cb control_cb; /* may be NULL */
    void *control_user;
    /* If non-NULL, receives n (feature, voiced) pairs: the pitch head's,
     * widened by the voice's intonation, before any control (widening keeps
     * the voiced mean, which speaker_pitch.h takes). */
    float *pitch_out;
    const atomic_int *cancel; /* non-zero: stop (NULL: never); read between layers */
    pool *pool;               /* threads to spread each layer over, or NULL */
} acoustic_input;

/* Runs one utterance. durations receives n frame counts (before the
 * max_frames cut). A token's natural length is upstream's: the duration
 * head's frames rounded, at least one (what length scale 1 speaks). Scaled,
 * the exact lengths are summed along the utterance and every token ends at
 * the rounded running sum, so the whole is the natural length times the
 * scale to half a frame however many tokens there are. A phoneme that would
 * get no frame gets one (a blank may get none), and the tokens after it
 * give that frame back. With mel == NULL only the encoder and the duration head
 * run (a small part of the work) and *n_frames is what the mel would have.
 * Otherwise, on success *mel is a malloc'd log-mel spectrogram,
 * channel-major: mel[c * n_frames + f] for c < n_mels, f < n_frames, with
 * n_frames = min(sum of durations, max_frames); the caller frees it.
 * Allocates scratch proportional to n_frames * hidden and frees it before
 * returning; the model itself is only read, so threads may share it. */
/* When *in->cancel becomes non-zero, returns INFLECT_ERR_CANCELLED after the
 * layer under way (or 64 steps of the GRU): a small fraction of one pass. */
inflect_status acoustic_run(const acoustic_model *m, const acoustic_input *in, int32_t *durations, float **mel,
                            int *n_frames, char *err, size_t err_size);

#endif
