/* The text of the SSML speech-dispatcher sends: tags dropped, entities
 * decoded.
 *
 * Copyright (C) 2026 The Inflect authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef SD_INFLECT_SSML_TEXT_H
#define SD_INFLECT_SSML_TEXT_H

#include <stdbool.h>
#include <stddef.h>

/* An index mark of the message (<mark name="..."/>) and where it stood. */
typedef struct {
    char *name;    /* fit for one line of the module protocol: see ssml_to_text() */
    size_t offset; /* byte offset in the text, of the space that replaced the tag */
} ssml_mark;

/* The marks of a message, in the order they came; start from {0}. */
typedef struct {
    ssml_mark *at;
    size_t count, cap;
} ssml_marks;

void ssml_marks_free(ssml_marks *marks);

/* Rewrites s in place: markup removed (a tag, comment or processing
 * instruction becomes a space, so words on either side stay apart; a '>'
 * inside a quoted attribute value does not end its tag), CDATA sections
 * kept as the text they hold, the five XML entities and numeric character
 * references decoded. Markup that is never closed is not markup: its '<'
 * stays in the text and what follows is read on as text. A '<' that
 * cannot start a tag ("x < y") is text too. Text that is not SSML passes
 * through unchanged apart from '&' sequences that are entities. Linear in
 * the length of s, whatever it holds.
 *
 * Each <mark> tag with a name attribute (quoted either way, entities
 * decoded; marks with no name or an empty one are left out) is added to
 * `marks`. The name is client data that goes back to the server on one
 * protocol line, so each control byte (below 0x20, and 0x7F) and each byte
 * that is not part of valid UTF-8 becomes '?'. false when out of memory
 * (s is rewritten all the same; the marks found so far stay in `marks`). */
bool ssml_to_text(char *s, ssml_marks *marks);

#endif
