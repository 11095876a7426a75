/* A voice: everything one voice file holds, validated, in memory. The file
 * itself is closed once loaded.
 *
 * Copyright (C) 2026 The Inflect authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Weights are converted from F16 to float32 once, at load, and convolution
 * weights packed for the kernels: about 4 bytes per parameter (18.5 MB for
 * the 4.6M-parameter upstream model) and no conversion on the hot path.
 * While loading, each tensor's pages of the mapped file are released as
 * soon as it is copied, so the file and the copy are never resident together.
 */
#ifndef INFLECT_VOICE_H
#define INFLECT_VOICE_H

#include "acoustic.h"
#include "arena.h"
#include "gguf.h"
#include "inflect.h"
#include "vocoder.h"

struct inflect_voice {
    arena mem; /* owns every pointer below */
    const char *name, *license;
    /* Frontend (docs/model-format.md, "Symbols"): phone id i is symbols[i]. */
    const char *frontend_kind;  /* "espeak-ipa" */
    const char *espeak_voice;   /* e.g. "en-us" */
    int lang_id;                /* lang id of that language; 0 is the blank */
    const char *const *symbols;
    int n_symbols;              /* <= acoustic.hp.vocab_size; symbols[0] is "_" */
    const char *const *speakers;
    int n_speakers;             /* == acoustic.hp.speaker_count */
    float output_gain;          /* linear gain for the vocoder's output */
    int sample_rate;
    acoustic_model acoustic;
    vocoder_model vocoder;
};

/* Builds a voice from a parsed file (which the caller still owns and may
 * close afterwards). inflect_voice_open is this plus gguf_open. */
inflect_status voice_from_gguf(const gguf_file *f, inflect_voice **out, char *err, size_t err_size);

#endif
