/* The text of the SSML speech-dispatcher sends: tags dropped, entities
 * decoded.
 *
 * Copyright (C) 2026 The Inflect authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "ssml_text.h"

#include <stdbool.h>
#include <string.h>

/* Writes code point c as UTF-8 at out; returns the bytes written (0 for a
 * value that is not a character, which is then dropped). */
static size_t put_utf8(char *out, unsigned long c)
{
    if (c == 0 || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
        return 0;
    if (c < 0x80) {
        out[0] = (char)c;
        return 1;
    }
    if (c < 0x800) {
        out[0] = (char)(0xC0 | (c >> 6));
        out[1] = (char)(0x80 | (c & 0x3F));
        return 2;
    }
    if (c < 0x10000) {
        out[0] = (char)(0xE0 | (c >> 12));
        out[1] = (char)(0x80 | ((c >> 6) & 0x3F));
        out[2] = (char)(0x80 | (c & 0x3F));
        return 3;
    }
    out[0] = (char)(0xF0 | (c >> 18));
    out[1] = (char)(0x80 | ((c >> 12) & 0x3F));
    out[2] = (char)(0x80 | ((c >> 6) & 0x3F));
    out[3] = (char)(0x80 | (c & 0x3F));
    return 4;
}

static int digit_value(char c, bool hex)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (hex && c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (hex && c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* Decodes the entity at s ('&'...';') into out; returns the bytes of s it
 * used, or 0 when it is not an entity (the '&' is then kept as it is). A
 * decoded entity is never longer than its source, so this works in place.
 * A numeric reference reads at most 8 digits (strtoul would skip spaces,
 * take a sign and read any number of digits), so each '&' costs a bounded
 * look ahead. */
static size_t entity(const char *s, char *out, size_t *written)
{
    static const struct {
        const char *name;
        char c;
    } named[] = {{"&amp;", '&'}, {"&lt;", '<'}, {"&gt;", '>'}, {"&quot;", '"'}, {"&apos;", '\''}};
    for (size_t i = 0; i < sizeof named / sizeof named[0]; i++) {
        size_t n = strlen(named[i].name);
        if (!strncmp(s, named[i].name, n)) {
            out[0] = named[i].c;
            *written = 1;
            return n;
        }
    }
    if (s[1] != '#')
        return 0;
    bool hex = s[2] == 'x' || s[2] == 'X';
    const char *d = s + 2 + hex;
    unsigned long c = 0;
    int n = 0, v;
    while (n < 8 && (v = digit_value(d[n], hex)) >= 0) {
        c = c * (hex ? 16 : 10) + (unsigned long)v;
        n++;
    }
    if (n == 0 || d[n] != ';')
        return 0;
    *written = put_utf8(out, c);
    return (size_t)(d + n - s) + 1;
}

/* What a search for the end of a piece of markup found missing from the
 * rest of the text. A later search for the same thing from further on
 * would fail the same way, so it is answered from here instead: each kind
 * of failed search runs to the end of the text once, which keeps the whole
 * pass linear however the markup is broken (a megabyte of '<', quotes that
 * never close). NULL: not known to be missing. */
typedef struct {
    /* A tag that opened here reached the end of the text with no '>'
     * outside its quoted values: the rest of the text is text, and a '<'
     * further on starts no tag. (A later '<' could have closed at a '>'
     * that this tag read inside quotes; searching again from each one
     * would be quadratic: <a ">"<a ">"...) */
    const char *no_gt;
    const char *no_quote[2];    /* this '"' (0) or '\'' (1) is the last of its kind */
    const char *no_comment_end; /* no "-->" after this point */
    const char *no_pi_end;      /* no "?>" after this point */
} missing;

/* The '>' that ends the tag starting at p ('<'): the first one outside a
 * quoted attribute value, so that <mark name="a>b"/> is one tag. A quote
 * that is never closed is taken as a stray character and the search goes
 * on after it. NULL when the text ends first (see missing.no_gt). */
static const char *tag_end(const char *p, missing *m)
{
    if (m->no_gt && p >= m->no_gt)
        return NULL;
    char quote = 0;
    const char *open = NULL;
    for (const char *q = p + 1;; q++) {
        if (!*q) {
            if (!quote) {
                m->no_gt = p;
                return NULL;
            }
            m->no_quote[quote == '\''] = open;
            quote = 0;
            q = open; /* read on from the character after the stray quote */
            continue;
        }
        if (quote) {
            if (*q == quote)
                quote = 0;
        } else if (*q == '>') {
            return q;
        } else if (*q == '"' || *q == '\'') {
            const char *last = m->no_quote[*q == '\''];
            if (!last || q < last) {
                quote = *q;
                open = q;
            }
        }
    }
}

/* The first `closer` (a few bytes) in the text from p, or NULL. Written
 * out rather than strstr(), whose cost under a sanitizer is the length of
 * the whole rest of the text at every call. */
static const char *find(const char *p, const char *closer)
{
    size_t n = strlen(closer);
    for (; *p; p++)
        if (*p == closer[0] && !strncmp(p, closer, n))
            return p;
    return NULL;
}

/* The end of a comment or processing instruction starting at p: just past
 * its closing sequence, or NULL when it has none (recorded in *none, so
 * that the search runs once). */
static const char *closed_by(const char *p, size_t skip, const char *closer, const char **none)
{
    if (*none && p >= *none)
        return NULL;
    const char *end = find(p + skip, closer);
    if (!end) {
        *none = p;
        return NULL;
    }
    return end + strlen(closer);
}

/* Whether '<' followed by c can start a tag: a name, an end tag, a
 * declaration or a processing instruction. Otherwise ("x < y" written
 * without &lt;) the '<' is a character of the text. */
static bool starts_markup(char c)
{
    unsigned char u = (unsigned char)c;
    return (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || u == '_' || u == ':' || u == '/' || u == '!' ||
           u == '?' || u >= 0x80;
}

void ssml_to_text(char *s)
{
    static const char cdata_open[] = "<![CDATA[";
    missing m = {NULL, {NULL, NULL}, NULL, NULL};
    char *out = s;
    const char *p = s;
    while (*p) {
        if (*p == '&') {
            size_t written = 0, used = entity(p, out, &written);
            if (used) {
                p += used;
                out += written;
            } else {
                *out++ = *p++;
            }
            continue;
        }
        if (*p != '<' || !starts_markup(p[1])) {
            *out++ = *p++;
            continue;
        }
        const char *after = NULL; /* just past the markup; NULL when it is not closed */
        if (!strncmp(p, cdata_open, sizeof cdata_open - 1)) {
            /* Character data: its text as written, '<' and '&' included.
             * One that is never closed runs to the end of the message. */
            const char *text = p + sizeof cdata_open - 1;
            const char *end = find(text, "]]>");
            size_t n = end ? (size_t)(end - text) : strlen(text);
            memmove(out, text, n);
            out += n;
            p = text + n + (end ? 3 : 0);
            continue;
        }
        if (!strncmp(p, "<!--", 4)) {
            after = closed_by(p, 4, "-->", &m.no_comment_end);
        } else if (p[1] == '?') {
            after = closed_by(p, 2, "?>", &m.no_pi_end);
        } else {
            const char *gt = tag_end(p, &m);
            after = gt ? gt + 1 : NULL;
        }
        if (!after) {
            /* Markup that is never closed is not markup: its '<' is read
             * as a character and the text after it as text, rather than
             * dropping the rest of the message. */
            *out++ = *p++;
            continue;
        }
        p = after;
        *out++ = ' ';
    }
    *out = '\0';
}
