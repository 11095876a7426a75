#!/usr/bin/python3
"""A band-limited voice's band extension (inflect.band_extension.*), judged on the output audio.

  /usr/bin/python3 tests/test_band_extension.py INFLECT_SAY VOICE.gguf [VOICE.gguf ...]

Each voice is spoken with its keys dropped (plain) and with an edge of
7.4 kHz and a gain of 0.9 (rms's release):
- plain, a voice with the keys in its file must stop short of the top band
  (training/band_extension.py finds an edge between 6 and 9 kHz), and a
  voice without them must reach it (no edge found);
- extended, the energy at and above 8 kHz must rise from under -40 dB of
  the total to over -30 dB, while the band below 6.5 kHz keeps its
  long-term spectrum within 0.2 dB in every 250 Hz band;
- what the engine added must be the float64 reference of
  training/band_extension.py applied to the plain audio, within 1% RMS;
- gain 0 must leave the samples as they were, and an edge of 3 kHz, a gain
  of 5 or an edge without a gain must each be refused with a message naming
  the key.
The gain rule is checked on white noise, whose answer follows from the
filters' responses (about sqrt((12 kHz - edge) / 4 kHz), a little more for
the filters' slopes). Exit 77 (skip) without numpy, scipy or torch.
"""
import os
import subprocess
import sys
import tempfile

from checks import check, finish
from skip import skip

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))  # the training package
try:
    import numpy as np
    import listen
    from training import gguf
    from training import band_extension as bx
    from training.calibrate_intonation import NATURAL_RANGE_KEY
except ImportError as e:
    skip(str(e))

SENTENCE = "She sells sea shells by the seashore, and the shells she sells are surely seashells."
EDGE, GAIN = 7400.0, 0.9


def keys(edge, gain):
    # Without a natural range: the pitch stage it sends every utterance
    # through comes after the band extension and follows the signal, so
    # what the extension added would no longer be extended minus plain.
    return {bx.EDGE_KEY: None if edge is None else (gguf.FLOAT32, edge),
            bx.GAIN_KEY: None if gain is None else (gguf.FLOAT32, gain),
            NATURAL_RANGE_KEY: None}


def band_db(wav, low, high):
    power = np.abs(np.fft.rfft(wav)) ** 2
    f = np.fft.rfftfreq(len(wav), 1 / listen.RATE)
    return 10 * np.log10(power[(f >= low) & (f < high)].sum() / power.sum())


def check_voice(say, voice):
    name = os.path.basename(voice)
    has_keys = bx.EDGE_KEY in gguf.Reader(voice).fields
    with tempfile.TemporaryDirectory() as tmp:
        def variant(label, edge, gain):
            path = os.path.join(tmp, label + ".gguf")
            gguf.set_metadata(voice, path, keys(edge, gain))
            return path
        plain = listen.say(say, variant("plain", None, None), SENTENCE)
        edge = bx.band_edge([plain])
        if has_keys:
            check(edge is not None and 6000 <= edge <= 9000, f"{name}: plain, its speech stops at {edge} Hz: 6-9 kHz")
        else:
            check(edge is None, f"{name}: a voice without the keys reaches the top band (edge found: {edge})")

        extended = listen.say(say, variant("extended", EDGE, GAIN), SENTENCE)
        check(len(extended) == len(plain), f"{name}: {len(extended)} samples extended, {len(plain)} plain: the same")
        added = extended - plain
        if has_keys:
            top0, top1 = band_db(plain, 8000, 12000), band_db(extended, 8000, 12000)
            check(top0 < -40 < -30 < top1, f"{name}: energy above 8 kHz {top0:.1f} dB plain, {top1:.1f} extended: "
                                           f"under -40 before, over -30 after")
        freqs, ltas0 = bx.long_term_spectrum([plain])
        _, ltas1 = bx.long_term_spectrum([extended])
        moved = max(abs(np.mean(ltas1[(freqs >= lo) & (freqs < lo + 250)] - ltas0[(freqs >= lo) & (freqs < lo + 250)]))
                    for lo in range(0, 6500, 250))
        check(moved < 0.2, f"{name}: below 6.5 kHz the spectrum moved {moved:.2f} dB in a 250 Hz band: under 0.2")
        expected = GAIN * bx.copy_up(plain, EDGE)
        err = np.sqrt(np.mean((added - expected) ** 2) / np.mean(expected ** 2))
        check(err < 0.01, f"{name}: engine's added band vs the float64 reference: {100 * err:.2f}% RMS, under 1%")

        silent = listen.say(say, variant("gain0", EDGE, 0.0), SENTENCE)
        check(np.array_equal(silent, plain), f"{name}: gain 0 leaves the samples as they were")
        for label, edge, gain, key in (("low", 3000.0, GAIN, bx.EDGE_KEY), ("loud", EDGE, 5.0, bx.GAIN_KEY),
                                       ("half", EDGE, None, bx.GAIN_KEY)):
            p = subprocess.run([say, "--voice", variant(label, edge, gain), "-o", os.path.join(tmp, "x.wav"),
                                "--", "Hello."], capture_output=True, text=True, timeout=60)
            check(p.returncode != 0 and key in p.stderr, f"{name}: edge {edge}, gain {gain} refused naming {key}: "
                                                        f"exit {p.returncode}, {p.stderr.strip()!r}")


def main():
    for voice in sys.argv[2:]:
        check_voice(sys.argv[1], voice)
    noise = np.random.default_rng(1).standard_normal(5 * listen.RATE)
    gain, _ = bx.learn_gain([noise], EDGE)
    check(abs(gain / white_noise_gain(EDGE) - 1) < 0.03,
          f"gain learnt on white noise {gain:.3f}, expected {white_noise_gain(EDGE):.3f} within 3%")


def white_noise_gain(edge):
    """The gain that makes the copy of white noise low-passed at edge as loud
    as the noise above edge, from the filters' responses: the noise's power
    above edge over the copy's, which is the low-pass and the source
    high-pass at f - shift, then the copy's high-pass at f."""
    from scipy.signal import freqz, sosfreqz
    from training.bandwidth import LowPass
    rate, shift = listen.RATE, bx.shift_hz(edge)
    f = np.linspace(edge, rate / 2, 4000)
    lowpass = LowPass(cutoff_hz=edge).taps.flatten().double().numpy()
    source = (np.abs(freqz(lowpass, worN=f - shift, fs=rate)[1]) ** 2
              * np.abs(sosfreqz(bx.highpass_sections(edge - shift), worN=f - shift, fs=rate)[1]) ** 2)
    copy = source * np.abs(sosfreqz(bx.highpass_sections(edge), worN=f, fs=rate)[1]) ** 2
    return float(np.sqrt(len(f) / copy.sum()))


main()
sys.exit(finish("band extension as expected"))
