/* The acoustic model (model-v1.md section 2): token ids -> durations and a
 * log-mel spectrogram, one utterance at a time.
 *
 * Copyright (C) 2026 The Inflect authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef INFLECT_ACOUSTIC_H
#define INFLECT_ACOUSTIC_H

#include <stdint.h>

#include "arena.h"
#include "gguf.h"
#include "inflect.h"
#include "kernels.h"

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
    const float *phone, *tone, *lang, *speaker, *abs_frame; /* embedding tables, row-major */
    kconv speaker_proj;
    acoustic_block *encoder, *decoder;
    acoustic_head duration, energy, bright, pitch, mel;
    kconv energy_proj, bright_proj;
    kconv pitch_proj[2], frame_proj[2], local_ctx[2];
    kconv gru_ih[2];                        /* forward, reverse */
    const float *gru_hh_t[2], *gru_b_hh[2]; /* W_hh transposed: [H/2][3H/2] */
    kconv postnet[3];
    size_t workspace; /* floats to widen the largest F16 layer */
} acoustic_model;

/* Checks m->hp (already read from metadata) for the shapes the graph needs
 * and loads every tensor named prefix + PyTorch name into `mem`
 * ("acoustic." in our voices, "" in upstream's acoustic file). */
inflect_status acoustic_load(acoustic_model *m, const gguf_file *f, const char *prefix, arena *mem, char *err,
                             size_t err_size);

typedef struct {
    const int32_t *phone, *tone, *lang; /* n ids each, blanks already interleaved */
    int n;
    int speaker;
    float length_scale, pitch_scale, energy_scale;
} acoustic_input;

/* Runs one utterance. durations receives n frame counts (before the
 * max_frames cut). With mel == NULL only the encoder and the duration head
 * run (a small part of the work) and *n_frames is what the mel would have.
 * Otherwise, on success *mel is a malloc'd log-mel spectrogram,
 * channel-major: mel[c * n_frames + f] for c < n_mels, f < n_frames, with
 * n_frames = min(sum of durations, max_frames); the caller frees it.
 * Allocates scratch proportional to n_frames * hidden and frees it before
 * returning; the model itself is only read, so threads may share it. */
inflect_status acoustic_run(const acoustic_model *m, const acoustic_input *in, int32_t *durations, float **mel,
                            int *n_frames, char *err, size_t err_size);

#endif
