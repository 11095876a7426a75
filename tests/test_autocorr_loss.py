#!/usr/bin/python3
"""training/autocorr_loss.py on signals whose answer is known: nothing for a
recording against itself, a cost that grows with a pitch error and with
noise in a vowel, little for what differs in a pause, and a gradient that
pulls a wrong pitch toward the recording's.

  /usr/bin/python3 tests/test_autocorr_loss.py

Exit 77 (skip) without PyTorch.
"""
import math
import os
import sys

from checks import check, finish
from skip import skip

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))  # the training package
try:
    import torch
    from training.autocorr_loss import AutocorrelationLoss
    from training.mel import HOP, SAMPLE_RATE as SR
except ImportError as e:
    skip(str(e))

torch.manual_seed(1)
loss = AutocorrelationLoss()
t = torch.arange(32 * HOP, dtype=torch.float32) / SR


def vowel(f0):
    """A 1/h-sloped harmonic tone: the periodic part of a vowel at f0 Hz, [1, T]."""
    f0 = torch.as_tensor(f0, dtype=torch.float32)
    h = torch.arange(1, 31, dtype=torch.float32)[:, None]
    return (torch.cos(2 * math.pi * h * f0 * t) / h).sum(dim=0, keepdim=True)


real = vowel(100.0)
check(float(loss(real, real)) == 0.0, "a recording against itself costs something")

# Pitch errors: the cost grows with the error and is clear at one semitone.
costs = [float(loss(vowel(100.0 * 2 ** (st / 12)), real)) for st in (0.3, 1.0, 3.0)]
check(costs[0] < costs[1] < costs[2], f"costs of 0.3, 1 and 3 semitones off do not grow: {costs}")
check(costs[1] > 0.05, f"one semitone off costs {costs[1]:.3f}, expected > 0.05")

# Hoarseness: noise 10 dB under the vowel costs, and more noise costs more.
noisy = [float(loss(real + k * real.std() * torch.randn_like(real), real)) for k in (0.3, 1.0)]
check(0.01 < noisy[0] < noisy[1], f"noise 10 and 0 dB under the vowel cost {noisy}, expected 0.01 < first < second")

# A pause weighs by its share of the energy: a buzz 40 dB down where the
# recording pauses costs a fraction of a semitone's error in the vowel.
half = real.shape[1] // 2
paused = torch.cat([real[:, :half], 1e-3 * torch.randn(1, real.shape[1] - half)], dim=1)
buzzed = torch.cat([real[:, :half], 0.01 * vowel(150.0)[:, half:]], dim=1)
pause_cost = float(loss(buzzed, paused))
check(pause_cost < costs[1] / 10, f"a buzz 40 dB down in a pause costs {pause_cost:.4f}, "
      f"expected under a tenth of a semitone's error ({costs[1]:.3f})")

# The gradient pulls a pitch one semitone sharp back toward the recording's.
f0 = torch.tensor(100.0 * 2 ** (1 / 12), requires_grad=True)
opt = torch.optim.Adam([f0], lr=0.5)
for _ in range(30):
    opt.zero_grad()
    loss(vowel(f0), real).backward()
    opt.step()
error = abs(12 * math.log2(float(f0) / 100.0))
check(error < 0.25, f"30 gradient steps left the pitch {error:.2f} semitones off (started at 1)")

sys.exit(finish("autocorrelation loss: all checks passed"))
