/* Streaming 16-bit PCM WAV writer for inflect-say.
 *
 * Copyright (C) 2026 The Inflect authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef INFLECT_WAV_WRITER_H
#define INFLECT_WAV_WRITER_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

typedef struct {
    FILE *file;
    int sample_rate;
    uint32_t data_bytes;
} wav_writer;

/* Float in -1..1 (clipped, NaN as 0) to signed 16-bit. */
void pcm_float_to_s16(const float *in, int16_t *out, size_t n);

int wav_writer_open(wav_writer *w, FILE *f, int sample_rate);
int wav_writer_write(wav_writer *w, const float *samples, size_t n);
int wav_writer_close(wav_writer *w);

#endif
