/* Voice loading: metadata keys (docs/model-format.md) into hyperparameters
 * and frontend settings, then the two models' tensors.
 *
 * Copyright (C) 2026 The Inflect authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "voice.h"

#include <limits.h>
#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "upstream_ids.h"
#include "errors.h"

#define FORMAT_VERSION 1u
#define MAX_TEXT 4096 /* bytes in one metadata string */

/* Integer hyperparameters with the range the engine accepts. The bounds
 * keep every size derived from them far from overflow; the tensor shape
 * checks then tie them to what the file really holds. Keys are these names
 * after the layout's prefix ("inflect.acoustic." in our voices, none in the
 * upstream conversions). */
typedef struct {
    const char *key;
    size_t offset;
    int lo, hi;
} int_key;

#define AK(name, lo, hi) {#name, offsetof(acoustic_hparams, name), lo, hi}
static const int_key acoustic_keys[] = {
    AK(vocab_size, 1, 65536),     AK(tone_size, 1, 65536),       AK(lang_size, 1, 65536),
    AK(n_mels, 1, 1024),          AK(hidden, 2, 4096),           AK(encoder_layers, 0, 64),
    AK(decoder_layers, 0, 64),    AK(encoder_ff_mult, 1, 16),    AK(decoder_ff_mult, 1, 16),
    AK(kernel_size, 1, 63),       AK(speaker_count, 1, 65536),   AK(speaker_dim, 1, 4096),
    AK(abs_frame_bins, 1, 65536), AK(max_frames, 1, 65536),
};
#undef AK

inflect_status voice_read_int(const gguf_file *f, const char *key, int lo, int hi, int *out, char *err,
                              size_t err_size)
{
    const gguf_kv *kv = gguf_find(f, key);
    uint32_t v;
    if (!kv)
        return fail(err, err_size, INFLECT_ERR_FORMAT, "voice has no key '%s'", key);
    if (!gguf_kv_u32(kv, &v))
        return fail(err, err_size, INFLECT_ERR_FORMAT, "key '%s' is not an unsigned integer", key);
    if (v < (uint32_t)lo || v > (uint32_t)hi)
        return fail(err, err_size, INFLECT_ERR_FORMAT, "key '%s' = %u is outside %d..%d", key, v, lo, hi);
    *out = (int)v;
    return INFLECT_OK;
}

static inflect_status read_float(const gguf_file *f, const char *key, float lo, float hi, float *out, char *err,
                                 size_t err_size)
{
    const gguf_kv *kv = gguf_find(f, key);
    if (!kv)
        return fail(err, err_size, INFLECT_ERR_FORMAT, "voice has no key '%s'", key);
    if (!gguf_kv_f32(kv, out))
        return fail(err, err_size, INFLECT_ERR_FORMAT, "key '%s' is not a float", key);
    if (!(*out >= lo && *out <= hi))
        return fail(err, err_size, INFLECT_ERR_FORMAT, "key '%s' = %g is outside %g..%g", key, *out, lo, hi);
    return INFLECT_OK;
}

/* A NUL-terminated copy of a GGUF string in the voice's arena. */
static const char *copy_str(inflect_voice *v, gguf_str s)
{
    char *p = arena_alloc(&v->mem, s.len + 1);
    if (p) {
        memcpy(p, s.ptr, s.len);
        p[s.len] = '\0';
    }
    return p;
}

static bool text_ok(gguf_str s) { return s.len <= MAX_TEXT && !memchr(s.ptr, '\0', s.len); }

static inflect_status read_str(inflect_voice *v, const gguf_file *f, const char *key, bool required,
                               const char **out, char *err, size_t err_size)
{
    const gguf_kv *kv = gguf_find(f, key);
    gguf_str s = {"", 0};
    if (!kv && required)
        return fail(err, err_size, INFLECT_ERR_FORMAT, "voice has no key '%s'", key);
    if (kv && !gguf_kv_str(kv, &s))
        return fail(err, err_size, INFLECT_ERR_FORMAT, "key '%s' is not a string", key);
    if (!text_ok(s))
        return fail(err, err_size, INFLECT_ERR_FORMAT, "key '%s' is longer than %d bytes or contains NUL", key,
                    MAX_TEXT);
    *out = copy_str(v, s);
    return *out ? INFLECT_OK : fail(err, err_size, INFLECT_ERR_NO_MEMORY, "out of memory reading '%s'", key);
}

/* A string array of lo..hi entries, each a non-empty string. */
static inflect_status read_str_array(inflect_voice *v, const gguf_file *f, const char *key, int lo, int hi,
                                     const char *const **out, int *count, char *err, size_t err_size)
{
    const gguf_kv *kv = gguf_find(f, key);
    if (!kv)
        return fail(err, err_size, INFLECT_ERR_FORMAT, "voice has no key '%s'", key);
    if (kv->type != GGUF_ARRAY || kv->elem_type != GGUF_STRING)
        return fail(err, err_size, INFLECT_ERR_FORMAT, "key '%s' is not an array of strings", key);
    if (kv->count < (uint64_t)lo || kv->count > (uint64_t)hi)
        return fail(err, err_size, INFLECT_ERR_FORMAT, "key '%s' has %llu entries, expected %d..%d", key,
                    (unsigned long long)kv->count, lo, hi);
    int n = (int)kv->count;
    gguf_str *strs = malloc(sizeof *strs * (size_t)n);
    const char **list = arena_alloc(&v->mem, sizeof *list * (size_t)n);
    if (!strs || !list) {
        free(strs);
        return fail(err, err_size, INFLECT_ERR_NO_MEMORY, "out of memory reading '%s'", key);
    }
    gguf_kv_array_str(kv, strs, (uint64_t)n);
    inflect_status status = INFLECT_OK;
    for (int i = 0; i < n && status == INFLECT_OK; i++) {
        if (strs[i].len == 0 || !text_ok(strs[i]))
            status = fail(err, err_size, INFLECT_ERR_FORMAT, "key '%s': entry %d is empty, too long or has NUL",
                          key, i);
        else if (!(list[i] = copy_str(v, strs[i])))
            status = fail(err, err_size, INFLECT_ERR_NO_MEMORY, "out of memory reading '%s'", key);
    }
    free(strs);
    *out = list;
    *count = n;
    return status;
}

/* An integer array of `n` entries (n = 0: any length 1..max, returned in *n),
 * each in lo..hi. */
static inflect_status read_int_array(const gguf_file *f, const char *key, int *n, int max, int lo, int hi, int *out,
                                     char *err, size_t err_size)
{
    const gguf_kv *kv = gguf_find(f, key);
    if (!kv)
        return fail(err, err_size, INFLECT_ERR_FORMAT, "voice has no key '%s'", key);
    int64_t first;
    if (kv->type != GGUF_ARRAY || !gguf_kv_array_int(kv, 0, &first))
        return fail(err, err_size, INFLECT_ERR_FORMAT, "key '%s' is not a non-empty array of integers", key);
    if (*n ? kv->count != (uint64_t)*n : kv->count > (uint64_t)max)
        return fail(err, err_size, INFLECT_ERR_FORMAT, "key '%s' has %llu entries, expected %d", key,
                    (unsigned long long)kv->count, *n ? *n : max);
    *n = (int)kv->count;
    for (int i = 0; i < *n; i++) {
        int64_t x;
        gguf_kv_array_int(kv, (uint64_t)i, &x);
        if (x < lo || x > hi)
            return fail(err, err_size, INFLECT_ERR_FORMAT, "key '%s': entry %d = %lld is outside %d..%d", key, i,
                        (long long)x, lo, hi);
        out[i] = (int)x;
    }
    return INFLECT_OK;
}

/* Keys of one layout: ours are namespaced, the upstream conversions' are
 * bare names spread over two files. */
typedef struct {
    const char *acoustic; /* prefix of the acoustic hyperparameters */
    const char *vocoder;  /* prefix of the vocoder hyperparameters */
} key_layout;

static const key_layout our_keys = {"inflect.acoustic.", "inflect.vocoder."};
static const key_layout upstream_keys = {"", ""};

/* prefix + name in buf (names here are short constants). */
static const char *key(char *buf, size_t size, const char *prefix, const char *name)
{
    snprintf(buf, size, "%s%s", prefix, name);
    return buf;
}

/* hop > 0: the mel hop the file declares, which the rates must multiply to. */
static inflect_status read_vocoder_hparams(vocoder_hparams *hp, const gguf_file *f, const char *prefix, int hop,
                                           int n_mels, char *err, size_t err_size)
{
    inflect_status s;
    char k[96];
    if ((s = voice_read_int(f, key(k, sizeof k, prefix, "sample_rate"), 1000, 384000, &hp->sample_rate, err,
                            err_size)) ||
        (s = voice_read_int(f, key(k, sizeof k, prefix, "num_mels"), 1, 1024, &hp->num_mels, err, err_size)) ||
        (s = voice_read_int(f, key(k, sizeof k, prefix, "upsample_initial_channel"), 1, 4096, &hp->channels, err,
                            err_size)))
        return s;
    if (hp->num_mels != n_mels)
        return fail(err, err_size, INFLECT_ERR_FORMAT, "%snum_mels = %d but the acoustic model has %d", prefix,
                    hp->num_mels, n_mels);
    hp->n_stages = 0;
    if ((s = read_int_array(f, key(k, sizeof k, prefix, "upsample_rates"), &hp->n_stages, VOCODER_MAX_STAGES, 1, 64,
                            hp->rates, err, err_size)) ||
        (s = read_int_array(f, key(k, sizeof k, prefix, "upsample_kernel_sizes"), &hp->n_stages,
                            VOCODER_MAX_STAGES, 1, 256, hp->up_kernels, err, err_size)))
        return s;
    hp->n_kernels = 0;
    if ((s = read_int_array(f, key(k, sizeof k, prefix, "resblock_kernel_sizes"), &hp->n_kernels,
                            VOCODER_MAX_KERNELS, 1, 63, hp->res_kernels, err, err_size)))
        return s;
    /* Flattened kernels x dilations: every kernel has the same count. */
    const gguf_kv *kv = gguf_find(f, key(k, sizeof k, prefix, "resblock_dilation_sizes"));
    if (!kv)
        return fail(err, err_size, INFLECT_ERR_FORMAT, "voice has no key '%s'", k);
    uint64_t total = kv->type == GGUF_ARRAY ? kv->count : 0;
    if (total == 0 || total % (uint64_t)hp->n_kernels || total / (uint64_t)hp->n_kernels > VOCODER_MAX_DILATIONS)
        return fail(err, err_size, INFLECT_ERR_FORMAT, "%s must hold 1..%d dilations for each of %d kernels", k,
                    VOCODER_MAX_DILATIONS, hp->n_kernels);
    hp->n_dilations = (int)(total / (uint64_t)hp->n_kernels);
    int flat[VOCODER_MAX_KERNELS * VOCODER_MAX_DILATIONS], n = (int)total;
    if ((s = read_int_array(f, k, &n, n, 1, 64, flat, err, err_size)))
        return s;
    for (int j = 0; j < hp->n_kernels; j++)
        for (int d = 0; d < hp->n_dilations; d++)
            hp->dilations[j][d] = flat[j * hp->n_dilations + d];
    int64_t product = 1;
    for (int i = 0; i < hp->n_stages; i++)
        product *= hp->rates[i]; /* at most 64^8: no overflow */
    if (hop > 0 && product != hop)
        return fail(err, err_size, INFLECT_ERR_FORMAT,
                    "upsample rates multiply to %lld samples per frame but inflect.mel.hop is %d",
                    (long long)product, hop);
    return INFLECT_OK;
}

static inflect_status read_acoustic_hparams(acoustic_hparams *hp, const gguf_file *f, const char *prefix, char *err,
                                            size_t err_size)
{
    inflect_status s;
    char k[96];
    for (size_t i = 0; i < sizeof acoustic_keys / sizeof *acoustic_keys; i++) {
        const int_key *ik = &acoustic_keys[i];
        if ((s = voice_read_int(f, key(k, sizeof k, prefix, ik->key), ik->lo, ik->hi,
                                (int *)((char *)hp + ik->offset), err, err_size)))
            return s;
    }
    return read_float(f, key(k, sizeof k, prefix, "postnet_scale"), -1e3f, 1e3f, &hp->postnet_scale, err, err_size);
}

/* n names in the voice's arena: fixed(i) where it has one, else prefix and
 * the index ("#14", "0"); NULL when out of memory. */
static const char **indexed_names(inflect_voice *v, int n, const char *(*fixed)(int), const char *prefix)
{
    const char **list = arena_alloc(&v->mem, sizeof *list * (size_t)n);
    for (int i = 0; list && i < n; i++) {
        list[i] = fixed ? fixed(i) : NULL;
        if (!list[i]) {
            char name[16];
            snprintf(name, sizeof name, "%s%d", prefix, i);
            if (!(list[i] = copy_str(v, (gguf_str){name, strlen(name)})))
                return NULL;
        }
    }
    return list;
}

/* The voice's phone table for its frontend: a cmudict-arpabet voice uses
 * upstream's fixed ids (upstream_ids.h), whose unnamed entries (symbols of other
 * languages that the frontend never produces) get placeholder names. */
static inflect_status builtin_symbols(inflect_voice *v, char *err, size_t err_size)
{
    int n = UPSTREAM_SYMBOLS;
    if (v->acoustic.hp.vocab_size < n)
        return fail(err, err_size, INFLECT_ERR_FORMAT,
                    "a cmudict-arpabet voice needs vocab_size >= %d (upstream's symbol table), not %d", n,
                    v->acoustic.hp.vocab_size);
    if (!(v->symbols = indexed_names(v, n, upstream_symbol, "#")))
        return fail(err, err_size, INFLECT_ERR_NO_MEMORY, "out of memory");
    v->n_symbols = n;
    return INFLECT_OK;
}

/* Speakers with no names in the file are called by their index. */
static inflect_status numbered_speakers(inflect_voice *v, char *err, size_t err_size)
{
    v->n_speakers = v->acoustic.hp.speaker_count;
    if (!(v->speakers = indexed_names(v, v->n_speakers, NULL, "")))
        return fail(err, err_size, INFLECT_ERR_NO_MEMORY, "out of memory");
    return INFLECT_OK;
}

static inflect_status read_frontend_kind(inflect_voice *v, const gguf_file *f, char *err, size_t err_size)
{
    inflect_status s = read_str(v, f, "inflect.frontend.kind", true, &v->frontend_kind, err, err_size);
    if (s)
        return s;
    if (strcmp(v->frontend_kind, FRONTEND_KIND_ESPEAK_IPA) == 0)
        v->frontend = FRONTEND_ESPEAK_IPA;
    else if (strcmp(v->frontend_kind, FRONTEND_KIND_CMUDICT_ARPABET) == 0)
        v->frontend = FRONTEND_CMUDICT_ARPABET;
    else
        return fail(err, err_size, INFLECT_ERR_UNSUPPORTED, "frontend '%.64s' is not one this engine has (%s, %s)",
                    v->frontend_kind, FRONTEND_KIND_ESPEAK_IPA, FRONTEND_KIND_CMUDICT_ARPABET);
    return INFLECT_OK;
}

/* An optional float array of `count` values within lo..hi, strictly
 * increasing if asked, into the voice's arena; *out stays NULL without it. */
static inflect_status read_floats(inflect_voice *v, const gguf_file *f, const char *key, uint64_t count, float lo,
                                  float hi, bool increasing, const float **out, char *err, size_t err_size)
{
    const gguf_kv *kv = gguf_find(f, key);
    if (!kv)
        return INFLECT_OK;
    if (kv->type != GGUF_ARRAY || kv->elem_type != GGUF_FLOAT32 || kv->count != count)
        return fail(err, err_size, INFLECT_ERR_FORMAT, "key '%s' must be %llu float32 values", key,
                    (unsigned long long)count);
    float *a = arena_alloc(&v->mem, sizeof *a * (size_t)count);
    if (!a)
        return fail(err, err_size, INFLECT_ERR_NO_MEMORY, "out of memory opening a voice");
    for (uint64_t i = 0; i < count; i++) {
        gguf_kv_array_f32(kv, i, &a[i]);
        if (!(a[i] >= lo && a[i] <= hi) || (increasing && i > 0 && !(a[i] > a[i - 1])))
            return fail(err, err_size, INFLECT_ERR_FORMAT, "key '%s'[%llu] = %g is outside %g..%g%s", key,
                        (unsigned long long)i, a[i], lo, hi, increasing ? " or not increasing" : "");
    }
    *out = a;
    return INFLECT_OK;
}

/* The median F0 measured on the voice's own output, any kind of voice:
 * optional. 30 to 1000 Hz holds any speaking voice. */
static inflect_status read_f0_medians(inflect_voice *v, const gguf_file *f, char *err, size_t err_size)
{
    return read_floats(v, f, "inflect.prosody.f0_median", (uint64_t)v->n_speakers, 30.0f, 1000.0f, false,
                       &v->f0_medians, err, err_size);
}

/* The measured prosody keys (docs/model-format.md, "Prosody"): all optional. */
static inflect_status read_prosody(inflect_voice *v, const gguf_file *f, char *err, size_t err_size)
{
    /* Files written before pitch moved to the output audio also carry
     * inflect.prosody.pitch_offsets/pitch_ratios (the network's pitch
     * response); nothing reads them now. */
    inflect_status s = read_floats(v, f, "inflect.prosody.pitch_mean", (uint64_t)v->n_speakers, -3.0f, 3.0f, false,
                                   &v->pitch_means, err, err_size);
    /* 0.5 to 3 holds any calibration training/calibrate_intonation.py makes
     * (it tries 1 to 2); beyond them a pitch head's contour is no longer its own. */
    if (s == INFLECT_OK && gguf_find(f, "inflect.prosody.intonation"))
        s = read_float(f, "inflect.prosody.intonation", 0.5f, 3.0f, &v->acoustic.intonation, err, err_size);
    /* 0.5 to 2: a release widens by 1.1 to 1.3 (docs/training.md); the
     * pitch stage reads F0 no further than x1.5 from the centre, so more
     * would no longer scale the excursions it hears. */
    if (s == INFLECT_OK && gguf_find(f, "inflect.prosody.natural_range"))
        s = read_float(f, "inflect.prosody.natural_range", 0.5f, 2.0f, &v->natural_range, err, err_size);
    return s != INFLECT_OK ? s : read_f0_medians(v, f, err, err_size);
}

/* The band extension keys (docs/model-format.md, "Keys"): optional, both
 * or neither. Under a 5 kHz edge the copy would come from below 1 kHz, the
 * vowels' formants; over 0.45 x the sample rate there is no band left to
 * fill. A gain over 4 (+12 dB on the band it copies) is nothing a speech
 * corpus calibrates to (rms: 0.89). */
static inflect_status read_band_extension(inflect_voice *v, const gguf_file *f, char *err, size_t err_size)
{
    static const char edge[] = "inflect.band_extension.edge_hz", gain[] = "inflect.band_extension.gain";
    const bool has_edge = gguf_find(f, edge) != NULL, has_gain = gguf_find(f, gain) != NULL;
    if (!has_edge && !has_gain)
        return INFLECT_OK;
    if (has_edge != has_gain)
        return fail(err, err_size, INFLECT_ERR_FORMAT, "key '%s' without '%s'", has_edge ? edge : gain,
                    has_edge ? gain : edge);
    inflect_status s = read_float(f, edge, 5000.0f, 0.45f * (float)v->sample_rate, &v->band_edge_hz, err, err_size);
    return s != INFLECT_OK ? s : read_float(f, gain, 0.0f, 4.0f, &v->band_gain, err, err_size);
}

/* Our one-file layout (docs/model-format.md). */
static inflect_status read_metadata(inflect_voice *v, const gguf_file *f, char *err, size_t err_size)
{
    inflect_status s;
    const char *arch;
    int version, hop;
    if ((s = read_str(v, f, "general.architecture", true, &arch, err, err_size)))
        return s;
    if (strcmp(arch, "inflect-voice") != 0)
        return fail(err, err_size, INFLECT_ERR_UNSUPPORTED, "architecture '%.64s' is not an Inflect voice", arch);
    if ((s = voice_read_int(f, "inflect.format_version", 0, INT_MAX, &version, err, err_size)))
        return s;
    if (version != FORMAT_VERSION)
        return fail(err, err_size, INFLECT_ERR_UNSUPPORTED, "voice format version %d (this engine reads %u)",
                    version, FORMAT_VERSION);
    if ((s = read_str(v, f, "general.name", true, &v->name, err, err_size)) ||
        (s = read_str(v, f, "general.license", false, &v->license, err, err_size)))
        return s;

    acoustic_hparams *hp = &v->acoustic.hp;
    if ((s = read_acoustic_hparams(hp, f, our_keys.acoustic, err, err_size)) ||
        (s = voice_read_int(f, "inflect.mel.hop", 1, 4096, &hop, err, err_size)) ||
        (s = read_vocoder_hparams(&v->vocoder.hp, f, our_keys.vocoder, hop, hp->n_mels, err, err_size)))
        return s;
    v->sample_rate = v->vocoder.hp.sample_rate;

    if ((s = read_frontend_kind(v, f, err, err_size)) ||
        (s = read_str(v, f, "inflect.frontend.espeak_voice", true, &v->espeak_voice, err, err_size)) ||
        (s = voice_read_int(f, "inflect.frontend.lang_id", 0, hp->lang_size - 1, &v->lang_id, err, err_size)))
        return s;
    /* An ARPAbet voice's ids are upstream's, fixed: the file has no table. */
    if (v->frontend == FRONTEND_CMUDICT_ARPABET)
        s = builtin_symbols(v, err, err_size);
    else
        s = read_str_array(v, f, "inflect.frontend.symbols", 1, hp->vocab_size, &v->symbols, &v->n_symbols, err,
                           err_size);
    if (s ||
        (s = read_str_array(v, f, "inflect.speakers", hp->speaker_count, hp->speaker_count, &v->speakers,
                            &v->n_speakers, err, err_size)) ||
        (s = read_float(f, "inflect.output.gain", 0.0f, 100.0f, &v->output_gain, err, err_size)) ||
        (s = read_prosody(v, f, err, err_size)) || (s = read_band_extension(v, f, err, err_size)))
        return s;
    if (strcmp(v->symbols[0], "_") != 0)
        return fail(err, err_size, INFLECT_ERR_FORMAT, "inflect.frontend.symbols[0] must be '_' (the blank)");
    return INFLECT_OK;
}

/* Which of a pair's two files a key fault is in. open_pair's message names
 * both files, and the two share key names (sample_rate: optional in the
 * acoustic file, required in the vocoder's), so the key alone does not say. */
static inflect_status in_file(inflect_status s, const char *which, char *err, size_t err_size)
{
    if (err && err_size > 0) {
        char msg[256];
        snprintf(msg, sizeof msg, "%s", err);
        fail(err, err_size, s, "in the %s file, %s", which, msg);
    }
    return s;
}

/* The upstream two-file layout (docs/model.md section 5): bare keys, English
 * through the cmudict-arpabet frontend at lang id 2, no names, no gain. */
static inflect_status read_upstream_metadata(inflect_voice *v, const gguf_file *ac, const gguf_file *vc, char *err,
                                             size_t err_size)
{
    inflect_status s;
    const char *arch, *activation;
    if ((s = read_str(v, ac, "general.architecture", true, &arch, err, err_size)))
        return in_file(s, "acoustic", err, err_size);
    /* A one-file voice given a vocoder: the mistake is the vocoder, which
     * the architecture alone would not tell a user. */
    if (strcmp(arch, "inflect-v2") == 0 || strcmp(arch, "inflect-voice") == 0)
        return fail(err, err_size, INFLECT_ERR_FORMAT,
                    "the voice is a one-file %s voice (architecture '%s'): it takes no vocoder",
                    strcmp(arch, "inflect-v2") == 0 ? "Inflect v2" : "Inflect", arch);
    if (strcmp(arch, "inflect-acoustic") != 0)
        return fail(err, err_size, INFLECT_ERR_FORMAT, "the acoustic file's architecture is '%.64s', not inflect-acoustic",
                    arch);
    if ((s = read_str(v, vc, "general.architecture", true, &arch, err, err_size)))
        return in_file(s, "vocoder", err, err_size);
    if (strcmp(arch, "inflect-vocoder") != 0)
        return fail(err, err_size, INFLECT_ERR_FORMAT, "the vocoder file's architecture is '%.64s', not inflect-vocoder",
                    arch);
    if ((s = read_str(v, vc, "activation", false, &activation, err, err_size)))
        return s;
    if (activation[0] && strcmp(activation, "snake") != 0)
        return fail(err, err_size, INFLECT_ERR_UNSUPPORTED, "vocoder activation '%.64s' (this engine runs snake)",
                    activation);
    if ((s = read_str(v, ac, "general.name", false, &v->name, err, err_size)) ||
        (s = read_str(v, ac, "general.license", false, &v->license, err, err_size)))
        return s;
    if (!v->name[0])
        v->name = "inflect-nano-v1";

    acoustic_hparams *hp = &v->acoustic.hp;
    if ((s = read_acoustic_hparams(hp, ac, upstream_keys.acoustic, err, err_size)))
        return in_file(s, "acoustic", err, err_size);
    if ((s = read_vocoder_hparams(&v->vocoder.hp, vc, upstream_keys.vocoder, 0, hp->n_mels, err, err_size)))
        return in_file(s, "vocoder", err, err_size);
    v->sample_rate = v->vocoder.hp.sample_rate;
    int acoustic_rate;
    if (gguf_find(ac, "sample_rate")) {
        if ((s = voice_read_int(ac, "sample_rate", 1000, 384000, &acoustic_rate, err, err_size)))
            return s;
        if (acoustic_rate != v->sample_rate)
            return fail(err, err_size, INFLECT_ERR_FORMAT,
                        "the acoustic model is for %d Hz but the vocoder makes %d Hz: not a pair", acoustic_rate,
                        v->sample_rate);
    }

    v->frontend = FRONTEND_CMUDICT_ARPABET;
    v->frontend_kind = FRONTEND_KIND_CMUDICT_ARPABET;
    v->espeak_voice = "en-us";
    v->lang_id = UPSTREAM_LANG_ID;
    if (v->lang_id >= hp->lang_size)
        return fail(err, err_size, INFLECT_ERR_FORMAT, "lang_size = %d has no room for English (lang id %d)",
                    hp->lang_size, v->lang_id);
    v->output_gain = 1.0f;
    if ((s = builtin_symbols(v, err, err_size)) || (s = numbered_speakers(v, err, err_size)))
        return s;
    return INFLECT_OK;
}

static inflect_status load_models(inflect_voice *v, const gguf_file *ac, const char *ac_prefix, const gguf_file *vc,
                                  const char *vc_prefix, char *err, size_t err_size)
{
    inflect_status s = acoustic_load(&v->acoustic, ac, ac_prefix, &v->mem, v->low_memory, err, err_size);
    if (s == INFLECT_OK)
        s = vocoder_load(&v->vocoder, vc, vc_prefix, &v->mem, v->low_memory, err, err_size);
    return s;
}

/* A new voice, empty but for its flags. */
static inflect_voice *new_voice(unsigned flags) 
{
    inflect_voice *v = calloc(1, sizeof *v);
    if (v && !(v->pitch_cache = speaker_pitch_cache_new())) {
        free(v);
        return NULL;
    }
    if (v) {
        atomic_init(&v->refs, 1);
        v->low_memory = (flags & INFLECT_VOICE_LOW_MEMORY) != 0;
        v->acoustic.intonation = 1.0f; /* the pitch head's own, unless the file says otherwise */
        v->natural_range = 1.0f;       /* the network's intonation, unless the file says otherwise */
    }
    return v;
}

static bool architecture_is(const gguf_file *f, const char *arch);

static inflect_status from_gguf(const gguf_file *f, unsigned flags, inflect_voice **out, char *err, size_t err_size)
{
    *out = NULL;
    inflect_voice *v = new_voice(flags);
    if (!v)
        return fail(err, err_size, INFLECT_ERR_NO_MEMORY, "out of memory opening a voice");
    inflect_status s;
    if (architecture_is(f, "inflect-v2")) {
        s = v2_voice_load(v, f, err, err_size); /* Nano-v2, Micro-v2 (docs/v2.md) */
        if (s == INFLECT_OK)
            s = read_f0_medians(v, f, err, err_size); /* the centre of its pitch_range */
    } else if ((s = read_metadata(v, f, err, err_size)) == INFLECT_OK)
        s = load_models(v, f, "acoustic.", f, "vocoder.", err, err_size);
    if (s != INFLECT_OK) {
        inflect_voice_close(v);
        return s;
    }
    *out = v;
    return INFLECT_OK;
}

inflect_status voice_from_gguf(const gguf_file *f, inflect_voice **out, char *err, size_t err_size)
{
    return from_gguf(f, 0, out, err, err_size);
}

static inflect_status from_upstream_gguf(const gguf_file *ac, const gguf_file *vc, unsigned flags, inflect_voice **out,
                                         char *err, size_t err_size)
{
    *out = NULL;
    inflect_voice *v = new_voice(flags);
    if (!v)
        return fail(err, err_size, INFLECT_ERR_NO_MEMORY, "out of memory opening a voice");
    inflect_status s = read_upstream_metadata(v, ac, vc, err, err_size);
    /* Some conversions keep the training wrapper's "generator." prefix. */
    const char *vc_prefix = gguf_find_tensor(vc, "generator.conv_pre.weight") ? "generator." : "";
    if (s == INFLECT_OK)
        s = load_models(v, ac, "", vc, vc_prefix, err, err_size);
    if (s != INFLECT_OK) {
        inflect_voice_close(v);
        return s;
    }
    *out = v;
    return INFLECT_OK;
}

inflect_status voice_from_upstream_gguf(const gguf_file *ac, const gguf_file *vc, inflect_voice **out, char *err,
                                        size_t err_size)
{
    return from_upstream_gguf(ac, vc, 0, out, err, err_size);
}

/* A low-memory voice reads its layers from the files' mappings: it keeps
 * them (up to two) until it is closed. *f is taken (left closed) when the
 * voice keeps it; the caller closes it either way. */
static void keep_file(inflect_voice *v, gguf_file *f)
{
    if (v && v->low_memory && v->n_files < 2) {
        v->files[v->n_files++] = *f;
        memset(f, 0, sizeof *f);
    }
}

/* ---- public API ---------------------------------------------------------- */

static bool architecture_is(const gguf_file *f, const char *arch)
{
    gguf_str s;
    const gguf_kv *kv = gguf_find(f, "general.architecture");
    return kv && gguf_kv_str(kv, &s) && s.len == strlen(arch) && memcmp(s.ptr, arch, s.len) == 0;
}

/* Where the vocoder of an upstream acoustic file is by the community naming:
 * the file name with its last "acoustic" turned into "vocoder". */
static bool sibling_vocoder(const char *path, char *out, size_t out_size)
{
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    const char *at = NULL;
    for (const char *p = base; (p = strstr(p, "acoustic")); p++)
        at = p;
    if (!at)
        return false;
    int n = snprintf(out, out_size, "%.*svocoder%s", (int)(at - path), path, at + strlen("acoustic"));
    return n > 0 && (size_t)n < out_size;
}

static inflect_status open_pair(const char *acoustic_path, gguf_file *ac, const char *vocoder_path, unsigned flags,
                                inflect_voice **out, char *err, size_t err_size)
{
    gguf_file vc;
    char msg[256];
    inflect_status s = gguf_open(&vc, vocoder_path, err, err_size);
    if (s != INFLECT_OK)
        return s;
    s = from_upstream_gguf(ac, &vc, flags, out, msg, sizeof msg);
    if (s == INFLECT_OK) {
        keep_file(*out, ac);
        keep_file(*out, &vc);
    }
    gguf_close(&vc);
    if (s != INFLECT_OK)
        return fail(err, err_size, s, "%s + %s: %s", acoustic_path, vocoder_path, msg);
    return INFLECT_OK;
}

static inflect_status open_one(const char *path, unsigned flags, inflect_voice **out, char *err, size_t err_size)
{
    char found[4096];
    inflect_status s = inflect_voice_find(path, found, sizeof found, err, err_size);
    if (s != INFLECT_OK)
        return s;
    path = found;
    gguf_file f;
    char msg[256];
    s = gguf_open(&f, path, err, err_size);
    if (s != INFLECT_OK)
        return s;
    if (architecture_is(&f, "inflect-acoustic")) {
        char vocoder[4096];
        if (!sibling_vocoder(path, vocoder, sizeof vocoder) || access(vocoder, F_OK) != 0)
            s = fail(err, err_size, INFLECT_ERR_IO,
                     "%s is an upstream acoustic model and has no vocoder file beside it: name its vocoder file "
                     "too (inflect_voice_open_pair)",
                     path);
        else
            s = open_pair(path, &f, vocoder, flags, out, err, err_size);
        gguf_close(&f);
        return s;
    }
    if (architecture_is(&f, "inflect-vocoder")) {
        gguf_close(&f);
        return fail(err, err_size, INFLECT_ERR_FORMAT,
                    "%s is an upstream vocoder: open its acoustic model file, with this one as its vocoder", path);
    }
    s = from_gguf(&f, flags, out, msg, sizeof msg);
    if (s == INFLECT_OK)
        keep_file(*out, &f);
    gguf_close(&f);
    if (s != INFLECT_OK)
        return fail(err, err_size, s, "%s: %s", path, msg);
    return INFLECT_OK;
}

/* Each of the two is a name or a path, as for one file. */
static inflect_status open_two(const char *acoustic_path, const char *vocoder_path, unsigned flags,
                               inflect_voice **out, char *err, size_t err_size)
{
    char acoustic[4096], vocoder[4096];
    inflect_status s = inflect_voice_find(acoustic_path, acoustic, sizeof acoustic, err, err_size);
    if (s == INFLECT_OK)
        s = inflect_voice_find(vocoder_path, vocoder, sizeof vocoder, err, err_size);
    if (s != INFLECT_OK)
        return s;
    gguf_file ac;
    s = gguf_open(&ac, acoustic, err, err_size);
    if (s != INFLECT_OK)
        return s;
    s = open_pair(acoustic, &ac, vocoder, flags, out, err, err_size);
    gguf_close(&ac);
    return s;
}

/* What every public open checks first; `fn` names the caller in the message. */
static inflect_status check_open_args(const char *fn, bool paths_given, inflect_voice **out, char *err,
                                      size_t err_size)
{
    if (err && err_size)
        err[0] = '\0';
    if (!out)
        return fail(err, err_size, INFLECT_ERR_INVALID_ARGUMENT, "%s: out is NULL", fn);
    *out = NULL;
    if (!paths_given)
        return fail(err, err_size, INFLECT_ERR_INVALID_ARGUMENT, "%s: path is NULL", fn);
    return INFLECT_OK;
}

inflect_status inflect_voice_open_with(const char *path, const char *vocoder_path, unsigned flags,
                                       inflect_voice **out, char *err, size_t err_size)
{
    inflect_status s = check_open_args("inflect_voice_open_with", path != NULL, out, err, err_size);
    if (s != INFLECT_OK)
        return s;
    if (flags & ~(unsigned)INFLECT_VOICE_LOW_MEMORY)
        return fail(err, err_size, INFLECT_ERR_INVALID_ARGUMENT, "inflect_voice_open_with: unknown flags 0x%x",
                    flags & ~(unsigned)INFLECT_VOICE_LOW_MEMORY);
    return vocoder_path ? open_two(path, vocoder_path, flags, out, err, err_size)
                        : open_one(path, flags, out, err, err_size);
}

inflect_status inflect_voice_open(const char *path, inflect_voice **out, char *err, size_t err_size)
{
    inflect_status s = check_open_args("inflect_voice_open", path != NULL, out, err, err_size);
    return s != INFLECT_OK ? s : open_one(path, 0, out, err, err_size);
}

inflect_status inflect_voice_open_pair(const char *acoustic_path, const char *vocoder_path, inflect_voice **out,
                                       char *err, size_t err_size)
{
    inflect_status s = check_open_args("inflect_voice_open_pair", acoustic_path && vocoder_path, out, err, err_size);
    return s != INFLECT_OK ? s : open_two(acoustic_path, vocoder_path, 0, out, err, err_size);
}

void voice_retain(const inflect_voice *voice)
{
    /* The count is the one part of a voice that changes after it is opened. */
    atomic_fetch_add(&((inflect_voice *)voice)->refs, 1);
}

void voice_release(const inflect_voice *voice)
{
    inflect_voice *v = (inflect_voice *)voice;
    if (atomic_fetch_sub(&v->refs, 1) != 1)
        return;
    arena_free(&v->mem);
    speaker_pitch_cache_free(v->pitch_cache);
    for (int i = 0; i < v->n_files; i++)
        gguf_close(&v->files[i]);
    f0_centre_cache_free(v->f0_cache);
    free(v);
}

void inflect_voice_close(inflect_voice *voice)
{
    if (voice)
        voice_release(voice);
}

int inflect_voice_sample_rate(const inflect_voice *voice) { return voice ? voice->sample_rate : 0; }

const char *inflect_voice_name(const inflect_voice *voice) { return voice ? voice->name : NULL; }

int inflect_voice_speaker_count(const inflect_voice *voice) { return voice ? voice->n_speakers : 0; }

const char *inflect_voice_speaker_name(const inflect_voice *voice, int i)
{
    return voice && i >= 0 && i < voice->n_speakers ? voice->speakers[i] : NULL;
}

int inflect_voice_find_speaker(const inflect_voice *voice, const char *name)
{
    if (!voice || !name)
        return -1;
    for (int i = 0; i < voice->n_speakers; i++)
        if (strcmp(voice->speakers[i], name) == 0)
            return i;
    /* Digits only: strtol alone took " 0" and "+0" too. */
    if (!*name || strspn(name, "0123456789") != strlen(name))
        return -1;
    long idx = strtol(name, NULL, 10);
    return idx < voice->n_speakers ? (int)idx : -1;
}
