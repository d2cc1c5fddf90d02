"""One focused test per kind of clause and per reading, each against a figure computed by hand."""

from __future__ import annotations

import copy
import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import CASES, evaluate, evaluate_data

XICHENG = {"district": "xicheng", "sectors": ["development_utilization"], "as_of": "2026-06-01"}
CHAOYANG = {"district": "chaoyang", "sectors": ["circulation_trading"], "as_of": "2026-06-01"}
TONGZHOU = {"district": "tongzhou", "sectors": ["artificial_intelligence"], "as_of": "2026-06-01"}
PILOT = {"district": "tongzhou", "pilot_zone": True, "sectors": ["data_elements"], "as_of": "2026-06-01"}


def applicant(base: dict[str, Any], **lists: Any) -> dict[str, Any]:
    data = copy.deepcopy(base)
    data.update(lists)
    return data


def total(tmp_path: Path, data: dict[str, Any], **settings: Any) -> int:
    res = evaluate_data(data, tmp_path, **settings)
    assert res.optimal
    assert res.total == sum(a.amount for a in res.awards)
    return res.total


# --- ratio of a base under a per-project cap (X6(1): 10%, at most 10,000,000) -----------------

@pytest.mark.parametrize("investment,expected", [
    (100_000_000, 10_000_000),      # exactly at the cap
    (100_000_009, 10_000_000),      # just above: the cap binds
    (99_999_999, 9_999_999),        # 9,999,999.9 rounds down
    (7, 0),                         # 0.7 yuan rounds to nothing
    (10**12, 10_000_000),           # 10^12 yuan, exact, capped
])
def test_x6_ratio_of_investment_under_project_cap(tmp_path: Path, investment: int, expected: int) -> None:
    data = applicant(XICHENG, projects=[{"id": "tds", "type": "data_infrastructure",
                                         "flags": ["national_pilot_demonstration"],
                                         "fixed_asset_investment_excl_civil": investment}])
    assert total(tmp_path, data) == expected


def test_rounding_half_up_is_switchable(tmp_path: Path) -> None:
    data = applicant(XICHENG, projects=[{"id": "tds", "type": "data_infrastructure",
                                         "flags": ["national_pilot_demonstration"],
                                         "fixed_asset_investment_excl_civil": 99_999_995}])
    assert total(tmp_path, data) == 9_999_999
    assert total(tmp_path, data, assumptions={"rounding": "half_up"}) == 10_000_000


# --- fixed amounts and strict thresholds (C04: more than 50 products) ------------------------

@pytest.mark.parametrize("count,strict,expected", [
    (50, True, 0), (51, True, 500_000), (50, False, 500_000), (49, False, 0)])
def test_c04_more_than_fifty_is_strict(tmp_path: Path, count: int, strict: bool, expected: int) -> None:
    data = applicant(CHAOYANG, data_assets=[{"id": "l", "type": "product_listing", "count": count, "year": 2026}])
    assumptions = {} if strict else {"thresholds_strict": "false"}
    assert total(tmp_path, data, assumptions=assumptions) == expected


def test_c04_family_cap_trims_per_year(tmp_path: Path) -> None:
    # 500,000 + 5% of 40,000,000 = 2,500,000 in 2026, trimmed to 2,000,000; 2027 separately 5% of 1,000,000.
    data = applicant(CHAOYANG,
                     data_assets=[{"id": "l", "type": "product_listing", "count": 60, "year": 2026}],
                     trading=[{"id": "t26", "type": "exchange_trading", "volume": 40_000_000, "year": 2026},
                              {"id": "t27", "type": "exchange_trading", "volume": 1_000_000, "year": 2027}])
    res = evaluate_data(data, tmp_path)
    assert res.total == 2_000_000 + 50_000
    assert [(c.year, c.trimmed) for c in res.caps] == [(2026, 500_000)]


# --- ceilings versus fixed amounts (interpretation 1) ----------------------------------------

def test_only_fixed_awards_count_when_ceilings_are_not_counted(tmp_path: Path) -> None:
    data = applicant(CHAOYANG,
                     cross_border=[{"id": "x", "type": "first_export", "method": "certification"}],
                     data_assets=[{"id": "d", "type": "dataset"}])
    assert total(tmp_path, data) == 500_000 + 2_000_000
    assert total(tmp_path, data, assumptions={"ceilings_count_in_full": "false"}) == 500_000


def test_award_kinds_are_reported(tmp_path: Path) -> None:
    data = applicant(CHAOYANG,
                     cross_border=[{"id": "x", "type": "first_export", "method": "certification"}],
                     data_assets=[{"id": "d", "type": "dataset"}],
                     projects=[{"id": "b", "type": "benchmark_solution"}])
    kinds = {a.clause: a.kind for a in evaluate_data(data, tmp_path).awards}
    assert kinds == {"chaoyang.a05.export": "fixed", "chaoyang.a10.dataset": "discretionary",
                     "chaoyang.a11.benchmark": "ceiling"}


# --- caps per entity and per year ------------------------------------------------------------

def test_x8_entity_cap_trims_four_national_standards(tmp_path: Path) -> None:
    standards = [{"id": f"s{i}", "level": "national", "role": "lead", "drafter_rank": 1,
                  "flags": ["published"], "date": f"202{5 + i % 2}-11-0{i + 1}"} for i in range(4)]
    res = evaluate_data(applicant(XICHENG, standards=standards), tmp_path)
    assert res.total == 3_000_000
    assert [(c.group, c.year, c.trimmed) for c in res.caps] == [("xicheng.a8.entity_cap", None, 1_000_000)]


def test_x8_rank_four_does_not_count(tmp_path: Path) -> None:
    std = {"id": "s", "level": "international", "role": "participant", "drafter_rank": 4, "flags": ["published"]}
    assert total(tmp_path, applicant(XICHENG, standards=[std])) == 0
    assert total(tmp_path, applicant(XICHENG, standards=[std]),
                 assumptions={"x8_published_top_three": "false"}) == 2_000_000


def test_t7_year_cap_applies_per_calendar_year(tmp_path: Path) -> None:
    standards = [{"id": "a", "level": "international", "role": "lead", "date": "2026-01-01"},
                 {"id": "b", "level": "international", "role": "lead", "date": "2026-12-31"},
                 {"id": "c", "level": "international", "role": "lead", "date": "2027-01-01"}]
    assert total(tmp_path, applicant(TONGZHOU, standards=standards)) == 1_000_000 + 500_000


def test_caps_as_hard_limits_pick_the_best_subset(tmp_path: Path) -> None:
    # V08 read as a hard limit: no more than 1,000,000, so 500k + 500k; the 300k standard drops.
    assert total(tmp_path, yaml.safe_load((CASES / "V08.yaml").read_text()),
                 assumptions={"caps_trim": "false"}) == 1_000_000


# --- annual and cumulative awards over the horizon (interpretation 6) -------------------------

@pytest.mark.parametrize("horizon,expected", [(None, 3_000_000), (1, 1_000_000), (5, 3_000_000)])
def test_x3_annual_award_counts_years_of_horizon(tmp_path: Path, horizon: int | None, expected: int) -> None:
    res = evaluate(CASES / "V11b.yaml", horizon=horizon)
    assert res.total == expected
    assert len(res.awards) == expected // 1_000_000


def test_horizon_default_one_year(tmp_path: Path) -> None:
    assert evaluate(CASES / "V11b.yaml", assumptions={"horizon_default": "one_year"}).total == 1_000_000


@pytest.mark.parametrize("horizon,expected", [(None, 5_000_000), (1, 1_666_666), (2, 3_333_333)])
def test_t10_cumulative_total_pro_rata(tmp_path: Path, horizon: int | None, expected: int) -> None:
    data = applicant(TONGZHOU, platforms=[{"id": "base", "type": "future_innovation_base", "level": "municipal"}])
    assert total(tmp_path, data, horizon=horizon) == expected


# --- promotion pays the difference (interpretation 12) ---------------------------------------

@pytest.mark.parametrize("earlier,expected", [(2_000_000, 3_000_000), (5_000_000, 0), (6_000_000, 0)])
def test_t8_promotion_difference(tmp_path: Path, earlier: int, expected: int) -> None:
    data = applicant(TONGZHOU, platforms=[{"id": "c", "type": "manufacturing_innovation_center", "level": "national"}],
                     earlier_support=[{"clause": "tongzhou_de.a8.1.center", "amount": earlier, "year": 2025}])
    assert total(tmp_path, data) == expected


def test_t8_without_the_difference_reading_pays_in_full(tmp_path: Path) -> None:
    assert evaluate(CASES / "V18.yaml", assumptions={"t8_promotion_difference": "false"}).total == 5_000_000


# --- validity against the evaluation date (interpretation 7) ---------------------------------

@pytest.mark.parametrize("as_of,expected", [
    ("2025-04-29", 0), ("2025-04-30", 200_000), ("2028-04-29", 200_000), ("2028-04-30", 0)])
def test_t19_validity_window_edges(tmp_path: Path, as_of: str, expected: int) -> None:
    data = applicant(TONGZHOU, recognitions=[{"id": "g", "type": "fast_growth_leadership"}])
    assert total(tmp_path, data, as_of=dt.date.fromisoformat(as_of)) == expected


@pytest.mark.parametrize("as_of,expected", [("2025-10-13", 0), ("2025-10-14", 2_000_000),
                                            ("2028-10-13", 2_000_000), ("2028-10-14", 0)])
def test_xicheng_validity_window_edges(as_of: str, expected: int) -> None:
    res = evaluate(CASES / "V14b.yaml", as_of=dt.date.fromisoformat(as_of))
    assert res.total == expected


def test_open_ended_document_is_in_force_and_says_so() -> None:
    res = evaluate(CASES / "V17.yaml")
    assert res.total == 500_000 and any("no end date" in n for n in res.notes)
    assert evaluate(CASES / "V17.yaml", assumptions={"undated_in_force": "false"}).total == 0


# --- recipient conditions (interpretation 8) -------------------------------------------------

def test_t6_requires_an_sme(tmp_path: Path) -> None:
    data = yaml.safe_load((CASES / "V12.yaml").read_text())
    data["sme"] = False
    assert total(tmp_path, data) == 0


@pytest.mark.parametrize("entity,legal_person,reading,expected", [
    ("enterprise", True, "enterprises_only", 500_000),
    ("enterprise", False, "enterprises_only", 0),
    ("research_institution", False, "enterprises_only", 0),  # C05 names enterprises
    ("enterprise", False, "all_recipients", 0),
])
def test_chaoyang_independent_legal_person(tmp_path: Path, entity: str, legal_person: bool,
                                           reading: str, expected: int) -> None:
    data = applicant(CHAOYANG, entity_type=entity, independent_legal_person=legal_person,
                     cross_border=[{"id": "x", "type": "first_export", "method": "security_assessment"}])
    assert total(tmp_path, data, assumptions={"chaoyang_legal_person": reading}) == expected


def test_chaoyang_institution_without_legal_person_keeps_its_own_clauses(tmp_path: Path) -> None:
    data = applicant(CHAOYANG, entity_type="research_institution", independent_legal_person=False,
                     data_assets=[{"id": "d", "type": "dataset"}])
    assert total(tmp_path, data) == 2_000_000
    assert total(tmp_path, data, assumptions={"chaoyang_legal_person": "all_recipients"}) == 0


def test_pilot_zone_rules_need_the_pilot_zone(tmp_path: Path) -> None:
    data = yaml.safe_load((CASES / "V10.yaml").read_text())
    data["pilot_zone"] = False
    assert total(tmp_path, data) == 0


def test_another_district_gets_nothing_from_xicheng(tmp_path: Path) -> None:
    assert evaluate(CASES / "V14a.yaml").total == 0


# --- non-duplication (interpretations 3, 4) --------------------------------------------------

def test_v15_family_spans_both_tongzhou_documents() -> None:
    assert evaluate(CASES / "V15.yaml").total == 1_000_000
    assert evaluate(CASES / "V15.yaml", assumptions={"tongzhou_shared_family": "false"}).total == 1_500_000
    assert evaluate(CASES / "V15.yaml", assumptions={"non_duplication": "false"}).total == 1_500_000


def test_tiers_of_one_entry_are_one_matter(tmp_path: Path) -> None:
    entry = {"id": "e", "type": "data_element_x", "national_final_prize": 1, "beijing_round_prize": 1}
    res = evaluate_data(applicant(XICHENG, competition_entries=[entry]), tmp_path)
    assert res.total == 1_000_000 and [a.clause for a in res.awards] == ["xicheng.a4.2.national_final"]


def test_earlier_support_blocks_another_clause_of_the_family(tmp_path: Path) -> None:
    data = yaml.safe_load((CASES / "V15.yaml").read_text())
    data["earlier_support"] = [{"matter": "smart-tourism-scenario", "clause": "tongzhou_pz.a4.demonstration",
                                "amount": 1_000_000, "year": 2026}]
    assert total(tmp_path, data) == 0
    assert total(tmp_path, data, assumptions={"earlier_support_blocks": "false"}) == 1_000_000


# --- services and unquantified money (interpretation 14) -------------------------------------

def test_services_are_listed_without_amount(tmp_path: Path) -> None:
    data = applicant(XICHENG, recognitions=[{"id": "k", "type": "key_entity"}, {"id": "t", "type": "talent_services"}])
    res = evaluate_data(data, tmp_path)
    assert res.total == 0
    assert [(s.clause, s.matter) for s in res.services] == [("xicheng.a9.1.dual_manager", "k"),
                                                           ("xicheng.a9.3.talent", "t")]
    assert evaluate_data(data, tmp_path, assumptions={"services_listed": "false"}).services == []


def test_unquantified_matching_is_listed_not_counted(tmp_path: Path) -> None:
    data = applicant(CHAOYANG, funding=[{"id": "f", "type": "sci_tech_project", "level": "national", "amount": 5_000_000}])
    res = evaluate_data(data, tmp_path)
    assert res.total == 0 and [u.clause for u in res.unquantified] == ["chaoyang.a09.matching"]


# --- matching (interpretations 11, 15) -------------------------------------------------------

def test_p7_matching_ratios_and_entity_cap(tmp_path: Path) -> None:
    data = applicant(PILOT, funding=[
        {"id": "n", "type": "data_asset_first", "level": "national", "amount": 600_000},
        {"id": "m", "type": "data_asset_first", "level": "municipal", "amount": 700_001}])
    # 600,000 x 1 + floor(700,001 x 0.5) = 950,000 under the 1,000,000 cap.
    assert total(tmp_path, data) == 950_000
    # Read both as 1:1: 1,300,001 trimmed to 1,000,000.
    assert total(tmp_path, data, assumptions={"p7_ratio_order": "both_one_to_one"}) == 1_000_000


def test_x2_matching_is_capped_by_the_funding_matched(tmp_path: Path) -> None:
    data = applicant(XICHENG, funding=[{"id": "f", "type": "high_potential_enterprise", "level": "municipal",
                                        "amount": 1_234_567}])
    assert total(tmp_path, data) == 1_234_567
    assert total(tmp_path, data, assumptions={"matching_capped_by_funding": "false"}) == 5_000_000


# --- earlier support records -----------------------------------------------------------------

def test_identical_earlier_records_both_count(tmp_path: Path) -> None:
    # Two payments of 1,000,000 each on the T8 ladder: 5,000,000 - 2,000,000.
    data = applicant(TONGZHOU, platforms=[{"id": "c", "type": "manufacturing_innovation_center", "level": "national"}],
                     earlier_support=[{"clause": "tongzhou_de.a8.1.center", "amount": 1_000_000, "year": 2025},
                                      {"clause": "tongzhou_de.a8.1.center", "amount": 1_000_000, "year": 2025}])
    assert total(tmp_path, data) == 3_000_000


def test_cumulative_total_deducts_what_the_clause_paid(tmp_path: Path) -> None:
    # T11: 20% of 60,000,000 = 12,000,000 in all; 4,000,000 already paid leaves 8,000,000.
    data = applicant(TONGZHOU, projects=[{"id": "dc", "type": "digital_infrastructure",
                                          "fixed_asset_investment": 60_000_000, "date": "2025-06-01"}],
                     earlier_support=[{"matter": "dc", "clause": "tongzhou_de.a11.infrastructure",
                                       "amount": 4_000_000, "year": 2025}])
    res = evaluate_data(data, tmp_path)
    assert res.total == 8_000_000
    assert "earlier_support_blocks=true" in res.assumptions


def test_annual_award_skips_years_already_paid(tmp_path: Path) -> None:
    # X3(1) 2026-2028: 2026 already paid, so 2027 and 2028 remain.
    data = yaml.safe_load((CASES / "V11b.yaml").read_text())
    data["earlier_support"] = [{"matter": "data-tech-center", "clause": "xicheng.a3.1.platform",
                                "amount": 1_000_000, "year": 2026}]
    res = evaluate_data(data, tmp_path)
    assert res.total == 2_000_000 and sorted(a.year for a in res.awards) == [2027, 2028]


# --- reforms ----------------------------------------------------------------------------------

def test_reform_raises_a_cap_and_names_itself() -> None:
    from pycli.input import reform as reform_mod

    chosen = reform_mod.load(str(CASES.parent.parent / "queries" / "reforms" / "double-t7-cap.yaml"))
    res = evaluate(CASES / "V08.yaml", reform=chosen.facts)
    assert res.total == 1_300_000 and res.caps == []


def test_reform_splitting_the_tongzhou_family_pays_both_clauses() -> None:
    from pycli.input import reform as reform_mod

    chosen = reform_mod.load(str(CASES.parent.parent / "queries" / "reforms" / "split-tongzhou-families.yaml"))
    assert evaluate(CASES / "V15.yaml", reform=chosen.facts).total == 1_500_000


def test_reform_switching_a_clause_off(tmp_path: Path) -> None:
    from pycli.input import reform as reform_mod

    chosen = reform_mod.load(str(CASES.parent.parent / "queries" / "reforms" / "no-interest-subsidy.yaml"))
    data = applicant(XICHENG, financings=[{"id": "loan", "type": "data_assets", "interest": 2_500_000}])
    assert total(tmp_path, data) == 2_000_000
    assert total(tmp_path, data, reform=chosen.facts) == 0
