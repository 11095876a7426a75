/* Kernels against their definitions (in double precision) and the SIMD
 * variants (AVX2, AVX-512, NEON) against the plain-C reference, on random shapes
 * with odd tails.
 *
 * Copyright (C) 2026 The Inflect authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <math.h>
#include <string.h>

#include "check.h"
#include "kernels.h"
#include "quant.h"

typedef void (*conv_fn)(const kconv *, const float *, ptrdiff_t, int, float *, ptrdiff_t, int, int);

/* kconv on a random case against the textbook sum; `fn` is the variant under test. */
static void conv_case(conv_fn fn, const char *what)
{
    int c_out = rnd_int(1, 13), c_in = rnd_int(1, 21), k = rnd_int(1, 11), dil = rnd_int(1, 5);
    int n = rnd_int(1, 100), mode = rnd_int(0, 1) ? KCONV_ADD : KCONV_SET;
    int span = n + (k - 1) * dil, in_stride = span + rnd_int(0, 3), out_stride = n + rnd_int(0, 3);
    float *w = malloc(sizeof(float) * c_out * c_in * k), *bias = malloc(sizeof(float) * c_out);
    float *in = malloc(sizeof(float) * c_in * in_stride);
    float *out = malloc(sizeof(float) * c_out * out_stride), *start = malloc(sizeof(float) * c_out * out_stride);
    float *packed = malloc(sizeof(float) * kconv_packed_count(c_out, c_in, k));
    rnd_fill(w, (size_t)c_out * c_in * k, 1.0f);
    rnd_fill(bias, c_out, 1.0f);
    rnd_fill(in, (size_t)c_in * in_stride, 1.0f);
    rnd_fill(start, (size_t)c_out * out_stride, 1.0f);
    memcpy(out, start, sizeof(float) * c_out * out_stride);
    kconv_pack(packed, w, sizeof(float), c_out, c_in, k);
    kconv cv = {c_out, c_in, k, packed, false, bias, NULL, 0};
    fn(&cv, in, in_stride, dil, out, out_stride, n, mode);
    float worst = 0.0f;
    for (int co = 0; co < c_out; co++) {
        for (int t = 0; t < out_stride; t++) {
            double want = start[co * out_stride + t];
            if (t < n) {
                double s = bias[co];
                for (int ci = 0; ci < c_in; ci++)
                    for (int j = 0; j < k; j++)
                        s += (double)w[(co * c_in + ci) * k + j] * in[ci * in_stride + t + j * dil];
                want = mode == KCONV_ADD ? want + s : s;
            }
            float d = fabsf((float)want - out[co * out_stride + t]);
            if (!(d <= worst))
                worst = d;
        }
    }
    CHECK(worst <= 1e-4f * (1 + c_in * k), "%s: c_out %d c_in %d k %d dil %d n %d mode %d: error %g", what, c_out,
          c_in, k, dil, n, mode, worst);
    free(w), free(bias), free(in), free(out), free(start), free(packed);
}

static void test_convt(void)
{
    for (int it = 0; it < 200; it++) {
        int stride = rnd_int(1, 6), k = stride + 2 * rnd_int(0, 6), pad = (k - stride) / 2;
        int c_out = rnd_int(1, 9), c_in = rnd_int(1, 9), len_in = rnd_int(1, 20);
        int taps = (k + stride - 1) / stride;
        long len_out = (long)len_in * stride;
        /* A random window of the output, as a streaming caller asks for. */
        long t0 = rnd_int(0, (int)len_out - 1);
        int n = rnd_int(1, (int)(len_out - t0));
        long q0 = (t0 + pad) / stride - taps + 1;
        long q1 = (t0 + n - 1 + pad) / stride + 1;
        int width = (int)(q1 - q0);
        float *w = malloc(sizeof(float) * c_in * c_out * k), *bias = malloc(sizeof(float) * c_out);
        float *x = malloc(sizeof(float) * c_in * len_in), *win = calloc((size_t)c_in * width, sizeof(float));
        float *out = malloc(sizeof(float) * c_out * n), *tmp = malloc(sizeof(float) * c_out * (n / stride + 1));
        float *packed = malloc(sizeof(float) * kconvt_phase_count(c_out, c_in, k, stride) * stride);
        rnd_fill(w, (size_t)c_in * c_out * k, 1.0f);
        rnd_fill(bias, c_out, 1.0f);
        rnd_fill(x, (size_t)c_in * len_in, 1.0f);
        for (int ci = 0; ci < c_in; ci++)
            for (long q = q0; q < q1; q++)
                if (q >= 0 && q < len_in)
                    win[ci * width + (q - q0)] = x[ci * len_in + q];
        kconvt_pack(packed, w, sizeof(float), c_out, c_in, k, stride);
        kconvt ct = {c_out, c_in, k, stride, pad, taps, packed, false, bias, NULL};
        kconvt_run(&ct, win, width, q0, out, n, t0, n, tmp, NULL, 0);
        float worst = 0.0f;
        for (int co = 0; co < c_out; co++)
            for (int i = 0; i < n; i++) {
                long t = t0 + i;
                double s = bias[co];
                /* PyTorch's definition: input q lands on q*stride - pad + kk. */
                for (int ci = 0; ci < c_in; ci++)
                    for (int q = 0; q < len_in; q++) {
                        long kk = t - ((long)q * stride - pad);
                        if (kk >= 0 && kk < k)
                            s += (double)w[(ci * c_out + co) * k + kk] * x[ci * len_in + q];
                    }
                float d = fabsf((float)s - out[co * n + i]);
                if (!(d <= worst))
                    worst = d;
            }
        CHECK(worst <= 1e-4f, "convt stride %d k %d c %d->%d len %d window %ld+%d: error %g", stride, k, c_in, c_out,
              len_in, t0, n, worst);
        free(w), free(bias), free(x), free(win), free(out), free(tmp), free(packed);
    }
}

/* Half precision by its definition: sign, 5-bit exponent, 10-bit mantissa. */
static double f16_value(uint16_t h)
{
    int e = (h >> 10) & 31, m = h & 1023;
    double v = e == 0 ? ldexp(m, -24) : e == 31 ? (m ? NAN : INFINITY) : ldexp(1024 + m, e - 25);
    return h & 0x8000 ? -v : v;
}

/* Every one of the 65536 halves, through the given converter. */
static void f16_all(void (*convert)(float *, const uint16_t *, size_t), const char *what)
{
    enum { N = 65536 };
    static uint16_t h[N];
    static float f[N];
    for (int i = 0; i < N; i++)
        h[i] = (uint16_t)i;
    /* Offset by one so the vector body and the scalar tail both see data. */
    convert(f + 1, h + 1, N - 1);
    convert(f, h, 1);
    int wrong = 0;
    for (int i = 0; i < N; i++) {
        double want = f16_value(h[i]);
        if (isnan(want) ? !isnan(f[i]) : (double)f[i] != want || !signbit(f[i]) != !signbit(want))
            wrong++;
    }
    CHECK(wrong == 0, "%s: %d of 65536 halves converted wrongly", what, wrong);
}

/* Half-precision layer weights widened by kconv_f32 give the same result as
 * the same values packed as float. */
static void test_f16_layers(void)
{
    for (int it = 0; it < 50; it++) {
        int c_out = rnd_int(1, 11), c_in = rnd_int(1, 9), k = rnd_int(1, 7), n = rnd_int(1, 60);
        size_t nw = (size_t)c_out * c_in * k, np = kconv_packed_count(c_out, c_in, k);
        uint16_t *w16 = malloc(2 * nw), *p16 = malloc(2 * np);
        float *w32 = malloc(4 * nw), *p32 = malloc(4 * np), *ws = malloc(4 * np);
        float *in = malloc(sizeof(float) * c_in * (n + k)), *a = malloc(sizeof(float) * c_out * n);
        float *b = malloc(sizeof(float) * c_out * n);
        for (size_t i = 0; i < nw; i++) {
            w16[i] = (uint16_t)(rnd_u32() & 0xbbff); /* finite, mixed signs and scales */
            w32[i] = (float)f16_value(w16[i]);
        }
        rnd_fill(in, (size_t)c_in * (n + k), 1.0f);
        kconv_pack(p16, w16, 2, c_out, c_in, k);
        kconv_pack(p32, w32, 4, c_out, c_in, k);
        kconv half = {c_out, c_in, k, p16, true, NULL, NULL, 0}, full = {c_out, c_in, k, p32, false, NULL, NULL, 0};
        kconv widened = kconv_f32(&half, ws), same = kconv_f32(&full, ws);
        CHECK(!widened.f16 && widened.w == ws && same.w == p32, "kconv_f32 views");
        kconv_run(&widened, in, n + k, 1, a, n, n, KCONV_SET);
        kconv_run(&full, in, n + k, 1, b, n, n, KCONV_SET);
        CHECK(memcmp(a, b, sizeof(float) * c_out * n) == 0, "f16 layer %dx%dx%d differs from f32", c_out, c_in, k);
        /* A transposed layer too: its phases are widened one at a time. */
        int stride = rnd_int(1, 4), kt = stride + 2 * rnd_int(0, 3), pad = (kt - stride) / 2, len = 7;
        size_t ntw = (size_t)c_in * c_out * kt, phase = kconvt_phase_count(c_out, c_in, kt, stride);
        uint16_t *t16 = malloc(2 * ntw), *q16 = malloc(2 * phase * stride);
        float *t32 = malloc(4 * ntw), *q32 = malloc(4 * phase * stride), *tws = malloc(4 * phase);
        for (size_t i = 0; i < ntw; i++) {
            t16[i] = (uint16_t)(rnd_u32() & 0xbbff);
            t32[i] = (float)f16_value(t16[i]);
        }
        kconvt_pack(q16, t16, 2, c_out, c_in, kt, stride);
        kconvt_pack(q32, t32, 4, c_out, c_in, kt, stride);
        int taps = (kt + stride - 1) / stride, out_n = len * stride;
        float *x = calloc((size_t)c_in * (len + 2 * taps), sizeof(float)), *tmp = malloc(4 * c_out * (out_n + 1));
        float *ya = malloc(4 * c_out * out_n), *yb = malloc(4 * c_out * out_n);
        for (int ci = 0; ci < c_in; ci++)
            rnd_fill(x + ci * (len + 2 * taps) + taps, len, 1.0f);
        kconvt th = {c_out, c_in, kt, stride, pad, taps, q16, true, NULL, NULL};
        kconvt tf = {c_out, c_in, kt, stride, pad, taps, q32, false, NULL, NULL};
        kconvt_run(&th, x, len + 2 * taps, -taps, ya, out_n, 0, out_n, tmp, tws, phase);
        kconvt_run(&tf, x, len + 2 * taps, -taps, yb, out_n, 0, out_n, tmp, NULL, 0);
        CHECK(memcmp(ya, yb, 4 * (size_t)c_out * out_n) == 0, "f16 transposed layer differs from f32");
        free(w16), free(p16), free(w32), free(p32), free(ws), free(in), free(a), free(b);
        free(t16), free(q16), free(t32), free(q32), free(tws), free(x), free(tmp), free(ya), free(yb);
    }
}

static void test_depthwise(void)
{
    int c_in = 5, mult = 2, c_out = c_in * mult, k = 7, n = 37;
    float w[10 * 7], bias[10], in[5 * 43], out[10 * 37];
    rnd_fill(w, sizeof w / sizeof *w, 1.0f);
    rnd_fill(bias, 10, 1.0f);
    rnd_fill(in, sizeof in / sizeof *in, 1.0f);
    kdepthwise(out, n, in, n + k - 1, c_out, mult, w, bias, k, n);
    float worst = 0.0f;
    for (int o = 0; o < c_out; o++)
        for (int t = 0; t < n; t++) {
            double s = bias[o];
            for (int j = 0; j < k; j++)
                s += (double)w[o * k + j] * in[(o / mult) * (n + k - 1) + t + j];
            float d = fabsf((float)s - out[o * n + t]);
            if (d > worst)
                worst = d;
        }
    CHECK(worst <= 1e-5f, "depthwise error %g", worst);
}

static void test_layernorm(void)
{
    int c = 19, n = 131;
    float x[19 * 131], y[19 * 131], g[19], b[19];
    rnd_fill(x, sizeof x / sizeof *x, 3.0f);
    for (int i = 0; i < c * n; i++)
        x[i] += 50.0f; /* a large mean must not cost the variance its digits */
    rnd_fill(g, c, 1.0f);
    rnd_fill(b, c, 1.0f);
    klayernorm(y, n, x, n, c, n, g, b);
    float worst = 0.0f;
    for (int t = 0; t < n; t++) {
        double m = 0, v = 0;
        for (int i = 0; i < c; i++)
            m += x[i * n + t];
        m /= c;
        for (int i = 0; i < c; i++)
            v += (x[i * n + t] - m) * (x[i * n + t] - m);
        v /= c;
        for (int i = 0; i < c; i++) {
            double want = (x[i * n + t] - m) / sqrt(v + 1e-5) * g[i] + b[i];
            float d = fabsf((float)want - y[i * n + t]);
            if (d > worst)
                worst = d;
        }
    }
    CHECK(worst <= 1e-4f, "layernorm error %g", worst);
}

static void test_gru(void)
{
    enum { HS = 6, STEPS = 9 };
    float w_hh[3 * HS][HS], w_hh_t[HS][3 * HS], b_hh[3 * HS], gi[STEPS][3 * HS], h[HS] = {0}, gh[3 * HS];
    double hd[HS] = {0};
    rnd_fill(&w_hh[0][0], sizeof w_hh / sizeof(float), 0.5f);
    rnd_fill(b_hh, 3 * HS, 0.5f);
    rnd_fill(&gi[0][0], sizeof gi / sizeof(float), 1.0f);
    for (int o = 0; o < 3 * HS; o++)
        for (int i = 0; i < HS; i++)
            w_hh_t[i][o] = w_hh[o][i];
    for (int s = 0; s < STEPS; s++) {
        kgru_step(h, gi[s], 1, &w_hh_t[0][0], b_hh, HS, gh);
        double ghd[3 * HS], hn[HS];
        for (int o = 0; o < 3 * HS; o++) {
            ghd[o] = b_hh[o];
            for (int i = 0; i < HS; i++)
                ghd[o] += (double)w_hh[o][i] * hd[i];
        }
        for (int i = 0; i < HS; i++) {
            double r = 1 / (1 + exp(-(gi[s][i] + ghd[i])));
            double z = 1 / (1 + exp(-(gi[s][HS + i] + ghd[HS + i])));
            double nn = tanh(gi[s][2 * HS + i] + r * ghd[2 * HS + i]);
            hn[i] = (1 - z) * nn + z * hd[i];
        }
        memcpy(hd, hn, sizeof hd);
    }
    float worst = 0.0f;
    for (int i = 0; i < HS; i++)
        if (fabsf((float)hd[i] - h[i]) > worst)
            worst = fabsf((float)hd[i] - h[i]);
    CHECK(worst <= 1e-5f, "gru error %g", worst);
}

typedef void (*widen_fn)(float *, const kconv *, int, int);

/* Layers kept as stored rows (krows) of `type`, widened by `fn` over a
 * random range of row blocks, must give exactly the packed weights of the
 * rows decoded by quant_dequantize and packed as float32: a plain
 * convolution's rows [c_in][k] or [k][c_in], and each phase of a transposed
 * convolution's rows [k][c_in]. Random bytes: any bits are a value, and the
 * comparison is of bits. */
static void rows_case(widen_fn fn, uint32_t type, const char *what)
{
    const quant_type *qt = quant_type_info(type);
    int layout = rnd_int(0, 2), c_out = rnd_int(1, 13), c_in = rnd_int(1, 70);
    int stride = layout == 2 ? rnd_int(1, 4) : 0, k = layout == 2 ? stride + 2 * rnd_int(0, 3) : rnd_int(1, 7);
    if (rnd_int(0, 3) == 0)
        k = 1;
    if (layout == 2 && k < stride)
        k = stride;
    int cols = c_in * k;
    int stored = (cols + (int)qt->block_elems - 1) / (int)qt->block_elems * (int)qt->block_elems;
    size_t row_bytes = (size_t)stored / qt->block_elems * qt->block_bytes;
    uint8_t *data = malloc(row_bytes * c_out);
    for (size_t i = 0; i < row_bytes * c_out; i++)
        data[i] = (uint8_t)rnd_u32();
    if (type == GGML_TYPE_Q8_0)
        for (size_t i = 0; i < row_bytes * c_out; i += qt->block_bytes)
            data[i + 1] &= 0x3b; /* a finite scale below 1 */
    float *dec = malloc(sizeof(float) * stored * c_out), *w = malloc(sizeof(float) * cols * c_out);
    for (int co = 0; co < c_out; co++)
        quant_dequantize(type, data + co * row_bytes, dec + (size_t)co * stored, (size_t)stored);
    /* The values in PyTorch's order: Conv1d [c_out][c_in][k], ConvTranspose1d [c_in][c_out][k]. */
    for (int co = 0; co < c_out; co++)
        for (int ci = 0; ci < c_in; ci++)
            for (int j = 0; j < k; j++) {
                float v = dec[(size_t)co * stored + (layout ? j * c_in + ci : ci * k + j)];
                w[layout == 2 ? ((size_t)ci * c_out + co) * k + j : ((size_t)co * c_in + ci) * k + j] = v;
            }
    krows rows = {type, data, row_bytes, layout != 0, stride, layout == 2 ? k : 0, NULL, 0};
    int phases = layout == 2 ? stride : 1, taps = layout == 2 ? (k + stride - 1) / stride : k;
    size_t per = kconv_packed_count(c_out, c_in, taps), block = (size_t)c_in * taps * KCONV_ROWS;
    float *want = malloc(sizeof(float) * per * phases), *got = malloc(sizeof(float) * per);
    if (layout == 2)
        kconvt_pack(want, w, sizeof(float), c_out, c_in, k, stride);
    else
        kconv_pack(want, w, sizeof(float), c_out, c_in, k);
    int blocks = kconv_blocks(c_out);
    for (int p = 0; p < phases; p++) {
        kconv cv = {c_out, c_in, taps, NULL, false, NULL, &rows, p};
        int b0 = rnd_int(0, blocks - 1), b1 = rnd_int(b0 + 1, blocks);
        fn(got, &cv, b0, b1);
        CHECK(memcmp(got, want + p * per + b0 * block, sizeof(float) * block * (b1 - b0)) == 0,
              "%s %s: layout %d c_out %d c_in %d k %d stride %d phase %d blocks %d..%d differ", what, qt->name, layout,
              c_out, c_in, k, stride, p, b0, b1);
    }
    if (layout == 0) {
        /* Through kconv_f32, as the layers use it. */
        kconv cv = {c_out, c_in, k, NULL, false, NULL, &rows, 0}, f = kconv_f32(&cv, got);
        CHECK(f.w == got && !f.rows && memcmp(got, want, sizeof(float) * per) == 0, "kconv_f32 of rows");
    }
    free(data), free(dec), free(w), free(want), free(got);
}

static void test_rows(widen_fn fn, const char *what)
{
    static const uint32_t types[] = {GGML_TYPE_Q8_0, GGML_TYPE_Q8_0, GGML_TYPE_Q4_K, GGML_TYPE_Q6_K, GGML_TYPE_F16,
                                     GGML_TYPE_F32, GGML_TYPE_Q4_0};
    for (int i = 0; i < 400; i++)
        rows_case(fn, types[i % 7], what);
}

typedef void (*blocks_fn)(const kconv *, int, int, const float *, ptrdiff_t, int, float *, ptrdiff_t, int, int);
typedef void (*snake_fn)(float *, ptrdiff_t, const float *, ptrdiff_t, int, int, const float *, const float *);
typedef void (*f16_fn)(float *, const uint16_t *, size_t);

/* A SIMD path's twins of the reference kernels; NULL where the path runs
 * another path's code (the dispatchers in kernels.c). */
typedef struct {
    kernels_path path;
    conv_fn conv;
    blocks_fn blocks;
    snake_fn snake;
    f16_fn f16;
    widen_fn widen;
} variant;

static const variant variants[] = {
#ifdef INFLECT_X86_KERNELS
    {KERNELS_AVX2, kconv_run_avx2, kconv_run_blocks_avx2, ksnake_avx2, kf16_to_f32_avx2, kconv_widen_rows_avx2},
    {KERNELS_AVX512, kconv_run_avx512, kconv_run_blocks_avx512, ksnake_avx512, NULL, NULL},
#endif
#ifdef INFLECT_ARM_KERNELS
    {KERNELS_NEON, kconv_run_neon, kconv_run_blocks_neon, ksnake_neon, kf16_to_f32_neon, kconv_widen_rows_neon},
#endif
    {KERNELS_COUNT, NULL, NULL, NULL, NULL, NULL}, /* keeps the array non-empty on other CPUs */
};

/* A variant's convolution against the reference on the same packed
 * weights: the whole layer, or (blocks) a random range of row blocks with
 * the weights starting at the range's first block, as a caller that splits
 * a layer runs it. */
static void simd_conv_case(const variant *v, bool blocks)
{
    int c_out = rnd_int(1, 17), c_in = rnd_int(1, 40), k = rnd_int(1, 11), dil = rnd_int(1, 5);
    int n = rnd_int(1, 150), mode = rnd_int(0, 1) ? KCONV_ADD : KCONV_SET;
    int in_stride = n + (k - 1) * dil, out_stride = n + 1;
    size_t nw = kconv_packed_count(c_out, c_in, k);
    float *w = malloc(sizeof(float) * c_out * c_in * k), *packed = malloc(sizeof(float) * nw);
    float *bias = malloc(sizeof(float) * c_out), *in = malloc(sizeof(float) * c_in * in_stride);
    float *a = malloc(sizeof(float) * c_out * out_stride), *b = malloc(sizeof(float) * c_out * out_stride);
    rnd_fill(w, (size_t)c_out * c_in * k, 1.0f);
    rnd_fill(bias, c_out, 1.0f);
    rnd_fill(in, (size_t)c_in * in_stride, 1.0f);
    rnd_fill(a, (size_t)c_out * out_stride, 1.0f);
    memcpy(b, a, sizeof(float) * c_out * out_stride);
    kconv_pack(packed, w, sizeof(float), c_out, c_in, k);
    kconv cv = {c_out, c_in, k, packed, false, rnd_int(0, 3) ? bias : NULL, NULL, 0};
    int nb = kconv_blocks(c_out), b0 = 0, b1 = nb;
    if (blocks) {
        b0 = rnd_int(0, nb - 1);
        b1 = rnd_int(b0 + 1, nb);
        kconv part = cv;
        part.w = packed + (size_t)b0 * c_in * k * KCONV_ROWS;
        kconv_run_blocks_ref(&part, b0, b1, in, in_stride, dil, a, out_stride, n, mode);
        v->blocks(&part, b0, b1, in, in_stride, dil, b, out_stride, n, mode);
    } else {
        kconv_run_ref(&cv, in, in_stride, dil, a, out_stride, n, mode);
        v->conv(&cv, in, in_stride, dil, b, out_stride, n, mode);
    }
    float d = max_abs_diff(a, b, (size_t)c_out * out_stride);
    CHECK(d <= 2e-6f * (1 + c_in * k), "%s conv%s c_out %d c_in %d k %d dil %d n %d mode %d blocks %d..%d: differs by %g",
          kernels_name(v->path), blocks ? " blocks" : "", c_out, c_in, k, dil, n, mode, b0, b1, d);
#ifdef INFLECT_X86_KERNELS
    if (v->path == KERNELS_AVX512) {
        /* Each output gets the AVX2 kernel's FMAs in the same order, 16
         * lanes instead of 8: the same bits. Both start from b, the ADD
         * mode's start being any values. */
        float *c = malloc(sizeof(float) * c_out * out_stride);
        memcpy(a, b, sizeof(float) * c_out * out_stride);
        memcpy(c, b, sizeof(float) * c_out * out_stride);
        kconv part = cv;
        part.w = packed + (size_t)b0 * c_in * k * KCONV_ROWS;
        kconv_run_blocks_avx2(&part, b0, b1, in, in_stride, dil, a, out_stride, n, mode);
        kconv_run_blocks_avx512(&part, b0, b1, in, in_stride, dil, c, out_stride, n, mode);
        CHECK(memcmp(a, c, sizeof(float) * c_out * out_stride) == 0,
              "avx512 conv c_out %d c_in %d k %d n %d blocks %d..%d: not the AVX2 kernel's bits", c_out, c_in, k, n,
              b0, b1);
        free(c);
    }
#endif
    free(w), free(packed), free(bias), free(in), free(a), free(b);
}

static void simd_snake_case(const variant *v)
{
    int rows = rnd_int(1, 9), n = rnd_int(1, 300), stride = n + 3;
    float *x = malloc(sizeof(float) * rows * stride), *a = malloc(sizeof(float) * rows * stride);
    float *b = malloc(sizeof(float) * rows * stride), alpha[9], inv[9];
    /* Activations up to +-40 and alphas across the whole clamp range
     * [1e-4, 100] put the argument far from the polynomial's own interval. */
    rnd_fill(x, (size_t)rows * stride, 40.0f);
    for (int r = 0; r < rows; r++) {
        alpha[r] = fminf(fmaxf(expf(rnd_float(9.5f)), 1e-4f), 100.0f);
        inv[r] = 1.0f / alpha[r];
    }
    memcpy(a, x, sizeof(float) * rows * stride);
    memcpy(b, x, sizeof(float) * rows * stride);
    ksnake_ref(a, stride, x, stride, rows, n, alpha, inv);
    v->snake(b, stride, b, stride, rows, n, alpha, inv); /* in place, as the vocoder uses it */
    float worst = 0.0f;
    for (int r = 0; r < rows; r++)
        for (int t = 0; t < stride; t++) {
            /* sin^2 is bounded by 1, so compare relative to 1/alpha as well. */
            float d = fabsf(a[r * stride + t] - b[r * stride + t]) / (fabsf(a[r * stride + t]) + inv[r]);
            if (!(d <= worst))
                worst = d;
        }
    CHECK(worst <= 1e-6f, "%s snake rows %d n %d: relative difference %g", kernels_name(v->path), rows, n, worst);
#ifdef INFLECT_X86_KERNELS
    if (v->path == KERNELS_AVX512) {
        memcpy(a, x, sizeof(float) * rows * stride);
        ksnake_avx2(a, stride, a, stride, rows, n, alpha, inv);
        CHECK(memcmp(a, b, sizeof(float) * rows * stride) == 0, "avx512 snake rows %d n %d: not the AVX2 bits", rows,
              n);
    }
#endif
    free(x), free(a), free(b);
}

/* Every twin of variant v against the reference. */
static void test_variant(const variant *v)
{
    char what[64];
    const char *name = kernels_name(v->path);
    if (v->widen) {
        snprintf(what, sizeof what, "%s rows", name);
        test_rows(v->widen, what);
    }
    if (v->f16) {
        snprintf(what, sizeof what, "%s f16", name);
        f16_all(v->f16, what);
    }
    snprintf(what, sizeof what, "%s conv", name);
    for (int i = 0; i < 300; i++)
        conv_case(v->conv, what);
    for (int i = 0; i < 500; i++)
        simd_conv_case(v, false);
    for (int i = 0; i < 300; i++)
        simd_conv_case(v, true);
    for (int i = 0; i < 300; i++)
        simd_snake_case(v);
    fprintf(stderr, "%s: tested against the reference\n", name);
}

/* test_kernels [PATH]: the reference kernels against their definitions,
 * then every SIMD twin this build has against the reference, where the CPU
 * can run it. With PATH (avx2, neon...), only that path's twins, and exit
 * 77 (SKIP) when this build or CPU cannot run them. */
int main(int argc, char **argv)
{
    if (argc > 2) {
        fputs("usage: test_kernels [PATH]\n", stderr);
        return 2;
    }
    if (argc == 2) {
        for (size_t i = 0; i + 1 < sizeof variants / sizeof *variants; i++)
            if (strcmp(argv[1], kernels_name(variants[i].path)) == 0) {
                if (!kernels_supported(variants[i].path)) {
                    printf("skip: this CPU cannot run the %s kernels (CPUID lacks them, or the OS does not enable "
                           "their registers)\n",
                           argv[1]);
                    return 77;
                }
                test_variant(&variants[i]);
                if (check_failures)
                    fprintf(stderr, "%d checks failed\n", check_failures);
                return check_failures != 0;
            }
        printf("skip: this build has no %s kernels (they are built for another CPU family)\n", argv[1]);
        return 77;
    }
    for (int i = 0; i < 300; i++)
        conv_case(kconv_run_ref, "reference conv");
    test_convt();
    f16_all(kf16_to_f32_ref, "reference f16");
    test_f16_layers();
    test_depthwise();
    test_layernorm();
    test_gru();
    test_rows(kconv_widen_rows_ref, "reference rows");
    for (size_t i = 0; i + 1 < sizeof variants / sizeof *variants; i++) {
        if (kernels_supported(variants[i].path))
            test_variant(&variants[i]);
        else
            fprintf(stderr, "%s: this CPU cannot run them, not tested\n", kernels_name(variants[i].path));
    }
    fprintf(stderr, "dispatching kernels take the %s path\n", kernels_name(kernels_active()));
    if (check_failures)
        fprintf(stderr, "%d checks failed\n", check_failures);
    return check_failures != 0;
}
