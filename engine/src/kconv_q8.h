/* Q8_0 stored rows (krows) as the SIMD widening variants read them
 * (kconv_widen_rows_avx2, kconv_widen_rows_neon): which layers they take,
 * the rows of one block, and the last Q8_0 block of a row, which the row
 * uses only in part. Everything else about the rows is kconv_rows.c's.
 *
 * Copyright (C) 2026 The Inflect authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef INFLECT_KCONV_Q8_H
#define INFLECT_KCONV_Q8_H

#include <stdbool.h>
#include <stdint.h>

#include "f16.h"
#include "kernels.h"
#include "quant.h"

/* A Q8_0 block: an F16 scale, then 32 signed bytes. */
enum { Q8_VALUES = 32, Q8_BYTES = 34 };

/* True for the rows the variants widen themselves: Q8_0 rows of a plain
 * layer whose columns are already in packed order ([c_in][k], or k = 1).
 * The reference takes every other type and layout. */
static inline bool kconv_q8_plain(const kconv *cv)
{
    const krows *q = cv->rows;
    return q->type == GGML_TYPE_Q8_0 && !q->stride && !(q->k_major && cv->k > 1);
}

/* The scale of the Q8_0 block at p. */
static inline float kconv_q8_scale(const uint8_t *p) { return f16_to_f32((uint16_t)(p[0] | p[1] << 8)); }

/* Where each row of block b starts; NULL for the block's missing rows,
 * which widen to zeros. */
static inline void kconv_q8_rows(const kconv *cv, int b, const uint8_t *row[KCONV_ROWS])
{
    int r0, rows;
    kconv_block(cv->c_out, b, &r0, &rows);
    for (int r = 0; r < KCONV_ROWS; r++)
        row[r] = r < rows ? cv->rows->data + (size_t)(r0 + r) * cv->rows->row_bytes : NULL;
}

/* Columns from the last whole Q8_0 block to `cols`, value by value (at most
 * 31 per row), into the packed block blk. */
static inline void kconv_q8_tail(float *blk, const uint8_t *const row[KCONV_ROWS], int cols)
{
    int whole = cols / Q8_VALUES;
    for (int r = 0; r < KCONV_ROWS; r++)
        for (int c = whole * Q8_VALUES; c < cols; c++) {
            float v = 0.0f;
            if (row[r]) {
                const uint8_t *p = row[r] + (size_t)whole * Q8_BYTES;
                v = (float)(int8_t)p[2 + c - whole * Q8_VALUES] * kconv_q8_scale(p);
            }
            blk[(size_t)c * KCONV_ROWS + r] = v;
        }
}

#endif
