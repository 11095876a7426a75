/* Inflect v2's tensors and one utterance's run from ids to the latent,
 * following synthesize in training/v2_model.py.
 *
 * Copyright (C) 2026 The Inflect authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "v2_model.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "errors.h"
#include "weights.h"

static void load_layer(weights *w, v2_layer *L, const v2_hparams *hp, int l)
{
    int h = hp->hidden, rel[3] = {1, 2 * V2_WINDOW + 1, hp->hidden / hp->heads};
    const char *a = "enc_p.encoder.attn_layers";
    weights_conv(w, &L->q, h, h, 1, "%s.%d.conv_q", a, l);
    weights_conv(w, &L->k, h, h, 1, "%s.%d.conv_k", a, l);
    weights_conv(w, &L->v, h, h, 1, "%s.%d.conv_v", a, l);
    weights_conv(w, &L->o, h, h, 1, "%s.%d.conv_o", a, l);
    L->rel_k = weights_tensor(w, 3, rel, "%s.%d.emb_rel_k", a, l);
    L->rel_v = weights_tensor(w, 3, rel, "%s.%d.emb_rel_v", a, l);
    L->norm1_gamma = weights_tensor(w, 1, &h, "enc_p.encoder.norm_layers_1.%d.gamma", l);
    L->norm1_beta = weights_tensor(w, 1, &h, "enc_p.encoder.norm_layers_1.%d.beta", l);
    L->norm2_gamma = weights_tensor(w, 1, &h, "enc_p.encoder.norm_layers_2.%d.gamma", l);
    L->norm2_beta = weights_tensor(w, 1, &h, "enc_p.encoder.norm_layers_2.%d.beta", l);
    weights_conv(w, &L->ff1, hp->filter, h, hp->kernel, "enc_p.encoder.ffn_layers.%d.conv_1", l);
    weights_conv(w, &L->ff2, h, hp->filter, hp->kernel, "enc_p.encoder.ffn_layers.%d.conv_2", l);
}

static void load_coupling(weights *w, v2_coupling *cp, const v2_hparams *hp, int index)
{
    int h = hp->hidden, half = hp->inter / 2;
    weights_conv(w, &cp->pre, h, half, 1, "flow.flows.%d.pre", index);
    for (int j = 0; j < V2_WN_LAYERS; j++) {
        weights_conv(w, &cp->in[j], 2 * h, h, V2_FLOW_KERNEL, "flow.flows.%d.enc.in_layers.%d", index, j);
        int out = j < V2_WN_LAYERS - 1 ? 2 * h : h;
        weights_conv(w, &cp->res_skip[j], out, h, 1, "flow.flows.%d.enc.res_skip_layers.%d", index, j);
    }
    weights_conv(w, &cp->post, half, h, 1, "flow.flows.%d.post", index);
}

inflect_status v2_load(v2_model *m, const gguf_file *f, arena *mem, bool low_memory, char *err, size_t err_size)
{
    const v2_hparams *hp = &m->hp;
    /* The converter drops leading unit axes outside its canonical F32
     * profile (docs/v2.md, "Profiles and tensor types"); its flattened
     * convolution rows are [c_in][k]. */
    weights w = {.file = f, .mem = mem, .prefix = "", .status = INFLECT_OK, .err = err, .err_size = err_size,
                 .low_memory = low_memory, .unit_axes_dropped = true};
    int h = hp->hidden, d = hp->dp, one = 1, emb[2] = {V2_SYMBOLS, h}, stats = 2 * hp->inter;
    m->emb = weights_tensor(&w, 2, emb, "enc_p.emb.weight");
    m->layers = arena_alloc(mem, sizeof *m->layers * (size_t)hp->layers);
    if (!m->layers)
        return fail(err, err_size, INFLECT_ERR_NO_MEMORY, "out of memory loading the v2 text encoder");
    for (int l = 0; l < hp->layers; l++)
        load_layer(&w, &m->layers[l], hp, l);
    weights_conv(&w, &m->proj, stats, h, 1, "enc_p.proj");
    weights_conv(&w, &m->dp_conv1, d, h, V2_DP_KERNEL, "dp.conv_1");
    m->dp_norm1_gamma = weights_tensor(&w, 1, &d, "dp.norm_1.gamma");
    m->dp_norm1_beta = weights_tensor(&w, 1, &d, "dp.norm_1.beta");
    weights_conv(&w, &m->dp_conv2, d, d, V2_DP_KERNEL, "dp.conv_2");
    m->dp_norm2_gamma = weights_tensor(&w, 1, &d, "dp.norm_2.gamma");
    m->dp_norm2_beta = weights_tensor(&w, 1, &d, "dp.norm_2.beta");
    weights_conv(&w, &m->dp_proj, one, d, 1, "dp.proj");
    for (int k = 0; k < V2_COUPLINGS; k++)
        load_coupling(&w, &m->flow[k], hp, 2 * k);
    m->workspace = weights_workspace(&w);
    return w.status;
}

void v2_noise(uint64_t seed, int frames, int channels, float *out)
{
    uint64_t state = seed;
    const float two_pi = (float)(2.0 * 3.14159265358979);
    for (int f = 0; f < frames; f++)
        for (int c = 0; c < channels; c++) {
            float u[2];
            for (int i = 0; i < 2; i++) {
                state ^= state >> 12;
                state ^= state << 25;
                state ^= state >> 27;
                u[i] = (float)((state * 0x2545F4914F6CDD1Dull) >> 40) * (1.0f / 16777216.0f);
            }
            float u1 = u[0] > 1e-7f ? u[0] : 1e-7f;
            out[(size_t)c * frames + f] = sqrtf(-2.0f * logf(u1)) * cosf(two_pi * u[1]);
        }
}

/* Frames of each token, from the log-durations and the controls. */
static inflect_status durations_of(const v2_input *in, const float *logw, int32_t *durations, int64_t *total,
                                   char *err, size_t err_size)
{
    *total = 0;
    for (int t = 0; t < in->n; t++) {
        acoustic_control c = in->control;
        inflect_status st = in->control_cb ? in->control_cb(t, *total, &c, in->control_user, err, err_size)
                                           : INFLECT_OK;
        if (st != INFLECT_OK)
            return st;
        /* Upstream's float32 product, then the ceiling; no token can take
         * more than the latent's whole length (NaN: none). */
        float d = ceilf(expf(logw[t]) * c.length_scale);
        d = d >= 0.0f ? d : 0.0f;
        d = d <= (float)V2_MAX_FRAMES ? d : (float)V2_MAX_FRAMES;
        durations[t] = (int32_t)d;
        *total += durations[t];
    }
    return INFLECT_OK;
}

/* The prior sample over the first n_flow frames, into z [inter][stride]:
 * each token's mean and log-scale repeated by its durations (an utterance
 * of no frames has one, of mean 0 and log-scale 0), plus the noise. */
static inflect_status prior_sample(const v2_model *m, const v2_input *in, const float *stats, const int32_t *durations,
                                   int64_t total, float *z, ptrdiff_t stride, int n_flow, char *err, size_t err_size)
{
    int ci = m->hp.inter, n = in->n;
    float *noise = NULL;
    if (in->variation != 0.0f) {
        noise = malloc(sizeof(float) * (size_t)ci * (size_t)n_flow);
        if (!noise)
            return fail(err, err_size, INFLECT_ERR_NO_MEMORY, "out of memory for %d latent frames", n_flow);
        /* Drawn frame by frame: the first n_flow frames' noise is the same
         * whatever the utterance's full length. */
        v2_noise(in->seed, n_flow, ci, noise);
    }
    int t = 0;
    int32_t left = total > 0 ? durations[0] : 0;
    for (int f = 0; f < n_flow; f++) {
        while (total > 0 && left == 0 && t + 1 < n)
            left = durations[++t];
        left--;
        for (int c = 0; c < ci; c++) {
            float mean = total > 0 ? stats[(size_t)c * n + t] : 0.0f;
            float logs = total > 0 ? stats[(size_t)(ci + c) * n + t] : 0.0f;
            float v = mean;
            if (noise)
                v = mean + noise[(size_t)c * n_flow + f] * expf(logs) * in->variation;
            z[(size_t)c * stride + f] = v;
        }
    }
    free(noise);
    return INFLECT_OK;
}

inflect_status v2_sample_prior(const v2_model *m, const v2_input *in, int32_t *durations, v2_prior *prior,
                               int *n_frames, char *err, size_t err_size)
{
    const v2_hparams *hp = &m->hp;
    if (prior)
        *prior = (v2_prior){0};
    *n_frames = 0;
    if (in->n < 1)
        return fail(err, err_size, INFLECT_ERR_INVALID_ARGUMENT, "no ids to speak");
    for (int t = 0; t < in->n; t++)
        if (in->ids[t] < 0 || in->ids[t] >= V2_SYMBOLS)
            return fail(err, err_size, INFLECT_ERR_INVALID_ARGUMENT, "id %d at %d is outside 0..%d", (int)in->ids[t],
                        t, V2_SYMBOLS - 1);
    if (!(in->variation >= 0.0f && in->variation <= 1.0f))
        return fail(err, err_size, INFLECT_ERR_INVALID_ARGUMENT, "variation %g outside 0..1", (double)in->variation);
    int n = in->n, ci = hp->inter;
    float *stats = malloc(sizeof(float) * (size_t)(2 * ci + 1) * (size_t)n);
    if (!stats)
        return fail(err, err_size, INFLECT_ERR_NO_MEMORY, "out of memory for %d tokens", n);
    float *logw = stats + (size_t)2 * ci * n;
    inflect_status st = v2_encode(m, in->ids, n, stats, logw, in->pool, in->cancel, err, err_size);
    int64_t total = 0;
    if (st == INFLECT_OK)
        st = durations_of(in, logw, durations, &total, err, err_size);
    if (st != INFLECT_OK || !prior) {
        if (st == INFLECT_OK)
            *n_frames = total == 0 ? 1 : total < V2_MAX_FRAMES ? (int)total : V2_MAX_FRAMES;
        free(stats);
        return st;
    }
    int frames = total == 0 ? 1 : total < V2_MAX_FRAMES ? (int)total : V2_MAX_FRAMES;
    /* The flow reaches V2_FLOW_REACH frames each way: past the cut, that
     * much more of the utterance keeps the kept frames exact. */
    int n_prior = total == 0 ? 1 : total < V2_MAX_FRAMES + V2_FLOW_REACH ? (int)total : V2_MAX_FRAMES + V2_FLOW_REACH;
    float *z = malloc(sizeof(float) * (size_t)ci * (size_t)n_prior);
    if (!z)
        st = fail(err, err_size, INFLECT_ERR_NO_MEMORY, "out of memory for %d latent frames", n_prior);
    if (st == INFLECT_OK)
        st = prior_sample(m, in, stats, durations, total, z, n_prior, n_prior, err, err_size);
    free(stats);
    if (st != INFLECT_OK) {
        free(z);
        return st;
    }
    *prior = (v2_prior){z, n_prior, frames};
    *n_frames = frames;
    return INFLECT_OK;
}

void v2_prior_free(v2_prior *p)
{
    free(p->z);
    *p = (v2_prior){0};
}

inflect_status v2_latent_span(const v2_model *m, const v2_prior *p, int a, int b, float *latent, pool *threads,
                              const atomic_int *cancel, char *err, size_t err_size)
{
    int ci = m->hp.inter;
    if (a < 0 || b > p->n_frames || a >= b)
        return INFLECT_OK;
    int lo = a - V2_FLOW_REACH > 0 ? a - V2_FLOW_REACH : 0;
    int hi = b + V2_FLOW_REACH < p->n_prior ? b + V2_FLOW_REACH : p->n_prior;
    int n = hi - lo;
    ptrdiff_t stride = n + 2 * V2_PAD;
    float *z = calloc((size_t)ci * (size_t)stride, sizeof(float));
    if (!z)
        return fail(err, err_size, INFLECT_ERR_NO_MEMORY, "out of memory for %d latent frames", n);
    for (int c = 0; c < ci; c++)
        memcpy(z + V2_PAD + (size_t)c * stride, p->z + (size_t)c * p->n_prior + lo, sizeof(float) * (size_t)n);
    inflect_status st = v2_flow_reverse(m, z + V2_PAD, stride, n, threads, cancel, err, err_size);
    if (st == INFLECT_OK)
        for (int c = 0; c < ci; c++)
            memcpy(latent + (size_t)c * p->n_frames + a, z + V2_PAD + (size_t)c * stride + (a - lo),
                   sizeof(float) * (size_t)(b - a));
    free(z);
    return st;
}

inflect_status v2_run(const v2_model *m, const v2_input *in, int32_t *durations, float **latent, int *n_frames,
                      char *err, size_t err_size)
{
    if (latent)
        *latent = NULL;
    v2_prior p;
    inflect_status st = v2_sample_prior(m, in, durations, latent ? &p : NULL, n_frames, err, err_size);
    if (st != INFLECT_OK || !latent)
        return st;
    float *out = malloc(sizeof(float) * (size_t)m->hp.inter * (size_t)p.n_frames);
    st = out ? v2_latent_span(m, &p, 0, p.n_frames, out, in->pool, in->cancel, err, err_size)
             : fail(err, err_size, INFLECT_ERR_NO_MEMORY, "out of memory for %d latent frames", p.n_frames);
    v2_prior_free(&p);
    if (st != INFLECT_OK) {
        free(out);
        return st;
    }
    *latent = out;
    return INFLECT_OK;
}
