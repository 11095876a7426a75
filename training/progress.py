"""A text progress bar for the trainers' log lines: how far a run is towards
its --minutes or --steps limit, whichever comes first, with the time left.
Plain text, one bar per log line, so it reads the same in a terminal and in
a log file written under nohup."""
import time

WIDTH = 20


def progress(t0, minutes, step, first_step, steps):
    """'[#######.............]  35% 12:40 left' for a run started at time t0
    (time.time()) at first_step, limited to `minutes` (0: none) and `steps`."""
    elapsed = time.time() - t0
    by_time = elapsed / (minutes * 60) if minutes else 0.0
    done_steps = step - first_step
    by_steps = done_steps / (steps - first_step) if steps > first_step else 1.0
    frac = min(1.0, max(by_time, by_steps))
    if frac <= 0:
        return "[" + "." * WIDTH + "]   0%"
    left = elapsed * (1 - frac) / frac
    filled = int(frac * WIDTH)
    return f"[{'#' * filled}{'.' * (WIDTH - filled)}] {100 * frac:3.0f}% {int(left // 60)}:{int(left % 60):02d} left"
