"""What a file that leaves a field out is read to say: readings of the knowledge base
(kb/common/defaults.lp, assumptions 21-24), switchable, and listed by every result
that relied on them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from conftest import CASES, evaluate_data

from pycli.input import load


def _case(name: str) -> dict[str, Any]:
    return yaml.safe_load((CASES / f"{name}.yaml").read_text(encoding="utf-8"))


def test_the_loader_fills_in_no_reading_of_the_law() -> None:
    data = load.validate({"district": "tongzhou", "sectors": ["data_elements"]}, "t").data
    assert not {"sme", "entity_type", "independent_legal_person"} & set(data)


def test_an_unstated_size_is_not_an_sme(tmp_path: Path) -> None:
    # V12 without `sme: true`: both vouchers need an SME (tongzhou_de art. 6), so nothing
    # is paid.  Read the other way, V12's 150,000 + 500,000 = 650,000 comes back.
    data = {k: v for k, v in _case("V12").items() if k != "sme"}
    silent = evaluate_data(data, tmp_path)
    assert silent.total == 0 and "unstated_sme=false" in silent.assumptions
    other = evaluate_data(data, tmp_path, assumptions={"unstated_sme": "true"})
    assert other.total == 650_000 and "unstated_sme=true" in other.assumptions
    # Stated, the reading is neither used nor listed.
    stated = evaluate_data(_case("V12"), tmp_path)
    assert stated.total == 650_000 and not any(a.startswith("unstated_sme") for a in stated.assumptions)


def test_an_unstated_entity_type_is_an_enterprise(tmp_path: Path) -> None:
    # V17: Chaoyang art. 5 pays 500,000 for a first compliant export to an enterprise
    # with independent legal-person status (interpretation 8); the file states neither.
    data = _case("V17")
    assert "entity_type" not in data and "independent_legal_person" not in data
    res = evaluate_data(data, tmp_path)
    assert res.total == 500_000
    assert {"unstated_entity_type=enterprise", "unstated_legal_person=true"} <= set(res.assumptions)
    # Read as not a legal person, an enterprise is outside Chaoyang's recipients: 0.
    assert evaluate_data(data, tmp_path, assumptions={"unstated_legal_person": "false"}).total == 0
    # Read as of no known type, art. 5's "Enterprises that achieve ..." is not met: 0.
    assert evaluate_data(data, tmp_path, assumptions={"unstated_entity_type": "unknown"}).total == 0


def test_outside_every_document_no_default_is_listed(tmp_path: Path) -> None:
    res = evaluate_data({"district": "haidian", "sectors": ["data_elements"], "as_of": "2026-06-01"}, tmp_path)
    assert res.total == 0 and not any(a.startswith("unstated_") for a in res.assumptions)


def test_undated_earlier_support_is_of_the_evaluation_year(tmp_path: Path) -> None:
    # V11b: Xicheng art. 3(1) pays 1,000,000 a year for three years (2026, 2027, 2028).
    # An earlier record with no date or year is read as paid in 2026, the evaluation
    # year, so 2027 and 2028 remain: 2,000,000.  Read as of no year, it blocks none: 3,000,000.
    data = {**_case("V11b"), "earlier_support": [
        {"clause": "xicheng.a3.1.platform", "matter": "data-tech-center", "amount": 1_000_000}]}
    res = evaluate_data(data, tmp_path)
    assert res.total == 2_000_000 and "undated_earlier_year=evaluation_year" in res.assumptions
    assert sorted(a.year for a in res.awards) == [2027, 2028]
    other = evaluate_data(data, tmp_path, assumptions={"undated_earlier_year": "no_year"})
    assert other.total == 3_000_000
    # Dated, the record blocks its own year and the reading is not listed.
    dated = {**data, "earlier_support": [{**data["earlier_support"][0], "year": 2027}]}
    res = evaluate_data(dated, tmp_path)
    assert sorted(a.year for a in res.awards) == [2026, 2028]
    assert not any(a.startswith("undated_earlier_year") for a in res.assumptions)
