"""Solve many variants of one applicant while grounding the knowledge base as little as possible.

A research command (whatif, compare, sweep) asks for the optimum of several variants
of one applicant that differ in a few facts.  Two ways, chosen per workbench:

* ``multi-shot``: one Control grounds the knowledge base once, with the facts every
  variant shares as facts and the facts that differ as ``#external`` atoms; each
  variant is then solved by assigning the externals (true for its own facts, false
  for the rest).  Used when few facts differ, none is money, and the applicant is
  small (at most 4 matters of a kind, 24 in all): a relocation, a flag, a level, a
  date.
* ``fresh``: each variant gets a fresh Control, built from the knowledge base parsed
  once (solve.parse_kb) with the catalogue read once per reform.  Used otherwise.

Why not multi-shot everywhere (docs/researcher-guide.md, bench/reuse.py): the
knowledge base decides much at grounding time from the facts (which cap groups can
bind, the steps of a stepped cap).  With externals that decide what a clause pays,
those decisions range over every combination of the uncertain candidates: a 100-point
money sweep took about 12 s to ground, far more than 100 fresh groundings.  Two more things measured:
externals declared through the backend before grounding gave wrong optima (the
grounder simplified rules as though they were absent), so they are declared as
``#external`` statements built from symbols with the AST builder, never as text; and
clasp's ``usc`` strategy stalled on some assumption sets (cancel did not return), so
multi-shot solves use ``bb``.  A model that derives an ``error/1`` is solved again
fresh, which refuses it exactly as ``policykb optimize`` would.
"""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Sequence

import clingo
from clingo import Function, Symbol, ast

from . import catalogue, facts, result, solve
from .errors import TooLargeError
from .load import Applicant
from .paths import kb_dir

#: At most this many differing facts are made externals; more goes fresh.
MAX_EXTERNALS = 16
#: Multi-shot only for small applicants.  An external that decides whether a clause
#: applies makes its candidates uncertain, and the grounder then sums every subset of
#: a cap group's candidates: measured, 4 contracts under one cap ground in 0.09 s,
#: 8 in 0.3 s, 12 in 1.5 s (a fresh solve takes about 0.05 s), and 50 in nearly a
#: minute.  Branch-and-bound (bb) also proves large optima far slower than usc.
MAX_SAME_KIND = 4
MAX_MATTERS_MULTI_SHOT = 24
#: Facts that never become externals: amounts feed the grounding-time cap decisions,
#: and reforms change the catalogue itself.
_NEVER_EXTERNAL = {"money", "reform", "switch_off"}

_WHERE = ast.Location(ast.Position("<workbench>", 1, 1), ast.Position("<workbench>", 1, 1))


def entry() -> Path:
    """kb/research.lp: the knowledge base plus the per-project cap trims a sweep marks."""
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
    """A variant's result and the (clause, matter) awards its own per-project cap cut."""

    result: result.Result
    project_caps: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class Timings:
    """Where the time went, for bench/reuse.py."""

    prepare: float = 0.0
    solves: list[float] = field(default_factory=list)


class Workbench:
    """The optima of several variants, grounding once where the variation allows."""

    def __init__(self, variants: Sequence[Variant], *, source: str,
                 time_limit: float | None = None, strategy: str | None = None) -> None:
        if not variants:
            raise ValueError("a workbench needs at least one variant")
        self.variants = list(variants)
        self.source = source
        self.time_limit = time_limit
        self.timings = Timings()
        started = time.perf_counter()
        self._facts = [facts.build(v.applicant, v.settings) for v in self.variants]
        self._sets = [set(f) for f in self._facts]
        common = set.intersection(*self._sets)
        self._externals = sorted(set().union(*self._sets) - common)
        self.strategy = strategy or self._choose()
        self._control: clingo.Control | None = None
        self._catalogue: catalogue.Catalogue | None = None
        self._known: dict[frozenset[Symbol], catalogue.Catalogue] = {}
        if self.strategy == "multi-shot":
            self._ground_once([s for s in self._facts[0] if s in common])
        self.timings.prepare = time.perf_counter() - started

    def _choose(self) -> str:
        small = True
        for symbols in self._facts:
            kinds = Counter(str(s.arguments[1]) for s in symbols if s.name == "matter")
            small = small and sum(kinds.values()) <= MAX_MATTERS_MULTI_SHOT and max(kinds.values(), default=0) <= MAX_SAME_KIND
        if (small and len(self.variants) > 1 and len(self._externals) <= MAX_EXTERNALS
                and not any(s.name in _NEVER_EXTERNAL for s in self._externals)):
            return "multi-shot"
        return "fresh"

    def _ground_once(self, common: list[Symbol]) -> None:
        options = [o for o in solve.SOLVER_OPTIONS if not o.startswith("--opt-strategy")] + ["--opt-strategy=bb"]
        ctl = clingo.Control(options, logger=lambda _c, _m: None)
        with ast.ProgramBuilder(ctl) as builder:
            for statement in _program(entry()):
                builder.add(statement)
            for symbol in self._externals:
                builder.add(ast.External(_WHERE, ast.SymbolicAtom(ast.SymbolicTerm(_WHERE, symbol)), [],
                                         ast.SymbolicTerm(_WHERE, Function("false"))))
        with ctl.backend() as backend:
            for symbol in common:
                backend.add_rule([backend.add_atom(symbol)])
        try:
            ctl.ground([("base", [])])
        except RuntimeError as exc:
            raise TooLargeError(f"the instance could not be grounded: {exc}") from None
        if any(atom.is_fact for atom in ctl.symbolic_atoms.by_signature("error", 1)):
            # An error every variant shares: fresh solves refuse it with the right message.
            self.strategy = "fresh"
            return
        self._control = ctl
        self._catalogue = catalogue.read(ctl)

    def solution(self, index: int) -> solve.Solution:
        """The proven optimum of variant ``index``."""
        started = time.perf_counter()
        solution = self._multi_shot(index) if self._control is not None else None
        if solution is None:
            solution = self._fresh(index)
        self.timings.solves.append(time.perf_counter() - started)
        return solution

    def _multi_shot(self, index: int) -> solve.Solution | None:
        assert self._control is not None and self._catalogue is not None
        own = self._sets[index]
        for symbol in self._externals:
            self._control.assign_external(symbol, symbol in own)
        chosen, optimal, tied, finished = solve.search(self._control, time_limit=self.time_limit)
        if any(s.name == "error" for s in chosen):
            return None
        return solve.Solution(symbols=chosen, optimal=optimal, tied=tied, catalogue=self._catalogue,
                              interrupted=not finished)

    def _fresh(self, index: int) -> solve.Solution:
        symbols = self._facts[index]
        # The catalogue depends on the knowledge base, the reform and the readings only.
        key = frozenset(s for s in symbols if s.name in ("reform", "switch_off", "assume_set"))
        solution = solve.solve(symbols, time_limit=self.time_limit, source=self.source,
                               program=_program(entry()), known=self._known.get(key))
        self._known.setdefault(key, solution.catalogue)
        solution.control = None  # a sweep keeps hundreds of solutions; their Controls are not needed
        return solution

    def outcome(self, index: int) -> Outcome:
        """Variant ``index``'s result model, as `policykb optimize` would build it, and the
        awards its per-project caps cut."""
        variant = self.variants[index]
        solution = self.solution(index)
        res = result.of_applicant(solution, variant.applicant, variant.settings, self.source)
        awarded = {(a.clause, a.matter) for a in res.awards}
        cut = sorted({(catalogue.text(s.arguments[0]), catalogue.text(s.arguments[1]))
                      for s in solution.symbols if s.name == "project_cap_trims"} & awarded)
        return Outcome(result=res, project_caps=cut)

    def result(self, index: int) -> result.Result:
        """Variant ``index``'s result model."""
        return self.outcome(index).result

    def results(self) -> list[result.Result]:
        """Every variant's result model, in order."""
        return [self.result(i) for i in range(len(self.variants))]
