/* Kernels spread over a synth's threads (kpar.h).
 *
 * Copyright (C) 2026 The Inflect authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "kpar.h"

#include <stdatomic.h>
#include <stdint.h>

/* Below this many multiply-adds a hand-off (a few hundred nanoseconds, and
 * the input pulled into a second core's cache) costs more than it saves. */
#define MIN_SPLIT_WORK 65536.0

static _Atomic double min_split_work = MIN_SPLIT_WORK;

void kpar_set_min_work(double work)
{
    atomic_store_explicit(&min_split_work, work < 0.0 ? MIN_SPLIT_WORK : work, memory_order_relaxed);
}

/* The part'th of `parts` near-equal ranges of [0, count). */
static void part_range(int count, int part, int parts, int *a, int *b)
{
    *a = (int)((int64_t)count * part / parts);
    *b = (int)((int64_t)count * (part + 1) / parts);
}

static int split_parts(const pool *p, int units, double work)
{
    int parts = pool_threads(p);
    if (parts <= 1 || work < atomic_load_explicit(&min_split_work, memory_order_relaxed))
        return 1;
    if (parts > units)
        parts = units;
    return parts;
}

/* Column splits fall on multiples of this, so every part runs whole
 * vectors of the kernels (and the split changes no column's arithmetic,
 * which never depends on its neighbours). */
enum { COLUMN_GRAIN = 8 };

/* Columns [t0, t1) of part `part` of `parts` over n columns. */
static void column_range(int n, int part, int parts, int *t0, int *t1)
{
    int grains = (n + COLUMN_GRAIN - 1) / COLUMN_GRAIN, g0, g1;
    part_range(grains, part, parts, &g0, &g1);
    *t0 = g0 * COLUMN_GRAIN < n ? g0 * COLUMN_GRAIN : n;
    *t1 = g1 * COLUMN_GRAIN < n ? g1 * COLUMN_GRAIN : n;
}

/* Whether `rows` rows split into `parts` unevenly enough (a part with a
 * fifth more than its share) that columns should be split instead. */
static bool rows_uneven(int rows, int parts)
{
    int most = (rows + parts - 1) / parts;
    return (double)most * parts > 1.2 * rows;
}

/* ---- convolution ---------------------------------------------------------- */

typedef struct {
    const kconv *cv;
    float *ws;
    size_t ws_floats;
    bool whole;   /* the whole layer fits ws: each part widens into its own blocks' place */
    bool columns; /* split by columns (cv has float32 weights), else by row blocks */
    int blocks;
    const float *in;
    ptrdiff_t in_stride;
    int dil;
    float *out;
    ptrdiff_t out_stride;
    int n, mode;
} conv_job;

static void conv_part(void *ctx, int part, int parts)
{
    const conv_job *j = ctx;
    const kconv *cv = j->cv;
    if (j->columns) {
        int t0, t1;
        column_range(j->n, part, parts, &t0, &t1);
        if (t0 < t1)
            kconv_run_blocks(cv, 0, j->blocks, j->in + t0, j->in_stride, j->dil, j->out + t0, j->out_stride,
                             t1 - t0, j->mode);
        return;
    }
    int b0, b1;
    part_range(j->blocks, part, parts, &b0, &b1);
    if (b0 == b1)
        return;
    size_t block_floats = kconv_block_floats(cv);
    if (!cv->f16 && !cv->rows) {
        kconv mine = *cv;
        mine.w = (const float *)cv->w + (size_t)b0 * block_floats;
        kconv_run_blocks(&mine, b0, b1, j->in, j->in_stride, j->dil, j->out, j->out_stride, j->n, j->mode);
        return;
    }
    /* Widened a slice at a time into this part's own piece of ws, as
     * kconv_apply does with the whole of it. */
    float *ws;
    size_t room;
    if (j->whole) {
        ws = j->ws + (size_t)b0 * block_floats;
        room = (size_t)(b1 - b0) * block_floats;
    } else {
        room = j->ws_floats / (size_t)parts;
        ws = j->ws + (size_t)part * room;
    }
    int per = (int)(room / block_floats);
    for (int c0 = b0; c0 < b1; c0 += per) {
        int c1 = c0 + per < b1 ? c0 + per : b1;
        if (cv->rows)
            kconv_widen_rows(ws, cv, c0, c1);
        else
            kf16_to_f32(ws, (const uint16_t *)cv->w + (size_t)c0 * block_floats, (size_t)(c1 - c0) * block_floats);
        kconv mine = *cv;
        mine.w = ws;
        mine.f16 = false;
        mine.rows = NULL;
        /* Only computed here when split by rows; split by columns, the
         * parts widen first and compute in a second run. */
        if (j->n > 0)
            kconv_run_blocks(&mine, c0, c1, j->in, j->in_stride, j->dil, j->out, j->out_stride, j->n, j->mode);
    }
}

/* Splits by columns when the rows split unevenly or the layer's weights are
 * smaller than its input (each thread then reads all the weights and half
 * the input, not the other way round), if there are columns enough; F16 or
 * stored-row weights are then widened first, by row blocks, in a run of
 * their own. A workspace smaller than the layer (a low-memory voice's) is
 * shared out between parts split by rows, each needing room for one block. */
void kpar_conv(pool *p, const kconv *cv, float *ws, size_t ws_floats, const float *in, ptrdiff_t in_stride, int dil,
               float *out, ptrdiff_t out_stride, int n, int mode)
{
    int blocks = kconv_blocks(cv->c_out);
    size_t block_floats = kconv_block_floats(cv);
    double weights = (double)cv->c_out * cv->c_in * cv->k;
    int threads = split_parts(p, blocks > n ? blocks : n, weights * n);
    bool whole = kconv_packed_count(cv->c_out, cv->c_in, cv->k) <= ws_floats;
    bool widen = cv->f16 || cv->rows;
    bool columns = threads > 1 && n >= threads * 2 * COLUMN_GRAIN && (!widen || whole) &&
                   (rows_uneven(blocks, threads) || weights < (double)cv->c_in * n);
    int parts = columns ? threads : threads < blocks ? threads : blocks;
    if (!columns && widen && !whole && ws_floats / block_floats < (size_t)parts)
        parts = (int)(ws_floats / block_floats);
    if (parts <= 1) {
        kconv_apply(cv, ws, ws_floats, in, in_stride, dil, out, out_stride, n, mode);
        return;
    }
    conv_job j = {cv, ws, ws_floats, whole, false, blocks, in, in_stride, dil, out, out_stride, n, mode};
    kconv f32 = *cv;
    if (columns && widen) {
        j.n = 0; /* widen only */
        pool_run(p, blocks < parts ? blocks : parts, conv_part, &j);
        j.n = n;
        f32.w = ws;
        f32.f16 = false;
        f32.rows = NULL;
    }
    j.cv = &f32;
    j.columns = columns;
    pool_run(p, parts, conv_part, &j);
    kconv_drop_rows(cv);
}

static void apply_on_pool(void *user, const kconv *cv, float *ws, size_t ws_floats, const float *in,
                          ptrdiff_t in_stride, int dil, float *out, ptrdiff_t out_stride, int n, int mode)
{
    kpar_conv(user, cv, ws, ws_floats, in, in_stride, dil, out, out_stride, n, mode);
}

void kpar_convt(pool *p, const kconvt *ct, const float *in, ptrdiff_t in_stride, long q0, float *out,
                ptrdiff_t out_stride, long t0, int n, float *tmp, float *ws, size_t ws_floats)
{
    if (!p) {
        kconvt_run(ct, in, in_stride, q0, out, out_stride, t0, n, tmp, ws, ws_floats);
        return;
    }
    kconvt_run_with(ct, in, in_stride, q0, out, out_stride, t0, n, tmp, ws, ws_floats, apply_on_pool, p);
}

/* ---- row-wise and element-wise work --------------------------------------- */

typedef struct {
    int rows, n;
    bool columns;
    kpar_rows_fn fn;
    kpar_cells_fn cells;
    kpar_parts_fn parts;
    void *ctx;
} rows_job;

static void rows_part(void *ctx, int part, int parts)
{
    const rows_job *j = ctx;
    int r0 = 0, r1 = j->rows, t0 = 0, t1 = j->n;
    if (j->columns)
        column_range(j->n, part, parts, &t0, &t1);
    else
        part_range(j->rows, part, parts, &r0, &r1);
    if (r0 == r1 || t0 == t1)
        return;
    if (j->cells)
        j->cells(j->ctx, r0, r1, t0, t1);
    else if (j->parts)
        j->parts(j->ctx, part, r0, r1);
    else
        j->fn(j->ctx, r0, r1);
}

void kpar_rows(pool *p, int rows, double cost_per_row, kpar_rows_fn fn, void *ctx)
{
    int parts = split_parts(p, rows, cost_per_row * rows);
    if (parts <= 1) {
        if (rows > 0)
            fn(ctx, 0, rows);
        return;
    }
    rows_job j = {rows, 1, false, fn, NULL, NULL, ctx}; /* one dummy column */
    pool_run(p, parts, rows_part, &j);
}

void kpar_row_parts(pool *p, int rows, double cost_per_row, kpar_parts_fn fn, void *ctx)
{
    int parts = split_parts(p, rows, cost_per_row * rows);
    if (parts <= 1) {
        if (rows > 0)
            fn(ctx, 0, 0, rows);
        return;
    }
    rows_job j = {rows, 1, false, NULL, NULL, fn, ctx};
    pool_run(p, parts, rows_part, &j);
}

void kpar_cells(pool *p, int rows, int n, double cost_per_cell, kpar_cells_fn fn, void *ctx)
{
    int threads = split_parts(p, rows > n ? rows : n, cost_per_cell * rows * n);
    bool columns = threads > 1 && rows_uneven(rows, threads) && n >= threads * 2 * COLUMN_GRAIN;
    int parts = columns ? threads : threads < rows ? threads : rows;
    if (parts <= 1) {
        if (rows > 0 && n > 0)
            fn(ctx, 0, rows, 0, n);
        return;
    }
    rows_job j = {rows, n, columns, NULL, fn, NULL, ctx};
    pool_run(p, parts, rows_part, &j);
}

/* Element-wise activations cost about this many multiply-adds each (a
 * polynomial or libm call), for the split decision. */
enum { ACTIVATION_COST = 16 };

typedef struct {
    float *dst;
    const float *src;
    ptrdiff_t dst_stride, src_stride;
    const float *alpha, *inv_alpha;
} act_job;

static void snake_cells(void *ctx, int r0, int r1, int t0, int t1)
{
    const act_job *j = ctx;
    ksnake(j->dst + r0 * j->dst_stride + t0, j->dst_stride, j->src + r0 * j->src_stride + t0, j->src_stride,
           r1 - r0, t1 - t0, j->alpha + r0, j->inv_alpha + r0);
}

void kpar_snake(pool *p, float *dst, ptrdiff_t dst_stride, const float *src, ptrdiff_t src_stride, int rows, int n,
                const float *alpha, const float *inv_alpha)
{
    act_job j = {dst, src, dst_stride, src_stride, alpha, inv_alpha};
    kpar_cells(p, rows, n, ACTIVATION_COST, snake_cells, &j);
}

static void silu_cells(void *ctx, int r0, int r1, int t0, int t1)
{
    const act_job *j = ctx;
    ksilu(j->dst + r0 * j->dst_stride + t0, j->dst_stride, r1 - r0, t1 - t0);
}

void kpar_silu(pool *p, float *x, ptrdiff_t stride, int rows, int n)
{
    act_job j = {.dst = x, .dst_stride = stride};
    kpar_cells(p, rows, n, ACTIVATION_COST, silu_cells, &j);
}

static void tanh_cells(void *ctx, int r0, int r1, int t0, int t1)
{
    const act_job *j = ctx;
    ktanh(j->dst + r0 * j->dst_stride + t0, j->dst_stride, r1 - r0, t1 - t0);
}

void kpar_tanh(pool *p, float *x, ptrdiff_t stride, int rows, int n)
{
    act_job j = {.dst = x, .dst_stride = stride};
    kpar_cells(p, rows, n, ACTIVATION_COST, tanh_cells, &j);
}
