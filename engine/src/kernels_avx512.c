/* AVX-512F twins of the convolution and Snake: the AVX2 kernels
 * (kernels_avx2.c) sixteen lanes wide, with AVX-512's masked loads and
 * stores for a row's last partial vector. Every output gets the same FMAs
 * in the same order as in the AVX2 kernels, so the two give the same bits.
 * F16 and Q8_0 widening stay on the AVX2 code, which a CPU with AVX-512F
 * also runs (kernels_supported asks for both).
 *
 * Not yet executed as AVX-512: they were written on a CPU without it,
 * which qemu cannot emulate either. `meson test kernels-avx512` holds them
 * to the reference (and to the AVX2 bits) wherever the CPU has AVX-512 and
 * skips elsewhere; kernels-avx512-emulated runs their logic on any x86 CPU
 * through a plain-C stand-in for the intrinsics. Until the real ones have
 * run, the path is taken only when asked for (INFLECT_KERNELS=avx512,
 * docs/platforms.md).
 *
 * Copyright (C) 2026 The Inflect authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "kernels.h"

#ifdef INFLECT_X86_KERNELS

#include <immintrin.h>

/* test_avx512_emulated compiles this file once more against a plain-C
 * stand-in for the intrinsics, to run its logic on any CPU; that build must
 * not let the compiler use AVX-512 itself. */
#ifndef INFLECT_AVX512_EMULATED
#define AVX512 __attribute__((target("avx512f,avx2,fma,f16c")))
#define AVX512_INLINE __attribute__((target("avx512f,avx2,fma,f16c"), always_inline)) static inline
#else
#define AVX512
#define AVX512_INLINE __attribute__((always_inline)) static inline
#endif

/* One register tile: `rows` output channels (tl.rows) x `nv` vectors of 16
 * time steps, the AVX2 tile's 4 x 3 shape: 12 accumulators, 3 inputs and a
 * broadcast weight in 16 of the 32 registers. The last vector of a row is
 * loaded and stored through `mask` when `masked`; masked-off lanes are
 * neither read nor written, so nothing past the caller's buffers is
 * touched. rows, nv and masked are constants after inlining. */
AVX512_INLINE void tile(kconv_tile tl, int rows, int nv, int masked, __mmask16 mask, const float *in,
                        ptrdiff_t in_stride, int c_in, int k, int dil, ptrdiff_t out_stride, int mode)
{
    __m512 acc[KCONV_ROWS][3];
    for (int r = 0; r < rows; r++)
        for (int v = 0; v < nv; v++)
            acc[r][v] = _mm512_setzero_ps();
    const float *wp = tl.w;
    for (int ci = 0; ci < c_in; ci++) {
        const float *row = in + ci * in_stride;
        for (int j = 0; j < k; j++, wp += KCONV_ROWS) {
            const float *src = row + (ptrdiff_t)j * dil;
            __m512 x[3];
            for (int v = 0; v < nv; v++)
                x[v] = masked && v == nv - 1 ? _mm512_maskz_loadu_ps(mask, src + 16 * v)
                                             : _mm512_loadu_ps(src + 16 * v);
            for (int r = 0; r < rows; r++) {
                __m512 wv = _mm512_set1_ps(wp[r]);
                for (int v = 0; v < nv; v++)
                    acc[r][v] = _mm512_fmadd_ps(wv, x[v], acc[r][v]);
            }
        }
    }
    for (int r = 0; r < rows; r++) {
        __m512 b = tl.bias ? _mm512_set1_ps(tl.bias[r]) : _mm512_setzero_ps();
        for (int v = 0; v < nv; v++) {
            float *dst = tl.out + r * out_stride + 16 * v;
            int part = masked && v == nv - 1;
            __m512 val = _mm512_add_ps(acc[r][v], b);
            if (mode == KCONV_ADD)
                val = _mm512_add_ps(part ? _mm512_maskz_loadu_ps(mask, dst) : _mm512_loadu_ps(dst), val);
            if (part)
                _mm512_mask_storeu_ps(dst, mask, val);
            else
                _mm512_storeu_ps(dst, val);
        }
    }
}

#define TILE_ROWS(nv, masked)                                                                                     \
    switch (tl.rows) {                                                                                            \
    case 1: tile(tl, 1, nv, masked, mask, src, in_stride, c_in, k, dil, out_stride, mode); break;                 \
    case 2: tile(tl, 2, nv, masked, mask, src, in_stride, c_in, k, dil, out_stride, mode); break;                 \
    case 3: tile(tl, 3, nv, masked, mask, src, in_stride, c_in, k, dil, out_stride, mode); break;                 \
    default: tile(tl, 4, nv, masked, mask, src, in_stride, c_in, k, dil, out_stride, mode); break;                \
    }

AVX512 void kconv_run_avx512(const kconv *cv, const float *in, ptrdiff_t in_stride, int dil, float *out,
                             ptrdiff_t out_stride, int n, int mode)
{
    kconv_run_blocks_avx512(cv, 0, kconv_blocks(cv->c_out), in, in_stride, dil, out, out_stride, n, mode);
}

AVX512 void kconv_run_blocks_avx512(const kconv *cv, int b0, int b1, const float *in, ptrdiff_t in_stride, int dil,
                                    float *out, ptrdiff_t out_stride, int n, int mode)
{
    int c_in = cv->c_in, k = cv->k;
    /* t only ever moves by 48 or 16, so the steps left at the masked tile
     * are n % 16. */
    __mmask16 mask = (__mmask16)((1u << (n % 16)) - 1u);
    /* Time outermost: one time tile of input (c_in rows) stays in L1 while
     * every block of output channels reads it. */
    for (int t = 0; t < n;) {
        int step = n - t >= 48 ? 48 : 16;
        const float *src = in + t;
        for (int b = b0; b < b1; b++) {
            kconv_tile tl = kconv_tile_at(cv, b0, b, out, out_stride, t);
            if (step == 48) {
                TILE_ROWS(3, 0)
            } else if (n - t >= 16) {
                TILE_ROWS(1, 0)
            } else {
                TILE_ROWS(1, 1)
            }
        }
        t += step;
    }
}

/* kernels_avx2.c's snake8, sixteen lanes: the same reduction, polynomial
 * and odd-quadrant choice, with an opmask for the choice. */
AVX512_INLINE __m512 snake16(__m512 x, __m512 alpha, __m512 inv_alpha)
{
    const __m512 two_over_pi = _mm512_set1_ps(0x1.45f306p-1f);
    const __m512 c1 = _mm512_set1_ps(0x1.921fb6p+0f);
    const __m512 c2 = _mm512_set1_ps(-0x1.777a5cp-25f);
    const __m512 c3 = _mm512_set1_ps(-0x1.ee59dap-50f);
    __m512 u = _mm512_mul_ps(alpha, x);
    __m512 q = _mm512_roundscale_ps(_mm512_mul_ps(u, two_over_pi), _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
    __m512 r = _mm512_fnmadd_ps(q, c1, u);
    r = _mm512_fnmadd_ps(q, c2, r);
    r = _mm512_fnmadd_ps(q, c3, r);
    __m512 z = _mm512_mul_ps(r, r);
    __m512 p = _mm512_fmadd_ps(_mm512_set1_ps(-1.9515295891e-4f), z, _mm512_set1_ps(8.3321608736e-3f));
    p = _mm512_fmadd_ps(p, z, _mm512_set1_ps(-1.6666654611e-1f));
    __m512 s = _mm512_fmadd_ps(_mm512_mul_ps(p, z), r, r);
    __m512 s2 = _mm512_mul_ps(s, s);
    __mmask16 odd = _mm512_test_epi32_mask(_mm512_cvtps_epi32(q), _mm512_set1_epi32(1));
    __m512 sq = _mm512_mask_blend_ps(odd, s2, _mm512_sub_ps(_mm512_set1_ps(1.0f), s2));
    return _mm512_fmadd_ps(sq, inv_alpha, x);
}

AVX512 void ksnake_avx512(float *dst, ptrdiff_t dst_stride, const float *src, ptrdiff_t src_stride, int rows, int n,
                          const float *alpha, const float *inv_alpha)
{
    __mmask16 mask = (__mmask16)((1u << (n % 16)) - 1u);
    for (int r = 0; r < rows; r++) {
        __m512 a = _mm512_set1_ps(alpha[r]), ia = _mm512_set1_ps(inv_alpha[r]);
        const float *s = src + r * src_stride;
        float *d = dst + r * dst_stride;
        int t = 0;
        for (; t + 16 <= n; t += 16)
            _mm512_storeu_ps(d + t, snake16(_mm512_loadu_ps(s + t), a, ia));
        if (t < n)
            _mm512_mask_storeu_ps(d + t, mask, snake16(_mm512_maskz_loadu_ps(mask, s + t), a, ia));
    }
}

#endif
