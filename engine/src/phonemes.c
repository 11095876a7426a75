/* The frontend on its own, for the public API: what a voice's acoustic model
 * would read for a text. The trainer builds its data with it, so training
 * and synthesis share one frontend.
 *
 * Copyright (C) 2026 The Inflect authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "errors.h"
#include "frontend.h"
#include "inflect.h"
#include "model_input.h"
#include "symbols.h"
#include "voice.h"

int inflect_symbol_count(void)
{
    return (int)symbols_count();
}

const char *inflect_symbol_name(int id)
{
    return symbols_name(id);
}

inflect_status inflect_phonemize(const inflect_voice *voice, const char *espeak_voice, const char *text,
                                 size_t length, inflect_utterance_cb cb, void *user, char *err, size_t err_size)
{
    if (!cb || (!text && length > 0))
        return fail(err, err_size, INFLECT_ERR_INVALID_ARGUMENT, "inflect_phonemize: NULL argument");
    const char *lang = voice ? voice->espeak_voice : (espeak_voice ? espeak_voice : "en-us");
    frontend *fe = NULL;
    frontend_stream *fs = NULL;
    model_input mi = {0};
    inflect_status st = frontend_new(voice ? voice->frontend : FRONTEND_ESPEAK_IPA, lang, &fe, err, err_size);
    if (st == INFLECT_OK)
        st = model_input_init(&mi, voice, err, err_size);
    /* No token budget: the trainer wants whole sentences as they were recorded. */
    if (st == INFLECT_OK)
        st = frontend_stream_new(fe, text ? text : "", length, 0, &fs, err, err_size);
    while (st == INFLECT_OK) {
        frontend_utterance u;
        st = frontend_next(fs, &u, err, err_size);
        if (st != INFLECT_OK || u.n_tokens == 0)
            break;
        st = model_input_build(&mi, u.tokens, u.n_tokens, err, err_size);
        if (st != INFLECT_OK)
            break;
        inflect_utterance out = {.n = mi.n, .phone_ids = mi.phone, .tone_ids = mi.tone, .lang_ids = mi.lang,
                                 .symbols = mi.symbols, .text_offset = u.text_offset,
                                 .text_length = u.text_length};
        if (cb(&out, user) != 0)
            st = fail(err, err_size, INFLECT_ERR_CALLBACK, "stopped by the callback");
    }
    frontend_stream_free(fs);
    model_input_free(&mi);
    frontend_free(fe);
    return st;
}
