/* Copyright (C) 2026 The Inflect authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "abbreviations.h"

#include <string.h>

typedef enum {
    TITLE,         /* before a name: never ends a sentence */
    WORD,          /* ends the sentence before a capitalised word */
    MONTH,         /* a WORD, but not before a number */
    BEFORE_NUMBER, /* an abbreviation only before a number */
    STREET_TITLE,  /* St. and Dr.: the title, or a WORD after a name */
    LOWER_TITLE    /* a TITLE only in small letters: "v." but not the initial "V." */
} abbr_kind;

typedef struct {
    const char *abbr, *reading, *street;
    abbr_kind kind;
} abbreviation;

static const abbreviation table[] = {
    {"mr", "mister", NULL, TITLE},
    {"mrs", "misess", NULL, TITLE},
    {"ms", "miz", NULL, TITLE},
    {"messrs", "messieurs", NULL, TITLE},
    {"mme", "madame", NULL, TITLE},
    {"mlle", "mademoiselle", NULL, TITLE},
    {"dr", "doctor", "drive", STREET_TITLE},
    {"st", "saint", "street", STREET_TITLE},
    {"drs", "doctors", NULL, TITLE},
    {"prof", "professor", NULL, TITLE},
    {"rev", "reverend", NULL, TITLE},
    {"fr", "father", NULL, TITLE},
    {"gen", "general", NULL, TITLE},
    {"col", "colonel", NULL, TITLE},
    {"maj", "major", NULL, TITLE},
    {"lt", "lieutenant", NULL, TITLE},
    {"capt", "captain", NULL, TITLE},
    {"sgt", "sergeant", NULL, TITLE},
    {"gov", "governor", NULL, TITLE},
    {"sen", "senator", NULL, TITLE},
    {"rep", "representative", NULL, TITLE},
    {"pres", "president", NULL, TITLE},
    {"supt", "superintendent", NULL, TITLE},
    {"hon", "honorable", NULL, TITLE},
    {"mt", "mount", NULL, TITLE},
    {"ft", "fort", NULL, TITLE},
    {"vs", "versus", NULL, TITLE},
    {"v", "versus", NULL, LOWER_TITLE}, /* "Roe v. Wade"; "John V. Smith" */
    {"a.k.a", "also known as", NULL, TITLE}, /* a name follows: "a.k.a. Bob" */
    {"co", "company", NULL, WORD},
    {"corp", "corporation", NULL, WORD},
    {"inc", "incorporated", NULL, WORD},
    {"ltd", "limited", NULL, WORD},
    {"jr", "junior", NULL, WORD},
    {"sr", "senior", NULL, WORD},
    {"esq", "esquire", NULL, WORD},
    {"ave", "avenue", NULL, WORD},
    {"blvd", "boulevard", NULL, WORD},
    {"rd", "road", NULL, WORD},
    {"dept", "department", NULL, WORD},
    {"approx", "approximately", NULL, WORD},
    {"etc", "et cetera", NULL, WORD},
    {"e.g", "for example", NULL, WORD},
    {"i.e", "that is", NULL, WORD},
    {"jan", "january", NULL, MONTH},
    {"feb", "february", NULL, MONTH},
    {"mar", "march", NULL, MONTH},
    {"apr", "april", NULL, MONTH},
    {"jun", "june", NULL, MONTH},
    {"jul", "july", NULL, MONTH},
    {"aug", "august", NULL, MONTH},
    {"sep", "september", NULL, MONTH},
    {"sept", "september", NULL, MONTH},
    {"oct", "october", NULL, MONTH},
    {"nov", "november", NULL, MONTH},
    {"dec", "december", NULL, MONTH},
    {"no", "number", NULL, BEFORE_NUMBER},
    {"nos", "numbers", NULL, BEFORE_NUMBER},
    {"fig", "figure", NULL, BEFORE_NUMBER},
    {"vol", "volume", NULL, BEFORE_NUMBER},
    {"ch", "chapter", NULL, BEFORE_NUMBER},
    {"p", "page", NULL, BEFORE_NUMBER},
    {"pp", "pages", NULL, BEFORE_NUMBER},
    {"ext", "extension", NULL, BEFORE_NUMBER}, /* of a phone number: "ext. 89" */
    {"apt", "apartment", NULL, BEFORE_NUMBER},
    {"eq", "equation", NULL, BEFORE_NUMBER},
    {"ref", "reference", NULL, BEFORE_NUMBER},
    {"sec", "section", NULL, BEFORE_NUMBER},
    {"art", "article", NULL, BEFORE_NUMBER},
    {"para", "paragraph", NULL, BEFORE_NUMBER},
    {"est", "established", NULL, BEFORE_NUMBER}, /* "Est. 1990" */
    {"tel", "telephone", NULL, BEFORE_NUMBER},
    {"max", "maximum", NULL, BEFORE_NUMBER},
    {"min", "minimum", NULL, BEFORE_NUMBER},
};

static bool same_ci(const char *w, size_t n, const char *abbr)
{
    if (strlen(abbr) != n)
        return false;
    for (size_t i = 0; i < n; i++) {
        char c = w[i];
        if (c >= 'A' && c <= 'Z')
            c = (char)(c - 'A' + 'a');
        if (c != abbr[i])
            return false;
    }
    return true;
}

abbr_next abbr_next_of(uint32_t c)
{
    if (c == 0)
        return ABBR_NEXT_NONE;
    if (c >= '0' && c <= '9')
        return ABBR_NEXT_DIGIT;
    /* Capitals of the Latin letters (ASCII, Latin-1, Latin Extended-A's even code points). */
    if ((c >= 'A' && c <= 'Z') || (c >= 0xC0 && c <= 0xDE && c != 0xD7) || (c >= 0x100 && c <= 0x17F && !(c & 1)))
        return ABBR_NEXT_UPPER;
    return ABBR_NEXT_LOWER;
}

const char *abbr_reading(const char *w, size_t n, const abbr_context *ctx, bool *ends_sentence)
{
    static const abbr_context none = {false, ABBR_NEXT_NONE};
    if (!ctx)
        ctx = &none;
    *ends_sentence = false;
    for (size_t i = 0; i < sizeof table / sizeof *table; i++) {
        const abbreviation *a = &table[i];
        if (!same_ci(w, n, a->abbr))
            continue;
        bool before_capital = ctx->next == ABBR_NEXT_UPPER;
        switch (a->kind) {
        case TITLE:
            return a->reading;
        case STREET_TITLE:
            if (ctx->prev_name || !before_capital) {
                *ends_sentence = before_capital;
                return a->street;
            }
            return a->reading;
        case WORD:
            *ends_sentence = before_capital;
            return a->reading;
        case MONTH:
            *ends_sentence = before_capital;
            return a->reading;
        case BEFORE_NUMBER:
            return ctx->next == ABBR_NEXT_DIGIT ? a->reading : NULL;
        case LOWER_TITLE:
            return w[0] >= 'a' && w[0] <= 'z' ? a->reading : NULL;
        }
    }
    return NULL;
}
