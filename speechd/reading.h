/* How the text of a message is read: Speech Dispatcher's punctuation and
 * spelling modes, applied to the text before the engine speaks it.
 *
 * Copyright (C) 2026 The Inflect authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef SD_INFLECT_READING_H
#define SD_INFLECT_READING_H

#include <stdbool.h>

#include "ssml_text.h"

/* Speech Dispatcher's punctuation modes, each reading what the one before
 * reads and more. */
typedef enum {
    PUNCT_NONE, /* no punctuation or symbol read */
    PUNCT_SOME, /* the symbols the engine reads itself (# $ % & + = @) */
    PUNCT_MOST, /* and brackets, dashes, slashes and the other ASCII symbols */
    PUNCT_ALL   /* and . , ; : ? ! ' " too */
} punct_mode;

/* The text with the ASCII punctuation characters that `mode` reads
 * replaced by their names (a clause mark that ends a word, such as the
 * comma of "Hello, world", stays after its name, so the pause stays too),
 * and those it does not read left to the engine, which reads none of them
 * except # $ % & + = @ ; in PUNCT_NONE those seven become spaces.
 * Characters beyond ASCII are left as they are. A new string (free it),
 * NULL when out of memory. The offsets of `marks` (NULL: none), in text,
 * become offsets in the new string: a mark stays before what became of the
 * character it stood before. */
char *read_punctuation(const char *text, punct_mode mode, ssml_marks *marks);

/* The text spelled: each character on its own, separated by commas, each
 * word a sentence of its own, punctuation characters by their names ("a+b"
 * -> "a, plus, b."), and with `capitals` a capital letter (A-Z, À-Þ) after
 * the word "capital" ("Ab" -> "capital A, b."). A character beyond ASCII is
 * passed as it is (the engine reads it alone). A new string (free it), NULL
 * when out of memory. `marks` move with the text as for read_punctuation(). */
char *spell_text(const char *text, ssml_marks *marks, bool capitals);

/* Whether the UTF-8 character at p is a capital letter: A-Z, or a Latin-1
 * capital (À-Þ but ×). */
bool is_capital(const char *p);

/* An SSIP key name as words: its modifiers ("ctrl_alt_del" -> "ctrl alt
 * del"), "kp-" as "keypad", and a key of one punctuation character by its
 * name, as spelling names it ("shift_-" -> "shift dash", "kp-*" -> "keypad
 * star", "?" -> "question mark"); other '-' and '_' become spaces
 * ("double-quote"). A new string (free it), NULL when out of memory. */
char *read_key(const char *name);

#endif
