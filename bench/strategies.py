"""Strategies: clasp's optimisation strategies on the same instances.

Every run uses the product's other options (``--opt-mode=optN --models=0``: prove the
optimum, then list tied optima up to 16) and replaces only the strategy, so the time is
the time ``policykb optimize`` would take to a proven optimum.  The portfolio runs two
threads, one per strategy (``--parallel-mode=2`` with a configuration file).
"""

from __future__ import annotations

import sys

from bench.generate import DISTRICTS, SHAPES

from .common import median, run_worker, secs, solve_cell, table

BASE = ["--opt-mode=optN", "--models=0"]
#: name -> (options, portfolio threads or None)
STRATEGIES: dict[str, tuple[list[str], list[tuple[str, str]] | None]] = {
    "usc": (BASE + ["--opt-strategy=usc"], None),
    "usc,stratify": (BASE + ["--opt-strategy=usc,stratify"], None),
    "usc,one,stratify": (BASE + ["--opt-strategy=usc,one,stratify"], None),
    "usc,pmres,stratify": (BASE + ["--opt-strategy=usc,pmres,stratify"], None),
    "bb": (BASE + ["--opt-strategy=bb"], None),
    "bb+usc (2 threads)": (BASE, [("bb", "--opt-strategy=bb"), ("usc", "--opt-strategy=usc")]),
    "bb+usc,one,stratify (2 thr.)": (BASE, [("bb", "--opt-strategy=bb"), ("usc", "--opt-strategy=usc,one,stratify")]),
}
SIZES = (30, 100, 1000, 10000)
QUICK_SIZES = (30, 100, 1000)


def run(quick: bool) -> str:
    sizes = QUICK_SIZES if quick else SIZES
    limit = 5.0 if quick else 20.0
    names = list(STRATEGIES)
    rows = []
    for n in sizes:
        for district in DISTRICTS:
            for shape in SHAPES:
                if n == 10000 and district != "tongzhou":
                    continue  # the three 10,000 Tongzhou-like runs dominate; see bench.scaling for the rest
                cells = []
                for name in names:
                    options, portfolio = STRATEGIES[name]
                    spec = {"kind": "instance", "district": district, "n": n, "seed": 1, "shape": shape,
                            "time_limit": limit, "options": options, "portfolio": portfolio}
                    cells.append(solve_cell(run_worker(spec, timeout=limit * 3 + 600), limit))
                rows.append([district, shape, f"{n:,}"] + cells)
    out = [table(["district", "shape", "matters"] + names, rows,
                 f"Strategies: solve seconds to the proven optimum (per-run limit {limit:.0f} s; "
                 "'>N (bound)' = best found, not proven; '>N (none)' = no portfolio at all)")]

    # The population of typical applicants (5-30 matters), every strategy.
    count = 60 if quick else 300
    pop_rows = []
    for name in names:
        options, portfolio = STRATEGIES[name]
        res = run_worker({"kind": "population", "count": count, "seed": 0, "time_limit": 2.0, "options": options,
                          "portfolio": portfolio}, timeout=3600)
        rows_ = res.get("rows", [])
        times = sorted(r["solve"] for r in rows_ if r.get("optimal"))
        failed = sum(1 for r in rows_ if not r.get("optimal"))
        p95 = times[int(0.95 * (len(times) - 1))] if times else None
        pop_rows.append([name, len(rows_), failed, secs(median(times)) if times else "-", secs(p95),
                         secs(times[-1]) if times else "-", sum(1 for t in times if t >= 0.05) + failed])
    out.append(table(["strategy", "applicants", "not proven in 2 s", "median s", "p95 s", "max s (proven)",
                      ">= 50 ms"], pop_rows,
                     f"Strategies on {count} typical applicants (5-30 matters, every district and shape, "
                     "population seed 0)"))
    return "\n".join(out)


if __name__ == "__main__":
    print(run("--quick" in sys.argv))
