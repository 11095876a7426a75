/* The golden cases that tests/make_parity.py and tests/make_v2_parity.py
 * write beside their manifest: the manifest's lines, the binary arrays and
 * voices they name, and the engine's streamed audio to hold against them.
 *
 * Copyright (C) 2026 The Inflect authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef INFLECT_TEST_GOLDEN_H
#define INFLECT_TEST_GOLDEN_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "vocoder.h"
#include "voice.h"

/* The manifest's folder, where every file it names lies. */
static char golden_dir[1024];

/* Opens MANIFEST and takes its folder as the golden folder; exits if it
 * cannot be read. */
static inline FILE *golden_open(const char *manifest)
{
    snprintf(golden_dir, sizeof golden_dir, "%s", manifest);
    char *slash = strrchr(golden_dir, '/');
    if (slash)
        *slash = '\0';
    else
        strcpy(golden_dir, ".");
    FILE *f = fopen(manifest, "r");
    if (!f) {
        perror(manifest);
        exit(1);
    }
    return f;
}

/* The manifest's next line into LINE; 0 at its end. A manifest written
 * without PyTorch holds one line "skip REASON": the test exits 77 (SKIP)
 * with the reason. */
static inline int golden_line(FILE *f, char *line, int size)
{
    if (!fgets(line, size, f))
        return 0;
    if (strncmp(line, "skip ", 5) == 0) {
        printf("no golden data: %s", line + 5);
        fclose(f);
        exit(77);
    }
    return 1;
}

/* Reads golden_dir/name + ext, which must hold exactly `count` items of
 * `size` bytes. */
static inline void *golden_load(const char *name, const char *ext, size_t size, size_t count)
{
    char path[1400];
    snprintf(path, sizeof path, "%s/%s%s", golden_dir, name, ext);
    FILE *f = fopen(path, "rb");
    if (!f) {
        perror(path);
        exit(1);
    }
    void *p = malloc(size * count + 1);
    size_t got = fread(p, size, count + 1, f);
    fclose(f);
    if (got != count) {
        fprintf(stderr, "%s: %zu items, expected %zu\n", path, got, count);
        exit(1);
    }
    return p;
}

static inline inflect_voice *golden_voice(const char *file)
{
    char path[1400], err[512];
    snprintf(path, sizeof path, "%s/%s", golden_dir, file);
    inflect_voice *v;
    if (inflect_voice_open(path, &v, err, sizeof err) != INFLECT_OK) {
        fprintf(stderr, "%s\n", err);
        exit(1);
    }
    return v;
}

/* All the audio the vocoder (v2: the decoder) makes of FRAMES frames of
 * FEATURES (mel or latent), streamed in chunks of FIRST then up to CHUNK
 * frames, the stages after the first in pieces of PIECE frames (vocoder.h;
 * as long as the chunks: every stage over the whole chunk). */
static inline float *golden_vocode(const inflect_voice *v, const float *features, int frames, int first, int chunk,
                                   int piece)
{
    vocoder_stream *s;
    char err[256];
    if (vocoder_stream_new_pieces(&v->vocoder, first, chunk, piece, &s, err, sizeof err) != INFLECT_OK) {
        fprintf(stderr, "%s\n", err);
        exit(1);
    }
    size_t want = (size_t)frames * v->vocoder.hop;
    float *audio = malloc(sizeof(float) * want);
    size_t at = 0, n;
    float *pcm;
    vocoder_stream_start(s, features, frames);
    for (;;) {
        vocoder_stream_next(s, &pcm, &n);
        if (n == 0)
            break;
        CHECK(at + n <= want, "vocoder produced too much audio");
        if (at + n > want)
            exit(1);
        memcpy(audio + at, pcm, n * sizeof *pcm);
        at += n;
    }
    CHECK(at == want, "vocoder produced %zu samples, expected %zu", at, want);
    vocoder_stream_free(s);
    return audio;
}

#endif
