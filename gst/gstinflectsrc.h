/* GStreamer plugin for Inflect: inflectsrc.
 *
 * Copyright (C) 2026 The Inflect authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef GST_INFLECT_SRC_H
#define GST_INFLECT_SRC_H

#include <gst/gst.h>
#include <gst/base/gstbasesrc.h>
#include <gst/audio/audio.h>

#include "gstinflectcommon.h"

G_BEGIN_DECLS

#define GST_TYPE_INFLECT_SRC (gst_inflect_src_get_type ())
G_DECLARE_FINAL_TYPE (GstInflectSrc, gst_inflect_src, GST, INFLECT_SRC,
    GstBaseSrc)

struct _GstInflectSrc
{
  GstBaseSrc parent;

  GstInflectCommon common;

  /* Properties, under the object lock. */
  gchar *text;
  guint latency;                /* milliseconds */

  /* Shared by the synthesis thread and the streaming thread, under `lock`.
   * The synthesis thread runs inflect_synth_speak() and appends chunks;
   * create() takes them out. */
  GMutex lock;
  GCond cond;
  GThread *thread;
  gboolean quit;
  gboolean flushing;
  guint generation;             /* bumped by every restart; stale work stops */
  gboolean job_pending;
  guint64 job_base;             /* stream sample of the text's first sample */
  guint64 job_skip;             /* text samples to drop (seek target) */
  gboolean speaking;
  gboolean done;
  gchar *error;
  GQueue chunks;
  guint64 queued;               /* samples in `chunks` */
  GQueue words;
  guint64 position;             /* stream sample create() delivers next */
  gboolean discont;
  GstClockID clock_id;
  gint bpf;                     /* atomic: latency queries come from anywhere */

  /* The duration, measured on a thread of its own from the first duration
   * query on (gstinflectsrc.c, "Duration"); under `lock`. */
  GThread *measure_thread;
  GCond measure_cond;
  inflect_synth *measure_synth; /* set while a measurement may be cancelled */
  gboolean measure_quit;
  gboolean measure_wanted;      /* asked for: measure every new text */
  gboolean measure_pending;
  guint measure_epoch;          /* bumped when the text or its timeline moves */
  guint64 timeline_base;        /* stream sample of the text's first sample */
  guint64 duration;             /* samples; DURATION_UNKNOWN until measured */

  /* Streaming thread only. */
  GstAudioInfo info;
  gboolean live_synced;
  GstClockTime live_origin;
  guint64 live_origin_position;
};

GST_ELEMENT_REGISTER_DECLARE (inflectsrc);

G_END_DECLS

#endif /* GST_INFLECT_SRC_H */
