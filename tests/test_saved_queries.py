"""Saved queries and scenarios (queries/): each answer checked against the documents by hand.

The expected rows below were read off kb/documents/*.lp (the law/3,4, cap_group/2, in_group/2,
payment/2 and kind/2 facts under each quoted sentence), not produced by the queries.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from conftest import ROOT
from inprocess import run

from pycli.engine import facts
from pycli.input import load
from pycli.research import queries

M = 1_000_000


#: The documents the expected rows below were read off, and their districts and family.
#: Rows of any other document are left out, so that a new document changes no table here
#: (its own answers belong with its own tests).
KNOWN = {"xicheng", "chaoyang", "tongzhou_de", "tongzhou_pz", "tongzhou"}


def _known(cell: Any) -> bool:
    return isinstance(cell, str) and (cell in KNOWN or cell.split(".", 1)[0] in KNOWN)


def _rows(name: str, *args: str) -> list[list[Any]]:
    proc = run("query", name, *args, "--format", "json")
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    return [list(r.values()) for r in out["rows"] if any(_known(v) for v in r.values())]


def test_every_saved_query_has_a_header_and_a_test() -> None:
    saved = queries.saved_queries()
    assert len(saved) >= 8
    tested = set(EXPECTED) | {"clauses-for-kind", "qualifying"}
    assert set(saved) == tested
    for query in saved.values():
        assert query.title and query.description and query.columns, query.name
        assert query.file in ("none", "optional", "required"), query.name


EXPECTED: dict[str, list[list[Any]]] = {
    # Chaoyang art. 5 (first export, 500,000 fixed); pilot zone art. 5 (1,000,000 and 200,000 ceilings).
    "cross-border": [
        ["chaoyang", "chaoyang.a05.export", "first_export", "fixed", 500_000],
        ["tongzhou", "tongzhou_pz.a5.compliance_service", "compliance_service", "ceiling", 200_000],
        ["tongzhou", "tongzhou_pz.a5.cross_border", "cross_border_business", "ceiling", 1 * M],
        ["xicheng", None, None, None, None]],
    "year-caps": [
        ["chaoyang.a04.year_cap", 2 * M, "chaoyang.a04.listing"],
        ["chaoyang.a04.year_cap", 2 * M, "chaoyang.a04.market_entry"],
        ["chaoyang.a04.year_cap", 2 * M, "chaoyang.a04.trading"],
        ["tongzhou_de.a5.year_cap", 1 * M, "tongzhou_de.a5.filing"],
        ["tongzhou_de.a6.computing_year_cap", 500_000, "tongzhou_de.a6.computing_voucher"],
        ["tongzhou_de.a6.model_year_cap", 300_000, "tongzhou_de.a6.model_voucher"],
        ["tongzhou_de.a7.year_cap", 1 * M, "tongzhou_de.a7.standard"],
        ["tongzhou_de.a12.year_cap", 2 * M, "tongzhou_de.a12.scenario"],
        ["tongzhou_de.a14.year_cap", 1 * M, "tongzhou_de.a14.event"]],
    "entity-caps": [
        ["tongzhou_de.a9.entity_cap", 1 * M, "tongzhou_de.a9.itai"],
        ["tongzhou_pz.a3.entity_cap", 1 * M, "tongzhou_pz.a3.pioneering"],
        ["tongzhou_pz.a7.entity_cap", 1 * M, "tongzhou_pz.a7.matching"],
        ["xicheng.a2.2.entity_cap", 5 * M, "xicheng.a2.2.filing"],
        ["xicheng.a2.2.matching_entity_cap", 5 * M, "xicheng.a2.2.matching"],
        ["xicheng.a8.entity_cap", 3 * M, "xicheng.a8.standard"],
        ["xicheng.a9.2.entity_cap", 2 * M, "xicheng.a9.2.interest"],
        ["xicheng.a9.6.finance_entity_cap", 200_000, "xicheng.a9.6.finance_product"],
        ["xicheng.a9.6.valuation_entity_cap", 500_000, "xicheng.a9.6.valuation_service"]],
    # 16 clause/2 facts in chaoyang's rules.lp, 14 in tongzhou_digital_economy's, 9 in tongzhou_pilot_zone's,
    # 30 in xicheng's; the two Tongzhou documents share the family tongzhou (interpretation 4).
    "families": [["chaoyang", "chaoyang", 16], ["tongzhou", "tongzhou_de", 14], ["tongzhou", "tongzhou_pz", 9],
                 ["xicheng", "xicheng", 30]],
    "ratio-clauses": [
        ["chaoyang.a04.market_entry", "volume", "base", "1%", None, "chaoyang.a04.year_cap", 2 * M],
        ["chaoyang.a04.trading", "volume", "base", "5%", None, "chaoyang.a04.year_cap", 2 * M],
        ["chaoyang.a11.scenario", "investment_excl_civil", "base", "30%", 5 * M, None, None],
        ["tongzhou_de.a6.computing_voucher", "contract_amount", "base", "30%", None,
         "tongzhou_de.a6.computing_year_cap", 500_000],
        ["tongzhou_de.a6.model_voucher", "contract_amount", "base", "30%", None, "tongzhou_de.a6.model_year_cap",
         300_000],
        ["tongzhou_de.a9.itai", "contract_amount_excl_hardware", "base", "10%", None, "tongzhou_de.a9.entity_cap",
         1 * M],
        ["tongzhou_de.a11.infrastructure", "fixed_asset_investment", "base", "20%", 20 * M, None, None],
        ["tongzhou_de.a14.event", "actual_expenses", "base", "50%", None, "tongzhou_de.a14.year_cap", 1 * M],
        ["tongzhou_pz.a3.project", "actual_investment", "district", "10%", 500_000, None, None],
        ["tongzhou_pz.a3.project", "actual_investment", "municipal", "20%", 1 * M, None, None],
        ["tongzhou_pz.a3.project", "actual_investment", "national", "30%", 3 * M, None, None],
        ["tongzhou_pz.a4.demonstration", "rnd_construction_investment", "base", "20%", 3 * M, None, None],
        ["tongzhou_pz.a6.service_platform", "investment", "base", "30%", 1 * M, None, None],
        ["tongzhou_pz.a7.matching", "amount", "municipal", "1:2", None, "tongzhou_pz.a7.entity_cap", 1 * M],
        ["tongzhou_pz.a7.matching", "amount", "national", "1:1", None, "tongzhou_pz.a7.entity_cap", 1 * M],
        ["xicheng.a2.2.matching", "amount", "base", "1:1", 5 * M, "xicheng.a2.2.matching_entity_cap", 5 * M],
        ["xicheng.a4.3.matching", "amount", "base", "1:1", 2 * M, None, None],
        ["xicheng.a6.1.infra", "fixed_asset_investment_excl_civil", "base", "10%", 10 * M, None, None],
        ["xicheng.a9.2.interest", "interest", "base", "1:1", 2 * M, "xicheng.a9.2.entity_cap", 2 * M],
        ["xicheng.a9.4.event", "actual_expenses", "base", "30%", 2 * M, None, None]],
    "terms": [
        ["chaoyang.a02.platform_operation", "annual", "base", 3, "law", 10 * M],
        ["chaoyang.a03.services", "annual", "base", 1, "open_annual_years", 5 * M],
        ["chaoyang.a06.platform", "annual", "base", 3, "law", 10 * M],
        ["chaoyang.a07.key_enterprise", "cumulative", "base", 5, "law", 100 * M],
        ["chaoyang.a07.major_project", "cumulative", "base", 3, "law", 30 * M],
        ["chaoyang.a08.operator", "annual", "base", 1, "open_annual_years", 10 * M],
        ["chaoyang.a08.park_enterprise", "annual", "base", 3, "law", 5 * M],
        ["tongzhou_de.a10.2.base", "cumulative", "district", 3, "law", 3 * M],
        ["tongzhou_de.a10.2.base", "cumulative", "municipal", 3, "law", 5 * M],
        ["tongzhou_de.a11.infrastructure", "cumulative", "base", 3, "law", None],
        ["xicheng.a3.1.platform", "annual", "municipal", 3, "law", 1 * M],
        ["xicheng.a3.1.platform", "annual", "national", 3, "law", 2 * M]],
    "no-amount": [
        ["chaoyang.a09.matching", "unquantified", "chaoyang", "09", "2"],
        ["tongzhou_pz.a1.sandbox", "service", "tongzhou_pz", "1", ""],
        ["xicheng.a9.1.dual_manager", "service", "xicheng", "9", "1"],
        ["xicheng.a9.3.talent", "service", "xicheng", "9", "3"],
        ["xicheng.a9.4.forum", "service", "xicheng", "9", "4"]],
    # Chaoyang states no dates; the pilot-zone rules no end; the others three years from issue.
    "documents": [
        ["chaoyang", "chaoyang", "Chaoyang data-element industry measures", None, None, "yes"],
        ["tongzhou_de", "tongzhou", "Tongzhou digital-economy rules (2025)", "2025-04-30", "2028-04-29", "yes"],
        ["tongzhou_pz", "tongzhou", "Tongzhou pilot-zone rules (2024)", "2024-09-06", None, "yes"],
        ["xicheng", "xicheng", "Xicheng 2025 data-industry measures", "2025-10-14", "2028-10-13", "yes"]],
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_saved_query_answer(name: str) -> None:
    assert _rows(name, "--as-of", "2026-06-01") == EXPECTED[name]


def test_documents_out_of_force_after_their_term() -> None:
    rows = _rows("documents", "--as-of", "2028-06-01")
    assert [(r[0], r[5]) for r in rows] == [("chaoyang", "yes"), ("tongzhou_de", "no"), ("tongzhou_pz", "yes"),
                                            ("xicheng", "yes")]


@pytest.mark.parametrize("kind,expected", [
    # Xicheng art. 2(2) names four filing types, Tongzhou art. 5 three (tongzhou_de.a5.filing tiers).
    ("filing", [["tongzhou_de.a5.filing", "blockchain_info_service", "tongzhou", "ceiling"],
                ["tongzhou_de.a5.filing", "deep_synthesis", "tongzhou", "ceiling"],
                ["tongzhou_de.a5.filing", "generative_ai_service", "tongzhou", "ceiling"],
                ["xicheng.a2.2.filing", "algorithm", "xicheng", "ceiling"],
                ["xicheng.a2.2.filing", "deep_synthesis", "xicheng", "ceiling"],
                ["xicheng.a2.2.filing", "generative_ai_service", "xicheng", "ceiling"],
                ["xicheng.a2.2.filing", "other_similar", "xicheng", "ceiling"]]),
    # Standards have no type: Tongzhou art. 7 and Xicheng art. 8.
    ("standard", [["tongzhou_de.a7.standard", None, "tongzhou", "ceiling"],
                  ["xicheng.a8.standard", None, "xicheng", "ceiling"]]),
    ("trading", [["chaoyang.a04.market_entry", "registered_filing", "chaoyang", "fixed"],
                 ["chaoyang.a04.trading", "exchange_trading", "chaoyang", "fixed"]]),
])
def test_clauses_for_kind(kind: str, expected: list[list[Any]]) -> None:
    assert _rows("clauses-for-kind", "--param", f"kind={kind}") == expected


def test_a_reform_changes_the_caps_a_query_reads() -> None:
    rows = _rows("year-caps", "--reform", "queries/reforms/double-t7-cap.yaml")
    assert ["tongzhou_de.a7.year_cap", 2 * M, "tongzhou_de.a7.standard"] in rows
    proc = run("query", "year-caps", "--reform", "queries/reforms/double-t7-cap.yaml")
    assert "Reform: Double the Tongzhou standards cap" in proc.stdout.splitlines()


def test_a_reading_changes_what_a_query_sees() -> None:
    rows = _rows("entity-caps", "--assume", "p3_entity_cap_scope=whole_article")
    assert ["tongzhou_pz.a3.entity_cap", 1 * M, "tongzhou_pz.a3.project"] in rows
    assert len(rows) == len(EXPECTED["entity-caps"]) + 1
    terms = _rows("terms", "--assume", "open_annual_years=3")
    assert ["chaoyang.a03.services", "annual", "base", 3, "open_annual_years", 5 * M] in terms
    families = _rows("families", "--assume", "tongzhou_shared_family=false")
    assert families == [["chaoyang", "chaoyang", 16], ["tongzhou_de", "tongzhou_de", 14],
                        ["tongzhou_pz", "tongzhou_pz", 9], ["xicheng", "xicheng", 30]]


def test_qualifying_for_an_applicant() -> None:
    rows = _rows("qualifying", "examples/tongzhou-pilot-zone-platform.yaml")
    # The scenario project qualifies under pilot-zone art. 4 (1,800,000, chosen) and digital-economy
    # art. 12 (500,000, same family); Chaoyang's and Xicheng's documents do not apply in Tongzhou.
    assert ["credit-antifraud-scenario", "tongzhou_pz.a4.demonstration", "supported"] in rows
    assert ["credit-antifraud-scenario", "tongzhou_de.a12.scenario", "another_clause_chosen"] in rows
    assert ["credit-antifraud-scenario", "chaoyang.a11.scenario", "document_does_not_apply"] in rows
    assert ["national-privacy-computing", "xicheng.a2.1.key_task", "document_does_not_apply"] in rows
    assert ["sandbox", "tongzhou_pz.a1.sandbox", "service_listed"] in rows
    assert sum(1 for r in rows if r[2] == "supported") == 8


def test_query_errors_are_one_line() -> None:
    for args, needle in [
        (["nope"], "policykb: query: nope: no such saved query or scenario (known: "),
        (["clauses-for-kind", "--param", "kind=bogus"], "policykb: --param: kind=bogus: not a value query"),
        (["clauses-for-kind", "--param", "colour=red"], "policykb: --param: colour=red: expected NAME=VALUE"),
        (["qualifying"], "policykb: query: qualifying: needs an applicant FILE"),
        (["year-caps", "examples/tongzhou-ai-sme.yaml"], "policykb: query: year-caps: asks about the knowledge base"),
        (["pilot-platform-leaves-the-zone", "--param", "a=b"], "policykb: --param: a=b: scenario"),
    ]:
        proc = run("query", *args)
        assert proc.returncode == 2 and proc.stderr.count("\n") == 1, (args, proc.stderr)
        assert proc.stderr.startswith(needle), (args, proc.stderr)


def test_list_names_every_query_and_scenario() -> None:
    proc = run("query", "--list")
    assert proc.returncode == 0
    names = {line.split()[0] for line in proc.stdout.splitlines() if line and not line.startswith(("Saved", "name"))}
    assert names == set(queries.saved_queries()) | set(queries.saved_scenarios())


# --- saved what-if scenarios -------------------------------------------------------------------

def test_scenario_pilot_platform_leaves_the_zone() -> None:
    proc = run("query", "pilot-platform-leaves-the-zone", "--format", "json")
    out = json.loads(proc.stdout)
    # Outside the zone only the digital-economy rules apply: 12,000,000 (art. 11) + 500,000 (art. 12).
    assert out["scenario"] == "pilot-platform-leaves-the-zone"
    assert out["total"] == {"baseline": 19_690_000, "variant": 12_500_000, "difference": -7_190_000}


def test_scenario_with_a_reform() -> None:
    proc = run("query", "ai-sme-international-standard-doubled-cap", "--format", "json")
    out = json.loads(proc.stdout)
    # International 500,000 instead of industry 200,000, under a 2,000,000 cap.
    assert out["total"] == {"baseline": 3_510_000, "variant": 3_810_000, "difference": 300_000}
    assert out["variant"]["reform"] == "Double the Tongzhou standards cap"


def test_scenario_files_are_valid() -> None:
    for scene in queries.saved_scenarios().values():
        assert scene.title and scene.file
        load.load(str(ROOT / scene.file) if not scene.file.startswith("/") else scene.file)


def test_parameters_become_data_not_program_text() -> None:
    query = queries.saved_queries()["clauses-for-kind"]
    # A value that would be a program if pasted: it is a String symbol, and matches no kind.
    hostile = 'filing). answer("x","y","z","w'
    with pytest.raises(Exception, match="not a value query"):
        queries.run(query, {"kind": hostile}, facts.Settings())
    assert queries.parameter_symbol(hostile).string == hostile
