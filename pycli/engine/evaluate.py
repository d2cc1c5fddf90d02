"""One applicant file evaluated end to end: read, turned into facts, solved, modelled."""

from __future__ import annotations

from pycli.engine import facts, result, solve
from pycli.input import load


def evaluate(path: str, settings: facts.Settings, time_limit: float | None = None) -> result.Result:
    """Load, solve and model one applicant file."""
    applicant = load.load(path)
    symbols = facts.build(applicant, settings)
    solution = solve.solve(symbols, time_limit=time_limit, source=path)
    return result.of_applicant(solution, applicant, settings, path)
