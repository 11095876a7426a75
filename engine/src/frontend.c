/* Text frontend: text in, utterances of symbol tokens out.
 *
 * Copyright (C) 2026 The Inflect authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "frontend.h"

#include <stdlib.h>
#include <string.h>

#include "arpabet.h"
#include "errors.h"
#include "espeak.h"
#include "grow.h"
#include "normalize_en.h"
#include "phoneme_align.h"
#include "symbols.h"
#include "text.h"
#include "word_context.h"

/* Words read together by espeak-ng. Longer clauses are read in chunks of
 * this size, which only loses context at the seams; espeak-ng itself breaks
 * clauses not much longer than this. The limits also bound the alignment. */
#define CHUNK_PIECES 32
#define CHUNK_BYTES 160

struct frontend {
    frontend_kind kind;
    char voice[64];
    unsigned scan_flags;
    bool expand_numbers; /* English espeak-ng voice: see espeak_text() */
};

typedef struct {
    size_t text;    /* start in piece_text */
    size_t offset;  /* the word's span in the caller's text */
    size_t length;
} piece;

struct frontend_stream {
    const frontend *fe;
    text_scanner sc;
    text_item item; /* too big for every caller's stack */
    word_context wc;          /* the neighbours of the current word */
    normalize_en_context ctx;
    char expanded[NORMALIZE_EN_OUT_BYTES];
    size_t max_tokens;
    bool at_end;
    /* pieces waiting to be read together: NUL-separated texts */
    char piece_text[CHUNK_BYTES + NORMALIZE_EN_OUT_BYTES];
    size_t piece_text_len;
    piece pieces[CHUNK_PIECES];
    size_t n_pieces;
    char joined[CHUNK_BYTES + NORMALIZE_EN_OUT_BYTES];
    /* tokens not handed out yet; the first `consumed` went out last call */
    frontend_token *tok;
    size_t n, cap, consumed;
    bool sentence_done;   /* tok ends with the sentence's final mark */
    bool sentence_start;  /* next utterance starts a sentence */
    /* scratch */
    phoneme_list ph;
    size_t ends[CHUNK_PIECES + 1];
    phoneme_align align; /* which piece each phoneme of a clause belongs to */
};

/* Languages espeak-ng reads in Latin script: their voices drop letters of
 * other scripts instead of spelling them with foreign sounds. */
static bool latin_script(const char *voice)
{
    static const char *const langs[] = {"af", "an", "bs", "ca", "cs", "cy", "da", "de", "en", "eo", "es", "et",
                                        "eu", "fi", "fr", "ga", "gd", "hr", "ht", "hu", "ia", "id", "io", "is",
                                        "it", "la", "lb", "lt", "lv", "ms", "mt", "nb", "nl", "no", "pl", "pt",
                                        "ro", "sk", "sl", "sq", "sv", "sw", "tn", "tr", "vi", "az"};
    size_t n = strcspn(voice, "-_");
    for (size_t i = 0; i < sizeof langs / sizeof langs[0]; i++) {
        if (strlen(langs[i]) == n && strncmp(voice, langs[i], n) == 0)
            return true;
    }
    return false;
}

inflect_status frontend_new(frontend_kind kind, const char *espeak_voice, frontend **out, char *err,
                            size_t err_size)
{
    if (!out)
        return fail(err, err_size, INFLECT_ERR_INVALID_ARGUMENT, "frontend_new: NULL argument");
    *out = NULL;
    if (!espeak_voice || strlen(espeak_voice) >= sizeof ((frontend *)0)->voice)
        return fail(err, err_size, INFLECT_ERR_INVALID_ARGUMENT, "bad espeak-ng voice name");
    inflect_status st = espeak_check_voice(espeak_voice, err, err_size);
    if (st != INFLECT_OK)
        return st;
    frontend *fe = calloc(1, sizeof *fe);
    if (!fe)
        return fail(err, err_size, INFLECT_ERR_NO_MEMORY, "out of memory");
    fe->kind = kind;
    memcpy(fe->voice, espeak_voice, strlen(espeak_voice) + 1);
    fe->scan_flags = latin_script(espeak_voice) ? TEXT_LATIN_ONLY : 0;
    if (kind == FRONTEND_CMUDICT_ARPABET)
        fe->scan_flags |= TEXT_LINE_ENDS_SENTENCE | TEXT_LAST_MARK_WINS;
    size_t lang = strcspn(espeak_voice, "-_");
    fe->expand_numbers = kind == FRONTEND_ESPEAK_IPA && lang == 2 && strncmp(espeak_voice, "en", 2) == 0;
    /* Only the English normaliser reads an en dash range ("to") and an area
     * code in brackets; another language's reader gets the clause breaks as
     * before. */
    if (fe->expand_numbers || kind == FRONTEND_CMUDICT_ARPABET)
        fe->scan_flags |= TEXT_ENGLISH_NUMBERS;
    *out = fe;
    return INFLECT_OK;
}

void frontend_free(frontend *fe)
{
    free(fe);
}

inflect_status frontend_stream_new(const frontend *fe, const char *text, size_t length, size_t max_tokens,
                                   frontend_stream **out, char *err, size_t err_size)
{
    if (!out)
        return fail(err, err_size, INFLECT_ERR_INVALID_ARGUMENT, "frontend_stream_new: NULL argument");
    *out = NULL;
    if (!fe || (!text && length > 0))
        return fail(err, err_size, INFLECT_ERR_INVALID_ARGUMENT, "frontend_stream_new: NULL argument");
    frontend_stream *s = calloc(1, sizeof *s);
    if (!s)
        return fail(err, err_size, INFLECT_ERR_NO_MEMORY, "out of memory");
    s->fe = fe;
    text_scanner_init(&s->sc, text, length, fe->scan_flags);
    word_context_init(&s->wc);
    s->max_tokens = max_tokens;
    s->sentence_start = true;
    *out = s;
    return INFLECT_OK;
}

void frontend_stream_free(frontend_stream *s)
{
    if (!s)
        return;
    free(s->tok);
    phoneme_list_free(&s->ph);
    phoneme_align_free(&s->align);
    free(s);
}

static bool push_token(frontend_stream *s, int id, int tone, size_t offset, size_t length)
{
    if (!grow_array((void **)&s->tok, &s->cap, s->n + 1, sizeof *s->tok))
        return false;
    frontend_token *t = &s->tok[s->n++];
    t->symbol = symbols_name(id);
    t->id = (uint16_t)id;
    t->tone = (uint8_t)tone;
    t->text_offset = offset;
    t->text_length = length;
    return true;
}

static inflect_status flush_chunk(frontend_stream *s, char *err, size_t err_size)
{
    size_t k = s->n_pieces;
    if (k == 0)
        return INFLECT_OK;
    const char *texts[CHUNK_PIECES + 1];
    size_t len = 0;
    for (size_t p = 0; p < k; p++) {
        const char *t = s->piece_text + s->pieces[p].text;
        size_t n = strlen(t);
        if (p > 0)
            s->joined[len++] = ' ';
        memcpy(s->joined + len, t, n);
        len += n;
        texts[p + 1] = t;
    }
    s->joined[len] = '\0';
    texts[0] = s->joined;
    s->ph.n = 0;
    /* A lone word needs no alignment, so it is read only once. */
    inflect_status st = espeak_phonemize(s->fe->voice, texts, k > 1 ? k + 1 : 1, &s->ph, s->ends, err, err_size);
    if (st != INFLECT_OK)
        return st;
    if (k == 1)
        s->ends[1] = s->ends[0];
    if (!phoneme_align_owners(&s->align, s->ph.items, s->ends, k))
        return fail(err, err_size, INFLECT_ERR_NO_MEMORY, "out of memory");
    int cur = -1;
    for (size_t i = 0; i < s->ends[0]; i++) {
        const piece *pc = &s->pieces[s->align.owner[i]];
        if (s->align.owner[i] != cur) {
            /* Between the spoken words of one written word ("$3.50") the
             * space spans that word, so word events keep it whole. */
            const frontend_token *prev = s->n > 0 ? &s->tok[s->n - 1] : NULL;
            bool inner = prev && prev->text_offset == pc->offset && prev->text_length == pc->length;
            if (prev && !push_token(s, SYMBOL_SPACE, 0, pc->offset, inner ? pc->length : 0))
                return fail(err, err_size, INFLECT_ERR_NO_MEMORY, "out of memory");
            cur = s->align.owner[i];
        }
        if (!push_token(s, s->ph.items[i].id, s->ph.items[i].tone, pc->offset, pc->length))
            return fail(err, err_size, INFLECT_ERR_NO_MEMORY, "out of memory");
    }
    s->n_pieces = 0;
    s->piece_text_len = 0;
    return INFLECT_OK;
}

/* espeak-ng reads "$3.50" as "dollar three point five zero", years as
 * plain numbers and "St." always as "saint", so for English voices every
 * piece goes through the English normaliser first (normalize_en.h, in its
 * context: three dollars , fifty cents; Main Street). A piece it only
 * lowercases is given to espeak-ng as written, keeping espeak-ng's own
 * reading of it. Returns the piece, or the normaliser's words. */
static const char *espeak_text(frontend_stream *s, const text_item *it)
{
    if (!s->fe->expand_numbers)
        return it->text;
    normalize_en_word_in(it->text, &s->ctx, s->expanded, sizeof s->expanded);
    return normalize_en_is_plain(it->text, s->expanded) ? it->text : s->expanded;
}

/* The next word of the normaliser's space-separated output at *w; false at
 * the end. */
static bool next_word(const char **w, const char **word, size_t *len)
{
    while (**w == ' ')
        (*w)++;
    if (!**w)
        return false;
    *word = *w;
    *len = strcspn(*w, " ");
    *w += *len;
    return true;
}

static bool is_pause(const char *word, size_t len) { return len == 1 && word[0] == ','; }

/* One word for espeak-ng, text[0..len), standing for offset/length. */
static inflect_status add_one_piece(frontend_stream *s, const char *text, size_t len, size_t offset, size_t length,
                                   char *err, size_t err_size)
{
    size_t joined = s->piece_text_len; /* NULs become the spaces of the joined text */
    if (s->n_pieces == CHUNK_PIECES || (s->n_pieces > 0 && joined + len + 1 > CHUNK_BYTES)) {
        inflect_status st = flush_chunk(s, err, err_size);
        if (st != INFLECT_OK)
            return st;
    }
    piece *p = &s->pieces[s->n_pieces++];
    p->text = s->piece_text_len;
    p->offset = offset;
    p->length = length;
    memcpy(s->piece_text + s->piece_text_len, text, len);
    s->piece_text[s->piece_text_len + len] = '\0';
    s->piece_text_len += len + 1;
    return INFLECT_OK;
}

static bool add_break(frontend_stream *s, int symbol, size_t offset, size_t length);

/* A scanner piece; spelt-out numbers give one piece per spoken word, all
 * standing for the written word. A pause in the reading (between the
 * groups of a phone number) ends the chunk and is a comma of its own:
 * espeak-ng's phonemes carry no punctuation. */
static inflect_status add_piece(frontend_stream *s, const text_item *it, char *err, size_t err_size)
{
    const char *text = espeak_text(s, it), *word;
    if (text == it->text)
        return add_one_piece(s, text, it->text_len, it->offset, it->length, err, err_size);
    /* "million" of "$4.5 million" reads as nothing, being read by "$4.5":
     * its span joins that word's pieces, so the word event covers both
     * ("$4.5 million", not "$4.5" alone with "million" never posted). Asked
     * only of a word that reads as nothing. */
    size_t len;
    const char *rest = text;
    if (!next_word(&rest, &word, &len) && s->n_pieces > 0 && normalize_en_said_before(it->text, &s->ctx)) {
        size_t said = s->pieces[s->n_pieces - 1].offset;
        for (size_t i = s->n_pieces; i > 0 && s->pieces[i - 1].offset == said; i--)
            s->pieces[i - 1].length = it->offset + it->length - said;
        return INFLECT_OK;
    }
    inflect_status st = INFLECT_OK;
    while (st == INFLECT_OK && next_word(&text, &word, &len)) {
        if (is_pause(word, len)) {
            st = flush_chunk(s, err, err_size);
            if (st == INFLECT_OK && !add_break(s, SYMBOL_COMMA, it->offset, it->length))
                st = fail(err, err_size, INFLECT_ERR_NO_MEMORY, "out of memory");
            continue;
        }
        /* The spelled letter A: espeak-ng reads "ay" as "aye" and a lone
         * "a" as the article, but "eh" as the letter. */
        if (len == 2 && memcmp(word, "ay", 2) == 0)
            word = "eh";
        st = add_one_piece(s, word, len, it->offset, it->length, err, err_size);
    }
    return st;
}

static bool is_punct(const frontend_token *t)
{
    return symbols_kind(t->id) == SYMBOL_KIND_PUNCTUATION;
}

/* cmudict-arpabet: one scanner word, expanded to plain words, each read on
 * its own (frontend.h). */
static inflect_status add_arpabet_piece(frontend_stream *s, const text_item *it, char *err, size_t err_size)
{
    normalize_en_word_in(it->text, &s->ctx, s->expanded, sizeof s->expanded);
    const char *w = s->expanded, *word;
    size_t len;
    /* As in add_piece(): a word the previous one reads joins its span. */
    const char *rest = w;
    if (!next_word(&rest, &word, &len) && s->n > 0 && normalize_en_said_before(it->text, &s->ctx)) {
        size_t said = s->tok[s->n - 1].text_offset;
        for (size_t i = s->n; i > 0 && s->tok[i - 1].text_offset == said && s->tok[i - 1].text_length > 0; i--)
            s->tok[i - 1].text_length = it->offset + it->length - said;
        return INFLECT_OK;
    }
    bool first = true;
    while (next_word(&w, &word, &len)) {
        bool ok = true;
        if (is_pause(word, len)) {
            ok = add_break(s, SYMBOL_COMMA, it->offset, it->length);
        } else {
            s->ph.n = 0;
            inflect_status st = arpabet_word(s->fe->voice, word, len, &s->ph, err, err_size);
            if (st != INFLECT_OK)
                return st;
            /* Words of one expansion are one word of the text: no space
             * between them, so they stay one word event and uncut. */
            if (s->ph.n > 0 && s->n > 0 && first)
                ok = push_token(s, SYMBOL_SPACE, 0, it->offset, 0);
            for (size_t i = 0; i < s->ph.n && ok; i++)
                ok = push_token(s, s->ph.items[i].id, s->ph.items[i].tone, it->offset, it->length);
        }
        if (!ok)
            return fail(err, err_size, INFLECT_ERR_NO_MEMORY, "out of memory");
        first = false;
    }
    return INFLECT_OK;
}

static bool add_break(frontend_stream *s, int symbol, size_t offset, size_t length)
{
    if (s->n == 0)
        return true; /* nothing said yet in this sentence: a leading mark reads as nothing */
    frontend_token *last = &s->tok[s->n - 1];
    if (is_punct(last)) {
        /* Marks with only spaces between them are one break, read as a run
         * of marks is (TEXT_LAST_MARK_WINS, set for the frontend once). */
        bool last_wins = (s->fe->scan_flags & TEXT_LAST_MARK_WINS) != 0;
        if (last_wins || symbols_punctuation_rank(symbol) > symbols_punctuation_rank(last->id)) {
            last->id = (uint16_t)symbol;
            last->symbol = symbols_name(symbol);
        }
        last->text_length = offset + length - last->text_offset;
        return true;
    }
    return push_token(s, symbol, 0, offset, length);
}

static bool finish_sentence(frontend_stream *s)
{
    if (s->n == 0)
        return true;
    frontend_token *last = &s->tok[s->n - 1];
    if (is_punct(last)) {
        if (last->id == SYMBOL_COMMA) {
            last->id = SYMBOL_PERIOD;
            last->symbol = symbols_name(SYMBOL_PERIOD);
        }
    } else if (!push_token(s, SYMBOL_PERIOD, 0, last->text_offset + last->text_length, 0)) {
        return false;
    }
    s->sentence_done = true;
    return true;
}

typedef enum { CUT_CLAUSE, CUT_WORD } cut_kind;

static bool is_cut(const frontend_token *t, size_t n, size_t i, cut_kind kind)
{
    if (i == 0 || i >= n)
        return false;
    if (kind == CUT_CLAUSE)
        return is_punct(&t[i - 1]);
    return t[i].id == SYMBOL_SPACE;
}

/* The cut of `kind` in [lo, hi] nearest `target` (the later one on a tie). */
static bool find_cut(const frontend_token *t, size_t n, size_t lo, size_t hi, size_t target, cut_kind kind,
                     size_t *at)
{
    bool found = false;
    size_t best = 0, best_d = 0;
    for (size_t i = lo; i <= hi && i < n; i++) {
        if (!is_cut(t, n, i, kind))
            continue;
        size_t d = i > target ? i - target : target - i;
        if (!found || d <= best_d) {
            found = true;
            best = i;
            best_d = d;
        }
    }
    *at = best;
    return found;
}

static void cut_at(const frontend_token *t, size_t n, size_t i, size_t *end, size_t *next)
{
    *end = i;
    *next = i < n && t[i].id == SYMBOL_SPACE ? i + 1 : i;
}

void frontend_split(const frontend_token *t, size_t n, size_t *first_end, size_t *second_start)
{
    if (n < 2) {
        *first_end = *second_start = n;
        return;
    }
    size_t mid = n / 2, at;
    if (!find_cut(t, n, n / 4, n - n / 4, mid, CUT_CLAUSE, &at) && !find_cut(t, n, 1, n - 1, mid, CUT_WORD, &at) &&
        !find_cut(t, n, 1, n - 1, mid, CUT_CLAUSE, &at))
        at = mid > 0 ? mid : 1;
    cut_at(t, n, at, first_end, second_start);
}

/* Where the next utterance ends when the buffer holds more than max_tokens:
 * once the whole sentence is known and fits in two, the cut is balanced
 * around the middle; otherwise the utterance is made as long as the budget
 * allows, cutting at the last clause break, else word break, in its second
 * half. */
static void choose_cut(const frontend_stream *s, size_t *end, size_t *next)
{
    const frontend_token *t = s->tok;
    size_t n = s->n, max = s->max_tokens, at;
    if (max == 0 || (s->sentence_done && n <= max)) {
        *end = *next = n;
        return;
    }
    if (s->sentence_done && n <= 2 * max) {
        /* both halves fit when the cut lies in [n - max, max] */
        size_t lo = n - max, hi = max;
        if (!find_cut(t, n, lo, hi, n / 2, CUT_CLAUSE, &at) && !find_cut(t, n, lo, hi, n / 2, CUT_WORD, &at))
            at = n / 2;
        cut_at(t, n, at, end, next);
        return;
    }
    size_t half = max / 2 > 0 ? max / 2 : 1;
    if (!find_cut(t, n, half, max, max, CUT_CLAUSE, &at) && !find_cut(t, n, half, max, max, CUT_WORD, &at) &&
        !find_cut(t, n, 1, max, max, CUT_CLAUSE, &at) && !find_cut(t, n, 1, max, max, CUT_WORD, &at))
        at = max;
    cut_at(t, n, at, end, next);
}

static void emit(frontend_stream *s, frontend_utterance *u, size_t end, size_t next)
{
    u->tokens = s->tok;
    u->n_tokens = end;
    u->text_offset = s->tok[0].text_offset;
    size_t stop = u->text_offset;
    for (size_t i = 0; i < end; i++) {
        size_t e = s->tok[i].text_offset + s->tok[i].text_length;
        if (e > stop)
            stop = e;
    }
    u->text_length = stop - u->text_offset;
    u->sentence_start = s->sentence_start;
    s->sentence_start = false;
    u->sentence_end = s->sentence_done && next == s->n;
    if (u->sentence_end) {
        s->sentence_done = false;
        s->sentence_start = true;
    }
    s->consumed = next;
}

inflect_status frontend_next(frontend_stream *s, frontend_utterance *u, char *err, size_t err_size)
{
    if (!s || !u)
        return fail(err, err_size, INFLECT_ERR_INVALID_ARGUMENT, "frontend_next: NULL argument");
    memset(u, 0, sizeof *u);
    if (s->consumed > 0) {
        memmove(s->tok, s->tok + s->consumed, (s->n - s->consumed) * sizeof *s->tok);
        s->n -= s->consumed;
        s->consumed = 0;
    }
    text_item *it = &s->item;
    inflect_status st = INFLECT_OK;
    for (;;) {
        if (s->sentence_done || (s->max_tokens > 0 && s->n > 2 * s->max_tokens)) {
            size_t end, next;
            choose_cut(s, &end, &next);
            emit(s, u, end, next);
            break;
        }
        if (s->at_end)
            break;
        text_next(&s->sc, it);
        bool ok = true;
        switch (it->kind) {
        case TEXT_WORD:
            word_context_of(&s->wc, &s->sc, it, &s->ctx);
            st = s->fe->kind == FRONTEND_CMUDICT_ARPABET ? add_arpabet_piece(s, it, err, err_size)
                                                         : add_piece(s, it, err, err_size);
            break;
        case TEXT_BREAK:
            st = flush_chunk(s, err, err_size);
            if (st == INFLECT_OK)
                ok = add_break(s, it->symbol, it->offset, it->length) && (!it->sentence_end || finish_sentence(s));
            break;
        case TEXT_PARAGRAPH:
        case TEXT_END:
            st = flush_chunk(s, err, err_size);
            if (st == INFLECT_OK)
                ok = finish_sentence(s);
            s->at_end = it->kind == TEXT_END;
            break;
        }
        word_context_passed(&s->wc, it);
        if (st == INFLECT_OK && !ok)
            st = fail(err, err_size, INFLECT_ERR_NO_MEMORY, "out of memory");
        if (st != INFLECT_OK)
            break;
    }
    return st;
}
