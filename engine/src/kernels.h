/* Numeric kernels of the acoustic model and the vocoder.
 *
 * Copyright (C) 2026 The Inflect authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Signals are channel-major: row c of a [C][T] signal starts at p + c*stride
 * and time is contiguous, so every kernel streams along time. Convolutions
 * are "valid": the caller points `in` at the first input column an output
 * reads and keeps whatever padding the layer needs in the buffer itself.
 *
 * The hot kernels (kconv_run, kconv_run_blocks, ksnake, kf16_to_f32 and
 * Q8_0 kconv_widen_rows) have SIMD twins chosen once, at run time, by what
 * the CPU has (kernels_active()): AVX2+FMA+F16C on x86-64
 * (kernels_avx2.c), an AVX-512F convolution and Snake on top of those
 * (kernels_avx512.c, opt-in: see kernels_active), and NEON on aarch64
 * (kernels_neon.c, where it is baseline). The plain-C versions are the
 * reference the tests hold every twin to and the path on every other CPU.
 * INFLECT_KERNELS in the environment names the path (ref, avx2, avx512,
 * neon) for tests and comparisons.
 */
#ifndef INFLECT_KERNELS_H
#define INFLECT_KERNELS_H

#include <stdbool.h>
#include <math.h>
#include <stddef.h>
#include <stdint.h>

#if (defined(__x86_64__) || defined(__i386__)) && defined(__GNUC__)
#define INFLECT_X86_KERNELS 1
#endif
#if defined(__aarch64__) && defined(__GNUC__)
#define INFLECT_ARM_KERNELS 1
#endif

/* The kernel paths; each includes the ones its CPU is sure to have beside it
 * (the AVX-512 path widens weights with the AVX2 code). */
typedef enum { KERNELS_REF, KERNELS_AVX2, KERNELS_AVX512, KERNELS_NEON, KERNELS_COUNT } kernels_path;

/* "ref", "avx2", "avx512", "neon". */
const char *kernels_name(kernels_path path);
/* True when this build has the path and this CPU (and its OS) can run it,
 * whatever INFLECT_KERNELS says. */
bool kernels_supported(kernels_path path);
/* The path every dispatching kernel takes, decided on the first call: the
 * one INFLECT_KERNELS names, or by default the best supported path except
 * AVX-512, which runs only when asked for (on Zen 4, the one AVX-512 CPU
 * measured, it matches the reference but is no faster than AVX2;
 * docs/platforms.md). A name this CPU
 * cannot run, or an unknown one, gets the default path and one line on
 * stderr saying so. */
kernels_path kernels_active(void);

/* ---- 1-D convolution as a small matrix product ------------------------
 * Output channels are processed in blocks of up to KCONV_ROWS rows so one
 * input load feeds several accumulators. Weights are packed once, at load:
 * block b holds w[r0+r][ci][j] at ((b*c_in + ci)*k + j)*KCONV_ROWS + r, rows
 * past the block's end zero. Linear layers are convolutions with k = 1.
 *
 * Packed weights stay in the voice's own precision: F16 ones (the voice
 * format's matrices) take half the memory and are widened one layer at a
 * time, just before use, into a caller's workspace (kconv_f32). */
#define KCONV_ROWS 4

/* A layer's weights as the voice file stores them: one row per output
 * channel, in any type quant.h reads (Q8_0 and the other block types, F16,
 * F32), kept so in memory and widened to the packed float32 layout one
 * layer (or one range of row blocks) at a time, just before use, like F16
 * packed weights. Row co of the matrix starts at data + co * row_bytes and
 * holds the layer's c_in * k values (or k * c_in: a transposed
 * convolution's full kernel), then the padding that makes whole blocks. */
typedef struct {
    uint32_t type;        /* GGML type code (quant.h) */
    const uint8_t *data;
    size_t row_bytes;
    bool k_major;         /* value (ci, j) at column j * c_in + ci, else ci * k + j */
    int stride, full_k;   /* a transposed convolution's rows [k][c_in] (k_major), else 0 */
    /* Low-memory voices: the mapped file's pages under this tensor, dropped
     * after each widening (NULL when the rows are a copy in memory). */
    const void *drop;
    size_t drop_len;
} krows;

typedef struct {
    int c_out, c_in, k;
    const void *w;     /* packed: float, or uint16_t halves when f16 */
    bool f16;
    const float *bias; /* c_out values, or NULL */
    const krows *rows; /* instead of w: stored rows (w NULL, f16 false) */
    int phase;         /* with a transposed convolution's rows: the phase these taps are */
} kconv;

/* Row blocks of a layer of c_out output channels. */
static inline int kconv_blocks(int c_out) { return (c_out + KCONV_ROWS - 1) / KCONV_ROWS; }

/* Row range of block b. Rows are spread evenly over the blocks (9 rows are
 * 3+3+3, not 4+4+1) so no block is left nearly empty. */
static inline void kconv_block(int c_out, int b, int *r0, int *rows)
{
    int nb = kconv_blocks(c_out);
    int base = c_out / nb, extra = c_out % nb;
    *rows = base + (b < extra);
    *r0 = b * base + (b < extra ? b : extra);
}

/* Floats of one row block's packed weights. */
static inline size_t kconv_block_floats(const kconv *cv) { return (size_t)cv->c_in * cv->k * KCONV_ROWS; }

/* What a kconv_run_blocks variant computes for row block b of [b0, b1) from
 * time step t on: `rows` outputs, from the block's packed weights `w` (cv->w
 * holds block b0 first) and `bias` (NULL: none), into `out` (row r at
 * out + r * out_stride). Every variant walks the blocks alike; only its
 * tiles differ. */
typedef struct {
    int rows;
    const float *w, *bias;
    float *out;
} kconv_tile;

static inline kconv_tile kconv_tile_at(const kconv *cv, int b0, int b, float *out, ptrdiff_t out_stride, int t)
{
    int r0, rows;
    kconv_block(cv->c_out, b, &r0, &rows);
    kconv_tile tile = {rows, (const float *)cv->w + kconv_block_floats(cv) * (size_t)(b - b0),
                       cv->bias ? cv->bias + r0 : NULL, out + r0 * out_stride + t};
    return tile;
}

/* Elements of the packed weights. */
size_t kconv_packed_count(int c_out, int c_in, int k);
/* Packs elements of `elem` bytes (2 or 4) from PyTorch's Conv1d layout
 * [c_out][c_in][k]; src need not be aligned. */
void kconv_pack(void *dst, const void *src, size_t elem, int c_out, int c_in, int k);

/* cv with float32 weights: cv itself, or its F16 weights or stored rows
 * widened into ws (kconv_packed_count floats). */
kconv kconv_f32(const kconv *cv, float *ws);

/* Packed float32 weights of row blocks [b0, b1) of a layer with stored rows
 * (cv->rows), written from dst on (block b0 first), exactly the values the
 * file's rows decode to (quant_dequantize). The AVX2 variant reads Q8_0 rows
 * of plain layers itself; every other case takes the reference path. */
void kconv_widen_rows(float *dst, const kconv *cv, int b0, int b1);
/* kconv_f32 of a layer with stored rows; drops their mapped pages after. */
kconv kconv_f32_rows(const kconv *cv, float *ws);
/* Drops the mapped pages of a low-memory layer's rows (no-op otherwise). */
void kconv_drop_rows(const kconv *cv);
void kconv_widen_rows_ref(float *dst, const kconv *cv, int b0, int b1);
#ifdef INFLECT_X86_KERNELS
void kconv_widen_rows_avx2(float *dst, const kconv *cv, int b0, int b1);
#endif
#ifdef INFLECT_ARM_KERNELS
void kconv_widen_rows_neon(float *dst, const kconv *cv, int b0, int b1);
#endif

enum { KCONV_SET, KCONV_ADD };

/* out[co][t] = (ADD ? out[co][t] : 0) + (bias[co] + sum_ci sum_j w[co][ci][j] * in[ci][t + j*dil])
 * for t in [0, n). cv must have float32 weights; out must not overlap in. */
void kconv_run(const kconv *cv, const float *in, ptrdiff_t in_stride, int dil, float *out, ptrdiff_t out_stride,
               int n, int mode);
void kconv_run_ref(const kconv *cv, const float *in, ptrdiff_t in_stride, int dil, float *out,
                   ptrdiff_t out_stride, int n, int mode);
#ifdef INFLECT_X86_KERNELS
void kconv_run_avx2(const kconv *cv, const float *in, ptrdiff_t in_stride, int dil, float *out,
                    ptrdiff_t out_stride, int n, int mode);
void kconv_run_avx512(const kconv *cv, const float *in, ptrdiff_t in_stride, int dil, float *out,
                      ptrdiff_t out_stride, int n, int mode);
#endif
#ifdef INFLECT_ARM_KERNELS
void kconv_run_neon(const kconv *cv, const float *in, ptrdiff_t in_stride, int dil, float *out,
                    ptrdiff_t out_stride, int n, int mode);
#endif
/* The same for the output rows of blocks [b0, b1) only; cv->w points at
 * block b0's packed weights. */
void kconv_run_blocks(const kconv *cv, int b0, int b1, const float *in, ptrdiff_t in_stride, int dil, float *out,
                      ptrdiff_t out_stride, int n, int mode);
void kconv_run_blocks_ref(const kconv *cv, int b0, int b1, const float *in, ptrdiff_t in_stride, int dil,
                          float *out, ptrdiff_t out_stride, int n, int mode);
#ifdef INFLECT_X86_KERNELS
void kconv_run_blocks_avx2(const kconv *cv, int b0, int b1, const float *in, ptrdiff_t in_stride, int dil,
                           float *out, ptrdiff_t out_stride, int n, int mode);
void kconv_run_blocks_avx512(const kconv *cv, int b0, int b1, const float *in, ptrdiff_t in_stride, int dil,
                             float *out, ptrdiff_t out_stride, int n, int mode);
#endif
#ifdef INFLECT_ARM_KERNELS
void kconv_run_blocks_neon(const kconv *cv, int b0, int b1, const float *in, ptrdiff_t in_stride, int dil,
                           float *out, ptrdiff_t out_stride, int n, int mode);
#endif

/* kconv_run for weights of any kind, with a workspace of ws_floats: float32
 * weights run as they are; F16 or stored-row weights are widened into ws,
 * the whole layer when it fits, else as many row blocks at a time as fit
 * (a low-memory voice's small workspace; each block must fit). */
void kconv_apply(const kconv *cv, float *ws, size_t ws_floats, const float *in, ptrdiff_t in_stride, int dil,
                 float *out, ptrdiff_t out_stride, int n, int mode);
/* cv widened into ws when the whole layer fits in ws_floats (for a caller
 * that runs it many times), else cv itself: either way for kconv_apply. */
kconv kconv_ready(const kconv *cv, float *ws, size_t ws_floats);

/* IEEE half to single precision, exact. */
void kf16_to_f32(float *dst, const uint16_t *src, size_t n);
void kf16_to_f32_ref(float *dst, const uint16_t *src, size_t n);
#ifdef INFLECT_X86_KERNELS
void kf16_to_f32_avx2(float *dst, const uint16_t *src, size_t n);
#endif
#ifdef INFLECT_ARM_KERNELS
void kf16_to_f32_neon(float *dst, const uint16_t *src, size_t n);
#endif

/* ---- transposed convolution (upsampling) ------------------------------
 * Split into `stride` phases, each an ordinary kconv over the input with
 * `taps` = ceil(k/stride) taps, so it runs on the same fast kernel. Output t
 * (global index) belongs to phase (t + pad) mod stride. */
typedef struct {
    int c_out, c_in, k, stride, pad, taps;
    const void *w;     /* `stride` packed kconvs of c_out x c_in x taps, one after another */
    bool f16;
    const float *bias;
    const krows *rows; /* instead of w: stored rows [c_out][k][c_in] (w NULL) */
} kconvt;

/* Elements of one phase's packed weights (the workspace kconvt_run needs). */
size_t kconvt_phase_count(int c_out, int c_in, int k, int stride);
/* Packs from PyTorch's ConvTranspose1d layout [c_in][c_out][k]; `stride`
 * times kconvt_phase_count elements. */
void kconvt_pack(void *dst, const void *src, size_t elem, int c_out, int c_in, int k, int stride);

/* Computes outputs t0 .. t0+n-1 into out columns 0 .. n-1. Input column c is
 * global input index q0 + c; output t reads indices Q-taps+1 .. Q with
 * Q = floor((t + pad) / stride), which must all be in the buffer (zero where
 * the signal has no sample). tmp holds c_out * (n / stride + 1) floats; ws
 * ws_floats, for widening F16 or stored-row weights (kconv_apply). */
void kconvt_run(const kconvt *ct, const float *in, ptrdiff_t in_stride, long q0, float *out, ptrdiff_t out_stride,
                long t0, int n, float *tmp, float *ws, size_t ws_floats);
/* The same with each phase's convolution run by apply(user, ...) instead of
 * kconv_apply (for a caller that spreads it over threads, kpar.h). */
typedef void (*kconv_apply_fn)(void *user, const kconv *cv, float *ws, size_t ws_floats, const float *in,
                               ptrdiff_t in_stride, int dil, float *out, ptrdiff_t out_stride, int n, int mode);
void kconvt_run_with(const kconvt *ct, const float *in, ptrdiff_t in_stride, long q0, float *out,
                     ptrdiff_t out_stride, long t0, int n, float *tmp, float *ws, size_t ws_floats,
                     kconv_apply_fn apply, void *user);

/* ---- depthwise convolution (groups = input channels) ------------------
 * out[o][t] = bias[o] + sum_j w[o][j] * in[o / mult][t + j], PyTorch's
 * grouping when each group has `mult` outputs. */
void kdepthwise(float *out, ptrdiff_t out_stride, const float *in, ptrdiff_t in_stride, int c_out, int mult,
                const float *w, const float *bias, int k, int n);

/* ---- normalisation and activations ------------------------------------ */

/* LayerNorm over the channels of every column (PyTorch: eps 1e-5, biased
 * variance, affine). dst may equal src. */
void klayernorm(float *dst, ptrdiff_t dst_stride, const float *src, ptrdiff_t src_stride, int c, int n,
                const float *gamma, const float *beta);

void ksilu(float *x, ptrdiff_t stride, int rows, int n);
void ktanh(float *x, ptrdiff_t stride, int rows, int n);
static inline float ksigmoid(float x) { return 1.0f / (1.0f + expf(-x)); }

/* Snake: dst = src + sin^2(alpha src) * inv_alpha, alpha per row. dst may
 * equal src. */
void ksnake(float *dst, ptrdiff_t dst_stride, const float *src, ptrdiff_t src_stride, int rows, int n,
            const float *alpha, const float *inv_alpha);
void ksnake_ref(float *dst, ptrdiff_t dst_stride, const float *src, ptrdiff_t src_stride, int rows, int n,
                const float *alpha, const float *inv_alpha);
#ifdef INFLECT_X86_KERNELS
void ksnake_avx2(float *dst, ptrdiff_t dst_stride, const float *src, ptrdiff_t src_stride, int rows, int n,
                 const float *alpha, const float *inv_alpha);
void ksnake_avx512(float *dst, ptrdiff_t dst_stride, const float *src, ptrdiff_t src_stride, int rows, int n,
                   const float *alpha, const float *inv_alpha);
#endif
#ifdef INFLECT_ARM_KERNELS
void ksnake_neon(float *dst, ptrdiff_t dst_stride, const float *src, ptrdiff_t src_stride, int rows, int n,
                 const float *alpha, const float *inv_alpha);
#endif

/* ---- GRU ----------------------------------------------------------------
 * One time step of one direction, PyTorch gate order (r, z, n):
 *   r = s(gi_r + gh_r), z = s(gi_z + gh_z), n = tanh(gi_n + r * gh_n),
 *   h = (1 - z) * n + z * h, with gh = W_hh h + b_hh.
 * gi = W_ih x + b_ih for this step: 3*hs values, gi_stride apart. w_hh_t is
 * W_hh transposed, [hs][3*hs], so the product streams along its rows.
 * gh is scratch of 3*hs floats. */
void kgru_step(float *h, const float *gi, ptrdiff_t gi_stride, const float *w_hh_t, const float *b_hh, int hs,
               float *gh);

/* True when a SIMD path runs (kernels_active() is not KERNELS_REF). */
bool kernels_simd(void);

#endif
