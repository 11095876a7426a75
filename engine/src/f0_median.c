/* The median F0 of a stretch of speech by training/prosody.py's YIN
 * (f0_median.h).
 *
 * Copyright (C) 2026 The Inflect authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "f0_median.h"

#include <math.h>
#include <stdlib.h>

/* training/prosody.py's settings: they define the number, so they are its. */
#define RATE 24000
#define HOP 256
#define F0_MIN 55.0
#define F0_MAX 420.0
#define THRESHOLD 0.25
#define WINDOW 480
#define SILENCE_DB 45.0
#define MEDIAN_FRAMES 5

/* numpy.pad(mode="reflect"): index i of x[0..n) reflected about its ends
 * (the end samples not repeated), as often as it takes. */
static double reflected(const float *x, size_t n, long i)
{
    if (n == 1)
        return x[0];
    const long period = 2 * ((long)n - 1);
    i %= period;
    if (i < 0)
        i += period;
    return x[i < (long)n ? i : period - i];
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* numpy.median of v[0..n) (n > 0), reordering v. */
static double median(double *v, size_t n)
{
    qsort(v, n, sizeof *v, cmp_double);
    return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

/* One frame's F0 (0 when it finds no dip) and level in dB; fr holds the
 * frame's WINDOW + tau_max + 1 samples, d room for tau_max + 2 values. */
static double frame_f0(const double *fr, int tau_min, int tau_max, double *d, double *level)
{
    double e_head = 0.0;
    for (int j = 0; j < WINDOW; j++)
        e_head += fr[j] * fr[j];
    /* Energy of the lagged window, slid one sample a lag. */
    double e_lag = e_head;
    for (int tau = 0; tau <= tau_max + 1; tau++) {
        if (tau > 0)
            e_lag += fr[tau + WINDOW - 1] * fr[tau + WINDOW - 1] - fr[tau - 1] * fr[tau - 1];
        /* Four running sums, not one: independent additions the CPU can
         * overlap (this loop is nearly all of the cost). WINDOW is a
         * multiple of 4. */
        double c0 = 0.0, c1 = 0.0, c2 = 0.0, c3 = 0.0;
        for (int j = 0; j < WINDOW; j += 4) {
            c0 += fr[j] * fr[j + tau];
            c1 += fr[j + 1] * fr[j + 1 + tau];
            c2 += fr[j + 2] * fr[j + 2 + tau];
            c3 += fr[j + 3] * fr[j + 3 + tau];
        }
        double corr = (c0 + c1) + (c2 + c3);
        double diff = e_head + e_lag - 2.0 * corr;
        d[tau] = diff > 0.0 ? diff : 0.0;
    }
    /* Cumulative-mean normalisation, in place: d becomes the cmnd. */
    double cum = 0.0;
    d[0] = 1.0;
    for (int tau = 1; tau <= tau_max + 1; tau++) {
        cum += d[tau];
        d[tau] = d[tau] * tau / (cum > 1e-12 ? cum : 1e-12);
    }
    *level = 10.0 * log10(fmax(e_head / WINDOW, 1e-12));
    for (int tau = tau_min; tau <= tau_max; tau++) {
        if (d[tau] < THRESHOLD && d[tau + 1] >= d[tau]) {
            double a = d[tau - 1], b = d[tau], c = d[tau + 1];
            double denom = a - 2.0 * b + c;
            double shift = fabs(denom) > 1e-12 ? 0.5 * (a - c) / denom : 0.0;
            shift = fmin(fmax(shift, -1.0), 1.0);
            return RATE / (tau + shift);
        }
    }
    return 0.0;
}

double f0_median(const float *x, size_t n)
{
    if (n == 0)
        return 0.0;
    const int tau_min = (int)floor(RATE / F0_MAX), tau_max = (int)ceil(RATE / F0_MIN);
    const int len = WINDOW + tau_max + 1;
    const size_t n_frames = n / HOP + 1;
    double *fr = malloc(sizeof *fr * (size_t)len), *d = malloc(sizeof *d * (size_t)(tau_max + 2));
    double *f0 = malloc(sizeof *f0 * n_frames), *level = malloc(sizeof *level * n_frames);
    double *filtered = malloc(sizeof *filtered * n_frames);
    double result = -1.0;
    if (!fr || !d || !f0 || !level || !filtered)
        goto out;
    double loudest = -INFINITY;
    for (size_t i = 0; i < n_frames; i++) {
        /* Frame i starts WINDOW/2 before sample i*HOP, so its compared
         * window is centred on it (the mel's framing). */
        const long start = (long)(i * HOP) - WINDOW / 2;
        for (int j = 0; j < len; j++)
            fr[j] = reflected(x, n, start + j);
        f0[i] = frame_f0(fr, tau_min, tau_max, d, &level[i]);
        loudest = fmax(loudest, level[i]);
    }
    for (size_t i = 0; i < n_frames; i++)
        if (!(level[i] > loudest - SILENCE_DB) || f0[i] < F0_MIN || f0[i] > F0_MAX)
            f0[i] = 0.0;
    /* The running median, ends repeated; unvoiced frames count as 0. */
    size_t voiced = 0;
    for (size_t i = 0; i < n_frames; i++) {
        double w[MEDIAN_FRAMES];
        for (int k = 0; k < MEDIAN_FRAMES; k++) {
            long j = (long)i + k - MEDIAN_FRAMES / 2;
            w[k] = f0[j < 0 ? 0 : j >= (long)n_frames ? (long)n_frames - 1 : j];
        }
        double m = median(w, MEDIAN_FRAMES);
        /* prosody.py rounds the track to float32 before listen.py reads it. */
        m = (float)m;
        if (m > 0.0)
            filtered[voiced++] = m;
    }
    result = voiced ? median(filtered, voiced) : 0.0;
out:
    free(fr);
    free(d);
    free(f0);
    free(level);
    free(filtered);
    return result;
}
