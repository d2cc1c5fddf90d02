"""The same input gives the same portfolio, whatever the order of its matters."""

from __future__ import annotations

import copy
from pathlib import Path

import yaml
from conftest import ROOT, evaluate_data


def _portfolio(res) -> list[tuple[str, str, int | None, int]]:
    return [(a.clause, a.matter, a.year, a.amount) for a in res.awards]


def test_tied_clauses_resolve_the_same_way_in_any_order(tmp_path: Path) -> None:
    # 20% of 2,500,000 (P4) equals T12's 500,000: a tie on every such project.
    projects = [{"id": f"p{i}", "type": "application_scenario", "rnd_construction_investment": 2_500_000,
                 "flags": ["certified_demonstration", "advanced_replicable_demonstrative"],
                 "date": "2026-03-01"} for i in range(6)]
    data = {"district": "tongzhou", "pilot_zone": True, "sectors": ["data_elements"], "as_of": "2026-06-01",
            "projects": projects}
    first = evaluate_data(data, tmp_path)
    reordered = copy.deepcopy(data)
    reordered["projects"].reverse()
    second = evaluate_data(reordered, tmp_path)
    assert first.optimal and first.total == 3_000_000
    assert _portfolio(first) == _portfolio(second)


def test_examples_are_stable_across_runs(tmp_path: Path) -> None:
    for path in sorted((ROOT / "examples").glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        runs = {tuple(_portfolio(evaluate_data(data, tmp_path))) for _ in range(3)}
        assert len(runs) == 1, path.name
