/* Copyright (C) 2026 The Inflect authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "weights.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "errors.h"
#include "quant.h"

enum { NAME_MAX_LEN = 128 };

static void shape_text(char *buf, size_t size, int n, const uint64_t *dims)
{
    size_t used = 0;
    buf[0] = '\0';
    for (int i = 0; i < n && used < size; i++)
        used += (size_t)snprintf(buf + used, size - used, "%s%llu", i ? ", " : "", (unsigned long long)dims[i]);
}

/* F32 and F16 are used as stored; every other type (GGML's block formats,
 * BF16) is decoded to float32 when it is loaded other than as rows
 * (keep_rows). */
static bool decoded(const gguf_tensor *t) { return t->type != GGUF_TENSOR_F32 && t->type != GGUF_TENSOR_F16; }

/* Does `t`, of block size `block`, hold PyTorch shape dims[0..n)? Block
 * types store the last axis (GGUF's ne[0]) zero-padded to whole blocks. */
static bool stored_as(const gguf_tensor *t, int n, const int *dims, uint64_t block, uint64_t *stored)
{
    bool same = t->n_dims == n;
    for (int i = 0; i < n; i++) {
        stored[i] = (uint64_t)dims[i];
        if (i == n - 1)
            stored[i] = (stored[i] + block - 1) / block * block;
        same = same && t->ne[n - 1 - i] == stored[i];
    }
    return same;
}

/* stored_as for the shape without its leading unit axes (all but the last),
 * when it has any. */
static bool stored_trimmed(const gguf_tensor *t, int n, const int *dims, uint64_t block)
{
    uint64_t stored[GGUF_MAX_DIMS];
    int skip = 0;
    while (n - skip > 1 && dims[skip] == 1)
        skip++;
    return skip > 0 && stored_as(t, n - skip, dims + skip, block, stored);
}

/* The tensor `name` (prefix added), checked for presence, shape and finite
 * values; NULL on failure. The shape is dims[0..n), or alt[0..n_alt) when
 * n_alt > 0 (the form other converters store it in; *is_alt tells which).
 * The padding of block types must be exactly to whole blocks; it is dropped
 * on load. */
static const gguf_tensor *find_as(weights *w, int n, const int *dims, int n_alt, const int *alt, bool *is_alt,
                                  const char *name)
{
    if (w->status != INFLECT_OK)
        return NULL;
    char full[NAME_MAX_LEN + 16];
    snprintf(full, sizeof full, "%s%s", w->prefix, name);
    const gguf_tensor *t = gguf_find_tensor(w->file, full);
    if (!t) {
        w->status = fail(w->err, w->err_size, INFLECT_ERR_FORMAT, "voice has no tensor '%s'", full);
        return NULL;
    }
    /* Parsing accepted only types quant_type_info knows. */
    const quant_type *qt = quant_type_info(t->type);
    uint64_t block = qt ? qt->block_elems : 1;
    uint64_t stored[GGUF_MAX_DIMS], stored_alt[GGUF_MAX_DIMS], have[GGUF_MAX_DIMS] = {0};
    bool trim = w->unit_axes_dropped;
    bool main_ok = stored_as(t, n, dims, block, stored) || (trim && stored_trimmed(t, n, dims, block));
    bool alt_ok = !main_ok && n_alt > 0 &&
                  (stored_as(t, n_alt, alt, block, stored_alt) || (trim && stored_trimmed(t, n_alt, alt, block)));
    if (is_alt)
        *is_alt = alt_ok;
    if (!main_ok && !alt_ok) {
        char a[96], b[96], b2[104] = "", c[96 + 64] = "";
        for (int i = 0; i < t->n_dims; i++)
            have[i] = t->ne[t->n_dims - 1 - i];
        shape_text(a, sizeof a, t->n_dims, have);
        shape_text(b, sizeof b, n, stored);
        if (n_alt > 0) {
            char x[96];
            shape_text(x, sizeof x, n_alt, stored_alt);
            snprintf(b2, sizeof b2, " or [%s]", x);
        }
        if (stored[n - 1] != (uint64_t)dims[n - 1]) {
            uint64_t want[GGUF_MAX_DIMS];
            char u[96];
            for (int i = 0; i < n; i++)
                want[i] = (uint64_t)dims[i];
            shape_text(u, sizeof u, n, want);
            snprintf(c, sizeof c, " (%s pads [%s] to whole blocks of %llu)", qt->name, u,
                     (unsigned long long)block);
        }
        w->status = fail(w->err, w->err_size, INFLECT_ERR_FORMAT, "tensor '%s' has shape [%s], expected [%s]%s%s",
                         full, a, b, b2, c);
        return NULL;
    }
    if (!gguf_tensor_finite(t)) {
        w->status = fail(w->err, w->err_size, INFLECT_ERR_FORMAT, "tensor '%s' contains NaN or infinity", full);
        return NULL;
    }
    return t;
}

static const gguf_tensor *find(weights *w, int n, const int *dims, const char *name)
{
    return find_as(w, n, dims, 0, NULL, NULL, name);
}

static void *alloc(weights *w, size_t bytes, const char *name)
{
    if (w->status != INFLECT_OK)
        return NULL;
    void *p = arena_alloc(w->mem, bytes);
    if (!p)
        w->status = fail(w->err, w->err_size, INFLECT_ERR_NO_MEMORY, "out of memory loading '%s%s'", w->prefix, name);
    return p;
}

static void vname(char *buf, const char *fmt, va_list ap)
{
    vsnprintf(buf, NAME_MAX_LEN, fmt, ap);
}

/* Decodes a tensor of a decoded() type, found by find(), into dst as rows of
 * `cols` values: each stored row of ne[0] values loses its padding. */
static bool decode_rows(weights *w, const gguf_tensor *t, float *dst, size_t cols, const char *name)
{
    const quant_type *qt = quant_type_info(t->type);
    size_t stride = (size_t)t->ne[0], rows = (size_t)(t->n_elems / t->ne[0]);
    size_t row_bytes = stride / qt->block_elems * qt->block_bytes;
    float *row = malloc(stride * sizeof *row);
    if (!row) {
        w->status = fail(w->err, w->err_size, INFLECT_ERR_NO_MEMORY, "out of memory decoding '%s%s'", w->prefix,
                         name);
        return false;
    }
    const uint8_t *src = t->data;
    for (size_t r = 0; r < rows; r++) {
        quant_dequantize(t->type, src + r * row_bytes, row, stride);
        memcpy(dst + r * cols, row, cols * sizeof *row);
    }
    free(row);
    return true;
}

/* The whole of a decoded() tensor as float32 without padding, in a buffer
 * the caller frees; NULL on failure. */
static float *decode(weights *w, const gguf_tensor *t, size_t count, size_t cols, const char *name)
{
    float *buf = malloc(count * sizeof *buf);
    if (!buf) {
        w->status = fail(w->err, w->err_size, INFLECT_ERR_NO_MEMORY, "out of memory decoding '%s%s'", w->prefix,
                         name);
        return NULL;
    }
    if (!decode_rows(w, t, buf, cols, name)) {
        free(buf);
        return NULL;
    }
    return buf;
}

/* The tensor as float32 in the arena, in the order of dims (which alt, when
 * given, holds in the same order under another shape). */
static const float *to_f32(weights *w, int n, const int *dims, int n_alt, const int *alt, const char *name)
{
    bool is_alt;
    const gguf_tensor *t = find_as(w, n, dims, n_alt, alt, &is_alt, name);
    if (t && decoded(t)) {
        size_t count = 1;
        for (int i = 0; i < n; i++)
            count *= (size_t)dims[i];
        float *dst = alloc(w, count * sizeof(float), name);
        size_t cols = (size_t)(is_alt ? alt[n_alt - 1] : dims[n - 1]);
        if (!dst || !decode_rows(w, t, dst, cols, name))
            return NULL;
        gguf_release(w->file);
        return dst;
    }
    float *dst = t ? alloc(w, (size_t)t->n_elems * sizeof(float), name) : NULL;
    if (!dst)
        return NULL;
    for (uint64_t i = 0; i < t->n_elems; i++)
        dst[i] = gguf_tensor_value(t, i);
    gguf_release(w->file);
    return dst;
}

const float *weights_tensor(weights *w, int n, const int *dims, const char *fmt, ...)
{
    char name[NAME_MAX_LEN];
    va_list ap;
    va_start(ap, fmt);
    vname(name, fmt, ap);
    va_end(ap);
    return to_f32(w, n, dims, 0, NULL, name);
}

const float *weights_tensor_or(weights *w, int n, const int *dims, int n_alt, const int *alt, const char *fmt, ...)
{
    char name[NAME_MAX_LEN];
    va_list ap;
    va_start(ap, fmt);
    vname(name, fmt, ap);
    va_end(ap);
    return to_f32(w, n, dims, n_alt, alt, name);
}

void weights_table_load(weights *w, weights_table *out, int rows, int cols, const char *fmt, ...)
{
    char name[NAME_MAX_LEN];
    va_list ap;
    va_start(ap, fmt);
    vname(name, fmt, ap);
    va_end(ap);
    int dims[2] = {rows, cols};
    *out = (weights_table){NULL, NULL, cols};
    char full[NAME_MAX_LEN + 16];
    snprintf(full, sizeof full, "%s%s", w->prefix, name);
    const gguf_tensor *t = w->status == INFLECT_OK ? gguf_find_tensor(w->file, full) : NULL;
    if (!t || t->type != GGUF_TENSOR_F16) {
        out->f32 = to_f32(w, 2, dims, 0, NULL, name);
        return;
    }
    t = find(w, 2, dims, name); /* its shape and values checked */
    uint16_t *dst = t ? alloc(w, (size_t)t->n_elems * sizeof *dst, name) : NULL;
    if (!dst)
        return;
    const uint8_t *src = t->data;
    for (uint64_t i = 0; i < t->n_elems; i++)
        dst[i] = (uint16_t)(src[2 * i] | src[2 * i + 1] << 8); /* the file is little-endian */
    out->f16 = dst;
    gguf_release(w->file);
}

const float *weights_transposed(weights *w, int rows, int cols, const char *fmt, ...)
{
    char name[NAME_MAX_LEN];
    va_list ap;
    va_start(ap, fmt);
    vname(name, fmt, ap);
    va_end(ap);
    int dims[2] = {rows, cols};
    const gguf_tensor *t = find(w, 2, dims, name);
    float *dst = t ? alloc(w, (size_t)rows * cols * sizeof(float), name) : NULL;
    if (!dst)
        return NULL;
    if (decoded(t)) {
        float *src = decode(w, t, (size_t)rows * cols, (size_t)cols, name);
        if (!src)
            return NULL;
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < cols; c++)
                dst[(size_t)c * rows + r] = src[(size_t)r * cols + c];
        free(src);
    } else {
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < cols; c++)
                dst[(size_t)c * rows + r] = gguf_tensor_value(t, (uint64_t)r * cols + c);
    }
    gguf_release(w->file);
    return dst;
}

/* The packed copy of a layer weight, in the tensor's own precision (F16 or
 * F32; decoded types are packed as F32); notes the workspace an F16 one
 * needs. */
static void *packed(weights *w, const gguf_tensor *t, size_t count, size_t workspace, bool *f16,
                          const char *name)
{
    size_t elem = t->type == GGUF_TENSOR_F16 ? 2 : 4;
    void *dst = alloc(w, count * elem, name);
    *f16 = elem == 2;
    if (dst && *f16 && workspace > w->workspace)
        w->workspace = workspace;
    return dst;
}

/* Rows [c_out][k][c_in] of elem-byte values put back in PyTorch order: value
 * (o, i, j) at o * stride_o + i * stride_i + j. In a new buffer (NULL when
 * out of memory). */
static void *from_k_major(const void *src, size_t elem, int c_out, int c_in, int k, size_t stride_o, size_t stride_i)
{
    char *dst = malloc((size_t)c_out * c_in * k * elem);
    const char *s = src;
    for (int o = 0; dst && o < c_out; o++)
        for (int j = 0; j < k; j++)
            for (int i = 0; i < c_in; i++, s += elem)
                memcpy(dst + ((size_t)o * stride_o + (size_t)i * stride_i + (size_t)j) * elem, s, elem);
    return dst;
}

/* The values of a layer weight `t` in PyTorch order, for the pack functions:
 * the file's bytes (F16/F32 stored in that order) or a buffer in *owned
 * (decoded to float32, or put back from k-major rows). `cols` is the length
 * of the stored rows; with k_major, the rows are [c_out][k][c_in] and
 * stride_o, stride_i place them (from_k_major). NULL on failure. */
static const void *layer_values(weights *w, const gguf_tensor *t, size_t count, size_t cols, bool k_major, int c_out,
                                int c_in, int k, size_t stride_o, size_t stride_i, void **owned, const char *name)
{
    const void *src = t->data;
    size_t elem = t->type == GGUF_TENSOR_F16 ? 2 : 4;
    *owned = NULL;
    if (decoded(t) && !(src = *owned = decode(w, t, count, cols, name)))
        return NULL;
    if (k_major) {
        void *put = from_k_major(src, elem, c_out, c_in, k, stride_o, stride_i);
        free(*owned);
        if (!(src = *owned = put))
            w->status = fail(w->err, w->err_size, INFLECT_ERR_NO_MEMORY, "out of memory loading '%s%s'",
                             w->prefix, name);
    }
    return src;
}

/* Should layer weight `t` (rows_2d: stored as a matrix, one row per output
 * channel) be kept as stored rows? Block types (not BF16) always: decoded,
 * they would take 4 bytes a value. In a low-memory voice every type with
 * one row per output channel, so the rows stay in the mapped file. */
static bool keep_rows(const weights *w, const gguf_tensor *t, bool rows_2d)
{
    const quant_type *qt = quant_type_info(t->type);
    return (rows_2d && qt->block_elems > 1) || (w->low_memory && w->file->mapped && (rows_2d || qt->block_elems == 1));
}

/* The krows of `t` (c_out rows): a copy in the arena, or in a low-memory
 * voice the mapped bytes themselves, with the pages around them to drop
 * after each use: whole 64 KB windows, because a fault maps the cached
 * pages of its whole window (Linux's fault-around), which would otherwise
 * leave the neighbours of every layer resident. NULL on failure. */
static const krows *stored_rows(weights *w, const gguf_tensor *t, int c_out, bool k_major, int stride, int full_k,
                                const char *name)
{
    krows *q = alloc(w, sizeof *q, name);
    if (!q)
        return NULL;
    *q = (krows){t->type, t->data, (size_t)(t->n_bytes / (uint64_t)c_out), k_major, stride, full_k, NULL, 0};
    if (w->low_memory && w->file->mapped) {
        uintptr_t window = 65536, page = 4096, a = (uintptr_t)t->data & ~(window - 1);
        uintptr_t b = ((uintptr_t)t->data + (uintptr_t)t->n_bytes + window - 1) & ~(window - 1);
        uintptr_t lo = (uintptr_t)w->file->base, hi = (lo + w->file->size + page - 1) & ~(page - 1);
        a = a < lo ? lo : a; /* the mapping starts on a page */
        b = b > hi ? hi : b;
        q->drop = (const void *)a;
        q->drop_len = (size_t)(b - a);
        return q;
    }
    uint8_t *copy = alloc(w, (size_t)t->n_bytes, name);
    if (!copy)
        return NULL;
    memcpy(copy, t->data, (size_t)t->n_bytes);
    q->data = copy;
    return q;
}

static void note_workspace(weights *w, size_t floats, size_t block_floats)
{
    if (floats > w->workspace)
        w->workspace = floats;
    if (block_floats > w->block_floats)
        w->block_floats = block_floats;
}

/* The workspace: 128 KB, or one row block where that is larger. A layer
 * that does not fit is widened a few row blocks at a time, each run over
 * all its columns at once, so the conversions are the same and the widened
 * blocks stay in the cache; only the acoustic model's FFN, run a tile of
 * columns at a time, converts its weights again for each tile (under 1% of
 * its time, measured). Widening whole layers took 1.3 MB in each
 * acoustic pass and 0.3 MB in each vocoder stream upstream. */
enum { WORKSPACE_FLOATS = 32768 };

size_t weights_workspace(const weights *w)
{
    if (w->workspace <= WORKSPACE_FLOATS)
        return w->workspace;
    return w->block_floats > WORKSPACE_FLOATS ? w->block_floats : WORKSPACE_FLOATS;
}

/* A Conv1d (n_dims 3) may also be stored as the matrix [c_out, c_in * k],
 * whose rows are [c_in][k] (the same order) or, in a file that says so,
 * [k][c_in]. */
static void load_conv(weights *w, kconv *out, int n_dims, int c_out, int c_in, int k, const char *weight,
                      const char *bias)
{
    int dims[3] = {c_out, c_in, k}, flat_dims[2] = {c_out, c_in * k};
    bool flat;
    *out = (kconv){c_out, c_in, k, NULL, false, bias ? to_f32(w, 1, &c_out, 0, NULL, bias) : NULL, NULL, 0};
    const gguf_tensor *t = find_as(w, n_dims, dims, n_dims == 3 ? 2 : 0, flat_dims, &flat, weight);
    size_t count = kconv_packed_count(c_out, c_in, k);
    if (t && keep_rows(w, t, n_dims == 2 || flat)) {
        out->rows = stored_rows(w, t, c_out, flat && k > 1 && w->conv_rows_k_major, 0, 0, weight);
        note_workspace(w, count, (size_t)c_in * k * KCONV_ROWS);
        gguf_release(w->file);
        return;
    }
    void *dst = t ? packed(w, t, count, count, &out->f16, weight) : NULL;
    if (dst && out->f16)
        note_workspace(w, count, (size_t)c_in * k * KCONV_ROWS);
    if (!dst)
        return;
    void *owned;
    const void *src = layer_values(w, t, (size_t)c_out * c_in * k, (size_t)(flat ? c_in * k : dims[n_dims - 1]),
                                   flat && k > 1 && w->conv_rows_k_major, c_out, c_in, k, (size_t)c_in * k,
                                   (size_t)k, &owned, weight);
    if (!src)
        return;
    kconv_pack(dst, src, out->f16 ? 2 : 4, c_out, c_in, k);
    free(owned);
    out->w = dst;
    gguf_release(w->file);
}

/* base.weight and base.bias, the names of every layer but the GRU's. */
static void load_layer(weights *w, kconv *out, int n_dims, int c_out, int c_in, int k, const char *base)
{
    char weight[NAME_MAX_LEN + 8], bias[NAME_MAX_LEN + 8];
    snprintf(weight, sizeof weight, "%s.weight", base);
    snprintf(bias, sizeof bias, "%s.bias", base);
    load_conv(w, out, n_dims, c_out, c_in, k, weight, bias);
}

void weights_linear(weights *w, kconv *out, int c_out, int c_in, const char *fmt, ...)
{
    char base[NAME_MAX_LEN];
    va_list ap;
    va_start(ap, fmt);
    vname(base, fmt, ap);
    va_end(ap);
    load_layer(w, out, 2, c_out, c_in, 1, base);
}

void weights_linear_named(weights *w, kconv *out, int c_out, int c_in, const char *weight, const char *bias)
{
    load_conv(w, out, 2, c_out, c_in, 1, weight, bias);
}

void weights_conv(weights *w, kconv *out, int c_out, int c_in, int k, const char *fmt, ...)
{
    char base[NAME_MAX_LEN];
    va_list ap;
    va_start(ap, fmt);
    vname(base, fmt, ap);
    va_end(ap);
    load_layer(w, out, 3, c_out, c_in, k, base);
}

void weights_conv_unbiased(weights *w, kconv *out, int c_out, int c_in, int k, const char *fmt, ...)
{
    char base[NAME_MAX_LEN], weight[NAME_MAX_LEN + 8];
    va_list ap;
    va_start(ap, fmt);
    vname(base, fmt, ap);
    va_end(ap);
    snprintf(weight, sizeof weight, "%s.weight", base);
    load_conv(w, out, 3, c_out, c_in, k, weight, NULL);
}

void weights_convt(weights *w, kconvt *out, int c_out, int c_in, int k, int stride, const char *fmt, ...)
{
    char base[NAME_MAX_LEN], name[NAME_MAX_LEN + 8];
    va_list ap;
    va_start(ap, fmt);
    vname(base, fmt, ap);
    va_end(ap);
    snprintf(name, sizeof name, "%s.bias", base);
    *out = (kconvt){c_out, c_in, k, stride, (k - stride) / 2, (k + stride - 1) / stride, NULL, false,
                    to_f32(w, 1, &c_out, 0, NULL, name), NULL};
    snprintf(name, sizeof name, "%s.weight", base);
    /* Or flattened to rows [c_out][k][c_in], as the community converter
     * stores a quantized one. */
    int dims[3] = {c_in, c_out, k}, flat_dims[2] = {c_out, k * c_in};
    bool flat;
    const gguf_tensor *t = find_as(w, 3, dims, 2, flat_dims, &flat, name);
    size_t phase = kconvt_phase_count(c_out, c_in, k, stride);
    /* Only the flattened form has a row per output channel. */
    if (t && flat && keep_rows(w, t, true)) {
        out->rows = stored_rows(w, t, c_out, true, stride, k, name);
        note_workspace(w, phase, phase / (size_t)kconv_blocks(c_out));
        gguf_release(w->file);
        return;
    }
    void *dst = t ? packed(w, t, phase * (size_t)stride, phase, &out->f16, name) : NULL;
    if (dst && out->f16)
        note_workspace(w, phase, phase / (size_t)kconv_blocks(c_out));
    if (!dst)
        return;
    void *owned;
    const void *src = layer_values(w, t, (size_t)c_in * c_out * k, (size_t)(flat ? k * c_in : k), flat, c_out, c_in,
                                   k, (size_t)k, (size_t)c_out * k, &owned, name);
    if (!src)
        return;
    kconvt_pack(dst, src, out->f16 ? 2 : 4, c_out, c_in, k, stride);
    free(owned);
    out->w = dst;
    gguf_release(w->file);
}
