#!/usr/bin/python3
"""training/bandwidth.py and train_vocoder --full-band: the teacher's 16 kHz
bottleneck and the loss-side low-pass each keep the band below 8 kHz and
remove the one above; a loss on a band-limited take cannot push on what the
generator puts above the band, while one on a full-band take can; and two
steps of the trainer run with a full-band corpus mixed in.

  /usr/bin/python3 tests/test_bandwidth.py INFLECT_SAY VOICE.gguf

Exit 77 (skip) without PyTorch, scipy or soundfile.
"""
import os
import subprocess
import sys
import tempfile

from checks import check_shown, finish
from skip import skip

TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, TOP)  # the training package
try:
    import numpy as np
    import scipy.signal  # noqa: F401  (limit_band resamples with it)
    import soundfile  # noqa: F401  (the trainer reads the corpora with it)
    import torch
    from training import bandwidth
    from training.mel import LogMel, N_FFT, SAMPLE_RATE as SR, mel_filterbank
except ImportError as e:
    skip(str(e))


def band_db(x, lo, hi):
    """Mean power spectral density of x between lo and hi Hz, dB."""
    f, p = scipy.signal.welch(np.asarray(x, dtype=np.float64), SR, nperseg=2048)
    return 10 * np.log10(p[(f >= lo) & (f < hi)].mean())


def test_filters():
    noise = np.random.default_rng(1).standard_normal(4 * SR).astype(np.float32)
    lowpass = bandwidth.LowPass()
    # resample_poly's default filter, the corpus's own, rolls off from 7 kHz (-4 dB at 7.6, -21 at 8.8,
    # -54 at 9.5); the loss-side FIR is steeper.
    for name, out, stop in (("limit_band", bandwidth.limit_band(noise), 9500),
                            ("LowPass", lowpass(torch.from_numpy(noise).view(1, 1, -1))[0, 0].numpy(), 8800)):
        check_shown(len(out) == len(noise), f"{name}: {len(out)} samples out of {len(noise)}")
        kept = band_db(out, 100, 6800) - band_db(noise, 100, 6800)
        gone = band_db(out, stop, 12000) - band_db(noise, stop, 12000)
        check_shown(abs(kept) < 0.2, f"{name}: 0.1-6.8 kHz changed by {kept:+.2f} dB (within 0.2)")
        check_shown(gone < -45, f"{name}: {stop / 1000:g}-12 kHz at {gone:.1f} dB (below -45)")
    # The mels a full-band take is given are those of a band-limited one: empty in the top bins.
    mel = LogMel()
    full, limited = (mel(torch.from_numpy(np.asarray(x, dtype=np.float32))).mean(dim=1).numpy()
                     for x in (noise, bandwidth.limit_band(noise)))
    centre = mel_filterbank().argmax(axis=1) * SR / N_FFT
    top, low = centre > 9500, centre < 6800
    drop = full - limited
    check_shown(np.all(drop[top] > 5.0), f"mel bins centred above 9.5 kHz lowered by {drop[top].min():.1f} nats "
                                         f"or more (over 5)")
    check_shown(np.all(np.abs(drop[low]) < 0.05),
                f"mel bins centred below 6.8 kHz moved by at most {np.abs(drop[low]).max():.3f} nats")


def test_gradient():
    """A loss on energy above 9 kHz, through bandwidth.seen: its gradient per row."""
    lowpass = bandwidth.LowPass()
    torch.manual_seed(1)
    x = torch.randn(2, 1, 8192, requires_grad=True)
    limited = torch.tensor([True, False])
    spec = torch.fft.rfft(bandwidth.seen(x, limited, lowpass)[:, 0])
    freqs = torch.fft.rfftfreq(8192, 1 / SR)
    spec[:, freqs > 9000].abs().square().sum().backward()
    g = x.grad[:, 0].square().sum(dim=1)
    ratio = 10 * float(torch.log10(g[0] / g[1]))
    check_shown(ratio < -45, f"a high-band loss pushes a band-limited take {ratio:.1f} dB less than a full-band one")


def test_trainer(say, voice):
    sentences = ("The boat drifted slowly toward the shore.", "She counted seven birds on the wire.",
                 "Nobody expected the rain to stop so soon.", "A warm light filled the empty kitchen.")
    py = sys.executable
    with tempfile.TemporaryDirectory(prefix="inflect-bandwidth-test-") as tmp:
        corpora = {}
        for name in ("narrow", "wide"):
            corpus = corpora[name] = os.path.join(tmp, name)
            os.makedirs(os.path.join(corpus, "wavs"))
            with open(os.path.join(corpus, "metadata.csv"), "w", encoding="utf-8") as f:
                for i, text in enumerate(sentences):
                    uid = f"{name}-{i}"
                    subprocess.run([say, "--voice", voice, "-o", os.path.join(corpus, "wavs", uid + ".wav"),
                                    "--", text], check=True, timeout=120)
                    f.write(f"{uid}|{text}\n")
            with open(os.path.join(corpus, "heldout.txt"), "w", encoding="utf-8") as f:
                f.write(f"{name}-3\n")
        work = os.path.join(tmp, "work")
        env = dict(os.environ, INFLECT_WORK=work, OMP_NUM_THREADS="1", PYTHONPATH=TOP, PYTHONSAFEPATH="1")
        # A share that leaves either corpus out of the batch is refused before any work is done.
        for share in ("0", "1"):
            p = subprocess.run([py, "-m", "training.train_vocoder", "--corpus", corpora["narrow"],
                                "--full-band", corpora["wide"], "--full-band-share", share, "--batch", "2"],
                               env=env, capture_output=True, text=True, timeout=120)
            check_shown(p.returncode == 2 and "each corpus needs at least one" in p.stderr,
                        f"--full-band-share {share} of a batch of 2: exit {p.returncode}, refused with a reason")
        p = subprocess.run([py, "-m", "training.train_vocoder", "--corpus", corpora["narrow"],
                            "--full-band", corpora["wide"], "--full-band-share", "0.5", "--steps", "2",
                            "--batch", "2", "--frames", "16", "--threads", "1", "--device", "cpu",
                            "--init-voice", voice], env=env, capture_output=True, text=True, timeout=600)
        check_shown(p.returncode == 0, f"train_vocoder --full-band: exit {p.returncode}")
        if p.returncode:
            print(p.stdout[-2000:] + p.stderr[-2000:], file=sys.stderr)
            return
        check_shown("full band from wide: 3 takes, 50% of each batch" in p.stdout,
                    "the full-band corpus's training takes are mixed in, half of each batch")
        cached = sorted(os.listdir(os.path.join(work, "features", bandwidth.cache_name("wide"))))
        check_shown(cached == ["wide-0.npy", "wide-1.npy", "wide-2.npy"],
                    f"band-limited mels cached for the training takes only: {cached}")
        ck = torch.load(os.path.join(work, "vocoder-narrow", "checkpoint.pt"), map_location="cpu")
        check_shown(ck["step"] == 2, f"checkpoint at step {ck['step']}")


def main():
    test_filters()
    test_gradient()
    test_trainer(sys.argv[1], sys.argv[2])
    return finish("bandwidth: all checks passed")


if __name__ == "__main__":
    sys.exit(main())
