"""Deterministic synthetic applicants for the benchmarks (never used by the product).

``applicant(district, n, seed, shape)`` returns an applicant as a dict, valid against
the applicant schema, with ``n`` matters spread over a few years.  The same arguments
always give the same dict (``random.Random(seed)`` only, no clock, no hash order).

Shapes:

* ``mixed``: a realistic spread of every matter the district's clauses pay for, a
  third of them with an alternative clause in the same non-duplication family
  (Tongzhou scenarios that are both pilot-zone art. 4 and digital-economy art. 12,
  Chaoyang major projects under both art. 7 sentences, Xicheng competition entries
  under both art. 4(2) prizes), and the per-year and per-entity caps shared.
* ``adversarial``: most matters compete inside the same per-year cap groups.
  Tongzhou: scenario projects that are both P4 (20 % of the investment, no cap) and
  T12 (500,000 under T12's 2,000,000 per-year cap), the P4 amount drawn around
  500,000, so that which four go to T12 each year is a real choice; plus standards
  and events under their 1,000,000 year caps.  Chaoyang: exchange trading, filed
  trading and listings under the shared C04 2,000,000 per-year cap, and major
  projects with two art. 7 alternatives.  Xicheng: competition entries with two
  prizes, filings and standards under their per-entity caps.

Write one as YAML::

    python -m bench.generate tongzhou 1000 --seed 1 --shape adversarial > big.yaml
"""

from __future__ import annotations

import argparse
import random
import sys
from collections.abc import Callable
from typing import Any

import yaml

DISTRICTS = ("tongzhou", "chaoyang", "xicheng")
SHAPES = ("mixed", "adversarial")
AS_OF_YEAR = 2026

Item = tuple[str, dict[str, Any]]
Maker = Callable[[random.Random, str, int], Item]


def default_years(n: int) -> int:
    """Years the matters are spread over: more matters, more years (as a real applicant)."""
    if n <= 30:
        return 1
    if n <= 300:
        return 2
    if n <= 3000:
        return 3
    return 5


def _date(rng: random.Random, year: int) -> str:
    return f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"


def _money(rng: random.Random, low: int, high: int, step: int = 10_000) -> int:
    """A whole amount from low to high in steps (law amounts are round; bases are not always)."""
    return rng.randrange(low // step, high // step + 1) * step


# --- Tongzhou (pilot zone: both Tongzhou documents, one family) ----------------------

def _tz_scenario_both(rng: random.Random, mid: str, year: int) -> Item:
    # P4 pays 20 % of the investment (here 100,000-900,000), T12 pays 500,000 under its year cap.
    return "projects", {"id": mid, "type": "application_scenario",
                        "flags": ["certified_demonstration", "advanced_replicable_demonstrative"],
                        "rnd_construction_investment": _money(rng, 500_000, 4_500_000, 1_000),
                        "date": _date(rng, year)}


def _tz_scenario_t12(rng: random.Random, mid: str, year: int) -> Item:
    return "projects", {"id": mid, "type": "application_scenario",
                        "flags": ["advanced_replicable_demonstrative"], "date": _date(rng, year)}


def _tz_data_product(rng: random.Random, mid: str, year: int) -> Item:
    return "projects", {"id": mid, "type": "data_product", "flags": ["certified_demonstration"],
                        "rnd_construction_investment": _money(rng, 200_000, 20_000_000, 1),
                        "date": _date(rng, year)}


def _tz_pioneering(rng: random.Random, mid: str, year: int) -> Item:
    return "projects", {"id": mid, "type": rng.choice(["application_product", "benchmark_solution"]),
                        "flags": ["pioneering_results"], "date": _date(rng, year)}


def _tz_key_task(rng: random.Random, mid: str, year: int) -> Item:
    return "projects", {"id": mid, "type": "key_task", "role": "lead",
                        "level": rng.choice(["national", "municipal", "district"]),
                        "actual_investment": _money(rng, 1_000_000, 30_000_000, 1), "date": _date(rng, year)}


def _tz_filing(rng: random.Random, mid: str, year: int) -> Item:
    return "filings", {"id": mid, "level": "national", "flags": ["good_application_outcomes"],
                       "type": rng.choice(["generative_ai_service", "deep_synthesis", "blockchain_info_service"]),
                       "date": _date(rng, year)}


def _tz_standard(rng: random.Random, mid: str, year: int) -> Item:
    return "standards", {"id": mid, "role": "lead",
                         "level": rng.choice(["international", "national", "local", "industry"]),
                         "date": _date(rng, year)}


def _tz_model_contract(rng: random.Random, mid: str, year: int) -> Item:
    return "service_contracts", {"id": mid, "type": rng.choice(["model_service", "computing_service"]),
                                 "flags": ["significant_application_results"],
                                 "contract_amount": _money(rng, 50_000, 2_000_000, 1), "date": _date(rng, year)}


def _tz_event(rng: random.Random, mid: str, year: int) -> Item:
    return "events", {"id": mid, "type": "conference", "role": rng.choice(["organizer", "co_organizer", "funder"]),
                      "flags": ["significant_results"], "actual_expenses": _money(rng, 100_000, 1_500_000, 1),
                      "date": _date(rng, year)}


def _tz_funding(rng: random.Random, mid: str, year: int) -> Item:
    return "funding", {"id": mid, "type": "data_asset_first", "level": rng.choice(["national", "municipal"]),
                       "amount": _money(rng, 100_000, 1_000_000, 1), "date": _date(rng, year)}


def _tz_data_resource(rng: random.Random, mid: str, year: int) -> Item:
    return "data_assets", {"id": mid, "type": "data_resource", "flags": ["transaction_level_by_asset_evaluation"],
                           "date": _date(rng, year)}


def _tz_platform(rng: random.Random, mid: str, year: int) -> Item:
    kind = rng.choice(["data_service_platform", "public_service_platform", "high_end_design_center"])
    item: dict[str, Any] = {"id": mid, "type": kind, "date": _date(rng, year)}
    if kind == "data_service_platform":
        item.update(flags=["demonstration_effect"], investment=_money(rng, 500_000, 5_000_000, 1))
    elif kind == "public_service_platform":
        item.update(flags=["outstanding_service_outcomes"])
    else:
        item.update(level="municipal")
    return "platforms", item


# --- Chaoyang --------------------------------------------------------------------------

def _cy_major(rng: random.Random, mid: str, year: int) -> Item:
    # Both art. 7 sentences (30M over 3 years, 100M over 5): two alternatives, no cap.
    return "projects", {"id": mid, "type": "major_project", "flags": ["key_enterprise_or_chain_leader"],
                        "date": _date(rng, year)}


def _cy_trading(rng: random.Random, mid: str, year: int) -> Item:
    kind = rng.choice(["exchange_trading", "exchange_trading", "registered_filing"])
    return "trading", {"id": mid, "type": kind, "volume": _money(rng, 1_000_000, 30_000_000, 1), "year": year}


def _cy_listing(rng: random.Random, mid: str, year: int) -> Item:
    kind = rng.choice(["product_listing", "registration_certificates", "balance_sheet_entry"])
    item: dict[str, Any] = {"id": mid, "type": kind, "year": year}
    if kind == "balance_sheet_entry":
        item.update(flags=["first_time"], amount=_money(rng, 600_000, 5_000_000, 1))
    else:
        item.update(count=rng.randint(51, 200) if kind == "product_listing" else rng.randint(6, 30))
    return "data_assets", item


def _cy_scenario(rng: random.Random, mid: str, year: int) -> Item:
    return "projects", {"id": mid, "type": rng.choice(["application_scenario", "typical_case"]),
                        "investment_excl_civil": _money(rng, 500_000, 30_000_000, 1), "date": _date(rng, year)}


def _cy_benchmark(rng: random.Random, mid: str, year: int) -> Item:
    return "projects", {"id": mid, "type": "benchmark_solution", "date": _date(rng, year)}


def _cy_dataset(rng: random.Random, mid: str, year: int) -> Item:
    return "data_assets", {"id": mid, "type": rng.choice(["dataset", "corpus"]), "date": _date(rng, year)}


def _cy_export(rng: random.Random, mid: str, year: int) -> Item:
    return "cross_border", {"id": mid, "type": "first_export",
                            "method": rng.choice(["security_assessment", "standard_contract", "certification"]),
                            "date": _date(rng, year)}


def _cy_platform(rng: random.Random, mid: str, year: int) -> Item:
    return "platforms", {"id": mid, "type": rng.choice(["research_center", "joint_laboratory", "industry_association"]),
                         "date": _date(rng, year)}


# --- Xicheng ---------------------------------------------------------------------------

def _xc_competition(rng: random.Random, mid: str, year: int) -> Item:
    # A national-final prize and the Beijing-round award: two alternatives, no cap.
    return "competition_entries", {"id": mid, "type": "data_element_x", "flags": ["qualified_national_final"],
                                   "national_final_prize": rng.randint(1, 3), "date": _date(rng, year)}


def _xc_filing(rng: random.Random, mid: str, year: int) -> Item:
    return "filings", {"id": mid, "level": "national", "flags": ["scenario_developed"],
                       "type": rng.choice(["generative_ai_service", "algorithm", "deep_synthesis"]),
                       "date": _date(rng, year)}


def _xc_standard(rng: random.Random, mid: str, year: int) -> Item:
    return "standards", {"id": mid, "role": rng.choice(["lead", "participant"]), "flags": ["published"],
                         "level": rng.choice(["international", "national", "local", "industry"]),
                         "drafter_rank": rng.randint(1, 3), "date": _date(rng, year)}


def _xc_project(rng: random.Random, mid: str, year: int) -> Item:
    kind = rng.choice(["application_scenario", "typical_case", "benchmark_solution", "innovation_project"])
    item: dict[str, Any] = {"id": mid, "type": kind, "date": _date(rng, year)}
    if kind == "application_scenario":
        item["flags"] = ["exemplary"]
    return "projects", item


def _xc_data_asset(rng: random.Random, mid: str, year: int) -> Item:
    kind = rng.choice(["corpus", "dataset", "product_listing", "security_product", "data_product_service"])
    item: dict[str, Any] = {"id": mid, "type": kind, "date": _date(rng, year)}
    if kind == "dataset":
        item["flags"] = ["integrated_into_trading_platform"]
    return "data_assets", item


def _xc_event(rng: random.Random, mid: str, year: int) -> Item:
    return "events", {"id": mid, "type": "exchange_activity", "role": rng.choice(["host", "organizer"]),
                      "sponsor_level": rng.choice(["national", "municipal"]),
                      "actual_expenses": _money(rng, 200_000, 8_000_000, 1), "date": _date(rng, year)}


def _xc_financing(rng: random.Random, mid: str, year: int) -> Item:
    return "financings", {"id": mid, "type": rng.choice(["data_assets", "data_ip", "data_hosting"]),
                          "amount": _money(rng, 1_000_000, 50_000_000, 1),
                          "interest": _money(rng, 50_000, 2_000_000, 1), "date": _date(rng, year)}


#: (maker, weight) per district and shape; the weights are relative frequencies.
MIX: dict[tuple[str, str], list[tuple[Maker, int]]] = {
    ("tongzhou", "mixed"): [(_tz_scenario_both, 30), (_tz_scenario_t12, 5), (_tz_data_product, 8),
                            (_tz_pioneering, 6), (_tz_key_task, 6), (_tz_filing, 8), (_tz_standard, 10),
                            (_tz_model_contract, 10), (_tz_event, 8), (_tz_funding, 4), (_tz_data_resource, 3),
                            (_tz_platform, 2)],
    ("tongzhou", "adversarial"): [(_tz_scenario_both, 70), (_tz_standard, 15), (_tz_event, 15)],
    ("chaoyang", "mixed"): [(_cy_major, 30), (_cy_trading, 25), (_cy_listing, 10), (_cy_scenario, 10),
                            (_cy_benchmark, 5), (_cy_dataset, 10), (_cy_export, 5), (_cy_platform, 5)],
    ("chaoyang", "adversarial"): [(_cy_trading, 60), (_cy_listing, 20), (_cy_major, 20)],
    ("xicheng", "mixed"): [(_xc_competition, 30), (_xc_filing, 10), (_xc_standard, 15), (_xc_project, 15),
                           (_xc_data_asset, 15), (_xc_event, 10), (_xc_financing, 5)],
    ("xicheng", "adversarial"): [(_xc_competition, 50), (_xc_filing, 20), (_xc_standard, 30)],
}

HEADERS: dict[str, dict[str, Any]] = {
    "tongzhou": {"district": "tongzhou", "pilot_zone": True, "entity_type": "enterprise", "sme": True,
                 "sectors": ["data_elements", "artificial_intelligence", "data_infrastructure"]},
    "chaoyang": {"district": "chaoyang", "entity_type": "enterprise", "independent_legal_person": True,
                 "sectors": ["data_elements", "circulation_trading"]},
    "xicheng": {"district": "xicheng", "entity_type": "enterprise",
                "sectors": ["development_utilization", "information_software_it"]},
}


def applicant(district: str, n: int, seed: int = 0, shape: str = "mixed",
              years: int | None = None) -> dict[str, Any]:
    """An applicant of ``district`` with ``n`` matters, the same for the same arguments."""
    if district not in DISTRICTS or shape not in SHAPES:
        raise ValueError(f"unknown district or shape: {district}, {shape}")
    rng = random.Random(f"{district}/{shape}/{n}/{seed}")
    span = years or default_years(n)
    makers, weights = zip(*MIX[(district, shape)])
    data: dict[str, Any] = {"name": f"bench {district} {shape} n={n} seed={seed}", **HEADERS[district],
                            "as_of": f"{AS_OF_YEAR}-06-01"}
    for i in range(n):
        maker = rng.choices(makers, weights)[0]
        year = AS_OF_YEAR - rng.randrange(span)
        list_name, item = maker(rng, f"m{i:05d}", year)
        data.setdefault(list_name, []).append(item)
    return data


def population(count: int, seed: int = 0, low: int = 5, high: int = 30) -> list[dict[str, Any]]:
    """``count`` applicants of every district and shape with ``low``-``high`` matters each."""
    rng = random.Random(f"population/{seed}")
    out = []
    for i in range(count):
        district = DISTRICTS[i % len(DISTRICTS)]
        shape = rng.choice(SHAPES)
        out.append(applicant(district, rng.randint(low, high), seed=rng.randrange(10**9), shape=shape))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.generate", description=__doc__.split("\n")[0])
    parser.add_argument("district", choices=DISTRICTS)
    parser.add_argument("n", type=int)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--shape", choices=SHAPES, default="mixed")
    parser.add_argument("--years", type=int, default=None)
    args = parser.parse_args(argv)
    data = applicant(args.district, args.n, args.seed, args.shape, args.years)
    sys.stdout.write(yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=200))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
