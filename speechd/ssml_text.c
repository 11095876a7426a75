/* The text of the SSML speech-dispatcher sends: tags dropped, entities
 * decoded.
 *
 * Copyright (C) 2026 The Inflect authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "ssml_text.h"

#include <stdbool.h>
#include <stdlib.h>
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
    const char *no_sub_end;     /* no "</sub>" after this point */
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

void ssml_marks_free(ssml_marks *marks)
{
    for (size_t i = 0; i < marks->count; i++)
        free(marks->at[i].name);
    free(marks->at);
    *marks = (ssml_marks){0};
}

static bool is_blank(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Whether the tag from p ('<') to gt ('>') is a `tag` tag. */
static bool is_tag(const char *p, const char *gt, const char *tag)
{
    size_t n = strlen(tag);
    const char *after = p + 1 + n;
    return (size_t)(gt - p - 1) >= n && !strncmp(p + 1, tag, n) && (after == gt || is_blank(*after) || *after == '/');
}

/* The value of the attribute `attr` of the tag from p ('<') to gt ('>')
 * when the tag is a `tag` tag, as *value and *len; false when it is not or
 * has no such attribute. Every byte of the tag is read once, but for a
 * quote that has no match before gt: tag_end() let the tag end at gt only
 * because no quote of that kind follows it in the text, so that happens at
 * most once for each kind of quote, and the pass stays linear. */
static bool tag_attribute(const char *p, const char *gt, const char *tag, const char *attr, const char **value,
                          size_t *len)
{
    size_t attr_len = strlen(attr);
    if (!is_tag(p, gt, tag))
        return false;
    for (const char *q = p + 1 + strlen(tag); q < gt;) {
        if (is_blank(*q) || *q == '/') {
            q++;
            continue;
        }
        const char *name = q;
        while (q < gt && !is_blank(*q) && *q != '=')
            q++;
        bool wanted = (size_t)(q - name) == attr_len && !strncmp(name, attr, attr_len);
        while (q < gt && is_blank(*q))
            q++;
        if (q == gt || *q != '=')
            continue; /* an attribute with no value */
        q++;
        while (q < gt && is_blank(*q))
            q++;
        const char *start = q, *end;
        const char *close = q < gt && (*q == '"' || *q == '\'') ? memchr(q + 1, *q, (size_t)(gt - q - 1)) : NULL;
        if (close) {
            start = q + 1;
            end = close;
            q = close + 1;
        } else {
            /* Unquoted (not XML, but read as meant): up to a blank, or
             * the '/' of "/>". */
            while (q < gt && !is_blank(*q) && !(*q == '/' && q + 1 == gt))
                q++;
            end = q;
        }
        if (wanted) {
            *value = start;
            *len = (size_t)(end - start);
            return true;
        }
    }
    return false;
}

/* Whether the tag from p to gt is a <break>, and its pause in milliseconds
 * as *ms: its time ("750ms", "1.5s"), else its strength, else the medium
 * strength SSML gives a bare <break/>; at most SSML_BREAK_MAX_MS, and a
 * value that is neither (a time of "soon", "-1s") counts as absent. */
static bool break_ms(const char *p, const char *gt, unsigned *ms)
{
    static const struct {
        const char *name;
        unsigned ms;
    } strengths[] = {{"none", 0},     {"x-weak", 100},  {"weak", 250},
                     {"medium", 500}, {"strong", 750}, {"x-strong", 1000}};
    const char *value;
    size_t len;
    if (!is_tag(p, gt, "break"))
        return false;
    *ms = 500;
    if (tag_attribute(p, gt, "break", "time", &value, &len) && len > 0 && len < 32) {
        char number[32], *end;
        memcpy(number, value, len);
        number[len] = '\0';
        double t = strtod(number, &end);
        double scale = !strcmp(end, "ms") ? 1.0 : !strcmp(end, "s") ? 1000.0 : -1.0;
        if (end != number && scale > 0 && t >= 0) { /* not NaN */
            *ms = t * scale >= SSML_BREAK_MAX_MS ? SSML_BREAK_MAX_MS : (unsigned)(t * scale + 0.5);
            return true;
        }
    }
    if (tag_attribute(p, gt, "break", "strength", &value, &len))
        for (size_t i = 0; i < sizeof strengths / sizeof strengths[0]; i++)
            if (strlen(strengths[i].name) == len && !strncmp(value, strengths[i].name, len))
                *ms = strengths[i].ms;
    return true;
}

/* The bytes of the valid UTF-8 character at s (n bytes left), 0 when the
 * byte at s does not start one. */
static size_t utf8_char(const unsigned char *s, size_t n)
{
    unsigned char c = s[0];
    size_t need;
    unsigned char lo = 0x80, hi = 0xBF; /* the second byte's range: no overlong forms or surrogates */
    if (c < 0x80)
        return 1;
    if (c >= 0xC2 && c <= 0xDF)
        need = 2;
    else if (c >= 0xE0 && c <= 0xEF) {
        need = 3;
        lo = c == 0xE0 ? 0xA0 : 0x80;
        hi = c == 0xED ? 0x9F : 0xBF;
    } else if (c >= 0xF0 && c <= 0xF4) {
        need = 4;
        lo = c == 0xF0 ? 0x90 : 0x80;
        hi = c == 0xF4 ? 0x8F : 0xBF;
    } else
        return 0;
    if (n < need || s[1] < lo || s[1] > hi)
        return 0;
    for (size_t k = 2; k < need; k++)
        if ((s[k] & 0xC0) != 0x80)
            return 0;
    return need;
}

/* Appends an entry; false when out of memory. */
static bool push(ssml_marks *marks, ssml_mark entry)
{
    if (marks->count == marks->cap) {
        size_t cap = marks->cap ? 2 * marks->cap : 8;
        ssml_mark *grown = realloc(marks->at, cap * sizeof *grown);
        if (!grown)
            return false;
        marks->at = grown;
        marks->cap = cap;
    }
    marks->at[marks->count++] = entry;
    return true;
}

/* Adds the mark named by the raw attribute value (len bytes at value) at
 * offset; false when out of memory. */
static bool add_mark(ssml_marks *marks, const char *value, size_t len, size_t offset)
{
    char *name = malloc(len + 1);
    if (!name)
        return false;
    /* Entities decoded in place: a decoded entity is never longer than
     * its source. */
    size_t n = 0;
    memcpy(name, value, len);
    name[len] = '\0';
    for (size_t i = 0; i < len;) {
        size_t written = 0, used = name[i] == '&' ? entity(name + i, name + n, &written) : 0;
        if (used) {
            i += used;
            n += written;
        } else {
            name[n++] = name[i++];
        }
    }
    /* The server reads the mark as one line (and hands it to its client as
     * UTF-8), so nothing in it may end or break that line. */
    for (size_t i = 0; i < n;) {
        unsigned char c = (unsigned char)name[i];
        size_t k = utf8_char((const unsigned char *)name + i, n - i);
        if (k == 0 || c < 0x20 || c == 0x7F) {
            name[i++] = '?';
            continue;
        }
        i += k;
    }
    name[n] = '\0';
    if (n == 0) { /* only entities that decode to nothing (&#0;) */
        free(name);
        return true;
    }
    if (!push(marks, (ssml_mark){name, 0, offset})) {
        free(name);
        return false;
    }
    return true;
}

bool ssml_to_text(char *s, ssml_marks *marks)
{
    static const char cdata_open[] = "<![CDATA[";
    missing m = {NULL, {NULL, NULL}, NULL, NULL, NULL};
    bool ok = true;
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
            const char *gt = tag_end(p, &m), *name, *sub_end;
            size_t len;
            unsigned ms;
            if (gt && tag_attribute(p, gt, "mark", "name", &name, &len) && len > 0) {
                ok = add_mark(marks, name, len, (size_t)(out - s)) && ok;
            } else if (gt && break_ms(p, gt, &ms) && ms > 0) {
                ok = push(marks, (ssml_mark){NULL, ms, (size_t)(out - s)}) && ok;
            } else if (gt && gt[-1] != '/' && tag_attribute(p, gt, "sub", "alias", &name, &len) &&
                       (sub_end = closed_by(gt, 1, "</sub>", &m.no_sub_end)) &&
                       !memchr(gt + 1, '<', (size_t)(sub_end - 6 - (gt + 1)))) {
                /* <sub alias="World Wide Web Consortium">W3C</sub> says
                 * the alias instead of what it stands over: text alone, as
                 * SSML has it (one that holds a tag, a <mark> say, is read
                 * as written, its marks kept; <sub .../> stands over
                 * nothing). The alias lies ahead of `out` and decoding only
                 * shortens it. */
                *out++ = ' ';
                for (const char *a = name; a < name + len;) {
                    size_t written = 0, used = *a == '&' ? entity(a, out, &written) : 0;
                    if (used) {
                        a += used;
                        out += written;
                    } else {
                        *out++ = *a++;
                    }
                }
                gt = sub_end - 1;
            } else if (gt && (is_tag(p, gt, "s") || is_tag(p, gt, "/s") || is_tag(p, gt, "p") ||
                              is_tag(p, gt, "/p"))) {
                /* A sentence or a paragraph ends where its tag opens or
                 * closes: a blank line, which the engine reads as that. */
                *out++ = '\n';
                *out++ = '\n';
                p = gt + 1;
                continue;
            }
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
    return ok;
}
