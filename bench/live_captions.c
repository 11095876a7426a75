/* Live captions benchmark: an .srt spoken live by inflecttts on the system
 * clock, mixed with a live programme into a synchronised sink, as a
 * broadcast chain would.
 *
 * Copyright (C) 2026 The Inflect authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Usage: live_captions CAPTIONS.srt [OVERFLOW [LATENCY_MS]]
 *
 * Each caption is pushed into appsrc when the clock reaches its start, like
 * a captioner's. Measured: buffers the sink dropped as late (more than 20 ms)
 * and QoS messages, buffers that reached the mixer after its deadline,
 * speech lost (the live track's speech against an offline render of the same
 * captions), peak RSS, and the delay from each caption's push to its first
 * audio leaving inflecttts (its first word message). A benchmark, not a
 * test: run it on the machine the numbers are for (bench/meson.build builds
 * it with the plugin; see docs/benchmarks.md).
 */
#include <gst/gst.h>
#include <gst/base/gstaggregator.h>

#include <stdio.h>
#include <string.h>
#include <sys/resource.h>

#include "running_time.h"

typedef struct
{
  gchar *text;
  GstClockTime start, end;
} Caption;

/* Reads the captions of an .srt file: a number, "start --> end", text lines
 * up to a blank line. */
static GArray *
read_srt (const gchar * path)
{
  GArray *captions = g_array_new (FALSE, FALSE, sizeof (Caption));
  gchar *contents, **blocks;
  guint i;

  if (!g_file_get_contents (path, &contents, NULL, NULL)) {
    g_printerr ("cannot read %s\n", path);
    return captions;
  }
  blocks = g_regex_split_simple ("\\r?\\n\\r?\\n", contents, 0, 0);
  for (i = 0; blocks[i] != NULL; i++) {
    guint h1, m1, s1, ms1, h2, m2, s2, ms2;
    gchar **lines = g_strsplit (blocks[i], "\n", -1);
    Caption c;

    if (g_strv_length (lines) >= 3 && sscanf (lines[1],
            "%u:%u:%u,%u --> %u:%u:%u,%u", &h1, &m1, &s1, &ms1, &h2, &m2, &s2,
            &ms2) == 8) {
      gchar *text = g_strjoinv (" ", lines + 2);

      c.text = g_strstrip (text);
      c.start = ((h1 * 60 + m1) * 60 + s1) * GST_SECOND + ms1 * GST_MSECOND;
      c.end = ((h2 * 60 + m2) * 60 + s2) * GST_SECOND + ms2 * GST_MSECOND;
      g_array_append_val (captions, c);
    }
    g_strfreev (lines);
  }
  g_strfreev (blocks);
  g_free (contents);
  return captions;
}

static GstBuffer *
caption_buffer (const Caption * c)
{
  GstBuffer *buf = gst_buffer_new_memdup (c->text, strlen (c->text));

  GST_BUFFER_PTS (buf) = c->start;
  GST_BUFFER_DURATION (buf) = c->end - c->start;
  return buf;
}

typedef struct
{
  GMutex lock;
  GstElement *pipeline;
  guint64 speech;               /* samples of speech out of inflecttts */
  guint late_at_mixer;
  guint qos;
  guint warnings;
  guint words;                  /* word messages */
  GArray *first_word;           /* gint64 monotonic time, per caption */
  gboolean eos;
} Run;

/* The sample rate inflecttts negotiated, for counting speech in seconds. */
static gint
pad_rate (GstPad * pad)
{
  GstCaps *caps = gst_pad_get_current_caps (pad);
  gint rate = 0;

  if (caps != NULL) {
    gst_structure_get_int (gst_caps_get_structure (caps, 0), "rate", &rate);
    gst_caps_unref (caps);
  }
  return rate > 0 ? rate : 1;
}

static GstPadProbeReturn
on_speech (G_GNUC_UNUSED GstPad * pad, GstPadProbeInfo * info, gpointer data)
{
  Run *run = data;

  g_mutex_lock (&run->lock);
  if (info->type & GST_PAD_PROBE_TYPE_BUFFER) {
    GstBuffer *buf = GST_PAD_PROBE_INFO_BUFFER (info);

    if (!GST_BUFFER_FLAG_IS_SET (buf, GST_BUFFER_FLAG_GAP))
      run->speech += GST_BUFFER_OFFSET_END (buf) - GST_BUFFER_OFFSET (buf);
  } else if (GST_EVENT_TYPE (GST_PAD_PROBE_INFO_EVENT (info)) == GST_EVENT_EOS) {
    run->eos = TRUE;
  }
  g_mutex_unlock (&run->lock);
  return GST_PAD_PROBE_OK;
}

static GstPadProbeReturn
on_mixer_input (GstPad * pad, GstPadProbeInfo * info, gpointer data)
{
  Run *run = data;
  GstBuffer *buf = GST_PAD_PROBE_INFO_BUFFER (info);
  GstEvent *event = gst_pad_get_sticky_event (pad, GST_EVENT_SEGMENT, 0);
  GstElement *mixer = GST_ELEMENT (gst_pad_get_parent (pad));
  const GstSegment *segment;
  GstClockTime rt;

  gst_event_parse_segment (event, &segment);
  rt = gst_segment_to_running_time (segment, GST_FORMAT_TIME,
      GST_BUFFER_PTS (buf));
  if (running_time_now (run->pipeline) >
      rt + gst_aggregator_get_latency (GST_AGGREGATOR (mixer))) {
    g_mutex_lock (&run->lock);
    run->late_at_mixer++;
    g_mutex_unlock (&run->lock);
  }
  gst_event_unref (event);
  gst_object_unref (mixer);
  return GST_PAD_PROBE_OK;
}

/* A caption's first word (offset 0: the captions carry no markup) is posted
 * just before the buffer with its first sample leaves. */
static GstBusSyncReply
on_message (G_GNUC_UNUSED GstBus * bus, GstMessage * msg, gpointer data)
{
  Run *run = data;
  const GstStructure *s = gst_message_get_structure (msg);
  guint64 offset;

  g_mutex_lock (&run->lock);
  if (GST_MESSAGE_TYPE (msg) == GST_MESSAGE_QOS)
    run->qos++;
  else if (GST_MESSAGE_TYPE (msg) == GST_MESSAGE_WARNING
      || GST_MESSAGE_TYPE (msg) == GST_MESSAGE_ERROR) {
    GError *err = NULL;

    if (GST_MESSAGE_TYPE (msg) == GST_MESSAGE_WARNING)
      gst_message_parse_warning (msg, &err, NULL);
    else
      gst_message_parse_error (msg, &err, NULL);
    g_printerr ("%s: %s\n", GST_OBJECT_NAME (GST_MESSAGE_SRC (msg)),
        err->message);
    g_error_free (err);
    run->warnings++;
  } else if (GST_MESSAGE_TYPE (msg) == GST_MESSAGE_ELEMENT
      && gst_structure_has_name (s, "inflect-word")) {
    gint64 now = g_get_monotonic_time ();

    run->words++;
    if (gst_structure_get_uint64 (s, "offset", &offset) && offset == 0)
      g_array_append_val (run->first_word, now);
  }
  g_mutex_unlock (&run->lock);
  return GST_BUS_PASS;
}

/* The same captions offline: what should have been spoken. */
static void
speak_offline (GArray * captions, const gchar * overflow, Run * run)
{
  gchar *desc = g_strdup_printf ("appsrc name=text format=time "
      "caps=text/x-raw,format=utf8 ! inflecttts name=tts overflow=%s "
      "word-messages=true ! fakesink sync=false", overflow);
  GstElement *pipeline = gst_parse_launch (desc, NULL);
  GstElement *appsrc = gst_bin_get_by_name (GST_BIN (pipeline), "text");
  GstElement *tts = gst_bin_get_by_name (GST_BIN (pipeline), "tts");
  GstPad *pad = gst_element_get_static_pad (tts, "src");
  GstMessage *msg;
  GstFlowReturn ret;
  guint i;

  gst_pad_add_probe (pad, GST_PAD_PROBE_TYPE_BUFFER |
      GST_PAD_PROBE_TYPE_EVENT_DOWNSTREAM, on_speech, run, NULL);
  gst_bus_set_sync_handler (GST_ELEMENT_BUS (pipeline), on_message, run,
      NULL);
  gst_element_set_state (pipeline, GST_STATE_PLAYING);
  for (i = 0; i < captions->len; i++) {
    GstBuffer *buf = caption_buffer (&g_array_index (captions, Caption, i));

    g_signal_emit_by_name (appsrc, "push-buffer", buf, &ret);
    gst_buffer_unref (buf);
  }
  g_signal_emit_by_name (appsrc, "end-of-stream", &ret);
  msg = gst_bus_timed_pop_filtered (GST_ELEMENT_BUS (pipeline),
      GST_CLOCK_TIME_NONE, GST_MESSAGE_EOS | GST_MESSAGE_ERROR);
  gst_message_unref (msg);
  gst_element_set_state (pipeline, GST_STATE_NULL);
  gst_object_unref (pad);
  gst_object_unref (tts);
  gst_object_unref (appsrc);
  gst_object_unref (pipeline);
  g_free (desc);
}

int
main (int argc, char **argv)
{
  const gchar *overflow = argc > 2 ? argv[2] : "fit";
  guint latency = argc > 3 ? (guint) g_ascii_strtoull (argv[3], NULL, 10) :
      500;
  GArray *captions;
  GArray *pushed = g_array_new (FALSE, FALSE, sizeof (gint64));
  GstElement *pipeline, *appsrc, *tts, *mix, *sink;
  GstPad *tts_src, *mix_in;
  GstStructure *stats;
  struct rusage usage;
  guint64 dropped = 0, rendered = 0;
  gdouble delay_sum = 0, delay_max = 0;
  GstFlowReturn ret;
  gchar *desc;
  Run run = { 0 }, offline = { 0 };
  GError *err = NULL;
  guint i, n_delays;
  gint rate;

  gst_init (&argc, &argv);
  if (argc < 2) {
    g_printerr ("usage: %s CAPTIONS.srt [OVERFLOW [LATENCY_MS]]\n", argv[0]);
    return 2;
  }
  captions = read_srt (argv[1]);
  if (captions->len == 0) {
    g_printerr ("no captions in %s\n", argv[1]);
    return 1;
  }

  desc = g_strdup_printf ("appsrc name=text is-live=true format=time "
      "caps=text/x-raw,format=utf8 ! inflecttts name=tts overflow=%s "
      "latency=%u word-messages=true ! audioconvert ! audioresample ! "
      "mix.sink_0 audiotestsrc is-live=true wave=pink-noise volume=0.05 ! "
      "audio/x-raw,rate=48000,channels=2 ! queue ! mix.sink_1 "
      "audiomixer name=mix ! audio/x-raw,format=S16LE,rate=48000,channels=2 "
      "! fakesink name=sink sync=true qos=true max-lateness=20000000",
      overflow, latency);
  pipeline = gst_parse_launch (desc, &err);
  if (pipeline == NULL || err != NULL) {
    g_printerr ("cannot build the pipeline: %s\n",
        err ? err->message : "unknown error");
    return 1;
  }
  appsrc = gst_bin_get_by_name (GST_BIN (pipeline), "text");
  tts = gst_bin_get_by_name (GST_BIN (pipeline), "tts");
  mix = gst_bin_get_by_name (GST_BIN (pipeline), "mix");
  sink = gst_bin_get_by_name (GST_BIN (pipeline), "sink");
  tts_src = gst_element_get_static_pad (tts, "src");
  mix_in = gst_element_get_static_pad (mix, "sink_0");
  g_mutex_init (&run.lock);
  run.pipeline = pipeline;
  run.first_word = g_array_new (FALSE, FALSE, sizeof (gint64));
  gst_pad_add_probe (tts_src, GST_PAD_PROBE_TYPE_BUFFER |
      GST_PAD_PROBE_TYPE_EVENT_DOWNSTREAM, on_speech, &run, NULL);
  gst_pad_add_probe (mix_in, GST_PAD_PROBE_TYPE_BUFFER, on_mixer_input,
      &run, NULL);
  gst_bus_set_sync_handler (GST_ELEMENT_BUS (pipeline), on_message, &run,
      NULL);

  gst_element_set_state (pipeline, GST_STATE_PLAYING);
  if (gst_element_get_state (pipeline, NULL, NULL, 5 * GST_SECOND) !=
      GST_STATE_CHANGE_SUCCESS) {
    g_printerr ("not PLAYING after 5 s\n");
    return 1;
  }
  for (i = 0; i < captions->len; i++) {
    Caption *c = &g_array_index (captions, Caption, i);
    GstBuffer *buf = caption_buffer (c);
    gint64 now;

    wait_for_running_time (pipeline, c->start);
    now = g_get_monotonic_time ();
    g_array_append_val (pushed, now);
    g_signal_emit_by_name (appsrc, "push-buffer", buf, &ret);
    gst_buffer_unref (buf);
  }
  wait_for_running_time (pipeline,
      g_array_index (captions, Caption, captions->len - 1).end);
  g_signal_emit_by_name (appsrc, "end-of-stream", &ret);
  for (i = 0; i < 600 && !g_atomic_int_get (&run.eos); i++)
    g_usleep (G_USEC_PER_SEC / 10);
  wait_for_running_time (pipeline, running_time_now (pipeline) +
      gst_pipeline_get_latency (GST_PIPELINE (pipeline)) + GST_SECOND);
  g_object_get (sink, "stats", &stats, NULL);
  gst_structure_get_uint64 (stats, "dropped", &dropped);
  gst_structure_get_uint64 (stats, "rendered", &rendered);
  gst_structure_free (stats);
  rate = pad_rate (tts_src);
  gst_element_set_state (pipeline, GST_STATE_NULL);
  getrusage (RUSAGE_SELF, &usage);

  n_delays = MIN (pushed->len, run.first_word->len);
  for (i = 0; i < n_delays; i++) {
    gdouble d = (g_array_index (run.first_word, gint64, i) -
        g_array_index (pushed, gint64, i)) / 1000.0;

    delay_sum += d;
    delay_max = MAX (delay_max, d);
  }
  g_mutex_init (&offline.lock);
  offline.first_word = g_array_new (FALSE, FALSE, sizeof (gint64));
  speak_offline (captions, overflow, &offline);

  printf ("captions: %u over %.1f min, overflow=%s, latency=%u ms\n",
      captions->len, g_array_index (captions, Caption,
          captions->len - 1).end / (60.0 * GST_SECOND), overflow, latency);
  printf ("sink: %" G_GUINT64_FORMAT " rendered, %" G_GUINT64_FORMAT
      " dropped late, %u QoS messages; %u buffers late at the mixer; "
      "%u warnings or errors\n", rendered, dropped, run.qos,
      run.late_at_mixer, run.warnings);
  /* Words, not samples: fit speaks a caption that started late faster. */
  printf ("speech: %u words live, %u offline, %u lost; %.2f s of it live, "
      "%.2f s offline\n", run.words, offline.words,
      offline.words > run.words ? offline.words - run.words : 0,
      (gdouble) run.speech / rate, (gdouble) offline.speech / rate);
  printf ("caption to first audio: mean %.0f ms, max %.0f ms (%u captions)\n",
      n_delays ? delay_sum / n_delays : 0.0, delay_max, n_delays);
  printf ("peak RSS: %.1f MiB\n", usage.ru_maxrss / 1024.0);

  gst_object_unref (mix_in);
  gst_object_unref (tts_src);
  gst_object_unref (sink);
  gst_object_unref (mix);
  gst_object_unref (tts);
  gst_object_unref (appsrc);
  gst_object_unref (pipeline);
  g_free (desc);
  return 0;
}
