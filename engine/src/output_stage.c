/* Level, DC and peaks of the output (output_stage.h).
 *
 * Copyright (C) 2026 The Inflect authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "output_stage.h"

#include <math.h>

#define GAIN_TIME_S 0.005
#define DC_CUTOFF_HZ 20.0
#define LIMIT_KNEE 0.8f

void output_stage_init(output_stage *o, int sample_rate)
{
    o->smooth = (float)(1.0 - exp(-1.0 / (GAIN_TIME_S * sample_rate)));
    o->dc_pole = (float)exp(-2.0 * 3.14159265358979 * DC_CUTOFF_HZ / sample_rate);
    output_stage_reset(o);
}

void output_stage_reset(output_stage *o)
{
    o->gain = -1.0f;
    output_stage_next_utterance(o);
}

void output_stage_next_utterance(output_stage *o)
{
    o->settled = 0;
}

/* Identity below the knee; above it tanh takes the rest of the way to 1,
 * with the same slope at the knee, so the bend cannot be heard as a corner. */
static float soft_limit(float x)
{
    float a = fabsf(x);
    if (a <= LIMIT_KNEE)
        return x;
    float room = 1.0f - LIMIT_KNEE;
    float y = LIMIT_KNEE + room * tanhf((a - LIMIT_KNEE) / room);
    return x < 0.0f ? -y : y;
}

/* One sample's step of the gain toward its target; output_stage_level and
 * output_stage_skip share it, so they agree to the bit. */
static float gain_step(const output_stage *o, float g, float target)
{
    return g + o->smooth * (target - g);
}

void output_stage_remove_dc(output_stage *o, float *pcm, size_t n)
{
    if (n == 0)
        return;
    float x1 = o->last_in, y1 = o->last_out;
    if (!o->settled) {
        x1 = pcm[0]; /* as if the first sample had always been there */
        y1 = 0.0f;
        o->settled = 1;
    }
    for (size_t i = 0; i < n; i++) {
        float x = pcm[i];
        float y = x - x1 + o->dc_pole * y1;
        x1 = x;
        y1 = y;
        pcm[i] = y;
    }
    o->last_in = x1;
    o->last_out = y1;
}

void output_stage_level(output_stage *o, const float *in, float *out, size_t n, const float *gains, size_t first,
                        int hop)
{
    if (n == 0)
        return;
    float g = o->gain;
    if (g < 0.0f)
        g = gains[first / (size_t)hop];
    for (size_t i = 0; i < n; i++) {
        g = gain_step(o, g, gains[(first + i) / (size_t)hop]);
        out[i] = soft_limit(in[i] * g);
    }
    o->gain = g;
}

void output_stage_skip(output_stage *o, size_t n, const float *gains, int hop)
{
    if (n == 0)
        return;
    float g = o->gain < 0.0f ? gains[0] : o->gain;
    for (size_t i = 0; i < n; i++)
        g = gain_step(o, g, gains[i / (size_t)hop]);
    o->gain = g;
}
