/* inflect-say --list-voices: the voices on the search path as a table.
 *
 * Copyright (C) 2026 The Inflect authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "voice_table.h"

#include <inflect.h>
#include <stdlib.h>

/* Tab-separated, like --list-speakers, so scripts can cut the columns. */
#define FORMAT "%s\t%s\t%s\t%s\t%s\n"

typedef struct {
    FILE *out;
    int count;
} table;

static const char *or_dash(const char *s) { return *s ? s : "-"; }

static int print_row(const inflect_voice_info *v, void *user)
{
    table *t = user;
    if (t->count++ == 0)
        fprintf(t->out, FORMAT, "NAME", "LANGUAGE", "GENDER", "LICENCE", "FILE");
    fprintf(t->out, FORMAT, v->name, or_dash(v->language), or_dash(v->gender), or_dash(v->license), v->path);
    return 0;
}

int voice_table_print(FILE *out, FILE *err)
{
    table t = {out, 0};
    inflect_status st = inflect_voice_list(print_row, &t);
    if (st != INFLECT_OK) {
        fprintf(err, "inflect-say: listing the voices failed: %s\n", inflect_status_name(st));
        return -1;
    }
    if (t.count == 0) {
        size_t n = inflect_voice_search_path(NULL, 0);
        char *dirs = malloc(n + 1);
        if (dirs)
            inflect_voice_search_path(dirs, n + 1);
        /* A file that is no voice is left out without a word (inflect.h),
         * so say so: "kathleen.gguf is there" is the likeliest puzzle. */
        fprintf(err,
                "inflect-say: no voices in the search path (%s): a voice is a NAME.gguf file that opens as an "
                "Inflect voice, and other files there are not listed; INFLECT_VOICE_PATH puts more directories "
                "first\n",
                dirs ? dirs : "?");
        free(dirs);
    }
    return t.count;
}
