/* libFuzzer harness: arbitrary bytes through the GGUF parser, the voice
 * loaders (ours, upstream's two-file layout, upstream's inflect-v2) and,
 * when a voice loads, a short synthesis. Nothing may crash, leak or trip the sanitizers.
 *
 * Copyright (C) 2026 The Inflect authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Built only with clang and -Dsanitize=address+undefined:
 *   CC=clang meson setup build-fuzz -Dsanitize=address+undefined -Dbuildtype=debugoptimized \
 *     -Db_lundef=false    (clang links libinflect.so without the ASan runtime)
 *   ninja -C build-fuzz tests/fuzz_gguf tests/parity.txt
 *   ninja -C build-fuzz tests/v2-parity.txt
 *   mkdir -p build-fuzz/corpus && cp build-fuzz/tests/parity-*.gguf build-fuzz/tests/nano-*.gguf build-fuzz/corpus/
 *   for t in f16 q8; do d=build-fuzz/tests/upstream-$t                  # upstream pairs, framed as below
 *     { printf IPR2; python3 -c "import os,struct,sys; sys.stdout.buffer.write(struct.pack('<I',
 *       os.path.getsize('$d-acoustic.gguf')))"; cat $d-acoustic.gguf $d-vocoder.gguf; } > build-fuzz/corpus/$t.pair
 *   done
 *   build-fuzz/tests/fuzz_gguf -max_total_time=300 -rss_limit_mb=4096 build-fuzz/corpus
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "acoustic.h"
#include "gguf.h"
#include "v2_model.h"
#include "vocoder.h"
#include "voice.h"

/* Every typed accessor on every key: they must hold up on whatever parsed. */
static void read_all_keys(const gguf_file *f)
{
    for (size_t i = 0; i < f->n_kv; i++) {
        const gguf_kv *kv = &f->kv[i];
        uint32_t u;
        float x;
        gguf_str s, few[4];
        int64_t v;
        gguf_kv_u32(kv, &u);
        gguf_kv_f32(kv, &x);
        gguf_kv_str(kv, &s);
        gguf_kv_array_int(kv, 0, &v);
        gguf_kv_array_int(kv, kv->count ? kv->count - 1 : 0, &v);
        gguf_kv_array_str(kv, few, kv->count < 4 ? kv->count : 4);
    }
}

/* The decoder (a vocoder) over frames of input, in small chunks. */
static void decode(const inflect_voice *v, const float *input, int frames)
{
    vocoder_stream *s;
    char err[256];
    if (vocoder_stream_new(&v->vocoder, 2, 5, &s, err, sizeof err) == INFLECT_OK) {
        float *pcm;
        size_t n;
        vocoder_stream_start(s, input, frames);
        do
            vocoder_stream_next(s, &pcm, &n);
        while (n);
        vocoder_stream_free(s);
    }
}

/* An Inflect v2 voice (docs/v2.md): a few ids, with noise, to the latent
 * and through the decoder. Random weights can ask for thousands of frames:
 * only a short latent is decoded, so each input stays quick. */
static void synthesize_v2(const inflect_voice *v)
{
    int32_t ids[5] = {0, 20, 0, 45, 0}, dur[5];
    v2_input in = {.ids = ids, .n = 5, .control = {.length_scale = 1.0f}, .variation = 0.5f, .seed = 3};
    char err[256];
    int frames;
    float *latent;
    if (v2_run(&v->v2, &in, dur, NULL, &frames, err, sizeof err) != INFLECT_OK || frames > 64)
        return;
    if (v2_run(&v->v2, &in, dur, &latent, &frames, err, sizeof err) != INFLECT_OK)
        return;
    decode(v, latent, frames);
    free(latent);
}

/* A few tokens through both models: hyperparameters and weights that pass
 * the loader must not make synthesis misbehave either. */
static void synthesize(const inflect_voice *v)
{
    if (v->is_v2) {
        synthesize_v2(v);
        return;
    }
    int32_t ids[9] = {0, 1 % v->acoustic.hp.vocab_size, 0, 0, 3, 0, 0, 1, 0};
    acoustic_input in = {ids, ids + 3, ids + 6, 3, 0, {1.0f, 0.0f, 1.0f}, 0.0f, NULL, NULL, NULL, NULL, NULL};
    int32_t dur[3];
    float *mel;
    int frames;
    char err[256];
    if (acoustic_run(&v->acoustic, &in, dur, &mel, &frames, err, sizeof err) != INFLECT_OK)
        return;
    decode(v, mel, frames);
    free(mel);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Upstream's two files from one input: "IPR2", the acoustic file's length
 * as a little-endian u32, the acoustic file, then the vocoder file. */
static void upstream_pair(const uint8_t *data, size_t size)
{
    if (size < 8 || memcmp(data, "IPR2", 4) != 0)
        return;
    size_t n = (size_t)data[4] | (size_t)data[5] << 8 | (size_t)data[6] << 16 | (size_t)data[7] << 24;
    if (n > size - 8)
        return;
    gguf_file ac, vc;
    char err[256];
    if (gguf_parse(&ac, data + 8, n, err, sizeof err) != INFLECT_OK)
        return;
    if (gguf_parse(&vc, data + 8 + n, size - 8 - n, err, sizeof err) == INFLECT_OK) {
        inflect_voice *v;
        if (voice_from_upstream_gguf(&ac, &vc, &v, err, sizeof err) == INFLECT_OK) {
            synthesize(v);
            inflect_voice_close(v);
        }
        gguf_close(&vc);
    }
    gguf_close(&ac);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    upstream_pair(data, size);
    gguf_file f;
    char err[256];
    if (gguf_parse(&f, data, size, err, sizeof err) != INFLECT_OK)
        return 0;
    read_all_keys(&f);
    inflect_voice *v;
    if (voice_from_gguf(&f, &v, err, sizeof err) == INFLECT_OK) {
        synthesize(v);
        inflect_voice_close(v);
    }
    gguf_close(&f);
    return 0;
}
