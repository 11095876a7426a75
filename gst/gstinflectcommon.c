/* GStreamer plugin for Inflect: what inflectsrc and inflecttts share.
 *
 * Copyright (C) 2026 The Inflect authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#define _DEFAULT_SOURCE /* syscall (a thread's id, for its priority) */
#include "gstinflectcommon.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>
#ifdef __linux__
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif

GST_DEBUG_CATEGORY (gst_inflect_common_debug);
#define GST_CAT_DEFAULT gst_inflect_common_debug

#define DEFAULT_LENGTH_SCALE 1.0
#define DEFAULT_PITCH_SCALE 1.0
#define DEFAULT_PITCH_RANGE 1.0
#define DEFAULT_ENERGY_SCALE 1.0

/* The properties' ranges lie within the library's (inflect.h) and are
 * narrower where the voices stop sounding clean: a relative control binding
 * maps 0..1 onto a property's whole range, and a controller's slider should
 * not spend most of its travel on sounds the voices cannot make. */
#define PROP_LENGTH_SCALE_MIN 0.25
#define PROP_LENGTH_SCALE_MAX 4.0
#define PROP_PITCH_SCALE_MIN 0.5
#define PROP_PITCH_SCALE_MAX 1.5
#define PROP_PITCH_RANGE_MIN INFLECT_PITCH_RANGE_MIN
#define PROP_PITCH_RANGE_MAX 2.0
#define PROP_ENERGY_SCALE_MIN INFLECT_ENERGY_SCALE_MIN
#define PROP_ENERGY_SCALE_MAX 2.0
#define DEFAULT_MAX_DURATION 0.0
#define DEFAULT_THREADS 1

/* The engine accepts 0.1 .. 10; fit mode multiplies the property value, so
 * the product is clamped again before it reaches the engine. */
#define ENGINE_MIN_LENGTH_SCALE 0.1
#define ENGINE_MAX_LENGTH_SCALE 10.0

/* Voices are immutable once open and the engine lets any number of synths
 * share one, so elements in the same process that name the same file share
 * its weights instead of each holding a copy. */
struct _GstInflectVoice
{
  gchar *key;                   /* voice path, then "\n" and vocoder path if any */
  inflect_voice *voice;
  guint refs;
};

static GMutex voices_lock;
static GHashTable *voices;

/* Takes a reference on the shared entry for `key`, or returns NULL when
 * there is none. Called with voices_lock held. */
static GstInflectVoice *
voice_ref_locked (const gchar * key)
{
  GstInflectVoice *voice;

  if (voices == NULL)
    voices = g_hash_table_new (g_str_hash, g_str_equal);
  voice = g_hash_table_lookup (voices, key);
  if (voice != NULL)
    voice->refs++;
  return voice;
}

/* Which file `name` (a voice name or path) is now: its device, inode,
 * size and modification time, or "" when it cannot be found. */
static gchar *
file_identity (const gchar * name)
{
  gchar path[4096];
  GStatBuf st;

  if (name == NULL || inflect_voice_find (name, path, sizeof path, NULL,
          0) != INFLECT_OK || g_stat (path, &st) != 0)
    return g_strdup ("");
  return g_strdup_printf ("%" G_GUINT64_FORMAT ":%" G_GUINT64_FORMAT ":%"
      G_GINT64_FORMAT ":%" G_GINT64_FORMAT, (guint64) st.st_dev,
      (guint64) st.st_ino, (gint64) st.st_size, (gint64) st.st_mtime);
}

/* vocoder: the upstream vocoder paired with the acoustic model at `path`,
 * or NULL for a one-file voice (or the acoustic file's sibling).
 *
 * The file is opened and loaded without voices_lock held: loading reads
 * the whole file, which on a slow or stalled file system (NFS, FUSE, a
 * sleeping disk) takes as long as that file system likes, and every element
 * of the process (state changes, a second pipeline with another voice)
 * would wait behind it. Two elements opening the same new voice at once
 * both load it; the second to finish keeps the first's copy and closes its
 * own. */
static GstInflectVoice *
voice_acquire (const gchar * path, const gchar * vocoder, gboolean low_memory,
    inflect_status * status, gchar * err, gsize err_size)
{
  GstInflectVoice *voice;
  inflect_voice *opened = NULL;
  /* A low-memory voice is another voice: elements share one only with
   * elements that asked for the same. A file replaced since (a new
   * release moved into place) is another voice too: an element that
   * starts now speaks the new file while older ones finish with theirs. */
  gchar *voice_id = file_identity (path), *vocoder_id = file_identity (vocoder);
  gchar *key = g_strconcat (path, "\n", voice_id, "\n", vocoder ? vocoder : "",
      "\n", vocoder_id, low_memory ? "\nlow-memory" : "", NULL);

  g_free (voice_id);
  g_free (vocoder_id);

  *status = INFLECT_OK;
  g_mutex_lock (&voices_lock);
  voice = voice_ref_locked (key);
  g_mutex_unlock (&voices_lock);
  if (voice != NULL) {
    g_free (key);
    return voice;
  }

  *status = inflect_voice_open_with (path, vocoder,
      low_memory ? INFLECT_VOICE_LOW_MEMORY : 0u, &opened, err, err_size);
  if (*status != INFLECT_OK) {
    g_free (key);
    return NULL;
  }

  g_mutex_lock (&voices_lock);
  voice = voice_ref_locked (key);
  if (voice == NULL) {
    voice = g_new0 (GstInflectVoice, 1);
    voice->key = key;
    voice->voice = opened;
    voice->refs = 1;
    g_hash_table_insert (voices, voice->key, voice);
    key = NULL;
    opened = NULL;
  }
  g_mutex_unlock (&voices_lock);

  /* Lost the race: another element loaded the same voice meanwhile. */
  inflect_voice_close (opened);
  g_free (key);
  return voice;
}

static void
voice_release (GstInflectVoice * voice)
{
  g_mutex_lock (&voices_lock);
  if (--voice->refs == 0) {
    g_hash_table_remove (voices, voice->key);
    inflect_voice_close (voice->voice);
    g_free (voice->key);
    g_free (voice);
  }
  g_mutex_unlock (&voices_lock);
}

/* The default voice's name unless INFLECT_VOICE names another voice or
 * file, which is how the tests point the elements at their own voice;
 * read once, so that every element of the process opens the same. */
static const gchar *
default_voice (void)
{
  static gsize initialized;
  static gchar *path;

  if (g_once_init_enter (&initialized)) {
    path = g_strdup (inflect_default_voice ());
    g_once_init_leave (&initialized, 1);
  }
  return path;
}

void
gst_inflect_common_install_properties (GObjectClass * klass)
{
  static gsize debug_initialized;

  if (g_once_init_enter (&debug_initialized)) {
    GST_DEBUG_CATEGORY_INIT (gst_inflect_common_debug, "inflect", 0,
        "Inflect text-to-speech, shared part");
    g_once_init_leave (&debug_initialized, 1);
  }

  g_object_class_install_property (klass, GST_INFLECT_PROP_VOICE,
      g_param_spec_string ("voice", "Voice",
          "Inflect voice: a name looked up on the voice search path "
          "(inflect-say --list-voices) or a voice file (.gguf). The default "
          "is the default voice, or $INFLECT_VOICE when that is set; NULL or "
          "\"\" sets the default again",
          default_voice (),
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_READY));

  g_object_class_install_property (klass, GST_INFLECT_PROP_VOCODER,
      g_param_spec_string ("vocoder", "Vocoder",
          "With an upstream Inflect-Nano-v1 acoustic model as \"voice\" "
          "(inflect-acoustic GGUF): its vocoder (inflect-vocoder GGUF), a "
          "file or a name looked up as voice names are. "
          "Empty: the voice's file name with \"acoustic\" replaced by "
          "\"vocoder\". Leave empty for a one-file Inflect voice",
          NULL,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_READY));

  g_object_class_install_property (klass, GST_INFLECT_PROP_SPEAKER,
      g_param_spec_string ("speaker", "Speaker",
          "Speaker of a multi-speaker voice, by name or by index; empty for "
          "the first. A change applies from the next sentence or clause",
          NULL,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_PLAYING));

  g_object_class_install_property (klass, GST_INFLECT_PROP_LENGTH_SCALE,
      g_param_spec_double ("length-scale", "Length scale",
          "Duration multiplier: 2 speaks at half speed, 0.5 at double speed. "
          "A control curve is followed phoneme by phoneme",
          PROP_LENGTH_SCALE_MIN, PROP_LENGTH_SCALE_MAX, DEFAULT_LENGTH_SCALE,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_CONTROLLABLE | GST_PARAM_MUTABLE_PLAYING));

  g_object_class_install_property (klass, GST_INFLECT_PROP_PITCH_SCALE,
      g_param_spec_double ("pitch-scale", "Pitch scale",
          "Pitch multiplier: 1.3 raises the voice's F0 by 1.3 times, its "
          "intonation kept. A control curve is followed phoneme by phoneme",
          PROP_PITCH_SCALE_MIN, PROP_PITCH_SCALE_MAX, DEFAULT_PITCH_SCALE,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_CONTROLLABLE | GST_PARAM_MUTABLE_PLAYING));

  g_object_class_install_property (klass, GST_INFLECT_PROP_PITCH_RANGE,
      g_param_spec_double ("pitch-range", "Pitch range",
          "Intonation multiplier around the speaker's own mean pitch: 0 is "
          "monotone, 1 natural, 2 lively. A control curve is followed "
          "phoneme by phoneme. An Inflect v2 voice whose file stores no F0 "
          "centre derives one (a few seconds): at READY->PAUSED when this is "
          "not 1 then, else in the background from then on "
          "(pitch-centre-ahead), so that a change while playing finds it "
          "ready",
          PROP_PITCH_RANGE_MIN, PROP_PITCH_RANGE_MAX, DEFAULT_PITCH_RANGE,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_CONTROLLABLE | GST_PARAM_MUTABLE_PLAYING));

  g_object_class_install_property (klass, GST_INFLECT_PROP_ENERGY_SCALE,
      g_param_spec_double ("energy-scale", "Energy scale",
          "Loudness multiplier: 2 is +6 dB, 0.5 is -6 dB, 0 silence. A "
          "control curve is followed phoneme by phoneme",
          PROP_ENERGY_SCALE_MIN, PROP_ENERGY_SCALE_MAX, DEFAULT_ENERGY_SCALE,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_CONTROLLABLE | GST_PARAM_MUTABLE_PLAYING));

  g_object_class_install_property (klass, GST_INFLECT_PROP_WORD_MESSAGES,
      g_param_spec_boolean ("word-messages", "Word messages",
          "Post an \"inflect-word\" element message for each word when the "
          "buffer holding its start is pushed",
          FALSE,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_PLAYING));

  g_object_class_install_property (klass, GST_INFLECT_PROP_MAX_DURATION,
      g_param_spec_double ("max-duration", "Maximum duration",
          "Most seconds of speech one text may make; 0: no limit. Speech "
          "stops before the first sentence or clause that would end later "
          "(a first one longer than this is spoken as far as its words "
          "fit), with a warning message. Text can expand a lot (a digit "
          "string is read digit by digit), so set this where one text must "
          "not hold the stream for long",
          0.0, 86400.0, DEFAULT_MAX_DURATION,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_PLAYING));

  g_object_class_install_property (klass, GST_INFLECT_PROP_LOW_MEMORY,
      g_param_spec_boolean ("low-memory", "Low memory",
          "Keep the smallest memory: the voice's layer weights stay in its "
          "file and are read from it at each use, and audio is made in "
          "smaller pieces. The same audio, for about a third more CPU time "
          "(docs/benchmarks.md, \"Memory\"). The voice file must not be "
          "rewritten in place while in use (the process dies of SIGBUS if "
          "it is cut short); replacing it (mv, a package upgrade) is safe. "
          "Read at READY->PAUSED",
          FALSE,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_READY));

  g_object_class_install_property (klass, GST_INFLECT_PROP_VARIATION,
      g_param_spec_double ("variation", "Variation",
          "Inflect v2 voices (Nano-v2, Micro-v2) only: the scale of the "
          "noise in the latent; 0 is deterministic, upstream speaks at 0.667. "
          "Not 0 with another voice is an error. A change applies from the "
          "next sentence or clause",
          INFLECT_VARIATION_MIN, INFLECT_VARIATION_MAX, 0.0,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_PLAYING));

  g_object_class_install_property (klass, GST_INFLECT_PROP_SEED,
      g_param_spec_uint64 ("seed", "Seed",
          "The noise's seed with variation: the same seed, text and "
          "properties give the same audio",
          0, G_MAXUINT64, 1,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_PLAYING));

  g_object_class_install_property (klass, GST_INFLECT_PROP_THREADS,
      g_param_spec_int ("threads", "Threads",
          "Threads that share the work of each sentence: on idle cores 2 "
          "bring the first audio and the whole text sooner, the same audio. "
          "More than the idle cores gain nothing; several elements already "
          "run side by side (and share one voice). Read at READY->PAUSED",
          1, INFLECT_THREADS_MAX, DEFAULT_THREADS,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_READY));

  g_object_class_install_property (klass, GST_INFLECT_PROP_PITCH_CENTRE_AHEAD,
      g_param_spec_boolean ("pitch-centre-ahead", "Pitch centre ahead",
          "An Inflect v2 voice whose file stores no F0 centre (every upstream "
          "one): derive it in the background from READY->PAUSED, so that a "
          "pitch-range first moved while playing (live captions) speaks at "
          "once instead of after a few seconds. It costs a paragraph's "
          "synthesis of CPU (2-6 s) and about 2 MB once per opened voice, "
          "whether or not the range moves. FALSE, or low-memory TRUE: not "
          "ahead; a range change then derives it on first use, holding that "
          "speech back. Read at READY->PAUSED",
          TRUE,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_READY));
}

void
gst_inflect_common_init (GstInflectCommon * common)
{
  common->voice_path = g_strdup (default_voice ());
  common->speaker = NULL;
  common->length_scale = DEFAULT_LENGTH_SCALE;
  common->pitch_scale = DEFAULT_PITCH_SCALE;
  common->pitch_range = DEFAULT_PITCH_RANGE;
  common->energy_scale = DEFAULT_ENERGY_SCALE;
  common->word_messages = FALSE;
  common->max_duration = DEFAULT_MAX_DURATION;
  common->low_memory = FALSE;
  common->variation = 0.0;
  common->seed = 1;
  common->threads = DEFAULT_THREADS;
  common->pitch_centre_ahead = TRUE;
  g_mutex_init (&common->centre_lock);
  g_cond_init (&common->centre_cond);
}

void
gst_inflect_common_finalize (GstInflectCommon * common)
{
  g_free (common->voice_path);
  g_free (common->vocoder_path);
  g_free (common->speaker);
  g_free (common->good_speaker);
  g_mutex_clear (&common->centre_lock);
  g_cond_clear (&common->centre_cond);
}

gboolean
gst_inflect_common_set_property (GstInflectCommon * common, GObject * object,
    guint prop_id, const GValue * value, GParamSpec * pspec)
{
  GST_OBJECT_LOCK (object);
  /* A property read when the element starts (the voice, its vocoder,
   * low-memory, threads, inflectsrc's is-live) cannot change what a
   * started element speaks with: taking the value anyway made it read
   * back a voice that was not the one speaking. Refused as filesrc
   * refuses a new location. */
  if ((pspec->flags & GST_PARAM_MUTABLE_READY)
      && GST_STATE (object) > GST_STATE_READY) {
    GST_OBJECT_UNLOCK (object);
    g_warning ("%s: \"%s\" is read when the element starts: set it in the "
        "NULL or READY state, not while PAUSED or PLAYING; the element keeps "
        "its value", GST_OBJECT_NAME (object), pspec->name);
    return TRUE;
  }
  switch (prop_id) {
    case GST_INFLECT_PROP_VOICE:
      /* NULL or "" is the default again, as the docs give it ($INFLECT_VOICE
       * or rms), not a start that fails for want of a voice. */
      g_free (common->voice_path);
      common->voice_path = g_value_get_string (value) != NULL
          && *g_value_get_string (value) != '\0' ?
          g_value_dup_string (value) : g_strdup (default_voice ());
      break;
    case GST_INFLECT_PROP_VOCODER:
      g_free (common->vocoder_path);
      common->vocoder_path = g_value_dup_string (value);
      break;
    case GST_INFLECT_PROP_SPEAKER:
      g_free (common->speaker);
      common->speaker = g_value_dup_string (value);
      break;
    case GST_INFLECT_PROP_LENGTH_SCALE:
      common->length_scale = g_value_get_double (value);
      break;
    case GST_INFLECT_PROP_PITCH_SCALE:
      common->pitch_scale = g_value_get_double (value);
      break;
    case GST_INFLECT_PROP_PITCH_RANGE:
      common->pitch_range = g_value_get_double (value);
      break;
    case GST_INFLECT_PROP_ENERGY_SCALE:
      common->energy_scale = g_value_get_double (value);
      break;
    case GST_INFLECT_PROP_WORD_MESSAGES:
      common->word_messages = g_value_get_boolean (value);
      break;
    case GST_INFLECT_PROP_MAX_DURATION:
      common->max_duration = g_value_get_double (value);
      break;
    case GST_INFLECT_PROP_LOW_MEMORY:
      common->low_memory = g_value_get_boolean (value);
      break;
    case GST_INFLECT_PROP_VARIATION:
      common->variation = g_value_get_double (value);
      break;
    case GST_INFLECT_PROP_SEED:
      common->seed = g_value_get_uint64 (value);
      break;
    case GST_INFLECT_PROP_THREADS:
      common->threads = g_value_get_int (value);
      break;
    case GST_INFLECT_PROP_PITCH_CENTRE_AHEAD:
      common->pitch_centre_ahead = g_value_get_boolean (value);
      break;
    default:
      GST_OBJECT_UNLOCK (object);
      return FALSE;
  }
  GST_OBJECT_UNLOCK (object);
  return TRUE;
}

gboolean
gst_inflect_common_get_property (GstInflectCommon * common, GObject * object,
    guint prop_id, GValue * value)
{
  GST_OBJECT_LOCK (object);
  switch (prop_id) {
    case GST_INFLECT_PROP_VOICE:
      g_value_set_string (value, common->voice_path);
      break;
    case GST_INFLECT_PROP_VOCODER:
      g_value_set_string (value, common->vocoder_path);
      break;
    case GST_INFLECT_PROP_SPEAKER:
      g_value_set_string (value, common->speaker);
      break;
    case GST_INFLECT_PROP_LENGTH_SCALE:
      g_value_set_double (value, common->length_scale);
      break;
    case GST_INFLECT_PROP_PITCH_SCALE:
      g_value_set_double (value, common->pitch_scale);
      break;
    case GST_INFLECT_PROP_PITCH_RANGE:
      g_value_set_double (value, common->pitch_range);
      break;
    case GST_INFLECT_PROP_ENERGY_SCALE:
      g_value_set_double (value, common->energy_scale);
      break;
    case GST_INFLECT_PROP_WORD_MESSAGES:
      g_value_set_boolean (value, common->word_messages);
      break;
    case GST_INFLECT_PROP_MAX_DURATION:
      g_value_set_double (value, common->max_duration);
      break;
    case GST_INFLECT_PROP_LOW_MEMORY:
      g_value_set_boolean (value, common->low_memory);
      break;
    case GST_INFLECT_PROP_VARIATION:
      g_value_set_double (value, common->variation);
      break;
    case GST_INFLECT_PROP_SEED:
      g_value_set_uint64 (value, common->seed);
      break;
    case GST_INFLECT_PROP_THREADS:
      g_value_set_int (value, common->threads);
      break;
    case GST_INFLECT_PROP_PITCH_CENTRE_AHEAD:
      g_value_set_boolean (value, common->pitch_centre_ahead);
      break;
    default:
      GST_OBJECT_UNLOCK (object);
      return FALSE;
  }
  GST_OBJECT_UNLOCK (object);
  return TRUE;
}

static gint
find_speaker (const inflect_voice * voice, const gchar * name)
{
  if (name == NULL || *name == '\0')
    return 0;
  return inflect_voice_find_speaker (voice, name);
}

/* Replaces the name in *name ("voice" or "vocoder" property) by the file
 * it stands for on the voice search path; a path stays as it is. The
 * library finds names itself, the two of a pair too; with a vocoder they
 * are found here so that one that is not there is reported against its
 * property. */
static gboolean
find_voice_file (GstElement * element, const gchar * property, gchar ** name)
{
  gchar path[4096], err[1024];
  inflect_status status;

  status = inflect_voice_find (*name, path, sizeof path, err, sizeof err);
  if (status != INFLECT_OK) {
    GST_ELEMENT_ERROR (element, RESOURCE, NOT_FOUND,
        ("The %s \"%s\" was not found.", property, *name),
        ("inflect_voice_find: %s: %s", inflect_status_name (status), err));
    return FALSE;
  }
  g_free (*name);
  *name = g_strdup (path);
  return TRUE;
}

static gchar *
list_speakers (const inflect_voice * voice)
{
  GString *s = g_string_new ("speakers of this voice:");
  gint i, n = inflect_voice_speaker_count (voice);

  for (i = 0; i < n; i++)
    g_string_append_printf (s, " %d=%s", i,
        inflect_voice_speaker_name (voice, i));
  return g_string_free (s, FALSE);
}

static gboolean
check_controls (GstInflectCommon * common, GstElement * element,
    inflect_synth * synth, gint speaker, const gchar * path)
{
  inflect_params params;
  inflect_status status;
  uint64_t n = 0;

  inflect_params_init (&params);
  GST_OBJECT_LOCK (element);
  params.pitch_scale = common->pitch_scale;
  params.pitch_range = common->pitch_range;
  params.energy_scale = common->energy_scale;
  params.variation = common->variation;
  params.seed = common->seed;
  GST_OBJECT_UNLOCK (element);
  params.speaker = speaker;

  status = inflect_synth_measure (synth, "", 0, &params, &n);
  if (status == INFLECT_OK)
    return TRUE;
  GST_ELEMENT_ERROR (element, RESOURCE, SETTINGS,
      ("The voice \"%s\" cannot speak with these settings: %s", path,
          inflect_synth_error (synth)), ("inflect_synth_measure: %s",
          inflect_status_name (status)));
  return FALSE;
}

/* ------------------------------------------------------------------ */
/* Ahead: the pitch-range centre of a v2 voice that stores none
 *
 * The engine derives it the first time a synthesis asks a speaker for a
 * pitch range other than 1 (inflect.h), a synthesis of a paragraph: 0.9 s
 * for the Nano-v2 test fixture, 2.2 s and 5.7 s for voices of upstream's
 * Nano-v2 and Micro-v2 sizes. When pitch-range is not 1 at READY->PAUSED,
 * check_controls() derives it there, where an error belongs. But an operator
 * or a control binding may first move it while the element plays, and the
 * synthesis that asks would then hold its caption back by that long, on
 * air. So an element whose voice would derive one starts deriving it when
 * it opens the voice, on a thread of its own at a lower priority (the
 * speech at the range it has takes the CPU first), and nothing waits for
 * it: the engine keeps the centre in the voice for every synth, and a
 * synthesis that asks before it is ready waits only for the rest. It costs
 * that CPU once per opened voice and speaker, whether or not the range
 * ever moves; a speaker chosen later is derived when asked. So it is a
 * property, pitch-centre-ahead, on by default for live captioning, the use
 * a gap on air hurts most; off, and with low-memory (whose application
 * asked for the least memory, and the derivation's synth and recording are
 * about 2 MB more), nothing is derived ahead and the first range other than
 * 1 derives it, as before.
 *
 * It also starts only CENTRE_IDLE after the element's first audio is made
 * (or after the voice opened, when the element has not begun speaking by
 * then): inflectsrc begins both at the same moment, and the derivation's
 * start (a synth of its own, espeak-ng's lock, which every synth shares)
 * delayed the first buffer at the sink from 19 to 24 ms in the median on a
 * busy 2-core machine even when it waited for that audio to be made; with
 * the wait, 24 ms without a derivation and 23 ms with one. */

/* How much nicer than the element's thread it runs (Linux, where nice is
 * per thread). With the machine busy (load 9 on 2 cores), inflectsrc took
 * 1.32 s instead of 0.60 s to speak two sentences beside a derivation at
 * the same priority, 0.66 s beside one at +10, which itself took 2.2 s
 * instead of 1.6-2.0 s. The price: a synthesis that asks for a range while
 * it runs waits for a thread that other work on the machine goes before. */
#define CENTRE_NICE 10
/* How long after the element's first audio is made (or after the voice
 * opened, if it has not begun speaking by then) a derivation starts. */
#define CENTRE_IDLE (100 * G_TIME_SPAN_MILLISECOND)

typedef struct
{
  GstInflectCommon *common;
  GstElement *element;
  const inflect_voice *voice;
  gint speaker;
  gint64 opened;                /* monotonic time the voice opened */
} CentreJob;

/* Whether to go on (not stopped): CENTRE_IDLE after the element's first
 * audio is made, or after the voice opened if it has not begun speaking by
 * then. */
static gboolean
wait_for_first_audio (GstInflectCommon * common, gint64 opened)
{
  gboolean go;

  g_mutex_lock (&common->centre_lock);
  while (!common->centre_stop) {
    gboolean made = g_atomic_int_get (&common->centre_go);
    gint64 start_at = (made ? common->centre_go_at : opened) + CENTRE_IDLE;

    if (common->centre_speaking && !made)
      g_cond_wait (&common->centre_cond, &common->centre_lock);
    else if (g_get_monotonic_time () >= start_at)
      break;
    else
      g_cond_wait_until (&common->centre_cond, &common->centre_lock,
          start_at);
  }
  go = !common->centre_stop;
  g_mutex_unlock (&common->centre_lock);
  return go;
}

/* The element's first audio is made (or its first synthesis ended, or
 * asks for a range itself): the derivation may start CENTRE_IDLE later. */
static void
centre_go (GstInflectCommon * common)
{
  if (g_atomic_int_get (&common->centre_go))
    return;
  g_mutex_lock (&common->centre_lock);
  if (!g_atomic_int_get (&common->centre_go)) {
    common->centre_go_at = g_get_monotonic_time ();
    g_atomic_int_set (&common->centre_go, TRUE);
    g_cond_broadcast (&common->centre_cond);
  }
  g_mutex_unlock (&common->centre_lock);
}

/* A synthesis begins: a derivation waits for its first audio, unless it
 * asks for a range itself, when it would wait for the centre anyway. */
static void
centre_speaking (GstInflectCommon * common, gfloat pitch_range)
{
  if (g_atomic_int_get (&common->centre_go))
    return;
  if (pitch_range != 1.0f) {
    centre_go (common);
    return;
  }
  g_mutex_lock (&common->centre_lock);
  common->centre_speaking = TRUE;
  g_mutex_unlock (&common->centre_lock);
}

/* Also the priority of inflectsrc's duration measurement, background work
 * that the speech must not wait for either. */
void
gst_inflect_lower_priority (GstElement * element)
{
#ifdef __linux__
  pid_t tid = (pid_t) syscall (SYS_gettid);
  int nice;

  errno = 0;
  nice = getpriority (PRIO_PROCESS, (id_t) tid);
  if (errno == 0 && setpriority (PRIO_PROCESS, (id_t) tid,
          MIN (nice + CENTRE_NICE, 19)) != 0)
    GST_DEBUG_OBJECT (element, "could not lower the priority: %s",
        g_strerror (errno));
#else
  (void) element;
#endif
}

static gpointer
derive_centre (gpointer data)
{
  CentreJob *job = data;
  GstInflectCommon *common = job->common;
  inflect_synth *synth = NULL;
  inflect_params params;
  inflect_status status;
  gchar err[512] = "";
  gint64 start;
  gboolean run;
  uint64_t n;

  gst_inflect_lower_priority (job->element);
  if (!wait_for_first_audio (common, job->opened))
    goto done;
  start = g_get_monotonic_time ();
  GST_DEBUG_OBJECT (job->element, "deriving the pitch-range centre of "
      "speaker %d, %.3f s after the voice opened", job->speaker,
      (g_get_monotonic_time () - job->opened) / 1e6);
  /* A synth of its own, of one thread: the element's is the speech's. */
  status = inflect_synth_new_with (job->voice, NULL, &synth, err, sizeof err);
  g_mutex_lock (&common->centre_lock);
  run = status == INFLECT_OK && !common->centre_stop;
  if (run)
    common->centre_synth = synth;
  g_mutex_unlock (&common->centre_lock);

  if (run) {
    /* Measuring no text at range 0 derives the centre and speaks
     * nothing (inflect.h). */
    inflect_params_init (&params);
    params.speaker = job->speaker;
    params.pitch_range = 0.0f;
    status = inflect_synth_measure (synth, "", 0, &params, &n);
    if (status == INFLECT_OK)
      GST_INFO_OBJECT (job->element, "derived the pitch-range centre of "
          "speaker %d in %.2f s", job->speaker,
          (g_get_monotonic_time () - start) / 1e6);
    else
      /* Cancelled, or a voice with nothing voiced: the synthesis that asks
       * for a range meets the same and says so. */
      GST_INFO_OBJECT (job->element, "pitch-range centre not derived: %s",
          inflect_synth_error (synth));
  } else if (status != INFLECT_OK) {
    GST_WARNING_OBJECT (job->element, "no synth to derive the pitch-range "
        "centre with: %s", err);
  }

done:
  g_mutex_lock (&common->centre_lock);
  common->centre_synth = NULL;
  common->centre_done = TRUE;
  g_cond_broadcast (&common->centre_cond);
  g_mutex_unlock (&common->centre_lock);
  inflect_synth_free (synth);
  g_free (job);
  return NULL;
}

static void
start_centre (GstInflectCommon * common, GstElement * element,
    const inflect_voice * voice, gint speaker)
{
  CentreJob *job;
  GError *error = NULL;

  if (!inflect_voice_pitch_centre_pending (voice, speaker))
    return;
  job = g_new (CentreJob, 1);
  job->common = common;
  job->element = element;
  job->voice = voice;
  job->speaker = speaker;
  job->opened = g_get_monotonic_time ();
  g_mutex_lock (&common->centre_lock);
  common->centre_stop = FALSE;
  common->centre_done = FALSE;
  common->centre_speaking = FALSE;
  g_atomic_int_set (&common->centre_go, FALSE);
  common->centre_thread = g_thread_try_new ("inflect-centre", derive_centre,
      job, &error);
  g_mutex_unlock (&common->centre_lock);
  if (common->centre_thread == NULL) {
    /* The synthesis that asks derives it then, as without this. */
    GST_WARNING_OBJECT (element, "no thread to derive the pitch-range centre "
        "ahead: %s", error->message);
    g_error_free (error);
    g_free (job);
  }
}

/* Cancels the derivation and waits for its thread, before the voice goes.
 * A cancel that comes before the synth's call has begun is lost (inflect.h),
 * so it is repeated until the thread is done. It stops at the next audio
 * of the sentence being derived from after the first one that counts
 * (inflect.h, inflect_voice_pitch_centre_pending): cancelled as a sentence
 * begins, after that sentence's text encoder, durations, flow and first
 * vocoder chunk. */
static void
stop_centre (GstInflectCommon * common)
{
  GThread *thread;

  g_mutex_lock (&common->centre_lock);
  thread = common->centre_thread;
  common->centre_thread = NULL;
  common->centre_stop = TRUE;
  g_cond_broadcast (&common->centre_cond);
  while (thread != NULL && !common->centre_done) {
    if (common->centre_synth != NULL)
      inflect_synth_cancel (common->centre_synth);
    g_cond_wait_until (&common->centre_cond, &common->centre_lock,
        g_get_monotonic_time () + 10 * G_TIME_SPAN_MILLISECOND);
  }
  g_mutex_unlock (&common->centre_lock);
  if (thread != NULL)
    g_thread_join (thread);
}

/* Whether inflect_voice_open() looks `voice` up by name on the voice
 * search path rather than as a file (inflect.h, "Voices by name"). */
static gboolean
is_voice_name (const gchar * voice)
{
  return voice[0] != '\0' && voice[0] != '.' && strchr (voice, '/') == NULL
      && !g_str_has_suffix (voice, ".gguf");
}

gboolean
gst_inflect_common_open (GstInflectCommon * common, GstElement * element)
{
  GstInflectVoice *voice;
  inflect_synth *synth = NULL;
  inflect_status status;
  gchar err[512] = "";
  gchar *path, *vocoder, *speaker;
  gboolean low_memory, centre_ahead;
  inflect_synth_options options;
  gint index;

  GST_OBJECT_LOCK (element);
  path = g_strdup (common->voice_path);
  vocoder = common->vocoder_path && *common->vocoder_path ?
      g_strdup (common->vocoder_path) : NULL;
  speaker = g_strdup (common->speaker);
  low_memory = common->low_memory;
  centre_ahead = common->pitch_centre_ahead;
  inflect_synth_options_init (&options);
  options.threads = common->threads;
  GST_OBJECT_UNLOCK (element);

  if (vocoder != NULL && (!find_voice_file (element, "voice", &path)
          || !find_voice_file (element, "vocoder", &vocoder)))
    goto failed;

  voice = voice_acquire (path, vocoder, low_memory, &status, err, sizeof err);
  if (voice == NULL) {
    if (!g_file_test (path, G_FILE_TEST_EXISTS) && is_voice_name (path)) {
      /* The engine's message names the voice and the directories it
       * searched: "no voice 'x': x.gguf is in none of: ..." */
      err[0] = g_ascii_toupper (err[0]);
      GST_ELEMENT_ERROR (element, RESOURCE, NOT_FOUND, ("%s.", err),
          ("inflect_voice_open: %s", inflect_status_name (status)));
    } else if (!g_file_test (path, G_FILE_TEST_EXISTS))
      GST_ELEMENT_ERROR (element, RESOURCE, NOT_FOUND,
          ("Voice file \"%s\" does not exist.", path),
          ("inflect_voice_open: %s: %s", inflect_status_name (status), err));
    else if (vocoder == NULL && strstr (err, "inflect_voice_open_pair") != NULL)
      /* The library names its own API for the pair; here it is a property. */
      GST_ELEMENT_ERROR (element, RESOURCE, OPEN_READ,
          ("Could not load the voice \"%s\": it is an upstream acoustic "
              "model; set the \"vocoder\" property to its vocoder file.",
              path), ("inflect_voice_open: %s: %s",
              inflect_status_name (status), err));
    else
      GST_ELEMENT_ERROR (element, RESOURCE, OPEN_READ,
          ("Could not load the voice \"%s\": %s", path, err),
          ("inflect_voice_open: %s", inflect_status_name (status)));
    goto failed;
  }

  status = inflect_synth_new_with (voice->voice, &options, &synth, err,
      sizeof err);
  if (status != INFLECT_OK) {
    GST_ELEMENT_ERROR (element, LIBRARY, INIT,
        ("Could not set up speech synthesis with the voice \"%s\".", path),
        ("inflect_synth_new_with: %s: %s", inflect_status_name (status),
            err));
    voice_release (voice);
    goto failed;
  }

  index = find_speaker (voice->voice, speaker);
  if (index < 0) {
    gchar *speakers = list_speakers (voice->voice);

    GST_ELEMENT_ERROR (element, RESOURCE, SETTINGS,
        ("The voice \"%s\" has no speaker \"%s\".",
            inflect_voice_name (voice->voice), speaker), ("%s", speakers));
    g_free (speakers);
    inflect_synth_free (synth);
    voice_release (voice);
    goto failed;
  }

  /* Controls this voice cannot honour (variation on a v1 voice) fail the
   * state change here, not the first synthesis: an error
   * posted from the streaming thread before gst-launch-1.0 1.22 runs its
   * main loop is lost, and the pipeline never stops (docs/gstreamer.md).
   * Measuring no text checks the params against the voice and speaks
   * nothing. */
  if (!check_controls (common, element, synth, index, path)) {
    inflect_synth_free (synth);
    voice_release (voice);
    goto failed;
  }

  GST_INFO_OBJECT (element, "voice %s (%s), %d Hz, speaker %d", path,
      inflect_voice_name (voice->voice),
      inflect_voice_sample_rate (voice->voice), index);

  GST_OBJECT_LOCK (element);
  common->voice = voice;
  common->synth = synth;
  GST_OBJECT_UNLOCK (element);
  g_atomic_int_set (&common->rate, inflect_voice_sample_rate (voice->voice));
  common->speaker_index = index;
  g_free (common->good_speaker);
  common->good_speaker = g_strdup (speaker);
  /* Ahead is a trade of CPU and memory for a gap that may never come: not
   * where the application asked for the smallest memory, nor where it
   * turned it off (no live range changes, or CPU that matters more). */
  if (centre_ahead && !low_memory)
    start_centre (common, element, voice->voice, index);
  else if (inflect_voice_pitch_centre_pending (voice->voice, index))
    GST_DEBUG_OBJECT (element, "not deriving the pitch-range centre ahead "
        "(%s): a range other than 1 derives it when first asked",
        low_memory ? "low-memory" : "pitch-centre-ahead is off");

  g_free (path);
  g_free (vocoder);
  g_free (speaker);
  return TRUE;

failed:
  g_free (path);
  g_free (vocoder);
  g_free (speaker);
  return FALSE;
}

void
gst_inflect_common_close (GstInflectCommon * common, GstElement * element)
{
  GstInflectVoice *voice;
  inflect_synth *synth;

  stop_centre (common);
  GST_OBJECT_LOCK (element);
  voice = common->voice;
  synth = common->synth;
  common->voice = NULL;
  common->synth = NULL;
  GST_OBJECT_UNLOCK (element);
  g_atomic_int_set (&common->rate, 0);

  if (synth != NULL)
    inflect_synth_free (synth);
  if (voice != NULL)
    voice_release (voice);
}

void
gst_inflect_common_cancel (GstInflectCommon * common, GstElement * element)
{
  GST_OBJECT_LOCK (element);
  if (common->synth != NULL)
    inflect_synth_cancel (common->synth);
  GST_OBJECT_UNLOCK (element);
}

void
gst_inflect_common_not_negotiated (GstElement * element, GstPad * pad,
    GstCaps * ours)
{
  const gchar *name =
      GST_OBJECT_NAME (gst_element_get_factory (element));
  GstCaps *theirs = gst_pad_peer_query_caps (pad, NULL);

  GST_ELEMENT_ERROR (element, CORE, NEGOTIATION,
      ("Downstream accepts none of the formats %s speaks in; put "
          "audioconvert ! audioresample after it.", name),
      ("%s speaks %" GST_PTR_FORMAT ", downstream accepts %" GST_PTR_FORMAT,
          name, ours, theirs));
  gst_caps_unref (theirs);
}

gboolean
gst_inflect_common_downstream_takes (GstInflectCommon * common,
    GstElement * element, GstPad * pad, GstPadTemplate * templ)
{
  GstCaps *ours, *theirs;
  gboolean takes;

  if (!gst_pad_is_linked (pad))
    return TRUE;
  ours = gst_inflect_common_caps (common, templ, NULL);
  theirs = gst_pad_peer_query_caps (pad, NULL);
  takes = gst_caps_can_intersect (ours, theirs);
  gst_caps_unref (theirs);
  if (!takes)
    gst_inflect_common_not_negotiated (element, pad, ours);
  gst_caps_unref (ours);
  return takes;
}

GstCaps *
gst_inflect_common_caps (GstInflectCommon * common, GstPadTemplate * templ,
    GstCaps * filter)
{
  GstCaps *caps = gst_pad_template_get_caps (templ);
  gint rate = g_atomic_int_get (&common->rate);

  if (rate > 0) {
    caps = gst_caps_make_writable (caps);
    gst_caps_set_simple (caps, "rate", G_TYPE_INT, rate, NULL);
  }
  if (filter != NULL) {
    GstCaps *tmp = gst_caps_intersect_full (filter, caps,
        GST_CAPS_INTERSECT_FIRST);

    gst_caps_unref (caps);
    caps = tmp;
  }
  return caps;
}

typedef struct
{
  GstInflectCommon *common;
  GstElement *element;
  const GstInflectText *text;
  gdouble length_factor;
  const GstInflectSpeakFuncs *funcs;
  gpointer user;
  inflect_params params;
  guint64 delivered;            /* samples handed to funcs->audio so far */
} SpeakContext;

/* The length scale the engine is given for the property's `value`. Kept in
 * one place: gst_inflect_common_measure_ahead() must count, to the sample,
 * what synthesis makes. */
static gdouble
engine_length_scale (gdouble value, gdouble length_factor)
{
  return CLAMP (value * length_factor, ENGINE_MIN_LENGTH_SCALE,
      ENGINE_MAX_LENGTH_SCALE);
}

/* The scales as the properties say now, into params. */
static void
read_scales (SpeakContext * ctx, inflect_params * params)
{
  GstInflectCommon *common = ctx->common;

  GST_OBJECT_LOCK (ctx->element);
  params->length_scale = engine_length_scale (common->length_scale,
      ctx->length_factor);
  params->pitch_scale = common->pitch_scale;
  params->pitch_range = common->pitch_range;
  params->energy_scale = common->energy_scale;
  params->variation = common->variation;
  params->seed = common->seed;
  GST_OBJECT_UNLOCK (ctx->element);
}

/* Runs before the first utterance and after every chunk: the speaker and
 * the scales of the next utterance are whatever the properties and the
 * controller curves say at the position reached. */
static void
update_params (SpeakContext * ctx)
{
  GstInflectCommon *common = ctx->common;
  GstClockTime position = ctx->funcs->position (ctx->user);
  gchar *speaker;
  gint index;

  if (GST_CLOCK_TIME_IS_VALID (position))
    gst_object_sync_values (GST_OBJECT (ctx->element), position);

  read_scales (ctx, &ctx->params);
  GST_OBJECT_LOCK (ctx->element);
  ctx->params.max_seconds = common->max_duration;
  speaker = g_strdup (common->speaker);
  GST_OBJECT_UNLOCK (ctx->element);

  index = find_speaker (common->voice->voice, speaker);
  if (index >= 0) {
    common->speaker_index = index;
    g_free (common->good_speaker);
    common->good_speaker = g_strdup (speaker);
  } else {
    gchar *speakers = list_speakers (common->voice->voice);
    gboolean reverted = FALSE;

    GST_ELEMENT_WARNING (ctx->element, RESOURCE, SETTINGS,
        ("The voice has no speaker \"%s\"; keeping speaker %d.", speaker,
            common->speaker_index), ("%s", speakers));
    g_free (speakers);
    /* The property goes back to the speaker still speaking, so that what
     * it reads is what is heard (and the warning is posted once); unless
     * the application set another meanwhile, which the next chunk reads. */
    GST_OBJECT_LOCK (ctx->element);
    if (g_strcmp0 (common->speaker, speaker) == 0) {
      g_free (common->speaker);
      common->speaker = g_strdup (common->good_speaker);
      reverted = TRUE;
    }
    GST_OBJECT_UNLOCK (ctx->element);
    if (reverted)
      g_object_notify (G_OBJECT (ctx->element), "speaker");
  }
  g_free (speaker);

  ctx->params.speaker = common->speaker_index;
}

/* inflect_control_cb: the curves at the stream time where this token will
 * play. The engine asks before it makes the utterance's audio, so the
 * token lies `sample - delivered` samples after the next one to be pushed;
 * when speaking from a seek target, the tokens of the utterances skipped
 * before it lie before that. */
static void
speak_control (uint64_t sample, inflect_params * params, void *user)
{
  SpeakContext *ctx = user;
  GstClockTime position = ctx->funcs->position (ctx->user);
  gint rate = g_atomic_int_get (&ctx->common->rate);

  if (!GST_CLOCK_TIME_IS_VALID (position) || rate <= 0)
    return;
  if (sample >= ctx->delivered)
    position += gst_util_uint64_scale (sample - ctx->delivered, GST_SECOND,
        rate);
  else
    position -= MIN (position, gst_util_uint64_scale (ctx->delivered - sample,
            GST_SECOND, rate));
  if (gst_object_sync_values (GST_OBJECT (ctx->element), position))
    read_scales (ctx, params);
}

static int
speak_audio (const float *samples, size_t n, void *user)
{
  SpeakContext *ctx = user;

  /* Made, if not yet pushed (inflectsrc holds it while PAUSED). */
  centre_go (ctx->common);
  if (!ctx->funcs->audio (ctx->user, samples, n))
    return 1;
  ctx->delivered += n;
  update_params (ctx);
  return 0;
}

/* The word as a user reads it: without the invisible word joiners (U+2060)
 * that the engine ignores, one of which gst_inflect_text_new puts after a
 * decoded "&lt;". */
static gchar *
spoken_word (const gchar * bytes, gsize size)
{
  static const gchar joiner[] = "\xe2\x81\xa0";
  GString *out = g_string_sized_new (size);
  gsize i = 0;

  while (i < size) {
    if (size - i >= 3 && memcmp (bytes + i, joiner, 3) == 0) {
      i += 3;
      continue;
    }
    g_string_append_c (out, bytes[i]);
    i++;
  }
  return g_string_free (out, FALSE);
}

static void
speak_event (const inflect_event * event, void *user)
{
  SpeakContext *ctx = user;
  const GstInflectText *text = ctx->text;
  GstInflectWord *word;
  gboolean wanted;
  gsize end;

  if (event->type != INFLECT_EVENT_WORD)
    return;
  /* Read per word: inflectsrc speaks its whole text in one call, and the
   * property may be switched on in the middle of it. */
  GST_OBJECT_LOCK (ctx->element);
  wanted = ctx->common->word_messages;
  GST_OBJECT_UNLOCK (ctx->element);
  if (!wanted)
    return;

  end = MIN (event->text_offset + event->text_length, text->length);
  if (event->text_offset >= end)
    return;

  word = g_new0 (GstInflectWord, 1);
  word->start = event->start_sample;
  word->length = event->n_samples;
  word->offset = text->origin[event->text_offset];
  word->size = text->origin_end[end - 1] - word->offset;
  word->word = spoken_word (text->text + event->text_offset,
      end - event->text_offset);
  ctx->funcs->word (ctx->user, word);
}

/* The length-scale curve read, not applied: measuring ahead, on a thread
 * other than the one that speaks, may not call gst_object_sync_values(),
 * which sets the element's properties under the synthesis thread that reads
 * them; nor is the length where a text starts a reason to move them there. */
typedef struct
{
  GstControlBinding *binding;   /* on length-scale, or NULL */
  gdouble length_scale;         /* the property, where no curve says */
  gdouble length_factor;
  GstClockTime start;
  gint rate;
} LengthCurve;

/* The length scale at stream time `t`. Where syncing would leave the
 * property as it is (a disabled binding, a curve with no value there), so
 * does this. */
static gdouble
curve_length_scale (LengthCurve * ctx, GstClockTime t)
{
  gdouble value = ctx->length_scale;
  GValue *v = NULL;

  if (ctx->binding != NULL && !gst_control_binding_is_disabled (ctx->binding))
    v = gst_control_binding_get_value (ctx->binding, t);
  if (v != NULL) {
    value = g_value_get_double (v);
    g_value_unset (v);
    g_free (v);
  }
  return engine_length_scale (value, ctx->length_factor);
}

/* The curve on `element`'s length-scale as it is now (a reference, which
 * gst_clear_object() drops), and the property where the curve says
 * nothing. */
static void
curve_init (LengthCurve * ctx, GstInflectCommon * common,
    GstElement * element, gdouble length_factor, GstClockTime start)
{
  GST_OBJECT_LOCK (element);
  ctx->length_scale = common->length_scale;
  GST_OBJECT_UNLOCK (element);
  ctx->binding = gst_object_get_control_binding (GST_OBJECT (element),
      "length-scale");
  ctx->length_factor = length_factor;
  ctx->start = start;
  ctx->rate = g_atomic_int_get (&common->rate);
}

/* The length scale at the text's start, `from` samples before the
 * position reached. */
static gfloat
text_length_scale (SpeakContext * ctx, guint64 from)
{
  GstClockTime position = ctx->funcs->position (ctx->user);
  LengthCurve curve;
  gdouble value;

  curve_init (&curve, ctx->common, ctx->element, ctx->length_factor, 0);
  if (GST_CLOCK_TIME_IS_VALID (position) && curve.rate > 0) {
    /* Rounded as the position is: exact where the text starts at 0, as
     * inflectsrc speaks it from a seek target. */
    value = curve_length_scale (&curve, position - MIN (position,
            gst_util_uint64_scale_round (from, GST_SECOND, curve.rate)));
  } else {
    value = engine_length_scale (curve.length_scale, ctx->length_factor);
  }
  gst_clear_object (&curve.binding);
  return value;
}

inflect_status
gst_inflect_common_speak (GstInflectCommon * common, GstElement * element,
    const GstInflectText * text, gdouble length_factor, guint64 from,
    const GstInflectSpeakFuncs * funcs, gpointer user)
{
  SpeakContext ctx = { common, element, text, length_factor, funcs, user };
  inflect_status status;
  gfloat length_scale;

  /* The engine counts tokens' samples from the start of the text. */
  ctx.delivered = from;
  inflect_params_init (&ctx.params);
  length_scale = text_length_scale (&ctx, from);
  update_params (&ctx);
  /* The engine sizes the utterances of the whole text by the length scale
   * of the call: the one where the text starts, as when it is spoken from
   * there and as gst_inflect_common_measure_ahead() counts it, not the one
   * at `from`, or a curve would split a long sentence elsewhere after a
   * seek and the audio would not be what it was. */
  ctx.params.length_scale = length_scale;

  GST_LOG_OBJECT (element, "speaking %" G_GSIZE_FORMAT " bytes",
      text->length);
  centre_speaking (common, ctx.params.pitch_range);
  inflect_synth_set_control (common->synth, speak_control, &ctx);
  status = inflect_synth_speak_from (common->synth, text->text, text->length,
      &ctx.params, from, speak_audio, speak_event, &ctx);
  inflect_synth_set_control (common->synth, NULL, NULL);
  /* No audio at all (an empty text, an error, a flush). */
  centre_go (common);
  GST_LOG_OBJECT (element, "speak returned %s", inflect_status_name (status));

  return status;
}

inflect_status
gst_inflect_common_measure (GstInflectCommon * common, GstElement * element,
    const GstInflectText * text, gdouble length_factor,
    const GstInflectSpeakFuncs * funcs, gpointer user, guint64 * n_samples)
{
  SpeakContext ctx = { common, element, text, length_factor, funcs, user };
  inflect_status status;
  uint64_t n = 0;

  inflect_params_init (&ctx.params);
  update_params (&ctx);
  inflect_synth_set_control (common->synth, speak_control, &ctx);
  status = inflect_synth_measure (common->synth, text->text, text->length,
      &ctx.params, &n);
  inflect_synth_set_control (common->synth, NULL, NULL);
  *n_samples = n;
  GST_LOG_OBJECT (element, "measured %" G_GSIZE_FORMAT " bytes: %"
      G_GUINT64_FORMAT " samples (%s)", text->length, *n_samples,
      inflect_status_name (status));
  return status;
}

inflect_synth *
gst_inflect_common_synth_new (GstInflectCommon * common, GstElement * element)
{
  inflect_synth *synth = NULL;
  inflect_status status;
  gchar err[512] = "";

  status = inflect_synth_new_with (common->voice->voice, NULL, &synth, err,
      sizeof err);
  if (status != INFLECT_OK)
    GST_WARNING_OBJECT (element, "no synth of the voice: %s: %s",
        inflect_status_name (status), err);
  return synth;
}

/* inflect_control_cb: the token's time, as speak_control() reckons it
 * before the text's first audio. */
static void
ahead_control (uint64_t sample, inflect_params * params, void *user)
{
  LengthCurve *ctx = user;

  params->length_scale = curve_length_scale (ctx, ctx->start +
      gst_util_uint64_scale (sample, GST_SECOND, ctx->rate));
}

inflect_status
gst_inflect_common_measure_ahead (GstInflectCommon * common,
    GstElement * element, inflect_synth * synth, const GstInflectText * text,
    gdouble length_factor, GstClockTime start, guint64 * n_samples)
{
  LengthCurve ctx = { NULL };
  inflect_params params;
  inflect_status status;
  gchar *speaker;
  uint64_t n = 0;

  *n_samples = 0;
  /* Pitch, range and energy stay 1: they do not change the length, and a
   * range other than 1 would make a v2 voice derive its centre here. */
  inflect_params_init (&params);
  GST_OBJECT_LOCK (element);
  params.max_seconds = common->max_duration;
  speaker = g_strdup (common->speaker);
  GST_OBJECT_UNLOCK (element);
  params.speaker = find_speaker (common->voice->voice, speaker);
  if (params.speaker < 0) {
    /* Synthesis keeps the speaker it had, which is its thread's to know. */
    GST_DEBUG_OBJECT (element, "no speaker \"%s\" to measure with", speaker);
    g_free (speaker);
    return INFLECT_ERR_INVALID_ARGUMENT;
  }
  g_free (speaker);

  curve_init (&ctx, common, element, length_factor, start);
  /* The engine sizes its utterances by the length scale of the call. */
  params.length_scale = curve_length_scale (&ctx, start);

  inflect_synth_set_control (synth, ahead_control, &ctx);
  status = inflect_synth_measure (synth, text->text, text->length, &params,
      &n);
  inflect_synth_set_control (synth, NULL, NULL);
  gst_clear_object (&ctx.binding);
  *n_samples = n;
  GST_LOG_OBJECT (element, "measured %" G_GSIZE_FORMAT " bytes ahead: %"
      G_GUINT64_FORMAT " samples (%s)", text->length, *n_samples,
      inflect_status_name (status));
  return status;
}

void
gst_inflect_common_warn_too_long (GstInflectCommon * common,
    GstElement * element)
{
  GST_ELEMENT_WARNING (element, STREAM, FAILED,
      ("The text was cut at max-duration."),
      ("%s", inflect_synth_error (common->synth)));
}

void
gst_inflect_pack (const GstAudioInfo * info, const gfloat * in, gsize n,
    gpointer out)
{
  gsize i;

  if (GST_AUDIO_INFO_FORMAT (info) == GST_AUDIO_FORMAT_S16) {
    gint16 *o = out;

    for (i = 0; i < n; i++) {
      gfloat v = in[i] * 32767.0f;

      o[i] = v >= 32767.0f ? 32767 : v <= -32768.0f ? -32768 :
          (gint16) lrintf (v);
    }
  } else {
    memcpy (out, in, n * sizeof (gfloat));
  }
}
