/* Copyright (C) 2026 The Inflect authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * A small strict JSON reader, enough for the three id arrays: the input is
 * the user's, so every malformed byte is an error with its line, never a
 * guess. Nesting of skipped values is bounded so hostile input cannot
 * exhaust the stack.
 */
#include "ids_json.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { MAX_DEPTH = 64 };

typedef struct {
    const char *s;
    size_t len, pos;
    char *err;
    size_t err_size;
    bool failed;
} reader;

static bool error(reader *r, const char *fmt, ...)
{
    if (r->failed)
        return false;
    size_t line = 1;
    for (size_t i = 0; i < r->pos && i < r->len; i++)
        line += r->s[i] == '\n';
    int k = snprintf(r->err, r->err_size, "line %zu: ", line);
    va_list ap;
    va_start(ap, fmt);
    if (k >= 0 && (size_t)k < r->err_size)
        vsnprintf(r->err + k, r->err_size - (size_t)k, fmt, ap);
    va_end(ap);
    r->failed = true;
    return false;
}

static void skip_space(reader *r)
{
    while (r->pos < r->len && strchr(" \t\r\n", r->s[r->pos]) && r->s[r->pos])
        r->pos++;
}

static int peek(reader *r)
{
    skip_space(r);
    return r->pos < r->len ? (unsigned char)r->s[r->pos] : -1;
}

static bool expect(reader *r, char c)
{
    if (peek(r) != (unsigned char)c)
        return r->pos < r->len ? error(r, "expected '%c', found '%c'", c, r->s[r->pos])
                               : error(r, "expected '%c', found the end of the input", c);
    r->pos++;
    return true;
}

/* A string; its content (escapes left as written) at *start, *n bytes. */
static bool string(reader *r, size_t *start, size_t *n)
{
    if (!expect(r, '"'))
        return false;
    *start = r->pos;
    while (r->pos < r->len && r->s[r->pos] != '"') {
        unsigned char c = (unsigned char)r->s[r->pos];
        if (c < 0x20)
            return error(r, "control character in a string");
        r->pos += c == '\\' ? 2 : 1;
    }
    if (r->pos >= r->len)
        return error(r, "unterminated string");
    *n = r->pos - *start;
    r->pos++;
    return true;
}

/* An integer in int32 range (JSON number syntax without fraction or exponent). */
static bool integer(reader *r, int32_t *out)
{
    skip_space(r);
    bool neg = r->pos < r->len && r->s[r->pos] == '-';
    size_t at = r->pos + neg;
    int64_t v = 0;
    size_t digits = 0;
    while (at + digits < r->len && r->s[at + digits] >= '0' && r->s[at + digits] <= '9') {
        v = v * 10 + (r->s[at + digits] - '0');
        if (v > (int64_t)INT32_MAX + 1)
            return error(r, "id out of range");
        digits++;
    }
    if (digits == 0)
        return error(r, "expected an integer id");
    char next = at + digits < r->len ? r->s[at + digits] : ' ';
    if (next == '.' || next == 'e' || next == 'E')
        return error(r, "ids must be integers");
    if ((digits > 1 && r->s[at] == '0') || (!neg && v > INT32_MAX))
        return error(r, "malformed or out-of-range id");
    *out = (int32_t)(neg ? -v : v);
    r->pos = at + digits;
    return true;
}

static bool int_array(reader *r, int32_t **out, size_t *n)
{
    size_t cap = 0;
    *n = 0;
    if (!expect(r, '['))
        return false;
    if (peek(r) == ']') {
        r->pos++;
        return true;
    }
    for (;;) {
        if (*n == cap) {
            cap = cap ? cap * 2 : 64;
            int32_t *p = realloc(*out, cap * sizeof *p);
            if (!p)
                return error(r, "out of memory");
            *out = p;
        }
        if (!integer(r, &(*out)[*n]))
            return false;
        (*n)++;
        int c = peek(r);
        r->pos++;
        if (c == ']')
            return true;
        if (c != ',') {
            r->pos--;
            return error(r, "expected ',' or ']' in an id array");
        }
    }
}

static bool literal(reader *r, const char *word)
{
    size_t n = strlen(word);
    if (r->len - r->pos < n || memcmp(r->s + r->pos, word, n) != 0)
        return error(r, "unexpected character '%c'", r->s[r->pos]);
    r->pos += n;
    return true;
}

/* Any JSON value, checked and passed over. */
static bool skip_value(reader *r, int depth)
{
    if (depth > MAX_DEPTH)
        return error(r, "values nested more than %d deep", MAX_DEPTH);
    int c = peek(r);
    size_t start, n;
    if (c == '"')
        return string(r, &start, &n);
    if (c == '-' || (c >= '0' && c <= '9')) {
        /* Other keys may hold any number: take JSON's number characters. */
        while (r->pos < r->len && strchr("+-.eE0123456789", r->s[r->pos]) && r->s[r->pos])
            r->pos++;
        return true;
    }
    if (c == '[' || c == '{') {
        char close = c == '[' ? ']' : '}';
        r->pos++;
        if (peek(r) == close) {
            r->pos++;
            return true;
        }
        for (;;) {
            if (close == '}' && (!string(r, &start, &n) || !expect(r, ':')))
                return false;
            if (!skip_value(r, depth + 1))
                return false;
            int d = peek(r);
            r->pos++;
            if (d == close)
                return true;
            if (d != ',') {
                r->pos--;
                return error(r, "expected ',' or '%c'", close);
            }
        }
    }
    if (c == 't')
        return literal(r, "true");
    if (c == 'f')
        return literal(r, "false");
    if (c == 'n')
        return literal(r, "null");
    return c < 0 ? error(r, "unexpected end of the input") : error(r, "unexpected character '%c'", c);
}

void ids_json_free(ids_json_utterance *u)
{
    free(u->phone);
    free(u->tone);
    free(u->lang);
    memset(u, 0, sizeof *u);
}

int ids_json_next(const char *text, size_t len, size_t *pos, ids_json_utterance *u, char *err, size_t err_size)
{
    static const char *const keys[3] = {"phone", "tone", "lang"};
    reader r = {.s = text, .len = len, .pos = *pos, .err = err, .err_size = err_size};
    memset(u, 0, sizeof *u);
    if (peek(&r) < 0) {
        *pos = r.pos;
        return 0;
    }
    size_t object_start = r.pos;
    int32_t *arrays[3] = {NULL, NULL, NULL};
    size_t counts[3] = {0, 0, 0};
    bool seen[3] = {false, false, false};
    bool ok = expect(&r, '{');
    if (ok && peek(&r) == '}')
        r.pos++;
    else
        while (ok) {
            size_t start = 0, n = 0;
            int which = -1;
            ok = string(&r, &start, &n) && expect(&r, ':');
            for (int k = 0; ok && k < 3; k++)
                if (n == strlen(keys[k]) && memcmp(text + start, keys[k], n) == 0)
                    which = k;
            if (ok && which >= 0 && seen[which])
                ok = error(&r, "key \"%s\" given twice", keys[which]);
            if (ok && which >= 0) {
                seen[which] = true;
                ok = int_array(&r, &arrays[which], &counts[which]);
            } else if (ok) {
                ok = skip_value(&r, 1);
            }
            int c = ok ? peek(&r) : 0;
            if (ok && c == '}') {
                r.pos++;
                break;
            }
            if (ok && c != ',')
                ok = error(&r, "expected ',' or '}' in an object");
            r.pos++;
        }
    size_t object_end = r.pos;
    if (ok) {
        r.pos = object_start; /* errors about the object as a whole name its first line */
        for (int k = 0; ok && k < 3; k++)
            if (!seen[k])
                ok = error(&r, "the object has no \"%s\" array", keys[k]);
        if (ok && counts[0] == 0)
            ok = error(&r, "empty id arrays: nothing to speak");
        if (ok && (counts[1] != counts[0] || counts[2] != counts[0]))
            ok = error(&r, "\"phone\", \"tone\" and \"lang\" have %zu, %zu and %zu ids: they must be the same",
                       counts[0], counts[1], counts[2]);
    }
    if (!ok) {
        for (int k = 0; k < 3; k++)
            free(arrays[k]);
        return -1;
    }
    *u = (ids_json_utterance){arrays[0], arrays[1], arrays[2], counts[0]};
    *pos = object_end;
    return 1;
}
