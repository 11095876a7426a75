/* How the text of a message is read: punctuation and spelling modes.
 *
 * Copyright (C) 2026 The Inflect authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "reading.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* The ASCII punctuation characters, by the mode that first reads them.
 * PUNCT_SOME marks the seven the engine reads as words on its own ("5%"
 * is "five percent", "a@b" "a at b"), in context better than a name put
 * in their place would be, so those modes leave them to it; their names
 * here are for spelling. Of the others the engine reads only a few, and
 * only before a number ("~50" about fifty, "p < 0.05", "2^10"): brackets,
 * ',', ';' and ':' make a pause, '.', '?' and '!' end a sentence, the
 * rest is silent. */
static const struct {
    char c;
    punct_mode level;
    const char *name;
} symbols[] = {
    {'!', PUNCT_ALL, "exclamation mark"}, {'"', PUNCT_ALL, "quote"},
    {'#', PUNCT_SOME, "hash"},            {'$', PUNCT_SOME, "dollar"},
    {'%', PUNCT_SOME, "percent"},         {'&', PUNCT_SOME, "ampersand"},
    {'\'', PUNCT_ALL, "apostrophe"},      {'(', PUNCT_MOST, "left paren"},
    {')', PUNCT_MOST, "right paren"},     {'*', PUNCT_MOST, "star"},
    {'+', PUNCT_SOME, "plus"},            {',', PUNCT_ALL, "comma"},
    {'-', PUNCT_MOST, "dash"},            {'.', PUNCT_ALL, "dot"},
    {'/', PUNCT_MOST, "slash"},           {':', PUNCT_ALL, "colon"},
    {';', PUNCT_ALL, "semicolon"},        {'<', PUNCT_MOST, "less than"},
    {'=', PUNCT_SOME, "equals"},          {'>', PUNCT_MOST, "greater than"},
    {'?', PUNCT_ALL, "question mark"},    {'@', PUNCT_SOME, "at"},
    {'[', PUNCT_MOST, "left bracket"},    {'\\', PUNCT_MOST, "backslash"},
    {']', PUNCT_MOST, "right bracket"},   {'^', PUNCT_MOST, "caret"},
    {'_', PUNCT_MOST, "underscore"},      {'`', PUNCT_MOST, "backtick"},
    {'{', PUNCT_MOST, "left brace"},      {'|', PUNCT_MOST, "bar"},
    {'}', PUNCT_MOST, "right brace"},     {'~', PUNCT_MOST, "tilde"},
};

static int symbol_index(char c)
{
    for (size_t i = 0; i < sizeof symbols / sizeof symbols[0]; i++)
        if (symbols[i].c == c)
            return (int)i;
    return -1;
}

static bool is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

/* A growing string; `failed` once an allocation failed, after which
 * appending does nothing. */
typedef struct {
    char *s;
    size_t len, cap;
    bool failed;
} buffer;

static void append(buffer *b, const char *s, size_t n)
{
    if (b->failed)
        return;
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 256;
        while (b->len + n + 1 > cap)
            cap *= 2;
        char *grown = realloc(b->s, cap);
        if (!grown) {
            b->failed = true;
            return;
        }
        b->s = grown;
        b->cap = cap;
    }
    memcpy(b->s + b->len, s, n);
    b->len += n;
    b->s[b->len] = '\0';
}

static void append_str(buffer *b, const char *s)
{
    append(b, s, strlen(s));
}

/* The finished string (empty rather than NULL for no text), or NULL after
 * a failed allocation. */
static char *finish(buffer *b)
{
    if (!b->failed && !b->s)
        append(b, "", 0);
    if (b->failed) {
        free(b->s);
        return NULL;
    }
    return b->s;
}

/* Moves the marks not moved yet that stood before input byte `at` to the
 * end of the output so far; *next counts the marks moved. The marks are in
 * text order, so each is looked at once. */
static void move_marks(ssml_marks *marks, size_t *next, size_t at, const buffer *b)
{
    for (; marks && *next < marks->count && marks->at[*next].offset <= at; (*next)++)
        marks->at[*next].offset = b->len;
}

char *read_punctuation(const char *text, punct_mode mode, ssml_marks *marks)
{
    buffer b = {NULL, 0, 0, false};
    size_t moved = 0;
    for (const char *p = text; *p; p++) {
        move_marks(marks, &moved, (size_t)(p - text), &b);
        int i = symbol_index(*p);
        if (i < 0) {
            append(&b, p, 1);
        } else if (symbols[i].level == PUNCT_SOME) {
            append(&b, mode == PUNCT_NONE ? " " : p, 1);
        } else if (mode >= symbols[i].level) {
            append_str(&b, " ");
            append_str(&b, symbols[i].name);
            append_str(&b, " ");
            /* A clause or sentence mark at the end of a word keeps its
             * pause: "Hello, world." reads "Hello comma, world dot.".
             * Inside a word ("3.5", "5:30") it is only named. */
            if (strchr(".,;:?!", *p) && (!p[1] || is_space(p[1])))
                append(&b, p, 1);
        } else {
            append(&b, p, 1);
        }
    }
    move_marks(marks, &moved, SIZE_MAX, &b);
    return finish(&b);
}

/* The bytes of the UTF-8 character starting at p (1 for a stray byte). */
static size_t char_length(const char *p)
{
    unsigned char c = (unsigned char)*p;
    size_t n = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
    for (size_t k = 1; k < n; k++)
        if (((unsigned char)p[k] & 0xC0) != 0x80)
            return k;
    return n;
}

bool is_capital(const char *p)
{
    const unsigned char *u = (const unsigned char *)p;
    return (u[0] >= 'A' && u[0] <= 'Z') || (u[0] == 0xC3 && u[1] >= 0x80 && u[1] <= 0x9E && u[1] != 0x97);
}

char *spell_text(const char *text, ssml_marks *marks, bool capitals)
{
    buffer b = {NULL, 0, 0, false};
    size_t moved = 0;
    /* What goes before the next character: nothing at the start, a comma
     * within a word, and between words a full stop and a blank line, which
     * ends the engine's sentence there (a longer pause and a falling tone);
     * a full stop alone would not, after a single letter and before a
     * lower-case word. */
    const char *separator = "";
    for (const char *p = text; *p;) {
        /* Before the separator: a mark between two words is reached
         * before the next one is spelled. */
        move_marks(marks, &moved, (size_t)(p - text), &b);
        if (is_space(*p)) {
            if (*separator)
                separator = ".\n\n";
            p++;
            continue;
        }
        append_str(&b, separator);
        separator = ", ";
        if (capitals && is_capital(p))
            append_str(&b, "capital ");
        int i = symbol_index(*p);
        size_t n = char_length(p);
        if (i >= 0)
            append_str(&b, symbols[i].name);
        else
            append(&b, p, n);
        p += n;
    }
    if (*separator)
        append_str(&b, ".");
    move_marks(marks, &moved, SIZE_MAX, &b);
    return finish(&b);
}

/* Whether the n bytes at p name a modifier SSIP puts before a key. */
static bool is_modifier(const char *p, size_t n)
{
    static const char *const modifiers[] = {"shift", "ctrl", "control", "alt", "super", "hyper", "meta"};
    for (size_t i = 0; i < sizeof modifiers / sizeof modifiers[0]; i++)
        if (strlen(modifiers[i]) == n && !strncmp(p, modifiers[i], n))
            return true;
    return false;
}

char *read_key(const char *name)
{
    buffer b = {NULL, 0, 0, false};
    const char *p = name;
    /* Each modifier and the '_' after it; a '_' with nothing before or
     * after it is the key itself ("_", "shift__"). */
    for (const char *u; (u = strchr(p, '_')) && u > p && u[1] && is_modifier(p, (size_t)(u - p)); p = u + 1) {
        append(&b, p, (size_t)(u - p));
        append_str(&b, " ");
    }
    if (!strncmp(p, "kp-", 3) && p[3]) {
        append_str(&b, "keypad ");
        p += 3;
    }
    size_t n = char_length(p);
    int i = n == 1 ? symbol_index(*p) : -1;
    if (*p && !p[n]) {
        /* One character: punctuation by its name, which the engine would
         * not say at all ("-", "?"), anything else as it is. */
        if (i >= 0)
            append_str(&b, symbols[i].name);
        else
            append(&b, p, n);
    } else {
        for (; *p; p++)
            append(&b, *p == '-' || *p == '_' ? " " : p, 1); /* "page-up", "double-quote" */
    }
    return finish(&b);
}
