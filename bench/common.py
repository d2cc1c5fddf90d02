"""Shared helpers: plain-text tables, child processes, the machine."""

from __future__ import annotations

import json
import os
import platform
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


def table(headers: Sequence[str], rows: Sequence[Sequence[Any]], title: str = "") -> str:
    """A plain-text table: numbers right-aligned, text left-aligned."""
    cells = [[str(h) for h in headers]] + [["" if c is None else str(c) for c in row] for row in rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(headers))]

    def numeric(text: str) -> bool:
        return bool(text) and text.replace(",", "").replace(".", "").replace("-", "").replace("%", "") \
            .replace("x", "").replace(">", "").replace("<", "").replace(" ", "").isdigit()

    lines = []
    if title:
        lines.append(title)
    for n, row in enumerate(cells):
        parts = [c.rjust(w) if n and numeric(c) else c.ljust(w) for c, w in zip(row, widths)]
        lines.append("  ".join(parts).rstrip())
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines) + "\n"


def ms(seconds: float | None) -> str:
    return "-" if seconds is None else f"{seconds * 1000:,.0f}" if seconds >= 0.1 else f"{seconds * 1000:.1f}"


def secs(seconds: float | None) -> str:
    return "-" if seconds is None else f"{seconds:.2f}" if seconds < 10 else f"{seconds:.1f}"


def solve_cell(res: dict[str, Any], limit: float) -> str:
    """A worker's solve time, or why there is none: '>20 (bound)' found but not proven, '>20 (none)' nothing."""
    if res.get("optimal"):
        return secs(res["solve"])
    if res.get("status") == "not proven":
        return f">{limit:.0f} (bound)"
    if res.get("status") == "no model in time":
        return f">{limit:.0f} (none)"
    return str(res.get("status", "?"))[:24]


def median(values: Sequence[float]) -> float:
    return statistics.median(values)


def child_env(kb: str | None = None) -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT) + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    if kb:
        env["POLICYKB_KB"] = kb
    return env


def run_worker(spec: dict[str, Any], timeout: float, kb: str | None = None) -> dict[str, Any]:
    """Run bench.worker on one spec in a fresh interpreter; its JSON answer (or the failure)."""
    started = time.perf_counter()
    try:
        proc = subprocess.run([sys.executable, "-m", "bench.worker", json.dumps(spec)], cwd=ROOT,
                              env=child_env(kb), capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return {"status": "killed", "wall": time.perf_counter() - started}
    wall = time.perf_counter() - started
    lines = proc.stdout.strip().splitlines()
    if proc.returncode != 0 or not lines:
        tail = (proc.stderr.strip().splitlines() or ["?"])[-1]
        return {"status": f"crash: {tail[:120]}", "wall": wall}
    out = json.loads(lines[-1])
    out["wall"] = wall
    return out


def timed_run(argv: list[str], runs: int, env: dict[str, str] | None = None) -> list[float]:
    """Wall times of ``runs`` runs of a command (output discarded)."""
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(argv, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append(time.perf_counter() - started)
    return times


def machine() -> str:
    import clingo

    mem = "?"
    try:
        with open("/proc/meminfo", encoding="ascii") as handle:
            kb = int(handle.readline().split()[1])
            mem = f"{kb / 1024 / 1024:.1f} GiB"
    except OSError:
        pass
    cpu = platform.processor() or "?"
    try:
        with open("/proc/cpuinfo", encoding="ascii", errors="replace") as handle:
            for line in handle:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    return (f"machine: {os.cpu_count()} cores ({cpu}), {mem} memory, {platform.system()} "
            f"{platform.release()}; Python {platform.python_version()}, clingo {clingo.__version__}")
