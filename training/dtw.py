"""Dynamic time warping of two feature sequences.

Synthesised speech and a recording of the same text differ in timing, so
frame-wise measures (MCD, F0 error) are taken along the cheapest monotonic
alignment instead of frame index against frame index.
"""
import numpy as np


def dtw_path(a, b):
    """Alignment of a [N, D] and b [M, D] under Euclidean frame distance.

    Steps (1,0), (0,1) and (1,1), all weighted 1, path from (0,0) to
    (N-1, M-1). Returns (index array into a, index array into b), equal length.
    """
    a = np.asarray(a, dtype=np.float64)
    b = np.asarray(b, dtype=np.float64)
    n, m = len(a), len(b)
    if n == 0 or m == 0:
        raise ValueError("dtw_path: empty sequence")
    cost = np.sqrt(np.maximum(
        (a * a).sum(1)[:, None] + (b * b).sum(1)[None, :] - 2.0 * a @ b.T, 0.0))
    acc = np.empty((n, m))
    acc[0] = np.cumsum(cost[0])
    for i in range(1, n):
        # Vertical and diagonal predecessors come from the previous row; the
        # horizontal one chains within this row, which is a running minimum
        # once the row's costs are written as prefix sums:
        # acc[i,j] = S[j] + min_{k<=j} (t[k] - S[k]), S = cumsum(cost[i]).
        t = cost[i] + np.minimum(acc[i - 1], np.concatenate(([np.inf], acc[i - 1, :-1])))
        s = np.cumsum(cost[i])
        acc[i] = s + np.minimum.accumulate(t - s)
    i, j = n - 1, m - 1
    pa, pb = [i], [j]
    while i > 0 or j > 0:
        if i == 0:
            j -= 1
        elif j == 0:
            i -= 1
        else:
            step = np.argmin((acc[i - 1, j - 1], acc[i - 1, j], acc[i, j - 1]))
            if step == 0:
                i, j = i - 1, j - 1
            elif step == 1:
                i -= 1
            else:
                j -= 1
        pa.append(i)
        pb.append(j)
    return np.array(pa[::-1]), np.array(pb[::-1])
