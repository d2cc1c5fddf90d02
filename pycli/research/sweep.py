"""The model of ``sweep``: the optimum along one parameter, or over a grid of two.

Each point is the optimum of the applicant with the swept fields set to the point's
values.  A point records the total, each clause's award, and the caps reached there:
shared caps that trimmed or were full (result.caps) and clauses whose computed award
reached their own per-project cap (kb/research.lp), so that where a cap begins to bind
can be seen and plotted.  Between two grid points a cap's exact start is found by
pycli/research/breakpoints.py.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from pycli.research.variants import RESEARCH_SCHEMA_VERSION, by_clause, clause_order
from pycli.research.workbench import Outcome


@dataclass
class SweepPoint:
    """One point of the sweep."""

    values: list[Any]
    total: int
    optimal: bool
    clauses: dict[str, int]
    shared_caps: list[str] = field(default_factory=list)
    project_caps: list[str] = field(default_factory=list)

    @property
    def trimmed(self) -> bool:
        """A cap, shared or per project, is reached at this point."""
        return bool(self.shared_caps or self.project_caps)

    def reaches(self, cap: str, kind: str) -> bool:
        """Whether the cap ``cap`` of kind ``kind`` (shared, per-project) is reached here."""
        return cap in (self.shared_caps if kind == SHARED else self.project_caps)


#: The two kinds of cap a sweep marks.
SHARED, PER_PROJECT = "shared", "per-project"


@dataclass
class Binding:
    """Where a cap begins to bind: the first grid point (in sweep order) at which it is
    reached, and ``exact``, the least value of the swept field at which it is (None when
    it is reached from the sweep's first point or the sweep is not along one whole-number
    field)."""

    cap: str
    kind: str
    index: int
    values: list[Any]
    exact: list[Any] | None = None


@dataclass
class Sweep:
    """The points, with every clause that pays at any of them."""

    applicant: str
    source: str
    reform: str | None
    parameters: list[str]
    clauses: list[str]
    points: list[SweepPoint]
    #: (cap, kind) -> the exact value of the swept field where the cap begins to bind.
    exact: dict[tuple[str, str], int] = field(default_factory=dict)

    @property
    def optimal(self) -> bool:
        return all(p.optimal for p in self.points)

    def bindings(self) -> list[Binding]:
        """Each cap reached somewhere, at the first point where it is, with its exact start."""
        first: dict[tuple[str, str], int] = {}
        for index, point in enumerate(self.points):
            for cap in point.shared_caps:
                first.setdefault((cap, SHARED), index)
            for clause in point.project_caps:
                first.setdefault((clause, PER_PROJECT), index)
        return [Binding(cap, kind, index, self.points[index].values,
                        [self.exact[(cap, kind)]] if (cap, kind) in self.exact else None)
                for (cap, kind), index in sorted(first.items(), key=lambda item: (item[1], item[0]))]

    def to_json(self) -> dict[str, Any]:
        return {"schema_version": RESEARCH_SCHEMA_VERSION, "command": "sweep", "applicant": self.applicant,
                "source": self.source, "reform": self.reform, "parameters": self.parameters,
                "clauses": self.clauses, "optimal": self.optimal,
                "points": [asdict(p) for p in self.points],
                "bindings": [asdict(b) for b in self.bindings()]}


def caps_reached(outcome: Outcome) -> dict[str, list[str]]:
    """The shared caps an outcome trimmed or filled, and the clauses whose per-project cap
    an award reached."""
    return {"shared_caps": sorted({c.group for c in outcome.result.caps}),
            "project_caps": sorted({clause for clause, _matter in outcome.project_caps})}


def build(parameters: list[str], values: list[list[Any]], outcomes: list[Outcome]) -> Sweep:
    """The sweep model from each point's values and outcome, in sweep order."""
    results = [o.result for o in outcomes]
    amounts = [by_clause(r) for r in results]
    clauses = clause_order({c for a in amounts for c in a}, results)
    points = [SweepPoint(values=list(v), total=o.result.total, optimal=o.result.optimal,
                         clauses={c: a.get(c, 0) for c in clauses}, **caps_reached(o))
              for v, o, a in zip(values, outcomes, amounts)]
    first = results[0]
    return Sweep(applicant=first.applicant, source=first.source, reform=first.reform,
                 parameters=parameters, clauses=clauses, points=points)
