/* Inflect v2's normalising flow, run backwards (docs/v2.md section 4),
 * following flow_reverse in training/v2_model.py.
 *
 * Copyright (C) 2026 The Inflect authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Each coupling's WaveNet keeps its hidden signal h and its skip sum in one
 * buffer, h's rows above skip's: a res_skip layer's 2H outputs are then
 * added to both at once by one kconv (KCONV_ADD), with no copies.
 *
 * With the synth's threads (kpar.h) the convolutions split by output rows
 * or columns and the gate by rows or columns, each value computed as one
 * thread computes it; the flips and the subtraction stay on the caller.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "errors.h"
#include "kpar.h"
#include "v2_model.h"

static bool cancelled(const atomic_int *cancel)
{
    return cancel && atomic_load_explicit(cancel, memory_order_relaxed);
}

/* Reverses the order of z's rows over its n columns. */
static void flip_rows(float *z, ptrdiff_t stride, int rows, int n)
{
    for (int a = 0, b = rows - 1; a < b; a++, b--) {
        float *ra = z + a * stride, *rb = z + b * stride;
        for (int t = 0; t < n; t++) {
            float x = ra[t];
            ra[t] = rb[t];
            rb[t] = x;
        }
    }
}

typedef struct {
    const float *g;
    float *a;
    size_t plane;
    int h;
} gate_job;

/* a = tanh(g[:H]) * sigmoid(g[H:]) over rows [r0, r1) and columns [t0, t1). */
static void gate_cells(void *ctx, int r0, int r1, int t0, int t1)
{
    const gate_job *j = ctx;
    for (int c = r0; c < r1; c++) {
        const float *gt = j->g + (size_t)c * j->plane, *gs = j->g + (size_t)(j->h + c) * j->plane;
        float *ac = j->a + (size_t)c * j->plane;
        for (int t = t0; t < t1; t++)
            ac[t] = tanhf(gt[t]) * ksigmoid(gs[t]);
    }
}

/* About what one gate value costs in multiply-adds (two libm calls), for
 * the split decision. */
enum { GATE_COST = 32 };

inflect_status v2_flow_reverse(const v2_model *m, float *z, ptrdiff_t stride, int n, pool *threads,
                               const atomic_int *cancel, char *err, size_t err_size)
{
    const v2_hparams *hp = &m->hp;
    int h = hp->hidden, half = hp->inter / 2;
    /* hs: h (rows 0..H-1) then skip (H..2H-1); g: the gated layer's input;
     * a: its output; shift: post's. Same stride and padding as z. */
    size_t plane = (size_t)stride;
    float *base = calloc((size_t)(2 * h + 2 * h + h + half) * plane, sizeof(float));
    float *ws = malloc((m->workspace ? m->workspace : 1) * sizeof(float));
    if (!base || !ws) {
        free(base);
        free(ws);
        return fail(err, err_size, INFLECT_ERR_NO_MEMORY, "out of memory for %d latent frames", n);
    }
    float *hs = base + V2_PAD, *skip = hs + (size_t)h * plane, *g = hs + 2 * (size_t)h * plane;
    float *a = g + 2 * (size_t)h * plane, *shift = a + (size_t)h * plane;
    inflect_status status = INFLECT_OK;
    for (int k = V2_COUPLINGS - 1; k >= 0; k--) {
        if (cancelled(cancel)) {
            status = fail(err, err_size, INFLECT_ERR_CANCELLED, "cancelled");
            break;
        }
        const v2_coupling *cp = &m->flow[k];
        flip_rows(z, stride, hp->inter, n);
        float *x0 = z, *x1 = z + (size_t)half * plane;
        kpar_conv(threads, &cp->pre, ws, m->workspace, x0, stride, 1, hs, stride, n, KCONV_SET);
        for (int c = 0; c < h; c++)
            memset(skip + (size_t)c * plane, 0, sizeof(float) * (size_t)n);
        for (int j = 0; j < V2_WN_LAYERS; j++) {
            kpar_conv(threads, &cp->in[j], ws, m->workspace, hs - (V2_FLOW_KERNEL - 1) / 2, stride, 1, g, stride, n,
                      KCONV_SET);
            gate_job gj = {g, a, plane, h};
            kpar_cells(threads, h, n, GATE_COST, gate_cells, &gj);
            /* The last layer gives only the skip's H channels. */
            float *into = j < V2_WN_LAYERS - 1 ? hs : skip;
            kpar_conv(threads, &cp->res_skip[j], ws, m->workspace, a, stride, 1, into, stride, n, KCONV_ADD);
        }
        kpar_conv(threads, &cp->post, ws, m->workspace, skip, stride, 1, shift, stride, n, KCONV_SET);
        for (int c = 0; c < half; c++) {
            float *row = x1 + (size_t)c * plane;
            const float *s = shift + (size_t)c * plane;
            for (int t = 0; t < n; t++)
                row[t] -= s[t];
        }
    }
    free(base);
    free(ws);
    return status;
}
