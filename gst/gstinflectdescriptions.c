/* GStreamer plugin for Inflect: the parts of a caption that describe the
 * programme rather than say what is said in it.
 *
 * Captions for the deaf and hard of hearing (SDH subtitles, broadcast
 * CEA-608/708 captions) write more than the dialogue: sounds ("[door
 * slams]", "(LAUGHTER)"), the lyrics of what is sung between music notes,
 * and who speaks ("JOHN:", ">> REPORTER:"). A voice track made from them is
 * to say the dialogue: the sounds and the songs are in the programme
 * already, and a name read out is heard as part of the line. Each rule
 * below follows the caption style guides' conventions narrowly enough that
 * prose keeps its words: "(founded in 1990)" in a sentence, "NOTE:" in a
 * caption written in capitals and "10:30" stay.
 *
 * Copyright (C) 2026 The Inflect authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "gstinflectdescriptions.h"

#include <string.h>

/* Longest speaker label, in bytes: "OFFICER 2", "DR. MARTIN LUTHER KING". */
#define LABEL_MAX 40

typedef struct
{
  const gchar *t;
  gsize n;
  guint8 *drop;                 /* 1 for each byte not to be spoken */
  gboolean dropped;
} Scan;

/* A closer searched for from openers further and further on: the caches of
 * gst_inflect_text_find_byte for it and for the two line ends after an
 * opener, so that a text full of openers is read once. */
typedef struct
{
  gchar c;
  gsize next, line_end, next_line_end;
} Closer;

static void
drop_span (Scan * s, gsize from, gsize to)
{
  memset (s->drop + from, 1, to - from);
  s->dropped = TRUE;
}

/* The end of the span that `closer` closes after the opener at i, or 0: a
 * description may wrap onto the caption's next line, no further; an opener
 * whose closer is further away is text. */
static gsize
closed_span_end (Scan * s, Closer * closer, gsize i)
{
  gsize close, line_end, limit;

  close = gst_inflect_text_find_byte (s->t, s->n, i, closer->c, &closer->next);
  line_end = gst_inflect_text_find_byte (s->t, s->n, i, '\n',
      &closer->line_end);
  limit = line_end == s->n ? s->n : gst_inflect_text_find_byte (s->t, s->n,
      line_end + 1, '\n', &closer->next_line_end);
  return close < limit ? close + 1 : 0;
}

/* "[door slams]", "[MUSIC PLAYING]": square brackets hold descriptions
 * wherever they stand. */
static void
drop_brackets (Scan * s)
{
  Closer closer = { ']', G_MAXSIZE, G_MAXSIZE, G_MAXSIZE };
  gsize i, end;

  for (i = 0; i < s->n; i++)
    if (s->t[i] == '[' && (end = closed_span_end (s, &closer, i)) > 0) {
      drop_span (s, i, end);
      i = end - 1;
    }
}

/* Length of the music note (U+266A to U+266C) at i, or 0. */
static gsize
note_length (const Scan * s, gsize i)
{
  const guchar *u = (const guchar *) s->t + i;

  return i + 3 <= s->n && u[0] == 0xE2 && u[1] == 0x99 && u[2] >= 0xAA
      && u[2] <= 0xAC ? 3 : 0;
}

/* "♪ Happy birthday to you ♪": from a note to the next, across lines, or
 * to the caption's end when no note closes it (each caption of a song
 * starts with a note). */
static void
drop_lyrics (Scan * s)
{
  gsize i, len, open = G_MAXSIZE;

  for (i = 0; i < s->n; i++)
    if ((len = note_length (s, i)) > 0) {
      if (open == G_MAXSIZE) {
        open = i;
      } else {
        drop_span (s, open, i + len);
        open = G_MAXSIZE;
      }
      i += len - 1;
    }
  if (open != G_MAXSIZE)
    drop_span (s, open, s->n);
}

/* Where the words of the line from i to end start: past white space, the
 * dialogue dash, the ">>" of a change of speaker (*chevrons set) and what
 * is dropped already. */
static gsize
line_body (const Scan * s, gsize i, gsize end, gboolean * chevrons)
{
  for (; i < end; i++) {
    if (s->t[i] == '>')
      *chevrons = TRUE;
    else if (!s->drop[i] && s->t[i] != '-' && !g_ascii_isspace (s->t[i]))
      break;
  }
  return i;
}

/* Length of the speaker label at i ("JOHN:", "DR. SMITH:", "MAN 2:"), or 0:
 * capitals, at least two, digits, spaces and ".'-&", then a colon that ends
 * the line or is followed by white space ("10:30" is no label). */
static gsize
label_length (const Scan * s, gsize i, gsize end)
{
  gsize j, capitals = 0;

  for (j = i; j < end && j - i < LABEL_MAX;
      j = g_utf8_next_char (s->t + j) - s->t) {
    gunichar c = g_utf8_get_char (s->t + j);

    if (c == ':')
      return capitals >= 2 && (j + 1 == end || g_ascii_isspace (s->t[j + 1]))
          ? j + 1 - i : 0;
    if (g_unichar_isupper (c))
      capitals++;
    else if (j == i || !(g_unichar_isdigit (c) || (c < 0x80
                && strchr (" .'-&", (int) c) != NULL)))
      return 0;
  }
  return 0;
}

/* Whether the label of `len` bytes at i is one of the words that head a
 * news caption or a notice rather than name a speaker ("BREAKING:",
 * "UPDATE:", "JUST IN:"): those are part of what is to be said. */
static gboolean
headline_label (const Scan * s, gsize i, gsize len)
{
  static const gchar *const words[] = {
    "BREAKING", "BREAKING NEWS", "UPDATE", "UPDATED", "DEVELOPING", "ALERT",
    "WARNING", "NOTE", "TIP", "LIVE", "EXCLUSIVE", "CORRECTION", "REMINDER",
    "WATCH", "NEW", "URGENT", "FLASH", "BULLETIN", "JUST IN", "ATTENTION",
    "CAUTION", "IMPORTANT", "RECAP", "REPORT", "ANALYSIS", "OPINION",
  };
  gsize n = len - 1, k;         /* the colon left out */

  for (k = 0; k < G_N_ELEMENTS (words); k++)
    if (strlen (words[k]) == n && memcmp (s->t + i, words[k], n) == 0)
      return TRUE;
  return FALSE;
}

/* The sentence end or line start that a description at the end of a line
 * follows ("I know. (laughs)"), looking back from i; FALSE when a word does
 * ("he left (for good)"). */
static gboolean
after_sentence (const Scan * s, gsize line_start, gsize i)
{
  while (i > line_start && (s->drop[i - 1] || g_ascii_isspace (s->t[i - 1])))
    i--;
  return i == line_start || strchr (".!?>-", s->t[i - 1]) != NULL;
}

/* Per line: a speaker label, and a description in parentheses that starts
 * the line's words ("(sighs) I know.") or ends the line after a sentence
 * ("I know. (LAUGHTER)"). A label in capitals counts where the caption has
 * lower-case letters (SDH subtitles) or after ">>" (broadcast captions are
 * written in capitals: there "WARNING:" is said), unless it is a word that
 * heads news or a notice ("BREAKING: Fire downtown", headline_label()). */
static void
drop_labels_and_parentheses (Scan * s)
{
  Closer closer = { ')', G_MAXSIZE, G_MAXSIZE, G_MAXSIZE };
  gboolean lower_case = FALSE;
  const gchar *p;
  gsize start, end, body, len, last;

  for (p = s->t; *p != '\0'; p = g_utf8_next_char (p))
    if (g_unichar_islower (g_utf8_get_char (p))) {
      lower_case = TRUE;
      break;
    }

  for (start = 0; start < s->n; start = end + 1) {
    gboolean chevrons = FALSE;
    const gchar *nl = memchr (s->t + start, '\n', s->n - start);

    end = nl != NULL ? (gsize) (nl - s->t) : s->n;
    body = line_body (s, start, end, &chevrons);
    len = label_length (s, body, end);
    if (len > 0 && (lower_case || chevrons) && !headline_label (s, body, len)) {
      drop_span (s, body, body + len);
      body = line_body (s, body + len, end, &chevrons);
    }
    if (body < end && s->t[body] == '('
        && (len = closed_span_end (s, &closer, body)) > 0)
      drop_span (s, body, len);

    for (last = end; last > body && g_ascii_isspace (s->t[last - 1]); last--);
    if (last > body && s->t[last - 1] == ')' && !s->drop[last - 1]) {
      const gchar *open = g_strrstr_len (s->t + body, last - 1 - body, "(");

      if (open != NULL && after_sentence (s, start, open - s->t))
        drop_span (s, open - s->t, last);
    }
  }
}

/* Each dropped run becomes one space, standing for the whole run in the
 * caller's input, so that the words either side stay apart. */
static void
compact (GstInflectText * text, const guint8 * drop)
{
  gsize i = 0, j = 0, run;

  while (i < text->length) {
    if (!drop[i]) {
      text->text[j] = text->text[i];
      text->origin[j] = text->origin[i];
      text->origin_end[j++] = text->origin_end[i++];
      continue;
    }
    for (run = i; i < text->length && drop[i]; i++);
    text->text[j] = ' ';
    text->origin[j] = text->origin[run];
    text->origin_end[j++] = text->origin_end[i - 1];
  }
  text->text[j] = '\0';
  text->length = j;
}

void
gst_inflect_text_drop_descriptions (GstInflectText * text)
{
  Scan s = { text->text, text->length, g_malloc0 (text->length + 1), FALSE };

  drop_brackets (&s);
  drop_lyrics (&s);
  drop_labels_and_parentheses (&s);
  if (s.dropped)
    compact (text, s.drop);
  g_free (s.drop);
}
