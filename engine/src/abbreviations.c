/* Copyright (C) 2026 The Inflect authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "abbreviations.h"

#include <string.h>

typedef enum {
    TITLE,         /* before a name: never ends a sentence */
    WORD,          /* ends the sentence before a capitalised word */
    MONTH,         /* a WORD, but not before a number */
    DAY,           /* a WORD only capitalised and not after "the" */
    BEFORE_NUMBER, /* an abbreviation only before a number */
    STREET_TITLE,  /* St. and Dr.: the title, or a WORD after a name */
    LOWER_TITLE,   /* "v.": a TITLE in small letters before a capitalised word ("Roe v. Wade") */
    CASED_TITLE,   /* "Ms.": a TITLE written so (not "MS." or "ms.") before a capitalised word */
    CAPITAL_BEFORE_NUMBER, /* a BEFORE_NUMBER only capitalised: "Art. 5", not "art. 5 stars" */
    SMALL_BEFORE_NUMBER,   /* a BEFORE_NUMBER only in small letters: "c. 1850", not the initial "C. 5" */
    SMALL_LIMIT,           /* the same not after a number: "min. 10 chars", but "Bake 25 min. 4 servings." */
    SMALL_BEFORE_YEAR,     /* the same before a year only: "b. 1820", but an answer's "b. 42" */
    SMALL_BETWEEN_NAMES,   /* a LOWER_TITLE after a name too: "Rafael Nadal d. Roger Federer" */
    SENTENCE_WORD, /* e.g., i.e.: a WORD whose period never ends a sentence (an example follows) */
    SMALL_WORD,    /* a WORD only in small letters: "et al." ("Al." is a name) */
    BOOK           /* a book of the Bible, only capitalised before a chapter and verse: "Ps. 23:1" */
} abbr_kind;

typedef struct {
    const char *abbr, *reading;
    /* the reading as a street's kind, whose quarter goes on the address
     * ("Ave. NW"): Ave. Blvd. Rd., and St. and Dr. after a name; else NULL */
    const char *street;
    abbr_kind kind;
} abbreviation;

static const abbreviation table[] = {
    /* first, since several are titles elsewhere ("Rev. Smith", "Gen. Lee",
     * "Col. Mustard", "Mt. Hood"); the numbered books' number is read by
     * the normaliser ("1 Cor. 13:4" → first corinthians). Not "Ex.", as
     * often "for example" before a time or a ratio ("Ex. 16:9"). */
    {"gen", "genesis", NULL, BOOK},
    {"exod", "exodus", NULL, BOOK},
    {"lev", "leviticus", NULL, BOOK},
    {"num", "numbers", NULL, BOOK},
    {"deut", "deuteronomy", NULL, BOOK},
    {"josh", "joshua", NULL, BOOK},
    {"judg", "judges", NULL, BOOK},
    {"sam", "samuel", NULL, BOOK},
    {"kgs", "kings", NULL, BOOK},
    {"chr", "chronicles", NULL, BOOK},
    {"chron", "chronicles", NULL, BOOK},
    {"neh", "nehemiah", NULL, BOOK},
    {"esth", "esther", NULL, BOOK},
    {"ps", "psalm", NULL, BOOK},
    {"psa", "psalm", NULL, BOOK},
    {"prov", "proverbs", NULL, BOOK},
    {"eccl", "ecclesiastes", NULL, BOOK},
    {"eccles", "ecclesiastes", NULL, BOOK},
    {"isa", "isaiah", NULL, BOOK},
    {"jer", "jeremiah", NULL, BOOK},
    {"lam", "lamentations", NULL, BOOK},
    {"ezek", "ezekiel", NULL, BOOK},
    {"dan", "daniel", NULL, BOOK},
    {"hos", "hosea", NULL, BOOK},
    {"obad", "obadiah", NULL, BOOK},
    {"mic", "micah", NULL, BOOK},
    {"nah", "nahum", NULL, BOOK},
    {"hab", "habakkuk", NULL, BOOK},
    {"zeph", "zephaniah", NULL, BOOK},
    {"hag", "haggai", NULL, BOOK},
    {"zech", "zechariah", NULL, BOOK},
    {"mal", "malachi", NULL, BOOK},
    {"matt", "matthew", NULL, BOOK},
    {"mt", "matthew", NULL, BOOK},
    {"mk", "mark", NULL, BOOK},
    {"lk", "luke", NULL, BOOK},
    {"jn", "john", NULL, BOOK},
    {"rom", "romans", NULL, BOOK},
    {"cor", "corinthians", NULL, BOOK},
    {"gal", "galatians", NULL, BOOK},
    {"eph", "ephesians", NULL, BOOK},
    {"phil", "philippians", NULL, BOOK},
    {"col", "colossians", NULL, BOOK},
    {"thess", "thessalonians", NULL, BOOK},
    {"tim", "timothy", NULL, BOOK},
    {"philem", "philemon", NULL, BOOK},
    {"heb", "hebrews", NULL, BOOK},
    {"jas", "james", NULL, BOOK},
    {"pet", "peter", NULL, BOOK},
    {"rev", "revelation", NULL, BOOK},
    {"mr", "mister", NULL, TITLE},
    {"mrs", "misess", NULL, TITLE},
    {"Ms", "miz", NULL, CASED_TITLE},
    {"messrs", "messieurs", NULL, TITLE},
    {"mme", "madame", NULL, TITLE},
    {"mlle", "mademoiselle", NULL, TITLE},
    {"dr", "doctor", "drive", STREET_TITLE},
    {"st", "saint", "street", STREET_TITLE},
    {"drs", "doctors", NULL, TITLE},
    {"prof", "professor", NULL, TITLE},
    {"rev", "reverend", NULL, TITLE},
    {"fr", "father", NULL, TITLE},
    {"gen", "general", NULL, TITLE},
    {"col", "colonel", NULL, TITLE},
    {"maj", "major", NULL, TITLE},
    {"lt", "lieutenant", NULL, TITLE},
    {"capt", "captain", NULL, TITLE},
    {"sgt", "sergeant", NULL, TITLE},
    {"gov", "governor", NULL, TITLE},
    {"sen", "senator", NULL, TITLE},
    {"rep", "representative", NULL, TITLE},
    {"pres", "president", NULL, TITLE},
    {"supt", "superintendent", NULL, TITLE},
    {"hon", "honorable", NULL, TITLE},
    {"mt", "mount", NULL, TITLE},
    {"ft", "fort", NULL, TITLE},
    {"vs", "versus", NULL, TITLE},
    {"v", "versus", NULL, LOWER_TITLE}, /* "Roe v. Wade"; "John V. Smith", "v. tired" */
    {"a.k.a", "also known as", NULL, TITLE}, /* a name follows: "a.k.a. Bob" */
    {"co", "company", NULL, WORD},
    {"corp", "corporation", NULL, WORD},
    {"inc", "incorporated", NULL, WORD},
    {"ltd", "limited", NULL, WORD},
    {"jr", "junior", NULL, WORD},
    {"sr", "senior", NULL, WORD},
    {"esq", "esquire", NULL, WORD},
    {"ave", "avenue", "avenue", WORD},
    {"blvd", "boulevard", "boulevard", WORD},
    {"rd", "road", "road", WORD},
    {"dept", "department", NULL, WORD},
    {"approx", "approximately", NULL, WORD},
    {"avg", "average", NULL, WORD}, /* "avg. speed", "the avg. price" */
    {"govt", "government", NULL, WORD},
    {"appt", "appointment", NULL, WORD},
    {"ea", "each", NULL, WORD}, /* "$25 ea." */
    {"etc", "et cetera", NULL, WORD},
    {"e.g", "for example", NULL, SENTENCE_WORD},
    {"i.e", "that is", NULL, SENTENCE_WORD},
    {"incl", "including", NULL, SENTENCE_WORD}, /* "8 chars incl. 1 number", "£20 incl. VAT" */
    {"excl", "excluding", NULL, SENTENCE_WORD},
    {"al", "al", NULL, SMALL_WORD}, /* "Smith et al. (2020) found", "Smith et al. The next" */
    {"jan", "january", NULL, MONTH},
    {"feb", "february", NULL, MONTH},
    {"mar", "march", NULL, MONTH},
    {"apr", "april", NULL, MONTH},
    {"jun", "june", NULL, MONTH},
    {"jul", "july", NULL, MONTH},
    {"aug", "august", NULL, MONTH},
    {"sep", "september", NULL, MONTH},
    {"sept", "september", NULL, MONTH},
    {"oct", "october", NULL, MONTH},
    {"nov", "november", NULL, MONTH},
    {"dec", "december", NULL, MONTH},
    {"mon", "monday", NULL, DAY},
    {"tue", "tuesday", NULL, DAY},
    {"tues", "tuesday", NULL, DAY},
    {"wed", "wednesday", NULL, DAY},
    {"weds", "wednesday", NULL, DAY},
    {"thu", "thursday", NULL, DAY},
    {"thur", "thursday", NULL, DAY},
    {"thurs", "thursday", NULL, DAY},
    {"fri", "friday", NULL, DAY},
    {"sat", "saturday", NULL, DAY},
    {"sun", "sunday", NULL, DAY},
    {"no", "number", NULL, BEFORE_NUMBER},
    {"nos", "numbers", NULL, BEFORE_NUMBER},
    {"fig", "figure", NULL, BEFORE_NUMBER},
    {"vol", "volume", NULL, BEFORE_NUMBER},
    {"ch", "chapter", NULL, BEFORE_NUMBER},
    {"p", "page", NULL, BEFORE_NUMBER},
    {"pp", "pages", NULL, BEFORE_NUMBER},
    {"para", "paragraph", NULL, BEFORE_NUMBER}, /* no word: "art. 5, para. 2" */
    {"dep", "departs", NULL, BEFORE_NUMBER},    /* a timetable's "dep. 08:15, arr. 11:30" */
    {"arr", "arrives", NULL, BEFORE_NUMBER},
    {"ext", "extension", NULL, BEFORE_NUMBER}, /* of a phone number: "ext. 89" */
    {"c", "circa", NULL, SMALL_BEFORE_NUMBER}, /* "born c. 1850" */
    /* a form's or a spec's limits, "min. 10 chars", "max. 20%" ("Max." is
     * a name; "25 min." is minutes, whose period may end a recipe's
     * sentence before a number: "Bake 25 min. 4 servings.") */
    {"min", "minimum", NULL, SMALL_LIMIT},
    {"max", "maximum", NULL, SMALL_LIMIT},
    {"ca", "circa", NULL, SMALL_BEFORE_NUMBER},
    {"b", "born", NULL, SMALL_BEFORE_YEAR}, /* "b. 1820, d. 1890" */
    {"d", "died", NULL, SMALL_BEFORE_YEAR},
    {"d", "defeated", NULL, SMALL_BETWEEN_NAMES}, /* a result; "c. Rome d. Berlin" ends a sentence at "c." */
    {"def", "defeated", NULL, LOWER_TITLE},       /* "Nadal def. Federer" */
    /* words too, so only capitalised: "I love modern art. 5 stars" */
    {"apt", "apartment", NULL, CAPITAL_BEFORE_NUMBER},
    {"eq", "equation", NULL, CAPITAL_BEFORE_NUMBER},
    {"ref", "reference", NULL, CAPITAL_BEFORE_NUMBER},
    {"sec", "section", NULL, CAPITAL_BEFORE_NUMBER},
    {"art", "article", NULL, CAPITAL_BEFORE_NUMBER},
    {"est", "established", NULL, CAPITAL_BEFORE_NUMBER}, /* "Est. 1990" */
    {"est", "estimated", NULL, BEFORE_NUMBER},           /* "an est. 5,000 people" */
    {"tel", "telephone", NULL, CAPITAL_BEFORE_NUMBER},
    {"plat", "platform", NULL, CAPITAL_BEFORE_NUMBER},
    {"hwy", "highway", NULL, CAPITAL_BEFORE_NUMBER}, /* "Hwy. 101" */
    {"ste", "suite", NULL, CAPITAL_BEFORE_NUMBER},
    {"bldg", "building", NULL, CAPITAL_BEFORE_NUMBER},
    {"rm", "room", NULL, CAPITAL_BEFORE_NUMBER},
    {"pg", "page", NULL, BEFORE_NUMBER},
    {"pgs", "pages", NULL, BEFORE_NUMBER},
    {"rte", "route", NULL, CAPITAL_BEFORE_NUMBER},
    {"rt", "route", NULL, CAPITAL_BEFORE_NUMBER},
};

/* What else a state's AP abbreviation may be after a place and a comma. */
typedef enum {
    STATE_ONLY,  /* nothing else: "Calif.", "N.Y." */
    STATE_WORD,  /* a word too: "Ill.", "Mass.", "Ore." */
    STATE_TITLE, /* a title too, before a name: "Miss. Brown", "Del. Danica Roem" */
} state_kind;

/* The US states as the news writes them: the abbreviation of AP style
 * (without its period; those it leaves whole have their name), the postal
 * code, and the name; and the district and the territories, by their
 * postal codes alone, whose letters are said ("Washington, DC 20500"). */
static const struct {
    const char *ap, *postal, *name;
    state_kind kind;
} states[] = {
    {"Ala", "AL", "alabama"},        {"Alaska", "AK", "alaska"},          {"Ariz", "AZ", "arizona"},
    {"Ark", "AR", "arkansas"},       {"Calif", "CA", "california"},       {"Colo", "CO", "colorado"},
    {"Conn", "CT", "connecticut"},   {"Del", "DE", "delaware", STATE_TITLE}, {"Fla", "FL", "florida"},
    {"Ga", "GA", "georgia"},         {"Hawaii", "HI", "hawaii"},          {"Idaho", "ID", "idaho"},
    {"Ill", "IL", "illinois", STATE_WORD}, {"Ind", "IN", "indiana", STATE_WORD}, {"Iowa", "IA", "iowa"},
    {"Kan", "KS", "kansas"},         {"Ky", "KY", "kentucky"},            {"La", "LA", "louisiana", STATE_WORD},
    {"Maine", "ME", "maine"},        {"Md", "MD", "maryland"},            {"Mass", "MA", "massachusetts", STATE_WORD},
    {"Mich", "MI", "michigan"},      {"Minn", "MN", "minnesota"},         {"Miss", "MS", "mississippi", STATE_TITLE},
    {"Mo", "MO", "missouri", STATE_WORD}, {"Mont", "MT", "montana"},      {"Neb", "NE", "nebraska"},
    {"Nev", "NV", "nevada"},         {"N.H", "NH", "new hampshire"},      {"N.J", "NJ", "new jersey"},
    {"N.M", "NM", "new mexico"},     {"N.Y", "NY", "new york"},           {"N.C", "NC", "north carolina"},
    {"N.D", "ND", "north dakota"},   {"Ohio", "OH", "ohio"},              {"Okla", "OK", "oklahoma"},
    {"Ore", "OR", "oregon", STATE_WORD}, {"Pa", "PA", "pennsylvania", STATE_WORD}, {"R.I", "RI", "rhode island"},
    {"S.C", "SC", "south carolina"}, {"S.D", "SD", "south dakota"},       {"Tenn", "TN", "tennessee"},
    {"Texas", "TX", "texas"},        {"Utah", "UT", "utah"},              {"Vt", "VT", "vermont"},
    {"Va", "VA", "virginia"},        {"Wash", "WA", "washington", STATE_WORD}, {"W.Va", "WV", "west virginia"},
    {"Wis", "WI", "wisconsin"},      {"Wyo", "WY", "wyoming"},            {"P.R", "PR", "puerto rico"},
    {NULL, "DC", NULL},              {NULL, "GU", NULL},                  {NULL, "VI", NULL},
    {NULL, "AS", NULL},              {NULL, "MP", NULL},
};

static char lower(char c)
{
    return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

/* w[0..n) is abbr, in any case. */
static bool same_ci(const char *w, size_t n, const char *abbr)
{
    if (strlen(abbr) != n)
        return false;
    for (size_t i = 0; i < n; i++)
        if (lower(w[i]) != lower(abbr[i]))
            return false;
    return true;
}

/* Whether w[0..n) is one of the `count` words of `list`, in any case. */
static bool one_of(const char *w, size_t n, const char *const *list, size_t count)
{
    for (size_t i = 0; i < count; i++)
        if (same_ci(w, n, list[i]))
            return true;
    return false;
}

#define ONE_OF(w, n, list) one_of((w), (n), (list), sizeof(list) / sizeof *(list))

/* Whether the next word is a city quarter's compass point, which goes on
 * a street's address: "1st St. NW", "Pennsylvania Ave. NW" (a single N, S,
 * E or W there is as often a sentence's initial or the way to go). */
static bool quarter_next(const abbr_context *ctx)
{
    static const char *const quarters[] = {"ne", "nw", "se", "sw"};
    for (size_t q = 0; q < sizeof quarters / sizeof *quarters && ctx->next_word; q++)
        if (!strcmp(ctx->next_word, quarters[q]))
            return true;
    return false;
}

/* What a county has and a company does not, after "Co.": "Adams Co.
 * Schools", "Harris Co. jail". */
static bool is_county_word(const char *w)
{
    static const char *const words[] = {"schools",  "school",     "jail",     "sheriff", "sheriff's",
                                        "commissioners", "commission", "fair", "courthouse", "deputies",
                                        "clerk",    "parks",      "roads",    "prosecutor", "coroner"};
    for (size_t i = 0; i < sizeof words / sizeof *words; i++)
        if (!strcmp(w, words[i]))
            return true;
    return false;
}

bool abbr_is_greeting(const char *w, size_t n)
{
    static const char *const words[] = {"thanks", "thank", "thx",  "cheers", "sorry", "hi",    "hey",
                                        "hello",  "bye",   "dear", "ok",     "okay",  "yes",   "no",
                                        "yeah",   "sure",  "congrats", "morning", "night", "you"};
    return ONE_OF(w, n, words);
}

bool abbr_is_determiner(const char *w, size_t n)
{
    static const char *const words[] = {"the", "a",  "an",    "our",  "my",   "your",
                                        "his", "her", "its", "their", "this", "that"};
    return ONE_OF(w, n, words);
}

bool abbr_is_day_word(const char *w, size_t n)
{
    /* (not from, after, before or by: "FROM SUN. AND WIND", "AFTER SUN.
     * EXPOSURE", "PHOTO BY SUN. STAFF") */
    static const char *const words[] = {"on",   "this",    "next", "last",  "until", "till",     "since",
                                        "every", "through", "thru", "open",  "opens", "closed", "starting",
                                        "ending", "due"};
    return ONE_OF(w, n, words);
}

bool abbr_place_before_comma(const char *w, size_t n)
{
    static const char *const words[] = {"sunday",   "monday",   "tuesday",  "wednesday", "thursday", "friday",
                                        "saturday", "january",  "february", "march",     "april",    "june",
                                        "july",     "august",   "september", "october",  "november", "december",
                                        "north",    "south",    "east",     "west",     "easter",   "christmas"};
    return n >= 3 && w[0] >= 'A' && w[0] <= 'Z' && !abbr_is_greeting(w, n) && !ONE_OF(w, n, words);
}

bool abbr_is_function_word(const char *w, size_t n)
{
    static const char *const words[] = {"and", "or", "but", "by", "for", "with", "on", "as", "than"};
    if (n < 2) /* "A" is as often a letter's name: "1200 A ST. NE" */
        return false;
    return abbr_is_determiner(w, n) || abbr_is_locative(w, n) || ONE_OF(w, n, words);
}

bool abbr_is_locative(const char *w, size_t n)
{
    static const char *const words[] = {"in",     "at",     "from", "to",   "near", "of",      "outside",
                                        "around", "into",   "toward", "towards", "via", "through", "visit",
                                        "visiting", "reach", "reached"};
    return ONE_OF(w, n, words);
}

/* The state whose AP abbreviation w[0..n) is without its period,
 * capitalised or in capitals ("Calif", "CALIF", "N.Y"), or whose name it
 * is written so ("Ohio"): its index, or -1. */
static int state_written(const char *w, size_t n)
{
    if (!(n > 0 && w[0] >= 'A' && w[0] <= 'Z'))
        return -1;
    for (size_t i = 0; i < sizeof states / sizeof *states; i++)
        if (states[i].ap && same_ci(w, n, states[i].ap))
            return (int)i;
    return -1;
}

/* The state an AP abbreviation after a place and a comma names (the rule
 * in the header), or NULL. */
static const char *state_after_place(const char *w, size_t n, const abbr_context *ctx)
{
    int s = ctx->after_place ? state_written(w, n) : -1;
    if (s < 0)
        return NULL;
    if (ctx->before_break)
        return states[s].name;
    /* "Miss. State", "Ga. State": a university */
    const char *next = ctx->next_word ? ctx->next_word : "";
    if (states[s].kind == STATE_ONLY || !strcmp(next, "state"))
        return states[s].name;
    /* a word or a title too: not after a sentence's first word ("Ma, Pa.
     * Come quick!", "Smith, Pa. said"), nor in a list ("Red, Ore. and
     * Blue", "Ctrl, Alt, Del. and Esc"), nor a title before a name ("Mr.
     * Jones, Miss. Brown") */
    if (ctx->after_place == 2 || !strcmp(next, "and") || !strcmp(next, "or") ||
        (states[s].kind == STATE_TITLE && ctx->next == ABBR_NEXT_UPPER))
        return NULL;
    return states[s].name;
}

bool abbr_is_state_code(const char *w, size_t n)
{
    for (size_t i = 0; n == 2 && i < sizeof states / sizeof *states; i++)
        if (memcmp(w, states[i].postal, 2) == 0)
            return true;
    return false;
}

const char *abbr_state(const char *w, size_t n)
{
    if (n > 1 && w[n - 1] == '.')
        n--;
    for (size_t i = 0; n == 2 && i < sizeof states / sizeof *states; i++)
        if (memcmp(w, states[i].postal, 2) == 0)
            return states[i].name;
    int s = state_written(w, n);
    return s < 0 ? NULL : states[s].name;
}

abbr_next abbr_next_of(uint32_t c)
{
    if (c == 0)
        return ABBR_NEXT_NONE;
    if (c >= '0' && c <= '9')
        return ABBR_NEXT_DIGIT;
    /* Capitals of the Latin letters (ASCII, Latin-1, Latin Extended-A's even code points). */
    if ((c >= 'A' && c <= 'Z') || (c >= 0xC0 && c <= 0xDE && c != 0xD7) || (c >= 0x100 && c <= 0x17F && !(c & 1)))
        return ABBR_NEXT_UPPER;
    return ABBR_NEXT_LOWER;
}

const char *abbr_reading(const char *w, size_t n, const abbr_context *ctx, bool *ends_sentence)
{
    static const abbr_context none = {false, ABBR_NEXT_NONE, false, false};
    if (!ctx)
        ctx = &none;
    *ends_sentence = false;
    /* "Springfield, Ill., police", "Portland, Ore. The rain" */
    const char *state = state_after_place(w, n, ctx);
    if (state) {
        *ends_sentence = ctx->next == ABBR_NEXT_UPPER;
        return state;
    }
    for (size_t i = 0; i < sizeof table / sizeof *table; i++) {
        const abbreviation *a = &table[i];
        if (!same_ci(w, n, a->abbr))
            continue;
        bool before_capital = ctx->next == ABBR_NEXT_UPPER;
        switch (a->kind) {
        case TITLE:
            return a->reading;
        case STREET_TITLE: {
            size_t k = ctx->next_word ? strlen(ctx->next_word) : 0;
            bool possessive = k > 2 && ctx->next_word[k - 2] == '\'' && ctx->next_word[k - 1] == 's';
            /* after an ordinal a street ("74TH ST. AND"), unless a name or a
             * possessive follows ("the 1st St. Louis player", "THE 2ND ST.
             * MARY'S") */
            bool ordinal_street = ctx->after_ordinal && (!before_capital || ctx->next_shouted);
            if (!possessive && (ordinal_street || ctx->prev_name || !before_capital)) {
                *ends_sentence = before_capital && !quarter_next(ctx);
                return a->street;
            }
            return a->reading;
        }
        case WORD:
            if (!strcmp(a->abbr, "co") && ctx->next_word && is_county_word(ctx->next_word))
                return "county";
            /* "Pennsylvania Ave. NW" */
            *ends_sentence = before_capital && !(a->street && quarter_next(ctx));
            return a->reading;
        case MONTH:
            /* in capitals "APR" is a loan's annual percentage rate ("3.5% APR.")
             * but before a day */
            if (n == 3 && strncmp(w, "APR", 3) == 0 && ctx->next != ABBR_NEXT_DIGIT)
                return NULL;
            *ends_sentence = before_capital;
            return a->reading;
        case DAY: {
            /* in capitals only those that are no word: "ON TUES." ("SAT.",
             * "SUN.", "WED." are as often the verb, the star, the verb), but
             * after a word that days follow: "ON SAT. AT NOON" */
            bool capitals = w[1] >= 'A' && w[1] <= 'Z';
            bool word_too = same_ci(w, n, "sat") || same_ci(w, n, "sun") || same_ci(w, n, "wed") ||
                            same_ci(w, n, "weds");
            if (!(w[0] >= 'A' && w[0] <= 'Z') || (capitals && word_too && !ctx->after_day_word) ||
                ctx->after_determiner)
                return NULL;
            *ends_sentence = before_capital;
            return a->reading;
        }
        case BEFORE_NUMBER:
            return ctx->next == ABBR_NEXT_DIGIT ? a->reading : NULL;
        case CAPITAL_BEFORE_NUMBER:
            if (!(w[0] >= 'A' && w[0] <= 'Z'))
                continue; /* a later entry may take it in small letters */
            return ctx->next == ABBR_NEXT_DIGIT ? a->reading : NULL;
        case SMALL_BEFORE_NUMBER:
            return w[0] >= 'a' && w[0] <= 'z' && ctx->next == ABBR_NEXT_DIGIT ? a->reading : NULL;
        case SMALL_LIMIT:
            return w[0] >= 'a' && w[0] <= 'z' && ctx->next == ABBR_NEXT_DIGIT && !ctx->after_number ? a->reading
                                                                                                  : NULL;
        case SMALL_BEFORE_YEAR:
            if (w[0] >= 'a' && w[0] <= 'z' && ctx->next_year)
                return a->reading;
            continue; /* "d." may yet be a result's */
        case SMALL_BETWEEN_NAMES:
            return w[0] >= 'a' && w[0] <= 'z' && ctx->prev_name && before_capital ? a->reading : NULL;
        case LOWER_TITLE:
            return w[0] >= 'a' && w[0] <= 'z' && before_capital ? a->reading : NULL;
        case CASED_TITLE:
            return strncmp(w, a->abbr, n) == 0 && before_capital ? a->reading : NULL;
        case SENTENCE_WORD:
            return a->reading;
        case SMALL_WORD:
            if (!(w[0] >= 'a' && w[0] <= 'z'))
                return NULL;
            *ends_sentence = before_capital;
            return a->reading;
        case BOOK:
            if (w[0] >= 'A' && w[0] <= 'Z' && !(n > 1 && w[1] >= 'A' && w[1] <= 'Z') && ctx->next_verse &&
                !ctx->after_greeting)
                return a->reading;
            continue; /* a title or a word elsewhere */
        }
    }
    return NULL;
}
