"""Reuse for research commands: the workbench against one-shot solves, side by side.

    python -m bench.reuse [--points 100] [--subprocess-points 100] [--repeat 1]

Two workloads, each solved three ways, with every answer checked equal:

* a 100-point money sweep of examples/tongzhou-ai-sme.yaml
  (service_contracts[0].contract_amount = 0, 20,000, ..., 1,980,000; the model-voucher
  cap binds from 1,000,020 on), and
* a 4-place compare of examples/tongzhou-pilot-zone-platform.yaml (xicheng, chaoyang,
  tongzhou, tongzhou+pilot_zone).

Ways: the workbench exactly as `policykb sweep` / `compare` use it (pycli/workbench.py);
a fresh in-process solve of each variant file (load, parse the KB, ground, solve:
`policykb optimize` without the process); and `policykb optimize` as a subprocess on
each written variant file.  The workbench rows include reading the cached rewrite of
the knowledge base (pycli/engine/indexed.py); a last line says what the rewrite costs with no
cache, once per version of the knowledge base.

The issue's targets: at least 10x faster than one-shot, under 5 ms a point for a
typical applicant.  The table says whether each is met on this machine, as measured.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pycli.cli.research import PILOT_SUFFIX  # noqa: E402
from pycli.engine import facts  # noqa: E402
from pycli.engine.evaluate import evaluate  # noqa: E402
from pycli.input import load, overrides  # noqa: E402
from pycli.research.workbench import Variant, Workbench  # noqa: E402

SWEEP_FILE = ROOT / "examples" / "tongzhou-ai-sme.yaml"
SWEEP_FIELD = "service_contracts[0].contract_amount"
COMPARE_FILE = ROOT / "examples" / "tongzhou-pilot-zone-platform.yaml"
PLACES = [("xicheng", False), ("chaoyang", False), ("tongzhou", False), ("tongzhou", True)]


def _variants_sweep(points: int) -> list[load.Applicant]:
    applicant = load.load(str(SWEEP_FILE))
    return [overrides.apply(applicant, [overrides.parse(f"{SWEEP_FIELD}={i * 20_000}")]) for i in range(points)]


def _variants_compare() -> list[load.Applicant]:
    applicant = load.load(str(COMPARE_FILE))
    return [overrides.apply(applicant, [overrides.parse(f"district={d}"), overrides.parse(f"pilot_zone={str(p).lower()}")])
            for d, p in PLACES]


def _write(applicants: list[load.Applicant], folder: Path) -> list[Path]:
    paths = []
    for i, applicant in enumerate(applicants):
        path = folder / f"variant-{i:03d}.yaml"
        path.write_text(yaml.safe_dump(applicant.data, allow_unicode=True, sort_keys=False), encoding="utf-8")
        paths.append(path)
    return paths


def _timed(run: Callable[[], list[int]]) -> tuple[float, list[int]]:
    started = time.perf_counter()
    totals = run()
    return time.perf_counter() - started, totals


def workbench(applicants: list[load.Applicant], source: str) -> tuple[str, list[int], float, float]:
    """(strategy, totals, preparation seconds, mean seconds a solve)."""
    bench = Workbench([Variant(str(i), a, facts.Settings()) for i, a in enumerate(applicants)], source=source)
    totals = [bench.result(i).total for i in range(len(applicants))]
    return bench.strategy, totals, bench.timings.prepare, statistics.mean(bench.timings.solves)


def in_process(paths: list[Path]) -> list[int]:
    return [evaluate(str(p), facts.Settings()).total for p in paths]


def one_shot(paths: list[Path]) -> list[int]:
    totals = []
    for path in paths:
        proc = subprocess.run([sys.executable, "-m", "pycli", "optimize", str(path), "--format", "json"],
                              cwd=ROOT, capture_output=True, text=True, check=True)
        totals.append(json.loads(proc.stdout)["total"])
    return totals


def rewrite_seconds() -> float:
    """Seconds to rewrite the knowledge base for shared grounding with no cache (pycli/engine/indexed.py)."""
    from pycli.engine import indexed, solve
    from pycli.research import workbench as wb
    started = time.perf_counter()
    indexed.rewrite(solve.parse_kb(wb.entry()))
    return time.perf_counter() - started


def _row(name: str, method: str, points: int, seconds: float, base: float | None) -> list[str]:
    per = seconds / points
    return [name, method, str(points), f"{seconds:.2f}", f"{per * 1000:.1f}",
            f"{base / per:.1f}x" if base else "1.0x"]


def _table(rows: list[list[str]]) -> str:
    headers = ["workload", "method", "points", "seconds", "ms/point", "vs one-shot"]
    cells = [headers] + rows
    widths = [max(len(r[i]) for r in cells) for i in range(len(headers))]
    lines = []
    for n, row in enumerate(cells):
        lines.append("  ".join(c.rjust(w) if n and i >= 2 else c.ljust(w) for i, (c, w) in enumerate(zip(row, widths))).rstrip())
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--points", type=int, default=100, help="sweep points (default 100)")
    parser.add_argument("--subprocess-points", type=int, default=None,
                        help="time the subprocess one-shot on this many sweep points only (default: all)")
    args = parser.parse_args(argv)
    print(f"policykb bench.reuse on {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
          f"load average {os.getloadavg()[0]:.2f}")
    rows: list[list[str]] = []
    checks: list[str] = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        sweep = _variants_sweep(args.points)
        sweep_paths = _write(sweep, folder)
        sub_n = args.subprocess_points or args.points
        sub_s, sub_totals = _timed(lambda: one_shot(sweep_paths[:sub_n]))
        base = sub_s / sub_n
        fresh_s, fresh_totals = _timed(lambda: in_process(sweep_paths))
        started = time.perf_counter()
        strategy, wb_totals, prepare, per_solve = workbench(sweep, str(SWEEP_FILE))
        wb_s = time.perf_counter() - started
        rows.append(_row("sweep", "policykb optimize, subprocess", sub_n, sub_s, None))
        rows.append(_row("sweep", "fresh in-process solve", args.points, fresh_s, base))
        rows.append(_row("sweep", f"workbench ({strategy})", args.points, wb_s, base))
        checks.append(f"sweep totals equal across methods: {wb_totals == fresh_totals and wb_totals[:sub_n] == sub_totals}")
        checks.append(f"sweep workbench: prepare {prepare * 1000:.0f} ms, {per_solve * 1000:.1f} ms a solve")
        checks.append(f"the rewrite for shared grounding, done once per knowledge base and cached: "
                      f"{rewrite_seconds() * 1000:.0f} ms with no cache")

        places = _variants_compare()
        (folder / "places").mkdir()
        place_paths = _write(places, folder / "places")
        sub_c, sub_ct = _timed(lambda: one_shot(place_paths))
        fresh_c, fresh_ct = _timed(lambda: in_process(place_paths))
        started = time.perf_counter()
        strategy_c, wb_ct, prepare_c, per_solve_c = workbench(places, str(COMPARE_FILE))
        wb_c = time.perf_counter() - started
        base_c = sub_c / len(places)
        rows.append(_row("compare", "policykb optimize, subprocess", len(places), sub_c, None))
        rows.append(_row("compare", "fresh in-process solve", len(places), fresh_c, base_c))
        rows.append(_row("compare", f"workbench ({strategy_c})", len(places), wb_c, base_c))
        named = ", ".join(f"{d}{PILOT_SUFFIX if p else ''}={t:,}" for (d, p), t in zip(PLACES, wb_ct))
        checks.append(f"compare totals equal across methods: {wb_ct == fresh_ct == sub_ct} ({named})")
        checks.append(f"compare workbench: prepare {prepare_c * 1000:.0f} ms, {per_solve_c * 1000:.1f} ms a solve")
    print()
    print(_table(rows))
    print()
    for line in checks:
        print(line)
    sweep_per = wb_s / args.points
    print()
    print("targets (issue 5):")
    print(f"  sweep >= 10x faster than one-shot: {'MET' if base / sweep_per >= 10 else 'MISSED'} ({base / sweep_per:.1f}x)")
    print(f"  sweep < 5 ms a point:              {'MET' if sweep_per < 0.005 else 'MISSED'} ({sweep_per * 1000:.1f} ms)")
    compare_per = wb_c / len(places)
    print(f"  compare >= 10x faster than one-shot: {'MET' if base_c / compare_per >= 10 else 'MISSED'} "
          f"({base_c / compare_per:.1f}x)")
    print(f"  compare < 5 ms a place:              {'MET' if compare_per < 0.005 else 'MISSED'} "
          f"({compare_per * 1000:.1f} ms)")
    return 0



def run(quick: bool) -> str:
    """This section's tables for ``python -m bench``."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        main(["--subprocess-points", "20"] if quick else [])
    return out.getvalue()


if __name__ == "__main__":
    raise SystemExit(main())
