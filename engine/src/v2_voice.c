/* An inflect-v2 file (docs/v2.md, "The inflect-v2 GGUF file") as a voice:
 * its keys checked and read into sizes, the text side's tensors (v2_model.c)
 * and the decoder as the voice's vocoder (vocoder.h, leaky ReLU).
 *
 * Copyright (C) 2026 The Inflect authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The keys the community runtime requires are required here too (the
 * symbol hash, the seven sizes); the decoder's configuration keys are
 * optional, and when present must be the one configuration the released
 * models have, which is all the reference (training/v2_model.py) runs.
 */
#include <string.h>

#include "errors.h"
#include "v2_symbols.h"
#include "voice.h"

#define KEY "inflect.v2."

static const int rates[] = {8, 8, 2, 2}, up_kernels[] = {16, 16, 4, 4}, res_kernels[] = {3, 7, 11};
static const int dilations[] = {1, 3, 5, 1, 3, 5, 1, 3, 5};

static inflect_status read_u32(const gguf_file *f, const char *name, int lo, int hi, int *out, char *err,
                               size_t err_size)
{
    char key[64];
    snprintf(key, sizeof key, KEY "%s", name);
    return voice_read_int(f, key, lo, hi, out, err, err_size);
}

/* An optional integer array that must hold exactly want[0..n) when given. */
static inflect_status check_fixed(const gguf_file *f, const char *name, const int *want, int n, char *err,
                                  size_t err_size)
{
    char key[64];
    snprintf(key, sizeof key, KEY "%s", name);
    const gguf_kv *kv = gguf_find(f, key);
    if (!kv)
        return INFLECT_OK;
    bool same = kv->type == GGUF_ARRAY && kv->count == (uint64_t)n;
    for (int i = 0; same && i < n; i++) {
        int64_t x;
        same = gguf_kv_array_int(kv, (uint64_t)i, &x) && x == want[i];
    }
    if (!same) {
        char list[64];
        size_t used = 0;
        for (int i = 0; i < n; i++)
            used += (size_t)snprintf(list + used, sizeof list - used, "%s%d", i ? ", " : "", want[i]);
        return fail(err, err_size, INFLECT_ERR_UNSUPPORTED, "key '%s' is not [%s], the only decoder this engine runs",
                    key, list);
    }
    return INFLECT_OK;
}

static bool str_is(const gguf_kv *kv, const char *want)
{
    gguf_str s;
    return kv && gguf_kv_str(kv, &s) && s.len == strlen(want) && memcmp(s.ptr, want, s.len) == 0;
}

static inflect_status read_keys(v2_hparams *hp, const gguf_file *f, char *err, size_t err_size)
{
    inflect_status s;
    const gguf_kv *kv = gguf_find(f, KEY "symbol_hash");
    if (!kv)
        return fail(err, err_size, INFLECT_ERR_FORMAT, "voice has no key '" KEY "symbol_hash'");
    if (!str_is(kv, V2_SYMBOL_HASH))
        return fail(err, err_size, INFLECT_ERR_UNSUPPORTED,
                    KEY "symbol_hash is not the released 178-symbol table's: another symbol set");
    if ((kv = gguf_find(f, KEY "activation")) && !str_is(kv, "leaky_relu"))
        return fail(err, err_size, INFLECT_ERR_UNSUPPORTED, "key '" KEY "activation' is not leaky_relu");
    int rate = 24000;
    if (gguf_find(f, KEY "sample_rate") && (s = read_u32(f, "sample_rate", 1, 384000, &rate, err, err_size)))
        return s;
    if (rate != 24000)
        return fail(err, err_size, INFLECT_ERR_UNSUPPORTED, "key '" KEY "sample_rate' is %d, not 24000", rate);
    if ((kv = gguf_find(f, KEY "add_blank")) && (kv->type != GGUF_BOOL || kv->data[0] == 0))
        return fail(err, err_size, INFLECT_ERR_UNSUPPORTED, "key '" KEY "add_blank' is not true");
    /* The community runtime's bounds. */
    if ((s = read_u32(f, "inter_channels", 2, 512, &hp->inter, err, err_size)) ||
        (s = read_u32(f, "hidden_channels", 1, 512, &hp->hidden, err, err_size)) ||
        (s = read_u32(f, "filter_channels", 1, 4096, &hp->filter, err, err_size)) ||
        (s = read_u32(f, "n_heads", 1, 512, &hp->heads, err, err_size)) ||
        (s = read_u32(f, "n_layers", 1, 16, &hp->layers, err, err_size)) ||
        (s = read_u32(f, "kernel_size", 1, 2 * V2_PAD + 1, &hp->kernel, err, err_size)) ||
        (s = read_u32(f, "upsample_initial_channel", 16, 2048, &hp->upsample_initial, err, err_size)))
        return s;
    if (hp->inter % 2)
        return fail(err, err_size, INFLECT_ERR_FORMAT, KEY "inter_channels = %d is not even", hp->inter);
    if (hp->hidden % hp->heads)
        return fail(err, err_size, INFLECT_ERR_FORMAT, KEY "hidden_channels = %d is not a multiple of n_heads = %d",
                    hp->hidden, hp->heads);
    if (hp->kernel % 2 == 0)
        return fail(err, err_size, INFLECT_ERR_FORMAT, KEY "kernel_size = %d is not odd", hp->kernel);
    if (hp->upsample_initial % 16)
        return fail(err, err_size, INFLECT_ERR_FORMAT, KEY "upsample_initial_channel = %d is not a multiple of 16",
                    hp->upsample_initial);
    if ((s = check_fixed(f, "upsample_rates", rates, 4, err, err_size)) ||
        (s = check_fixed(f, "upsample_kernel_sizes", up_kernels, 4, err, err_size)) ||
        (s = check_fixed(f, "resblock_kernel_sizes", res_kernels, 3, err, err_size)) ||
        (s = check_fixed(f, "resblock_dilation_sizes", dilations, 9, err, err_size)))
        return s;
    /* The duration predictor's width is only in its shape: [D, H, 3], or
     * flattened [D, 3H] (either way D is GGUF's last axis). */
    const gguf_tensor *t = gguf_find_tensor(f, "dp.conv_1.weight");
    if (!t)
        return fail(err, err_size, INFLECT_ERR_FORMAT, "voice has no tensor 'dp.conv_1.weight'");
    uint64_t d = t->ne[t->n_dims - 1];
    if (t->n_dims < 2 || d < 1 || d > 2048)
        return fail(err, err_size, INFLECT_ERR_FORMAT, "tensor 'dp.conv_1.weight' has no width of 1..2048 channels");
    hp->dp = (int)d;
    return INFLECT_OK;
}

static void decoder_hparams(vocoder_hparams *vh, const v2_hparams *hp)
{
    *vh = (vocoder_hparams){.sample_rate = 24000, .num_mels = hp->inter, .channels = hp->upsample_initial,
                            .n_stages = 4, .n_kernels = 3, .n_dilations = 3, .leaky = true};
    for (int i = 0; i < 4; i++) {
        vh->rates[i] = rates[i];
        vh->up_kernels[i] = up_kernels[i];
    }
    for (int j = 0; j < 3; j++) {
        vh->res_kernels[j] = res_kernels[j];
        for (int d = 0; d < 3; d++)
            vh->dilations[j][d] = dilations[3 * j + d];
    }
}

/* A NUL-terminated copy of an optional string key, or `fallback`. */
static const char *optional_str(inflect_voice *v, const gguf_file *f, const char *key, const char *fallback)
{
    gguf_str s;
    const gguf_kv *kv = gguf_find(f, key);
    if (!kv || !gguf_kv_str(kv, &s) || s.len == 0 || s.len > 256 || memchr(s.ptr, '\0', s.len))
        return fallback;
    char *p = arena_alloc(&v->mem, s.len + 1);
    if (!p)
        return fallback;
    memcpy(p, s.ptr, s.len);
    p[s.len] = '\0';
    return p;
}

inflect_status v2_voice_load(inflect_voice *v, const gguf_file *f, char *err, size_t err_size)
{
    static const float no_pitch_shift[1] = {0.0f};
    static const char *const one_speaker[1] = {"0"};
    inflect_status s = read_keys(&v->v2.hp, f, err, err_size);
    if (s != INFLECT_OK)
        return s;
    v->is_v2 = true;
    v->name = optional_str(v, f, "general.name", "inflect-v2");
    v->license = optional_str(v, f, "general.license", "");
    v->frontend = FRONTEND_ESPEAK_IPA;
    v->frontend_kind = "v2-espeak-ipa";
    v->espeak_voice = "en-us";
    if (!(v->symbols = v2_symbol_names(&v->mem)))
        return fail(err, err_size, INFLECT_ERR_NO_MEMORY, "out of memory opening a voice");
    v->n_symbols = V2_SYMBOLS;
    v->speakers = one_speaker;
    v->n_speakers = 1;
    /* No pitch head to read a mean from: pitch_range is centred on the
     * file's measured inflect.prosody.f0_median (voice.c), else on the
     * median F0 the engine measures on the voice's own speech (f0_centre.h). */
    v->pitch_means = no_pitch_shift;
    if (!(v->f0_cache = f0_centre_cache_new(v->n_speakers)))
        return fail(err, err_size, INFLECT_ERR_NO_MEMORY, "out of memory opening a voice");
    v->output_gain = 1.0f;
    v->sample_rate = 24000;
    v->acoustic.hp.max_frames = V2_MAX_FRAMES;
    v->acoustic.hp.speaker_count = 1;
    decoder_hparams(&v->vocoder.hp, &v->v2.hp);
    s = v2_load(&v->v2, f, &v->mem, v->low_memory, err, err_size);
    if (s == INFLECT_OK)
        s = vocoder_load(&v->vocoder, f, "dec.", &v->mem, v->low_memory, err, err_size);
    return s;
}
