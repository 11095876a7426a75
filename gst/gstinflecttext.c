/* GStreamer plugin for Inflect: text as the engine takes it.
 *
 * Copyright (C) 2026 The Inflect authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "gstinflecttext.h"

#include <string.h>

/* Decodes the five XML entities and numeric references; returns the bytes
 * used, or 0 when `s` does not start a reference (then the '&' is literal). */
static gsize
parse_entity (const gchar * s, gsize size, gunichar * out)
{
  static const struct
  {
    const gchar *name;
    gunichar c;
  } named[] = {
    {"amp;", '&'}, {"lt;", '<'}, {"gt;", '>'}, {"quot;", '"'}, {"apos;", '\''}
  };
  const gchar *semi;
  guint i;

  semi = memchr (s, ';', MIN (size, 12));
  if (semi == NULL)
    return 0;

  if (s[1] == '#') {
    gchar *end;
    guint64 v;

    if (s[2] == 'x' || s[2] == 'X')
      v = g_ascii_strtoull (s + 3, &end, 16);
    else
      v = g_ascii_strtoull (s + 2, &end, 10);
    if (end != semi || end == s + 2 || v == 0 || v > 0x10FFFF
        || !g_unichar_validate ((gunichar) v))
      return 0;
    *out = (gunichar) v;
    return semi - s + 1;
  }

  for (i = 0; i < G_N_ELEMENTS (named); i++) {
    gsize len = strlen (named[i].name);

    if (len == (gsize) (semi - s) && memcmp (s + 1, named[i].name, len) == 0) {
      *out = named[i].c;
      return len + 1;
    }
  }
  return 0;
}

/* Appends `len` bytes that stand for data[from, to). */
static void
append (GString * out, GArray * origin, GArray * origin_end,
    const gchar * bytes, gsize len, gsize from, gsize to)
{
  gsize k;

  g_string_append_len (out, bytes, len);
  for (k = 0; k < len; k++) {
    g_array_append_val (origin, from);
    g_array_append_val (origin_end, to);
  }
}

/* Appends data[from, to), valid UTF-8, each byte standing for itself
 * within its character: in one go, since a caption may be a megabyte. */
static void
append_valid (GString * out, GArray * origin, GArray * origin_end,
    const gchar * data, gsize from, gsize to)
{
  gsize first = origin->len, k = from;
  gsize *o, *o_end;

  g_string_append_len (out, data + from, to - from);
  g_array_set_size (origin, first + to - from);
  g_array_set_size (origin_end, first + to - from);
  /* o[j] is for input byte from + j. */
  o = (gsize *) origin->data + first;
  o_end = (gsize *) origin_end->data + first;
  while (k < to) {
    gsize len = g_utf8_skip[(guchar) data[k]], j;

    for (j = k; j < k + len; j++) {
      o[j - from] = k;
      o_end[j - from] = k + len;
    }
    k += len;
  }
}

static void
append_char (GString * out, GArray * origin, GArray * origin_end, gunichar c,
    gsize from, gsize to)
{
  gchar buf[6];

  append (out, origin, origin_end, buf, g_unichar_to_utf8 (c, buf), from, to);
}

/* The first `c` in data[from, size), or size when there is none. `*next`
 * remembers the answer for a `from` at or before it, so that a text full of
 * openers without a closer is searched once, not once per opener. */
gsize
gst_inflect_text_find_byte (const gchar * data, gsize size, gsize from,
    gchar c, gsize * next)
{
  if (*next == G_MAXSIZE || *next < from) {
    const gchar *p = memchr (data + from, c, size - from);

    *next = p != NULL ? (gsize) (p - data) : size;
  }
  return *next;
}

/* Length of the override block such as "{\an8}" or "{\i1}" (SubStation
 * Alpha's, which SRT files carry and subparse passes on) at data[i], or 0:
 * "{\", then anything up to the next "}" on the same line. */
static gsize
override_length (const gchar * data, gsize size, gsize i, gsize * next_brace,
    gsize * next_newline)
{
  gsize close;

  if (size - i < 3 || data[i + 1] != '\\')
    return 0;
  close = gst_inflect_text_find_byte (data, size, i, '}', next_brace);
  if (close == size
      || gst_inflect_text_find_byte (data, size, i, '\n', next_newline) < close)
    return 0;
  return close + 1 - i;
}

GstInflectText *
gst_inflect_text_new (const gchar * data, gsize size,
    GstInflectTextFlags flags, gboolean * replaced)
{
  GString *out = g_string_sized_new (size + 1);
  GArray *origin = g_array_sized_new (FALSE, FALSE, sizeof (gsize), size);
  GArray *origin_end = g_array_sized_new (FALSE, FALSE, sizeof (gsize), size);
  gboolean markup = (flags & GST_INFLECT_TEXT_MARKUP) != 0;
  gboolean overrides = (flags & GST_INFLECT_TEXT_OVERRIDES) != 0;
  gsize next_gt = G_MAXSIZE, next_brace = G_MAXSIZE, next_newline = G_MAXSIZE;
  GstInflectText *text;
  gsize i = 0;

  *replaced = FALSE;
  while (i < size) {
    const gchar *valid;
    gunichar c;
    gsize run;

    if (markup && data[i] == '<') {
      gsize close = gst_inflect_text_find_byte (data, size, i, '>', &next_gt);

      if (close < size) {
        i = close + 1;
        continue;
      }
    }
    if (overrides && data[i] == '{') {
      gsize len = override_length (data, size, i, &next_brace, &next_newline);

      if (len > 0) {
        i += len;
        continue;
      }
    }
    if (markup && data[i] == '&') {
      gsize used = parse_entity (data + i, size - i, &c);

      if (used > 0) {
        append_char (out, origin, origin_end, c, i, i + used);
        /* "&lt;Enter&gt;" is the text "<Enter>", but the engine reads a
         * "<" before a letter as the start of a tag and drops the tag: a
         * word joiner after it, which the engine removes, keeps the word. */
        if (c == '<')
          append_char (out, origin, origin_end, 0x2060, i, i + used);
        i += used;
        continue;
      }
    }
    /* A NUL separates words (some producers also count the C string
     * terminator in the buffer). */
    if (data[i] == '\0') {
      append_char (out, origin, origin_end, ' ', i, i + 1);
      i++;
      continue;
    }
    /* Plain text up to the next byte that needs a look of its own. */
    run = i;
    while (run < size && data[run] != '\0'
        && !(markup && (data[run] == '<' || data[run] == '&'))
        && !(overrides && data[run] == '{'))
      run++;
    g_utf8_validate_len (data + i, run - i, &valid);
    if (valid > data + i) {
      append_valid (out, origin, origin_end, data, i, valid - data);
      i = valid - data;
      continue;
    }

    c = g_utf8_get_char_validated (data + i, size - i);
    if (c == (gunichar) - 1 || c == (gunichar) - 2) {
      append_char (out, origin, origin_end, 0xFFFD, i, i + 1);
      *replaced = TRUE;
      i++;
    } else {
      gsize len = g_utf8_skip[(guchar) data[i]];

      append (out, origin, origin_end, data + i, len, i, i + len);
      i += len;
    }
  }

  text = g_new0 (GstInflectText, 1);
  text->length = out->len;
  text->text = g_string_free (out, FALSE);
  text->origin = (gsize *) g_array_free (origin, FALSE);
  text->origin_end = (gsize *) g_array_free (origin_end, FALSE);
  return text;
}

gboolean
gst_inflect_text_is_blank (const GstInflectText * text)
{
  const gchar *p;

  for (p = text->text; *p != '\0'; p = g_utf8_next_char (p))
    if (!g_unichar_isspace (g_utf8_get_char (p)))
      return FALSE;
  return TRUE;
}

void
gst_inflect_text_free (GstInflectText * text)
{
  g_free (text->text);
  g_free (text->origin);
  g_free (text->origin_end);
  g_free (text);
}
