/* A plain-C stand-in for <immintrin.h>, for tests only: the AVX-512F
 * intrinsics engine/src/kernels_avx512.c uses, lane by lane with the same
 * IEEE operations (fmaf for the fused ones), so that the AVX-512 kernels'
 * own logic (tiles, strides, masks, tails) runs on a CPU without AVX-512.
 * It checks the code as written, not what the compiler makes of real
 * AVX-512 intrinsics: kernels-avx512 does that where the CPU has them.
 * tests/meson.build puts this directory first on the include path of
 * test_avx512_emulated only.
 *
 * Copyright (C) 2026 The Inflect authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef INFLECT_TEST_IMMINTRIN_H
#define INFLECT_TEST_IMMINTRIN_H

#include <math.h>
#include <stdint.h>

typedef struct {
    float f[16];
} __m512;
typedef struct {
    int32_t i[16];
} __m512i;
typedef uint16_t __mmask16;

#define _MM_FROUND_TO_NEAREST_INT 0x00
#define _MM_FROUND_NO_EXC 0x08

#define LANES for (int l_ = 0; l_ < 16; l_++)

static inline __m512 _mm512_setzero_ps(void)
{
    __m512 r;
    LANES r.f[l_] = 0.0f;
    return r;
}

static inline __m512 _mm512_set1_ps(float x)
{
    __m512 r;
    LANES r.f[l_] = x;
    return r;
}

static inline __m512i _mm512_set1_epi32(int x)
{
    __m512i r;
    LANES r.i[l_] = x;
    return r;
}

static inline __m512 _mm512_loadu_ps(const void *p)
{
    __m512 r;
    LANES r.f[l_] = ((const float *)p)[l_];
    return r;
}

/* Lanes outside the mask are zero and their memory is not read, as on the
 * hardware (it may lie past the end of the caller's buffer). */
static inline __m512 _mm512_maskz_loadu_ps(__mmask16 k, const void *p)
{
    __m512 r;
    LANES r.f[l_] = k >> l_ & 1 ? ((const float *)p)[l_] : 0.0f;
    return r;
}

static inline void _mm512_storeu_ps(void *p, __m512 a)
{
    float *d = p;
    LANES d[l_] = a.f[l_];
}

/* Memory under lanes outside the mask is left alone. */
static inline void _mm512_mask_storeu_ps(void *p, __mmask16 k, __m512 a)
{
    float *d = p;
    LANES
    {
        if (k >> l_ & 1)
            d[l_] = a.f[l_];
    }
}

static inline __m512 _mm512_add_ps(__m512 a, __m512 b)
{
    LANES a.f[l_] += b.f[l_];
    return a;
}

static inline __m512 _mm512_sub_ps(__m512 a, __m512 b)
{
    LANES a.f[l_] -= b.f[l_];
    return a;
}

static inline __m512 _mm512_mul_ps(__m512 a, __m512 b)
{
    LANES a.f[l_] *= b.f[l_];
    return a;
}

/* a * b + c, rounded once. */
static inline __m512 _mm512_fmadd_ps(__m512 a, __m512 b, __m512 c)
{
    LANES c.f[l_] = fmaf(a.f[l_], b.f[l_], c.f[l_]);
    return c;
}

/* -(a * b) + c, rounded once. */
static inline __m512 _mm512_fnmadd_ps(__m512 a, __m512 b, __m512 c)
{
    LANES c.f[l_] = fmaf(-a.f[l_], b.f[l_], c.f[l_]);
    return c;
}

/* Only the mode the kernels use: to the nearest integer, ties to even (the
 * default rounding mode, which nearbyintf follows). */
static inline __m512 _mm512_roundscale_ps(__m512 a, int imm)
{
    (void)imm;
    LANES a.f[l_] = nearbyintf(a.f[l_]);
    return a;
}

static inline __m512i _mm512_cvtps_epi32(__m512 a)
{
    __m512i r;
    LANES r.i[l_] = (int32_t)lrintf(a.f[l_]);
    return r;
}

static inline __mmask16 _mm512_test_epi32_mask(__m512i a, __m512i b)
{
    __mmask16 k = 0;
    LANES k |= (__mmask16)((a.i[l_] & b.i[l_]) != 0) << l_;
    return k;
}

/* Lane from b where k is set, else from a. */
static inline __m512 _mm512_mask_blend_ps(__mmask16 k, __m512 a, __m512 b)
{
    LANES a.f[l_] = k >> l_ & 1 ? b.f[l_] : a.f[l_];
    return a;
}

#undef LANES

#endif
