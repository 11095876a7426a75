/* The engine against the PyTorch reference on the golden cases that
 * tests/make_parity.py writes: durations exact, mel and audio within
 * 1e-4, and the streamed vocoder equal to one pass whatever the chunking.
 *
 * Copyright (C) 2026 The Inflect authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Usage: test_parity DIR/parity.txt
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "acoustic.h"
#include "check.h"
#include "golden.h"
#include "kernels.h"
#include "vocoder.h"
#include "voice.h"

#define TOLERANCE 1e-4f

static void run_case(const char *line)
{
    char name[128], voice_file[128];
    int speaker, n, n_mels, frames;
    float length, pitch, range, mean;
    size_t samples;
    if (sscanf(line, "%127s %127s %d %f %f %f %f %d %d %d %zu", name, voice_file, &speaker, &length, &pitch, &range,
               &mean, &n, &n_mels, &frames, &samples) != 11) {
        fprintf(stderr, "bad manifest line: %s", line);
        exit(1);
    }
    char err[512];
    inflect_voice *v = golden_voice(voice_file);
    int32_t *ids = golden_load(name, ".ids", 4, 3 * (size_t)n);
    int32_t *want_dur = golden_load(name, ".dur", 4, (size_t)n);
    float *want_mel = golden_load(name, ".mel", 4, (size_t)n_mels * frames);
    float *want_wav = golden_load(name, ".wav", 4, samples);

    acoustic_input in = {ids, ids + n, ids + 2 * n, n, speaker, {length, logf(pitch) / ACOUSTIC_F0_SPREAD, range}, mean, NULL, NULL, NULL, NULL, NULL};
    int32_t *dur = malloc(sizeof(int32_t) * (size_t)n);
    float *mel;
    int got_frames;
    inflect_status st = acoustic_run(&v->acoustic, &in, dur, &mel, &got_frames, err, sizeof err);
    CHECK(st == INFLECT_OK, "%s: acoustic_run: %s", name, err);
    if (st == INFLECT_OK) {
        int same = 1;
        for (int t = 0; t < n; t++)
            same &= dur[t] == want_dur[t];
        CHECK(same, "%s: durations differ from the reference", name);
        CHECK(got_frames == frames, "%s: %d frames, reference %d", name, got_frames, frames);
        if (got_frames == frames) {
            float e = max_abs_diff(mel, want_mel, (size_t)n_mels * frames);
            CHECK(e <= TOLERANCE, "%s: mel differs by %g", name, e);
            printf("%-9s mel  max error %.2e (%d frames)\n", name, e, frames);
        }
        free(mel);
    }

    /* The vocoder gets the reference mel, so its error is its own. */
    float *whole = golden_vocode(v, want_mel, frames, frames, frames, frames);
    float e = max_abs_diff(whole, want_wav, samples);
    CHECK(e <= TOLERANCE, "%s: audio differs by %g", name, e);
    printf("%-9s wav  max error %.2e (%zu samples)\n", name, e, samples);
    /* First chunk, later chunks, pieces of the later stages (0: the
     * engine's). */
    static const int chunkings[][3] = {{1, 1, 0}, {3, 7, 0}, {8, 32, 0}, {2, 5, 0}, {12, 96, 0}, {9, 40, 1},
                                       {5, 33, 4}, {1 << 16, 1 << 16, 0}};
    for (size_t c = 0; c < sizeof chunkings / sizeof *chunkings; c++) {
        const int *k = chunkings[c];
        float *parts = golden_vocode(v, want_mel, frames, k[0], k[1], k[2] ? k[2] : VOCODER_PIECE_FRAMES);
        float d = max_abs_diff(parts, whole, samples);
        CHECK(d == 0.0f, "%s: chunks of %d then %d frames in pieces of %d differ from one pass by %g", name, k[0],
              k[1], k[2] ? k[2] : VOCODER_PIECE_FRAMES, d);
        free(parts);
    }
    free(whole);
    free(ids), free(want_dur), free(want_mel), free(want_wav), free(dur);
    inflect_voice_close(v);
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: %s DIR/parity.txt\n", argv[0]);
        return 2;
    }
    FILE *f = golden_open(argv[1]);
    printf("kernels: %s\n", kernels_name(kernels_active()));
    char line[512];
    int cases = 0;
    while (golden_line(f, line, sizeof line)) {
        run_case(line);
        cases++;
    }
    fclose(f);
    CHECK(cases > 0, "no cases in %s", argv[1]);
    return check_failures != 0;
}
