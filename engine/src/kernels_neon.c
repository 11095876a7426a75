/* NEON variants of the hot kernels, for aarch64. Advanced SIMD and the
 * half-to-single conversion (FCVTL) are part of the base AArch64
 * instruction set, so unlike the x86 twins these need no target attribute
 * and no run-time test; HWCAP would matter only for optional extensions
 * (FP16 arithmetic, BF16 or int8 dot products), which nothing here uses.
 *
 * Copyright (C) 2026 The Inflect authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "kernels.h"

#ifdef INFLECT_ARM_KERNELS

#include <arm_neon.h>
#include <math.h>
#include <string.h>

#include "f16.h"
#include "kconv_q8.h"

#define NEON_INLINE __attribute__((always_inline)) static inline

/* One register tile: `rows` output channels (tl.rows) x `nv` vectors of 4
 * time steps. The block's four weights of one (ci, tap) are one vector in
 * the packed layout, and each row's FMA takes its weight as a lane of it
 * (FMLA by element): a tap costs one weight load and nv input loads for
 * rows x nv FMAs. 4 x 4 accumulators, 4 inputs and the weights use 21 of
 * the 32 registers. rows and nv are constants after inlining, so the
 * `rows > r` tests vanish and the lane numbers are the immediates FMLA
 * needs. */
NEON_INLINE void tile(kconv_tile tl, int rows, int nv, const float *in, ptrdiff_t in_stride, int c_in, int k,
                      int dil, ptrdiff_t out_stride, int mode)
{
    float32x4_t acc[KCONV_ROWS][4];
    for (int r = 0; r < KCONV_ROWS; r++)
        for (int v = 0; v < 4; v++)
            acc[r][v] = vdupq_n_f32(0.0f);
    const float *wp = tl.w;
    for (int ci = 0; ci < c_in; ci++) {
        const float *row = in + ci * in_stride;
        for (int j = 0; j < k; j++, wp += KCONV_ROWS) {
            const float *src = row + (ptrdiff_t)j * dil;
            float32x4_t wv = vld1q_f32(wp), x[4];
            for (int v = 0; v < nv; v++)
                x[v] = vld1q_f32(src + 4 * v);
            for (int v = 0; v < nv; v++) {
                acc[0][v] = vfmaq_laneq_f32(acc[0][v], x[v], wv, 0);
                if (rows > 1)
                    acc[1][v] = vfmaq_laneq_f32(acc[1][v], x[v], wv, 1);
                if (rows > 2)
                    acc[2][v] = vfmaq_laneq_f32(acc[2][v], x[v], wv, 2);
                if (rows > 3)
                    acc[3][v] = vfmaq_laneq_f32(acc[3][v], x[v], wv, 3);
            }
        }
    }
    for (int r = 0; r < rows; r++) {
        float32x4_t b = vdupq_n_f32(tl.bias ? tl.bias[r] : 0.0f);
        for (int v = 0; v < nv; v++) {
            float *dst = tl.out + r * out_stride + 4 * v;
            float32x4_t val = vaddq_f32(acc[r][v], b);
            if (mode == KCONV_ADD)
                val = vaddq_f32(vld1q_f32(dst), val);
            vst1q_f32(dst, val);
        }
    }
}

#define TILE_ROWS(nv)                                                                                    \
    switch (tl.rows) {                                                                                   \
    case 1: tile(tl, 1, nv, src, in_stride, c_in, k, dil, out_stride, mode); break;                      \
    case 2: tile(tl, 2, nv, src, in_stride, c_in, k, dil, out_stride, mode); break;                      \
    case 3: tile(tl, 3, nv, src, in_stride, c_in, k, dil, out_stride, mode); break;                      \
    default: tile(tl, 4, nv, src, in_stride, c_in, k, dil, out_stride, mode); break;                     \
    }

void kconv_run_neon(const kconv *cv, const float *in, ptrdiff_t in_stride, int dil, float *out, ptrdiff_t out_stride,
                    int n, int mode)
{
    kconv_run_blocks_neon(cv, 0, kconv_blocks(cv->c_out), in, in_stride, dil, out, out_stride, n, mode);
}

void kconv_run_blocks_neon(const kconv *cv, int b0, int b1, const float *in, ptrdiff_t in_stride, int dil,
                           float *out, ptrdiff_t out_stride, int n, int mode)
{
    int c_in = cv->c_in, k = cv->k;
    int t = 0;
    /* Time outermost, as in the AVX2 kernel: one time tile of the input
     * stays in L1 while every block of output channels reads it. */
    while (n - t >= 4) {
        int nv = n - t >= 16 ? 4 : 1;
        const float *src = in + t;
        for (int b = b0; b < b1; b++) {
            kconv_tile tl = kconv_tile_at(cv, b0, b, out, out_stride, t);
            if (nv == 4) {
                TILE_ROWS(4)
            } else {
                TILE_ROWS(1)
            }
        }
        t += 4 * nv;
    }
    /* The last 1 to 3 steps one at a time: NEON has no masked loads, and a
     * whole vector could read past the end of the caller's input or output.
     * fmaf is the same fused multiply-add as a vector lane, in the same
     * order, so every output has the same bits wherever a chunk boundary
     * puts it (the streaming vocoder relies on this). */
    for (; t < n; t++)
        for (int b = b0; b < b1; b++) {
            kconv_tile tl = kconv_tile_at(cv, b0, b, out, out_stride, t);
            for (int r = 0; r < tl.rows; r++) {
                float acc = 0.0f;
                const float *wp = tl.w + r;
                for (int ci = 0; ci < c_in; ci++)
                    for (int j = 0; j < k; j++, wp += KCONV_ROWS)
                        acc = fmaf(in[ci * in_stride + (ptrdiff_t)j * dil + t], *wp, acc);
                float val = acc + (tl.bias ? tl.bias[r] : 0.0f);
                float *dst = tl.out + r * out_stride;
                *dst = mode == KCONV_ADD ? *dst + val : val;
            }
        }
}

/* Q8_0 rows of a plain layer (columns in packed order, [c_in][k]), the four
 * rows of a block at once: 8 values of each row are widened to float and
 * multiplied by the block's scale (the reference decoder's single multiply
 * of (float)q by d, so the same bits), then VST4 interleaves the four rows
 * into [column][row], the packed order. A row's last partial block is
 * kconv_q8_tail's; other types and layouts are the reference's
 * (kconv_q8.h). */
void kconv_widen_rows_neon(float *dst, const kconv *cv, int b0, int b1)
{
    if (!kconv_q8_plain(cv)) {
        kconv_widen_rows_ref(dst, cv, b0, b1);
        return;
    }
    int cols = cv->c_in * cv->k, whole = cols / Q8_VALUES;
    for (int b = b0; b < b1; b++) {
        float *blk = dst + (size_t)(b - b0) * kconv_block_floats(cv);
        const uint8_t *row[KCONV_ROWS];
        kconv_q8_rows(cv, b, row);
        for (int qb = 0; qb < whole; qb++) {
            float32x4_t d[KCONV_ROWS];
            for (int r = 0; r < KCONV_ROWS; r++)
                d[r] = vdupq_n_f32(row[r] ? kconv_q8_scale(row[r] + (size_t)qb * Q8_BYTES) : 0.0f);
            for (int g = 0; g < 4; g++) {
                float32x4x4_t lo, hi;
                for (int r = 0; r < KCONV_ROWS; r++) {
                    if (!row[r]) {
                        lo.val[r] = hi.val[r] = vdupq_n_f32(0.0f);
                        continue;
                    }
                    int16x8_t v = vmovl_s8(vld1_s8((const int8_t *)(row[r] + (size_t)qb * Q8_BYTES + 2 + 8 * g)));
                    lo.val[r] = vmulq_f32(vcvtq_f32_s32(vmovl_s16(vget_low_s16(v))), d[r]);
                    hi.val[r] = vmulq_f32(vcvtq_f32_s32(vmovl_high_s16(v)), d[r]);
                }
                float *o = blk + ((size_t)qb * Q8_VALUES + 8 * g) * KCONV_ROWS;
                vst4q_f32(o, lo);
                vst4q_f32(o + 16, hi);
            }
        }
        kconv_q8_tail(blk, row, cols);
    }
}

void kf16_to_f32_neon(float *dst, const uint16_t *src, size_t n)
{
    size_t i = 0;
    for (; i + 4 <= n; i += 4)
        vst1q_f32(dst + i, vcvt_f32_f16(vreinterpret_f16_u16(vld1_u16(src + i))));
    for (; i < n; i++)
        dst[i] = f16_to_f32(src[i]);
}

/* The AVX2 kernel's Snake (kernels_avx2.c, snake8), four lanes wide: sin^2
 * after reducing alpha x by q pi/2 in three exact parts, Cephes' sinf
 * polynomial on |r| <= pi/4, and 1 - sin^2 for odd q. */
NEON_INLINE float32x4_t snake4(float32x4_t x, float32x4_t alpha, float32x4_t inv_alpha)
{
    float32x4_t u = vmulq_f32(alpha, x);
    float32x4_t q = vrndnq_f32(vmulq_f32(u, vdupq_n_f32(0x1.45f306p-1f)));
    float32x4_t r = vfmsq_f32(u, q, vdupq_n_f32(0x1.921fb6p+0f));
    r = vfmsq_f32(r, q, vdupq_n_f32(-0x1.777a5cp-25f));
    r = vfmsq_f32(r, q, vdupq_n_f32(-0x1.ee59dap-50f));
    float32x4_t z = vmulq_f32(r, r);
    float32x4_t p = vfmaq_f32(vdupq_n_f32(8.3321608736e-3f), vdupq_n_f32(-1.9515295891e-4f), z);
    p = vfmaq_f32(vdupq_n_f32(-1.6666654611e-1f), p, z);
    float32x4_t s = vfmaq_f32(r, vmulq_f32(p, z), r);
    float32x4_t s2 = vmulq_f32(s, s);
    uint32x4_t odd = vtstq_s32(vcvtnq_s32_f32(q), vdupq_n_s32(1));
    float32x4_t sq = vbslq_f32(odd, vsubq_f32(vdupq_n_f32(1.0f), s2), s2);
    return vfmaq_f32(x, sq, inv_alpha);
}

void ksnake_neon(float *dst, ptrdiff_t dst_stride, const float *src, ptrdiff_t src_stride, int rows, int n,
                 const float *alpha, const float *inv_alpha)
{
    for (int r = 0; r < rows; r++) {
        float32x4_t a = vdupq_n_f32(alpha[r]), ia = vdupq_n_f32(inv_alpha[r]);
        const float *s = src + r * src_stride;
        float *d = dst + r * dst_stride;
        int t = 0;
        for (; t + 4 <= n; t += 4)
            vst1q_f32(d + t, snake4(vld1q_f32(s + t), a, ia));
        if (t < n) {
            /* The last 1 to 3 values through a zeroed vector, so they get
             * the same arithmetic as the rest. */
            float tail[4] = {0};
            memcpy(tail, s + t, sizeof(float) * (size_t)(n - t));
            vst1q_f32(tail, snake4(vld1q_f32(tail), a, ia));
            memcpy(d + t, tail, sizeof(float) * (size_t)(n - t));
        }
    }
}

#endif
