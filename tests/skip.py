#!/usr/bin/python3
"""Stands in for a test that cannot run on this machine: prints why and
exits 77, which meson reports as SKIP. The test stays listed, with its
reason in the log, instead of silently not existing.

  skip.py REASON...

A test that finds out itself that it cannot run ends the same way with
`from skip import skip; skip(REASON)`, or skip_unmade(MANIFEST) for
fixtures that could not be made.
"""
import sys

SKIP = 77


def skip(reason):
    """Ends the test as skipped, with the reason in its log."""
    print("skip: " + reason, flush=True)
    sys.exit(SKIP)


def skip_unmade(manifest):
    """Skips when the fixtures of MANIFEST were not made: without PyTorch,
    tests/make_*parity.py write only the line `skip REASON`."""
    with open(manifest, encoding="utf-8") as f:
        first = f.readline()
    if first.startswith("skip "):
        skip(first[5:].strip())


if __name__ == "__main__":
    skip(" ".join(sys.argv[1:]))
