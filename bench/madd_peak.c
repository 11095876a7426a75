/* madd_peak: what one thread of this CPU multiplies and adds per second with
 * AVX2 integer dot products, against float32 FMA: the ceiling an int8 or
 * int16 convolution kernel could reach (docs/benchmarks.md, "Halving the
 * real-time factor on AVX2").
 *
 * Copyright (C) 2026 The Inflect authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 *   madd_peak [SECONDS]
 *
 * Prints one JSON object of GOP per second of this thread's CPU time (2 per
 * multiply-accumulate, as GFLOP/s counts an FMA), best of three runs of
 * about SECONDS (default 0.3) each, for loops of independent chains:
 *
 *   fma    acc = fma(x, w, acc)                      8 float MACs, 1 uop
 *   madd16 acc += vpmaddwd(x, w)                     16 s16 x s16 MACs, 2 uops
 *   madd8  acc += vpmaddwd(vpmaddubsw(x, w), ones)   32 u8 x s8 MACs, 3 uops
 *
 * madd8 is the AVX2 int8 dot product without VNNI: vpmaddubsw adds pairs
 * into saturating s16, vpmaddwd with ones widens pairs of those to s32.
 * Enough chains cover the latency; nothing is loaded or stored, so this is
 * the arithmetic's ceiling, as in fma_peak. The *_load loops add what a
 * convolution tile does beside the arithmetic (fma_load is kernels_avx2.c's
 * float tile, 4 rows x 3 vectors): each step loads its activation vectors
 * and broadcasts one weight per row from L1, and each tile starts from zero
 * and leaves its sums. The integer tiles are 3 x 3 and 4 x 2: 4 x 3 needs a
 * 17th register for the product.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "bench_measure.h"
#include "kernels.h"

#ifdef INFLECT_X86_KERNELS
#include <immintrin.h>
#endif

const char bench_program[] = "madd_peak";

static volatile int32_t sink;

#ifdef INFLECT_X86_KERNELS
#define AVX2 __attribute__((target("avx2,fma")))

/* Keeps v in a register the compiler must assume changed. */
#define OPAQUE(v) __asm__ volatile("" : "+x"(v))
/* The same for a pointer: the compiler cannot tell that every round reads
 * the same values, so it does every round's work. */
#define OPAQUE_PTR(p) __asm__ volatile("" : "+r"(p))

/* Chains as named variables, not an array, so that every accumulator
 * stays in a register; 12 cover the FMA latency on both ports. x passes
 * through an empty asm every round so the compiler cannot fold the loop. */
#define EACH12(X) X(0) X(1) X(2) X(3) X(4) X(5) X(6) X(7) X(8) X(9) X(10) X(11)

AVX2 static double fma_chain(long iters)
{
    __m256 x = _mm256_set1_ps(0.999f), w = _mm256_set1_ps(1e-7f);
#define F_INIT(c) __m256 a##c = _mm256_set1_ps((float)c);
#define F_STEP(c) a##c = _mm256_fmadd_ps(x, w, a##c);
#define F_SUM(c) s = _mm256_add_ps(s, a##c);
    EACH12(F_INIT)
    for (long i = 0; i < iters; i++) {
        OPAQUE(x);
        EACH12(F_STEP)
    }
    __m256 s = _mm256_setzero_ps();
    EACH12(F_SUM)
    sink = (int32_t)_mm256_cvtss_f32(s);
    return 2.0 * 8 * 12 * (double)iters;
}

/* The integer chains as one asm block a round: in C every chain's product
 * is the same, which the compiler computes once, and with a separate asm
 * statement per product GCC keeps a copy of every accumulator in memory.
 * The chains wait only on a one-cycle add, so 10 are plenty. Operand 0 is
 * the scratch product, 1 to 10 the accumulators, 11 x, 12 w, 13 the ones. */
#define ACCS() "+x"(a0), "+x"(a1), "+x"(a2), "+x"(a3), "+x"(a4), "+x"(a5), "+x"(a6), "+x"(a7), "+x"(a8), "+x"(a9)
#define M16(c) "vpmaddwd %12, %11, %0\n\tvpaddd %0, %" #c ", %" #c "\n\t"
#define M8(c) "vpmaddubsw %12, %11, %0\n\tvpmaddwd %13, %0, %0\n\tvpaddd %0, %" #c ", %" #c "\n\t"
#define ROUND(M) M(1) M(2) M(3) M(4) M(5) M(6) M(7) M(8) M(9) M(10)

AVX2 static double int_chains(long iters, bool int8)
{
    __m256i x = int8 ? _mm256_set1_epi8(3) : _mm256_set1_epi16(3);
    __m256i w = int8 ? _mm256_set1_epi8(-2) : _mm256_set1_epi16(-2), ones = _mm256_set1_epi16(1), t;
    __m256i a0 = _mm256_set1_epi32(0), a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0, a6 = a0, a7 = a0, a8 = a0,
            a9 = a0;
    for (long i = 0; i < iters; i++) {
        if (int8)
            __asm__(ROUND(M8) : "=&x"(t), ACCS() : "x"(x), "x"(w), "x"(ones));
        else
            __asm__(ROUND(M16) : "=&x"(t), ACCS() : "x"(x), "x"(w), "x"(ones));
    }
    __m256i s = _mm256_add_epi32(_mm256_add_epi32(_mm256_add_epi32(a0, a1), _mm256_add_epi32(a2, a3)),
                                 _mm256_add_epi32(_mm256_add_epi32(a4, a5), _mm256_add_epi32(a6, a7)));
    sink = _mm256_cvtsi256_si32(_mm256_add_epi32(s, _mm256_add_epi32(a8, a9)));
    return 2.0 * (int8 ? 32 : 16) * 10 * (double)iters;
}

static double madd16_chain(long iters) { return int_chains(iters, false); }
static double madd8_chain(long iters) { return int_chains(iters, true); }

/* The tiles: STEPS reduction steps (one input channel and tap each, as a
 * convolution's c_in x k) over activations and weights that stay in L1;
 * a weight is 4 bytes (one float, a pair of s16 or a quad of s8). */
enum { ROWS = 4, VECS = 3, STEPS = 128 };

static float fbuf[STEPS + 8 * VECS], fw[STEPS * ROWS];
static int16_t sbuf[STEPS * 2 + 16 * VECS];
static int8_t bbuf[STEPS * 4 + 32 * VECS];
static int32_t iw[STEPS * ROWS];
/* Where each tile leaves its sums: in memory, not in a 17th register. */
static float ftotal[8];
static int32_t itotal[8];

#define AVX2_INLINE __attribute__((target("avx2,fma"), always_inline)) static inline

AVX2_INLINE void add_total(__m256i t)
{
    _mm256_storeu_si256((__m256i *)itotal, _mm256_add_epi32(_mm256_loadu_si256((const __m256i *)itotal), t));
}

AVX2_INLINE __m256 fma_tile(const float *xp, const float *wp)
{
    __m256 acc[ROWS][VECS];
    for (int r = 0; r < ROWS; r++)
        for (int v = 0; v < VECS; v++)
            acc[r][v] = _mm256_setzero_ps();
    for (int s = 0; s < STEPS; s++) {
        __m256 x[VECS];
        for (int v = 0; v < VECS; v++)
            x[v] = _mm256_loadu_ps(xp + s + 8 * v);
        for (int r = 0; r < ROWS; r++) {
            __m256 w = _mm256_broadcast_ss(wp + s * ROWS + r);
            for (int v = 0; v < VECS; v++)
                acc[r][v] = _mm256_fmadd_ps(w, x[v], acc[r][v]);
        }
    }
    __m256 t = acc[0][0];
    for (int r = 0; r < ROWS; r++)
        for (int v = r ? 0 : 1; v < VECS; v++)
            t = _mm256_add_ps(t, acc[r][v]);
    return t;
}

AVX2 static double fma_load(long iters)
{
    for (long i = 0; i < iters; i++) {
        const float *xp = fbuf, *wp = fw;
        OPAQUE_PTR(xp);
        OPAQUE_PTR(wp);
        _mm256_storeu_ps(ftotal, _mm256_add_ps(_mm256_loadu_ps(ftotal), fma_tile(xp, wp)));
    }
    sink = (int32_t)ftotal[0];
    return 2.0 * 8 * ROWS * VECS * STEPS * (double)iters;
}

/* An integer tile of R x V accumulators; PRODUCT(x, w) is the s32 sums of
 * one activation vector and one broadcast weight, MACS the
 * multiply-accumulates it does. */
#define INT_TILE(NAME, R, V, XBUF, PRODUCT, MACS)                                                                  \
    AVX2 static double NAME(long iters)                                                                            \
    {                                                                                                              \
        const __m256i ones = _mm256_set1_epi16(1);                                                                 \
        (void)ones;                                                                                                \
        for (long i = 0; i < iters; i++) {                                                                         \
            const uint8_t *xp = (const uint8_t *)XBUF;                                                             \
            const int32_t *wp = iw;                                                                                \
            OPAQUE_PTR(xp);                                                                                        \
            OPAQUE_PTR(wp);                                                                                        \
            __m256i acc[R][V];                                                                                     \
            for (int r = 0; r < R; r++)                                                                            \
                for (int v = 0; v < V; v++)                                                                        \
                    acc[r][v] = _mm256_setzero_si256();                                                            \
            for (int s = 0; s < STEPS; s++) {                                                                      \
                __m256i x[V];                                                                                      \
                for (int v = 0; v < V; v++)                                                                        \
                    x[v] = _mm256_loadu_si256((const __m256i *)(xp + 4 * s + 32 * v));                             \
                for (int r = 0; r < R; r++) {                                                                      \
                    __m256i w = _mm256_set1_epi32(wp[s * ROWS + r]);                                               \
                    for (int v = 0; v < V; v++)                                                                    \
                        acc[r][v] = _mm256_add_epi32(acc[r][v], PRODUCT(x[v], w));                                 \
                }                                                                                                  \
            }                                                                                                      \
            __m256i t = acc[0][0];                                                                                 \
            for (int r = 0; r < R; r++)                                                                            \
                for (int v = r ? 0 : 1; v < V; v++)                                                                \
                    t = _mm256_add_epi32(t, acc[r][v]);                                                            \
            add_total(t);                                                                                          \
        }                                                                                                          \
        sink = itotal[0];                                                                                          \
        return 2.0 * MACS * R * V * STEPS * (double)iters;                                                         \
    }

#define P16(x, w) _mm256_madd_epi16(w, x)
#define P8(x, w) _mm256_madd_epi16(_mm256_maddubs_epi16(x, w), ones)

INT_TILE(madd16_load_3x3, 3, 3, sbuf, P16, 16)
INT_TILE(madd16_load_4x2, 4, 2, sbuf, P16, 16)
INT_TILE(madd8_load_3x3, 3, 3, bbuf, P8, 32)
INT_TILE(madd8_load_4x2, 4, 2, bbuf, P8, 32)
#endif

/* GOP per CPU second of fn (bench_measure.h). */
static double peak(double (*fn)(long), double seconds)
{
    return bench_ops_per_cpu_second(fn, seconds) / 1e9;
}

int main(int argc, char **argv)
{
    double seconds = bench_peak_seconds(argc, argv);
#ifdef INFLECT_X86_KERNELS
    if (kernels_supported(KERNELS_AVX2)) {
        static const struct {
            const char *name;
            double (*fn)(long);
        } loops[] = {{"fma", fma_chain},       {"madd16", madd16_chain}, {"madd8", madd8_chain},
                     {"fma_load", fma_load}, {"madd16_load_3x3", madd16_load_3x3},
                     {"madd16_load_4x2", madd16_load_4x2}, {"madd8_load_3x3", madd8_load_3x3},
                     {"madd8_load_4x2", madd8_load_4x2}};
        printf("{\"gops\":{");
        for (size_t i = 0; i < sizeof loops / sizeof loops[0]; i++)
            printf("%s\"%s\":%.1f", i ? "," : "", loops[i].name, peak(loops[i].fn, seconds));
        printf("}}\n");
        return EXIT_SUCCESS;
    }
#endif
    (void)peak;
    (void)sink;
    printf("{\"gops\":{},\"note\":\"no AVX2 on this CPU or build\"}\n");
    return EXIT_SUCCESS;
}
