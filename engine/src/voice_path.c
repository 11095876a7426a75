/* Voices by name: the voice search path, and a name's file on it
 * (inflect.h, "Voices by name").
 *
 * Copyright (C) 2026 The Inflect authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "voice_path.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "errors.h"

/* Where this build installs its voices (meson's <datadir>/inflect/voices). */
#ifndef INFLECT_VOICES_DIR
#define INFLECT_VOICES_DIR "/usr/local/share/inflect/voices"
#endif

#define SUFFIX ".gguf"

bool voice_path_is_file(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

bool voice_path_is_name(const char *s)
{
    size_t n = s ? strlen(s) : 0;
    size_t k = strlen(SUFFIX);
    /* A hidden file is not listed (voice_list.c), so its name names none. */
    return n > 0 && s[0] != '.' && !strchr(s, '/') && !(n >= k && !strcmp(s + n - k, SUFFIX));
}

typedef struct {
    char *s;
    size_t len, cap;
    bool failed;
} dir_list;

/* Whether `dir` (n bytes) is already one of the ':'-separated entries. */
static bool listed(const dir_list *l, const char *dir, size_t n)
{
    for (const char *p = l->s; p && *p;) {
        const char *end = strchr(p, ':');
        size_t k = end ? (size_t)(end - p) : strlen(p);
        if (k == n && !memcmp(p, dir, n))
            return true;
        p = end ? end + 1 : p + k;
    }
    return false;
}

/* Adds dir (n bytes) followed by `sub`, unless it is empty or already there. */
static void add(dir_list *l, const char *dir, size_t n, const char *sub)
{
    if (n == 0 || l->failed)
        return;
    size_t k = strlen(sub);
    char *joined = malloc(n + k + 1);
    if (!joined) {
        l->failed = true;
        return;
    }
    memcpy(joined, dir, n);
    memcpy(joined + n, sub, k + 1);
    n += k;
    if (!listed(l, joined, n)) {
        size_t need = l->len + (l->len > 0) + n + 1;
        if (need > l->cap) {
            size_t cap = need * 2;
            char *s = realloc(l->s, cap);
            if (!s) {
                l->failed = true;
                free(joined);
                return;
            }
            l->s = s;
            l->cap = cap;
        }
        if (l->len > 0)
            l->s[l->len++] = ':';
        memcpy(l->s + l->len, joined, n + 1);
        l->len += n;
    }
    free(joined);
}

/* Adds each entry of a ':'-separated list, with `sub` appended; with
 * `absolute`, only those that are absolute paths (the XDG spec has the
 * others ignored). */
static void add_each(dir_list *l, const char *list, const char *sub, bool absolute)
{
    for (const char *p = list; *p;) {
        const char *end = strchr(p, ':');
        size_t n = end ? (size_t)(end - p) : strlen(p);
        if (!absolute || *p == '/')
            add(l, p, n, sub);
        p = end ? end + 1 : p + n;
    }
}

static const char *env(const char *name)
{
    const char *v = getenv(name);
    return v && *v ? v : NULL;
}

char *voice_path_dirs(void)
{
    dir_list l = {0};
    const char *v;
    if ((v = env("INFLECT_VOICE_PATH")))
        add_each(&l, v, "", false);
    /* The user's own voices, as the XDG base directory spec places data. */
    if ((v = env("XDG_DATA_HOME")) && v[0] == '/')
        add(&l, v, strlen(v), "/inflect/voices");
    else if ((v = env("HOME")))
        add(&l, v, strlen(v), "/.local/share/inflect/voices");
    add(&l, INFLECT_VOICES_DIR, strlen(INFLECT_VOICES_DIR), "");
    /* Voices other installs or packages put in the system data directories. */
    add_each(&l, (v = env("XDG_DATA_DIRS")) ? v : "/usr/local/share:/usr/share", "/inflect/voices", true);
    if (l.failed || !l.s) {
        free(l.s);
        return l.failed ? NULL : strdup("");
    }
    return l.s;
}

size_t inflect_voice_search_path(char *buf, size_t size)
{
    char *dirs = voice_path_dirs();
    size_t n = dirs ? strlen(dirs) : 0;
    if (buf && size > 0) {
        size_t k = n < size - 1 ? n : size - 1;
        memcpy(buf, dirs ? dirs : "", k);
        buf[k] = '\0';
    }
    free(dirs);
    return n;
}

/* The search path for a message: ", " between directories. */
static char *with_commas(const char *dirs)
{
    char *out = malloc(2 * strlen(dirs) + 1), *o = out;
    for (const char *p = dirs; out && *p; p++) {
        *o++ = *p == ':' ? ',' : *p;
        if (*p == ':')
            *o++ = ' ';
    }
    if (out)
        *o = '\0';
    return out;
}

const char *inflect_default_voice(void)
{
    const char *env = getenv("INFLECT_VOICE");
    return env && *env ? env : INFLECT_DEFAULT_VOICE;
}

inflect_status inflect_voice_find(const char *name, char *path, size_t path_size, char *err, size_t err_size)
{
    if (err && err_size)
        err[0] = '\0';
    if (!name || !path || path_size == 0)
        return fail(err, err_size, INFLECT_ERR_INVALID_ARGUMENT, "inflect_voice_find: NULL argument");
    path[0] = '\0';
    if (!*name)
        return fail(err, err_size, INFLECT_ERR_INVALID_ARGUMENT, "an empty voice name");
    if (!voice_path_is_name(name)) {
        if (strlen(name) >= path_size)
            return fail(err, err_size, INFLECT_ERR_INVALID_ARGUMENT, "voice path too long: %s", name);
        strcpy(path, name);
        return INFLECT_OK;
    }
    char *dirs = voice_path_dirs();
    if (!dirs)
        return fail(err, err_size, INFLECT_ERR_NO_MEMORY, "out of memory looking for voice '%s'", name);
    inflect_status st = INFLECT_ERR_IO;
    char *candidate = malloc(strlen(dirs) + strlen(name) + sizeof "/" SUFFIX);
    if (!candidate)
        st = fail(err, err_size, INFLECT_ERR_NO_MEMORY, "out of memory looking for voice '%s'", name);
    for (char *p = dirs; candidate && *p && st == INFLECT_ERR_IO;) {
        char *end = strchr(p, ':');
        size_t n = end ? (size_t)(end - p) : strlen(p);
        size_t k = (size_t)sprintf(candidate, "%.*s/%s" SUFFIX, (int)n, p, name);
        if (voice_path_is_file(candidate)) {
            if (k < path_size) {
                memcpy(path, candidate, k + 1);
                st = INFLECT_OK;
            } else {
                st = fail(err, err_size, INFLECT_ERR_INVALID_ARGUMENT, "voice path too long (%zu bytes): %s", k,
                          candidate);
            }
        }
        p = end ? end + 1 : p + n;
    }
    free(candidate);
    if (st == INFLECT_ERR_IO) {
        path[0] = '\0';
        /* Every directory it looked in, so the user sees where voices go. */
        char *shown = with_commas(dirs);
        fail(err, err_size, INFLECT_ERR_IO, "no voice '%s': %s" SUFFIX " is in none of: %s", name, name,
             !*dirs ? "(the search path is empty)" : shown ? shown : dirs);
        free(shown);
    }
    free(dirs);
    return st;
}
