/* A caption of a megabyte through inflecttts overflow=fit: the first audio
 * comes within 300 ms and the process stays within 64 MB.
 *
 * Copyright (C) 2026 The Inflect authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * A program of its own, so that the peak resident size getrusage() reports
 * is this pipeline's and nobody else's. fit must decide on the caption's
 * speed before speaking it; a caption this long cannot be measured whole in
 * time, so this checks that the element judges it by a prefix and then
 * streams, instead of measuring or holding all of it.
 */
#include <gst/gst.h>
#include <gst/check/gstcheck.h>

#include <string.h>
#include <sys/resource.h>

#define CAPTION_BYTES (1024 * 1024)
#define FIRST_AUDIO_LIMIT_US (300 * G_TIME_SPAN_MILLISECOND)
#define PEAK_RSS_LIMIT_KB (64 * 1024)

typedef struct
{
  GMutex lock;
  GCond cond;
  gint64 first_audio;           /* monotonic time of the first speech */
  guint64 speech_samples;
} Probe;

static GstPadProbeReturn
on_audio (G_GNUC_UNUSED GstPad * pad, GstPadProbeInfo * info, gpointer data)
{
  Probe *p = data;
  GstBuffer *buf = GST_PAD_PROBE_INFO_BUFFER (info);

  if (GST_BUFFER_FLAG_IS_SET (buf, GST_BUFFER_FLAG_GAP))
    return GST_PAD_PROBE_OK;
  g_mutex_lock (&p->lock);
  if (p->first_audio == 0)
    p->first_audio = g_get_monotonic_time ();
  p->speech_samples += gst_buffer_get_size (buf) / sizeof (gfloat);
  g_cond_signal (&p->cond);
  g_mutex_unlock (&p->lock);
  return GST_PAD_PROBE_OK;
}

/* Sentences of varied length and punctuation, as a transcript has. */
static gchar *
long_text (gsize size)
{
  static const gchar *words[] = { "the", "quick", "brown", "fox", "jumps",
    "over", "a", "lazy", "dog", "while", "seven", "bright", "engineers",
    "watch", "the", "broadcast", "tonight"
  };
  static const gchar *ends[] = { ".", ",", "?", "!", ";" };
  GString *s = g_string_sized_new (size + 64);
  GRand *rand = g_rand_new_with_seed (1);

  while (s->len < size) {
    gint n = g_rand_int_range (rand, 4, 16), i;

    for (i = 0; i < n; i++)
      g_string_append_printf (s, "%s%s", i ? " " : "",
          words[g_rand_int_range (rand, 0, G_N_ELEMENTS (words))]);
    g_string_append_printf (s, "%s ",
        ends[g_rand_int_range (rand, 0, G_N_ELEMENTS (ends))]);
  }
  g_string_truncate (s, size);
  g_rand_free (rand);
  return g_string_free (s, FALSE);
}

GST_START_TEST (test_megabyte_caption_fit)
{
  GstElement *pipeline = gst_parse_launch ("appsrc name=text format=time "
      "caps=text/x-raw,format=utf8 ! inflecttts name=tts overflow=fit ! "
      "audio/x-raw,format=F32LE ! fakesink sync=false", NULL);
  GstElement *appsrc = gst_bin_get_by_name (GST_BIN (pipeline), "text");
  GstElement *tts = gst_bin_get_by_name (GST_BIN (pipeline), "tts");
  GstPad *pad = gst_element_get_static_pad (tts, "src");
  gchar *text = long_text (CAPTION_BYTES);
  Probe p = { 0 };
  struct rusage usage;
  GstFlowReturn ret;
  GstBuffer *buf;
  gint64 pushed;

  g_mutex_init (&p.lock);
  g_cond_init (&p.cond);
  gst_pad_add_probe (pad, GST_PAD_PROBE_TYPE_BUFFER, on_audio, &p, NULL);
  fail_if (gst_element_set_state (pipeline, GST_STATE_PLAYING) ==
      GST_STATE_CHANGE_FAILURE);

  buf = gst_buffer_new_wrapped (text, CAPTION_BYTES);
  GST_BUFFER_PTS (buf) = 0;
  GST_BUFFER_DURATION (buf) = 5 * GST_SECOND;
  pushed = g_get_monotonic_time ();
  g_signal_emit_by_name (appsrc, "push-buffer", buf, &ret);
  gst_buffer_unref (buf);
  fail_unless_equals_int (ret, GST_FLOW_OK);

  /* The first audio, then ten seconds of speech streamed: the caption is
   * being spoken, not waited for. */
  g_mutex_lock (&p.lock);
  while (p.speech_samples < 10 * 24000)
    fail_unless (g_cond_wait_until (&p.cond, &p.lock,
            pushed + 30 * G_TIME_SPAN_SECOND), "%" G_GUINT64_FORMAT
        " samples of speech after 30 s", p.speech_samples);
  g_mutex_unlock (&p.lock);
  fail_unless_equals_int (gst_element_set_state (pipeline, GST_STATE_NULL),
      GST_STATE_CHANGE_SUCCESS);

  fail_unless (p.first_audio - pushed <= FIRST_AUDIO_LIMIT_US,
      "first audio %" G_GINT64_FORMAT " ms after the caption",
      (p.first_audio - pushed) / G_TIME_SPAN_MILLISECOND);
  fail_unless_equals_int (getrusage (RUSAGE_SELF, &usage), 0);
  fail_unless (usage.ru_maxrss <= PEAK_RSS_LIMIT_KB, "peak RSS %ld KiB",
      usage.ru_maxrss);
  g_print ("megabyte caption: first audio after %" G_GINT64_FORMAT " ms, "
      "peak RSS %ld KiB\n", (p.first_audio - pushed) /
      G_TIME_SPAN_MILLISECOND, usage.ru_maxrss);

  gst_object_unref (pad);
  gst_object_unref (tts);
  gst_object_unref (appsrc);
  gst_object_unref (pipeline);
  g_mutex_clear (&p.lock);
  g_cond_clear (&p.cond);
}

GST_END_TEST;

static Suite *
long_caption_suite (void)
{
  Suite *s = suite_create ("long-caption");
  TCase *tc = tcase_create ("general");

  suite_add_tcase (s, tc);
  tcase_add_test (tc, test_megabyte_caption_fit);
  return s;
}

GST_CHECK_MAIN (long_caption);
