"""Which awards of a full shared cap absorb its trim: a reading of the knowledge base
(kb/common/trim.lp), which the result only reads.  Tongzhou digital-economy art. 7:
500,000 / 300,000 / 200,000 for leading an international / national / local standard,
"up to RMB 1 million of support per year" (tongzhou_de.a7.year_cap)."""

from __future__ import annotations

from pathlib import Path

from clingo import Function, Number
from conftest import evaluate_data

from pycli.engine.shares import shares, shares_many
from pycli.money import to_symbol

BASE = {"district": "tongzhou", "sectors": ["data_elements"], "as_of": "2026-06-01"}


def _standards(tmp_path: Path, *levels: tuple[str, str]) -> dict[str, int]:
    data = {**BASE, "standards": [{"id": mid, "level": level, "role": "lead", "date": "2026-03-01"}
                                  for mid, level in levels]}
    res = evaluate_data(data, tmp_path)
    assert res.total == sum(a.amount for a in res.awards)
    return {a.matter: a.amount for a in res.awards}


def test_the_smallest_award_gives_way_first(tmp_path: Path) -> None:
    # 500,000 + 300,000 + 300,000 = 1,100,000 asked; the cap pays 1,000,000: the
    # 500,000 keeps its amount, then the first 300,000 (matter "b" before "c"), and
    # "c" absorbs the 100,000 trim: 200,000.
    assert _standards(tmp_path, ("a", "international"), ("b", "national"), ("c", "national")) == {
        "a": 500_000, "b": 300_000, "c": 200_000}


def test_among_equal_awards_the_later_matter_gives_way(tmp_path: Path) -> None:
    # 3 x 500,000 = 1,500,000 asked: "x" and "y" keep 500,000 each, "z" gets 0.
    assert _standards(tmp_path, ("z", "international"), ("x", "international"), ("y", "international")) == {
        "x": 500_000, "y": 500_000, "z": 0}


def test_under_the_cap_nothing_is_trimmed(tmp_path: Path) -> None:
    # 500,000 + 300,000 + 200,000 = 1,000,000: exactly the cap, every award whole.
    assert _standards(tmp_path, ("a", "international"), ("b", "national"), ("c", "local")) == {
        "a": 500_000, "b": 300_000, "c": 200_000}


def test_the_shares_are_exact_beyond_32_bits() -> None:
    # A cap of 5,000,000,000 yuan over 4,000,000,000 + 3,000,000,000 asked: the larger
    # keeps 4,000,000,000, the smaller 1,000,000,000 (amounts a 32-bit clingo integer
    # cannot hold, in four base-10,000 limbs).
    group = Function("g", [Function("big"), Number(2026)])

    kept = shares([(group, "c.one", "m", 2026, 3_000_000_000), (group, "c.two", "m", 2026, 4_000_000_000)],
                  {group: to_symbol(5_000_000_000)})
    assert kept == {("c.one", "m", 2026): 1_000_000_000, ("c.two", "m", 2026): 4_000_000_000}


def test_the_shares_of_several_solutions_found_together_are_each_ones_own() -> None:
    # The same clause, matter and year in two solutions, under caps that cut differently:
    # one run of kb/trim.lp (a batch, a sweep) keeps each solution's shares apart.
    group = Function("g", [Function("t7"), Number(2026)])
    first = ([(group, "c.one", "m", 2026, 500_000), (group, "c.two", "n", 2026, 300_000)], {group: to_symbol(600_000)})
    second = ([(group, "c.one", "m", 2026, 500_000), (group, "c.two", "n", 2026, 300_000)], {group: to_symbol(900_000)})
    nothing: tuple[list, dict] = ([], {})
    together = shares_many([first, nothing, second])
    assert together == [shares(*first), {}, shares(*second)]
    assert together[0] == {("c.one", "m", 2026): 500_000, ("c.two", "n", 2026): 100_000}
    assert together[2] == {("c.one", "m", 2026): 500_000, ("c.two", "n", 2026): 300_000}
