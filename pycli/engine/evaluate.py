"""One applicant file evaluated end to end: read, turned into facts, solved, modelled."""

from __future__ import annotations

from pycli.engine import facts, result, solve
from pycli.input import load


def evaluate(path: str, settings: facts.Settings, time_limit: float | None = None,
             fmt: str | None = None) -> result.Result:
    """Load (``-``: standard input, ``fmt``: yaml or json), solve and model one applicant file."""
    applicant = load.load(path, fmt)
    symbols = facts.build(applicant, settings)
    solution = solve.solve(symbols, time_limit=time_limit, source=applicant.source)
    return result.of_applicant(solution, applicant, settings, applicant.source)
