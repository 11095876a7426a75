#!/usr/bin/python3
"""training/comb_loss.py on signals whose answer is known: nothing for a
recording against itself or for noise that does not repeat at the frame
rate, a clear cost for an imprint repeated every frame and for the
upsampler's lines at 6 and 12 kHz, and a gradient that lowers the imprint.

  /usr/bin/python3 tests/test_comb_loss.py

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
    from training.comb_loss import HopCombLoss
    from training.mel import HOP, SAMPLE_RATE as SR
except ImportError as e:
    skip(str(e))

torch.manual_seed(1)
FRAMES = 32
loss = HopCombLoss()
# Stand-ins for a batch of 8 recorded segments: noise and a chirp,
# nothing in phase with the frames.
t = torch.arange(FRAMES * HOP, dtype=torch.float32)
real = torch.stack([0.1 * torch.randn(FRAMES * HOP) + 0.05 * torch.sin(t * (0.05 + 0.01 * b) + 1e-5 * t * t)
                    for b in range(8)])
# One frame's imprint, 10 dB under the signal, repeated in every frame:
# 5 dB over what the recording leaves in phase with the frames (1/32 of it).
imprint = 0.03 * torch.randn(HOP)

same = float(loss(real, real))
check(same == 0.0, f"a recording against itself costs {same}, expected 0")
other = float(loss(real + 0.03 * torch.randn_like(real), real))
combed = float(loss(real + imprint.repeat(FRAMES), real))
check(combed > 0.5, f"an imprint 10 dB down in every frame costs {combed:.3f}, expected > 0.5")
check(other < combed / 4, f"noise of the same power that does not repeat costs {other:.3f}, "
      f"expected under a quarter of the imprint's {combed:.3f}")

# The upsampler's lines: steady tones 20 dB under the signal, about 10 dB
# over its spectrum at their frequency (the gate allows 3).
for hz in (6000, 12000):
    line = 0.01 * torch.cos(2 * math.pi * hz / SR * t)
    lined = float(loss(real + line, real))
    check(lined > 0.5, f"a line at {hz} Hz 20 dB down costs {lined:.3f}, expected > 0.5")

# One gradient step on the imprint alone shrinks it.
x = imprint.clone().requires_grad_(True)
loss(real + x.repeat(FRAMES), real).backward()
with torch.no_grad():
    smaller = float(loss(real + (x - 0.002 * x.grad / x.grad.abs().max()).repeat(FRAMES), real))
check(smaller < combed, f"a step down the gradient leaves {smaller:.3f}, not under {combed:.3f}")

sys.exit(finish("comb loss: all checks passed"))
