"""The order among interchangeable matters (kb/common/order.lp) is a solver aid: it changes
no total, no chosen portfolio and no tie.

Six Tongzhou pilot-zone scenarios of 2026, each both P4 (pilot zone art. 4: 20 % of the R&D
and construction investment) and T12 (digital economy art. 12: 500,000 a project, at most
2,000,000 per enterprise a year, so four fill the cap).  One family: each scenario is
supported under one of the two.  Moving a scenario to T12 gains 500,000 less its P4 amount,
so the four T12 takes are those P4 pays least (figures by hand in each test).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from pycli.engine import facts, result, solve
from pycli.explanation import explain
from pycli.input import load

P4 = "tongzhou_pz.a4.demonstration"
T12 = "tongzhou_de.a12.scenario"


def _applicant(tmp_path: Path, investments: list[int]) -> load.Applicant:
    data: dict[str, Any] = {
        "name": "interchangeable scenarios", "district": "tongzhou", "pilot_zone": True,
        "sectors": ["data_elements"], "as_of": "2026-06-01",
        "projects": [{"id": f"s{i}", "type": "application_scenario",
                      "flags": ["certified_demonstration", "advanced_replicable_demonstrative"],
                      "rnd_construction_investment": inv, "date": f"2026-0{i}-01"}
                     for i, inv in enumerate(investments, start=1)]}
    path = tmp_path / "applicant.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return load.load(str(path))


def _solve(applicant: load.Applicant, *, ordered: bool) -> tuple[result.Result, solve.Solution]:
    """The optimum, with the order (the product) or without it (order_off, as while next-best
    portfolios are listed)."""
    symbols = facts.build(applicant, facts.Settings())
    prepare = None if ordered else (lambda ctl: ctl.add("base", [], "order_off."))
    solution = solve.solve(symbols, source=applicant.source, prepare=prepare)
    return result.of_applicant(solution, applicant, facts.Settings(), applicant.source), solution


def _chosen(res: result.Result) -> dict[str, str]:
    return {a.matter: a.clause for a in res.awards}


def _supports(symbols: list) -> list[str]:
    return sorted(str(s) for s in symbols if s.name == "support")


def test_the_four_cheapest_under_p4_go_to_t12_and_the_total_is_unchanged(tmp_path: Path) -> None:
    # P4 pays 200,000, 300,000, 300,000, 400,000, 600,000, 700,000 (20 % of each investment).
    # T12 takes s1-s4 (2,000,000, the cap), P4 pays s5 and s6: 600,000 + 700,000.
    # Total 3,300,000.  Any other four under T12 give up more P4 money; a fifth under T12
    # is trimmed to nothing and loses its P4 amount.  s2 and s3 are equal, both inside T12.
    applicant = _applicant(tmp_path, [1_000_000, 1_500_000, 1_500_000, 2_000_000, 3_000_000, 3_500_000])
    res, sol = _solve(applicant, ordered=True)
    assert res.total == 3_300_000 and sol.optimal
    assert _chosen(res) == {"s1": T12, "s2": T12, "s3": T12, "s4": T12, "s5": P4, "s6": P4}
    # The order applies here: every scenario is in one class of the 2026 T12 cap.
    assert sol.control is not None
    keys = [a.symbol for a in sol.control.symbolic_atoms.by_signature("order_key", 3)]
    assert len(keys) == 6 and len({k.arguments[0] for k in keys}) == 1
    plain, plain_sol = _solve(applicant, ordered=False)
    assert plain.total == res.total and plain_sol.optimal
    assert _supports(plain_sol.symbols) == _supports(sol.symbols)
    assert len(plain_sol.tied) == len(sol.tied) == 1


def test_equal_amounts_at_the_cap_stay_tied(tmp_path: Path) -> None:
    # P4 pays 200,000, 300,000, 400,000, 450,000, 450,000, 700,000.  T12 takes s1-s3 and one
    # of s4, s5 (equal: interchangeable); P4 pays the other 450,000 and s6's 700,000.
    # Total 2,000,000 + 450,000 + 700,000 = 3,150,000, two tied optima; the product reports
    # the least portfolio: T12 for s4 (its sorted support pairs come first).
    applicant = _applicant(tmp_path, [1_000_000, 1_500_000, 2_000_000, 2_250_000, 2_250_000, 3_500_000])
    res, sol = _solve(applicant, ordered=True)
    assert res.total == 3_150_000
    assert _chosen(res) == {"s1": T12, "s2": T12, "s3": T12, "s4": T12, "s5": P4, "s6": P4}
    assert len(sol.tied) == 2
    plain, plain_sol = _solve(applicant, ordered=False)
    assert plain.total == res.total
    assert [_supports(t) for t in plain_sol.tied] == [_supports(t) for t in sol.tied]
    trace = explain.explain(applicant, facts.Settings())
    assert not trace.unique and [t.total for t in trace.tied] == [3_150_000, 3_150_000]


def test_next_best_portfolios_are_not_held_to_the_order(tmp_path: Path) -> None:
    # The first test's scenarios.  Next best, outside the optimum: s4 under P4 and T12 with
    # three (1,500,000): 1,500,000 + 400,000 + 600,000 + 700,000 = 3,200,000.  Then 3,100,000
    # three ways: T12 loses s2 or s3 instead of s4 (1,500,000 + 300,000 + 600,000 + 700,000),
    # or s4 and s5 swap (T12 s1-s3 and s5, 2,000,000; P4 s4 and s6, 400,000 + 700,000).  The
    # swap has four matters under T12, the earlier clause, so the tie-break (priority 1)
    # prefers it; it breaks the order, which must therefore be off while alternatives are listed.
    applicant = _applicant(tmp_path, [1_000_000, 1_500_000, 1_500_000, 2_000_000, 3_000_000, 3_500_000])
    trace = explain.explain(applicant, facts.Settings(), alternatives=2)
    assert [p.total for p in trace.alternatives] == [3_200_000, 3_100_000]
    first, second = ({a["matter"]: a["clause"] for a in p.awards} for p in trace.alternatives)
    assert first == {"s1": T12, "s2": T12, "s3": T12, "s4": P4, "s5": P4, "s6": P4}
    assert second == {"s1": T12, "s2": T12, "s3": T12, "s4": P4, "s5": T12, "s6": P4}
