#!/usr/bin/python3
"""training/periodicity_loss.py on signals whose answer is known: its CMND
the gate's own (training/prosody.py), nothing for a recording against
itself or for a take cleaner than it, a cost that grows with a wandering
period and with noise in a vowel, none in the recording's pauses, and a
gradient that takes noise out of a vowel.

  /usr/bin/python3 tests/test_periodicity_loss.py

Exit 77 (skip) without PyTorch.
"""
import math
import os
import sys

from checks import check, finish
from skip import skip

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))  # the training package
try:
    import numpy as np
    import torch
    from training.mel import HOP, SAMPLE_RATE as SR
    from training.periodicity_loss import PeriodicityLoss
    from training.prosody import YIN_WINDOW, yin_cmnd
except ImportError as e:
    skip(str(e))

torch.manual_seed(1)
loss = PeriodicityLoss()
T = 32 * HOP


def vowel(f0, jitter=0.0):
    """A 1/h-sloped harmonic tone at f0 Hz, [1, T]; jitter: the relative spread of each 10 ms's period."""
    steps = torch.randn(T // 240 + 1).repeat_interleave(240)[:T]
    phase = 2 * math.pi * torch.cumsum(f0 * (1 + jitter * steps), 0) / SR
    h = torch.arange(1, 31, dtype=torch.float32)[:, None]
    return (torch.cos(h * phase) / h).sum(dim=0, keepdim=True)


real = vowel(100.0)

# The difference function is the gate's: the same frames through both agree.
x = np.pad(real[0].double().numpy(), (YIN_WINDOW // 2, loss.length), mode="reflect")
ours = loss.cmnd(torch.from_numpy(x)[None])[0][0].numpy()
gate = yin_cmnd(real[0].double().numpy())[0][:, 1:]
n = min(len(ours), len(gate))
check(np.abs(ours[:n] - gate[:n]).max() < 1e-9, "the loss's CMND is not training/prosody.py's")

check(float(loss(real, real)) == 0.0, "a recording against itself costs something")
near = float(loss(vowel(100.0 * 2 ** (0.1 / 12)), real))
check(near < 0.002, f"a tenth of a semitone off, within the tolerance, costs {near:.4f}")

# A period that wanders from cycle to cycle is what the gate hears as hoarse.
wander = [float(loss(vowel(100.0, j), real)) for j in (0.005, 0.02)]
check(0.0 < wander[0] < wander[1], f"periods wandering by 0.5% and 2% cost {wander}, expected 0 < first < second")

noise = torch.randn_like(real) * real.std()
noisy = [float(loss(real + k * noise, real)) for k in (0.1, 0.3)]
check(0.005 < noisy[0] < noisy[1], f"noise 20 and 10 dB under the vowel cost {noisy}, expected 0.005 < first < second")
check(float(loss(real, real + 0.3 * noise)) == 0.0, "a take cleaner than its recording costs something")

# Only the recording's voiced frames count: loud noise where it pauses costs only in the
# one frame that reaches from the vowel into the pause.
half = T // 2
paused = torch.cat([real[:, :half], 1e-3 * torch.randn(1, T - half)], dim=1)
filled = torch.cat([real[:, :half], 0.3 * torch.randn(1, T - half)], dim=1)
in_vowel = float(loss(real + 0.3 * torch.randn_like(real) * real.std(), real))
in_pause = float(loss(filled, paused))
check(in_pause < in_vowel / 20, f"noise in the recording's pause costs {in_pause:.4f}, "
      f"expected under a twentieth of the same noise in its vowel ({in_vowel:.4f})")

# The gradient takes the noise out.
k = torch.tensor(0.3, requires_grad=True)
opt = torch.optim.Adam([k], lr=0.02)
for _ in range(30):
    opt.zero_grad()
    loss(real + k * noise, real).backward()
    opt.step()
check(abs(float(k)) < 0.15, f"30 gradient steps left the noise at {float(k):.2f} of the vowel (started at 0.3)")

sys.exit(finish("periodicity loss: all checks passed"))
