/* The text of the SSML speech-dispatcher sends: tags dropped, entities
 * decoded.
 *
 * Copyright (C) 2026 The Inflect authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef SD_INFLECT_SSML_TEXT_H
#define SD_INFLECT_SSML_TEXT_H

/* Rewrites s in place: markup removed (a tag becomes a space, so words on
 * either side stay apart), the five XML entities and numeric character
 * references decoded. Text that is not SSML passes through unchanged apart
 * from '&' sequences that are entities. */
void ssml_to_text(char *s);

#endif
