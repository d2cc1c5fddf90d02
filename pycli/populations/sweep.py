"""The budget curve of a population along one parameter of the law: ``policykb sweep-population``.

Each point is a reform that sets one law parameter (``OWNER:NAME[@TIER]``, as reform files
name it) to the point's value; the whole population is evaluated under it (locally or on a
Dask cluster, as ``batch`` does) and added up by the batch summary: total spend, spend per
document and clause, and who gains or loses against the law as it stands.  The curve is a
research Sweep model, so the sweep's text, CSV and SVG templates draw it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from pycli.engine import shared
from pycli.errors import InputError
from pycli.input.overrides import MAX_POINTS
from pycli.populations import cluster
from pycli.populations import run as batch_run
from pycli.populations.entry import Entry
from pycli.populations.evaluate import Options
from pycli.populations.summary import Summary, kb_places, summarise
from pycli.research.sweep import Sweep, SweepPoint
from pycli.research.variants import RESEARCH_SCHEMA_VERSION

_PARAMETER = re.compile(r"^(?P<owner>[a-z][a-z0-9_.]*):(?P<name>[a-z][a-z0-9_]*)(?:@(?P<tier>[a-z][a-z0-9_]*))?$")
_YUAN = re.compile(r"^[0-9]{1,16}$")
_PCT = re.compile(r"^[0-9]{1,5}%$")


@dataclass(frozen=True)
class Axis:
    """The swept parameter and its values: whole yuan, or whole percentages."""

    owner: str
    name: str
    tier: str | None
    unit: str
    values: tuple[int, ...]

    @property
    def label(self) -> str:
        return f"{self.owner}:{self.name}" + (f"@{self.tier}" if self.tier else "")

    def reform(self, value: int) -> str:
        """The reform of one point, as data (JSON text: picklable, sent to any worker)."""
        entry: dict[str, Any] = {"owner": self.owner, "name": self.name, "value": {self.unit: value}}
        if self.tier:
            entry["tier"] = self.tier
        shown = f"{value:,}" if self.unit == "yuan" else f"{value}%"
        return json.dumps({"name": f"{self.label}={shown}", "parameters": [entry]})


def parse_axis(pair: str) -> Axis:
    """``OWNER:NAME[@TIER]=START:STOP:STEP`` in whole yuan, or with % on each number for a ratio."""
    parameter, sep, text = pair.partition("=")
    match = _PARAMETER.match(parameter.strip())
    parts = [p.strip() for p in text.split(":")]
    if not sep or not match or len(parts) != 3:
        raise InputError("--set", pair, "expected OWNER:NAME[@TIER]=START:STOP:STEP, "
                                        "e.g. tongzhou_de.a12.year_cap:cap=1000000:3000000:500000")
    if all(_YUAN.match(p) for p in parts):
        unit, numbers = "yuan", [int(p) for p in parts]
    elif all(_PCT.match(p) for p in parts):
        unit, numbers = "pct", [int(p[:-1]) for p in parts]
    else:
        raise InputError("--set", pair, "START:STOP:STEP are whole yuan, or whole percentages each with %")
    start, stop, step = numbers
    if step == 0 or stop < start:
        raise InputError("--set", pair, "expected START <= STOP and a positive STEP")
    count = (stop - start) // step + 1
    if count > MAX_POINTS:
        raise InputError("--set", pair, f"{count} points; at most {MAX_POINTS}")
    return Axis(match["owner"], match["name"], match["tier"], unit, tuple(range(start, stop + 1, step)))


@dataclass
class PopulationSweep:
    """The curve: one batch summary per point, and the same as a Sweep for the tables and the plot."""

    source: str
    axis: Axis
    summaries: list[Summary]

    @property
    def optimal(self) -> bool:
        return all(s.not_proven == 0 for s in self.summaries)

    def as_sweep(self) -> Sweep:
        clauses = sorted({line.name for s in self.summaries for line in s.clauses})
        points = [SweepPoint(values=[v], total=s.total, optimal=s.not_proven == 0,
                             clauses={c: next((line.total for line in s.clauses if line.name == c), 0)
                                      for c in clauses})
                  for v, s in zip(self.axis.values, self.summaries)]
        applicants = self.summaries[0].applicants if self.summaries else 0
        return Sweep(applicant=f"a population of {applicants}", source=self.source, reform=None,
                     parameters=[self.axis.label], clauses=clauses, points=points)

    def to_json(self) -> dict[str, Any]:
        return {"schema_version": RESEARCH_SCHEMA_VERSION, "command": "sweep-population", "source": self.source,
                "parameter": self.axis.label, "unit": self.axis.unit, "optimal": self.optimal,
                "points": [{"value": v, "applicants": s.applicants, "errors": s.errors,
                            "not_proven": s.not_proven, "total": s.total, "baseline_total": s.baseline_total,
                            "difference": s.difference, "recipients": s.recipients,
                            "gainers": s.gainers, "losers": s.losers, "unchanged": s.unchanged,
                            "documents": {line.name: line.total for line in s.documents},
                            "clauses": {line.name: line.total for line in s.clauses}}
                           for v, s in zip(self.axis.values, self.summaries)]}


def _records(entries: list[Entry], options: Options, workers: int, client: Any | None) -> Iterator[dict]:
    runs = batch_run.runs(entries, shared.CHUNK)
    pieces: Iterable[str] = cluster.in_order(runs, options, client) if client is not None else \
        batch_run.in_order(entries, options, workers)
    for piece in pieces:
        for line in piece.splitlines():
            yield json.loads(line)


def evaluate(source: str, entries: list[Entry], axis: Axis, base: Options, workers: int,
             dask: str | None) -> PopulationSweep:
    """Every point's summary, each point the whole population under that point's reform."""
    options = [Options(as_of=base.as_of, horizon=base.horizon, assume=base.assume, reform_data=axis.reform(v))
               for v in axis.values]
    places = kb_places()  # the districts do not change along a sweep of one parameter
    if dask is None:
        return PopulationSweep(source, axis, [summarise(_records(entries, o, workers, None), places)
                                              for o in options])
    with cluster.connect(dask) as client:
        return PopulationSweep(source, axis, [summarise(_records(entries, o, workers, client), places)
                                              for o in options])
