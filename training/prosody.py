"""Frame-level F0, energy and brightness, and the token targets of docs/model.md section 2.2 step 3.

The acoustic model's prosody heads are trained on token averages of these
frame tracks, and the engine feeds those predictions straight back into the
network, so the definitions here are part of the model, not a tuning choice.
Frame i is centred on sample i*256 exactly like the mel, so a frame track and
the mel of one utterance always have the same length.

Frame tracks are cached per utterance under WORK_DIR/prosody-<corpus>/<id>.npz.

  /usr/bin/python3 -m training.prosody --corpus ../shared/data/kathleen-24k
"""
import argparse
import math
import os

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from .acoustic import F0_SPREAD
from .corpus import WORK_DIR, cached_audio_and_mels, corpus_key, read_metadata
from .mel import HOP, SAMPLE_RATE

F0_MIN = 55.0
F0_MAX = 420.0
F0_REF = 140.0
F0_CLAMP = 3.0
MEDIAN_FRAMES = 5
# YIN's dip threshold on the normalised difference. Textbook 0.1-0.15 misses
# much of a mature voice's breathy or creaky vowels (on kathleen-24k 0.15 left
# 26% of vowel frames unvoiced, 0.25 17%) while voiceless consonants stay
# below 10% voiced and the F0 distribution does not move.
YIN_THRESHOLD = 0.25
# Integration window of the difference function; 20 ms holds a full period of
# the lowest F0 we track, so low voices are not judged on a partial cycle.
YIN_WINDOW = 480
# Frames quieter than this below the utterance's loudest frame are silence,
# where YIN would otherwise find "periods" in hum or room noise.
SILENCE_DB = 45.0


def lag_range(sr=SAMPLE_RATE):
    """(shortest, longest) lag in samples of the F0 range F0_MIN..F0_MAX."""
    return int(math.floor(sr / F0_MAX)), int(math.ceil(sr / F0_MIN))


def yin_cmnd(wav, sr=SAMPLE_RATE, hop=HOP):
    """YIN's cumulative-mean-normalised difference per frame: (cmnd [F, tau_max + 2], level dB [F]).

    Frame i is centred on sample i*hop; lags 0..tau_max + 1 are kept, so the
    lags of F0_MIN..F0_MAX and one neighbour on each side are all there.
    wav: float array in -1..1.
    """
    _, tau_max = lag_range(sr)
    W = YIN_WINDOW
    L = W + tau_max + 1
    n_frames = len(wav) // hop + 1
    # The compared (head) window is centred on sample i*hop, the mel's framing; its lagged copy
    # reaches at most tau_max past it, which the right padding covers.
    x = np.pad(wav.astype(np.float64), (W // 2, L), mode="reflect")
    fr = sliding_window_view(x, L)[::hop][:n_frames]

    # Difference d(tau) = E(head) + E(lagged window) - 2 * correlation, via one FFT per frame.
    n_fft = 1 << int(math.ceil(math.log2(L + W)))
    spec_all = np.fft.rfft(fr, n_fft)
    spec_head = np.fft.rfft(fr[:, :W], n_fft)
    corr = np.fft.irfft(np.conj(spec_head) * spec_all, n_fft)[:, :tau_max + 2]
    cs = np.concatenate([np.zeros((n_frames, 1)), np.cumsum(fr ** 2, axis=1)], axis=1)
    taus = np.arange(tau_max + 2)
    e_lag = cs[:, taus + W] - cs[:, taus]
    e_head = cs[:, W:W + 1]
    diff = np.maximum(e_head + e_lag - 2.0 * corr, 0.0)

    # Cumulative-mean normalisation removes the bias toward tau = 0 and makes one threshold fit all levels.
    cum = np.cumsum(diff[:, 1:], axis=1)
    cmnd = np.ones_like(diff)
    cmnd[:, 1:] = diff[:, 1:] * taus[1:] / np.maximum(cum, 1e-12)
    level = 10 * np.log10(np.maximum(e_head[:, 0] / W, 1e-12))
    return cmnd, level


def yin_f0(wav, sr=SAMPLE_RATE, hop=HOP):
    """F0 in Hz per frame (0 where unvoiced), before median filtering. wav: float array in -1..1."""
    cmnd, level = yin_cmnd(wav, sr, hop)
    tau_min, tau_max = lag_range(sr)
    n_frames = cmnd.shape[0]

    # First dip under the threshold, followed down to its local minimum (YIN's rule; avoids subharmonics).
    seg = cmnd[:, tau_min:tau_max + 1]
    rising = cmnd[:, tau_min + 1:tau_max + 2] >= seg
    cand = (seg < YIN_THRESHOLD) & rising
    voiced = cand.any(axis=1)
    tau = tau_min + np.argmax(cand, axis=1)

    rows = np.arange(n_frames)
    a, b, c = cmnd[rows, tau - 1], cmnd[rows, tau], cmnd[rows, tau + 1]
    denom = a - 2 * b + c
    shift = np.where(np.abs(denom) > 1e-12, 0.5 * (a - c) / np.where(denom == 0, 1, denom), 0.0)
    f0 = sr / (tau + np.clip(shift, -1, 1))

    voiced &= level > level.max() - SILENCE_DB
    voiced &= (f0 >= F0_MIN) & (f0 <= F0_MAX)
    return np.where(voiced, f0, 0.0)


def median_filter(track, width=MEDIAN_FRAMES):
    """Centred running median; unvoiced frames count as 0, so a frame is voiced when most neighbours are."""
    h = width // 2
    padded = np.pad(track, (h, h), mode="edge")
    return np.median(sliding_window_view(padded, width), axis=1)


def frame_f0(wav):
    return median_filter(yin_f0(wav)).astype(np.float32)


def frame_energy(mel):
    """Mean of the natural-log mel over bins, per frame. mel: [80, F]."""
    return mel.mean(axis=0).astype(np.float32)


def frame_bright(mel):
    """Spectral centroid of exp(mel) with bin k of K mapped to k/(K-1), so 0 is dark and 1 bright."""
    p = np.exp(mel.astype(np.float64))
    pos = np.linspace(0.0, 1.0, mel.shape[0])[:, None]
    return ((p * pos).sum(axis=0) / np.maximum(p.sum(axis=0), 1e-12)).astype(np.float32)


def frame_tracks(wav, mel):
    """{'f0', 'energy', 'bright'} per frame for one utterance; wav int16 or float, mel [80, F]."""
    w = wav.astype(np.float32) / 32768.0 if wav.dtype == np.int16 else wav
    mel = mel.astype(np.float32)
    f0 = frame_f0(w)
    if f0.size != mel.shape[1]:
        raise ValueError(f"F0 track has {f0.size} frames, mel {mel.shape[1]}")
    return {"f0": f0, "energy": frame_energy(mel), "bright": frame_bright(mel)}


def _settings():
    # Stored with each cached track, so changing a tracker setting recomputes instead of mixing.
    return np.array([F0_MIN, F0_MAX, MEDIAN_FRAMES, YIN_THRESHOLD, YIN_WINDOW, SILENCE_DB], dtype=np.float64)


def cached_frame_tracks(corpus_dir, utts):
    """Frame tracks of every utterance in `utts`, computed once and cached."""
    cache = os.path.join(WORK_DIR, "prosody-" + corpus_key(corpus_dir))
    os.makedirs(cache, exist_ok=True)
    out, missing = {}, []
    for u in utts:
        p = os.path.join(cache, u.id + ".npz")
        if os.path.exists(p):
            with np.load(p) as z:
                if "settings" in z.files and np.array_equal(z["settings"], _settings()):
                    out[u.id] = {k: z[k] for k in ("f0", "energy", "bright")}
                    continue
        missing.append(u)
    if missing:
        wavs, mels = cached_audio_and_mels(corpus_dir, missing)
        for u, w, m in zip(missing, wavs, mels):
            tr = frame_tracks(w, m)
            tmp = os.path.join(cache, u.id + ".tmp.npz")
            np.savez(tmp, settings=_settings(), **tr)
            os.replace(tmp, os.path.join(cache, u.id + ".npz"))
            out[u.id] = tr
    return out


def log_f0_target(f0):
    """Normalised log-F0 per frame (0 where unvoiced), the scale the pitch head predicts."""
    voiced = f0 > 0
    lf = (np.log(np.where(voiced, f0, F0_REF)) - math.log(F0_REF)) / F0_SPREAD
    return np.where(voiced, np.clip(lf, -F0_CLAMP, F0_CLAMP), 0.0)


def token_targets(tracks, durations):
    """Token targets from frame tracks and integer durations [T]: pitch [T, 2], energy [T], bright [T].

    pitch[:, 0] is the mean normalised log-F0 over the token's voiced frames
    (0 if none), pitch[:, 1] its voiced fraction. A token of zero frames reads
    the frame at its boundary, so its neighbours' context stays continuous.
    """
    f0 = tracks["f0"]
    n = f0.size
    d = np.asarray(durations, dtype=np.int64)
    if d.sum() != n:
        raise ValueError(f"durations sum to {d.sum()}, tracks have {n} frames")
    start = np.minimum(np.cumsum(d) - d, n - 1)
    end = np.minimum(start + np.maximum(d, 1), n)

    def window_sum(q):
        cs = np.concatenate([[0.0], np.cumsum(q, dtype=np.float64)])
        return cs[end] - cs[start]

    voiced = (f0 > 0).astype(np.float64)
    count = end - start
    n_voiced = window_sum(voiced)
    lf = window_sum(log_f0_target(f0)) / np.maximum(n_voiced, 1)
    pitch = np.stack([lf, n_voiced / count], axis=1)
    energy = window_sum(tracks["energy"]) / count
    bright = window_sum(tracks["bright"]) / count
    return pitch.astype(np.float32), energy.astype(np.float32), bright.astype(np.float32)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--corpus", required=True)
    a = p.parse_args()
    utts = read_metadata(a.corpus)
    tracks = cached_frame_tracks(a.corpus, utts)
    f0 = np.concatenate([t["f0"] for t in tracks.values()])
    v = f0[f0 > 0]
    print(f"{len(tracks)} utterances, {f0.size} frames, {100 * v.size / f0.size:.1f}% voiced")
    print("voiced F0 percentiles (Hz): " + " ".join(
        f"p{q}={np.percentile(v, q):.0f}" for q in (1, 5, 25, 50, 75, 95, 99)))
    hist, edges = np.histogram(v, bins=np.arange(50, 430, 20))
    for h, e in zip(hist, edges):
        print(f"  {e:4.0f}-{e + 20:<4.0f} {'#' * int(round(60 * h / hist.max()))}")


if __name__ == "__main__":
    main()
