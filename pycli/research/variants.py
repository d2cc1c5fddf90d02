"""The models of ``whatif`` and ``compare``: optima of variants of one applicant, side by side.

Every figure here is a sum of the awards of result models (pycli/result.py), which
the solver decided; Python only lines them up by clause and subtracts.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from pycli.engine.result import Result
from pycli.ordering import natural

#: Version of the JSON contract of whatif, compare and sweep (docs/researcher-guide.md).
RESEARCH_SCHEMA_VERSION = "1.0"


def by_clause(res: Result) -> dict[str, int]:
    """Each awarded clause's amount after caps, summed over its matters and years."""
    amounts: dict[str, int] = {}
    for award in res.awards:
        amounts[award.clause] = amounts.get(award.clause, 0) + award.amount
    return amounts


def clause_order(clauses: set[str], results: list[Result]) -> list[str]:
    """Clause ids in document and article order (a4 before a12)."""
    document = {a.clause: a.document for res in results for a in res.awards}
    return sorted(clauses, key=lambda c: (document.get(c, ""), natural(c)))


def _trims(res: Result) -> list[str]:
    return [f"{c.group} ({'per year ' + str(c.year) if c.year else 'per entity'}): "
            f"asked {c.requested:,}, cap {c.cap:,}" for c in res.caps]


@dataclass
class ClauseDelta:
    """One clause's award before and after the change (0 where it pays nothing)."""

    clause: str
    baseline: int
    variant: int
    difference: int


@dataclass
class WhatIf:
    """The applicant as it is and as changed, and what the change does per clause."""

    applicant: str
    source: str
    changes: list[str]
    baseline: Result
    variant: Result
    clauses: list[ClauseDelta]
    difference: int
    optimal: bool

    def to_json(self) -> dict[str, Any]:
        """The JSON contract: each side is the full result of docs/cli.md."""
        return {"schema_version": RESEARCH_SCHEMA_VERSION, "command": "whatif", "applicant": self.applicant,
                "source": self.source, "changes": self.changes,
                "total": {"baseline": self.baseline.total, "variant": self.variant.total,
                          "difference": self.difference},
                "clauses": [asdict(c) for c in self.clauses], "optimal": self.optimal,
                "baseline": self.baseline.to_json(), "variant": self.variant.to_json()}

    def trims(self, side: str) -> list[str]:
        """The shared caps that bound on one side, as lines."""
        return _trims(self.baseline if side == "baseline" else self.variant)


def whatif(baseline: Result, variant: Result, changes: list[str]) -> WhatIf:
    """Line the two optima up clause by clause."""
    before, after = by_clause(baseline), by_clause(variant)
    clauses = clause_order(set(before) | set(after), [baseline, variant])
    rows = [ClauseDelta(c, before.get(c, 0), after.get(c, 0), after.get(c, 0) - before.get(c, 0)) for c in clauses]
    return WhatIf(applicant=baseline.applicant, source=baseline.source, changes=changes, baseline=baseline,
                  variant=variant, clauses=rows, difference=variant.total - baseline.total,
                  optimal=baseline.optimal and variant.optimal)


@dataclass
class Option:
    """One place of registration and the optimum there."""

    name: str
    district: str
    pilot_zone: bool
    current: bool
    rank: int
    result: Result
    difference: int = 0

    def to_json(self) -> dict[str, Any]:
        return {"option": self.name, "district": self.district, "pilot_zone": self.pilot_zone,
                "current": self.current, "rank": self.rank, "total": self.result.total,
                "difference": self.difference, "result": self.result.to_json()}


@dataclass
class Comparison:
    """The applicant as if registered in each place, best first."""

    applicant: str
    source: str
    reform: str | None
    options: list[Option] = field(default_factory=list)

    @property
    def optimal(self) -> bool:
        return all(o.result.optimal for o in self.options)

    def to_json(self) -> dict[str, Any]:
        return {"schema_version": RESEARCH_SCHEMA_VERSION, "command": "compare", "applicant": self.applicant,
                "source": self.source, "reform": self.reform, "optimal": self.optimal,
                "options": [o.to_json() for o in self.options]}


def compare(places: list[tuple[str, str, bool]], results: list[Result], current: str) -> Comparison:
    """Rank the places by total, highest first; equal totals keep the order asked for."""
    base = next((r.total for (name, _d, _p), r in zip(places, results) if name == current), None)
    order = sorted(range(len(places)), key=lambda i: -results[i].total)
    options = []
    for rank, i in enumerate(order, start=1):
        name, district, pilot = places[i]
        options.append(Option(name=name, district=district, pilot_zone=pilot, current=name == current,
                              rank=rank, result=results[i],
                              difference=results[i].total - base if base is not None else 0))
    first = results[0]
    return Comparison(applicant=first.applicant, source=first.source, reform=first.reform, options=options)
