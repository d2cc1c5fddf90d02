"""Synthetic populations: plausible enterprises of the four districts, drawn reproducibly.

Every draw comes from one ``random.Random(seed)`` passed along (no global state, no
clock), so a seed gives the same population on every machine, and the first N
applicants of a larger draw with the same seed are the N of a smaller one.  The
distributions are documented in docs/populations.md; every applicant is valid
against the applicant schema (tests/test_batch.py checks it).
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from functools import cache
from typing import Any

from pycli.engine import facts
from pycli.input.schema import vocabulary
from pycli.kbtools import kbread

#: The evaluation date of every drawn applicant: after every matter, inside every document's term.
AS_OF = "2027-12-31"
FIRST_DAY, LAST_DAY = dt.date(2025, 1, 1).toordinal(), dt.date(2027, 12, 31).toordinal()

#: (label, district, pilot_zone, weight in percent).
DISTRICTS = (("Chaoyang", "chaoyang", False, 35), ("Xicheng", "xicheng", False, 25),
             ("Tongzhou", "tongzhou", False, 25), ("Tongzhou pilot zone", "tongzhou", True, 15))
SME_PERCENT = 70
ENTITY_TYPES = (("enterprise", 92), ("service_agency", 4), ("research_institution", 3), ("social_organization", 1))
#: Matters per applicant and their weights in percent.
MATTER_COUNTS = ((0, 4), (1, 14), (2, 18), (3, 18), (4, 14), (5, 10), (6, 7), (7, 5), (8, 4), (10, 3),
                 (12, 1), (15, 1), (20, 1))

#: Amount bands (low, high, weight), whole yuan in steps of 1,000: a small base (contracts,
#: expenses, funding) and a large one (investments, trading volumes).
SMALL = ((50_000, 500_000, 50), (500_000, 2_000_000, 35), (2_000_000, 10_000_000, 15))
LARGE = ((500_000, 5_000_000, 50), (5_000_000, 30_000_000, 40), (30_000_000, 200_000_000, 10))

Item = tuple[str, dict[str, Any]]
Maker = Callable[[random.Random], Item]


def _pick(rng: random.Random, weighted: tuple[tuple[Any, int], ...]) -> Any:
    return rng.choices([v for v, _ in weighted], [w for _, w in weighted])[0]


def amount(rng: random.Random, bands: tuple[tuple[int, int, int], ...]) -> int:
    """Whole yuan, a multiple of 1,000, uniform inside a band chosen by weight."""
    low, high, _ = rng.choices(bands, [w for _, _, w in bands])[0]
    return rng.randint(low // 1_000, high // 1_000) * 1_000


def date(rng: random.Random) -> str:
    """A day from 2025-01-01 to 2027-12-31, uniformly."""
    return dt.date.fromordinal(rng.randint(FIRST_DAY, LAST_DAY)).isoformat()


def _flags(rng: random.Random, *chances: tuple[str, int]) -> dict[str, Any]:
    """Each flag with its chance in percent; no ``flags`` key when none is drawn."""
    drawn = [name for name, percent in chances if rng.randrange(100) < percent]
    return {"flags": drawn} if drawn else {}


def _matter(list_name: str, **fields: Any) -> Callable[[Callable[[random.Random], dict[str, Any]]], Maker]:
    """Turn a function drawing a matter's fields into a maker of (list, matter) with a date."""
    def wrap(draw: Callable[[random.Random], dict[str, Any]]) -> Maker:
        def make(rng: random.Random) -> Item:
            item = {**fields, **draw(rng)}
            if "year" not in item:
                item["date"] = date(rng)
            return list_name, item
        return make
    return wrap


# --- every district -------------------------------------------------------------------

@_matter("standards")
def standard(rng: random.Random) -> dict[str, Any]:
    return {"level": rng.choice(["international", "national", "local", "industry"]),
            "role": _pick(rng, (("lead", 60), ("participant", 40))), "drafter_rank": rng.randint(1, 6),
            **_flags(rng, ("published", 80))}


@_matter("filings")
def filing(rng: random.Random) -> dict[str, Any]:
    return {"type": rng.choice(["generative_ai_service", "algorithm", "deep_synthesis", "blockchain_info_service"]),
            "level": _pick(rng, (("national", 85), ("municipal", 15))),
            **_flags(rng, ("scenario_developed", 70), ("good_application_outcomes", 70))}


@_matter("events")
def event(rng: random.Random) -> dict[str, Any]:
    return {"type": rng.choice(["exchange_activity", "conference", "competition", "exhibition"]),
            "role": rng.choice(["host", "organizer", "co_organizer", "funder"]),
            "sponsor_level": rng.choice(["national", "municipal", "district", "none"]),
            "actual_expenses": amount(rng, SMALL), **_flags(rng, ("significant_results", 60))}


@_matter("data_assets")
def dataset(rng: random.Random) -> dict[str, Any]:
    return {"type": rng.choice(["dataset", "corpus", "data_product_service", "security_product"]),
            **_flags(rng, ("integrated_into_trading_platform", 50))}


# --- Xicheng --------------------------------------------------------------------------

@_matter("competition_entries", type="data_element_x")
def competition(rng: random.Random) -> dict[str, Any]:
    prize = rng.choice([{"national_final_prize": rng.randint(1, 3)}, {"beijing_round_prize": rng.randint(1, 3)}])
    return {**prize, **_flags(rng, ("qualified_national_final", 60))}


@_matter("projects")
def xicheng_project(rng: random.Random) -> dict[str, Any]:
    kind = _pick(rng, (("key_task", 5), ("rnd", 15), ("application_scenario", 20), ("typical_case", 15),
                       ("benchmark_solution", 15), ("innovation_project", 15), ("data_infrastructure", 8),
                       ("datacenter_retrofit", 7)))
    item: dict[str, Any] = {"type": kind, "level": rng.choice(["national", "municipal", "district"]),
                            "role": _pick(rng, (("lead", 70), ("participant", 30)))}
    if kind == "rnd":
        item.update(_flags(rng, ("open_challenge", 40), ("outcome_commercialized", 40)))
    elif kind == "application_scenario":
        item.update(_flags(rng, ("exemplary", 60)))
    elif kind == "data_infrastructure":
        item.update(fixed_asset_investment_excl_civil=amount(rng, LARGE),
                    **_flags(rng, ("national_pilot_demonstration", 50)))
    elif kind == "datacenter_retrofit":
        item.update(_flags(rng, ("funded_national_or_municipal", 50)))
    return item


@_matter("platforms")
def xicheng_platform(rng: random.Random) -> dict[str, Any]:
    kind = rng.choice(["science_laboratory", "technology_innovation_center", "key_laboratory",
                       "data_trading_platform", "park_or_building", "innovation_consortium"])
    role = {"data_trading_platform": "operator", "park_or_building": "operator"}.get(kind, "lead")
    return {"type": kind, "level": rng.choice(["national", "municipal"]), "role": role,
            **_flags(rng, ("interconnected_with_exchange", 50), ("data_ai_priority", 50))}


@_matter("data_assets")
def xicheng_asset(rng: random.Random) -> dict[str, Any]:
    kind = rng.choice(["public_data_authorization", "product_listing", "balance_sheet_entry"])
    return {"type": kind, "level": rng.choice(["national", "municipal"]), **_flags(rng, ("first_time", 60))}


@_matter("financings")
def financing(rng: random.Random) -> dict[str, Any]:
    principal = amount(rng, LARGE)
    return {"type": rng.choice(["data_assets", "data_ip", "data_hosting"]), "amount": principal,
            "interest": principal * rng.randint(2, 6) // 100}


@_matter("funding")
def xicheng_funding(rng: random.Random) -> dict[str, Any]:
    return {"type": rng.choice(["high_potential_enterprise", "its_ai_policy"]),
            "level": rng.choice(["national", "municipal"]), "amount": amount(rng, SMALL)}


@_matter("service_contracts", type="computing_lease")
def computing_lease(rng: random.Random) -> dict[str, Any]:
    return {"contract_amount": amount(rng, SMALL),
            **_flags(rng, ("unaffiliated_provider", 80), ("industry_model_training", 60))}


@_matter("recognitions")
def xicheng_recognition(rng: random.Random) -> dict[str, Any]:
    return {"type": rng.choice(["key_entity", "talent_services", "professional_service_institution",
                                "data_finance_product", "alliance_member"])}


# --- Chaoyang -------------------------------------------------------------------------

@_matter("projects")
def chaoyang_project(rng: random.Random) -> dict[str, Any]:
    kind = _pick(rng, (("major_project", 10), ("application_scenario", 30), ("typical_case", 20),
                       ("benchmark_solution", 20), ("rnd", 20)))
    item: dict[str, Any] = {"type": kind}
    if kind == "major_project":
        item.update(_flags(rng, ("key_enterprise_or_chain_leader", 40)))
    elif kind in ("application_scenario", "typical_case"):
        item["investment_excl_civil"] = amount(rng, LARGE)
    elif kind == "rnd":
        item.update(_flags(rng, ("district_open_competition", 50)))
    return item


@_matter("trading")
def trading(rng: random.Random) -> dict[str, Any]:
    return {"type": _pick(rng, (("exchange_trading", 70), ("registered_filing", 30))),
            "volume": amount(rng, LARGE), "year": rng.randint(2025, 2027)}


@_matter("data_assets")
def chaoyang_asset(rng: random.Random) -> dict[str, Any]:
    kind = rng.choice(["product_listing", "registration_certificates", "balance_sheet_entry"])
    if kind == "balance_sheet_entry":
        return {"type": kind, "amount": amount(rng, SMALL), **_flags(rng, ("first_time", 70))}
    return {"type": kind, "count": rng.randint(1, 120) if kind == "product_listing" else rng.randint(1, 20)}


@_matter("cross_border", type="first_export")
def first_export(rng: random.Random) -> dict[str, Any]:
    return {"method": rng.choice(["security_assessment", "standard_contract", "certification"])}


@_matter("platforms")
def chaoyang_platform(rng: random.Random) -> dict[str, Any]:
    kind = rng.choice(["research_center", "joint_laboratory", "industry_association", "new_rnd_institution",
                       "data_infrastructure_platform", "public_service_facilities"])
    item: dict[str, Any] = {"type": kind}
    if kind in ("data_infrastructure_platform", "public_service_facilities"):
        item.update(role="operator", **_flags(rng, ("in_operation", 70)))
    return item


@_matter("recognitions")
def chaoyang_recognition(rng: random.Random) -> dict[str, Any]:
    return {"type": rng.choice(["data_service_provider", "park_enterprise"])}


@_matter("funding", type="sci_tech_project")
def chaoyang_funding(rng: random.Random) -> dict[str, Any]:
    return {"level": rng.choice(["national", "municipal"]), "amount": amount(rng, SMALL)}


# --- Tongzhou (digital economy; the pilot zone adds its own) ---------------------------

@_matter("service_contracts")
def voucher_contract(rng: random.Random) -> dict[str, Any]:
    return {"type": rng.choice(["model_service", "computing_service"]), "contract_amount": amount(rng, SMALL),
            **_flags(rng, ("significant_application_results", 70))}


@_matter("platforms")
def tongzhou_platform(rng: random.Random) -> dict[str, Any]:
    kind = rng.choice(["enterprise_technology_center", "key_laboratory", "manufacturing_innovation_center",
                       "industrial_innovation_center", "high_end_design_center", "future_innovation_base",
                       "public_service_platform"])
    return {"type": kind, "level": rng.choice(["national", "municipal", "district"]),
            **_flags(rng, ("outstanding_service_outcomes", 50))}


@_matter("projects")
def tongzhou_project(rng: random.Random) -> dict[str, Any]:
    kind = rng.choice(["itai_solution", "future_industry", "digital_infrastructure", "application_scenario"])
    if kind == "itai_solution":
        return {"type": kind, "contract_amount_excl_hardware": amount(rng, LARGE),
                **_flags(rng, ("city_benchmark_first_solution", 50))}
    if kind == "future_industry":
        return {"type": kind, **_flags(rng, ("create_for_future_award", 50))}
    if kind == "digital_infrastructure":
        return {"type": kind, "fixed_asset_investment": amount(rng, LARGE)}
    return {"type": kind, **_flags(rng, ("advanced_replicable_demonstrative", 60))}


@_matter("recognitions", type="fast_growth_leadership")
def fast_growth(rng: random.Random) -> dict[str, Any]:
    return {}


@_matter("projects")
def pilot_project(rng: random.Random) -> dict[str, Any]:
    kind = rng.choice(["application_scenario", "data_product", "key_task", "application_product",
                       "benchmark_solution"])
    if kind in ("application_scenario", "data_product"):
        return {"type": kind, "rnd_construction_investment": amount(rng, LARGE),
                **_flags(rng, ("certified_demonstration", 60), ("advanced_replicable_demonstrative", 40))}
    if kind == "key_task":
        return {"type": kind, "level": rng.choice(["national", "municipal", "district"]),
                "role": _pick(rng, (("lead", 70), ("participant", 30))), "actual_investment": amount(rng, LARGE)}
    return {"type": kind, **_flags(rng, ("pioneering_results", 50))}


@_matter("platforms", type="data_service_platform")
def pilot_platform(rng: random.Random) -> dict[str, Any]:
    return {"investment": amount(rng, LARGE), **_flags(rng, ("demonstration_effect", 60))}


@_matter("data_assets", type="data_resource")
def pilot_data_resource(rng: random.Random) -> dict[str, Any]:
    return _flags(rng, ("transaction_level_by_asset_evaluation", 60))


@_matter("funding", type="data_asset_first")
def pilot_funding(rng: random.Random) -> dict[str, Any]:
    return {"level": rng.choice(["national", "municipal"]), "amount": amount(rng, SMALL)}


@_matter("cross_border")
def pilot_cross_border(rng: random.Random) -> dict[str, Any]:
    return {"type": rng.choice(["cross_border_business", "compliance_service"]),
            **_flags(rng, ("leadership_scale_demonstration", 50), ("significant_effectiveness", 50))}


@_matter("recognitions", type="sandbox_applicant")
def sandbox(rng: random.Random) -> dict[str, Any]:
    return {}


TONGZHOU: tuple[tuple[Maker, int], ...] = (
    (voucher_contract, 22), (filing, 12), (standard, 12), (event, 10), (tongzhou_platform, 12),
    (tongzhou_project, 22), (fast_growth, 10))
#: The kinds and types each district's applicants draw, with weights (docs/populations.md).
MAKERS: dict[str, tuple[tuple[Maker, int], ...]] = {
    "xicheng": ((competition, 12), (filing, 10), (standard, 12), (xicheng_project, 20), (xicheng_platform, 8),
                (dataset, 10), (xicheng_asset, 8), (event, 6), (financing, 4), (xicheng_funding, 4),
                (computing_lease, 3), (xicheng_recognition, 3)),
    "chaoyang": ((chaoyang_project, 25), (trading, 22), (chaoyang_asset, 17), (dataset, 10), (first_export, 5),
                 (chaoyang_platform, 4), (chaoyang_recognition, 5), (chaoyang_funding, 6), (standard, 6)),
    "tongzhou": TONGZHOU,
    "pilot_zone": TONGZHOU + ((pilot_project, 40), (pilot_platform, 8), (pilot_data_resource, 6),
                              (pilot_funding, 6), (pilot_cross_border, 6), (sandbox, 4)),
}


@cache
def sectors() -> dict[tuple[str, bool], tuple[str, ...]]:
    """Per place (district, in the pilot zone): the sectors of the documents serving it."""
    kb = kbread.read_law(facts.Settings())
    return {(district, in_zone): kbread.place_sectors(kb, district, in_zone, vocabulary()["sectors"])
            for _label, district, in_zone, _weight in DISTRICTS}


def applicant(rng: random.Random, number: int) -> dict[str, Any]:
    """One enterprise: district, profile and matters drawn from ``rng``."""
    label, district, pilot_zone, _ = rng.choices(DISTRICTS, [d[3] for d in DISTRICTS])[0]
    pool = "pilot_zone" if pilot_zone else district
    scope = sectors()[(district, pilot_zone)]
    chosen = rng.sample(scope, rng.randint(1, 3))
    data: dict[str, Any] = {
        "name": f"{label} synthetic enterprise {number:06d}", "district": district, "pilot_zone": pilot_zone,
        "entity_type": _pick(rng, ENTITY_TYPES), "independent_legal_person": rng.randrange(100) < 97,
        "sme": rng.randrange(100) < SME_PERCENT, "sectors": sorted(chosen, key=scope.index),
        "as_of": AS_OF}
    makers = MAKERS[pool]
    for index in range(_pick(rng, MATTER_COUNTS)):
        list_name, item = rng.choices([m for m, _ in makers], [w for _, w in makers])[0](rng)
        data.setdefault(list_name, []).append({"id": f"m{index + 1}", **item})
    return data


def population(n: int, seed: int) -> list[dict[str, Any]]:
    """``n`` applicants drawn with ``random.Random(seed)``; the same for the same arguments."""
    rng = random.Random(seed)
    return [applicant(rng, number) for number in range(1, n + 1)]
