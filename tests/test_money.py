"""Money is exact: the knowledge base's limb arithmetic against Python integers, to 10^15."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import clingo
from clingo import Function, Number
from conftest import ROOT, evaluate_data
from hypothesis import given, settings
from hypothesis import strategies as st

from pycli.money import MAX_YUAN, from_symbol, to_symbol

MONEY_LP = ROOT / "kb" / "common" / "money.lp"
amounts = st.integers(min_value=0, max_value=MAX_YUAN)
ratios = st.tuples(st.integers(0, 10_000), st.integers(1, 10_000))


def _run(facts: list[clingo.Symbol], rounding: str = "down") -> list[clingo.Symbol]:
    ctl = clingo.Control(logger=lambda _c, _m: None)
    ctl.load(str(MONEY_LP))
    with ctl.backend() as backend:
        for fact in facts + [Function("assume", [Function("rounding"), Function(rounding)])]:
            backend.add_rule([backend.add_atom(fact)])
    ctl.ground([("base", [])])
    return [a.symbol for a in ctl.symbolic_atoms if a.is_fact]


@given(amounts)
def test_limbs_round_trip(value: int) -> None:
    assert from_symbol(to_symbol(value)) == value


@settings(max_examples=60, deadline=None)
@given(amounts, ratios, st.sampled_from(["down", "half_up"]))
def test_ratio_is_exact(value: int, ratio: tuple[int, int], rounding: str) -> None:
    p, q = ratio
    term = to_symbol(value)
    atoms = _run([Function("need_mul", [term, Function("r", [Number(p), Number(q)])])], rounding)
    (result,) = [a.arguments[3] for a in atoms if a.name == "mul_ratio"]
    exact = Fraction(value * p, q)
    expected = int(exact) if rounding == "down" else int(exact + Fraction(1, 2))
    assert from_symbol(result) == expected


@settings(max_examples=60, deadline=None)
@given(amounts, amounts)
def test_subtraction_is_exact(a: int, b: int) -> None:
    big, small = max(a, b), min(a, b)
    atoms = _run([Function("need_sub", [to_symbol(big), to_symbol(small)])])
    (result,) = [x.arguments[2] for x in atoms if x.name == "sub"]
    assert from_symbol(result) == big - small


@settings(max_examples=60, deadline=None)
@given(amounts)
def test_objective_chunks_sum_to_the_amount_and_fit_32_bits(value: int) -> None:
    atoms = _run([Function("need_chunks", [to_symbol(value)])])
    weights = [x.arguments[2].number for x in atoms if x.name == "weight_chunk"]
    assert sum(weights) == value
    assert all(0 < w < 2**31 for w in weights)


@settings(max_examples=40, deadline=None)
@given(st.lists(amounts, min_size=1, max_size=30))
def test_money_sum_is_exact(values: list[int]) -> None:
    facts = [Function("summand", [Function("k"), Number(i), to_symbol(v)]) for i, v in enumerate(values)]
    atoms = _run(facts)
    (result,) = [x.arguments[1] for x in atoms if x.name == "money_sum"]
    assert from_symbol(result) == sum(values)


def test_total_beyond_32_bits_is_exact(tmp_path: Path) -> None:
    # 2,200 first prizes of 1,000,000 and one of 300,000: 2,200,300,000 > 2^31, with no cap.
    entries = [{"id": f"e{i}", "type": "data_element_x", "national_final_prize": 1} for i in range(2200)]
    entries.append({"id": "third", "type": "data_element_x", "national_final_prize": 3})
    data = {"district": "xicheng", "sectors": ["data_elements"], "as_of": "2026-06-01",
            "competition_entries": entries}
    res = evaluate_data(data, tmp_path)
    assert res.optimal and res.total == 2_200_300_000 and len(res.awards) == 2201


def test_uncapped_ratio_of_a_huge_base_is_exact(tmp_path: Path) -> None:
    # C04 trading: 5% of 999,999,999,999,999 = 49,999,999,999,999.95 -> 49,999,999,999,999;
    # the 2,000,000 year cap then binds, exactly.
    data = {"district": "chaoyang", "sectors": ["circulation_trading"], "as_of": "2026-06-01",
            "trading": [{"id": "t", "type": "exchange_trading", "volume": 999_999_999_999_999, "year": 2026}]}
    res = evaluate_data(data, tmp_path)
    assert res.total == 2_000_000
    assert res.awards[0].gross == 49_999_999_999_999
