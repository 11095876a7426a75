/* The AVX-512 kernels (engine/src/kernels_avx512.c) run on a CPU without
 * AVX-512: compiled against a plain-C stand-in for the intrinsics
 * (tests/avx512_emulated/immintrin.h), they must give the reference's
 * results within its tolerance and, where the CPU runs the AVX2 kernels,
 * exactly the AVX2 kernels' bits, as the real instructions must
 * (kernels-avx512 checks those where the CPU has them). This tests the
 * kernels' logic: tiles, strides, row blocks, masks and tails.
 *
 * Copyright (C) 2026 The Inflect authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <string.h>

#include "check.h"
#include "kernels.h"

#ifdef INFLECT_X86_KERNELS
/* The emulated build's names (tests/meson.build renames them so they
 * cannot be mistaken for the library's). */
void emulated_kconv_run_blocks_avx512(const kconv *cv, int b0, int b1, const float *in, ptrdiff_t in_stride, int dil,
                                      float *out, ptrdiff_t out_stride, int n, int mode);
void emulated_ksnake_avx512(float *dst, ptrdiff_t dst_stride, const float *src, ptrdiff_t src_stride, int rows, int n,
                            const float *alpha, const float *inv_alpha);

static void conv_case(bool avx2)
{
    int c_out = rnd_int(1, 17), c_in = rnd_int(1, 40), k = rnd_int(1, 11), dil = rnd_int(1, 5);
    /* Up to 200 steps: every mix of 48- and 16-step tiles and masked tails. */
    int n = rnd_int(1, 200), mode = rnd_int(0, 1) ? KCONV_ADD : KCONV_SET;
    int in_stride = n + (k - 1) * dil, out_stride = n + 1;
    size_t out_n = (size_t)c_out * out_stride;
    float *w = malloc(sizeof(float) * c_out * c_in * k), *bias = malloc(sizeof(float) * c_out);
    float *packed = malloc(sizeof(float) * kconv_packed_count(c_out, c_in, k));
    float *in = malloc(sizeof(float) * c_in * in_stride), *start = malloc(sizeof(float) * out_n);
    float *ref = malloc(sizeof(float) * out_n), *emu = malloc(sizeof(float) * out_n);
    float *vec = malloc(sizeof(float) * out_n);
    rnd_fill(w, (size_t)c_out * c_in * k, 1.0f);
    rnd_fill(bias, c_out, 1.0f);
    rnd_fill(in, (size_t)c_in * in_stride, 1.0f);
    rnd_fill(start, out_n, 1.0f);
    kconv_pack(packed, w, sizeof(float), c_out, c_in, k);
    int nb = kconv_blocks(c_out), b0 = rnd_int(0, nb - 1), b1 = rnd_int(b0 + 1, nb);
    kconv cv = {c_out, c_in, k, packed + (size_t)b0 * c_in * k * KCONV_ROWS, false, rnd_int(0, 3) ? bias : NULL,
                NULL, 0};
    memcpy(ref, start, sizeof(float) * out_n);
    memcpy(emu, start, sizeof(float) * out_n);
    memcpy(vec, start, sizeof(float) * out_n);
    kconv_run_blocks_ref(&cv, b0, b1, in, in_stride, dil, ref, out_stride, n, mode);
    emulated_kconv_run_blocks_avx512(&cv, b0, b1, in, in_stride, dil, emu, out_stride, n, mode);
    float d = max_abs_diff(ref, emu, out_n);
    CHECK(d <= 2e-6f * (1 + c_in * k), "c_out %d c_in %d k %d dil %d n %d mode %d blocks %d..%d: %g from the reference",
          c_out, c_in, k, dil, n, mode, b0, b1, d);
    if (avx2) {
        kconv_run_blocks_avx2(&cv, b0, b1, in, in_stride, dil, vec, out_stride, n, mode);
        CHECK(memcmp(vec, emu, sizeof(float) * out_n) == 0,
              "c_out %d c_in %d k %d dil %d n %d mode %d blocks %d..%d: not the AVX2 kernel's bits", c_out, c_in, k,
              dil, n, mode, b0, b1);
    }
    free(w), free(bias), free(packed), free(in), free(start), free(ref), free(emu), free(vec);
}

static void snake_case(bool avx2)
{
    int rows = rnd_int(1, 9), n = rnd_int(1, 300), stride = n + 3;
    size_t all = (size_t)rows * stride;
    float *x = malloc(sizeof(float) * all), *ref = malloc(sizeof(float) * all), *emu = malloc(sizeof(float) * all);
    float *vec = malloc(sizeof(float) * all), alpha[9], inv[9];
    rnd_fill(x, all, 40.0f);
    for (int r = 0; r < rows; r++) {
        alpha[r] = fminf(fmaxf(expf(rnd_float(9.5f)), 1e-4f), 100.0f);
        inv[r] = 1.0f / alpha[r];
    }
    memcpy(ref, x, sizeof(float) * all);
    memcpy(emu, x, sizeof(float) * all);
    memcpy(vec, x, sizeof(float) * all);
    ksnake_ref(ref, stride, x, stride, rows, n, alpha, inv);
    emulated_ksnake_avx512(emu, stride, emu, stride, rows, n, alpha, inv);
    float worst = 0.0f;
    for (size_t i = 0; i < all; i++) {
        float d = fabsf(ref[i] - emu[i]) / (fabsf(ref[i]) + inv[i / stride]);
        if (!(d <= worst))
            worst = d;
    }
    CHECK(worst <= 1e-6f, "snake rows %d n %d: relative difference %g from the reference", rows, n, worst);
    if (avx2) {
        ksnake_avx2(vec, stride, vec, stride, rows, n, alpha, inv);
        CHECK(memcmp(vec, emu, sizeof(float) * all) == 0, "snake rows %d n %d: not the AVX2 kernel's bits", rows, n);
    }
    free(x), free(ref), free(emu), free(vec);
}

int main(void)
{
    bool avx2 = kernels_supported(KERNELS_AVX2);
    for (int i = 0; i < 400; i++)
        conv_case(avx2);
    for (int i = 0; i < 200; i++)
        snake_case(avx2);
    if (check_failures) {
        fprintf(stderr, "%d checks failed\n", check_failures);
        return 1;
    }
    printf("emulated AVX-512 kernels: within the reference's tolerance%s\n", avx2 ? ", the AVX2 kernels' bits" : "");
    return 0;
}
#else
int main(void)
{
    puts("skip: the AVX-512 kernels are x86 code; this build is for another CPU family");
    return 77;
}
#endif
