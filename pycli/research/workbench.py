"""Solve many variants of one applicant from one grounding of the knowledge base.

A research command (whatif, compare, sweep) asks for the optimum of several variants
of one applicant: another district, a bigger project, a changed cap.  Two ways:

* ``shared`` (the default): every variant goes into one ground program
  (shared.solve_many, pycli/engine/indexed.py): the knowledge base is grounded once, each
  variant's facts and reform carry its number, and clingo solves all of them together,
  each variant's gate an ``#external``.  Variants too large to share one grounding
  (more than SHARED_FACTS input facts in all) are grounded in consecutive runs.  The result of each variant is the one
  ``policykb optimize`` gives for it (tests/test_indexed.py, tests/test_research.py).
* ``fresh``: each variant gets a fresh Control built from the knowledge base parsed
  once (solve.parse_kb), with the catalogue read once per reform: the one-shot way,
  kept to check the shared one against and for bench/reuse.py.

Earlier versions made the facts that differ ``#external`` atoms of one applicant's
program.  Amounts cannot be externals (the grounder then sums every subset of a cap
group's candidates: a 100-point money sweep took 12 s to ground), and clasp's ``usc``
never returned on some assignments; docs/performance.md has both measurements and the
cause of the second.
"""

from __future__ import annotations

import time
from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from clingo import ast

from pycli.engine import deadline, facts, result, shared, solve
from pycli.errors import PolicyError
from pycli.input.load import Applicant
from pycli.kbtools import catalogue, catalogue_cache
from pycli.paths import kb_dir

#: At most this many input facts in one shared grounding: about 400 variants of a
#: typical applicant, or one of 4,000 matters.
SHARED_FACTS = 20_000


def entry() -> Path:
    """kb/research.lp: the knowledge base plus the per-project caps a sweep marks."""
    return kb_dir() / "research.lp"


@cache
def _program(path: Path) -> tuple[ast.AST, ...]:
    return tuple(solve.parse_kb(path))


@dataclass
class Variant:
    """One version of the applicant: a label, the applicant and the evaluation settings."""

    label: str
    applicant: Applicant
    settings: facts.Settings


@dataclass
class Outcome:
    """A variant's result and the (clause, matter) awards that reached their clause's own
    per-project cap."""

    result: result.Result
    project_caps: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class Timings:
    """Where the time went, for bench/reuse.py."""

    prepare: float = 0.0
    solves: list[float] = field(default_factory=list)


class Workbench:
    """The optima of several variants of one applicant."""

    def __init__(self, variants: Sequence[Variant], *, source: str,
                 time_limit: float | None = None, strategy: str | None = None) -> None:
        if not variants:
            raise ValueError("a workbench needs at least one variant")
        if strategy not in (None, "shared", "fresh"):
            raise ValueError(f"unknown workbench strategy {strategy!r}")
        self.variants = list(variants)
        self.source = source
        self.time_limit = time_limit
        self.strategy = strategy or "shared"
        self.timings = Timings()
        self._known: dict[Hashable, catalogue.Catalogue] = {}
        started = time.perf_counter()
        deadline.step("building the variants' facts")
        self._facts = [facts.build(v.applicant, v.settings) for v in self.variants]
        self._shared: list[solve.Solution | PolicyError] = []
        self._results: dict[int, result.Result] | None = None
        if self.strategy == "shared":
            # The variants of one applicant share one grounding unless they are large.
            for run in shared.chunks(self._facts, size=len(self._facts), most_facts=SHARED_FACTS):
                members = [self._facts[i] for i in run]
                self._shared += shared.solve_many(members, sources=[source] * len(members),
                                                 keys=[catalogue_cache.settings_key(f) for f in members], known=self._known,
                                                 time_limit=time_limit, entry=entry())
            self.timings.solves = [s.timings["solve"] for s in self._shared if isinstance(s, solve.Solution)]
        self.timings.prepare = time.perf_counter() - started - sum(self.timings.solves)

    def solution(self, index: int) -> solve.Solution:
        """The proven optimum of variant ``index`` (or the error `policykb optimize` gives for it)."""
        if self.strategy == "shared":
            outcome = self._shared[index]
            if isinstance(outcome, PolicyError):
                raise outcome
            return outcome
        started = time.perf_counter()
        symbols = self._facts[index]
        key = catalogue_cache.settings_key(symbols)
        solution = solve.solve(symbols, time_limit=self.time_limit, source=self.source,
                               program=_program(entry()), known=self._known.get(key))
        self._known.setdefault(key, solution.catalogue)
        solution.control = None  # a sweep keeps hundreds of solutions; their Controls are not needed
        self.timings.solves.append(time.perf_counter() - started)
        return solution

    def _result(self, index: int) -> result.Result:
        """Variant ``index``'s result model, once ``solution(index)`` has not raised."""
        if self.strategy != "shared":
            variant = self.variants[index]
            return result.of_applicant(self.solution(index), variant.applicant, variant.settings, self.source)
        if self._results is None:
            # Every variant's result at once: one run of the trim for all their full caps.
            solved = [i for i, s in enumerate(self._shared) if isinstance(s, solve.Solution)]
            made = result.of_applicants([(self.solution(i), self.variants[i].applicant, self.variants[i].settings,
                                          self.source) for i in solved])
            self._results = dict(zip(solved, made))
        return self._results[index]

    def outcome(self, index: int) -> Outcome:
        """Variant ``index``'s result model, as `policykb optimize` would build it, and the
        awards that reached their per-project caps."""
        solution = self.solution(index)
        res = self._result(index)
        awarded = {(a.clause, a.matter) for a in res.awards}
        reached = sorted({(catalogue.text(s.arguments[0]), catalogue.text(s.arguments[1]))
                          for s in solution.symbols if s.name == "project_cap_reached"} & awarded)
        return Outcome(result=res, project_caps=reached)

    def result(self, index: int) -> result.Result:
        """Variant ``index``'s result model."""
        return self.outcome(index).result

    def results(self) -> list[result.Result]:
        """Every variant's result model, in order."""
        return [self.result(i) for i in range(len(self.variants))]
