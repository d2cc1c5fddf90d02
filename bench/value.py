"""Value of optimisation: greedy against the proven optimum on a synthetic population.

Greedy (bench.greedy) gives each matter, within its non-duplication family, to the clause
that pays it the most before the shared caps, then applies the caps.  The optimum is
`policykb`'s own (pycli.solve.solve with the product's options).  Also reports the solve
times of these typical applicants (5-30 matters) against the 50 ms target.
"""

from __future__ import annotations

import sys

from .common import median, ms, run_worker, table


def run(quick: bool) -> str:
    count = 60 if quick else 300
    res = run_worker({"kind": "population", "count": count, "seed": 0, "time_limit": 10.0}, timeout=3600)
    rows = res.get("rows", [])
    out = []
    groups: dict[str, list[dict]] = {"all": rows}
    for r in rows:
        groups.setdefault(f"{r['district']} {r['shape']}", []).append(r)
    value_rows = []
    for name, members in sorted(groups.items(), key=lambda kv: (kv[0] != "all", kv[0])):
        proven = [r for r in members if r.get("optimal")]
        gaps = [r["total"] - r["greedy"] for r in proven]
        assert all(g >= 0 for g in gaps), "greedy beat a proven optimum: a bug in greedy or the encoding"
        hit = [g for g in gaps if g > 0]
        value_rows.append([name, len(members), len(proven), f"{sum(r['total'] for r in proven):,}", f"{sum(gaps):,}",
                           f"{sum(gaps) / len(proven):,.0f}" if proven else "-", f"{max(gaps, default=0):,}",
                           f"{100 * len(hit) / len(proven):.1f}%" if proven else "-",
                           f"{100 * sum(gaps) / max(1, sum(r['total'] for r in proven)):.2f}%"])
    out.append(table(["applicants", "count", "proven", "optimum total", "greedy leaves", "mean per applicant",
                      "max", "share affected", "of optimum"], value_rows,
                     f"Value of optimisation: yuan greedy leaves on the table ({count} applicants, 5-30 matters, "
                     "population seed 0)"))
    times = sorted(r["solve"] for r in rows if r.get("optimal"))
    slow = [r for r in rows if not r.get("optimal") or r["solve"] >= 0.05]
    p95 = times[int(0.95 * (len(times) - 1))] if times else None
    out.append(table(["applicants", "proven", "median ms", "p95 ms", "max ms", ">= 50 ms or unproven"],
                     [[len(rows), len(times), ms(median(times)) if times else "-", ms(p95),
                       ms(times[-1]) if times else "-", len(slow)]],
                     "Solve time of typical applicants (pycli.solve.solve 'solve': search and proof, ties included)"))
    ok = not slow and len(times) == len(rows)
    out.append(f"target typical applicant (<= 30 matters) proven optimal in < 50 ms whatever its shape: "
               f"{'met' if ok else 'MISSED'}" + ("" if ok else " (" + ", ".join(
                   f"{r['district']} {r['shape']} n={r['matters']}: "
                   + (f"{r['solve'] * 1000:.0f} ms" if r.get("optimal") else r.get("status", "?"))
                   for r in slow[:6]) + (" ..." if len(slow) > 6 else "") + ")") + "\n")
    return "\n".join(out)


if __name__ == "__main__":
    print(run("--quick" in sys.argv))
