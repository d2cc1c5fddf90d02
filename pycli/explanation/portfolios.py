"""Other portfolios than the optimum: the tied optima, and the next-best ones found by
forbidding every portfolio found so far and optimising again.
"""

from __future__ import annotations

from clingo import Function, Number, Symbol

from pycli.engine import facts as facts_mod
from pycli.engine import result as result_mod
from pycli.engine import solve
from pycli.errors import NotProvenError
from pycli.explanation.trace import Portfolio, Reason
from pycli.input.load import Applicant
from pycli.kbtools.catalogue import Catalogue


def portfolio(symbols: list[Symbol], optimal: bool, cat: Catalogue, base: dict[tuple[str, str], int] | None,
               applicant: Applicant, settings: facts_mod.Settings) -> Portfolio:
    """One portfolio (a model's support atoms) as a result, and how it differs from ``base``."""
    sol = solve.Solution(symbols=symbols, optimal=optimal, tied=[], catalogue=cat)
    res = result_mod.of_applicant(sol, applicant, settings, applicant.source)
    mine: dict[tuple[str, str], int] = {}
    for a in res.awards:
        mine[(a.clause, a.matter)] = mine.get((a.clause, a.matter), 0) + a.amount
    differs: list[Reason] = []
    if base is not None:
        for key in sorted(set(base) | set(mine)):
            if base.get(key, 0) != mine.get(key, 0):
                differs.append(Reason("differs", {"clause": key[0], "matter": key[1],
                                                  "optimum": base.get(key, 0), "here": mine.get(key, 0)}))
    return Portfolio(total=res.total, optimal=optimal, differs=differs,
                     awards=[{"clause": a.clause, "matter": a.matter, "year": a.year, "amount": a.amount}
                             for a in res.awards])


def next_best(facts_: list[Symbol], solution: solve.Solution, count: int, base: dict[tuple[str, str], int],
               applicant: Applicant, settings: facts_mod.Settings) -> list[Portfolio]:
    """The next-best portfolios: rule out every portfolio found so far and every one inside
    it, and optimise again.

    Each round is a fresh solve: re-solving one Control after adding the constraint
    stalled under clasp's usc strategy (measured with clingo 5.8.3), grounding again
    costs tens of milliseconds.
    """
    found: list[Portfolio] = []
    excluded = [[s for s in model if s.name == "support"] for model in (solution.tied or [solution.symbols])]
    for _ in range(count):
        if any(not supports for supports in excluded):
            return found
        # found/3 (kb/common/choice.lp) rules out each portfolio found so far and every
        # portfolio inside one: those are dominated, not alternatives.
        known = [Function("found", [Number(k), *s.arguments]) for k, supports in enumerate(excluded)
                 for s in supports]
        try:
            nxt = solve.solve(facts_ + known, time_limit=30, source=applicant.source)
        except NotProvenError:
            return found
        found.append(portfolio(nxt.symbols, nxt.optimal, solution.catalogue, base, applicant, settings))
        excluded += [[s for s in model if s.name == "support"] for model in (nxt.tied or [nxt.symbols])]
    return found
