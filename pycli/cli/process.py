"""The ``policykb`` process: run the command group, then end without tearing the interpreter down.

Once a command has returned, its answer is written and its files closed; what is left is
the interpreter's own teardown (every module cleared, a last garbage collection, the
grounded Control freed), about 30 ms of a 200 ms ``policykb optimize``
(docs/performance.md).  Threads are still waited for, the exit handlers still run
(temporary folders removed, worker processes joined), the standard streams are flushed,
and the exit status is the one click chose.  Only the console script and ``python -m
pycli`` end this way; a program that calls ``pycli.cli.main.main`` keeps its interpreter.
"""

from __future__ import annotations

import atexit
import os
import sys
import threading

from pycli.cli.main import main


def status(code: object) -> int:
    """The exit status Python gives ``SystemExit(code)``, printing a message code as it would."""
    if code is None:
        return 0
    if isinstance(code, int):
        return code
    print(code, file=sys.stderr)
    return 1


def run() -> None:
    """The console script: the command, its exit handlers, then an immediate exit."""
    try:
        main()
        code: object = 0
    except SystemExit as exc:
        code = exc.code
    finished = status(code)
    run_exit_handlers = getattr(atexit, "_run_exitfuncs", None)
    # Another Python, or a profiler or tracer watching (cProfile, coverage, a debugger),
    # which writes what it saw after the program returns: the ordinary exit.
    if run_exit_handlers is None or sys.getprofile() is not None or sys.gettrace() is not None:
        sys.exit(finished)
    for thread in threading.enumerate():  # what the interpreter's own exit waits for
        if thread is not threading.main_thread() and not thread.daemon:
            thread.join()
    run_exit_handlers()
    for stream in (sys.stdout, sys.stderr):
        try:
            if stream is not None:  # None: the stream was closed before Python started (`>&-`)
                stream.flush()
        except (OSError, ValueError):  # a reader that closed the pipe early: Python would exit 120
            finished = finished or 120
    os._exit(finished)
