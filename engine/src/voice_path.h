/* Voices by name: the voice search path, and a name's file on it.
 *
 * Copyright (C) 2026 The Inflect authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef INFLECT_VOICE_PATH_H
#define INFLECT_VOICE_PATH_H

#include <stdbool.h>

/* True when `s` names a voice rather than a file: not empty, no '/', and
 * not ending in ".gguf" (so "./rms" and "rms.gguf" stay file paths). */
bool voice_path_is_name(const char *s);

/* True when path is a regular file, or a link to one: what a voice name can
 * stand for on the search path (a directory or FIFO of that name is passed
 * over). */
bool voice_path_is_file(const char *path);

/* The search path as it is now (the environment is read on each call):
 * directories separated by ':', in order, each once. Caller frees; NULL
 * when out of memory. */
char *voice_path_dirs(void);

#endif
