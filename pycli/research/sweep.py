"""The model of ``sweep``: the optimum along one parameter, or over a grid of two.

Each point is the optimum of the applicant with the swept fields set to the point's
values.  A point records the total, each clause's award, and the caps that trimmed
there: shared caps (result.caps) and clauses whose own per-project cap cut an award
(kb/research.lp), so that where a cap begins to bind can be seen and plotted.
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
        """A cap, shared or per project, cut an award at this point."""
        return bool(self.shared_caps or self.project_caps)


@dataclass
class Binding:
    """Where a cap begins to bind: the first point (in sweep order) at which it trims."""

    cap: str
    kind: str
    index: int
    values: list[Any]


@dataclass
class Sweep:
    """The points, with every clause that pays at any of them."""

    applicant: str
    source: str
    reform: str | None
    parameters: list[str]
    clauses: list[str]
    points: list[SweepPoint]

    @property
    def optimal(self) -> bool:
        return all(p.optimal for p in self.points)

    def bindings(self) -> list[Binding]:
        """Each cap that trims somewhere, at the first point where it does."""
        first: dict[tuple[str, str], int] = {}
        for index, point in enumerate(self.points):
            for cap in point.shared_caps:
                first.setdefault((cap, "shared"), index)
            for clause in point.project_caps:
                first.setdefault((clause, "per-project"), index)
        return [Binding(cap, kind, index, self.points[index].values)
                for (cap, kind), index in sorted(first.items(), key=lambda item: (item[1], item[0]))]

    def to_json(self) -> dict[str, Any]:
        return {"schema_version": RESEARCH_SCHEMA_VERSION, "command": "sweep", "applicant": self.applicant,
                "source": self.source, "reform": self.reform, "parameters": self.parameters,
                "clauses": self.clauses, "optimal": self.optimal,
                "points": [asdict(p) for p in self.points],
                "bindings": [asdict(b) for b in self.bindings()]}


def build(parameters: list[str], values: list[list[Any]], outcomes: list[Outcome]) -> Sweep:
    """The sweep model from each point's values and outcome, in sweep order."""
    results = [o.result for o in outcomes]
    amounts = [by_clause(r) for r in results]
    clauses = clause_order({c for a in amounts for c in a}, results)
    points = [SweepPoint(values=list(v), total=o.result.total, optimal=o.result.optimal,
                         clauses={c: a.get(c, 0) for c in clauses},
                         shared_caps=sorted({c.group for c in o.result.caps}),
                         project_caps=sorted({clause for clause, _matter in o.project_caps}))
              for v, o, a in zip(values, outcomes, amounts)]
    first = results[0]
    return Sweep(applicant=first.applicant, source=first.source, reform=first.reform,
                 parameters=parameters, clauses=clauses, points=points)
