"""One focused test for each clause no other test names, against figures computed by hand.

Each case is one applicant and the awards a person worked out from the clause's sentence
(quoted in kb/documents/): (clause, matter, year, gross) per award, and the total after
any shared cap.  `policykb check` requires every clause id to appear in some test.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
from conftest import evaluate_data

XICHENG = {"district": "xicheng", "sectors": ["development_utilization"], "as_of": "2026-06-01"}
XICHENG_ITS = {"district": "xicheng", "sectors": ["information_software_it"], "as_of": "2026-06-01"}
CHAOYANG = {"district": "chaoyang", "sectors": ["circulation_trading"], "as_of": "2026-06-01"}
TONGZHOU = {"district": "tongzhou", "sectors": ["artificial_intelligence"], "as_of": "2026-06-01"}
PILOT = {"district": "tongzhou", "pilot_zone": True, "sectors": ["data_elements"], "as_of": "2026-06-01"}

M = 1_000_000

CASES = [
    # --- Chaoyang -----------------------------------------------------------------------------
    pytest.param(CHAOYANG, {"platforms": [{"id": "op", "type": "data_infrastructure_platform", "role": "operator",
                                           "flags": ["in_operation"], "date": "2026-03-01"}]}, {},
                 30 * M, [("chaoyang.a02.platform_operation", "op", y, 10 * M) for y in (2026, 2027, 2028)],
                 id="chaoyang.a02.platform_operation: 10M a year for three years"),
    pytest.param(CHAOYANG, {"platforms": [{"id": "op", "type": "data_infrastructure_platform", "role": "operator",
                                           "flags": ["in_operation"], "date": "2026-03-01"}]}, {"horizon": 2},
                 20 * M, [("chaoyang.a02.platform_operation", "op", y, 10 * M) for y in (2026, 2027)],
                 id="chaoyang.a02.platform_operation: a two-year horizon counts two years"),
    pytest.param(CHAOYANG, {"recognitions": [{"id": "v", "type": "data_service_provider", "date": "2026-01-10"}]}, {},
                 5 * M, [("chaoyang.a03.services", "v", 2026, 5 * M)],
                 id="chaoyang.a03.services: annual 5M, no term stated: one year (open_annual_years=1)"),
    pytest.param(CHAOYANG, {"recognitions": [{"id": "v", "type": "data_service_provider", "date": "2026-01-10"}]},
                 {"assumptions": {"open_annual_years": 3}},
                 15 * M, [("chaoyang.a03.services", "v", y, 5 * M) for y in (2026, 2027, 2028)],
                 id="chaoyang.a03.services: open_annual_years=3 counts three years"),
    pytest.param(CHAOYANG, {"trading": [{"id": "r", "type": "registered_filing", "volume": 12_345_678,
                                         "year": 2026}]}, {},
                 123_456, [("chaoyang.a04.market_entry", "r", 2026, 123_456)],
                 id="chaoyang.a04.market_entry: 1% of 12,345,678 = 123,456.78, rounded down"),
    pytest.param(CHAOYANG, {"platforms": [{"id": "lab", "type": "research_center", "date": "2026-02-01"}]}, {},
                 30 * M, [("chaoyang.a06.platform", "lab", y, 10 * M) for y in (2026, 2027, 2028)],
                 id="chaoyang.a06.platform: 10M a year for three consecutive years"),
    pytest.param(CHAOYANG, {"projects": [{"id": "mp", "type": "major_project", "date": "2026-01-01"}]}, {},
                 30 * M, [("chaoyang.a07.major_project", "mp", 2026, 30 * M)],
                 id="chaoyang.a07.major_project: 30M over three years, counted whole"),
    pytest.param(CHAOYANG, {"projects": [{"id": "mp", "type": "major_project", "date": "2026-01-01"}]},
                 {"horizon": 1},
                 10 * M, [("chaoyang.a07.major_project", "mp", 2026, 10 * M)],
                 id="chaoyang.a07.major_project: one year of three is 30M x 1/3"),
    pytest.param(CHAOYANG, {"projects": [{"id": "mp", "type": "major_project", "date": "2026-01-01",
                                          "flags": ["key_enterprise_or_chain_leader"]}]}, {},
                 100 * M, [("chaoyang.a07.key_enterprise", "mp", 2026, 100 * M)],
                 id="chaoyang.a07.key_enterprise: 100M beats paragraph 1's 30M on the same matter"),
    pytest.param(CHAOYANG, {"projects": [{"id": "mp", "type": "major_project", "date": "2026-01-01",
                                          "flags": ["key_enterprise_or_chain_leader"]}]}, {"horizon": 2},
                 40 * M, [("chaoyang.a07.key_enterprise", "mp", 2026, 40 * M)],
                 id="chaoyang.a07.key_enterprise: two years, 100M x 2/5 = 40M beats 30M x 2/3 = 20M"),
    pytest.param(CHAOYANG, {"recognitions": [{"id": "park", "type": "park_enterprise", "date": "2026-04-01"}]}, {},
                 15 * M, [("chaoyang.a08.park_enterprise", "park", y, 5 * M) for y in (2026, 2027, 2028)],
                 id="chaoyang.a08.park_enterprise: 5M a year for three years"),
    pytest.param(CHAOYANG, {"platforms": [{"id": "hall", "type": "public_service_facilities", "role": "operator",
                                           "date": "2026-05-01"}]}, {},
                 10 * M, [("chaoyang.a08.operator", "hall", 2026, 10 * M)],
                 id="chaoyang.a08.operator: annual 10M, no term stated: one year"),
    pytest.param(CHAOYANG, {"projects": [{"id": "rd", "type": "rnd", "flags": ["district_open_competition"]}]}, {},
                 10 * M, [("chaoyang.a09.rnd", "rd", 2026, 10 * M)],
                 id="chaoyang.a09.rnd: up to 10M for a project won in the open competition"),
    # --- Tongzhou digital economy -------------------------------------------------------------
    pytest.param(TONGZHOU, {"filings": [
        {"id": "g", "type": "generative_ai_service", "level": "national", "flags": ["good_application_outcomes"],
         "date": "2026-02-10"},
        {"id": "d", "type": "deep_synthesis", "level": "national", "flags": ["good_application_outcomes"],
         "date": "2026-03-01"},
        {"id": "b", "type": "blockchain_info_service", "level": "national", "flags": ["good_application_outcomes"],
         "date": "2027-01-05"},
        {"id": "muni", "type": "generative_ai_service", "level": "municipal", "flags": ["good_application_outcomes"],
         "date": "2026-02-10"}]}, {},
                 1_100_000, [("tongzhou_de.a5.filing", "b", 2027, 100_000), ("tongzhou_de.a5.filing", "d", 2026, 200_000),
                             ("tongzhou_de.a5.filing", "g", 2026, 1_000_000)],
                 id="tongzhou_de.a5.filing: 1M + 200k in 2026 trimmed to 1M; 100k in 2027; municipal earns nothing"),
    pytest.param(TONGZHOU, {"platforms": [{"id": "kl", "type": "key_laboratory", "level": "national"},
                                          {"id": "dc", "type": "high_end_design_center", "level": "municipal"}]}, {},
                 1_500_000, [("tongzhou_de.a8.2.lab", "dc", 2026, 500_000), ("tongzhou_de.a8.2.lab", "kl", 2026, M)],
                 id="tongzhou_de.a8.2.lab: MIIT key laboratory 1M, municipal design centre 500k"),
    pytest.param(TONGZHOU, {"projects": [{"id": "x", "type": "itai_solution", "flags": ["city_benchmark_first_solution"],
                                          "contract_amount_excl_hardware": 7_777_777}]}, {},
                 777_777, [("tongzhou_de.a9.itai", "x", 2026, 777_777)],
                 id="tongzhou_de.a9.itai: 10% of 7,777,777 = 777,777.7, rounded down"),
    pytest.param(TONGZHOU, {"projects": [{"id": "x", "type": "itai_solution", "flags": ["city_benchmark_first_solution"],
                                          "contract_amount_excl_hardware": 7_777_777},
                                         {"id": "y", "type": "itai_solution", "flags": ["city_benchmark_first_solution"],
                                          "contract_amount_excl_hardware": 4_000_000, "date": "2027-03-01"}]}, {},
                 M, [("tongzhou_de.a9.itai", "x", 2026, 777_777), ("tongzhou_de.a9.itai", "y", 2027, 400_000)],
                 id="tongzhou_de.a9.itai: 777,777 + 400,000 over the years trimmed to 1M per enterprise"),
    pytest.param(TONGZHOU, {"projects": [{"id": "f", "type": "future_industry", "flags": ["create_for_future_award"]}]},
                 {}, 500_000, [("tongzhou_de.a10.1.future", "f", 2026, 500_000)],
                 id="tongzhou_de.a10.1.future: up to 500k for a Create for the Future award"),
    pytest.param(TONGZHOU, {"platforms": [{"id": "base", "type": "future_innovation_base", "level": "district"}]},
                 {"horizon": 2}, 2 * M, [("tongzhou_de.a10.2.base", "base", 2026, 2 * M)],
                 id="tongzhou_de.a10.2.base: district base 3M over three years, two counted: 2M"),
    pytest.param(TONGZHOU, {"projects": [
        {"id": f"s{i}", "type": "application_scenario", "flags": ["advanced_replicable_demonstrative"],
         "date": "2026-05-01"} for i in range(5)] + [
        {"id": "s2027", "type": "application_scenario", "flags": ["advanced_replicable_demonstrative"],
         "date": "2027-05-01"}]}, {},
                 2_500_000, [("tongzhou_de.a12.scenario", f"s{i}", 2026, 500_000) for i in range(5)]
                 + [("tongzhou_de.a12.scenario", "s2027", 2027, 500_000)],
                 id="tongzhou_de.a12.scenario: five in 2026 trimmed to 2M a year, one in 2027 adds 500k"),
    pytest.param(TONGZHOU, {"platforms": [{"id": "p", "type": "public_service_platform",
                                           "flags": ["outstanding_service_outcomes"]},
                                          {"id": "plain", "type": "public_service_platform"}]}, {},
                 500_000, [("tongzhou_de.a13.public_platform", "p", 2026, 500_000)],
                 id="tongzhou_de.a13.public_platform: 500k only with outstanding service outcomes"),
    # --- Tongzhou pilot zone --------------------------------------------------------------------
    pytest.param(PILOT, {"cross_border": [{"id": "cb", "type": "cross_border_business",
                                           "flags": ["leadership_scale_demonstration"]}]}, {},
                 M, [("tongzhou_pz.a5.cross_border", "cb", 2026, M)],
                 id="tongzhou_pz.a5.cross_border: up to 1M with leadership and scale effects"),
    pytest.param({**PILOT, "entity_type": "service_agency"},
                 {"cross_border": [{"id": "cs", "type": "compliance_service", "flags": ["significant_effectiveness"]}]},
                 {}, 200_000, [("tongzhou_pz.a5.compliance_service", "cs", 2026, 200_000)],
                 id="tongzhou_pz.a5.compliance_service: a service agency gets up to 200k"),
    pytest.param(PILOT, {"cross_border": [{"id": "cs", "type": "compliance_service",
                                           "flags": ["significant_effectiveness"]}]}, {},
                 0, [], id="tongzhou_pz.a5.compliance_service: an enterprise is no service agency"),
    pytest.param(PILOT, {"funding": [{"id": "m", "type": "data_asset_first", "level": "municipal",
                                      "amount": 333_333}]}, {},
                 166_666, [("tongzhou_pz.a7.matching", "m", 2026, 166_666)],
                 id="tongzhou_pz.a7.matching: municipal 333,333 matched 1:0.5 = 166,666.5, rounded down"),
    # --- Xicheng --------------------------------------------------------------------------------
    pytest.param(XICHENG, {"projects": [{"id": "k", "type": "key_task", "level": "national", "role": "lead"},
                                        {"id": "kd", "type": "key_task", "level": "district", "role": "lead"},
                                        {"id": "kp", "type": "key_task", "level": "municipal", "role": "participant"}]},
                 {}, 50 * M, [("xicheng.a2.1.key_task", "k", 2026, 50 * M)],
                 id="xicheng.a2.1.key_task: 50M for leading a national key task; district or participant: nothing"),
    pytest.param(XICHENG, {"funding": [{"id": "f", "type": "high_potential_enterprise", "level": "national",
                                        "amount": 7 * M}]}, {},
                 5 * M, [("xicheng.a2.2.matching", "f", 2026, 5 * M)],
                 id="xicheng.a2.2.matching: 7M national funding matched 1:1 under the 5M ceiling"),
    pytest.param(XICHENG, {"platforms": [{"id": "c", "type": "innovation_consortium", "role": "lead"}]}, {},
                 6 * M, [("xicheng.a2.3.consortium", "c", 2026, 6 * M)],
                 id="xicheng.a2.3.consortium: up to 6M to the lead entity"),
    pytest.param(XICHENG, {"projects": [{"id": "r", "type": "rnd", "level": "municipal", "role": "lead",
                                         "flags": ["open_challenge", "outcome_commercialized"]},
                                        {"id": "r2", "type": "rnd", "level": "national", "role": "lead",
                                         "flags": ["open_challenge"]}]}, {},
                 10 * M, [("xicheng.a3.2.rnd", "r", 2026, 10 * M)],
                 id="xicheng.a3.2.rnd: 10M once outcomes are commercialised, nothing before"),
    pytest.param(XICHENG, {"data_assets": [{"id": "n", "type": "public_data_authorization", "level": "national"},
                                           {"id": "mu", "type": "public_data_authorization", "level": "municipal"}]},
                 {}, 3 * M, [("xicheng.a4.1.public_data", "mu", 2026, M), ("xicheng.a4.1.public_data", "n", 2026, 2 * M)],
                 id="xicheng.a4.1.public_data: ministry 2M and municipal 1M"),
    pytest.param(XICHENG, {"projects": [{"id": "sc", "type": "application_scenario", "flags": ["exemplary"]}]}, {},
                 5 * M, [("xicheng.a4.2.scenario", "sc", 2026, 5 * M)],
                 id="xicheng.a4.2.scenario: up to 5M for an exemplary scenario"),
    pytest.param(XICHENG, {"projects": [{"id": "tc", "type": "typical_case"}, {"id": "bs", "type": "benchmark_solution"}]},
                 {}, M, [("xicheng.a4.2.case", "bs", 2026, 500_000), ("xicheng.a4.2.case", "tc", 2026, 500_000)],
                 id="xicheng.a4.2.case: 500k for a typical case and 500k for a benchmark solution"),
    pytest.param(XICHENG_ITS, {"projects": [{"id": "ip", "type": "innovation_project"}]}, {},
                 2 * M, [("xicheng.a4.3.project", "ip", 2026, 2 * M)],
                 id="xicheng.a4.3.project: 2M in the software and IT services sector"),
    pytest.param(XICHENG, {"projects": [{"id": "ip", "type": "innovation_project"}]}, {},
                 0, [], id="xicheng.a4.3.project: nothing outside that sector"),
    pytest.param(XICHENG, {"data_assets": [{"id": "corpus", "type": "corpus"}]}, {},
                 2 * M, [("xicheng.a4.3.data_product", "corpus", 2026, 2 * M)],
                 id="xicheng.a4.3.data_product: up to 2M for a corpus"),
    pytest.param(XICHENG_ITS, {"funding": [{"id": "f", "type": "its_ai_policy", "level": "municipal",
                                            "amount": 800_000}]}, {},
                 800_000, [("xicheng.a4.3.matching", "f", 2026, 800_000)],
                 id="xicheng.a4.3.matching: 800k municipal ITS funding matched 1:1"),
    pytest.param(XICHENG, {"platforms": [{"id": "tp", "type": "data_trading_platform", "role": "operator",
                                          "flags": ["interconnected_with_exchange"]}]}, {},
                 10 * M, [("xicheng.a5.1.platform", "tp", 2026, 10 * M)],
                 id="xicheng.a5.1.platform: 10M to the operator of an interconnected platform"),
    pytest.param(XICHENG, {"data_assets": [{"id": "bs", "type": "balance_sheet_entry", "flags": ["first_time"]},
                                           {"id": "pl", "type": "product_listing", "count": 3}]}, {},
                 2 * M, [("xicheng.a5.1.listing", "bs", 2026, 2 * M)],
                 id="xicheng.a5.1.listing: a first balance-sheet entry and a listing, one 2M award to the entity"),
    pytest.param(XICHENG, {"data_assets": [{"id": "ds", "type": "dataset", "flags": ["integrated_into_trading_platform"]},
                                           {"id": "ds2", "type": "dataset"}]}, {},
                 2 * M, [("xicheng.a5.1.dataset", "ds", 2026, 2 * M)],
                 id="xicheng.a5.1.dataset: 2M only once integrated into a trading platform"),
    pytest.param(XICHENG, {"projects": [{"id": "dc", "type": "datacenter_retrofit",
                                         "flags": ["funded_national_or_municipal"]}]}, {},
                 15 * M, [("xicheng.a6.1.datacenter", "dc", 2026, 15 * M)],
                 id="xicheng.a6.1.datacenter: up to 15M for a funded retrofit"),
    pytest.param(XICHENG, {"service_contracts": [
        {"id": "cl", "type": "computing_lease", "flags": ["unaffiliated_provider", "industry_model_training"]},
        {"id": "own", "type": "computing_lease", "flags": ["industry_model_training"]}]}, {},
                 2 * M, [("xicheng.a6.2.computing_voucher", "cl", 2026, 2 * M)],
                 id="xicheng.a6.2.computing_voucher: 2M for computing leased from an unaffiliated party only"),
    pytest.param(XICHENG, {"financings": [{"id": "fa", "type": "data_assets", "interest": 1_200_000},
                                          {"id": "fi", "type": "data_ip", "date": "2027-02-01", "interest": 500_000}]},
                 {}, 1_700_000, [("xicheng.a9.2.interest", "fa", 2026, 1_200_000),
                                 ("xicheng.a9.2.interest", "fi", 2027, 500_000)],
                 id="xicheng.a9.2.interest: the interest paid, under 2M per entity"),
    pytest.param(XICHENG, {"platforms": [{"id": "pk", "type": "park_or_building", "flags": ["data_ai_priority"]}]}, {},
                 6 * M, [("xicheng.a9.5.park", "pk", 2026, 6 * M)],
                 id="xicheng.a9.5.park: up to 6M for a park prioritising data and AI"),
    pytest.param(XICHENG, {"recognitions": [{"id": "v1", "type": "professional_service_institution"},
                                            {"id": "v2", "type": "professional_service_institution"}]}, {},
                 500_000, [("xicheng.a9.6.valuation_service", "v1", 2026, 500_000),
                           ("xicheng.a9.6.valuation_service", "v2", 2026, 500_000)],
                 id="xicheng.a9.6.valuation_service: 500k per entity however many institutions"),
    pytest.param(XICHENG, {"recognitions": [{"id": "ins", "type": "data_finance_product"}]}, {},
                 200_000, [("xicheng.a9.6.finance_product", "ins", 2026, 200_000)],
                 id="xicheng.a9.6.finance_product: up to 200k for a data insurance product"),
]


@pytest.mark.parametrize("base,lists,settings,expected_total,expected_awards", CASES)
def test_clause_pays_the_hand_computed_amount(tmp_path: Path, base: dict[str, Any], lists: dict[str, Any],
                                               settings: dict[str, Any], expected_total: int,
                                               expected_awards: list[tuple[str, str, int, int]]) -> None:
    data = copy.deepcopy(base)
    data.update(copy.deepcopy(lists))
    res = evaluate_data(data, tmp_path, **settings)
    assert res.optimal
    assert sorted((a.clause, a.matter, a.year, a.gross) for a in res.awards) == sorted(expected_awards)
    assert res.total == expected_total == sum(a.amount for a in res.awards)


@pytest.mark.parametrize("base,recognition,clause", [
    (PILOT, "sandbox_applicant", "tongzhou_pz.a1.sandbox"),
    (XICHENG, "alliance_member", "xicheng.a9.4.forum"),
])
def test_service_clause_is_listed_without_money(tmp_path: Path, base: dict[str, Any], recognition: str,
                                                clause: str) -> None:
    data = {**copy.deepcopy(base), "recognitions": [{"id": "r", "type": recognition}]}
    res = evaluate_data(data, tmp_path)
    assert res.total == 0 and res.awards == []
    assert [(s.clause, s.matter, s.kind) for s in res.services] == [(clause, "r", "service")]
