"""Generated applicants for scale tests: a mix of Tongzhou matters, reproducible by seed.

Each matter qualifies for one or two Tongzhou clauses (P4 or T12 scenarios, T7 standards,
T6 vouchers, T14 events, P3 key tasks, T5 filings), so that the per-year caps and the
shared Tongzhou family give the optimiser real choices.
"""

from __future__ import annotations

import random
from typing import Any

LISTS = ("projects", "standards", "service_contracts", "events", "filings")


def _date(rng: random.Random) -> str:
    return f"{rng.choice([2025, 2026, 2027])}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}"


def _matter(rng: random.Random, i: int) -> tuple[str, dict[str, Any]]:
    kind, date = rng.randrange(6), _date(rng)
    if kind == 0:
        flags = rng.sample(["certified_demonstration", "advanced_replicable_demonstrative"], rng.randint(1, 2))
        return "projects", {"id": f"s{i}", "type": "application_scenario", "flags": sorted(flags),
                            "rnd_construction_investment": rng.randint(1, 80) * 100_000 + rng.randint(0, 99_999),
                            "date": date}
    if kind == 1:
        return "standards", {"id": f"t{i}", "level": rng.choice(["international", "national", "local", "industry"]),
                             "role": "lead", "date": date}
    if kind == 2:
        return "service_contracts", {"id": f"c{i}", "type": rng.choice(["model_service", "computing_service"]),
                                     "flags": ["significant_application_results"],
                                     "contract_amount": rng.randint(1, 30) * 100_000 + rng.randint(0, 9_999),
                                     "date": date}
    if kind == 3:
        return "events", {"id": f"e{i}", "type": "conference", "role": "organizer", "flags": ["significant_results"],
                          "actual_expenses": rng.randint(1, 30) * 100_000 + rng.randint(0, 9_999), "date": date}
    if kind == 4:
        return "projects", {"id": f"k{i}", "type": "key_task", "level": rng.choice(["national", "municipal", "district"]),
                            "role": "lead", "actual_investment": rng.randint(1, 200) * 100_000 + rng.randint(0, 999),
                            "date": date}
    return "filings", {"id": f"f{i}", "type": rng.choice(["generative_ai_service", "deep_synthesis",
                                                          "blockchain_info_service"]),
                       "level": "national", "flags": ["good_application_outcomes"], "date": date}


def tongzhou_applicant(matters: int, seed: int = 1) -> dict[str, Any]:
    """An SME in the Tongzhou pilot zone with ``matters`` generated matters."""
    rng = random.Random(seed)
    data: dict[str, Any] = {"name": f"generated {matters} ({seed})", "district": "tongzhou", "pilot_zone": True,
                            "sme": True, "sectors": ["data_elements", "artificial_intelligence"],
                            "as_of": "2026-06-01", **{name: [] for name in LISTS}}
    for i in range(matters):
        list_name, item = _matter(rng, i)
        data[list_name].append(item)
    return data
