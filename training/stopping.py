"""Graceful stop for the trainers: SIGTERM or Ctrl-C ends the current step,
then the trainer saves its checkpoint and exits, so a session that is shut
down (or a person who wants the CPU back) loses no training."""
import signal


class StopRequest:
    """`requested` turns true on SIGTERM or SIGINT; a second signal of
    either kind exits at once, as it would without this."""

    def __init__(self):
        self.requested = False
        for sig in (signal.SIGTERM, signal.SIGINT):
            signal.signal(sig, self._handle)

    def _handle(self, signum, frame):
        if self.requested:
            raise SystemExit(128 + signum)
        self.requested = True
        print(f"signal {signum}: stopping after this step", flush=True)
