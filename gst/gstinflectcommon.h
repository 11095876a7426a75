/* GStreamer plugin for Inflect: what inflectsrc and inflecttts share.
 *
 * Copyright (C) 2026 The Inflect authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The two elements derive from different base classes (GstBaseSrc and
 * GstElement), so the voice properties, voice loading and parameter
 * control live here as a helper struct that each element embeds, rather than
 * in a common base class; text preparation (gstinflecttext.h) and word
 * messages (gstinflectwords.h) beside it.
 */
#ifndef GST_INFLECT_COMMON_H
#define GST_INFLECT_COMMON_H

#include <gst/gst.h>
#include <gst/audio/audio.h>
#include <inflect.h>

#include "gstinflecttext.h"
#include "gstinflectwords.h"

G_BEGIN_DECLS

/* Property ids of the shared properties. Each element numbers its own
 * properties from GST_INFLECT_PROP_LAST on. */
enum
{
  GST_INFLECT_PROP_0,
  GST_INFLECT_PROP_VOICE,
  GST_INFLECT_PROP_VOCODER,
  GST_INFLECT_PROP_SPEAKER,
  GST_INFLECT_PROP_LENGTH_SCALE,
  GST_INFLECT_PROP_PITCH_SCALE,
  GST_INFLECT_PROP_PITCH_RANGE,
  GST_INFLECT_PROP_ENERGY_SCALE,
  GST_INFLECT_PROP_WORD_MESSAGES,
  GST_INFLECT_PROP_MAX_DURATION,
  GST_INFLECT_PROP_LOW_MEMORY,
  GST_INFLECT_PROP_VARIATION,
  GST_INFLECT_PROP_SEED,
  GST_INFLECT_PROP_THREADS,
  GST_INFLECT_PROP_PITCH_CENTRE_AHEAD,
  GST_INFLECT_PROP_LAST
};

/* Native endianness so that samples are written without swapping; on the
 * little-endian machines we build for these are F32LE and S16LE. */
#define GST_INFLECT_AUDIO_CAPS                                   \
  "audio/x-raw, "                                                \
  "format = (string) { " GST_AUDIO_NE (F32) ", " GST_AUDIO_NE (S16) " }, " \
  "rate = (int) [ 1, MAX ], "                                    \
  "channels = (int) 1, "                                         \
  "layout = (string) interleaved"

typedef struct _GstInflectVoice GstInflectVoice;

typedef struct
{
  /* Properties, under the element's object lock. */
  gchar *voice_path;
  gchar *vocoder_path;
  gchar *speaker;
  gdouble length_scale;
  gdouble pitch_scale;
  gdouble pitch_range;
  gdouble energy_scale;
  gboolean word_messages;
  gdouble max_duration;
  gboolean low_memory;
  gdouble variation;
  guint64 seed;
  gint threads;
  gboolean pitch_centre_ahead;

  /* Set by gst_inflect_common_open(). The synth pointer is also read under
   * the object lock by threads that cancel synthesis; the rate is atomic
   * for caps queries from any thread. */
  GstInflectVoice *voice;
  inflect_synth *synth;
  gint rate;

  /* Owned by the thread that speaks. */
  gint speaker_index;
  gchar *good_speaker;          /* the `speaker` that chose it */

  /* The pitch-range centre of a v2 voice that stores none, derived on a
   * thread of its own from gst_inflect_common_open() to
   * gst_inflect_common_close() (gstinflectcommon.c, "Ahead"). The synth is
   * the thread's, set while it may be cancelled; all under centre_lock. */
  GMutex centre_lock;
  GCond centre_cond;
  GThread *centre_thread;
  inflect_synth *centre_synth;
  gboolean centre_stop;
  gboolean centre_done;
  gboolean centre_speaking;     /* a synthesis began, no audio yet */
  gint centre_go;               /* atomic: first audio made */
  gint64 centre_go_at;          /* when */
} GstInflectCommon;

typedef struct
{
  /* Each chunk of audio in order; return FALSE to stop synthesis. */
  gboolean (*audio) (gpointer user, const gfloat * samples, gsize n);
  /* Stream time at which the next sample the engine delivers will play:
   * the controller curves are sampled there and, for each token of the
   * utterance about to be made, that far ahead. */
  GstClockTime (*position) (gpointer user);
  /* Each word (start relative to the call), when word-messages is on; the
   * callee takes ownership. */
  void (*word) (gpointer user, GstInflectWord * word);
} GstInflectSpeakFuncs;

void gst_inflect_common_install_properties (GObjectClass * klass);
void gst_inflect_common_init (GstInflectCommon * common);
void gst_inflect_common_finalize (GstInflectCommon * common);
gboolean gst_inflect_common_set_property (GstInflectCommon * common,
    GObject * object, guint prop_id, const GValue * value,
    GParamSpec * pspec);
gboolean gst_inflect_common_get_property (GstInflectCommon * common,
    GObject * object, guint prop_id, GValue * value);

gboolean gst_inflect_common_open (GstInflectCommon * common,
    GstElement * element);
void gst_inflect_common_close (GstInflectCommon * common,
    GstElement * element);
void gst_inflect_common_cancel (GstInflectCommon * common,
    GstElement * element);

GstCaps *gst_inflect_common_caps (GstInflectCommon * common,
    GstPadTemplate * templ, GstCaps * filter);

/* Posts the error for downstream that takes none of `ours` (the element's
 * formats) at its pad `pad`: which formats on both sides, and what to
 * do. Upstream's or GstBaseSrc's "not-negotiated" alone names neither. */
void gst_inflect_common_not_negotiated (GstElement * element, GstPad * pad,
    GstCaps * ours);

/* Whether downstream of `pad` takes one of the voice's formats, asked
 * once the voice is open (READY to PAUSED); if not, the error above is
 * posted. A pipeline without audioconvert then fails its state change,
 * where gst-launch-1.0 sees it: an error from the streaming thread that
 * early may be lost to gst-launch 1.22, which then never exits. A pad not
 * linked yet passes, as does downstream that answers ANY. */
gboolean gst_inflect_common_downstream_takes (GstInflectCommon * common,
    GstElement * element, GstPad * pad, GstPadTemplate * templ);

/* Speaks `text` from its sample `from` on (0: all of it): the utterances
 * before are only timed (inflect_synth_speak_from), so a seek deep into a
 * long text costs little, and funcs->audio gets the samples from there. */
inflect_status gst_inflect_common_speak (GstInflectCommon * common,
    GstElement * element, const GstInflectText * text,
    gdouble length_factor, guint64 from, const GstInflectSpeakFuncs * funcs,
    gpointer user);
/* The samples gst_inflect_common_speak() would make with the properties as
 * they are now, without making them (inflect_synth_measure). */
inflect_status gst_inflect_common_measure (GstInflectCommon * common,
    GstElement * element, const GstInflectText * text,
    gdouble length_factor, const GstInflectSpeakFuncs * funcs,
    gpointer user, guint64 * n_samples);

/* A synth of the open voice, of one thread, for a thread of the element
 * other than the one that speaks (a synth is one thread's at a time); NULL,
 * with a warning logged, when none can be made. */
inflect_synth *gst_inflect_common_synth_new (GstInflectCommon * common,
    GstElement * element);
/* The samples gst_inflect_common_speak() makes of all of `text`, its first
 * sample playing at stream time `start`, measured with `synth`, one of
 * the caller's thread; from any thread, while the voice is open. The
 * speaker, length-scale and max-duration properties are read once, at the
 * start, and a length-scale controller curve is followed token by token.
 * inflect_synth_cancel() on `synth` stops it. */
inflect_status gst_inflect_common_measure_ahead (GstInflectCommon * common,
    GstElement * element, inflect_synth * synth, const GstInflectText * text,
    gdouble length_factor, GstClockTime start, guint64 * n_samples);

/* Lowers the calling thread's priority, for background work that
 * synthesis must not wait for (Linux, where nice is per thread). */
void gst_inflect_lower_priority (GstElement * element);

/* Posts the warning for INFLECT_ERR_TOO_LONG: the text was cut at
 * max-duration, after whole sentences or clauses. */
void gst_inflect_common_warn_too_long (GstInflectCommon * common,
    GstElement * element);

void gst_inflect_pack (const GstAudioInfo * info, const gfloat * in,
    gsize n, gpointer out);

G_END_DECLS

#endif /* GST_INFLECT_COMMON_H */
