"""bench/greedy.py, the baseline of the Value section, never pays more than the proven
optimum: it reads the same law (cand/4, families, caps, once-per-applicant clauses), so
a greedy total above the optimum means the baseline fell behind a reading of kb/."""

from __future__ import annotations

import sys

from conftest import ROOT

from pycli.engine import facts, result, solve
from pycli.input.load import validate

if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import generate, greedy  # noqa: E402


def test_greedy_never_beats_the_proven_optimum() -> None:
    for i, data in enumerate(generate.population(45, seed=0)):
        applicant = validate(data, f"population[{i}]")
        symbols = facts.build(applicant)
        solution = solve.solve(symbols, time_limit=30)
        assert solution.optimal
        optimum = result.of_applicant(solution, applicant, facts.Settings(), "").total
        assert greedy.greedy_total(symbols) <= optimum, data["name"]


def test_a_clause_paid_once_per_applicant_pays_greedy_once_too() -> None:
    # Xicheng art. 5(1) rewards the entity (unit applicant): a first balance-sheet entry
    # and a product listing give one reward of 2,000,000 (tests/cases/recipients_and_units.yaml),
    # to greedy as to the optimiser.
    data = {"name": "entry and listing", "district": "xicheng", "sectors": ["data_elements"], "as_of": "2026-06-01",
            "data_assets": [{"id": "entry", "type": "balance_sheet_entry", "flags": ["first_time"]},
                            {"id": "listing", "type": "product_listing"}]}
    symbols = facts.build(validate(data, "entry and listing"))
    assert greedy.greedy_total(symbols) == 2_000_000
