/* The voices on the search path, with what their files say about them
 * (inflect.h, inflect_voice_list).
 *
 * Copyright (C) 2026 The Inflect authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <dirent.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gguf.h"
#include "voice_path.h"

#define MAX_FIELD 256

/* A string key as a C string, or "" when absent or not a string. */
static void read_str(const gguf_file *f, const char *key, char *out, size_t size)
{
    gguf_str s;
    const gguf_kv *kv = gguf_find(f, key);
    out[0] = '\0';
    if (kv && gguf_kv_str(kv, &s)) {
        size_t n = s.len < size - 1 ? s.len : size - 1;
        memcpy(out, s.ptr, n);
        out[n] = '\0';
        /* A field is printed on one line: no control characters. */
        for (char *c = out; *c; c++)
            if ((unsigned char)*c < 0x20)
                *c = ' ';
    }
}

static int by_name(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

/* File names (without ".gguf") of the voices in dir, sorted; NULL and *n = 0
 * when it cannot be read. */
static char **voice_files(const char *dir, size_t *n)
{
    *n = 0;
    DIR *d = opendir(dir);
    if (!d)
        return NULL;
    char **names = NULL;
    size_t cap = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        size_t len = strlen(e->d_name);
        if (len <= 5 || strcmp(e->d_name + len - 5, ".gguf") || e->d_name[0] == '.')
            continue;
        if (*n == cap) {
            cap = cap ? 2 * cap : 16;
            char **grown = realloc(names, cap * sizeof *names);
            if (!grown)
                break;
            names = grown;
        }
        if (!(names[*n] = strndup(e->d_name, len - 5)))
            break;
        ++*n;
    }
    closedir(d);
    if (*n)
        qsort(names, *n, sizeof *names, by_name);
    return names;
}

/* Names already met: the file an earlier directory has is the one that
 * inflect_voice_open() finds, so later files of that name are not listed. */
typedef struct {
    char **names;
    size_t n, cap;
} name_set;

static bool name_set_has(const name_set *set, const char *name)
{
    for (size_t i = 0; i < set->n; i++)
        if (!strcmp(set->names[i], name))
            return true;
    return false;
}

/* Takes ownership of name; false when out of memory. */
static bool name_set_add(name_set *set, char *name)
{
    if (set->n == set->cap) {
        size_t cap = set->cap ? 2 * set->cap : 16;
        char **grown = realloc(set->names, cap * sizeof *grown);
        if (!grown)
            return false;
        set->names = grown;
        set->cap = cap;
    }
    set->names[set->n++] = name;
    return true;
}

/* Reads a file's metadata into info; false when it is not something
 * inflect_voice_open() takes by itself (not GGUF, or an upstream vocoder). */
typedef struct {
    char language[MAX_FIELD], gender[MAX_FIELD], license[MAX_FIELD];
} voice_fields;

static bool describe(const char *path, voice_fields *v)
{
    gguf_file f;
    if (gguf_open(&f, path, NULL, 0) != INFLECT_OK)
        return false;
    char arch[MAX_FIELD];
    read_str(&f, "general.architecture", arch, sizeof arch);
    read_str(&f, "inflect.frontend.espeak_voice", v->language, sizeof v->language);
    read_str(&f, "inflect.voice.gender", v->gender, sizeof v->gender);
    read_str(&f, "general.license", v->license, sizeof v->license);
    gguf_close(&f);
    /* A v2 file names no language: its frontend is English (docs/v2.md). */
    if (!strcmp(arch, "inflect-v2") && !v->language[0])
        snprintf(v->language, sizeof v->language, "en-us");
    return !strcmp(arch, "inflect-voice") || !strcmp(arch, "inflect-acoustic") || !strcmp(arch, "inflect-v2");
}

/* Reports the voices of one directory; *stop when the callback asked to. */
static inflect_status list_dir(const char *dir, name_set *seen, inflect_voice_info_cb cb, void *user, int *stop)
{
    size_t n;
    char **names = voice_files(dir, &n);
    inflect_status st = INFLECT_OK;
    for (size_t i = 0; i < n; i++) {
        char *path = NULL;
        voice_fields v;
        if (!*stop && st == INFLECT_OK && !name_set_has(seen, names[i])) {
            size_t len = strlen(dir) + strlen(names[i]) + sizeof "/.gguf";
            if (!(path = malloc(len)))
                st = INFLECT_ERR_NO_MEMORY;
            else
                snprintf(path, len, "%s/%s.gguf", dir, names[i]);
        }
        /* The name opens this file whether or not it is a voice (inflect_voice_find),
         * so it hides later files of that name either way. */
        if (path && voice_path_is_file(path)) {
            if (describe(path, &v)) {
                inflect_voice_info info = {.name = names[i], .path = path, .language = v.language,
                                           .gender = v.gender, .license = v.license};
                *stop = cb(&info, user);
            }
            if (name_set_add(seen, names[i]))
                names[i] = NULL;
            else
                st = INFLECT_ERR_NO_MEMORY;
        }
        free(path);
        free(names[i]);
    }
    free(names);
    return st;
}

inflect_status inflect_voice_list(inflect_voice_info_cb cb, void *user)
{
    if (!cb)
        return INFLECT_ERR_INVALID_ARGUMENT;
    char *dirs = voice_path_dirs();
    if (!dirs)
        return INFLECT_ERR_NO_MEMORY;
    name_set seen = {0};
    inflect_status st = INFLECT_OK;
    int stop = 0;
    for (char *p = dirs; *p && !stop && st == INFLECT_OK;) {
        char *end = strchr(p, ':');
        if (end)
            *end = '\0';
        st = list_dir(p, &seen, cb, user, &stop);
        p = end ? end + 1 : p + strlen(p);
    }
    for (size_t i = 0; i < seen.n; i++)
        free(seen.names[i]);
    free(seen.names);
    free(dirs);
    return st;
}
