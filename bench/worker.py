"""One measurement in a fresh interpreter: ``python -m bench.worker '<json spec>'``.

Prints one JSON line.  Kinds of spec:

* ``{"kind": "instance", "district", "n", "seed", "shape", "years", "options", "time_limit"}``:
  generate the applicant, write it as YAML, then run the product's own steps
  (pycli.load.load, pycli.facts.build, pycli.solve.solve, pycli.result.of_applicant) and
  report their times, the ground program's size, the peak memory and the outcome.
* ``{"kind": "population", "count", "seed", "options", "time_limit"}``: for each generated
  applicant, the proven optimum against the greedy choice (bench.greedy), and the solve
  times.
* ``{"kind": "phases", "file"}``: the optimize pipeline of one file, phase by phase.

``options`` replaces pycli.solve.SOLVER_OPTIONS for this process only (clingo refuses an
option given twice, so the strategies cannot be appended).
"""

from __future__ import annotations

import json
import resource
import sys
import tempfile
import time
from pathlib import Path
from typing import Any


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _setup(spec: dict[str, Any]):
    from pycli.engine import solve

    if spec.get("options"):
        solve.SOLVER_OPTIONS = list(spec["options"])
    if spec.get("portfolio"):
        # A file of per-thread configurations, e.g. "[bb]: --opt-strategy=bb".
        handle = tempfile.NamedTemporaryFile("w", suffix=".port", delete=False)
        handle.write("".join(f"[{name}]: {opts}\n" for name, opts in spec["portfolio"]))
        handle.close()
        solve.SOLVER_OPTIONS = list(solve.SOLVER_OPTIONS) + [
            f"--parallel-mode={len(spec['portfolio'])}", f"--configuration={handle.name}"]
    return solve


def instance(spec: dict[str, Any]) -> dict[str, Any]:
    import yaml

    from bench import generate
    from pycli import errors
    from pycli.engine import facts, result
    from pycli.input import load

    solve = _setup(spec)
    rss_start = _rss_mb()
    data = generate.applicant(spec["district"], spec["n"], spec.get("seed", 0), spec.get("shape", "mixed"),
                              spec.get("years"))
    out: dict[str, Any] = {"matters": spec["n"]}
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "applicant.yaml"
        path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
        del data
        t0 = time.perf_counter()
        applicant = load.load(str(path))
        t1 = time.perf_counter()
        symbols = facts.build(applicant)
        t2 = time.perf_counter()
        out.update(load=t1 - t0, facts=t2 - t1, nfacts=len(symbols))
        try:
            sol = solve.solve(symbols, time_limit=spec.get("time_limit"), source=str(path))
        except errors.TooLargeError as exc:
            out.update(status="too large (exit 5)", message=str(exc)[:160], rss=_rss_mb(), rss_start=rss_start)
            return out
        except errors.NotProvenError as exc:
            out.update(status="no model in time", message=str(exc)[:160], rss=_rss_mb(), rss_start=rss_start)
            return out
        res = result.of_applicant(sol, applicant, facts.Settings(), str(path))
    out.update(status="optimal" if sol.optimal else "not proven", optimal=sol.optimal, total=res.total,
               ground=sol.timings["ground"], solve=sol.timings["solve"], atoms=sol.sizes["atoms"],
               rules=sol.sizes["rules"], ties=len(sol.tied), rss=_rss_mb(), rss_start=rss_start,
               awards=len(res.awards))
    return out


def population(spec: dict[str, Any]) -> dict[str, Any]:
    from bench import generate, greedy
    from pycli import errors
    from pycli.engine import facts, result
    from pycli.input import load

    solve = _setup(spec)
    rows = []
    for i, data in enumerate(generate.population(spec["count"], spec.get("seed", 0))):
        applicant = load.validate(data, f"population[{i}]")
        symbols = facts.build(applicant)
        row: dict[str, Any] = {"district": data["district"], "shape": data["name"].split()[2],
                               "matters": sum(len(v) for k, v in data.items() if isinstance(v, list) and k != "sectors")}
        try:
            sol = solve.solve(symbols, time_limit=spec.get("time_limit"))
        except (errors.NotProvenError, errors.TooLargeError) as exc:
            row.update(status=type(exc).__name__)
            rows.append(row)
            continue
        res = result.of_applicant(sol, applicant, facts.Settings(), "")
        row.update(optimal=sol.optimal, total=res.total, solve=sol.timings["solve"], ground=sol.timings["ground"],
                   greedy=greedy.greedy_total(symbols), status="optimal" if sol.optimal else "not proven")
        rows.append(row)
    return {"rows": rows}


def phases(spec: dict[str, Any]) -> dict[str, Any]:
    """The optimize path of ``pycli.cli`` split into its steps (the first call in a fresh process)."""
    t0 = time.perf_counter()
    from pycli.cli import main as cli
    from pycli.engine import facts, result, solve
    from pycli.input import load

    t1 = time.perf_counter()
    path = spec["file"]
    applicant = load.load(path)
    t2 = time.perf_counter()
    settings = facts.Settings()
    symbols = facts.build(applicant, settings)
    t3 = time.perf_counter()
    # The knowledge base parsed on its own, to split solve.solve's "ground" time.
    ctl = solve.control()
    t4 = time.perf_counter()
    del ctl
    sol = solve.solve(symbols, source=path)
    t5 = time.perf_counter()
    res = result.of_applicant(sol, applicant, settings, path)
    text = cli.render_result(res, "text")
    t6 = time.perf_counter()
    return {"import": t1 - t0, "load": t2 - t1, "facts": t3 - t2, "kb_parse": t4 - t3,
            "ground": sol.timings["ground"], "solve": sol.timings["solve"], "solve_call": t5 - t4,
            "render": t6 - t5, "optimal": sol.optimal, "chars": len(text)}


def main() -> int:
    spec = json.loads(sys.argv[1])
    kind = spec.get("kind", "instance")
    out = {"instance": instance, "population": population, "phases": phases}[kind](spec)
    sys.stdout.write(json.dumps(out) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
