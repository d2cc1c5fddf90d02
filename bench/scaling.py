"""Scaling: generated applicants of 10 to 10,000 matters, every district, both shapes.

Each instance runs in its own process (bench.worker): the file is written as YAML and
goes through pycli.load.load, pycli.facts.build, pycli.solve.solve (with the product's
SOLVER_OPTIONS and a time limit on the search) and pycli.result.of_applicant.  Peak memory is
the process's maximum resident set (getrusage), interpreter and imports included.

Targets (issue 8): 1,000 matters proven optimal in under 1 s; 10,000 proven, or a
clear bound (optimal false) within the time limit; no crash and no "Value too large".
"""

from __future__ import annotations

import sys

from bench.generate import DISTRICTS, SHAPES

from .common import run_worker, secs, table

SIZES = (10, 100, 1000, 10000)
QUICK_SIZES = (10, 100, 1000)


def row(spec: dict, res: dict) -> list:
    return [spec["district"], spec["shape"], f"{spec['n']:,}", secs(res.get("load")), secs(res.get("ground")),
            secs(res.get("solve")), f"{res['atoms']:,}" if "atoms" in res else "-",
            f"{res['rules']:,}" if "rules" in res else "-", f"{res['rss']:.0f}" if "rss" in res else "-",
            res.get("status", "?"), f"{res['total']:,}" if "total" in res else "-", secs(res.get("wall"))]


def measure(sizes, time_limit: float, options=None, kb=None, shapes=SHAPES, districts=DISTRICTS):
    """Yield (spec, result) for every instance."""
    for n in sizes:
        for district in districts:
            for shape in shapes:
                spec = {"kind": "instance", "district": district, "n": n, "seed": 1, "shape": shape,
                        "time_limit": time_limit, "options": options}
                yield spec, run_worker(spec, timeout=time_limit * 3 + 600, kb=kb)


def verdicts(results: list[tuple[dict, dict]]) -> str:
    lines = []
    thousand = [(s, r) for s, r in results if s["n"] == 1000]
    if thousand:
        ok = all(r.get("optimal") and r.get("solve", 99) < 1 for _, r in thousand)
        unproven = sum(1 for _, r in thousand if not r.get("optimal"))
        worst = max((r["solve"] for _, r in thousand if r.get("optimal")), default=0)
        lines.append(f"target 1,000 matters proven optimal in < 1 s (solve): {'met' if ok else 'MISSED'} "
                     f"(worst proven solve {secs(worst)} s; {unproven} of {len(thousand)} not proven)")
    ten = [(s, r) for s, r in results if s["n"] == 10000]
    if ten:
        ok = all(r.get("status") in ("optimal", "not proven") for _, r in ten)
        proven = sum(1 for _, r in ten if r.get("optimal"))
        lines.append(f"target 10,000 matters proven or bounded within the limit: {'met' if ok else 'MISSED'} "
                     f"({proven}/{len(ten)} proven)")
    bad = [r.get("status") for _, r in results if r.get("status") not in ("optimal", "not proven")]
    lines.append(f"no crash, no refusal, no 'Value too large': {'met' if not bad else 'MISSED: ' + ', '.join(bad)}")
    return "\n".join(lines) + "\n"


def run(quick: bool) -> str:
    sizes = QUICK_SIZES if quick else SIZES
    limit = 20.0 if quick else 60.0
    results = list(measure(sizes, limit))
    rows = [row(s, r) for s, r in results]
    out = table(["district", "shape", "matters", "load s", "ground s", "solve s", "atoms", "rules", "peak MB",
                 "outcome", "total yuan", "wall s"], rows,
                f"Scaling (seed 1; search limit {limit:.0f} s; load = YAML + validation; ground includes the KB parse)")
    return out + verdicts(results)


if __name__ == "__main__":
    print(run("--quick" in sys.argv))
