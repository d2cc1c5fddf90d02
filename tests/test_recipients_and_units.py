"""Who may receive an award, what one award is, and what a deduction or cap applies to.

The cases in tests/cases/recipients_and_units.yaml are computed by hand from the texts
(the arithmetic is in each case's `says`); the matrix below is every entity type against
every document, read from each document's scope article.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import CASES, evaluate_data

FILE = yaml.safe_load((CASES / "recipients_and_units.yaml").read_text(encoding="utf-8"))["cases"]


@pytest.mark.parametrize("case", FILE, ids=[c["name"] for c in FILE])
def test_case(case: dict[str, Any], tmp_path: Path) -> None:
    res = evaluate_data(case["applicant"], tmp_path, assumptions=case.get("assume", {}))
    assert res.optimal
    assert res.total == case["total"], case["says"]
    if "awards" in case:
        paid = sorted([a.clause, a.matter] for a in res.awards if a.amount)
        assert paid == sorted(case["awards"]), case["says"]
    for code in case.get("notes", []):
        assert code in {c for c, _params in res.coded_notes}, case["says"]
    for name, value in case.get("assume", {}).items():
        assert f"{name}={value}" in res.assumptions, "a result names the reading it was computed under"


TYPES = ("enterprise", "research_institution", "social_organization", "service_agency", "park_operator",
         "innovation_consortium", "industrial_service_institution")
#: Whom each document's scope article names.  Xicheng: "units" operating in Xicheng; Chaoyang:
#: enterprises and "innovative entities ... such as research institutions, social organizations,
#: startup service agencies and park ... companies" (an open list); the pilot zone: "enterprises";
#: the digital-economy rules, art. 1: "Enterprises, innovation consortia, social organizations,
#: and industrial service institutions".
PAID = {
    "xicheng": set(TYPES),
    "chaoyang": set(TYPES),
    "tongzhou_pz": {"enterprise"},
    "tongzhou_de": {"enterprise", "innovation_consortium", "social_organization", "industrial_service_institution"},
}
#: One matter per document that a clause with no recipient condition of its own pays, and its amount.
MATTER = {
    "xicheng": ({"district": "xicheng", "sectors": ["data_elements"], "events": [
        {"id": "m", "type": "exchange_activity", "role": "host", "sponsor_level": "municipal",
         "actual_expenses": 1_000_000}]}, 300_000),  # X9(4): 30% x 1,000,000
    "chaoyang": ({"district": "chaoyang", "sectors": ["data_elements"], "data_assets": [
        {"id": "m", "type": "dataset"}]}, 2_000_000),  # C10: up to 2,000,000
    "tongzhou_pz": ({"district": "tongzhou", "pilot_zone": True, "sectors": ["data_elements"], "data_assets": [
        {"id": "m", "type": "data_resource", "flags": ["transaction_level_by_asset_evaluation"]}]}, 1_000_000),
    "tongzhou_de": ({"district": "tongzhou", "sectors": ["artificial_intelligence"], "projects": [
        {"id": "m", "type": "application_scenario", "flags": ["advanced_replicable_demonstrative"]}]}, 500_000),
}


@pytest.mark.parametrize("doc", sorted(PAID))
@pytest.mark.parametrize("entity_type", TYPES)
def test_document_pays_the_recipients_it_names(doc: str, entity_type: str, tmp_path: Path) -> None:
    data, amount = MATTER[doc]
    res = evaluate_data({**data, "as_of": "2026-06-01", "entity_type": entity_type}, tmp_path)
    assert res.total == (amount if entity_type in PAID[doc] else 0)


def test_the_table_of_units_and_recipients_is_current() -> None:
    from conftest import ROOT

    from pycli.kbtools import units

    doc = (ROOT / "docs" / "assumptions.md").read_text(encoding="utf-8")
    assert f"{units.BEGIN}\n{units.table()}{units.END}" in doc, "run python -m pycli.kbtools.units docs/assumptions.md"
