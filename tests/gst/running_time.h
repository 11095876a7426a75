/* Running time on a playing pipeline's clock, for the programs that act on
 * it as a live source would: the GstCheck tests' live captions and
 * bench/live_captions.c.
 *
 * Copyright (C) 2026 The Inflect authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef INFLECT_TESTS_RUNNING_TIME_H
#define INFLECT_TESTS_RUNNING_TIME_H

#include <gst/gst.h>

/* Blocks until the pipeline's clock reaches running time `running_time`. */
static inline void
wait_for_running_time (GstElement * pipeline, GstClockTime running_time)
{
  GstClock *clock = gst_pipeline_get_clock (GST_PIPELINE (pipeline));
  GstClockID id = gst_clock_new_single_shot_id (clock,
      gst_element_get_base_time (pipeline) + running_time);

  gst_clock_id_wait (id, NULL);
  gst_clock_id_unref (id);
  gst_object_unref (clock);
}

static inline GstClockTime
running_time_now (GstElement * pipeline)
{
  GstClock *clock = gst_pipeline_get_clock (GST_PIPELINE (pipeline));
  GstClockTime now = gst_clock_get_time (clock) -
      gst_element_get_base_time (pipeline);

  gst_object_unref (clock);
  return now;
}

#endif
