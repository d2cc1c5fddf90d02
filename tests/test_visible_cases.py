"""Every hand-computed case of ../shared/cases/visible.md, against the real solver."""

from __future__ import annotations

import pytest
import yaml
from conftest import CASES, evaluate

EXPECTED = yaml.safe_load((CASES / "expected.yaml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", sorted(EXPECTED), ids=lambda c: f"{c}: {EXPECTED[c]['says']}")
def test_visible_case_total_and_clauses(case: str) -> None:
    expected = EXPECTED[case]
    res = evaluate(CASES / f"{case}.yaml")
    assert res.optimal, "the optimum must be proven"
    assert res.total == expected["total"]
    assert sorted({a.clause for a in res.awards if a.amount > 0}) == sorted(expected["clauses"])
    assert res.total == sum(a.amount for a in res.awards)


def test_v08_cap_trims_exactly_the_excess() -> None:
    res = evaluate(CASES / "V08.yaml")
    (trim,) = res.caps
    assert (trim.group, trim.year, trim.requested, trim.cap, trim.trimmed) == (
        "tongzhou_de.a7.year_cap", 2026, 1_300_000, 1_000_000, 300_000)


def test_v14b_is_v14a_relocated() -> None:
    a = yaml.safe_load((CASES / "V14a.yaml").read_text(encoding="utf-8"))
    b = yaml.safe_load((CASES / "V14b.yaml").read_text(encoding="utf-8"))
    assert {k: v for k, v in a.items() if k not in ("district", "name")} == \
           {k: v for k, v in b.items() if k not in ("district", "name")}


@pytest.mark.parametrize("pair", [("V11a", "V11b"), ("V13a", "V13b")])
def test_paired_cases_differ_only_in_date_and_horizon(pair: tuple[str, str]) -> None:
    a, b = (yaml.safe_load((CASES / f"{c}.yaml").read_text(encoding="utf-8")) for c in pair)
    keep = lambda d: {k: v for k, v in d.items() if k not in ("as_of", "horizon", "name")}  # noqa: E731
    assert keep(a) == keep(b)
