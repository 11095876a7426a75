/* One-line error messages beside an inflect_status, for the engine core.
 *
 * Copyright (C) 2026 The Inflect authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef INFLECT_ERRORS_H
#define INFLECT_ERRORS_H

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>

#include "inflect.h"

/* Formats the message into err (when there is room for one) and returns
 * `status`, so a failing check is a single `return fail(...)`. */
#if defined(__GNUC__)
__attribute__((format(printf, 4, 5)))
#endif
static inline inflect_status fail(char *err, size_t err_size, inflect_status status, const char *fmt, ...)
{
    if (err && err_size > 0) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err, err_size, fmt, ap);
        va_end(ap);
    }
    return status;
}

#endif
