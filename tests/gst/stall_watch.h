/* How promptly this process gets a CPU while a live test runs, and when it
 * did not. A thread of it sleeps for short ticks and records every tick it
 * woke up late from, as the span it was kept waiting, since the pipeline's
 * clock waits (the sink's, a live source's, the inflecttts clock task's)
 * wake up no sooner than the scheduler lets them. At each tick it also
 * reads, for the threads it was asked to follow, the time each spent
 * runnable but not running since the last tick (the scheduler's own
 * accounting): a thread with work to do on a crowded machine waits for its
 * share without the sleeping watch seeing much of it. On an idle machine a
 * tick overruns by well under a millisecond and no thread waits; on a
 * loaded one by tens to hundreds. A live test uses it to tell an element
 * that is late from a machine that did not run the test in time, and only
 * for the time the late audio was due: a stall elsewhere in the run proves
 * nothing about it.
 *
 * Copyright (C) 2026 The Inflect authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef INFLECT_TESTS_STALL_WATCH_H
#define INFLECT_TESTS_STALL_WATCH_H

#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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

/* Thread `tid` of the process waited `waited_us` for a CPU between two
 * ticks, from `from_us` to `to_us`. */
typedef struct
{
  gint tid;
  gint64 from_us, to_us, waited_us;
} Wait;

typedef struct
{
  GThread *thread;
  gint stop;
  gint64 start_us, end_us;
  /* Stall and Wait, in time order; the watch thread's until
   * stall_watch_stop() */
  GArray *stalls, *waits;
  GMutex lock;
  GArray *followed;             /* gint tid, with the lock */
  GArray *delays;               /* gint64, the last run delay of each, in us */
  gint64 waited_us;             /* the watch thread's time waiting for a CPU */
} StallWatch;

/* The calling thread's id, as the kernel numbers it in /proc; 0 where it
 * cannot be told. */
static inline gint
stall_watch_thread_id (void)
{
  gchar link[64];
  ssize_t n = readlink ("/proc/thread-self", link, sizeof link - 1);
  const gchar *slash;

  if (n <= 0)
    return 0;
  link[n] = '\0';
  slash = strrchr (link, '/');
  return slash != NULL ? atoi (slash + 1) : 0;
}

/* The id of the process's thread named `name` (g_thread_new()'s name, as
 * the kernel keeps it), or 0 when there is none. */
static inline gint
stall_watch_find_thread (const gchar * name)
{
  GDir *dir = g_dir_open ("/proc/self/task", 0, NULL);
  const gchar *entry;
  gint found = 0;

  if (dir == NULL)
    return 0;
  while (found == 0 && (entry = g_dir_read_name (dir)) != NULL) {
    gchar *path = g_strdup_printf ("/proc/self/task/%s/comm", entry);
    gchar *comm = NULL;

    if (g_file_get_contents (path, &comm, NULL, NULL)
        && g_strcmp0 (g_strchomp (comm), name) == 0)
      found = atoi (entry);
    g_free (comm);
    g_free (path);
  }
  g_dir_close (dir);
  return found;
}

/* A thread's time spent runnable but not running, from the scheduler's
 * own accounting (the second field of schedstat); -1 where the kernel does
 * not give it. */
static inline gint64
stall_watch_run_delay_us (const gchar * schedstat)
{
  FILE *f = fopen (schedstat, "r");
  unsigned long long run = 0, delay = 0;
  gint64 us = -1;

  if (f == NULL)
    return -1;
  if (fscanf (f, "%llu %llu", &run, &delay) == 2)
    us = (gint64) (delay / 1000);
  fclose (f);
  return us;
}

/* Follows thread `tid` from now on; any thread may ask, any number of
 * times. */
static inline void
stall_watch_follow (StallWatch * w, gint tid)
{
  guint i;

  if (tid <= 0)
    return;
  g_mutex_lock (&w->lock);
  for (i = 0; i < w->followed->len && g_array_index (w->followed, gint, i)
      != tid; i++);
  if (i == w->followed->len)
    g_array_append_val (w->followed, tid);
  g_mutex_unlock (&w->lock);
}

/* Reads the run delay of each thread followed and keeps what grew since
 * the last look, at `last_us`. */
static inline void
stall_watch_look (StallWatch * w, gint64 last_us, gint64 now_us)
{
  guint i, n;

  g_mutex_lock (&w->lock);
  n = w->followed->len;
  g_mutex_unlock (&w->lock);
  for (i = 0; i < n; i++) {
    gint tid;
    gchar path[64];
    gint64 delay, *before;

    g_mutex_lock (&w->lock);
    tid = g_array_index (w->followed, gint, i);
    g_mutex_unlock (&w->lock);
    g_snprintf (path, sizeof path, "/proc/self/task/%d/schedstat", tid);
    delay = stall_watch_run_delay_us (path);
    if (i == w->delays->len)
      g_array_append_val (w->delays, delay);
    before = &g_array_index (w->delays, gint64, i);
    if (*before >= 0 && delay > *before) {
      Wait wait = { tid, last_us, now_us, delay - *before };

      g_array_append_val (w->waits, wait);
    }
    *before = delay;
  }
}

static inline gpointer
stall_watch_loop (gpointer data)
{
  StallWatch *w = data;
  gint64 delay0 = stall_watch_run_delay_us ("/proc/thread-self/schedstat");
  gint64 delay1, last = g_get_monotonic_time ();

  stall_watch_look (w, last, last);
  while (!g_atomic_int_get (&w->stop)) {
    gint64 due = g_get_monotonic_time () + STALL_TICK_US, woke;

    g_usleep (STALL_TICK_US);
    woke = g_get_monotonic_time ();
    if (woke - due >= STALL_MIN_US) {
      Stall s = { due, woke };

      g_array_append_val (w->stalls, s);
    }
    stall_watch_look (w, last, woke);
    last = woke;
  }
  delay1 = stall_watch_run_delay_us ("/proc/thread-self/schedstat");
  w->waited_us = delay0 >= 0 && delay1 >= 0 ? delay1 - delay0 : -1;
  return NULL;
}

static inline void
stall_watch_start (StallWatch * w)
{
  w->stop = 0;
  w->stalls = g_array_new (FALSE, FALSE, sizeof (Stall));
  w->waits = g_array_new (FALSE, FALSE, sizeof (Wait));
  g_mutex_init (&w->lock);
  w->followed = g_array_new (FALSE, FALSE, sizeof (gint));
  w->delays = g_array_new (FALSE, FALSE, sizeof (gint64));
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
  g_array_free (w->waits, TRUE);
  g_array_free (w->followed, TRUE);
  g_array_free (w->delays, TRUE);
  g_mutex_clear (&w->lock);
  w->stalls = w->waits = w->followed = w->delays = NULL;
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

/* How long thread `tid` waited for a CPU within the span from `from_us` to
 * `to_us`, a wait between two ticks counted for the part of them inside
 * the span. After stall_watch_stop(). */
static inline gint64
stall_watch_waited_us (const StallWatch * w, gint tid, gint64 from_us,
    gint64 to_us)
{
  gint64 waited = 0;
  guint i;

  for (i = 0; i < w->waits->len; i++) {
    const Wait *t = &g_array_index (w->waits, Wait, i);
    gint64 a = MAX (t->from_us, from_us), b = MIN (t->to_us, to_us);

    if (t->tid == tid && b > a)
      waited += t->waited_us * (b - a) / MAX (t->to_us - t->from_us, 1);
  }
  return waited;
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
