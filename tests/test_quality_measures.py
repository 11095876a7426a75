#!/usr/bin/python3
"""training/quality.py's measures on synthetic signals whose answer is known.

  /usr/bin/python3 tests/test_quality_measures.py

Exit 77 (skip) when numpy, scipy or PyTorch (the mel module's) are missing.
"""
import math
import os
import sys

from checks import check, finish
from skip import skip

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))  # the training package
try:
    import numpy as np
    from training import loudness
    from training import periodicity
    from training import quality
    from training import release_voice
    from training import spectral
except ImportError as e:
    skip(str(e))

SR = 24000
N = spectral.N_FFT


def near(value, expected, tol, what):
    check(value is not None and abs(value - expected) <= tol, f"{what}: {value}, expected {expected:.2f} ± {tol}")


def noise(seconds, sigma=0.1, seed=1):
    return np.random.default_rng(seed).normal(0.0, sigma, int(seconds * SR))


def lowpass(x, hz):
    """Brick-wall filter in the frequency domain: nothing at all above hz."""
    spec = np.fft.rfft(x)
    spec[np.fft.rfftfreq(x.size, 1 / SR) >= hz] = 0
    return np.fft.irfft(spec, x.size)


def harmonic_glide(seconds, f_start, f_end, top_hz=900.0):
    """Equal-amplitude harmonics below top_hz of an F0 moving exponentially from f_start to f_end."""
    t = np.arange(int(seconds * SR)) / SR
    f0 = f_start * (f_end / f_start) ** (t / seconds)
    phase = 2 * math.pi * np.cumsum(f0) / SR
    x = np.zeros_like(t)
    for h in range(1, int(top_hz / f_start) + 1):
        x += np.where(h * f0 < top_hz, np.sin(h * phase), 0.0)
    return 0.3 * x / np.abs(x).max()


def test_noise_has_no_comb_and_a_third_above_8k():
    m = spectral.measures(noise(5))
    for k in ("comb_1_4k_db", "comb_4_8k_db", "comb_8_12k_db"):
        near(m[k], 0.0, 0.5, f"white noise {k}")
    for k in ("line_6k_db", "line_12k_db"):
        near(m[k], 0.0, 1.5, f"white noise {k}")
    # White noise spreads its power evenly over 0-12 kHz: 4 of 12 kHz is a third.
    near(m["high_band_db"], 10 * math.log10(1 / 3), 0.2, "white noise high_band_db")
    near(spectral.measures(lowpass(noise(5), 8000.0))["high_band_db"], -100.0, 60.0, "noise below 8 kHz")
    x = noise(5)
    near(spectral.measures(x - lowpass(x, 8000.0))["high_band_db"], 0.0, 0.1, "noise above 8 kHz")


def test_pulse_train_comb():
    # An impulse of height A every HOP samples is a comb of lines at k x 93.75 Hz, each (A N / 2 HOP)^2
    # in a bin of a Hann-windowed N-point frame; white noise puts sigma^2 3N/8 in every bin.
    a, sigma = 1.0, 0.1
    x = noise(5, sigma)
    x[::spectral.HOP] += a
    expected = 10 * math.log10(1 + (a * N / (2 * spectral.HOP)) ** 2 / (sigma ** 2 * 3 * N / 8))
    m = spectral.measures(x)
    for k in ("comb_1_4k_db", "comb_4_8k_db", "comb_8_12k_db"):
        near(m[k], expected, 1.0, f"pulse train in noise {k}")


def test_sine_line_at_6k():
    # A sine of amplitude B on a bin centre holds (B N / 4)^2 in that bin.
    b, sigma = 0.02, 0.1
    x = noise(5, sigma)
    x += b * np.sin(2 * math.pi * 6000.0 * np.arange(x.size) / SR)
    expected = 10 * math.log10(1 + (b * N / 4) ** 2 / (sigma ** 2 * 3 * N / 8))
    m = spectral.measures(x)
    near(m["line_6k_db"], expected, 1.0, "6 kHz sine line_6k_db")
    near(m["line_12k_db"], 0.0, 1.5, "6 kHz sine line_12k_db")
    near(m["comb_4_8k_db"], 0.0, 0.5, "6 kHz sine is a line, not a comb")


def test_periodicity():
    near(periodicity.periodicity(harmonic_glide(2, 150, 150)), 0.0, 0.02, "steady harmonic tone")
    # Noise below 1 kHz passes as voiced by its spectrum but has no period.
    p = periodicity.periodicity(lowpass(noise(2), 1000.0))
    check(p is not None and p > 0.3, f"low-passed noise periodicity {p}, expected > 0.3")
    check(periodicity.periodicity(noise(2)) is None, "white noise has no voiced frames")


def test_f0_span():
    # F0 uniform in log frequency over one octave: p5 to p95 is 90% of 12 semitones.
    near(quality.f0_span(harmonic_glide(3, 100, 200)), 10.8, 0.3, "one-octave glide")
    near(quality.f0_span(harmonic_glide(3, 150, 150)), 0.0, 0.1, "steady tone")


def test_loudness():
    # BS.1770-4's table of the K-weighting filters at 48 kHz.
    (sb, sa), (hb, ha) = loudness.k_weighting(48000)
    for got, want in zip(list(sb) + list(sa[1:]) + list(ha[1:]),
                         (1.53512485958697, -2.69169618940638, 1.19839281085285, -1.69065929318241,
                          0.73248077421585, -1.99004745483398, 0.99007225036621)):
        near(got, want, 1e-12, "K-weighting coefficient at 48 kHz")
    t = np.arange(3 * 48000) / 48000
    near(loudness.integrated_loudness(np.sin(2 * math.pi * 997 * t), 48000), -3.01, 0.01, "full-scale 997 Hz")
    t = np.arange(3 * SR) / SR
    near(loudness.integrated_loudness(0.1 * np.sin(2 * math.pi * 997 * t), SR), -23.01, 0.05, "-20 dBFS 997 Hz")
    # Gating: the blocks of a second of silence after the tone are dropped (kept, they would make it
    # 10 log10(3/4) = 1.25 LU quieter); only the few blocks that straddle the tone's end count.
    x = np.concatenate([0.1 * np.sin(2 * math.pi * 997 * t), np.zeros(SR)])
    near(loudness.integrated_loudness(x, SR), -23.15, 0.15, "tone then silence")
    check(loudness.integrated_loudness(np.zeros(SR), SR) is None, "silence has no loudness")
    check(loudness.integrated_loudness(np.ones(SR // 4), SR) is None, "shorter than one block")


def test_summary_and_regressions():
    rows = [dict.fromkeys(quality.KEYS, v) for v in (1.0, 2.0, 9.0)] + [dict.fromkeys(quality.KEYS)]
    s = quality.summary(rows)
    check(all(s[k] == 2.0 for k in quality.KEYS), f"medians over utterances with a value: {s}")
    ref = dict.fromkeys(quality.KEYS, 0.0)
    ref.update(f0_span_st=8.0, loudness_lufs=-23.0)
    old = dict(ref, comb_1_4k_db=8.0, high_band_db=-18.0, f0_span_st=5.0)
    check(quality.compare(dict(old), old, ref) == ([], []), "the same voice is neither worse nor better")
    new = dict(old, comb_1_4k_db=8.4, high_band_db=-18.9, f0_span_st=5.2)
    check(quality.compare(new, old, ref) == ([], []), "changes within tolerance count for nothing")
    new = dict(old, comb_1_4k_db=9.0, high_band_db=-20.0, f0_span_st=11.5, line_6k_db=-2.0, loudness_lufs=None)
    worse, better = quality.compare(new, dict(old, line_6k_db=5.0), ref)
    got = [k for k, _ in worse]
    check(got == ["comb_1_4k_db", "high_band_db", "f0_span_st"], f"worse: {got}")
    check([k for k, _ in better] == ["line_6k_db"], f"better: {better}")
    notch = dict(old, line_6k_db=-20.0)
    check(quality.compare(dict(notch, line_6k_db=-15.0), notch, ref) == ([], []),
          "levels under the reference's (a notch, not a line) are neither worse nor better")
    check([k for k, _ in quality.compare(notch, dict(old, line_6k_db=1.5), ref)[1]] == ["line_6k_db"],
          "down to the reference's level, lower is better")
    check([k for k, _ in quality.compare(dict(old, f0_span_st=7.0), old, ref)[1]] == ["f0_span_st"],
          "a span nearer the reference's is better")
    empty = dict(old, high_band_db=-52.5)
    check(quality.compare(dict(empty, high_band_db=-54.0), empty, ref) == ([], []),
          "two levels in an empty band are not compared")
    check([k for k, _ in quality.compare(dict(empty, high_band_db=-30.0), empty, ref)[1]] == ["high_band_db"],
          "filling an empty band is better")
    check([k for k, _ in quality.compare(empty, dict(empty, high_band_db=-30.0), ref)[0]] == ["high_band_db"],
          "emptying a filled band is worse")
    # Over the recordings' level the band holds hiss, not brightness; under flite's empty band there is no level.
    recorded = dict(ref, high_band_db=-17.2)
    check(quality.compare(dict(old, high_band_db=-15.0), dict(old, high_band_db=-17.0), recorded) == ([], []),
          "a top band brighter than the recordings' is not better")
    check(quality.compare(dict(old, high_band_db=-17.0), dict(old, high_band_db=-15.0), recorded) == ([], []),
          "coming down to the recordings' level is not worse")
    check([k for k, _ in quality.compare(dict(old, high_band_db=-18.5), dict(old, high_band_db=-16.0), recorded)[0]]
          == ["high_band_db"], "under the recordings' level by more than the tolerance is worse")
    flite = dict(ref, high_band_db=-53.0)
    check([k for k, _ in quality.compare(dict(old, high_band_db=-17.0), dict(old, high_band_db=-22.5), flite)[1]]
          == ["high_band_db"], "against a band-limited reference, filling more is better")

def test_release_rule():
    ref = dict.fromkeys(quality.KEYS, 0.0)
    shipped = {"wer_voice": 0.25, "wer_reference": 0.25, "mcd_db": 4.5, "quality": dict(ref, comb_1_4k_db=8.0)}

    def candidate(wer, comb, mcd=4.5):
        return {"wer_voice": wer, "wer_reference": 0.25, "mcd_db": mcd, "quality": dict(ref, comb_1_4k_db=comb),
                "quality_reference": ref}

    for new, old, ship, what in (
            (candidate(0.254, 2.0), shipped, True, "less buzz, WER higher within its tolerance"),
            (candidate(0.28, 2.0), shipped, False, "less buzz, WER within the gate but higher beyond its tolerance"),
            (candidate(0.31, 2.0), shipped, False, "less buzz but WER beyond the gate"),
            (candidate(0.20, 9.0), shipped, False, "lower WER but more buzz"),
            (candidate(0.20, 8.2), shipped, True, "lower WER, buzz within tolerance"),
            (candidate(0.25, 8.0, 4.4), shipped, True, "same WER and quality, lower MCD"),
            (candidate(0.26, 8.0, 4.0), shipped, False, "better in nothing"),
            (candidate(0.30, 9.0), None, True, "first release within the gate"),
            (candidate(0.31, 9.0), None, False, "first release beyond the gate"),
            (candidate(0.20, 9.0), dict(shipped, quality={}), True, "shipped record without quality measures")):
        got, reasons = release_voice.verdict(new, old)
        check(got == ship, f"release rule, {what}: {'shipped' if got else 'refused'} ({'; '.join(reasons)})")

    # A candidate that changes the vocoder alone: the spoken F0 span gives way to the copy-synthesis error.
    narrow = dict(candidate(0.25, 2.0), quality=dict(ref, comb_1_4k_db=2.0, f0_span_st=-0.5))
    for span_copy, ship, what in (
            (None, False, "less buzz, spoken F0 span further from the reference"),
            ((0.5, 1.0), True, "less buzz, vocoded span error lower, spoken span not compared"),
            ((1.2, 1.0), True, "less buzz, vocoded span error within tolerance"),
            ((1.4, 1.0), False, "less buzz, vocoded span error higher beyond tolerance")):
        got, reasons = release_voice.verdict(narrow, shipped, span_copy)
        check(got == ship, f"release rule, {what}: {'shipped' if got else 'refused'} ({'; '.join(reasons)})")
    got, reasons = release_voice.verdict(candidate(0.25, 8.0), shipped, (0.5, 1.0))
    check(got, f"release rule, better only in the vocoded span error: {'; '.join(reasons)}")

    # Within every tolerance, but across a target of issue 12 (as rms on 2026-12-07: span 6.0 st against flite's
    # 7.3, target 6.2; periodicity 0.070 against its 0.055, target 0.072): a release when no other target is lost.
    flite = dict(ref, periodicity=0.055, f0_span_st=7.3)
    voice = {"wer_voice": 0.114, "wer_reference": 0.121, "mcd_db": 3.30, "quality_reference": flite,
             "quality": dict(ref, periodicity=0.070, f0_span_st=6.0)}
    for periodicity, span, ship, what in (
            (0.071, 6.25, True, "span newly within its target, periodicity still within its own"),
            (0.073, 6.25, False, "span newly within its target, periodicity no longer"),
            (0.071, 6.1, False, "closer to the span target, not within it")):
        new = dict(voice, wer_voice=0.116, quality=dict(ref, periodicity=periodicity, f0_span_st=span))
        got, reasons = release_voice.verdict(new, voice)
        check(got == ship, f"release rule, {what}: {'shipped' if got else 'refused'} ({'; '.join(reasons)})")


def test_mcd_over_a_band():
    """Against a reference with nothing above 7 kHz (as flite's), MCD over 0-7 kHz
    ignores what the voice adds above it, and still sees a change below."""
    from training import mcd
    voice = noise(2)
    ref = lowpass(voice, 7000)

    def distance(a, b, band_hz):
        ca, cb = mcd.mel_cepstra(a, band_hz=band_hz), mcd.mel_cepstra(b, band_hz=band_hz)
        i = np.arange(len(ca))
        return mcd.mcd(ca, cb, i, i)
    full, banded = distance(voice, ref, None), distance(voice, ref, 7000.0)
    check(full > 5.0 and banded < 0.5, f"MCD {full:.2f} dB over the whole band, {banded:.2f} up to 7 kHz: "
                                       f"over 5, under 0.5")
    darker = lowpass(voice, 3000) + 0.1 * voice
    check(distance(darker, ref, 7000.0) > 3.0, "up to 7 kHz it still sees a spectrum that falls from 3 kHz")


for name, fn in list(globals().items()):
    if name.startswith("test_"):
        fn()
sys.exit(finish("all quality measures as expected"))
