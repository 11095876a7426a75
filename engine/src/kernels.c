/* Plain-C kernels: the reference for the SIMD variants and the path on CPUs
 * without them. Loops keep time innermost so compilers can vectorise them.
 *
 * Copyright (C) 2026 The Inflect authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "kernels.h"

#include <assert.h>
#include <math.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "f16.h"

#ifdef INFLECT_X86_KERNELS
#include <cpuid.h>
#endif

static const char *const path_names[KERNELS_COUNT] = {"ref", "avx2", "avx512", "neon"};

const char *kernels_name(kernels_path path)
{
    return path >= 0 && path < KERNELS_COUNT ? path_names[path] : "?";
}

#ifdef INFLECT_X86_KERNELS
static bool x86_avx2(void)
{
    __builtin_cpu_init();
    /* F16C from CPUID itself: not every compiler's builtin knows it. AVX2
     * being usable already means the OS saves the YMM state F16C uses. */
    unsigned a, b, c, d;
    bool f16c = __get_cpuid(1, &a, &b, &c, &d) && (c & bit_F16C);
    return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma") && f16c;
}

/* AVX-512F that can run: the CPU has it and the OS saves the state it
 * needs (XCR0: SSE and AVX state, the opmask registers and all 32 ZMM
 * registers, bits 1, 2, 5, 6, 7), which a kernel or hypervisor may leave
 * off although CPUID reports the instructions. */
static bool x86_avx512f(void)
{
    unsigned a, b, c, d;
    if (!__get_cpuid(1, &a, &b, &c, &d) || !(c & bit_OSXSAVE))
        return false;
    unsigned lo, hi;
    __asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
    (void)hi;
    if ((lo & 0xe6) != 0xe6)
        return false;
    return __get_cpuid_count(7, 0, &a, &b, &c, &d) && (b & bit_AVX512F);
}
#endif

bool kernels_supported(kernels_path path)
{
    switch (path) {
    case KERNELS_REF: return true;
#ifdef INFLECT_X86_KERNELS
    case KERNELS_AVX2: return x86_avx2();
    case KERNELS_AVX512: return x86_avx2() && x86_avx512f();
#endif
#ifdef INFLECT_ARM_KERNELS
    /* Advanced SIMD is part of every AArch64 CPU Linux runs on; the
     * compiler already uses it in plain C. */
    case KERNELS_NEON: return true;
#endif
    default: return false;
    }
}

kernels_path kernels_active(void)
{
    static _Atomic int state = -1;
    int s = atomic_load_explicit(&state, memory_order_relaxed);
    if (s >= 0)
        return (kernels_path)s;
    /* AVX-512 is left out of the default: on Zen 4 it was no faster than
     * AVX2 (kernels.h); a CPU with two full 512-bit FMA units may earn it
     * the default, once measured. */
    kernels_path best = kernels_supported(KERNELS_NEON)   ? KERNELS_NEON
                        : kernels_supported(KERNELS_AVX2) ? KERNELS_AVX2
                                                          : KERNELS_REF;
    kernels_path chosen = best;
    const char *force = getenv("INFLECT_KERNELS");
    int named = -1;
    if (force && *force) {
        for (int p = 0; p < KERNELS_COUNT; p++)
            if (strcmp(force, path_names[p]) == 0)
                named = p;
        if (named >= 0 && kernels_supported((kernels_path)named))
            chosen = (kernels_path)named;
    }
    int expected = -1;
    /* Only the first caller speaks, when threads race to the first call. */
    if (atomic_compare_exchange_strong(&state, &expected, (int)chosen) && force && *force && (int)chosen != named)
        fprintf(stderr, "inflect: INFLECT_KERNELS=%s: %s; using %s\n", force,
                named < 0 ? "not a kernel path (ref, avx2, avx512, neon)" : "this CPU or build cannot run it",
                path_names[best]);
    return (kernels_path)atomic_load_explicit(&state, memory_order_relaxed);
}

bool kernels_simd(void)
{
    return kernels_active() != KERNELS_REF;
}

/* ---- convolution --------------------------------------------------------- */

size_t kconv_packed_count(int c_out, int c_in, int k)
{
    size_t blocks = (size_t)kconv_blocks(c_out);
    return blocks * (size_t)c_in * (size_t)k * KCONV_ROWS;
}

/* Source element of tap j of (co, ci), or -1 for a zero tap: for a plain
 * convolution (phase < 0) from the [c_out][c_in][k] weight; for phase
 * `phase` of a transposed convolution the kernel index
 * phase + (taps-1-j)*stride of its [c_in][c_out][k] weight, reversed so the
 * phase becomes a forward convolution over the input. */
static ptrdiff_t tap_index(int co, int ci, int j, int c_out, int c_in, int k, int phase, int stride, int taps)
{
    if (phase < 0)
        return ((ptrdiff_t)co * c_in + ci) * k + j;
    int kk = phase + (taps - 1 - j) * stride;
    return kk < k ? ((ptrdiff_t)ci * c_out + co) * k + kk : -1;
}

/* Element i of src (elem bytes: 2 or 4), or zero for i < 0, into d. The
 * sizes are constants in each branch so the compiler moves the bytes
 * itself: a libc call per element was half of opening a voice. All-zero
 * bits are 0.0 in both precisions. */
static inline void put(unsigned char *d, const unsigned char *src, ptrdiff_t i, size_t elem)
{
    if (elem == 2) {
        if (i < 0)
            memset(d, 0, 2);
        else
            memcpy(d, src + (size_t)i * 2, 2);
    } else {
        if (i < 0)
            memset(d, 0, 4);
        else
            memcpy(d, src + (size_t)i * 4, 4);
    }
}

static void pack(unsigned char *dst, const unsigned char *src, size_t elem, int c_out, int c_in, int k, int taps,
                 int phase, int stride)
{
    int blocks = kconv_blocks(c_out);
    for (int b = 0; b < blocks; b++) {
        int r0, rows;
        kconv_block(c_out, b, &r0, &rows);
        unsigned char *blk = dst + (size_t)b * c_in * taps * KCONV_ROWS * elem;
        for (int ci = 0; ci < c_in; ci++)
            for (int j = 0; j < taps; j++)
                for (int r = 0; r < KCONV_ROWS; r++) {
                    unsigned char *d = blk + (((size_t)ci * taps + j) * KCONV_ROWS + r) * elem;
                    ptrdiff_t i = r < rows ? tap_index(r0 + r, ci, j, c_out, c_in, k, phase, stride, taps) : -1;
                    put(d, src, i, elem);
                }
    }
}

void kconv_pack(void *dst, const void *src, size_t elem, int c_out, int c_in, int k)
{
    pack(dst, src, elem, c_out, c_in, k, k, -1, 1);
}

kconv kconv_f32(const kconv *cv, float *ws)
{
    if (cv->rows)
        return kconv_f32_rows(cv, ws);
    if (!cv->f16)
        return *cv;
    kf16_to_f32(ws, cv->w, kconv_packed_count(cv->c_out, cv->c_in, cv->k));
    kconv out = *cv;
    out.w = ws;
    out.f16 = false;
    return out;
}

void kf16_to_f32_ref(float *dst, const uint16_t *src, size_t n)
{
    for (size_t i = 0; i < n; i++)
        dst[i] = f16_to_f32(src[i]);
}

void kf16_to_f32(float *dst, const uint16_t *src, size_t n)
{
    switch (kernels_active()) {
#ifdef INFLECT_X86_KERNELS
    case KERNELS_AVX2:
    case KERNELS_AVX512: kf16_to_f32_avx2(dst, src, n); return;
#endif
#ifdef INFLECT_ARM_KERNELS
    case KERNELS_NEON: kf16_to_f32_neon(dst, src, n); return;
#endif
    default: kf16_to_f32_ref(dst, src, n); return;
    }
}

void kconv_run_blocks_ref(const kconv *cv, int b0, int b1, const float *in, ptrdiff_t in_stride, int dil,
                          float *out, ptrdiff_t out_stride, int n, int mode)
{
    enum { TILE = 64 };
    float acc[KCONV_ROWS][TILE];
    for (int t0 = 0; t0 < n; t0 += TILE) {
        int nt = n - t0 < TILE ? n - t0 : TILE;
        for (int b = b0; b < b1; b++) {
            int r0, rows;
            kconv_block(cv->c_out, b, &r0, &rows);
            const float *wp = (const float *)cv->w + (size_t)(b - b0) * cv->c_in * cv->k * KCONV_ROWS;
            memset(acc, 0, sizeof acc);
            for (int ci = 0; ci < cv->c_in; ci++)
                for (int j = 0; j < cv->k; j++, wp += KCONV_ROWS) {
                    const float *src = in + ci * in_stride + (ptrdiff_t)j * dil + t0;
                    for (int r = 0; r < rows; r++)
                        for (int t = 0; t < nt; t++)
                            acc[r][t] += wp[r] * src[t];
                }
            for (int r = 0; r < rows; r++) {
                float bias = cv->bias ? cv->bias[r0 + r] : 0.0f;
                float *dst = out + (r0 + r) * out_stride + t0;
                for (int t = 0; t < nt; t++)
                    dst[t] = mode == KCONV_ADD ? dst[t] + (acc[r][t] + bias) : acc[r][t] + bias;
            }
        }
    }
}

void kconv_run_ref(const kconv *cv, const float *in, ptrdiff_t in_stride, int dil, float *out,
                   ptrdiff_t out_stride, int n, int mode)
{
    kconv_run_blocks_ref(cv, 0, kconv_blocks(cv->c_out), in, in_stride, dil, out, out_stride, n, mode);
}

void kconv_run_blocks(const kconv *cv, int b0, int b1, const float *in, ptrdiff_t in_stride, int dil, float *out,
                      ptrdiff_t out_stride, int n, int mode)
{
    assert(!cv->f16 && !cv->rows);
    switch (kernels_active()) {
#ifdef INFLECT_X86_KERNELS
    case KERNELS_AVX2: kconv_run_blocks_avx2(cv, b0, b1, in, in_stride, dil, out, out_stride, n, mode); return;
    case KERNELS_AVX512: kconv_run_blocks_avx512(cv, b0, b1, in, in_stride, dil, out, out_stride, n, mode); return;
#endif
#ifdef INFLECT_ARM_KERNELS
    case KERNELS_NEON: kconv_run_blocks_neon(cv, b0, b1, in, in_stride, dil, out, out_stride, n, mode); return;
#endif
    default: kconv_run_blocks_ref(cv, b0, b1, in, in_stride, dil, out, out_stride, n, mode); return;
    }
}

kconv kconv_ready(const kconv *cv, float *ws, size_t ws_floats)
{
    if ((!cv->f16 && !cv->rows) || kconv_packed_count(cv->c_out, cv->c_in, cv->k) > ws_floats)
        return *cv;
    return kconv_f32(cv, ws);
}

void kconv_apply(const kconv *cv, float *ws, size_t ws_floats, const float *in, ptrdiff_t in_stride, int dil,
                 float *out, ptrdiff_t out_stride, int n, int mode)
{
    kconv f = kconv_ready(cv, ws, ws_floats);
    if (!f.f16 && !f.rows) {
        kconv_run(&f, in, in_stride, dil, out, out_stride, n, mode);
        return;
    }
    int blocks = kconv_blocks(cv->c_out);
    size_t block_floats = kconv_block_floats(cv);
    int per = (int)(ws_floats / block_floats);
    assert(per >= 1);
    for (int b0 = 0; b0 < blocks; b0 += per) {
        int b1 = b0 + per < blocks ? b0 + per : blocks;
        if (cv->rows)
            kconv_widen_rows(ws, cv, b0, b1);
        else
            kf16_to_f32(ws, (const uint16_t *)cv->w + (size_t)b0 * block_floats, (size_t)(b1 - b0) * block_floats);
        kconv part = *cv;
        part.w = ws;
        part.f16 = false;
        part.rows = NULL;
        kconv_run_blocks(&part, b0, b1, in, in_stride, dil, out, out_stride, n, mode);
    }
    kconv_drop_rows(cv);
}

void kconv_run(const kconv *cv, const float *in, ptrdiff_t in_stride, int dil, float *out, ptrdiff_t out_stride,
               int n, int mode)
{
    assert(!cv->f16 && !cv->rows);
    switch (kernels_active()) {
#ifdef INFLECT_X86_KERNELS
    case KERNELS_AVX2: kconv_run_avx2(cv, in, in_stride, dil, out, out_stride, n, mode); return;
    case KERNELS_AVX512: kconv_run_avx512(cv, in, in_stride, dil, out, out_stride, n, mode); return;
#endif
#ifdef INFLECT_ARM_KERNELS
    case KERNELS_NEON: kconv_run_neon(cv, in, in_stride, dil, out, out_stride, n, mode); return;
#endif
    default: kconv_run_ref(cv, in, in_stride, dil, out, out_stride, n, mode); return;
    }
}

/* ---- transposed convolution ---------------------------------------------- */

size_t kconvt_phase_count(int c_out, int c_in, int k, int stride)
{
    return kconv_packed_count(c_out, c_in, (k + stride - 1) / stride);
}

void kconvt_pack(void *dst, const void *src, size_t elem, int c_out, int c_in, int k, int stride)
{
    int taps = (k + stride - 1) / stride;
    size_t per_phase = kconvt_phase_count(c_out, c_in, k, stride) * elem;
    for (int phase = 0; phase < stride; phase++)
        pack((unsigned char *)dst + phase * per_phase, src, elem, c_out, c_in, k, taps, phase, stride);
}

static long ceil_div(long a, long b) { return a >= 0 ? (a + b - 1) / b : -(-a / b); }

void kconvt_run(const kconvt *ct, const float *in, ptrdiff_t in_stride, long q0, float *out, ptrdiff_t out_stride,
                long t0, int n, float *tmp, float *ws, size_t ws_floats)
{
    kconvt_run_with(ct, in, in_stride, q0, out, out_stride, t0, n, tmp, ws, ws_floats, NULL, NULL);
}

void kconvt_run_with(const kconvt *ct, const float *in, ptrdiff_t in_stride, long q0, float *out,
                     ptrdiff_t out_stride, long t0, int n, float *tmp, float *ws, size_t ws_floats,
                     kconv_apply_fn apply, void *user)
{
    size_t per_phase = kconvt_phase_count(ct->c_out, ct->c_in, ct->k, ct->stride) * (ct->f16 ? 2 : 4);
    long r = ct->stride;
    for (int phase = 0; phase < r; phase++) {
        /* Outputs of this phase are t = Q*stride + phase - pad. */
        long qlo = ceil_div(t0 + ct->pad - phase, r);
        long qhi = ceil_div(t0 + n + ct->pad - phase, r);
        if (qhi <= qlo)
            continue;
        int m = (int)(qhi - qlo);
        kconv packed = {ct->c_out, ct->c_in, ct->taps, ct->rows ? NULL : (const unsigned char *)ct->w + phase * per_phase,
                        ct->f16, ct->bias, ct->rows, phase};
        const float *src = in + (qlo - ct->taps + 1 - q0);
        if (apply)
            apply(user, &packed, ws, ws_floats, src, in_stride, 1, tmp, m, m, KCONV_SET);
        else
            kconv_apply(&packed, ws, ws_floats, src, in_stride, 1, tmp, m, m, KCONV_SET);
        long first = qlo * r + phase - ct->pad - t0;
        for (int co = 0; co < ct->c_out; co++) {
            float *dst = out + co * out_stride + first;
            const float *src = tmp + (size_t)co * m;
            for (int i = 0; i < m; i++)
                dst[i * r] = src[i];
        }
    }
}

/* ---- depthwise convolution ----------------------------------------------- */

void kdepthwise(float *out, ptrdiff_t out_stride, const float *in, ptrdiff_t in_stride, int c_out, int mult,
                const float *w, const float *bias, int k, int n)
{
    for (int o = 0; o < c_out; o++) {
        const float *src = in + (o / mult) * in_stride;
        const float *wo = w + (size_t)o * k;
        float *dst = out + o * out_stride;
        for (int t = 0; t < n; t++)
            dst[t] = 0.0f;
        for (int j = 0; j < k; j++)
            for (int t = 0; t < n; t++)
                dst[t] += wo[j] * src[t + j];
        for (int t = 0; t < n; t++)
            dst[t] += bias[o];
    }
}

/* ---- normalisation and activations --------------------------------------- */

void klayernorm(float *dst, ptrdiff_t dst_stride, const float *src, ptrdiff_t src_stride, int c, int n,
                const float *gamma, const float *beta)
{
    enum { TILE = 64 };
    float mean[TILE], rstd[TILE];
    for (int t0 = 0; t0 < n; t0 += TILE) {
        int nt = n - t0 < TILE ? n - t0 : TILE;
        for (int t = 0; t < nt; t++)
            mean[t] = rstd[t] = 0.0f;
        for (int ch = 0; ch < c; ch++)
            for (int t = 0; t < nt; t++)
                mean[t] += src[ch * src_stride + t0 + t];
        for (int t = 0; t < nt; t++)
            mean[t] /= (float)c;
        /* Two passes: the variance of activations with a large mean would
         * lose its digits in E[x^2] - E[x]^2. */
        for (int ch = 0; ch < c; ch++)
            for (int t = 0; t < nt; t++) {
                float d = src[ch * src_stride + t0 + t] - mean[t];
                rstd[t] += d * d;
            }
        for (int t = 0; t < nt; t++)
            rstd[t] = 1.0f / sqrtf(rstd[t] / (float)c + 1e-5f);
        for (int ch = 0; ch < c; ch++)
            for (int t = 0; t < nt; t++) {
                float x = src[ch * src_stride + t0 + t];
                dst[ch * dst_stride + t0 + t] = (x - mean[t]) * rstd[t] * gamma[ch] + beta[ch];
            }
    }
}

void ksilu(float *x, ptrdiff_t stride, int rows, int n)
{
    for (int r = 0; r < rows; r++)
        for (int t = 0; t < n; t++) {
            float v = x[r * stride + t];
            x[r * stride + t] = v / (1.0f + expf(-v));
        }
}

void ktanh(float *x, ptrdiff_t stride, int rows, int n)
{
    for (int r = 0; r < rows; r++)
        for (int t = 0; t < n; t++)
            x[r * stride + t] = tanhf(x[r * stride + t]);
}

void ksnake_ref(float *dst, ptrdiff_t dst_stride, const float *src, ptrdiff_t src_stride, int rows, int n,
                const float *alpha, const float *inv_alpha)
{
    for (int r = 0; r < rows; r++)
        for (int t = 0; t < n; t++) {
            float x = src[r * src_stride + t];
            float s = sinf(alpha[r] * x);
            dst[r * dst_stride + t] = x + s * s * inv_alpha[r];
        }
}

void ksnake(float *dst, ptrdiff_t dst_stride, const float *src, ptrdiff_t src_stride, int rows, int n,
            const float *alpha, const float *inv_alpha)
{
    switch (kernels_active()) {
#ifdef INFLECT_X86_KERNELS
    case KERNELS_AVX2: ksnake_avx2(dst, dst_stride, src, src_stride, rows, n, alpha, inv_alpha); return;
    case KERNELS_AVX512: ksnake_avx512(dst, dst_stride, src, src_stride, rows, n, alpha, inv_alpha); return;
#endif
#ifdef INFLECT_ARM_KERNELS
    case KERNELS_NEON: ksnake_neon(dst, dst_stride, src, src_stride, rows, n, alpha, inv_alpha); return;
#endif
    default: ksnake_ref(dst, dst_stride, src, src_stride, rows, n, alpha, inv_alpha); return;
    }
}

/* ---- GRU ----------------------------------------------------------------- */

void kgru_step(float *h, const float *gi, ptrdiff_t gi_stride, const float *w_hh_t, const float *b_hh, int hs,
               float *gh)
{
    int g3 = 3 * hs;
    for (int o = 0; o < g3; o++)
        gh[o] = 0.0f;
    for (int i = 0; i < hs; i++) {
        const float *row = w_hh_t + (size_t)i * g3;
        float hi = h[i];
        for (int o = 0; o < g3; o++)
            gh[o] += row[o] * hi;
    }
    for (int i = 0; i < hs; i++) {
        float r = ksigmoid(gi[i * gi_stride] + (gh[i] + b_hh[i]));
        float z = ksigmoid(gi[(hs + i) * gi_stride] + (gh[hs + i] + b_hh[hs + i]));
        float n = tanhf(gi[(2 * hs + i) * gi_stride] + r * (gh[2 * hs + i] + b_hh[2 * hs + i]));
        h[i] = (1.0f - z) * n + z * h[i];
    }
}
