/* The text of the SSML speech-dispatcher sends: tags dropped, entities
 * decoded.
 *
 * Copyright (C) 2026 The Inflect authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "ssml_text.h"

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

/* Decodes the entity at s ('&'...';') into out; returns the bytes of s it
 * used, or 0 when it is not an entity (the '&' is then kept as it is). A
 * decoded entity is never longer than its source, so this works in place. */
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
    if (s[1] == '#') {
        char *end;
        int hex = s[2] == 'x' || s[2] == 'X';
        unsigned long c = strtoul(s + 2 + hex, &end, hex ? 16 : 10);
        if (end > s + 2 + hex && *end == ';' && end - s <= 12) {
            *written = put_utf8(out, c);
            return (size_t)(end - s) + 1;
        }
    }
    return 0;
}

void ssml_to_text(char *s)
{
    char *out = s;
    for (const char *p = s; *p;) {
        if (*p == '<') {
            const char *close = strchr(p, '>');
            if (!close)
                break; /* an unterminated tag: nothing after it is text */
            p = close + 1;
            *out++ = ' ';
        } else if (*p == '&') {
            size_t written = 0, used = entity(p, out, &written);
            if (used) {
                p += used;
                out += written;
            } else {
                *out++ = *p++;
            }
        } else {
            *out++ = *p++;
        }
    }
    *out = '\0';
}
