"""Batch throughput: applicants per second for 1, 2 and N workers, and peak memory.

    python -m bench.populations [--quick] [--sizes 1000 10000] [--workers 1 2 4] [--seed 1]

For each size a synthetic population (``policykb synth``, the given seed) is run
through ``policykb batch`` in a child process for each worker count.  Wall time is
the whole command (start-up, parsing the knowledge base in every worker, solving,
the summary); peak memory is the largest sum of resident memory over the batch and
its worker processes, sampled every 50 ms from /proc (Linux; "-" elsewhere).  The
``same`` column checks that RESULTS is byte-identical to the one-worker run.
Default sizes are 1,000 and 10,000 (about half an hour on two cores); --quick uses
100 and 500.  See docs/populations.md.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import io
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _children(pid: int) -> list[int]:
    found: list[int] = []
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children", encoding="ascii") as handle:
                found += [int(c) for c in handle.read().split()]
    except OSError:
        pass
    return found


def _rss_kib(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as handle:
            for line in handle:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def tree_rss_kib(pid: int) -> int:
    """Resident memory of a process and all its descendants, in KiB."""
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        total += _rss_kib(current)
        todo += _children(current)
    return total


class PeakMemory:
    """Samples the resident memory of a process tree until stopped; keeps the peak."""

    def __init__(self, pid: int) -> None:
        self.pid, self.peak, self.stopped = pid, 0, threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self) -> None:
        while not self.stopped.wait(0.05):
            self.peak = max(self.peak, tree_rss_kib(self.pid))

    def stop(self) -> int | None:
        self.stopped.set()
        self.thread.join()
        return self.peak or None


def run_batch(population: Path, workers: int, folder: Path, dask: bool = False) -> tuple[float, int | None, str]:
    """(wall seconds, peak KiB, sha256 of RESULTS) of one ``policykb batch`` run (on a LocalCluster with dask)."""
    out = folder / f"results-{workers}{'-dask' if dask else ''}.jsonl"
    out.unlink(missing_ok=True)
    how = ["--dask", f"local:{workers}"] if dask else ["--workers", str(workers)]
    started = time.perf_counter()
    child = subprocess.Popen([sys.executable, "-m", "pycli", "batch", str(population), "--out", str(out),
                              *how], cwd=ROOT, stdout=subprocess.DEVNULL,
                             stderr=subprocess.PIPE, text=True)
    memory = PeakMemory(child.pid)
    _, err = child.communicate()
    wall = time.perf_counter() - started
    peak = memory.stop()
    if child.returncode != 0:
        raise SystemExit(f"batch failed ({child.returncode}): {err.strip()}")
    return wall, peak, hashlib.sha256(out.read_bytes()).hexdigest()


def table(headers: list[str], rows: list[list[str]]) -> str:
    widths = [max(len(str(r[i])) for r in [headers, *rows]) for i in range(len(headers))]
    lines = ["  ".join(h.rjust(w) for h, w in zip(headers, widths)), "  ".join("-" * w for w in widths)]
    lines += ["  ".join(str(c).rjust(w) for c, w in zip(row, widths)) for row in rows]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.populations", description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="sizes 100 and 500")
    parser.add_argument("--sizes", type=int, nargs="+", default=None)
    parser.add_argument("--workers", type=int, nargs="+", default=None,
                        help="worker counts (default: 1, 2 and the number of cores)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--dask", type=int, nargs="*", default=[2],
                        help="also run on a Dask LocalCluster of these worker counts (default: 2; none to skip)")
    args = parser.parse_args(argv)
    sizes = args.sizes or ([100, 500] if args.quick else [1_000, 10_000])
    counts = sorted(set(args.workers or [1, 2, os.cpu_count() or 1]))
    print(f"{os.cpu_count()} cores; load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    rows: list[list[str]] = []
    projections: list[tuple[int, float]] = []
    with tempfile.TemporaryDirectory(prefix="policykb-populations-") as temp:
        folder = Path(temp)
        for size in sizes:
            population = folder / f"pop-{size}.jsonl"
            subprocess.run([sys.executable, "-m", "pycli", "synth", "--n", str(size), "--seed", str(args.seed),
                            "--out", str(population)], cwd=ROOT, check=True)
            first: tuple[float, str] | None = None
            local: dict[int, float] = {}
            for workers, dask in [(w, False) for w in counts] + [(w, True) for w in args.dask]:
                wall, peak, digest = run_batch(population, workers, folder, dask)
                first = first or (wall, digest)
                if not dask:
                    local[workers] = wall
                overhead = f"{wall / local[workers]:.2f}x" if dask and workers in local else ""
                rows.append([f"{size:,}", ("dask " if dask else "pool ") + str(workers), f"{wall:.1f}",
                             f"{size / wall:.1f}", f"{first[0] / wall:.2f}x", overhead,
                             "-" if peak is None else f"{peak / 1024:.0f}", "yes" if digest == first[1] else "NO"])
                print(f"  {size:,} applicants, {'dask' if dask else 'pool'} {workers}: {wall:.1f} s",
                      file=sys.stderr, flush=True)
            best = min(local.values()) if local else None
            if best:
                projections.append((size, size / best))
    print(table(["applicants", "workers", "wall s", "applicants/s", "speed-up", "dask/pool", "peak MiB", "same"],
                rows), end="")
    for size, rate in projections:
        # One machine of this kind does `rate` applicants a second at best; a cluster of M
        # such machines, its scheduler overhead aside, M times that.
        print(f"projection from {size:,} applicants at {rate:.0f}/s per 2-core machine: one million applicants take "
              + ", ".join(f"{1_000_000 / (rate * m) / 60:.1f} min on {m}" for m in (1, 10, 100)) + " machines")
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    return 0



def run(quick: bool) -> str:
    """This section's tables for ``python -m bench``."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        main(["--quick", "--workers", "1", "2"] if quick else ["--workers", "1", "2"])
    return out.getvalue()


if __name__ == "__main__":
    raise SystemExit(main())
