/* libinflect — small neural text-to-speech.
 *
 * Copyright (C) 2026 The Inflect authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Data flow: text -> sentences -> phonemes -> ids -> acoustic model -> mel
 * -> vocoder -> PCM. A voice is one GGUF file (docs/model-format.md), or the
 * two files (acoustic model, vocoder) of an upstream Inflect-Nano-v1
 * conversion (docs/upstream.md), or an upstream Nano-v2 or Micro-v2 file
 * (architecture inflect-v2, docs/v2.md: a VITS model, text -> ids ->
 * latent -> audio, with no mel in between).
 *
 * Thread safety: an inflect_voice is immutable once opened and may be shared
 * by any number of inflect_synth objects in any threads. One inflect_synth is
 * used by one thread at a time, except inflect_synth_cancel(), which may be
 * called from any thread while the synth exists (not during or after
 * inflect_synth_free()). A synth runs one call at a time: a speak, measure,
 * utterances or speak_ids call made from the running call's own callbacks
 * fails with INFLECT_ERR_INVALID_ARGUMENT and leaves the running call as it
 * was; a callback that needs speech of its own uses a second synth. (A call
 * from a second thread is refused the same way, but the two then share the
 * synth's error message: using one synth from two threads at once is a bug
 * in the program.) A synth keeps its voice: a voice closed while synths of
 * it remain is freed with the last of them, but no synth may be made from a
 * voice after it is closed. Functions never abort or exit the process;
 * errors come back as an inflect_status with a message.
 *
 * espeak-ng, which turns text into phonemes, keeps one state per process.
 * A program that also uses espeak-ng itself (to speak other languages, say)
 * initialises it before it opens its first voice: libinflect then uses
 * that state, selects its own espeak-ng voice for each text and selects the
 * program's again after it (when the program had selected one), and never
 * touches espeak-ng's output or synth callback. (espeak-ng initialised a
 * second time starts a second queue thread that espeak_Terminate() waits
 * for forever, so a program that initialises it only after libinflect has
 * hangs there.) The program does not call espeak-ng while a synth is
 * speaking in another thread, and calls espeak_Terminate() only when it
 * will speak no more with libinflect. Each switch of voice costs about a
 * millisecond, and espeak-ng 1.51 keeps a copy of each voice selected
 * (1.3 KB) until it next synthesizes: a program whose espeak-ng voice is
 * not libinflect's ("en-us") and that rarely speaks with it grows by a few
 * kilobytes per text in between.
 *
 * Speaking a text with the default voice, samples to standard output
 * (cc say.c -linflect):
 *
 *     #include <inflect.h>
 *     #include <stdio.h>
 *     #include <string.h>
 *
 *     static int play(const float *samples, size_t n, void *user)
 *     {
 *         (void)user;
 *         return fwrite(samples, sizeof *samples, n, stdout) != n; // non-zero stops
 *     }
 *
 *     int main(void)
 *     {
 *         char err[256];
 *         inflect_voice *voice;
 *         inflect_synth *synth;
 *         if (inflect_voice_open(inflect_default_voice(), &voice, err, sizeof err) != INFLECT_OK) {
 *             fprintf(stderr, "%s\n", err);
 *             return 1;
 *         }
 *         if (inflect_synth_new(voice, &synth) != INFLECT_OK)
 *             return 1;
 *         inflect_params params;
 *         inflect_params_init(&params);
 *         params.length_scale = 1.2f; // a little slower
 *         const char *text = "Hello from Inflect.";
 *         inflect_status st = inflect_synth_speak(synth, text, strlen(text), &params, play, NULL, NULL);
 *         if (st != INFLECT_OK)
 *             fprintf(stderr, "%s\n", inflect_synth_error(synth));
 *         inflect_synth_free(synth);
 *         inflect_voice_close(voice);
 *         return st != INFLECT_OK;
 *     }
 *
 * The samples are 32-bit floats at inflect_voice_sample_rate(voice) Hz, mono.
 */
#ifndef INFLECT_H
#define INFLECT_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Exported from the library; the build defines INFLECT_BUILDING, users do
 * not, and see plain declarations (or dllimport on Windows). */
#if defined(INFLECT_BUILDING) && defined(_WIN32)
#define INFLECT_API __declspec(dllexport)
#elif defined(INFLECT_BUILDING)
#define INFLECT_API __attribute__((visibility("default")))
#elif defined(_WIN32)
#define INFLECT_API __declspec(dllimport)
#else
#define INFLECT_API
#endif

typedef enum {
    INFLECT_OK = 0,
    INFLECT_ERR_INVALID_ARGUMENT,  /* NULL pointer, out-of-range parameter */
    INFLECT_ERR_IO,                /* file cannot be opened or mapped */
    INFLECT_ERR_FORMAT,            /* voice file malformed or inconsistent */
    INFLECT_ERR_UNSUPPORTED,       /* valid file this build cannot run, or a setting the voice cannot honour */
    INFLECT_ERR_NO_MEMORY,
    INFLECT_ERR_FRONTEND,          /* espeak-ng could not be initialised */
    INFLECT_ERR_CANCELLED,         /* inflect_synth_cancel() stopped the call */
    INFLECT_ERR_CALLBACK,          /* a callback (audio, utterance, phonemes) asked to stop */
    INFLECT_ERR_TOO_LONG           /* the speech would pass inflect_params.max_seconds */
} inflect_status;

typedef struct inflect_voice inflect_voice;
typedef struct inflect_synth inflect_synth;

/* Human-readable name of a status code (static string). */
INFLECT_API const char *inflect_status_name(inflect_status status);

/* Library version, e.g. "0.1.0" (static string). */
INFLECT_API const char *inflect_version(void);

/* Opens a voice: a file path, or a voice name (see "Voices by name" below).
 * Only a regular file is accepted: a FIFO, device or directory fails at once
 * (INFLECT_ERR_IO) rather than waiting for a writer.
 * On failure *out is NULL and, if err is non-NULL, a
 * one-line message is written to err (NUL-terminated, at most err_size).
 * Given an upstream acoustic file (architecture inflect-acoustic), it opens
 * the vocoder whose file name is the same with "acoustic" replaced by
 * "vocoder" (e.g. nano-acoustic-q8_0.gguf -> nano-vocoder-q8_0.gguf) and fails
 * with INFLECT_ERR_IO and a message when there is none; an upstream vocoder
 * file given as the voice, or a one-file voice given a vocoder
 * (inflect_voice_open_pair), is INFLECT_ERR_FORMAT, a file of the wrong
 * kind for the call. */
INFLECT_API inflect_status inflect_voice_open(const char *path, inflect_voice **out, char *err,
                                              size_t err_size);
/* Opens an upstream two-file model: the inflect-acoustic and inflect-vocoder
 * GGUF files, F16 or quantized; each a path or a voice name, as for
 * inflect_voice_open(). */
INFLECT_API inflect_status inflect_voice_open_pair(const char *acoustic_path, const char *vocoder_path,
                                                   inflect_voice **out, char *err, size_t err_size);

/* Flags of inflect_voice_open_with(). */
enum {
    /* Keep the smallest resident memory rather than the shortest run time
     * (docs/benchmarks.md has the figures): the layer weights stay in the
     * voice file, which the voice keeps mapped until it is closed, and are
     * read from it at each use, so they count in the page cache (shared,
     * and dropped under memory pressure) rather than in this process; a
     * synth of the voice makes audio in smaller chunks. The same audio
     * either way. The file must not change while the voice is open
     * (replacing it by rename, as package managers do, is safe). */
    INFLECT_VOICE_LOW_MEMORY = 1u << 0
};

/* inflect_voice_open() (vocoder_path NULL) or inflect_voice_open_pair()
 * (path the upstream acoustic file) with flags: 0 or INFLECT_VOICE_*. */
INFLECT_API inflect_status inflect_voice_open_with(const char *path, const char *vocoder_path, unsigned flags,
                                                   inflect_voice **out, char *err, size_t err_size);
/* Gives up the caller's voice. Synths made from it keep it open until they
 * are freed; the caller must not use `voice` again. NULL is ignored. */
INFLECT_API void inflect_voice_close(inflect_voice *voice);

INFLECT_API int inflect_voice_sample_rate(const inflect_voice *voice);
INFLECT_API const char *inflect_voice_name(const inflect_voice *voice);
INFLECT_API int inflect_voice_speaker_count(const inflect_voice *voice);
/* Name of speaker i, or NULL when out of range. */
INFLECT_API const char *inflect_voice_speaker_name(const inflect_voice *voice, int i);
/* Index of the speaker called `name`, or of the decimal index `name` (digits
 * only); -1 if none. */
INFLECT_API int inflect_voice_find_speaker(const inflect_voice *voice, const char *name);

/* Voices by name. A voice name ("kathleen") is anything with no '/' that
 * does not start with '.' or end in ".gguf" (a hidden file is no voice of
 * the list); it stands for the file NAME.gguf in the first
 * directory of the voice search path that has one (a regular file, or a link
 * to one; a directory or FIFO of that name is passed over):
 *   1. each directory of $INFLECT_VOICE_PATH (separated by ':'),
 *   2. the user's voices: $XDG_DATA_HOME/inflect/voices
 *      (~/.local/share/inflect/voices when XDG_DATA_HOME is unset or, as
 *      the XDG base directory spec says, not an absolute path),
 *   3. the voices of this installation (<datadir>/inflect/voices, e.g.
 *      /usr/share/inflect/voices),
 *   4. inflect/voices in each directory of $XDG_DATA_DIRS
 *      (/usr/local/share:/usr/share when unset).
 * The environment is read on each call. A path ("./rms", "rms.gguf",
 * "/x/y.gguf") is always a file. */

/* The file a voice name stands for, or `name` itself when it is a path.
 * When no directory has it: INFLECT_ERR_IO, and err names every directory
 * searched. An empty name, or a path that does not fit in path_size
 * bytes: INFLECT_ERR_INVALID_ARGUMENT. */
INFLECT_API inflect_status inflect_voice_find(const char *name, char *path, size_t path_size, char *err,
                                              size_t err_size);

/* The voice a program speaks with when its user named none: the name or
 * file in $INFLECT_VOICE when it is set and not empty, else the default
 * voice of this build ("rms"). A static string or the environment's, read
 * on each call; for inflect_voice_open(). inflect-say, the GStreamer
 * elements and the Speech Dispatcher module all start from it. */
INFLECT_API const char *inflect_default_voice(void);

/* The search path, directories separated by ':'. Like snprintf: writes at
 * most size bytes and returns the whole length. */
INFLECT_API size_t inflect_voice_search_path(char *buf, size_t size);

/* What a voice file says about itself. Strings are empty when the file does
 * not say; they are valid during the callback only. */
typedef struct {
    const char *name;     /* what inflect_voice_open() takes: the file name without ".gguf" */
    const char *path;
    const char *language; /* the espeak-ng voice of its frontend, e.g. "en-us" */
    const char *gender;   /* inflect.voice.gender, e.g. "female" */
    const char *license;  /* general.license, e.g. "CC0-1.0" */
} inflect_voice_info;

typedef int (*inflect_voice_info_cb)(const inflect_voice_info *info, void *user);

/* Calls cb for each voice on the search path, directory by directory and by
 * name within one; a name found in an earlier directory hides later files
 * of that name (they are not what the name opens), and files that are not
 * voices are left out, hiding later files of their name all the same.
 * cb returns non-zero to stop. */
INFLECT_API inflect_status inflect_voice_list(inflect_voice_info_cb cb, void *user);

/* The ranges of the scales in inflect_params, both ends included. Plain
 * numbers, so that front ends can also quote them in their help texts. */
#define INFLECT_LENGTH_SCALE_MIN 0.1
#define INFLECT_LENGTH_SCALE_MAX 10
#define INFLECT_PITCH_SCALE_MIN 0.25
#define INFLECT_PITCH_SCALE_MAX 4
#define INFLECT_PITCH_RANGE_MIN 0
#define INFLECT_PITCH_RANGE_MAX 4
#define INFLECT_ENERGY_SCALE_MIN 0
#define INFLECT_ENERGY_SCALE_MAX 4
#define INFLECT_VARIATION_MIN 0
#define INFLECT_VARIATION_MAX 1

/* Synthesis parameters. Ranges are checked; out of range (or NaN) is an
 * error. Each means the same for every voice, as a listener hears it
 * (docs/controls.md has the measurements):
 *
 * length_scale  duration factor: 2 takes twice as long, 0.5 half as long.
 *               Exact to half a frame (10.7 ms) an utterance over 0.25..4;
 *               below about 0.3 the shortest sounds cannot shrink further.
 * pitch_scale   F0 factor: 1.3 raises the voice by 1.3x (about 4.5
 *               semitones), the intonation's shape and the formants kept.
 * pitch_range   intonation factor: the distance of the pitch from the
 *               speaker's own mean is multiplied (on a log-F0 scale);
 *               0 is monotone, 1 natural, 2 lively.
 *               Both act on the output audio (pitch-synchronous
 *               overlap-add), not on the network's pitch input, so they
 *               reach as far on every voice; an utterance that asks for
 *               either comes out about 120 ms later than one that does not.
 * energy_scale  loudness factor on the output amplitude: 2 is +6 dB, 0.5 is
 *               -6 dB, 0 silence; peaks above 0.8 of full scale are rounded
 *               by a soft limiter rather than clipped.
 *
 * variation     Inflect v2 voices only (docs/v2.md): the scale of the
 *               noise in the latent, VITS's noise_scale; 0 (the default)
 *               is deterministic, upstream speaks at 0.667. Not 0 on a v1
 *               voice, which has no noise, is refused (UNSUPPORTED).
 * seed          the noise's seed with variation: the same seed, text and
 *               params give the same audio. Utterance i of a call uses
 *               seed + i, as upstream does per sentence. It seeds the
 *               community runtime's generator, whose seed 0 gives one
 *               constant instead of noise; the default is 1.
 *
 * A v2 voice has no pitch predictor: pitch_scale and pitch_range work on
 * it as on any voice (they act on the output audio). pitch_range's centre
 * is the file's measured median F0 (inflect.prosody.f0_median,
 * docs/model-format.md), else the engine measures it the same way the
 * first time a call asks a speaker for a range other than 1 (a synthesis
 * of a paragraph, a few seconds, once per opened voice and speaker;
 * docs/controls.md), or ahead of time (inflect_voice_pitch_centre_pending);
 * a range first asked mid-text by the control callback
 * is measured before the events of the utterance that asks. A voice
 * with nothing voiced to measure fails that call (INFLECT_ERR_UNSUPPORTED).
 * energy_scale, a gain on the output, works on every voice.
 *
 * The speaker's mean pitch (pitch_range's centre) is the median F0
 * measured on the voice's own output where the file records it (the
 * shipped voices), else the file's mean pitch feature, else (upstream
 * conversions) the voice's own pitch predictor over a fixed paragraph, at
 * the first synthesis call (docs/controls.md).
 * Always start from inflect_params_init(): a later version may add fields
 * (the caller allocates the struct, so that version changes the library's
 * soname, libinflect.so.1, and a program built against this header never
 * meets the larger struct). */
typedef struct {
    int speaker;          /* 0 .. speaker_count-1 */
    float length_scale;   /* INFLECT_LENGTH_SCALE_MIN .. _MAX; >1 is slower */
    float pitch_scale;    /* INFLECT_PITCH_SCALE_MIN .. _MAX */
    float pitch_range;    /* INFLECT_PITCH_RANGE_MIN .. _MAX */
    float energy_scale;   /* INFLECT_ENERGY_SCALE_MIN .. _MAX */
    /* 0: no limit (the default). Otherwise 0 .. 86400: the most speech one
     * call may make. Before an utterance (sentence or clause) that would
     * end later, the call stops with INFLECT_ERR_TOO_LONG, having delivered
     * only whole utterances, except that a first utterance longer than the
     * limit is spoken as far as its words fit (cut only between two words
     * of the text, never inside a word or a number's reading); the
     * message says where in the text it stopped.
     * Text expands (a digit string is read digit by digit: 10 KB of digits
     * is about 50 minutes), so a service speaking text it does not control
     * should set this; the cost stays proportional to what is spoken, plus
     * one utterance's acoustic pass. */
    float max_seconds;
    float variation;      /* INFLECT_VARIATION_MIN .. _MAX; v2 voices only */
    uint64_t seed;
} inflect_params;

INFLECT_API void inflect_params_init(inflect_params *params);

/* SENTENCE: one per utterance the acoustic model runs, i.e. per sentence,
 * or per piece of a sentence too long for the model (cut at a clause or
 * word break). WORD: one per word of the input text; a word written as
 * several spoken words ("$3.50", "1999") is one event, and a word that had to
 * be cut between two utterances gives one event per piece. PHONEME: one per
 * phoneme, with the word's text span. */
typedef enum {
    INFLECT_EVENT_WORD = 1,
    INFLECT_EVENT_PHONEME = 2,
    INFLECT_EVENT_SENTENCE = 3
} inflect_event_type;

typedef struct {
    inflect_event_type type;
    uint64_t start_sample;   /* from the start of this synthesis call */
    uint64_t n_samples;
    size_t text_offset;      /* byte offset in the input text */
    size_t text_length;      /* bytes */
    const char *symbol;      /* phoneme symbol (PHONEME events), else NULL */
} inflect_event;

/* Audio arrives as float samples in -1..1 at the voice's sample rate, in
 * order, as soon as each chunk is ready. Return non-zero to stop synthesis. */
typedef int (*inflect_audio_cb)(const float *samples, size_t n_samples, void *user);
/* Events arrive before the audio they describe. May be NULL. */
typedef void (*inflect_event_cb)(const inflect_event *event, void *user);

INFLECT_API inflect_status inflect_synth_new(const inflect_voice *voice, inflect_synth **out);
INFLECT_API void inflect_synth_free(inflect_synth *synth);

/* The most threads one synth may use. */
#define INFLECT_THREADS_MAX 64

/* How a synth is made (inflect_synth_new_with). Always start from
 * inflect_synth_options_init(): a later version may add fields, with a new
 * soname (as inflect_params).
 *
 * threads  1 .. INFLECT_THREADS_MAX, default 1: threads that share the work
 *          of each utterance (each layer's output channels or time steps
 *          are split between them), for earlier first audio and shorter
 *          wall time of one text on an otherwise idle machine: 2 threads on
 *          2 idle cores bring the first audio 1.7 times and the end 1.8
 *          times sooner with the shipped voices (docs/benchmarks.md,
 *          "Threads and streams"). The synth starts threads - 1 threads of
 *          its own, which spin briefly between the parts of a chunk and
 *          sleep otherwise; they never call the callbacks (those run on the
 *          thread that called speak). The audio is the same, sample for
 *          sample, whatever the count. Threads beyond the idle cores gain
 *          nothing; to speak many texts at once, use one synth per text
 *          instead (they share the voice). */
typedef struct {
    int threads;
} inflect_synth_options;

INFLECT_API void inflect_synth_options_init(inflect_synth_options *options);

/* inflect_synth_new() with options (NULL: the defaults). Out-of-range
 * options fail with INFLECT_ERR_INVALID_ARGUMENT; on failure *out is NULL
 * and, if err is non-NULL, a one-line message is written to err. */
INFLECT_API inflect_status inflect_synth_new_with(const inflect_voice *voice, const inflect_synth_options *options,
                                                  inflect_synth **out, char *err, size_t err_size);

/* Speaks UTF-8 `text` (length bytes; invalid sequences are replaced, not
 * fatal). Blocks until all audio has been delivered, the callback returns
 * non-zero, or another thread calls inflect_synth_cancel(). */
/* `params` is read again before each utterance (sentence or clause), so the
 * caller may change it from the audio callback to steer the rest of the text. */
INFLECT_API inflect_status inflect_synth_speak(inflect_synth *synth, const char *text, size_t length,
                                               const inflect_params *params, inflect_audio_cb audio,
                                               inflect_event_cb events, void *user);

/* inflect_synth_speak() from sample `from` on: the same samples, to the
 * bit, that it would deliver from there (0: all of them), for seeking in a
 * long text. Utterances that end at or before `from` are only timed, as
 * inflect_synth_measure() times them, never vocoded, so starting deep in a
 * text costs little more than measuring up to there; the utterance that
 * reaches past `from` is made whole and its head dropped. Event sample
 * positions count from the start of the text, as inflect_synth_speak()
 * counts them; events that end at or before `from` are not sent, so the
 * first ones sent (the sentence's, a word's) may start before it. The
 * control callback sees every token, skipped ones included, at the same
 * samples; `params` is read before each utterance as for
 * inflect_synth_speak(), but no audio callback runs for the skipped ones.
 * A `from` past the end delivers nothing and returns INFLECT_OK. */
INFLECT_API inflect_status inflect_synth_speak_from(inflect_synth *synth, const char *text, size_t length,
                                                    const inflect_params *params, uint64_t from,
                                                    inflect_audio_cb audio, inflect_event_cb events, void *user);

/* How many samples inflect_synth_speak() would deliver for the same text
 * and params, exactly, without making them: only the frontend and the
 * acoustic model's duration predictor run, a small part of the cost. For
 * fitting speech into a time slot (subtitles, live captions) before
 * speaking it. Like inflect_synth_speak(), it derives the pitch-range centre
 * of a v2 voice that stores none the first time a range other than 1 is
 * asked, in params or by the control callback (once per opened voice and
 * speaker, about a second: docs/controls.md),
 * so a setting the voice cannot honour fails here, before any audio.
 * *n_samples is 0 when it fails. */
INFLECT_API inflect_status inflect_synth_measure(inflect_synth *synth, const char *text, size_t length,
                                                 const inflect_params *params, uint64_t *n_samples);

/* 1 when a call asking `speaker` of `voice` for a pitch range other than 1
 * would first derive the pitch-range centre (an Inflect v2 voice whose file
 * stores none, not derived yet or being derived now by another synth:
 * inflect_params); 0 otherwise, also for a bad speaker.
 *
 * Deriving it is a synthesis of a paragraph, about one to several seconds
 * (docs/controls.md), and a call that needs it waits for it before any
 * audio: a gap in a live stream whose range is first changed while it
 * plays. A program that may be asked for a range later can derive it
 * ahead, when this says 1, on a thread of its own, with a synth of its own
 * and a low priority: inflect_synth_measure() of no text at pitch_range 0
 * for that speaker. The centre is kept in the voice, so every synth of the
 * voice then finds it ready, and one that asks while it is being derived
 * waits only for the rest. inflect_synth_cancel() on that synth stops it,
 * keeping nothing, but not within a vocoder chunk: the derivation reads
 * the paragraph with a synth of its own, which sees the cancel only when
 * it next delivers audio, so the call returns after the next piece of
 * audio of the sentence being made; cancelled just as a sentence begins,
 * that is its phonemization, text encoder, durations and flow, and its
 * first vocoder chunk. A cancel after the paragraph's last audio comes too
 * late: the analysis that follows (about 0.1 s) completes and the centre
 * is kept. Bear in mind too that a cancel before the call has begun is
 * lost. The GStreamer elements do this from READY->PAUSED
 * (docs/gstreamer.md). */
INFLECT_API int inflect_voice_pitch_centre_pending(const inflect_voice *voice, int speaker);

/* Control curves within an utterance. Called for every token (phoneme or
 * the blank between two) of every utterance, in order, with `sample`, where
 * the token's audio will start, counted like inflect_event.start_sample from
 * the start of the call; `params` holds the call's params and the callback
 * may change its length_scale, pitch_scale, pitch_range and energy_scale for
 * that token (speaker changes are ignored here). Durations are decided token
 * by token, so a length_scale curve moves the samples of the tokens after
 * it. Values are checked like params: out of range fails the call. It runs
 * before the utterance's audio is made, also for inflect_synth_measure()
 * (which stays exact when the callback is a function of `sample`), and may
 * be asked again for the same tokens when an utterance turns out too long
 * and is split. */
typedef void (*inflect_control_cb)(uint64_t sample, inflect_params *params, void *user);

/* Sets (or with NULL removes) the control callback of later speak and
 * measure calls on this synth. */
INFLECT_API void inflect_synth_set_control(inflect_synth *synth, inflect_control_cb control, void *user);

/* Asks the running speak, speak_from, measure, utterances or speak_ids call on
 * `synth` to return INFLECT_ERR_CANCELLED as soon as possible. Safe from any
 * thread, and from a signal handler (it is one lock-free atomic store). The
 * call notices before the next vocoder chunk (at most 64 mel frames, 0.68 s
 * of audio at 24 kHz and hop 256; 96 with threads, 1 s) or the next layer
 * of the acoustic model,
 * whichever is running, so the work after a cancel is at most about one
 * vocoder chunk; no audio callback starts after it. bench/bench_cancel
 * measures it for a voice (figures in docs/benchmarks.md). Every
 * inflect_synth_speak() call starts uncancelled, so a cancel that arrives
 * before the call has begun is lost: a caller stopping a worker thread
 * should also tell it not to start its next call. */
INFLECT_API void inflect_synth_cancel(inflect_synth *synth);

/* Message of the last failing call on this synth (empty if none). */
INFLECT_API const char *inflect_synth_error(const inflect_synth *synth);

/* One utterance as the acoustic model sees it: blank-interleaved id streams
 * (docs/model.md section 1) and the symbol of each phone id. */
typedef struct {
    size_t n;                   /* tokens, blanks and pads included */
    const int32_t *phone_ids;
    const int32_t *tone_ids;
    const int32_t *lang_ids;
    const char *const *symbols; /* symbols[i] names phone_ids[i] */
    size_t text_offset;         /* byte range of the input this utterance covers */
    size_t text_length;
} inflect_utterance;

typedef int (*inflect_utterance_cb)(const inflect_utterance *utt, void *user);

/* Runs only the frontend: text -> utterances of ids, exactly what synthesis
 * feeds the acoustic model. With voice == NULL the ids index the engine's own
 * symbol inventory (inflect_symbol_count/inflect_symbol_name) with the given
 * espeak-ng voice (NULL: "en-us"); training uses this to build a new voice. */
INFLECT_API inflect_status inflect_phonemize(const inflect_voice *voice, const char *espeak_voice,
                                             const char *text, size_t length,
                                             inflect_utterance_cb cb, void *user, char *err,
                                             size_t err_size);

/* The utterances inflect_synth_speak() would hand the acoustic model for the
 * same text and params, exactly: the token budget of the voice's max frames
 * and the splitting of an utterance the duration predictor finds too long
 * included (only the frontend and the duration predictor run). For checking
 * what a voice is given, and for inflect_synth_speak_ids(). */
INFLECT_API inflect_status inflect_synth_utterances(inflect_synth *synth, const char *text, size_t length,
                                                    const inflect_params *params, inflect_utterance_cb cb,
                                                    void *user);

/* Speaks one utterance given as ids: n blank-interleaved phone, tone and lang
 * ids of this voice, as inflect_utterance holds them (from
 * inflect_synth_utterances(), or another G2P). Ids out of the voice's range
 * are an error, and so are more than 2^20 of them on a v1 voice (its acoustic
 * model's limit; a v2 voice takes up to 2^31 - 1, memory allowing). The ids
 * run as given, without splitting: an utterance longer
 * than the voice's max frames is cut there, as the reference model cuts it.
 * No events (there is no text). Blocks like inflect_synth_speak(). */
INFLECT_API inflect_status inflect_synth_speak_ids(inflect_synth *synth, const int32_t *phone,
                                                   const int32_t *tone, const int32_t *lang, size_t n,
                                                   const inflect_params *params, inflect_audio_cb audio,
                                                   void *user);

/* The engine's symbol inventory: id 0 is the blank "_". */
INFLECT_API int inflect_symbol_count(void);
INFLECT_API const char *inflect_symbol_name(int id);

#ifdef __cplusplus
}
#endif

#endif /* INFLECT_H */
