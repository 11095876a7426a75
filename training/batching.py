"""Batches of similar-length utterances.

Sorting by length before cutting batches keeps padding (wasted compute, and
on CPU that is most of the cost) small; a little random jitter in the sort and
a shuffle of the batches keep the order from repeating epoch after epoch.
"""


def length_batches(lengths, rng, max_frames):
    """Index lists whose padded size (longest x count) stays within max_frames, in random order.

    lengths: frames per item; rng: a random.Random. An item longer than max_frames gets a batch alone.
    """
    order = sorted(range(len(lengths)), key=lambda i: lengths[i] + rng.random())
    out, cur, longest = [], [], 0
    for i in order:
        n = lengths[i]
        if cur and max(longest, n) * (len(cur) + 1) > max_frames:
            out.append(cur)
            cur, longest = [], 0
        cur.append(i)
        longest = max(longest, n)
    if cur:
        out.append(cur)
    rng.shuffle(out)
    return out
