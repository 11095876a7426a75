/* The vocoder, following Generator.forward in training/vocoder.py.
 *
 * Copyright (C) 2026 The Inflect authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Streaming without drift: for a chunk of output samples, walk the graph
 * backwards and find, for every signal, the span of samples that output
 * depends on (a convolution of kernel k and dilation d widens it by
 * d*(k-1)/2 each side, an upsampler maps it back through its phases). Then
 * compute each signal on exactly that span, clipped to the utterance, with
 * zeros standing for the padding PyTorch would add at the utterance's real
 * ends. Every output sample therefore sees the same inputs and the same
 * arithmetic as in one pass over the whole utterance.
 *
 * Signals are channel-major buffers whose column 0 is a global sample index
 * `base`; five buffers sized for the largest chunk serve every stage.
 */
#include "vocoder.h"

#include <assert.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "errors.h"
#include "kpar.h"
#include "weights.h"

enum { EDGE_KERNEL = 7 }; /* conv_pre and conv_post */

/* ---- loading --------------------------------------------------------------- */

/* VITS's slopes: inside the generator, and before conv_post (PyTorch's
 * default). */
#define LEAKY_SLOPE 0.1f
#define LEAKY_POST_SLOPE 0.01f

/* A Snake's alphas, or with hp->leaky a leaky ReLU of `slope`, which has no
 * tensor. */
static void load_snake(weights *w, arena *mem, const vocoder_hparams *hp, vocoder_snake *s, int channels,
                       const char *name, float slope)
{
    if (hp->leaky) {
        *s = (vocoder_snake){NULL, NULL, slope};
        return;
    }
    /* Stored [1, C, 1] as PyTorch holds it, or squeezed to [C]. */
    int dims[3] = {1, channels, 1};
    const float *log_alpha = weights_tensor_or(w, 3, dims, 1, &channels, "%s", name);
    float *alpha = arena_alloc(mem, sizeof(float) * 2 * (size_t)channels);
    if (!log_alpha || !alpha) {
        if (w->status == INFLECT_OK)
            w->status = fail(w->err, w->err_size, INFLECT_ERR_NO_MEMORY, "out of memory loading the vocoder");
        return;
    }
    for (int c = 0; c < channels; c++) {
        alpha[c] = fminf(fmaxf(expf(log_alpha[c]), 1e-4f), 100.0f);
        alpha[channels + c] = 1.0f / alpha[c];
    }
    s->alpha = alpha;
    s->inv_alpha = alpha + channels;
}

static int stage_channels(const vocoder_hparams *hp, int level) { return hp->channels >> level; }

static inflect_status check_hparams(const vocoder_hparams *hp, char *err, size_t err_size)
{
    if (hp->channels >> hp->n_stages < 1)
        return fail(err, err_size, INFLECT_ERR_FORMAT,
                    "upsample_initial_channel = %d cannot be halved %d times", hp->channels,
                    hp->n_stages);
    for (int s = 0; s < hp->n_stages; s++) {
        int r = hp->rates[s], k = hp->up_kernels[s];
        /* Padding (k - r) / 2 gives exactly r outputs per input only when
         * k - r is even and not negative. */
        if (k < r || (k - r) % 2)
            return fail(err, err_size, INFLECT_ERR_FORMAT,
                        "upsampler %d: kernel %d and rate %d do not give rate x length (need k >= r, k - r even)", s,
                        k, r);
    }
    for (int j = 0; j < hp->n_kernels; j++)
        if (hp->res_kernels[j] % 2 == 0)
            return fail(err, err_size, INFLECT_ERR_FORMAT, "resblock kernel %d must be odd", hp->res_kernels[j]);
    return INFLECT_OK;
}

inflect_status vocoder_load(vocoder_model *m, const gguf_file *f, const char *prefix, arena *mem, bool low_memory,
                            char *err, size_t err_size)
{
    const vocoder_hparams *hp = &m->hp;
    inflect_status status = check_hparams(hp, err, err_size);
    if (status != INFLECT_OK)
        return status;
    m->hop = 1;
    for (int s = 0; s < hp->n_stages; s++)
        m->hop *= hp->rates[s];
    /* v2 files drop the leading unit axis of conv_post's [1, C, 7]. */
    weights w = {.file = f, .mem = mem, .prefix = prefix, .status = INFLECT_OK, .err = err, .err_size = err_size,
                 .low_memory = low_memory, .unit_axes_dropped = hp->leaky};
    weights_conv(&w, &m->pre, hp->channels, hp->num_mels, EDGE_KERNEL, "conv_pre");
    for (int s = 0; s < hp->n_stages && w.status == INFLECT_OK; s++) {
        vocoder_stage *st = &m->stage[s];
        int ch_in = stage_channels(hp, s), ch = stage_channels(hp, s + 1);
        char name[64];
        snprintf(name, sizeof name, "up_acts.%d.log_alpha", s);
        load_snake(&w, mem, hp, &st->act, ch_in, name, LEAKY_SLOPE);
        weights_convt(&w, &st->up, ch, ch_in, hp->up_kernels[s], hp->rates[s], "ups.%d", s);
        st->res = arena_alloc(mem, sizeof *st->res * (size_t)hp->n_kernels);
        if (!st->res) {
            w.status = fail(err, err_size, INFLECT_ERR_NO_MEMORY, "out of memory loading the vocoder");
            break;
        }
        for (int j = 0; j < hp->n_kernels; j++) {
            int n = s * hp->n_kernels + j, k = hp->res_kernels[j];
            vocoder_resblock *rb = &st->res[j];
            for (int d = 0; d < hp->n_dilations; d++) {
                weights_conv(&w, &rb->c1[d], ch, ch, k, "resblocks.%d.convs1.%d", n, d);
                weights_conv(&w, &rb->c2[d], ch, ch, k, "resblocks.%d.convs2.%d", n, d);
                snprintf(name, sizeof name, "resblocks.%d.acts1.%d.log_alpha", n, d);
                load_snake(&w, mem, hp, &rb->a1[d], ch, name, LEAKY_SLOPE);
                snprintf(name, sizeof name, "resblocks.%d.acts2.%d.log_alpha", n, d);
                load_snake(&w, mem, hp, &rb->a2[d], ch, name, LEAKY_SLOPE);
            }
        }
    }
    int last = stage_channels(hp, hp->n_stages);
    load_snake(&w, mem, hp, &m->post_act, last, "post_act.log_alpha", LEAKY_POST_SLOPE);
    if (hp->leaky)
        weights_conv_unbiased(&w, &m->post, 1, last, EDGE_KERNEL, "conv_post");
    else
        weights_conv(&w, &m->post, 1, last, EDGE_KERNEL, "conv_post");
    m->workspace = weights_workspace(&w);
    return w.status;
}

/* ---- spans ------------------------------------------------------------------ */

typedef struct {
    int64_t a, b; /* global sample indices [a, b) */
} span;

static span widen(span s, int64_t by) { return (span){s.a - by, s.b + by}; }

static span clip(span s, int64_t len) { return (span){s.a < 0 ? 0 : s.a, s.b > len ? len : s.b}; }

static int64_t width(span s) { return s.b - s.a; }

static int64_t floor_div(int64_t a, int64_t b) { return a >= 0 ? a / b : -((-a + b - 1) / b); }

/* Input indices the upsampler reads for outputs `out` (see kconvt_run). */
static span upsampler_reads(const kconvt *ct, span out)
{
    return (span){floor_div(out.a + ct->pad, ct->stride) - ct->taps + 1,
                  floor_div(out.b - 1 + ct->pad, ct->stride) + 1};
}

/* How far a ResBlock1 chain reaches: each dilation adds its two convs' pads. */
static int chain_reach(const vocoder_hparams *hp, int j)
{
    int k = hp->res_kernels[j], reach = 0;
    for (int d = 0; d < hp->n_dilations; d++)
        reach += hp->dilations[j][d] * (k - 1) / 2 + (k - 1) / 2;
    return reach;
}

static int stage_reach(const vocoder_hparams *hp)
{
    int reach = 0;
    for (int j = 0; j < hp->n_kernels; j++)
        if (chain_reach(hp, j) > reach)
            reach = chain_reach(hp, j);
    return reach;
}

/* The spans one chunk needs. x[s] is the window of the signal entering
 * stage s (x[n_stages] enters conv_post) as its reader reads it, so it may
 * reach past the utterance where the padding is; u[s] is the upsampler's
 * output span, always inside the utterance. */
typedef struct {
    span mel;
    span x[VOCODER_MAX_STAGES + 1];
    span u[VOCODER_MAX_STAGES];
    int64_t len[VOCODER_MAX_STAGES + 1]; /* signal length at each level */
} plan;

static void make_plan(const vocoder_model *m, int n_frames, int f0, int f1, plan *p)
{
    const vocoder_hparams *hp = &m->hp;
    int ns = hp->n_stages, reach = stage_reach(hp);
    p->len[0] = n_frames;
    for (int s = 0; s < ns; s++)
        p->len[s + 1] = p->len[s] * hp->rates[s];
    p->x[ns] = widen((span){(int64_t)f0 * m->hop, (int64_t)f1 * m->hop}, EDGE_KERNEL / 2);
    for (int s = ns - 1; s >= 0; s--) {
        span need = clip(p->x[s + 1], p->len[s + 1]);
        p->u[s] = clip(widen(need, reach), p->len[s + 1]);
        p->x[s] = upsampler_reads(&m->stage[s].up, p->u[s]);
    }
    p->mel = widen(clip(p->x[0], p->len[0]), EDGE_KERNEL / 2);
}

int vocoder_context_frames(const vocoder_model *m)
{
    /* A chunk far from both ends of a long utterance sees no clipping. */
    plan p;
    make_plan(m, 1 << 20, 1 << 19, (1 << 19) + 1, &p);
    return (int)((1 << 19) - p.mel.a);
}

/* The stages a chunk runs over its whole span; the later ones run in pieces
 * (vocoder.h). After the first upsampler the signal is narrow (upstream:
 * 72 channels at 8 samples a frame, against 2304 floats a frame after the
 * second), and the stages after it reach only a few frames beyond a piece. */
static int front_stages(const vocoder_hparams *hp) { return hp->n_stages > 1 ? 1 : 0; }

/* Widths of every window of a chunk of `frames`: the same walk as make_plan
 * over widths only, with the upsampler's read width bounded for any
 * alignment, so no chunk of any utterance can exceed them. x[s] enters stage
 * s (x[n_stages] enters conv_post), u[s] leaves its upsampler. */
static void window_widths(const vocoder_model *m, int frames, int64_t *x, int64_t *u, int64_t *mel)
{
    const vocoder_hparams *hp = &m->hp;
    int ns = hp->n_stages, reach = stage_reach(hp);
    x[ns] = (int64_t)frames * m->hop + 2 * (EDGE_KERNEL / 2);
    for (int s = ns - 1; s >= 0; s--) {
        const kconvt *ct = &m->stage[s].up;
        u[s] = x[s + 1] + 2 * reach; /* also bounds the resblock windows */
        x[s] = (u[s] - 1 + ct->stride - 1) / ct->stride + ct->taps;
    }
    *mel = x[0] + 2 * (EDGE_KERNEL / 2);
}

static int64_t max64(int64_t a, int64_t b) { return a > b ? a : b; }

/* Floats each working buffer needs for stages [s0, s1) of chunks (or
 * pieces) of `frames`, with conv_pre before them when s0 is 0 and conv_post
 * after them when s1 is the last. */
static size_t buffer_floats(const vocoder_model *m, int frames, int s0, int s1)
{
    const vocoder_hparams *hp = &m->hp;
    int64_t x[VOCODER_MAX_STAGES + 1], u[VOCODER_MAX_STAGES], mel;
    window_widths(m, frames, x, u, &mel);
    int64_t most = x[s1] * stage_channels(hp, s1);
    for (int s = s0; s < s1; s++)
        most = max64(most, max64(x[s] * stage_channels(hp, s), u[s] * stage_channels(hp, s + 1)));
    if (s0 == 0)
        most = max64(most, mel * hp->num_mels);
    return (size_t)most;
}

/* Floats of the front stages' output for chunks of `frames`. */
static size_t front_floats(const vocoder_model *m, int frames)
{
    int64_t x[VOCODER_MAX_STAGES + 1], u[VOCODER_MAX_STAGES], mel;
    window_widths(m, frames, x, u, &mel);
    int k = front_stages(&m->hp);
    return (size_t)(x[k] * stage_channels(&m->hp, k));
}

/* ---- signals ---------------------------------------------------------------- */

/* A channel-major buffer holding the window [base, base + stride) of a signal. */
typedef struct {
    float *p;
    int64_t base, stride;
} sig;

struct vocoder_stream {
    const vocoder_model *m;
    int first_frames, chunk_frames;
    int next_size; /* frames of the next chunk */
    const float *mel;
    int n_frames, next_frame;
    int piece_frames; /* of the later stages' pieces */
    size_t cap;   /* floats in each working buffer */
    float *buf;   /* five working buffers, cap floats each */
    float *front; /* the front stages' output over the chunk */
    float *ws;    /* one layer's weights widened from F16 */
    float *pcm;
    pool *pool;   /* the synth's threads, or NULL */
};

static sig make_sig(const vocoder_stream *vs, int which, int rows, span window)
{
    assert((size_t)(rows * width(window)) <= vs->cap);
    (void)rows;
    return (sig){vs->buf + (size_t)which * vs->cap, window.a, width(window)};
}

static float *col(sig s, int row, int64_t t) { return s.p + row * s.stride + (t - s.base); }

/* Zeros the window's columns outside `keep`: the convolution padding. */
static void zero_outside(sig s, int rows, span keep)
{
    int64_t left = keep.a - s.base, right = s.base + s.stride - keep.b;
    for (int r = 0; r < rows; r++) {
        if (left > 0)
            memset(col(s, r, s.base), 0, sizeof(float) * (size_t)left);
        if (right > 0)
            memset(col(s, r, keep.b), 0, sizeof(float) * (size_t)right);
    }
}

/* out over `r` = conv(in) for a convolution padded by `pad`; ws takes its
 * weights widened to float32 (once per chunk, small next to the work). */
static void conv_over(const vocoder_stream *vs, const kconv *cv, sig in, int pad, int dil, sig out, span r, int mode)
{
    kpar_conv(vs->pool, cv, vs->ws, vs->m->workspace, col(in, 0, r.a - pad), in.stride, dil, col(out, 0, r.a),
              out.stride, (int)width(r), mode);
}

static void snake_over(const vocoder_stream *vs, const vocoder_snake *a, sig dst, sig src, int rows, span r)
{
    if (!a->alpha) {
        for (int c = 0; c < rows; c++) {
            float *d = col(dst, c, r.a);
            const float *x = col(src, c, r.a);
            for (int64_t i = 0; i < width(r); i++)
                d[i] = x[i] > 0.0f ? x[i] : a->slope * x[i];
        }
        return;
    }
    kpar_snake(vs->pool, col(dst, 0, r.a), dst.stride, col(src, 0, r.a), src.stride, rows, (int)width(r), a->alpha,
               a->inv_alpha);
}

enum { BUF_X, BUF_U, BUF_Y, BUF_T, BUF_C };

/* The element-wise passes between the layers, so that the synth's threads
 * share them too: dst = src, dst += src, or dst /= divisor over a span. */
typedef enum { ROWS_COPY, ROWS_ADD, ROWS_DIVIDE } rows_op;

typedef struct {
    rows_op op;
    sig dst, src;
    span r;
    float divisor;
} rows_job;

static void rows_cells(void *ctx, int r0, int r1, int t0, int t1)
{
    const rows_job *j = ctx;
    int64_t n = t1 - t0;
    for (int c = r0; c < r1; c++) {
        float *dst = col(j->dst, c, j->r.a + t0);
        if (j->op == ROWS_DIVIDE) {
            for (int64_t i = 0; i < n; i++)
                dst[i] /= j->divisor;
            continue;
        }
        const float *src = col(j->src, c, j->r.a + t0);
        if (j->op == ROWS_COPY)
            memcpy(dst, src, sizeof(float) * (size_t)n);
        else
            for (int64_t i = 0; i < n; i++)
                dst[i] = dst[i] + src[i];
    }
}

static void rows_over(const vocoder_stream *vs, rows_op op, sig dst, sig src, int rows, span r, float divisor)
{
    rows_job j = {op, dst, src, r, divisor};
    kpar_cells(vs->pool, rows, (int)width(r), 1.0, rows_cells, &j);
}

/* ResBlock1 j of stage s over u (a signal of level_len samples); its output
 * over `need` is stored into acc (first) or added to it. */
static void resblock(const vocoder_stream *vs, int s, int j, sig u, span need, int64_t level_len, sig acc,
                     bool first)
{
    const vocoder_hparams *hp = &vs->m->hp;
    const vocoder_resblock *rb = &vs->m->stage[s].res[j];
    int ch = stage_channels(hp, s + 1), nd = hp->n_dilations, p2 = (hp->res_kernels[j] - 1) / 2;
    /* r[d]: where y_d is needed; each dilation widens by its two pads. */
    span r[VOCODER_MAX_DILATIONS + 1];
    r[nd] = need;
    for (int d = nd - 1; d >= 0; d--)
        r[d] = clip(widen(r[d + 1], (int64_t)hp->dilations[j][d] * p2 + p2), level_len);
    sig y = make_sig(vs, BUF_Y, ch, r[0]);
    rows_over(vs, ROWS_COPY, y, u, ch, r[0], 0.0f);
    for (int d = 0; d < nd; d++) {
        int p1 = hp->dilations[j][d] * p2;
        sig t = make_sig(vs, BUF_T, ch, widen(r[d + 1], p1 + p2));
        zero_outside(t, ch, r[d]);
        snake_over(vs, &rb->a1[d], t, y, ch, r[d]);
        span wc = widen(r[d + 1], p2), rc = clip(wc, level_len);
        sig c = make_sig(vs, BUF_C, ch, wc);
        zero_outside(c, ch, rc);
        conv_over(vs, &rb->c1[d], t, p1, hp->dilations[j][d], c, rc, KCONV_SET);
        snake_over(vs, &rb->a2[d], c, c, ch, rc);
        conv_over(vs, &rb->c2[d], c, p2, 1, y, r[d + 1], KCONV_ADD);
    }
    rows_over(vs, first ? ROWS_COPY : ROWS_ADD, acc, y, ch, need, 0.0f);
}

/* Stages [s0, s1) on x, the signal entering s0 (in BUF_X over p->x[s0],
 * zero outside `have`); leaves the signal entering s1 in BUF_X, over
 * p->x[s1], and returns where it is not padding. */
static span run_stages(vocoder_stream *vs, const plan *p, int s0, int s1, sig x, span have)
{
    const vocoder_hparams *hp = &vs->m->hp;
    for (int s = s0; s < s1; s++) {
        const vocoder_stage *st = &vs->m->stage[s];
        int ch_in = stage_channels(hp, s), ch = stage_channels(hp, s + 1);
        snake_over(vs, &st->act, x, x, ch_in, have);
        sig u = make_sig(vs, BUF_U, ch, p->u[s]);
        kpar_convt(vs->pool, &st->up, x.p, x.stride, x.base, u.p, u.stride, p->u[s].a, (int)width(p->u[s]),
                   vs->buf + (size_t)BUF_C * vs->cap, vs->ws, vs->m->workspace);
        /* x is spent once upsampled: its buffer takes the stage's output. */
        have = clip(p->x[s + 1], p->len[s + 1]);
        x = make_sig(vs, BUF_X, ch, p->x[s + 1]);
        zero_outside(x, ch, have);
        for (int j = 0; j < hp->n_kernels; j++)
            resblock(vs, s, j, u, have, p->len[s + 1], x, j == 0);
        rows_over(vs, ROWS_DIVIDE, x, x, ch, have, (float)hp->n_kernels);
    }
    return have;
}

/* conv_pre and the front stages over the whole chunk p, into vs->front
 * (over p->x[front_stages]). */
static void run_front(vocoder_stream *vs, const plan *p)
{
    const vocoder_model *m = vs->m;
    const vocoder_hparams *hp = &m->hp;
    int k = front_stages(hp);
    sig mel = make_sig(vs, BUF_T, hp->num_mels, p->mel);
    for (int c = 0; c < hp->num_mels; c++)
        for (int64_t f = p->mel.a; f < p->mel.b; f++)
            *col(mel, c, f) = f >= 0 && f < vs->n_frames ? vs->mel[(size_t)c * vs->n_frames + f] : 0.0f;
    span have = clip(p->x[0], p->len[0]);
    sig x = make_sig(vs, BUF_X, hp->channels, p->x[0]);
    zero_outside(x, hp->channels, have);
    conv_over(vs, &m->pre, mel, EDGE_KERNEL / 2, 1, x, have, KCONV_SET);
    run_stages(vs, p, 0, k, x, have);
    memcpy(vs->front, vs->buf + (size_t)BUF_X * vs->cap,
           sizeof(float) * (size_t)stage_channels(hp, k) * (size_t)width(p->x[k]));
}

/* The later stages and conv_post for frames [g0, g1) of the chunk whose
 * front stages are in vs->front (over `front`), into pcm. A piece's windows
 * lie inside its chunk's (the walk of make_plan only widens and clips), so
 * its input is there. */
static void run_piece(vocoder_stream *vs, span front, int g0, int g1, float *pcm)
{
    const vocoder_model *m = vs->m;
    const vocoder_hparams *hp = &m->hp;
    int ns = hp->n_stages, k = front_stages(hp), ch = stage_channels(hp, k);
    plan q;
    make_plan(m, vs->n_frames, g0, g1, &q);
    assert(q.x[k].a >= front.a && q.x[k].b <= front.b);
    sig x = make_sig(vs, BUF_X, ch, q.x[k]);
    for (int c = 0; c < ch; c++)
        memcpy(col(x, c, q.x[k].a), vs->front + (size_t)c * (size_t)width(front) + (q.x[k].a - front.a),
               sizeof(float) * (size_t)width(q.x[k]));
    span have = run_stages(vs, &q, k, ns, x, clip(q.x[k], q.len[k]));
    x = make_sig(vs, BUF_X, stage_channels(hp, ns), q.x[ns]);
    int last = stage_channels(hp, ns);
    snake_over(vs, &m->post_act, x, x, last, have);
    span out = {(int64_t)g0 * m->hop, (int64_t)g1 * m->hop};
    sig s = {pcm, out.a, width(out)};
    conv_over(vs, &m->post, x, EDGE_KERNEL / 2, 1, s, out, KCONV_SET);
    ktanh(pcm, 0, 1, (int)width(out));
}

static void run_chunk(vocoder_stream *vs, int f0, int f1)
{
    plan p;
    make_plan(vs->m, vs->n_frames, f0, f1, &p);
    run_front(vs, &p);
    span front = p.x[front_stages(&vs->m->hp)];
    for (int g0 = f0; g0 < f1; g0 += vs->piece_frames) {
        int g1 = f1 - g0 < vs->piece_frames ? f1 : g0 + vs->piece_frames;
        run_piece(vs, front, g0, g1, vs->pcm + (size_t)(g0 - f0) * (size_t)vs->m->hop);
    }
}

inflect_status vocoder_stream_new(const vocoder_model *m, int first_frames, int chunk_frames, vocoder_stream **out,
                                  char *err, size_t err_size)
{
    return vocoder_stream_new_pieces(m, first_frames, chunk_frames, VOCODER_PIECE_FRAMES, out, err, err_size);
}

/* The working memory of a stream whose sizes are set: false when out of
 * memory (what was allocated stays, for vocoder_stream_release). */
static bool hold_buffers(vocoder_stream *vs)
{
    const vocoder_model *m = vs->m;
    if (vs->buf)
        return true;
    int most = vs->first_frames > vs->chunk_frames ? vs->first_frames : vs->chunk_frames;
    vs->buf = malloc(sizeof(float) * 5 * vs->cap);
    vs->front = malloc(sizeof(float) * front_floats(m, most));
    vs->ws = malloc(sizeof(float) * (m->workspace ? m->workspace : 1));
    vs->pcm = malloc(sizeof(float) * (size_t)most * m->hop);
    return vs->buf && vs->front && vs->ws && vs->pcm;
}

inflect_status vocoder_stream_new_pieces(const vocoder_model *m, int first_frames, int chunk_frames, int piece_frames,
                                         vocoder_stream **out, char *err, size_t err_size)
{
    *out = NULL;
    if (first_frames < 1 || chunk_frames < 1 || piece_frames < 1 || first_frames > 65536 || chunk_frames > 65536)
        return fail(err, err_size, INFLECT_ERR_INVALID_ARGUMENT, "vocoder chunks must be 1 to 65536 frames");
    int most = first_frames > chunk_frames ? first_frames : chunk_frames;
    vocoder_stream *vs = calloc(1, sizeof *vs);
    if (!vs)
        return fail(err, err_size, INFLECT_ERR_NO_MEMORY, "out of memory creating a vocoder stream");
    vs->m = m;
    vs->first_frames = first_frames;
    vs->chunk_frames = chunk_frames;
    vs->piece_frames = most < piece_frames ? most : piece_frames;
    int k = front_stages(&m->hp);
    size_t front = buffer_floats(m, most, 0, k), back = buffer_floats(m, vs->piece_frames, k, m->hp.n_stages);
    vs->cap = front > back ? front : back;
    if (!hold_buffers(vs)) {
        vocoder_stream_free(vs);
        return fail(err, err_size, INFLECT_ERR_NO_MEMORY, "out of memory creating a vocoder stream");
    }
    *out = vs;
    return INFLECT_OK;
}

void vocoder_stream_release(vocoder_stream *vs)
{
    free(vs->buf);
    free(vs->front);
    free(vs->ws);
    free(vs->pcm);
    vs->buf = vs->front = vs->ws = vs->pcm = NULL;
}

void vocoder_stream_free(vocoder_stream *vs)
{
    if (!vs)
        return;
    vocoder_stream_release(vs);
    free(vs);
}

void vocoder_stream_set_pool(vocoder_stream *vs, pool *p)
{
    vs->pool = p;
}

inflect_status vocoder_stream_start(vocoder_stream *vs, const float *mel, int n_frames)
{
    if (!hold_buffers(vs)) {
        vocoder_stream_release(vs);
        vs->n_frames = vs->next_frame = 0;
        return INFLECT_ERR_NO_MEMORY;
    }
    vs->mel = mel;
    vs->n_frames = n_frames > 0 ? n_frames : 0;
    vs->next_frame = 0;
    vs->next_size = vs->first_frames;
    return INFLECT_OK;
}

/* The next chunk's frames [*f0, *f1); false when the utterance is done. */
static bool next_chunk(const vocoder_stream *vs, int *f0, int *f1)
{
    if (vs->next_frame >= vs->n_frames)
        return false;
    *f0 = vs->next_frame;
    *f1 = vs->n_frames - *f0 < vs->next_size ? vs->n_frames : *f0 + vs->next_size;
    return true;
}

int vocoder_stream_needs(const vocoder_stream *vs)
{
    int f0, f1;
    if (!next_chunk(vs, &f0, &f1))
        return vs->n_frames;
    plan p;
    make_plan(vs->m, vs->n_frames, f0, f1, &p);
    return p.mel.b < vs->n_frames ? (int)p.mel.b : vs->n_frames;
}

void vocoder_stream_next(vocoder_stream *vs, float **pcm, size_t *n)
{
    *pcm = vs->pcm;
    *n = 0;
    int f0, f1;
    if (!next_chunk(vs, &f0, &f1))
        return;
    run_chunk(vs, f0, f1);
    vs->next_frame = f1;
    /* Each chunk at most VOCODER_CHUNK_GROWTH times the one before: the
     * audio already made then lasts longer than the next chunk takes to
     * make, so a small first chunk is not followed by a gap. */
    int64_t grown = (int64_t)vs->next_size * VOCODER_CHUNK_GROWTH;
    vs->next_size = grown < vs->chunk_frames ? (int)grown : vs->chunk_frames;
    *n = (size_t)(f1 - f0) * (size_t)vs->m->hop;
}
