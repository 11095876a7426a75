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

/* The longest pause a <break> makes: a longer time is cut to it. */
#define SSML_BREAK_MAX_MS 10000

/* An index mark of the message (<mark name="..."/>), or a pause
 * (<break/>), and where it stood. */
typedef struct {
    char *name;        /* a mark's, fit for one line of the module protocol (see ssml_to_text()); NULL: a break */
    unsigned pause_ms; /* a break's pause */
    size_t offset;     /* byte offset in the text, of the space that replaced the tag */
} ssml_mark;

/* The marks and breaks of a message, in the order they came; start from {0}. */
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
 * that is not part of valid UTF-8 becomes '?'. Each <break> tag that
 * pauses is added too, as an entry with no name: its time ("750ms",
 * "1.5s", at most SSML_BREAK_MAX_MS), else its strength (none 0, x-weak
 * 100 ms, weak 250, medium 500, strong 750, x-strong 1000), else medium;
 * "none" and "0s" add nothing. A <s>, </s>, <p> or </p> tag becomes a
 * blank line ("\n\n"), the end of a sentence or paragraph to the engine.
 * A <sub alias="..."> with its </sub> and only text between becomes the
 * alias (entities decoded), what it stood over dropped. false when out of memory
 * (s is rewritten all the same; the marks found so far stay in `marks`). */
bool ssml_to_text(char *s, ssml_marks *marks);

#endif
