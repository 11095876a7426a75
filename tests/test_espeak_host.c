/* A program that uses espeak-ng itself, as one that speaks other languages
 * with it does, beside libinflect: espeak-ng keeps one state per process.
 * libinflect must phonemize English as it does alone, leave the program's
 * voice and synthesis as they were, and not make the program's
 * espeak_Terminate() wait forever (a second espeak_ng_Initialize starts a
 * second queue thread that it joins).
 *
 * Copyright (C) 2026 The Inflect authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <espeak-ng/speak_lib.h>
#include <inflect.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"

#define IDS_MAX 4096

typedef struct {
    int32_t ids[IDS_MAX];
    size_t n;
} id_list;

static int collect(const inflect_utterance *u, void *user)
{
    id_list *l = user;
    for (size_t i = 0; i < u->n && l->n < IDS_MAX; i++)
        l->ids[l->n++] = u->phone_ids[i];
    return 0;
}

static inflect_status phonemize(const char *text, id_list *l)
{
    char err[256];
    l->n = 0;
    inflect_status st = inflect_phonemize(NULL, NULL, text, strlen(text), collect, l, err, sizeof err);
    if (st != INFLECT_OK)
        fprintf(stderr, "inflect_phonemize: %s\n", err);
    return st;
}

static size_t samples_heard;

static int count_samples(short *wav, int n, espeak_EVENT *events)
{
    (void)wav;
    (void)events;
    samples_heard += (size_t)(n > 0 ? n : 0);
    return 0;
}

/* The samples espeak-ng makes of `text` with the program's voice. */
static size_t program_speaks(const char *text)
{
    samples_heard = 0;
    espeak_Synth(text, strlen(text) + 1, 0, POS_CHARACTER, 0, espeakCHARS_UTF8, NULL, NULL);
    return samples_heard;
}

static void terminate_hung(int sig)
{
    (void)sig;
    static const char msg[] = "espeak_Terminate() did not return within 30 s\n";
    if (write(2, msg, sizeof msg - 1) < 0)
        _exit(2);
    _exit(1);
}

int main(void)
{
    const char *english = "The thirty-third president said hello to everyone.";
    const char *german = "Guten Tag, wie geht es Ihnen?";

    /* What libinflect makes of the text alone, in a process where the
     * program never touched espeak-ng. */
    id_list *alone = calloc(1, sizeof *alone), *beside = calloc(1, sizeof *beside);
    int fd[2];
    if (!alone || !beside || pipe(fd) != 0)
        return 1;
    pid_t child = fork();
    if (child == 0) {
        close(fd[0]);
        id_list *l = calloc(1, sizeof *l);
        _exit(l && phonemize(english, l) == INFLECT_OK && write(fd[1], l, sizeof *l) == (ssize_t)sizeof *l ? 0 : 1);
    }
    close(fd[1]);
    size_t got = 0;
    ssize_t r;
    while (got < sizeof *alone && (r = read(fd[0], (char *)alone + got, sizeof *alone - got)) > 0)
        got += (size_t)r;
    int status = 0;
    waitpid(child, &status, 0);
    CHECK(got == sizeof *alone && WIFEXITED(status) && WEXITSTATUS(status) == 0, "the child could not phonemize");

    /* The program's espeak-ng, speaking German. */
    CHECK(espeak_Initialize(AUDIO_OUTPUT_SYNCHRONOUS, 0, NULL, 0) > 0, "espeak_Initialize failed");
    espeak_SetSynthCallback(count_samples);
    CHECK(espeak_SetVoiceByName("de") == EE_OK, "no German voice in espeak-ng");
    size_t before = program_speaks(german);
    CHECK(before > 0, "the program's espeak-ng spoke nothing");

    for (int round = 0; round < 2; round++) {
        /* the program chooses its voice again between our texts */
        CHECK(espeak_SetVoiceByName("de") == EE_OK, "round %d: no German voice", round);
        CHECK(phonemize(english, beside) == INFLECT_OK, "round %d: phonemize failed", round);
        CHECK(beside->n == alone->n && memcmp(beside->ids, alone->ids, alone->n * sizeof *alone->ids) == 0,
              "round %d: %zu ids beside the program's espeak-ng, %zu alone: not the same English", round,
              beside->n, alone->n);
        const espeak_VOICE *v = espeak_GetCurrentVoice();
        CHECK(v && v->name && strcmp(v->name, "German") == 0, "round %d: the program's voice is now %s", round,
              v && v->name ? v->name : "(none)");
        /* espeak-ng's own length of a text moves by a few hundred samples
         * after any change of voice (37,216, 37,033, 37,218 for this one);
         * in English it would be a different text. */
        size_t after = program_speaks(german);
        CHECK(after > before - before / 50 && after < before + before / 50,
              "round %d: the program's German was %zu samples, now %zu", round, before, after);
    }

    /* An espeak-ng voice that is not there (espeak-ng settles for a near
     * miss by language, "nb-xx" Norwegian) leaves the program's, also when
     * that is libinflect's own. */
    const char *keep[] = {"de", "en-us"};
    for (size_t k = 0; k < 2; k++) {
        char err[256];
        id_list *l = beside;
        CHECK(espeak_SetVoiceByName(keep[k]) == EE_OK, "no %s voice", keep[k]);
        char before_id[64];
        snprintf(before_id, sizeof before_id, "%s", espeak_GetCurrentVoice()->identifier);
        l->n = 0;
        CHECK(inflect_phonemize(NULL, "nb-xx", english, strlen(english), collect, l, err, sizeof err) != INFLECT_OK,
              "espeak-ng voice nb-xx was found");
        const espeak_VOICE *v = espeak_GetCurrentVoice();
        CHECK(v && v->identifier && strcmp(v->identifier, before_id) == 0,
              "after a failed selection the program's %s voice is %s", keep[k],
              v && v->identifier ? v->identifier : "(none)");
        CHECK(phonemize(english, l) == INFLECT_OK && l->n == alone->n &&
                  memcmp(l->ids, alone->ids, alone->n * sizeof *alone->ids) == 0,
              "after a failed selection (program's %s), not the same English", keep[k]);
    }

    signal(SIGALRM, terminate_hung);
    alarm(30);
    espeak_Terminate();
    alarm(0);
    free(alone);
    free(beside);
    if (check_failures) {
        fprintf(stderr, "%d check(s) failed\n", check_failures);
        return 1;
    }
    puts("espeak-ng beside the program's: all checks passed");
    return 0;
}
