/* How promptly this process gets a CPU while a live test runs: a thread of
 * it sleeps for short ticks and records how much later than asked it woke
 * up, as the pipeline's clock waits (the sink's, a live source's, the
 * inflecttts clock task's) wake up no sooner than the scheduler lets them.
 * On an idle machine a tick overruns by well under a millisecond; on a
 * loaded one by tens to hundreds. A live test uses it to tell an element
 * that is late from a machine that did not run the test in time.
 *
 * Copyright (C) 2026 The Inflect authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef INFLECT_TESTS_STALL_WATCH_H
#define INFLECT_TESTS_STALL_WATCH_H

#include <glib.h>
#include <stdio.h>

#define STALL_TICK_US 5000

typedef struct
{
  GThread *thread;
  gint stop;
  gint64 start_us, end_us;
  gint64 worst_us;              /* the longest a tick overran */
  gint64 worst_at_us;           /* when that tick began, from start_us */
  gint64 waited_us;             /* the watch thread's time waiting for a CPU */
} StallWatch;

/* The calling thread's time spent runnable but not running, from the
 * scheduler's own accounting (the second field of schedstat); -1 where the
 * kernel does not give it. */
static inline gint64
stall_watch_run_delay_us (void)
{
  FILE *f = fopen ("/proc/thread-self/schedstat", "r");
  unsigned long long run = 0, delay = 0;
  gint64 us = -1;

  if (f == NULL)
    return -1;
  if (fscanf (f, "%llu %llu", &run, &delay) == 2)
    us = (gint64) (delay / 1000);
  fclose (f);
  return us;
}

static inline gpointer
stall_watch_loop (gpointer data)
{
  StallWatch *w = data;
  gint64 delay0 = stall_watch_run_delay_us (), delay1;

  while (!g_atomic_int_get (&w->stop)) {
    gint64 before = g_get_monotonic_time (), late;

    g_usleep (STALL_TICK_US);
    late = g_get_monotonic_time () - before - STALL_TICK_US;
    if (late > w->worst_us) {
      w->worst_us = late;
      w->worst_at_us = before - w->start_us;
    }
  }
  delay1 = stall_watch_run_delay_us ();
  w->waited_us = delay0 >= 0 && delay1 >= 0 ? delay1 - delay0 : -1;
  return NULL;
}

static inline void
stall_watch_start (StallWatch * w)
{
  w->stop = 0;
  w->worst_us = 0;
  w->worst_at_us = 0;
  w->waited_us = -1;
  w->start_us = g_get_monotonic_time ();
  w->thread = g_thread_new ("stall-watch", stall_watch_loop, w);
}

static inline void
stall_watch_stop (StallWatch * w)
{
  g_atomic_int_set (&w->stop, 1);
  g_thread_join (w->thread);
  w->end_us = g_get_monotonic_time ();
}

/* "the longest stall 431 ms (at 1.0 s), 2.1 s of 9.8 s waiting for a CPU" */
static inline gchar *
stall_watch_describe (const StallWatch * w)
{
  gchar *waited = w->waited_us < 0 ? g_strdup ("unknown time") :
      g_strdup_printf ("%.1f s", w->waited_us / 1e6);
  gchar *s = g_strdup_printf ("the longest stall %" G_GINT64_FORMAT " ms "
      "(at %.1f s), %s of %.1f s waiting for a CPU", w->worst_us / 1000,
      w->worst_at_us / 1e6, waited, (w->end_us - w->start_us) / 1e6);

  g_free (waited);
  return s;
}

#endif
