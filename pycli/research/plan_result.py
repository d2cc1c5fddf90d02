"""The result model of a plan: a calendar of awards and per-year caps, and why each flexible matter sits where it does.

Built from two proven optima (the plan, and every flexible matter claimed as early as
possible) and the plan's model atoms: plan_year/2, plan_date/4, plan_option/5 (what a
copy of the matter would be paid in another year), plan_blocked/4 (a document not in
force on any day of that year's part of the window), group_of/4 and group_cap/2.
Every reason is read from those atoms; nothing is guessed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from typing import Any

from clingo import Symbol, SymbolType

from pycli.engine.result import Award, Result
from pycli.kbtools.catalogue import text
from pycli.money import from_symbol

#: Version of the JSON plan contract (docs/cli.md).
PLAN_SCHEMA_VERSION = "1.0"


@dataclass
class CapLeft:
    """A per-year cap in one year: what the plan's awards use of it and what is left."""

    group: str
    cap: int
    used: int
    left: int


@dataclass
class PlanAward:
    """One award of the calendar; ``flexible`` when the plan chose its year."""

    clause: str
    matter: str
    amount: int
    gross: int
    cap_group: str | None
    flexible: bool
    date: str | None = None


@dataclass
class PlanYear:
    """One year of the calendar."""

    year: int
    awards: list[PlanAward]
    total: int
    caps: list[CapLeft]


@dataclass
class Reason:
    """Why a flexible matter is not claimed in ``year`` (a coded sentence of labels.yaml)."""

    year: int
    code: str
    params: dict[str, Any] = field(default_factory=dict)


@dataclass
class Placement:
    """Where the plan claims a flexible matter, and what the other years of its window offered."""

    matter: str
    window_from: str
    window_to: str
    years: list[int]
    year: int | None
    date: str | None
    clause: str | None
    amount: int
    earliest_amount: int
    reasons: list[Reason]


@dataclass
class Plan:
    """A proven plan and its earliest-claim baseline."""

    applicant: str
    source: str
    district: str
    evaluation_date: str
    plan_from: str
    plan_until: str
    optimal: bool
    baseline_optimal: bool
    total: int
    baseline_total: int
    gain: int
    calendar: list[PlanYear]
    placements: list[Placement]
    assumptions: list[str]
    notes: list[str]
    message: str = ""
    timings: dict[str, float] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        """The stable JSON plan contract (docs/cli.md)."""
        data = asdict(self)
        data.pop("timings")
        return {"schema_version": PLAN_SCHEMA_VERSION, **data}


def _day(number: int) -> str:
    return dt.date(number // 10000, number // 100 % 100, number % 100).isoformat()


def build(plan: Result, baseline: Result, symbols: list[Symbol], days: tuple[dt.date, dt.date],
          flexible: dict[str, tuple[str, str]], titles: dict[str, str] | None = None) -> Plan:
    """The plan model from the plan's and the baseline's results and the plan's raw atoms."""
    atoms: dict[str, list[tuple[Symbol, ...]]] = {}
    for symbol in symbols:
        atoms.setdefault(symbol.name, []).append(tuple(symbol.arguments))
    dates = {text(m): _day(d.number) for m, _y, _doc, d in atoms.get("plan_date", [])}
    by_matter = _by_matter(atoms)
    calendar = _calendar(plan, atoms, days, set(flexible), dates)
    used = {(c.group, y.year): c for y in calendar for c in y.caps}
    placements = [_placement(m, window, plan, baseline, by_matter.get(m, {}), used, dates, titles or {})
                  for m, window in sorted(flexible.items())]
    message = plan.message or baseline.message
    return Plan(
        applicant=plan.applicant, source=plan.source, district=plan.district,
        evaluation_date=plan.evaluation_date, plan_from=days[0].isoformat(), plan_until=days[1].isoformat(),
        optimal=plan.optimal, baseline_optimal=baseline.optimal, total=plan.total,
        baseline_total=baseline.total, gain=plan.total - baseline.total, calendar=calendar,
        placements=placements, assumptions=plan.assumptions,
        notes=plan.notes, message=message,
        timings=dict(plan.timings))


def _calendar(plan: Result, atoms: dict[str, list[tuple[Symbol, ...]]], days: tuple[dt.date, dt.date],
              flexible: set[str], dates: dict[str, str]) -> list[PlanYear]:
    """Year by year: the awards, their total, and every per-year cap some candidate falls under."""
    caps: dict[tuple[str, int], int] = {}
    for gi, value in atoms.get("group_cap", []):
        name, scope = gi.arguments
        if scope.type == SymbolType.Number:
            caps[(text(name), scope.number)] = from_symbol(value)
    years = sorted({*range(days[0].year, days[1].year + 1), *(a.year for a in plan.awards if a.year),
                    *(y for _g, y in caps)})
    out: list[PlanYear] = []
    for year in years:
        awards = [_award(a, flexible, dates) for a in plan.awards if a.year == year]
        left = []
        for (group, y), cap in sorted(caps.items()):
            if y == year:
                spent = sum(a.amount for a in awards if a.cap_group == group)
                left.append(CapLeft(group=group, cap=cap, used=spent, left=cap - spent))
        out.append(PlanYear(year=year, awards=awards, total=sum(a.amount for a in awards), caps=left))
    return out


def _award(award: Award, flexible: set[str], dates: dict[str, str]) -> PlanAward:
    moved = award.matter in flexible
    return PlanAward(clause=award.clause, matter=award.matter, amount=award.amount, gross=award.gross,
                     cap_group=award.cap_group, flexible=moved, date=dates.get(award.matter) if moved else None)


def _by_matter(atoms: dict[str, list[tuple[Symbol, ...]]]) -> dict[str, dict[str, list[tuple[Symbol, ...]]]]:
    """The plan atoms of each flexible matter: its slots, choice, options, blocks and copies' cap groups."""
    out: dict[str, dict[str, list[tuple[Symbol, ...]]]] = {}
    for name in ("slot", "plan_year", "plan_option", "plan_blocked"):
        for args in atoms.get(name, []):
            out.setdefault(text(args[0]), {}).setdefault(name, []).append(args)
    for args in atoms.get("group_of", []):
        copy = args[1]
        if copy.type == SymbolType.Function and copy.name == "at":
            out.setdefault(text(copy.arguments[0]), {}).setdefault("group_of", []).append(args)
    return out


def _placement(matter: str, window: tuple[str, str], plan: Result, baseline: Result,
               atoms: dict[str, list[tuple[Symbol, ...]]], used: dict[tuple[str, int], CapLeft],
               dates: dict[str, str], titles: dict[str, str]) -> Placement:
    """Where ``matter`` is claimed, and for every other year of its window why not there."""
    years = sorted(y.number for _m, y in atoms.get("slot", []))
    chosen = next((y.number for _m, y in atoms.get("plan_year", [])), None)
    mine = [a for a in plan.awards if a.matter == matter]
    here = sum(a.amount for a in mine)
    reasons: list[Reason] = []
    if not years:
        reasons.append(Reason(year=0, code="plan_outside_span", params={"from": window[0], "to": window[1]}))
    for year in years:
        if year == chosen and here > 0:
            continue
        reasons.extend(_why_not(year, here, atoms, used, titles))
    return Placement(
        matter=matter, window_from=window[0], window_to=window[1], years=years, year=chosen,
        date=dates.get(matter), clause=mine[0].clause if mine else None, amount=here,
        earliest_amount=sum(a.amount for a in baseline.awards if a.matter == matter), reasons=reasons)


def _why_not(year: int, here: int, atoms: dict[str, list[tuple[Symbol, ...]]],
             used: dict[tuple[str, int], CapLeft], titles: dict[str, str]) -> list[Reason]:
    """What claiming the matter in ``year`` would have met: an expired document, a full cap, or no gain."""
    blocked = [(text(doc), why) for _m, y, doc, why in atoms.get("plan_blocked", []) if y.number == year]
    reasons = [Reason(year=year, code=f"plan_{why.name}",
                      params={"year": year, "document": titles.get(doc, doc), "day": _day(why.arguments[0].number)})
               for doc, why in sorted(blocked, key=lambda b: b[0])]
    options: dict[str, list[tuple[int, int]]] = {}
    for _m, y, clause, paid, value in atoms.get("plan_option", []):
        if y.number == year:
            options.setdefault(text(clause), []).append((paid.number, from_symbol(value)))
    if not options:
        return reasons or [Reason(year=year, code="plan_nothing", params={"year": year})]
    clause, paid = max(options.items(), key=lambda o: (sum(v for _p, v in o[1]), o[0]))
    first = min(paid)[1]
    for (group, y), cap in sorted(used.items()):
        if y == year and group in _groups_of(clause, atoms, year) and first > cap.left:
            return reasons + [Reason(year=year, code="plan_cap", params={
                "year": year, "group": group, "cap": cap.cap, "used": cap.used, "left": cap.left,
                "amount": first, "clause": clause})]
    return reasons + [Reason(year=year, code="plan_no_better", params={
        "year": year, "clause": clause, "there": sum(v for _p, v in paid), "here": here})]


def _groups_of(clause: str, atoms: dict[str, list[tuple[Symbol, ...]]], year: int) -> set[str]:
    """The cap groups the matter's copy for ``year`` falls under with ``clause``."""
    return {text(gi.arguments[0]) for c, m, _y, gi in atoms.get("group_of", [])
            if text(c) == clause and m.arguments[1].number == year}
