#!/usr/bin/python3
"""A libFuzzer target run for a few seconds from its seeds, as a smoke test.

  fuzz_smoke.py FUZZER SECONDS SEED...   (a seed is a file or a directory of them)
  fuzz_smoke.py --skip REASON             (report the test skipped)

The seeds are copied into a fresh corpus directory, so the source tree's are
never written to; a finding makes the fuzzer exit non-zero and fails the test.
"""
import os
import shutil
import subprocess
import sys
import tempfile

from skip import skip


def main():
    if len(sys.argv) == 3 and sys.argv[1] == "--skip":
        skip(sys.argv[2])
    if len(sys.argv) < 4:
        sys.exit(__doc__)
    fuzzer, seconds, seeds = sys.argv[1], sys.argv[2], sys.argv[3:]
    with tempfile.TemporaryDirectory(prefix="inflect-fuzz-") as tmp:
        corpus = os.path.join(tmp, "corpus")
        os.mkdir(corpus)
        for seed in seeds:
            if os.path.isfile(seed) and os.path.getsize(seed) == 0:
                skip(f"seed {seed} is empty (made without PyTorch)")
            files = [os.path.join(seed, f) for f in sorted(os.listdir(seed))] if os.path.isdir(seed) else [seed]
            for f in files:
                shutil.copy(f, corpus)
        p = subprocess.run([fuzzer, f"-max_total_time={seconds}", "-rss_limit_mb=4096", "-timeout=60",
                            f"-artifact_prefix={tmp}/", corpus], timeout=int(seconds) + 100)
        sys.exit(0 if p.returncode == 0 else 1)


if __name__ == "__main__":
    main()
