/* Fetches model tensors from a voice file: checked for presence and exact
 * shape, converted to float32 and, for convolutions, packed for the kernels.
 *
 * Copyright (C) 2026 The Inflect authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef INFLECT_WEIGHTS_H
#define INFLECT_WEIGHTS_H

#include "arena.h"
#include "f16.h"
#include "gguf.h"
#include "kernels.h"

/* The first failure sticks: later calls return at once, so a loader can
 * fetch every tensor and test `status` once at the end. */
typedef struct {
    const gguf_file *file;
    arena *mem;
    const char *prefix; /* "acoustic." or "vocoder." */
    inflect_status status;
    char *err;
    size_t err_size;
    size_t workspace; /* floats the largest F16 or stored-row layer loaded needs to be widened */
    size_t block_floats; /* floats of the largest row block of those (a workspace's least) */
    /* The order of a Conv1d kernel [c_out, c_in, k] stored flattened as the
     * matrix [c_out, c_in * k] (the community converter's quantized
     * convolutions, docs/upstream.md): rows [k][c_in] when true (its
     * acoustic postnet), [c_in][k] when false (its vocoder). */
    bool conv_rows_k_major;
    /* Layers keep their weights in the file's mapping, read at each use
     * (the voice keeps the file open): a low-memory voice. */
    bool low_memory;
    /* The file may also store a tensor without the leading unit axes of its
     * PyTorch shape ([1, D, 1] as [D, 1], a one-row matrix as a vector), as
     * the community v2 converter does (docs/v2.md): the same values. */
    bool unit_axes_dropped;
} weights;

#if defined(__GNUC__)
#define WEIGHTS_PRINTF(i) __attribute__((format(printf, i, i + 1)))
#else
#define WEIGHTS_PRINTF(i)
#endif

/* The workspace the layers loaded need (kconv_apply): the largest layer's
 * floats, but at most a fixed small size (128 KB, or one row block), into
 * which larger layers are widened a few row blocks at a time. */
size_t weights_workspace(const weights *w);

/* Tensor `prefix + name` with PyTorch shape dims[0..n), as float32 in the
 * arena; NULL on failure. For embeddings, biases and other small tensors. */
const float *weights_tensor(weights *w, int n, const int *dims, const char *fmt, ...) WEIGHTS_PRINTF(4);

/* The same, but the file may hold the tensor under the shape alt[0..n_alt)
 * instead: the same values in the same order (a reshape, as other converters
 * store some tensors). */
const float *weights_tensor_or(weights *w, int n, const int *dims, int n_alt, const int *alt, const char *fmt, ...)
    WEIGHTS_PRINTF(6);

/* 2-D tensor `prefix + name` of PyTorch shape [rows, cols], stored
 * transposed ([cols][rows]) in the arena; NULL on failure. */
const float *weights_transposed(weights *w, int rows, int cols, const char *fmt, ...) WEIGHTS_PRINTF(4);

/* An embedding table [rows][cols], read a value at a time where it is used:
 * kept as F16 when the file stores it so (half the memory of float32, and
 * widening a half is exact, so the values are the same), else float32. */
typedef struct {
    const float *f32;
    const uint16_t *f16; /* instead of f32 */
    int cols;
} weights_table;

static inline float weights_table_value(const weights_table *t, size_t row, int col)
{
    size_t i = row * (size_t)t->cols + (size_t)col;
    return t->f16 ? f16_to_f32(t->f16[i]) : t->f32[i];
}

/* Tensor `prefix + name` of PyTorch shape [rows, cols] as a table in the
 * arena; on failure w->status says why. */
void weights_table_load(weights *w, weights_table *out, int rows, int cols, const char *fmt, ...) WEIGHTS_PRINTF(5);

/* Layers: weights packed in the file's precision when it is F16 or F32;
 * kept as the file stores them (krows) when they are rows of a GGML block
 * type (Q8_0, the K-quants...), and in a low-memory voice whenever the file
 * has one row per output channel; decoded to float32 otherwise (BF16, a
 * block type padded along a kernel axis). Bias as float32. */

/* name.weight [c_out, c_in] and name.bias [c_out] of a Linear. */
void weights_linear(weights *w, kconv *out, int c_out, int c_in, const char *fmt, ...) WEIGHTS_PRINTF(5);
/* A Linear whose weight [c_out, c_in] and bias [c_out] are named apart. */
void weights_linear_named(weights *w, kconv *out, int c_out, int c_in, const char *weight, const char *bias);
/* name.weight [c_out, c_in, k] and name.bias [c_out] of a Conv1d; the
 * weight may be flattened to [c_out, c_in * k] (conv_rows_k_major). */
void weights_conv(weights *w, kconv *out, int c_out, int c_in, int k, const char *fmt, ...) WEIGHTS_PRINTF(6);
/* name.weight [c_out, c_in, k] of a Conv1d without a bias (out->bias NULL). */
void weights_conv_unbiased(weights *w, kconv *out, int c_out, int c_in, int k, const char *fmt, ...)
    WEIGHTS_PRINTF(6);
/* name.weight [c_in, c_out, k] and name.bias [c_out] of a ConvTranspose1d
 * with padding (k - stride) / 2; the weight may be flattened to rows
 * [c_out][k][c_in], the matrix [c_out, k * c_in]. */
void weights_convt(weights *w, kconvt *out, int c_out, int c_in, int k, int stride, const char *fmt, ...)
    WEIGHTS_PRINTF(7);

#endif
