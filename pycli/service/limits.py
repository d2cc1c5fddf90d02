"""The service's bounds: body size, wall time per request, and how many requests run at once.

A request that would exceed them is refused with a one-line JSON error at once (413 for
a body too large, 503 when every slot and every queue place is taken), never queued
without bound; a request that outlives the wall-time bound gets 504.  Solves run in
worker threads; a thread still running after its request timed out keeps its place
counted until it ends, so that abandoned work cannot pile up beyond the bound.
"""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any, TypeVar

import anyio
from starlette.requests import Request

from pycli.errors import EXIT_BAD_INPUT, EXIT_INTERNAL, EXIT_NOT_PROVEN, PolicyError

T = TypeVar("T")

#: The environment variable carrying the configuration to each worker process of uvicorn.
CONFIG_ENV = "POLICYKB_SERVE_CONFIG"


@dataclass(frozen=True)
class Config:
    """The limits of one server (`policykb serve --help` names each option)."""

    #: The solver's time limit in seconds (the `--time-limit` of every command), at most.
    time_limit: float = 10.0
    #: Seconds past the solver's limit a request may take in all (grounding, rendering).
    grace: float = 5.0
    max_body: int = 2 * 1024 * 1024
    #: Requests running at once in one worker process, and requests waiting for a slot.  Running
    #: /optimize requests share one grounding (batcher.py), so more slots mean larger batches.
    slots: int = 8
    queue: int = 32
    max_batch: int = 100
    max_sweep: int = 400
    max_alternatives: int = 5
    allow_origins: tuple[str, ...] = field(default_factory=tuple)

    def to_env(self) -> str:
        """The configuration as the text of CONFIG_ENV."""
        return json.dumps(asdict(self))

    @classmethod
    def from_env(cls) -> Config:
        """The configuration the command put in CONFIG_ENV, or the defaults."""
        text = os.environ.get(CONFIG_ENV)
        if not text:
            return cls()
        data = json.loads(text)
        data["allow_origins"] = tuple(data.get("allow_origins") or ())
        return cls(**data)


class Refused(PolicyError):
    """A request the service will not run: ``status`` is its HTTP status."""

    def __init__(self, status: int, message: str, exit_status: int = EXIT_BAD_INPUT) -> None:
        super().__init__(message)
        self.status, self.exit_status = status, exit_status


async def read_body(request: Request, most: int) -> bytes:
    """The body, refused with 413 past ``most`` bytes before it is all read."""
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > most:
        raise Refused(413, f"request: the body is larger than the server's limit of {most:,} bytes")
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > most:
            raise Refused(413, f"request: the body is larger than the server's limit of {most:,} bytes")
        chunks.append(chunk)
    return b"".join(chunks)


class Gate:
    """At most ``slots`` solves at once and ``queue`` waiting; past that, 503 at once."""

    def __init__(self, slots: int, queue: int) -> None:
        self.limiter = anyio.CapacityLimiter(slots)
        self.most = slots + queue
        self.in_flight = 0
        self.refused = 0
        self._lock = threading.Lock()

    def _enter(self) -> None:
        with self._lock:
            if self.in_flight >= self.most:
                self.refused += 1
                raise Refused(503, f"server busy: {self.in_flight} requests are running or waiting "
                                   f"(at most {self.most}); try again shortly", EXIT_INTERNAL)
            self.in_flight += 1

    def _leave(self) -> None:
        with self._lock:
            self.in_flight -= 1

    async def run(self, work: Callable[[], T], wall: float) -> T:
        """``work()`` in a worker thread, within ``wall`` seconds, or Refused."""
        self._enter()
        state = {"started": False, "dropped": False}

        def guarded() -> T:
            with self._lock:
                if state["dropped"]:  # its request gave up before a slot was free
                    raise Refused(504, "request: dropped")
                state["started"] = True
            try:
                return work()
            finally:
                self._leave()

        try:
            with anyio.fail_after(wall):
                return await anyio.to_thread.run_sync(guarded, limiter=self.limiter, abandon_on_cancel=True)
        except TimeoutError:
            raise Refused(504, f"request: not finished within the server's time limit of {wall:g} s",
                          EXIT_NOT_PROVEN) from None
        finally:
            with self._lock:
                if not state["started"] and not state["dropped"]:
                    state["dropped"] = True
                    self.in_flight -= 1

    def status(self) -> dict[str, Any]:
        """What /health reports of the gate."""
        return {"in_flight": self.in_flight, "most": self.most, "refused": self.refused}
