#!/usr/bin/python3
"""Stands in for a test that cannot run on this machine: prints why and
exits 77, which meson reports as SKIP. The test stays listed, with its
reason in the log, instead of silently not existing.

  skip.py REASON...
"""
import sys

print("skip: " + " ".join(sys.argv[1:]))
sys.exit(77)
