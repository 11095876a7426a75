/* Pitch changes on the output audio (pitch_shift.h).
 *
 * Copyright (C) 2026 The Inflect authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "pitch_shift.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "grow.h"

/* YIN's dip threshold, and its window (ps->window, 20 ms: a whole period of
 * the lowest F0 tracked): the settings of training/prosody.py, which made
 * the pitch targets the voices learned and which the tests measure F0 with. */
#define YIN_THRESHOLD 0.25
/* How much shallower than the deepest dip a dip at a half or a third of its
 * lag may be and still be taken for the period. */
#define SUBHARMONIC_MARGIN 0.2
/* A voiced run goes on while the dip stays under this: one rough cycle
 * inside a vowel must not drop it to a copy at the old pitch, which breaks
 * the cycle sequence twice. */
#define YIN_THRESHOLD_ON 0.45
/* Quieter than this (RMS, -60 dBFS, at the voice's released level) is
 * silence, whatever repeats in it: the match is blind to level, and a
 * vocoder's faint hum between words would otherwise be taken for a voice and
 * moved. */
#define VOICED_FLOOR 0.001f
/* How far the aligned period may stray from YIN's. */
#define DRIFT 1.25f
/* A moved voice's output cycles follow the mean of this many voiced marks
 * on each side of the one copied: a mark placed a few samples early or late
 * (a rough cycle matches its neighbour at several lags) must not move the
 * output pulses with it. */
#define SMOOTH_MARKS 4
/* From this ratio on (or its inverse) the output cycles are laid at the
 * run's mean period; nearer 1, proportionally nearer where the input had
 * them (grid_pos). */
#define EVEN_FULL_RATIO 1.25
/* A ratio is held within these: a scale at its limit (inflect.h) times a
 * range's excursion could ask for more, and output periods of a few
 * samples. */
#define RATIO_MIN 0.25f
#define RATIO_MAX 4.0f
/* pitch_range reads F0 no further than this factor from the centre. */
#define MAX_EXCURSION 1.5
/* pitch_range widens no fall below this (a caller's pitch scale still
 * takes the voice lower): rms, whose sentences end near 75 Hz since the
 * lowering below, read at range 2 a span only 1.54 times its natural one
 * without it, its falls gone to 40-55 Hz and read as creak (YIN, the
 * tracker its training and tests use: training/prosody.py); stopped at 55
 * Hz they still read as 40; at 60 Hz every frame read 59.7 Hz or more and
 * the span 1.96 times the natural one (2026-12-07, tests/test_controls.py). */
#define RANGE_FLOOR_HZ 60.0
/* An F0 up to FULL_LOWERING semitones above its frame's low target is
 * brought down to it, one from FADED_LOWERING on is left alone, and one
 * between is brought down by a share falling linearly with the distance.
 * The vocoder's low falls came out 1.9 semitones high (median; copy
 * synthesis of rms's held-out takes under 81 Hz, 2026-12-07); further off,
 * the decoder had moved the pitch within the token, not the vocoder failed
 * to follow it. An all-or-nothing step at 5 semitones made the periods jump
 * where the F0 crossed it: rms's 40 held-out prompts lost periodicity
 * (0.0702 -> 0.0726, with LOW_F0_HZ at 90) where the fade keeps it
 * (0.0703). */
#define FULL_LOWERING 2.0
#define FADED_LOWERING 5.0
#define PI_F 3.14159265358979f

int pitch_shift_init(pitch_shift *ps, int rate, int hop)
{
    memset(ps, 0, sizeof *ps);
    ps->rate = rate;
    ps->hop = hop;
    ps->min_lag = rate / 500;
    ps->max_lag = rate / 55;
    ps->unvoiced_step = rate / 200;
    ps->window = rate / 50;
    ps->max_period = (int)(ps->max_lag * DRIFT) + 1;
    ps->cmnd = malloc((size_t)(ps->max_lag + 1) * sizeof *ps->cmnd);
    return ps->cmnd ? 0 : -1;
}

void pitch_shift_free(pitch_shift *ps)
{
    free(ps->x);
    free(ps->marks);
    free(ps->acc);
    free(ps->cmnd);
    memset(ps, 0, sizeof *ps);
}

void pitch_shift_start(pitch_shift *ps, float centre_hz, const float *scale, const float *range, float level,
                       const float *low_f0, size_t n_frames, int64_t total)
{
    ps->centre = centre_hz;
    ps->scale = scale;
    ps->range = range;
    ps->level = level;
    ps->low_f0 = low_f0;
    ps->n_frames = n_frames;
    ps->total = total;
    ps->nx = 0;
    ps->x0 = 0;
    ps->n_marks = 0;
    ps->next_pos = 0;
    ps->hint = 0;
    ps->analysed = 0;
    ps->ts = ps->last_ts = 0.0;
    ps->k = 0;
    ps->a0 = 0;
    if (ps->acc)
        memset(ps->acc, 0, ps->acc_cap * sizeof *ps->acc);
}

/* Input sample i: zero outside the utterance. */
static float in_at(const pitch_shift *ps, int64_t i)
{
    return i < ps->x0 || i >= ps->x0 + (int64_t)ps->nx ? 0.0f : ps->x[i - ps->x0];
}

/* The sum of squares under which `len` samples are silence: VOICED_FLOOR
 * at the input's level. */
static double silence_floor(const pitch_shift *ps, int len)
{
    const double floor = (double)VOICED_FLOOR * ps->level;
    return floor * floor * len;
}

/* How well the `len` samples centred on m match the `len` centred `lag`
 * later: their correlation, so a constant offset is not taken for a
 * period; 0 in silence. */
static float match(const pitch_shift *ps, int64_t m, int lag, int len)
{
    double sa = 0.0, sb = 0.0, ab = 0.0, aa = 0.0, bb = 0.0;
    for (int i = -len / 2; i < len - len / 2; i++) {
        double a = in_at(ps, m + i), b = in_at(ps, m + lag + i);
        sa += a;
        sb += b;
        ab += a * b;
        aa += a * a;
        bb += b * b;
    }
    ab -= sa * sb / len;
    aa -= sa * sa / len;
    bb -= sb * sb / len;
    const double floor = silence_floor(ps, len);
    return aa > floor && bb > floor ? (float)(ab / sqrt(aa * bb)) : 0.0f;
}

/* sum over i < n of (a[i] - b[i])^2, in double. Four running sums, so
 * consecutive additions do not wait on each other: this loop is most of
 * the stage's time (YIN reads every lag up to the period), and one chain
 * of dependent additions ran it at a quarter of the speed. */
static double squared_difference(const float *a, const float *b, int n)
{
    double s[4] = {0.0, 0.0, 0.0, 0.0};
    int i = 0;
    for (; i + 4 <= n; i += 4)
        for (int j = 0; j < 4; j++) {
            const double e = (double)a[i + j] - b[i + j];
            s[j] += e * e;
        }
    for (; i < n; i++) {
        const double e = (double)a[i] - b[i];
        s[0] += e * e;
    }
    return (s[0] + s[1]) + (s[2] + s[3]);
}

/* YIN's period at m (de Cheveigne and Kawahara 2002): the difference
 * between the window from m and the window `lag` later, normalised by its
 * mean over the shorter lags; the first dip under the threshold, followed
 * down to its minimum. Insensitive to a constant offset; 0 where nothing
 * dips (unvoiced) or the window is silent. Reads window + max_lag
 * samples from m, of which `room` are there. */
static int yin_period(const pitch_shift *ps, int64_t m, int room, double threshold)
{
    const float *a = ps->x + (m - ps->x0);
    int hi = ps->max_lag;
    if (hi > room - ps->window)
        hi = room - ps->window;
    /* Near the end of an utterance fewer than a window's samples may be
     * left: nothing to read a period from, and reading the window would
     * run past the input (it once did, into whatever the heap held). */
    if (hi < ps->min_lag)
        return 0;
    double energy = 0.0;
    for (int i = 0; i < ps->window; i++)
        energy += (double)a[i] * a[i];
    if (energy < silence_floor(ps, ps->window))
        return 0;
    float *cmnd = ps->cmnd;
    double running = 0.0, best = 2.0;
    int lag_best = 0;
    for (int lag = 1; lag <= hi; lag++) {
        const double d = squared_difference(a, a + lag, ps->window);
        running += d;
        cmnd[lag] = running > 0.0 ? (float)(d * lag / running) : 1.0f;
        if (lag < ps->min_lag)
            continue;
        if (cmnd[lag] < best) {
            best = cmnd[lag];
            lag_best = lag;
        } else if (best < threshold) {
            break; /* past the first dip's minimum */
        }
    }
    if (best >= threshold)
        return 0;
    /* A rough or creaky voice can repeat better over two cycles than over
     * one, and a voice with a strong second harmonic nearly as well over
     * half a cycle. Of the deepest dip and the dips at a half and a third
     * of its lag, nearly as deep, the period is the one nearest the
     * speaker's centre: a voice stays within about an octave of it. */
    const double centre_lag = ps->rate / ps->centre;
    int chosen = lag_best;
    for (int k = 2; k <= 3; k++) {
        int around = lag_best / k, spread = around / 8 + 1, sub = 0;
        for (int lag = around - spread; lag <= around + spread; lag++)
            if (lag >= ps->min_lag && (!sub || cmnd[lag] < cmnd[sub]))
                sub = lag;
        if (sub && cmnd[sub] < best + SUBHARMONIC_MARGIN &&
            fabs(log(sub / centre_lag)) < fabs(log(chosen / centre_lag)))
            chosen = sub;
    }
    return chosen;
}

/* The lag near `period` at which the period-long stretch centred on the
 * next mark best matches the one centred on m, so consecutive marks sit on
 * the same point of the cycle. One fixed template, the cycle around the
 * mark: comparing the cycles after m over a length that moved with the lag
 * let a rough voice's marks wander by several samples a cycle, which a
 * lowered voice then heard as jitter. */
static int align_period(const pitch_shift *ps, int64_t m, int period, int room)
{
    int lo = (int)(period / DRIFT), hi = (int)(period * DRIFT) + 1;
    /* A low voice's run can follow its period below YIN's floor, but no
     * further than max_period: each step would otherwise let the next lag
     * drift longer still, and a window wider than what emit() holds back
     * would lose its first samples. */
    if (hi > ps->max_period)
        hi = ps->max_period;
    if (hi > room - (period - period / 2))
        hi = room - (period - period / 2);
    int lag_best = period;
    float best = -2.0f;
    for (int lag = lo; lag <= hi; lag++) {
        float c = match(ps, m, lag, period);
        if (c > best) {
            best = c;
            lag_best = lag;
        }
    }
    return lag_best;
}

static int add_mark(pitch_shift *ps, int64_t pos, int period)
{
    if (!grow_array((void **)&ps->marks, &ps->marks_cap, ps->n_marks + 1, sizeof *ps->marks))
        return -1;
    ps->marks[ps->n_marks++] = (pitch_mark){pos, period};
    return 0;
}

/* Places every analysis mark the input pushed so far decides. */
static int analyse(pitch_shift *ps)
{
    const int64_t have = ps->x0 + (int64_t)ps->nx;
    while (!ps->analysed) {
        int64_t m = ps->next_pos;
        if (m >= ps->total) {
            /* A last mark past the end gives the final windows a neighbour. */
            ps->analysed = 1;
            if (add_mark(ps, m, 0))
                return -1;
            break;
        }
        const int64_t want = ps->window + 2 * (int64_t)ps->max_lag;
        int64_t room = ps->total - m < want ? ps->total - m : want;
        if (m + room > have)
            return 0; /* wait for more input */
        int period = yin_period(ps, m, (int)room, ps->hint ? YIN_THRESHOLD_ON : YIN_THRESHOLD);
        if (period && ps->hint) {
            /* Within a voiced run the period moves smoothly: a jump of
             * more than the drift is YIN reading an octave off a rough
             * cycle, and the run keeps its period, unless the jump is an
             * octave toward the speaker's centre: then the run had started
             * an octave off (a creaky onset) and is put right. */
            const double centre_lag = ps->rate / ps->centre;
            int octave = (period * 2 <= ps->hint * DRIFT && period * 2 * DRIFT >= ps->hint) ||
                         (period <= ps->hint * 2 * DRIFT && period * DRIFT >= ps->hint * 2);
            int nearer = fabs(log(period / centre_lag)) < fabs(log(ps->hint / centre_lag));
            if ((period > ps->hint * DRIFT || period * DRIFT < ps->hint) && !(octave && nearer))
                period = ps->hint;
            period = align_period(ps, m, period, (int)room);
        }
        if (period && !ps->hint) {
            /* A voiced run starts at a pulse within its first period, so its
             * marks sit where each cycle carries its energy. */
            int64_t pulse = m + 1;
            for (int64_t i = m + 1; i <= m + period; i++)
                if (fabsf(in_at(ps, i)) > fabsf(in_at(ps, pulse)))
                    pulse = i;
            if (add_mark(ps, m, 0))
                return -1;
            ps->next_pos = pulse;
            ps->hint = period;
            continue;
        }
        if (add_mark(ps, m, period))
            return -1;
        ps->hint = period;
        ps->next_pos = m + (period ? period : ps->unvoiced_step);
    }
    return 0;
}

/* The period at voiced analysis mark k: the mean over it and the voiced
 * marks of its run up to SMOOTH_MARKS each side. */
static double smooth_period(const pitch_shift *ps, size_t k)
{
    double sum = ps->marks[k].period;
    int n = 1;
    for (size_t d = 1; d <= SMOOTH_MARKS && d <= k && ps->marks[k - d].period; d++, n++)
        sum += ps->marks[k - d].period;
    for (size_t d = 1; d <= SMOOTH_MARKS && k + d < ps->n_marks && ps->marks[k + d].period; d++, n++)
        sum += ps->marks[k + d].period;
    return sum / n;
}

/* The factor that brings F0 f0 down to frame f's low target: 1 where there
 * is none, f0 is not above it or is too far above it. */
static double lowering(const pitch_shift *ps, size_t f, double f0)
{
    const double low = ps->low_f0[f];
    if (low <= 0.0 || f0 <= low)
        return 1.0;
    const double above = 12.0 * log2(f0 / low); /* semitones */
    const double share = above <= FULL_LOWERING    ? 1.0
                         : above >= FADED_LOWERING ? 0.0
                                                   : (FADED_LOWERING - above) / (FADED_LOWERING - FULL_LOWERING);
    return pow(low / f0, share);
}

/* The ratio at output position ts for a voiced analysis mark of smoothed
 * period `period`: its frame's lowering to a low target, then its controls. */
static float ratio_at(const pitch_shift *ps, double ts, double period)
{
    size_t f = (size_t)(ts / ps->hop);
    if (f >= ps->n_frames)
        f = ps->n_frames - 1;
    /* The smoothed period: one cycle's jitter would otherwise be scaled up
     * with the excursion or the lowering. */
    const double read = ps->rate / period, lowered = lowering(ps, f, read), f0 = read * lowered;
    float r = ps->scale[f] * (float)lowered;
    if (ps->range[f] != 1.0f) {
        double excursion = f0 / ps->centre;
        /* A speaker's intonation stays within about half an octave of the
         * centre; a period read an octave off (a rough cycle) must not be
         * scaled up into a squeak. */
        excursion = excursion < 1.0 / MAX_EXCURSION ? 1.0 / MAX_EXCURSION
                    : excursion > MAX_EXCURSION     ? MAX_EXCURSION
                                                    : excursion;
        double widened = pow(excursion, ps->range[f] - 1.0f);
        /* Widened, a fall stops at RANGE_FLOOR_HZ (where it was not already
         * below). */
        if (f0 * widened < RANGE_FLOOR_HZ)
            widened = fmin(1.0, RANGE_FLOOR_HZ / f0);
        r *= (float)widened;
    }
    return r < RATIO_MIN ? RATIO_MIN : r > RATIO_MAX ? RATIO_MAX : r;
}

/* Analysis mark k's place on the grid the output marks are counted along:
 * for a voiced mark, toward the mean position of it and as many voiced marks
 * of its run on each side, up to SMOOTH_MARKS, the further the more the
 * controls at the mark move the pitch (none at ratio 1 and range 1, all of
 * the way from EVEN_FULL_RATIO or at range 0 or 2; pitch_shift.h says why).
 * A steady run's marks keep their places, a mark a rough cycle put a few
 * samples off goes back in line, and a run's first and last marks stay
 * where they are, so the output never drifts from the input. */
static double grid_pos(const pitch_shift *ps, size_t k)
{
    const pitch_mark *m = ps->marks;
    size_t left = 0, right = 0;
    while (left < SMOOTH_MARKS && left < k && m[k - left - 1].period)
        left++;
    while (right < SMOOTH_MARKS && k + right + 1 < ps->n_marks && m[k + right].period)
        right++;
    size_t d = m[k].period ? (left < right ? left : right) : 0;
    if (!d)
        return (double)m[k].pos;
    double sum = 0.0;
    for (size_t i = k - d; i <= k + d; i++)
        sum += (double)m[i].pos;
    /* As far as the controls at the mark move the voice: by its ratio, and
     * by its range, since a cycle's jitter is an excursion too and range 0
     * must leave none. */
    size_t f = (size_t)m[k].pos / (size_t)ps->hop;
    if (f >= ps->n_frames)
        f = ps->n_frames - 1;
    const double period = smooth_period(ps, k);
    double evened = fabs(log(ratio_at(ps, (double)m[k].pos, period))) / log(EVEN_FULL_RATIO);
    evened = fmax(evened, fabs(ps->range[f] - 1.0));
    return (double)m[k].pos + (evened < 1.0 ? evened : 1.0) * (sum / (double)(2 * d + 1) - (double)m[k].pos);
}

static int reserve_output(pitch_shift *ps, int64_t end)
{
    size_t need = (size_t)(end - ps->a0);
    size_t old = ps->acc_cap;
    if (need <= old)
        return 0;
    if (!grow_array((void **)&ps->acc, &ps->acc_cap, need, sizeof *ps->acc))
        return -1;
    memset(ps->acc + old, 0, (ps->acc_cap - old) * sizeof *ps->acc);
    return 0;
}

/* Whether grid_pos(k) can be read: the marks it looks at are placed. */
static int grid_ready(const pitch_shift *ps, size_t k)
{
    return ps->analysed || k + SMOOTH_MARKS + 1 < ps->n_marks;
}

/* Where the output mark after one at ts goes: 1 / ratio analysis periods
 * on, counted along the grid (grid_pos) from where ts falls in it, so at
 * ratio 1 every cycle lands on its own grid place. Voiced mark k, at grid
 * place `place`, is the one nearest ts. Off the end of the run the smoothed
 * period is the spacing.
 * -1 when marks not yet placed are needed. */
static double next_voiced_mark(const pitch_shift *ps, size_t k, double place, double period, float ratio)
{
    const pitch_mark *m = ps->marks;
    size_t j = k > 0 && m[k - 1].period && ps->ts < place ? k - 1 : k;
    double t = ps->ts, to_go = 1.0 / ratio;
    for (;;) {
        if (!m[j].period || j + 1 >= ps->n_marks)
            return t + to_go * period;
        if (!grid_ready(ps, j + 1))
            return -1.0;
        double a = grid_pos(ps, j), b = grid_pos(ps, j + 1);
        if (b - a < 1.0)
            return t + to_go * period; /* evened marks this close are not a period: no grid here */
        double ahead = (b - t) / (b - a); /* of this grid period, still ahead of t */
        if (to_go <= ahead)
            return t + to_go * (b - a);
        to_go -= ahead;
        t = b;
        j++;
    }
}

/* Lays every output mark whose analysis marks are placed. */
static int synthesise(pitch_shift *ps)
{
    while (ps->ts < (double)ps->total) {
        /* The analysis mark whose grid place is nearest, and one after it for its window. */
        size_t k = ps->k;
        if (!grid_ready(ps, k))
            return 0; /* wait for analysis: the grid reads ahead */
        double place = grid_pos(ps, k);
        for (; k + 1 < ps->n_marks && grid_ready(ps, k + 1); k++) {
            double next_place = grid_pos(ps, k + 1);
            if (fabs(next_place - ps->ts) > fabs(place - ps->ts))
                break;
            place = next_place;
        }
        if (k + 1 < ps->n_marks && !grid_ready(ps, k + 1))
            return 0;
        ps->k = k;
        const pitch_mark *m = &ps->marks[k];
        int left = k > 0 ? (int)(m->pos - ps->marks[k - 1].pos) : ps->unvoiced_step;
        int right = k + 1 < ps->n_marks ? (int)(ps->marks[k + 1].pos - m->pos) : ps->unvoiced_step;
        double next = ps->ts + right;
        float gain = 1.0f;
        if (m->period) {
            double period = smooth_period(ps, k);
            next = next_voiced_mark(ps, k, place, period, ratio_at(ps, ps->ts, period));
            if (next < 0.0)
                return 0; /* wait for analysis */
            /* Each side reaches to the neighbouring analysis mark, no
             * further than the output mark on that side, so no more than
             * two windows overlap and where the marks keep their spacing
             * (ratio 1) the windows sum to one. Lowered, they leave gaps:
             * a window `right` wide every `step` samples sums to
             * right / step on average. */
            double step = next - ps->ts < 2.0 ? 2.0 : next - ps->ts;
            next = ps->ts + step;
            int before = (int)llround(ps->ts - ps->last_ts);
            left = left < before ? left : before;
            right = m->period < step ? m->period : (int)llround(step);
            gain = (float)(step / right);
        }
        if (left < 1)
            left = 1;
        if (right < 1)
            right = 1;
        int64_t c = (int64_t)llround(ps->ts);
        if (reserve_output(ps, c + right + 1))
            return -1;
        for (int i = -left; i <= right; i++) {
            int64_t o = c + i;
            if (o < ps->a0)
                continue;
            float w = i < 0 ? 0.5f + 0.5f * cosf(PI_F * (float)i / (float)left)
                            : 0.5f + 0.5f * cosf(PI_F * (float)i / (float)right);
            ps->acc[o - ps->a0] += gain * w * in_at(ps, m->pos + i);
        }
        ps->last_ts = ps->ts;
        ps->ts = next;
        /* An unvoiced stretch is copied once, mark after mark, even where
         * the output runs a little behind the input after a moved run: the
         * mark nearest the next output place could be this one again, a
         * few samples on, and its window then piled up (rms's "how are you"
         * once peaked at full scale where its input had 0.3). */
        if (!m->period && k + 1 < ps->n_marks)
            ps->k = k + 1;
    }
    return 0;
}

/* Hands out up to `room` output samples no later window can reach; drops
 * the input and marks no later window reads. */
static long emit(pitch_shift *ps, float *out, size_t room)
{
    int64_t end = ps->ts >= (double)ps->total ? ps->total : (int64_t)ps->ts - ps->max_period - 2;
    if (end > ps->total)
        end = ps->total;
    if (end > ps->a0 + (int64_t)room)
        end = ps->a0 + (int64_t)room;
    size_t n = end > ps->a0 ? (size_t)(end - ps->a0) : 0;
    if (n && reserve_output(ps, end))
        return -1;
    if (n) {
        /* Two windows overlap at most, but their peaks can meet: the
         * output stays within full scale. */
        for (size_t i = 0; i < n; i++)
            out[i] = ps->acc[i] > 1.0f ? 1.0f : ps->acc[i] < -1.0f ? -1.0f : ps->acc[i];
        memmove(ps->acc, ps->acc + n, (ps->acc_cap - n) * sizeof *ps->acc);
        memset(ps->acc + ps->acc_cap - n, 0, n * sizeof *ps->acc);
        ps->a0 += (int64_t)n;
    }
    /* Windows to come start at mark k - 1 at the earliest, the grid
     * reads back SMOOTH_MARKS from there. */
    size_t drop_marks = ps->k > SMOOTH_MARKS + 1 ? ps->k - SMOOTH_MARKS - 1 : 0;
    if (drop_marks) {
        memmove(ps->marks, ps->marks + drop_marks, (ps->n_marks - drop_marks) * sizeof *ps->marks);
        ps->n_marks -= drop_marks;
        ps->k -= drop_marks;
    }
    int64_t keep = ps->n_marks ? ps->marks[0].pos - ps->max_period : ps->next_pos - ps->max_period;
    if (keep > ps->x0 + (int64_t)ps->nx)
        keep = ps->x0 + (int64_t)ps->nx;
    if (keep > ps->x0) {
        size_t d = (size_t)(keep - ps->x0);
        memmove(ps->x, ps->x + d, (ps->nx - d) * sizeof *ps->x);
        ps->nx -= d;
        ps->x0 = keep;
    }
    return (long)n;
}

long pitch_shift_run(pitch_shift *ps, const float *in, size_t n, float *out, size_t room)
{
    if (!grow_array((void **)&ps->x, &ps->x_cap, ps->nx + n, sizeof *ps->x))
        return -1;
    if (n)
        memcpy(ps->x + ps->nx, in, n * sizeof *in);
    ps->nx += n;
    if (analyse(ps) || synthesise(ps))
        return -1;
    return emit(ps, out, room);
}
