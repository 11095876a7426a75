/* English units of measure as written after a number (the table in the
 * header's words).
 *
 * Copyright (C) 2026 The Inflect authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "units_en.h"

#include <string.h>

#include "folded_en.h"

_Static_assert(M_DEGREE == 5 && M_MICRO == 6 && M_OHM == 7 && M_SQUARED == 10 && M_CUBED == 11,
               "the table's written forms name the marker bytes by number");

static const unit units[] = {
    {"km", "kilometer", "kilometers", Q_LENGTH, S_METRIC, true},
    {"kg", "kilogram", "kilograms", Q_MASS, S_METRIC, true},
    {"g", "gram", "grams", Q_MASS, S_METRIC},
    {"mg", "milligram", "milligrams", Q_MASS, S_METRIC, true},
    {"cm", "centimeter", "centimeters", Q_LENGTH, S_METRIC, true},
    {"mm", "millimeter", "millimeters", Q_LENGTH, S_METRIC, true},
    {"m", "meter", "meters", Q_LENGTH, S_METRIC},
    {"ml", "milliliter", "milliliters", Q_VOLUME, S_METRIC},
    {"mL", "milliliter", "milliliters", Q_VOLUME, S_METRIC},
    /* a lab report's and a label's "5.6 mmol", "500 mcg" (a litre is one
     * only as a divisor, unit_divisor_at: "27L" is a runway, "14L" a seat) */
    {"mmol", "millimole", "millimoles", 0, S_NONE, true},
    {"mcg", "microgram", "micrograms", Q_MASS, S_METRIC, true},
    {"lb", "pound", "pounds", Q_MASS, S_CUSTOMARY, true},
    {"lbs", "pound", "pounds", Q_MASS, S_CUSTOMARY, true},
    {"oz", "ounce", "ounces", Q_MASS | Q_VOLUME, S_CUSTOMARY, true},
    {"ft", "foot", "feet", Q_LENGTH, S_CUSTOMARY, true},
    {"'", "foot", "feet", Q_LENGTH, S_CUSTOMARY}, /* 6'2", 6′2″ (the scanner keeps them after digits) */
    {"\"", "inch", "inches", Q_LENGTH, S_CUSTOMARY},
    {"yds", "yard", "yards", Q_LENGTH, S_CUSTOMARY, true},
    /* a route's and a forecast's "in 0.3 mi", "10 mi", "40 yd", a "5 gal" bucket */
    {"mi", "mile", "miles", Q_LENGTH, S_CUSTOMARY, true},
    {"yd", "yard", "yards", Q_LENGTH, S_CUSTOMARY, true},
    {"gal", "gallon", "gallons", Q_VOLUME, S_CUSTOMARY, true},
    {"qt", "quart", "quarts", Q_VOLUME, S_CUSTOMARY, true}, /* not "pt": a pint, or a type's point */
    {"mph", "mile per hour", "miles per hour", Q_SPEED, S_CUSTOMARY},
    {"kph", "kilometer per hour", "kilometers per hour", Q_SPEED, S_METRIC},
    {"MPH", "mile per hour", "miles per hour", Q_SPEED, S_CUSTOMARY}, /* "60 MPH", a weather radio's "15 MPH" */
    {"KPH", "kilometer per hour", "kilometers per hour", Q_SPEED, S_METRIC},
    {"kWh", "kilowatt hour", "kilowatt hours", 0, S_NONE, true},
    /* a torque's "400 Nm", "5 N-m", "100 lb-ft", "50 ft-lbs", "20 in-lb"
     * ("nm" is as often nautical miles as nanometers, and stays letters) */
    {"Nm", "newton meter", "newton meters", 0, S_NONE},
    {"N-m", "newton meter", "newton meters", 0, S_NONE},
    {"lb-ft", "pound foot", "pound feet", 0, S_NONE},
    {"lbs-ft", "pound foot", "pound feet", 0, S_NONE},
    {"ft-lb", "foot pound", "foot pounds", 0, S_NONE},
    {"ft-lbs", "foot pound", "foot pounds", 0, S_NONE},
    {"in-lb", "inch pound", "inch pounds", 0, S_NONE},
    {"in-lbs", "inch pound", "inch pounds", 0, S_NONE},
    {"kN", "kilonewton", "kilonewtons", 0, S_NONE},
    {"kJ", "kilojoule", "kilojoules", 0, S_NONE},
    {"kPa", "kilopascal", "kilopascals", 0, S_NONE},
    {"MPa", "megapascal", "megapascals", 0, S_NONE},
    {"GPa", "gigapascal", "gigapascals", 0, S_NONE},
    {"hPa", "hectopascal", "hectopascals", 0, S_NONE}, /* a weather map's "1013 hPa" */
    {"kW", "kilowatt", "kilowatts", 0, S_NONE, true},
    {"MW", "megawatt", "megawatts", 0, S_NONE},
    {"GW", "gigawatt", "gigawatts", 0, S_NONE},
    {"W", "watt", "watts", 0, S_NONE},
    {"V", "volt", "volts", 0, S_NONE},
    {"Hz", "hertz", "hertz", 0, S_NONE},
    {"kHz", "kilohertz", "kilohertz", 0, S_NONE},
    {"MHz", "megahertz", "megahertz", 0, S_NONE},
    {"GHz", "gigahertz", "gigahertz", 0, S_NONE},
    {"KB", "kilobyte", "kilobytes", 0, S_NONE},
    {"kB", "kilobyte", "kilobytes", 0, S_NONE},
    {"MB", "megabyte", "megabytes", 0, S_NONE},
    {"GB", "gigabyte", "gigabytes", 0, S_NONE},
    {"TB", "terabyte", "terabytes", 0, S_NONE},
    /* the binary multiples programs report ("512 MiB", "2 GiB") */
    {"KiB", "kibibyte", "kibibytes", 0, S_NONE},
    {"MiB", "mebibyte", "mebibytes", 0, S_NONE},
    {"GiB", "gibibyte", "gibibytes", 0, S_NONE},
    {"TiB", "tebibyte", "tebibytes", 0, S_NONE},
    {"mAh", "milliamp hour", "milliamp hours", 0, S_NONE},
    /* a datasheet's "500mA", "3.3 mV", "11 kV", "250 mW" and "3 dB" ("A"
     * alone is a grade or a letter: "5 A students") */
    {"mA", "milliamp", "milliamps", 0, S_NONE},
    {"mV", "millivolt", "millivolts", 0, S_NONE},
    {"kV", "kilovolt", "kilovolts", 0, S_NONE},
    {"mW", "milliwatt", "milliwatts", 0, S_NONE},
    {"dB", "decibel", "decibels", 0, S_NONE},
    {"kbps", "kilobit per second", "kilobits per second", 0, S_NONE},
    {"Mbps", "megabit per second", "megabits per second", 0, S_NONE},
    {"Gbps", "gigabit per second", "gigabits per second", 0, S_NONE},
    {"kcal", "kilocalorie", "kilocalories", 0, S_NONE, true},
    {"ppm", "part per million", "parts per million", 0, S_NONE, true},
    {"pts", "point", "points", 0, S_NONE, true},
    {"pct", "percent", "percent", 0, S_NONE, true},
    /* a box score's "28.5 ppg, 11 rpg, 7 apg" */
    {"ppg", "point per game", "points per game", 0, S_NONE, true},
    {"rpg", "rebound per game", "rebounds per game", 0, S_NONE, true},
    {"apg", "assist per game", "assists per game", 0, S_NONE, true},
    {"bpm", "beat per minute", "beats per minute", 0, S_NONE, true},
    {"mpg", "mile per gallon", "miles per gallon", 0, S_NONE, true},
    {"MPG", "mile per gallon", "miles per gallon", 0, S_NONE},
    {"mmHg", "millimeter of mercury", "millimeters of mercury", 0, S_NONE, true},
    {"ppb", "part per billion", "parts per billion", 0, S_NONE},
    {"tsp", "teaspoon", "teaspoons", 0, S_NONE, true},
    {"tbsp", "tablespoon", "tablespoons", 0, S_NONE, true},
    {"yrs", "year", "years", 0, S_NONE, true},
    /* a note's and a listing's "in 2 wks", "6 mos", "1 doz." */
    {"wks", "week", "weeks", 0, S_NONE, true},
    {"wk", "week", "weeks", 0, S_NONE},
    {"mos", "month", "months", 0, S_NONE},
    {"doz", "dozen", "dozen", 0, S_NONE},
    {"yr", "year", "years", 0, S_NONE, true},
    {"bbl", "barrel", "barrels", 0, S_NONE},
    {"kts", "knot", "knots", 0, S_NONE, true}, /* not "kt", as often a karat ("14kt gold") */
    {"KT", "knot", "knots", 0, S_NONE}, /* but in capitals a marine forecast's: "WINDS SW 10-15 KT" */
    {"ms", "millisecond", "milliseconds", 0, S_NONE},
    {"sec", "second", "seconds", 0, S_NONE},
    {"secs", "second", "seconds", 0, S_NONE, true},
    {"min", "minute", "minutes", 0, S_NONE, true},
    {"mins", "minute", "minutes", 0, S_NONE, true},
    {"hr", "hour", "hours", 0, S_NONE},
    {"hrs", "hour", "hours", 0, S_NONE, true},
    {"\x05" "C", "degree celsius", "degrees celsius", Q_TEMPERATURE, S_METRIC},
    {"\x05" "F", "degree fahrenheit", "degrees fahrenheit", Q_TEMPERATURE, S_CUSTOMARY},
    {"\x05", "degree", "degrees", 0, S_NONE},
    {"\x06" "m", "micrometer", "micrometers", Q_LENGTH, S_METRIC},
    {"\x06" "s", "microsecond", "microseconds", 0, S_NONE},
    {"\x06" "g", "microgram", "micrograms", Q_MASS, S_METRIC},
    {"\x06" "l", "microliter", "microliters", Q_VOLUME, S_METRIC},
    {"\x06" "L", "microliter", "microliters", Q_VOLUME, S_METRIC},
    {"\x06" "F", "microfarad", "microfarads", 0, S_NONE},
    {"\x06" "V", "microvolt", "microvolts", 0, S_NONE},
    {"\x06" "W", "microwatt", "microwatts", 0, S_NONE},
    {"m" "\x0a", "square meter", "square meters", 0, S_NONE},
    {"km" "\x0a", "square kilometer", "square kilometers", 0, S_NONE},
    {"cm" "\x0a", "square centimeter", "square centimeters", 0, S_NONE},
    {"mm" "\x0a", "square millimeter", "square millimeters", 0, S_NONE},
    {"ft" "\x0a", "square foot", "square feet", 0, S_NONE},
    {"mi" "\x0a", "square mile", "square miles", 0, S_NONE},
    {"m" "\x0b", "cubic meter", "cubic meters", 0, S_NONE},
    {"cm" "\x0b", "cubic centimeter", "cubic centimeters", 0, S_NONE},
    {"mm" "\x0b", "cubic millimeter", "cubic millimeters", 0, S_NONE},
    {"ft" "\x0b", "cubic foot", "cubic feet", 0, S_NONE},
    {"\x07", "ohm", "ohms", 0, S_NONE},
    {"k" "\x07", "kilo ohm", "kilo ohms", 0, S_NONE},
    {"M" "\x07", "mega ohm", "mega ohms", 0, S_NONE},
};

/* Units read only as the alternative after a slash ("cm/in", "l/gal",
 * "°C/F"): after a number alone they are too often words ("5 in the box",
 * "5 F", a shirt's "size 5 L"). */
static const unit alternatives[] = {
    {"in", "inch", "inches", Q_LENGTH, S_CUSTOMARY, true}, /* "2 IN. OF RAIN" */
    {"l", "liter", "liters", Q_VOLUME, S_METRIC},
    {"L", "liter", "liters", Q_VOLUME, S_METRIC},
    {"C", "degree celsius", "degrees celsius", Q_TEMPERATURE, S_METRIC},
    {"F", "degree fahrenheit", "degrees fahrenheit", Q_TEMPERATURE, S_CUSTOMARY},
};

/* A power written after a unit at b[i..): "²" or "³", "^2" or "^3", or a
 * bare 2 or 3 as plain text writes them ("km2", "cm3") when no digit
 * follows: 2 or 3, and *end past it; 0 when none. *bare tells the last. */
static int power_at(const char *b, size_t n, size_t i, size_t *end, bool *bare)
{
    *bare = i < n && (b[i] == '2' || b[i] == '3');
    size_t k = i;
    int power = 0;
    if (k < n && (b[k] == M_SQUARED || b[k] == M_CUBED)) {
        power = b[k] == M_SQUARED ? 2 : 3;
        k++;
    } else {
        if (k < n && b[k] == '^')
            k++;
        if (k < n && (b[k] == '2' || b[k] == '3'))
            power = b[k++] - '0';
    }
    if (!power || (k < n && is_digit(b[k])))
        return 0;
    *end = k;
    return power;
}

/* Units read only before their divisor ("N/m²", "rad/s", "L/min", "J/kg",
 * "mol/L"): alone after a number they are too often letters or words ("5
 * N" a bearing, "Form 3 L", "10 J" a grade). */
static const unit numerators[] = {
    {"N", "newton", "newtons", 0, S_NONE},     {"rad", "radian", "radians", 0, S_NONE},
    {"l", "liter", "liters", 0, S_NONE},       {"L", "liter", "liters", 0, S_NONE},
    {"mol", "mole", "moles", 0, S_NONE},       {"J", "joule", "joules", 0, S_NONE},
};

/* The unit of table[0..count) written at b[i..) (folded bytes, capitals
 * in up), ending where no letter follows (but inches and feet may be
 * "by": 12"x18", 12'x14'); *end past it. The longest match wins. A
 * square or cubic unit's power may be written any way power_at() reads. */
static const unit *unit_in(const unit *table, size_t count, const char *b, const bool *up, size_t n, size_t i,
                           size_t *end)
{
    const unit *best = NULL;
    size_t best_end = i;
    for (size_t u = 0; u < count; u++) {
        const char *w = table[u].written;
        size_t k = strlen(w), t = i;
        bool same = true, cased = true, capitals = true;
        for (size_t x = 0; x < k && same; x++) {
            char c = w[x];
            bool cap = c >= 'A' && c <= 'Z';
            bool bare;
            if (c == M_SQUARED || c == M_CUBED) {
                same = power_at(b, n, t, &t, &bare) == (c == M_SQUARED ? 2 : 3);
                /* a lone "m2", "m3" is as often a drive's or a bolt's size
                 * ("2 m2 SSDs", "4 m3 bolts"): only beside a slash ("N/m2",
                 * "m3/s") */
                if (same && bare && x == 1 && !(i > 0 && b[i - 1] == '/') && !(t < n && b[t] == '/'))
                    same = false;
            } else if ((same = t < n && b[t] == (cap ? (char)(c - 'A' + 'a') : c))) {
                cased = cased && up[t] == cap;
                capitals = capitals && (up[t] || !is_letter(b[t]));
                t++;
            }
        }
        if (!same || !(cased || (table[u].shouted && capitals)) || t <= best_end)
            continue;
        /* inches and feet may be by something: 12"x18", 12'x14' */
        bool by = (w[k - 1] == '"' || w[k - 1] == '\'') && t + 1 < n && b[t] == 'x' && is_digit(b[t + 1]);
        if (by || !(t < n && is_letter(b[t]))) {
            best = &table[u];
            best_end = t;
        }
    }
    if (best)
        *end = best_end;
    return best;
}

/* A unit of the unit table at b[i..), as unit_in(). */
static const unit *unit_at(const char *b, const bool *up, size_t n, size_t i, size_t *end)
{
    return unit_in(units, sizeof units / sizeof *units, b, up, n, i, end);
}

/* What a unit or a price may be divided by after its "/", besides the
 * units above (read in the singular, "mg/kg"): time, people and gallons (a
 * unit only as an alternative, above: "$3.49/gal"). Only after
 * a slash, so that "5 day" and "5 s" keep their readings. */
static const struct {
    const char *written, *word;
} divisors[] = {
    {"s", "second"},    {"sec", "second"}, {"second", "second"}, {"minute", "minute"}, {"h", "hour"},
    {"hr", "hour"},     {"hour", "hour"},  {"day", "day"},       {"wk", "week"},       {"week", "week"},
    {"mo", "month"},    {"month", "month"}, {"yr", "year"},      {"year", "year"},     {"person", "person"},
    {"gal", "gallon"},
};

/* A divisor of divisors[] in small letters or in capitals, or a unit as
 * written (units_en.h). */
const char *unit_divisor_at(const char *b, const bool *up, size_t n, size_t i, size_t *end)
{
    if (i >= n || b[i] != '/')
        return NULL;
    size_t j = i + 1, k = j;
    while (k < n && is_letter(b[k]) && !up[k])
        k++;
    /* a fuel consumption's "6.5 L/100km": liters per hundred kilometers */
    if (j + 5 <= n && memcmp(b + j, "100km", 5) == 0 && !up[j + 3] &&
        !(j + 5 < n && (is_letter(b[j + 5]) || is_digit(b[j + 5])))) {
        *end = j + 5;
        return "hundred kilometers";
    }
    /* or in capitals, as captions write it: "10 KM/H", "$15/HR" */
    if (k == j) {
        while (k < n && is_letter(b[k]) && up[k])
            k++;
        if (k < n && is_letter(b[k]))
            k = j;
    }
    const char *word = NULL;
    for (size_t d = 0; d < sizeof divisors / sizeof *divisors && !word; d++)
        if (strlen(divisors[d].written) == k - j && memcmp(b + j, divisors[d].written, k - j) == 0)
            word = divisors[d].word;
    if (!word) {
        const unit *u = unit_at(b, up, n, j, &k);
        word = u ? u->one : NULL;
    }
    /* a litre or a decilitre, in either case ("mmol/L", "mg/dL"), only
     * here: alone after a number, an L is a runway's, a seat's or a size's */
    size_t letters = j;
    while (letters < n && is_letter(b[letters]))
        letters++;
    if (!word && (letters - j == 1 || (letters - j == 2 && b[j] == 'd')) && b[letters - 1] == 'l') {
        word = letters - j == 1 ? "liter" : "deciliter";
        k = letters;
    }
    /* an acceleration's "m/s²", "m/s^2", "m/s2": per second squared (and
     * a jerk's "m/s³" cubed) */
    size_t powered;
    bool bare;
    int power = word && !strcmp(word, "second") ? power_at(b, n, k, &powered, &bare) : 0;
    if (power && !(powered < n && is_letter(b[powered]))) {
        *end = powered;
        return power == 2 ? "second squared" : "second cubed";
    }
    if (!word || (k < n && (is_letter(b[k]) || is_digit(b[k]))))
        return NULL;
    *end = k;
    return word;
}

/* "/" and a unit at b[i..) that is an alternative to `u`, followed by no
 * letter or digit: the same quantity in the other system ("kg/lbs",
 * "°C/°F", "cm/in"), where "mg/kg", one system, is a ratio. The unit, and
 * *end past it; NULL when none. */
static const unit *alternative_at(const unit *u, const char *b, const bool *up, size_t n, size_t i, size_t *end)
{
    if (i >= n || b[i] != '/' || u->system == S_NONE)
        return NULL;
    size_t k;
    const unit *alt = unit_at(b, up, n, i + 1, &k);
    if (!alt)
        alt = unit_in(alternatives, sizeof alternatives / sizeof *alternatives, b, up, n, i + 1, &k);
    if (!alt || !(alt->quantity & u->quantity) || alt->system == S_NONE || alt->system == u->system ||
        (k < n && is_digit(b[k])))
        return NULL;
    *end = k;
    return alt;
}

bool unit_measure_at(const char *b, const bool *up, size_t n, size_t i, measure *m, size_t *end)
{
    m->per = m->per2 = NULL;
    m->u = unit_at(b, up, n, i, end);
    if (m->u) {
        m->alt = alternative_at(m->u, b, up, n, *end, end);
        if (!m->alt && (m->per = unit_divisor_at(b, up, n, *end, end)))
            m->per2 = unit_divisor_at(b, up, n, *end, end);
        return true;
    }
    /* one of the alternatives is a unit before its own alternative ("l/gal",
     * "in/cm"), which tells that it is no word */
    size_t k;
    const unit *u = unit_in(alternatives, sizeof alternatives / sizeof *alternatives, b, up, n, i, &k);
    m->alt = u ? alternative_at(u, b, up, n, k, end) : NULL;
    m->u = m->alt ? u : NULL;
    if (m->u)
        return true;
    /* and a unit that is one only before its divisor ("N/m²", "L/min") */
    u = unit_in(numerators, sizeof numerators / sizeof *numerators, b, up, n, i, &k);
    m->per = u ? unit_divisor_at(b, up, n, k, end) : NULL;
    m->u = m->per ? u : NULL;
    if (m->u)
        m->per2 = unit_divisor_at(b, up, n, *end, end);
    return m->u != NULL;
}

const unit *unit_alternative_at(const char *b, const bool *up, size_t n, size_t i, size_t *end)
{
    return unit_in(alternatives, sizeof alternatives / sizeof *alternatives, b, up, n, i, end);
}

/* As written, or in capitals where the unit is read so ("TBSP", not
 * "SEC": unit_in()'s rule). */
static const unit *short_form_in(const unit *table, size_t count, const char *w, size_t n)
{
    bool capitals = true;
    for (size_t k = 0; k < n; k++)
        capitals = capitals && w[k] >= 'A' && w[k] <= 'Z';
    for (size_t u = 0; u < count; u++) {
        const char *t = table[u].written;
        bool shouted = capitals && table[u].shouted;
        size_t k = 0;
        while (k < n && is_letter((char)(t[k] | 0x20)) && (t[k] == w[k] || (shouted && (t[k] | 0x20) == (w[k] | 0x20))))
            k++;
        if (k == n && !t[k])
            return &table[u];
    }
    return NULL;
}

const unit *unit_short_form(const char *w, size_t n)
{
    const unit *u = short_form_in(units, sizeof units / sizeof *units, w, n);
    return u ? u : short_form_in(alternatives, sizeof alternatives / sizeof *alternatives, w, n);
}

bool unit_needs_period(const unit *u)
{
    return u >= alternatives && u < alternatives + sizeof alternatives / sizeof *alternatives;
}

bool unit_part_of(const unit *whole, const unit *part)
{
    static const char *const pairs[][2] = {{"foot", "inch"},      {"yard", "foot"},         {"pound", "ounce"},
                                           {"hour", "minute"},    {"minute", "second"},     {"meter", "centimeter"},
                                           {"kilogram", "gram"},  {"gallon", "quart"},      {"mile", "yard"}};
    for (size_t k = 0; k < sizeof pairs / sizeof *pairs; k++)
        if (!strcmp(whole->one, pairs[k][0]) && !strcmp(part->one, pairs[k][1]))
            return true;
    return false;
}
