/* Pitch changes on the output audio: pitch-synchronous overlap-add.
 *
 * Copyright (C) 2026 The Inflect authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The acoustic model's pitch feature moves F0 only as far as a voice was
 * trained to go, and a vocoder trained on one speaker puts out the F0 it
 * knows (docs/controls.md: the rms voice reaches x0.98 to x1.15). So
 * pitch_scale and pitch_range act on the vocoder's output instead, by
 * TD-PSOLA, which moves F0 by any factor a listener asks for, keeps the
 * formants (each period keeps its shape, only the spacing changes) and
 * keeps time exactly:
 *
 * - Analysis: pitch marks one period apart through voiced speech. A voiced
 *   run starts at a pulse (the largest sample of its first period); each
 *   next mark is about one period on, at the lag where the period-long
 *   stretch around it best matches the one around the mark before
 *   (normalised cross-correlation), so the marks stay on the same point of
 *   every cycle. Where no lag matches well (unvoiced sounds, silence) the
 *   marks are 5 ms apart.
 * - Synthesis: output marks are laid 1 / ratio analysis periods apart,
 *   counted along a grid of the analysis marks' places, so the output keeps
 *   the input's time and at ratio 1 hands each cycle back where it was. A
 *   voiced mark's place is moved toward the mean position of it and up to
 *   four voiced marks each side (as many each side, so a run's ends stay
 *   put), the further the more its controls move the pitch: all of the way
 *   from a ratio of x1.25 (or /1.25), where a rough voice's jitter, scaled
 *   with the shift, would be heard, and at range 0 (jitter is an excursion
 *   too, and monotone keeps none) or 2; not at all at x1 and range 1,
 *   where the input comes back as it went in. Evening the jitter where the
 *   pitch hardly moves reads cleaner but is understood less: on the 32
 *   held-out prompts of rms at ratio 1 (2026-12-05), laid at the mean period
 *   alone, periodicity 0.085 -> 0.059 but 1.7 points more WER, the marks
 *   drifting from the input by up to 4 ms; on the grid, evened all the way,
 *   still 1.5 points; as now, 13.7% against 14.1% without the stage, within
 *   the measure's scatter. Each output mark takes the analysis mark whose
 *   place is nearest, cuts the input around that mark with a Hann window
 *   reaching to the neighbouring analysis mark on each side (no further
 *   than the output mark on that side) and adds it at the output mark,
 *   scaled so the level does not move with the spacing: at ratio 1 the
 *   windows sum to one. Unvoiced stretches are copied: their windows are
 *   complementary and sum to one.
 * - The ratio at an output mark is pitch_scale x (f0 / centre)^(pitch_range
 *   - 1), with the scales of the frame the mark falls in, f0 the analysis
 *   mark's (its period and its neighbours') and centre the speaker's mean
 *   F0: range 0 puts every period at the centre, 2 doubles each excursion
 *   in semitones (a fall no lower than 60 Hz, where a voice creaks:
 *   pitch_shift.c, RANGE_FLOOR_HZ).
 * - Before the controls, a frame may carry a low F0 the acoustic model
 *   asked for that the vocoder cannot put out (synth.c, LOW_F0_HZ: an 80-bin
 *   mel does not resolve the harmonics of so low a voice, so a male voice's
 *   falls at the ends of sentences came out up to 3 semitones short). Where
 *   the analysed F0 is a little above that target, the period is brought
 *   down to it, where it is further above, less of the way, and not at all
 *   from 5 semitones (pitch_shift.c, lowering); the controls act on the F0
 *   that gives.
 *
 * An utterance goes through the stage only when one of its tokens asks for
 * a pitch change or has such a low target; otherwise its samples are
 * untouched. Through the stage the output trails the input by about 120 ms
 * (the analysis looks two of the longest periods ahead, and the grid six
 * marks further). Not thread-safe: one per synthesizer.
 */
#ifndef INFLECT_PITCH_SHIFT_H
#define INFLECT_PITCH_SHIFT_H

#include <stddef.h>
#include <stdint.h>

typedef struct {
    int64_t pos; /* input sample */
    int period;  /* samples to the next mark in a voiced run; 0 unvoiced */
} pitch_mark;

typedef struct {
    int rate, hop;
    int min_lag, max_lag, unvoiced_step, window; /* samples: 500 Hz, 55 Hz, 5 ms, 20 ms */
    /* The longest period a voiced run's marks may follow (samples, about
     * 44 Hz): YIN sees periods up to max_lag, and the alignment may place a
     * mark up to DRIFT further (pitch_shift.c). Every window reaches at most
     * this far each side of its mark, so output is held back and input kept
     * by this much. */
    int max_period;
    /* the utterance */
    float centre;              /* Hz */
    const float *scale, *range; /* per frame of hop samples, n_frames of them */
    const float *low_f0;        /* per frame: the F0 (Hz) to bring a higher one down to, 0 for none */
    float level;                /* the input's gain over the voice as released */
    size_t n_frames;
    int64_t total;              /* its length in samples */
    /* input: x[i] is sample x0 + i; x0 + nx samples have been pushed */
    float *x;
    size_t x_cap, nx;
    int64_t x0;
    /* analysis marks, oldest first */
    pitch_mark *marks;
    size_t n_marks, marks_cap;
    int64_t next_pos; /* where the next analysis mark goes */
    int hint;         /* the last voiced period, 0 after an unvoiced mark */
    int analysed;     /* the last mark is past the end */
    /* synthesis: the next output mark, the analysis mark nearest the last */
    double ts, last_ts; /* and the one before */
    size_t k;
    /* output: acc[i] is sample a0 + i, a0 the first not yet handed out */
    float *acc;
    size_t acc_cap;
    int64_t a0;
    float *cmnd; /* YIN's working row, max_lag + 1 values */
} pitch_shift;

/* 0, or -1 when out of memory. */
int pitch_shift_init(pitch_shift *ps, int rate, int hop);
void pitch_shift_free(pitch_shift *ps);
/* Starts an utterance of `total` samples whose frames ask for scale[f] and
 * range[f] around centre_hz and a higher F0 brought down to low_f0[f] where
 * that is not 0 (all three kept by pointer until the utterance ends), its
 * input `level` times the voice as released (what is silence scales with
 * it). */
void pitch_shift_start(pitch_shift *ps, float centre_hz, const float *scale, const float *range, float level,
                       const float *low_f0, size_t n_frames, int64_t total);
/* Pushes n input samples (none: only drains) and writes up to `room` output
 * samples that are final to out; returns their count, 0 or more. Once all
 * `total` samples are in, calls with no input drain the rest until one
 * returns 0, so an utterance's output is exactly as long as its input.
 * -1: out of memory. */
long pitch_shift_run(pitch_shift *ps, const float *in, size_t n, float *out, size_t room);

#endif
