/* Symbol inventory, voice id mapping and blank interleaving.
 *
 * Copyright (C) 2026 The Inflect authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "model_input.h"
#include "symbols.h"


static void test_inventory(void)
{
    size_t n = symbols_count();
    CHECK(n > SYMBOL_FIRST_PHONEME + 40, "only %zu symbols", n);
    CHECK(strcmp(symbols_name(SYMBOL_BLANK), "_") == 0, "blank");
    CHECK(strcmp(symbols_name(SYMBOL_SPACE), " ") == 0, "space");
    CHECK(symbols_name(-1) == NULL && symbols_name((int)n) == NULL, "out of range");
    const char *punct = ",.?!…";
    for (int id = SYMBOL_COMMA; id <= SYMBOL_ELLIPSIS; id++) {
        CHECK(strstr(punct, symbols_name(id)) != NULL, "%s", symbols_name(id));
        CHECK(symbols_kind(id) == SYMBOL_KIND_PUNCTUATION, "%d", id);
    }
    for (size_t i = 0; i < n; i++) {
        const char *s = symbols_name((int)i);
        CHECK(s && *s, "%zu has no name", i);
        CHECK(symbols_find(s, strlen(s)) == (int)i, "%s is not unique", s);
        symbol_kind k = symbols_kind((int)i);
        CHECK((i >= SYMBOL_FIRST_PHONEME) == (k == SYMBOL_KIND_VOWEL || k == SYMBOL_KIND_CONSONANT), "%s kind", s);
    }
    const char *affricates_and_diphthongs[] = {"tʃ", "dʒ", "aɪ", "eɪ", "oʊ", "aʊ", "ɔɪ", "iː", "ɜː", "ᵻ", "n̩"};
    for (size_t i = 0; i < sizeof affricates_and_diphthongs / sizeof affricates_and_diphthongs[0]; i++) {
        const char *s = affricates_and_diphthongs[i];
        CHECK(symbols_find(s, strlen(s)) >= SYMBOL_FIRST_PHONEME, "%s missing", s);
    }
    CHECK(symbols_kind(symbols_find("aɪ", strlen("aɪ"))) == SYMBOL_KIND_VOWEL, "aɪ is a vowel");
    CHECK(symbols_kind(symbols_find("tʃ", strlen("tʃ"))) == SYMBOL_KIND_CONSONANT, "tʃ is a consonant");
    /* r-coloured vowels are cut, not listed */
    CHECK(symbols_find("ɑːɹ", strlen("ɑːɹ")) < 0, "ɑːɹ listed");
}

static void test_prefix(void)
{
    int id = -1;
    CHECK(symbols_match_prefix("tʃa", strlen("tʃa"), &id) == strlen("tʃ") && id == symbols_find("tʃ", 3), "tʃ");
    CHECK(symbols_match_prefix("ɑːɹ", strlen("ɑːɹ"), &id) == strlen("ɑː"), "ɑː");
    CHECK(symbols_match_prefix("aɪɚ", strlen("aɪɚ"), &id) == strlen("aɪ"), "aɪ");
    /* a shorter window must not match a longer symbol */
    CHECK(symbols_match_prefix("tʃ", 1, &id) == 1 && id == symbols_find("t", 1), "t");
    CHECK(symbols_match_prefix("_", 1, &id) == 0, "blank is never a phoneme");
    CHECK(symbols_match_prefix(" ", 1, &id) == 0, "space is never a phoneme");
    CHECK(symbols_match_prefix("\xCB\x90", 2, &id) == 0, "a bare length mark");
}

static void test_map(void)
{
    const char *voice[] = {"_", "h", "ə", "l", "oʊ", "oʊ", "Q", " ", "."};
    size_t n = symbols_count();
    int32_t *map = malloc(n * sizeof *map);
    char err[128];
    CHECK(symbols_map(voice, NULL, sizeof voice / sizeof voice[0], map, err, sizeof err) == INFLECT_OK, "%s", err);
    CHECK(map[SYMBOL_BLANK] == 0, "blank");
    CHECK(map[symbols_find("h", 1)] == 1 && map[symbols_find("ə", strlen("ə"))] == 2, "h ə");
    CHECK(map[symbols_find("oʊ", strlen("oʊ"))] == 4, "the first of a duplicate wins");
    CHECK(map[SYMBOL_SPACE] == 7 && map[SYMBOL_PERIOD] == 8, "space, period");
    CHECK(map[SYMBOL_COMMA] == -1 && map[symbols_find("tʃ", strlen("tʃ"))] == -1, "absent symbols");

    /* length-delimited names, as a GGUF string array holds them */
    const char blob[] = "_hx";
    const char *names[] = {blob, blob + 1, blob + 2};
    size_t lens[] = {1, 1, 1};
    CHECK(symbols_map(names, lens, 3, map, err, sizeof err) == INFLECT_OK, "%s", err);
    CHECK(map[symbols_find("h", 1)] == 1 && map[symbols_find("x", 1)] == 2, "lengths respected");

    const char *bad[] = {"a", "_"};
    CHECK(symbols_map(bad, NULL, 2, map, err, sizeof err) == INFLECT_ERR_FORMAT, "id 0 must be _");
    CHECK(symbols_map(bad, NULL, 0, map, err, sizeof err) == INFLECT_ERR_FORMAT, "empty table");
    free(map);
}

static void test_interleave(void)
{
    size_t n = symbols_count();
    int32_t *map = malloc(n * sizeof *map);
    const char *voice[] = {"_", "h", "aɪ", "."};
    char err[128];
    CHECK(symbols_map(voice, NULL, 4, map, err, sizeof err) == INFLECT_OK, "%s", err);
    frontend_token t[4] = {
        {.id = (uint16_t)symbols_find("h", 1)},
        {.id = (uint16_t)symbols_find("aɪ", strlen("aɪ")), .tone = 2},
        {.id = (uint16_t)symbols_find("tʃ", strlen("tʃ"))}, /* the voice lacks it */
        {.id = SYMBOL_PERIOD},
    };
    size_t cap = model_input_length(4);
    CHECK(cap == 13, "%zu", cap);
    int32_t phone[13], tone[13], lang[13];
    size_t src[13];
    size_t k = model_input_interleave(t, 4, map, 3, &model_input_stress_tones, phone, tone, lang, src);
    const int32_t want_phone[] = {0, 0, 0, 1, 0, 2, 0, 3, 0, 0, 0};
    const int32_t want_tone[] = {0, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0};
    const int32_t want_lang[] = {0, 3, 0, 3, 0, 3, 0, 3, 0, 3, 0};
    const size_t want_src[] = {MODEL_INPUT_NO_TOKEN, MODEL_INPUT_NO_TOKEN, MODEL_INPUT_NO_TOKEN, 0, MODEL_INPUT_NO_TOKEN, 1,
                               MODEL_INPUT_NO_TOKEN, 3, MODEL_INPUT_NO_TOKEN, MODEL_INPUT_NO_TOKEN, MODEL_INPUT_NO_TOKEN};
    CHECK(k == 11, "%zu entries", k);
    for (size_t i = 0; i < k && i < 11; i++) {
        CHECK(phone[i] == want_phone[i] && tone[i] == want_tone[i] && lang[i] == want_lang[i] &&
                  src[i] == want_src[i],
              "entry %zu: %d %d %d %zu", i, phone[i], tone[i], lang[i], src[i]);
    }
    CHECK(model_input_interleave(t, 0, map, 3, &model_input_stress_tones, phone, tone, lang, NULL) == 5, "empty utterance is the pads");
    free(map);
}

int main(void)
{
    test_inventory();
    test_prefix();
    test_map();
    test_interleave();
    if (check_failures) {
        fprintf(stderr, "%d check(s) failed\n", check_failures);
        return 1;
    }
    printf("symbols: all checks passed\n");
    return 0;
}
