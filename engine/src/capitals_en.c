/* Whether English letters in capitals are said or spelled (the rules in
 * the header).
 *
 * Copyright (C) 2026 The Inflect authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "capitals_en.h"

#include <string.h>

#include "folded_en.h"
#include "word_list.h"

/* Whether letter i of w is a vowel for the acronym rule: Y counts as a
 * consonant, except in shouted text after a consonant (MYTH, GYMS, but not
 * the Y of EMPLOYEES or YEAR). */
static bool rule_vowel(const char *w, size_t i, bool shouted)
{
    if (is_vowel(w[i]))
        return true;
    return shouted && w[i] == 'y' && i > 0 && !is_vowel(w[i - 1]) && w[i - 1] != 'y';
}

/* Whether w[0..k) is one of the onsets in `list` (of k letters, each
 * followed by a space). */
static bool onset_in(const char *list, const char *w, size_t k)
{
    for (const char *o = list; *o; o += k + 1)
        if (memcmp(o, w, k) == 0)
            return true;
    return false;
}

/* Whether w[0..n) ends as no English word does: a stop or a fricative
 * before l or n ("ESPN", "AAPL"; "SIGN" and "JOHN" do; not before r,
 * which names of other languages end with: "PIOTR", "SADR"). */
static bool foreign_ending(const char *w, size_t n, bool shouted)
{
    if (n < 2 || rule_vowel(w, n - 1, shouted) || rule_vowel(w, n - 2, shouted))
        return false;
    char last = w[n - 1], before = w[n - 2];
    return (last == 'l' || last == 'n') && before && strchr("bcdfkpstvz", before);
}

bool capitals_pronounceable(const char *w, size_t n, bool shouted)
{
    static const char onsets[] = "bl br ch cl cr dr fl fr gl gr kn pl pr sc sh sk sl sm sn sp st sw th tr tw wh wr ";
    static const char loose_onsets[] = "dw gh gn ph ps rh sq ";
    static const char loose_onsets3[] = "chr phr sch scr shr sph spl spr str thr ";
    if (n < 4 || foreign_ending(w, n, shouted))
        return false;
    /* a name's "MC" or "DJ" in shouted text (MCDAVID, DJOKOVIC): the onset
     * after it is the one tested */
    size_t start = shouted && n >= 6 && (memcmp(w, "mc", 2) == 0 || memcmp(w, "dj", 2) == 0) ? 2 : 0;
    size_t first = start;
    while (first < n && !rule_vowel(w, first, shouted))
        first++;
    /* three consonants start a word only in shouted text, or a long one
     * (a dateline's "SPRINGFIELD", "SCRANTON"; acronyms are shorter) */
    if (first == n || first - start > (shouted || n >= 7 ? 3u : 2u))
        return false;
    if (first - start == 2 && !onset_in(onsets, w + start, 2) && !(shouted && onset_in(loose_onsets, w + start, 2)))
        return false;
    if (first - start == 3 && !onset_in(loose_onsets3, w + start, 3))
        return false;
    size_t vowels = 0, consonants = 0, most_vowels = shouted ? 3 : 2, most_consonants = shouted ? 4 : 3;
    for (size_t i = 0; i < n; i++) {
        bool v = rule_vowel(w, i, shouted);
        vowels = v ? vowels + 1 : 0;
        consonants = v ? 0 : consonants + 1;
        if (vowels > most_vowels || consonants > most_consonants)
            return false;
    }
    return true;
}

bool capitals_short_word(const char *w, size_t n)
{
    static const char *const words[] = {
        "ah", "am", "an", "as", "at", "ax", "be", "by", "do", "eh", "ex", "go", "he", "hi", "if", "in", "is",
        "it", "me", "mu", "my", "no", "nu", "of", "oh", "on", "or", "ox", "pi", "so", "to", "up", "us", "we",
        "xi", "ye", "yo", "ace", "act", "add", "age", "ago", "aid", "aim", "air", "ale", "all", "and", "ant",
        "any", "ape", "apt", "arc", "are", "ark", "arm", "art", "ash", "ask", "ate", "awe", "axe", "aye", "bad",
        "bag", "ban", "bar", "bat", "bay", "bed", "bee", "beg", "bet", "bib", "bid", "big", "bin", "bit", "bow",
        "box", "boy", "bro", "bud", "bug", "bun", "bus", "but", "buy", "bye", "cab", "can", "cap", "car", "cat",
        "chi", "con", "cop", "cot", "cow", "cry", "cub", "cue", "cup", "cut", "dad", "day", "den", "dew", "did",
        "die", "dig", "dim", "dip", "dog", "dot", "dow", "dry", "dub", "due", "dug", "dye", "ear", "eat", "eel",
        "egg", "ego", "elf", "elm", "end", "era", "eta", "eve", "eye", "fan", "far", "fat", "fed", "fee", "few",
        "fig", "fin", "fit", "fix", "fly", "fog", "for", "fox", "fry", "fun", "fur", "gag", "gap", "gas", "gel",
        "get", "gig", "gin", "god", "got", "gum", "gun", "gut", "guy", "gym", "had", "ham", "has", "hat", "hay",
        "hem", "hen", "her", "hey", "hid", "him", "hip", "his", "hit", "hog", "hop", "hot", "how", "hue", "hug",
        "hum", "hut", "ice", "icy", "ill", "ink", "inn", "ion", "its", "ivy", "jab", "jam", "jar", "jaw", "jet",
        "jig", "job", "jog", "joy", "jug", "keg", "key", "kid", "kin", "kit", "lab", "lad", "lag", "lap", "las",
        "law", "lay", "led", "leg", "let", "lid", "lie", "lip", "lit", "log", "los", "lot", "low", "mad", "man",
        "map", "mat", "max", "may", "men", "met", "mid", "mix", "mob", "mom", "mop", "mow", "mud", "mug", "nag",
        "nap", "net", "new", "nil", "nod", "non", "nor", "not", "now", "nun", "nut", "oak", "oar", "oat", "odd",
        "off", "ohm", "oil", "old", "one", "opt", "orb", "ore", "our", "out", "owe", "owl", "own", "pad", "pal",
        "pan", "paw", "pay", "pea", "peg", "pen", "per", "pet", "phi", "pie", "pig", "pin", "pit", "pop", "pot",
        "pre", "pro", "psi", "pub", "pun", "pup", "put", "rag", "ram", "ran", "rap", "rat", "raw", "ray", "red",
        "ref", "rho", "rib", "rid", "rig", "rim", "rip", "rob", "rod", "rot", "row", "rub", "rue", "rug", "rum",
        "run", "rut", "rye", "sad", "sag", "san", "sap", "sat", "saw", "say", "sea", "see", "set", "sew", "she",
        "shy", "sin", "sip", "sir", "sit", "six", "ski", "sky", "sly", "sob", "sod", "son", "sow", "soy", "spa",
        "spy", "sub", "sue", "sum", "sun", "tab", "tad", "tag", "tan", "tap", "tar", "tau", "tax", "tea", "ten",
        "the", "tie", "tin", "tip", "toe", "ton", "too", "top", "tot", "tow", "toy", "try", "tub", "tug", "two",
        "urn", "use", "van", "vet", "via", "vow", "wag", "war", "was", "wax", "way", "web", "wed", "wet", "who",
        "why", "wig", "win", "wit", "woe", "wok", "won", "wow", "yak", "yam", "yap", "yes", "yet", "you", "zap",
        "zen", "zip", "zoo",
        /* and the short words and first names of the news (captions: "DAN
         * AND AMY", "THE RED SOX", "FLU SEASON") */
        "app", "dam", "doc", "flu", "par", "sox", "yen", "amy", "ann", "ava", "ben", "bob", "cam", "dan",
        "deb", "don", "eli", "eva", "gus", "hal", "ian", "jay", "jim", "joe", "jon", "kay", "ken", "kim",
        "lee", "leo", "liz", "meg", "mel", "ned", "pam", "rex", "ron", "roy", "sal", "sam", "ted", "tim",
        "tom", "val", "zoe",
    };
    return WORD_IN(w, n, words);
}

bool capitals_emphasised(const char *w, size_t n)
{
    static const char *const words[] = {
        "be",  "by",  "go",  "if",  "is",  "my",  "no",  "of",  "so",  "to",  "up",  "we",  "all", "and",
        "any", "are", "ask", "bad", "big", "but", "buy", "can", "day", "did", "end", "few", "for", "fun",
        "get", "had", "has", "her", "him", "hot", "how", "let", "low", "max", "new", "not", "now", "off",
        "old", "one", "our", "out", "own", "put", "run", "saw", "say", "see", "she", "six", "ten", "the",
        "too", "top", "two", "was", "way", "why", "win", "won", "yes", "yet", "you"};
    return WORD_IN(w, n, words);
}

bool capitals_spoken(const char *w, size_t n)
{
    static const char *const words[] = {"pin", "sim", "ram", "rom", "lan", "wan", "gif", "zip"};
    return WORD_IN(w, n, words) || capitals_pronounceable(w, n, false);
}
