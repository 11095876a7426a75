/* GStreamer plugin for Inflect: the inflect-word element messages, posted
 * as the audio of each word is pushed.
 *
 * Copyright (C) 2026 The Inflect authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef GST_INFLECT_WORDS_H
#define GST_INFLECT_WORDS_H

#include <gst/gst.h>

G_BEGIN_DECLS

/* One spoken word. `start` is a sample position whose origin depends on who
 * holds the word (relative to the speak call, then to the stream). */
typedef struct
{
  guint64 start;
  guint64 length;
  gsize offset;
  gsize size;
  gchar *word;
} GstInflectWord;

void gst_inflect_word_free (GstInflectWord * word);
gint gst_inflect_word_compare (gconstpointer a, gconstpointer b,
    gpointer unused);
void gst_inflect_post_words (GstElement * element, GQueue * words,
    guint64 first, guint64 end, GstClockTime first_pts, gint rate,
    const GstSegment * segment);

G_END_DECLS

#endif /* GST_INFLECT_WORDS_H */
