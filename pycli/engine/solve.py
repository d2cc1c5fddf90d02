"""The one solver driver: ground the knowledge base with the facts, prove the optimum.

clingo's optimisation (``--opt-mode=optN``) first proves the best total, then lists
the models that tie with it; ``optimal`` is true only when clingo proved it.  Among
tied optima the least portfolio (sorted clause/matter pairs) is chosen, so the same
input always gives the same answer.
"""

from __future__ import annotations

import functools
import math
import time
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import clingo
from clingo import Function, Number, Symbol, ast

from pycli.engine import indexed
from pycli.errors import (
    InputError,
    KnowledgeBaseError,
    NotProvenError,
    PolicyError,
    TooLargeError,
)
from pycli.kbtools import catalogue
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
    _refuse([atom.symbol.arguments[0] for atom in ctl.symbolic_atoms.by_signature("error", 1) if atom.is_fact],
            cat, source)


def _refuse(found: Iterable[Symbol], cat: catalogue.Catalogue, source: str) -> None:
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
        raise InputError("reform", ".".join(args), "names no parameter or clause of the knowledge base")
    if first.name in ("cap_group_too_large", "cap_too_large", "ratio_out_of_range"):
        raise TooLargeError(f"too large to compute exactly: {first} (see docs/money.md)")
    raise KnowledgeBaseError(f"knowledge base error: {first}")


def search(ctl: clingo.Control, *, time_limit: float | None = None, max_ties: int = MAX_TIES,
           view: Callable[[Sequence[Symbol]], list[Symbol]] = list,
           ) -> tuple[list[Symbol], bool, list[list[Symbol]], bool]:
    """One optimisation of a grounded Control: (chosen model, proven, tied optima, finished)."""
    collector = _Collector(max_ties, view)
    with ctl.solve(on_model=collector, async_=True) as handle:
        finished = handle.wait(time_limit) if time_limit else handle.wait()
        if not finished:
            handle.cancel()
        exhausted = handle.get().exhausted
    if collector.proven:
        tied = sorted(collector.proven, key=_portfolio_key)
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
            program: Sequence[ast.AST] | None = None) -> clingo.Control:
    """A Control with the knowledge base loaded (``program`` from parse_kb), not yet grounded."""
    ctl = clingo.Control(SOLVER_OPTIONS + (extra_options or []), logger=lambda _c, _m: None)
    if program is None:
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
    only, and reading it costs as much as grounding a small applicant.
    """
    started = time.perf_counter()
    ctl = control(extra_options, entry, program)
    if prepare is not None:
        prepare(ctl)
    with ctl.backend() as backend:
        for symbol in facts:
            backend.add_rule([backend.add_atom(symbol)])
    try:
        ctl.ground([("base", [])])
    except RuntimeError as exc:
        raise TooLargeError(f"the instance could not be grounded: {exc}") from None
    grounded = time.perf_counter()
    cat = known if known is not None else catalogue.read(ctl)
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


#: How many applicants solve_many grounds together, and how many input facts at most:
#: the shared grounding saves more the more applicants share it, while the rare
#: applicant-by-applicant solve (tied optima) costs more (docs/performance.md).
CHUNK = 40
CHUNK_FACTS = 4000


def chunks(fact_lists: Sequence[Sequence[Symbol]], size: int = CHUNK, most_facts: int = CHUNK_FACTS) -> list[range]:
    """Consecutive runs of at most ``size`` applicants and ``most_facts`` facts for solve_many;
    an applicant larger than that runs alone."""
    runs: list[range] = []
    start, facts_in = 0, 0
    for k, facts in enumerate(fact_lists):
        if k > start and (k - start >= size or facts_in + len(facts) > most_facts):
            runs.append(range(start, k))
            start, facts_in = k, 0
        facts_in += len(facts)
    if fact_lists:
        runs.append(range(start, len(fact_lists)))
    return runs


@functools.lru_cache(maxsize=4)
def indexed_kb(entry: Path) -> indexed.Indexed:
    """The knowledge base at ``entry`` rewritten for many applicants (pycli.indexed), once per process."""
    return indexed.cached(entry, lambda: parse_kb(entry))


def solve_many(fact_lists: Sequence[Sequence[Symbol]], *, sources: Sequence[str] | None = None,
               keys: Sequence[Hashable] | None = None, known: dict[Hashable, catalogue.Catalogue] | None = None,
               time_limit: float | None = None, max_ties: int = MAX_TIES,
               entry: Path | None = None) -> list[Solution | PolicyError]:
    """Each applicant's Solution (or the error it gives), as solve() would, from one grounding.

    The applicants are independent, so the best portfolio of all of them together is
    each one's best portfolio: one solve with every gate on proves them all.  An
    applicant with a single optimum gets it from there (it is the one solve() would
    choose); an applicant whose optima tie is solved on its own (its gate on, the
    others off), to choose among its ties as solve() does.
    ``keys`` name each applicant's evaluation settings: applicants with equal keys
    share a catalogue, kept in ``known`` across calls.  If the shared program cannot
    be grounded, each applicant is solved alone, so that the error lands on its owner.
    """
    count = len(fact_lists)
    sources = list(sources or ["applicant"] * count)
    keys = list(keys or range(count))
    known = {} if known is None else known
    kb = indexed_kb(entry or kb_entry())
    started = time.perf_counter()
    ctl = control(program=kb.statements)
    with ctl.backend() as backend:
        for k, facts in enumerate(fact_lists):
            backend.add_rule([backend.add_atom(Function(indexed.APP, [Number(k)]))])
            for symbol in facts:
                backend.add_rule([backend.add_atom(kb.fact(k, symbol))])
    try:
        ctl.ground([("base", [])])
    except RuntimeError:
        return [_alone(facts, source, time_limit, max_ties, entry) for facts, source in zip(fact_lists, sources)]
    ground_share = (time.perf_counter() - started) / max(count, 1)
    errors: dict[int, list[Symbol]] = {}
    for atom in ctl.symbolic_atoms.by_signature("error", 2):
        if atom.is_fact:
            errors.setdefault(atom.symbol.arguments[0].number, []).append(atom.symbol.arguments[1])
    out: list[Solution | PolicyError | None] = [None] * count
    cats: dict[int, catalogue.Catalogue] = {}
    for k in range(count):
        try:
            cat = known.get(keys[k])
            if cat is None:
                cat = known[keys[k]] = catalogue.read(ctl, _view(ctl, kb, k))
            cats[k] = cat
            _refuse(errors.get(k, []), cat, sources[k])
        except PolicyError as exc:
            out[k] = exc
    solvable = [k for k in range(count) if out[k] is None]
    settled, seconds = _together(ctl, kb, solvable, time_limit, max_ties)
    sizes = _sizes(ctl)
    for k in solvable:
        if k in settled:
            out[k] = Solution(symbols=settled[k], optimal=True, tied=[settled[k]], catalogue=cats[k],
                              timings={"ground": ground_share, "solve": seconds / len(solvable)}, sizes=sizes)
            continue
        try:
            out[k] = _search_one(ctl, kb, k, cats[k], time_limit, max_ties, ground_share, sizes)
        except PolicyError as exc:
            out[k] = exc
    done = [o for o in out if o is not None]
    if len(done) != count:
        raise KnowledgeBaseError("solve_many lost an applicant's outcome")
    return done


def _together(ctl: clingo.Control, kb: indexed.Indexed, solvable: list[int], time_limit: float | None,
              max_ties: int) -> tuple[dict[int, list[Symbol]], float]:
    """The applicants whose optimum one solve of all of them settles: {k: atoms}, and its seconds.

    The optima of independent applicants combine freely, so when the solve lists every
    optimum of all of them (fewer than ``max_ties``) and their number is the product of
    each applicant's distinct portfolios, an applicant with one portfolio throughout has
    exactly one optimum.  The others (tied), and every applicant when the proof did not
    finish, are left to be solved one by one.
    """
    if not solvable:
        return {}, 0.0
    started = time.perf_counter()
    for k in solvable:
        ctl.assign_external(Function(indexed.ON, [Number(k)]), True)
    try:
        _chosen, optimal, tied, finished = search(ctl, time_limit=time_limit, max_ties=max_ties)
    except NotProvenError:
        optimal, tied, finished = False, [], False
    finally:
        for k in solvable:
            ctl.assign_external(Function(indexed.ON, [Number(k)]), False)
    if not (optimal and finished and len(tied) < max_ties):
        return {}, time.perf_counter() - started
    portfolios: dict[int, set[tuple[str, ...]]] = {k: set() for k in solvable}
    first: dict[int, list[Symbol]] = {k: [] for k in solvable}
    for n, model in enumerate(tied):
        split: dict[int, list[Symbol]] = {k: [] for k in solvable}
        for symbol in model:
            owner, own = kb.owner(symbol)
            if owner is not None:
                if owner in split:  # not a refused applicant's error atoms
                    split[owner].append(own)
            elif symbol.name != indexed.PAD:
                for k in solvable:
                    split[k].append(symbol)
        for k, atoms in split.items():
            portfolios[k].add(tuple(sorted(map(str, atoms))))
            if n == 0:
                first[k] = atoms
    if math.prod(len(p) for p in portfolios.values()) != len(tied):
        return {}, time.perf_counter() - started
    settled = {k: first[k] for k in solvable if len(portfolios[k]) == 1}
    return settled, time.perf_counter() - started


def _sizes(ctl: clingo.Control) -> dict[str, int]:
    """The shared program's size, once clasp has prepared it."""
    try:
        lp = ctl.statistics["problem"]["lp"]
    except (KeyError, RuntimeError):
        return {}
    return {"atoms": int(lp["atoms"]), "rules": int(lp["rules"])}


def _alone(facts: Sequence[Symbol], source: str, time_limit: float | None, max_ties: int,
           entry: Path | None) -> Solution | PolicyError:
    try:
        solution = solve(list(facts), time_limit=time_limit, max_ties=max_ties, source=source, entry=entry)
    except PolicyError as exc:
        return exc
    solution.control = None
    return solution


def _view(ctl: clingo.Control, kb: indexed.Indexed, k: int) -> catalogue.Facts:
    """Applicant k's facts of a shared Control, named as in its one-shot program."""
    def facts(name: str, arity: int):
        if (name, arity) not in kb.indexed:
            yield from catalogue.facts_of(ctl)(name, arity)
            return
        for atom in ctl.symbolic_atoms.by_signature(name, arity + 1):
            if atom.is_fact and atom.symbol.arguments[0] == Number(k):
                yield atom.symbol.arguments[1:]
    return facts


def _search_one(ctl: clingo.Control, kb: indexed.Indexed, k: int, cat: catalogue.Catalogue,
                time_limit: float | None, max_ties: int, ground_share: float, sizes: dict[str, int]) -> Solution:
    """Solve applicant k of a shared Control: its gate on, every other one off."""
    gate = Function(indexed.ON, [Number(k)])

    def view(symbols: Sequence[Symbol]) -> list[Symbol]:
        owned = (kb.owner(symbol) for symbol in symbols)
        return [own for owner, own in owned if owner == k or (owner is None and own.name != indexed.PAD)]

    started = time.perf_counter()
    ctl.assign_external(gate, True)
    try:
        chosen, optimal, tied, finished = search(ctl, time_limit=time_limit, max_ties=max_ties, view=view)
    finally:
        ctl.assign_external(gate, False)
    return Solution(
        symbols=chosen, optimal=optimal, tied=tied, catalogue=cat,
        timings={"ground": ground_share, "solve": time.perf_counter() - started},
        sizes=sizes, interrupted=not finished, control=None)
