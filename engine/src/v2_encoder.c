/* Inflect v2's text encoder and duration predictor, following text_encoder
 * and log_durations in training/v2_model.py (docs/v2.md sections 1 and 2).
 *
 * Copyright (C) 2026 The Inflect authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Activations are channel-major [C][n + 2 * V2_PAD] with zero columns either
 * side, the padding of the "same" convolutions, so every layer is a kconv
 * over its buffer. The attention is written out pair by pair: its cost is
 * heads x n^2 x head width per layer, small beside the decoder for
 * sentence-long inputs.
 *
 * With the synth's threads (kpar.h) every convolution is split by output
 * rows or columns, the attention by (head, query) rows, each part with its
 * own row of scores, and the element-wise work by rows or columns: every
 * value is computed as one thread computes it.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "errors.h"
#include "kpar.h"
#include "v2_model.h"

/* The encoder's buffers, each rows x stride floats, column 0 at p. */
typedef struct {
    float *base;
    ptrdiff_t stride;
    float *x, *q, *k, *v, *att, *wide, *dp;
    float *ws, *scores; /* scores: one row of n per thread */
} enc_bufs;

static bool bufs_alloc(enc_bufs *b, const v2_hparams *hp, int n, size_t ws_floats, int threads)
{
    int h = hp->hidden, wide = hp->filter > hp->dp ? hp->filter : hp->dp;
    b->stride = n + 2 * V2_PAD;
    size_t rows = 5 * (size_t)h + (size_t)wide + (size_t)hp->dp;
    b->base = calloc(rows * (size_t)b->stride, sizeof(float));
    b->ws = malloc((ws_floats ? ws_floats : 1) * sizeof(float));
    b->scores = malloc((size_t)threads * (size_t)n * sizeof(float));
    if (!b->base || !b->ws || !b->scores)
        return false;
    float *p = b->base + V2_PAD;
    size_t plane = (size_t)h * (size_t)b->stride;
    b->x = p;
    b->q = p + plane;
    b->k = p + 2 * plane;
    b->v = p + 3 * plane;
    b->att = p + 4 * plane;
    b->wide = p + 5 * plane;
    b->dp = b->wide + (size_t)wide * (size_t)b->stride;
    return true;
}

static void bufs_free(enc_bufs *b)
{
    free(b->base);
    free(b->ws);
    free(b->scores);
}

/* out (=, +=) the "same" convolution cv of in, over n columns. */
static void conv(const v2_model *m, pool *threads, const enc_bufs *b, const kconv *cv, const float *in, float *out,
                 ptrdiff_t out_stride, int n, int mode)
{
    kpar_conv(threads, cv, b->ws, m->workspace, in - (cv->k - 1) / 2, b->stride, 1, out, out_stride, n, mode);
}

typedef struct {
    float *x;
    ptrdiff_t stride;
    const float *gamma, *beta;
    int rows;
} ew_job;

static void relu_cells(void *ctx, int r0, int r1, int t0, int t1)
{
    const ew_job *j = ctx;
    for (int r = r0; r < r1; r++) {
        float *x = j->x + r * j->stride;
        for (int t = t0; t < t1; t++)
            x[t] = x[t] > 0.0f ? x[t] : 0.0f;
    }
}

static void relu(pool *threads, float *x, ptrdiff_t stride, int rows, int n)
{
    ew_job j = {x, stride, NULL, NULL, rows};
    kpar_cells(threads, rows, n, 1.0, relu_cells, &j);
}

/* LayerNorm works column by column, so it splits by columns alone. */
static void norm_cells(void *ctx, int r0, int r1, int t0, int t1)
{
    (void)r0;
    (void)r1;
    const ew_job *j = ctx;
    klayernorm(j->x + t0, j->stride, j->x + t0, j->stride, j->rows, t1 - t0, j->gamma, j->beta);
}

static void layernorm(pool *threads, float *x, ptrdiff_t stride, int rows, int n, const float *gamma,
                      const float *beta)
{
    ew_job j = {x, stride, gamma, beta, rows};
    kpar_cells(threads, 1, n, 4.0 * rows, norm_cells, &j);
}

typedef struct {
    const v2_layer *L;
    const v2_hparams *hp;
    const enc_bufs *b;
    int n;
} att_job;

/* Rows [r0, r1) of all heads' queries (row = head * n + i), with the
 * part's own row of scores. */
static void attention_rows(void *ctx, int part, int r0, int r1)
{
    const att_job *job = ctx;
    const v2_layer *L = job->L;
    const enc_bufs *b = job->b;
    int n = job->n, dh = job->hp->hidden / job->hp->heads;
    ptrdiff_t st = b->stride;
    float scale = 1.0f / sqrtf((float)dh), *p = b->scores + (size_t)part * n;
    for (int row = r0; row < r1; row++) {
        int head = row / n, i = row % n;
        const float *q = b->q + (ptrdiff_t)head * dh * st, *k = b->k + (ptrdiff_t)head * dh * st;
        const float *v = b->v + (ptrdiff_t)head * dh * st;
        float *out = b->att + (ptrdiff_t)head * dh * st;
        for (int j = 0; j < n; j++)
            p[j] = 0.0f;
        for (int d = 0; d < dh; d++) {
            float qd = q[d * st + i];
            const float *kd = k + d * st;
            for (int j = 0; j < n; j++)
                p[j] += qd * kd[j];
        }
        /* Keys within the window also meet their offset's embedding. */
        int lo = i - V2_WINDOW < 0 ? 0 : i - V2_WINDOW, hi = i + V2_WINDOW >= n ? n - 1 : i + V2_WINDOW;
        for (int j = lo; j <= hi; j++) {
            const float *e = L->rel_k + (size_t)(j - i + V2_WINDOW) * dh;
            float dot = 0.0f;
            for (int d = 0; d < dh; d++)
                dot += q[d * st + i] * e[d];
            p[j] += dot;
        }
        float most = -INFINITY, sum = 0.0f;
        for (int j = 0; j < n; j++) {
            p[j] *= scale;
            most = p[j] > most ? p[j] : most;
        }
        for (int j = 0; j < n; j++)
            sum += p[j] = expf(p[j] - most);
        for (int j = 0; j < n; j++)
            p[j] /= sum;
        for (int d = 0; d < dh; d++) {
            const float *vd = v + d * st;
            float acc = 0.0f;
            for (int j = 0; j < n; j++)
                acc += p[j] * vd[j];
            for (int j = lo; j <= hi; j++)
                acc += p[j] * L->rel_v[(size_t)(j - i + V2_WINDOW) * dh + d];
            out[d * st + i] = acc;
        }
    }
}

/* Multi-head attention with relative positions (docs/v2.md 1.3) from the
 * q, k and v buffers into att. */
static void attention(pool *threads, const v2_layer *L, const v2_hparams *hp, const enc_bufs *b, int n)
{
    att_job j = {L, hp, b, n};
    kpar_row_parts(threads, hp->heads * n, 2.0 * (hp->hidden / hp->heads) * (n + 2 * V2_WINDOW + 1), attention_rows,
                   &j);
}

static bool cancelled(const atomic_int *cancel)
{
    return cancel && atomic_load_explicit(cancel, memory_order_relaxed);
}

inflect_status v2_encode(const v2_model *m, const int32_t *ids, int n, float *stats, float *logw, pool *threads,
                         const atomic_int *cancel, char *err, size_t err_size)
{
    const v2_hparams *hp = &m->hp;
    int h = hp->hidden;
    enc_bufs b;
    if (!bufs_alloc(&b, hp, n, m->workspace, pool_threads(threads))) {
        bufs_free(&b);
        return fail(err, err_size, INFLECT_ERR_NO_MEMORY, "out of memory for %d tokens", n);
    }
    ptrdiff_t st = b.stride;
    float emb_scale = sqrtf((float)h);
    for (int t = 0; t < n; t++)
        for (int c = 0; c < h; c++)
            b.x[c * st + t] = m->emb[(size_t)ids[t] * h + c] * emb_scale;

    inflect_status status = INFLECT_OK;
    for (int l = 0; l < hp->layers && status == INFLECT_OK; l++) {
        if (cancelled(cancel)) {
            status = fail(err, err_size, INFLECT_ERR_CANCELLED, "cancelled");
            break;
        }
        const v2_layer *L = &m->layers[l];
        conv(m, threads, &b, &L->q, b.x, b.q, st, n, KCONV_SET);
        conv(m, threads, &b, &L->k, b.x, b.k, st, n, KCONV_SET);
        conv(m, threads, &b, &L->v, b.x, b.v, st, n, KCONV_SET);
        attention(threads, L, hp, &b, n);
        conv(m, threads, &b, &L->o, b.att, b.x, st, n, KCONV_ADD);
        layernorm(threads, b.x, st, h, n, L->norm1_gamma, L->norm1_beta);
        conv(m, threads, &b, &L->ff1, b.x, b.wide, st, n, KCONV_SET);
        relu(threads, b.wide, st, hp->filter, n);
        conv(m, threads, &b, &L->ff2, b.wide, b.x, st, n, KCONV_ADD);
        layernorm(threads, b.x, st, h, n, L->norm2_gamma, L->norm2_beta);
    }
    if (status == INFLECT_OK) {
        conv(m, threads, &b, &m->proj, b.x, stats, n, n, KCONV_SET);
        /* The duration predictor reads the encoder's output (not the stats). */
        conv(m, threads, &b, &m->dp_conv1, b.x, b.wide, st, n, KCONV_SET);
        relu(threads, b.wide, st, hp->dp, n);
        layernorm(threads, b.wide, st, hp->dp, n, m->dp_norm1_gamma, m->dp_norm1_beta);
        conv(m, threads, &b, &m->dp_conv2, b.wide, b.dp, st, n, KCONV_SET);
        relu(threads, b.dp, st, hp->dp, n);
        layernorm(threads, b.dp, st, hp->dp, n, m->dp_norm2_gamma, m->dp_norm2_beta);
        conv(m, threads, &b, &m->dp_proj, b.dp, logw, n, n, KCONV_SET);
    }
    bufs_free(&b);
    return status;
}
