/* inflect-say --list-voices: the voices on the search path as a table.
 *
 * Copyright (C) 2026 The Inflect authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef INFLECT_VOICE_TABLE_H
#define INFLECT_VOICE_TABLE_H

#include <stdio.h>

/* Prints one line per voice (name, language, gender, licence, file) under a
 * header to out; when there is none, says on err where it looked. Returns
 * the number of voices, or -1 when listing failed. */
int voice_table_print(FILE *out, FILE *err);

#endif
