"""One-shot solving: ground the knowledge base with one applicant's facts, prove the optimum.

clingo's optimisation (``--opt-mode=optN``) first proves the best total, then lists
the models that tie with it; ``optimal`` is true only when clingo proved it.  Among
tied optima the least portfolio (sorted clause/matter pairs) is chosen, so the same
input always gives the same answer.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import clingo
from clingo import Symbol, ast

from pycli.engine import deadline
from pycli.errors import (
    InputError,
    KnowledgeBaseError,
    NotProvenError,
    TooLargeError,
)
from pycli.input.reform import SOURCE as REFORM_SOURCE
from pycli.kbtools import catalogue, catalogue_cache
from pycli.paths import kb_entry

#: How many tied optimal portfolios are listed before the search stops.
MAX_TIES = 16

#: Solver options chosen by measurement (docs/performance.md, bench/).
SOLVER_OPTIONS = ["--opt-mode=optN", "--models=0", "--opt-strategy=usc,one,stratify"]


@dataclass
class Solution:
    """The chosen model, the tied optima, and how the solve went."""

    symbols: list[Symbol]
    optimal: bool
    tied: list[list[Symbol]]
    catalogue: catalogue.Catalogue
    timings: dict[str, float] = field(default_factory=dict)
    sizes: dict[str, int] = field(default_factory=dict)
    interrupted: bool = False
    control: clingo.Control | None = field(default=None, repr=False, compare=False)


class _Collector:
    """Keeps the best model so far and every model proven optimal (``view``: one applicant's atoms)."""

    def __init__(self, max_ties: int, view: Callable[[Sequence[Symbol]], list[Symbol]] = list) -> None:
        self.best: list[Symbol] | None = None
        self.proven: list[list[Symbol]] = []
        self.max_ties = max_ties
        self.view = view

    def __call__(self, model: clingo.Model) -> bool:
        symbols = self.view(model.symbols(shown=True))
        if model.optimality_proven:
            self.proven.append(symbols)
            return len(self.proven) < self.max_ties
        self.best = symbols
        return True


def _portfolio_key(symbols: list[Symbol]) -> list[tuple[str, str]]:
    return sorted((catalogue.text(s.arguments[0]), catalogue.text(s.arguments[1]))
                  for s in symbols if s.name == "support")


def check_errors(ctl: clingo.Control, cat: catalogue.Catalogue, source: str) -> None:
    """Refuse before solving when the knowledge base derived an error from the input."""
    refuse([atom.symbol.arguments[0] for atom in ctl.symbolic_atoms.by_signature("error", 1) if atom.is_fact],
            cat, source)


def refuse(found: Iterable[Symbol], cat: catalogue.Catalogue, source: str) -> None:
    """Raise the error the first of the knowledge base's error/1 terms stands for, if any."""
    errors = sorted(found, key=str)
    if not errors:
        return
    first = errors[0]
    args = [catalogue.text(a) for a in first.arguments]
    if first.name == "unknown_assumption":
        known = ", ".join(sorted(cat.assumption_defaults))
        raise InputError("--assume", args[0], f"unknown assumption (known: {known})")
    if first.name == "bad_assumption_value":
        allowed = ", ".join(cat.assumption_values.get(args[0], []))
        raise InputError("--assume", args[0], f"expected one of {allowed}, got {args[1]!r}")
    if first.name == "unknown_earlier_clause":
        raise InputError(source, f"earlier_support[{args[0]}].clause",
                         f"expected a clause id of the knowledge base, got {args[1]!r}")
    if first.name in ("unknown_parameter", "unknown_clause"):
        raise InputError(REFORM_SOURCE, ".".join(args), "names no parameter or clause of the knowledge base")
    if first.name in ("cap_group_too_large", "cap_too_large", "ratio_out_of_range"):
        raise TooLargeError(f"too large to compute exactly: {first} (see docs/money.md)")
    raise KnowledgeBaseError(f"knowledge base error: {first}")


def search(ctl: clingo.Control, *, time_limit: float | None = None, max_ties: int = MAX_TIES,
           view: Callable[[Sequence[Symbol]], list[Symbol]] = list,
           ) -> tuple[list[Symbol], bool, list[list[Symbol]], bool]:
    """One optimisation of a grounded Control: (chosen model, proven, tied optima, finished)."""
    collector = _Collector(max_ties, view)
    limit = deadline.search_seconds(time_limit)  # within what the command's --time-limit leaves
    deadline.step("solving")
    with ctl.solve(on_model=collector, async_=True) as handle:
        finished = handle.wait(limit) if limit else handle.wait()
        if not finished:
            handle.cancel()
        exhausted = handle.get().exhausted
    deadline.step("preparing the answer")
    if collector.proven:
        tied = sorted(collector.proven, key=_portfolio_key) if len(collector.proven) > 1 else collector.proven
        return tied[0], True, tied, finished
    if collector.best is not None and finished and exhausted:
        # Nothing to optimise (no award candidate): the one model is the optimum.
        return collector.best, True, [collector.best], finished
    if collector.best is not None:
        return collector.best, False, [], finished
    if finished:
        raise NotProvenError("no portfolio satisfies the constraints")
    raise NotProvenError("the time limit ran out before any portfolio was found; allow more time")


def parse_kb(entry: Path | None = None) -> list[ast.AST]:
    """The knowledge base parsed once, for a process that solves many applicants (batch)."""
    statements: list[ast.AST] = []
    ast.parse_files([str(entry or kb_entry())], statements.append, logger=lambda _c, _m: None)
    return statements


def control(extra_options: list[str] | None = None, entry: Path | None = None,
            program: Sequence[ast.AST] | None = None,
            loader: Callable[[clingo.Control], None] | None = None) -> clingo.Control:
    """A Control with the knowledge base loaded (``program`` from parse_kb, or added by
    ``loader``, e.g. the rewritten one of engine/indexed.py), not yet grounded."""
    ctl = clingo.Control(SOLVER_OPTIONS + (extra_options or []), logger=lambda _c, _m: None)
    if loader is not None:
        loader(ctl)
    elif program is None:
        ctl.load(str(entry or kb_entry()))
    else:  # the same statements clingo would read from the files, without reading them again
        with ast.ProgramBuilder(ctl) as builder:
            for statement in program:
                builder.add(statement)
    return ctl


def solve(facts: list[Symbol], *, time_limit: float | None = None,
          max_ties: int = MAX_TIES, extra_options: list[str] | None = None,
          source: str = "applicant", entry: Path | None = None,
          prepare: Callable[[clingo.Control], None] | None = None,
          program: Sequence[ast.AST] | None = None,
          known: catalogue.Catalogue | None = None) -> Solution:
    """Ground the knowledge base with ``facts`` and find the proven optimum.

    ``entry`` replaces kb/main.lp (explanations load kb/explain.lp) and ``prepare``
    may add rules before grounding; the Control stays on the solution for more solves.
    A batch passes ``program`` (parse_kb) and ``known``, the catalogue an earlier solve
    read under the same reform: it is a function of the knowledge base and the reform
    only, and reading it costs as much as grounding a small applicant (without ``known``
    it comes from kbtools/catalogue_cache.py when that holds it).
    """
    started = time.perf_counter()
    ctl = control(extra_options, entry, program)
    if prepare is not None:
        prepare(ctl)
    with ctl.backend() as backend:
        for symbol in facts:
            backend.add_rule([backend.add_atom(symbol)])
    try:
        deadline.step("grounding")
        ctl.ground([("base", [])])
    except RuntimeError as exc:
        raise TooLargeError(f"the instance could not be grounded: {exc}") from None
    grounded = time.perf_counter()
    cat = known if known is not None else \
        catalogue_cache.remembered(entry or kb_entry(), facts, lambda: catalogue.read(ctl))
    check_errors(ctl, cat, source)
    chosen, optimal, tied, finished = search(ctl, time_limit=time_limit, max_ties=max_ties)
    solved = time.perf_counter()
    stats = ctl.statistics
    return Solution(
        symbols=chosen, optimal=optimal, tied=tied, catalogue=cat,
        timings={"ground": grounded - started, "solve": solved - grounded},
        sizes={"atoms": int(stats["problem"]["lp"]["atoms"]), "rules": int(stats["problem"]["lp"]["rules"])},
        interrupted=not finished,
        control=ctl,
    )
