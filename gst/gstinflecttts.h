/* GStreamer plugin for Inflect: inflecttts.
 *
 * Copyright (C) 2026 The Inflect authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef GST_INFLECT_TTS_H
#define GST_INFLECT_TTS_H

#include <gst/gst.h>
#include <gst/audio/audio.h>

#include "gstinflectcommon.h"

G_BEGIN_DECLS

/**
 * GstInflectOverflow:
 * @GST_INFLECT_OVERFLOW_CLIP: cut the speech at the end of the text's
 *     duration (with a 10 ms fade)
 * @GST_INFLECT_OVERFLOW_OVERLAP: let the speech run on; the next text
 *     starts on time and is mixed over it
 * @GST_INFLECT_OVERFLOW_SHIFT: let the speech run on; the next text starts
 *     when it ends, later than its timestamp
 * @GST_INFLECT_OVERFLOW_FIT: speak faster, up to #GstInflectTts:max-rate,
 *     to fit the duration; what still does not fit is shifted
 *
 * What inflecttts does when speech lasts longer than the duration of the
 * text buffer it comes from.
 */
typedef enum
{
  GST_INFLECT_OVERFLOW_CLIP,
  GST_INFLECT_OVERFLOW_OVERLAP,
  GST_INFLECT_OVERFLOW_SHIFT,
  GST_INFLECT_OVERFLOW_FIT
} GstInflectOverflow;

#define GST_TYPE_INFLECT_OVERFLOW (gst_inflect_overflow_get_type ())
GType gst_inflect_overflow_get_type (void);

#define GST_TYPE_INFLECT_TTS (gst_inflect_tts_get_type ())
G_DECLARE_FINAL_TYPE (GstInflectTts, gst_inflect_tts, GST, INFLECT_TTS,
    GstElement)

struct _GstInflectTts
{
  GstElement parent;

  GstPad *sinkpad;
  GstPad *srcpad;

  GstInflectCommon common;

  /* Properties, under the object lock. */
  GstInflectOverflow overflow;
  gdouble max_rate;
  guint latency;
  gint descriptions;            /* atomic: speak what SDH captions add */

  /* Set from the flush-start and state-change threads, read by the audio
   * callback so that synthesis stops at the next chunk. */
  gint flushing;

  /* The stream state below is shared by the streaming thread and, in live
   * pipelines, the clock task of the source pad; `lock` guards it, and
   * `push_lock` (taken first), with `clock_pushing`, makes one of them push
   * at a time (see stream_lock()). Sample positions count from
   * segment.start. */
  GMutex push_lock;
  GMutex lock;
  gint markup;                  /* atomic: the text is pango-markup */
  GstAudioInfo info;
  GstSegment segment;
  gboolean have_segment;        /* upstream sent one (not our default) */
  guint32 segment_seqnum;
  gboolean segment_pending;
  guint64 position;             /* next sample to push */
  GArray *mix;                  /* samples from `position` on, not pushed yet */
  /* Live: pairs of stream samples [from, to) of the mix that no speech was
   * written to (speech placed ahead of `position`), pushed as GAP. */
  GArray *gaps;
  /* Live: where the streaming thread would have pushed to if it pushed
   * (see release()); the floor of the next text, as `position` is offline. */
  guint64 released;
  GByteArray *untimed;          /* untimed text received, not spoken yet */
  guint64 speech_end;
  guint64 caption_end;
  gboolean behind_warned;       /* note_behind() warned; no text on time since */
  gboolean unreadable_warned;   /* note_unreadable() warned, this stream */
  guint64 pending_start;        /* speech being prepared starts here (or MAX) */
  GQueue words;
  gboolean discont;
  GQueue events;                /* SEGMENT and GAP not applied yet */
  /* The clock task pushes without `push_lock` (clock_loop()): while its
   * buffer is on its way downstream `clock_pushing` is set, and whoever
   * else pushes waits for `push_cond` first (claim_push()). `push_cond` is
   * also broadcast when `position` moves on, for the streaming thread
   * waiting to be no more than LIVE_READY_SECONDS ahead. `clock_flow` is
   * the clock task's last failed push, for the streaming thread to return.
   * All under `lock`. */
  GCond push_cond;
  gboolean clock_pushing;
  GstFlowReturn clock_flow;

  /* Live: in PLAYING, when upstream is live, the clock task pushes silence
   * (or held-back speech) as the clock advances. `task_lock` guards these;
   * it may be taken with `lock` held, never the other way round, and state
   * changes and queries take only it, as the streaming thread may hold
   * `lock` while it waits downstream. */
  GMutex task_lock;
  GCond cond;
  gboolean live;
  gboolean playing;
  gboolean stopping;
  gboolean eos;
  GstClockTime upstream_latency;
  GstClockID clock_id;
};

GST_ELEMENT_REGISTER_DECLARE (inflecttts);

G_END_DECLS

#endif /* GST_INFLECT_TTS_H */
