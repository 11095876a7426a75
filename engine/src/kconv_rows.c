/* Stored rows (krows) widened to the packed float32 layout of kconv: the
 * path that keeps a quantized voice quantized in memory. Plain C, the
 * reference for the AVX2 and NEON variants (Q8_0 rows of plain layers) and
 * the path for every other type and layout.
 *
 * Copyright (C) 2026 The Inflect authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#define _DEFAULT_SOURCE /* madvise */
#include "kernels.h"

#include <string.h>
#include <sys/mman.h>

#include "quant.h"

/* Values decoded at a time: a K-quant super-block, or as many plain ones. */
enum { CHUNK = 256 };

/* Where value `col` of a row goes in its block of packed weights, as the
 * index of (ci, tap) = ci * k + j, or -1 when no tap reads it: a plain
 * convolution's row is [c_in][k] or [k][c_in]; a transposed convolution's
 * is [full_k][c_in], of which this phase takes kernel indices
 * phase + (taps - 1 - j) * stride (kconvt_pack's order). */
static long packed_tap(const kconv *cv, long col)
{
    const krows *q = cv->rows;
    if (q->stride) {
        long kk = col / cv->c_in, ci = col % cv->c_in, d = kk - cv->phase;
        if (d < 0 || d % q->stride)
            return -1;
        return ci * cv->k + (cv->k - 1 - d / q->stride);
    }
    if (q->k_major)
        return (col % cv->c_in) * cv->k + col / cv->c_in;
    return col;
}

void kconv_widen_rows_ref(float *dst, const kconv *cv, int b0, int b1)
{
    const krows *q = cv->rows;
    const quant_type *qt = quant_type_info(q->type);
    long cols = (long)cv->c_in * (q->stride ? q->full_k : cv->k);
    long stored = (long)(q->row_bytes / qt->block_bytes * qt->block_elems);
    long chunk = qt->block_elems > 1 ? (long)qt->block_elems : CHUNK;
    size_t block_floats = kconv_block_floats(cv);
    float buf[CHUNK];
    for (int b = b0; b < b1; b++) {
        int r0, rows;
        kconv_block(cv->c_out, b, &r0, &rows);
        float *blk = dst + (size_t)(b - b0) * block_floats;
        memset(blk, 0, block_floats * sizeof *blk);
        for (int r = 0; r < rows; r++) {
            const uint8_t *row = q->data + (size_t)(r0 + r) * q->row_bytes;
            for (long c0 = 0; c0 < cols; c0 += chunk) {
                long m = stored - c0 < chunk ? stored - c0 : chunk;
                quant_dequantize(q->type, row + (size_t)(c0 / (long)qt->block_elems) * qt->block_bytes, buf,
                                 (size_t)m);
                for (long e = 0; e < m && c0 + e < cols; e++) {
                    long tap = packed_tap(cv, c0 + e);
                    if (tap >= 0)
                        blk[(size_t)tap * KCONV_ROWS + r] = buf[e];
                }
            }
        }
    }
}

void kconv_widen_rows(float *dst, const kconv *cv, int b0, int b1)
{
    switch (kernels_active()) {
#ifdef INFLECT_X86_KERNELS
    case KERNELS_AVX2:
    case KERNELS_AVX512: kconv_widen_rows_avx2(dst, cv, b0, b1); return;
#endif
#ifdef INFLECT_ARM_KERNELS
    case KERNELS_NEON: kconv_widen_rows_neon(dst, cv, b0, b1); return;
#endif
    default: kconv_widen_rows_ref(dst, cv, b0, b1); return;
    }
}

void kconv_drop_rows(const kconv *cv)
{
    /* The file's pages are in the page cache, not this process: the next
     * use maps them again. */
    if (cv->rows && cv->rows->drop)
        madvise((void *)cv->rows->drop, cv->rows->drop_len, MADV_DONTNEED);
}

kconv kconv_f32_rows(const kconv *cv, float *ws)
{
    kconv_widen_rows(ws, cv, 0, kconv_blocks(cv->c_out));
    kconv_drop_rows(cv);
    kconv out = *cv;
    out.w = ws;
    out.rows = NULL;
    return out;
}
