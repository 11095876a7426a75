/* Copyright (C) 2026 The Inflect authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "weights.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "errors.h"

enum { NAME_MAX_LEN = 128 };

static void shape_text(char *buf, size_t size, int n, const uint64_t *dims)
{
    size_t used = 0;
    buf[0] = '\0';
    for (int i = 0; i < n && used < size; i++)
        used += (size_t)snprintf(buf + used, size - used, "%s%llu", i ? ", " : "", (unsigned long long)dims[i]);
}

/* Finds the tensor, checks its shape, converts it into dst (n_elems floats,
 * allocated here when *dst is NULL: in the arena if `keep`, else with malloc). */
static float *fetch(weights *w, bool keep, int n, const int *dims, const char *name)
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
    /* GGUF lists dimensions fastest-first, PyTorch slowest-first. */
    uint64_t want[GGUF_MAX_DIMS], have[GGUF_MAX_DIMS];
    bool same = t->n_dims == n;
    for (int i = 0; i < n; i++) {
        want[i] = (uint64_t)dims[i];
        same = same && t->ne[n - 1 - i] == want[i];
    }
    for (int i = 0; i < t->n_dims; i++)
        have[i] = t->ne[t->n_dims - 1 - i];
    if (!same) {
        char a[96], b[96];
        shape_text(a, sizeof a, t->n_dims, have);
        shape_text(b, sizeof b, n, want);
        w->status = fail(w->err, w->err_size, INFLECT_ERR_FORMAT, "tensor '%s' has shape [%s], expected [%s]", full,
                         a, b);
        return NULL;
    }
    size_t bytes = (size_t)t->n_elems * sizeof(float);
    float *dst = keep ? arena_alloc(w->mem, bytes) : malloc(bytes);
    if (!dst) {
        w->status = fail(w->err, w->err_size, INFLECT_ERR_NO_MEMORY, "out of memory loading '%s'", full);
        return NULL;
    }
    if (!gguf_tensor_to_f32(t, dst)) {
        if (!keep)
            free(dst);
        w->status = fail(w->err, w->err_size, INFLECT_ERR_FORMAT, "tensor '%s' contains NaN or infinity", full);
        return NULL;
    }
    gguf_release(w->file);
    return dst;
}

static void vname(char *buf, const char *fmt, va_list ap)
{
    vsnprintf(buf, NAME_MAX_LEN, fmt, ap);
}

static float *packed_alloc(weights *w, size_t floats, const char *base)
{
    if (w->status != INFLECT_OK)
        return NULL;
    float *p = arena_alloc(w->mem, floats * sizeof(float));
    if (!p)
        w->status = fail(w->err, w->err_size, INFLECT_ERR_NO_MEMORY, "out of memory loading '%s%s'", w->prefix, base);
    return p;
}

const float *weights_tensor(weights *w, int n, const int *dims, const char *fmt, ...)
{
    char name[NAME_MAX_LEN];
    va_list ap;
    va_start(ap, fmt);
    vname(name, fmt, ap);
    va_end(ap);
    return fetch(w, true, n, dims, name);
}

const float *weights_transposed(weights *w, int rows, int cols, const char *fmt, ...)
{
    char name[NAME_MAX_LEN];
    va_list ap;
    va_start(ap, fmt);
    vname(name, fmt, ap);
    va_end(ap);
    int dims[2] = {rows, cols};
    float *raw = fetch(w, false, 2, dims, name);
    float *t = packed_alloc(w, (size_t)rows * cols, name);
    if (raw && t)
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < cols; c++)
                t[(size_t)c * rows + r] = raw[(size_t)r * cols + c];
    free(raw);
    return t;
}

/* Weight (unpacked, malloc'd) and bias (arena) of `base`. */
static float *weight_and_bias(weights *w, const float **bias, int n, const int *dims, int c_out, const char *base)
{
    char name[NAME_MAX_LEN + 8];
    snprintf(name, sizeof name, "%s.weight", base);
    float *raw = fetch(w, false, n, dims, name);
    snprintf(name, sizeof name, "%s.bias", base);
    *bias = fetch(w, true, 1, &c_out, name);
    return raw;
}

static void load_conv(weights *w, kconv *out, int n_dims, int c_out, int c_in, int k, const char *base)
{
    int dims[3] = {c_out, c_in, k};
    float *raw = weight_and_bias(w, &out->bias, n_dims, dims, c_out, base);
    float *packed = packed_alloc(w, kconv_packed_floats(c_out, c_in, k), base);
    if (raw && packed)
        kconv_pack(packed, raw, c_out, c_in, k);
    free(raw);
    out->c_out = c_out;
    out->c_in = c_in;
    out->k = k;
    out->w = packed;
}

void weights_linear(weights *w, kconv *out, int c_out, int c_in, const char *fmt, ...)
{
    char base[NAME_MAX_LEN];
    va_list ap;
    va_start(ap, fmt);
    vname(base, fmt, ap);
    va_end(ap);
    load_conv(w, out, 2, c_out, c_in, 1, base);
}

void weights_conv(weights *w, kconv *out, int c_out, int c_in, int k, const char *fmt, ...)
{
    char base[NAME_MAX_LEN];
    va_list ap;
    va_start(ap, fmt);
    vname(base, fmt, ap);
    va_end(ap);
    load_conv(w, out, 3, c_out, c_in, k, base);
}

void weights_convt(weights *w, kconvt *out, int c_out, int c_in, int k, int stride, const char *fmt, ...)
{
    char base[NAME_MAX_LEN];
    va_list ap;
    va_start(ap, fmt);
    vname(base, fmt, ap);
    va_end(ap);
    int dims[3] = {c_in, c_out, k};
    float *raw = weight_and_bias(w, &out->bias, 3, dims, c_out, base);
    float *packed = packed_alloc(w, kconvt_packed_floats(c_out, c_in, k, stride), base);
    if (raw && packed)
        kconvt_pack(packed, raw, c_out, c_in, k, stride);
    free(raw);
    out->c_out = c_out;
    out->c_in = c_in;
    out->k = k;
    out->stride = stride;
    out->pad = (k - stride) / 2;
    out->taps = (k + stride - 1) / stride;
    out->w = packed;
}
