/* Streaming 16-bit PCM WAV writer for inflect-say.
 *
 * Copyright (C) 2026 The Inflect authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The data size is unknown until synthesis ends, so the header is written
 * first with the sizes streamed WAV uses for "to the end of the file"
 * (0xFFFFFFFF: Python's wave, libsndfile and GStreamer's wavparse read on to
 * the end; zero sizes, written here until 2026-12-05, read as an empty file
 * to Python) and patched at the end when the file is seekable, at the
 * offset it was written to (standard output may already hold other bytes)
 * and never in a file opened for appending, whose other bytes must stay.
 * Samples go straight to the descriptor with write(): a short write (a full
 * disk) is counted to the byte, so the sizes patched in are the truth, and
 * the file never claims more data than it holds.
 */
#include "wav_writer.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

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

#define SIZE_TO_THE_END UINT32_MAX

/* data_bytes SIZE_TO_THE_END: unknown, every byte that follows. */
static void fill_header(unsigned char h[44], int sample_rate, uint32_t data_bytes)
{
    memcpy(h, "RIFF", 4);
    put_u32(h + 4, data_bytes == SIZE_TO_THE_END ? SIZE_TO_THE_END : 36 + data_bytes);
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

/* Writes all n bytes unless an error stops it; *done says how many went. */
static int write_all(int fd, const void *buf, size_t n, size_t *done)
{
    const char *p = buf;
    *done = 0;
    while (*done < n) {
        ssize_t k = write(fd, p + *done, n - *done);
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0) {
            if (k == 0)
                errno = ENOSPC; /* write() made no progress without saying why */
            return -1;
        }
        *done += (size_t)k;
    }
    return 0;
}

int wav_writer_open(wav_writer *w, int fd, int sample_rate)
{
    unsigned char h[44];
    size_t done;
    w->fd = fd;
    w->sample_rate = sample_rate;
    w->data_bytes = 0;
    /* Standard output may be a file opened for appending (">>"), where
     * pwrite() ignores its offset, or one already written to before this
     * header ("{ echo x; inflect-say -o -; } > f"): patch the header where
     * it was written, and never in an appended file. */
    int fl = fcntl(fd, F_GETFL);
    off_t at = lseek(fd, 0, SEEK_CUR);
    w->header_at = fl >= 0 && !(fl & O_APPEND) && at >= 0 ? (long long)at : -1;
    fill_header(h, sample_rate, SIZE_TO_THE_END);
    return write_all(fd, h, sizeof h, &done);
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
        size_t k = n < 1024 ? n : 1024, done;
        if (w->data_bytes > UINT32_MAX - 2 * k - 36) {
            errno = EFBIG; /* a RIFF file cannot describe more; the caller reports errno */
            return -1;
        }
        pcm_float_to_s16(samples, buf, k);
        /* Little-endian hosts write the buffer as is; WAV is little-endian. */
        int rc = write_all(w->fd, buf, sizeof buf[0] * k, &done);
        w->data_bytes += (uint32_t)(done & ~(size_t)1); /* whole samples only */
        if (rc != 0)
            return -1;
        samples += k;
        n -= k;
    }
    return 0;
}

int wav_writer_finish(wav_writer *w)
{
    struct stat st;
    unsigned char h[44];
    if (fstat(w->fd, &st) != 0)
        return -1;
    if (!S_ISREG(st.st_mode) || w->header_at < 0)
        return 0;
    fill_header(h, w->sample_rate, w->data_bytes);
    /* The header's bytes already exist, so rewriting them takes no space
     * even on a full disk; half a sample left by a short write is cut off. */
    ssize_t k = pwrite(w->fd, h, sizeof h, (off_t)w->header_at);
    if (k != (ssize_t)sizeof h) {
        if (k >= 0)
            errno = EIO;
        return -1;
    }
    off_t end = (off_t)w->header_at + (off_t)sizeof h + (off_t)w->data_bytes;
    if (st.st_size > end && ftruncate(w->fd, end) != 0)
        return -1;
    return 0;
}
