/* The espeak-ng wrapper: plain text to phoneme symbols with stress.
 *
 * Copyright (C) 2026 The Inflect authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "espeak.h"

#include <espeak-ng/espeak_ng.h>
#include <espeak-ng/speak_lib.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "errors.h"
#include "symbols.h"

/* espeak-ng puts this between the phonemes of a word, which tells us where
 * its own multi-letter phonemes begin and end. U+2063 never reaches espeak
 * in the text (the scanner removes format characters) and has no IPA use. */
#define SEPARATOR 0x2063
#define SEPARATOR_UTF8 "\xE2\x81\xA3"
#define PRIMARY_UTF8 "\xCB\x88"   /* ˈ */
#define SECONDARY_UTF8 "\xCB\x8C" /* ˌ */
#define VOICE_NAME_MAX 64

static pthread_mutex_t espeak_lock = PTHREAD_MUTEX_INITIALIZER;
/* Guarded by espeak_lock. */
static int espeak_state; /* 0 not tried, 1 ready, -1 failed for good */
static char espeak_voice[VOICE_NAME_MAX];
static bool voice_selected; /* a voice was selected once: its copy may be queued */
static bool output_ready;   /* espeak-ng's synchronous output is set up */
/* espeak-ng keeps one state per process. When the program had initialised
 * it before us (it speaks other languages with it, say), that state, its
 * output and its callback are the program's: we neither initialise it
 * again (a second espeak_ng_Initialize starts a second queue thread, and
 * the program's espeak_Terminate() then waits for it forever) nor touch
 * the output, and we put the program's voice back after each text. */
static bool program_owned;
/* The identifier of the espeak-ng voice we selected ("gmw/en-US"): when
 * the current one is another, the program has selected a voice since. */
static char selected_id[VOICE_NAME_MAX];

static int discard_audio(short *wav, int n, espeak_EVENT *events)
{
    (void)wav;
    (void)n;
    (void)events;
    return 0;
}

static inflect_status start_locked(char *err, size_t err_size)
{
    if (espeak_state == 0) {
        /* The data only, not espeak_Initialize: that also sets up espeak-ng's
         * audio output, and 1.51 does so in every mode by probing for a
         * PulseAudio server (pcaudio opens a client and tries to connect,
         * or to spawn one), which makes 0.45 MB of the audio libraries'
         * pages resident in every process and plays nothing. Phonemizing
         * needs no output; the synchronous one is set up only when a second
         * voice is selected (select_voice_locked). espeak_ng_Initialize
         * returns its failures instead of exiting. */
        program_owned = espeak_ng_GetSampleRate() != 0; /* 0 until initialised */
        espeak_ng_STATUS status = ENS_OK;
        if (!program_owned) {
            espeak_ng_InitializePath(NULL);
            espeak_ng_ERROR_CONTEXT context = NULL;
            status = espeak_ng_Initialize(&context);
            espeak_ng_ClearErrorContext(&context);
        }
        espeak_state = status == ENS_OK ? 1 : -1;
    }
    if (espeak_state < 0)
        return fail(err, err_size, INFLECT_ERR_FRONTEND, "espeak-ng could not be initialised (data files missing?)");
    return INFLECT_OK;
}

/* espeak-ng's synchronous output, with a callback that drops the audio. */
static inflect_status output_locked(char *err, size_t err_size)
{
    if (output_ready)
        return INFLECT_OK;
    if (espeak_ng_InitializeOutput(ENOUTPUT_MODE_SYNCHRONOUS, 0, NULL) != ENS_OK)
        return fail(err, err_size, INFLECT_ERR_NO_MEMORY, "espeak-ng could not set up its output");
    espeak_SetSynthCallback(discard_audio);
    output_ready = true;
    return INFLECT_OK;
}

/* The identifier of espeak-ng's current voice, "" when none is selected. */
static const char *current_id(void)
{
    const espeak_VOICE *v = espeak_GetCurrentVoice();
    return v && v->identifier ? v->identifier : "";
}

static inflect_status select_voice_locked(const char *voice, char *err, size_t err_size)
{
    if (!voice || !voice[0] || strlen(voice) >= VOICE_NAME_MAX)
        return fail(err, err_size, INFLECT_ERR_INVALID_ARGUMENT, "bad espeak-ng voice name");
    if (strcmp(espeak_voice, voice) == 0 && strcmp(current_id(), selected_id) == 0)
        return INFLECT_OK;
    /* espeak-ng 1.51 queues a malloc'd copy of every newly selected voice for
     * its sound generator, which alone frees it; phonemizing never runs the
     * generator, so each switch kept ~1.4 KB for good. Synthesizing nothing
     * runs it and drains the queue, which needs the output: from the second
     * selection on (a process that keeps one voice leaves its one copy and
     * never sets up the output). */
    if (voice_selected && !program_owned) {
        inflect_status st = output_locked(err, err_size);
        if (st != INFLECT_OK)
            return st;
    }
    voice_selected = true; /* even a failed selection may queue a copy */
    /* espeak-ng 1.51 finds "en-us" by name but "en-gb" only by language, and
     * by language it settles for a near miss ("no-such" gives Norwegian), so
     * that route must land on exactly the language asked for. */
    if (espeak_SetVoiceByName(voice) != EE_OK) {
        espeak_VOICE props;
        memset(&props, 0, sizeof props);
        props.languages = voice;
        espeak_VOICE *got = espeak_SetVoiceByProperties(&props) == EE_OK ? espeak_GetCurrentVoice() : NULL;
        /* `languages` is a list of entries, each a priority byte then a name. */
        if (!got || !got->languages || !got->languages[0] || strcasecmp(got->languages + 1, voice) != 0) {
            espeak_voice[0] = selected_id[0] = '\0';
            return fail(err, err_size, INFLECT_ERR_FRONTEND, "espeak-ng has no voice \"%s\"", voice);
        }
    }
    if (output_ready)
        espeak_Synth("", 1, 0, POS_CHARACTER, 0, espeakCHARS_UTF8, NULL, NULL);
    memcpy(espeak_voice, voice, strlen(voice) + 1);
    snprintf(selected_id, sizeof selected_id, "%s", current_id());
    return INFLECT_OK;
}

/* The program's voice, as it is before we select ours: its identifier;
 * "" when the program has selected none (ours is left then: selecting two
 * voices for every text would keep espeak-ng's queued copy of each, ~1.4
 * KB, until the program synthesizes, which a program that only lists
 * voices never does) or when espeak-ng is not the program's. */
static void program_voice(char id[VOICE_NAME_MAX])
{
    const char *cur = current_id();
    id[0] = '\0';
    if (program_owned && cur[0] && strlen(cur) < VOICE_NAME_MAX)
        memcpy(id, cur, strlen(cur) + 1);
}

/* Selects the program's voice again if another is current (ours, or the
 * near miss a failed selection left; espeak-ng finds a voice by its
 * identifier as by its name). */
static void give_back_voice(const char *id)
{
    if (id[0] && strcmp(current_id(), id) != 0)
        espeak_SetVoiceByName(id);
}

inflect_status espeak_check_voice(const char *voice, char *err, size_t err_size)
{
    pthread_mutex_lock(&espeak_lock);
    inflect_status st = start_locked(err, err_size);
    char id[VOICE_NAME_MAX] = "";
    if (st == INFLECT_OK) {
        program_voice(id);
        st = select_voice_locked(voice, err, err_size);
        give_back_voice(id);
    }
    pthread_mutex_unlock(&espeak_lock);
    return st;
}

static int push(phoneme_list *l, int id, int tone)
{
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 64;
        phoneme *p = realloc(l->items, cap * sizeof *p);
        if (!p)
            return -1;
        l->items = p;
        l->cap = cap;
    }
    l->items[l->n].id = (uint16_t)id;
    l->items[l->n].tone = (uint8_t)tone;
    l->n++;
    return 0;
}

static size_t utf8_length(unsigned char c)
{
    return c < 0xC0 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
}

/* Cuts one espeak-ng output string into symbols. Within a segment between
 * separators, the longest inventory symbol is taken at each step, so an
 * r-coloured vowel falls apart into vowel + ɹ, and a code point the inventory
 * lacks (a tone digit of another language, say) is skipped. */
static int parse(const char *s, phoneme_list *out)
{
    int stress = TONE_NONE;
    size_t len = strlen(s);
    size_t i = 0;
    while (i < len) {
        if (s[i] == ' ') {
            stress = TONE_NONE; /* a mark never crosses into the next word */
            i++;
        } else if (strncmp(s + i, SEPARATOR_UTF8, 3) == 0) {
            i += 3;
        } else if (strncmp(s + i, PRIMARY_UTF8, 2) == 0) {
            stress = TONE_PRIMARY;
            i += 2;
        } else if (strncmp(s + i, SECONDARY_UTF8, 2) == 0) {
            stress = TONE_SECONDARY;
            i += 2;
        } else {
            size_t seg = i;
            while (seg < len && s[seg] != ' ' && strncmp(s + seg, SEPARATOR_UTF8, 3) != 0 &&
                   strncmp(s + seg, PRIMARY_UTF8, 2) != 0 && strncmp(s + seg, SECONDARY_UTF8, 2) != 0)
                seg++;
            int id;
            size_t n = symbols_match_prefix(s + i, seg - i, &id);
            if (n == 0) {
                i += utf8_length((unsigned char)s[i]);
                continue;
            }
            int tone = TONE_NONE;
            if (symbols_kind(id) == SYMBOL_KIND_VOWEL) {
                tone = stress;
                stress = TONE_NONE;
            }
            if (push(out, id, tone) != 0)
                return -1;
            i += n;
        }
    }
    return 0;
}

inflect_status espeak_phonemize(const char *voice, const char *const *texts, size_t n, phoneme_list *out, size_t *ends,
                         char *err, size_t err_size)
{
    if (!texts || !out || (n > 0 && !ends))
        return fail(err, err_size, INFLECT_ERR_INVALID_ARGUMENT, "espeak_phonemize: NULL argument");
    pthread_mutex_lock(&espeak_lock);
    inflect_status st = start_locked(err, err_size);
    char id[VOICE_NAME_MAX] = "";
    if (st == INFLECT_OK) {
        program_voice(id);
        st = select_voice_locked(voice, err, err_size);
    }
    const int mode = espeakPHONEMES_IPA | (SEPARATOR << 8);
    for (size_t t = 0; t < n && st == INFLECT_OK; t++) {
        const void *p = texts[t] ? texts[t] : "";
        /* One call returns one of espeak-ng's clauses; loop to the end. */
        while (p && *(const char *)p) {
            const char *ipa = espeak_TextToPhonemes(&p, espeakCHARS_UTF8, mode);
            if (ipa && parse(ipa, out) != 0) {
                st = fail(err, err_size, INFLECT_ERR_NO_MEMORY, "out of memory");
                break;
            }
        }
        ends[t] = out->n;
    }
    give_back_voice(id);
    pthread_mutex_unlock(&espeak_lock);
    return st;
}

void phoneme_list_free(phoneme_list *list)
{
    free(list->items);
    list->items = NULL;
    list->n = list->cap = 0;
}
