/* libFuzzer harness: arbitrary bytes as text through the public API with a
 * real (tiny) voice: inflect_phonemize, inflect_synth_measure and
 * inflect_synth_speak, whose sample count must equal what measure said.
 * Nothing may crash, leak, trip the sanitizers or disagree.
 *
 * Copyright (C) 2026 The Inflect authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Built only with clang and -Dsanitize=address+undefined; the voice is
 * tests/make_tiny_voice.py's tiny.gguf, named by $INFLECT_FUZZ_VOICE:
 *   CC=clang meson setup build-fuzz -Dsanitize=address+undefined -Dbuildtype=debugoptimized \
 *     -Db_lundef=false    (clang links libinflect.so without the ASan runtime)
 *   ninja -C build-fuzz tests/fuzz_text tests/tiny.gguf
 *   cp -r tests/data/fuzz-text build-fuzz/corpus-text
 *   INFLECT_FUZZ_VOICE=build-fuzz/tests/tiny.gguf build-fuzz/tests/fuzz_text \
 *     -max_total_time=300 -rss_limit_mb=4096 build-fuzz/corpus-text
 *
 * The first byte picks the parameters (speaker, length scale) so that the
 * fuzzer explores them with the text; the rest is the text. The seeds in
 * tests/data/fuzz-text start with a space (speaker 0, length 1): the
 * clauses without phonemes that once tripped UBSan ('>', '<', '>>', '> .'),
 * digits, numbers and abbreviations, the normaliser's readings across words
 * (an area code, 911, units, Roman numerals), invalid UTF-8, punctuation
 * alone.
 */
#include <inflect.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

static inflect_voice *voice;
static inflect_synth *synth;

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    const char *path = getenv("INFLECT_FUZZ_VOICE");
    char err[512];
    if (!path || !*path) {
        fprintf(stderr, "fuzz_text: set INFLECT_FUZZ_VOICE to tests/make_tiny_voice.py's tiny.gguf\n");
        exit(2);
    }
    if (inflect_voice_open(path, &voice, err, sizeof err) != INFLECT_OK ||
        inflect_synth_new(voice, &synth) != INFLECT_OK) {
        fprintf(stderr, "fuzz_text: %s\n", err);
        exit(2);
    }
    return 0;
}

static int count_utterance(const inflect_utterance *u, void *user)
{
    size_t *n = user;
    *n += u->n;
    return 0;
}

typedef struct {
    uint64_t samples;
    uint64_t events;
    uint64_t event_end; /* where the latest event ends */
} tally;

static int on_audio(const float *samples, size_t n, void *user)
{
    tally *t = user;
    for (size_t i = 0; i < n; i++)
        if (!(samples[i] >= -1.0f && samples[i] <= 1.0f))
            abort(); /* inflect.h promises -1..1 */
    t->samples += n;
    return 0;
}

static void on_event(const inflect_event *e, void *user)
{
    tally *t = user;
    t->events++;
    /* Events come before their audio and never start behind it. */
    if (e->start_sample < t->samples)
        abort();
    t->event_end = e->start_sample + e->n_samples;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    static const float length_scales[] = {1.0f, 0.1f, 0.5f, 2.0f};
    inflect_params p;
    inflect_params_init(&p);
    p.speaker = data[0] % inflect_voice_speaker_count(voice);
    p.length_scale = length_scales[(data[0] >> 2) & 3];
    const char *text = (const char *)data + 1;
    size_t len = size - 1;

    char err[256];
    size_t ids = 0;
    if (inflect_phonemize(voice, NULL, text, len, count_utterance, &ids, err, sizeof err) != INFLECT_OK)
        abort();
    uint64_t measured = 0;
    if (inflect_synth_measure(synth, text, len, &p, &measured) != INFLECT_OK)
        abort();
    tally t = {0};
    if (inflect_synth_speak(synth, text, len, &p, on_audio, on_event, &t) != INFLECT_OK)
        abort();
    if (t.samples != measured || t.event_end > t.samples)
        abort();
    return 0;
}
