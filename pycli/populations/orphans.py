"""Worker processes end when their parent ends, however it ends (kill -9 included).

A pool's workers wait for work on a pipe; if the parent is killed they would go on
solving the run in hand, and a worker stuck in a long solve would never notice.  On
Linux the kernel sends the worker SIGKILL when its parent dies (prctl
PR_SET_PDEATHSIG); everywhere, a watchdog thread checks once a second that the parent
is still the one that started the worker and ends the worker if not.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import signal
import sys
import threading

#: linux/prctl.h: PR_SET_PDEATHSIG.
_PR_SET_PDEATHSIG = 1
#: How often the watchdog looks at the parent, in seconds.
POLL = 1.0


def _kernel_tie() -> None:
    if not sys.platform.startswith("linux"):
        return
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):
        pass  # the watchdog below still ends the worker


def _watch(parent: int) -> None:
    while True:
        if os.getppid() != parent:
            os._exit(1)
        threading.Event().wait(POLL)


def tie_to(parent: int) -> None:
    """End this process when the process ``parent`` ends (call first thing in a worker)."""
    _kernel_tie()
    if os.getppid() != parent:  # the parent died before the tie was made
        os._exit(1)
    threading.Thread(target=_watch, args=(parent,), name="policykb-parent-watch", daemon=True).start()
