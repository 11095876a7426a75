/* How promptly this process gets a CPU while a live test runs, and when it
 * did not: a thread of it sleeps for short ticks and records every tick it
 * woke up late from, as the span it was kept waiting, since the pipeline's
 * clock waits (the sink's, a live source's, the inflecttts clock task's)
 * wake up no sooner than the scheduler lets them. On an idle machine a tick
 * overruns by well under a millisecond; on a loaded one by tens to
 * hundreds. A live test uses it to tell an element that is late from a
 * machine that did not run the test in time, and only for the time the
 * late audio was due: a stall elsewhere in the run proves nothing about it.
 *
 * Copyright (C) 2026 The Inflect authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef INFLECT_TESTS_STALL_WATCH_H
#define INFLECT_TESTS_STALL_WATCH_H

#include <glib.h>
#include <stdio.h>

#define STALL_TICK_US 5000
/* A wake-up later than this is a stall; less is the scheduler's usual
 * grain, not worth keeping. */
#define STALL_MIN_US 1000

/* A span, on the monotonic clock (g_get_monotonic_time()), during which
 * the watch thread was due to run and did not. */
typedef struct
{
  gint64 from_us, to_us;
} Stall;

typedef struct
{
  GThread *thread;
  gint stop;
  gint64 start_us, end_us;
  GArray *stalls;               /* Stall, in time order; the watch thread's
                                 * until stall_watch_stop() */
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
    gint64 due = g_get_monotonic_time () + STALL_TICK_US, woke;

    g_usleep (STALL_TICK_US);
    woke = g_get_monotonic_time ();
    if (woke - due >= STALL_MIN_US) {
      Stall s = { due, woke };

      g_array_append_val (w->stalls, s);
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
  w->stalls = g_array_new (FALSE, FALSE, sizeof (Stall));
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

static inline void
stall_watch_clear (StallWatch * w)
{
  g_array_free (w->stalls, TRUE);
  w->stalls = NULL;
}

/* The longest the watch was stalled at a stretch within the span from
 * `from_us` to `to_us`: what of one stall falls inside it. Not the sum of
 * the stalls there: a thread due once in the span is late by the stall it
 * meets then, and a busy machine stalls every tick a little. After
 * stall_watch_stop(). */
static inline gint64
stall_watch_longest_us (const StallWatch * w, gint64 from_us, gint64 to_us)
{
  gint64 longest = 0;
  guint i;

  for (i = 0; i < w->stalls->len; i++) {
    const Stall *s = &g_array_index (w->stalls, Stall, i);
    gint64 a = MAX (s->from_us, from_us), b = MIN (s->to_us, to_us);

    longest = MAX (longest, b - a);
  }
  return longest;
}

/* "the longest stall 431 ms (at 1.0 s), 2.1 s of 9.8 s waiting for a CPU",
 * times from the start of the watch. After stall_watch_stop(). */
static inline gchar *
stall_watch_describe (const StallWatch * w)
{
  gint64 worst = 0, worst_at = 0;
  gchar *waited, *s;
  guint i;

  for (i = 0; i < w->stalls->len; i++) {
    const Stall *st = &g_array_index (w->stalls, Stall, i);

    if (st->to_us - st->from_us > worst) {
      worst = st->to_us - st->from_us;
      worst_at = st->from_us - w->start_us;
    }
  }
  waited = w->waited_us < 0 ? g_strdup ("unknown time") :
      g_strdup_printf ("%.1f s", w->waited_us / 1e6);
  s = g_strdup_printf ("the longest stall %" G_GINT64_FORMAT " ms (at %.1f s)"
      ", %s of %.1f s waiting for a CPU", worst / 1000, worst_at / 1e6, waited,
      (w->end_us - w->start_us) / 1e6);
  g_free (waited);
  return s;
}

#endif
