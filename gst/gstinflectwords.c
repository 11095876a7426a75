/* GStreamer plugin for Inflect: the inflect-word messages.
 *
 * Copyright (C) 2026 The Inflect authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "gstinflectwords.h"

GST_DEBUG_CATEGORY_EXTERN (gst_inflect_common_debug);
#define GST_CAT_DEFAULT gst_inflect_common_debug

void
gst_inflect_word_free (GstInflectWord * word)
{
  g_free (word->word);
  g_free (word);
}

gint
gst_inflect_word_compare (gconstpointer a, gconstpointer b,
    G_GNUC_UNUSED gpointer unused)
{
  const GstInflectWord *wa = a, *wb = b;

  return wa->start < wb->start ? -1 : wa->start > wb->start;
}

/* Posts the queued words that start before sample `end`. The caller pushes
 * the buffer that starts at sample `first` with PTS `first_pts` right after,
 * so the message goes out together with the audio it describes. */
void
gst_inflect_post_words (GstElement * element, GQueue * words, guint64 first,
    guint64 end, GstClockTime first_pts, gint rate, const GstSegment * segment)
{
  GstInflectWord *word;

  while ((word = g_queue_peek_head (words)) != NULL && word->start < end) {
    GstClockTime pts, duration;
    GstStructure *s;

    g_queue_pop_head (words);
    pts = first_pts;
    if (word->start > first)
      pts += gst_util_uint64_scale_round (word->start - first, GST_SECOND,
          rate);
    duration = gst_util_uint64_scale_round (word->length, GST_SECOND, rate);

    s = gst_structure_new ("inflect-word",
        "word", G_TYPE_STRING, word->word,
        "offset", G_TYPE_UINT64, (guint64) word->offset,
        "length", G_TYPE_UINT64, (guint64) word->size,
        "timestamp", G_TYPE_UINT64, pts,
        "stream-time", G_TYPE_UINT64,
        gst_segment_to_stream_time (segment, GST_FORMAT_TIME, pts),
        "running-time", G_TYPE_UINT64,
        gst_segment_to_running_time (segment, GST_FORMAT_TIME, pts),
        "duration", G_TYPE_UINT64, duration, NULL);
    GST_LOG_OBJECT (element, "word %s at %" GST_TIME_FORMAT, word->word,
        GST_TIME_ARGS (pts));
    gst_element_post_message (element,
        gst_message_new_element (GST_OBJECT (element), s));
    gst_inflect_word_free (word);
  }
}
