/* Tests of the GStreamer plugin: inflectsrc and inflecttts.
 *
 * Copyright (C) 2026 The Inflect authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The voice is the small random-weight one make_test_voice.py writes (the
 * elements find it through INFLECT_VOICE, set by meson). Its audio is noise,
 * but synthesis is deterministic, so the tests compare samples exactly: a
 * caption spoken at 5.5 s must be the very samples the same text gives on
 * its own, moved to 5.5 s.
 */
#include <gst/gst.h>
#include <gst/check/gstcheck.h>
#include <gst/check/gstharness.h>
#include <gst/base/gstaggregator.h>
#include <gst/base/gstbasesink.h>
#include <gst/controller/gstinterpolationcontrolsource.h>
#include <gst/controller/gstdirectcontrolbinding.h>
#include <glib/gstdio.h>
#include <inflect.h>

#include <math.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../sanitized.h"       /* live deadlines are not a sanitized build's to meet */
#include "running_time.h"
#include "stall_watch.h"

#define TEXT_A "The quick brown fox jumps over the lazy dog."
#define TEXT_B "Pack my box with five dozen liquor jugs."
#define TEXT_C "How vexingly quick daft zebras jump!"
#define SENTENCES TEXT_A " " TEXT_B " " TEXT_C
#define SENTENCES_WORDS 23

#define RATE 24000

GST_DEBUG_CATEGORY_STATIC (test_debug);

/* ------------------------------------------------------------------ */
/* Collecting output */

typedef struct
{
  GArray *samples;              /* gfloat */
  GPtrArray *buffers;
} Output;

static Output *
output_new (void)
{
  Output *out = g_new0 (Output, 1);

  out->samples = g_array_new (FALSE, FALSE, sizeof (gfloat));
  out->buffers = g_ptr_array_new_with_free_func ((GDestroyNotify)
      gst_buffer_unref);
  return out;
}

static void
output_free (Output * out)
{
  g_array_free (out->samples, TRUE);
  g_ptr_array_unref (out->buffers);
  g_free (out);
}

static void
output_add (Output * out, GstBuffer * buf)
{
  GstMapInfo map;

  gst_buffer_map (buf, &map, GST_MAP_READ);
  g_array_append_vals (out->samples, map.data, map.size / sizeof (gfloat));
  gst_buffer_unmap (buf, &map);
  g_ptr_array_add (out->buffers, buf);
}

#define SAMPLES(out) ((const gfloat *) (out)->samples->data)
#define LENGTH(out) ((gsize) (out)->samples->len)

static void
check_caps (GstPad * pad, const gchar * format)
{
  GstCaps *caps = gst_pad_get_current_caps (pad);
  GstStructure *s;
  gint rate, channels;

  fail_unless (caps != NULL);
  s = gst_caps_get_structure (caps, 0);
  fail_unless (gst_structure_has_name (s, "audio/x-raw"));
  fail_unless_equals_string (gst_structure_get_string (s, "format"), format);
  fail_unless_equals_string (gst_structure_get_string (s, "layout"),
      "interleaved");
  fail_unless (gst_structure_get_int (s, "rate", &rate));
  fail_unless (gst_structure_get_int (s, "channels", &channels));
  fail_unless_equals_int (rate, RATE);
  fail_unless_equals_int (channels, 1);
  gst_caps_unref (caps);
}

static Output *
pull_all (GstHarness * h)
{
  Output *out = output_new ();
  GstBuffer *buf;

  while (TRUE) {
    fail_unless (gst_harness_pull_until_eos (h, &buf), "no EOS in time");
    if (buf == NULL)
      break;
    output_add (out, buf);
  }
  if (out->buffers->len > 0)
    check_caps (h->sinkpad, "F32LE");
  return out;
}

static GstHarness *
src_harness (const gchar * text)
{
  GstHarness *h = gst_harness_new ("inflectsrc");

  gst_harness_set_sink_caps_str (h, "audio/x-raw, format=F32LE");
  g_object_set (h->element, "text", text, NULL);
  return h;
}

/* Speaks `text` with inflectsrc; properties as name/value pairs. */
static Output *
speak_src (const gchar * text, const gchar * first_property, ...)
{
  GstHarness *h = src_harness (text);
  Output *out;
  va_list args;

  va_start (args, first_property);
  if (first_property != NULL)
    g_object_set_valist (G_OBJECT (h->element), first_property, args);
  va_end (args);

  gst_harness_play (h);
  out = pull_all (h);
  gst_harness_teardown (h);
  return out;
}

static GstHarness *
tts_harness (const gchar * overflow)
{
  GstHarness *h = gst_harness_new ("inflecttts");

  gst_harness_set_sink_caps_str (h, "audio/x-raw, format=F32LE");
  gst_harness_set_src_caps_str (h, "text/x-raw, format=utf8");
  if (overflow != NULL)
    gst_util_set_object_arg (G_OBJECT (h->element), "overflow", overflow);
  return h;
}

static GstBuffer *
text_buffer (const gchar * text, GstClockTime pts, GstClockTime duration)
{
  GstBuffer *buf = *text != '\0' ?
      gst_buffer_new_memdup (text, strlen (text)) : gst_buffer_new ();

  GST_BUFFER_PTS (buf) = pts;
  GST_BUFFER_DURATION (buf) = duration;
  return buf;
}

static GstClockTime
to_time (guint64 samples)
{
  return gst_util_uint64_scale_round (samples, GST_SECOND, RATE);
}

static guint64
to_samples (GstClockTime time)
{
  return gst_util_uint64_scale_round (time, RATE, GST_SECOND);
}

/* Each buffer follows the previous one: offsets count samples, timestamps
 * and durations are exact functions of them. */
static void
check_contiguous (Output * out, guint64 first_offset)
{
  guint64 expected = first_offset;
  guint i;

  for (i = 0; i < out->buffers->len; i++) {
    GstBuffer *buf = g_ptr_array_index (out->buffers, i);
    guint64 n = gst_buffer_get_size (buf) / sizeof (gfloat);

    fail_unless_equals_uint64 (GST_BUFFER_OFFSET (buf), expected);
    fail_unless_equals_uint64 (GST_BUFFER_OFFSET_END (buf), expected + n);
    fail_unless_equals_uint64 (GST_BUFFER_PTS (buf), to_time (expected));
    fail_unless_equals_uint64 (GST_BUFFER_DURATION (buf),
        to_time (expected + n) - to_time (expected));
    expected += n;
  }
}

/* No silence of under 2 ms is followed by more silence: such a crumb is
 * the end of a round of the clock task cut off the piece before it, and
 * reaches a synchronised sink with next to no time to spare. Crumbs at an
 * edge between speech and silence are what the text made, and a piece of
 * speech may end where synthesis had got to. */
static void
check_no_crumbs (Output * out)
{
  guint i;

  for (i = 0; i + 1 < out->buffers->len; i++) {
    GstBuffer *buf = g_ptr_array_index (out->buffers, i);
    GstBuffer *next = g_ptr_array_index (out->buffers, i + 1);
    guint64 n = gst_buffer_get_size (buf) / sizeof (gfloat);

    if (n < RATE / 500 && GST_BUFFER_FLAG_IS_SET (buf, GST_BUFFER_FLAG_GAP)
        && GST_BUFFER_FLAG_IS_SET (next, GST_BUFFER_FLAG_GAP))
      fail ("a piece of %" G_GUINT64_FORMAT " samples of silence at offset %"
          G_GUINT64_FORMAT " before more silence", n, GST_BUFFER_OFFSET (buf));
  }
}

static void
check_equal (const gfloat * got, const gfloat * want, gsize n)
{
  gsize i;

  for (i = 0; i < n; i++)
    if (got[i] != want[i])
      fail ("sample %" G_GSIZE_FORMAT " of %" G_GSIZE_FORMAT " differs: %g, "
          "expected %g", i, n, got[i], want[i]);
}

static void
check_silent (const gfloat * got, gsize n)
{
  gsize i;

  for (i = 0; i < n; i++)
    if (got[i] != 0.0f)
      fail ("sample %" G_GSIZE_FORMAT " of %" G_GSIZE_FORMAT " is %g, "
          "expected silence", i, n, got[i]);
}

static gboolean
differ (Output * a, Output * b)
{
  return LENGTH (a) != LENGTH (b)
      || memcmp (SAMPLES (a), SAMPLES (b), LENGTH (a) * sizeof (gfloat)) != 0;
}

static gdouble
rms (const gfloat * s, gsize n)
{
  gdouble sum = 0;
  gsize i;

  for (i = 0; i < n; i++)
    sum += s[i] * s[i];
  return n > 0 ? sqrt (sum / n) : 0;
}

/* Runs of non-GAP buffers, as [start, end) sample pairs. */
static GArray *
speech_runs (Output * out)
{
  GArray *runs = g_array_new (FALSE, FALSE, sizeof (guint64));
  gboolean in_speech = FALSE;
  guint i;

  for (i = 0; i < out->buffers->len; i++) {
    GstBuffer *buf = g_ptr_array_index (out->buffers, i);
    gboolean gap = GST_BUFFER_FLAG_IS_SET (buf, GST_BUFFER_FLAG_GAP);
    guint64 offset = GST_BUFFER_OFFSET (buf);

    if (!gap && !in_speech)
      g_array_append_val (runs, offset);
    else if (gap && in_speech)
      g_array_append_val (runs, offset);
    in_speech = !gap;
  }
  if (in_speech) {
    GstBuffer *last = g_ptr_array_index (out->buffers, out->buffers->len - 1);
    guint64 end = GST_BUFFER_OFFSET_END (last);

    g_array_append_val (runs, end);
  }
  return runs;
}

#define RUN(runs, i) g_array_index ((runs), guint64, (i))

/* ------------------------------------------------------------------ */
/* Messages */

typedef struct
{
  GMutex lock;
  gboolean own_bus;
  GstHarness *h;                /* buffers received when a word is posted */
  GArray *words;                /* Word */
  GPtrArray *other;             /* GstMessage, everything else */
} Messages;

typedef struct
{
  gchar *word;
  guint64 offset, length, timestamp, running_time, duration;
  guint buffers_before;
} Word;

/* Word messages are kept here, and so are the others. On a pipeline's bus
 * those are also let through, for whoever waits for EOS or an error; on a
 * bus of our own nobody would pop them, and queued there they would keep
 * their element, which keeps the bus, alive. */
static GstBusSyncReply
record_message (G_GNUC_UNUSED GstBus * bus, GstMessage * msg, gpointer data)
{
  Messages *m = data;
  const GstStructure *s = gst_message_get_structure (msg);

  g_mutex_lock (&m->lock);
  if (GST_MESSAGE_TYPE (msg) != GST_MESSAGE_ELEMENT
      || !gst_structure_has_name (s, "inflect-word")) {
    g_ptr_array_add (m->other, gst_message_ref (msg));
    g_mutex_unlock (&m->lock);
    if (m->own_bus) {
      gst_message_unref (msg);
      return GST_BUS_DROP;
    }
    return GST_BUS_PASS;
  } else {
    Word w;

    w.word = g_strdup (gst_structure_get_string (s, "word"));
    fail_unless (gst_structure_get_uint64 (s, "offset", &w.offset));
    fail_unless (gst_structure_get_uint64 (s, "length", &w.length));
    fail_unless (gst_structure_get_uint64 (s, "timestamp", &w.timestamp));
    fail_unless (gst_structure_get_uint64 (s, "running-time",
            &w.running_time));
    fail_unless (gst_structure_get_uint64 (s, "duration", &w.duration));
    w.buffers_before = m->h != NULL ? gst_harness_buffers_received (m->h) : 0;
    g_array_append_val (m->words, w);
  }
  g_mutex_unlock (&m->lock);
  gst_message_unref (msg);
  return GST_BUS_DROP;
}

static Messages *
watch_messages (GstElement * element, GstHarness * h)
{
  Messages *m = g_new0 (Messages, 1);
  GstBus *bus = gst_element_get_bus (element);

  g_mutex_init (&m->lock);
  m->h = h;
  m->words = g_array_new (FALSE, FALSE, sizeof (Word));
  m->other = g_ptr_array_new_with_free_func ((GDestroyNotify)
      gst_message_unref);
  /* A harnessed element has no bus of its own. */
  if (bus == NULL) {
    bus = gst_bus_new ();
    gst_element_set_bus (element, bus);
    m->own_bus = TRUE;
  }
  gst_bus_set_sync_handler (bus, record_message, m, NULL);
  gst_object_unref (bus);
  return m;
}

static void
messages_free (Messages * m)
{
  guint i;

  for (i = 0; i < m->words->len; i++)
    g_free (g_array_index (m->words, Word, i).word);
  g_array_free (m->words, TRUE);
  g_ptr_array_unref (m->other);
  g_mutex_clear (&m->lock);
  g_free (m);
}

static guint
count_messages (Messages * m, GstMessageType type, GQuark domain, gint code)
{
  guint i, n = 0;

  g_mutex_lock (&m->lock);
  for (i = 0; i < m->other->len; i++) {
    GstMessage *msg = g_ptr_array_index (m->other, i);
    GError *err = NULL;

    if (GST_MESSAGE_TYPE (msg) != type)
      continue;
    if (type != GST_MESSAGE_WARNING && type != GST_MESSAGE_ERROR) {
      n++;
      continue;
    }
    if (type == GST_MESSAGE_WARNING)
      gst_message_parse_warning (msg, &err, NULL);
    else
      gst_message_parse_error (msg, &err, NULL);
    if (g_error_matches (err, domain, code))
      n++;
    g_error_free (err);
  }
  g_mutex_unlock (&m->lock);
  return n;
}

/* ------------------------------------------------------------------ */
/* Registration and properties */

GST_START_TEST (test_registry)
{
  const gchar *controlled[] = { "length-scale", "pitch-scale", "pitch-range",
    "energy-scale"
  };
  const gchar *names[] = { "inflectsrc", "inflecttts" };
  guint i, j;

  for (i = 0; i < G_N_ELEMENTS (names); i++) {
    GstElement *e = gst_element_factory_make (names[i], NULL);
    GObjectClass *klass;
    gchar *voice;

    fail_unless (e != NULL, "%s is not registered", names[i]);
    klass = G_OBJECT_GET_CLASS (e);
    for (j = 0; j < G_N_ELEMENTS (controlled); j++) {
      GParamSpec *p = g_object_class_find_property (klass, controlled[j]);

      fail_unless (p != NULL);
      fail_unless (p->flags & GST_PARAM_CONTROLLABLE);
    }
    fail_unless (g_object_class_find_property (klass, "speaker") != NULL);
    fail_unless (g_object_class_find_property (klass, "word-messages") != NULL);

    /* INFLECT_VOICE overrides the installed default; NULL and "" are the
     * default again (NULL made the element fail to start). */
    g_object_get (e, "voice", &voice, NULL);
    fail_unless_equals_string (voice, g_getenv ("INFLECT_VOICE"));
    g_free (voice);
    for (j = 0; j < 2; j++) {
      g_object_set (e, "voice", "other.gguf", NULL);
      g_object_set (e, "voice", j == 0 ? NULL : "", NULL);
      g_object_get (e, "voice", &voice, NULL);
      fail_unless_equals_string (voice, g_getenv ("INFLECT_VOICE"));
      g_free (voice);
    }
    gst_object_unref (e);
  }
}

GST_END_TEST;

/* ------------------------------------------------------------------ */
/* inflectsrc */

GST_START_TEST (test_src_caps_and_timestamps)
{
  Output *out = speak_src (SENTENCES, NULL);
  GstBuffer *first;

  fail_unless (out->buffers->len > 1);
  check_contiguous (out, 0);
  first = g_ptr_array_index (out->buffers, 0);
  fail_unless (GST_BUFFER_FLAG_IS_SET (first, GST_BUFFER_FLAG_DISCONT));
  /* Three sentences: seconds of sound, not silence. */
  fail_unless (LENGTH (out) > RATE);
  fail_unless (rms (SAMPLES (out), LENGTH (out)) > 1e-4);
  output_free (out);
}

GST_END_TEST;

GST_START_TEST (test_src_s16)
{
  Output *ref = speak_src (SENTENCES, NULL);
  GstHarness *h = src_harness (SENTENCES);
  GByteArray *data = g_byte_array_new ();
  const gint16 *s;
  GstBuffer *buf;
  gsize i;

  gst_harness_set_sink_caps_str (h, "audio/x-raw, format=S16LE");
  gst_harness_play (h);
  while (gst_harness_pull_until_eos (h, &buf) && buf != NULL) {
    GstMapInfo map;

    gst_buffer_map (buf, &map, GST_MAP_READ);
    g_byte_array_append (data, map.data, map.size);
    gst_buffer_unmap (buf, &map);
    gst_buffer_unref (buf);
  }
  check_caps (h->sinkpad, "S16LE");
  gst_harness_teardown (h);

  fail_unless_equals_uint64 (data->len / 2, LENGTH (ref));
  s = (const gint16 *) data->data;
  for (i = 0; i < LENGTH (ref); i++) {
    gfloat v = SAMPLES (ref)[i] * 32767.0f;
    gint want = v >= 32767.0f ? 32767 : v <= -32768.0f ? -32768 : lrintf (v);

    fail_unless_equals_int (s[i], want);
  }
  g_byte_array_unref (data);
  output_free (ref);
}

GST_END_TEST;

static GstEvent *
seek_event (GstClockTime start)
{
  return gst_event_new_seek (1.0, GST_FORMAT_TIME, GST_SEEK_FLAG_FLUSH,
      GST_SEEK_TYPE_SET, start, GST_SEEK_TYPE_NONE, GST_CLOCK_TIME_NONE);
}

/* Buffers pushed before the flush may still sit in the harness queue; the
 * first one after the seek carries DISCONT. */
static Output *
pull_after_seek (GstHarness * h)
{
  Output *out;
  GstBuffer *buf;

  while ((buf = gst_harness_pull (h)) != NULL
      && !GST_BUFFER_FLAG_IS_SET (buf, GST_BUFFER_FLAG_DISCONT))
    gst_buffer_unref (buf);
  fail_unless (buf != NULL);
  out = output_new ();
  output_add (out, buf);
  while (gst_harness_pull_until_eos (h, &buf) && buf != NULL)
    output_add (out, buf);
  return out;
}

/* Seeks once a couple of buffers are out; returns what follows. */
static Output *
speak_and_seek (GstClockTime start)
{
  GstHarness *h = src_harness (SENTENCES);
  Output *out;

  gst_harness_play (h);
  gst_buffer_unref (gst_harness_pull (h));
  gst_buffer_unref (gst_harness_pull (h));
  fail_unless (gst_harness_push_upstream_event (h, seek_event (start)));
  out = pull_after_seek (h);
  gst_harness_teardown (h);
  return out;
}

GST_START_TEST (test_src_seek)
{
  Output *ref = speak_src (SENTENCES, NULL);
  Output *out;

  /* Back to the start: the same audio again, from timestamp 0. */
  out = speak_and_seek (0);
  check_contiguous (out, 0);
  fail_unless_equals_uint64 (LENGTH (out), LENGTH (ref));
  check_equal (SAMPLES (out), SAMPLES (ref), LENGTH (ref));
  output_free (out);

  /* Into the middle: exactly the audio from there on. */
  out = speak_and_seek (GST_SECOND);
  check_contiguous (out, RATE);
  fail_unless_equals_uint64 (LENGTH (out), LENGTH (ref) - RATE);
  check_equal (SAMPLES (out), SAMPLES (ref) + RATE, LENGTH (out));
  output_free (out);

  output_free (ref);
}

GST_END_TEST;

/* A seek backwards is refused before anything is flushed: the stream goes
 * on, whole (it lost its segment and 1024 samples). A seek from the end
 * plays the end, once the duration is known (it played from 0). */
GST_START_TEST (test_src_seek_reverse_and_from_end)
{
  Output *ref = speak_src (SENTENCES, NULL);
  GstHarness *h = src_harness (SENTENCES);
  Output *out = output_new ();
  GstBuffer *buf;
  gint64 duration = -1;
  gint i;

  gst_harness_play (h);
  output_add (out, gst_harness_pull (h));
  fail_if (gst_harness_push_upstream_event (h, gst_event_new_seek (-1.0,
              GST_FORMAT_TIME, GST_SEEK_FLAG_FLUSH, GST_SEEK_TYPE_SET, 0,
              GST_SEEK_TYPE_NONE, GST_CLOCK_TIME_NONE)));
  while (gst_harness_pull_until_eos (h, &buf) && buf != NULL)
    output_add (out, buf);
  check_contiguous (out, 0);
  fail_unless_equals_uint64 (LENGTH (out), LENGTH (ref));
  gst_harness_teardown (h);
  output_free (out);

  /* The harness remembers an EOS through a flush, and the stream may have
   * ended before the seek: the last second is pulled by its length. */
  h = src_harness (SENTENCES);
  gst_harness_play (h);
  gst_buffer_unref (gst_harness_pull (h));
  for (i = 0; i < 1000 && !gst_element_query_duration (h->element,
          GST_FORMAT_TIME, &duration); i++)
    g_usleep (10000);
  fail_unless (duration > 0, "no duration");
  fail_unless (gst_harness_push_upstream_event (h,
          gst_event_new_seek (1.0, GST_FORMAT_TIME, GST_SEEK_FLAG_FLUSH,
              GST_SEEK_TYPE_END, -GST_SECOND, GST_SEEK_TYPE_NONE,
              GST_CLOCK_TIME_NONE)));
  while ((buf = gst_harness_pull (h)) != NULL
      && !GST_BUFFER_FLAG_IS_SET (buf, GST_BUFFER_FLAG_DISCONT))
    gst_buffer_unref (buf);
  fail_unless (buf != NULL);
  out = output_new ();
  for (; buf != NULL; buf = LENGTH (out) < RATE ? gst_harness_pull (h) : NULL)
    output_add (out, buf);
  check_contiguous (out, LENGTH (ref) - RATE);
  fail_unless_equals_uint64 (LENGTH (out), RATE);
  check_equal (SAMPLES (out), SAMPLES (ref) + LENGTH (ref) - RATE, RATE);
  gst_harness_teardown (h);
  output_free (out);
  output_free (ref);
}

GST_END_TEST;

/* A control source that holds up synthesis once, through the public API:
 * the elements sample their control bindings from the synthesis thread
 * (before each utterance for each of its tokens, and after every chunk of
 * audio at the stream time reached), so a control source that blocks
 * blocks synthesis, as a loaded core running the acoustic model would. It
 * is bound to pitch-scale with the value 1.0, which changes nothing.
 *
 * The first queries are for the tokens of the first sentence, all before
 * any audio exists, in increasing order; the stall is armed when the times
 * asked for step back (the first chunk has been made, and the elements ask
 * for where it ends), and it happens at the first time asked for at or
 * after `at`: hold() runs there, in the synthesis thread. */
typedef struct _StallSource StallSource;
typedef void (*StallHold) (StallSource * stall, GstClockTime t);

struct _StallSource
{
  GstControlSource parent;

  GMutex lock;
  GCond cond;
  GstClockTime at;
  StallHold hold;
  gpointer data;
  GstClockTime last;            /* the time asked for last */
  gboolean armed;
  gboolean hit;
  GstClockTime hit_at;          /* the time asked for when it stalled */
  gboolean released;            /* for hold_until_released() */
};

typedef struct
{
  GstControlSourceClass parent_class;
} StallSourceClass;

static GType stall_source_get_type (void);
G_DEFINE_TYPE (StallSource, stall_source, GST_TYPE_CONTROL_SOURCE);

static void
stall_check (StallSource * stall, GstClockTime t)
{
  gboolean hold = FALSE;

  g_mutex_lock (&stall->lock);
  if (GST_CLOCK_TIME_IS_VALID (stall->last) && t < stall->last)
    stall->armed = TRUE;
  stall->last = t;
  g_cond_broadcast (&stall->cond);
  if (stall->armed && !stall->hit && t >= stall->at) {
    stall->hit = TRUE;
    stall->hit_at = t;
    hold = TRUE;
    g_cond_broadcast (&stall->cond);
  }
  g_mutex_unlock (&stall->lock);

  if (hold)
    stall->hold (stall, t);
}

static gboolean
stall_get_value (GstControlSource * source, GstClockTime t, gdouble * value)
{
  stall_check ((StallSource *) source, t);
  *value = 1.0;
  return TRUE;
}

static gboolean
stall_get_value_array (GstControlSource * source, GstClockTime t,
    G_GNUC_UNUSED GstClockTime interval, guint n, gdouble * values)
{
  guint i;

  stall_check ((StallSource *) source, t);
  for (i = 0; i < n; i++)
    values[i] = 1.0;
  return TRUE;
}

static void
stall_source_init (StallSource * stall)
{
  g_mutex_init (&stall->lock);
  g_cond_init (&stall->cond);
  stall->last = GST_CLOCK_TIME_NONE;
  stall->parent.get_value = stall_get_value;
  stall->parent.get_value_array = stall_get_value_array;
}

static void
stall_source_finalize (GObject * object)
{
  StallSource *stall = (StallSource *) object;

  g_mutex_clear (&stall->lock);
  g_cond_clear (&stall->cond);
  G_OBJECT_CLASS (stall_source_parent_class)->finalize (object);
}

static void
stall_source_class_init (StallSourceClass * klass)
{
  G_OBJECT_CLASS (klass)->finalize = stall_source_finalize;
}

/* Binds a new stall to `element`'s pitch-scale; the element keeps it. */
static StallSource *
stall_bind (GstElement * element, GstClockTime at, StallHold hold,
    gpointer data)
{
  StallSource *stall = g_object_new (stall_source_get_type (), NULL);

  stall->at = at;
  stall->hold = hold;
  stall->data = data;
  fail_unless (gst_object_add_control_binding (GST_OBJECT (element),
          gst_direct_control_binding_new_absolute (GST_OBJECT (element),
              "pitch-scale", GST_CONTROL_SOURCE (stall))));
  gst_object_unref (stall);
  return stall;
}

/* Waits (10 s at most) until the stall has happened; returns the time it
 * was asked for. */
static GstClockTime
stall_wait_hit (StallSource * stall)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_TIME_SPAN_SECOND;
  GstClockTime t;

  g_mutex_lock (&stall->lock);
  while (!stall->hit)
    if (!g_cond_wait_until (&stall->cond, &stall->lock, deadline))
      break;
  fail_unless (stall->hit, "synthesis never asked for %" GST_TIME_FORMAT,
      GST_TIME_ARGS (stall->at));
  t = stall->hit_at;
  g_mutex_unlock (&stall->lock);
  return t;
}

static void
hold_until_released (StallSource * stall, G_GNUC_UNUSED GstClockTime t)
{
  g_mutex_lock (&stall->lock);
  while (!stall->released)
    g_cond_wait (&stall->cond, &stall->lock);
  g_mutex_unlock (&stall->lock);
}

static void
stall_release (StallSource * stall)
{
  g_mutex_lock (&stall->lock);
  stall->released = TRUE;
  g_cond_broadcast (&stall->cond);
  g_mutex_unlock (&stall->lock);
}

/* Waits (10 s at most) until synthesis, released, has asked for a time past
 * `t`, then half a second more: the test voice makes a sentence in a few
 * milliseconds, so the audio after `t` is then queued (the time asked for
 * alone does not tell: the next sentence's words are asked for before its
 * audio is made). */
static void
stall_wait_past (StallSource * stall, GstClockTime t)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_TIME_SPAN_SECOND;

  g_mutex_lock (&stall->lock);
  while (stall->last <= t)
    if (!g_cond_wait_until (&stall->cond, &stall->lock, deadline))
      break;
  fail_unless (stall->last > t, "synthesis never went on past %"
      GST_TIME_FORMAT, GST_TIME_ARGS (t));
  g_mutex_unlock (&stall->lock);
  g_usleep (G_USEC_PER_SEC / 2);
}

GST_START_TEST (test_src_live)
{
  GstHarness *h = src_harness (SENTENCES);
  /* The default blocksize, 4096 bytes, is 1024 F32 samples; the latency
   * property adds to it. */
  GstClockTime block = to_time (1024), slack = GST_SECOND;
  GstClockTime pts = 0, jump = 30 * GST_SECOND, hit_at;
  StallSource *stall;
  GstTestClock *clock;
  GstBuffer *buf;
  guint64 end = 0;
  Messages *m;
  guint i;

  g_object_set (h->element, "is-live", TRUE, "latency", 1000, NULL);
  gst_harness_set_blocking_push_mode (h);
  stall = stall_bind (h->element, 2 * GST_SECOND, hold_until_released, NULL);
  clock = gst_harness_get_testclock (h);
  m = watch_messages (h->element, NULL);
  /* Before caps are set, the latency is that of the format with the most
   * samples per block, S16. Asked in PAUSED, where a live source makes
   * nothing yet: once playing, its thread may have set caps already. */
  fail_unless_equals_int (gst_element_set_state (h->element,
          GST_STATE_PAUSED), GST_STATE_CHANGE_NO_PREROLL);
  fail_unless_equals_uint64 (gst_harness_query_latency (h),
      to_time (2048) + slack);
  gst_harness_play (h);

  /* Each buffer leaves when the clock reaches its end, as from a capture
   * device, on a timeline that starts with the first one. */
  for (i = 0; i < 3; i++) {
    fail_unless (gst_harness_crank_single_clock_wait (h));
    buf = gst_harness_pull (h);
    if (i == 0) {
      /* F32 it is: one buffer's worth less, and the pipeline is told. */
      fail_unless_equals_uint64 (gst_harness_query_latency (h),
          block + slack);
      fail_unless_equals_int (count_messages (m, GST_MESSAGE_LATENCY, 0, 0),
          1);
    }
    fail_unless_equals_uint64 (GST_BUFFER_PTS (buf), pts);
    fail_unless (GST_BUFFER_DURATION (buf) <= block);
    fail_unless_equals_int (GST_BUFFER_FLAG_IS_SET (buf,
            GST_BUFFER_FLAG_DISCONT), i == 0);
    fail_unless_equals_uint64 (gst_clock_get_time (GST_CLOCK (clock)),
        pts + GST_BUFFER_DURATION (buf));
    pts += GST_BUFFER_DURATION (buf);
    gst_buffer_unref (buf);
  }

  /* Synthesis keeps a second plus the latency ahead of the clock, which
   * stands at the third buffer's end: it gets past 2 s, where it stalls. */
  hit_at = stall_wait_hit (stall);
  fail_unless (hit_at >= 2 * GST_SECOND);

  /* A new latency is announced. */
  slack = 200 * GST_MSECOND;
  g_object_set (h->element, "latency", 200, NULL);
  fail_unless_equals_int (count_messages (m, GST_MESSAGE_LATENCY, 0, 0), 2);
  fail_unless_equals_uint64 (gst_harness_query_latency (h), block + slack);

  /* Held up far behind the clock with the audio ready, as by a busy
   * downstream or scheduler: the buffers go out at once, late, on the same
   * timeline (a new one would only add a gap), up to where synthesis
   * stalled. */
  gst_harness_set_time (h, jump);
  while (end < to_samples (hit_at)) {
    fail_unless (gst_harness_wait_for_clock_id_waits (h, 1, 10));
    fail_unless (gst_harness_crank_single_clock_wait (h));
    if (to_samples (hit_at) - end <= 1024) {
      /* The last of them is being pushed, and the push waits for the pull:
       * synthesis goes on meanwhile, so the audio after the stall is
       * queued before the streaming thread comes back for it. Whether it
       * finds it ready or waits for it must not decide what follows. */
      stall_release (stall);
      stall_wait_past (stall, hit_at);
    }
    buf = gst_harness_pull (h);
    fail_unless_equals_uint64 (GST_BUFFER_PTS (buf), pts);
    fail_if (GST_BUFFER_FLAG_IS_SET (buf, GST_BUFFER_FLAG_DISCONT));
    pts += GST_BUFFER_DURATION (buf);
    end = GST_BUFFER_OFFSET_END (buf);
    gst_buffer_unref (buf);
  }
  fail_unless_equals_uint64 (end, to_samples (hit_at));

  /* Now synthesis itself was late, by far more than the latency: the
   * timeline starts again at the clock, marked DISCONT. */
  fail_unless (gst_harness_wait_for_clock_id_waits (h, 1, 10));
  fail_unless (gst_harness_crank_single_clock_wait (h));
  buf = gst_harness_pull (h);
  fail_unless (GST_BUFFER_FLAG_IS_SET (buf, GST_BUFFER_FLAG_DISCONT));
  fail_unless_equals_uint64 (GST_BUFFER_OFFSET (buf), end);
  fail_unless_equals_uint64 (GST_BUFFER_PTS (buf) + GST_BUFFER_DURATION (buf),
      jump);
  gst_buffer_unref (buf);

  gst_object_unref (clock);
  gst_harness_teardown (h);
  messages_free (m);
}

GST_END_TEST;

/* Live, the timeline restarts (DISCONT) for audio synthesis made late; a
 * text set while that buffer waits for its time drops it, and the new
 * text's first buffer, the first on the new timeline, must carry the
 * DISCONT instead. */
GST_START_TEST (test_src_live_restart_then_text)
{
  GstHarness *h = src_harness (SENTENCES);
  StallSource *stall;
  GstClockTime hit_at;
  GstBuffer *buf;
  guint64 end = 0;

  g_object_set (h->element, "is-live", TRUE, "latency", 200, NULL);
  stall = stall_bind (h->element, GST_SECOND, hold_until_released, NULL);
  gst_harness_play (h);
  hit_at = stall_wait_hit (stall);
  while (end < to_samples (hit_at)) {
    fail_unless (gst_harness_wait_for_clock_id_waits (h, 1, 10));
    fail_unless (gst_harness_crank_single_clock_wait (h));
    buf = gst_harness_pull (h);
    end = GST_BUFFER_OFFSET_END (buf);
    gst_buffer_unref (buf);
  }

  /* Far behind the clock, synthesis goes on: the buffer it makes waits on
   * a new timeline when the text changes. */
  gst_harness_set_time (h, 30 * GST_SECOND);
  stall_release (stall);
  fail_unless (gst_harness_wait_for_clock_id_waits (h, 1, 10));
  g_object_set (h->element, "text", TEXT_B, NULL);
  fail_unless (gst_harness_crank_single_clock_wait (h));
  fail_unless (gst_harness_wait_for_clock_id_waits (h, 1, 10));
  fail_unless (gst_harness_crank_single_clock_wait (h));
  buf = gst_harness_pull (h);
  fail_unless_equals_uint64 (GST_BUFFER_OFFSET (buf), end);
  fail_unless (GST_BUFFER_FLAG_IS_SET (buf, GST_BUFFER_FLAG_DISCONT));
  gst_buffer_unref (buf);
  gst_harness_teardown (h);
}

GST_END_TEST;

GST_START_TEST (test_src_text_change)
{
  Output *full = speak_src (SENTENCES, NULL);
  Output *shorter = speak_src ("Short.", NULL);
  GstHarness *h = src_harness (SENTENCES);
  Output *out = output_new ();
  GstBuffer *buf;
  gsize head;

  /* Pushes wait for pulls, so the old text cannot run to its end before
   * the change; only try_pull releases them, hence the polling. */
  gst_harness_set_blocking_push_mode (h);
  gst_harness_play (h);
  output_add (out, gst_harness_pull (h));
  g_object_set (h->element, "text", "Short.", NULL);
  while (TRUE) {
    gboolean eos = GST_PAD_IS_EOS (h->sinkpad);

    if ((buf = gst_harness_try_pull (h)) != NULL)
      output_add (out, buf);
    else if (eos)
      break;
    else
      g_usleep (1000);
  }
  gst_harness_teardown (h);

  /* The old text up to the change, then the new one, on one timeline. */
  check_contiguous (out, 0);
  fail_unless (LENGTH (out) > LENGTH (shorter));
  head = LENGTH (out) - LENGTH (shorter);
  fail_unless (head < LENGTH (full));
  check_equal (SAMPLES (out), SAMPLES (full), head);
  check_equal (SAMPLES (out) + head, SAMPLES (shorter), LENGTH (shorter));

  output_free (out);
  output_free (shorter);
  output_free (full);
}

GST_END_TEST;

GST_START_TEST (test_src_empty_and_invalid_text)
{
  const gchar *empty[] = { "", "  \n\t " };
  GstHarness *h;
  Messages *m;
  Output *out;
  guint i;

  for (i = 0; i < G_N_ELEMENTS (empty); i++) {
    out = speak_src (empty[i], NULL);
    fail_unless_equals_int (out->buffers->len, 0);
    output_free (out);
  }

  /* Latin-1 where UTF-8 belongs: spoken anyway, with a warning. */
  h = src_harness ("Caf\xe9 au lait.");
  m = watch_messages (h->element, NULL);
  gst_harness_play (h);
  out = pull_all (h);
  fail_unless (LENGTH (out) > 0);
  fail_unless_equals_int (count_messages (m, GST_MESSAGE_WARNING,
          GST_STREAM_ERROR, GST_STREAM_ERROR_DECODE), 1);
  gst_harness_teardown (h);
  messages_free (m);
  output_free (out);
}

GST_END_TEST;

GST_START_TEST (test_src_word_messages)
{
  GstHarness *h = src_harness (SENTENCES);
  Messages *m = watch_messages (h->element, h);
  GstClockTime last = 0;
  Output *out;
  guint i, k;

  g_object_set (h->element, "word-messages", TRUE, NULL);
  gst_harness_play (h);
  out = pull_all (h);
  gst_harness_teardown (h);

  fail_unless_equals_int (m->words->len, SENTENCES_WORDS);
  for (i = 0; i < m->words->len; i++) {
    Word *w = &g_array_index (m->words, Word, i);

    /* The word is the text at its offset. */
    fail_unless (w->offset + w->length <= strlen (SENTENCES));
    fail_unless (strncmp (SENTENCES + w->offset, w->word, w->length) == 0);
    fail_unless_equals_uint64 (w->length, strlen (w->word));
    fail_unless (w->timestamp >= last);
    fail_unless (w->duration > 0);
    fail_unless_equals_uint64 (w->running_time, w->timestamp);
    last = w->timestamp;

    /* Posted just before the buffer holding its start was pushed. */
    for (k = 0; k < out->buffers->len; k++) {
      GstBuffer *buf = g_ptr_array_index (out->buffers, k);

      if (w->timestamp < GST_BUFFER_PTS (buf) + GST_BUFFER_DURATION (buf))
        break;
    }
    fail_unless (k < out->buffers->len);
    fail_unless_equals_int (w->buffers_before, k);
  }
  fail_unless_equals_string (g_array_index (m->words, Word, 0).word, "The");
  fail_unless_equals_string (g_array_index (m->words, Word,
          SENTENCES_WORDS - 1).word, "jump");

  messages_free (m);
  output_free (out);
}

GST_END_TEST;

/* Takes `pipeline` to PAUSED expecting the state change to fail with an
 * error message from `src`; then unrefs both. */
static void
expect_open_error (GstElement * pipeline, GstElement * src)
{
  GstMessage *msg;
  GstBus *bus;

  fail_unless_equals_int (gst_element_set_state (pipeline, GST_STATE_PAUSED),
      GST_STATE_CHANGE_FAILURE);
  bus = gst_element_get_bus (pipeline);
  msg = gst_bus_pop_filtered (bus, GST_MESSAGE_ERROR);
  fail_unless (msg != NULL);
  fail_unless (GST_MESSAGE_SRC (msg) == GST_OBJECT (src));
  gst_message_unref (msg);
  gst_object_unref (bus);
  gst_element_set_state (pipeline, GST_STATE_NULL);
  gst_object_unref (src);
  gst_object_unref (pipeline);
}

GST_START_TEST (test_speaker)
{
  Output *alice = speak_src (TEXT_A, NULL);
  Output *bob = speak_src (TEXT_A, "speaker", "bob", NULL);
  Output *one = speak_src (TEXT_A, "speaker", "1", NULL);
  GstElement *pipeline;
  GstElement *src;

  fail_unless (differ (alice, bob));
  fail_if (differ (bob, one));

  pipeline = gst_parse_launch ("inflectsrc name=src ! fakesink", NULL);
  src = gst_bin_get_by_name (GST_BIN (pipeline), "src");
  g_object_set (src, "text", TEXT_A, "speaker", "carol", NULL);
  expect_open_error (pipeline, src);

  output_free (alice);
  output_free (bob);
  output_free (one);
}

GST_END_TEST;

/* An unknown speaker set while playing: one warning, the speaker speaking
 * stays, and the property reads it again (with notify::speaker), so that
 * what it says is what is heard. */
GST_START_TEST (test_speaker_unknown_while_playing)
{
  const gchar *text = TEXT_A " " TEXT_B " " TEXT_C;
  Output *bob = speak_src (text, "speaker", "bob", NULL);
  GstHarness *h = src_harness (text);
  GstBuffer *first;
  Messages *m;
  Output *out;
  gchar *speaker;
  gsize n;

  g_object_set (h->element, "speaker", "bob", NULL);
  m = watch_messages (h->element, NULL);
  gst_harness_play (h);
  first = gst_harness_pull (h);
  fail_unless (first != NULL);
  g_object_set (h->element, "speaker", "carol", NULL);
  out = pull_all (h);
  g_object_get (h->element, "speaker", &speaker, NULL);
  fail_unless_equals_string (speaker, "bob");
  fail_unless_equals_int (count_messages (m, GST_MESSAGE_WARNING,
          GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_SETTINGS), 1);
  /* bob all the way */
  n = gst_buffer_get_size (first) / sizeof (gfloat);
  fail_unless_equals_uint64 (n + LENGTH (out), LENGTH (bob));
  check_equal ((const gfloat *) out->samples->data,
      (const gfloat *) bob->samples->data + n, LENGTH (out));
  gst_buffer_unref (first);
  gst_harness_teardown (h);
  messages_free (m);
  output_free (out);
  output_free (bob);
  g_free (speaker);
}

GST_END_TEST;

/* ------------------------------------------------------------------ */
/* Controlled properties */

static void
control (GstElement * element, const gchar * property, gboolean absolute,
    GstClockTime t0, gdouble v0, GstClockTime t1, gdouble v1)
{
  GstControlSource *cs = gst_interpolation_control_source_new ();
  GstControlBinding *binding;

  g_object_set (cs, "mode", GST_INTERPOLATION_MODE_NONE, NULL);
  gst_timed_value_control_source_set (GST_TIMED_VALUE_CONTROL_SOURCE (cs),
      t0, v0);
  if (GST_CLOCK_TIME_IS_VALID (t1))
    gst_timed_value_control_source_set (GST_TIMED_VALUE_CONTROL_SOURCE (cs),
        t1, v1);
  binding = absolute ?
      gst_direct_control_binding_new_absolute (GST_OBJECT (element), property,
      cs) : gst_direct_control_binding_new (GST_OBJECT (element), property, cs);
  fail_unless (gst_object_add_control_binding (GST_OBJECT (element), binding));
  gst_object_unref (cs);
}

static Output *
speak_controlled (const gchar * text, const gchar * property,
    gboolean absolute, gdouble value)
{
  GstHarness *h = src_harness (text);
  Output *out;

  control (h->element, property, absolute, 0, value, GST_CLOCK_TIME_NONE, 0);
  gst_harness_play (h);
  out = pull_all (h);
  gst_harness_teardown (h);
  return out;
}

GST_START_TEST (test_controller_values)
{
  Output *ref = speak_src (SENTENCES, NULL);
  Output *out;
  gdouble ratio;

  /* Relative bindings span the whole range: 0.2 is length-scale 1.0 and
   * 0.5 is pitch-scale 1.0, so nothing changes. */
  out = speak_controlled (SENTENCES, "length-scale", FALSE, 0.2);
  fail_if (differ (out, ref));
  output_free (out);
  out = speak_controlled (SENTENCES, "pitch-scale", FALSE, 0.5);
  fail_if (differ (out, ref));
  output_free (out);

  /* Absolute 2.0 doubles the length. */
  out = speak_controlled (SENTENCES, "length-scale", TRUE, 2.0);
  ratio = (gdouble) LENGTH (out) / LENGTH (ref);
  fail_unless (ratio > 1.5 && ratio < 2.7, "length ratio %f", ratio);
  output_free (out);

  /* Energy changes the sound, not its length. (Pitch acts on voiced
   * tokens, which this random voice need not predict; it is measured on
   * the shipped voices in test_controls.py.) */
  out = speak_controlled (SENTENCES, "energy-scale", TRUE, 2.0);
  fail_unless (differ (out, ref));
  output_free (out);

  output_free (ref);
}

GST_END_TEST;

static GArray *
word_times (const gchar * text, GstClockTime step)
{
  GstHarness *h = src_harness (text);
  Messages *m = watch_messages (h->element, NULL);
  GArray *times = g_array_new (FALSE, FALSE, sizeof (GstClockTime));
  Output *out;
  guint i;

  g_object_set (h->element, "word-messages", TRUE, NULL);
  if (GST_CLOCK_TIME_IS_VALID (step))
    control (h->element, "length-scale", TRUE, 0, 1.0, step, 3.0);
  gst_harness_play (h);
  out = pull_all (h);
  gst_harness_teardown (h);

  for (i = 0; i < m->words->len; i++)
    g_array_append_val (times, g_array_index (m->words, Word, i).timestamp);
  messages_free (m);
  output_free (out);
  return times;
}

GST_START_TEST (test_controller_mid_stream)
{
  const gchar *text = "One two three. Four five six. Seven eight nine.";
  GArray *ref = word_times (text, GST_CLOCK_TIME_NONE);
  GArray *slow;
  GstClockTime step;
  guint i;

  fail_unless_equals_int (ref->len, 9);
  /* length-scale steps from 1 to 3 where "two" starts: inside a sentence. */
  step = g_array_index (ref, GstClockTime, 1);
  slow = word_times (text, step);
  fail_unless_equals_int (slow->len, 9);
  /* What was spoken before the step is untouched... */
  for (i = 0; i < 2; i++)
    fail_unless_equals_uint64 (g_array_index (slow, GstClockTime, i),
        g_array_index (ref, GstClockTime, i));
  /* ...and the very next word is slower, in the same sentence. */
  fail_unless (g_array_index (slow, GstClockTime, 2) - step >
      2 * (g_array_index (ref, GstClockTime, 2) - step));

  g_array_free (ref, TRUE);
  g_array_free (slow, TRUE);
}

GST_END_TEST;

/* A seek lands in later sentences with curves moving the length and the
 * loudness of the ones it skips: the element only times those, so their
 * tokens must see the curves where they would have played, and the audio
 * after the seek is still sample for sample what it was. */
static GstHarness *
curved_src_harness (void)
{
  GstHarness *h = src_harness (SENTENCES);

  control (h->element, "length-scale", TRUE, 0, 1.0, GST_SECOND / 2, 1.7);
  control (h->element, "energy-scale", TRUE, 0, 1.0, GST_SECOND, 0.6);
  return h;
}

/* Seeks a fresh element from `make` to i/`parts` of its whole speech for
 * i in [first, last]: each time, from the target on, sample for sample what
 * the unseeked element said. */
static void
check_seeks (GstHarness * (*make) (void), guint parts, guint first,
    guint last)
{
  GstHarness *h = make ();
  Output *ref, *out;
  guint i;

  gst_harness_play (h);
  ref = pull_all (h);
  gst_harness_teardown (h);

  for (i = first; i <= last; i++) {
    guint64 target = LENGTH (ref) * i / parts;

    h = make ();
    gst_harness_play (h);
    gst_buffer_unref (gst_harness_pull (h));
    fail_unless (gst_harness_push_upstream_event (h,
            seek_event (gst_util_uint64_scale (target, GST_SECOND, RATE))));
    out = pull_after_seek (h);
    gst_harness_teardown (h);

    check_contiguous (out, target);
    fail_unless_equals_uint64 (LENGTH (out), LENGTH (ref) - target);
    check_equal (SAMPLES (out), SAMPLES (ref) + target, LENGTH (out));
    output_free (out);
  }
  output_free (ref);
}

GST_START_TEST (test_src_seek_skips)
{
  check_seeks (curved_src_harness, 5, 1, 4);
}

GST_END_TEST;

/* The engine sizes all of a text's utterances by the length scale the
 * call starts with: a seek that lands where a curve has slowed the speech
 * fourfold must still split a long sentence where speaking the text from
 * its start split it, not by the length scale at the target. */
#define LONG_SENTENCE "The river runs past the old mill and under the " \
  "stone bridge where the children play all summer and the fishermen " \
  "wait in the early light of the morning for the first fish of the day " \
  "while the baker down the lane puts the bread in the oven and the " \
  "church bell rings for the seventh time."

static GstHarness *
slowing_src_harness (void)
{
  GstHarness *h = src_harness (TEXT_A " " LONG_SENTENCE);

  control (h->element, "length-scale", TRUE, 0, 0.5, GST_SECOND / 4, 4.0);
  return h;
}

GST_START_TEST (test_src_seek_long_sentence)
{
  check_seeks (slowing_src_harness, 4, 2, 3);
}

GST_END_TEST;

/* ------------------------------------------------------------------ */
/* Duration */

/* The duration the element answers in `format`, polled for up to 20 s (the
 * measuring thread runs at a lowered priority, which a loaded machine may
 * hold back, though the test voice takes milliseconds); -1 if none. The
 * first query may be answered at once or not, but a value that was not
 * known at first must come with a duration-changed message. */
static gint64
query_duration (GstHarness * h, Messages * m, GstFormat format)
{
  gint64 duration = -1;
  gboolean known;
  guint i;

  known = gst_element_query_duration (h->element, format, &duration);
  for (i = 0; i < 2000 && (!known || duration < 0); i++) {
    g_usleep (10 * 1000);
    known = gst_element_query_duration (h->element, format, &duration);
  }
  /* The element stores the duration, then posts the message: a query
   * between the two sees the duration first, so the message may follow. */
  for (i = 0; i < 200 && known && duration >= 0
      && count_messages (m, GST_MESSAGE_DURATION_CHANGED, 0, 0) == 0; i++)
    g_usleep (10 * 1000);
  if (known && duration >= 0)
    fail_unless (count_messages (m, GST_MESSAGE_DURATION_CHANGED, 0, 0) > 0);
  return known ? duration : -1;
}

/* Asks for the duration before any audio, then speaks the text: the
 * duration is what was delivered, to the sample. */
static guint64
check_duration (GstHarness * h)
{
  Messages *m = watch_messages (h->element, NULL);
  Output *out;
  gint64 samples, time;
  guint64 length;

  gst_harness_play (h);
  samples = query_duration (h, m, GST_FORMAT_DEFAULT);
  time = query_duration (h, m, GST_FORMAT_TIME);
  out = pull_all (h);
  gst_harness_teardown (h);

  length = LENGTH (out);
  fail_unless (length > 0);
  fail_unless_equals_int64 (samples, length);
  fail_unless_equals_int64 (time, to_time (length));
  output_free (out);
  messages_free (m);
  return length;
}

GST_START_TEST (test_src_duration)
{
  check_duration (src_harness (SENTENCES));
}

GST_END_TEST;

/* A length-scale curve moves the duration, token by token, and it is
 * still exact. */
GST_START_TEST (test_src_duration_curve)
{
  guint64 plain = check_duration (src_harness (SENTENCES));
  GstHarness *h = src_harness (SENTENCES);

  g_object_set (h->element, "length-scale", 0.8, NULL);
  control (h->element, "length-scale", TRUE, 0, 0.9, GST_SECOND / 2, 1.7);
  fail_unless (check_duration (h) > plain);
}

GST_END_TEST;

/* A live element has no duration, even given the time that a non-live one
 * takes to measure its text. */
GST_START_TEST (test_src_duration_live)
{
  GstHarness *h = src_harness (SENTENCES);
  Messages *m = watch_messages (h->element, NULL);
  gint64 began = g_get_monotonic_time (), took, duration = -1;

  gst_harness_play (h);
  fail_unless (query_duration (h, m, GST_FORMAT_TIME) > 0);
  took = g_get_monotonic_time () - began;
  gst_harness_teardown (h);
  messages_free (m);

  h = src_harness (SENTENCES);
  m = watch_messages (h->element, NULL);
  g_object_set (h->element, "is-live", TRUE, NULL);
  gst_harness_play (h);
  if (gst_element_query_duration (h->element, GST_FORMAT_TIME, &duration))
    fail_unless_equals_int64 (duration, -1);
  g_usleep (MIN (2 * took, 5 * G_USEC_PER_SEC));
  if (gst_element_query_duration (h->element, GST_FORMAT_TIME, &duration))
    fail_unless_equals_int64 (duration, -1);
  fail_unless_equals_int (count_messages (m, GST_MESSAGE_DURATION_CHANGED, 0,
          0), 0);
  gst_harness_teardown (h);
  messages_free (m);
}

GST_END_TEST;

/* A text set while playing is spoken on the same timeline: the duration
 * becomes where it ends, measured again without being asked. */
GST_START_TEST (test_src_duration_text_change)
{
  GstHarness *h = src_harness (SENTENCES);
  Messages *m = watch_messages (h->element, NULL);
  Output *out = output_new ();
  gint64 duration = -1;
  GstBuffer *buf;
  guint changed;

  /* As in test_src_text_change: the old text cannot run to its end before
   * the change. */
  gst_harness_set_blocking_push_mode (h);
  gst_harness_play (h);
  output_add (out, gst_harness_pull (h));
  /* Asked for while the old text is spoken: measuring it begins. */
  gst_element_query_duration (h->element, GST_FORMAT_TIME, &duration);
  output_add (out, gst_harness_pull (h));
  g_object_set (h->element, "text", TEXT_C, NULL);
  changed = count_messages (m, GST_MESSAGE_DURATION_CHANGED, 0, 0);
  while (TRUE) {
    gboolean eos = GST_PAD_IS_EOS (h->sinkpad);

    if ((buf = gst_harness_try_pull (h)) != NULL)
      output_add (out, buf);
    else if (eos)
      break;
    else
      g_usleep (1000);
  }
  check_contiguous (out, 0);

  fail_unless_equals_int64 (query_duration (h, m, GST_FORMAT_DEFAULT),
      LENGTH (out));
  fail_unless_equals_int64 (query_duration (h, m, GST_FORMAT_TIME),
      to_time (LENGTH (out)));
  fail_unless (count_messages (m, GST_MESSAGE_DURATION_CHANGED, 0, 0) >
      changed);

  gst_harness_teardown (h);
  output_free (out);
  messages_free (m);
}

GST_END_TEST;

/* A new text that max-duration cuts has no duration: the application,
 * which may show the old text's from its duration-changed, is told so with
 * another. */
GST_START_TEST (test_src_duration_cut_text)
{
  Output *sentence = speak_src (TEXT_A, NULL);
  GstHarness *h = src_harness (TEXT_A);
  Messages *m = watch_messages (h->element, NULL);
  gint64 duration = -1;
  guint changed, i;

  /* Room for TEXT_A, not for all three sentences. */
  g_object_set (h->element, "max-duration",
      1.5 * LENGTH (sentence) / RATE, NULL);
  gst_harness_set_blocking_push_mode (h);
  gst_harness_play (h);
  gst_buffer_unref (gst_harness_pull (h));
  fail_unless_equals_int64 (query_duration (h, m, GST_FORMAT_DEFAULT),
      LENGTH (sentence));
  changed = count_messages (m, GST_MESSAGE_DURATION_CHANGED, 0, 0);
  g_object_set (h->element, "text", SENTENCES, NULL);
  for (i = 0; i < 2000 && count_messages (m, GST_MESSAGE_DURATION_CHANGED, 0,
          0) == changed; i++)
    g_usleep (10 * 1000);
  fail_unless (count_messages (m, GST_MESSAGE_DURATION_CHANGED, 0,
          0) > changed, "no duration-changed for the cut text");
  fail_if (gst_element_query_duration (h->element, GST_FORMAT_DEFAULT,
          &duration) && duration >= 0, "a cut text has a duration: %"
      G_GINT64_FORMAT, duration);

  gst_harness_teardown (h);
  output_free (sentence);
  messages_free (m);
}

GST_END_TEST;

/* ------------------------------------------------------------------ */
/* inflecttts */

typedef struct
{
  const gchar *text;
  GstClockTime pts;
  GstClockTime duration;
} Caption;

static Output *
speak_captions (const gchar * overflow, const Caption * captions, guint n)
{
  GstHarness *h = tts_harness (overflow);
  Output *out;
  guint i;

  for (i = 0; i < n; i++)
    fail_unless_equals_int (gst_harness_push (h, text_buffer (captions[i].text,
                captions[i].pts, captions[i].duration)), GST_FLOW_OK);
  fail_unless (gst_harness_push_event (h, gst_event_new_eos ()));
  out = pull_all (h);
  gst_harness_teardown (h);
  check_contiguous (out, 0);
  return out;
}

/* OUT is A's audio followed by B's, sample for sample; frees all three. */
static void
check_a_then_b (Output * out, Output * a, Output * b)
{
  fail_unless_equals_uint64 (LENGTH (out), LENGTH (a) + LENGTH (b));
  check_equal (SAMPLES (out), SAMPLES (a), LENGTH (a));
  check_equal (SAMPLES (out) + LENGTH (a), SAMPLES (b), LENGTH (b));

  output_free (out);
  output_free (a);
  output_free (b);
}

GST_START_TEST (test_tts_back_to_back)
{
  Output *a = speak_src (TEXT_A, NULL);
  Output *b = speak_src (TEXT_B, NULL);
  Caption captions[] = {
    {TEXT_A, GST_CLOCK_TIME_NONE, GST_CLOCK_TIME_NONE},
    {"", GST_CLOCK_TIME_NONE, GST_CLOCK_TIME_NONE},
    {TEXT_B, GST_CLOCK_TIME_NONE, GST_CLOCK_TIME_NONE},
  };
  Output *out = speak_captions (NULL, captions, G_N_ELEMENTS (captions));

  check_a_then_b (out, a, b);
}

GST_END_TEST;

/* A transcript arriving in pieces without timestamps: spoken a sentence at
 * a time, as if each had come whole, never cut inside a word. */
GST_START_TEST (test_tts_untimed_pieces)
{
  static const gchar *pieces[] = { "The quick bro", "wn fox jum",
    "ps over the lazy dog. Pack my", " box with five dozen liquor jugs."
  };
  Output *a = speak_src (TEXT_A, NULL);
  Output *b = speak_src (TEXT_B, NULL);
  GstHarness *h = tts_harness (NULL);
  GstBuffer *buf;
  Output *out;
  guint i;

  for (i = 0; i < 2; i++)
    fail_unless_equals_int (gst_harness_push (h, text_buffer (pieces[i],
                GST_CLOCK_TIME_NONE, GST_CLOCK_TIME_NONE)), GST_FLOW_OK);
  /* No sentence end yet: nothing spoken. */
  while ((buf = gst_harness_try_pull (h)) != NULL) {
    fail_unless (GST_BUFFER_FLAG_IS_SET (buf, GST_BUFFER_FLAG_GAP));
    gst_buffer_unref (buf);
  }
  for (i = 2; i < G_N_ELEMENTS (pieces); i++)
    fail_unless_equals_int (gst_harness_push (h, text_buffer (pieces[i],
                GST_CLOCK_TIME_NONE, GST_CLOCK_TIME_NONE)), GST_FLOW_OK);
  fail_unless (gst_harness_push_event (h, gst_event_new_eos ()));
  out = pull_all (h);
  gst_harness_teardown (h);

  check_a_then_b (out, a, b);
}

GST_END_TEST;

/* A NUL byte separates words like a space. */
GST_START_TEST (test_tts_nul_is_a_word_break)
{
  Output *spaced = speak_src ("Hello world.", NULL);
  GstHarness *h = tts_harness (NULL);
  GstBuffer *buf = gst_buffer_new_memdup ("Hello\0world.", 12);
  Output *out;

  GST_BUFFER_PTS (buf) = 0;
  fail_unless_equals_int (gst_harness_push (h, buf), GST_FLOW_OK);
  fail_unless (gst_harness_push_event (h, gst_event_new_eos ()));
  out = pull_all (h);
  gst_harness_teardown (h);
  fail_if (differ (out, spaced));

  output_free (out);
  output_free (spaced);
}

GST_END_TEST;

/* inflecttts speaking one untimed buffer of Pango markup, with its
 * descriptions property as given; *m gets its word messages. */
static Output *
speak_markup (const gchar * markup, gboolean descriptions, Messages ** m)
{
  GstHarness *h = gst_harness_new ("inflecttts");
  Output *out;

  *m = watch_messages (h->element, NULL);
  g_object_set (h->element, "word-messages", TRUE, "descriptions",
      descriptions, NULL);
  gst_harness_set_sink_caps_str (h, "audio/x-raw, format=F32LE");
  gst_harness_set_src_caps_str (h, "text/x-raw, format=pango-markup");
  fail_unless_equals_int (gst_harness_push (h, text_buffer (markup, 0,
              GST_CLOCK_TIME_NONE)), GST_FLOW_OK);
  fail_unless (gst_harness_push_event (h, gst_event_new_eos ()));
  out = pull_all (h);
  gst_harness_teardown (h);
  return out;
}

GST_START_TEST (test_tts_markup)
{
  Output *ref = speak_src ("Fish & chips, at five.", NULL);
  const gchar *markup = "<b>Fish</b> &amp; <span foreground=\"red\">chips"
      "</span>, at <i>five</i>.";
  Messages *m;
  Output *out = speak_markup (markup, FALSE, &m);
  Word *w;

  fail_if (differ (out, ref));
  /* Offsets point into the markup as received; "&" (said "and") is the
   * whole entity there. */
  fail_unless (m->words->len >= 3);
  w = &g_array_index (m->words, Word, 0);
  fail_unless_equals_string (w->word, "Fish");
  fail_unless_equals_uint64 (w->offset, 3);
  fail_unless_equals_uint64 (w->length, 4);
  w = &g_array_index (m->words, Word, 1);
  fail_unless_equals_string (w->word, "&");
  fail_unless_equals_uint64 (w->offset, strstr (markup, "&amp;") - markup);
  fail_unless_equals_uint64 (w->length, 5);
  w = &g_array_index (m->words, Word, 2);
  fail_unless_equals_string (w->word, "chips");
  fail_unless_equals_uint64 (w->offset, strstr (markup, "chips") - markup);

  messages_free (m);
  output_free (out);
  output_free (ref);
}

GST_END_TEST;

/* An escaped tag is text: "&lt;Enter&gt;" says "Enter" (the engine, which
 * drops tags, once dropped it with them). */
GST_START_TEST (test_tts_markup_escaped_tag)
{
  const gchar *markup = "Press &lt;Enter&gt; now.";
  Messages *m;
  Output *out = speak_markup (markup, FALSE, &m);
  gboolean said = FALSE;

  for (guint i = 0; i < m->words->len; i++) {
    Word *w = &g_array_index (m->words, Word, i);

    /* The word is the brackets' too, as in plain text "<Enter>", and
     * nothing else: no invisible joiner the element added to keep it. */
    if (strstr (w->word, "Enter") != NULL) {
      said = TRUE;
      fail_unless_equals_string (w->word, "<Enter>");
      fail_unless_equals_uint64 (w->offset, strstr (markup, "&lt;") - markup);
    }
  }
  fail_unless (said, "\"Enter\" was not spoken");

  messages_free (m);
  output_free (out);
}

GST_END_TEST;

/* SubStation Alpha override blocks, which real SRT files carry ("{\an8}"
 * puts a caption at the top) and subparse passes on, are not read aloud. */
GST_START_TEST (test_tts_markup_overrides)
{
  Output *ref = speak_src ("Top caption, in italics.", NULL);
  const gchar *markup = "{\\an8}Top caption, {\\i1}in italics{\\i0}.";
  Messages *m;
  Output *out = speak_markup (markup, FALSE, &m);
  Word *w;

  fail_if (differ (out, ref));
  fail_unless (m->words->len >= 1);
  w = &g_array_index (m->words, Word, 0);
  fail_unless_equals_string (w->word, "Top");
  fail_unless_equals_uint64 (w->offset, strlen ("{\\an8}"));

  messages_free (m);
  output_free (out);
  output_free (ref);
}

GST_END_TEST;

/* Openers that never close are text, and looking for their closers takes
 * one pass: 4 MB of "<" and "{\" once took the element minutes ("[" and
 * "(" open descriptions). */
GST_START_TEST (test_tts_markup_unclosed)
{
  const gsize n = 4 << 20;
  const gchar *openers[] = { "<", "{\\", "[", "(" };
  Output *ref = speak_src ("Hello.", NULL);

  for (guint k = 0; k < G_N_ELEMENTS (openers); k++) {
    GString *markup = g_string_sized_new (n + 16);
    Messages *m;
    Output *out;
    Word *w;

    while (markup->len < n)
      g_string_append (markup, openers[k]);
    g_string_append (markup, " Hello.");
    out = speak_markup (markup->str, FALSE, &m);
    fail_unless_equals_int (m->words->len, 1);
    w = &g_array_index (m->words, Word, 0);
    fail_unless_equals_string (w->word, "Hello");
    fail_unless_equals_uint64 (w->offset, markup->len - strlen ("Hello."));
    fail_if (differ (out, ref));
    messages_free (m);
    output_free (out);
    g_string_free (markup, TRUE);
  }
  output_free (ref);
}

GST_END_TEST;

/* Nothing is pushed past the segment's stop (a seek with a stop): the
 * speech and the padding to the caption's end stop there to the sample. */
GST_START_TEST (test_tts_segment_stop)
{
  GstHarness *h = tts_harness ("shift");
  GstSegment segment;
  Output *out;

  gst_segment_init (&segment, GST_FORMAT_TIME);
  segment.stop = GST_SECOND / 2;
  fail_unless (gst_harness_push_event (h, gst_event_new_segment (&segment)));
  fail_unless_equals_int (gst_harness_push (h, text_buffer ("A caption "
              "that takes longer than half a second to say.", 0,
              3 * GST_SECOND)), GST_FLOW_OK);
  fail_unless (gst_harness_push_event (h, gst_event_new_eos ()));
  out = pull_all (h);
  fail_unless_equals_int (LENGTH (out), 24000 / 2);

  gst_harness_teardown (h);
  output_free (out);
}

GST_END_TEST;

/* The negotiation errors the element posted so far. */
static guint
negotiation_errors (Messages * m)
{
  return count_messages (m, GST_MESSAGE_ERROR, GST_CORE_ERROR,
      GST_CORE_ERROR_NEGOTIATION);
}

/* Downstream that takes none of the voice's formats gets an error from the
 * element that knows why (upstream's "not-negotiated" alone named neither,
 * and subparse drops the flow return: a track cut short, no error). */
GST_START_TEST (test_tts_not_negotiated)
{
  GstHarness *h = gst_harness_new ("inflecttts");
  Messages *m = watch_messages (h->element, NULL);

  gst_harness_set_sink_caps_str (h, "audio/x-raw, format=F32LE, rate=16000");
  gst_harness_set_src_caps_str (h, "text/x-raw, format=utf8");
  fail_unless_equals_int (gst_harness_push (h, text_buffer ("Hello.", 0,
              GST_SECOND)), GST_FLOW_NOT_NEGOTIATED);
  /* The caps event may try first, then the buffer: one error or two. */
  fail_unless (negotiation_errors (m) >= 1);
  gst_harness_teardown (h);
  messages_free (m);
}

GST_END_TEST;

static void
copy_file (const gchar * from, const gchar * to)
{
  gchar *data;
  gsize size;

  fail_unless (g_file_get_contents (from, &data, &size, NULL));
  fail_unless (g_file_set_contents (to, data, size, NULL));
  g_free (data);
}

/* A voice file replaced (renamed over, as a new release or a package
 * upgrade puts it) while an element still speaks with the old one: an
 * element that opens that path now gets the new file, not the copy the
 * process had open. */
GST_START_TEST (test_voice_replaced)
{
  const gchar *first = g_getenv ("INFLECT_VOICE"),
      *second = g_getenv ("INFLECT_V2_NANO");
  gchar *dir = g_dir_make_tmp ("inflect-replaced-XXXXXX", NULL);
  gchar *path = g_build_filename (dir, "voice.gguf", NULL),
      *next = g_build_filename (dir, "next.gguf", NULL);
  GstHarness *held;
  Output *now, *want;

  fail_unless (first != NULL && second != NULL && dir != NULL);
  copy_file (first, path);
  held = src_harness ("Hello.");
  g_object_set (held->element, "voice", path, NULL);
  gst_harness_play (held);      /* opens the first file */

  copy_file (second, next);
  fail_unless (g_rename (next, path) == 0);
  now = speak_src ("Hello.", "voice", path, NULL);
  want = speak_src ("Hello.", "voice", second, NULL);
  fail_if (differ (now, want), "the replaced file's old voice spoke");

  gst_harness_teardown (held);
  output_free (now);
  output_free (want);
  g_unlink (path);
  g_rmdir (dir);
  g_free (path);
  g_free (next);
  g_free (dir);
}

GST_END_TEST;

/* inflectsrc too says why, where GstBaseSrc posted only "Internal data
 * stream error" with "not-negotiated"; and it says so at the state change,
 * before any streaming thread, so that gst-launch-1.0 exits. */
GST_START_TEST (test_src_not_negotiated)
{
  GstHarness *h = src_harness ("Hello.");
  Messages *m = watch_messages (h->element, NULL);

  gst_harness_set_sink_caps_str (h, "audio/x-raw, format=F32LE, rate=48000");
  fail_unless_equals_int (gst_element_set_state (h->element,
          GST_STATE_PLAYING), GST_STATE_CHANGE_FAILURE);
  fail_unless (negotiation_errors (m) >= 1);
  gst_harness_teardown (h);
  messages_free (m);
}

GST_END_TEST;

/* A pipeline without audioconvert fails at READY to PAUSED with the
 * element's error, and only that: gst-launch-1.0 1.22 lost the same error posted from the
 * streaming thread that early and never exited, in about half the runs of
 * "subparse ! inflecttts ! audio/x-raw,rate=48000 ! fakesink". Downstream
 * that takes the format, or is not linked yet, still starts. */
GST_START_TEST (test_not_negotiated_at_start)
{
  const gchar *descs[] = {
    "inflecttts ! audio/x-raw,rate=48000 ! fakesink",
    "inflectsrc text=Hi. ! audio/x-raw,rate=48000 ! fakesink",
    "inflectsrc text=Hi. ! tee name=t t. ! queue ! fakesink "
        "t. ! queue ! audio/x-raw,rate=48000 ! fakesink",
  };
  guint i;

  for (i = 0; i < G_N_ELEMENTS (descs); i++) {
    GstElement *pipeline = gst_parse_launch (descs[i], NULL);
    Messages *m = watch_messages (pipeline, NULL);

    fail_unless (pipeline != NULL);
    fail_unless (gst_element_set_state (pipeline, GST_STATE_PAUSED) ==
        GST_STATE_CHANGE_FAILURE, "started: %s", descs[i]);
    fail_unless (negotiation_errors (m) >= 1, "no negotiation error: %s",
        descs[i]);
    /* the element's error alone: GstBaseSrc's generic "Failed to start"
     * would follow a failing start() */
    fail_unless_equals_int (count_messages (m, GST_MESSAGE_ERROR,
            GST_CORE_ERROR, GST_CORE_ERROR_STATE_CHANGE), 0);
    gst_element_set_state (pipeline, GST_STATE_NULL);
    gst_object_unref (pipeline);
    messages_free (m);
  }
  {
    GstElement *pipeline = gst_parse_launch ("inflecttts ! "
        "audio/x-raw,rate=24000,format=S16LE ! fakesink", NULL);
    GstElement *alone = gst_element_factory_make ("inflectsrc", NULL);

    fail_unless (gst_element_set_state (pipeline, GST_STATE_PAUSED) !=
        GST_STATE_CHANGE_FAILURE);
    fail_unless (gst_element_set_state (alone, GST_STATE_PAUSED) !=
        GST_STATE_CHANGE_FAILURE);
    gst_element_set_state (pipeline, GST_STATE_NULL);
    gst_element_set_state (alone, GST_STATE_NULL);
    gst_object_unref (pipeline);
    gst_object_unref (alone);
  }
}

GST_END_TEST;

/* What captions for the deaf and hard of hearing add to the dialogue is
 * not spoken unless the descriptions property asks for it: the track says
 * what the dialogue alone says, and word offsets still point into the
 * caption as received. */
GST_START_TEST (test_tts_descriptions)
{
  const gchar *caption = "[door slams]\nJOHN: (whispering) Who is it? "
      "\xe2\x99\xaa la la \xe2\x99\xaa";
  const gchar *described[] = { "door", "JOHN", "whispering", "la" };
  const gchar *prose = "He left (for good)\nThe firm (founded in 1990) met "
      "at 10:30: late.\nBREAKING: Fire downtown.\nJUST IN: two rescued.";
  Output *ref = speak_src ("Who is it?", NULL);
  Messages *m;
  Output *out = speak_markup (caption, FALSE, &m);
  Word *w;

  fail_if (differ (out, ref));
  fail_unless_equals_int (m->words->len, 3);
  w = &g_array_index (m->words, Word, 0);
  fail_unless_equals_string (w->word, "Who");
  fail_unless_equals_uint64 (w->offset, strstr (caption, "Who") - caption);
  messages_free (m);
  output_free (out);

  out = speak_markup (caption, TRUE, &m);
  fail_unless (LENGTH (out) > LENGTH (ref));
  for (guint k = 0; k < G_N_ELEMENTS (described); k++) {
    gboolean said = FALSE;

    for (guint i = 0; i < m->words->len; i++)
      said |= g_str_has_prefix (g_array_index (m->words, Word, i).word,
          described[k]);
    fail_unless (said, "\"%s\" was not spoken", described[k]);
  }
  messages_free (m);
  output_free (out);
  output_free (ref);

  /* Prose keeps every word: parentheses after a word, a time, the words
   * that head news. */
  ref = speak_markup (prose, TRUE, &m);
  messages_free (m);
  out = speak_markup (prose, FALSE, &m);
  fail_if (differ (out, ref));
  messages_free (m);
  output_free (out);
  output_free (ref);
}

GST_END_TEST;

/* Speaks `captions` with `overflow`; *m gets the bus messages. */
static Output *
speak_captions_watched (const gchar * overflow, const Caption * captions,
    guint n, Messages ** m)
{
  GstHarness *h = tts_harness (overflow);
  Output *out;
  guint i;

  *m = watch_messages (h->element, NULL);
  for (i = 0; i < n; i++)
    fail_unless_equals_int (gst_harness_push (h, text_buffer (captions[i].text,
                captions[i].pts, captions[i].duration)), GST_FLOW_OK);
  fail_unless (gst_harness_push_event (h, gst_event_new_eos ()));
  out = pull_all (h);
  gst_harness_teardown (h);
  check_contiguous (out, 0);
  return out;
}

/* Captions with a time and no duration (a live feed stamped on arrival)
 * that start late because the speech before them ran on: with fit, sped up
 * by as much as they are behind, at most max-rate; with shift, as they
 * are. Either way a warning when speech is 2 s or more behind its text,
 * once, and again after a text started on time. */
GST_START_TEST (test_tts_catch_up)
{
  const gchar *ab = TEXT_A " " TEXT_B;
  Output *long_one = speak_src (ab, NULL), *b = speak_src (TEXT_B, NULL);
  guint64 late_at = to_samples (60 * GST_SECOND);
  Caption captions[] = {
    {ab, 0, GST_CLOCK_TIME_NONE},
    {TEXT_B, 0, GST_CLOCK_TIME_NONE},   /* behind by the whole of ab */
    {ab, 60 * GST_SECOND, GST_CLOCK_TIME_NONE}, /* on time */
    {TEXT_B, 60 * GST_SECOND, GST_CLOCK_TIME_NONE},     /* behind again */
  };
  guint64 fast = (guint64) ceil (LENGTH (b) / 1.5);
  Messages *m;
  Output *out;

  fail_unless (LENGTH (long_one) > to_samples (2 * GST_SECOND)
      && LENGTH (long_one) > LENGTH (b));
  out = speak_captions_watched ("fit", captions, G_N_ELEMENTS (captions), &m);
  /* B, behind by more than it lasts, at max-rate (as close as its frames
   * allow, not faster) */
  fail_unless (LENGTH (out) >= late_at + LENGTH (long_one) + fast
      && LENGTH (out) <= late_at + LENGTH (long_one) + fast + RATE / 10,
      "fit: %" G_GUINT64_FORMAT " samples, B at max-rate would end at %"
      G_GUINT64_FORMAT, LENGTH (out), late_at + LENGTH (long_one) + fast);
  fail_unless_equals_int (count_messages (m, GST_MESSAGE_WARNING,
          GST_STREAM_ERROR, GST_STREAM_ERROR_FAILED), 2);
  messages_free (m);
  output_free (out);

  /* Behind by less than it can win back: it ends where it would have,
   * had it started on time (within fit's 10 ms, as the frames allow). */
  {
    Output *a = speak_src (TEXT_A, NULL);
    GstClockTime due = to_time (LENGTH (a)) - 3 * GST_SECOND / 10;
    Caption partly[] = {
      {TEXT_A, 0, GST_CLOCK_TIME_NONE},
      {TEXT_B, due, GST_CLOCK_TIME_NONE},
    };
    guint64 ideal = to_samples (due) + LENGTH (b);

    out = speak_captions_watched ("fit", partly, 2, &m);
    fail_unless (LENGTH (out) + RATE / 100 >= ideal
        && LENGTH (out) <= ideal + RATE / 50, "fit, 0.3 s behind: %"
        G_GUINT64_FORMAT " samples, on time it would end at %"
        G_GUINT64_FORMAT, LENGTH (out), ideal);
    fail_unless_equals_int (count_messages (m, GST_MESSAGE_WARNING,
            GST_STREAM_ERROR, GST_STREAM_ERROR_FAILED), 0);
    messages_free (m);
    output_free (out);
    output_free (a);
  }

  /* Held back by silence, not by speech (a pause to 5 s, then a text
   * stamped 3 s, as a caption that arrives late is): nothing to catch up,
   * spoken as it is. */
  {
    Caption paused[] = {
      {"", 0, 5 * GST_SECOND},
      {TEXT_B, 3 * GST_SECOND, GST_CLOCK_TIME_NONE},
    };

    out = speak_captions_watched ("fit", paused, 2, &m);
    fail_unless_equals_uint64 (LENGTH (out), to_samples (5 * GST_SECOND) +
        LENGTH (b));
    messages_free (m);
    output_free (out);
  }

  out = speak_captions_watched ("shift", captions, G_N_ELEMENTS (captions),
      &m);
  fail_unless_equals_uint64 (LENGTH (out), late_at + LENGTH (long_one) +
      LENGTH (b));
  fail_unless_equals_int (count_messages (m, GST_MESSAGE_WARNING,
          GST_STREAM_ERROR, GST_STREAM_ERROR_FAILED), 2);
  messages_free (m);
  output_free (out);
  output_free (long_one);
  output_free (b);
}

GST_END_TEST;

/* A seek backwards is refused: speech is made forwards only (it came out
 * forwards in a reverse segment). Forwards seeks go on upstream. */
GST_START_TEST (test_tts_reverse_seek)
{
  GstHarness *h = tts_harness (NULL);

  fail_if (gst_harness_push_upstream_event (h, gst_event_new_seek (-1.0,
              GST_FORMAT_TIME, GST_SEEK_FLAG_FLUSH, GST_SEEK_TYPE_SET, 0,
              GST_SEEK_TYPE_SET, GST_SECOND)));
  fail_unless (gst_harness_push_upstream_event (h, gst_event_new_seek (1.0,
              GST_FORMAT_TIME, GST_SEEK_FLAG_FLUSH, GST_SEEK_TYPE_SET, 0,
              GST_SEEK_TYPE_SET, GST_SECOND)));
  gst_harness_teardown (h);
}

GST_END_TEST;

/* Captions in a script the voice cannot read are silence, with a warning
 * once a stream; punctuation alone ("...", "…", "¿?") is no such text. */
GST_START_TEST (test_tts_unreadable)
{
  Caption captions[] = {
    {"... \xe2\x80\xa6 \xc2\xbf?", 0, GST_SECOND},
    {"\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e\xe3\x81\xa7\xe3\x81\x99\xe3\x80\x82",
        GST_SECOND, GST_SECOND},
    {"\xf0\x9f\x98\x80\xf0\x9f\x98\x80", 2 * GST_SECOND, GST_SECOND},
  };
  Messages *m;
  Output *out = speak_captions_watched ("fit", captions,
      G_N_ELEMENTS (captions), &m);

  fail_unless_equals_uint64 (LENGTH (out), to_samples (3 * GST_SECOND));
  check_silent (SAMPLES (out), LENGTH (out));
  fail_unless_equals_int (count_messages (m, GST_MESSAGE_WARNING,
          GST_STREAM_ERROR, GST_STREAM_ERROR_FAILED), 1);
  messages_free (m);
  output_free (out);

  out = speak_captions_watched ("fit", captions, 1, &m);
  fail_unless_equals_int (count_messages (m, GST_MESSAGE_WARNING,
          GST_STREAM_ERROR, GST_STREAM_ERROR_FAILED), 0);
  messages_free (m);
  output_free (out);
}

GST_END_TEST;

GST_START_TEST (test_tts_invalid_utf8)
{
  GstHarness *h = tts_harness (NULL);
  Messages *m = watch_messages (h->element, NULL);
  Output *out;

  fail_unless_equals_int (gst_harness_push (h, text_buffer ("Caf\xe9 noir.",
              0, GST_CLOCK_TIME_NONE)), GST_FLOW_OK);
  fail_unless (gst_harness_push_event (h, gst_event_new_eos ()));
  out = pull_all (h);
  gst_harness_teardown (h);

  fail_unless (LENGTH (out) > 0);
  fail_unless_equals_int (count_messages (m, GST_MESSAGE_WARNING,
          GST_STREAM_ERROR, GST_STREAM_ERROR_DECODE), 1);
  messages_free (m);
  output_free (out);
}

GST_END_TEST;

/* A blank caption is a pause to its end, like a GAP event: the track is
 * silent to there, also when nothing else was said. */
GST_START_TEST (test_tts_blank_caption)
{
  Caption said[2] = {
    {TEXT_A, 0, GST_SECOND},
    {" \n ", 5 * GST_SECOND, 2 * GST_SECOND},
  };
  Caption only[1] = { {"", GST_SECOND, GST_SECOND} };
  Output *out = speak_captions ("shift", said, 2);

  fail_unless (LENGTH (out) >= to_samples (7 * GST_SECOND));
  check_silent (SAMPLES (out) + to_samples (5 * GST_SECOND),
      to_samples (2 * GST_SECOND));
  output_free (out);
  out = speak_captions ("shift", only, 1);
  fail_unless_equals_uint64 (LENGTH (out), to_samples (2 * GST_SECOND));
  check_silent (SAMPLES (out), LENGTH (out));
  output_free (out);
}

GST_END_TEST;

/* Caption A is given half the time its speech needs; B starts at 3/4 of
 * that speech and has plenty of time. */
typedef struct
{
  Output *a, *b;
  guint64 la, lb;
  guint64 a_end, b_start, b_end;
  Caption captions[2];
} Overflow;

static void
overflow_setup (Overflow * o)
{
  o->a = speak_src (TEXT_A, NULL);
  o->b = speak_src (TEXT_B, NULL);
  o->la = LENGTH (o->a);
  o->lb = LENGTH (o->b);
  o->captions[0].text = TEXT_A;
  o->captions[0].pts = 0;
  o->captions[0].duration = to_time (o->la / 2);
  o->captions[1].text = TEXT_B;
  o->captions[1].pts = to_time (o->la * 3 / 4);
  o->captions[1].duration = to_time (2 * o->lb);
  o->a_end = to_samples (o->captions[0].duration);
  o->b_start = to_samples (o->captions[1].pts);
  o->b_end = to_samples (o->captions[1].pts + o->captions[1].duration);
}

static void
overflow_clear (Overflow * o)
{
  output_free (o->a);
  output_free (o->b);
}

GST_START_TEST (test_tts_overflow_clip)
{
  guint64 fade = RATE / 100, i;
  GstHarness *h;
  Messages *m;
  Output *out;
  Overflow o;

  overflow_setup (&o);
  h = tts_harness ("clip");
  m = watch_messages (h->element, NULL);
  g_object_set (h->element, "word-messages", TRUE, NULL);
  for (i = 0; i < 2; i++)
    fail_unless_equals_int (gst_harness_push (h,
            text_buffer (o.captions[i].text, o.captions[i].pts,
                o.captions[i].duration)), GST_FLOW_OK);
  fail_unless (gst_harness_push_event (h, gst_event_new_eos ()));
  out = pull_all (h);
  gst_harness_teardown (h);
  check_contiguous (out, 0);

  /* A up to its caption's end, fading out over the last 10 ms. */
  check_equal (SAMPLES (out), SAMPLES (o.a), o.a_end - fade);
  for (i = o.a_end - fade; i < o.a_end; i++)
    fail_unless (fabsf (SAMPLES (out)[i]) <= fabsf (SAMPLES (o.a)[i]));
  fail_unless (fabsf (SAMPLES (out)[o.a_end - 1]) <=
      fabsf (SAMPLES (o.a)[o.a_end - 1]) / fade + 1e-7);
  check_silent (SAMPLES (out) + o.a_end, o.b_start - o.a_end);
  /* B on time, whole; silence to the end of its caption. */
  check_equal (SAMPLES (out) + o.b_start, SAMPLES (o.b), o.lb);
  fail_unless_equals_uint64 (LENGTH (out), o.b_end);
  check_silent (SAMPLES (out) + o.b_start + o.lb, o.b_end - o.b_start - o.lb);

  /* No word of A past the cut. */
  for (i = 0; i < m->words->len; i++) {
    Word *w = &g_array_index (m->words, Word, i);

    if (w->timestamp < o.captions[1].pts)
      fail_unless (w->timestamp + w->duration <= o.captions[0].duration);
  }

  messages_free (m);
  output_free (out);
  overflow_clear (&o);
}

GST_END_TEST;

/* A caption whose whole time A's speech takes cannot be heard with clip:
 * the application is told, it is not dropped in silence (it once was). */
GST_START_TEST (test_tts_overflow_clip_passed)
{
  GstHarness *h;
  Messages *m;
  Output *out;
  Overflow o;
  guint i;

  overflow_setup (&o);
  o.captions[1].pts = o.captions[0].duration / 4;
  o.captions[1].duration = o.captions[0].duration / 4;
  h = tts_harness ("clip");
  m = watch_messages (h->element, NULL);
  for (i = 0; i < 2; i++)
    fail_unless_equals_int (gst_harness_push (h,
            text_buffer (o.captions[i].text, o.captions[i].pts,
                o.captions[i].duration)), GST_FLOW_OK);
  fail_unless (gst_harness_push_event (h, gst_event_new_eos ()));
  out = pull_all (h);
  gst_harness_teardown (h);

  fail_unless_equals_uint64 (LENGTH (out), o.a_end);
  fail_unless_equals_int (count_messages (m, GST_MESSAGE_WARNING,
          GST_STREAM_ERROR, GST_STREAM_ERROR_FAILED), 1);
  messages_free (m);
  output_free (out);
  overflow_clear (&o);
}

GST_END_TEST;

GST_START_TEST (test_tts_overflow_shift)
{
  Overflow o;
  Output *out;

  overflow_setup (&o);
  out = speak_captions ("shift", o.captions, 2);

  /* A whole, B right after it, later than its timestamp. */
  check_equal (SAMPLES (out), SAMPLES (o.a), o.la);
  check_equal (SAMPLES (out) + o.la, SAMPLES (o.b), o.lb);
  fail_unless_equals_uint64 (LENGTH (out), MAX (o.la + o.lb, o.b_end));

  output_free (out);
  overflow_clear (&o);
}

GST_END_TEST;

GST_START_TEST (test_tts_overflow_overlap)
{
  GArray *mixed = g_array_new (FALSE, FALSE, sizeof (gfloat));
  guint64 i;
  Overflow o;
  Output *out;

  overflow_setup (&o);
  out = speak_captions ("overlap", o.captions, 2);

  /* A whole, B on time, both heard where they meet. */
  for (i = o.b_start; i < o.la; i++) {
    gfloat v = SAMPLES (o.a)[i] + SAMPLES (o.b)[i - o.b_start];

    g_array_append_val (mixed, v);
  }
  check_equal (SAMPLES (out), SAMPLES (o.a), o.b_start);
  check_equal (SAMPLES (out) + o.b_start, (const gfloat *) mixed->data,
      mixed->len);
  check_equal (SAMPLES (out) + o.la, SAMPLES (o.b) + (o.la - o.b_start),
      o.lb - (o.la - o.b_start));
  fail_unless_equals_uint64 (LENGTH (out), o.b_end);

  g_array_free (mixed, TRUE);
  output_free (out);
  overflow_clear (&o);
}

GST_END_TEST;

/* overlap holds at most 10 s of a long text's speech back to mix the next
 * text into; a next text due earlier starts 10 s before that speech ends. */
GST_START_TEST (test_tts_overflow_overlap_window)
{
  const gchar *long_text = TEXT_A " " TEXT_A " " TEXT_A " " TEXT_A " " TEXT_A;
  Output *a = speak_src (long_text, NULL), *b = speak_src (TEXT_B, NULL), *out;
  guint64 la = LENGTH (a), lb = LENGTH (b), window = 10 * RATE, b_start, i;
  GArray *mixed = g_array_new (FALSE, FALSE, sizeof (gfloat));
  Caption captions[2] = {
    {long_text, 0, GST_SECOND},
    {TEXT_B, 2 * GST_SECOND, GST_SECOND},
  };

  fail_unless (la > window + 3 * RATE, "the long text speaks only %"
      G_GUINT64_FORMAT " samples", la);
  b_start = la - window;
  out = speak_captions ("overlap", captions, 2);

  for (i = b_start; i < MIN (la, b_start + lb); i++) {
    gfloat v = SAMPLES (a)[i] + SAMPLES (b)[i - b_start];

    g_array_append_val (mixed, v);
  }
  check_equal (SAMPLES (out), SAMPLES (a), b_start);
  check_equal (SAMPLES (out) + b_start, (const gfloat *) mixed->data,
      mixed->len);
  check_equal (SAMPLES (out) + b_start + lb, SAMPLES (a) + b_start + lb,
      la - b_start - lb);
  fail_unless_equals_uint64 (LENGTH (out), la);

  g_array_free (mixed, TRUE);
  output_free (a);
  output_free (b);
  output_free (out);
}

GST_END_TEST;

GST_START_TEST (test_tts_overflow_fit)
{
  guint64 deadline, a_len, tolerance = RATE / 100;
  Overflow o;
  Output *out;
  GArray *runs;

  overflow_setup (&o);

  /* 80% of the time needed, B right at the end of A's time: A sped up to
   * end no later than 10 ms past it, as close to it as the voice's frames
   * allow (a few percent for this random voice), B on time or as late as A
   * overran. */
  o.captions[0].duration = to_time (o.la * 4 / 5);
  o.captions[1].pts = o.captions[0].duration;
  deadline = to_samples (o.captions[1].pts);
  out = speak_captions ("fit", o.captions, 2);
  runs = speech_runs (out);
  fail_unless_equals_uint64 (RUN (runs, 0), 0);
  a_len = runs->len == 4 ? RUN (runs, 1) : RUN (runs, 1) - o.lb;
  fail_unless (a_len * 20 >= deadline * 19 && a_len <= deadline + tolerance,
      "A ends at %" G_GUINT64_FORMAT ", its time at %" G_GUINT64_FORMAT,
      a_len, deadline);
  check_equal (SAMPLES (out) + MAX (a_len, deadline), SAMPLES (o.b), o.lb);
  g_array_free (runs, TRUE);
  output_free (out);

  /* A third of the time: max-rate (1.5) is not enough, so A is spoken 1.5
   * times as fast, never faster, and as close to that as the frames of this
   * random voice allow (2%), and B shifted after it. */
  o.captions[0].duration = to_time (o.la / 3);
  o.captions[1].pts = to_time (o.la / 2);
  out = speak_captions ("fit", o.captions, 2);
  runs = speech_runs (out);
  a_len = RUN (runs, 1) - o.lb;
  fail_unless (a_len * 3 >= o.la * 2 && a_len * 3 * 50 <= o.la * 2 * 51,
      "%" G_GUINT64_FORMAT " samples at max-rate 1.5, %" G_GUINT64_FORMAT
      " at normal speed", a_len, o.la);
  check_equal (SAMPLES (out) + a_len, SAMPLES (o.b), o.lb);
  g_array_free (runs, TRUE);
  output_free (out);

  overflow_clear (&o);
}

GST_END_TEST;

static gpointer
push_in_thread (gpointer data)
{
  GstHarness *h = data;
  gchar *text = g_strjoin (" ", SENTENCES, SENTENCES, SENTENCES, SENTENCES,
      SENTENCES, SENTENCES, NULL);
  GstFlowReturn ret = gst_harness_push (h, text_buffer (text, 0,
          GST_CLOCK_TIME_NONE));

  g_free (text);
  return GINT_TO_POINTER (ret);
}

GST_START_TEST (test_tts_flush)
{
  Output *shorter = speak_src ("Short.", NULL);
  GstHarness *h = tts_harness (NULL);
  gint64 start, whole, cancelled;
  GstSegment segment;
  GThread *thread;
  GstBuffer *buf;
  Output *out;

  /* How long the whole text takes. */
  start = g_get_monotonic_time ();
  fail_unless_equals_int (GPOINTER_TO_INT (push_in_thread (h)), GST_FLOW_OK);
  whole = g_get_monotonic_time () - start;
  while ((buf = gst_harness_try_pull (h)) != NULL)
    gst_buffer_unref (buf);

  /* Flush once the first audio is out: the push gives up long before. */
  thread = g_thread_new ("push", push_in_thread, h);
  gst_buffer_unref (gst_harness_pull (h));
  start = g_get_monotonic_time ();
  fail_unless (gst_harness_push_event (h, gst_event_new_flush_start ()));
  fail_unless_equals_int (GPOINTER_TO_INT (g_thread_join (thread)),
      GST_FLOW_FLUSHING);
  cancelled = g_get_monotonic_time () - start;
  fail_unless (cancelled < whole / 3, "cancel took %" G_GINT64_FORMAT
      " us, the whole text %" G_GINT64_FORMAT " us", cancelled, whole);

  /* And speaks afresh after the flush. */
  fail_unless (gst_harness_push_event (h, gst_event_new_flush_stop (TRUE)));
  while ((buf = gst_harness_try_pull (h)) != NULL)
    gst_buffer_unref (buf);
  gst_segment_init (&segment, GST_FORMAT_TIME);
  fail_unless (gst_harness_push_event (h, gst_event_new_segment (&segment)));
  fail_unless_equals_int (gst_harness_push (h, text_buffer ("Short.", 0,
              GST_CLOCK_TIME_NONE)), GST_FLOW_OK);
  fail_unless (gst_harness_push_event (h, gst_event_new_eos ()));
  out = pull_all (h);
  fail_unless (GST_BUFFER_FLAG_IS_SET (g_ptr_array_index (out->buffers, 0),
          GST_BUFFER_FLAG_DISCONT));
  check_contiguous (out, 0);
  fail_if (differ (out, shorter));

  gst_harness_teardown (h);
  output_free (out);
  output_free (shorter);
}

GST_END_TEST;

/* Live, the clock task may hold the output while a push of its waits
 * downstream; here its caps event, as when audioresample's query waits for
 * an aggregator whose thread waits in a sink's preroll. A live source sends
 * SEGMENT and GAP with its live lock held, which its own PLAYING to PAUSED
 * needs, so they must not wait for that push, and once the output moves
 * they still apply, in order. */
typedef struct
{
  GMutex lock;
  GCond cond;
  GstHarness *h;
  gboolean held, released, sent;
} CapsHold;

static GstPadProbeReturn
hold_first_caps (G_GNUC_UNUSED GstPad * pad, GstPadProbeInfo * info,
    gpointer data)
{
  CapsHold *hold = data;
  /* Bounded, so that a regression fails the test rather than hangs it. */
  gint64 deadline = g_get_monotonic_time () + 20 * G_TIME_SPAN_SECOND;

  if (GST_EVENT_TYPE (GST_PAD_PROBE_INFO_EVENT (info)) != GST_EVENT_CAPS)
    return GST_PAD_PROBE_OK;
  g_mutex_lock (&hold->lock);
  if (!hold->held) {
    hold->held = TRUE;
    g_cond_broadcast (&hold->cond);
    while (!hold->released
        && g_cond_wait_until (&hold->cond, &hold->lock, deadline));
  }
  g_mutex_unlock (&hold->lock);
  return GST_PAD_PROBE_OK;
}

static gpointer
send_segment_and_gap (gpointer data)
{
  CapsHold *hold = data;
  GstSegment segment;

  gst_harness_set_src_caps_str (hold->h, "text/x-raw, format=utf8");
  gst_segment_init (&segment, GST_FORMAT_TIME);
  segment.base = 2 * GST_SECOND;
  gst_harness_push_event (hold->h, gst_event_new_segment (&segment));
  gst_harness_push_event (hold->h, gst_event_new_gap (0, GST_SECOND));
  g_mutex_lock (&hold->lock);
  hold->sent = TRUE;
  g_cond_broadcast (&hold->cond);
  g_mutex_unlock (&hold->lock);
  return NULL;
}

GST_START_TEST (test_tts_live_events_while_held)
{
  GstElement *tts = gst_element_factory_make ("inflecttts", NULL);
  GstPad *src = gst_element_get_static_pad (tts, "src");
  CapsHold hold = { 0 };
  gboolean held, sent, segment_seen = FALSE;
  GstClockTime end = GST_CLOCK_TIME_NONE;
  GstBuffer *buf;
  GstEvent *event;
  GThread *thread;
  gint64 deadline;

  g_mutex_init (&hold.lock);
  g_cond_init (&hold.cond);
  gst_pad_add_probe (src, GST_PAD_PROBE_TYPE_EVENT_DOWNSTREAM,
      hold_first_caps, &hold, NULL);
  /* The harness answers upstream latency queries as live and plays the
   * element: the clock task pushes at once, and stops in the probe. */
  hold.h = gst_harness_new_with_element (tts, "sink", "src");
  deadline = g_get_monotonic_time () + 10 * G_TIME_SPAN_SECOND;
  g_mutex_lock (&hold.lock);
  while (!hold.held && g_cond_wait_until (&hold.cond, &hold.lock, deadline));
  held = hold.held;
  g_mutex_unlock (&hold.lock);

  thread = g_thread_new ("events", send_segment_and_gap, &hold);
  deadline = g_get_monotonic_time () + 5 * G_TIME_SPAN_SECOND;
  g_mutex_lock (&hold.lock);
  while (!hold.sent && g_cond_wait_until (&hold.cond, &hold.lock, deadline));
  sent = hold.sent;
  hold.released = TRUE;
  g_cond_broadcast (&hold.cond);
  g_mutex_unlock (&hold.lock);
  g_thread_join (thread);
  fail_unless (held, "the clock task pushed no caps");
  fail_unless (sent, "the segment and gap waited for the clock task's push");

  /* The segment applies before the gap: silence to 1 s on it. */
  fail_unless (gst_harness_push_event (hold.h, gst_event_new_eos ()));
  while (TRUE) {
    fail_unless (gst_harness_pull_until_eos (hold.h, &buf), "no EOS in time");
    if (buf == NULL)
      break;
    end = GST_BUFFER_PTS (buf) + GST_BUFFER_DURATION (buf);
    gst_buffer_unref (buf);
  }
  while ((event = gst_harness_try_pull_event (hold.h)) != NULL) {
    if (GST_EVENT_TYPE (event) == GST_EVENT_SEGMENT) {
      const GstSegment *segment;

      gst_event_parse_segment (event, &segment);
      segment_seen |= segment->base == 2 * GST_SECOND;
    }
    gst_event_unref (event);
  }
  fail_unless (segment_seen, "no segment with the base sent");
  fail_unless_equals_uint64 (end, GST_SECOND);

  gst_harness_teardown (hold.h);
  gst_object_unref (src);
  gst_object_unref (tts);
  g_mutex_clear (&hold.lock);
  g_cond_clear (&hold.cond);
}

GST_END_TEST;

GST_START_TEST (test_tts_latency)
{
  GstHarness *h = tts_harness (NULL);

  gst_harness_set_upstream_latency (h, 20 * GST_MSECOND);
  g_object_set (h->element, "latency", 300, NULL);
  fail_unless_equals_uint64 (gst_harness_query_latency (h),
      320 * GST_MSECOND);
  gst_harness_teardown (h);
}

GST_END_TEST;

/* A bin that takes a synthesizer by factory name and sets the properties
 * such elements share, as strings. */
GST_START_TEST (test_tts_in_bin)
{
  Output *ref = speak_src (TEXT_A, NULL);
  GstElement *bin = gst_bin_new ("speech");
  GstElement *tts = gst_element_factory_make ("inflecttts", NULL);
  GstPad *pad;
  GstHarness *h;
  Output *out;

  gst_util_set_object_arg (G_OBJECT (tts), "overflow", "shift");
  gst_util_set_object_arg (G_OBJECT (tts), "latency", "250");
  gst_bin_add (GST_BIN (bin), tts);
  pad = gst_element_get_static_pad (tts, "sink");
  gst_element_add_pad (bin, gst_ghost_pad_new ("sink", pad));
  gst_object_unref (pad);
  pad = gst_element_get_static_pad (tts, "src");
  gst_element_add_pad (bin, gst_ghost_pad_new ("src", pad));
  gst_object_unref (pad);

  h = gst_harness_new_with_element (bin, "sink", "src");
  gst_harness_set_sink_caps_str (h, "audio/x-raw, format=F32LE");
  gst_harness_set_src_caps_str (h, "text/x-raw, format=utf8");
  fail_unless_equals_int (gst_harness_push (h, text_buffer (TEXT_A, 0,
              GST_CLOCK_TIME_NONE)), GST_FLOW_OK);
  fail_unless (gst_harness_push_event (h, gst_event_new_eos ()));
  out = pull_all (h);
  gst_harness_teardown (h);
  gst_object_unref (bin);

  fail_if (differ (out, ref));
  output_free (out);
  output_free (ref);
}

GST_END_TEST;

/* ------------------------------------------------------------------ */
/* Pipelines */

static const gchar *srt =
    "1\n"
    "00:00:01,000 --> 00:00:04,000\n"
    "<i>Hello</i> world.\n"
    "\n"
    "2\n"
    "00:00:05,500 --> 00:00:09,000\n"
    "How vexingly quick daft zebras jump!\n" "\n";

/* A file of its own in the temporary directory (`pattern` as for
 * g_file_open_tmp), so that test runs side by side do not share it. */
static gchar *
write_temp (const gchar * pattern, const gchar * contents, gsize size)
{
  gchar *path;
  gint fd = g_file_open_tmp (pattern, &path, NULL);

  fail_unless (fd >= 0);
  close (fd);
  fail_unless (g_file_set_contents (path, contents, size, NULL));
  return path;
}

static void
on_handoff (G_GNUC_UNUSED GstElement * sink, GstBuffer * buf,
    G_GNUC_UNUSED GstPad * pad, gpointer data)
{
  output_add (data, gst_buffer_ref (buf));
}

static void
run_to_eos (GstElement * pipeline)
{
  GstBus *bus = gst_element_get_bus (pipeline);
  GstMessage *msg;

  fail_if (gst_element_set_state (pipeline, GST_STATE_PLAYING) ==
      GST_STATE_CHANGE_FAILURE);
  msg = gst_bus_timed_pop_filtered (bus, 30 * GST_SECOND,
      GST_MESSAGE_EOS | GST_MESSAGE_ERROR);
  fail_unless (msg != NULL, "timed out");
  fail_unless_equals_string (GST_MESSAGE_TYPE_NAME (msg), "eos");
  gst_message_unref (msg);
  fail_unless_equals_int (gst_element_set_state (pipeline, GST_STATE_NULL),
      GST_STATE_CHANGE_SUCCESS);
  gst_object_unref (bus);
}

GST_START_TEST (test_srt_alignment)
{
  Output *hello = speak_src ("Hello world.", NULL);
  Output *zebras = speak_src (TEXT_C, NULL);
  gchar *path = write_temp ("inflect-XXXXXX.srt", srt, strlen (srt));
  gchar *desc = g_strdup_printf ("filesrc location=%s ! subparse ! "
      "inflecttts name=tts word-messages=true ! "
      "fakesink name=sink signal-handoffs=true sync=false", path);
  GstElement *pipeline = gst_parse_launch (desc, NULL);
  GstElement *sink = gst_bin_get_by_name (GST_BIN (pipeline), "sink");
  Messages *m;
  Output *out = output_new ();
  GArray *runs;
  Word *w;

  g_signal_connect (sink, "handoff", G_CALLBACK (on_handoff), out);
  m = watch_messages (pipeline, NULL);
  run_to_eos (pipeline);

  /* Silence, each caption's speech at its start, silence to the end of
   * the last caption. */
  check_contiguous (out, 0);
  runs = speech_runs (out);
  fail_unless_equals_int (runs->len, 4);
  fail_unless_equals_uint64 (RUN (runs, 0), RATE);
  fail_unless_equals_uint64 (RUN (runs, 1), RATE + LENGTH (hello));
  fail_unless_equals_uint64 (RUN (runs, 2), RATE * 11 / 2);
  check_silent (SAMPLES (out), RATE);
  check_equal (SAMPLES (out) + RATE, SAMPLES (hello), LENGTH (hello));
  fail_unless (LENGTH (zebras) <= RATE * 7 / 2);
  check_equal (SAMPLES (out) + RATE * 11 / 2, SAMPLES (zebras),
      LENGTH (zebras));
  fail_unless_equals_uint64 (LENGTH (out), RATE * 9);

  /* Words in the subtitle's own terms: markup counted, time in the
   * pipeline's running time. */
  fail_unless (m->words->len >= 2);
  w = &g_array_index (m->words, Word, 0);
  fail_unless_equals_string (w->word, "Hello");
  fail_unless_equals_uint64 (w->offset, 3);
  fail_unless (w->running_time >= GST_SECOND
      && w->running_time < GST_SECOND + to_time (LENGTH (hello)));

  g_array_free (runs, TRUE);
  messages_free (m);
  gst_object_unref (sink);
  gst_object_unref (pipeline);
  g_unlink (path);
  g_free (path);
  g_free (desc);
  output_free (out);
  output_free (hello);
  output_free (zebras);
}

GST_END_TEST;

GST_START_TEST (test_srt_to_wav)
{
  gchar *srt_path = write_temp ("inflect-XXXXXX.srt", srt, strlen (srt));
  gchar *wav_path = write_temp ("inflect-XXXXXX.wav", "", 0);
  gchar *desc = g_strdup_printf ("filesrc location=%s ! subparse ! "
      "inflecttts ! audioconvert dithering=none ! audio/x-raw, format=S16LE ! "
      "wavenc ! "
      "filesink location=%s", srt_path, wav_path);
  GstElement *pipeline = gst_parse_launch (desc, NULL);
  const gint16 *pcm;
  gchar *wav;
  gsize size, n, first;
  guint32 data_size;

  run_to_eos (pipeline);
  gst_object_unref (pipeline);

  fail_unless (g_file_get_contents (wav_path, &wav, &size, NULL));
  fail_unless (size > 44 && memcmp (wav + 36, "data", 4) == 0);
  memcpy (&data_size, wav + 40, 4);
  fail_unless (44 + GUINT32_FROM_LE (data_size) <= size);
  pcm = (const gint16 *) (wav + 44);
  n = GUINT32_FROM_LE (data_size) / 2;
  /* Nine seconds, the first sound one second in. */
  fail_unless_equals_uint64 (n, RATE * 9);
  for (first = 0; first < n && pcm[first] == 0; first++);
  fail_unless (first >= RATE && first < RATE + RATE / 100,
      "first sound at sample %" G_GSIZE_FORMAT, first);

  g_unlink (srt_path);
  g_unlink (wav_path);
  g_free (srt_path);
  g_free (wav_path);
  g_free (desc);
  g_free (wav);
}

GST_END_TEST;

/* After a seek upstream, as subparse does it: a flush, then a segment that
 * starts at the seek target, then the texts again from the start. */
GST_START_TEST (test_tts_seek)
{
  Output *zebras = speak_src (TEXT_C, NULL);
  GstHarness *h = tts_harness (NULL);
  GstSegment segment;
  GstBuffer *head;
  GArray *runs;
  Output *out;

  fail_unless_equals_int (gst_harness_push (h, text_buffer ("Hello world.",
              GST_SECOND, 3 * GST_SECOND)), GST_FLOW_OK);
  fail_unless (gst_harness_push_event (h, gst_event_new_flush_start ()));
  fail_unless (gst_harness_push_event (h, gst_event_new_flush_stop (TRUE)));
  while ((head = gst_harness_try_pull (h)) != NULL)
    gst_buffer_unref (head);

  gst_segment_init (&segment, GST_FORMAT_TIME);
  segment.start = segment.time = segment.position = 5 * GST_SECOND;
  fail_unless (gst_harness_push_event (h, gst_event_new_segment (&segment)));
  fail_unless_equals_int (gst_harness_push (h, text_buffer ("Hello world.",
              GST_SECOND, 3 * GST_SECOND)), GST_FLOW_OK);
  fail_unless_equals_int (gst_harness_push (h, text_buffer (TEXT_C,
              GST_SECOND * 11 / 2, GST_SECOND * 7 / 2)), GST_FLOW_OK);
  fail_unless (gst_harness_push_event (h, gst_event_new_eos ()));
  out = pull_all (h);
  gst_harness_teardown (h);

  /* From the seek target on: silence, the text before it dropped, the
   * next one on time. */
  head = g_ptr_array_index (out->buffers, 0);
  fail_unless_equals_uint64 (GST_BUFFER_PTS (head), 5 * GST_SECOND);
  fail_unless (GST_BUFFER_FLAG_IS_SET (head, GST_BUFFER_FLAG_DISCONT));
  check_contiguous (out, 5 * RATE);
  runs = speech_runs (out);
  fail_unless_equals_int (runs->len, 2);
  fail_unless_equals_uint64 (RUN (runs, 0), RATE * 11 / 2);
  check_equal (SAMPLES (out) + RATE / 2, SAMPLES (zebras), LENGTH (zebras));
  fail_unless_equals_uint64 (LENGTH (out), RATE * 4);

  g_array_free (runs, TRUE);
  output_free (out);
  output_free (zebras);
}

GST_END_TEST;

/* Whatever downstream wants, through the usual converters. */
GST_START_TEST (test_negotiation)
{
  Output *ref = speak_src (TEXT_A, NULL);
  GstElement *pipeline = gst_parse_launch ("inflectsrc name=src ! "
      "audioconvert ! audioresample ! "
      "audio/x-raw, format=S16LE, rate=48000, channels=2 ! "
      "fakesink name=sink signal-handoffs=true sync=false", NULL);
  GstElement *src = gst_bin_get_by_name (GST_BIN (pipeline), "src");
  GstElement *sink = gst_bin_get_by_name (GST_BIN (pipeline), "sink");
  Output *out = output_new ();
  gsize frames;

  g_object_set (src, "text", TEXT_A, NULL);
  g_signal_connect (sink, "handoff", G_CALLBACK (on_handoff), out);
  run_to_eos (pipeline);

  /* Bytes, read as floats by the helper: 4 bytes are one stereo S16 frame
   * at twice the rate, so as many "floats" as twice the mono samples. */
  frames = LENGTH (out);
  fail_unless (frames > 2 * LENGTH (ref) - 256 && frames < 2 * LENGTH (ref)
      + 256, "%" G_GSIZE_FORMAT " frames for %" G_GSIZE_FORMAT " samples",
      frames, LENGTH (ref));

  gst_object_unref (src);
  gst_object_unref (sink);
  gst_object_unref (pipeline);
  output_free (out);
  output_free (ref);
}

GST_END_TEST;

/* An upstream two-file model (tests/test_upstream_cli.py describes the
 * files): its vocoder found by file name or named by the "vocoder" property;
 * a "vocoder" that is not one fails the state change with an element error. */
GST_START_TEST (test_upstream_pair)
{
  const gchar *dir = g_getenv ("INFLECT_UPSTREAM_DIR");
  gchar *f16_ac, *f16_vc, *q8_ac;
  Output *by_name, *named, *q8, *low, *plain;
  GstElement *pipeline, *src;

  fail_unless (dir != NULL);
  f16_ac = g_build_filename (dir, "upstream-f16-acoustic.gguf", NULL);
  f16_vc = g_build_filename (dir, "upstream-f16-vocoder.gguf", NULL);
  q8_ac = g_build_filename (dir, "upstream-q8-acoustic.gguf", NULL);

  by_name = speak_src (TEXT_A, "voice", f16_ac, NULL);
  named = speak_src (TEXT_A, "voice", f16_ac, "vocoder", f16_vc, NULL);
  q8 = speak_src (TEXT_A, "voice", q8_ac, "vocoder", f16_vc, NULL);
  fail_unless (LENGTH (by_name) > 0 && LENGTH (q8) > 0);
  fail_if (differ (by_name, named));
  fail_unless (differ (by_name, q8));
  /* low-memory: layers read from the mapped files, the same samples; the
   * default one-file test voice too. */
  low = speak_src (TEXT_A, "voice", q8_ac, "vocoder", f16_vc, "low-memory",
      TRUE, NULL);
  fail_if (differ (q8, low));
  output_free (low);
  plain = speak_src (TEXT_A, NULL);
  low = speak_src (TEXT_A, "low-memory", TRUE, NULL);
  fail_unless (LENGTH (plain) > 0);
  fail_if (differ (plain, low));
  output_free (low);
  output_free (plain);

  pipeline = gst_parse_launch ("inflectsrc name=src ! fakesink", NULL);
  src = gst_bin_get_by_name (GST_BIN (pipeline), "src");
  g_object_set (src, "text", TEXT_A, "voice", f16_ac, "vocoder", q8_ac, NULL);
  expect_open_error (pipeline, src);

  /* Names on the voice search path mean the same with a vocoder as
   * without; a vocoder name found nowhere is an element error. */
  {
    gchar *saved = g_strdup (g_getenv ("INFLECT_VOICE_PATH"));
    Output *names;

    g_setenv ("INFLECT_VOICE_PATH", dir, TRUE);
    names = speak_src (TEXT_A, "voice", "upstream-f16-acoustic", "vocoder",
        "upstream-f16-vocoder", NULL);
    fail_if (differ (named, names));
    output_free (names);
    pipeline = gst_parse_launch ("inflectsrc name=src ! fakesink", NULL);
    src = gst_bin_get_by_name (GST_BIN (pipeline), "src");
    g_object_set (src, "text", TEXT_A, "voice", "upstream-f16-acoustic",
        "vocoder", "no-such-vocoder", NULL);
    expect_open_error (pipeline, src);
    if (saved != NULL)
      g_setenv ("INFLECT_VOICE_PATH", saved, TRUE);
    else
      g_unsetenv ("INFLECT_VOICE_PATH");
    g_free (saved);
  }

  output_free (by_name);
  output_free (named);
  output_free (q8);
  g_free (f16_ac);
  g_free (f16_vc);
  g_free (q8_ac);
}

GST_END_TEST;

static Output *
speak_tts_threads (gint threads)
{
  /* Set before the harness starts it: the element reads it then (set
   * after, it was once ignored, and both runs used one thread). */
  GstElement *tts = gst_element_factory_make ("inflecttts", NULL);
  GstHarness *h;
  Output *out;

  g_object_set (tts, "threads", threads, NULL);
  h = gst_harness_new_with_element (tts, "sink", "src");
  gst_object_unref (tts);
  gst_harness_set_sink_caps_str (h, "audio/x-raw, format=F32LE");
  gst_harness_set_src_caps_str (h, "text/x-raw, format=utf8");
  fail_unless_equals_int (gst_harness_push (h, text_buffer (SENTENCES, 0,
              10 * GST_SECOND)), GST_FLOW_OK);
  fail_unless (gst_harness_push_event (h, gst_event_new_eos ()));
  out = pull_all (h);
  gst_harness_teardown (h);
  return out;
}

/* threads: both elements have it, 1 .. INFLECT_THREADS_MAX, default 1,
 * and more threads make the same samples. */
GST_START_TEST (test_threads)
{
  const gchar *factories[] = { "inflectsrc", "inflecttts" };
  Output *one, *two;
  guint i;

  for (i = 0; i < G_N_ELEMENTS (factories); i++) {
    GstElement *e = gst_element_factory_make (factories[i], NULL);
    GParamSpec *spec =
        g_object_class_find_property (G_OBJECT_GET_CLASS (e), "threads");
    GParamSpecInt *range;

    fail_unless (spec != NULL && G_IS_PARAM_SPEC_INT (spec));
    range = G_PARAM_SPEC_INT (spec);
    fail_unless_equals_int (range->minimum, 1);
    fail_unless_equals_int (range->maximum, INFLECT_THREADS_MAX);
    fail_unless_equals_int (range->default_value, 1);
    gst_object_unref (e);
  }

  one = speak_src (SENTENCES, NULL);
  two = speak_src (SENTENCES, "threads", 2, NULL);
  fail_unless (LENGTH (one) > 0);
  fail_if (differ (one, two));
  output_free (one);
  output_free (two);

  one = speak_tts_threads (1);
  two = speak_tts_threads (2);
  fail_unless (LENGTH (one) > 0);
  fail_if (differ (one, two));
  output_free (one);
  output_free (two);
}

GST_END_TEST;

GST_START_TEST (test_bad_voice)
{
  gchar *voice, *truncated, *garbage, *empty;
  const gchar *factories[] = { "inflectsrc", "inflecttts" };
  const gchar *paths[5];
  gsize size;
  guint i, j;

  fail_unless (g_file_get_contents (g_getenv ("INFLECT_VOICE"), &voice,
          &size, NULL));
  truncated = write_temp ("inflect-truncated-XXXXXX.gguf", voice, size / 3);
  garbage = write_temp ("inflect-garbage-XXXXXX.gguf", "GGUF\3\0\0\0garbage",
      15);
  empty = write_temp ("inflect-empty-XXXXXX.gguf", "", 0);
  paths[0] = "/nonexistent/voice.gguf";
  paths[1] = truncated;
  paths[2] = garbage;
  paths[3] = empty;
  /* a name: the message lists where it was looked for */
  paths[4] = "inflect-no-such-voice";

  for (i = 0; i < G_N_ELEMENTS (factories); i++) {
    for (j = 0; j < G_N_ELEMENTS (paths); j++) {
      GstElement *pipeline = gst_pipeline_new (NULL);
      GstElement *e = gst_element_factory_make (factories[i], NULL);
      GstBus *bus = gst_element_get_bus (pipeline);
      GstMessage *msg;
      GError *err = NULL;

      g_object_set (e, "voice", paths[j], NULL);
      gst_bin_add (GST_BIN (pipeline), e);
      fail_unless_equals_int (gst_element_set_state (pipeline,
              GST_STATE_PAUSED), GST_STATE_CHANGE_FAILURE);
      msg = gst_bus_pop_filtered (bus, GST_MESSAGE_ERROR);
      fail_unless (msg != NULL);
      fail_unless (GST_MESSAGE_SRC (msg) == GST_OBJECT (e));
      gst_message_parse_error (msg, &err, NULL);
      fail_unless (err->domain == GST_RESOURCE_ERROR);
      fail_unless (strstr (err->message, paths[j]) != NULL, "%s",
          err->message);
      fail_unless (j != 4 || strstr (err->message, "is in none of: ") != NULL,
          "%s", err->message);
      g_error_free (err);
      gst_message_unref (msg);
      gst_element_set_state (pipeline, GST_STATE_NULL);
      gst_object_unref (bus);
      gst_object_unref (pipeline);
    }
  }

  g_unlink (truncated);
  g_unlink (garbage);
  g_unlink (empty);
  g_free (truncated);
  g_free (garbage);
  g_free (empty);
  g_free (voice);
}

GST_END_TEST;

typedef struct
{
  const gchar *text;
  Output *out;
  const gchar *voice;           /* NULL: the default */
} Job;

static gpointer
run_pipeline (gpointer data)
{
  Job *job = data;
  GstElement *pipeline = gst_parse_launch ("inflectsrc name=src ! "
      "audio/x-raw, format=F32LE ! fakesink name=sink signal-handoffs=true "
      "sync=false", NULL);
  GstElement *src = gst_bin_get_by_name (GST_BIN (pipeline), "src");
  GstElement *sink = gst_bin_get_by_name (GST_BIN (pipeline), "sink");

  job->out = output_new ();
  g_object_set (src, "text", job->text, NULL);
  if (job->voice != NULL)
    g_object_set (src, "voice", job->voice, NULL);
  g_signal_connect (sink, "handoff", G_CALLBACK (on_handoff), job->out);
  run_to_eos (pipeline);
  gst_object_unref (src);
  gst_object_unref (sink);
  gst_object_unref (pipeline);
  return NULL;
}

GST_START_TEST (test_parallel_pipelines)
{
  Job jobs[] = { {SENTENCES, NULL, NULL}, {TEXT_B, NULL, NULL},
  {SENTENCES, NULL, NULL}, {TEXT_C, NULL, NULL}
  };
  GThread *threads[G_N_ELEMENTS (jobs)];
  Output *ref[G_N_ELEMENTS (jobs)];
  guint i;

  for (i = 0; i < G_N_ELEMENTS (jobs); i++)
    ref[i] = speak_src (jobs[i].text, NULL);
  for (i = 0; i < G_N_ELEMENTS (jobs); i++)
    threads[i] = g_thread_new ("pipeline", run_pipeline, &jobs[i]);
  for (i = 0; i < G_N_ELEMENTS (jobs); i++) {
    g_thread_join (threads[i]);
    fail_if (differ (jobs[i].out, ref[i]));
    output_free (jobs[i].out);
    output_free (ref[i]);
  }
}

GST_END_TEST;

static gpointer
stop_pipeline (gpointer pipeline)
{
  return GINT_TO_POINTER (gst_element_set_state (pipeline, GST_STATE_NULL));
}

/* A voice path that is a FIFO nobody writes to: the element fails at once
 * with a clear error, and meanwhile another pipeline loads a voice of its
 * own (a copy, so that it is not already shared) and speaks, and another
 * thread takes the failed pipeline down. Before, opening the FIFO blocked
 * for good while holding the plugin's voice lock, and all three hung. */
GST_START_TEST (test_fifo_voice)
{
  const gchar *factories[] = { "inflectsrc", "inflecttts" };
  gchar *dir = g_dir_make_tmp ("inflect-fifo-XXXXXX", NULL);
  gchar *fifo = g_build_filename (dir, "voice.gguf", NULL);
  gchar *voice;
  gsize size;
  guint i;

  fail_unless (dir != NULL && mkfifo (fifo, 0600) == 0);
  fail_unless (g_file_get_contents (g_getenv ("INFLECT_VOICE"), &voice,
          &size, NULL));

  for (i = 0; i < G_N_ELEMENTS (factories); i++) {
    gchar *copy = write_temp ("inflect-copy-XXXXXX.gguf", voice, size);
    Job good = { TEXT_A, NULL, copy };
    GstElement *pipeline = gst_pipeline_new (NULL);
    GstElement *e = gst_element_factory_make (factories[i], NULL);
    GstBus *bus = gst_element_get_bus (pipeline);
    GThread *speaker, *stopper;
    GstMessage *msg;
    GError *err = NULL;
    gint64 t0;

    g_object_set (e, "voice", fifo, NULL);
    gst_bin_add (GST_BIN (pipeline), e);
    speaker = g_thread_new ("good-voice", run_pipeline, &good);
    t0 = g_get_monotonic_time ();
    fail_unless_equals_int (gst_element_set_state (pipeline,
            GST_STATE_PAUSED), GST_STATE_CHANGE_FAILURE);
    fail_unless (g_get_monotonic_time () - t0 < 5 * G_USEC_PER_SEC,
        "refusing the FIFO took %" G_GINT64_FORMAT " us",
        g_get_monotonic_time () - t0);
    msg = gst_bus_pop_filtered (bus, GST_MESSAGE_ERROR);
    fail_unless (msg != NULL);
    gst_message_parse_error (msg, &err, NULL);
    fail_unless (err->domain == GST_RESOURCE_ERROR);
    fail_unless (strstr (err->message, "FIFO") != NULL, "%s", err->message);
    g_error_free (err);
    gst_message_unref (msg);

    stopper = g_thread_new ("stop", stop_pipeline, pipeline);
    fail_unless_equals_int (GPOINTER_TO_INT (g_thread_join (stopper)),
        GST_STATE_CHANGE_SUCCESS);
    g_thread_join (speaker);
    fail_unless (LENGTH (good.out) > RATE / 2, "%s: the other pipeline made "
        "%" G_GSIZE_FORMAT " samples", factories[i], LENGTH (good.out));
    output_free (good.out);
    gst_object_unref (bus);
    gst_object_unref (pipeline);
    g_unlink (copy);
    g_free (copy);
  }

  g_unlink (fifo);
  g_rmdir (dir);
  g_free (fifo);
  g_free (dir);
  g_free (voice);
}

GST_END_TEST;

/* max-duration cuts a long text after whole sentences, with a warning,
 * and the stream ends normally. */
GST_START_TEST (test_max_duration)
{
  Output *full = speak_src (SENTENCES, NULL);
  Output *sentence = speak_src (TEXT_A, NULL);
  GstElement *pipeline = gst_parse_launch ("inflectsrc name=src ! "
      "audio/x-raw, format=F32LE ! fakesink name=sink signal-handoffs=true "
      "sync=false", NULL);
  GstElement *src = gst_bin_get_by_name (GST_BIN (pipeline), "src");
  GstElement *sink = gst_bin_get_by_name (GST_BIN (pipeline), "sink");
  GstBus *bus = gst_element_get_bus (pipeline);
  Output *cut = output_new ();
  GstMessage *msg;
  GError *err = NULL;
  gdouble limit;

  /* Room for the first sentence and half of the second. */
  limit = (LENGTH (sentence) + (LENGTH (full) - LENGTH (sentence)) / 4.0) / RATE;
  g_object_set (src, "text", SENTENCES, "max-duration", limit, NULL);
  g_signal_connect (sink, "handoff", G_CALLBACK (on_handoff), cut);
  fail_unless (gst_element_set_state (pipeline, GST_STATE_PLAYING) !=
      GST_STATE_CHANGE_FAILURE);
  /* The warning comes before the end of the stream (popping discards
   * what the filter does not take). */
  msg = gst_bus_timed_pop_filtered (bus, 60 * GST_SECOND,
      GST_MESSAGE_EOS | GST_MESSAGE_ERROR | GST_MESSAGE_WARNING);
  fail_unless (msg != NULL && GST_MESSAGE_TYPE (msg) == GST_MESSAGE_WARNING,
      "no warning for the cut");
  gst_message_parse_warning (msg, &err, NULL);
  fail_unless (strstr (err->message, "max-duration") != NULL, "%s",
      err->message);
  g_error_free (err);
  gst_message_unref (msg);
  msg = gst_bus_timed_pop_filtered (bus, 60 * GST_SECOND,
      GST_MESSAGE_EOS | GST_MESSAGE_ERROR);
  fail_unless (msg != NULL && GST_MESSAGE_TYPE (msg) == GST_MESSAGE_EOS);
  gst_message_unref (msg);
  gst_element_set_state (pipeline, GST_STATE_NULL);

  /* Exactly the first sentence: the second would have ended too late. */
  fail_unless_equals_uint64 (LENGTH (cut), LENGTH (sentence));
  check_equal (SAMPLES (cut), SAMPLES (full), LENGTH (cut));
  output_free (cut);
  output_free (sentence);
  output_free (full);
  gst_object_unref (bus);
  gst_object_unref (src);
  gst_object_unref (sink);
  gst_object_unref (pipeline);
}

GST_END_TEST;

/* Sets a pipeline to NULL in a thread of its own, so that a shutdown that
 * never returns fails the test with a message instead of timing it out. */
typedef struct
{
  GstElement *pipeline;
  GMutex lock;
  GCond cond;
  gboolean done;
} Shutdown;

static gpointer
shut_down (gpointer data)
{
  Shutdown *sd = data;

  gst_element_set_state (sd->pipeline, GST_STATE_NULL);
  g_mutex_lock (&sd->lock);
  sd->done = TRUE;
  g_cond_signal (&sd->cond);
  g_mutex_unlock (&sd->lock);
  return NULL;
}

/* A synthesis error (variation, which a v1 voice refuses, set once the
 * element is running, so the open's check has passed) posts an error, and
 * the pipeline then shuts down, every time: the error lands at random points of
 * the preroll (before the sink has a buffer, while it waits for one), and a
 * streaming or synthesis thread left waiting would hang set_state(NULL).
 * Popping from the bus does not depend on when the error was posted, unlike
 * a main loop quit from a sync handler (gst-launch-1.0 1.22 misses an error
 * that comes before its loop runs; that hang is the tool's). */
GST_START_TEST (test_src_error_shutdown)
{
  guint i;

  for (i = 0; i < 20; i++) {
    GstElement *pipeline = gst_parse_launch ("inflectsrc name=src "
        "! audio/x-raw, format=F32LE ! fakesink", NULL);
    GstElement *src = gst_bin_get_by_name (GST_BIN (pipeline), "src");
    GstBus *bus = gst_element_get_bus (pipeline);
    Shutdown sd = { 0 };
    gint64 deadline;
    GThread *thread;
    GstMessage *msg;
    GError *err = NULL;

    sd.pipeline = pipeline;
    g_mutex_init (&sd.lock);
    g_cond_init (&sd.cond);
    /* Long enough that the text is still being spoken when variation is
     * set, however late this thread runs on a loaded machine (three
     * sentences once ran out first: EOS, no error). */
    g_object_set (src, "text", TEXT_A " " TEXT_A " " TEXT_A " " TEXT_A " "
        TEXT_A " " TEXT_A " " TEXT_A " " TEXT_A " " TEXT_A " " TEXT_A " "
        TEXT_A " " TEXT_A, NULL);
    fail_unless (gst_element_set_state (pipeline, GST_STATE_PLAYING) !=
        GST_STATE_CHANGE_FAILURE);
    g_object_set (src, "variation", 0.5, NULL);
    msg = gst_bus_timed_pop_filtered (bus, 30 * GST_SECOND,
        GST_MESSAGE_EOS | GST_MESSAGE_ERROR);
    fail_unless (msg != NULL && GST_MESSAGE_TYPE (msg) == GST_MESSAGE_ERROR,
        "run %u: no error for variation on a v1 voice", i);
    fail_unless (GST_MESSAGE_SRC (msg) == GST_OBJECT (src));
    gst_message_parse_error (msg, &err, NULL);
    fail_unless (err->domain == GST_STREAM_ERROR, "%s", err->message);
    g_error_free (err);
    gst_message_unref (msg);

    thread = g_thread_new ("shutdown", shut_down, &sd);
    deadline = g_get_monotonic_time () + 10 * G_TIME_SPAN_SECOND;
    g_mutex_lock (&sd.lock);
    while (!sd.done && g_cond_wait_until (&sd.cond, &sd.lock, deadline));
    fail_unless (sd.done, "run %u: the pipeline did not stop within 10 s "
        "of the error", i);
    g_mutex_unlock (&sd.lock);
    g_thread_join (thread);

    g_mutex_clear (&sd.lock);
    g_cond_clear (&sd.cond);
    gst_object_unref (bus);
    gst_object_unref (src);
    gst_object_unref (pipeline);
  }
}

GST_END_TEST;

/* Controls the voice cannot honour (variation on a v1 voice) fail the
 * state change with a message, before any streaming thread runs. */
GST_START_TEST (test_src_refuses_controls)
{
  GstElement *pipeline = gst_parse_launch ("inflectsrc name=src "
      "variation=0.5 ! fakesink", NULL);
  GstElement *src = gst_bin_get_by_name (GST_BIN (pipeline), "src");
  GstBus *bus = gst_element_get_bus (pipeline);
  GstMessage *msg;
  GError *err = NULL;

  g_object_set (src, "text", TEXT_A, NULL);
  fail_unless (gst_element_set_state (pipeline, GST_STATE_PLAYING) ==
      GST_STATE_CHANGE_FAILURE);
  msg = gst_bus_timed_pop_filtered (bus, 0, GST_MESSAGE_ERROR);
  fail_unless (msg != NULL && GST_MESSAGE_SRC (msg) == GST_OBJECT (src));
  gst_message_parse_error (msg, &err, NULL);
  fail_unless (err->domain == GST_RESOURCE_ERROR &&
      strstr (err->message, "variation") != NULL, "%s", err->message);
  g_error_free (err);
  gst_message_unref (msg);
  gst_element_set_state (pipeline, GST_STATE_NULL);
  gst_object_unref (bus);
  gst_object_unref (src);
  gst_object_unref (pipeline);
}

GST_END_TEST;

typedef struct
{
  GstElement *src, *tts;
  gint stop;
} Tweaker;

/* Changes properties while the pipeline changes state: the scales all the
 * time, the text every 100 ms. Not more often: each change restarts
 * synthesis, and changes faster than the first chunk takes to make would
 * keep the source from ever prerolling (under a sanitizer, for one). */
static gpointer
tweak (gpointer data)
{
  Tweaker *t = data;
  guint i = 0;

  while (!g_atomic_int_get (&t->stop)) {
    g_object_set (t->src, "length-scale", 0.5 + (i % 5) * 0.25, NULL);
    g_object_set (t->tts, "pitch-scale", 0.5 + (i % 3) * 0.5, NULL);
    if (i % 200 == 0)
      g_object_set (t->src, "text", i % 400 ? TEXT_A : TEXT_B, NULL);
    i++;
    g_usleep (500);
  }
  return NULL;
}

static gboolean
count_message (G_GNUC_UNUSED const gchar * log_domain,
    G_GNUC_UNUSED GLogLevelFlags log_level, G_GNUC_UNUSED const gchar * message,
    gpointer user_data)
{
  g_atomic_int_inc ((gint *) user_data);
  return TRUE;
}

/* The voice is read when the element starts: a new one set while it plays
 * is refused with a warning, and the property reads back the voice that
 * speaks (it once read back the new name while the old voice spoke on). */
GST_START_TEST (test_voice_fixed_once_started)
{
  GstElement *pipeline =
      gst_parse_launch ("inflectsrc name=src ! fakesink sync=true", NULL);
  GstElement *src = gst_bin_get_by_name (GST_BIN (pipeline), "src");
  GRegex *regex = g_regex_new ("is read when the element starts", 0, 0, NULL);
  gint warnings = 0;
  GstCheckLogFilter *filter = gst_check_add_log_filter (NULL,
      G_LOG_LEVEL_WARNING, regex, count_message, &warnings, NULL);
  gchar *before, *after;
  gboolean low_before, low_after;

  g_object_set (src, "text", TEXT_A, NULL);
  g_object_get (src, "voice", &before, "low-memory", &low_before, NULL);
  fail_unless_equals_int (gst_element_set_state (pipeline, GST_STATE_PLAYING),
      GST_STATE_CHANGE_ASYNC);
  fail_unless_equals_int (gst_element_get_state (pipeline, NULL, NULL,
          10 * GST_SECOND), GST_STATE_CHANGE_SUCCESS);
  g_object_set (src, "voice", "/some/other/voice.gguf", "low-memory",
      !low_before, NULL);
  g_object_get (src, "voice", &after, "low-memory", &low_after, NULL);
  fail_unless_equals_string (after, before);
  fail_unless_equals_int (low_after, low_before);
  fail_unless_equals_int (g_atomic_int_get (&warnings), 2);

  /* Stopped, it takes a new value again. */
  fail_unless_equals_int (gst_element_set_state (pipeline, GST_STATE_READY),
      GST_STATE_CHANGE_SUCCESS);
  g_free (after);
  g_object_set (src, "voice", "/some/other/voice.gguf", NULL);
  g_object_get (src, "voice", &after, NULL);
  fail_unless_equals_string (after, "/some/other/voice.gguf");

  gst_check_remove_log_filter (filter);
  gst_element_set_state (pipeline, GST_STATE_NULL);
  g_free (before);
  g_free (after);
  gst_object_unref (src);
  gst_object_unref (pipeline);
}

GST_END_TEST;

GST_START_TEST (test_state_changes)
{
  static const GstState states[] = {
    GST_STATE_PLAYING, GST_STATE_PAUSED, GST_STATE_PLAYING, GST_STATE_READY,
    GST_STATE_PLAYING, GST_STATE_NULL
  };
  gchar *path = write_temp ("inflect-XXXXXX.srt", srt, strlen (srt));
  gchar *desc = g_strdup_printf ("inflectsrc name=src text=\"%s\" ! "
      "fakesink sync=true  filesrc location=%s ! subparse ! inflecttts "
      "name=tts ! fakesink sync=false", SENTENCES, path);
  guint round, i;

  for (round = 0; round < 8; round++) {
    GstElement *pipeline = gst_parse_launch (desc, NULL);
    Tweaker t = { NULL };
    GThread *thread;

    t.src = gst_bin_get_by_name (GST_BIN (pipeline), "src");
    t.tts = gst_bin_get_by_name (GST_BIN (pipeline), "tts");
    thread = g_thread_new ("tweak", tweak, &t);
    for (i = 0; i < G_N_ELEMENTS (states); i++) {
      GstStateChangeReturn ret;

      fail_if (gst_element_set_state (pipeline, states[i]) ==
          GST_STATE_CHANGE_FAILURE);
      ret = gst_element_get_state (pipeline, NULL, NULL, 10 * GST_SECOND);
      fail_unless (ret == GST_STATE_CHANGE_SUCCESS, "round %u, state %s: %s",
          round, gst_element_state_get_name (states[i]),
          gst_element_state_change_return_get_name (ret));
      g_usleep (g_random_int_range (0, 40000));
    }
    g_atomic_int_set (&t.stop, 1);
    g_thread_join (thread);
    gst_object_unref (t.src);
    gst_object_unref (t.tts);
    gst_object_unref (pipeline);
  }

  g_unlink (path);
  g_free (path);
  g_free (desc);
}

GST_END_TEST;

/* ------------------------------------------------------------------ */
/* Live: captions on the system clock, mixed with a live source */

/* What the live pipeline must meet. The sink drops a buffer more than
 * SINK_LATENESS late; inflecttts holds silence back half its latency plus
 * its clock period (a fifth of the latency, at most 100 ms), so with
 * LIVE_LATENCY its audio reaches the mixer with 400 ms to spare. */
#define LIVE_LATENCY (1000 * GST_MSECOND)
#define SINK_LATENESS (20 * GST_MSECOND)
#define LIVE_PERIOD MIN (LIVE_LATENCY / 5, 100 * GST_MSECOND)
#define MIXER_SLACK (LIVE_LATENCY / 2 - LIVE_PERIOD)
/* Silence pushed while a caption's first audio is late leaves a period
 * before its deadline (docs/gstreamer.md, "Live pipelines"); the test asks
 * for half of that, the rest being the push's way to the mixer on a busy
 * machine. */
#define HELD_MARGIN (LIVE_PERIOD / 2)
/* Each attempt takes about 9 s. */
#define LIVE_ATTEMPTS 3

/* A deadline a live run missed: a buffer that reached an element later
 * than the test allows, or speech moved from its place. `from` to `to`,
 * in running time, is when the work behind it was due, in thread `tid`:
 * from when the audio should have been made to when it was late. Only the
 * machine's not running the test within that span (tests/gst/stall_watch.h)
 * can excuse it: a stall of the watch of `excuse` or more there, half the
 * slack the miss went past (half, as the watch is a thread of its own), or
 * as long a wait of that thread for a CPU. A stall elsewhere in the run
 * proves nothing about this buffer. */
typedef struct
{
  const gchar *where;           /* "the sink", "the mixer", "speech" */
  GstClockTime pts;
  GstClockTimeDiff late;        /* past what the test allows */
  GstClockTime from, to;
  GstClockTime excuse;
  gint tid;                     /* 0 where not known */
  /* From `from` to `to`: the longest stall, the thread's wait. */
  GstClockTime stalled, waited;
} Miss;

typedef struct _Live Live;

/* Run by the captions thread before it waits for caption `i`'s time. */
typedef void (*LiveAction) (Live * live, guint i);

/* One live run: inflecttts mixed with a live 48 kHz stereo source into a
 * synchronised sink with QoS, everything on the system clock; captions
 * pushed by a thread at their times, as a captioner would. */
struct _Live
{
  GMutex lock;
  GCond cond;
  GstElement *pipeline, *appsrc, *tts, *sink;
  const Caption *captions;
  guint n_captions;
  GstClockTime eos_at;          /* running time to send EOS at */
  LiveAction before_caption;    /* or NULL */
  gpointer data;                /* for before_caption */
  /* How long before its deadline inflecttts's audio should reach the
   * mixer, and how long before it the test asks for. */
  GstClockTime early, margin;
  Output *speech;               /* what inflecttts pushed */
  gboolean tts_eos;
  GArray *misses;               /* Miss */
  /* The latest a buffer came to the mixer (of inflecttts's) and to the
   * sink, against its deadline there. */
  GstClockTimeDiff worst_at_mixer, worst_at_sink;
  GstClockTime worst_pts;       /* that buffer's timestamp, at the mixer */
  gchar *changed;               /* what no stall can excuse, or NULL */
  /* The threads of the mixer's output (into the sink) and of synthesis
   * (inflecttts's speech), once seen. */
  gint mixer_tid, speech_tid;
  /* Buffers that came late to the sink in a row: pairs of the first's
   * running time and the next on time's; the run going on. */
  GArray *late_runs;
  GstClockTime late_since;
  gint64 zero_us;               /* running time 0 on the monotonic clock */
  Messages *m;
  StallWatch stalls;
  GThread *thread;
};

/* Pushes each caption when the clock reaches it, as a captioner would. */
static gpointer
push_captions (gpointer data)
{
  Live *live = data;
  GstFlowReturn ret;
  guint i;

  for (i = 0; i < live->n_captions; i++) {
    const Caption *c = &live->captions[i];
    GstBuffer *buf = text_buffer (c->text, c->pts, c->duration);

    if (live->before_caption != NULL)
      live->before_caption (live, i);
    wait_for_running_time (live->pipeline, c->pts);
    /* The signal does not take the buffer. */
    g_signal_emit_by_name (live->appsrc, "push-buffer", buf, &ret);
    gst_buffer_unref (buf);
    fail_unless_equals_int (ret, GST_FLOW_OK);
  }
  wait_for_running_time (live->pipeline, live->eos_at);
  g_signal_emit_by_name (live->appsrc, "end-of-stream", &ret);
  return NULL;
}

static GstPadProbeReturn
on_speech (G_GNUC_UNUSED GstPad * pad, GstPadProbeInfo * info, gpointer data)
{
  Live *live = data;

  if (info->type & GST_PAD_PROBE_TYPE_BUFFER)
    stall_watch_follow (&live->stalls, stall_watch_thread_id ());
  g_mutex_lock (&live->lock);
  if (info->type & GST_PAD_PROBE_TYPE_BUFFER) {
    output_add (live->speech, gst_buffer_ref (GST_PAD_PROBE_INFO_BUFFER (info)));
  } else if (GST_EVENT_TYPE (GST_PAD_PROBE_INFO_EVENT (info)) == GST_EVENT_EOS) {
    live->tts_eos = TRUE;
    g_cond_signal (&live->cond);
  }
  g_mutex_unlock (&live->lock);
  return GST_PAD_PROBE_OK;
}

/* A caption reaches inflecttts in the thread that speaks it. */
static GstPadProbeReturn
on_caption (G_GNUC_UNUSED GstPad * pad, G_GNUC_UNUSED GstPadProbeInfo * info,
    gpointer data)
{
  Live *live = data;

  if (g_atomic_int_get (&live->speech_tid) == 0) {
    g_atomic_int_set (&live->speech_tid, stall_watch_thread_id ());
    stall_watch_follow (&live->stalls, live->speech_tid);
  }
  return GST_PAD_PROBE_OK;
}

/* The running time of a buffer arriving at `pad`. */
static GstClockTime
buffer_running_time (GstPad * pad, GstBuffer * buf)
{
  GstEvent *event = gst_pad_get_sticky_event (pad, GST_EVENT_SEGMENT, 0);
  const GstSegment *segment;
  GstClockTime rt;

  gst_event_parse_segment (event, &segment);
  rt = gst_segment_to_running_time (segment, GST_FORMAT_TIME,
      GST_BUFFER_PTS (buf));
  gst_event_unref (event);
  return rt;
}

/* A buffer that reaches the mixer after the mixer's latency past its
 * running time finds the mixer gone on without it (a timeout); one that
 * comes later than `margin` before that is a miss. Each one is logged
 * (GST_DEBUG=inflect-test:6), for when a run fails. */
static GstPadProbeReturn
on_mixer_input (GstPad * pad, GstPadProbeInfo * info, gpointer data)
{
  Live *live = data;
  GstBuffer *buf = GST_PAD_PROBE_INFO_BUFFER (info);
  GstElement *mixer = GST_ELEMENT (gst_pad_get_parent (pad));
  GstClockTime rt = buffer_running_time (pad, buf);
  GstClockTime now = running_time_now (live->pipeline);
  GstClockTime latency = gst_aggregator_get_latency (GST_AGGREGATOR (mixer));

  GST_CAT_LOG (test_debug, "at the mixer: pts %" GST_TIME_FORMAT " duration %"
      GST_TIME_FORMAT " at running time %" GST_TIME_FORMAT ", %" G_GINT64_FORMAT
      " ms after it, latency %" GST_TIME_FORMAT "%s",
      GST_TIME_ARGS (GST_BUFFER_PTS (buf)),
      GST_TIME_ARGS (GST_BUFFER_DURATION (buf)), GST_TIME_ARGS (now),
      GST_CLOCK_DIFF (rt, now) / GST_MSECOND, GST_TIME_ARGS (latency),
      GST_BUFFER_FLAG_IS_SET (buf, GST_BUFFER_FLAG_GAP) ? ", gap" : "");
  g_mutex_lock (&live->lock);
  if (GST_CLOCK_TIME_IS_VALID (latency) && GST_CLOCK_TIME_IS_VALID (rt)) {
    GstClockTime deadline = rt + latency;
    GstClockTimeDiff late = GST_CLOCK_DIFF (deadline, now);

    if (late > -(GstClockTimeDiff) live->margin) {
      Miss miss = { "the mixer", GST_BUFFER_PTS (buf),
        late + (GstClockTimeDiff) live->margin,
        deadline > live->early ? deadline - live->early : 0, now,
        (live->early - live->margin) / 2, stall_watch_thread_id (), 0, 0
      };

      g_array_append_val (live->misses, miss);
    }
    if (late > live->worst_at_mixer
        || !GST_CLOCK_TIME_IS_VALID (live->worst_pts)) {
      live->worst_at_mixer = late;
      live->worst_pts = GST_BUFFER_PTS (buf);
    }
  }
  g_mutex_unlock (&live->lock);
  gst_object_unref (mixer);
  return GST_PAD_PROBE_OK;
}

/* How early the mixer's buffers reach the sink: the sink tells upstream
 * with a QoS event after each, the difference between its clock wait's
 * target and its wait's end. Late buffers in a row are one delay of the
 * mixer's thread that it has not caught up with yet, the first of them
 * where it began (see live_stop()). The buffers the sink drops it also
 * reports itself (QoS messages). */
static GstPadProbeReturn
on_sink_qos (G_GNUC_UNUSED GstPad * pad, GstPadProbeInfo * info,
    gpointer data)
{
  Live *live = data;
  GstEvent *event = GST_PAD_PROBE_INFO_EVENT (info);
  GstClockTimeDiff jitter;
  GstClockTime timestamp;

  if (GST_EVENT_TYPE (event) != GST_EVENT_QOS)
    return GST_PAD_PROBE_OK;
  gst_event_parse_qos (event, NULL, NULL, &jitter, &timestamp);
  /* The sink sends it from the thread the mixer pushes in. */
  if (g_atomic_int_get (&live->mixer_tid) == 0) {
    g_atomic_int_set (&live->mixer_tid, stall_watch_thread_id ());
    stall_watch_follow (&live->stalls, live->mixer_tid);
  }
  GST_CAT_TRACE (test_debug, "at the sink: running time %" GST_TIME_FORMAT
      ", %" G_GINT64_FORMAT " us late", GST_TIME_ARGS (timestamp),
      jitter / GST_USECOND);
  g_mutex_lock (&live->lock);
  live->worst_at_sink = MAX (live->worst_at_sink, jitter);
  if (jitter > 0 && !GST_CLOCK_TIME_IS_VALID (live->late_since))
    live->late_since = timestamp;
  else if (jitter <= 0 && GST_CLOCK_TIME_IS_VALID (live->late_since)) {
    GstClockTime run[2] = { live->late_since, timestamp };

    g_array_append_vals (live->late_runs, run, 2);
    live->late_since = GST_CLOCK_TIME_NONE;
  }
  g_mutex_unlock (&live->lock);
  return GST_PAD_PROBE_OK;
}

/* Builds the pipeline, inflecttts with `tts_properties` and the live
 * latency, speaking `captions` and ending at `eos_at`; without `mixer`,
 * inflecttts's audio goes straight to the sink, with no queue between. */
static void
live_init_full (Live * live, const gchar * tts_properties,
    const Caption * captions, guint n, GstClockTime eos_at, gboolean mixer)
{
  gchar *desc = mixer ?
      g_strdup_printf ("appsrc name=text is-live=true format=time "
      "caps=text/x-raw,format=utf8 ! inflecttts name=tts %s "
      "latency=%" G_GUINT64_FORMAT " ! "
      "audioconvert ! audioresample ! mix.sink_0 "
      "audiotestsrc is-live=true wave=sine volume=0.1 ! "
      "audio/x-raw,rate=48000,channels=2 ! queue ! mix.sink_1 "
      "audiomixer name=mix ! audio/x-raw,format=S16LE,rate=48000,channels=2 ! "
      "fakesink name=sink sync=true qos=true max-lateness=%" G_GUINT64_FORMAT,
      tts_properties, LIVE_LATENCY / GST_MSECOND, SINK_LATENESS) :
      g_strdup_printf ("appsrc name=text is-live=true format=time "
      "caps=text/x-raw,format=utf8 ! inflecttts name=tts %s "
      "latency=%" G_GUINT64_FORMAT " ! audioconvert ! audioresample ! "
      "audio/x-raw,format=S16LE,rate=48000,channels=2 ! "
      "fakesink name=sink sync=true qos=true max-lateness=%" G_GUINT64_FORMAT,
      tts_properties, LIVE_LATENCY / GST_MSECOND, SINK_LATENESS);
  GstElement *mix;
  GstPad *pad;

  memset (live, 0, sizeof *live);
  g_mutex_init (&live->lock);
  g_cond_init (&live->cond);
  live->pipeline = gst_parse_launch (desc, NULL);
  fail_unless (live->pipeline != NULL);
  g_free (desc);
  live->appsrc = gst_bin_get_by_name (GST_BIN (live->pipeline), "text");
  live->tts = gst_bin_get_by_name (GST_BIN (live->pipeline), "tts");
  live->sink = gst_bin_get_by_name (GST_BIN (live->pipeline), "sink");
  live->captions = captions;
  live->n_captions = n;
  live->eos_at = eos_at;
  live->early = MIXER_SLACK;
  live->speech = output_new ();
  live->misses = g_array_new (FALSE, FALSE, sizeof (Miss));
  live->late_runs = g_array_new (FALSE, FALSE, sizeof (GstClockTime));
  live->late_since = GST_CLOCK_TIME_NONE;
  live->worst_at_mixer = G_MININT64;
  live->worst_pts = GST_CLOCK_TIME_NONE;
  live->worst_at_sink = G_MININT64;

  pad = gst_element_get_static_pad (live->tts, "sink");
  gst_pad_add_probe (pad, GST_PAD_PROBE_TYPE_BUFFER, on_caption, live, NULL);
  gst_object_unref (pad);
  pad = gst_element_get_static_pad (live->tts, "src");
  gst_pad_add_probe (pad, GST_PAD_PROBE_TYPE_BUFFER |
      GST_PAD_PROBE_TYPE_EVENT_DOWNSTREAM, on_speech, live, NULL);
  gst_object_unref (pad);
  if (mixer) {
    mix = gst_bin_get_by_name (GST_BIN (live->pipeline), "mix");
    pad = gst_element_get_static_pad (mix, "sink_0");
    gst_pad_add_probe (pad, GST_PAD_PROBE_TYPE_BUFFER, on_mixer_input, live,
        NULL);
    gst_object_unref (pad);
    gst_object_unref (mix);
  }
  pad = gst_element_get_static_pad (live->sink, "sink");
  gst_pad_add_probe (pad, GST_PAD_PROBE_TYPE_EVENT_UPSTREAM, on_sink_qos,
      live, NULL);
  gst_object_unref (pad);
  live->m = watch_messages (live->pipeline, NULL);
}

static void
live_init (Live * live, const gchar * tts_properties, const Caption * captions,
    guint n, GstClockTime eos_at)
{
  live_init_full (live, tts_properties, captions, n, eos_at, TRUE);
}

static void
set_base_time (const GValue * item, gpointer data)
{
  gst_element_set_base_time (g_value_get_object (item),
      *(const GstClockTime *) data);
}

/* PLAYING with no text yet: nobody waits for the first caption.
 *
 * Running time starts when the pipeline is ready to play, and every
 * element knows it before the pipeline goes to PLAYING. Left to itself,
 * the pipeline hands its clock to all the elements when it goes to
 * PLAYING, then its base time to each in turn, the mixer before the
 * sources: audiomixer (GstAggregator, GStreamer 1.22), woken in between by
 * the live source's first events, found the latency and the clock but a
 * base time of 0, so that its deadline had long passed; it sent out its
 * first buffer at once, the sink prerolled on it and kept the mixer's
 * thread until that buffer's time, the latency, and inflecttts's first
 * audio, whose way to the mixer waited on that thread (the converters'
 * allocation query), came 20 ms after its deadline. Set before READY,
 * the base time would count the time the elements take to get ready (the
 * voice's opening; over a second in a busy suite) as running time. */
static void
live_play (Live * live)
{
  GstClock *clock = gst_system_clock_obtain ();
  GstIterator *it;
  GstClockType type;
  GstClockTime now;

  /* The stall watch times threads with g_get_monotonic_time(), which
   * reads CLOCK_MONOTONIC, as this clock does: running time 0 is then
   * the base time in microseconds. */
  g_object_get (clock, "clock-type", &type, NULL);
  fail_unless_equals_int (type, GST_CLOCK_TYPE_MONOTONIC);
  fail_if (gst_element_set_state (live->pipeline, GST_STATE_PAUSED) ==
      GST_STATE_CHANGE_FAILURE);
  fail_unless_equals_int (gst_element_get_state (live->pipeline, NULL, NULL,
          GST_CLOCK_TIME_NONE), GST_STATE_CHANGE_NO_PREROLL);
  gst_pipeline_use_clock (GST_PIPELINE (live->pipeline), clock);
  gst_element_set_start_time (live->pipeline, GST_CLOCK_TIME_NONE);
  now = gst_clock_get_time (clock);
  live->zero_us = (gint64) (now / GST_USECOND);
  gst_element_set_base_time (live->pipeline, now);
  it = gst_bin_iterate_recurse (GST_BIN (live->pipeline));
  gst_iterator_foreach (it, set_base_time, &now);
  gst_iterator_free (it);
  gst_object_unref (clock);

  stall_watch_start (&live->stalls);
  fail_if (gst_element_set_state (live->pipeline, GST_STATE_PLAYING) ==
      GST_STATE_CHANGE_FAILURE);
  fail_unless_equals_int (gst_element_get_state (live->pipeline, NULL, NULL,
          live->captions[0].pts), GST_STATE_CHANGE_SUCCESS);
  fail_unless (running_time_now (live->pipeline) < live->captions[0].pts);
  live->thread = g_thread_new ("captions", push_captions, live);
}

/* Waits for inflecttts's EOS and what the sink still has to render of it,
 * stops the pipeline and adds what the sink dropped to the misses. What
 * does not depend on timing is checked here. */
static void
live_stop (Live * live)
{
  GstClockTime latency = gst_base_sink_get_latency (GST_BASE_SINK (live->sink));
  GstStructure *stats;
  guint64 rendered, dropped, qos = 0;
  gint64 give_up = g_get_monotonic_time () + (SANITIZED ? 50 : 30) *
      G_TIME_SPAN_SECOND;
  gboolean eos;
  guint i;

  g_mutex_lock (&live->lock);
  while (!live->tts_eos && g_cond_wait_until (&live->cond, &live->lock,
          give_up));
  eos = live->tts_eos;
  g_mutex_unlock (&live->lock);
  g_thread_join (live->thread);
  if (!eos) {
    /* Nothing left running on this stack frame after the test ends. */
    gst_element_set_state (live->pipeline, GST_STATE_NULL);
    stall_watch_stop (&live->stalls);
    fail ("no EOS from inflecttts");
  }
  wait_for_running_time (live->pipeline, running_time_now (live->pipeline) +
      latency);
  g_object_get (live->sink, "stats", &stats, NULL);
  fail_unless_equals_int (gst_element_set_state (live->pipeline,
          GST_STATE_NULL), GST_STATE_CHANGE_SUCCESS);
  stall_watch_stop (&live->stalls);

  fail_unless (gst_structure_get_uint64 (stats, "dropped", &dropped));
  fail_unless (gst_structure_get_uint64 (stats, "rendered", &rendered));
  fail_unless (rendered > 0);
  gst_structure_free (stats);
  /* A buffer the sink dropped came later than SINK_LATENESS past its
   * end: the mixer's thread, which it was due from since the previous
   * buffer's deadline (the sink holds that thread until then), was kept
   * from it for longer than the buffer lasts; or from the first of the
   * late buffers before it, since when that thread has been behind. */
  for (i = 0; i < live->m->other->len; i++) {
    GstMessage *msg = g_ptr_array_index (live->m->other, i);
    GstClockTime rt, timestamp, duration, since;
    GstClockTimeDiff jitter;
    Miss miss = { .where = "the sink" };
    guint j;

    if (GST_MESSAGE_TYPE (msg) != GST_MESSAGE_QOS)
      continue;
    fail_unless (GST_MESSAGE_SRC (msg) == GST_OBJECT (live->sink));
    gst_message_parse_qos (msg, NULL, &rt, NULL, &timestamp, &duration);
    gst_message_parse_qos_values (msg, &jitter, NULL, NULL);
    since = rt;
    for (j = 0; j + 1 < live->late_runs->len; j += 2) {
      GstClockTime first = g_array_index (live->late_runs, GstClockTime, j);

      if (first <= rt && rt <= g_array_index (live->late_runs, GstClockTime,
              j + 1))
        since = first;
    }
    if (GST_CLOCK_TIME_IS_VALID (live->late_since) && live->late_since <= rt)
      since = live->late_since;
    miss.pts = timestamp;
    miss.late = jitter - (GstClockTimeDiff) (duration + SINK_LATENESS);
    miss.from = since + latency - duration;
    miss.to = rt + latency + MAX (jitter, 0);
    miss.excuse = SINK_LATENESS / 2;
    miss.tid = g_atomic_int_get (&live->mixer_tid);
    g_array_append_val (live->misses, miss);
    qos++;
  }
  fail_unless_equals_uint64 (qos, dropped);
  fail_unless_equals_int (count_messages (live->m, GST_MESSAGE_WARNING,
          GST_CORE_ERROR, GST_CORE_ERROR_CLOCK), 0);
  fail_unless_equals_int (count_messages (live->m, GST_MESSAGE_ERROR,
          GST_STREAM_ERROR, GST_STREAM_ERROR_FAILED), 0);

  /* Late or not, the output is one timeline without holes, and the live
   * track goes on with silence as long as the clock ran. */
  check_contiguous (live->speech, 0);
  check_no_crumbs (live->speech);
}

static void
live_clear (Live * live)
{
  messages_free (live->m);
  stall_watch_clear (&live->stalls);
  g_array_free (live->misses, TRUE);
  g_array_free (live->late_runs, TRUE);
  output_free (live->speech);
  g_free (live->changed);
  gst_object_unref (live->sink);
  gst_object_unref (live->tts);
  gst_object_unref (live->appsrc);
  gst_object_unref (live->pipeline);
  g_mutex_clear (&live->lock);
  g_cond_clear (&live->cond);
}

/* How the run went against its deadlines. */
typedef enum
{
  LIVE_ON_TIME,
  LIVE_STARVED,                 /* every miss excused by the machine */
  LIVE_LATE,
} LiveVerdict;

/* "12 ms after its deadline" */
static gchar *
lateness (GstClockTimeDiff late)
{
  if (late == G_MININT64)
    return g_strdup ("(none came)");
  return g_strdup_printf ("%" G_GINT64_FORMAT " ms %s its deadline",
      ABS (late) / GST_MSECOND, late > 0 ? "after" : "before");
}

/* Weighs each miss against what the machine did in its own span; `report`
 * says what happened. */
static LiveVerdict
live_judge (Live * live, gchar ** report)
{
  const Miss *first = NULL;
  guint i, unexcused = 0, at_sink = 0, at_mixer = 0, moved = 0;
  gchar *stalls = stall_watch_describe (&live->stalls), *miss;
  gchar *at_mixer_worst, *at_sink_worst;

  for (i = 0; i < live->misses->len; i++) {
    Miss *m = &g_array_index (live->misses, Miss, i);
    gint64 from = live->zero_us + (gint64) (m->from / GST_USECOND);
    gint64 to = live->zero_us + (gint64) (m->to / GST_USECOND);

    m->stalled = stall_watch_longest_us (&live->stalls, from, to) *
        GST_USECOND;
    m->waited = m->tid == 0 ? 0 :
        stall_watch_waited_us (&live->stalls, m->tid, from, to) * GST_USECOND;
    if (MAX (m->stalled, m->waited) < m->excuse) {
      unexcused++;
      if (first == NULL)
        first = m;
    }
    if (g_str_equal (m->where, "the sink"))
      at_sink++;
    else if (g_str_equal (m->where, "the mixer"))
      at_mixer++;
    else
      moved++;
  }
  if (live->misses->len > 0) {
    const Miss *m = first != NULL ? first :
        &g_array_index (live->misses, Miss, 0);

    miss = g_strdup_printf (", %u of them not excused by the machine; %s "
        "pts %" GST_TIME_FORMAT " at %s, %" G_GINT64_FORMAT " ms late, from "
        "%.3f to %.3f s the longest stall %" G_GUINT64_FORMAT " ms and its "
        "thread's wait for a CPU %" G_GUINT64_FORMAT " ms (%" G_GUINT64_FORMAT
        " would excuse it)", unexcused, first != NULL ?
        "the first of those:" : "the first miss:", GST_TIME_ARGS (m->pts),
        m->where, m->late / GST_MSECOND, m->from / 1e9, m->to / 1e9,
        m->stalled / GST_MSECOND, m->waited / GST_MSECOND,
        m->excuse / GST_MSECOND);
  } else {
    miss = g_strdup ("");
  }
  at_mixer_worst = lateness (live->worst_at_mixer);
  at_sink_worst = lateness (live->worst_at_sink);
  *report = g_strdup_printf ("%u buffers dropped at the sink, %u late at the "
      "mixer, %u speech moved%s; the latest buffer %s at the mixer (pts %"
      GST_TIME_FORMAT "), %s at the sink; %s; the mixer's thread waited %"
      G_GINT64_FORMAT " ms for a CPU, synthesis %" G_GINT64_FORMAT " ms",
      at_sink, at_mixer, moved, miss, at_mixer_worst,
      GST_TIME_ARGS (live->worst_pts), at_sink_worst, stalls,
      stall_watch_waited_us (&live->stalls, live->mixer_tid, G_MININT64,
          G_MAXINT64) / 1000, stall_watch_waited_us (&live->stalls,
          live->speech_tid, G_MININT64, G_MAXINT64) / 1000);
  g_free (at_mixer_worst);
  g_free (at_sink_worst);
  g_free (miss);
  g_free (stalls);
  if (live->misses->len == 0)
    return LIVE_ON_TIME;
  return unexcused > 0 ? LIVE_LATE : LIVE_STARVED;
}

/* One attempt at a live check: a run from live_init() to live_stop(), its
 * misses and, in `changed`, what no stall can excuse. */
typedef void (*LiveAttempt) (Live * live, gpointer data);

/* Runs `attempt` until it is on time, LIVE_ATTEMPTS times at most. What
 * changed fails at once, whatever the stalls; so does a miss without
 * stalls in its own span. Only a run whose every miss came with them proves
 * nothing either way and is run again; when every attempt is starved so,
 * the test reports SKIP (exit 77, CK_FORK=no, as meson runs it) with the
 * numbers. `free_data` (or NULL) frees `data` before the test ends. */
static void
check_live_attempts (const gchar * name, LiveAttempt attempt, gpointer data,
    GDestroyNotify free_data)
{
  GString *starved = g_string_new (NULL);
  gchar *failure = NULL;
  gboolean on_time = FALSE;
  guint i;

  for (i = 1; i <= LIVE_ATTEMPTS && !on_time && failure == NULL; i++) {
    Live live;
    LiveVerdict verdict;
    gchar *report, *changed;

    attempt (&live, data);
    verdict = live_judge (&live, &report);
    changed = g_steal_pointer (&live.changed);
    live_clear (&live);
    g_print ("%s, attempt %u: %s\n", name, i, report);
    if (changed != NULL || verdict == LIVE_LATE) {
      failure = g_strdup_printf ("%s, attempt %u: %s%s%s", name, i,
          changed != NULL ? changed : "", changed != NULL ? "; " : "", report);
    } else if (verdict == LIVE_ON_TIME) {
      on_time = TRUE;
    } else {
      g_printerr ("%s, attempt %u, on a starved machine: %s\n", name, i,
          report);
      g_string_append_printf (starved, "%sattempt %u: %s",
          starved->len > 0 ? "; " : "", i, report);
    }
    g_free (changed);
    g_free (report);
  }
  /* Nothing left alive for the leaks tracer to report at exit. */
  if (free_data != NULL)
    free_data (data);
  if (!on_time && failure == NULL) {
    g_printerr ("SKIP: the machine did not run the live test in time "
        "(%s)\n", starved->str);
    g_string_free (starved, TRUE);
    exit (77);
  }
  g_string_free (starved, TRUE);
  if (failure != NULL)
    fail ("%s", failure);
}

/* The speech alone, silence left out: what must be the same sample for
 * sample wherever it was placed. */
static GArray *
speech_content (Output * out)
{
  GArray *content = g_array_new (FALSE, FALSE, sizeof (gfloat));
  gsize at = 0;
  guint i;

  for (i = 0; i < out->buffers->len; i++) {
    GstBuffer *buf = g_ptr_array_index (out->buffers, i);
    gsize n = gst_buffer_get_size (buf) / sizeof (gfloat);

    if (!GST_BUFFER_FLAG_IS_SET (buf, GST_BUFFER_FLAG_GAP))
      g_array_append_vals (content, SAMPLES (out) + at, n);
    at += n;
  }
  return content;
}

static gboolean
same_content (Output * live, Output * offline)
{
  GArray *want = speech_content (offline), *got = speech_content (live);
  gboolean same = got->len == want->len
      && memcmp (got->data, want->data, want->len * sizeof (gfloat)) == 0;

  g_array_free (want, TRUE);
  g_array_free (got, TRUE);
  return same;
}

/* The offline render's samples in the same places. */
static gboolean
same_placement (Output * live, Output * offline)
{
  return LENGTH (live) >= LENGTH (offline)
      && memcmp (SAMPLES (live), SAMPLES (offline),
      LENGTH (offline) * sizeof (gfloat)) == 0;
}

/* Speech that is the offline render's but not in its place was moved when
 * its synthesis fell behind the clock, between the first place where the
 * two differ, where it was due, and where it went: a miss of that span. */
static void
add_moved_speech (Live * live, Output * offline)
{
  GArray *want = speech_runs (offline), *got = speech_runs (live->speech);
  guint i = 0, n = MIN (want->len, got->len);
  Miss miss = { .where = "speech" };

  while (i < n && RUN (want, i) == RUN (got, i))
    i++;
  if (i < n) {
    miss.from = to_time (MIN (RUN (want, i), RUN (got, i)));
    miss.to = to_time (MAX (RUN (want, i), RUN (got, i)));
  } else {
    /* One has runs the other lacks: from the last they share. */
    GArray *more = want->len > got->len ? want : got;

    miss.from = i > 0 ? to_time (RUN (more, i - 1)) : 0;
    miss.to = i < more->len ? to_time (RUN (more, i)) : miss.from;
  }
  miss.pts = miss.from;
  miss.late = miss.to - miss.from;
  miss.excuse = (live->early - live->margin) / 2;
  miss.tid = g_atomic_int_get (&live->speech_tid);
  g_array_append_val (live->misses, miss);
  g_array_free (want, TRUE);
  g_array_free (got, TRUE);
}

static void
hold_for (StallSource * stall, G_GNUC_UNUSED GstClockTime t)
{
  g_usleep (GPOINTER_TO_SIZE (stall->data));
}

/* Holds up the synthesis of the caption at `pts` for `hold` before it has
 * any audio: the elements read the controls at the caption's start before
 * its first utterance, so the stall is armed from the start. */
static void
hold_first_audio (GstElement * tts, GstClockTime pts, GstClockTime hold)
{
  StallSource *stall = stall_bind (tts, pts, hold_for,
      GSIZE_TO_POINTER ((gsize) (hold / GST_USECOND)));

  g_mutex_lock (&stall->lock);
  stall->armed = TRUE;
  g_mutex_unlock (&stall->lock);
}

/* What check_live() speaks, and the offline render to compare with. */
typedef struct
{
  const gchar *overflow;
  const Caption *captions;
  guint n;
  GstClockTime eos_at, hold;
  Output *offline;
} LiveCheck;

static void
live_check_attempt (Live * live, gpointer data)
{
  LiveCheck *lc = data;
  gchar *properties = g_strdup_printf ("overflow=%s", lc->overflow);

  live_init (live, properties, lc->captions, lc->n, lc->eos_at);
  g_free (properties);
  if (lc->hold > 0) {
    /* Held up, the first caption's speech is moved, not the offline
     * render's in place; what must hold then is the margin of what is
     * pushed in its place, a period before its deadline. */
    hold_first_audio (live->tts, lc->captions[0].pts, lc->hold);
    live->early = LIVE_PERIOD;
    live->margin = HELD_MARGIN;
  }
  live_play (live);
  live_stop (live);
  if (!same_content (live->speech, lc->offline))
    live->changed = g_strdup ("the speech is not the offline render's");
  else if (lc->hold == 0 && !same_placement (live->speech, lc->offline))
    add_moved_speech (live, lc->offline);
}

static void
live_check_free (gpointer data)
{
  output_free (((LiveCheck *) data)->offline);
}

/* Speaks `captions` live with `overflow` and checks that it was on time
 * everywhere: the sink dropped (and posted QoS for) no buffer, the mixer
 * went on without no buffer of inflecttts's, and the speech is the offline
 * render's, sample for sample and in the same places (speech that cannot
 * be on time is moved later). Only the stalls of a miss's own span can
 * excuse it (check_live_attempts()); speech that is not the offline
 * render's, wherever it is, fails. */
static void
check_live (const gchar * overflow, const Caption * captions, guint n,
    GstClockTime eos_at, GstClockTime hold)
{
  LiveCheck lc = { overflow, captions, n, eos_at, hold,
    speak_captions (overflow, captions, n)
  };
  gchar *name = g_strdup_printf ("%s live%s", overflow, hold > 0 ?
      ", held" : "");

  check_live_attempts (name, live_check_attempt, &lc, live_check_free);
  g_free (name);
}

/* Each caption has less time than its speech needs: shift runs over, fit
 * speeds up. The first comes once the pipeline had time to reach PLAYING
 * (the mixer's first output waits for the latency, 1 s: generous, as the
 * test machine may be busy with other work). */
static const Caption live_captions[] = {
  {TEXT_A, 2000 * GST_MSECOND, 2500 * GST_MSECOND},
  {TEXT_C, 4500 * GST_MSECOND, 2000 * GST_MSECOND},
};

GST_START_TEST (test_live_shift)
{
  check_live ("shift", live_captions, G_N_ELEMENTS (live_captions),
      6500 * GST_MSECOND, 0);
}

GST_END_TEST;

GST_START_TEST (test_live_fit)
{
  check_live ("fit", live_captions, G_N_ELEMENTS (live_captions),
      6500 * GST_MSECOND, 0);
}

GST_END_TEST;

/* The first caption's first audio comes 1.5 s late, 700 ms past the time
 * the element waits for it: the silence pushed in its place must still
 * reach the mixer with HELD_MARGIN to spare, not just at its deadline. */
GST_START_TEST (test_live_held)
{
  check_live ("shift", live_captions, G_N_ELEMENTS (live_captions),
      6500 * GST_MSECOND, 1500 * GST_MSECOND);
}

GST_END_TEST;

/* Captions a second apart, each running into the next (shift), as a
 * captioner sends them. */
static const Caption unqueued_captions[] = {
  {TEXT_A, 2000 * GST_MSECOND, 1000 * GST_MSECOND},
  {TEXT_C, 3000 * GST_MSECOND, 1000 * GST_MSECOND},
  {TEXT_B, 4000 * GST_MSECOND, 1000 * GST_MSECOND},
};

static void
unqueued_attempt (Live * live, gpointer data)
{
  LiveCheck *lc = data;
  GArray *runs;
  guint i, j, disconts = 0;

  live_init_full (live, "overflow=shift word-messages=true", lc->captions,
      lc->n, lc->eos_at, FALSE);
  live_play (live);
  live_stop (live);
  for (i = 1; i < live->speech->buffers->len; i++)
    if (GST_BUFFER_FLAG_IS_SET (g_ptr_array_index (live->speech->buffers, i),
            GST_BUFFER_FLAG_DISCONT))
      disconts++;
  runs = speech_runs (live->speech);
  /* Each word is posted with its audio: where the output has speech. */
  for (i = 0; i < live->m->words->len; i++) {
    const Word *w = &g_array_index (live->m->words, Word, i);
    guint64 at = to_samples (w->timestamp);

    for (j = 0; j + 1 < runs->len && !(RUN (runs, j) <= at
            && at < RUN (runs, j + 1)); j += 2);
    if (j + 1 >= runs->len && live->changed == NULL)
      live->changed = g_strdup_printf ("the word \"%s\" was posted at %.3f "
          "s, where the output has no speech", w->word, w->timestamp / 1e9);
  }
  g_array_free (runs, TRUE);
  if (live->changed != NULL)
    return;
  if (live->m->words->len == 0)
    live->changed = g_strdup ("no word messages");
  else if (disconts > 0)
    live->changed = g_strdup_printf ("%u DISCONT after the first buffer",
        disconts);
  else if (!same_content (live->speech, lc->offline))
    live->changed = g_strdup ("the speech is not the offline render's");
  else if (!same_placement (live->speech, lc->offline))
    add_moved_speech (live, lc->offline);
}

/* Live into a synchronised sink with no queue before it (docs/gstreamer.md,
 * "Live pipelines"): the sink holds each push until its time, which may
 * hold up the clock task that pushes, never synthesis. Speech held up so
 * came late and was moved, a piece at a time, and its words were posted
 * where their audio was not: now the speech is the offline render's,
 * sample for sample and in place, on one timeline, and each word is posted
 * where its audio is. Speech moved all the same is a miss, excused only by
 * the machine's stalls in its span (check_live_attempts()). */
GST_START_TEST (test_live_unqueued)
{
  LiveCheck lc = { "shift", unqueued_captions,
    G_N_ELEMENTS (unqueued_captions), 8000 * GST_MSECOND, 0,
    speak_captions ("shift", unqueued_captions,
        G_N_ELEMENTS (unqueued_captions))
  };

  check_live_attempts ("shift live, no queue", unqueued_attempt, &lc,
      live_check_free);
}

GST_END_TEST;

/* An operator turns pitch-range from 1 to 0 between two live captions
 * (docs/gstreamer.md, "Live captions"), on an Inflect v2 voice whose file
 * stores no F0 centre (the Nano-v2 fixture): the engine must derive the
 * speaker's centre (a synthesis of a paragraph, 0.9-1.3 s here, seconds on
 * real voices) before it can speak at range 0. Done when the range changes,
 * it holds the second caption back on air; the element derives it in the
 * background from READY->PAUSED instead, so the second caption's speech
 * starts at its timestamp and reaches the mixer in time. The captions are
 * 4 s apart, time the background work has even on a busy test machine. */
static const Caption range_captions[] = {
  {"Hello there.", 1500 * GST_MSECOND, 2000 * GST_MSECOND},
  {"Good evening.", 5500 * GST_MSECOND, 2000 * GST_MSECOND},
};

#define RANGE_CHANGE_AT (4500 * GST_MSECOND)

static void
change_range (Live * live, guint i)
{
  if (i == 1) {
    wait_for_running_time (live->pipeline, RANGE_CHANGE_AT);
    g_object_set (live->tts, "pitch-range", 0.0, NULL);
  }
}

static void
range_change_attempt (Live * live, gpointer data)
{
  const Caption *second = &range_captions[1];
  gchar *properties = g_strdup_printf ("voice=\"%s\" overflow=shift",
      (const gchar *) data);
  GArray *runs;
  gint64 delay;
  gint centre;
  guint i;

  live_init (live, properties, range_captions,
      G_N_ELEMENTS (range_captions), 8000 * GST_MSECOND);
  g_free (properties);
  live->before_caption = change_range;
  live_play (live);
  /* The derivation began at READY->PAUSED, on a thread of the element. */
  centre = stall_watch_find_thread ("inflect-centre");
  stall_watch_follow (&live->stalls, centre);
  live_stop (live);
  /* What this test is about is where the speech starts and what reaches
   * the mixer; the sink's drops are check_live()'s to judge. */
  for (i = live->misses->len; i > 0; i--)
    if (g_str_equal (g_array_index (live->misses, Miss, i - 1).where,
            "the sink"))
      g_array_remove_index (live->misses, i - 1);

  /* Two runs of speech; the second starts where its caption does, not
   * after a pause for the measurement (shift moves late speech later). */
  runs = speech_runs (live->speech);
  for (i = 0; i < runs->len && RUN (runs, i) < to_samples (second->pts); i += 2);
  fail_unless (i < runs->len);
  delay = (gint64) RUN (runs, i) - (gint64) to_samples (second->pts);
  g_array_free (runs, TRUE);
  g_print ("pitch-range change: second caption's speech %.3f s after its "
      "timestamp\n", (gdouble) delay / RATE);
  /* Sanitized, the derivation is still running when the range changes
   * (30 s of it): the second caption waits for the rest of it, and the
   * rest of the run is late with it. */
  if (SANITIZED) {
    g_array_set_size (live->misses, 0);
  } else if (delay < 0) {
    live->changed = g_strdup_printf ("the second caption's speech starts "
        "%.3f s early", (gdouble) -delay / RATE);
  } else if (delay >= RATE / 20 && centre != 0) {
    /* The derivation was due from the start to when the speech needed it;
     * it had 4.5 s for its second or so of work: a machine that kept it
     * waiting for a CPU half that time is too busy to tell. */
    Miss miss = { "speech", second->pts, to_time (delay), 0,
      second->pts + to_time (delay), RANGE_CHANGE_AT / 2, centre, 0, 0
    };

    g_array_append_val (live->misses, miss);
  } else if (delay >= RATE / 20) {
    /* No derivation ahead: the speech was due from the change on. */
    Miss miss = { "speech", second->pts, to_time (delay), RANGE_CHANGE_AT,
      second->pts + to_time (delay), MIXER_SLACK / 2,
      g_atomic_int_get (&live->speech_tid), 0, 0
    };

    g_array_append_val (live->misses, miss);
  }
}

/* In a process of its own (tests/gst/meson.build), like check_live(), and
 * judged the same way (check_live_attempts()). The derivation runs at nice
 * +10: a machine busy enough starves it, and its thread's wait for a CPU
 * is what tells that from an element that did not derive ahead. */
GST_START_TEST (test_live_pitch_range_change)
{
  const gchar *nano = g_getenv ("INFLECT_V2_NANO");

  fail_unless (nano != NULL);
  check_live_attempts ("pitch-range change", range_change_attempt,
      (gpointer) nano, NULL);
}

GST_END_TEST;


/* The element derives the centre from READY->PAUSED on a thread of its own;
 * leaving PAUSED soon after must cancel it, not wait the second or more it
 * takes, and leave nothing behind (the leaks tracer; the sanitizer build).
 * Each round opens the voice afresh, so each starts a derivation. The
 * cancel takes at the derivation's next audio (inflect.h): at most 50 ms
 * here in release, 0.32 s sanitized, on a busy 2-core machine; sanitized
 * synthesis is many times slower (the derivation alone about 30 s, see
 * test_live_pitch_range_change), so its bound is 5 s, still far from
 * waiting for the whole derivation. */
GST_START_TEST (test_centre_ahead_stops)
{
  const gchar *nano = g_getenv ("INFLECT_V2_NANO");
  guint round;

  fail_unless (nano != NULL);
  for (round = 0; round < 8; round++) {
    gchar *desc = round % 2 ?
        g_strdup_printf ("inflectsrc voice=\"%s\" text=\"Hello.\" ! "
        "fakesink sync=true", nano) :
        g_strdup_printf ("appsrc caps=text/x-raw,format=utf8 ! "
        "inflecttts voice=\"%s\" ! fakesink", nano);
    GstElement *pipeline = gst_parse_launch (desc, NULL);
    gint64 start, took;

    fail_unless (pipeline != NULL);
    fail_if (gst_element_set_state (pipeline, GST_STATE_PAUSED) ==
        GST_STATE_CHANGE_FAILURE);
    gst_element_get_state (pipeline, NULL, NULL, 100 * GST_MSECOND);
    /* Before the derivation starts (100 ms after the voice opened, with
     * nothing spoken), or while it runs. */
    g_usleep (g_random_int_range (0, 400000));
    start = g_get_monotonic_time ();
    fail_unless_equals_int (gst_element_set_state (pipeline, GST_STATE_NULL),
        GST_STATE_CHANGE_SUCCESS);
    took = g_get_monotonic_time () - start;
    g_print ("centre ahead, round %u: PAUSED->NULL in %.3f s\n", round,
        took / 1e6);
    fail_unless (took < (SANITIZED ? 5000 : 500) * G_TIME_SPAN_MILLISECOND,
        "round %u: PAUSED->NULL took %.3f s", round, took / 1e6);
    gst_object_unref (pipeline);
    g_free (desc);
  }
}

GST_END_TEST;

/* Whether a thread of this process is named `name` now (Linux: GLib names
 * its threads; the derivation's is "inflect-centre"). */
static gboolean
thread_running (const gchar * name)
{
  GDir *dir = g_dir_open ("/proc/self/task", 0, NULL);
  const gchar *tid;
  gboolean found = FALSE;

  fail_unless (dir != NULL, "no /proc/self/task to look for threads in");
  while (!found && (tid = g_dir_read_name (dir)) != NULL) {
    gchar *path = g_build_filename ("/proc/self/task", tid, "comm", NULL);
    gchar *comm = NULL;

    if (g_file_get_contents (path, &comm, NULL, NULL))
      found = strcmp (g_strchomp (comm), name) == 0;
    g_free (comm);
    g_free (path);
  }
  g_dir_close (dir);
  return found;
}

/* pitch-centre-ahead false, or low-memory true: no derivation ahead (no
 * thread for it, from READY->PAUSED to well past when one would have begun
 * and, on the Nano fixture, still run); the default starts one, which shows
 * that the look would see it. The pipeline plays, so "ahead" would also
 * have passed its wait for the first audio. */
GST_START_TEST (test_centre_ahead_off)
{
  static const gchar *const settings[] = {
    "pitch-centre-ahead=false", "low-memory=true", ""
  };
  const gchar *nano = g_getenv ("INFLECT_V2_NANO");
  guint i;

  fail_unless (nano != NULL);
  for (i = 0; i < G_N_ELEMENTS (settings); i++) {
    gboolean ahead = *settings[i] == '\0';
    gchar *desc = g_strdup_printf ("inflectsrc voice=\"%s\" %s "
        "text=\"Hello.\" ! fakesink sync=true", nano, settings[i]);
    GstElement *pipeline = gst_parse_launch (desc, NULL);
    gint64 until;
    gboolean seen = FALSE;

    fail_unless (pipeline != NULL);
    fail_if (thread_running ("inflect-centre"));
    fail_if (gst_element_set_state (pipeline, GST_STATE_PLAYING) ==
        GST_STATE_CHANGE_FAILURE);
    until = g_get_monotonic_time () + 600 * G_TIME_SPAN_MILLISECOND;
    while (!seen && g_get_monotonic_time () < until) {
      seen = thread_running ("inflect-centre");
      g_usleep (5000);
    }
    fail_unless (seen == ahead, "%s: a derivation thread %s",
        ahead ? "default" : settings[i], seen ? "ran" : "never ran");
    fail_unless_equals_int (gst_element_set_state (pipeline, GST_STATE_NULL),
        GST_STATE_CHANGE_SUCCESS);
    gst_object_unref (pipeline);
    g_free (desc);
  }
}

GST_END_TEST;

/* Live state changes while captions arrive: the clock task may be blocked
 * in the sink's preroll when a PAUSED comes; upstream, a live appsrc sends
 * its caps and segment with its live lock held, which its own PAUSED needs.
 * Nothing may wait for anything else in a circle. */
GST_START_TEST (test_live_state_changes)
{
  static const GstState states[] = {
    GST_STATE_PLAYING, GST_STATE_PAUSED, GST_STATE_PLAYING, GST_STATE_READY,
    GST_STATE_PLAYING, GST_STATE_PAUSED, GST_STATE_NULL
  };
  guint round, i;

  for (round = 0; round < 6; round++) {
    GstElement *pipeline = gst_parse_launch ("appsrc name=text is-live=true "
        "format=time do-timestamp=true caps=text/x-raw,format=utf8 ! "
        "inflecttts ! fakesink sync=true", NULL);
    GstElement *appsrc = gst_bin_get_by_name (GST_BIN (pipeline), "text");

    for (i = 0; i < G_N_ELEMENTS (states); i++) {
      GstStateChangeReturn ret;

      fail_if (gst_element_set_state (pipeline, states[i]) ==
          GST_STATE_CHANGE_FAILURE);
      ret = gst_element_get_state (pipeline, NULL, NULL, 10 * GST_SECOND);
      fail_unless (ret == GST_STATE_CHANGE_SUCCESS
          || (ret == GST_STATE_CHANGE_NO_PREROLL
              && states[i] == GST_STATE_PAUSED), "round %u, state %s: %s",
          round, gst_element_state_get_name (states[i]),
          gst_element_state_change_return_get_name (ret));
      if (states[i] == GST_STATE_PLAYING) {
        GstBuffer *buf = text_buffer (TEXT_A, GST_CLOCK_TIME_NONE,
            GST_CLOCK_TIME_NONE);
        GstFlowReturn flow;

        g_signal_emit_by_name (appsrc, "push-buffer", buf, &flow);
        gst_buffer_unref (buf);
      }
      g_usleep (g_random_int_range (0, 150000));
    }
    gst_object_unref (appsrc);
    gst_object_unref (pipeline);
  }
}

GST_END_TEST;


/* ------------------------------------------------------------------ */
/* Live inflectsrc on the system clock, synthesis held up */

typedef struct
{
  GMutex lock;
  GCond cond;
  GstElement *pipeline;
  GstClockTime behind;          /* how late the stall makes the audio after it */
  GstClockTime origin;          /* running time of stream time 0 */
  guint buffers;
  guint disconts;               /* after the first buffer */
  GstClockTimeDiff worst;       /* most a buffer arrived after its time */
  GstClockTime stall;           /* how long synthesis was held up */
  GstClockTime latency;         /* the sink's */
} LiveSrc;

static GstPadProbeReturn
on_live_buffer (G_GNUC_UNUSED GstPad * pad, GstPadProbeInfo * info,
    gpointer data)
{
  LiveSrc *ls = data;
  GstBuffer *buf = GST_PAD_PROBE_INFO_BUFFER (info);
  GstClockTimeDiff late = GST_CLOCK_DIFF (GST_BUFFER_PTS (buf),
      running_time_now (ls->pipeline));

  g_mutex_lock (&ls->lock);
  if (GST_BUFFER_FLAG_IS_SET (buf, GST_BUFFER_FLAG_DISCONT)) {
    if (ls->buffers > 0)
      ls->disconts++;
    ls->origin = GST_BUFFER_PTS (buf) - to_time (GST_BUFFER_OFFSET (buf));
  }
  ls->buffers++;
  ls->worst = MAX (ls->worst, late);
  g_cond_broadcast (&ls->cond);
  g_mutex_unlock (&ls->lock);
  return GST_PAD_PROBE_OK;
}

/* Holds synthesis until the sample at stream time t is `behind` late on
 * the current timeline, whatever was ready: a stall of the audio that was
 * ready plus `behind`. */
static void
hold_behind (StallSource * stall, GstClockTime t)
{
  LiveSrc *ls = stall->data;
  GstClockTime origin, start;

  g_mutex_lock (&ls->lock);
  while (ls->buffers == 0)
    g_cond_wait (&ls->cond, &ls->lock);
  origin = ls->origin;
  g_mutex_unlock (&ls->lock);

  start = running_time_now (ls->pipeline);
  wait_for_running_time (ls->pipeline, origin + t + ls->behind);
  ls->stall = running_time_now (ls->pipeline) - start;
}

/* Speaks a sentence live into a synchronised fakesink with `latency`,
 * synthesis held up once at 1.5 s or later until the audio there is
 * 250 ms late; checks the latency the source reports. Without a queue the
 * sink holds the streaming thread back by the latency, and the queue of
 * synthesized audio must grow by as much; with one, the streaming thread
 * follows the clock, and the element must wait for late audio. */
static void
speak_live_stalled (guint latency, gboolean queue, LiveSrc * ls)
{
  gchar *desc = g_strdup_printf ("inflectsrc name=src is-live=true ! "
      "audio/x-raw,format=F32LE ! %s fakesink name=sink sync=true",
      queue ? "queue !" : "");
  GstElement *pipeline = gst_parse_launch (desc, NULL);
  GstElement *src = gst_bin_get_by_name (GST_BIN (pipeline), "src");
  GstElement *sink = gst_bin_get_by_name (GST_BIN (pipeline), "sink");
  GstClock *clock = gst_system_clock_obtain ();
  GstPad *pad = gst_element_get_static_pad (sink, "sink");
  GstBus *bus = gst_element_get_bus (pipeline);
  GstClockTime min;
  GstMessage *msg;
  GstQuery *query;
  gboolean live;

  memset (ls, 0, sizeof *ls);
  g_mutex_init (&ls->lock);
  g_cond_init (&ls->cond);
  ls->pipeline = pipeline;
  ls->behind = 250 * GST_MSECOND;

  g_object_set (src, "text", TEXT_A, "latency", latency, NULL);
  stall_bind (src, 1500 * GST_MSECOND, hold_behind, ls);
  gst_pipeline_use_clock (GST_PIPELINE (pipeline), clock);
  gst_pad_add_probe (pad, GST_PAD_PROBE_TYPE_BUFFER, on_live_buffer, ls,
      NULL);

  fail_unless (gst_element_set_state (pipeline, GST_STATE_PLAYING) !=
      GST_STATE_CHANGE_FAILURE);
  msg = gst_bus_timed_pop_filtered (bus, 30 * GST_SECOND,
      GST_MESSAGE_EOS | GST_MESSAGE_ERROR);
  fail_unless (msg != NULL && GST_MESSAGE_TYPE (msg) == GST_MESSAGE_EOS);
  gst_message_unref (msg);

  /* One buffer, as a capture device's, plus the property; the sink adds
   * its processing deadline. */
  query = gst_query_new_latency ();
  fail_unless (gst_element_query (src, query));
  gst_query_parse_latency (query, &live, &min, NULL);
  gst_query_unref (query);
  fail_unless (live);
  fail_unless_equals_uint64 (min, to_time (1024) + latency * GST_MSECOND);
  ls->latency = gst_base_sink_get_latency (GST_BASE_SINK (sink));
  fail_unless (ls->latency >= min);

  gst_element_set_state (pipeline, GST_STATE_NULL);
  gst_object_unref (bus);
  gst_object_unref (pad);
  gst_object_unref (clock);
  gst_object_unref (sink);
  gst_object_unref (src);
  gst_object_unref (pipeline);
  g_mutex_clear (&ls->lock);
  g_cond_clear (&ls->cond);
  g_free (desc);
}

GST_START_TEST (test_src_live_stall)
{
  /* What scheduling on a loaded machine may add to a buffer's way to the
   * sink; a stall that got through would add 200 ms and more. */
  const GstClockTimeDiff tolerance = 100 * GST_MSECOND;
  LiveSrc ls;
  guint queue;

  /* With 500 ms of latency, synthesis held up for all the audio it had
   * ready plus 250 ms goes unheard: the timeline stays, and every buffer
   * reaches the sink by its time plus the latency the sink works with. */
  for (queue = 0; queue < 2; queue++) {
    speak_live_stalled (500, queue, &ls);
    GST_INFO ("queue %u: stall %" GST_TIME_FORMAT ", worst arrival %"
        GST_STIME_FORMAT " after the time", queue, GST_TIME_ARGS (ls.stall),
        GST_STIME_ARGS (ls.worst));
    fail_unless (ls.stall > GST_SECOND, "the stall lasted %" GST_TIME_FORMAT,
        GST_TIME_ARGS (ls.stall));
    fail_unless_equals_int (ls.disconts, 0);
    fail_unless (ls.worst <= GST_CLOCK_DIFF (0, ls.latency) + tolerance,
        "a buffer came %" GST_STIME_FORMAT " after its time, latency %"
        GST_TIME_FORMAT, GST_STIME_ARGS (ls.worst),
        GST_TIME_ARGS (ls.latency));
  }

  /* Without, the same stall restarts the timeline: that is what the
   * latency saves. */
  speak_live_stalled (0, FALSE, &ls);
  fail_unless (ls.disconts >= 1);
}

GST_END_TEST;

static Suite *
inflect_suite (void)
{
  Suite *s = suite_create ("inflect");
  TCase *tc = tcase_create ("general");

  GST_DEBUG_CATEGORY_INIT (test_debug, "inflect-test", 0,
      "the GstCheck tests of the Inflect plugin");

  suite_add_tcase (s, tc);
  tcase_add_test (tc, test_registry);
  tcase_add_test (tc, test_src_caps_and_timestamps);
  tcase_add_test (tc, test_src_s16);
  tcase_add_test (tc, test_src_seek);
  tcase_add_test (tc, test_src_seek_reverse_and_from_end);
  tcase_add_test (tc, test_src_seek_skips);
  tcase_add_test (tc, test_src_seek_long_sentence);
  tcase_add_test (tc, test_src_live);
  tcase_add_test (tc, test_src_live_restart_then_text);
  tcase_add_test (tc, test_src_live_stall);
  tcase_add_test (tc, test_src_text_change);
  tcase_add_test (tc, test_src_duration);
  tcase_add_test (tc, test_src_duration_curve);
  tcase_add_test (tc, test_src_duration_live);
  tcase_add_test (tc, test_src_duration_text_change);
  tcase_add_test (tc, test_src_duration_cut_text);
  tcase_add_test (tc, test_src_empty_and_invalid_text);
  tcase_add_test (tc, test_src_error_shutdown);
  tcase_add_test (tc, test_src_refuses_controls);
  tcase_add_test (tc, test_src_word_messages);
  tcase_add_test (tc, test_speaker);
  tcase_add_test (tc, test_speaker_unknown_while_playing);
  tcase_add_test (tc, test_upstream_pair);
  tcase_add_test (tc, test_controller_values);
  tcase_add_test (tc, test_controller_mid_stream);
  tcase_add_test (tc, test_tts_back_to_back);
  tcase_add_test (tc, test_tts_untimed_pieces);
  tcase_add_test (tc, test_tts_nul_is_a_word_break);
  tcase_add_test (tc, test_tts_markup);
  tcase_add_test (tc, test_tts_markup_escaped_tag);
  tcase_add_test (tc, test_tts_markup_overrides);
  tcase_add_test (tc, test_tts_markup_unclosed);
  tcase_add_test (tc, test_tts_descriptions);
  tcase_add_test (tc, test_tts_catch_up);
  tcase_add_test (tc, test_tts_unreadable);
  tcase_add_test (tc, test_tts_reverse_seek);
  tcase_add_test (tc, test_src_not_negotiated);
  tcase_add_test (tc, test_not_negotiated_at_start);
  tcase_add_test (tc, test_voice_replaced);
  tcase_add_test (tc, test_tts_not_negotiated);
  tcase_add_test (tc, test_tts_segment_stop);
  tcase_add_test (tc, test_tts_invalid_utf8);
  tcase_add_test (tc, test_tts_overflow_clip);
  tcase_add_test (tc, test_tts_overflow_clip_passed);
  tcase_add_test (tc, test_tts_overflow_shift);
  tcase_add_test (tc, test_tts_overflow_overlap);
  tcase_add_test (tc, test_tts_overflow_overlap_window);
  tcase_add_test (tc, test_tts_blank_caption);
  tcase_add_test (tc, test_tts_overflow_fit);
  tcase_add_test (tc, test_tts_flush);
  tcase_add_test (tc, test_tts_live_events_while_held);
  tcase_add_test (tc, test_tts_seek);
  tcase_add_test (tc, test_tts_latency);
  tcase_add_test (tc, test_tts_in_bin);
  tcase_add_test (tc, test_srt_alignment);
  tcase_add_test (tc, test_srt_to_wav);
  tcase_add_test (tc, test_negotiation);
  tcase_add_test (tc, test_bad_voice);
  tcase_add_test (tc, test_threads);
  tcase_add_test (tc, test_parallel_pipelines);
  tcase_add_test (tc, test_fifo_voice);
  tcase_add_test (tc, test_max_duration);
  tcase_add_test (tc, test_voice_fixed_once_started);
  tcase_add_test (tc, test_state_changes);
  tcase_add_test (tc, test_live_shift);
  tcase_add_test (tc, test_live_fit);
  tcase_add_test (tc, test_live_held);
  tcase_add_test (tc, test_live_unqueued);
  tcase_add_test (tc, test_live_pitch_range_change);
  tcase_add_test (tc, test_centre_ahead_stops);
  tcase_add_test (tc, test_centre_ahead_off);
  tcase_add_test (tc, test_live_state_changes);
  return s;
}

GST_CHECK_MAIN (inflect);
