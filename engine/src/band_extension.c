/* Filling the top band of a band-limited voice (band_extension.h).
 *
 * Copyright (C) 2026 The Inflect authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "band_extension.h"

#include <math.h>
#include <string.h>

#define PI 3.14159265358979323846
#define SHIFT_HZ 4000.0
#define ORDER (2 * BAND_EXTENSION_SECTIONS)

/* An ORDER-th-order Butterworth high-pass at cutoff as biquads: one per
 * pole pair, each with that pair's Q, by the bilinear transform pre-warped
 * at the cutoff (so the cutoff lands exactly where asked). */
static void butterworth_highpass(band_biquad *s, double cutoff, int sample_rate)
{
    const double w0 = 2.0 * PI * cutoff / sample_rate, c = cos(w0);
    for (int k = 1; k <= BAND_EXTENSION_SECTIONS; k++) {
        const double q = -1.0 / (2.0 * cos(PI * (2 * k + ORDER - 1) / (2.0 * ORDER)));
        const double alpha = sin(w0) / (2.0 * q), a0 = 1.0 + alpha;
        band_biquad *b = &s[k - 1];
        b->b0 = (float)((1.0 + c) / 2.0 / a0);
        b->b1 = (float)(-(1.0 + c) / a0);
        b->b2 = b->b0;
        b->a1 = (float)(-2.0 * c / a0);
        b->a2 = (float)((1.0 - alpha) / a0);
    }
}

void band_extension_init(band_extension *b, float edge_hz, float gain, int sample_rate)
{
    memset(b, 0, sizeof *b);
    b->gain = gain;
    if (gain == 0.0f)
        return;
    const double shift = fmin(SHIFT_HZ, sample_rate / 2.0 - edge_hz);
    butterworth_highpass(b->source, edge_hz - shift, sample_rate);
    butterworth_highpass(b->copy, edge_hz, sample_rate);
    b->step = shift / sample_rate;
}

void band_extension_next_utterance(band_extension *b)
{
    memset(b->source_z, 0, sizeof b->source_z);
    memset(b->copy_z, 0, sizeof b->copy_z);
    b->phase = 0.0;
}

/* Transposed direct form II through each section in turn. */
static float run_sections(const band_biquad *s, float (*z)[2], float x)
{
    for (int k = 0; k < BAND_EXTENSION_SECTIONS; k++) {
        const float y = s[k].b0 * x + z[k][0];
        z[k][0] = s[k].b1 * x - s[k].a1 * y + z[k][1];
        z[k][1] = s[k].b2 * x - s[k].a2 * y;
        x = y;
    }
    return x;
}

void band_extension_run(band_extension *b, float *pcm, size_t n)
{
    if (b->gain == 0.0f)
        return;
    for (size_t i = 0; i < n; i++) {
        const float source = run_sections(b->source, b->source_z, pcm[i]);
        const float moved = source * (float)(2.0 * cos(2.0 * PI * b->phase));
        b->phase += b->step;
        b->phase -= floor(b->phase); /* kept in [0, 1): cos stays precise however long the utterance */
        pcm[i] += b->gain * run_sections(b->copy, b->copy_z, moved);
    }
}
