/* The median F0 of a stretch of speech, as training/prosody.py's YIN
 * tracker hears it.
 *
 * Copyright (C) 2026 The Inflect authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * training/measure_prosody.py stores a voice's pitch-range centre
 * (inflect.prosody.f0_median) as the median of the voiced frames of that
 * tracker (tests/listen.py's f0_track) over the paragraph of
 * speaker_pitch.c. A voice file without the key gets the same number from
 * the engine (f0_centre.h), so the analysis is the tool's, step for step:
 * YIN's cumulative-mean-normalised difference over a 20 ms window, frames
 * 256 samples apart centred on i*256 with the ends reflected, lags of
 * 55..420 Hz, the first dip under 0.25 followed to its minimum and refined
 * by a parabola, frames more than 45 dB under the loudest one unvoiced, then
 * a 5-frame running median. The pitch stage's own period marks
 * (pitch_shift.h) were not used: they are tuned to stay on one point of
 * every cycle, not to agree with the tool, and a centre that differs from
 * the stored one would make the same control mean two things.
 */
#ifndef INFLECT_F0_MEDIAN_H
#define INFLECT_F0_MEDIAN_H

#include <stddef.h>

/* Median F0 in Hz of the voiced frames of x[0..n), 24 kHz samples in -1..1;
 * 0 when no frame is voiced, -1 when out of memory. */
double f0_median(const float *x, size_t n);

#endif
