/* Copyright (C) 2026 The Inflect authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "v2_symbols.h"

#include <stddef.h>
#include <string.h>

#include "v2_model.h"

/* In id order, one code point each: the blank, 16 marks (the last a
 * space), A-Z, a-z, then IPA. */
static const char table[] =
    "_"
    ";:,.!?\u00a1\u00bf\u2014\u2026\"\u00ab\u00bb\u201c\u201d "
    "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    "abcdefghijklmnopqrstuvwxyz"
    "ɑɐɒæɓʙβɔɕçɗɖðʤəɘɚɛɜɝɞɟʄɡɠɢʛɦɧħɥʜɨɪʝɭɬɫɮʟɱɯɰŋɳɲɴøɵɸθœɶʘɹɺɾɻʀʁɽʂʃʈʧʉʊʋⱱʌɣɤʍχʎʏʑʐʒʔʡʕʢǀǁǂǃ"
    "ˈˌːˑʼʴʰʱʲʷˠˤ˞↓↑→↗↘'\u0329'ᵻ";

/* Bytes of the UTF-8 sequence that starts with byte b (the table is valid
 * UTF-8). */
static size_t seq_len(unsigned char b) { return b < 0x80 ? 1 : b < 0xe0 ? 2 : b < 0xf0 ? 3 : 4; }

static uint32_t decode(const char *s, size_t len)
{
    const unsigned char *u = (const unsigned char *)s;
    if (len == 1)
        return u[0];
    uint32_t cp = u[0] & (0x7f >> len);
    for (size_t i = 1; i < len; i++)
        cp = cp << 6 | (u[i] & 0x3f);
    return cp;
}

const char **v2_symbol_names(arena *mem)
{
    const char **names = arena_alloc(mem, sizeof *names * V2_SYMBOLS);
    char *text = arena_alloc(mem, sizeof table + V2_SYMBOLS);
    if (!names || !text)
        return NULL;
    const char *p = table;
    for (int i = 0; i < V2_SYMBOLS; i++) {
        size_t len = seq_len((unsigned char)*p);
        memcpy(text, p, len);
        text[len] = '\0';
        names[i] = text;
        text += len + 1;
        p += len;
    }
    return names;
}

int v2_symbol_id(uint32_t cp)
{
    /* A scan of the table: a few hundred bytes, per phoneme of the text. */
    int found = -1;
    const char *p = table;
    for (int i = 0; i < V2_SYMBOLS; i++) {
        size_t len = seq_len((unsigned char)*p);
        if (decode(p, len) == cp)
            found = i; /* the last one: the apostrophe's later id */
        p += len;
    }
    return found;
}
