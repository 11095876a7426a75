/* Filling the top band of a voice trained on band-limited speech.
 *
 * Copyright (C) 2026 The Inflect authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * A voice whose teacher spoke at 16 kHz (rms: flite) has nothing above
 * about 7.4 kHz and sounds muffled. Its file may name where its band ends
 * (inflect.band_extension.edge_hz) and a gain (inflect.band_extension.gain);
 * the engine then adds, above the edge, the band just below it moved up:
 * each utterance's audio above edge - shift (shift = 4 kHz, less where the
 * Nyquist frequency is nearer; for a voice whose speech stops at the edge,
 * that is the band just under it), shifted up by multiplying with
 * 2 cos(2 pi shift t), high-passed at the edge, times the gain. It is the spectral band replication of wideband codecs:
 * speech above 8 kHz is mostly fricative, burst and breath noise that
 * follows the band below it. Both high-passes are 8th-order Butterworth
 * (4 biquads), so the formants below the source band stay out of the copy.
 * Causal, no latency; training/band_extension.py holds the same arithmetic
 * in float64 and chooses the two keys.
 */
#ifndef INFLECT_BAND_EXTENSION_H
#define INFLECT_BAND_EXTENSION_H

#include <stddef.h>

#define BAND_EXTENSION_SECTIONS 4

typedef struct {
    float b0, b1, b2, a1, a2;
} band_biquad;

typedef struct {
    float gain; /* 0: the voice has no extension and samples pass untouched */
    band_biquad source[BAND_EXTENSION_SECTIONS], copy[BAND_EXTENSION_SECTIONS];
    float source_z[BAND_EXTENSION_SECTIONS][2], copy_z[BAND_EXTENSION_SECTIONS][2];
    double step;  /* the shift in cycles per sample */
    double phase; /* of the shifting cosine, in cycles */
} band_extension;

/* gain 0 turns it off. */
void band_extension_init(band_extension *b, float edge_hz, float gain, int sample_rate);
/* Before an utterance's first sample: nothing carries over, so an utterance
 * sounds the same whatever came before it. */
void band_extension_next_utterance(band_extension *b);
/* In place: pcm[i] += gain x the copied band. */
void band_extension_run(band_extension *b, float *pcm, size_t n);

#endif
