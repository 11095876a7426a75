/* GGML block formats: hand-built blocks of every type decode to the values
 * their format defines, broken input is refused, quantized tensors parse
 * and load (padding dropped), and the Python writer's quantized tensors
 * decode here to what it decodes them to.
 *
 * The blocks are packed below the way GGML's quantizers pack them (value by
 * value into the fields), while quant.c reads them the way its
 * dequantizers do, so a misplaced bit shows on one side or the other.
 *
 * Copyright (C) 2026 The Inflect authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Usage: test_quant [quant.gguf] (from tests/make_quant_fixture.py; without
 * it, or when it is empty, the fixture checks are skipped)
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "check.h"
#include "gguf.h"
#include "kernels.h"
#include "quant.h"
#include "weights.h"

enum { H_ZERO = 0x0000, H_ONE = 0x3c00, H_HALF = 0x3800, H_QUARTER = 0x3400, H_EIGHTH = 0x3000, H_TWO = 0x4000,
       H_MINUS_ONE = 0xbc00, H_MAX = 0x7bff, H_INF = 0x7c00, H_NAN = 0x7e00 };

static void put16(uint8_t *p, uint16_t v)
{
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
}

static void put32(uint8_t *p, uint32_t v)
{
    for (int i = 0; i < 4; i++)
        p[i] = (uint8_t)(v >> 8 * i);
}

static void put64(uint8_t *p, uint64_t v)
{
    for (int i = 0; i < 8; i++)
        p[i] = (uint8_t)(v >> 8 * i);
}

/* Decodes `block` and compares with `want` exactly: the values are sums and
 * products of small integers and powers of two, so float32 holds them. */
static void expect_block(const char *what, uint32_t type, const uint8_t *block, const float *want)
{
    const quant_type *qt = quant_type_info(type);
    float got[256];
    CHECK(qt != NULL, "%s: no type info", what);
    if (!qt)
        return;
    CHECK(quant_dequantize(type, block, got, qt->block_elems), "%s: refused", what);
    for (uint32_t i = 0; i < qt->block_elems; i++)
        if (got[i] != want[i]) {
            CHECK(got[i] == want[i], "%s: value %u is %g, want %g", what, i, got[i], want[i]);
            break;
        }
    CHECK(quant_finite(type, block, qt->block_elems), "%s: finite block judged non-finite", what);
}

static void test_type_table(void)
{
    static const struct {
        uint32_t type;
        const char *name;
        uint32_t elems, bytes;
    } known[] = {
        {GGML_TYPE_F32, "F32", 1, 4},      {GGML_TYPE_F16, "F16", 1, 2},      {GGML_TYPE_Q4_0, "Q4_0", 32, 18},
        {GGML_TYPE_Q4_1, "Q4_1", 32, 20},  {GGML_TYPE_Q5_0, "Q5_0", 32, 22},  {GGML_TYPE_Q5_1, "Q5_1", 32, 24},
        {GGML_TYPE_Q8_0, "Q8_0", 32, 34},  {GGML_TYPE_Q2_K, "Q2_K", 256, 84}, {GGML_TYPE_Q3_K, "Q3_K", 256, 110},
        {GGML_TYPE_Q4_K, "Q4_K", 256, 144}, {GGML_TYPE_Q5_K, "Q5_K", 256, 176},
        {GGML_TYPE_Q6_K, "Q6_K", 256, 210}, {GGML_TYPE_BF16, "BF16", 1, 2},
    };
    for (size_t i = 0; i < sizeof known / sizeof *known; i++) {
        const quant_type *qt = quant_type_info(known[i].type);
        CHECK(qt && strcmp(qt->name, known[i].name) == 0 && qt->block_elems == known[i].elems &&
                  qt->block_bytes == known[i].bytes,
              "type %u should be %s, %u values in %u bytes", known[i].type, known[i].name, known[i].elems,
              known[i].bytes);
    }
    /* Real GGML types this engine does not read, and garbage. */
    uint32_t unread[] = {4, 5, 9, 15, 16, 20, 23, 24, 28, 29, 31, 34, 39, 63, 64, 1000, UINT32_MAX};
    for (size_t i = 0; i < sizeof unread / sizeof *unread; i++)
        CHECK(quant_type_info(unread[i]) == NULL, "type %u should be unknown", unread[i]);
}

static void test_plain(void)
{
    uint8_t b[8];
    float want[1], got[2] = {0, 0};
    put32(b, 0xc0490fdbu); /* -pi */
    want[0] = -3.14159274f;
    expect_block("F32", GGML_TYPE_F32, b, want);
    put16(b, 0xc500); /* -5 */
    want[0] = -5.0f;
    expect_block("F16", GGML_TYPE_F16, b, want);
    /* BF16 is the top half of a float32: 0x4049 -> 0x40490000 = 3.140625. */
    put16(b, 0x4049);
    want[0] = 3.140625f;
    expect_block("BF16", GGML_TYPE_BF16, b, want);
    put16(b, 0x3f80);
    put16(b + 2, 0xc000);
    CHECK(quant_dequantize(GGML_TYPE_BF16, b, got, 2) && got[0] == 1.0f && got[1] == -2.0f,
          "BF16 pair decodes to %g, %g", got[0], got[1]);
}

static void test_q4_0(void)
{
    /* d = 0.5; byte j: low nibble j (value j), high nibble 15 - j (value j + 16). */
    uint8_t b[18];
    float want[32];
    put16(b, H_HALF);
    for (int j = 0; j < 16; j++) {
        b[2 + j] = (uint8_t)(j | (15 - j) << 4);
        want[j] = (float)(j - 8) * 0.5f;
        want[j + 16] = (float)(7 - j) * 0.5f;
    }
    expect_block("Q4_0", GGML_TYPE_Q4_0, b, want);
}

static void test_q4_1(void)
{
    /* d = 0.25, m = -1: y = q / 4 - 1. */
    uint8_t b[20];
    float want[32];
    put16(b, H_QUARTER);
    put16(b + 2, H_MINUS_ONE);
    for (int j = 0; j < 16; j++) {
        int lo = j, hi = (3 * j) & 15;
        b[4 + j] = (uint8_t)(lo | hi << 4);
        want[j] = (float)lo * 0.25f - 1.0f;
        want[j + 16] = (float)hi * 0.25f - 1.0f;
    }
    expect_block("Q4_1", GGML_TYPE_Q4_1, b, want);
}

/* Five-bit quants L[0..32) packed as GGML does: nibbles as in Q4_0, the
 * fifth bit of value j in bit j of a little-endian 32-bit word. */
static void pack_q5(uint8_t *qh, uint8_t *qs, const int *L)
{
    uint32_t h = 0;
    for (int j = 0; j < 16; j++) {
        qs[j] = (uint8_t)((L[j] & 15) | (L[j + 16] & 15) << 4);
        h |= (uint32_t)(L[j] >> 4) << j;
        h |= (uint32_t)(L[j + 16] >> 4) << (j + 16);
    }
    put32(qh, h);
}

static void test_q5(void)
{
    int L[32];
    for (int j = 0; j < 32; j++)
        L[j] = (j * 11 + 3) % 32; /* every value 0..31 once */
    uint8_t b0[22], b1[24];
    float want0[32], want1[32];
    put16(b0, H_ONE);
    pack_q5(b0 + 2, b0 + 6, L);
    put16(b1, H_HALF);
    put16(b1 + 2, H_QUARTER);
    pack_q5(b1 + 4, b1 + 8, L);
    for (int j = 0; j < 32; j++) {
        want0[j] = (float)(L[j] - 16);
        want1[j] = (float)L[j] * 0.5f + 0.25f;
    }
    expect_block("Q5_0", GGML_TYPE_Q5_0, b0, want0);
    expect_block("Q5_1", GGML_TYPE_Q5_1, b1, want1);
}

static void test_q8_0(void)
{
    uint8_t b[34];
    float want[32];
    put16(b, H_EIGHTH);
    for (int j = 0; j < 32; j++) {
        int q = j == 31 ? 127 : j * 8 - 128;
        b[2 + j] = (uint8_t)(int8_t)q;
        want[j] = (float)q * 0.125f;
    }
    expect_block("Q8_0", GGML_TYPE_Q8_0, b, want);
}

/* Two-bit quants L[0..256) as Q2_K and Q3_K store them: in each half of
 * 128 values, byte l of the half's 32 holds values l, l+32, l+64 and l+96
 * at bits 0, 2, 4 and 6. */
static void pack_2bit(uint8_t *qs, const int *L)
{
    for (int h = 0; h < 256; h += 128)
        for (int l = 0; l < 32; l++)
            qs[h / 4 + l] = (uint8_t)((L[h + l] & 3) | (L[h + l + 32] & 3) << 2 | (L[h + l + 64] & 3) << 4 |
                                      (L[h + l + 96] & 3) << 6);
}

static void test_q2_k(void)
{
    /* Group g of 16 values: scale g, min 15 - g; d = 0.5, dmin = 0.25. */
    uint8_t b[84] = {0};
    int L[256];
    float want[256];
    for (int g = 0; g < 16; g++)
        b[g] = (uint8_t)(g | (15 - g) << 4);
    for (int e = 0; e < 256; e++) {
        L[e] = (e * 7 + e / 16) % 4;
        int g = e / 16;
        want[e] = 0.5f * (float)g * (float)L[e] - 0.25f * (float)(15 - g);
    }
    pack_2bit(b + 16, L);
    put16(b + 80, H_HALF);
    put16(b + 82, H_QUARTER);
    expect_block("Q2_K", GGML_TYPE_Q2_K, b, want);
}

static void test_q3_k(void)
{
    /* Three-bit quants L (value L - 4): high bit of value e in bit e / 32 of
     * hmask byte e % 32; 6-bit scales S (value S - 32): low nibbles in bytes
     * 0-7 then the high nibbles of the same bytes, top two bits of scale g
     * at bits 2 * (g / 4) of byte 8 + g % 4. d = 0.25. */
    uint8_t b[110] = {0};
    int L[256], S[16];
    float want[256];
    for (int g = 0; g < 16; g++)
        S[g] = (g * 37 + 5) % 64;
    for (int g = 0; g < 16; g++) {
        if (g < 8)
            b[96 + g] = (uint8_t)(S[g] & 15);
        else
            b[96 + g - 8] |= (uint8_t)((S[g] & 15) << 4);
        b[96 + 8 + g % 4] |= (uint8_t)((S[g] >> 4) << 2 * (g / 4));
    }
    int low[256];
    for (int e = 0; e < 256; e++) {
        L[e] = (e * 5 + e / 32) % 8;
        if (L[e] > 3)
            b[e % 32] |= (uint8_t)(1u << (e / 32));
        low[e] = L[e] & 3;
        want[e] = 0.25f * (float)(S[e / 16] - 32) * (float)(L[e] - 4);
    }
    pack_2bit(b + 32, low);
    put16(b + 108, H_QUARTER);
    expect_block("Q3_K", GGML_TYPE_Q3_K, b, want);
}

/* Eight 6-bit scales and mins as Q4_K and Q5_K pack them in 12 bytes. */
static void pack_k_scales(uint8_t *s, const int *sc, const int *m)
{
    memset(s, 0, 12);
    for (int g = 0; g < 8; g++) {
        if (g < 4) {
            s[g] = (uint8_t)sc[g];
            s[g + 4] = (uint8_t)m[g];
        } else {
            s[g + 4] = (uint8_t)((sc[g] & 15) | (m[g] & 15) << 4);
            s[g - 4] |= (uint8_t)((sc[g] >> 4) << 6);
            s[g] |= (uint8_t)((m[g] >> 4) << 6);
        }
    }
}

static void test_q4_k_q5_k(void)
{
    int sc[8], m[8], L[256];
    for (int g = 0; g < 8; g++) {
        sc[g] = (g * 23 + 7) % 64; /* every group's top bits differ */
        m[g] = 63 - g * 9;
    }
    for (int e = 0; e < 256; e++)
        L[e] = (e * 13 + e / 64) % 32;

    /* Q4_K (d = 0.5, dmin = 0.125): 4-bit L & 15; each 64 values share 32
     * bytes, the first 32 in the low nibbles. */
    uint8_t b4[144];
    float want4[256];
    put16(b4, H_HALF);
    put16(b4 + 2, H_EIGHTH);
    pack_k_scales(b4 + 4, sc, m);
    for (int c = 0; c < 4; c++)
        for (int l = 0; l < 32; l++)
            b4[16 + 32 * c + l] = (uint8_t)((L[64 * c + l] & 15) | (L[64 * c + 32 + l] & 15) << 4);
    for (int e = 0; e < 256; e++)
        want4[e] = 0.5f * (float)sc[e / 32] * (float)(L[e] & 15) - 0.125f * (float)m[e / 32];
    expect_block("Q4_K", GGML_TYPE_Q4_K, b4, want4);

    /* Q5_K (d = 2, dmin = 1): as Q4_K plus the fifth bit of value 64c + l
     * in bit 2c of byte l, of value 64c + 32 + l in bit 2c + 1. */
    uint8_t b5[176] = {0};
    float want5[256];
    put16(b5, H_TWO);
    put16(b5 + 2, H_ONE);
    pack_k_scales(b5 + 4, sc, m);
    for (int c = 0; c < 4; c++)
        for (int l = 0; l < 32; l++) {
            int v0 = L[64 * c + l], v1 = L[64 * c + 32 + l];
            b5[48 + 32 * c + l] = (uint8_t)((v0 & 15) | (v1 & 15) << 4);
            b5[16 + l] |= (uint8_t)((v0 >> 4) << 2 * c | (v1 >> 4) << (2 * c + 1));
        }
    for (int e = 0; e < 256; e++)
        want5[e] = 2.0f * (float)sc[e / 32] * (float)L[e] - 1.0f * (float)m[e / 32];
    expect_block("Q5_K", GGML_TYPE_Q5_K, b5, want5);
}

static void test_q6_k(void)
{
    /* Six-bit L (value L - 32), signed byte scales, d = 0.125. Per half of
     * 128: ql byte l = L[l] | L[l+64] << 4, byte 32 + l = L[l+32] | L[l+96]
     * << 4 (low nibbles), qh byte l = the top two bits of L[l], L[l+32],
     * L[l+64], L[l+96] at bits 0, 2, 4, 6. */
    uint8_t b[210] = {0};
    int L[256], sc[16];
    float want[256];
    for (int g = 0; g < 16; g++)
        sc[g] = (g - 8) * 9 - (g == 0 ? 56 : 0); /* -128 .. 63 */
    for (int e = 0; e < 256; e++)
        L[e] = (e * 29 + e / 128) % 64;
    for (int h = 0; h < 2; h++)
        for (int l = 0; l < 32; l++) {
            const int *q = L + 128 * h;
            b[64 * h + l] = (uint8_t)((q[l] & 15) | (q[l + 64] & 15) << 4);
            b[64 * h + 32 + l] = (uint8_t)((q[l + 32] & 15) | (q[l + 96] & 15) << 4);
            b[128 + 32 * h + l] =
                (uint8_t)((q[l] >> 4) | (q[l + 32] >> 4) << 2 | (q[l + 64] >> 4) << 4 | (q[l + 96] >> 4) << 6);
        }
    for (int g = 0; g < 16; g++)
        b[192 + g] = (uint8_t)(int8_t)sc[g];
    put16(b + 208, H_EIGHTH);
    for (int e = 0; e < 256; e++)
        want[e] = 0.125f * (float)sc[e / 16] * (float)(L[e] - 32);
    expect_block("Q6_K", GGML_TYPE_Q6_K, b, want);
}

static void test_refusals_and_finite(void)
{
    uint8_t b[3 * 34] = {0};
    float dst[96];
    dst[0] = 42.0f;
    CHECK(!quant_dequantize(GGML_TYPE_Q8_0, b, dst, 31) && dst[0] == 42.0f, "a partial Q8_0 block was decoded");
    CHECK(!quant_dequantize(9, b, dst, 32) && dst[0] == 42.0f, "Q8_1 (unsupported) was decoded");
    CHECK(!quant_finite(GGML_TYPE_Q8_0, b, 33), "a partial block was judged finite");
    CHECK(!quant_finite(9, b, 32), "an unsupported type was judged finite");
    CHECK(quant_dequantize(GGML_TYPE_Q8_0, b, dst, 0) && quant_finite(GGML_TYPE_Q8_0, b, 0), "zero values refused");

    /* Q8_0: an infinite or NaN scale spoils its block even with zero quants
     * (inf * 0 is NaN); the largest finite scale does not. */
    put16(b, H_INF);
    CHECK(!quant_finite(GGML_TYPE_Q8_0, b, 32), "Q8_0 with d = inf judged finite");
    put16(b, H_NAN);
    CHECK(!quant_finite(GGML_TYPE_Q8_0, b, 32), "Q8_0 with d = NaN judged finite");
    put16(b, H_MAX);
    memset(b + 2, 0x80, 32); /* -128 */
    CHECK(quant_finite(GGML_TYPE_Q8_0, b, 32), "Q8_0 with the largest scale judged non-finite");
    /* Three blocks, the third bad: the first two alone are fine. */
    put16(b + 34, H_ONE);
    put16(b + 68, H_INF);
    CHECK(quant_finite(GGML_TYPE_Q8_0, b, 64), "two good Q8_0 blocks judged non-finite");
    CHECK(!quant_finite(GGML_TYPE_Q8_0, b, 96), "a bad third Q8_0 block was missed");

    uint8_t q41[20] = {0};
    put16(q41, H_ONE);
    put16(q41 + 2, H_INF);
    CHECK(!quant_finite(GGML_TYPE_Q4_1, q41, 32), "Q4_1 with m = inf judged finite");

    /* Q2_K: dmin infinite though every min nibble is 0 (inf * 0 = NaN). */
    uint8_t q2[84] = {0};
    put16(q2 + 80, H_ONE);
    put16(q2 + 82, H_INF);
    CHECK(!quant_finite(GGML_TYPE_Q2_K, q2, 256), "Q2_K with dmin = inf judged finite");
    put16(q2 + 82, H_ONE);
    CHECK(quant_finite(GGML_TYPE_Q2_K, q2, 256), "a zero Q2_K block judged non-finite");

    uint8_t q3[110] = {0};
    put16(q3 + 108, H_NAN);
    CHECK(!quant_finite(GGML_TYPE_Q3_K, q3, 256), "Q3_K with d = NaN judged finite");

    uint8_t q4[144] = {0}, q5[176] = {0};
    put16(q4, H_NAN);
    CHECK(!quant_finite(GGML_TYPE_Q4_K, q4, 256), "Q4_K with d = NaN judged finite");
    put16(q5 + 2, H_INF);
    CHECK(!quant_finite(GGML_TYPE_Q5_K, q5, 256), "Q5_K with dmin = inf judged finite");

    /* Q6_K: the largest scale, byte scale and quant stay finite. */
    uint8_t q6[210] = {0};
    memset(q6 + 192, 0x80, 16);
    put16(q6 + 208, H_MAX);
    CHECK(quant_finite(GGML_TYPE_Q6_K, q6, 256), "an extreme but finite Q6_K block judged non-finite");
    put16(q6 + 208, H_INF);
    CHECK(!quant_finite(GGML_TYPE_Q6_K, q6, 256), "Q6_K with d = inf judged finite");

    uint8_t p[4];
    put16(p, 0x7f80);
    CHECK(!quant_finite(GGML_TYPE_BF16, p, 1), "BF16 infinity judged finite");
    put16(p, 0xffc1);
    CHECK(!quant_finite(GGML_TYPE_BF16, p, 1), "BF16 NaN judged finite");
    put16(p, 0x7f7f);
    CHECK(quant_finite(GGML_TYPE_BF16, p, 1), "the largest BF16 judged non-finite");
    put16(p, H_INF);
    CHECK(!quant_finite(GGML_TYPE_F16, p, 1), "F16 infinity judged finite");
    put32(p, 0x7f800001u);
    CHECK(!quant_finite(GGML_TYPE_F32, p, 1), "F32 NaN judged finite");
}

/* ---- GGUF files built in memory ----------------------------------------- */

typedef struct {
    const char *name;
    int n_dims;
    uint64_t ne[4]; /* GGUF order */
    uint32_t type;
    const void *data; /* NULL: zeros */
    size_t bytes;
} tensor_spec;

static size_t pad32(size_t n) { return (n + 31) & ~(size_t)31; }

/* A GGUF v3 file holding the tensors, no keys; *size is its length. */
static uint8_t *build(const tensor_spec *ts, int n, size_t *size)
{
    size_t head = 24, data = 0;
    for (int i = 0; i < n; i++) {
        head += 8 + strlen(ts[i].name) + 4 + 8 * (size_t)ts[i].n_dims + 12;
        data += pad32(ts[i].bytes);
    }
    *size = pad32(head) + data;
    uint8_t *b = calloc(1, *size), *p = b;
    memcpy(p, "GGUF", 4);
    put32(p + 4, 3);
    put64(p + 8, (uint64_t)n);
    put64(p + 16, 0);
    p += 24;
    size_t offset = 0;
    for (int i = 0; i < n; i++) {
        size_t len = strlen(ts[i].name);
        put64(p, len);
        memcpy(p + 8, ts[i].name, len);
        p += 8 + len;
        put32(p, (uint32_t)ts[i].n_dims);
        p += 4;
        for (int d = 0; d < ts[i].n_dims; d++, p += 8)
            put64(p, ts[i].ne[d]);
        put32(p, ts[i].type);
        put64(p + 4, offset);
        p += 12;
        if (ts[i].data)
            memcpy(b + pad32(head) + offset, ts[i].data, ts[i].bytes);
        offset += pad32(ts[i].bytes);
    }
    return b;
}

/* Parses one tensor's file, expecting `status` and, on failure, `needle`
 * in the message. */
static void expect_parse(const char *what, tensor_spec t, size_t cut, inflect_status status, const char *needle)
{
    size_t size;
    uint8_t *b = build(&t, 1, &size);
    gguf_file f;
    char err[256] = "";
    inflect_status s = gguf_parse(&f, b, size - cut, err, sizeof err);
    CHECK(s == status, "%s: status %d, want %d (%s)", what, (int)s, (int)status, err);
    if (s != INFLECT_OK && needle)
        CHECK(strstr(err, needle) != NULL, "%s: message '%s' lacks '%s'", what, err, needle);
    if (s == INFLECT_OK)
        gguf_close(&f);
    free(b);
}

static void test_gguf(void)
{
    /* Every type parses with rows of two blocks; n_bytes is rows x blocks x
     * block bytes. */
    uint32_t all[] = {GGML_TYPE_F32, GGML_TYPE_F16, GGML_TYPE_Q4_0, GGML_TYPE_Q4_1, GGML_TYPE_Q5_0,
                      GGML_TYPE_Q5_1, GGML_TYPE_Q8_0, GGML_TYPE_Q2_K, GGML_TYPE_Q3_K, GGML_TYPE_Q4_K,
                      GGML_TYPE_Q5_K, GGML_TYPE_Q6_K, GGML_TYPE_BF16};
    for (size_t i = 0; i < sizeof all / sizeof *all; i++) {
        const quant_type *qt = quant_type_info(all[i]);
        tensor_spec t = {"w", 2, {2 * qt->block_elems, 3}, all[i], NULL, 6 * (size_t)qt->block_bytes};
        size_t size;
        uint8_t *b = build(&t, 1, &size);
        gguf_file f;
        char err[256] = "";
        CHECK(gguf_parse(&f, b, size, err, sizeof err) == INFLECT_OK, "%s tensor refused: %s", qt->name, err);
        if (f.n_tensors == 1) {
            CHECK(f.tensors[0].n_bytes == t.bytes && f.tensors[0].n_elems == 6 * (uint64_t)qt->block_elems,
                  "%s: n_bytes %llu, want %zu", qt->name, (unsigned long long)f.tensors[0].n_bytes, t.bytes);
            CHECK(gguf_tensor_finite(&f.tensors[0]), "%s: zeros judged non-finite", qt->name);
            CHECK(gguf_tensor_value(&f.tensors[0], f.tensors[0].n_elems - 1) == 0.0f, "%s: zeros decode non-zero",
                  qt->name);
            gguf_close(&f);
        }
        free(b);
        /* One byte short of the data: refused, naming the tensor. */
        expect_parse(qt->name, t, (32 - t.bytes % 32) % 32 + 1, INFLECT_ERR_FORMAT, "'w'");
    }

    expect_parse("Q8_0 row of 7", (tensor_spec){"q8.row", 2, {7, 3}, GGML_TYPE_Q8_0, NULL, 34 * 3}, 0,
                 INFLECT_ERR_FORMAT, "tensor 'q8.row': Q8_0 rows hold whole blocks of 32 values, but ne[0] is 7");
    expect_parse("Q4_K row of 32", (tensor_spec){"k.row", 1, {32}, GGML_TYPE_Q4_K, NULL, 144}, 0,
                 INFLECT_ERR_FORMAT, "'k.row': Q4_K rows hold whole blocks of 256");
    expect_parse("Q8_1", (tensor_spec){"q81", 1, {32}, 9, NULL, 36}, 0, INFLECT_ERR_UNSUPPORTED,
                 "tensor 'q81': type 9 is not supported");
    expect_parse("IQ4_NL", (tensor_spec){"iq", 1, {32}, 20, NULL, 18}, 0, INFLECT_ERR_UNSUPPORTED, "'iq'");
    expect_parse("garbage type", (tensor_spec){"junk", 1, {32}, 0x7fff, NULL, 64}, 0, INFLECT_ERR_FORMAT,
                 "invalid type");
    /* 2^40 values claimed by a tiny file: sizes stay exact, the data is
     * simply not there. */
    expect_parse("huge Q6_K", (tensor_spec){"huge", 2, {1ull << 39, 2}, GGML_TYPE_Q6_K, NULL, 210}, 0,
                 INFLECT_ERR_FORMAT, "'huge'");

    /* gguf_tensor_value on a Q4_0 [2 rows x 64]: each value from its block. */
    uint8_t q[4 * 18];
    float want[128];
    for (int blk = 0; blk < 4; blk++) {
        put16(q + 18 * blk, blk % 2 ? H_HALF : H_TWO);
        for (int j = 0; j < 16; j++) {
            q[18 * blk + 2 + j] = (uint8_t)((j + blk) % 16 | ((j * 5) % 16) << 4);
            float d = blk % 2 ? 0.5f : 2.0f;
            want[32 * blk + j] = (float)((j + blk) % 16 - 8) * d;
            want[32 * blk + j + 16] = (float)((j * 5) % 16 - 8) * d;
        }
    }
    size_t size;
    uint8_t *b = build(&(tensor_spec){"q4", 2, {64, 2}, GGML_TYPE_Q4_0, q, sizeof q}, 1, &size);
    gguf_file f;
    char err[256] = "";
    CHECK(gguf_parse(&f, b, size, err, sizeof err) == INFLECT_OK, "Q4_0 file refused: %s", err);
    if (f.n_tensors == 1) {
        const gguf_tensor *t = &f.tensors[0];
        for (uint64_t i = 0; i < 128; i++)
            if (gguf_tensor_value(t, i) != want[i]) {
                CHECK(gguf_tensor_value(t, i) == want[i], "Q4_0 value %llu is %g, want %g", (unsigned long long)i,
                      gguf_tensor_value(t, i), want[i]);
                break;
            }
        CHECK(gguf_tensor_finite(t), "Q4_0 tensor judged non-finite");
        gguf_close(&f);
    }
    /* More blocks than gguf_tensor_finite checks in one run: a bad scale in
     * the last one still counts. */
    enum { MANY = 5000 };
    uint8_t *many = calloc(MANY, 34);
    for (int blk = 0; blk < MANY; blk++)
        put16(many + 34 * blk, H_ONE);
    for (int bad = 0; bad < 2; bad++) {
        if (bad)
            put16(many + 34 * (MANY - 1), H_NAN);
        size_t msize;
        uint8_t *mb = build(&(tensor_spec){"many", 1, {32 * MANY}, GGML_TYPE_Q8_0, many, 34 * MANY}, 1, &msize);
        gguf_file mf;
        CHECK(gguf_parse(&mf, mb, msize, err, sizeof err) == INFLECT_OK, "long Q8_0 refused: %s", err);
        if (mf.n_tensors == 1) {
            CHECK(gguf_tensor_finite(&mf.tensors[0]) == !bad, "long Q8_0 %s judged %s", bad ? "with a NaN" : "",
                  bad ? "finite" : "non-finite");
            gguf_close(&mf);
        }
        free(mb);
    }
    free(many);
    /* The last block's scale made infinite: the tensor is not finite. */
    put16(b + size - 32 * 3 + 18 * 3, H_INF); /* data starts 96 bytes before the end (72 + padding) */
    CHECK(gguf_parse(&f, b, size, err, sizeof err) == INFLECT_OK, "Q4_0 file refused: %s", err);
    if (f.n_tensors == 1) {
        CHECK(!gguf_tensor_finite(&f.tensors[0]), "Q4_0 tensor with an infinite scale judged finite");
        gguf_close(&f);
    }
    free(b);
}

/* ---- the weight loader --------------------------------------------------- */

static weights loader(const gguf_file *f, arena *mem, char *err, size_t err_size)
{
    return (weights){.file = f, .mem = mem, .prefix = "acoustic.", .status = INFLECT_OK, .err = err,
                     .err_size = err_size, .workspace = 0};
}

static bool same_floats(const float *a, const float *b, size_t n)
{
    return memcmp(a, b, n * sizeof *a) == 0;
}

static void test_weights(void)
{
    /* A Q8_0 matrix of PyTorch shape [3, 7], stored [3, 32]; the padding
     * holds non-zero quants, which the loader must drop all the same. */
    uint8_t m[3 * 34];
    float want[21];
    for (int r = 0; r < 3; r++) {
        put16(m + 34 * r, H_HALF);
        for (int j = 0; j < 32; j++)
            m[34 * r + 2 + j] = (uint8_t)(int8_t)(j < 7 ? r * 7 + j - 10 : 99);
        for (int j = 0; j < 7; j++)
            want[r * 7 + j] = (float)(r * 7 + j - 10) * 0.5f;
    }
    uint8_t conv[6 * 34]; /* Conv1d [2, 3, 5] as Q8_0: 6 rows of one block */
    float want_conv[30];
    for (int r = 0; r < 6; r++) {
        put16(conv + 34 * r, H_QUARTER);
        for (int j = 0; j < 32; j++)
            conv[34 * r + 2 + j] = (uint8_t)(int8_t)(j < 5 ? r * 5 + j - 15 : 0);
        for (int j = 0; j < 5; j++)
            want_conv[r * 5 + j] = (float)(r * 5 + j - 15) * 0.25f;
    }
    uint8_t up[2 * 3 * 4 * 2]; /* ConvTranspose1d [2, 3, 4] as BF16 */
    float want_up[24];
    for (int i = 0; i < 24; i++) {
        want_up[i] = (float)(i - 12) * 0.5f;
        uint32_t bits;
        memcpy(&bits, &want_up[i], 4);
        put16(up + 2 * i, (uint16_t)(bits >> 16));
    }
    /* The same two kernels as the community converter flattens them: rows
     * [c_out][k][c_in], F32 (the rows' order, not the type, is tested). */
    float flat_conv[30], flat_up[24];
    for (int o = 0; o < 2; o++)
        for (int j = 0; j < 5; j++)
            for (int i = 0; i < 3; i++)
                flat_conv[(o * 5 + j) * 3 + i] = want_conv[(o * 3 + i) * 5 + j];
    for (int o = 0; o < 3; o++)
        for (int j = 0; j < 4; j++)
            for (int i = 0; i < 2; i++)
                flat_up[(o * 4 + j) * 2 + i] = want_up[(i * 3 + o) * 4 + j];
    uint16_t half_w[21];
    for (int i = 0; i < 21; i++)
        half_w[i] = H_ONE;
    float bias[3] = {1, 2, 3};
    tensor_spec ts[] = {
        {"acoustic.m", 2, {32, 3}, GGML_TYPE_Q8_0, m, sizeof m},
        {"acoustic.lin.weight", 2, {32, 3}, GGML_TYPE_Q8_0, m, sizeof m},
        {"acoustic.lin.bias", 1, {3}, GGML_TYPE_F32, bias, sizeof bias},
        {"acoustic.half.weight", 2, {7, 3}, GGML_TYPE_F16, half_w, sizeof half_w},
        {"acoustic.half.bias", 1, {3}, GGML_TYPE_F32, bias, sizeof bias},
        {"acoustic.conv.weight", 3, {32, 3, 2}, GGML_TYPE_Q8_0, conv, sizeof conv},
        {"acoustic.conv.bias", 1, {2}, GGML_TYPE_F32, bias, 2 * sizeof(float)},
        {"acoustic.up.weight", 3, {4, 3, 2}, GGML_TYPE_BF16, up, sizeof up},
        {"acoustic.up.bias", 1, {3}, GGML_TYPE_F32, bias, sizeof bias},
        {"acoustic.wide", 2, {64, 3}, GGML_TYPE_Q8_0, NULL, 2 * sizeof m},
        {"acoustic.flat.weight", 2, {15, 2}, GGML_TYPE_F32, flat_conv, sizeof flat_conv},
        {"acoustic.flat.bias", 1, {2}, GGML_TYPE_F32, bias, 2 * sizeof(float)},
        {"acoustic.upflat.weight", 2, {8, 3}, GGML_TYPE_F32, flat_up, sizeof flat_up},
        {"acoustic.upflat.bias", 1, {3}, GGML_TYPE_F32, bias, sizeof bias},
    };
    size_t size;
    uint8_t *b = build(ts, (int)(sizeof ts / sizeof *ts), &size);
    gguf_file f;
    char err[256] = "";
    if (gguf_parse(&f, b, size, err, sizeof err) != INFLECT_OK) {
        CHECK(false, "weights file refused: %s", err);
        free(b);
        return;
    }
    arena mem = {0};
    weights w = loader(&f, &mem, err, sizeof err);

    const float *t = weights_tensor(&w, 2, (int[]){3, 7}, "m");
    CHECK(t && same_floats(t, want, 21), "padded Q8_0 [3, 7] loads wrong (%s)", err);
    const float *tt = weights_transposed(&w, 3, 7, "m");
    bool ok = tt != NULL;
    for (int r = 0; ok && r < 3; r++)
        for (int c = 0; c < 7; c++)
            ok = ok && tt[c * 3 + r] == want[r * 7 + c];
    CHECK(ok, "padded Q8_0 [3, 7] transposes wrong (%s)", err);

    kconv lin, half, cv;
    kconvt ct;
    weights_linear(&w, &lin, 3, 7, "lin");
    weights_linear(&w, &half, 3, 7, "half");
    weights_conv(&w, &cv, 2, 3, 5, "conv");
    weights_convt(&w, &ct, 3, 2, 4, 2, "up");
    CHECK(w.status == INFLECT_OK, "layers refused: %s", err);
    if (w.status == INFLECT_OK) {
        size_t n = kconv_packed_count(3, 7, 1);
        float *ref = calloc(n, sizeof *ref);
        kconv_pack(ref, want, 4, 3, 7, 1);
        /* Kept as the file's Q8_0 rows, widened at use to the same floats. */
        float *ws = malloc(n * sizeof *ws);
        kconv lf = kconv_f32(&lin, ws);
        CHECK(!lin.w && lin.rows && lin.rows->type == GGML_TYPE_Q8_0, "Q8_0 Linear not kept as Q8_0 rows");
        CHECK(w.workspace >= n, "Q8_0 Linear: workspace %zu, widening needs %zu", w.workspace, n);
        CHECK(!lf.f16 && same_floats(lf.w, ref, n) && lin.bias[2] == 3.0f, "Q8_0 Linear packs wrong");
        free(ws);
        CHECK(half.f16, "F16 Linear no longer kept as F16");
        free(ref);
        n = kconv_packed_count(2, 3, 5);
        ref = calloc(n, sizeof *ref);
        kconv_pack(ref, want_conv, 4, 2, 3, 5);
        CHECK(!cv.f16 && same_floats(cv.w, ref, n), "Q8_0 Conv1d packs wrong");
        free(ref);
        n = kconvt_phase_count(3, 2, 4, 2) * 2;
        ref = calloc(n, sizeof *ref);
        kconvt_pack(ref, want_up, 4, 3, 2, 4, 2);
        CHECK(!ct.f16 && same_floats(ct.w, ref, n), "BF16 ConvTranspose1d packs wrong");
        free(ref);
    }

    /* Flattened kernels: rows [k][c_in] where the file says so. */
    kconv fc;
    kconvt fu;
    w = loader(&f, &mem, err, sizeof err);
    w.conv_rows_k_major = true;
    weights_conv(&w, &fc, 2, 3, 5, "flat");
    weights_convt(&w, &fu, 3, 2, 4, 2, "upflat");
    CHECK(w.status == INFLECT_OK, "flattened layers refused: %s", err);
    if (w.status == INFLECT_OK) {
        size_t n = kconv_packed_count(2, 3, 5);
        float *ref = calloc(n, sizeof *ref);
        kconv_pack(ref, want_conv, 4, 2, 3, 5);
        CHECK(same_floats(fc.w, ref, n), "Conv1d flattened to rows [k][c_in] packs wrong");
        free(ref);
        n = kconvt_phase_count(3, 2, 4, 2) * 2;
        ref = calloc(n, sizeof *ref);
        kconvt_pack(ref, want_up, 4, 3, 2, 4, 2);
        CHECK(same_floats(fu.w, ref, n), "ConvTranspose1d flattened to rows [k][c_in] packs wrong");
        free(ref);
    }
    /* A shape that is neither form names both. */
    w = loader(&f, &mem, err, sizeof err);
    CHECK(weights_tensor_or(&w, 2, (int[]){3, 7}, 1, (int[]){21}, "wide") == NULL &&
              strcmp(err, "tensor 'acoustic.wide' has shape [3, 64], expected [3, 32] or [32] (Q8_0 pads [3, 7] to "
                          "whole blocks of 32)") == 0,
          "a shape of neither form accepted or badly reported: %s", err);

    /* Stored [3, 64] where [3, 7] pads to [3, 32]. */
    w = loader(&f, &mem, err, sizeof err);
    CHECK(weights_tensor(&w, 2, (int[]){3, 7}, "wide") == NULL && w.status == INFLECT_ERR_FORMAT &&
              strcmp(err, "tensor 'acoustic.wide' has shape [3, 64], expected [3, 32] (Q8_0 pads [3, 7] to "
                          "whole blocks of 32)") == 0,
          "wrong padding accepted or badly reported: %s", err);
    /* Expecting 40 columns: 64 is their padded width, so it loads. */
    w = loader(&f, &mem, err, sizeof err);
    CHECK(weights_tensor(&w, 2, (int[]){3, 40}, "wide") != NULL, "[3, 40] as Q8_0 [3, 64] refused: %s", err);
    CHECK(weights_tensor(&w, 2, (int[]){3, 33}, "m") == NULL && strstr(err, "expected [3, 64]") != NULL,
          "[3, 33] accepted from a [3, 32] tensor: %s", err);
    arena_free(&mem);
    gguf_close(&f);
    free(b);
}

/* ---- the Python writer's fixture ---------------------------------------- */

static const gguf_tensor *need(const gguf_file *f, const char *name)
{
    const gguf_tensor *t = gguf_find_tensor(f, name);
    CHECK(t != NULL, "fixture has no tensor %s", name);
    return t;
}

/* The first `cols` of each row of an F32 tensor with rows of `stride`. */
static float *unpadded(const gguf_tensor *t, size_t rows, size_t cols, size_t stride)
{
    float *out = malloc(rows * cols * sizeof *out);
    for (size_t r = 0; r < rows; r++)
        for (size_t c = 0; c < cols; c++)
            out[r * cols + c] = gguf_tensor_value(t, r * stride + c);
    return out;
}

/* Relative agreement with the Python decoder: the same operations in the
 * same order, but a compiler may fuse a multiply-add. */
static bool close_to(float a, float b) { return fabsf(a - b) <= 1e-6f * fabsf(b) + 1e-30f; }

static void test_fixture(const char *path)
{
    gguf_file f;
    char err[512] = "";
    if (gguf_open(&f, path, err, sizeof err) != INFLECT_OK) {
        printf("fixture skipped (%s)\n", err);
        return;
    }
    static const struct {
        const char *name;
        uint32_t type;
        float tolerance; /* as in make_quant_fixture.py */
    } mats[] = {{"bf16", GGML_TYPE_BF16, 0.005f}, {"q8_0", GGML_TYPE_Q8_0, 0.01f}, {"q4_0", GGML_TYPE_Q4_0, 0.15f},
                {"q4_k", GGML_TYPE_Q4_K, 0.1f},   {"q6_k", GGML_TYPE_Q6_K, 0.04f}};
    arena mem = {0};
    for (size_t i = 0; i < sizeof mats / sizeof *mats; i++) {
        char name[64];
        snprintf(name, sizeof name, "acoustic.%s", mats[i].name);
        const gguf_tensor *q = need(&f, name);
        snprintf(name, sizeof name, "acoustic.%s.ref", mats[i].name);
        const gguf_tensor *ref = need(&f, name);
        snprintf(name, sizeof name, "acoustic.%s.src", mats[i].name);
        const gguf_tensor *src = need(&f, name);
        if (!q || !ref || !src)
            continue;
        CHECK(q->type == mats[i].type && q->n_elems == ref->n_elems, "%s: type %u, %llu values", mats[i].name,
              q->type, (unsigned long long)q->n_elems);
        CHECK(gguf_tensor_finite(q), "%s judged non-finite", mats[i].name);
        /* Whole tensor, and value by value, against the Python decoder. */
        float *all = malloc(q->n_elems * sizeof *all);
        CHECK(quant_dequantize(q->type, q->data, all, q->n_elems), "%s refused", mats[i].name);
        for (uint64_t k = 0; k < q->n_elems; k++) {
            float want = gguf_tensor_value(ref, k);
            if (!close_to(all[k], want) || !close_to(gguf_tensor_value(q, k), want)) {
                CHECK(false, "%s value %llu is %g (by value %g), Python decodes %g", mats[i].name,
                      (unsigned long long)k, all[k], gguf_tensor_value(q, k), want);
                break;
            }
        }
        free(all);
        /* Through the loader: padding dropped, close to the source. */
        weights w = loader(&f, &mem, err, sizeof err);
        const float *got = weights_tensor(&w, 2, (int[]){3, 300}, "%s", mats[i].name);
        CHECK(got != NULL, "%s: %s", mats[i].name, err);
        if (!got)
            continue;
        float *want = unpadded(ref, 3, 300, ref->ne[0]);
        float *orig = unpadded(src, 3, 300, 300);
        float amax = 0, worst = 0;
        bool same = true;
        for (size_t k = 0; k < 900; k++) {
            same = same && close_to(got[k], want[k]);
            amax = fmaxf(amax, fabsf(orig[k]));
            worst = fmaxf(worst, fabsf(got[k] - orig[k]));
        }
        CHECK(same, "%s loads differently from the Python decoder", mats[i].name);
        CHECK(worst <= mats[i].tolerance * amax, "%s: error %g of %g exceeds %g", mats[i].name, worst, amax,
              mats[i].tolerance);
        free(want);
        free(orig);
    }

    /* Layers: packed exactly as the unpadded Python decoding would be. */
    weights w = loader(&f, &mem, err, sizeof err);
    kconv lin, cv;
    kconvt ct;
    weights_linear(&w, &lin, 6, 40, "lin");
    weights_conv(&w, &cv, 4, 3, 5, "conv");
    weights_convt(&w, &ct, 3, 4, 4, 2, "up");
    CHECK(w.status == INFLECT_OK, "fixture layers refused: %s", err);
    const gguf_tensor *lr = need(&f, "acoustic.lin.weight.ref"), *cr = need(&f, "acoustic.conv.weight.ref"),
                      *ur = need(&f, "acoustic.up.weight.ref");
    if (w.status == INFLECT_OK && lr && cr && ur) {
        float *src = unpadded(lr, 6, 40, lr->ne[0]);
        size_t n = kconv_packed_count(6, 40, 1);
        float *ref = calloc(n, sizeof *ref);
        kconv_pack(ref, src, 4, 6, 40, 1);
        /* Kept as Q8_0 rows: widened as the layers widen them. */
        float *ws = malloc(n * sizeof *ws);
        kconv lf = kconv_f32(&lin, ws);
        bool same = lin.rows && !lf.f16;
        for (size_t k = 0; same && k < n; k++)
            same = close_to(((const float *)lf.w)[k], ref[k]);
        CHECK(same, "Q8_0 Linear from Python packs wrong");
        free(ws);
        free(src);
        free(ref);

        src = unpadded(cr, 12, 5, cr->ne[0]);
        n = kconv_packed_count(4, 3, 5);
        ref = calloc(n, sizeof *ref);
        kconv_pack(ref, src, 4, 4, 3, 5);
        same = !cv.f16;
        for (size_t k = 0; same && k < n; k++)
            same = close_to(((const float *)cv.w)[k], ref[k]);
        CHECK(same, "Q4_K Conv1d from Python packs wrong");
        free(src);
        free(ref);

        src = unpadded(ur, 12, 4, ur->ne[0]);
        n = kconvt_phase_count(3, 4, 4, 2) * 2;
        ref = calloc(n, sizeof *ref);
        kconvt_pack(ref, src, 4, 3, 4, 4, 2);
        same = !ct.f16;
        for (size_t k = 0; same && k < n; k++)
            same = close_to(((const float *)ct.w)[k], ref[k]);
        CHECK(same, "Q6_K ConvTranspose1d from Python packs wrong");
        free(src);
        free(ref);
    }
    arena_free(&mem);
    gguf_close(&f);
}

int main(int argc, char **argv)
{
    test_type_table();
    test_plain();
    test_q4_0();
    test_q4_1();
    test_q5();
    test_q8_0();
    test_q2_k();
    test_q3_k();
    test_q4_k_q5_k();
    test_q6_k();
    test_refusals_and_finite();
    test_gguf();
    test_weights();
    if (argc > 1)
        test_fixture(argv[1]);
    if (check_failures) {
        fprintf(stderr, "%d check(s) failed\n", check_failures);
        return 1;
    }
    printf("quant: all checks passed\n");
    return 0;
}
