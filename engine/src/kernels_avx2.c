/* AVX2+FMA variants of the hot kernels. Only these functions carry the
 * target attribute, so the rest of the library runs on any x86-64 and the
 * choice is made at run time (kernels_simd()).
 *
 * Copyright (C) 2026 The Inflect authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "kernels.h"

#ifdef INFLECT_X86_KERNELS

#include <immintrin.h>

#include "kconv_q8.h"

#define AVX2 __attribute__((target("avx2,fma,f16c")))
#define AVX2_INLINE __attribute__((target("avx2,fma,f16c"), always_inline)) static inline

/* Lanes 0..m-1 set, for the last partial vector of a row. */
AVX2_INLINE __m256i lane_mask(int m)
{
    return _mm256_cmpgt_epi32(_mm256_set1_epi32(m), _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7));
}

/* One register tile: `rows` output channels (tl.rows) x `nv` vectors of 8
 * time steps. With 4 x 3 accumulators each input vector is loaded once for
 * 4 FMAs and each broadcast weight serves 3, which keeps the FMA units
 * rather than the load ports busy. rows, nv and masked are constants after
 * inlining. */
AVX2_INLINE void tile(kconv_tile tl, int rows, int nv, int masked, __m256i mask, const float *in, ptrdiff_t in_stride,
                      int c_in, int k, int dil, ptrdiff_t out_stride, int mode)
{
    __m256 acc[KCONV_ROWS][3];
    for (int r = 0; r < rows; r++)
        for (int v = 0; v < nv; v++)
            acc[r][v] = _mm256_setzero_ps();
    const float *wp = tl.w;
    for (int ci = 0; ci < c_in; ci++) {
        const float *row = in + ci * in_stride;
        for (int j = 0; j < k; j++, wp += KCONV_ROWS) {
            const float *src = row + (ptrdiff_t)j * dil;
            __m256 x[3];
            for (int v = 0; v < nv; v++)
                x[v] = masked && v == nv - 1 ? _mm256_maskload_ps(src + 8 * v, mask) : _mm256_loadu_ps(src + 8 * v);
            for (int r = 0; r < rows; r++) {
                __m256 wv = _mm256_broadcast_ss(wp + r);
                for (int v = 0; v < nv; v++)
                    acc[r][v] = _mm256_fmadd_ps(wv, x[v], acc[r][v]);
            }
        }
    }
    for (int r = 0; r < rows; r++) {
        __m256 b = tl.bias ? _mm256_set1_ps(tl.bias[r]) : _mm256_setzero_ps();
        for (int v = 0; v < nv; v++) {
            float *dst = tl.out + r * out_stride + 8 * v;
            int part = masked && v == nv - 1;
            __m256 val = _mm256_add_ps(acc[r][v], b);
            if (mode == KCONV_ADD)
                val = _mm256_add_ps(part ? _mm256_maskload_ps(dst, mask) : _mm256_loadu_ps(dst), val);
            if (part)
                _mm256_maskstore_ps(dst, mask, val);
            else
                _mm256_storeu_ps(dst, val);
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

AVX2 void kconv_run_avx2(const kconv *cv, const float *in, ptrdiff_t in_stride, int dil, float *out,
                         ptrdiff_t out_stride, int n, int mode)
{
    kconv_run_blocks_avx2(cv, 0, kconv_blocks(cv->c_out), in, in_stride, dil, out, out_stride, n, mode);
}

AVX2 void kconv_run_blocks_avx2(const kconv *cv, int b0, int b1, const float *in, ptrdiff_t in_stride, int dil,
                                float *out, ptrdiff_t out_stride, int n, int mode)
{
    int c_in = cv->c_in, k = cv->k;
    __m256i mask = lane_mask(n % 8);
    /* Time outermost: one time tile of input (c_in rows) stays in L1 while
     * every block of output channels reads it. */
    for (int t = 0; t < n;) {
        int step = n - t >= 24 ? 24 : 8;
        const float *src = in + t;
        for (int b = b0; b < b1; b++) {
            kconv_tile tl = kconv_tile_at(cv, b0, b, out, out_stride, t);
            if (step == 24) {
                TILE_ROWS(3, 0)
            } else if (n - t >= 8) {
                TILE_ROWS(1, 0)
            } else {
                TILE_ROWS(1, 1)
            }
        }
        t += step;
    }
}

/* Eight Q8_0 values of one row times its block scale: the same single
 * multiply of (float)q by d as the reference decoder. */
AVX2_INLINE __m256 q8_eight(const int8_t *q, __m256 d)
{
    __m256i v = _mm256_cvtepi8_epi32(_mm_loadl_epi64((const __m128i *)q));
    return _mm256_mul_ps(_mm256_cvtepi32_ps(v), d);
}

/* Q8_0 rows of a plain layer (columns in packed order, [c_in][k]), four rows
 * of a block at once: each 32-value block of the four rows is decoded and
 * transposed 4 x 8 at a time into [column][row], the packed order. A row's
 * last partial block is kconv_q8_tail's; other types and layouts are the
 * reference's (kconv_q8.h). */
AVX2 void kconv_widen_rows_avx2(float *dst, const kconv *cv, int b0, int b1)
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
            __m256 d[KCONV_ROWS];
            for (int r = 0; r < KCONV_ROWS; r++) {
                const uint8_t *p = row[r] ? row[r] + (size_t)qb * Q8_BYTES : NULL;
                d[r] = p ? _mm256_set1_ps(_mm_cvtss_f32(_mm_cvtph_ps(_mm_cvtsi32_si128(p[0] | p[1] << 8))))
                         : _mm256_setzero_ps();
            }
            for (int g = 0; g < 4; g++) {
                __m256 v[KCONV_ROWS];
                for (int r = 0; r < KCONV_ROWS; r++)
                    v[r] = row[r] ? q8_eight((const int8_t *)(row[r] + (size_t)qb * Q8_BYTES + 2 + 8 * g), d[r])
                                  : _mm256_setzero_ps();
                __m256 t0 = _mm256_unpacklo_ps(v[0], v[1]), t1 = _mm256_unpackhi_ps(v[0], v[1]);
                __m256 t2 = _mm256_unpacklo_ps(v[2], v[3]), t3 = _mm256_unpackhi_ps(v[2], v[3]);
                __m256 u0 = _mm256_shuffle_ps(t0, t2, 0x44), u1 = _mm256_shuffle_ps(t0, t2, 0xee);
                __m256 u2 = _mm256_shuffle_ps(t1, t3, 0x44), u3 = _mm256_shuffle_ps(t1, t3, 0xee);
                float *o = blk + ((size_t)qb * Q8_VALUES + 8 * g) * KCONV_ROWS;
                _mm256_storeu_ps(o, _mm256_permute2f128_ps(u0, u1, 0x20));
                _mm256_storeu_ps(o + 8, _mm256_permute2f128_ps(u2, u3, 0x20));
                _mm256_storeu_ps(o + 16, _mm256_permute2f128_ps(u0, u1, 0x31));
                _mm256_storeu_ps(o + 24, _mm256_permute2f128_ps(u2, u3, 0x31));
            }
        }
        kconv_q8_tail(blk, row, cols);
    }
}

AVX2 void kf16_to_f32_avx2(float *dst, const uint16_t *src, size_t n)
{
    size_t i = 0;
    for (; i + 8 <= n; i += 8)
        _mm256_storeu_ps(dst + i, _mm256_cvtph_ps(_mm_loadu_si128((const __m128i *)(src + i))));
    for (; i < n; i++)
        dst[i] = _mm_cvtss_f32(_mm_cvtph_ps(_mm_cvtsi32_si128(src[i])));
}

/* sin^2 needs no sign, so after reducing u by q*pi/2 it is sin^2(r) for even
 * q and cos^2(r) = 1 - sin^2(r) for odd q, with |r| <= pi/4 where Cephes'
 * sinf polynomial is accurate to about an ulp. The three-part pi/2 keeps the
 * reduction exact well past any activation a voice produces. */
AVX2_INLINE __m256 snake8(__m256 x, __m256 alpha, __m256 inv_alpha)
{
    const __m256 two_over_pi = _mm256_set1_ps(0x1.45f306p-1f);
    const __m256 c1 = _mm256_set1_ps(0x1.921fb6p+0f);
    const __m256 c2 = _mm256_set1_ps(-0x1.777a5cp-25f);
    const __m256 c3 = _mm256_set1_ps(-0x1.ee59dap-50f);
    __m256 u = _mm256_mul_ps(alpha, x);
    __m256 q = _mm256_round_ps(_mm256_mul_ps(u, two_over_pi), _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
    __m256 r = _mm256_fnmadd_ps(q, c1, u);
    r = _mm256_fnmadd_ps(q, c2, r);
    r = _mm256_fnmadd_ps(q, c3, r);
    __m256 z = _mm256_mul_ps(r, r);
    __m256 p = _mm256_fmadd_ps(_mm256_set1_ps(-1.9515295891e-4f), z, _mm256_set1_ps(8.3321608736e-3f));
    p = _mm256_fmadd_ps(p, z, _mm256_set1_ps(-1.6666654611e-1f));
    __m256 s = _mm256_fmadd_ps(_mm256_mul_ps(p, z), r, r);
    __m256 s2 = _mm256_mul_ps(s, s);
    __m256i odd = _mm256_slli_epi32(_mm256_cvtps_epi32(q), 31);
    __m256 sq = _mm256_blendv_ps(s2, _mm256_sub_ps(_mm256_set1_ps(1.0f), s2), _mm256_castsi256_ps(odd));
    return _mm256_fmadd_ps(sq, inv_alpha, x);
}

AVX2 void ksnake_avx2(float *dst, ptrdiff_t dst_stride, const float *src, ptrdiff_t src_stride, int rows, int n,
                      const float *alpha, const float *inv_alpha)
{
    __m256i mask = lane_mask(n % 8);
    for (int r = 0; r < rows; r++) {
        __m256 a = _mm256_set1_ps(alpha[r]), ia = _mm256_set1_ps(inv_alpha[r]);
        const float *s = src + r * src_stride;
        float *d = dst + r * dst_stride;
        int t = 0;
        for (; t + 8 <= n; t += 8)
            _mm256_storeu_ps(d + t, snake8(_mm256_loadu_ps(s + t), a, ia));
        if (t < n)
            _mm256_maskstore_ps(d + t, mask, snake8(_mm256_maskload_ps(s + t, mask), a, ia));
    }
}

#endif
