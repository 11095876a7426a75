/* Kernels spread over a synth's threads (pool.h).
 *
 * Copyright (C) 2026 The Inflect authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Every split is by output rows (a convolution's row blocks, an
 * activation's channels) or by output columns (time): each output value is
 * computed with exactly the arithmetic one thread would use, so the result
 * is the same bit for bit whatever the number of threads. Work too small to repay a hand-off runs
 * on the caller alone. With a NULL pool each is the plain kernel.
 */
#ifndef INFLECT_KPAR_H
#define INFLECT_KPAR_H

#include "kernels.h"
#include "pool.h"

/* kconv_apply: F16 or stored-row weights are widened by the threads too,
 * each its own blocks (into its part of ws). */
void kpar_conv(pool *p, const kconv *cv, float *ws, size_t ws_floats, const float *in, ptrdiff_t in_stride, int dil,
               float *out, ptrdiff_t out_stride, int n, int mode);

/* kconvt_run, each phase's convolution through kpar_conv. */
void kpar_convt(pool *p, const kconvt *ct, const float *in, ptrdiff_t in_stride, long q0, float *out,
                ptrdiff_t out_stride, long t0, int n, float *tmp, float *ws, size_t ws_floats);

/* fn(ctx, r0, r1) over rows [0, rows) split between the threads; cost is
 * about the work of one row, in multiply-adds, to decide whether to split. */
typedef void (*kpar_rows_fn)(void *ctx, int r0, int r1);
void kpar_rows(pool *p, int rows, double cost_per_row, kpar_rows_fn fn, void *ctx);

/* kpar_rows for work that needs scratch of its own: fn(ctx, part, r0, r1),
 * part in 0 .. pool_threads(p) - 1 and no two running parts the same, so
 * fn can use the part'th of pool_threads(p) scratch buffers. */
typedef void (*kpar_parts_fn)(void *ctx, int part, int r0, int r1);
void kpar_row_parts(pool *p, int rows, double cost_per_row, kpar_parts_fn fn, void *ctx);

/* fn(ctx, r0, r1, t0, t1) over rows [0, rows) and columns [0, n) of
 * element-wise work, split by rows or, when there are too few rows to
 * share evenly, by columns. */
typedef void (*kpar_cells_fn)(void *ctx, int r0, int r1, int t0, int t1);
void kpar_cells(pool *p, int rows, int n, double cost_per_cell, kpar_cells_fn fn, void *ctx);

void kpar_snake(pool *p, float *dst, ptrdiff_t dst_stride, const float *src, ptrdiff_t src_stride, int rows, int n,
                const float *alpha, const float *inv_alpha);
void kpar_silu(pool *p, float *x, ptrdiff_t stride, int rows, int n);
void kpar_tanh(pool *p, float *x, ptrdiff_t stride, int rows, int n);

/* Splits only work of at least `work` multiply-adds (negative: the
 * default). For tests, whose tiny voices would otherwise split almost
 * nothing: 0 splits every layer that has two rows. */
void kpar_set_min_work(double work);

#endif
