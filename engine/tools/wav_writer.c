/* Streaming 16-bit PCM WAV writer for inflect-say.
 *
 * Copyright (C) 2026 The Inflect authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The data size is unknown until synthesis ends, so the header is written
 * with zero sizes first and patched on close when the file is seekable.
 */
#include "wav_writer.h"

#include <errno.h>
#include <math.h>
#include <string.h>

static void put_u32(unsigned char *p, uint32_t v)
{
    p[0] = (unsigned char)v;
    p[1] = (unsigned char)(v >> 8);
    p[2] = (unsigned char)(v >> 16);
    p[3] = (unsigned char)(v >> 24);
}

static void put_u16(unsigned char *p, uint16_t v)
{
    p[0] = (unsigned char)v;
    p[1] = (unsigned char)(v >> 8);
}

static void fill_header(unsigned char h[44], int sample_rate, uint32_t data_bytes)
{
    memcpy(h, "RIFF", 4);
    put_u32(h + 4, 36 + data_bytes);
    memcpy(h + 8, "WAVEfmt ", 8);
    put_u32(h + 16, 16);
    put_u16(h + 20, 1); /* PCM */
    put_u16(h + 22, 1); /* mono */
    put_u32(h + 24, (uint32_t)sample_rate);
    put_u32(h + 28, (uint32_t)sample_rate * 2);
    put_u16(h + 32, 2);
    put_u16(h + 34, 16);
    memcpy(h + 36, "data", 4);
    put_u32(h + 40, data_bytes);
}

int wav_writer_open(wav_writer *w, FILE *f, int sample_rate)
{
    unsigned char h[44];
    w->file = f;
    w->sample_rate = sample_rate;
    w->data_bytes = 0;
    fill_header(h, sample_rate, 0);
    return fwrite(h, 1, sizeof h, f) == sizeof h ? 0 : -1;
}

void pcm_float_to_s16(const float *in, int16_t *out, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        float v = in[i];
        if (!(v == v))
            v = 0.0f; /* NaN must not reach lrintf */
        v = v > 1.0f ? 1.0f : (v < -1.0f ? -1.0f : v);
        out[i] = (int16_t)lrintf(v * 32767.0f);
    }
}

int wav_writer_write(wav_writer *w, const float *samples, size_t n)
{
    int16_t buf[1024];
    while (n > 0) {
        size_t k = n < 1024 ? n : 1024;
        pcm_float_to_s16(samples, buf, k);
        /* Little-endian hosts write the buffer as is; WAV is little-endian. */
        if (fwrite(buf, sizeof buf[0], k, w->file) != k)
            return -1;
        if (w->data_bytes > UINT32_MAX - 2 * k - 36) {
            errno = EFBIG; /* a RIFF file cannot describe more; the caller reports errno */
            return -1;
        }
        w->data_bytes += (uint32_t)(2 * k);
        samples += k;
        n -= k;
    }
    return 0;
}

int wav_writer_close(wav_writer *w)
{
    unsigned char h[44];
    fill_header(h, w->sample_rate, w->data_bytes);
    if (fflush(w->file) != 0)
        return -1;
    /* A pipe cannot seek; readers of streamed WAV ignore the zero sizes. */
    if (fseek(w->file, 0, SEEK_SET) == 0) {
        if (fwrite(h, 1, sizeof h, w->file) != sizeof h)
            return -1;
    }
    return fflush(w->file) == 0 ? 0 : -1;
}
