"""Filling the top band of a voice whose teacher had none (issue 12: a full-band male voice).

  /usr/bin/python3 -m training.band_extension VOICE.gguf --corpus DIR --say build/engine/inflect-say \\
      --full-band ../shared/data/kathleen-24k

The male voice learnt from flite's 16 kHz audio, so its vocoder leaves
everything above about 7.4 kHz empty (-55 dB re the total, where
kathleen's recordings hold -17 dB) and it sounds muffled beside her. A
vocoder taught that band from her recordings (bandwidth.py, 2,800 CPU
steps, 2026-12-04) put it there for her mels but not for the male voice's:
-49 dB on its own speech, and it stopped rising.

What speech holds above 8 kHz is mostly the noise of fricatives, bursts
and breath, and it follows the band just below it closely. So the engine
fills it the way wideband codecs do (spectral band replication): the
voice's own output above edge - 4 kHz (for a voice whose speech stops at
the edge, the 4 kHz under it), moved up by 4 kHz and scaled by a gain, is
added above the edge (engine/src/band_extension.c; `reference` below is
the same arithmetic in float64). The copy comes from one shift below, not
further, so vowels' formant structure under 3 kHz is never copied into the
hiss. It is causal, adds no latency and costs 16 biquad stages and a
cosine a sample.

A voice carries it as two keys, written only when its output stops short:

- inflect.band_extension.edge_hz: where the voice's band ends, measured on
  its speech of training prompts: the first frequency above 5 kHz from which
  its long-term spectrum stays EDGE_DROP_DB below the level of its 3-6 kHz
  band. When its speech reaches 0.45 x the sample rate, it is full band
  and gets neither key.
- inflect.band_extension.gain: how loud the copy is against the band it
  came from, learnt from full-band recordings of real speech (kathleen's
  training takes): each is low-passed at the edge, extended at gain 1, and
  the gain is the median, over takes, of the ratio of the recording's
  energy above the edge to the copy's.
"""
import argparse
import os
import tempfile

import numpy as np
import torch
from scipy.signal import sosfilt
from tests import listen  # inflect-say's audio in memory, as measure_prosody.py hears it

from . import gguf
from .bandwidth import LowPass
from .calibrate_intonation import prompt_tool_arguments, training_prompts
from .corpus import heldout_file, load_audio
from .mel import SAMPLE_RATE
from .spectral import ltas

EDGE_KEY = "inflect.band_extension.edge_hz"
GAIN_KEY = "inflect.band_extension.gain"
# How far the copied band is moved up, at most: the octave or so below a
# 7-8 kHz edge is fricative noise; below it lie the formants of vowels.
SHIFT_HZ = 4000.0
# Order of each Butterworth high-pass (the copy's source, and the copy): 48 dB
# an octave, so formants 1-3 kHz (30-40 dB over the source band) stay out.
ORDER = 8
# A band this far under the 3-6 kHz level counts as empty (rms: its
# spectrum falls from +2 dB at 7.0 kHz to -30 dB at 7.5 kHz).
EDGE_DROP_DB = 20.0


def shift_hz(edge, sr=SAMPLE_RATE):
    return min(SHIFT_HZ, sr / 2 - edge)


def highpass_sections(cutoff, sr=SAMPLE_RATE, order=ORDER):
    """Butterworth high-pass at cutoff as order/2 biquads [b0 b1 b2 1 a1 a2] (bilinear, pre-warped at cutoff)."""
    w0 = 2 * np.pi * cutoff / sr
    cw, sw = np.cos(w0), np.sin(w0)
    sections = []
    for k in range(1, order // 2 + 1):
        q = -1 / (2 * np.cos(np.pi * (2 * k + order - 1) / (2 * order)))  # the pole pair's Q
        alpha = sw / (2 * q)
        b = np.array([(1 + cw) / 2, -(1 + cw), (1 + cw) / 2])
        a = np.array([1 + alpha, -2 * cw, 1 - alpha])
        sections.append(np.concatenate([b / a[0], a / a[0]]))
    return np.array(sections)


def copy_up(wav, edge, sr=SAMPLE_RATE):
    """The band [edge - shift, edge] of wav moved up by shift, at gain 1: what the engine adds, over gain."""
    shift = shift_hz(edge, sr)
    source = sosfilt(highpass_sections(edge - shift, sr), np.asarray(wav, dtype=np.float64))
    # Multiplying by 2 cos moves each component up and down by shift; the
    # upper copy keeps the source's level and the high-pass drops the lower one.
    n = np.arange(len(source))
    return sosfilt(highpass_sections(edge, sr), source * 2 * np.cos(2 * np.pi * shift * n / sr))


def reference(wav, edge, gain, sr=SAMPLE_RATE):
    """wav with its band above edge filled, as the engine does it to each utterance."""
    return np.asarray(wav, dtype=np.float64) + gain * copy_up(wav, edge, sr)


def long_term_spectrum(wavs, sr=SAMPLE_RATE, n_fft=1024, hop=256):
    """(frequencies, mean power per bin in dB) over every frame of every wav (spectral.ltas, weighted by length)."""
    total, count = np.zeros(n_fft // 2 + 1), 0
    for w in wavs:
        frames = 1 + max(len(w) - n_fft, 0) // hop
        total += ltas(w, n_fft, hop) * frames
        count += frames
    return np.fft.rfftfreq(n_fft, 1 / sr), 10 * np.log10(total / max(count, 1) + 1e-20)


def band_edge(wavs, sr=SAMPLE_RATE):
    """Where the speech in wavs stops (Hz, a multiple of the bin width), or None when it reaches 0.45 x sr."""
    freqs, db = long_term_spectrum(wavs, sr)
    if not np.isfinite(db).all() or db.max() < -150:
        raise ValueError("band_edge: no speech long enough to measure")
    db = np.convolve(db, np.ones(5) / 5, mode="same")  # ~120 Hz: no single harmonic decides
    level = np.median(db[(freqs >= 3000) & (freqs < 6000)])
    empty = db < level - EDGE_DROP_DB
    top = freqs <= 0.45 * sr
    for i in np.flatnonzero((freqs > 5000) & top):
        if empty[i:][top[i:]].all():
            return float(freqs[i])
    return None


def band_energy_db(wav, low, sr=SAMPLE_RATE):
    power = np.abs(np.fft.rfft(wav)) ** 2
    return 10 * np.log10(power[np.fft.rfftfreq(len(wav), 1 / sr) >= low].sum() + 1e-20)


def learn_gain(full_band_wavs, edge, sr=SAMPLE_RATE):
    """(gain, per-take dB differences) that make the copy of low-passed full-band takes as loud as what they held above edge."""
    lowpass = LowPass(cutoff_hz=edge, sr=sr)
    diffs = []
    for w in full_band_wavs:
        w = np.asarray(w, dtype=np.float64)
        with torch.no_grad():
            limited = lowpass(torch.from_numpy(w).float()[None, None])[0, 0].double().numpy()
        diffs.append(band_energy_db(w, edge, sr) - band_energy_db(copy_up(limited, edge, sr), edge, sr))
    return float(10 ** (np.median(diffs) / 20)), np.array(diffs)


def calibrate(voice, corpus, heldout, say, full_band, prompts=20, out=None, log=print):
    """Measures voice's band edge and, if it stops short, writes both keys (into out, else voice); returns (edge, gain) or None."""
    with tempfile.TemporaryDirectory() as tmp:
        plain = os.path.join(tmp, "plain.gguf")
        gguf.set_metadata(voice, plain, {EDGE_KEY: None, GAIN_KEY: None})
        spoken = [listen.say(say, plain, u.text) for u in training_prompts(corpus, heldout, prompts)]
    edge = band_edge(spoken)
    changes = {EDGE_KEY: None, GAIN_KEY: None}
    if edge is None:
        log("band extension: none, the voice is full band")
        result = None
    else:
        takes = training_prompts(full_band, heldout_file(full_band), prompts)
        gain, diffs = learn_gain([load_audio(u.path) for u in takes], edge)
        if not 0.0 < gain <= 4.0:  # the engine's range; NaN when there were no takes
            raise SystemExit(f"band extension: gain {gain} learnt from {len(takes)} takes of {full_band} "
                             f"is outside the engine's 0-4")
        log(f"band extension: the voice stops at {edge:.0f} Hz; gain {gain:.3f} from {len(takes)} full-band takes "
            f"(per take {np.percentile(diffs, 25):+.1f} to {np.percentile(diffs, 75):+.1f} dB around the median)")
        changes = {EDGE_KEY: (gguf.FLOAT32, edge), GAIN_KEY: (gguf.FLOAT32, gain)}
        result = (edge, gain)
    gguf.update_metadata(voice, changes, out)
    return result


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    prompt_tool_arguments(p, "the corpus the voice was trained on (its training prompts are spoken)")
    p.add_argument("--full-band", required=True, help="a corpus of full-band recordings to learn the gain from")
    p.add_argument("--prompts", type=int, default=20, help="how many prompts of each corpus to use")
    a = p.parse_args()
    calibrate(a.voice, a.corpus, heldout_file(a.corpus, a.heldout), a.say, a.full_band, a.prompts, a.output)


if __name__ == "__main__":
    main()
