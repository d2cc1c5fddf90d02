"""Design choices re-measured: the knowledge base as shipped against a variant of it.

Each variant is a scratch copy of kb/ (in a temporary folder, given to the worker through
POLICYKB_KB) with one rule rewritten; the instances and the solver options are the
product's.  Variants:

* ``optional support``: ``{ support(C,M) : eligible(C,M), family(C,F) } 1`` instead of
  exactly one clause per eligible matter and family (choice.lp).  Both give the same
  optimum (leaving a matter out never pays more); the question is the search.
* ``no steps``: no group is stepped (caps.lp), so every tight group uses the choice of
  full(GI) with 32-bit sum aggregates, as before issue 8.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

from bench.generate import DISTRICTS, SHAPES

from .common import ROOT, run_worker, solve_cell, table

EXACT_ONE = ("1 { support(C,M) : eligible(C,M), family(C,F) } 1 :- fam_matter(F,M), not unplaced(M),\n"
             "    not may_idle(F,M), assume(non_duplication, true), assume(caps_trim, true).")
OPTIONAL = EXACT_ONE[len("1 "):]

STEPPED = "stepped(GI,J) :- tight(GI), step_ok(GI,_), J = #min{ J2 : step_ok(GI,J2) }."
NOT_STEPPED = STEPPED[:-1] + ", bench_no_steps."

VARIANTS = {"optional support": ("common/choice.lp", EXACT_ONE, OPTIONAL),
            "no steps": ("common/caps.lp", STEPPED, NOT_STEPPED)}


def scratch_kb(folder: Path, file: str, old: str, new: str) -> Path:
    """A copy of kb/ in ``folder`` with ``old`` replaced by ``new`` in ``file``."""
    target = folder / "kb"
    shutil.copytree(ROOT / "kb", target)
    path = target / file
    text = path.read_text(encoding="utf-8")
    if text.count(old) != 1:
        raise RuntimeError(f"{file}: the rule to rewrite is not there exactly once; update bench/design.py")
    path.write_text(text.replace(old, new), encoding="utf-8")
    return target


def run(quick: bool) -> str:
    sizes = (30, 100, 1000) if quick else (30, 100, 1000, 10000)
    limit = 5.0 if quick else 20.0
    out = []
    for name, (file, old, new) in VARIANTS.items():
        rows = []
        with tempfile.TemporaryDirectory() as tmp:
            variant = scratch_kb(Path(tmp), file, old, new)
            for n in sizes:
                for district in DISTRICTS:
                    for shape in SHAPES:
                        if n == 10000 and district != "tongzhou":
                            continue
                        spec = {"kind": "instance", "district": district, "n": n, "seed": 1, "shape": shape,
                                "time_limit": limit}
                        shipped = run_worker(spec, timeout=limit * 3 + 600)
                        other = run_worker(spec, timeout=limit * 3 + 600, kb=str(variant))
                        same = ("same" if shipped.get("total") == other.get("total") else "DIFFERENT") \
                            if shipped.get("optimal") and other.get("optimal") else "-"
                        rows.append([district, shape, f"{n:,}", solve_cell(shipped, limit), solve_cell(other, limit),
                                     f"{shipped.get('atoms', 0):,}", f"{other.get('atoms', 0):,}", same])
        out.append(table(["district", "shape", "matters", "shipped solve s", f"{name} solve s", "atoms",
                          f"atoms ({name})", "optimum"], rows,
                         f"Design: shipped kb/ against '{name}' (product options, limit {limit:.0f} s)"))
    return "\n".join(out)


if __name__ == "__main__":
    print(run("--quick" in sys.argv))
