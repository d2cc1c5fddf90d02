"""A real `policykb serve` on a free loopback port, started and stopped by a test."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    """A port nothing listens on now (the kernel's choice on the loopback address)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def server(*args: str, ready_within: float = 60.0, command: list[str] | None = None, cwd: Path = ROOT,
           env: dict[str, str] | None = None) -> Iterator[str]:
    """`policykb serve ARGS` on a free port (``command`` instead of this checkout's `python -m pycli`);
    yields its base URL, and stops it at the end."""
    port = free_port()
    child = subprocess.Popen([*(command or [sys.executable, "-m", "pycli"]), "serve", "--port", str(port), *args],
                             cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True,
                             env={**(os.environ if env is None else env), "PYTHONUNBUFFERED": "1"})
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + ready_within
        while True:
            if child.poll() is not None:
                raise RuntimeError(f"serve ended with {child.returncode}: {child.stderr.read().decode()}")
            try:
                if httpx.get(f"{url}/health", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("serve did not answer /health in time")
            time.sleep(0.1)
        yield url
    finally:
        if child.poll() is None:
            os.killpg(child.pid, signal.SIGTERM)
            try:
                child.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(child.pid, signal.SIGKILL)
                child.wait()
        child.stderr.close()
