"""A held-out sentence spoken by a voice, above the same sentence from its reference, as one PNG.

For the model cards: the buzz, the missing top band and the harmonics that
stop too early are plain to see in a spectrogram next to the real thing.
Both halves share one colour scale, each relative to its own loudest point.

  /usr/bin/python3 -m training.spectrogram --voice models/kathleen.gguf --out models/kathleen-spectrogram.png
  /usr/bin/python3 -m training.spectrogram --voice models/rms.gguf --reference flite-rms \\
      --corpus tests/data/rms-suite --heldout tests/data/rms-suite/heldout.txt --out models/rms-spectrogram.png

Needs matplotlib (Debian: python3-matplotlib).
"""
import argparse
import io
import math
import os
import sys
import tempfile

import numpy as np

from .corpus import heldout_file, load_audio
from .evaluate import REPO, engine_audio, flite_audio, heldout_prompts
from .mel import SAMPLE_RATE

N_FFT = 1024
HOP = 128
RANGE_DB = 80.0


def power_db(wav):
    """Log-power spectrogram [bins, frames] in dB relative to its loudest cell."""
    x = np.pad(np.asarray(wav, dtype=np.float64), (N_FFT // 2, N_FFT // 2))
    n = 1 + (x.size - N_FFT) // HOP
    window = 0.5 - 0.5 * np.cos(2 * math.pi * np.arange(N_FFT) / N_FFT)
    frames = np.stack([x[i * HOP:i * HOP + N_FFT] * window for i in range(n)])
    p = np.abs(np.fft.rfft(frames, axis=1).T) ** 2
    db = 10 * np.log10(np.maximum(p, 1e-20))
    return db - db.max()


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--voice", required=True)
    p.add_argument("--out", required=True, help="PNG to write")
    p.add_argument("--engine", default=os.path.join(REPO, "build", "engine", "inflect-say"))
    p.add_argument("--corpus", default=os.path.join(os.path.dirname(REPO), "shared", "data", "kathleen-24k"))
    p.add_argument("--heldout", default=None,
                   help="held-out prompt ids (default: the corpus's heldout.txt, else "
                        "training/splits/<corpus>-heldout.txt)")
    p.add_argument("--prompt", help="held-out prompt id (default: the first)")
    p.add_argument("--reference", choices=("recordings", "flite-rms"), default="recordings")
    a = p.parse_args()
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        sys.exit("spectrogram: needs matplotlib (apt-get install python3-matplotlib)")

    a.heldout = heldout_file(a.corpus, a.heldout)
    prompts = heldout_prompts(a.corpus, a.heldout, 0, need_audio=a.reference == "recordings")
    chosen = [q for q in prompts if a.prompt in (None, q[0])]
    if not chosen:
        sys.exit(f"spectrogram: {a.prompt} is not a held-out prompt of {a.heldout}")
    pid, text, path = chosen[0]
    with tempfile.TemporaryDirectory(prefix="inflect-spectrogram-") as tmp:
        voice = engine_audio(a.engine, a.voice, text, tmp)
        ref = load_audio(path) if a.reference == "recordings" else flite_audio(text, tmp)
    ref_name = f"recording {pid}" if a.reference == "recordings" else "flite rms (16 kHz, resampled)"

    seconds = max(len(voice), len(ref)) / SAMPLE_RATE
    fig, axes = plt.subplots(2, 1, figsize=(8, 5), sharex=True, constrained_layout=True)
    for ax, wav, title in ((axes[0], voice, f"{os.path.basename(a.voice)} (inflect-say)"), (axes[1], ref, ref_name)):
        db = power_db(wav)
        im = ax.imshow(db, origin="lower", aspect="auto", cmap="magma", vmin=-RANGE_DB, vmax=0,
                       extent=(0, len(wav) / SAMPLE_RATE, 0, SAMPLE_RATE / 2000))
        ax.set_xlim(0, seconds)
        ax.set_ylabel("kHz")
        ax.set_title(title, fontsize=10)
    axes[1].set_xlabel("seconds")
    fig.colorbar(im, ax=axes, label="dB re loudest", shrink=0.8)
    fig.suptitle(f"\u201c{text}\u201d", fontsize=10)
    # 64 colours are plenty for one colour map and keep the picture small enough to commit.
    from PIL import Image
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=80)
    Image.open(buf).convert("RGB").quantize(64).save(a.out, optimize=True)
    print(f"{a.out}: {pid}, {text!r}")


if __name__ == "__main__":
    main()
