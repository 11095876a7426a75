/* A voice: everything one voice file holds, validated, in memory. The file
 * itself is closed once loaded (but by a low-memory voice).
 *
 * Copyright (C) 2026 The Inflect authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Layer weights are kept in the file's precision: F16 matrices packed for
 * the kernels at load, 2 bytes a parameter (9.3 MB for the 4.6M-parameter
 * upstream model instead of 18.5 MB as float32); quantized ones as the
 * file's rows (krows: Q8_0 is 1.06 bytes a parameter); BF16 ones, and
 * quantized ones not stored as rows, decoded to float32. Either is widened
 * a layer, or a few row blocks of a large one, at a time into a small
 * per-thread workspace just before use, which costs about one conversion
 * per weight per vocoder chunk. A low-memory
 * voice (INFLECT_VOICE_LOW_MEMORY) keeps its files open and its layers in
 * their mappings (see weights.h). Embeddings, biases,
 * norms, Snake alphas and the GRU's recurrent weights (small, or used every
 * frame) are float32. While loading, the mapped file's pages are released
 * after each tensor is copied, so the file and the copy are never resident
 * together.
 */
#ifndef INFLECT_VOICE_H
#define INFLECT_VOICE_H

#include <stdatomic.h>

#include "acoustic.h"
#include "arena.h"
#include "f0_centre.h"
#include "frontend.h"
#include "gguf.h"
#include "inflect.h"
#include "speaker_pitch.h"
#include "v2_model.h"
#include "vocoder.h"

struct inflect_voice {
    /* The voice's owner (inflect_voice_close) and each of its synths hold
     * one reference; the last to let go frees it, so a synth never reads a
     * closed voice. */
    atomic_int refs;
    arena mem; /* owns every pointer below */
    const char *name, *license;
    /* Frontend (docs/model-format.md, "Symbols"): phone id i is symbols[i]. */
    frontend_kind frontend;
    const char *frontend_kind;  /* its name in the file: "espeak-ipa", "cmudict-arpabet" */
    const char *espeak_voice;   /* e.g. "en-us"; for cmudict-arpabet, the reader of unknown words */
    int lang_id;                /* lang id of that language; 0 is the blank */
    const char *const *symbols;
    int n_symbols;              /* <= acoustic.hp.vocab_size; symbols[0] is "_" */
    const char *const *speakers;
    int n_speakers;             /* == acoustic.hp.speaker_count */
    float output_gain;          /* linear gain for the vocoder's output */
    /* Where a band-limited voice's band ends and how loud the copy that
     * fills the band above is (band_extension.h); gain 0: none. */
    float band_edge_hz, band_gain;
    /* Each speaker's mean pitch feature as the file records it
     * (docs/model-format.md), NULL when it has none. */
    const float *pitch_means;
    /* Each speaker's median F0 in Hz, measured on the voice's own output
     * (inflect.prosody.f0_median, docs/model-format.md): the centre of
     * pitch_range when the file has it; NULL when it has none. */
    const float *f0_medians;
    /* The pitch range a caller's 1 means (inflect.prosody.natural_range,
     * docs/model-format.md): the pitch stage widens the voice's intonation
     * by this on every utterance; 1 when the file does not say. */
    float natural_range;
    /* pitch_means otherwise: measured once for every synth of the voice
     * (speaker_pitch.h). */
    speaker_pitch_cache *pitch_cache;
    int sample_rate;
    acoustic_model acoustic;
    vocoder_model vocoder;
    /* An Inflect v2 voice (docs/v2.md): v2 runs ids to the latent and the
     * vocoder is its decoder; acoustic holds only max_frames and
     * speaker_count, for the utterance loop. */
    bool is_v2;
    v2_model v2;
    /* A v2 voice's pitch-range centres when f0_medians is NULL: derived
     * from its own speech on first use (f0_centre.h); NULL for v1. */
    f0_centre_cache *f0_cache;
    /* INFLECT_VOICE_LOW_MEMORY: layers read from the files, kept open here. */
    bool low_memory;
    gguf_file files[2];
    int n_files;
};

/* Builds a voice from a parsed file (which the caller still owns and may
 * close afterwards). inflect_voice_open is this plus gguf_open. */
/* A synth's hold on its voice: voice_retain when it is made, voice_release
 * when it is freed (inflect_voice_close releases the owner's). */
void voice_retain(const inflect_voice *voice);
void voice_release(const inflect_voice *voice);

inflect_status voice_from_gguf(const gguf_file *f, inflect_voice **out, char *err, size_t err_size);

/* The same from upstream's two files (docs/model.md section 5): acoustic model
 * and vocoder, bare keys and names. inflect_voice_open_pair is this plus
 * gguf_open of each. */
inflect_status voice_from_upstream_gguf(const gguf_file *acoustic, const gguf_file *vocoder, inflect_voice **out,
                                        char *err, size_t err_size);

/* Integer key `key` of f into *out: an unsigned integer within lo..hi, else
 * a format error that names the key (voice.c and v2_voice.c's one reader). */
inflect_status voice_read_int(const gguf_file *f, const char *key, int lo, int hi, int *out, char *err,
                              size_t err_size);

/* Fills v (flags set, arena empty) from an inflect-v2 file (v2_voice.c). */
inflect_status v2_voice_load(inflect_voice *v, const gguf_file *f, char *err, size_t err_size);

#endif
