"""`policykb serve`: latency and throughput over real HTTP on the loopback address.

Targets (issue 17): p50 of POST /optimize within 2x of the in-process ground+solve of the
same applicant; at least 100 requests a second for small applicants on this 2-core machine;
memory per worker; at saturation 503s, no crash and no lost request.  The load generator
is bounded in count and time and talks to 127.0.0.1 only.
"""

from __future__ import annotations

import os
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx

from pycli.engine import facts
from pycli.input import load
from pycli.service.engine import Engine

from .common import ROOT, child_env, ms, table

EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))
#: A one-matter applicant: the small request of the throughput target.
SMALL = {"name": "Small AI Co.", "district": "tongzhou", "sme": True, "sectors": ["artificial_intelligence"],
         "as_of": "2026-06-01", "service_contracts": [{"id": "gpu", "type": "computing_service",
                                                       "contract_amount": 1_000_000, "date": "2026-03-01",
                                                       "flags": ["significant_application_results"]}]}
#: No single request may take longer than this; the whole section is bounded by it too.
TIMEOUT = 60.0


def _body(path: Path) -> dict[str, Any]:
    return {"applicant": load.parse_text(path.name, path.read_text(encoding="utf-8"))}


def _port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def _server(*args: str) -> Iterator[tuple[str, int]]:
    """`policykb serve ARGS` on a free loopback port: (base URL, pid)."""
    port = _port()
    child = subprocess.Popen([sys.executable, "-m", "pycli", "serve", "--port", str(port), *args], cwd=ROOT,
                             env=child_env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                             start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + TIMEOUT
        while time.monotonic() < deadline and child.poll() is None:
            try:
                if httpx.get(f"{url}/health", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.1)
        yield url, child.pid
    finally:
        os.killpg(child.pid, signal.SIGTERM)
        try:
            child.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(child.pid, signal.SIGKILL)
            child.wait()


def _rss_mib(pid: int) -> float:
    with open(f"/proc/{pid}/status", encoding="ascii") as handle:
        for line in handle:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def _workers(pid: int) -> list[int]:
    """The processes that serve: the children of uvicorn's supervisor, else the server itself."""
    try:
        with open(f"/proc/{pid}/task/{pid}/children", encoding="ascii") as handle:
            children = [int(p) for p in handle.read().split()]
    except OSError:
        children = []
    # With --workers 1 uvicorn serves in the one process; with more, a supervisor spawns them
    # (and a multiprocessing resource tracker, which is small and not a worker).
    return [c for c in children if _rss_mib(c) > 40] or [pid]


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def _in_process(path: Path, runs: int) -> tuple[float, float]:
    """Median (Engine.optimize wall time, ground+solve of it) in this process, KB parsed once."""
    engine, applicant = Engine(), load.load(str(path))
    walls, cores = [], []
    for _ in range(runs + 1):
        started = time.perf_counter()
        res = engine.optimize(applicant, facts.Settings(), None)
        walls.append(time.perf_counter() - started)
        cores.append(res.timings["ground"] + res.timings["solve"])
    return statistics.median(walls[1:]), statistics.median(cores[1:])


def _load(url: str, body: dict[str, Any], total: int, clients: int) -> tuple[float, Counter[int]]:
    """``total`` POST /optimize by ``clients`` threads with keep-alive: (seconds, status counts)."""
    statuses: Counter[int] = Counter()
    lock = threading.Lock()
    share = [total // clients + (1 if i < total % clients else 0) for i in range(clients)]

    def client(count: int) -> None:
        with httpx.Client(timeout=TIMEOUT) as session:
            for _ in range(count):
                try:
                    status = session.post(f"{url}/optimize", json=body).status_code
                except httpx.HTTPError:
                    status = 0  # no answer: a lost request
                with lock:
                    statuses[status] += 1

    threads = [threading.Thread(target=client, args=(n,)) for n in share]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(TIMEOUT * 2)
    return time.perf_counter() - started, statuses


def run(quick: bool) -> str:
    runs = 20 if quick else 100
    out = []
    rows = []
    with _server() as (url, _pid), httpx.Client(timeout=TIMEOUT) as session:
        for path in EXAMPLES:
            body = _body(path)
            session.post(f"{url}/optimize", json=body)  # the first request fills the catalogue cache
            latencies = []
            for _ in range(runs):
                started = time.perf_counter()
                session.post(f"{url}/optimize", json=body).raise_for_status()
                latencies.append(time.perf_counter() - started)
            wall, core = _in_process(path, max(5, runs // 4))
            p50 = statistics.median(latencies)
            rows.append([path.stem, ms(core), ms(wall), ms(p50), ms(_percentile(latencies, 0.99)),
                         f"{p50 / core:.2f}x"])
    out.append(table(["example", "in-process ground+solve ms", "in-process optimize ms", "HTTP p50 ms",
                      "HTTP p99 ms", "p50 / ground+solve"], rows,
                     f"POST /optimize, {runs} sequential requests each, one worker (target: p50 within 2x)"))
    total = 60 if quick else 300
    rows = []
    for workers in (1, 2):
        with _server("--workers", str(workers), "--queue", "64") as (url, pid):
            for name, body in (("one-matter applicant", {"applicant": SMALL}),
                               ("tongzhou-ai-sme", _body(ROOT / "examples" / "tongzhou-ai-sme.yaml"))):
                _load(url, body, 4 * workers, 2 * workers)  # every worker warm
                for clients in (1, 4, 16):
                    before = httpx.get(f"{url}/health", timeout=TIMEOUT).json()["optimize"]
                    seconds, statuses = _load(url, body, total, clients)
                    after = httpx.get(f"{url}/health", timeout=TIMEOUT).json()["optimize"]
                    rss = [_rss_mib(p) for p in _workers(pid)]
                    # /health answers from one worker, any of them: counted with one worker only.
                    per = (after["solved"] - before["solved"]) / max(after["groundings"] - before["groundings"], 1)
                    rows.append([workers, name, clients, total, f"{total / seconds:,.0f}",
                                 f"{per:.1f}" if workers == 1 else "-",
                                 dict(sorted(statuses.items())), " / ".join(f"{r:.0f}" for r in rss)])
    out.append(table(["workers", "applicant", "clients", "requests", "requests/s", "requests per grounding",
                      "statuses", "RSS per worker MiB"], rows,
                     "Throughput: keep-alive clients (target: >= 100/s for small applicants)"))
    burst = 40 if quick else 120
    with _server("--slots", "1", "--queue", "2") as (url, pid):
        seconds, statuses = _load(url, _body(ROOT / "examples" / "tongzhou-ai-sme.yaml"), burst, burst)
        alive = httpx.get(f"{url}/health", timeout=TIMEOUT).json()
    answered = sum(n for status, n in statuses.items() if status)
    out.append(table(["clients at once", "bound", "200", "503", "other", "no answer", "seconds", "alive after"],
                     [[burst, "1 slot + 2 queued", statuses.get(200, 0), statuses.get(503, 0),
                       answered - statuses.get(200, 0) - statuses.get(503, 0), statuses.get(0, 0),
                       f"{seconds:.1f}", f"{alive['status']}, in flight {alive['gate']['in_flight']}"]],
                     "Saturation: one request per client, all at once"))
    return "\n".join(out)


if __name__ == "__main__":
    print(run("--quick" in sys.argv))
