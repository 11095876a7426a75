/* English units of measure as written after a number ("5 km", "3 m/s²",
 * "2 kg/lbs", "210 LBS"): the one table that both the text scanner (does a
 * unit's period end the sentence?) and the normaliser (what is said) read,
 * so the two cannot disagree. It reads the normaliser's folded bytes
 * (folded_en.h).
 *
 * Copyright (C) 2026 The Inflect authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef INFLECT_UNITS_EN_H
#define INFLECT_UNITS_EN_H

#include <stdbool.h>
#include <stddef.h>

/* What a unit measures, as bits (an ounce weighs or, as a fluid ounce,
 * holds), and its system: alternatives of one quantity in the two systems
 * ("kg/lbs", "°C/°F") are read "or" instead of "per". Units without a
 * system have no alternatives. */
enum { Q_LENGTH = 1, Q_MASS = 2, Q_VOLUME = 4, Q_TEMPERATURE = 8, Q_SPEED = 16 };
enum { S_NONE, S_METRIC, S_CUSTOMARY };

/* As written, case-sensitive, "\x05" standing for the folded degree sign,
 * "\x06" for the micro sign (or mu) and "\x07" for the ohm sign (or
 * omega). American spelling, as "kilometer"; the ohm's prefixes are
 * separate words ("kilo ohms"), since CMUdict has no "kilohm". */
typedef struct unit {
    const char *written, *one, *many;
    unsigned char quantity, system;
    /* written in capitals too, as broadcast captions and shouted text
     * write everything ("210 LBS", "10 KM", "45 PTS"); not those whose
     * capitals are as often something else after a number ("5 SEC
     * teams", "5 HR" home runs, "5 ML models", "5 MS") */
    bool shouted;
} unit;

/* A unit as written after a number, perhaps divided by another ("m/s") or
 * with its alternative ("kg/lbs"). */
typedef struct measure {
    const unit *u;
    const unit *alt; /* the same quantity in the other system, or NULL */
    const char *per; /* the singular of what it is divided by, or NULL */
    const char *per2; /* and of what that is divided by: a dose's "mg/kg/day", or NULL */
} measure;

/* The measure written at b[i..) of a folded piece (n bytes, capitals in
 * up): a unit of the table, perhaps with its alternative ("kg/lbs") or
 * divided ("m/s", "mg/kg/day"), or a unit that is one only beside its
 * alternative ("l/gal") or before its divisor ("N/m²"). *end past it. */
bool unit_measure_at(const char *b, const bool *up, size_t n, size_t i, measure *m, size_t *end);

/* One of the units that are read only beside another after a slash ("in",
 * "l", "C", "F"), at b[i..): with the period of an abbreviation after a
 * number it is a unit too ("5 ft. 4 in. tall"). NULL when none. */
const struct unit *unit_alternative_at(const char *b, const bool *up, size_t n, size_t i, size_t *end);

/* "/" and what a unit or a price is divided by at b[i..) ("/kg", "/hr",
 * "/s²"), followed by no letter or digit: its singular words ("kilogram",
 * "hour", "second squared"), *end past it; NULL when none. */
const char *unit_divisor_at(const char *b, const bool *up, size_t n, size_t i, size_t *end);

/* The unit whose short form of letters alone the n bytes at w (plain
 * text) are, as written or in capitals where the table reads those too
 * ("min", "TBSP", "in", "IN"; not "Ft", "Sec", "SEC", the title and the
 * section); NULL when none. After a number, its period may belong to it
 * ("2 TBSP. OF OIL"). */
const struct unit *unit_short_form(const char *w, size_t n);

/* Whether `u`, a unit of unit_short_form(), is a word too without its
 * period ("in"): a unit after a number only with it ("14 IN."). */
bool unit_needs_period(const struct unit *u);

/* Whether `part` is what a measure in `whole` goes on with, written in two
 * ("6 FT. 2 IN.", "5 LB. 3 OZ.", "1 hr. 20 min."). */
bool unit_part_of(const struct unit *whole, const struct unit *part);

#endif
