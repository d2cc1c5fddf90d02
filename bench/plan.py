"""Planning benchmark: `policykb plan` on N flexible matters over three years, proven optimal.

A Tongzhou enterprise whose flexible matters are spread over the four per-year caps of
the digital-economy rules (art. 5 filings, art. 7 standards, art. 12 scenarios, art. 14
events, expenses drawn from a seeded generator), each with a window from 2026-01-01 to
2028-04-29, so that every matter has three years to choose from and every cap binds in
the earliest-claim baseline.  Each row is one in-process plan: grounding once, the plan's
search and the baseline's search (every matter in its first year), proven optimal.
"""

from __future__ import annotations

import random
import tempfile
import time
from pathlib import Path
from typing import Any

import yaml

from pycli.engine import facts
from pycli.research import plan

from .common import table

SIZES = (30, 100, 300, 1000)
QUICK_SIZES = (30, 100, 300)
WINDOW = {"from": "2026-01-01", "to": "2028-04-29"}


def applicant(n: int, seed: int = 1) -> dict[str, Any]:
    """N flexible matters, a quarter of each capped kind, in a fixed pseudo-random mix."""
    rng = random.Random(seed)
    lists: dict[str, list[dict[str, Any]]] = {"filings": [], "standards": [], "projects": [], "events": []}
    for i in range(n):
        common = {"id": f"m{i:04d}", "window": dict(WINDOW)}
        kind = i % 4
        if kind == 0:
            lists["filings"].append({**common, "type": rng.choice(["generative_ai_service", "deep_synthesis"]),
                                     "level": "national", "flags": ["good_application_outcomes"]})
        elif kind == 1:
            lists["standards"].append({**common, "level": rng.choice(["international", "national", "industry"]),
                                       "role": "lead"})
        elif kind == 2:
            lists["projects"].append({**common, "type": "application_scenario",
                                      "flags": ["advanced_replicable_demonstrative"]})
        else:
            lists["events"].append({**common, "type": "conference", "role": "organizer",
                                    "flags": ["significant_results"],
                                    "actual_expenses": rng.randrange(100_000, 2_000_000, 10_000)})
    return {"name": f"bench plan n={n}", "district": "tongzhou", "entity_type": "enterprise",
            "sectors": ["artificial_intelligence"], "as_of": "2026-01-01", **lists}


def measure(n: int, folder: Path) -> list[Any]:
    path = folder / f"plan-{n}.yaml"
    path.write_text(yaml.safe_dump(applicant(n)), encoding="utf-8")
    started, cpu = time.perf_counter(), time.process_time()
    p = plan.run(str(path), facts.Settings())
    wall, cpu = time.perf_counter() - started, time.process_time() - cpu
    ground, solve, base = (p.timings.get(k, 0.0) for k in ("ground", "solve", "baseline"))
    proven = "yes" if p.optimal and p.baseline_optimal else "NO"
    return [n, 3 * n, f"{ground:.3f}", f"{solve:.3f}", f"{base:.3f}", f"{wall:.3f}", f"{cpu:.3f}",
            proven, f"{p.total:,}", f"{p.baseline_total:,}", f"{p.gain:,}"]


def run(quick: bool) -> str:
    """The table of plan sizes and seconds."""
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        for n in QUICK_SIZES if quick else SIZES:
            rows.append(measure(n, Path(folder)))
    return table(["flexible", "copies", "ground s", "plan solve s", "baseline solve s", "wall s", "cpu s",
                  "proven", "plan total", "earliest total", "gain"], rows,
                 "plan: N flexible matters over 2026-2028 (Tongzhou art. 5/7/12/14 year caps), in process")


if __name__ == "__main__":
    import sys

    print(run("--quick" in sys.argv))
