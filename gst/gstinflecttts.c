/* GStreamer plugin for Inflect: inflecttts.
 *
 * Copyright (C) 2026 The Inflect authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/**
 * SECTION:element-inflecttts
 * @title: inflecttts
 * @see_also: inflectsrc, subparse
 *
 * Speaks each text buffer it receives with the Inflect neural text-to-speech
 * engine, starting at the buffer's timestamp, and fills the time between
 * with silence, so the audio track lines up with the text: subtitles in, a
 * dubbing track out. Pango markup (what subparse produces) is stripped
 * before speaking; #GstInflectTts:word-messages reports word offsets in the
 * text as received, markup included.
 *
 * Silence is pushed as zero-filled buffers flagged GAP, so that elements that
 * ignore timestamps (wavenc) still write an aligned file while mixers can
 * skip it. Buffers without a timestamp are spoken one after the other, after
 * everything spoken so far.
 *
 * When speech is longer than its buffer's duration, #GstInflectTts:overflow
 * decides: `clip` cuts it, `overlap` mixes the next text over its end,
 * `shift` delays the next text, and `fit` speaks faster through the length
 * scale, at most by #GstInflectTts:max-rate, and shifts what still does not
 * fit. `fit` first measures a caption (the duration predictor alone, a small
 * part of the work), then synthesizes it once, faster if it is too long;
 * the first buffer of a caption leaves once the whole caption is
 * synthesized, while the other modes push each chunk as soon as the
 * vocoder delivers it. `overlap` holds back audio
 * past the end of a caption until the next text, a GAP event or EOS arrives,
 * since only then is it known what to mix into it.
 *
 * In a live pipeline audio for a caption timestamped T is ready a little
 * after T; #GstInflectTts:latency is added to the upstream latency so sinks
 * wait for it. Set it to at least the time the voice takes to produce its
 * first chunk (for `fit`, the time to synthesize a whole caption).
 *
 * A flush (for example from a flushing seek) cancels synthesis in progress.
 *
 * ## The voice properties
 *
 * #GstInflectTts:length-scale, #GstInflectTts:pitch-scale and
 * #GstInflectTts:energy-scale are controllable. The element synchronizes
 * them (gst_object_sync_values()) after every chunk of audio at the stream
 * time reached, but the engine only reads them at the start of each
 * utterance, that is each sentence or clause: a control curve acts at
 * utterance granularity, not sample by sample. With a plain
 * #GstDirectControlBinding, control values 0..1 map to the whole range of
 * each property: length-scale 0.25..4 (1.0 is at 0.2), pitch-scale and
 * energy-scale 0..2 (1.0 is at 0.5). gst_direct_control_binding_new_absolute()
 * takes property values instead.
 *
 * ## Word messages
 *
 * With #GstInflectTts:word-messages, an element message named
 * `inflect-word` is posted for each spoken word just before the buffer that
 * holds its first sample is pushed. Its fields: `word` (string, as spoken,
 * markup removed), `offset` and `length` (guint64, bytes in the text
 * buffer or property as received), `timestamp`, `stream-time`,
 * `running-time` and `duration` (guint64 nanoseconds).
 *
 * ## Example launch lines
 * |[
 * gst-launch-1.0 filesrc location=movie.srt ! subparse ! inflecttts ! audioconvert ! wavenc ! filesink location=dub.wav
 * ]| A dubbing track aligned to the subtitles.
 * |[
 * gst-launch-1.0 filesrc location=movie.srt ! subparse ! inflecttts overflow=clip ! audioconvert ! audioresample ! autoaudiosink
 * ]| Reads the subtitles aloud in time, never running past a caption.
 */
#include "gstinflecttts.h"

#include <string.h>

GST_DEBUG_CATEGORY_STATIC (gst_inflect_tts_debug);
#define GST_CAT_DEFAULT gst_inflect_tts_debug

enum
{
  PROP_OVERFLOW = GST_INFLECT_PROP_LAST,
  PROP_MAX_RATE,
  PROP_LATENCY
};

#define DEFAULT_OVERFLOW GST_INFLECT_OVERFLOW_FIT
#define DEFAULT_MAX_RATE 1.5
#define DEFAULT_LATENCY 500

/* Buffers of silence and held-back speech are cut in pieces of this many
 * per second, so that a long gap does not become one huge buffer. */
#define PIECES_PER_SECOND 10
/* Clipped speech fades out over this many per second (10 ms). */
#define FADES_PER_SECOND 100

static GstStaticPadTemplate sink_template = GST_STATIC_PAD_TEMPLATE ("sink",
    GST_PAD_SINK,
    GST_PAD_ALWAYS,
    GST_STATIC_CAPS ("text/x-raw, format = (string) { utf8, pango-markup }"));

static GstStaticPadTemplate src_template = GST_STATIC_PAD_TEMPLATE ("src",
    GST_PAD_SRC,
    GST_PAD_ALWAYS,
    GST_STATIC_CAPS (GST_INFLECT_AUDIO_CAPS));

GType
gst_inflect_overflow_get_type (void)
{
  static gsize type;
  static const GEnumValue values[] = {
    {GST_INFLECT_OVERFLOW_CLIP, "Cut the speech at the end of the duration",
        "clip"},
    {GST_INFLECT_OVERFLOW_OVERLAP,
        "Let the speech run on under the next text", "overlap"},
    {GST_INFLECT_OVERFLOW_SHIFT, "Delay the next text until the speech ends",
        "shift"},
    {GST_INFLECT_OVERFLOW_FIT,
        "Speak faster, up to max-rate, then shift what still does not fit",
        "fit"},
    {0, NULL, NULL}
  };

  if (g_once_init_enter (&type)) {
    GType t = g_enum_register_static ("GstInflectOverflow", values);

    g_once_init_leave (&type, t);
  }
  return type;
}

#define gst_inflect_tts_parent_class parent_class
G_DEFINE_TYPE (GstInflectTts, gst_inflect_tts, GST_TYPE_ELEMENT);
GST_ELEMENT_REGISTER_DEFINE (inflecttts, "inflecttts", GST_RANK_NONE,
    GST_TYPE_INFLECT_TTS);

static GstClockTime
sample_to_time (GstInflectTts * self, guint64 sample)
{
  return self->segment.start + gst_util_uint64_scale_round (sample,
      GST_SECOND, self->info.rate);
}

static guint64
time_to_sample (GstInflectTts * self, GstClockTime time)
{
  if (time <= (GstClockTime) self->segment.start)
    return 0;
  return gst_util_uint64_scale_round (time - self->segment.start,
      self->info.rate, GST_SECOND);
}

static gboolean
negotiate (GstInflectTts * self)
{
  GstCaps *caps, *peer;
  gboolean ok;

  caps = gst_inflect_common_caps (&self->common,
      GST_PAD_PAD_TEMPLATE (self->srcpad), NULL);
  peer = gst_pad_peer_query_caps (self->srcpad, caps);
  gst_caps_unref (caps);

  if (gst_caps_is_empty (peer)) {
    GST_WARNING_OBJECT (self, "downstream accepts none of our formats");
    gst_caps_unref (peer);
    return FALSE;
  }
  peer = gst_caps_fixate (peer);
  GST_DEBUG_OBJECT (self, "output caps %" GST_PTR_FORMAT, peer);
  ok = gst_audio_info_from_caps (&self->info, peer)
      && gst_pad_set_caps (self->srcpad, peer);
  gst_caps_unref (peer);
  return ok;
}

/* Caps then segment, before the first buffer of a segment. */
static gboolean
ensure_output (GstInflectTts * self)
{
  if (!gst_pad_has_current_caps (self->srcpad)
      || gst_pad_check_reconfigure (self->srcpad)) {
    if (!negotiate (self)) {
      gst_pad_mark_reconfigure (self->srcpad);
      return FALSE;
    }
  }
  if (self->segment_pending) {
    GstEvent *event = gst_event_new_segment (&self->segment);

    if (self->segment_seqnum != GST_SEQNUM_INVALID)
      gst_event_set_seqnum (event, self->segment_seqnum);
    gst_pad_push_event (self->srcpad, event);
    self->segment_pending = FALSE;
  }
  return TRUE;
}

/* Pushes everything before sample `target`: speech from the mix buffer,
 * silence where there is none. */
static GstFlowReturn
commit (GstInflectTts * self, guint64 target)
{
  if (self->position >= target)
    return GST_FLOW_OK;
  if (!ensure_output (self))
    return GST_FLOW_NOT_NEGOTIATED;

  while (self->position < target) {
    gint rate = self->info.rate;
    gint bpf = GST_AUDIO_INFO_BPF (&self->info);
    guint64 n = MIN (target - self->position,
        (guint64) MAX (rate / PIECES_PER_SECOND, 1));
    gboolean silent = self->mix->len == 0;
    GstFlowReturn ret;
    GstClockTime pts;
    guint64 offset;
    GstBuffer *buf;
    GstMapInfo map;

    if (g_atomic_int_get (&self->flushing))
      return GST_FLOW_FLUSHING;

    if (!silent)
      n = MIN (n, self->mix->len);
    buf = gst_buffer_new_allocate (NULL, n * bpf, NULL);
    gst_buffer_map (buf, &map, GST_MAP_WRITE);
    if (silent) {
      memset (map.data, 0, map.size);
      GST_BUFFER_FLAG_SET (buf, GST_BUFFER_FLAG_GAP);
    } else {
      gst_inflect_pack (&self->info, (const gfloat *) self->mix->data, n,
          map.data);
      g_array_remove_range (self->mix, 0, n);
    }
    gst_buffer_unmap (buf, &map);

    /* Offsets count samples on the timeline, from time 0 rather than from
     * the segment start, like the timestamps. */
    pts = sample_to_time (self, self->position);
    offset = gst_util_uint64_scale_round (self->segment.start, rate,
        GST_SECOND) + self->position;
    GST_BUFFER_PTS (buf) = pts;
    GST_BUFFER_DURATION (buf) = sample_to_time (self, self->position + n) - pts;
    GST_BUFFER_OFFSET (buf) = offset;
    GST_BUFFER_OFFSET_END (buf) = offset + n;
    if (self->discont) {
      GST_BUFFER_FLAG_SET (buf, GST_BUFFER_FLAG_DISCONT);
      self->discont = FALSE;
    }

    gst_inflect_post_words (GST_ELEMENT (self), &self->words, self->position,
        self->position + n, pts, rate, &self->segment);
    self->position += n;

    ret = gst_pad_push (self->srcpad, buf);
    if (ret != GST_FLOW_OK) {
      GST_DEBUG_OBJECT (self, "push: %s", gst_flow_get_name (ret));
      return ret;
    }
  }
  return GST_FLOW_OK;
}

/* Adds speech at stream sample `at` (never before `position`) into the mix
 * buffer; under `overlap` it may land on the tail of earlier speech. */
static void
mix_add (GstInflectTts * self, guint64 at, const gfloat * samples, gsize n)
{
  gsize offset = at - self->position, i;
  gfloat *mix;

  if (self->mix->len < offset + n)
    g_array_set_size (self->mix, offset + n);
  mix = (gfloat *) self->mix->data + offset;
  for (i = 0; i < n; i++)
    mix[i] += samples[i];
}

/* One text buffer being spoken. */
typedef struct
{
  GstInflectTts *self;
  guint64 start;                /* stream sample of the first sample */
  guint64 written;              /* samples synthesized and kept */
  guint64 limit;                /* clip: samples allowed */
  guint64 fade;                 /* clip: samples kept back to fade out */
  guint64 hold;                 /* overlap: stream sample held back from */
  GstFlowReturn flow;
  gboolean clipped;
  /* fit: audio and words are collected here rather than pushed */
  GArray *collect;
  GQueue words;
} Speech;

static gboolean
speech_audio (gpointer user, const gfloat * samples, gsize n)
{
  Speech *sp = user;
  GstInflectTts *self = sp->self;

  if (g_atomic_int_get (&self->flushing)) {
    sp->flow = GST_FLOW_FLUSHING;
    return FALSE;
  }

  if (sp->collect != NULL) {
    g_array_append_vals (sp->collect, samples, n);
    sp->written += n;
    return TRUE;
  }

  if (sp->written + n > sp->limit) {
    n = sp->limit - sp->written;
    sp->clipped = TRUE;
  }
  mix_add (self, sp->start + sp->written, samples, n);
  sp->written += n;

  if (sp->clipped) {
    /* The last `fade` samples were kept back for this; in clip mode nothing
     * else is mixed in there. */
    guint64 fade = MIN (sp->fade, sp->written), i;
    gfloat *tail = (gfloat *) self->mix->data +
        (sp->start + sp->written - fade - self->position);

    for (i = 0; i < fade; i++)
      tail[i] *= (gfloat) (fade - i) / fade;
    GST_DEBUG_OBJECT (self, "clipped at sample %" G_GUINT64_FORMAT,
        sp->start + sp->written);
  }

  sp->flow = commit (self, MIN (sp->start + sp->written -
          (sp->clipped ? 0 : MIN (sp->fade, sp->written)), sp->hold));
  return sp->flow == GST_FLOW_OK && !sp->clipped;
}

static GstClockTime
speech_position (gpointer user)
{
  Speech *sp = user;
  GstInflectTts *self = sp->self;

  return gst_segment_to_stream_time (&self->segment, GST_FORMAT_TIME,
      sample_to_time (self, sp->start + sp->written));
}

static void
speech_word (gpointer user, GstInflectWord * word)
{
  Speech *sp = user;

  if (sp->collect != NULL) {
    g_queue_push_tail (&sp->words, word);
    return;
  }
  if (word->start >= sp->limit) {
    gst_inflect_word_free (word);
    return;
  }
  word->length = MIN (word->length, sp->limit - word->start);
  word->start += sp->start;
  g_queue_insert_sorted (&sp->self->words, word, gst_inflect_word_compare,
      NULL);
}

static const GstInflectSpeakFuncs speech_funcs = {
  speech_audio, speech_position, speech_word
};

static GstFlowReturn
speech_result (GstInflectTts * self, Speech * sp, inflect_status status)
{
  if (status == INFLECT_OK || (sp->clipped && sp->flow == GST_FLOW_OK))
    return GST_FLOW_OK;
  if (sp->flow != GST_FLOW_OK)
    return sp->flow;
  if (g_atomic_int_get (&self->flushing))
    return GST_FLOW_FLUSHING;

  GST_ELEMENT_ERROR (self, STREAM, FAILED, ("Speech synthesis failed."),
      ("%s: %s", inflect_status_name (status),
          inflect_synth_error (self->common.synth)));
  return GST_FLOW_ERROR;
}

static inflect_status
collect (GstInflectTts * self, Speech * sp, const GstInflectText * text,
    gdouble factor)
{
  g_array_set_size (sp->collect, 0);
  g_queue_clear_full (&sp->words, (GDestroyNotify) gst_inflect_word_free);
  sp->written = 0;
  return gst_inflect_common_speak (&self->common, GST_ELEMENT (self), text,
      factor, &speech_funcs, sp);
}

/* Measures the speech at the requested speed (durations only, no audio)
 * and speaks it, faster when it would not fit in `available` samples. */
static GstFlowReturn
speak_fit (GstInflectTts * self, Speech * sp, const GstInflectText * text,
    guint64 available, gdouble max_rate)
{
  gdouble factor = 1.0;
  guint64 measured = 0;
  inflect_status status;
  GstInflectWord *word;
  GstFlowReturn ret;

  sp->collect = g_array_new (FALSE, FALSE, sizeof (gfloat));
  status = gst_inflect_common_measure (&self->common, GST_ELEMENT (self),
      text, 1.0, &speech_funcs, sp, &measured);
  if (status == INFLECT_OK && measured > available) {
    factor = MAX ((gdouble) available / measured, 1.0 / max_rate);
    GST_DEBUG_OBJECT (self, "%" G_GUINT64_FORMAT " samples for %"
        G_GUINT64_FORMAT ": length factor %.3f", measured, available, factor);
  }
  if (status == INFLECT_OK)
    status = collect (self, sp, text, factor);

  ret = speech_result (self, sp, status);
  if (ret == GST_FLOW_OK) {
    mix_add (self, sp->start, (const gfloat *) sp->collect->data,
        sp->collect->len);
    while ((word = g_queue_pop_head (&sp->words)) != NULL) {
      word->start += sp->start;
      g_queue_insert_sorted (&self->words, word, gst_inflect_word_compare,
          NULL);
    }
    ret = commit (self, sp->start + sp->written);
  }

  g_queue_clear_full (&sp->words, (GDestroyNotify) gst_inflect_word_free);
  g_array_free (sp->collect, TRUE);
  return ret;
}

/* Speaks `text` from stream sample `start`; `end` is where its duration ends
 * (G_MAXUINT64 when it has none). */
static GstFlowReturn
speak (GstInflectTts * self, const GstInflectText * text, guint64 start,
    guint64 end)
{
  Speech sp = { self, start, 0, G_MAXUINT64, 0, G_MAXUINT64, GST_FLOW_OK };
  GstInflectOverflow overflow;
  inflect_status status;
  GstFlowReturn ret;
  gdouble max_rate;

  GST_OBJECT_LOCK (self);
  overflow = self->overflow;
  max_rate = self->max_rate;
  GST_OBJECT_UNLOCK (self);

  ret = commit (self, start);
  if (ret != GST_FLOW_OK)
    return ret;

  if (end != G_MAXUINT64) {
    self->caption_end = MAX (self->caption_end, end);
    switch (overflow) {
      case GST_INFLECT_OVERFLOW_CLIP:
        if (end <= start)
          return GST_FLOW_OK;
        sp.limit = end - start;
        sp.fade = self->info.rate / FADES_PER_SECOND;
        break;
      case GST_INFLECT_OVERFLOW_OVERLAP:
        sp.hold = end;
        break;
      case GST_INFLECT_OVERFLOW_FIT:
        ret = speak_fit (self, &sp, text, end > start ? end - start : 0,
            max_rate);
        self->speech_end = MAX (self->speech_end, start + sp.written);
        return ret;
      case GST_INFLECT_OVERFLOW_SHIFT:
        break;
    }
  }

  status = gst_inflect_common_speak (&self->common, GST_ELEMENT (self), text,
      1.0, &speech_funcs, &sp);
  self->speech_end = MAX (self->speech_end, start + sp.written);
  ret = speech_result (self, &sp, status);
  if (ret == GST_FLOW_OK && sp.hold == G_MAXUINT64)
    ret = commit (self, start + sp.written);
  return ret;
}

static GstFlowReturn
gst_inflect_tts_chain (G_GNUC_UNUSED GstPad * pad, GstObject * parent,
    GstBuffer * buf)
{
  GstInflectTts *self = GST_INFLECT_TTS (parent);
  GstClockTime pts = GST_BUFFER_PTS (buf);
  GstClockTime duration = GST_BUFFER_DURATION (buf);
  guint64 start, end = G_MAXUINT64;
  GstInflectText *text;
  GstFlowReturn ret = GST_FLOW_OK;
  gboolean replaced;
  GstMapInfo map;

  if (!ensure_output (self)) {
    gst_buffer_unref (buf);
    return GST_FLOW_NOT_NEGOTIATED;
  }

  if (GST_CLOCK_TIME_IS_VALID (pts)) {
    guint64 clip_start, clip_stop;
    GstClockTime stop = GST_CLOCK_TIME_IS_VALID (duration) ?
        pts + duration : GST_CLOCK_TIME_NONE;

    if (!gst_segment_clip (&self->segment, GST_FORMAT_TIME, pts, stop,
            &clip_start, &clip_stop)) {
      GST_DEBUG_OBJECT (self, "text at %" GST_TIME_FORMAT " is outside the "
          "segment", GST_TIME_ARGS (pts));
      gst_buffer_unref (buf);
      return GST_FLOW_OK;
    }
    start = MAX (time_to_sample (self, clip_start), self->position);
    if (GST_CLOCK_TIME_IS_VALID (clip_stop))
      end = time_to_sample (self, clip_stop);
  } else {
    start = MAX (self->position + self->mix->len, self->speech_end);
  }

  gst_buffer_map (buf, &map, GST_MAP_READ);
  text = gst_inflect_text_new ((const gchar *) map.data, map.size,
      self->markup, &replaced);
  gst_buffer_unmap (buf, &map);

  if (replaced)
    GST_ELEMENT_WARNING (self, STREAM, DECODE,
        ("The text is not valid UTF-8."),
        ("Invalid bytes in the buffer at %" GST_TIME_FORMAT
            " were replaced by U+FFFD.", GST_TIME_ARGS (pts)));

  if (!gst_inflect_text_is_blank (text)) {
    GST_DEBUG_OBJECT (self, "speaking \"%s\" from sample %" G_GUINT64_FORMAT,
        text->text, start);
    ret = speak (self, text, start, end);
  }

  gst_inflect_text_free (text);
  gst_buffer_unref (buf);
  return ret;
}

static void
reset_stream (GstInflectTts * self)
{
  gst_segment_init (&self->segment, GST_FORMAT_TIME);
  self->segment_seqnum = GST_SEQNUM_INVALID;
  self->segment_pending = TRUE;
  self->position = 0;
  g_array_set_size (self->mix, 0);
  self->speech_end = 0;
  self->caption_end = 0;
  g_queue_clear_full (&self->words, (GDestroyNotify) gst_inflect_word_free);
  self->discont = TRUE;
}

static gboolean
gst_inflect_tts_sink_event (GstPad * pad, GstObject * parent, GstEvent * event)
{
  GstInflectTts *self = GST_INFLECT_TTS (parent);

  GST_LOG_OBJECT (self, "event %" GST_PTR_FORMAT, event);

  switch (GST_EVENT_TYPE (event)) {
    case GST_EVENT_CAPS:{
      GstCaps *caps;
      const gchar *format;

      gst_event_parse_caps (event, &caps);
      format = gst_structure_get_string (gst_caps_get_structure (caps, 0),
          "format");
      self->markup = g_strcmp0 (format, "pango-markup") == 0;
      gst_event_unref (event);
      return negotiate (self);
    }
    case GST_EVENT_SEGMENT:{
      GstSegment segment;

      gst_event_copy_segment (event, &segment);
      if (segment.format == GST_FORMAT_TIME) {
        /* Held-back speech belongs to the old timeline. */
        commit (self, self->position + self->mix->len);
        self->segment = segment;
        self->position = 0;
        self->speech_end = 0;
        self->caption_end = 0;
        self->segment_seqnum = gst_event_get_seqnum (event);
        self->segment_pending = TRUE;
      } else {
        GST_DEBUG_OBJECT (self, "no timestamps upstream, speaking buffers "
            "back to back");
      }
      gst_event_unref (event);
      return TRUE;
    }
    case GST_EVENT_GAP:{
      GstClockTime ts, duration;

      gst_event_parse_gap (event, &ts, &duration);
      if (GST_CLOCK_TIME_IS_VALID (ts)) {
        if (GST_CLOCK_TIME_IS_VALID (duration))
          ts += duration;
        commit (self, time_to_sample (self, ts));
      }
      gst_event_unref (event);
      return TRUE;
    }
    case GST_EVENT_EOS:
      if (ensure_output (self))
        commit (self, MAX (self->position + self->mix->len,
                self->caption_end));
      return gst_pad_push_event (self->srcpad, event);
    case GST_EVENT_FLUSH_START:
      g_atomic_int_set (&self->flushing, 1);
      gst_inflect_common_cancel (&self->common, GST_ELEMENT (self));
      return gst_pad_push_event (self->srcpad, event);
    case GST_EVENT_FLUSH_STOP:
      reset_stream (self);
      g_atomic_int_set (&self->flushing, 0);
      return gst_pad_push_event (self->srcpad, event);
    default:
      return gst_pad_event_default (pad, parent, event);
  }
}

static gboolean
gst_inflect_tts_src_query (GstPad * pad, GstObject * parent,
    GstQuery * query)
{
  GstInflectTts *self = GST_INFLECT_TTS (parent);

  switch (GST_QUERY_TYPE (query)) {
    case GST_QUERY_LATENCY:{
      GstClockTime min, max, ours;
      gboolean live;

      if (!gst_pad_peer_query (self->sinkpad, query))
        return FALSE;
      gst_query_parse_latency (query, &live, &min, &max);
      GST_OBJECT_LOCK (self);
      ours = self->latency * GST_MSECOND;
      GST_OBJECT_UNLOCK (self);
      min += ours;
      if (GST_CLOCK_TIME_IS_VALID (max))
        max += ours;
      GST_DEBUG_OBJECT (self, "latency: live %d, min %" GST_TIME_FORMAT
          ", max %" GST_TIME_FORMAT, live, GST_TIME_ARGS (min),
          GST_TIME_ARGS (max));
      gst_query_set_latency (query, live, min, max);
      return TRUE;
    }
    case GST_QUERY_CAPS:{
      GstCaps *filter, *caps;

      gst_query_parse_caps (query, &filter);
      caps = gst_inflect_common_caps (&self->common,
          GST_PAD_PAD_TEMPLATE (pad), filter);
      gst_query_set_caps_result (query, caps);
      gst_caps_unref (caps);
      return TRUE;
    }
    default:
      return gst_pad_query_default (pad, parent, query);
  }
}

static GstStateChangeReturn
gst_inflect_tts_change_state (GstElement * element, GstStateChange transition)
{
  GstInflectTts *self = GST_INFLECT_TTS (element);
  GstStateChangeReturn ret;

  switch (transition) {
    case GST_STATE_CHANGE_READY_TO_PAUSED:
      if (!gst_inflect_common_open (&self->common, element))
        return GST_STATE_CHANGE_FAILURE;
      gst_audio_info_init (&self->info);
      self->markup = FALSE;
      reset_stream (self);
      g_atomic_int_set (&self->flushing, 0);
      break;
    case GST_STATE_CHANGE_PAUSED_TO_READY:
      /* Pads are deactivated next, which waits for the streaming thread:
       * make it leave synthesis now rather than at the end of the text. */
      g_atomic_int_set (&self->flushing, 1);
      gst_inflect_common_cancel (&self->common, element);
      break;
    default:
      break;
  }

  ret = GST_ELEMENT_CLASS (parent_class)->change_state (element, transition);

  switch (transition) {
    case GST_STATE_CHANGE_READY_TO_PAUSED:
      if (ret == GST_STATE_CHANGE_FAILURE)
        gst_inflect_common_close (&self->common, element);
      break;
    case GST_STATE_CHANGE_PAUSED_TO_READY:
      gst_inflect_common_close (&self->common, element);
      reset_stream (self);
      break;
    default:
      break;
  }
  return ret;
}

static void
gst_inflect_tts_set_property (GObject * object, guint prop_id,
    const GValue * value, GParamSpec * pspec)
{
  GstInflectTts *self = GST_INFLECT_TTS (object);

  if (gst_inflect_common_set_property (&self->common, object, prop_id, value))
    return;

  GST_OBJECT_LOCK (self);
  switch (prop_id) {
    case PROP_OVERFLOW:
      self->overflow = g_value_get_enum (value);
      break;
    case PROP_MAX_RATE:
      self->max_rate = g_value_get_double (value);
      break;
    case PROP_LATENCY:
      self->latency = g_value_get_uint (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      break;
  }
  GST_OBJECT_UNLOCK (self);

  if (prop_id == PROP_LATENCY)
    gst_element_post_message (GST_ELEMENT (self),
        gst_message_new_latency (GST_OBJECT (self)));
}

static void
gst_inflect_tts_get_property (GObject * object, guint prop_id, GValue * value,
    GParamSpec * pspec)
{
  GstInflectTts *self = GST_INFLECT_TTS (object);

  if (gst_inflect_common_get_property (&self->common, object, prop_id, value))
    return;

  GST_OBJECT_LOCK (self);
  switch (prop_id) {
    case PROP_OVERFLOW:
      g_value_set_enum (value, self->overflow);
      break;
    case PROP_MAX_RATE:
      g_value_set_double (value, self->max_rate);
      break;
    case PROP_LATENCY:
      g_value_set_uint (value, self->latency);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      break;
  }
  GST_OBJECT_UNLOCK (self);
}

static void
gst_inflect_tts_finalize (GObject * object)
{
  GstInflectTts *self = GST_INFLECT_TTS (object);

  gst_inflect_common_finalize (&self->common);
  g_queue_clear_full (&self->words, (GDestroyNotify) gst_inflect_word_free);
  g_array_free (self->mix, TRUE);

  G_OBJECT_CLASS (parent_class)->finalize (object);
}

static void
gst_inflect_tts_class_init (GstInflectTtsClass * klass)
{
  GObjectClass *gobject_class = G_OBJECT_CLASS (klass);
  GstElementClass *element_class = GST_ELEMENT_CLASS (klass);

  GST_DEBUG_CATEGORY_INIT (gst_inflect_tts_debug, "inflecttts", 0,
      "Inflect text-to-speech filter");

  gobject_class->set_property = gst_inflect_tts_set_property;
  gobject_class->get_property = gst_inflect_tts_get_property;
  gobject_class->finalize = gst_inflect_tts_finalize;

  gst_inflect_common_install_properties (gobject_class);

  g_object_class_install_property (gobject_class, PROP_OVERFLOW,
      g_param_spec_enum ("overflow", "Overflow",
          "What to do when speech lasts longer than its text buffer",
          GST_TYPE_INFLECT_OVERFLOW, DEFAULT_OVERFLOW,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_PLAYING));

  g_object_class_install_property (gobject_class, PROP_MAX_RATE,
      g_param_spec_double ("max-rate", "Maximum rate",
          "With overflow=fit, the most the speech is sped up (1.5: 50% "
          "faster than length-scale asks)", 1.0, 4.0, DEFAULT_MAX_RATE,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_PLAYING));

  g_object_class_install_property (gobject_class, PROP_LATENCY,
      g_param_spec_uint ("latency", "Latency",
          "Milliseconds added to the pipeline latency for synthesis in live "
          "pipelines", 0, G_MAXUINT / 1000, DEFAULT_LATENCY,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_PLAYING));

  gst_element_class_add_static_pad_template (element_class, &sink_template);
  gst_element_class_add_static_pad_template (element_class, &src_template);
  gst_element_class_set_static_metadata (element_class,
      "Inflect text-to-speech", "Audio/Text/Filter",
      "Speaks timed text with the Inflect neural text-to-speech engine, "
      "aligned to the text timestamps", "The Inflect authors");

  element_class->change_state =
      GST_DEBUG_FUNCPTR (gst_inflect_tts_change_state);

  gst_type_mark_as_plugin_api (GST_TYPE_INFLECT_OVERFLOW, 0);
}

static void
gst_inflect_tts_init (GstInflectTts * self)
{
  gst_inflect_common_init (&self->common);
  self->overflow = DEFAULT_OVERFLOW;
  self->max_rate = DEFAULT_MAX_RATE;
  self->latency = DEFAULT_LATENCY;
  self->mix = g_array_new (FALSE, TRUE, sizeof (gfloat));
  g_queue_init (&self->words);
  gst_audio_info_init (&self->info);
  gst_segment_init (&self->segment, GST_FORMAT_TIME);

  self->sinkpad = gst_pad_new_from_static_template (&sink_template, "sink");
  gst_pad_set_chain_function (self->sinkpad,
      GST_DEBUG_FUNCPTR (gst_inflect_tts_chain));
  gst_pad_set_event_function (self->sinkpad,
      GST_DEBUG_FUNCPTR (gst_inflect_tts_sink_event));
  gst_element_add_pad (GST_ELEMENT (self), self->sinkpad);

  self->srcpad = gst_pad_new_from_static_template (&src_template, "src");
  gst_pad_set_query_function (self->srcpad,
      GST_DEBUG_FUNCPTR (gst_inflect_tts_src_query));
  gst_element_add_pad (GST_ELEMENT (self), self->srcpad);
}
