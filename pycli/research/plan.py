"""`policykb plan`: the year in which each flexible matter is claimed, chosen and proven by clingo.

The choice is the knowledge base's (kb/plan.lp, kb/common/plan.lp): every flexible
matter is copied as ``at(M, Y)`` for each year of its window, and ``plan_year(M, Y)``
claims one copy.  One grounding serves two searches: the plan, and the baseline that
claims every flexible matter in the first year of its window (the external atom
``plan_earliest``); the gain is the difference of the two proven optima.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import time
from typing import Any

from clingo import Function, Symbol, SymbolType

from pycli.engine import facts, result, solve
from pycli.engine.solve import Solution
from pycli.errors import InputError
from pycli.input import load
from pycli.input.schema import matter_lists
from pycli.paths import kb_dir
from pycli.research import plan_result

#: The atoms whose matter argument is a copy at(M, Y) of a flexible matter.
_COPIED = ("award", "support", "group_of")


def span(applicant: load.Applicant, settings: facts.Settings, first: dt.date | None,
         last: dt.date | None) -> tuple[dt.date, dt.date]:
    """The plan's days: --from (else the evaluation date) to --until (else the last day of any window)."""
    start = first or facts.evaluation_date(applicant, settings)
    ends = [dt.date.fromisoformat(item["window"]["to"]) for item in _matters(applicant.data) if "window" in item]
    end = last or max(ends, default=dt.date(start.year, 12, 31))
    if end < start:
        raise InputError("--until", "", f"the plan ends ({end}) before it begins ({start})")
    return start, end


def _matters(data: dict[str, Any]) -> list[dict[str, Any]]:
    return [item for name in matter_lists() for item in data.get(name, [])]


def plan_facts(applicant: load.Applicant, settings: facts.Settings, first: dt.date | None = None,
               last: dt.date | None = None) -> list[Symbol]:
    """The facts of a plan: the applicant's, with its flexible matters as plan_* facts."""
    chosen = dataclasses.replace(settings, plan_span=span(applicant, settings, first, last))
    return facts.build(applicant, chosen)


def placed(symbols: list[Symbol]) -> list[Symbol]:
    """The chosen model with each claimed copy at(M, Y) named M again; unclaimed copies dropped."""
    chosen = {(s.arguments[0], s.arguments[1].number) for s in symbols if s.name == "plan_year"}
    out: list[Symbol] = []
    for symbol in symbols:
        if symbol.name in _COPIED:
            matter = symbol.arguments[1]
            if matter.type == SymbolType.Function and matter.name == "at":
                original, year = matter.arguments
                if (original, year.number) not in chosen:
                    continue
                symbol = Function(symbol.name, [symbol.arguments[0], original, *symbol.arguments[2:]])
        out.append(symbol)
    return out


def run(path: str, settings: facts.Settings, first: dt.date | None = None, last: dt.date | None = None,
        time_limit: float | None = None, input_format: str | None = None) -> plan_result.Plan:
    """Plan one applicant file (- reads standard input): the proven best years, and the earliest-claim baseline."""
    applicant = load.load(path, input_format)
    path = applicant.source
    days = span(applicant, settings, first, last)
    chosen = dataclasses.replace(settings, plan_span=days)
    symbols = facts.build(applicant, chosen)
    solution = solve.solve(symbols, time_limit=time_limit, source=path, entry=kb_dir() / "plan.lp")
    started = time.perf_counter()
    baseline = _baseline(solution, time_limit)
    seconds = time.perf_counter() - started
    result_ = plan_result.build(
        _result(solution, applicant, chosen, path), _result(baseline, applicant, chosen, path),
        solution.symbols, days, flexible=_flexible(applicant), titles=solution.catalogue.titles)
    result_.timings["baseline"] = seconds
    return result_


def _baseline(solution: Solution, time_limit: float | None) -> Solution:
    """The same grounding searched again with every flexible matter in its first year."""
    ctl = solution.control
    assert ctl is not None  # solve() keeps it
    ctl.assign_external(Function("plan_earliest"), True)
    chosen, optimal, tied, finished = solve.search(ctl, time_limit=time_limit)
    return dataclasses.replace(solution, symbols=chosen, optimal=optimal, tied=tied, interrupted=not finished,
                               control=None)


def _result(solution: Solution, applicant: load.Applicant, settings: facts.Settings, path: str) -> result.Result:
    named = dataclasses.replace(solution, symbols=placed(solution.symbols), control=None)
    return result.of_applicant(named, applicant, settings, path)


def _flexible(applicant: load.Applicant) -> dict[str, tuple[str, str]]:
    """Each flexible matter's window, by id."""
    return {item["id"]: (item["window"]["from"], item["window"]["to"])
            for item in _matters(applicant.data) if "window" in item}
