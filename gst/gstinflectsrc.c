/* GStreamer plugin for Inflect: inflectsrc.
 *
 * Copyright (C) 2026 The Inflect authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/**
 * SECTION:element-inflectsrc
 * @title: inflectsrc
 * @see_also: inflecttts
 *
 * Speaks the #GstInflectSrc:text property with the Inflect neural
 * text-to-speech engine and then sends EOS. Output is mono audio at the
 * voice's sample rate (24 kHz for the shipped voices) as F32LE or S16LE.
 *
 * Synthesis runs in a thread of its own that stays at most one second of
 * audio ahead of the stream (live, plus #GstInflectSrc:latency), and each buffer leaves as soon as the audio it
 * carries is ready, so the first buffer goes out after the first vocoder
 * chunk rather than after the whole text.
 *
 * Setting #GstInflectSrc:text while the element is PAUSED or PLAYING
 * interrupts the speech at the next buffer boundary: audio synthesized but
 * not yet pushed is dropped and the new text is spoken right after, on the
 * same timeline (no flush, no gap); EOS follows the new text. A change after
 * EOS is spoken after the next flushing seek.
 *
 * A flushing seek speaks the text again from the seek target, sample for
 * sample as it was: the sentences before the target are only timed, not
 * synthesized, so a seek deep into a long text costs little more than the
 * sentence it lands in.
 *
 * The duration, for a seek bar, is measured when first asked for: the first
 * DURATION query (TIME, or DEFAULT in samples) is answered FALSE and starts
 * timing the whole text, as a seek to its end would, on a thread of its own
 * at a lower priority; a duration-changed message follows, and the answer
 * is then exact to the sample, a #GstInflectSrc:length-scale controller
 * curve included. A new text is measured again, its duration counted from
 * where it took over; a change of #GstInflectSrc:length-scale or
 * #GstInflectSrc:speaker while playing is not. A live element has no
 * duration.
 *
 * ## Live
 *
 * #GstInflectSrc:is-live makes the element a live source that delivers audio
 * in real time from when it reaches PLAYING, like a capture device: each
 * buffer leaves when the clock reaches the end of the time it covers. It is
 * then not seekable, and it reports the duration of one buffer
 * (#GstBaseSrc:blocksize) plus #GstInflectSrc:latency as its latency.
 *
 * Synthesis is faster than real time, but not evenly: the acoustic model
 * works on a whole sentence before its first audio, and on a loaded core a
 * pause can outlast the second of audio the synthesis thread keeps ready. A
 * buffer may leave up to #GstInflectSrc:latency after its time and still
 * reach a synchronised sink in time, so a stall shorter than the audio
 * ready plus the latency is not heard. A longer one, or synthesis that is
 * slower than real time for good, would make every later buffer late: the
 * element then restarts its timeline at the clock, marking the buffer
 * DISCONT, and the listener hears a gap instead of a pipeline that drops or
 * stutters. Set the latency to the longest pause synthesis makes on the
 * machine (see the Inflect GStreamer documentation).
 *
 * The voice properties are shared with inflecttts, see the documentation of
 * that element for #GstInflectSrc:length-scale and the messages posted with
 * #GstInflectSrc:word-messages.
 *
 * ## Example launch lines
 * |[
 * gst-launch-1.0 inflectsrc text="Hello, this is Inflect." ! audioconvert ! audioresample ! autoaudiosink
 * ]| Speaks to the sound card.
 * |[
 * gst-launch-1.0 inflectsrc text="Slow and low." length-scale=1.5 pitch-scale=0.5 ! audioconvert ! wavenc ! filesink location=slow.wav
 * ]| Writes a WAV file.
 * |[
 * gst-launch-1.0 -m inflectsrc text="Word by word." word-messages=true ! fakesink sync=true
 * ]| Prints an inflect-word message as each word is played.
 * |[
 * gst-launch-1.0 inflectsrc is-live=true latency=500 text="On a busy machine." ! audioconvert ! audioresample ! autoaudiosink
 * ]| A live source that rides over half a second of stalled synthesis.
 */
#include "gstinflectsrc.h"

#include <string.h>

GST_DEBUG_CATEGORY_STATIC (gst_inflect_src_debug);
#define GST_CAT_DEFAULT gst_inflect_src_debug

enum
{
  PROP_TEXT = GST_INFLECT_PROP_LAST,
  PROP_IS_LIVE,
  PROP_LATENCY
};

#define DEFAULT_TEXT NULL
#define DEFAULT_IS_LIVE FALSE
#define DEFAULT_LATENCY 300

/* How far synthesis may run ahead of the stream, in seconds of audio (live,
 * plus the latency property): enough to ride over the pause while the
 * acoustic model works on the next sentence in live mode, small enough that
 * a seek or a text change wastes little. */
#define LOOKAHEAD_SECONDS 1

/* The duration before it has been measured. */
#define DURATION_UNKNOWN G_MAXUINT64

static GstStaticPadTemplate src_template = GST_STATIC_PAD_TEMPLATE ("src",
    GST_PAD_SRC,
    GST_PAD_ALWAYS,
    GST_STATIC_CAPS (GST_INFLECT_AUDIO_CAPS));

#define gst_inflect_src_parent_class parent_class
G_DEFINE_TYPE (GstInflectSrc, gst_inflect_src, GST_TYPE_BASE_SRC);
GST_ELEMENT_REGISTER_DEFINE (inflectsrc, "inflectsrc", GST_RANK_NONE,
    GST_TYPE_INFLECT_SRC);

typedef struct
{
  gfloat *data;
  gsize n;
  gsize used;
  /* Running time at which synthesis queued it; 0 before PLAYING. */
  GstClockTime ready;
} Chunk;

static void
chunk_free (Chunk * chunk)
{
  g_free (chunk->data);
  g_free (chunk);
}

/* One run of the synthesis thread over the text. */
typedef struct
{
  GstInflectSrc *self;
  guint generation;
  guint64 base;
  guint64 skip;                 /* samples of the text not spoken (a seek) */
  guint64 produced;             /* samples of the text made or skipped */
} Job;

static void
clear_queues_locked (GstInflectSrc * self)
{
  g_queue_clear_full (&self->chunks, (GDestroyNotify) chunk_free);
  g_queue_clear_full (&self->words, (GDestroyNotify) gst_inflect_word_free);
  self->queued = 0;
}

/* Makes the synthesis thread start over on the current text, its first
 * sample landing on stream sample `base`, from its sample `skip` on.
 * Whatever the thread was doing belongs to an older generation and stops. */
static void
restart_locked (GstInflectSrc * self, guint64 base, guint64 skip)
{
  self->generation++;
  clear_queues_locked (self);
  self->job_pending = TRUE;
  self->job_base = base;
  self->job_skip = skip;
  self->done = FALSE;
  g_clear_pointer (&self->error, g_free);
  self->position = base + skip;
  if (self->speaking)
    gst_inflect_common_cancel (&self->common, GST_ELEMENT (self));
  g_cond_broadcast (&self->cond);
}

/* How many samples the synthesis thread may have queued. Live, the stream
 * is played `latency` after its time, and a synchronised sink right
 * downstream holds the streaming thread back by as much: that much more
 * audio waits here, and the lookahead counts from the clock, not from the
 * streaming thread, only if the queue may hold it too. */
static guint64
lookahead_samples (GstInflectSrc * self)
{
  guint64 rate = self->common.rate;
  guint latency;

  GST_OBJECT_LOCK (self);
  latency = self->latency;
  GST_OBJECT_UNLOCK (self);

  if (!gst_base_src_is_live (GST_BASE_SRC (self)))
    latency = 0;
  return rate * LOOKAHEAD_SECONDS + gst_util_uint64_scale_round (latency,
      rate, 1000);
}

/* The running time now while PLAYING, else 0: audio made before the clock
 * runs, or while it is paused, is early for anything played after. */
static GstClockTime
running_time_now (GstInflectSrc * self)
{
  GstClockTime now;
  gboolean playing;

  GST_OBJECT_LOCK (self);
  playing = GST_STATE (self) == GST_STATE_PLAYING
      && GST_STATE_PENDING (self) == GST_STATE_VOID_PENDING;
  GST_OBJECT_UNLOCK (self);
  if (!playing)
    return 0;
  now = gst_element_get_current_running_time (GST_ELEMENT (self));
  return GST_CLOCK_TIME_IS_VALID (now) ? now : 0;
}

static gboolean
job_audio (gpointer user, const gfloat * samples, gsize n)
{
  Job *job = user;
  GstInflectSrc *self = job->self;
  guint64 limit = lookahead_samples (self);
  GstClockTime ready = 0;
  Chunk *chunk;

  if (gst_base_src_is_live (GST_BASE_SRC (self)))
    ready = running_time_now (self);

  g_mutex_lock (&self->lock);
  /* Audio that has to wait for room was made early, whenever it goes in. */
  while (job->generation == self->generation && !self->quit
      && self->queued >= limit) {
    ready = 0;
    g_cond_wait (&self->cond, &self->lock);
  }
  if (job->generation != self->generation || self->quit) {
    g_mutex_unlock (&self->lock);
    return FALSE;
  }

  chunk = g_new0 (Chunk, 1);
  chunk->ready = ready;
  chunk->n = n;
  chunk->data = g_memdup2 (samples, n * sizeof (gfloat));
  g_queue_push_tail (&self->chunks, chunk);
  self->queued += n;
  job->produced += n;
  g_cond_broadcast (&self->cond);
  g_mutex_unlock (&self->lock);

  return TRUE;
}

static GstClockTime
job_position (gpointer user)
{
  Job *job = user;
  GstInflectSrc *self = job->self;
  gboolean stale;

  /* Asked for every token, the skipped ones of a seek included, which
   * call no audio callback: a restart's (or stop's) cancel that came before
   * the engine's call began was lost (inflect.h), so a stale job that is
   * skipping to its target is cancelled again here rather than timing the
   * text up to there. */
  g_mutex_lock (&self->lock);
  stale = job->generation != self->generation || self->quit;
  g_mutex_unlock (&self->lock);
  if (stale)
    gst_inflect_common_cancel (&self->common, GST_ELEMENT (self));

  return gst_util_uint64_scale_round (job->base + job->produced, GST_SECOND,
      job->self->common.rate);
}

static void
job_word (gpointer user, GstInflectWord * word)
{
  Job *job = user;
  GstInflectSrc *self = job->self;

  g_mutex_lock (&self->lock);
  if (job->generation == self->generation && word->start >= job->skip) {
    word->start += job->base;
    g_queue_push_tail (&self->words, word);
    word = NULL;
  }
  g_mutex_unlock (&self->lock);

  if (word != NULL)
    gst_inflect_word_free (word);
}

static const GstInflectSpeakFuncs job_funcs = {
  job_audio, job_position, job_word
};

static inflect_status
run_job (GstInflectSrc * self, Job * job)
{
  GstInflectText *text;
  gboolean replaced;
  inflect_status status = INFLECT_OK;
  gchar *str;

  GST_OBJECT_LOCK (self);
  str = g_strdup (self->text != NULL ? self->text : "");
  GST_OBJECT_UNLOCK (self);

  text = gst_inflect_text_new (str, strlen (str), GST_INFLECT_TEXT_PLAIN,
      &replaced);
  if (replaced)
    GST_ELEMENT_WARNING (self, STREAM, DECODE,
        ("The text is not valid UTF-8."),
        ("Invalid bytes were replaced by U+FFFD."));

  GST_DEBUG_OBJECT (self, "generation %u: speaking from sample %"
      G_GUINT64_FORMAT ", skipping %" G_GUINT64_FORMAT, job->generation,
      job->base, job->skip);
  if (!gst_inflect_text_is_blank (text))
    status = gst_inflect_common_speak (&self->common, GST_ELEMENT (self),
        text, 1.0, job->skip, &job_funcs, job);

  gst_inflect_text_free (text);
  g_free (str);
  return status;
}

static gpointer
synthesis_thread (gpointer data)
{
  GstInflectSrc *self = data;

  g_mutex_lock (&self->lock);
  while (!self->quit) {
    Job job = { self };
    inflect_status status;

    if (!self->job_pending) {
      g_cond_wait (&self->cond, &self->lock);
      continue;
    }
    self->job_pending = FALSE;
    job.generation = self->generation;
    job.base = self->job_base;
    job.skip = self->job_skip;
    /* The engine skips to there (gst_inflect_common_speak). */
    job.produced = job.skip;
    self->speaking = TRUE;
    g_mutex_unlock (&self->lock);

    status = run_job (self, &job);
    /* Posted without the lock: a bus sync handler may call back in. */
    if (status == INFLECT_ERR_TOO_LONG)
      gst_inflect_common_warn_too_long (&self->common, GST_ELEMENT (self));

    g_mutex_lock (&self->lock);
    self->speaking = FALSE;
    if (job.generation != self->generation || self->quit)
      continue;

    if (status != INFLECT_OK && status != INFLECT_ERR_TOO_LONG)
      self->error = g_strdup_printf ("%s: %s", inflect_status_name (status),
          inflect_synth_error (self->common.synth));
    self->done = TRUE;
    g_cond_broadcast (&self->cond);
  }
  g_mutex_unlock (&self->lock);

  return NULL;
}

/* ------------------------------------------------------------------ */
/* Duration
 *
 * Only measuring the text tells its duration: the frontend and the
 * duration predictor over all of it (inflect_synth_measure), about what a
 * seek to its end costs. So nothing is measured until an application asks
 * for it, for a seek bar: the first DURATION query starts a measurement and
 * is answered FALSE, and a duration-changed message tells the application
 * to ask again. The measurement runs on a thread of its own with a synth
 * of its own (the synthesis thread's is busy speaking) at a lower priority,
 * so that the speech never waits for it.
 *
 * The duration is the stream sample where the text ends: its length from
 * where its timeline starts (timeline_base), 0, or where a text set while
 * streaming took over. A new text, or a seek that moves that start (the
 * first after such a change: the new text is then spoken from 0), makes it
 * unknown and, once an application has asked, has it measured again. A
 * change of length-scale or speaker while playing does not: the duration
 * follows the properties as they were when the measurement began, and the
 * length-scale curve. */

static inflect_status
measure_text (GstInflectSrc * self, inflect_synth * synth, const gchar * str,
    guint64 base, guint64 * n_samples)
{
  GstInflectText *text;
  gboolean replaced;
  inflect_status status = INFLECT_OK;

  /* As run_job() prepares it, which also warns of invalid UTF-8. */
  text = gst_inflect_text_new (str, strlen (str), GST_INFLECT_TEXT_PLAIN,
      &replaced);
  *n_samples = 0;
  /* Timed from the stream time at which synthesis starts the text
   * (job_position), for the curves. */
  if (!gst_inflect_text_is_blank (text))
    status = gst_inflect_common_measure_ahead (&self->common,
        GST_ELEMENT (self), synth, text, 1.0,
        gst_util_uint64_scale_round (base, GST_SECOND,
            g_atomic_int_get (&self->common.rate)),
        n_samples);
  gst_inflect_text_free (text);
  return status;
}

static gpointer
measure_thread (gpointer data)
{
  GstInflectSrc *self = data;
  inflect_synth *synth;

  gst_inflect_lower_priority (GST_ELEMENT (self));
  synth = gst_inflect_common_synth_new (&self->common, GST_ELEMENT (self));

  g_mutex_lock (&self->lock);
  while (synth != NULL && !self->measure_quit) {
    guint epoch = self->measure_epoch;
    guint64 base = self->timeline_base, n;
    inflect_status status;
    gint64 began;
    gchar *str;

    if (!self->measure_pending) {
      g_cond_wait (&self->measure_cond, &self->lock);
      continue;
    }
    self->measure_pending = FALSE;
    self->measure_synth = synth;
    GST_OBJECT_LOCK (self);
    str = g_strdup (self->text != NULL ? self->text : "");
    GST_OBJECT_UNLOCK (self);
    g_mutex_unlock (&self->lock);

    began = g_get_monotonic_time ();
    status = measure_text (self, synth, str, base, &n);
    g_free (str);

    g_mutex_lock (&self->lock);
    self->measure_synth = NULL;
    g_cond_broadcast (&self->measure_cond);
    if (epoch != self->measure_epoch || self->measure_quit)
      continue;
    if (status != INFLECT_OK) {
      /* Cut at max-duration, or a speaker the voice lacks: the same text
       * would fail again, so it stays unknown until the text changes. */
      GST_INFO_OBJECT (self, "duration not measured: %s",
          inflect_status_name (status));
      /* Still tell the application: it may hold the previous text's
       * duration from the last duration-changed. */
      g_mutex_unlock (&self->lock);
      gst_element_post_message (GST_ELEMENT (self),
          gst_message_new_duration_changed (GST_OBJECT (self)));
      g_mutex_lock (&self->lock);
      continue;
    }
    self->duration = base + n;
    GST_INFO_OBJECT (self, "duration %" GST_TIME_FORMAT " (sample %"
        G_GUINT64_FORMAT "), measured in %.3f s",
        GST_TIME_ARGS (gst_util_uint64_scale_round (self->duration,
                GST_SECOND, self->common.rate)), self->duration,
        (g_get_monotonic_time () - began) / 1e6);
    /* Posted without the lock: a bus sync handler may query at once. */
    g_mutex_unlock (&self->lock);
    gst_element_post_message (GST_ELEMENT (self),
        gst_message_new_duration_changed (GST_OBJECT (self)));
    g_mutex_lock (&self->lock);
  }
  g_mutex_unlock (&self->lock);

  inflect_synth_free (synth);
  return NULL;
}


/* The text, or where its timeline starts, changed: the duration is unknown
 * until measured again, at once where an application asked for it. The
 * running measurement is cancelled once, without waiting, since this runs
 * in set_property on the application's thread: a cancel lost before the
 * engine's call began only costs that stale measurement, whose result the
 * epoch discards. */
static void
timeline_changed_locked (GstInflectSrc * self, guint64 base)
{
  self->measure_epoch++;
  self->timeline_base = base;
  self->duration = DURATION_UNKNOWN;
  if (self->measure_wanted) {
    self->measure_pending = TRUE;
    g_cond_broadcast (&self->measure_cond);
  }
  if (self->measure_synth != NULL)
    inflect_synth_cancel (self->measure_synth);
}

/* Before the voice goes. */
static void
stop_measure (GstInflectSrc * self)
{
  GThread *thread;

  g_mutex_lock (&self->lock);
  thread = self->measure_thread;
  self->measure_thread = NULL;
  self->measure_quit = TRUE;
  g_cond_broadcast (&self->measure_cond);
  /* Cancelled until it has returned: a cancel that comes before the
   * engine's call has begun is lost (inflect.h). */
  while (self->measure_synth != NULL) {
    inflect_synth_cancel (self->measure_synth);
    g_cond_wait_until (&self->measure_cond, &self->lock,
        g_get_monotonic_time () + 10 * G_TIME_SPAN_MILLISECOND);
  }
  g_mutex_unlock (&self->lock);
  if (thread != NULL)
    g_thread_join (thread);
}

/* Answers a DURATION query in `format` (TIME, or DEFAULT: samples) where
 * the duration is known; otherwise has it measured, once per text. */
static gboolean
query_duration (GstInflectSrc * self, GstQuery * query, GstFormat format)
{
  GError *err = NULL;
  guint64 duration;

  g_mutex_lock (&self->lock);
  /* It is measured with the voice, open from start() to stop(). */
  if (self->thread == NULL) {
    g_mutex_unlock (&self->lock);
    return FALSE;
  }
  duration = self->duration;
  if (duration == DURATION_UNKNOWN && !self->measure_wanted) {
    self->measure_wanted = TRUE;
    self->measure_pending = TRUE;
    g_cond_broadcast (&self->measure_cond);
    if (self->measure_thread == NULL)
      self->measure_thread = g_thread_try_new ("inflect-measure",
          measure_thread, self, &err);
  }
  g_mutex_unlock (&self->lock);

  if (err != NULL) {
    GST_WARNING_OBJECT (self, "no thread to measure the duration: %s",
        err->message);
    g_error_free (err);
  }
  if (duration == DURATION_UNKNOWN)
    return FALSE;
  if (format == GST_FORMAT_TIME)
    duration = gst_util_uint64_scale_round (duration, GST_SECOND,
        g_atomic_int_get (&self->common.rate));
  gst_query_set_duration (query, format, duration);
  return TRUE;
}

static guint64
buffer_samples (GstInflectSrc * self, guint blocksize)
{
  gint bpf = g_atomic_int_get (&self->bpf);

  return MAX (blocksize / MAX (bpf, 1), 1);
}

/* The latency a live element reports: one buffer, the most a capture
 * device's data can be behind the clock when it leaves, plus the `latency`
 * property, the slack that a pause in synthesis may use up. */
static GstClockTime
live_latency (GstInflectSrc * self, guint blocksize, gint rate)
{
  guint slack;

  GST_OBJECT_LOCK (self);
  slack = self->latency;
  GST_OBJECT_UNLOCK (self);

  return gst_util_uint64_scale_round (buffer_samples (self, blocksize),
      GST_SECOND, rate) + slack * GST_MSECOND;
}

/* Live mode behaves like a capture device: a buffer goes out when the clock
 * reaches the end of the time it covers. The timeline starts when the first
 * buffer is ready. A buffer whose audio synthesis made late still goes out
 * on it, at once, as long as it reaches the sink within the latency we
 * report: the queue refills faster than real time and the stream is back on
 * the clock without a sound. Later than that, and every later buffer would
 * be too late to be played, so the timeline starts again at the clock, with
 * a DISCONT.
 *
 * Only synthesis decides that: each chunk carries the running time it was
 * queued at, and the timeline restarts only if that is past the deadline.
 * Audio that was ready in time but leaves late was held up downstream or by
 * the scheduler: a synchronised sink right downstream holds the streaming
 * thread until each buffer's time plus the whole latency, so the thread
 * comes back with only one buffer of the latency left, and a loaded
 * scheduler's jitter would exceed it; with the audio already queued,
 * pushing at once catches up and a new timeline would only add a gap.
 * Judging by when the audio was made, not by whether the streaming thread
 * happened to be waiting for it, keeps that choice independent of how the
 * two threads were scheduled. */
static GstClockTime
live_time (GstInflectSrc * self, guint64 sample)
{
  return self->live_origin + gst_util_uint64_scale_round (sample -
      self->live_origin_position, GST_SECOND, self->info.rate);
}

static GstFlowReturn
live_wait (GstInflectSrc * self, guint64 first, guint64 n, guint blocksize,
    GstClockTime ready, GstClockTime * pts, GstClockTime * end,
    gboolean * discont)
{
  GstClock *clock = gst_element_get_clock (GST_ELEMENT (self));
  GstClockTime base_time, now, latency;
  GstClockReturn ret;
  GstClockID id;
  gint rate = self->info.rate;

  if (clock == NULL) {
    *pts = gst_util_uint64_scale_round (first, GST_SECOND, rate);
    *end = gst_util_uint64_scale_round (first + n, GST_SECOND, rate);
    return GST_FLOW_OK;
  }

  base_time = gst_element_get_base_time (GST_ELEMENT (self));
  now = gst_clock_get_time (clock);
  now = now > base_time ? now - base_time : 0;
  latency = live_latency (self, blocksize, rate);

  if (self->live_synced && now > live_time (self, first) + latency) {
    if (ready > live_time (self, first) + latency) {
      GST_INFO_OBJECT (self, "synthesis fell behind by %" GST_TIME_FORMAT
          " (latency %" GST_TIME_FORMAT "), restarting the timeline",
          GST_TIME_ARGS (ready - live_time (self, first)),
          GST_TIME_ARGS (latency));
      self->live_synced = FALSE;
    } else {
      GST_DEBUG_OBJECT (self, "held up for %" GST_TIME_FORMAT " with the "
          "audio ready, catching up",
          GST_TIME_ARGS (now - live_time (self, first)));
    }
  } else if (self->live_synced && ready > live_time (self, first + n)) {
    GST_DEBUG_OBJECT (self, "synthesis %" GST_TIME_FORMAT " late, within "
        "the latency", GST_TIME_ARGS (ready - live_time (self, first + n)));
  }
  if (!self->live_synced) {
    GstClockTime duration = gst_util_uint64_scale_round (n, GST_SECOND, rate);

    self->live_origin = now > duration ? now - duration : 0;
    self->live_origin_position = first;
    self->live_synced = TRUE;
    *discont = TRUE;
  }
  *pts = live_time (self, first);
  *end = live_time (self, first + n);

  id = gst_clock_new_single_shot_id (clock, base_time + *end);
  gst_object_unref (clock);

  g_mutex_lock (&self->lock);
  if (self->flushing) {
    g_mutex_unlock (&self->lock);
    gst_clock_id_unref (id);
    return GST_FLOW_FLUSHING;
  }
  self->clock_id = id;
  g_mutex_unlock (&self->lock);

  ret = gst_clock_id_wait (id, NULL);

  g_mutex_lock (&self->lock);
  self->clock_id = NULL;
  g_mutex_unlock (&self->lock);
  gst_clock_id_unref (id);

  return ret == GST_CLOCK_UNSCHEDULED ? GST_FLOW_FLUSHING : GST_FLOW_OK;
}

/* Moves `n` queued samples into `out` in the negotiated format. */
static void
take_samples_locked (GstInflectSrc * self, guint64 n, guint8 * out)
{
  gint bpf = GST_AUDIO_INFO_BPF (&self->info);

  while (n > 0) {
    Chunk *chunk = g_queue_peek_head (&self->chunks);
    gsize take = MIN (n, chunk->n - chunk->used);

    gst_inflect_pack (&self->info, chunk->data + chunk->used, take, out);
    out += take * bpf;
    chunk->used += take;
    n -= take;
    if (chunk->used == chunk->n)
      chunk_free (g_queue_pop_head (&self->chunks));
  }
}

static GstFlowReturn
gst_inflect_src_create (GstBaseSrc * bsrc, G_GNUC_UNUSED guint64 offset,
    guint size, GstBuffer ** out)
{
  GstInflectSrc *self = GST_INFLECT_SRC (bsrc);
  gboolean live = gst_base_src_is_live (bsrc);
  gint rate = self->info.rate;
  guint64 stop = G_MAXUINT64, first, n;
  GQueue words = G_QUEUE_INIT;
  GstClockTime pts, end;
  gboolean discont;
  GstBuffer *buf;
  GstMapInfo map;
  guint generation;
  GstClockTime ready;

  GST_OBJECT_LOCK (self);
  if (GST_CLOCK_TIME_IS_VALID (bsrc->segment.stop))
    stop = gst_util_uint64_scale_round (bsrc->segment.stop, rate, GST_SECOND);
  GST_OBJECT_UNLOCK (self);

  g_mutex_lock (&self->lock);
again:
  while (!self->flushing && self->error == NULL && self->queued == 0
      && !self->done)
    g_cond_wait (&self->cond, &self->lock);

  if (self->flushing) {
    g_mutex_unlock (&self->lock);
    return GST_FLOW_FLUSHING;
  }
  if (self->error != NULL) {
    gchar *error = g_steal_pointer (&self->error);

    g_mutex_unlock (&self->lock);
    GST_ELEMENT_ERROR (self, STREAM, FAILED, ("Speech synthesis failed."),
        ("%s", error));
    g_free (error);
    return GST_FLOW_ERROR;
  }
  if (self->queued == 0 || self->position >= stop) {
    g_mutex_unlock (&self->lock);
    GST_DEBUG_OBJECT (self, "all spoken");
    return GST_FLOW_EOS;
  }

  first = self->position;
  n = MIN (self->queued, buffer_samples (self, size));
  n = MIN (n, stop - first);
  discont = self->discont;
  ready = ((Chunk *) g_queue_peek_head (&self->chunks))->ready;

  if (live) {
    GstFlowReturn ret;

    generation = self->generation;
    g_mutex_unlock (&self->lock);
    ret = live_wait (self, first, n, size, ready, &pts, &end, &discont);
    g_mutex_lock (&self->lock);
    if (ret != GST_FLOW_OK) {
      g_mutex_unlock (&self->lock);
      return ret;
    }
    /* The text changed while we waited: what we waited for is gone. A
     * timeline restarted for it still needs its DISCONT, on the buffer
     * that goes out first on it. */
    if (generation != self->generation) {
      self->discont |= discont;
      goto again;
    }
  } else {
    pts = gst_util_uint64_scale_round (first, GST_SECOND, rate);
    end = gst_util_uint64_scale_round (first + n, GST_SECOND, rate);
  }

  buf = gst_buffer_new_allocate (NULL, n * GST_AUDIO_INFO_BPF (&self->info),
      NULL);
  gst_buffer_map (buf, &map, GST_MAP_WRITE);
  take_samples_locked (self, n, map.data);
  gst_buffer_unmap (buf, &map);

  self->queued -= n;
  self->position += n;
  self->discont = FALSE;
  while (!g_queue_is_empty (&self->words)
      && ((GstInflectWord *) g_queue_peek_head (&self->words))->start <
      first + n)
    g_queue_push_tail (&words, g_queue_pop_head (&self->words));
  g_cond_broadcast (&self->cond);
  g_mutex_unlock (&self->lock);

  GST_BUFFER_PTS (buf) = pts;
  GST_BUFFER_DURATION (buf) = end - pts;
  GST_BUFFER_OFFSET (buf) = first;
  GST_BUFFER_OFFSET_END (buf) = first + n;
  if (discont)
    GST_BUFFER_FLAG_SET (buf, GST_BUFFER_FLAG_DISCONT);

  gst_inflect_post_words (GST_ELEMENT (self), &words, first, first + n, pts,
      rate, &bsrc->segment);

  GST_LOG_OBJECT (self, "%" G_GUINT64_FORMAT " samples at %" GST_TIME_FORMAT,
      n, GST_TIME_ARGS (pts));
  *out = buf;
  return GST_FLOW_OK;
}

/* Opens the voice, unless it is open (GstBaseSrc starts when the pad is
 * activated, which an application may do itself before READY to PAUSED),
 * and asks downstream for one of its formats. */
static gboolean
open_voice (GstInflectSrc * self)
{
  GstPad *pad = GST_BASE_SRC_PAD (self);
  gboolean open;

  GST_OBJECT_LOCK (self);
  open = self->common.synth != NULL;
  GST_OBJECT_UNLOCK (self);
  if (open)
    return TRUE;
  if (!gst_inflect_common_open (&self->common, GST_ELEMENT (self)))
    return FALSE;
  if (!gst_inflect_common_downstream_takes (&self->common, GST_ELEMENT (self),
          pad, GST_PAD_PAD_TEMPLATE (pad))) {
    gst_inflect_common_close (&self->common, GST_ELEMENT (self));
    return FALSE;
  }
  return TRUE;
}

/* The voice is opened before GstBaseSrc starts, so that a missing voice or
 * a downstream without audioconvert is this element's one error:
 * GstBaseSrc adds a generic "Failed to start" to any start() that fails. */
static GstStateChangeReturn
gst_inflect_src_change_state (GstElement * element, GstStateChange transition)
{
  GstInflectSrc *self = GST_INFLECT_SRC (element);
  GstStateChangeReturn ret;

  if (transition == GST_STATE_CHANGE_READY_TO_PAUSED && !open_voice (self))
    return GST_STATE_CHANGE_FAILURE;
  ret = GST_ELEMENT_CLASS (parent_class)->change_state (element, transition);
  if (transition == GST_STATE_CHANGE_READY_TO_PAUSED &&
      ret == GST_STATE_CHANGE_FAILURE)
    gst_inflect_common_close (&self->common, element);
  return ret;
}

static gboolean
gst_inflect_src_start (GstBaseSrc * bsrc)
{
  GstInflectSrc *self = GST_INFLECT_SRC (bsrc);
  GError *err = NULL;
  GThread *thread;

  /* open since READY to PAUSED, unless GstBaseSrc starts by itself */
  if (!open_voice (self))
    return FALSE;

  g_mutex_lock (&self->lock);
  self->quit = FALSE;
  self->flushing = FALSE;
  self->job_pending = FALSE;
  self->done = FALSE;
  self->position = 0;
  self->discont = TRUE;
  self->live_synced = FALSE;
  self->measure_quit = FALSE;
  self->measure_wanted = FALSE;
  self->measure_pending = FALSE;
  self->timeline_base = 0;
  self->duration = DURATION_UNKNOWN;
  g_mutex_unlock (&self->lock);

  thread = g_thread_try_new ("inflectsrc", synthesis_thread, self, &err);
  if (thread == NULL) {
    GST_ELEMENT_ERROR (self, RESOURCE, FAILED,
        ("Could not start the synthesis thread."), ("%s", err->message));
    g_error_free (err);
    gst_inflect_common_close (&self->common, GST_ELEMENT (self));
    return FALSE;
  }

  g_mutex_lock (&self->lock);
  self->thread = thread;
  g_mutex_unlock (&self->lock);
  return TRUE;
}

static gboolean
gst_inflect_src_stop (GstBaseSrc * bsrc)
{
  GstInflectSrc *self = GST_INFLECT_SRC (bsrc);

  g_mutex_lock (&self->lock);
  self->quit = TRUE;
  self->generation++;
  if (self->speaking)
    gst_inflect_common_cancel (&self->common, GST_ELEMENT (self));
  g_cond_broadcast (&self->cond);
  g_mutex_unlock (&self->lock);

  g_thread_join (self->thread);

  /* From here on a duration query starts no measurement. */
  g_mutex_lock (&self->lock);
  self->thread = NULL;
  clear_queues_locked (self);
  g_clear_pointer (&self->error, g_free);
  g_mutex_unlock (&self->lock);

  stop_measure (self);
  gst_inflect_common_close (&self->common, GST_ELEMENT (self));
  return TRUE;
}

static gboolean
gst_inflect_src_unlock (GstBaseSrc * bsrc)
{
  GstInflectSrc *self = GST_INFLECT_SRC (bsrc);

  g_mutex_lock (&self->lock);
  self->flushing = TRUE;
  if (self->clock_id != NULL)
    gst_clock_id_unschedule (self->clock_id);
  g_cond_broadcast (&self->cond);
  g_mutex_unlock (&self->lock);
  return TRUE;
}

static gboolean
gst_inflect_src_unlock_stop (GstBaseSrc * bsrc)
{
  GstInflectSrc *self = GST_INFLECT_SRC (bsrc);

  g_mutex_lock (&self->lock);
  self->flushing = FALSE;
  g_mutex_unlock (&self->lock);
  return TRUE;
}

static gboolean
gst_inflect_src_is_seekable (GstBaseSrc * bsrc)
{
  return !gst_base_src_is_live (bsrc);
}

/* A seek position counted from the end, made absolute with the duration. */
static gint64
from_end (GstSeekType * type, gint64 position, GstClockTime duration)
{
  if (*type != GST_SEEK_TYPE_END)
    return position;
  *type = GST_SEEK_TYPE_SET;
  return CLAMP ((gint64) duration + position, 0, (gint64) duration);
}

/* GstBaseSrc says of a failed negotiation only "Internal data stream
 * error" and "not-negotiated"; the element whose format it is says which
 * formats and what to do, as inflecttts does. */
static gboolean
gst_inflect_src_negotiate (GstBaseSrc * bsrc)
{
  GstPad *pad = GST_BASE_SRC_PAD (bsrc);
  GstCaps *ours;

  if (GST_BASE_SRC_CLASS (parent_class)->negotiate (bsrc))
    return TRUE;
  if (GST_PAD_IS_FLUSHING (pad))
    return FALSE;               /* a state change under way, no failure */
  ours = gst_pad_query_caps (pad, NULL);
  gst_inflect_common_not_negotiated (GST_ELEMENT (bsrc), pad, ours);
  gst_caps_unref (ours);
  return FALSE;
}

/* Seeks GstBaseSrc would take and then fail, after its flush had left the
 * stream without a segment, are answered here: one backwards is refused,
 * and one from the end (which GstBaseSrc plays from 0, since its segment
 * holds no duration) is made absolute with the duration when it is known,
 * else refused. */
static gboolean
gst_inflect_src_event (GstBaseSrc * bsrc, GstEvent * event)
{
  GstInflectSrc *self = GST_INFLECT_SRC (bsrc);
  GstSeekType start_type, stop_type;
  gint64 start, stop;
  GstSeekFlags flags;
  GstFormat format;
  GstEvent *absolute;
  gdouble rate;
  guint64 duration;
  gboolean ret;

  if (GST_EVENT_TYPE (event) != GST_EVENT_SEEK)
    return GST_BASE_SRC_CLASS (parent_class)->event (bsrc, event);
  gst_event_parse_seek (event, &rate, &format, &flags, &start_type, &start,
      &stop_type, &stop);
  if (rate < 0.0) {
    GST_WARNING_OBJECT (self, "cannot speak backwards");
    return FALSE;
  }
  if (start_type != GST_SEEK_TYPE_END && stop_type != GST_SEEK_TYPE_END)
    return GST_BASE_SRC_CLASS (parent_class)->event (bsrc, event);

  g_mutex_lock (&self->lock);
  duration = self->duration;
  g_mutex_unlock (&self->lock);
  if (duration == DURATION_UNKNOWN || (format != GST_FORMAT_TIME
          && format != GST_FORMAT_DEFAULT)) {
    GST_WARNING_OBJECT (self, "a seek from the end needs the duration, "
        "in time or samples: query it first");
    return FALSE;
  }
  if (format == GST_FORMAT_TIME)
    duration = gst_util_uint64_scale_round (duration, GST_SECOND,
        g_atomic_int_get (&self->common.rate));
  start = from_end (&start_type, start, duration);
  stop = from_end (&stop_type, stop, duration);
  absolute = gst_event_new_seek (rate, format, flags, start_type, start,
      stop_type, stop);
  gst_event_set_seqnum (absolute, gst_event_get_seqnum (event));
  ret = GST_BASE_SRC_CLASS (parent_class)->event (bsrc, absolute);
  gst_event_unref (absolute);
  return ret;
}

/* Also runs for the initial segment when streaming starts, which is what
 * sets the synthesis thread going; a seek backwards reaches it only when
 * made before (in READY), and is refused then. */
static gboolean
gst_inflect_src_do_seek (GstBaseSrc * bsrc, GstSegment * segment)
{
  GstInflectSrc *self = GST_INFLECT_SRC (bsrc);
  guint64 target;

  if (segment->rate < 0.0) {
    GST_WARNING_OBJECT (self, "cannot speak backwards");
    return FALSE;
  }

  target = gst_util_uint64_scale_round (segment->start, self->common.rate,
      GST_SECOND);
  GST_DEBUG_OBJECT (self, "starting at %" GST_TIME_FORMAT " (sample %"
      G_GUINT64_FORMAT ")", GST_TIME_ARGS (segment->start), target);

  g_mutex_lock (&self->lock);
  restart_locked (self, 0, target);
  if (self->timeline_base != 0)
    timeline_changed_locked (self, 0);
  self->discont = TRUE;
  self->live_synced = FALSE;
  g_mutex_unlock (&self->lock);

  return TRUE;
}

static GstCaps *
gst_inflect_src_get_caps (GstBaseSrc * bsrc, GstCaps * filter)
{
  GstInflectSrc *self = GST_INFLECT_SRC (bsrc);

  return gst_inflect_common_caps (&self->common,
      gst_element_class_get_pad_template (GST_ELEMENT_GET_CLASS (self),
          "src"), filter);
}

static gboolean
gst_inflect_src_set_caps (GstBaseSrc * bsrc, GstCaps * caps)
{
  GstInflectSrc *self = GST_INFLECT_SRC (bsrc);

  gint bpf;

  if (!gst_audio_info_from_caps (&self->info, caps))
    return FALSE;

  /* A live source's latency includes one buffer, and a buffer holds
   * blocksize bytes: the format decides how long that is. */
  bpf = GST_AUDIO_INFO_BPF (&self->info);
  if (g_atomic_int_get (&self->bpf) != bpf) {
    g_atomic_int_set (&self->bpf, bpf);
    if (gst_base_src_is_live (bsrc))
      gst_element_post_message (GST_ELEMENT (self),
          gst_message_new_latency (GST_OBJECT (self)));
  }
  return TRUE;
}

static gboolean
gst_inflect_src_query (GstBaseSrc * bsrc, GstQuery * query)
{
  GstInflectSrc *self = GST_INFLECT_SRC (bsrc);

  if (GST_QUERY_TYPE (query) == GST_QUERY_LATENCY
      && gst_base_src_is_live (bsrc)) {
    gint rate = g_atomic_int_get (&self->common.rate);
    GstClockTime latency;

    if (rate == 0)
      return FALSE;
    latency = live_latency (self, gst_base_src_get_blocksize (bsrc), rate);
    GST_DEBUG_OBJECT (self, "latency %" GST_TIME_FORMAT,
        GST_TIME_ARGS (latency));
    /* Synthesized audio can wait as long as needed: no upper bound. */
    gst_query_set_latency (query, TRUE, latency, GST_CLOCK_TIME_NONE);
    return TRUE;
  }
  if (GST_QUERY_TYPE (query) == GST_QUERY_DURATION
      && !gst_base_src_is_live (bsrc)) {
    GstFormat format;

    gst_query_parse_duration (query, &format, NULL);
    if (format == GST_FORMAT_TIME || format == GST_FORMAT_DEFAULT)
      return query_duration (self, query, format);
  }
  return GST_BASE_SRC_CLASS (parent_class)->query (bsrc, query);
}

static void
gst_inflect_src_set_property (GObject * object, guint prop_id,
    const GValue * value, GParamSpec * pspec)
{
  GstInflectSrc *self = GST_INFLECT_SRC (object);

  if (gst_inflect_common_set_property (&self->common, object, prop_id, value,
          pspec))
    return;

  switch (prop_id) {
    case PROP_TEXT:
      GST_OBJECT_LOCK (self);
      g_free (self->text);
      self->text = g_value_dup_string (value);
      GST_OBJECT_UNLOCK (self);

      g_mutex_lock (&self->lock);
      if (self->thread != NULL) {
        GST_DEBUG_OBJECT (self, "new text at sample %" G_GUINT64_FORMAT,
            self->position);
        restart_locked (self, self->position, 0);
        timeline_changed_locked (self, self->position);
      }
      g_mutex_unlock (&self->lock);
      break;
    case PROP_IS_LIVE:
      gst_base_src_set_live (GST_BASE_SRC (self), g_value_get_boolean (value));
      break;
    case PROP_LATENCY:
      GST_OBJECT_LOCK (self);
      self->latency = g_value_get_uint (value);
      GST_OBJECT_UNLOCK (self);
      gst_element_post_message (GST_ELEMENT (self),
          gst_message_new_latency (GST_OBJECT (self)));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      break;
  }
}

static void
gst_inflect_src_get_property (GObject * object, guint prop_id, GValue * value,
    GParamSpec * pspec)
{
  GstInflectSrc *self = GST_INFLECT_SRC (object);

  if (gst_inflect_common_get_property (&self->common, object, prop_id, value))
    return;

  switch (prop_id) {
    case PROP_TEXT:
      GST_OBJECT_LOCK (self);
      g_value_set_string (value, self->text);
      GST_OBJECT_UNLOCK (self);
      break;
    case PROP_IS_LIVE:
      g_value_set_boolean (value, gst_base_src_is_live (GST_BASE_SRC (self)));
      break;
    case PROP_LATENCY:
      GST_OBJECT_LOCK (self);
      g_value_set_uint (value, self->latency);
      GST_OBJECT_UNLOCK (self);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      break;
  }
}

static void
gst_inflect_src_finalize (GObject * object)
{
  GstInflectSrc *self = GST_INFLECT_SRC (object);

  gst_inflect_common_finalize (&self->common);
  g_free (self->text);
  g_mutex_clear (&self->lock);
  g_cond_clear (&self->cond);
  g_cond_clear (&self->measure_cond);

  G_OBJECT_CLASS (parent_class)->finalize (object);
}

static void
gst_inflect_src_class_init (GstInflectSrcClass * klass)
{
  GObjectClass *gobject_class = G_OBJECT_CLASS (klass);
  GstElementClass *element_class = GST_ELEMENT_CLASS (klass);
  GstBaseSrcClass *basesrc_class = GST_BASE_SRC_CLASS (klass);

  GST_DEBUG_CATEGORY_INIT (gst_inflect_src_debug, "inflectsrc", 0,
      "Inflect text-to-speech source");

  gobject_class->set_property = gst_inflect_src_set_property;
  gobject_class->get_property = gst_inflect_src_get_property;
  gobject_class->finalize = gst_inflect_src_finalize;

  gst_inflect_common_install_properties (gobject_class);

  /**
   * GstInflectSrc:text:
   *
   * The UTF-8 text to speak, then EOS. Set while PAUSED or PLAYING, the new
   * text interrupts the speech at the next buffer boundary and is spoken
   * on the same timeline, without a flush or a gap.
   */
  g_object_class_install_property (gobject_class, PROP_TEXT,
      g_param_spec_string ("text", "Text",
          "UTF-8 text to speak. Changing it while running interrupts the "
          "speech and speaks the new text instead", DEFAULT_TEXT,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_PLAYING));

  /**
   * GstInflectSrc:is-live:
   *
   * Deliver the audio in real time from PLAYING, as a capture device does,
   * with the latency of one buffer plus #GstInflectSrc:latency; a live
   * source is not seekable.
   */
  g_object_class_install_property (gobject_class, PROP_IS_LIVE,
      g_param_spec_boolean ("is-live", "Is live",
          "Deliver the audio in real time as a live source", DEFAULT_IS_LIVE,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_READY));

  /**
   * GstInflectSrc:latency:
   *
   * With #GstInflectSrc:is-live, milliseconds added to the latency the
   * element reports (one buffer), which a buffer may be late by without
   * the timeline restarting: set it to the longest pause in synthesis on
   * the machine, beyond the second of audio kept ready. Changing it posts
   * a latency message. Without #GstInflectSrc:is-live it has no effect.
   */
  g_object_class_install_property (gobject_class, PROP_LATENCY,
      g_param_spec_uint ("latency", "Latency",
          "Milliseconds added to the latency when live: how long synthesis "
          "may stall, beyond the audio it has ready, before the timeline "
          "restarts with a gap", 0, G_MAXUINT / 1000, DEFAULT_LATENCY,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_PLAYING));

  gst_element_class_add_static_pad_template (element_class, &src_template);
  gst_element_class_set_static_metadata (element_class,
      "Inflect speech source", "Source/Audio",
      "Speaks text with the Inflect neural text-to-speech engine",
      "The Inflect authors");

  element_class->change_state =
      GST_DEBUG_FUNCPTR (gst_inflect_src_change_state);
  basesrc_class->start = GST_DEBUG_FUNCPTR (gst_inflect_src_start);
  basesrc_class->stop = GST_DEBUG_FUNCPTR (gst_inflect_src_stop);
  basesrc_class->unlock = GST_DEBUG_FUNCPTR (gst_inflect_src_unlock);
  basesrc_class->unlock_stop = GST_DEBUG_FUNCPTR (gst_inflect_src_unlock_stop);
  basesrc_class->is_seekable = GST_DEBUG_FUNCPTR (gst_inflect_src_is_seekable);
  basesrc_class->do_seek = GST_DEBUG_FUNCPTR (gst_inflect_src_do_seek);
  basesrc_class->event = GST_DEBUG_FUNCPTR (gst_inflect_src_event);
  basesrc_class->get_caps = GST_DEBUG_FUNCPTR (gst_inflect_src_get_caps);
  basesrc_class->set_caps = GST_DEBUG_FUNCPTR (gst_inflect_src_set_caps);
  basesrc_class->negotiate = GST_DEBUG_FUNCPTR (gst_inflect_src_negotiate);
  basesrc_class->query = GST_DEBUG_FUNCPTR (gst_inflect_src_query);
  basesrc_class->create = GST_DEBUG_FUNCPTR (gst_inflect_src_create);
}

static void
gst_inflect_src_init (GstInflectSrc * self)
{
  gst_inflect_common_init (&self->common);
  g_mutex_init (&self->lock);
  g_cond_init (&self->cond);
  g_cond_init (&self->measure_cond);
  g_queue_init (&self->chunks);
  g_queue_init (&self->words);
  gst_audio_info_init (&self->info);
  /* Until caps are set the latency is computed for S16, the format with
   * the most samples per block, so it is never under-reported. */
  self->bpf = 2;
  self->latency = DEFAULT_LATENCY;
  self->duration = DURATION_UNKNOWN;

  gst_base_src_set_format (GST_BASE_SRC (self), GST_FORMAT_TIME);
}
