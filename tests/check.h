/* Minimal test helpers shared by the engine-core tests.
 *
 * Copyright (C) 2026 The Inflect authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef INFLECT_TEST_CHECK_H
#define INFLECT_TEST_CHECK_H

#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

static int check_failures;

#define CHECK(cond, ...)                                                                                          \
    do {                                                                                                          \
        if (!(cond)) {                                                                                            \
            fprintf(stderr, "%s:%d: check failed: %s: ", __FILE__, __LINE__, #cond);                             \
            fprintf(stderr, __VA_ARGS__);                                                                         \
            fputc('\n', stderr);                                                                                  \
            check_failures++;                                                                                     \
        }                                                                                                         \
    } while (0)

/* Largest |a[i] - b[i]|, for comparing outputs against a reference. */
static inline float max_abs_diff(const float *a, const float *b, size_t n)
{
    float m = 0.0f;
    for (size_t i = 0; i < n; i++) {
        float d = fabsf(a[i] - b[i]);
        if (!(d <= m))
            m = d;
    }
    return m;
}

/* Deterministic xorshift so every run tests the same cases. */
static uint64_t check_rng = 0x9e3779b97f4a7c15ull;

static inline uint32_t rnd_u32(void)
{
    check_rng ^= check_rng << 13;
    check_rng ^= check_rng >> 7;
    check_rng ^= check_rng << 17;
    return (uint32_t)(check_rng >> 16);
}

/* Integer in [lo, hi]. */
static inline int rnd_int(int lo, int hi) { return lo + (int)(rnd_u32() % (uint32_t)(hi - lo + 1)); }

/* Uniform in [-scale, scale]. */
static inline float rnd_float(float scale) { return scale * ((float)rnd_u32() / 2147483648.0f - 1.0f); }

static inline void rnd_fill(float *p, size_t n, float scale)
{
    for (size_t i = 0; i < n; i++)
        p[i] = rnd_float(scale);
}

#endif
