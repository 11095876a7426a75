"""Integrated loudness of a mono signal, ITU-R BS.1770-4 (LUFS).

K-weighting is two biquads: a high shelf of about +4 dB above 1.5 kHz (the
head's acoustic effect) and a second-order high-pass near 38 Hz. The
standard tabulates their coefficients at 48 kHz only; here they are derived
for any rate from the analog prototypes (corner, gain and Q below) with the
bilinear transform, which reproduces the 48 kHz table to its printed digits.

The weighted signal's mean square over 400 ms blocks (75% overlap) gives
block loudness -0.691 + 10 log10(z). Blocks under -70 LUFS are dropped, then
those more than 10 LU below the loudness of the rest; the result is the
loudness of the mean square of the blocks that remain. With this
calibration a full-scale 1 kHz sine reads -3.01 LUFS.
"""
import math

import numpy as np
from scipy.signal import lfilter

SHELF_HZ = 1681.974450955533
SHELF_GAIN_DB = 3.999843853973347
SHELF_Q = 0.7071752369554196
# The shelf's zeros sit a little off its poles' radius; this exponent of the
# shelf gain places them where the standard's coefficients put them.
SHELF_MID_EXPONENT = 0.4996667741545416
HIGHPASS_HZ = 38.13547087602444
HIGHPASS_Q = 0.5003270373238773
BLOCK_S = 0.4
STEP_S = 0.1
ABSOLUTE_GATE = -70.0
RELATIVE_GATE = -10.0
OFFSET = -0.691


def k_weighting(sr):
    """[(b, a), (b, a)]: the shelf then the high-pass at sample rate sr."""
    k = math.tan(math.pi * SHELF_HZ / sr)
    vh = 10 ** (SHELF_GAIN_DB / 20)
    vb = vh ** SHELF_MID_EXPONENT
    a0 = 1 + k / SHELF_Q + k * k
    shelf = ([(vh + vb * k / SHELF_Q + k * k) / a0, 2 * (k * k - vh) / a0, (vh - vb * k / SHELF_Q + k * k) / a0],
             [1.0, 2 * (k * k - 1) / a0, (1 - k / SHELF_Q + k * k) / a0])
    k = math.tan(math.pi * HIGHPASS_HZ / sr)
    a0 = 1 + k / HIGHPASS_Q + k * k
    highpass = ([1.0, -2.0, 1.0], [1.0, 2 * (k * k - 1) / a0, (1 - k / HIGHPASS_Q + k * k) / a0])
    return [shelf, highpass]


def integrated_loudness(wav, sr):
    """LUFS of a mono signal in -1..1; None when it is shorter than one block or silent throughout."""
    y = np.asarray(wav, dtype=np.float64)
    for b, a in k_weighting(sr):
        y = lfilter(b, a, y)
    block, step = int(round(BLOCK_S * sr)), int(round(STEP_S * sr))
    if y.size < block:
        return None
    cs = np.concatenate([[0.0], np.cumsum(y * y)])
    starts = np.arange(0, y.size - block + 1, step)
    z = (cs[starts + block] - cs[starts]) / block
    with np.errstate(divide="ignore"):
        lk = OFFSET + 10 * np.log10(z)
    z = z[lk > ABSOLUTE_GATE]
    if z.size == 0:
        return None
    relative = OFFSET + 10 * math.log10(z.mean()) + RELATIVE_GATE
    z = z[OFFSET + 10 * np.log10(z) > relative]
    return float(OFFSET + 10 * math.log10(z.mean()))
