/* A program linked with libinflect.a that has functions of its own under
 * names the library uses inside (as llama.cpp has gguf_find_tensor): it
 * links, its calls reach its own functions, and the library's reach the
 * library's, speaking a voice. With the internal names global in the archive
 * the link fails on the duplicates.
 *
 * Copyright (C) 2026 The Inflect authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <stdio.h>
#include <string.h>

#include "inflect.h"

int gguf_find_tensor(const char *name);
int pool_new(int threads);
int text_next(void);
int normalize_en_word(void);
int ksnake(void);

int gguf_find_tensor(const char *name)
{
    return (int)strlen(name);
}

int pool_new(int threads)
{
    return threads * 2;
}

int text_next(void)
{
    return 3;
}

int normalize_en_word(void)
{
    return 5;
}

int ksnake(void)
{
    return 7;
}

static int count(const float *samples, size_t n, void *user)
{
    (void)samples;
    *(size_t *)user += n;
    return 0;
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: test_static_link VOICE\n");
        return 2;
    }
    if (gguf_find_tensor("abc") != 3 || pool_new(4) != 8 || text_next() != 3 || normalize_en_word() != 5 ||
        ksnake() != 7) {
        fprintf(stderr, "FAIL: a call of the program's own reached another function\n");
        return 1;
    }
    char err[256];
    inflect_voice *voice;
    inflect_synth *synth;
    if (inflect_voice_open(argv[1], &voice, err, sizeof err) != INFLECT_OK) {
        fprintf(stderr, "FAIL: %s\n", err);
        return 1;
    }
    if (inflect_synth_new(voice, &synth) != INFLECT_OK) {
        fprintf(stderr, "FAIL: no synth\n");
        return 1;
    }
    inflect_params params;
    inflect_params_init(&params);
    size_t samples = 0;
    const char *text = "Linked in, 12 words.";
    inflect_status st = inflect_synth_speak(synth, text, strlen(text), &params, count, NULL, &samples);
    if (st != INFLECT_OK)
        fprintf(stderr, "FAIL: %s\n", inflect_synth_error(synth));
    inflect_synth_free(synth);
    inflect_voice_close(voice);
    /* a second or more of speech at the voice's rate */
    if (st == INFLECT_OK && samples < 16000) {
        fprintf(stderr, "FAIL: %zu samples\n", samples);
        return 1;
    }
    printf("spoke %zu samples; the program's own functions answered\n", samples);
    return st != INFLECT_OK;
}
