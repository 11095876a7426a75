/* fma_peak: the single-precision FMA throughput one thread of this CPU
 * reaches on each vector instruction set it runs, for bench/bench.py, which
 * reports the engine's GFLOP/s as a share of it.
 *
 * Copyright (C) 2026 The Inflect authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 *   fma_peak [SECONDS]
 *
 * Prints one JSON object: the kernel paths this CPU runs (kernels.h) and,
 * per vector instruction set it has, the best of three runs of a loop of
 * independent FMA chains, in GFLOP (2 per lane per FMA) per second of this
 * thread's CPU time, so other load on the machine costs wall time but not
 * the figure. Each run lasts about SECONDS (default 0.3) of CPU time.
 * Enough chains to cover the FMA latency on every port keep the units busy,
 * each in its own register (the chain loop is unrolled, so no accumulator
 * lives in memory); with no loads or stores in the loop it is the
 * arithmetic's ceiling, which no convolution can exceed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "bench_measure.h"
#include "kernels.h"

#ifdef INFLECT_X86_KERNELS
#include <immintrin.h>
#endif
#ifdef INFLECT_ARM_KERNELS
#include <arm_neon.h>
#endif

/* Multiplier and addend that keep every chain finite for any length, read
 * through volatile so the compiler cannot fold the loop. */
static volatile float mul_in = 0.99999994f, add_in = 1e-7f;
static volatile float sink;

const char bench_program[] = "fma_peak";

/* One shape for every instruction set: NAME(iters) runs CHAINS independent
 * chains acc = acc * a + b of VEC (LANES floats) for ITERS rounds and
 * returns the FLOP it did. The chain loop is unrolled so that every
 * accumulator stays in a register; the sum of the chains goes to `sink` so
 * that none of them is dead. SET1, FMADD (x * a + b), ADD and FIRST (a lane
 * of the sum) are the set's own intrinsics. */
#define FMA_CHAINS(NAME, VEC, LANES, CHAINS, SET1, FMADD, ADD, FIRST)                                                \
    static double NAME(long iters)                                                                                   \
    {                                                                                                                \
        VEC acc[CHAINS], a = SET1(mul_in), b = SET1(add_in);                                                         \
        for (int c = 0; c < CHAINS; c++)                                                                             \
            acc[c] = SET1((float)c);                                                                                 \
        for (long i = 0; i < iters; i++)                                                                             \
            _Pragma("GCC unroll 24")                                                                                 \
            for (int c = 0; c < CHAINS; c++)                                                                         \
                acc[c] = FMADD(acc[c], a, b);                                                                        \
        VEC s = acc[0];                                                                                              \
        for (int c = 1; c < CHAINS; c++)                                                                             \
            s = ADD(s, acc[c]);                                                                                      \
        sink = FIRST(s);                                                                                             \
        return 2.0 * LANES * CHAINS * (double)iters;                                                                 \
    }

#ifdef INFLECT_X86_KERNELS
/* 12 chains of 8 lanes: with the multiplier and addend, 14 of the 16 YMM
 * registers, so nothing spills; 12 in flight cover 2 ports x 4-5 cycles. */
__attribute__((target("avx2,fma")))
FMA_CHAINS(fma_avx2, __m256, 8, 12, _mm256_set1_ps, _mm256_fmadd_ps, _mm256_add_ps, _mm256_cvtss_f32)

/* 24 chains of 16 lanes in 26 of the 32 ZMM registers. */
__attribute__((target("avx512f")))
FMA_CHAINS(fma_avx512, __m512, 16, 24, _mm512_set1_ps, _mm512_fmadd_ps, _mm512_add_ps, _mm512_reduce_add_ps)
#endif

#ifdef INFLECT_ARM_KERNELS
/* vfmaq_f32 takes the addend first. */
static inline float32x4_t neon_fmadd(float32x4_t x, float32x4_t a, float32x4_t b) { return vfmaq_f32(b, x, a); }

/* 24 chains of 4 lanes in 26 of the 32 vector registers. */
FMA_CHAINS(fma_neon, float32x4_t, 4, 24, vdupq_n_f32, neon_fmadd, vaddq_f32, vaddvq_f32)
#endif

/* GFLOP per CPU second of fn (bench_measure.h). */
static double peak(double (*fn)(long), double seconds)
{
    return bench_ops_per_cpu_second(fn, seconds) / 1e9;
}

int main(int argc, char **argv)
{
    double seconds = bench_peak_seconds(argc, argv);
    printf("{\"paths\":[");
    const char *sep = "";
    for (int p = 0; p < KERNELS_COUNT; p++)
        if (kernels_supported((kernels_path)p)) {
            printf("%s\"%s\"", sep, kernels_name((kernels_path)p));
            sep = ",";
        }
    printf("],\"default\":\"%s\",\"peak_gflops\":{", kernels_name(kernels_active()));
    sep = "";
#ifdef INFLECT_X86_KERNELS
    if (kernels_supported(KERNELS_AVX2)) {
        printf("%s\"avx2\":%.1f", sep, peak(fma_avx2, seconds));
        sep = ",";
    }
    if (kernels_supported(KERNELS_AVX512)) {
        printf("%s\"avx512\":%.1f", sep, peak(fma_avx512, seconds));
        sep = ",";
    }
#endif
#ifdef INFLECT_ARM_KERNELS
    printf("%s\"neon\":%.1f", sep, peak(fma_neon, seconds));
#endif
    (void)sep;
    (void)peak;
    printf("}}\n");
    return EXIT_SUCCESS;
}
