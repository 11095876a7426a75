/* The HiFi-GAN/Snake vocoder (docs/model.md section 4), streaming: log-mel
 * frames in, PCM out in chunks.
 *
 * Copyright (C) 2026 The Inflect authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef INFLECT_VOCODER_H
#define INFLECT_VOCODER_H

#include <stddef.h>

#include "arena.h"
#include "gguf.h"
#include "inflect.h"
#include "kernels.h"
#include "pool.h"

#define VOCODER_MAX_STAGES 8
#define VOCODER_MAX_KERNELS 8
#define VOCODER_MAX_DILATIONS 8

/* Read from inflect.vocoder.* (docs/model-format.md). */
typedef struct {
    int sample_rate, num_mels, channels; /* channels: upsample_initial_channel */
    int n_stages, n_kernels, n_dilations;
    int rates[VOCODER_MAX_STAGES], up_kernels[VOCODER_MAX_STAGES];
    int res_kernels[VOCODER_MAX_KERNELS];
    int dilations[VOCODER_MAX_KERNELS][VOCODER_MAX_DILATIONS];
    /* VITS's generator (Inflect v2, docs/v2.md) instead of Snake: leaky ReLU
     * of slope 0.1 inside, 0.01 before conv_post, and conv_post without a
     * bias. The tensors are under the same names. */
    bool leaky;
} vocoder_hparams;

/* alpha = clamp(exp(log_alpha), 1e-4, 100) per channel, and its inverse;
 * alpha NULL: a leaky ReLU of that slope instead (hparams.leaky). */
typedef struct {
    const float *alpha, *inv_alpha;
    float slope;
} vocoder_snake;

typedef struct {
    kconv c1[VOCODER_MAX_DILATIONS], c2[VOCODER_MAX_DILATIONS];
    vocoder_snake a1[VOCODER_MAX_DILATIONS], a2[VOCODER_MAX_DILATIONS];
} vocoder_resblock;

typedef struct {
    vocoder_snake act;
    kconvt up;
    vocoder_resblock *res; /* n_kernels */
} vocoder_stage;

typedef struct {
    vocoder_hparams hp;
    int hop; /* product of the rates: samples per mel frame */
    kconv pre, post;
    vocoder_stage stage[VOCODER_MAX_STAGES];
    vocoder_snake post_act;
    size_t workspace; /* floats to widen the largest F16 layer */
} vocoder_model;

/* Checks m->hp (already read from metadata) and loads every tensor named
 * prefix + PyTorch name into `mem` ("vocoder." in our voices). */
inflect_status vocoder_load(vocoder_model *m, const gguf_file *f, const char *prefix, arena *mem, bool low_memory,
                            char *err, size_t err_size);

/* Mel frames a chunk reads beyond each of its ends: the receptive field,
 * computed from the hyperparameters (14 for the upstream configuration). */
int vocoder_context_frames(const vocoder_model *m);

/* A stream vocodes one utterance at a time in chunks: the first chunk has
 * `first_frames` mel frames (small, for early audio), each later one up to
 * VOCODER_CHUNK_GROWTH times the one before, and at most `chunk_frames`
 * (synthesis: 4, 12, 36, 64, 64...). Every layer computes exactly the samples its chunk's
 * output depends on, so the audio equals vocoding the whole utterance at
 * once, whatever the chunk sizes; smaller chunks only repeat more of the
 * context work.
 *
 * A chunk runs conv_pre and the first stage over its whole span, then the
 * later stages, whose signals are the widest (upstream: 2304 floats a
 * frame, against 576 after the first stage), in pieces of at most
 * VOCODER_PIECE_FRAMES frames (synthesis picks its own sizes: synth.c).
 * The first stage's context is the longest (about 14 frames each side, in
 * mel frames), so it is run once a chunk; the later stages reach a few
 * frames beyond a piece. Buffers are sized once, here, for the larger
 * chunk's first stage and for a piece: memory is independent of utterance
 * length (upstream, 96-frame chunks and 24-frame pieces: five buffers of
 * 66k floats and the first stage's output, 1.5 MB, where running every
 * stage over the whole chunk took 4.6 MB; 64 and 16 frames: 48k floats
 * each, 1.1 MB). One stream per thread. */
#define VOCODER_PIECE_FRAMES 24
#define VOCODER_CHUNK_GROWTH 3
typedef struct vocoder_stream vocoder_stream;

inflect_status vocoder_stream_new(const vocoder_model *m, int first_frames, int chunk_frames, vocoder_stream **out,
                                  char *err, size_t err_size);
/* The same with pieces of piece_frames instead of VOCODER_PIECE_FRAMES (a
 * piece as long as the chunks: every stage over the whole chunk), for
 * tests. */
inflect_status vocoder_stream_new_pieces(const vocoder_model *m, int first_frames, int chunk_frames, int piece_frames,
                                         vocoder_stream **out, char *err, size_t err_size);
void vocoder_stream_free(vocoder_stream *s);

/* Frees the stream's working buffers (about 1.1 MB upstream) until the next
 * vocoder_stream_start allocates them again: a synth releases them after
 * each utterance, so its next acoustic pass, which never runs beside the
 * vocoder, can reuse the memory (the peak is the larger of the two, not
 * their sum). */
void vocoder_stream_release(vocoder_stream *s);

/* Spreads each layer of the stream's chunks over the threads of p (NULL:
 * the calling thread alone, the default); the audio is the same. */
void vocoder_stream_set_pool(vocoder_stream *s, pool *p);

/* Starts an utterance. mel is channel-major [num_mels][n_frames] (as
 * acoustic_run returns it) and is borrowed until the last chunk is out.
 * Allocates the working buffers if they were released: INFLECT_ERR_NO_MEMORY
 * when that fails (the stream then has nothing to vocode). */
inflect_status vocoder_stream_start(vocoder_stream *s, const float *mel, int n_frames);

/* Input frames [0, returned) that the next chunk reads: a caller that makes
 * its input as it goes (an Inflect v2 latent, v2_model.h) has them ready
 * before vocoder_stream_next. */
int vocoder_stream_needs(const vocoder_stream *s);

/* Vocodes the next chunk: *pcm points at *n samples in -1..1, the caller's
 * (to read, or change in place) until the next call; *n is 0 once the
 * utterance is done. */
void vocoder_stream_next(vocoder_stream *s, float **pcm, size_t *n);

#endif
