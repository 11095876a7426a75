/* GGML tensor encodings: the plain float types and the block formats that
 * community GGUF files use for quantized weights, decoded to float32.
 *
 * Copyright (C) 2026 The Inflect authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef INFLECT_QUANT_H
#define INFLECT_QUANT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* GGML's type codes (the numbers GGUF stores), for the types read here. The
 * gaps are real GGML types this engine does not read. */
enum {
    GGML_TYPE_F32 = 0,
    GGML_TYPE_F16 = 1,
    GGML_TYPE_Q4_0 = 2,
    GGML_TYPE_Q4_1 = 3,
    GGML_TYPE_Q5_0 = 6,
    GGML_TYPE_Q5_1 = 7,
    GGML_TYPE_Q8_0 = 8,
    GGML_TYPE_Q2_K = 10,
    GGML_TYPE_Q3_K = 11,
    GGML_TYPE_Q4_K = 12,
    GGML_TYPE_Q5_K = 13,
    GGML_TYPE_Q6_K = 14,
    GGML_TYPE_BF16 = 30
};

/* How a type lays out values: `block_elems` consecutive values (along the
 * fastest axis) take `block_bytes` bytes. Plain types have blocks of one. */
typedef struct {
    const char *name;
    uint32_t block_elems;
    uint32_t block_bytes;
} quant_type;

/* The layout of GGML type `type`; NULL for a type this engine cannot read. */
const quant_type *quant_type_info(uint32_t type);

/* Decodes the first n values stored at src (little-endian, as in the file)
 * into dst. False, with nothing written, when the type is not readable or n
 * is not a whole number of blocks; otherwise src must hold
 * n / block_elems * block_bytes bytes. */
bool quant_dequantize(uint32_t type, const void *src, float *dst, size_t n);

/* True when all n values (a whole number of blocks) at src decode to finite
 * floats. A block whose F16 scale is infinite or NaN fails, even where its
 * quants are zero (infinity times zero is NaN). False for an unreadable type
 * or a partial block. */
bool quant_finite(uint32_t type, const void *src, size_t n);

#endif
