/* Inflect v2 (Nano-v2, Micro-v2: VITS, docs/v2.md): the graph before the
 * waveform, from symbol ids to the latent the decoder reads.
 *
 * Copyright (C) 2026 The Inflect authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The text encoder (v2_encoder.c) and the duration predictor run over the
 * tokens, the prior is repeated by the durations and sampled, and the flow
 * (v2_flow.c) runs backwards over the whole utterance, as
 * training/v2_model.py does. The decoder is a HiFi-GAN: the voice's
 * vocoder_model with leaky ReLU (vocoder.h), so it streams in chunks like
 * v1's and its chunked output equals one pass.
 */
#ifndef INFLECT_V2_MODEL_H
#define INFLECT_V2_MODEL_H

#include <stdatomic.h>
#include <stdint.h>

#include "acoustic.h"
#include "arena.h"
#include "gguf.h"
#include "inflect.h"
#include "kernels.h"
#include "pool.h"

/* Fixed by the architecture (the community converter accepts nothing
 * else). */
#define V2_SYMBOLS 178
#define V2_WINDOW 4          /* relative attention reaches 4 positions each way */
#define V2_COUPLINGS 4
#define V2_WN_LAYERS 4
#define V2_FLOW_KERNEL 5
#define V2_DP_KERNEL 3
#define V2_MAX_FRAMES 4000   /* upstream decodes at most this many latent frames */
#define V2_FLOW_REACH 32     /* latent frames the flow reads each side of one */

/* The sizes (docs/v2.md, "Sizes"): from the inflect.v2.* keys, and dp from
 * the duration predictor's shape. */
typedef struct {
    int inter, hidden, filter, heads, layers, kernel, dp, upsample_initial;
} v2_hparams;

typedef struct {
    kconv q, k, v, o;
    const float *rel_k, *rel_v; /* [2 * V2_WINDOW + 1][hidden / heads] */
    const float *norm1_gamma, *norm1_beta, *norm2_gamma, *norm2_beta;
    kconv ff1, ff2;
} v2_layer;

/* One mean-only affine coupling of the flow (flow.flows.2k). */
typedef struct {
    kconv pre, in[V2_WN_LAYERS], res_skip[V2_WN_LAYERS], post;
} v2_coupling;

typedef struct {
    v2_hparams hp;
    const float *emb; /* [V2_SYMBOLS][hidden] */
    v2_layer *layers;
    kconv proj;
    kconv dp_conv1, dp_conv2, dp_proj;
    const float *dp_norm1_gamma, *dp_norm1_beta, *dp_norm2_gamma, *dp_norm2_beta;
    v2_coupling flow[V2_COUPLINGS];
    size_t workspace; /* floats to widen the largest stored layer */
} v2_model;

/* Loads every tensor of the text encoder, the duration predictor and the
 * flow (m->hp already read) into mem; a clear error names the first tensor
 * missing or misshapen. */
inflect_status v2_load(v2_model *m, const gguf_file *f, arena *mem, bool low_memory, char *err, size_t err_size);

typedef struct {
    const int32_t *ids; /* n symbol ids, blanks already interspersed */
    int n;
    /* Frames of token t: ceil(exp(log duration) * length_scale), as
     * upstream's float32 arithmetic; control_cb (acoustic.h: only its
     * length_scale is read) may change it token by token. */
    acoustic_control control;
    acoustic_control_cb control_cb; /* may be NULL */
    void *control_user;
    float variation;     /* noise scale of the prior sample: 0 is its mean */
    uint64_t seed;       /* of the noise (v2_noise) */
    const float *noise;  /* instead of the seed's, [inter][frames] of the result (tests); may be NULL */
    const atomic_int *cancel; /* non-zero: stop (NULL: never); read between layers */
    pool *pool;               /* threads to spread each layer over, or NULL; the result is the same */
} v2_input;

/* The prior sample of one utterance, the flow's input: n_frames latent
 * frames and up to V2_FLOW_REACH past the cut, which the kept frames still
 * see. */
typedef struct {
    float *z;     /* [inter][n_prior], malloc'd; NULL when none */
    int n_prior;
    int n_frames; /* of the latent */
} v2_prior;

/* The text side of one utterance: durations (n frame counts) and, unless
 * prior is NULL, the prior sample. *n_frames is the latent's length either
 * way (as for v2_run). */
inflect_status v2_sample_prior(const v2_model *m, const v2_input *in, int32_t *durations, v2_prior *prior,
                               int *n_frames, char *err, size_t err_size);
void v2_prior_free(v2_prior *p);

/* Latent frames [a, b), b <= p->n_frames, into latent [inter][n_frames]:
 * the flow over them and V2_FLOW_REACH frames either side, all they depend
 * on, so spans in any order give exactly what one pass over the whole
 * utterance gives. Synthesis makes the latent span by span ahead of the
 * decoder, so first audio waits for the flow over the first chunk only. */
inflect_status v2_latent_span(const v2_model *m, const v2_prior *p, int a, int b, float *latent, pool *threads,
                              const atomic_int *cancel, char *err, size_t err_size);

/* Runs one utterance. durations receives n frame counts; the latent has
 * their sum frames (at least 1, at most V2_MAX_FRAMES: longer is cut, as
 * upstream cuts it). With latent == NULL only the encoder and the duration
 * predictor run and *n_frames is what the latent would have. Otherwise
 * *latent is malloc'd, channel-major [inter][n_frames]; the caller frees it.
 * The model is only read, so threads may share it. */
inflect_status v2_run(const v2_model *m, const v2_input *in, int32_t *durations, float **latent, int *n_frames,
                      char *err, size_t err_size);

/* The community runtime's noise (docs/v2.md, "Controls"): standard normal
 * values from xorshift64* seeded with `seed`, drawn frame by frame, channel
 * by channel, into out[c * frames + f] for `channels` rows. */
void v2_noise(uint64_t seed, int frames, int channels, float *out);

/* ---- the parts (v2_encoder.c, v2_flow.c) ----------------------------------- */

/* Channel-major signals with `pad` zero columns either side of n columns:
 * the padding of "same" convolutions. */
#define V2_PAD 2

/* The text encoder and the duration predictor over ids[0..n): stats
 * [2 * inter][n] (prior mean rows, then log-scale rows) and logw[n]. Each
 * layer is spread over threads (NULL: the caller's alone), with the same
 * result. */
inflect_status v2_encode(const v2_model *m, const int32_t *ids, int n, float *stats, float *logw, pool *threads,
                         const atomic_int *cancel, char *err, size_t err_size);

/* The flow backwards over z [inter][stride] (n columns from z, V2_PAD zero
 * columns either side that stay zero), in place, spread over threads as
 * v2_encode is. */
inflect_status v2_flow_reverse(const v2_model *m, float *z, ptrdiff_t stride, int n, pool *threads,
                               const atomic_int *cancel, char *err, size_t err_size);

#endif
