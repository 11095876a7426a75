/* The text of the SSML speech-dispatcher sends: tags dropped, entities
 * decoded.
 *
 * Copyright (C) 2026 The Inflect authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef SD_INFLECT_SSML_TEXT_H
#define SD_INFLECT_SSML_TEXT_H

/* Rewrites s in place: markup removed (a tag, comment or processing
 * instruction becomes a space, so words on either side stay apart; a '>'
 * inside a quoted attribute value does not end its tag), CDATA sections
 * kept as the text they hold, the five XML entities and numeric character
 * references decoded. Markup that is never closed is not markup: its '<'
 * stays in the text and what follows is read on as text. A '<' that
 * cannot start a tag ("x < y") is text too. Text that is not SSML passes
 * through unchanged apart from '&' sequences that are entities. Linear in
 * the length of s, whatever it holds. */
void ssml_to_text(char *s);

#endif
