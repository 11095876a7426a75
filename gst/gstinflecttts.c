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
 * dubbing track out. Pango markup (what subparse produces) and SubStation
 * Alpha override blocks such as "{\an8}" (which SRT files carry) are
 * stripped before speaking, and so, unless #GstInflectTts:descriptions is
 * set, is what captions for the deaf and hard of hearing add to the
 * dialogue (sounds, lyrics, speaker labels); #GstInflectTts:word-messages
 * reports word offsets in the text as received, markup included.
 *
 * Silence is pushed as zero-filled buffers flagged GAP, so that elements that
 * ignore timestamps (wavenc) still write an aligned file while mixers can
 * skip it. Buffers without a timestamp are spoken one after the other, after
 * everything spoken so far, a sentence or clause at a time: text that
 * arrives in pieces is collected up to a sentence or clause end (at most
 * 256 bytes, then up to a word end), so that no word is cut. A NUL byte
 * separates words.
 *
 * When speech is longer than its buffer's duration, #GstInflectTts:overflow
 * decides: `clip` cuts it, `overlap` mixes the next text over its end,
 * `shift` delays the next text, and `fit` speaks faster through the length
 * scale, at most by #GstInflectTts:max-rate, and shifts what still does not
 * fit; a text with a timestamp and no duration (a live caption stamped on
 * arrival) that speech before it held back is sped up by as much, at most
 * by max-rate. Speech running two seconds or more behind its text posts a
 * warning. Only `clip` drops speech. `fit` first measures a caption (the
 * duration predictor alone, a few times to find the factor that ends it
 * within 10 ms of its end), then synthesizes it once at that speed; every
 * mode pushes each chunk as soon as the vocoder delivers it (live, hands it
 * to the clock task, below). `overlap` holds
 * back at most 10 s of audio past the end of a caption until the next text,
 * a GAP event or EOS arrives, since only then is it known what to mix into
 * it.
 *
 * When upstream is live, the element follows the clock like a live source
 * from PLAYING on: it pushes silence as the running time advances, before
 * and between texts, so that sinks preroll without text and mixers never
 * wait. Audio for a text stamped T is due downstream by T + upstream
 * latency + #GstInflectTts:latency; set the latency to the most the voice
 * takes from a text's arrival to its first audio on the machine (with `fit`,
 * the measuring included). Speech that would be late anyway is moved later
 * rather than dropped. Live, that task pushes the speech too, at the pace
 * of the silence: the thread that synthesizes only mixes each chunk into
 * the element's buffer, at most a second of audio ahead of what was pushed,
 * so a synchronised sink, which holds each buffer until its time, holds up
 * only the task, never synthesis, and needs no `queue` before it.
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
 * |[
 * gst-launch-1.0 filesrc location=movie.srt ! subparse ! inflecttts ! audioconvert ! audioresample ! mix. \
 *     filesrc location=film.wav ! decodebin ! audioconvert ! audioresample ! mix. \
 *     audiomixer name=mix ! audio/x-raw,format=S16LE,rate=48000,channels=2 ! wavenc ! filesink location=mixed.wav
 * ]| Mixes the speech into a 48 kHz stereo programme, in the programme's format.
 */
#include "gstinflecttts.h"
#include "gstinflectdescriptions.h"

#include <math.h>
#include <string.h>

GST_DEBUG_CATEGORY_STATIC (gst_inflect_tts_debug);
#define GST_CAT_DEFAULT gst_inflect_tts_debug

enum
{
  PROP_OVERFLOW = GST_INFLECT_PROP_LAST,
  PROP_MAX_RATE,
  PROP_LATENCY,
  PROP_DESCRIPTIONS
};

#define DEFAULT_OVERFLOW GST_INFLECT_OVERFLOW_FIT
#define DEFAULT_MAX_RATE 1.5
#define DEFAULT_LATENCY 500
#define DEFAULT_DESCRIPTIONS FALSE

/* Buffers of silence and held-back speech are cut in pieces of this many
 * per second, so that a long gap does not become one huge buffer. */
#define PIECES_PER_SECOND 10
/* Clipped speech fades out over this many per second (10 ms). */
#define FADES_PER_SECOND 100
/* overlap keeps at most this many seconds of speech unpushed for the next
 * text to be mixed into; the rest of a longer text goes out as shift would
 * send it, so memory stays bounded. */
#define OVERLAP_WINDOW 10
/* The clock task's period, a fifth of the latency, within these bounds. */
#define MIN_PERIOD (10 * GST_MSECOND)
#define MAX_PERIOD (100 * GST_MSECOND)
/* fit: how many times a caption may be measured to find its speed, how
 * close to its deadline it must end (10 ms), the fastest factor tried; a
 * caption longer than FIT_PREFIX bytes is judged by prefixes first, the
 * first one of at least FIT_PREFIX_MIN bytes, or the bytes of speech (at
 * about BYTES_PER_SECOND, a brisk English rate) that its time could hold. */
#define FIT_PROBES 12
#define FIT_TOLERANCES_PER_SECOND 100
#define FIT_FACTOR_RESOLUTION 1e-4
#define MIN_FIT_FACTOR 0.1
#define FIT_PREFIX 1024
#define FIT_PREFIX_MIN 64
/* note_behind(): speech this far behind its text is worth a warning; one
 * text this close to its time ends the episode. */
#define BEHIND_WARN_SECONDS 2
#define BEHIND_RESET_SECONDS 0.5
#define BYTES_PER_SECOND 20
/* Untimed text without a sentence or clause end is held until it is this
 * long, then spoken up to its last word. */
#define UNTIMED_MAX 256

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

/* Fills `info` with the format agreed on; the caller stores it under
 * `lock`, as the streaming thread reads it with `lock` alone (live). */
static gboolean
negotiate (GstInflectTts * self, GstAudioInfo * info)
{
  GstCaps *caps, *peer;
  gboolean ok;

  caps = gst_inflect_common_caps (&self->common,
      GST_PAD_PAD_TEMPLATE (self->srcpad), NULL);
  peer = gst_pad_peer_query_caps (self->srcpad, caps);

  if (gst_caps_is_empty (peer)) {
    ok = FALSE;
  } else {
    peer = gst_caps_fixate (peer);
    GST_DEBUG_OBJECT (self, "output caps %" GST_PTR_FORMAT, peer);
    ok = gst_audio_info_from_caps (info, peer)
        && gst_pad_set_caps (self->srcpad, peer);
  }
  /* Upstream posts only "not-negotiated", after its data (subparse drops
   * the flow return and ends the stream, a track cut short with no error);
   * the element whose format it is says which and what to do. A caps event
   * refused because the pad is flushing (a state change under way) is no
   * such failure. */
  if (!ok && !GST_PAD_IS_FLUSHING (self->srcpad))
    gst_inflect_common_not_negotiated (GST_ELEMENT (self), self->srcpad, caps);
  gst_caps_unref (caps);
  gst_caps_unref (peer);
  return ok;
}

static void claim_push (GstInflectTts * self);

/* Stream start, caps and segment, before the first buffer of a segment. In
 * a live pipeline the clock task may push silence before upstream has sent
 * anything, so the stream start may have to be ours. Called with both locks
 * held; `lock` is let go meanwhile, as commit() lets it go for buffers: a
 * caps event can wait downstream (an aggregator answers the queries it
 * leads to from its own thread, which may wait for a sink's preroll). What
 * is used here is only changed with `push_lock` held, but for `info`, which
 * is set under `lock` too. */
static gboolean
ensure_output (GstInflectTts * self)
{
  GstEvent *sticky;
  GstAudioInfo info;
  gboolean start, caps, negotiated = FALSE, ok = TRUE;

  sticky = gst_pad_get_sticky_event (self->srcpad, GST_EVENT_STREAM_START, 0);
  start = sticky == NULL;
  if (sticky != NULL)
    gst_event_unref (sticky);
  caps = !gst_pad_has_current_caps (self->srcpad)
      || gst_pad_needs_reconfigure (self->srcpad);
  if (!start && !caps && !self->segment_pending)
    return TRUE;

  claim_push (self);
  g_mutex_unlock (&self->lock);
  if (start) {
    gchar *id = gst_pad_create_stream_id (self->srcpad, GST_ELEMENT (self),
        NULL);

    gst_pad_push_event (self->srcpad, gst_event_new_stream_start (id));
    g_free (id);
  }
  if (!gst_pad_has_current_caps (self->srcpad)
      || gst_pad_check_reconfigure (self->srcpad)) {
    gst_audio_info_init (&info);
    negotiated = negotiate (self, &info);
    if (!negotiated) {
      gst_pad_mark_reconfigure (self->srcpad);
      ok = FALSE;
    }
  }
  if (ok && self->segment_pending) {
    GstEvent *event = gst_event_new_segment (&self->segment);

    if (self->segment_seqnum != GST_SEQNUM_INVALID)
      gst_event_set_seqnum (event, self->segment_seqnum);
    gst_pad_push_event (self->srcpad, event);
    self->segment_pending = FALSE;
  }
  g_mutex_lock (&self->lock);
  if (negotiated)
    self->info = info;
  return ok;
}

/* Who pushes holds `push_lock`, then `lock`; `lock` alone is let go while a
 * push waits downstream, so that upstream's events, which only change
 * state, never wait for a sink's preroll (see gst_inflect_tts_sink_event).
 * The clock task lets `push_lock` go too while its buffer is on its way
 * (clock_loop()), so that the streaming thread, which takes `push_lock` to
 * change the stream state, is not held up by a synchronised sink; it only
 * waits for that push (claim_push()) before it pushes itself. The stream
 * state is changed with both held, but for `events` and `words`, which
 * `lock` guards alone, and, live, for the mix buffer and what goes with it,
 * which synthesis adds to under `lock` alone (speech_audio()). */
static void
stream_lock (GstInflectTts * self)
{
  g_mutex_lock (&self->push_lock);
  g_mutex_lock (&self->lock);
}

static void
stream_unlock (GstInflectTts * self)
{
  g_mutex_unlock (&self->lock);
  g_mutex_unlock (&self->push_lock);
}

/* Before this thread pushes: waits for a push of the clock task's still on
 * its way downstream, so that what follows it comes after it. The clock
 * task needs only `lock` to say it is done. Both locks held. */
static void
claim_push (GstInflectTts * self)
{
  while (self->clock_pushing)
    g_cond_wait (&self->push_cond, &self->lock);
}

#define GAP_FROM(self, i) g_array_index ((self)->gaps, guint64, 2 * (i))
#define GAP_TO(self, i) g_array_index ((self)->gaps, guint64, 2 * (i) + 1)
#define N_GAPS(self) ((self)->gaps->len / 2)

/* Speech now covers [from, to): no gap there any more. Lock held. */
static void
gaps_cut (GstInflectTts * self, guint64 from, guint64 to)
{
  guint i = 0;

  while (i < N_GAPS (self)) {
    guint64 gfrom = GAP_FROM (self, i), gto = GAP_TO (self, i);

    if (gto <= from || gfrom >= to) {
      i++;
    } else if (gfrom < from && gto > to) {
      guint64 rest[2] = { to, gto };

      GAP_TO (self, i) = from;
      g_array_insert_vals (self->gaps, 2 * (i + 1), rest, 2);
      i += 2;
    } else if (gfrom < from) {
      GAP_TO (self, i) = from;
      i++;
    } else if (gto > to) {
      GAP_FROM (self, i) = to;
      i++;
    } else {
      g_array_remove_range (self->gaps, 2 * i, 2);
    }
  }
}

/* The next piece of what is before sample `target`: speech from the mix
 * buffer, silence (GAP) where there is none, about a tenth of a second at
 * most, and never across the edge of a gap, so that silence is GAP exactly
 * where it would be had the streaming thread pushed it. Posts the words
 * whose first sample it holds and moves `position` past it. Lock held. */
static GstBuffer *
take_piece (GstInflectTts * self, guint64 target)
{
  gint rate = self->info.rate;
  gint bpf = GST_AUDIO_INFO_BPF (&self->info);
  guint64 most = MAX (rate / PIECES_PER_SECOND, 1);
  /* Up to a quarter piece more rather than a crumb after this one: the
   * clock task's rounds are rarely a whole number of pieces, and a buffer
   * of a few samples reaches a synchronised sink with no time to spare. */
  guint64 n = target - self->position;

  if (n > most + most / 4)
    n = most;
  gboolean from_mix = self->mix->len > 0, silent = !from_mix;
  GstClockTime pts;
  guint64 offset;
  GstBuffer *buf;
  GstMapInfo map;

  if (from_mix) {
    n = MIN (n, self->mix->len);
    if (N_GAPS (self) > 0 && GAP_FROM (self, 0) <= self->position) {
      n = MIN (n, GAP_TO (self, 0) - self->position);
      silent = TRUE;
    } else if (N_GAPS (self) > 0) {
      n = MIN (n, GAP_FROM (self, 0) - self->position);
    }
  }
  buf = gst_buffer_new_allocate (NULL, n * bpf, NULL);
  gst_buffer_map (buf, &map, GST_MAP_WRITE);
  if (silent) {
    memset (map.data, 0, map.size);
    GST_BUFFER_FLAG_SET (buf, GST_BUFFER_FLAG_GAP);
  } else {
    gst_inflect_pack (&self->info, (const gfloat *) self->mix->data, n,
        map.data);
  }
  gst_buffer_unmap (buf, &map);
  if (from_mix)
    g_array_remove_range (self->mix, 0, n);

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
  while (N_GAPS (self) > 0 && GAP_TO (self, 0) <= self->position)
    g_array_remove_range (self->gaps, 0, 2);
  g_cond_broadcast (&self->push_cond);
  return buf;
}

/* Pushes everything before sample `target` and the segment's stop: speech
 * from the mix buffer, silence where there is none. Called with both locks
 * held; `lock` is let go during each push. */
static GstFlowReturn
commit (GstInflectTts * self, guint64 target)
{
  /* Nothing past the segment's stop (a seek with a stop): sinks would drop
   * it, but wavenc and filesink keep what they are given. */
  if (GST_CLOCK_TIME_IS_VALID (self->segment.stop))
    target = MIN (target, time_to_sample (self, self->segment.stop));
  if (self->position >= target)
    return GST_FLOW_OK;
  claim_push (self);
  if (!ensure_output (self))
    return GST_FLOW_NOT_NEGOTIATED;

  while (self->position < target) {
    GstFlowReturn ret;
    GstBuffer *buf;

    if (g_atomic_int_get (&self->flushing))
      return GST_FLOW_FLUSHING;

    buf = take_piece (self, target);
    g_mutex_unlock (&self->lock);
    ret = gst_pad_push (self->srcpad, buf);
    g_mutex_lock (&self->lock);
    if (ret != GST_FLOW_OK) {
      GST_DEBUG_OBJECT (self, "push: %s", gst_flow_get_name (ret));
      return ret;
    }
  }
  return GST_FLOW_OK;
}

/* ------------------------------------------------------------------ */
/* Following the clock in live pipelines */

/* The clock task wakes this often, a fifth of `latency`. Silence leaves
 * half of `latency` after the time it stands for: a caption that arrives up
 * to that late still starts exactly on time, and a loaded machine has the
 * other half to deliver it. Speech whose first audio is not ready is
 * waited for until two periods before its deadline, then moved (see
 * due_delay()). */
static GstClockTime
clock_period (GstInflectTts * self)
{
  GstClockTime latency;

  GST_OBJECT_LOCK (self);
  latency = self->latency * GST_MSECOND;
  GST_OBJECT_UNLOCK (self);
  return CLAMP (latency / 5, MIN_PERIOD, MAX_PERIOD);
}

static GstClockTime
latency_budget (GstInflectTts * self)
{
  GstClockTime latency;

  GST_OBJECT_LOCK (self);
  latency = self->latency * GST_MSECOND;
  GST_OBJECT_UNLOCK (self);
  return latency;
}

static GstClockTime
saturating_sub (GstClockTime a, GstClockTime b)
{
  return a > b ? a - b : 0;
}

/* How long after its time audio may wait for speech that is not ready:
 * two periods short of the deadline. The clock task pushes silence in its
 * place only once a period, so the first sample of each push is already a
 * period older than this when it leaves; one period short would make it
 * reach downstream just at its deadline, with nothing to spare for the
 * push itself. */
static GstClockTime
due_delay (GstInflectTts * self, GstClockTime upstream)
{
  return upstream + saturating_sub (latency_budget (self),
      2 * clock_period (self));
}

/* The stream sample that the clock says must be out by now, when speech or
 * silence for a time t may leave as late as t + `delay` (upstream latency
 * and what we hold back); 0 when there is no clock or no running time yet.
 * Lock held. */
static guint64
clock_position (GstInflectTts * self, GstClock * clock, GstClockTime delay)
{
  GstClockTime now, base, rt, pos;

  if (clock == NULL || self->info.rate == 0)
    return 0;
  now = gst_clock_get_time (clock);
  base = gst_element_get_base_time (GST_ELEMENT (self));
  if (now < base + delay)
    return 0;
  rt = now - base - delay;
  pos = gst_segment_position_from_running_time (&self->segment,
      GST_FORMAT_TIME, rt);
  return GST_CLOCK_TIME_IS_VALID (pos) ? time_to_sample (self, pos) : 0;
}

/* Whether the clock task is following the clock: live, PLAYING, the clock
 * past the base time, and the task not stopped (`eos`: the stream ended, or
 * a push of its failed). Then it alone pushes buffers, as the clock goes.
 * A clock that stands at the base time (a test clock nobody moves on, as
 * GstHarness gives) would pace nothing, and a stopped task pushes nothing:
 * the streaming thread then pushes what it makes itself. */
static gboolean
following_clock (GstInflectTts * self)
{
  GstClock *clock;
  gboolean live;

  g_mutex_lock (&self->task_lock);
  live = self->live && self->playing && !self->eos;
  g_mutex_unlock (&self->task_lock);
  if (!live)
    return FALSE;
  clock = gst_element_get_clock (GST_ELEMENT (self));
  if (clock == NULL)
    return FALSE;
  live = gst_clock_get_time (clock) >
      gst_element_get_base_time (GST_ELEMENT (self));
  gst_object_unref (clock);
  return live;
}

/* Live and PLAYING: the earliest sample new speech may start at without
 * arriving late downstream. 0 otherwise. Lock held. */
static guint64
live_floor (GstInflectTts * self)
{
  GstClockTime upstream;
  GstClock *clock;
  gboolean live;
  guint64 floor;

  g_mutex_lock (&self->task_lock);
  live = self->live && self->playing;
  upstream = self->upstream_latency;
  g_mutex_unlock (&self->task_lock);
  if (!live)
    return 0;
  clock = gst_element_get_clock (GST_ELEMENT (self));
  floor = clock_position (self, clock, due_delay (self, upstream));
  if (clock != NULL)
    gst_object_unref (clock);
  return floor;
}

/* Everything before `target` may go. Offline it is pushed now. When
 * following the clock it is left to the clock task, which pushes it at the
 * pace it pushes silence, when its time comes: a synchronised sink holds
 * each push until the audio's time, and a streaming thread held so would
 * start synthesis late and make each next chunk late (speech in pieces,
 * each moved later). `released` then stands for `position`, the floor of
 * the next text. Both locks held. */
static GstFlowReturn
release (GstInflectTts * self, guint64 target)
{
  if (!following_clock (self))
    return commit (self, target);
  self->released = MAX (self->released, target);
  return GST_FLOW_OK;
}

static gboolean apply_events (GstInflectTts * self, gboolean may_speak);

/* Takes in `buf` the next piece of what the clock has reached (NULL when
 * nothing is due), and returns in `wake` the clock time at which to look
 * again. The first call of a round sets `limit` (G_MAXUINT64 before) to
 * where the clock was, and the others go no further, so that a round does
 * not end with crumbs of what the clock reached meanwhile; the next round
 * is a period after the start of this one, however long its pushes waited
 * downstream (a synchronised sink holds each until its time, and has
 * nothing else to play meanwhile). Both locks held. */
static GstFlowReturn
fill_to_clock (GstInflectTts * self, GstClock * clock, GstClockTime upstream,
    GstClockTime * wake, GstBuffer ** buf, guint64 * limit)
{
  GstClockTime period = clock_period (self);
  GstClockTime budget = latency_budget (self);
  GstClockTime hold = upstream + budget / 2;
  GstClockTime next, base = gst_element_get_base_time (GST_ELEMENT (self));
  GstFlowReturn ret = GST_FLOW_OK;
  gboolean ended;
  guint64 target;

  *buf = NULL;
  if (*limit == G_MAXUINT64)
    *wake = gst_clock_get_time (clock) + period;
  /* A segment or gap that came while we pushed applies first. */
  apply_events (self, FALSE);
  if (!ensure_output (self))
    return GST_FLOW_NOT_NEGOTIATED;
  if (g_atomic_int_get (&self->flushing))
    return GST_FLOW_FLUSHING;
  /* After EOS (pushed while this task waited for the lock) nothing more
   * goes, not even the rest of a round. */
  g_mutex_lock (&self->task_lock);
  ended = self->eos;
  g_mutex_unlock (&self->task_lock);
  if (ended)
    return GST_FLOW_OK;

  target = clock_position (self, clock, hold);
  /* Speech being prepared: the output stops where its audio is not ready
   * yet until it is really due, then the speech is moved later rather than
   * arriving late. */
  if (target > self->pending_start)
    target = MAX (self->pending_start, clock_position (self, clock,
            due_delay (self, upstream)));
  if (*limit == G_MAXUINT64)
    *limit = target;
  target = MIN (target, *limit);
  if (self->position < target)
    *buf = take_piece (self, target);

  next = gst_segment_to_running_time (&self->segment, GST_FORMAT_TIME,
      sample_to_time (self, self->position) + period);
  if (GST_CLOCK_TIME_IS_VALID (next))
    *wake = MAX (*wake, base + next + hold);
  return ret;
}

/* Task lock held. */
static void
wake_clock_task (GstInflectTts * self)
{
  if (self->clock_id != NULL)
    gst_clock_id_unschedule (self->clock_id);
  g_cond_signal (&self->cond);
}

/* Sets one of the task's flags (`eos`, `playing`, `stopping`) and wakes it
 * to look. */
static void
set_task_flag (GstInflectTts * self, gboolean * flag, gboolean value)
{
  g_mutex_lock (&self->task_lock);
  *flag = value;
  wake_clock_task (self);
  g_mutex_unlock (&self->task_lock);
}

/* Wakes synthesis waiting to be no further ahead of the clock task
 * (speech_audio()) to look at the flags again. Without `lock`, which the
 * streaming thread holds while it pushes an event: a wake-up missed so is
 * made up by the wait's timeout. */
static void
wake_synthesis (GstInflectTts * self)
{
  g_cond_broadcast (&self->push_cond);
}

/* The task of the source pad. It idles unless the element is PLAYING in a
 * live pipeline; then, like a live source, it keeps downstream fed on the
 * clock between and before captions, so that sinks and mixers never wait
 * for the text. */
static void
clock_loop (GstInflectTts * self)
{
  GstClockTime wake = GST_CLOCK_TIME_NONE, upstream;
  guint64 limit = G_MAXUINT64;
  GstFlowReturn ret;
  GstClock *clock;
  GstClockID id;

  g_mutex_lock (&self->task_lock);
  while (!self->stopping && !(self->live && self->playing && !self->eos))
    g_cond_wait (&self->cond, &self->task_lock);
  if (self->stopping) {
    g_mutex_unlock (&self->task_lock);
    gst_pad_pause_task (self->srcpad);
    return;
  }
  upstream = self->upstream_latency;
  g_mutex_unlock (&self->task_lock);

  clock = gst_element_get_clock (GST_ELEMENT (self));
  if (clock == NULL) {
    GST_INFO_OBJECT (self, "no clock: not following one");
    set_task_flag (self, &self->live, FALSE);
    return;
  }

  /* A piece at a time, `push_lock` let go while it is on its way: a
   * synchronised sink holds it until its time, half the latency, and the
   * streaming thread must not wait that long to add speech. */
  for (;;) {
    GstBuffer *buf;
    gboolean go_on;

    stream_lock (self);
    ret = fill_to_clock (self, clock, upstream, &wake, &buf, &limit);
    if (buf != NULL)
      self->clock_pushing = TRUE;
    stream_unlock (self);
    if (buf == NULL)
      break;

    ret = gst_pad_push (self->srcpad, buf);
    g_mutex_lock (&self->lock);
    self->clock_pushing = FALSE;
    if (ret != GST_FLOW_FLUSHING)
      self->clock_flow = ret;
    g_cond_broadcast (&self->push_cond);
    g_mutex_unlock (&self->lock);
    if (ret != GST_FLOW_OK)
      break;
    g_mutex_lock (&self->task_lock);
    go_on = self->playing && !self->stopping;
    g_mutex_unlock (&self->task_lock);
    if (!go_on)
      break;
  }
  if (ret < GST_FLOW_EOS) {
    /* The streaming thread returns it upstream (`clock_flow`), which
     * reports it; that includes a failure before any push (negotiation),
     * which synthesis waiting for this task must learn too. */
    GST_WARNING_OBJECT (self, "pushing on the clock: %s",
        gst_flow_get_name (ret));
    g_mutex_lock (&self->lock);
    if (ret != GST_FLOW_FLUSHING && self->clock_flow == GST_FLOW_OK)
      self->clock_flow = ret;
    g_cond_broadcast (&self->push_cond);
    g_mutex_unlock (&self->lock);
  }
  if (ret == GST_FLOW_EOS || (ret < GST_FLOW_EOS && ret != GST_FLOW_FLUSHING))
    set_task_flag (self, &self->eos, TRUE);

  g_mutex_lock (&self->task_lock);
  if (self->stopping || !self->playing) {
    g_mutex_unlock (&self->task_lock);
    gst_object_unref (clock);
    return;
  }
  id = gst_clock_new_single_shot_id (clock, wake);
  self->clock_id = id;
  g_mutex_unlock (&self->task_lock);

  gst_clock_id_wait (id, NULL);

  g_mutex_lock (&self->task_lock);
  self->clock_id = NULL;
  g_mutex_unlock (&self->task_lock);
  gst_clock_id_unref (id);
  gst_object_unref (clock);
}

/* ------------------------------------------------------------------ */
/* Speaking */

/* Adds speech at stream sample `at` (never before `position`) into the mix
 * buffer; under `overlap` it may land on the tail of earlier speech. Live,
 * it may land past the end of the mix: the silence up to it is a gap. */
static void
mix_add (GstInflectTts * self, guint64 at, const gfloat * samples, gsize n)
{
  gsize offset = at - self->position, i;
  guint64 end = self->position + self->mix->len;
  gfloat *mix;

  if (at > end) {
    if (N_GAPS (self) > 0 && GAP_TO (self, N_GAPS (self) - 1) == end) {
      GAP_TO (self, N_GAPS (self) - 1) = at;
    } else {
      guint64 gap[2] = { end, at };

      g_array_append_vals (self->gaps, gap, 2);
    }
  } else if (N_GAPS (self) > 0) {
    gaps_cut (self, at, at + n);
  }
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
  guint64 end;                  /* clip: stream sample where the text ends */
  guint64 fade;                 /* clip: samples kept back to fade out */
  guint64 hold;                 /* overlap: stream sample held back from */
  GstFlowReturn flow;
  gboolean clipped;
  /* Its words, from `start`, until their audio is in the mix buffer: the
   * speech may be moved before that (live). */
  GQueue words;
} Speech;

/* The words whose first sample is among the first `upto` samples of the
 * speech go to the stream's queue, to be posted with their audio. Lock
 * held. */
static void
speech_release_words (GstInflectTts * self, Speech * sp, guint64 upto)
{
  GstInflectWord *word;

  while ((word = g_queue_peek_head (&sp->words)) != NULL
      && word->start < upto) {
    g_queue_pop_head (&sp->words);
    word->start += sp->start;
    g_queue_insert_sorted (&self->words, word, gst_inflect_word_compare,
        NULL);
  }
}

static guint64
speech_limit (const Speech * sp)
{
  if (sp->end == G_MAXUINT64)
    return G_MAXUINT64;
  return sp->end > sp->start ? sp->end - sp->start : 0;
}

/* Live, synthesis runs at most this far ahead of what has been pushed: it
 * waits for the clock task rather than pushing (release()), and the
 * controls are synchronised no further ahead of the audio on air. */
#define LIVE_READY_SECONDS 1

static gboolean
speech_audio (gpointer user, const gfloat * samples, gsize n)
{
  Speech *sp = user;
  GstInflectTts *self = sp->self;
  guint64 limit, target, keep;
  gboolean live;

  if (g_atomic_int_get (&self->flushing)) {
    sp->flow = GST_FLOW_FLUSHING;
    return FALSE;
  }

  /* Following the clock, synthesis only adds to the mix buffer, under
   * `lock`: the clock task pushes it, and may be waiting downstream
   * meanwhile. Otherwise this thread pushes, as the clock task may too. */
  g_mutex_lock (&self->lock);
  live = following_clock (self);
  if (!live) {
    g_mutex_unlock (&self->lock);
    stream_lock (self);
  }
  self->pending_start = G_MAXUINT64;
  /* Live, when synthesis fell behind the clock: the rest is spoken later
   * rather than pushed late (and dropped downstream), its words with it. */
  if (sp->start + sp->written < self->position) {
    GST_INFO_OBJECT (self, "speech is late, moved by %" G_GUINT64_FORMAT
        " samples", self->position - sp->start - sp->written);
    sp->start = self->position - sp->written;
  }

  limit = speech_limit (sp);
  if (sp->written + n > limit) {
    n = limit > sp->written ? limit - sp->written : 0;
    sp->clipped = TRUE;
  }
  mix_add (self, sp->start + sp->written, samples, n);
  sp->written += n;
  speech_release_words (self, sp, sp->written);

  if (sp->clipped) {
    /* The last `fade` samples were kept back for this; in clip mode nothing
     * else is mixed in there. Live, the clock task may have pushed some of
     * them when they were due. */
    guint64 fade = MIN (sp->fade, sp->written), i;
    guint64 from = sp->start + sp->written - fade;
    gfloat *tail = (gfloat *) self->mix->data;

    for (i = 0; i < fade; i++)
      if (from + i >= self->position)
        tail[from + i - self->position] *= (gfloat) (fade - i) / fade;
    GST_DEBUG_OBJECT (self, "clipped at sample %" G_GUINT64_FORMAT,
        sp->start + sp->written);
  }

  keep = sp->clipped ? 0 : MIN (sp->fade, sp->written);
  target = MIN (sp->start + sp->written - keep, sp->hold);
  /* overlap keeps a bounded tail for the next text to be mixed into. */
  if (self->mix->len > (guint64) self->info.rate * OVERLAP_WINDOW)
    target = MAX (target, self->position + self->mix->len -
        (guint64) self->info.rate * OVERLAP_WINDOW);
  if (!live) {
    sp->flow = commit (self, target);
    stream_unlock (self);
    return sp->flow == GST_FLOW_OK && !sp->clipped;
  }

  /* The clock task waits for the rest, as for the first audio, until it is
   * due. */
  self->released = MAX (self->released, target);
  self->pending_start = sp->start + sp->written - keep;
  while (!g_atomic_int_get (&self->flushing) && self->clock_flow == GST_FLOW_OK
      && sp->start + sp->written > self->position +
      (guint64) self->info.rate * LIVE_READY_SECONDS
      && following_clock (self))
    g_cond_wait_until (&self->push_cond, &self->lock,
        g_get_monotonic_time () + 100 * G_TIME_SPAN_MILLISECOND);
  sp->flow = self->clock_flow;
  if (g_atomic_int_get (&self->flushing))
    sp->flow = GST_FLOW_FLUSHING;
  g_mutex_unlock (&self->lock);
  return sp->flow == GST_FLOW_OK && !sp->clipped;
}

static GstClockTime
speech_position (gpointer user)
{
  Speech *sp = user;
  GstInflectTts *self = sp->self;

  /* Asked for every token before its audio is made: a flush's cancel that
   * came between the last look at `flushing` and the start of the engine's
   * call was lost (inflect.h), so it is made again here, before the call
   * can wait for the voice's F0 centre to be measured (seconds, for a v2
   * voice) or make audio nobody will take. inflectsrc does the same. */
  if (g_atomic_int_get (&self->flushing))
    gst_inflect_common_cancel (&self->common, GST_ELEMENT (self));

  return gst_segment_to_stream_time (&self->segment, GST_FORMAT_TIME,
      sample_to_time (self, sp->start + sp->written));
}

static void
speech_word (gpointer user, GstInflectWord * word)
{
  Speech *sp = user;
  guint64 limit = speech_limit (sp);

  if (word->start >= limit) {
    gst_inflect_word_free (word);
    return;
  }
  word->length = MIN (word->length, limit - word->start);
  g_queue_insert_sorted (&sp->words, word, gst_inflect_word_compare, NULL);
}

static const GstInflectSpeakFuncs speech_funcs = {
  speech_audio, speech_position, speech_word
};

static GstFlowReturn
speech_result (GstInflectTts * self, Speech * sp, inflect_status status)
{
  if (status == INFLECT_OK || (sp->clipped && sp->flow == GST_FLOW_OK))
    return GST_FLOW_OK;
  if (status == INFLECT_ERR_TOO_LONG && sp->flow == GST_FLOW_OK) {
    /* What was spoken, whole sentences, stays. */
    gst_inflect_common_warn_too_long (&self->common, GST_ELEMENT (self));
    return GST_FLOW_OK;
  }
  if (sp->flow != GST_FLOW_OK)
    return sp->flow;
  if (g_atomic_int_get (&self->flushing))
    return GST_FLOW_FLUSHING;

  GST_ELEMENT_ERROR (self, STREAM, FAILED, ("Speech synthesis failed."),
      ("%s: %s", inflect_status_name (status),
          inflect_synth_error (self->common.synth)));
  return GST_FLOW_ERROR;
}

/* ------------------------------------------------------------------ */
/* overflow=fit: choosing the speed */

/* A length factor and the samples it gives. */
typedef struct
{
  gdouble factor;
  guint64 samples;
} Probe;

static inflect_status
probe (GstInflectTts * self, Speech * sp, const GstInflectText * text,
    gdouble factor, Probe * out)
{
  out->factor = factor;
  return gst_inflect_common_measure (&self->common, GST_ELEMENT (self), text,
      factor, &speech_funcs, sp, &out->samples);
}

/* What fit looks for: speech that ends as close to `goal` samples as
 * possible, no shorter than `least` (max-rate) and no longer than `most`. */
typedef struct
{
  guint64 least, goal, most;
} FitGoal;

/* Lower is better: speech within the goal's bounds, by its distance to the
 * goal; then speech too long; worst, speech faster than max-rate. */
static guint64
fit_cost (const FitGoal * goal, guint64 samples)
{
  if (samples < goal->least)
    return (G_MAXUINT64 >> 1) + (goal->least - samples);
  if (samples > goal->most)
    return (G_MAXUINT64 >> 2) + (samples - goal->goal);
  return samples > goal->goal ? samples - goal->goal : goal->goal - samples;
}

/* Searches the length factor for `goal`, from the natural speed down.
 * Durations are whole frames per phoneme and long texts are cut into
 * utterances by a budget that depends on the speed, so the length is a step
 * function of the factor, not a multiple of it, and not even strictly
 * monotonic: the search keeps a bracket around the goal (interpolating and
 * bisecting in turn) and the best factor it measured, and stops when that
 * is within FIT_TOLERANCES_PER_SECOND of the goal, when the bracket is
 * narrower than FIT_FACTOR_RESOLUTION of its factor, or after FIT_PROBES
 * measurements. */
static inflect_status
fit_search (GstInflectTts * self, Speech * sp, const GstInflectText * text,
    const FitGoal * goal, const Probe * natural, gdouble * factor)
{
  guint64 tolerance = self->info.rate / FIT_TOLERANCES_PER_SECOND;
  inflect_status status = INFLECT_OK;
  Probe lo = { 0.0, 0 }, hi = *natural, best = *natural, p;
  guint i;

  for (i = 0; i < FIT_PROBES; i++) {
    gdouble f;

    if (fit_cost (goal, best.samples) <= tolerance)
      break;
    if (lo.samples == 0) {
      if (hi.factor <= MIN_FIT_FACTOR)
        break;
      f = MAX (hi.factor * goal->goal / hi.samples, MIN_FIT_FACTOR);
    } else {
      /* A narrower bracket finds no other length: lo and hi are the two
       * sides of one step (a text that repeats itself rounds the same
       * phonemes at the same factor, a step of several frames). */
      if (hi.factor - lo.factor < FIT_FACTOR_RESOLUTION * hi.factor)
        break;
      f = (lo.factor + hi.factor) / 2;
      if (i % 2 == 0 && hi.samples > lo.samples)
        f = lo.factor + (hi.factor - lo.factor) * (goal->goal - lo.samples) /
            (hi.samples - lo.samples);
      if (f <= lo.factor || f >= hi.factor)
        f = (lo.factor + hi.factor) / 2;
    }
    status = probe (self, sp, text, f, &p);
    if (status != INFLECT_OK)
      return status;
    if (p.samples >= goal->goal)
      hi = p;
    else
      lo = p;
    if (fit_cost (goal, p.samples) < fit_cost (goal, best.samples))
      best = p;
  }
  *factor = best.factor;
  GST_DEBUG_OBJECT (self, "%" G_GUINT64_FORMAT " samples, aiming at %"
      G_GUINT64_FORMAT " (%" G_GUINT64_FORMAT "..%" G_GUINT64_FORMAT "): "
      "length factor %.4f gives %" G_GUINT64_FORMAT " (%u measurements)",
      natural->samples, goal->goal, goal->least, goal->most, best.factor,
      best.samples, i);
  return INFLECT_OK;
}

/* The length factor for `text`, whose speech at the natural speed is
 * `natural`, given `available` samples: see fit_factor(). */
static inflect_status
fit_measured (GstInflectTts * self, Speech * sp, const GstInflectText * text,
    const Probe * natural, guint64 available, gdouble max_rate,
    gdouble * factor)
{
  FitGoal goal;

  *factor = 1.0;
  if (natural->samples <= available)
    return INFLECT_OK;
  goal.least = (guint64) ceil (natural->samples / max_rate);
  if (goal.least <= available) {
    goal.goal = available;
    goal.most = available + self->info.rate / FIT_TOLERANCES_PER_SECOND;
  } else {
    /* Too long even at max-rate: that fast, and shifted. */
    goal.goal = goal.least;
    goal.most = G_MAXUINT64;
  }
  return fit_search (self, sp, text, &goal, natural, factor);
}

/* The length factor for `text` given `available` samples: 1 if it fits,
 * else the factor whose speech ends closest to `available`, no more than
 * 10 ms past it (as close as the voice's frames allow), but never faster
 * than `max_rate` times the natural speed; when even that is too long,
 * `max_rate` times as fast as the frames allow without exceeding it.
 *
 * A text longer than FIT_PREFIX bytes is first judged by a prefix about as
 * long as could be spoken in the time at `max_rate`, doubled while it fits:
 * once a prefix cannot fit, neither can the whole, which is then spoken at
 * 1 / `max_rate` without measuring more, so that the first audio of a
 * caption of any size comes after a bounded amount of measuring. */
static inflect_status
fit_factor (GstInflectTts * self, Speech * sp, const GstInflectText * text,
    guint64 available, gdouble max_rate, gdouble * factor)
{
  gdouble seconds = (gdouble) available / self->info.rate;
  gsize prefix = MAX (FIT_PREFIX_MIN, seconds * max_rate * BYTES_PER_SECOND);
  inflect_status status;
  Probe natural;

  *factor = 1.0;
  for (; text->length > FIT_PREFIX && prefix < text->length; prefix *= 2) {
    GstInflectText head = *text;
    const gchar *space = g_strrstr_len (head.text, prefix, " ");

    head.length = space != NULL ? (gsize) (space - head.text) : prefix;
    status = probe (self, sp, &head, 1.0, &natural);
    if (status != INFLECT_OK)
      return status;
    if (natural.samples / max_rate > available) {
      *factor = 1.0 / max_rate;
      GST_DEBUG_OBJECT (self, "the first %" G_GSIZE_FORMAT " of %"
          G_GSIZE_FORMAT " bytes already take %" G_GUINT64_FORMAT
          " samples for %" G_GUINT64_FORMAT ": at max-rate", head.length,
          text->length, natural.samples, available);
      return INFLECT_OK;
    }
  }

  status = probe (self, sp, text, 1.0, &natural);
  if (status != INFLECT_OK)
    return status;
  return fit_measured (self, sp, text, &natural, available, max_rate, factor);
}

/* overflow=fit for a text with a time but no duration (a live caption
 * stamped on arrival) that starts `behind` samples after its time, because
 * speech before it ran on: faster, at most by `max_rate`, by as much as puts
 * its end where it would have been had it started on time. Without this a
 * feed whose captions take longer to say than the time between them fell
 * behind without bound (16.6 s after 40 s of captions every 2 s). A text
 * longer than FIT_PREFIX bytes is not measured (that would hold its first
 * audio back): a second or more behind, it is spoken at `max_rate`. */
static inflect_status
catch_up_factor (GstInflectTts * self, Speech * sp, const GstInflectText * text,
    guint64 behind, gdouble max_rate, gdouble * factor)
{
  inflect_status status;
  Probe natural;

  *factor = 1.0;
  if (text->length > FIT_PREFIX) {
    if (behind >= (guint64) self->info.rate)
      *factor = 1.0 / max_rate;
    return INFLECT_OK;
  }
  status = probe (self, sp, text, 1.0, &natural);
  if (status != INFLECT_OK)
    return status;
  return fit_measured (self, sp, text, &natural,
      natural.samples > behind ? natural.samples - behind : 0, max_rate,
      factor);
}

/* Tells the application once when speech before a text ran on
 * BEHIND_WARN_SECONDS or more past the text's time (shift, or fit past
 * max-rate), and again only after a text has been held back less than
 * BEHIND_RESET_SECONDS. A dub track minutes out of step, or a
 * live voice seconds behind its captions, is otherwise found by ear. Lock
 * held. */
static void
note_behind (GstInflectTts * self, guint64 behind)
{
  if (behind < self->info.rate * BEHIND_RESET_SECONDS)
    self->behind_warned = FALSE;
  if (behind < (guint64) self->info.rate * BEHIND_WARN_SECONDS
      || self->behind_warned)
    return;
  self->behind_warned = TRUE;
  GST_ELEMENT_WARNING (self, STREAM, FAILED,
      ("Speech is running %.1f s behind its text.",
          (gdouble) behind / self->info.rate),
      ("the speech before a text ended %" GST_TIME_FORMAT " after the "
          "text's time: it took longer than the time between the texts "
          "(overflow=fit speeds it up, at most by max-rate)",
          GST_TIME_ARGS (sample_to_time (self, behind))));
}

/* How far speech before a text due at `due` ran past that time: what holds
 * the text back that catching up can win back. A text that merely arrived
 * late (live, after its time and the latency) is not behind in this sense:
 * speeding it up would win nothing, since the next one is stamped on
 * arrival too. Lock held. */
static guint64
behind_by_speech (GstInflectTts * self, guint64 due, guint64 start)
{
  guint64 held = MIN (start, self->speech_end);

  if (due == G_MAXUINT64 || held <= due
      || held - due < (guint64) self->info.rate / FIT_TOLERANCES_PER_SECOND)
    return 0;
  return held - due;
}

/* A text with letters, digits or symbols that gave no speech at all: words
 * of another script, emoji ("日本語のキャプションです。" was a silent
 * track with nothing said about it). Reported once a stream, since a
 * caption track in another language would repeat it for every caption; a
 * text of punctuation alone ("...", "--", "…", "¿?") is common in captions
 * and not reported. Lock held. */
static void
note_unreadable (GstInflectTts * self, const GstInflectText * text)
{
  const gchar *p, *end = text->text + text->length;
  gboolean something = FALSE;

  if (self->unreadable_warned)
    return;
  for (p = text->text; p < end && !something; p = g_utf8_next_char (p)) {
    gunichar c = g_utf8_get_char (p);

    something = g_unichar_isalnum (c)
        || g_unichar_type (c) == G_UNICODE_OTHER_SYMBOL;
  }
  if (!something)
    return;
  self->unreadable_warned = TRUE;
  GST_ELEMENT_WARNING (self, STREAM, FAILED,
      ("A text has no words that can be read."),
      ("only English is read: other scripts, emoji and most symbols are "
          "skipped; later texts like it are not reported"));
}

/* Speaks `text` from stream sample `start`; `due` is where its timestamp
 * put it (G_MAXUINT64 for untimed text), `end` where its duration ends
 * (G_MAXUINT64 when it has none). Called with the lock held, which is let
 * go while the engine works. */
static GstFlowReturn
speak (GstInflectTts * self, const GstInflectText * text, guint64 due,
    guint64 start, guint64 end)
{
  Speech sp = { self, start, 0, G_MAXUINT64, 0, G_MAXUINT64, GST_FLOW_OK,
    FALSE, G_QUEUE_INIT
  };
  GstInflectOverflow overflow;
  inflect_status status = INFLECT_OK;
  GstFlowReturn ret;
  gdouble max_rate, factor = 1.0;
  guint64 behind;

  GST_OBJECT_LOCK (self);
  overflow = self->overflow;
  max_rate = self->max_rate;
  GST_OBJECT_UNLOCK (self);

  ret = release (self, start);
  if (ret != GST_FLOW_OK)
    return ret;
  behind = behind_by_speech (self, due, start);
  note_behind (self, behind);

  if (end != G_MAXUINT64) {
    self->caption_end = MAX (self->caption_end, end);
    switch (overflow) {
      case GST_INFLECT_OVERFLOW_CLIP:
        if (end <= start) {
          /* Earlier speech (or, live, a late arrival) took all of its
           * time: nothing of it can be heard, which the application should
           * learn rather than find a caption silently missing. */
          GST_ELEMENT_WARNING (self, STREAM, FAILED,
              ("A text was not spoken: its time had passed."),
              ("overflow=clip: the text ending at %" GST_TIME_FORMAT
                  " could start no earlier than %" GST_TIME_FORMAT,
                  GST_TIME_ARGS (sample_to_time (self, end)),
                  GST_TIME_ARGS (sample_to_time (self, start))));
          return GST_FLOW_OK;
        }
        sp.end = end;
        sp.fade = self->info.rate / FADES_PER_SECOND;
        break;
      case GST_INFLECT_OVERFLOW_OVERLAP:
        sp.hold = end;
        break;
      case GST_INFLECT_OVERFLOW_FIT:
      case GST_INFLECT_OVERFLOW_SHIFT:
        break;
    }
  }

  self->pending_start = start;
  stream_unlock (self);
  if (overflow == GST_INFLECT_OVERFLOW_FIT && end != G_MAXUINT64)
    status = fit_factor (self, &sp, text, end > start ? end - start : 0,
        max_rate, &factor);
  else if (overflow == GST_INFLECT_OVERFLOW_FIT && behind > 0)
    status = catch_up_factor (self, &sp, text, behind, max_rate, &factor);
  /* Too long for max-duration whatever the speed: spoken up to it at the
   * speed measured so far (the requested one, unless max-rate was chosen). */
  if (status == INFLECT_OK || status == INFLECT_ERR_TOO_LONG)
    status = gst_inflect_common_speak (&self->common, GST_ELEMENT (self),
        text, factor, 0, &speech_funcs, &sp);
  stream_lock (self);
  self->pending_start = G_MAXUINT64;
  /* Any word left (past the audio made) goes where it would have. */
  speech_release_words (self, &sp, G_MAXUINT64);

  self->speech_end = MAX (self->speech_end, sp.start + sp.written);
  if (status == INFLECT_OK && sp.written == 0)
    note_unreadable (self, text);
  ret = speech_result (self, &sp, status);
  if (ret == GST_FLOW_OK && sp.hold == G_MAXUINT64)
    ret = release (self, sp.start + sp.written);
  return ret;
}

/* Prepares `size` bytes of text and speaks them from `start` to `end`.
 * Lock held. */
static GstFlowReturn
speak_bytes (GstInflectTts * self, const guint8 * data, gsize size,
    GstClockTime pts, guint64 due, guint64 start, guint64 end)
{
  GstFlowReturn ret = GST_FLOW_OK;
  GstInflectText *text;
  gboolean replaced;

  text = gst_inflect_text_new ((const gchar *) data, size,
      GST_INFLECT_TEXT_OVERRIDES | (g_atomic_int_get (&self->markup) ?
          GST_INFLECT_TEXT_MARKUP : GST_INFLECT_TEXT_PLAIN), &replaced);
  if (!g_atomic_int_get (&self->descriptions))
    gst_inflect_text_drop_descriptions (text);
  if (replaced && GST_CLOCK_TIME_IS_VALID (pts))
    GST_ELEMENT_WARNING (self, STREAM, DECODE,
        ("The text is not valid UTF-8."),
        ("Invalid bytes in the buffer at %" GST_TIME_FORMAT
            " were replaced by U+FFFD.", GST_TIME_ARGS (pts)));
  else if (replaced)
    GST_ELEMENT_WARNING (self, STREAM, DECODE,
        ("The text is not valid UTF-8."),
        ("Invalid bytes in untimed text were replaced by U+FFFD."));

  /* A text that arrives too late to be heard at its time is heard as soon
   * as it can be, not lost. */
  start = MAX (start, live_floor (self));
  if (!gst_inflect_text_is_blank (text)) {
    GST_DEBUG_OBJECT (self, "speaking %" G_GSIZE_FORMAT " bytes from sample %"
        G_GUINT64_FORMAT, text->length, start);
    ret = speak (self, text, due, start, end);
  } else if (end != G_MAXUINT64) {
    /* A blank caption is a pause in the text to its end, as a GAP event
     * is: the track is silent to there, and a pipeline prerolls on it. */
    ret = release (self, MAX (start, end));
  }
  gst_inflect_text_free (text);
  return ret;
}

/* Where the untimed text received so far may be cut: after its last
 * sentence or clause end (a punctuation mark followed by white space or at
 * the end) and the white space after it; failing that, once there is more
 * than UNTIMED_MAX bytes, after its last word; else 0, wait for more. */
static gsize
untimed_cut (const guint8 * data, gsize size)
{
  gsize i, cut = 0;

  for (i = size; i > 0 && cut == 0; i--) {
    guint8 c = data[i - 1];

    if (strchr (".!?;:,\n", c) != NULL && c != '\0'
        && (i == size || g_ascii_isspace (data[i]) || data[i] == '\0'))
      cut = i;
  }
  for (i = size; i > 0 && cut == 0 && size > UNTIMED_MAX; i--)
    if (g_ascii_isspace (data[i - 1]) || data[i - 1] == '\0')
      cut = i;
  while (cut > 0 && cut < size && (g_ascii_isspace (data[cut])
          || data[cut] == '\0'))
    cut++;
  return cut;
}

/* Speaks the first `size` bytes of the untimed text, after everything
 * spoken so far. Lock held. */
static GstFlowReturn
speak_untimed (GstInflectTts * self, gsize size)
{
  GstFlowReturn ret;

  if (size == 0)
    return GST_FLOW_OK;
  ret = speak_bytes (self, self->untimed->data, size, GST_CLOCK_TIME_NONE,
      G_MAXUINT64, MAX (self->position + self->mix->len, self->speech_end),
      G_MAXUINT64);
  g_byte_array_remove_range (self->untimed, 0, size);
  return ret;
}

static GstFlowReturn
gst_inflect_tts_chain (G_GNUC_UNUSED GstPad * pad, GstObject * parent,
    GstBuffer * buf)
{
  GstInflectTts *self = GST_INFLECT_TTS (parent);
  GstClockTime pts = GST_BUFFER_PTS (buf);
  GstClockTime duration = GST_BUFFER_DURATION (buf);
  GstFlowReturn ret = GST_FLOW_OK;
  GstMapInfo map;

  stream_lock (self);
  apply_events (self, TRUE);
  if (!ensure_output (self)) {
    stream_unlock (self);
    gst_buffer_unref (buf);
    return GST_FLOW_NOT_NEGOTIATED;
  }
  gst_buffer_map (buf, &map, GST_MAP_READ);

  if (GST_CLOCK_TIME_IS_VALID (pts)) {
    guint64 clip_start, clip_stop, end = G_MAXUINT64;
    GstClockTime stop = GST_CLOCK_TIME_IS_VALID (duration) ?
        pts + duration : GST_CLOCK_TIME_NONE;

    /* Untimed text that came before is spoken first. */
    ret = speak_untimed (self, self->untimed->len);
    if (ret == GST_FLOW_OK && gst_segment_clip (&self->segment,
            GST_FORMAT_TIME, pts, stop, &clip_start, &clip_stop)) {
      guint64 due = time_to_sample (self, clip_start);

      if (GST_CLOCK_TIME_IS_VALID (clip_stop))
        end = time_to_sample (self, clip_stop);
      ret = speak_bytes (self, map.data, map.size, pts, due,
          MAX (due, MAX (self->position, self->released)), end);
    } else if (ret == GST_FLOW_OK) {
      GST_DEBUG_OBJECT (self, "text at %" GST_TIME_FORMAT " is outside the "
          "segment", GST_TIME_ARGS (pts));
    }
  } else {
    /* A transcript arriving in pieces is spoken a sentence or clause at a
     * time, never cut inside a word. */
    g_byte_array_append (self->untimed, map.data, map.size);
    ret = speak_untimed (self, untimed_cut (self->untimed->data,
            self->untimed->len));
  }

  gst_buffer_unmap (buf, &map);
  /* Live, the clock task pushes: what went wrong there is upstream's to
   * hear from here. */
  if (ret == GST_FLOW_OK)
    ret = self->clock_flow;
  stream_unlock (self);
  gst_buffer_unref (buf);
  return ret;
}

/* Lock held. */
static void
reset_stream (GstInflectTts * self)
{
  gst_segment_init (&self->segment, GST_FORMAT_TIME);
  self->have_segment = FALSE;
  self->segment_seqnum = GST_SEQNUM_INVALID;
  self->segment_pending = TRUE;
  self->position = 0;
  self->released = 0;
  g_array_set_size (self->mix, 0);
  g_array_set_size (self->gaps, 0);
  self->clock_flow = GST_FLOW_OK;
  self->speech_end = 0;
  self->caption_end = 0;
  self->behind_warned = FALSE;
  self->unreadable_warned = FALSE;
  self->pending_start = G_MAXUINT64;
  g_byte_array_set_size (self->untimed, 0);
  g_queue_clear_full (&self->words, (GDestroyNotify) gst_inflect_word_free);
  g_queue_clear_full (&self->events, (GDestroyNotify) gst_event_unref);
  self->discont = TRUE;
  set_task_flag (self, &self->eos, FALSE);
}

/* The clock task may have pushed silence on our default segment before
 * upstream's first one arrived; when that maps running time the same way
 * (a live source's segment from 0), the timeline just goes on: returns TRUE.
 * Both locks held. */
static gboolean
continue_segment (GstInflectTts * self, const GstSegment * segment)
{
  if (self->have_segment || self->position == 0
      || segment->start != self->segment.start
      || segment->base != self->segment.base
      || segment->rate != self->segment.rate)
    return FALSE;
  self->have_segment = TRUE;
  if (segment->time != self->segment.time
      || segment->stop != self->segment.stop) {
    self->segment = *segment;
    self->segment_pending = TRUE;
  }
  return TRUE;
}

/* An event has no flow return to hand upstream, so a failure to push the
 * audio an event lets out is reported as the chain function would have it
 * reported: a fatal flow as an element error, and FALSE for the event.
 * Flushing and EOS are not failures. */
static gboolean
event_flow_ok (GstInflectTts * self, GstFlowReturn ret)
{
  if (ret == GST_FLOW_OK || ret == GST_FLOW_FLUSHING || ret == GST_FLOW_EOS)
    return TRUE;
  GST_DEBUG_OBJECT (self, "pushing before an event: %s",
      gst_flow_get_name (ret));
  if (ret == GST_FLOW_NOT_LINKED || ret < GST_FLOW_EOS)
    GST_ELEMENT_FLOW_ERROR (self, ret);
  return FALSE;
}

/* Both locks held. */
static gboolean
set_segment (GstInflectTts * self, const GstSegment * segment,
    guint32 seqnum)
{
  /* Held-back text and speech belong to the old timeline. */
  GstFlowReturn ret = speak_untimed (self, self->untimed->len);

  if (ret == GST_FLOW_OK)
    ret = commit (self, MAX (self->position + self->mix->len,
            self->released));
  self->segment = *segment;
  self->have_segment = TRUE;
  self->position = 0;
  self->released = 0;
  g_array_set_size (self->mix, 0);
  g_array_set_size (self->gaps, 0);
  self->speech_end = 0;
  self->caption_end = 0;
  self->segment_seqnum = seqnum;
  self->segment_pending = TRUE;
  return event_flow_ok (self, ret);
}

/* What a SEGMENT or GAP from upstream does. Both locks held. */
static gboolean
apply_event (GstInflectTts * self, GstEvent * event)
{
  GstClockTime ts, duration;
  GstFlowReturn flow;
  GstSegment segment;

  if (GST_EVENT_TYPE (event) == GST_EVENT_SEGMENT) {
    gst_event_copy_segment (event, &segment);
    return continue_segment (self, &segment)
        || set_segment (self, &segment, gst_event_get_seqnum (event));
  }
  gst_event_parse_gap (event, &ts, &duration);
  if (GST_CLOCK_TIME_IS_VALID (duration))
    ts += duration;
  /* A pause in the text: what has come of a sentence is spoken. */
  flow = speak_untimed (self, self->untimed->len);
  if (flow == GST_FLOW_OK)
    flow = release (self, MAX (time_to_sample (self, ts), live_floor (self)));
  return event_flow_ok (self, flow);
}

/* Applies the SEGMENT and GAP events waiting in `events`, in order. Both
 * locks held. The clock task (`may_speak` FALSE) leaves them while untimed
 * text is held: applying them speaks it, which is the streaming thread's to
 * do (and no text comes while the clock task holds `push_lock`). */
static gboolean
apply_events (GstInflectTts * self, gboolean may_speak)
{
  gboolean ok = TRUE;
  GstEvent *event;

  if (!may_speak && self->untimed->len > 0)
    return TRUE;
  while ((event = g_queue_pop_head (&self->events)) != NULL) {
    ok = apply_event (self, event) && ok;
    gst_event_unref (event);
  }
  return ok;
}

static gboolean
gst_inflect_tts_sink_event (GstPad * pad, GstObject * parent, GstEvent * event)
{
  GstInflectTts *self = GST_INFLECT_TTS (parent);
  gboolean ret = TRUE;

  GST_LOG_OBJECT (self, "event %" GST_PTR_FORMAT, event);

  switch (GST_EVENT_TYPE (event)) {
    case GST_EVENT_CAPS:{
      GstCaps *caps;
      const gchar *format;

      /* The output does not depend on the text format, and is negotiated
       * before the first push. Nothing here waits for the stream lock: a
       * live source such as appsrc sends caps with its live lock held, and
       * its PLAYING to PAUSED takes that lock while the clock task may be
       * blocked downstream in a sink's preroll. */
      gst_event_parse_caps (event, &caps);
      format = gst_structure_get_string (gst_caps_get_structure (caps, 0),
          "format");
      g_atomic_int_set (&self->markup, g_strcmp0 (format,
              "pango-markup") == 0);
      gst_event_unref (event);
      return TRUE;
    }
    case GST_EVENT_SEGMENT:
    case GST_EVENT_GAP:{
      gboolean timed, live;

      if (GST_EVENT_TYPE (event) == GST_EVENT_SEGMENT) {
        const GstSegment *segment;

        gst_event_parse_segment (event, &segment);
        timed = segment->format == GST_FORMAT_TIME;
        if (!timed)
          GST_DEBUG_OBJECT (self, "no timestamps upstream, speaking buffers "
              "back to back");
      } else {
        GstClockTime ts;

        gst_event_parse_gap (event, &ts, NULL);
        timed = GST_CLOCK_TIME_IS_VALID (ts);
      }
      if (!timed) {
        gst_event_unref (event);
        return TRUE;
      }
      /* Both may let audio out, and a live source sends them with its live
       * lock held, which its PLAYING to PAUSED takes, while the clock task
       * may be blocked downstream in a sink's preroll: live, they never wait
       * for a push. They wait in `events` (under `lock`, which no push
       * holds) for whoever pushes next: the clock task on its next tick,
       * or this thread with its next buffer or EOS. */
      g_mutex_lock (&self->lock);
      g_queue_push_tail (&self->events, event);
      g_mutex_unlock (&self->lock);
      g_mutex_lock (&self->task_lock);
      live = self->live;
      g_mutex_unlock (&self->task_lock);
      if (live)
        return TRUE;
      stream_lock (self);
      ret = apply_events (self, TRUE);
      stream_unlock (self);
      return ret;
    }
    case GST_EVENT_EOS:
      stream_lock (self);
      apply_events (self, TRUE);
      /* EOS goes on even when the last audio could not: downstream must
       * still learn that the stream ended. */
      if (ensure_output (self)) {
        GstFlowReturn flow = speak_untimed (self, self->untimed->len);

        if (flow == GST_FLOW_OK)
          flow = commit (self, MAX (MAX (self->position + self->mix->len,
                      self->caption_end), self->released));
        event_flow_ok (self, flow);
      }
      set_task_flag (self, &self->eos, TRUE);
      claim_push (self);
      ret = gst_pad_push_event (self->srcpad, event);
      stream_unlock (self);
      return ret;
    case GST_EVENT_FLUSH_START:
      g_atomic_int_set (&self->flushing, 1);
      gst_inflect_common_cancel (&self->common, GST_ELEMENT (self));
      wake_synthesis (self);
      return gst_pad_push_event (self->srcpad, event);
    case GST_EVENT_FLUSH_STOP:
      stream_lock (self);
      /* The clock task's last push, flushed, comes back first. */
      claim_push (self);
      reset_stream (self);
      g_atomic_int_set (&self->flushing, 0);
      ret = gst_pad_push_event (self->srcpad, event);
      stream_unlock (self);
      return ret;
    default:
      return gst_pad_event_default (pad, parent, event);
  }
}

/* Upstream's liveness and latency, which decide whether and how the clock
 * task runs. */
static void
query_upstream (GstInflectTts * self)
{
  GstQuery *query = gst_query_new_latency ();
  GstClockTime min = 0, max;
  gboolean live = FALSE;

  if (gst_pad_peer_query (self->sinkpad, query))
    gst_query_parse_latency (query, &live, &min, &max);
  gst_query_unref (query);

  g_mutex_lock (&self->task_lock);
  self->live = live;
  self->upstream_latency = GST_CLOCK_TIME_IS_VALID (min) ? min : 0;
  g_mutex_unlock (&self->task_lock);
  GST_DEBUG_OBJECT (self, "upstream live %d, latency %" GST_TIME_FORMAT,
      live, GST_TIME_ARGS (min));
}

/* Seeks go upstream, to the source of the text, except one backwards:
 * speech is made forwards only, and audio would come out forwards in a
 * reverse segment. */
static gboolean
gst_inflect_tts_src_event (GstPad * pad, GstObject * parent, GstEvent * event)
{
  if (GST_EVENT_TYPE (event) == GST_EVENT_SEEK) {
    gdouble rate;

    gst_event_parse_seek (event, &rate, NULL, NULL, NULL, NULL, NULL, NULL);
    if (rate < 0.0) {
      GST_WARNING_OBJECT (parent, "cannot speak backwards");
      gst_event_unref (event);
      return FALSE;
    }
  }
  return gst_pad_event_default (pad, parent, event);
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
      /* Audio for a text stamped T leaves by T + upstream latency + ours.
       * The audio is made here, not buffered from upstream, so it can be
       * held back for as long as downstream wants: no maximum. */
      ours = latency_budget (self);
      min += ours;
      max = GST_CLOCK_TIME_NONE;
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
      if (!gst_inflect_common_downstream_takes (&self->common, element,
              self->srcpad, GST_PAD_PAD_TEMPLATE (self->srcpad))) {
        gst_inflect_common_close (&self->common, element);
        return GST_STATE_CHANGE_FAILURE;
      }
      stream_lock (self);
      gst_audio_info_init (&self->info);
      g_atomic_int_set (&self->markup, FALSE);
      reset_stream (self);
      stream_unlock (self);
      g_mutex_lock (&self->task_lock);
      self->live = FALSE;
      self->playing = FALSE;
      self->stopping = FALSE;
      self->upstream_latency = 0;
      g_mutex_unlock (&self->task_lock);
      g_atomic_int_set (&self->flushing, 0);
      break;
    case GST_STATE_CHANGE_PAUSED_TO_PLAYING:
      query_upstream (self);
      set_task_flag (self, &self->playing, TRUE);
      break;
    case GST_STATE_CHANGE_PLAYING_TO_PAUSED:
      set_task_flag (self, &self->playing, FALSE);
      wake_synthesis (self);
      break;
    case GST_STATE_CHANGE_PAUSED_TO_READY:
      /* Pads are deactivated next, which waits for the streaming thread
       * and the clock task: make synthesis stop now rather than at the end
       * of the text, and the task leave its wait. */
      g_atomic_int_set (&self->flushing, 1);
      gst_inflect_common_cancel (&self->common, element);
      wake_synthesis (self);
      set_task_flag (self, &self->stopping, TRUE);
      break;
    default:
      break;
  }

  ret = GST_ELEMENT_CLASS (parent_class)->change_state (element, transition);

  switch (transition) {
    case GST_STATE_CHANGE_READY_TO_PAUSED:
      if (ret == GST_STATE_CHANGE_FAILURE)
        gst_inflect_common_close (&self->common, element);
      else
        gst_pad_start_task (self->srcpad, (GstTaskFunction) clock_loop, self,
            NULL);
      break;
    case GST_STATE_CHANGE_PAUSED_TO_READY:
      gst_pad_stop_task (self->srcpad);
      gst_inflect_common_close (&self->common, element);
      stream_lock (self);
      reset_stream (self);
      stream_unlock (self);
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

  if (gst_inflect_common_set_property (&self->common, object, prop_id, value,
          pspec))
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
    case PROP_DESCRIPTIONS:
      g_atomic_int_set (&self->descriptions, g_value_get_boolean (value));
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
    case PROP_DESCRIPTIONS:
      g_value_set_boolean (value, g_atomic_int_get (&self->descriptions));
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
  g_queue_clear_full (&self->events, (GDestroyNotify) gst_event_unref);
  g_array_free (self->mix, TRUE);
  g_array_free (self->gaps, TRUE);
  g_byte_array_unref (self->untimed);
  g_mutex_clear (&self->lock);
  g_mutex_clear (&self->push_lock);
  g_mutex_clear (&self->task_lock);
  g_cond_clear (&self->cond);
  g_cond_clear (&self->push_cond);

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

  /**
   * GstInflectTts:overflow:
   *
   * What happens when a text's speech lasts longer than its buffer's
   * duration, before the next text: speed it up to fit (at most
   * #GstInflectTts:max-rate times, then shift), shift what follows later,
   * overlap the next text, or clip it with a fade. Only clip drops speech;
   * docs/gstreamer.md has the table of each mode, offline and live.
   */
  g_object_class_install_property (gobject_class, PROP_OVERFLOW,
      g_param_spec_enum ("overflow", "Overflow",
          "What to do when speech lasts longer than its text buffer",
          GST_TYPE_INFLECT_OVERFLOW, DEFAULT_OVERFLOW,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_PLAYING));

  /**
   * GstInflectTts:max-rate:
   *
   * With #GstInflectTts:overflow=fit, the largest speed-up: a text whose
   * speech would need more is spoken this much faster and the rest shifted.
   */
  g_object_class_install_property (gobject_class, PROP_MAX_RATE,
      g_param_spec_double ("max-rate", "Maximum rate",
          "With overflow=fit, the most the speech is sped up (1.5: 50% "
          "faster than length-scale asks)", 1.0, 4.0, DEFAULT_MAX_RATE,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_PLAYING));

  /**
   * GstInflectTts:latency:
   *
   * In a live pipeline, milliseconds the element adds to the pipeline
   * latency: the longest a text may take from its arrival to its first
   * audio (measuring it for fit, and its first vocoder chunk), plus two
   * periods of the clock task (see due_delay()). Set it that much above
   * the caption-to-first-audio maximum that bench/live_captions reports on
   * the target machine; docs/gstreamer.md gives figures for a core.
   */
  g_object_class_install_property (gobject_class, PROP_LATENCY,
      g_param_spec_uint ("latency", "Latency",
          "Milliseconds added to the pipeline latency in live pipelines: the "
          "most a text may take from its arrival to its first audio, plus "
          "two fifths of it (at most 200 ms)", 0,
          G_MAXUINT / 1000, DEFAULT_LATENCY,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_PLAYING));

  /**
   * GstInflectTts:descriptions:
   *
   * Speak what captions for the deaf and hard of hearing add to the
   * dialogue. By default it is not spoken, since a voice track is to say
   * what is said and the programme has its sounds and songs already: text
   * in square brackets ("[door slams]"); text in parentheses at the start
   * of a line's words ("(sighs) I know.") or ending a line after a sentence
   * ("Right. (LAUGHTER)"); lyrics from a music note (U+266A to U+266C) to
   * the next, or to the end of the text; and a speaker label in capitals
   * that starts a line ("JOHN:", ">> REPORTER:"), where the text has
   * lower-case letters or the label follows ">>". Each buffer is read on
   * its own: a description is found within one caption.
   */
  g_object_class_install_property (gobject_class, PROP_DESCRIPTIONS,
      g_param_spec_boolean ("descriptions", "Descriptions",
          "Also speak what captions for the deaf and hard of hearing add: "
          "[sounds], (LAUGHTER), lyrics between music notes, speaker labels "
          "such as \"JOHN:\" or \">> REPORTER:\"", DEFAULT_DESCRIPTIONS,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_PLAYING));

  gst_element_class_add_static_pad_template (element_class, &sink_template);
  gst_element_class_add_static_pad_template (element_class, &src_template);
  gst_element_class_set_static_metadata (element_class,
      "Inflect text-to-speech", "Filter/Converter/Text/Audio",
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
  self->descriptions = DEFAULT_DESCRIPTIONS;
  self->mix = g_array_new (FALSE, TRUE, sizeof (gfloat));
  self->gaps = g_array_new (FALSE, FALSE, sizeof (guint64));
  self->clock_flow = GST_FLOW_OK;
  self->untimed = g_byte_array_new ();
  g_mutex_init (&self->lock);
  g_mutex_init (&self->push_lock);
  g_mutex_init (&self->task_lock);
  g_cond_init (&self->cond);
  g_cond_init (&self->push_cond);
  self->pending_start = G_MAXUINT64;
  g_queue_init (&self->words);
  g_queue_init (&self->events);
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
  gst_pad_set_event_function (self->srcpad,
      GST_DEBUG_FUNCPTR (gst_inflect_tts_src_event));
  gst_element_add_pad (GST_ELEMENT (self), self->srcpad);
}
