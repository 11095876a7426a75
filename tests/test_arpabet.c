/* The cmudict-arpabet frontend against ids worked out by hand from the rules
 * of docs/model.md section 1 and the Debian CMUdict (festlex-cmu): upstream's
 * phone ids, stress digit + 1 + 7 as tone on vowels, 7 elsewhere, lang 2,
 * blank interleaving with tone 0 / lang 0 blanks and `_` pads in the
 * language's tone and lang.
 *
 * Copyright (C) 2026 The Inflect authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <stdio.h>
#include <string.h>

#include "arpabet.h"
#include "check.h"
#include "upstream_ids.h"
#include "voice.h"

/* Upstream ids of the phones used below. */
enum {
    AA = 21, AE = 22, AH = 23, AO = 27, AY = 29, D = 34, DH = 35, EH = 39, ER = 43, EY = 44, F = 45, HH = 49, IH = 59,
    IY = 65, UW = 103, K = 68, L = 70, M = 71, N = 73, OW = 80, P = 82, R = 85, S = 87, T = 89, TH = 90, W = 108, Y = 110, Z = 111,
    EXCL = 208, QUES = 209, ELLIPSIS = 210, COMMA = 211, PERIOD = 212
};
/* Tones: consonants and punctuation, unstressed and primary-stressed vowels. */
enum { C = 7, U = 8, PRI = 9 };

typedef struct {
    int32_t phone[512], tone[512], lang[512];
    size_t n;
    int utterances;
} collected;

static int collect(const inflect_utterance *u, void *user)
{
    collected *c = user;
    c->utterances++;
    for (size_t i = 0; i < u->n && c->n < 512; i++, c->n++) {
        c->phone[c->n] = u->phone_ids[i];
        c->tone[c->n] = u->tone_ids[i];
        c->lang[c->n] = u->lang_ids[i];
    }
    return 0;
}

/* A voice as the loader makes it for an upstream model: only what the
 * frontend and the id builder read. */
static inflect_voice upstream_voice(const char **table)
{
    static char names[UPSTREAM_SYMBOLS][8];
    for (int i = 0; i < UPSTREAM_SYMBOLS; i++) {
        table[i] = upstream_symbol(i);
        if (!table[i]) {
            snprintf(names[i], sizeof names[i], "#%d", i);
            table[i] = names[i];
        }
    }
    inflect_voice v;
    memset(&v, 0, sizeof v);
    v.frontend = FRONTEND_CMUDICT_ARPABET;
    v.espeak_voice = "en-us";
    v.lang_id = UPSTREAM_LANG_ID;
    v.symbols = table;
    v.n_symbols = UPSTREAM_SYMBOLS;
    return v;
}

static const inflect_voice *voice;

static collected run(const char *text)
{
    collected c = {0};
    char err[256];
    inflect_status st = inflect_phonemize(voice, NULL, text, strlen(text), collect, &c, err, sizeof err);
    CHECK(st == INFLECT_OK, "%s: %s", text, err);
    return c;
}

/* The tokens (every second entry between the pads) against phone/tone
 * pairs; checks the blanks and pads on the way. */
static void expect(const char *text, const int *want, size_t n_want)
{
    collected c = run(text);
    CHECK(c.utterances == 1, "%s: %d utterances", text, c.utterances);
    CHECK(c.n == 2 * (n_want / 2) + 5, "%s: %zu ids for %zu tokens", text, c.n, n_want / 2);
    if (c.n != 2 * (n_want / 2) + 5)
        return;
    for (size_t i = 0; i < c.n; i += 2)
        CHECK(c.phone[i] == 0 && c.tone[i] == 0 && c.lang[i] == 0, "%s: entry %zu is not a blank", text, i);
    CHECK(c.phone[1] == 0 && c.tone[1] == C && c.lang[1] == 2, "%s: opening pad", text);
    CHECK(c.phone[c.n - 2] == 0 && c.tone[c.n - 2] == C && c.lang[c.n - 2] == 2, "%s: closing pad", text);
    for (size_t k = 0; k < n_want / 2; k++) {
        size_t i = 3 + 2 * k;
        CHECK(c.phone[i] == want[2 * k] && c.tone[i] == want[2 * k + 1] && c.lang[i] == 2,
              "%s: token %zu is %d/%d/%d, expected %d/%d/2", text, k, c.phone[i], c.tone[i], c.lang[i], want[2 * k],
              want[2 * k + 1]);
    }
}

#define EXPECT(text, ...)                                                                                         \
    do {                                                                                                          \
        static const int w[] = {__VA_ARGS__};                                                                     \
        expect(text, w, sizeof w / sizeof *w);                                                                    \
    } while (0)

int main(void)
{
    const char *table[UPSTREAM_SYMBOLS];
    inflect_voice v = upstream_voice(table);
    voice = &v;

    /* hello = hh ax0 l ow1 (festival's ax is ah), world = w er1 l d */
    EXPECT("Hello, world.", HH, C, AH, U, L, C, OW, PRI, COMMA, C, W, C, ER, PRI, L, C, D, C, PERIOD, C);
    /* No mark of its own: the sentence still ends in "." */
    EXPECT("hello", HH, C, AH, U, L, C, OW, PRI, PERIOD, C);
    EXPECT("Why?", W, C, AY, PRI, QUES, C);
    EXPECT("Stop!", S, C, T, C, AA, PRI, P, C, EXCL, C);
    EXPECT("Wait...", W, C, EY, PRI, T, C, ELLIPSIS, C);
    /* Abbreviation: doctor = d aa1 k t er0 */
    EXPECT("Dr. Smith", D, C, AA, PRI, K, C, T, C, ER, U, S, C, M, C, IH, PRI, TH, C, PERIOD, C);
    /* Currency: three dollars, fifty cents */
    EXPECT("$3.50", TH, C, R, C, IY, PRI, D, C, AA, PRI, L, C, ER, U, Z, C, COMMA, C, F, C, IH, PRI, F, C, T, C, IY, U, S,
           C, EH, PRI, N, C, T, C, S, C, PERIOD, C);
    /* Clock time: ten thirty (th er1 d iy0 in this dictionary) */
    EXPECT("10:30", T, C, EH, PRI, N, C, TH, C, ER, PRI, D, C, IY, U, PERIOD, C);
    /* The Debian CMUdict spells contractions without the apostrophe. */
    EXPECT("Don't.", D, C, OW, PRI, N, C, T, C, PERIOD, C);
    /* A plural the dictionary lacks, from its singular: euros = y uw1 r ow0 z */
    EXPECT("euros", Y, C, UW, PRI, R, C, OW, U, Z, C, PERIOD, C);
    /* Semicolons and dashes read as a comma; runs of marks keep the strongest. */
    EXPECT("yes; no", Y, C, EH, PRI, S, C, COMMA, C, N, C, OW, PRI, PERIOD, C);

    /* Upstream's cleaner keeps the last of a run of marks, and reads a line
     * break as a full stop. */
    EXPECT("Why?!", W, C, AY, PRI, EXCL, C);
    EXPECT("Why?...", W, C, AY, PRI, ELLIPSIS, C);
    collected lines = run("Hello\nworld");
    CHECK(lines.utterances == 2, "a line break gives %d utterances", lines.utterances);

    /* A word CMUdict lacks goes through espeak-ng: whatever it says must be
     * English ARPAbet with upstream's tones. */
    collected c = run("Zorblaxian");
    int english = 0;
    for (size_t i = 3; i + 2 < c.n; i += 2) {
        const char *name = upstream_symbol(c.phone[i]);
        english += name != NULL;
        CHECK(c.tone[i] >= C && c.tone[i] <= 10, "Zorblaxian: tone %d", c.tone[i]);
    }
    CHECK(c.n > 9 && english == (int)(c.n - 5) / 2, "Zorblaxian: %zu ids, %d English tokens", c.n, english);

    /* Empty and punctuation-only text say nothing. */
    CHECK(run("").n == 0 && run("?!,").n == 0, "empty text");

    return check_failures != 0;
}
