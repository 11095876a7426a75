"""The Python tests' checks, as tests/check.h is the C tests': a failed
check is recorded and the test goes on, so one run reports every fault,
and finish() turns the record into the exit status.

  from checks import check, finish
  ...
  sys.exit(finish("v2 reference: all checks passed"))
"""
import sys

failures = []


def check(cond, what):
    """Records `what` as failed (and says so on stderr) unless cond holds."""
    if not cond:
        failures.append(what)
        print(f"FAIL: {what}", file=sys.stderr)


def check_shown(cond, what):
    """check() that also lists the checks that pass, on stdout, for the
    tests whose log is the table of what they measured."""
    print(("ok   " if cond else "FAIL ") + what, flush=True)
    if not cond:
        failures.append(what)


def finish(passed):
    """The test's exit status: 1 after any failed check (their count on
    stderr), else 0, printing `passed`."""
    if failures:
        print(f"{len(failures)} failure(s)", file=sys.stderr)
        return 1
    print(passed)
    return 0
