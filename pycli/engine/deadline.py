"""``--time-limit``: one bound on a whole command (reading, grounding, solving), with a margin.

A command runs its work inside ``bounded(seconds)``.  Each search then gets what is
left of the limit, less a share kept for building the answer (search_seconds), so a
command whose search is cut short still shows the best portfolio found, marked not
proven.  Grounding cannot be interrupted (clingo has no way to stop it), and reading a
file is Python work, so a watchdog thread ends the process at ``seconds + MARGIN``
with exit status 3 and one line saying which step ran out.  clingo releases Python's
lock while it grounds and solves, so the watchdog runs on time whatever the main
thread is doing.  Nothing has been written by then: the answer is written after
``bounded`` ends (``finish``), and files are written whole or not at all (pycli.atomic).
Called in a long-lived process (a test runner), the watchdog ends that process too.
"""

from __future__ import annotations

import contextlib
import math
import os
import threading
import time
from collections.abc import Iterator

from pycli.errors import EXIT_NOT_PROVEN, InputError, one_line

#: The longest --time-limit: a day.  Beyond it clingo's own timer overflows (1e10 made
#: it return at once) and no evaluation of this knowledge base needs it.
MAX_SECONDS = 86_400.0
MIN_SECONDS = 0.001
#: How long after the limit the watchdog ends a command still reading or grounding
#: (docs/cli.md): a whole command takes at most SECONDS + MARGIN from its start.
MARGIN = 0.5
#: What a search leaves for building the answer after it: this share of the time left,
#: or this share of the time spent so far if more (the answer takes longer the larger the
#: input: about half the time reading and grounding took, for 8,000 matters).
ANSWER_SHARE = 0.25
ANSWER_PER_ELAPSED = 0.5
#: A process younger than this when a command starts is a command line just started:
#: its start-up counts against the limit.
FRESH = 30.0


def parse_seconds(value: str | float | None, option: str = "--time-limit") -> float | None:
    """A --time-limit value as seconds; anything but a finite number in range is exit 2."""
    if value is None:
        return None
    text = str(value).strip()
    try:
        seconds = float(text) if len(text) <= 40 else math.nan
    except ValueError:
        seconds = math.nan
    if not (MIN_SECONDS <= seconds <= MAX_SECONDS):  # also refuses nan and inf
        shown = text if len(text) <= 40 else text[:40] + "..."
        raise InputError(option, "", f"expected a number of seconds from {MIN_SECONDS} to {MAX_SECONDS:,.0f}, "
                                     f"got {shown!r}")
    return seconds


def _process_age() -> float:
    """Seconds since this process started (Linux: /proc), so that Python's own start counts
    against the limit too; 0 where it cannot be told."""
    try:
        with open("/proc/self/stat", "rb") as stat, open("/proc/uptime", "rb") as uptime:
            started = int(stat.read().rsplit(b")", 1)[1].split()[19]) / os.sysconf("SC_CLK_TCK")
            return max(0.0, float(uptime.read().split()[0]) - started)
    except (OSError, ValueError, IndexError):
        return 0.0


class _Watch:
    """The running command's limit, its current step, and the watchdog that enforces it."""

    def __init__(self, seconds: float, what: str) -> None:
        self.seconds, self.what = seconds, what
        age = _process_age()
        # A fresh process (a command line) counts its start-up; a long-lived one (a library
        # caller, a test runner) counts from the call.
        self.end = time.monotonic() - (age if age < FRESH else 0.0) + seconds
        self.step = "starting up"
        self.done = threading.Event()
        self.thread = threading.Thread(target=self._watch, name="policykb-time-limit", daemon=True)

    def _watch(self) -> None:
        if self.done.wait(self.end + MARGIN - time.monotonic()):
            return
        line = "policykb: " + one_line(self.what, "", f"the time limit of {self.seconds:g} s ran out while "
                                       f"{self.step}, before an answer was ready; allow more time with --time-limit") + "\n"
        os.write(2, line.encode("utf-8", "backslashreplace"))
        os._exit(EXIT_NOT_PROVEN)


_CURRENT: _Watch | None = None


@contextlib.contextmanager
def bounded(seconds: float | None, what: str) -> Iterator[None]:
    """Run the block under a limit of ``seconds`` (None: no limit); ``what`` names the input."""
    global _CURRENT
    if seconds is None or _CURRENT is not None:
        yield
        return
    watch = _CURRENT = _Watch(seconds, what)
    watch.thread.start()
    try:
        yield
    finally:
        finish()


def finish() -> None:
    """Stop the watchdog: the answer is about to be written, and must be written whole."""
    global _CURRENT
    if _CURRENT is not None:
        _CURRENT.done.set()
        _CURRENT = None


def step(name: str) -> None:
    """Name the step the command is now in ("grounding"), for the watchdog's message."""
    if _CURRENT is not None:
        _CURRENT.step = name


def search_seconds(asked: float | None) -> float | None:
    """How long a search may run: ``asked`` (a solver's own limit), within what the command
    has left less the share kept for the answer; None for no limit."""
    watch = _CURRENT
    if watch is None:
        return asked
    now = time.monotonic()
    left = watch.end - now
    reserve = max(left * ANSWER_SHARE, (now - (watch.end - watch.seconds)) * ANSWER_PER_ELAPSED)
    budget = max(MIN_SECONDS, left - reserve)
    return budget if asked is None else min(asked, budget)
