/* Streaming 16-bit PCM WAV writer for inflect-say.
 *
 * Copyright (C) 2026 The Inflect authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef INFLECT_WAV_WRITER_H
#define INFLECT_WAV_WRITER_H

#include <stddef.h>
#include <stdint.h>

typedef struct {
    int fd;
    int sample_rate;
    uint32_t data_bytes; /* bytes of samples the file is known to hold */
    long long header_at; /* offset of the header, -1: not to be patched (pipe, O_APPEND) */
} wav_writer;

/* Float in -1..1 (clipped, NaN as 0) to signed 16-bit. */
void pcm_float_to_s16(const float *in, int16_t *out, size_t n);

/* Each returns 0, or -1 with errno set. Writes go straight to fd, unbuffered,
 * so data_bytes is always what the file holds. */
int wav_writer_open(wav_writer *w, int fd, int sample_rate);
int wav_writer_write(wav_writer *w, const float *samples, size_t n);
/* Writes the sizes into the header when fd can seek; on a pipe they stay
 * 0xFFFFFFFF, which readers of streamed WAV take as "to the end". Does not
 * close fd. */
int wav_writer_finish(wav_writer *w);

#endif
