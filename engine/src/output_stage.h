/* The last step before samples reach the caller: level, DC and peaks.
 *
 * Copyright (C) 2026 The Inflect authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * - A one-pole DC-blocking high-pass at 20 Hz, first, on the vocoder's
 *   samples: a vocoder's output can carry a small constant offset, which
 *   wastes headroom, clicks at starts and stops and would be taken for
 *   sound by the pitch stage, which comes next, then the band extension
 *   (synth.c). It starts each utterance settled on the utterance's first
 *   sample, so no step enters and an utterance sounds the same whatever
 *   came before it.
 * - Gain, after them, so the caller's volume changes nothing the pitch
 *   stage decides: the voice's output gain (its calibrated loudness) times
 *   each token's energy scale, so energy_scale 2 is +6 dB exactly. The
 *   network's own energy feature is left alone: scaling it (upstream's
 *   meaning) moves a mean log-mel of about -6 toward silence and garbles
 *   the speech. The gain follows a step between tokens over about 5 ms, so
 *   a curve is heard without clicks.
 * - A soft limiter, last: unchanged up to 0.8 of full scale, then bent
 *   smoothly toward 1, so a loud setting rounds its peaks instead of
 *   clipping them.
 */
#ifndef INFLECT_OUTPUT_STAGE_H
#define INFLECT_OUTPUT_STAGE_H

#include <stddef.h>

typedef struct {
    float smooth;    /* per-sample step of the gain toward its target */
    float dc_pole;   /* the high-pass's pole */
    float gain;      /* current gain; < 0 before the call's first sample */
    float last_in, last_out;
    int settled;     /* the high-pass has seen this utterance's first sample */
} output_stage;

void output_stage_init(output_stage *o, int sample_rate);
/* Before a new call's first sample: no state carries over. */
void output_stage_reset(output_stage *o);
/* Before an utterance's first sample: the gain keeps following its curve,
 * the high-pass starts afresh. */
void output_stage_next_utterance(output_stage *o);
/* The high-pass, in place, on the utterance's next n samples. */
void output_stage_remove_dc(output_stage *o, float *pcm, size_t n);
/* out[i] = in[i] at the gain, limited, in[i] being the utterance's sample
 * first + i, whose target gain is gains[(first + i) / hop]. */
void output_stage_level(output_stage *o, const float *in, float *out, size_t n, const float *gains, size_t first,
                        int hop);
/* Moves the gain as output_stage_run would over an utterance of n samples
 * that is not made (inflect_synth_speak_from), so the next one starts from
 * the same gain, to the bit. */
void output_stage_skip(output_stage *o, size_t n, const float *gains, int hop);

#endif
