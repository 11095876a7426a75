/* The acoustic model, following AcousticModel.infer in training/acoustic.py
 * operation for operation (the parity test holds it to 1e-4).
 *
 * Copyright (C) 2026 The Inflect authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Activations are channel-major [H][T + 2*PAD]: every layer is a kernel
 * streaming along time, and the zero columns either side are the padding of
 * the depthwise and postnet convolutions, so those need no copies. Wide
 * intermediates (FFN hidden, gate halves and gated output, GRU input gates,
 * the mel head's hidden layer) are computed TILE columns at a time, so the
 * frame stage, the peak of a pass, holds two [H][F] buffers. A column's
 * arithmetic never depends on the columns computed beside it (kernels.h), so
 * tiles give the same values as whole layers.
 */
#include "acoustic.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "errors.h"
#include "kpar.h"
#include "weights.h"

/* Columns a tile: three of the AVX2 convolution's 24-column steps, so no
 * tile column runs in its slower 8-column tail but at an utterance's end
 * (64 put a quarter of them there: the acoustic pass took 5% longer). */
enum { TILE = 72, POSTNET_KERNEL = 5 };

#define PI_F 3.14159265358979f

static void load_norm(weights *w, acoustic_norm *n, int h, const char *base)
{
    n->gamma = weights_tensor(w, 1, &h, "%s.weight", base);
    n->beta = weights_tensor(w, 1, &h, "%s.bias", base);
}

static void load_block(weights *w, acoustic_block *b, const acoustic_hparams *hp, int ff_mult, const char *base)
{
    int h = hp->hidden, two_h = 2 * h, f = ff_mult * h;
    char name[64];
    snprintf(name, sizeof name, "%s.norm1", base);
    load_norm(w, &b->norm1, h, name);
    snprintf(name, sizeof name, "%s.norm2", base);
    load_norm(w, &b->norm2, h, name);
    /* The community files store it as [2, H, K], the same values. */
    int depth_dims[3] = {two_h, 1, hp->kernel_size}, grouped[3] = {2, h, hp->kernel_size};
    b->depth_w = weights_tensor_or(w, 3, depth_dims, 3, grouped, "%s.depth.weight", base);
    b->depth_b = weights_tensor(w, 1, &two_h, "%s.depth.bias", base);
    weights_conv(w, &b->point, h, h, 1, "%s.point", base);
    weights_linear(w, &b->ff0, f, h, "%s.ff.0", base);
    weights_linear(w, &b->ff3, h, f, "%s.ff.3", base);
}

static void load_head(weights *w, acoustic_head *hd, int h, int inner, int out, const char *base)
{
    char name[64];
    snprintf(name, sizeof name, "%s.0", base);
    load_norm(w, &hd->norm, h, name);
    weights_linear(w, &hd->in, inner, h, "%s.1", base);
    weights_linear(w, &hd->out, out, inner, "%s.3", base);
}

inflect_status acoustic_load(acoustic_model *m, const gguf_file *f, const char *prefix, arena *mem, bool low_memory,
                             char *err, size_t err_size)
{
    const acoustic_hparams *hp = &m->hp;
    if (hp->hidden % 2)
        return fail(err, err_size, INFLECT_ERR_FORMAT,
                    "hidden = %d must be even (two GRU directions of hidden/2)", hp->hidden);
    if (hp->kernel_size % 2 == 0)
        return fail(err, err_size, INFLECT_ERR_FORMAT, "kernel_size = %d must be odd",
                    hp->kernel_size);
    if (!isfinite(hp->postnet_scale))
        return fail(err, err_size, INFLECT_ERR_FORMAT, "postnet_scale is not finite");
    int h = hp->hidden, hs = h / 2;
    /* A flattened postnet kernel has rows [k][c_in] (docs/upstream.md). */
    weights w = {.file = f, .mem = mem, .prefix = prefix, .status = INFLECT_OK, .err = err, .err_size = err_size,
                 .conv_rows_k_major = true, .low_memory = low_memory};
    weights_table_load(&w, &m->phone, hp->vocab_size, h, "phone.weight");
    weights_table_load(&w, &m->tone, hp->tone_size, h, "tone.weight");
    weights_table_load(&w, &m->lang, hp->lang_size, h, "lang.weight");
    weights_table_load(&w, &m->abs_frame, hp->abs_frame_bins, h, "abs_frame.weight");
    int dims[2];
    dims[0] = hp->speaker_count;
    dims[1] = hp->speaker_dim;
    m->speaker = weights_tensor(&w, 2, dims, "speaker.weight");
    weights_linear(&w, &m->speaker_proj, h, hp->speaker_dim, "speaker_proj");

    m->encoder = arena_alloc(mem, sizeof *m->encoder * (size_t)hp->encoder_layers);
    m->decoder = arena_alloc(mem, sizeof *m->decoder * (size_t)hp->decoder_layers);
    if (!m->encoder || !m->decoder)
        return fail(err, err_size, INFLECT_ERR_NO_MEMORY, "out of memory loading the acoustic model");
    char name[64];
    for (int i = 0; i < hp->encoder_layers; i++) {
        snprintf(name, sizeof name, "encoder.%d", i);
        load_block(&w, &m->encoder[i], hp, hp->encoder_ff_mult, name);
    }
    for (int i = 0; i < hp->decoder_layers; i++) {
        snprintf(name, sizeof name, "decoder.%d", i);
        load_block(&w, &m->decoder[i], hp, hp->decoder_ff_mult, name);
    }
    load_head(&w, &m->duration, h, h, 1, "duration_head");
    load_head(&w, &m->energy, h, hs, 1, "energy_head");
    load_head(&w, &m->bright, h, hs, 1, "bright_head");
    load_head(&w, &m->pitch, h, h, 2, "pitch_head");
    load_head(&w, &m->mel, h, h, hp->n_mels, "mel_head");
    weights_linear(&w, &m->energy_proj, h, 1, "energy_proj");
    weights_linear(&w, &m->bright_proj, h, 1, "bright_proj");
    weights_linear(&w, &m->pitch_proj[0], h, 2, "pitch_proj.0");
    weights_linear(&w, &m->pitch_proj[1], h, h, "pitch_proj.2");
    weights_linear(&w, &m->frame_proj[0], h, 8, "frame_proj.0");
    weights_linear(&w, &m->frame_proj[1], h, h, "frame_proj.2");
    weights_linear(&w, &m->local_ctx[0], 2 * h, 3 * h, "local_ctx.0");
    weights_linear(&w, &m->local_ctx[1], h, 2 * h, "local_ctx.2");

    /* W_ih and b_ih act on the input alone: one Linear over all frames. */
    static const char *const suffix[2] = {"", "_reverse"};
    int g3 = 3 * hs;
    for (int d = 0; d < 2; d++) {
        char weight[64], bias[64];
        snprintf(weight, sizeof weight, "frame_gru.weight_ih_l0%s", suffix[d]);
        snprintf(bias, sizeof bias, "frame_gru.bias_ih_l0%s", suffix[d]);
        weights_linear_named(&w, &m->gru_ih[d], g3, h, weight, bias);
        m->gru_hh_t[d] = weights_transposed(&w, g3, hs, "frame_gru.weight_hh_l0%s", suffix[d]);
        m->gru_b_hh[d] = weights_tensor(&w, 1, &g3, "frame_gru.bias_hh_l0%s", suffix[d]);
    }
    weights_conv(&w, &m->postnet[0], h, hp->n_mels, POSTNET_KERNEL, "postnet.0");
    weights_conv(&w, &m->postnet[1], h, h, POSTNET_KERNEL, "postnet.2");
    weights_conv(&w, &m->postnet[2], hp->n_mels, h, POSTNET_KERNEL, "postnet.4");
    m->workspace = weights_workspace(&w);
    return w.status;
}

/* ---- inference ------------------------------------------------------------ */

/* Per-run scratch: the column tile, and two workspaces for widening F16
 * layers (two so both FFN layers stay widened across the tile loop). */
typedef struct {
    float *tile, *ws[2];
    size_t ws_floats; /* each */
    pool *pool;       /* the synth's threads, or NULL */
} scratch;

static bool cancelled(const atomic_int *cancel)
{
    return cancel && atomic_load_explicit(cancel, memory_order_relaxed);
}

/* out (=, +=) layer(in) over n columns, widening its weights first. */
static void layer(pool *p, const kconv *cv, float *ws, size_t ws_floats, const float *in, ptrdiff_t in_stride,
                  float *out, ptrdiff_t out_stride, int n, int mode)
{
    kpar_conv(p, cv, ws, ws_floats, in, in_stride, 1, out, out_stride, n, mode);
}

/* The two channel-major activation buffers of one stage (tokens or frames),
 * each [rows][stride] with `pad` zero columns either side of n columns: x
 * the residual stream, y what a layer norm makes of it (and the BiGRU's
 * output, and the postnet's). The padding stays zero: layers write only
 * the n columns. */
typedef struct {
    float *x, *y;
    ptrdiff_t stride;
    int n;
} stage_bufs;

static bool stage_alloc(stage_bufs *s, int rows, int n, int pad)
{
    s->stride = n + 2 * pad;
    s->n = n;
    size_t floats = (size_t)rows * (size_t)s->stride;
    float *base = calloc(2 * floats, sizeof(float));
    if (!base)
        return false;
    s->x = base + pad;
    s->y = base + floats + pad;
    return true;
}

static int stage_pad(const acoustic_hparams *hp)
{
    int p = hp->kernel_size / 2;
    return p > POSTNET_KERNEL / 2 ? p : POSTNET_KERNEL / 2;
}

static void stage_free(stage_bufs *s, int pad)
{
    if (s->x)
        free(s->x - pad);
}

typedef struct {
    const acoustic_block *b;
    const acoustic_hparams *hp;
    const stage_bufs *s;
    float *tile, *g; /* the gate halves' tile [2H][TILE]; the gated output [H][TILE] */
    int t0, nt;      /* the columns */
} gate_job;

/* The gated depthwise convolution, g = a * sigmoid(gate), over the job's
 * columns, for the channel pairs [p0, p1) (kpar_rows_fn). Depthwise H -> 2H
 * with two outputs per group: output o reads input o/2, so the gate half
 * (outputs H + j) reads input H/2 + j/2, and channels 2p and 2p + 1 read
 * the same inputs. */
static void gate_pairs(void *ctx, int p0, int p1)
{
    const gate_job *j = ctx;
    const acoustic_block *b = j->b;
    int h = j->hp->hidden, k = j->hp->kernel_size, nt = j->nt, c0 = 2 * p0, c1 = 2 * p1;
    ptrdiff_t st = j->s->stride;
    float *a = j->tile + (size_t)c0 * TILE, *gate = j->tile + (size_t)(h + c0) * TILE;
    const float *src = j->s->y + j->t0 - k / 2;
    kdepthwise(a, TILE, src + p0 * st, st, c1 - c0, 2, b->depth_w + (size_t)c0 * k, b->depth_b + c0, k, nt);
    kdepthwise(gate, TILE, src + (h / 2 + p0) * st, st, c1 - c0, 2, b->depth_w + (size_t)(h + c0) * k,
               b->depth_b + h + c0, k, nt);
    for (int c = c0; c < c1; c++)
        for (int t = 0; t < nt; t++)
            j->g[c * TILE + t] = a[(c - c0) * TILE + t] * ksigmoid(gate[(c - c0) * TILE + t]);
}

static void block_run(const acoustic_block *b, const acoustic_hparams *hp, int ff_mult, const stage_bufs *s,
                      const scratch *sc)
{
    float *tile = sc->tile;
    int h = hp->hidden, k = hp->kernel_size, n = s->n;
    ptrdiff_t st = s->stride;
    klayernorm(s->y, st, s->x, st, h, n, b->norm1.gamma, b->norm1.beta);
    /* The gated convolution and the pointwise layer, a tile at a time: y
     * holds every column's input, so x can take each tile's output at once. */
    kconv point = kconv_ready(&b->point, sc->ws[0], sc->ws_floats);
    for (int t0 = 0; t0 < n; t0 += TILE) {
        int nt = n - t0 < TILE ? n - t0 : TILE;
        gate_job gj = {b, hp, s, tile, tile + (size_t)2 * h * TILE, t0, nt};
        kpar_rows(sc->pool, h / 2, 4.0 * (k + 8) * nt, gate_pairs, &gj);
        kpar_conv(sc->pool, &point, sc->ws[0], sc->ws_floats, gj.g, TILE, 1, s->x + t0, st, nt, KCONV_ADD);
    }
    klayernorm(s->y, st, s->x, st, h, n, b->norm2.gamma, b->norm2.beta);
    /* Widened once for all tiles when the workspace holds them (upstream's
     * FFN layers are larger than it: they are widened a part at a time, per
     * tile, and then the second needs no workspace of its own). */
    kconv ff0 = kconv_ready(&b->ff0, sc->ws[0], sc->ws_floats);
    float *ws3 = ff0.w == (const void *)sc->ws[0] ? sc->ws[1] : sc->ws[0];
    kconv ff3 = kconv_ready(&b->ff3, ws3, sc->ws_floats);
    for (int t0 = 0; t0 < n; t0 += TILE) {
        int nt = n - t0 < TILE ? n - t0 : TILE;
        kpar_conv(sc->pool, &ff0, sc->ws[0], sc->ws_floats, s->y + t0, st, 1, tile, TILE, nt, KCONV_SET);
        kpar_silu(sc->pool, tile, TILE, ff_mult * h, nt);
        kpar_conv(sc->pool, &ff3, ws3, sc->ws_floats, tile, TILE, 1, s->x + t0, st, nt, KCONV_ADD);
    }
}

/* Head on x, output rows written to out (out_stride apart); its hidden
 * layer a tile at a time. */
static void head_run(const acoustic_head *hd, const acoustic_hparams *hp, const stage_bufs *s, float *out,
                     ptrdiff_t out_stride, const scratch *sc)
{
    ptrdiff_t st = s->stride;
    klayernorm(s->y, st, s->x, st, hp->hidden, s->n, hd->norm.gamma, hd->norm.beta);
    for (int t0 = 0; t0 < s->n; t0 += TILE) {
        int nt = s->n - t0 < TILE ? s->n - t0 : TILE;
        layer(sc->pool, &hd->in, sc->ws[0], sc->ws_floats, s->y + t0, st, sc->tile, TILE, nt, KCONV_SET);
        kpar_silu(sc->pool, sc->tile, TILE, hd->in.c_out, nt);
        layer(sc->pool, &hd->out, sc->ws[0], sc->ws_floats, sc->tile, TILE, out + t0, out_stride, nt, KCONV_SET);
    }
}

/* Floats of the tile one GRU direction uses: its input gates, state and
 * scratch. */
static size_t gru_tile_floats(int hs) { return (size_t)3 * hs * TILE + (size_t)4 * hs; }

/* One direction of the BiGRU into its half of y, with tile (of
 * gru_tile_floats) and ws its own. False when cancelled. */
static bool gru_direction(const acoustic_model *m, const stage_bufs *s, int d, float *tile, float *ws,
                          size_t ws_floats, const atomic_int *cancel)
{
    int hs = m->hp.hidden / 2, n = s->n;
    ptrdiff_t st = s->stride;
    float *h = tile + (size_t)3 * hs * TILE, *gh = h + hs;
    kconv ih = kconv_ready(&m->gru_ih[d], ws, ws_floats);
    memset(h, 0, sizeof(float) * (size_t)hs);
    int tiles = (n + TILE - 1) / TILE;
    for (int i = 0; i < tiles; i++) {
        if (cancelled(cancel))
            return false;
        int t0 = (d == 0 ? i : tiles - 1 - i) * TILE;
        int nt = n - t0 < TILE ? n - t0 : TILE;
        kconv_apply(&ih, ws, ws_floats, s->x + t0, st, 1, tile, TILE, nt, KCONV_SET);
        for (int j = 0; j < nt; j++) {
            int t = d == 0 ? j : nt - 1 - j;
            kgru_step(h, tile + t, TILE, m->gru_hh_t[d], m->gru_b_hh[d], hs, gh);
            for (int c = 0; c < hs; c++)
                s->y[(d * hs + c) * st + t0 + t] = h[c];
        }
    }
    return true;
}

typedef struct {
    const acoustic_model *m;
    const stage_bufs *s;
    const scratch *sc;
    const atomic_int *cancel;
    bool done[2];
} gru_job;

/* With two threads or more the directions run side by side, each with its
 * own tile and workspace: the recurrence is a chain of small steps that
 * cannot be split, but the two chains are independent. */
static void gru_part(void *ctx, int part, int parts)
{
    gru_job *j = ctx;
    (void)parts;
    int hs = j->m->hp.hidden / 2;
    j->done[part] = gru_direction(j->m, j->s, part, j->sc->tile + (size_t)part * gru_tile_floats(hs),
                                  j->sc->ws[part], j->sc->ws_floats, j->cancel);
}

/* x += BiGRU(x); the output halves go through y (free here). False when
 * cancelled. */
static bool gru_run(const acoustic_model *m, const stage_bufs *s, const scratch *sc, const atomic_int *cancel)
{
    int n = s->n;
    ptrdiff_t st = s->stride;
    if (pool_threads(sc->pool) >= 2) {
        gru_job j = {m, s, sc, cancel, {false, false}};
        pool_run(sc->pool, 2, gru_part, &j);
        if (!j.done[0] || !j.done[1])
            return false;
    } else {
        for (int d = 0; d < 2; d++)
            if (!gru_direction(m, s, d, sc->tile, sc->ws[0], sc->ws_floats, cancel))
                return false;
    }
    for (int c = 0; c < m->hp.hidden; c++)
        for (int t = 0; t < n; t++)
            s->x[c * st + t] += s->y[c * st + t];
    return true;
}

/* The graph's own constants (docs/model.md section 2.2): a token's natural
 * length is at most MAX_TOKEN_FRAMES; the frame features divide ln(1 + d) by
 * LOG_LENGTH_DIVISOR and d by LENGTH_DIVISOR. */
#define MAX_TOKEN_FRAMES 80.0f
#define LOG_LENGTH_DIVISOR 6.0f
#define LENGTH_DIVISOR 40.0f

/* Per-frame position features (frame_meta in acoustic.py) for frame r of a
 * token lasting d frames, token t of n_tokens. */
static void frame_meta(float *meta, ptrdiff_t stride, int r, int d, int t, int n_tokens)
{
    float rel = d > 1 ? (float)r / (float)(d - 1) : 0.0f;
    float fd = (float)d;
    meta[0] = rel;
    meta[stride] = 1.0f - rel;
    meta[2 * stride] = 1.0f - fabsf(2.0f * rel - 1.0f);
    meta[3 * stride] = sinf(PI_F * rel);
    meta[4 * stride] = cosf(PI_F * rel);
    meta[5 * stride] = (float)t / (float)(n_tokens > 1 ? n_tokens - 1 : 1);
    meta[6 * stride] = log1pf(fd) / LOG_LENGTH_DIVISOR;
    meta[7 * stride] = fd / LENGTH_DIVISOR;
}

/* Bounds that keep the arithmetic finite; inflect.h's narrower ranges are
 * checked by the caller. */
static bool control_ok(const acoustic_control *c)
{
    return c->length_scale > 0.0f && c->length_scale <= 100.0f && fabsf(c->pitch_shift) <= 100.0f &&
           c->pitch_range >= 0.0f && c->pitch_range <= 100.0f;
}

static inflect_status check_input(const acoustic_model *m, const acoustic_input *in, char *err, size_t err_size)
{
    const acoustic_hparams *hp = &m->hp;
    if (!in->phone || !in->tone || !in->lang || in->n < 1 || in->n > ACOUSTIC_MAX_TOKENS)
        return fail(err, err_size, INFLECT_ERR_INVALID_ARGUMENT, "acoustic model needs 1 to %d tokens",
                    ACOUSTIC_MAX_TOKENS);
    if (in->speaker < 0 || in->speaker >= hp->speaker_count)
        return fail(err, err_size, INFLECT_ERR_INVALID_ARGUMENT, "speaker %d out of range (voice has %d)",
                    in->speaker, hp->speaker_count);
    if (!control_ok(&in->control) || !isfinite(in->pitch_mean))
        return fail(err, err_size, INFLECT_ERR_INVALID_ARGUMENT, "length, pitch or range control out of range");
    for (int t = 0; t < in->n; t++)
        if (in->phone[t] < 0 || in->phone[t] >= hp->vocab_size || in->tone[t] < 0 || in->lang[t] < 0)
            return fail(err, err_size, INFLECT_ERR_INVALID_ARGUMENT,
                        "token %d: phone %d, tone %d, lang %d out of range", t, in->phone[t], in->tone[t],
                        in->lang[t]);
    return INFLECT_OK;
}

static int imin(int a, int b) { return a < b ? a : b; }

/* A pitch head trained on squared error predicts the middle of what it has
 * heard, so its intonation is flatter than the speaker's (kathleen's spoken
 * held-out prompts span 5.2 semitones p5-p95 where her recordings span 8.7).
 * A voice may widen it: each token's pitch feature moves `factor` times as
 * far from the utterance's mean, weighted by how voiced each token is
 * (pitch[n + t]), so the utterance keeps its mean pitch. Computed from the
 * utterance alone: nothing to measure first, nothing shared between calls. */
static void widen_intonation(float *pitch, int n, float factor)
{
    if (factor == 1.0f)
        return;
    double sum = 0.0, weight = 0.0;
    for (int t = 0; t < n; t++) {
        float voiced = fminf(fmaxf(pitch[n + t], 0.0f), 1.0f);
        sum += (double)voiced * pitch[t];
        weight += voiced;
    }
    if (weight <= 0.0)
        return;
    float mean = (float)(sum / weight);
    for (int t = 0; t < n; t++) {
        float voiced = fminf(fmaxf(pitch[n + t], 0.0f), 1.0f);
        pitch[t] += voiced * (factor - 1.0f) * (pitch[t] - mean);
    }
}

/* Encoder side: embeddings, encoder, prosody heads, conditioning and the
 * per-token context. Leaves the token features in tok->x and durations. */
static inflect_status encode(const acoustic_model *m, const acoustic_input *in, const stage_bufs *tok,
                             const scratch *sc, float *pred, float *ctx, int32_t *durations, char *err,
                             size_t err_size)
{
    const acoustic_hparams *hp = &m->hp;
    int h = hp->hidden, n = in->n;
    ptrdiff_t st = tok->stride;
    float *spk = sc->tile, *ws = sc->ws[0];
    layer(sc->pool, &m->speaker_proj, ws, m->workspace, m->speaker + (size_t)in->speaker * hp->speaker_dim, 1, spk, 1, 1, KCONV_SET);
    for (int t = 0; t < n; t++) {
        size_t p = (size_t)in->phone[t], tn = (size_t)imin(in->tone[t], hp->tone_size - 1),
               l = (size_t)imin(in->lang[t], hp->lang_size - 1);
        for (int c = 0; c < h; c++)
            tok->x[c * st + t] = weights_table_value(&m->phone, p, c) + weights_table_value(&m->tone, tn, c) +
                                 weights_table_value(&m->lang, l, c) + spk[c];
    }
    for (int i = 0; i < hp->encoder_layers; i++) {
        if (cancelled(in->cancel))
            return fail(err, err_size, INFLECT_ERR_CANCELLED, "cancelled");
        block_run(&m->encoder[i], hp, hp->encoder_ff_mult, tok, sc);
    }

    /* pred rows: log duration, energy, bright, pitch (2). */
    float *logdur = pred, *energy = pred + n, *bright = pred + 2 * n, *pitch = pred + 3 * n;
    head_run(&m->duration, hp, tok, logdur, n, sc);
    head_run(&m->energy, hp, tok, energy, n, sc);
    head_run(&m->bright, hp, tok, bright, n, sc);
    head_run(&m->pitch, hp, tok, pitch, n, sc);
    widen_intonation(pitch, n, m->intonation);
    if (in->pitch_out)
        for (int t = 0; t < n; t++) {
            in->pitch_out[2 * t] = pitch[t];
            in->pitch_out[2 * t + 1] = pitch[n + t];
        }
    double exact = 0.0; /* the utterance's exact length so far, in frames */
    int64_t frames = 0; /* the frames given so far */
    for (int t = 0; t < n; t++) {
        acoustic_control c = in->control;
        if (in->control_cb) {
            inflect_status st = in->control_cb(t, frames, &c, in->control_user, err, err_size);
            if (st != INFLECT_OK)
                return st;
            if (!control_ok(&c))
                return fail(err, err_size, INFLECT_ERR_INVALID_ARGUMENT, "token %d: control out of range", t);
        }
        /* The natural length is upstream's, whole frames (at least one);
         * scaled lengths end at the rounded running sum. */
        float natural = /* rounded half to even */
            fmaxf(rintf(fminf(fmaxf(expm1f(logdur[t]), 0.0f), MAX_TOKEN_FRAMES)), 1.0f);
        exact += (double)(natural * c.length_scale);
        int64_t d = (int64_t)rint(exact) - frames;
        int64_t least = in->phone[t] == 0 ? 0 : 1;
        durations[t] = (int32_t)(d < least ? least : d);
        frames += durations[t];
        /* Pitch: the excursion from the speaker's mean times pitch_range,
         * then shifted, on the token's voiced part only: an unvoiced
         * token's feature is 0 by definition, not a pitch. */
        float voiced = fminf(fmaxf(pitch[n + t], 0.0f), 1.0f);
        float target = in->pitch_mean + c.pitch_range * (pitch[t] - in->pitch_mean) + c.pitch_shift;
        pitch[t] += voiced * (target - pitch[t]);
        pitch[n + t] = voiced;
    }
    layer(sc->pool, &m->energy_proj, ws, m->workspace, energy, n, tok->x, st, n, KCONV_ADD);
    layer(sc->pool, &m->bright_proj, ws, m->workspace, bright, n, tok->x, st, n, KCONV_ADD);

    /* local_ctx sees [c(t-1); c(t); c(t+1)], clamped at the ends. */
    for (int c = 0; c < h; c++)
        for (int t = 0; t < n; t++) {
            const float *row = tok->x + c * st;
            ctx[c * n + t] = row[t > 0 ? t - 1 : 0];
            ctx[(h + c) * n + t] = row[t];
            ctx[(2 * h + c) * n + t] = row[t + 1 < n ? t + 1 : n - 1];
        }
    float *hidden = ctx + (size_t)3 * h * n;
    layer(sc->pool, &m->local_ctx[0], ws, m->workspace, ctx, n, hidden, n, n, KCONV_SET);
    kpar_silu(sc->pool, hidden, n, 2 * h, n);
    layer(sc->pool, &m->local_ctx[1], ws, m->workspace, hidden, n, tok->x, st, n, KCONV_ADD);
    layer(sc->pool, &m->pitch_proj[0], ws, m->workspace, pitch, n, tok->y, st, n, KCONV_SET);
    kpar_silu(sc->pool, tok->y, st, h, n);
    layer(sc->pool, &m->pitch_proj[1], ws, m->workspace, tok->y, st, tok->x, st, n, KCONV_ADD);
    return cancelled(in->cancel) ? fail(err, err_size, INFLECT_ERR_CANCELLED, "cancelled") : INFLECT_OK;
}

/* Length regulation: frame f of token t gets its token features, frame
 * position features and absolute-position embedding. */
static void expand(const acoustic_model *m, const stage_bufs *tok, const int32_t *durations, int n_tokens,
                   const stage_bufs *fr, float *meta, const scratch *sc)
{
    const acoustic_hparams *hp = &m->hp;
    int h = hp->hidden, n = fr->n;
    ptrdiff_t st = fr->stride;
    int f = 0;
    for (int t = 0; t < n_tokens && f < n; t++)
        for (int r = 0; r < durations[t] && f < n; r++, f++) {
            frame_meta(meta + f, n, r, durations[t], t, n_tokens);
            for (int c = 0; c < h; c++)
                fr->x[c * st + f] = tok->x[c * tok->stride + t];
        }
    float *ws = sc->ws[0];
    layer(sc->pool, &m->frame_proj[0], ws, m->workspace, meta, n, fr->y, st, n, KCONV_SET);
    kpar_silu(sc->pool, fr->y, st, h, n);
    layer(sc->pool, &m->frame_proj[1], ws, m->workspace, fr->y, st, fr->x, st, n, KCONV_ADD);
    for (int fi = 0; fi < n; fi++) {
        int64_t bin = (int64_t)fi * hp->abs_frame_bins / hp->max_frames;
        size_t row = (size_t)(bin < hp->abs_frame_bins ? bin : hp->abs_frame_bins - 1);
        for (int c = 0; c < h; c++)
            fr->x[c * st + fi] += weights_table_value(&m->abs_frame, row, c);
    }
}

/* Decoder, GRU, mel head and postnet; leaves the mel in mel0 (its rows
 * mst = n + 2 * (POSTNET_KERNEL / 2) apart, zero columns either side).
 * False when cancelled. */
static bool decode(const acoustic_model *m, const stage_bufs *fr, const scratch *sc, float *mel0,
                   const atomic_int *cancel)
{
    const acoustic_hparams *hp = &m->hp;
    int n = fr->n, n_mels = hp->n_mels, h = hp->hidden;
    ptrdiff_t st = fr->stride, mst = n + 2 * (POSTNET_KERNEL / 2);
    for (int i = 0; i < hp->decoder_layers; i++) {
        if (cancelled(cancel))
            return false;
        block_run(&m->decoder[i], hp, hp->decoder_ff_mult, fr, sc);
    }
    if (!gru_run(m, fr, sc, cancel) || cancelled(cancel))
        return false;
    head_run(&m->mel, hp, fr, mel0, mst, sc);
    if (cancelled(cancel))
        return false;
    /* Postnet reads two zero columns either side of mel0, y and x (free
     * after the mel head); its last layer a tile at a time, each added to
     * mel0 as it comes. */
    int p = POSTNET_KERNEL / 2;
    layer(sc->pool, &m->postnet[0], sc->ws[0], sc->ws_floats, mel0 - p, mst, fr->y, st, n, KCONV_SET);
    kpar_tanh(sc->pool, fr->y, st, h, n);
    layer(sc->pool, &m->postnet[1], sc->ws[0], sc->ws_floats, fr->y - p, st, fr->x, st, n, KCONV_SET);
    kpar_tanh(sc->pool, fr->x, st, h, n);
    float *post = sc->tile;
    for (int t0 = 0; t0 < n; t0 += TILE) {
        int nt = n - t0 < TILE ? n - t0 : TILE;
        layer(sc->pool, &m->postnet[2], sc->ws[0], sc->ws_floats, fr->x + t0 - p, st, post, TILE, nt, KCONV_SET);
        for (int c = 0; c < n_mels; c++)
            for (int f = 0; f < nt; f++)
                mel0[c * mst + t0 + f] = mel0[c * mst + t0 + f] + hp->postnet_scale * post[c * TILE + f];
    }
    return true;
}

inflect_status acoustic_run(const acoustic_model *m, const acoustic_input *in, int32_t *durations, float **mel,
                            int *n_frames, char *err, size_t err_size)
{
    if (mel)
        *mel = NULL;
    *n_frames = 0;
    inflect_status status = check_input(m, in, err, err_size);
    if (status != INFLECT_OK)
        return status;
    const acoustic_hparams *hp = &m->hp;
    int h = hp->hidden, n = in->n, pad = stage_pad(hp);
    int ff = hp->encoder_ff_mult > hp->decoder_ff_mult ? hp->encoder_ff_mult : hp->decoder_ff_mult;
    /* The tile holds an FFN hidden tile, both gate halves and the gated
     * output, a head's hidden tile, a postnet output tile, or the GRU input
     * gates plus its state; the speaker vector fits in any of them. */
    int rows = ff > 3 ? ff * h : 3 * h;
    if (rows < hp->n_mels)
        rows = hp->n_mels;
    size_t tile_floats = (size_t)rows * TILE + (size_t)2 * h;
    /* ... or, with threads, both GRU directions side by side. */
    if (pool_threads(in->pool) >= 2 && tile_floats < 2 * gru_tile_floats(h / 2))
        tile_floats = 2 * gru_tile_floats(h / 2);
    scratch sc = {malloc(tile_floats * sizeof(float)), {NULL, NULL}, m->workspace, in->pool};
    float *ws = malloc(2 * (m->workspace ? m->workspace : 1) * sizeof(float));
    if (ws) {
        sc.ws[0] = ws;
        sc.ws[1] = ws + m->workspace;
    }
    float *pred = malloc(sizeof(float) * 5 * (size_t)n);
    float *ctx = malloc(sizeof(float) * 5 * (size_t)h * n);
    stage_bufs tok = {0}, fr = {0};
    float *meta = NULL, *mel0 = NULL;
    status = INFLECT_ERR_NO_MEMORY;
    if (!sc.tile || !ws || !pred || !ctx || !stage_alloc(&tok, h, n, pad))
        goto done;
    status = encode(m, in, &tok, &sc, pred, ctx, durations, err, err_size);
    if (status != INFLECT_OK)
        goto failed;
    /* Token-stage buffers go before the frame stage, the peak, is allocated. */
    free(pred);
    free(ctx);
    pred = ctx = NULL;
    int64_t total = 0;
    for (int t = 0; t < n; t++)
        total += durations[t];
    int frames = total < hp->max_frames ? (int)total : hp->max_frames;
    if (!mel) {
        *n_frames = frames;
        status = INFLECT_OK;
        goto done;
    }
    int mp = POSTNET_KERNEL / 2;
    meta = malloc(sizeof(float) * 8 * (size_t)frames);
    if (!meta || !stage_alloc(&fr, h, frames, pad))
        goto done;
    expand(m, &tok, durations, n, &fr, meta, &sc);
    stage_free(&tok, pad);
    tok.x = NULL;
    free(meta);
    meta = NULL;
    /* The mel with the postnet's zero columns either side of each row,
     * made in place and then closed up into [n_mels][frames]. */
    size_t mst = (size_t)frames + 2 * (size_t)mp;
    mel0 = calloc((size_t)hp->n_mels * mst, sizeof(float));
    if (!mel0)
        goto done;
    if (!decode(m, &fr, &sc, mel0 + mp, in->cancel)) {
        status = fail(err, err_size, INFLECT_ERR_CANCELLED, "cancelled");
        goto failed;
    }
    for (int c = 0; c < hp->n_mels; c++)
        memmove(mel0 + (size_t)c * frames, mel0 + (size_t)c * mst + mp, sizeof(float) * (size_t)frames);
    *mel = mel0;
    *n_frames = frames;
    mel0 = NULL;
    status = INFLECT_OK;
done:
    if (status != INFLECT_OK)
        fail(err, err_size, status, "out of memory running the acoustic model (%d tokens)", n);
failed:
    free(sc.tile);
    free(ws);
    free(pred);
    free(ctx);
    free(meta);
    free(mel0);
    stage_free(&tok, pad);
    stage_free(&fr, pad);
    return status;
}
