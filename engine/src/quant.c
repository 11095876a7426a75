/* GGML block formats, decoded one block at a time.
 *
 * Every block is read byte by byte in little-endian order, so the data needs
 * no alignment and the host's struct layout plays no part. Each decoder
 * below follows GGML's reference dequantizer (ggml-quants.c) in where the
 * bits live and in the order of its float operations, so a value decodes to
 * the same float32 here as there.
 *
 * Copyright (C) 2026 The Inflect authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "quant.h"

#include <math.h>
#include <string.h>

#include "f16.h"

/* K-quant super-blocks hold 256 values, the largest block here. */
#define SUPER 256

static const quant_type types[] = {
    [GGML_TYPE_F32] = {"F32", 1, 4},
    [GGML_TYPE_F16] = {"F16", 1, 2},
    [GGML_TYPE_Q4_0] = {"Q4_0", 32, 18},  /* d, 16 bytes of nibbles */
    [GGML_TYPE_Q4_1] = {"Q4_1", 32, 20},  /* d, m, 16 bytes of nibbles */
    [GGML_TYPE_Q5_0] = {"Q5_0", 32, 22},  /* d, 4 bytes of fifth bits, nibbles */
    [GGML_TYPE_Q5_1] = {"Q5_1", 32, 24},  /* d, m, fifth bits, nibbles */
    [GGML_TYPE_Q8_0] = {"Q8_0", 32, 34},  /* d, 32 signed bytes */
    [GGML_TYPE_Q2_K] = {"Q2_K", SUPER, 84},   /* 16 scales, 64 quants, d, dmin */
    [GGML_TYPE_Q3_K] = {"Q3_K", SUPER, 110},  /* 32 high bits, 64 quants, 12 scales, d */
    [GGML_TYPE_Q4_K] = {"Q4_K", SUPER, 144},  /* d, dmin, 12 scales, 128 quants */
    [GGML_TYPE_Q5_K] = {"Q5_K", SUPER, 176},  /* d, dmin, 12 scales, 32 high bits, 128 */
    [GGML_TYPE_Q6_K] = {"Q6_K", SUPER, 210},  /* 128 low nibbles, 64 high pairs, 16 scales, d */
    [GGML_TYPE_BF16] = {"BF16", 1, 2},
};

const quant_type *quant_type_info(uint32_t type)
{
    if (type >= sizeof types / sizeof *types || types[type].name == NULL)
        return NULL;
    return &types[type];
}

static uint16_t le16(const uint8_t *p) { return (uint16_t)(p[0] | p[1] << 8); }

static uint32_t le32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static float half(const uint8_t *p) { return f16_to_f32(le16(p)); }

static float bits_to_f32(uint32_t bits)
{
    float f;
    memcpy(&f, &bits, sizeof f);
    return f;
}

/* Q4_0: y = (q - 8) * d. Byte j holds value j in its low nibble and value
 * j + 16 in its high one. */
static void q4_0(const uint8_t *b, float *y)
{
    float d = half(b);
    const uint8_t *qs = b + 2;
    for (int j = 0; j < 16; j++) {
        y[j] = (float)((qs[j] & 0x0f) - 8) * d;
        y[j + 16] = (float)((qs[j] >> 4) - 8) * d;
    }
}

/* Q4_1: y = q * d + m, nibbles as in Q4_0. */
static void q4_1(const uint8_t *b, float *y)
{
    float d = half(b), m = half(b + 2);
    const uint8_t *qs = b + 4;
    for (int j = 0; j < 16; j++) {
        y[j] = (float)(qs[j] & 0x0f) * d + m;
        y[j + 16] = (float)(qs[j] >> 4) * d + m;
    }
}

/* The 5-bit quant of value j of a Q5_0/Q5_1 block: nibbles as in Q4_0, and
 * bit j of the 32-bit little-endian word `qh` as bit 4. */
static int q5_quant(const uint8_t *qs, uint32_t qh, int j)
{
    int low = j < 16 ? qs[j] & 0x0f : qs[j - 16] >> 4;
    return low | (int)(((qh >> j) & 1u) << 4);
}

/* Q5_0: y = (q - 16) * d. */
static void q5_0(const uint8_t *b, float *y)
{
    float d = half(b);
    uint32_t qh = le32(b + 2);
    for (int j = 0; j < 32; j++)
        y[j] = (float)(q5_quant(b + 6, qh, j) - 16) * d;
}

/* Q5_1: y = q * d + m. */
static void q5_1(const uint8_t *b, float *y)
{
    float d = half(b), m = half(b + 2);
    uint32_t qh = le32(b + 4);
    for (int j = 0; j < 32; j++)
        y[j] = (float)q5_quant(b + 8, qh, j) * d + m;
}

/* Q8_0: y = q * d with q a signed byte. */
static void q8_0(const uint8_t *b, float *y)
{
    float d = half(b);
    for (int j = 0; j < 32; j++)
        y[j] = (float)(int8_t)b[2 + j] * d;
}

/* Q2_K: 16 groups of 16 values, y = d * sc * q - dmin * m with sc and m the
 * low and high nibbles of the group's scale byte. Each half (128 values) of
 * the block has 32 quant bytes; value i of the half sits in byte i % 32 at
 * bits 2 * (i / 32). */
static void q2_k(const uint8_t *b, float *y)
{
    const uint8_t *scales = b, *qs = b + 16;
    float d = half(b + 80), dmin = half(b + 82);
    for (int e = 0; e < SUPER; e++) {
        int h = e / 128, i = e % 128;
        uint8_t sc = scales[e / 16];
        int q = (qs[32 * h + i % 32] >> (2 * (i / 32))) & 3;
        float dl = d * (float)(sc & 0x0f), ml = dmin * (float)(sc >> 4);
        y[e] = dl * (float)q - ml;
    }
}

/* The signed 6-bit scale of group g (of 16) of a Q3_K block: the low four
 * bits are the low nibble of byte g (g < 8) or the high nibble of byte g - 8;
 * the top two bits are bits 2 * (g / 4) of byte 8 + g % 4; the stored value
 * is offset by 32. */
static int q3_k_scale(const uint8_t *s, int g)
{
    int low = g < 8 ? s[g] & 0x0f : s[g - 8] >> 4;
    int high = (s[8 + g % 4] >> (2 * (g / 4))) & 3;
    return (low | (high << 4)) - 32;
}

/* Q3_K: y = d * scale * (q - 4), q three bits: two laid out as in Q2_K and
 * the third, set when q >= 4, in bit (value / 32) of hmask byte value % 32. */
static void q3_k(const uint8_t *b, float *y)
{
    const uint8_t *hmask = b, *qs = b + 32, *scales = b + 96;
    float d = half(b + 108);
    for (int e = 0; e < SUPER; e++) {
        int h = e / 128, i = e % 128;
        int low = (qs[32 * h + i % 32] >> (2 * (i / 32))) & 3;
        int high = (hmask[e % 32] >> (e / 32)) & 1;
        float dl = d * (float)q3_k_scale(scales, e / 16);
        y[e] = dl * (float)(low - (high ? 0 : 4));
    }
}

/* The 6-bit scale and min of group g (of 8) in the 12 packed bytes shared by
 * Q4_K and Q5_K. Groups 0-3 keep theirs in the low six bits of bytes g and
 * g + 4; groups 4-7 keep their low four bits in the nibbles of byte g + 4 and
 * their top two bits in the spare top bits of bytes g - 4 and g. */
static void k_scale_min(const uint8_t *s, int g, int *sc, int *m)
{
    if (g < 4) {
        *sc = s[g] & 63;
        *m = s[g + 4] & 63;
    } else {
        *sc = (s[g + 4] & 0x0f) | ((s[g - 4] >> 6) << 4);
        *m = (s[g + 4] >> 4) | ((s[g] >> 6) << 4);
    }
}

/* Q4_K: 8 groups of 32, y = d * sc * q - dmin * m. Each 64 values share 32
 * quant bytes: the first 32 values in the low nibbles, the next 32 in the
 * high ones. */
static void q4_k(const uint8_t *b, float *y)
{
    float d = half(b), dmin = half(b + 2);
    const uint8_t *scales = b + 4, *qs = b + 16;
    for (int g = 0; g < 8; g++) {
        int sc, m;
        k_scale_min(scales, g, &sc, &m);
        float dl = d * (float)sc, ml = dmin * (float)m;
        const uint8_t *q = qs + 32 * (g / 2);
        for (int l = 0; l < 32; l++) {
            int v = g % 2 ? q[l] >> 4 : q[l] & 0x0f;
            y[32 * g + l] = dl * (float)v - ml;
        }
    }
}

/* Q5_K: Q4_K plus a fifth bit, bit g of qh byte l for value l of group g. */
static void q5_k(const uint8_t *b, float *y)
{
    float d = half(b), dmin = half(b + 2);
    const uint8_t *scales = b + 4, *qh = b + 16, *qs = b + 48;
    for (int g = 0; g < 8; g++) {
        int sc, m;
        k_scale_min(scales, g, &sc, &m);
        float dl = d * (float)sc, ml = dmin * (float)m;
        const uint8_t *q = qs + 32 * (g / 2);
        for (int l = 0; l < 32; l++) {
            int v = (g % 2 ? q[l] >> 4 : q[l] & 0x0f) | (((qh[l] >> g) & 1) << 4);
            y[32 * g + l] = dl * (float)v - ml;
        }
    }
}

/* Q6_K: 16 groups of 16 with signed byte scales, y = d * scale * (q - 32).
 * Each half (128 values) has 64 bytes of low nibbles and 32 bytes of high
 * bit pairs. Quarter k (32 values) of a half takes its low four bits from
 * bytes 0-31 (k = 0, 2) or 32-63 (k = 1, 3), low nibbles for k < 2 and high
 * nibbles after, and its top two bits from bits 2k of the high-pair byte. */
static void q6_k(const uint8_t *b, float *y)
{
    const uint8_t *ql = b, *qh = b + 128, *scales = b + 192;
    float d = half(b + 208);
    for (int e = 0; e < SUPER; e++) {
        int h = e / 128, k = e % 128 / 32, l = e % 32;
        uint8_t lo_byte = ql[64 * h + 32 * (k % 2) + l];
        int low = k < 2 ? lo_byte & 0x0f : lo_byte >> 4;
        int high = (qh[32 * h + l] >> (2 * k)) & 3;
        int q = (low | (high << 4)) - 32;
        y[e] = d * (float)(int8_t)scales[e / 16] * (float)q;
    }
}

typedef void (*block_decoder)(const uint8_t *b, float *y);

static block_decoder decoder(uint32_t type)
{
    switch (type) {
    case GGML_TYPE_Q4_0: return q4_0;
    case GGML_TYPE_Q4_1: return q4_1;
    case GGML_TYPE_Q5_0: return q5_0;
    case GGML_TYPE_Q5_1: return q5_1;
    case GGML_TYPE_Q8_0: return q8_0;
    case GGML_TYPE_Q2_K: return q2_k;
    case GGML_TYPE_Q3_K: return q3_k;
    case GGML_TYPE_Q4_K: return q4_k;
    case GGML_TYPE_Q5_K: return q5_k;
    case GGML_TYPE_Q6_K: return q6_k;
    default: return NULL;
    }
}

/* The type's layout when n is a whole number of its blocks, else NULL. */
static const quant_type *whole_blocks(uint32_t type, size_t n)
{
    const quant_type *qt = quant_type_info(type);
    return qt && n % qt->block_elems == 0 ? qt : NULL;
}

bool quant_dequantize(uint32_t type, const void *src, float *dst, size_t n)
{
    const quant_type *qt = whole_blocks(type, n);
    if (!qt)
        return false;
    const uint8_t *p = src;
    switch (type) {
    case GGML_TYPE_F32:
        for (size_t i = 0; i < n; i++)
            dst[i] = bits_to_f32(le32(p + 4 * i));
        return true;
    case GGML_TYPE_F16:
        for (size_t i = 0; i < n; i++)
            dst[i] = f16_to_f32(le16(p + 2 * i));
        return true;
    case GGML_TYPE_BF16:
        /* The top half of a float32. */
        for (size_t i = 0; i < n; i++)
            dst[i] = bits_to_f32((uint32_t)le16(p + 2 * i) << 16);
        return true;
    default: break;
    }
    block_decoder dec = decoder(type);
    for (size_t i = 0; i < n / qt->block_elems; i++)
        dec(p + i * qt->block_bytes, dst + i * qt->block_elems);
    return true;
}

bool quant_finite(uint32_t type, const void *src, size_t n)
{
    const quant_type *qt = whole_blocks(type, n);
    if (!qt)
        return false;
    const uint8_t *p = src;
    /* Plain types: an exponent of all ones is infinity or NaN. */
    switch (type) {
    case GGML_TYPE_F32:
        for (size_t i = 0; i < n; i++)
            if ((le32(p + 4 * i) & 0x7f800000u) == 0x7f800000u)
                return false;
        return true;
    case GGML_TYPE_F16:
        for (size_t i = 0; i < n; i++)
            if ((le16(p + 2 * i) & 0x7c00u) == 0x7c00u)
                return false;
        return true;
    case GGML_TYPE_BF16:
        for (size_t i = 0; i < n; i++)
            if ((le16(p + 2 * i) & 0x7f80u) == 0x7f80u)
                return false;
        return true;
    default: break;
    }
    /* Block types: decode and look, rather than reason about which scale
     * combinations overflow; what counts is what the engine would compute. */
    block_decoder dec = decoder(type);
    float y[SUPER];
    for (size_t i = 0; i < n / qt->block_elems; i++) {
        dec(p + i * qt->block_bytes, y);
        for (uint32_t j = 0; j < qt->block_elems; j++)
            if (!isfinite(y[j]))
                return false;
    }
    return true;
}
