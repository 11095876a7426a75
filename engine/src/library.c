/* Library-wide facts: version and status names.
 *
 * Copyright (C) 2026 The Inflect authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "inflect.h"

const char *inflect_version(void)
{
    return INFLECT_VERSION;
}

const char *inflect_status_name(inflect_status status)
{
    switch (status) {
    case INFLECT_OK: return "ok";
    case INFLECT_ERR_INVALID_ARGUMENT: return "invalid argument";
    case INFLECT_ERR_IO: return "cannot read file";
    case INFLECT_ERR_FORMAT: return "malformed voice file";
    case INFLECT_ERR_UNSUPPORTED: return "unsupported by this voice or build";
    case INFLECT_ERR_NO_MEMORY: return "out of memory";
    case INFLECT_ERR_FRONTEND: return "espeak-ng frontend failed";
    case INFLECT_ERR_CANCELLED: return "cancelled";
    case INFLECT_ERR_CALLBACK: return "stopped by a callback";
    case INFLECT_ERR_TOO_LONG: return "longer than max_seconds";
    }
    return "unknown status";
}
