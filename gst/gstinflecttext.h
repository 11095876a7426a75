/* GStreamer plugin for Inflect: text as the engine takes it, from the UTF-8
 * or Pango markup of a text buffer.
 *
 * Copyright (C) 2026 The Inflect authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef GST_INFLECT_TEXT_H
#define GST_INFLECT_TEXT_H

#include <gst/gst.h>

G_BEGIN_DECLS

/* Text ready for the engine: valid UTF-8 without markup, and for every byte
 * the span of the caller's input it came from (one byte, or a whole entity
 * such as "&amp;"), so that word positions can be reported in the caller's
 * terms. */
typedef struct
{
  gchar *text;
  gsize length;
  gsize *origin;                /* start of each byte's source */
  gsize *origin_end;            /* end of each byte's source */
} GstInflectText;

typedef enum
{
  GST_INFLECT_TEXT_PLAIN = 0,
  /* Pango markup: tags stripped, entities decoded. */
  GST_INFLECT_TEXT_MARKUP = 1 << 0,
  /* Captions: SubStation Alpha override blocks such as "{\an8}" stripped. */
  GST_INFLECT_TEXT_OVERRIDES = 1 << 1
} GstInflectTextFlags;

GstInflectText *gst_inflect_text_new (const gchar * data, gsize size,
    GstInflectTextFlags flags, gboolean * replaced);
/* The first `c` in data[from, size), or size; `*next` (G_MAXSIZE at first)
 * caches it for calls with a `from` that never decreases. */
gsize gst_inflect_text_find_byte (const gchar * data, gsize size, gsize from,
    gchar c, gsize * next);
gboolean gst_inflect_text_is_blank (const GstInflectText * text);
void gst_inflect_text_free (GstInflectText * text);

G_END_DECLS

#endif /* GST_INFLECT_TEXT_H */
