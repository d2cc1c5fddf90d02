"""Shared solving: many applicants solved from one grounding of the knowledge base.

The knowledge base rewritten for many applicants (pycli.engine.indexed) is grounded
once with every applicant's facts; one solve proves all their optima, and only an
applicant whose optima tie is solved again on its own, to break the tie as the
one-shot solve (pycli.engine.solve) does.  Each applicant gets what solve.solve gives.
"""

from __future__ import annotations

import functools
import math
import time
from collections.abc import Hashable, Sequence
from pathlib import Path

import clingo
from clingo import Function, Number, Symbol

from pycli.engine import deadline, indexed, solve
from pycli.errors import KnowledgeBaseError, NotProvenError, PolicyError
from pycli.kbtools import catalogue, catalogue_cache
from pycli.paths import kb_entry

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
    return indexed.cached(entry, lambda: solve.parse_kb(entry))


def solve_many(fact_lists: Sequence[Sequence[Symbol]], *, sources: Sequence[str] | None = None,
               keys: Sequence[Hashable] | None = None, known: dict[Hashable, catalogue.Catalogue] | None = None,
               time_limit: float | None = None, max_ties: int = solve.MAX_TIES,
               entry: Path | None = None) -> list[solve.Solution | PolicyError]:
    """Each applicant's Solution (or the error it gives), as solve() would, from one grounding.

    The applicants are independent, so the best portfolio of all of them together is
    each one's best portfolio: one solve with every gate on proves them all.  An
    applicant with a single optimum gets it from there (it is the one solve() would
    choose); an applicant whose optima tie is solved on its own (its gate on, the
    others off), to choose among its ties as solve() does, and one with more ties than
    ``max_ties`` on a fresh one-shot Control, since which ties are listed first depends
    on the search.
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
    ctl = solve.control(loader=kb.load)
    with ctl.backend() as backend:
        for k, facts in enumerate(fact_lists):
            backend.add_rule([backend.add_atom(Function(indexed.APP, [Number(k)]))])
            for symbol in facts:
                backend.add_rule([backend.add_atom(kb.fact(k, symbol))])
    try:
        deadline.step("grounding")
        ctl.ground([("base", [])])
    except RuntimeError:
        return [_alone(facts, source, time_limit, max_ties, entry) for facts, source in zip(fact_lists, sources)]
    ground_share = (time.perf_counter() - started) / max(count, 1)
    errors: dict[int, list[Symbol]] = {}
    for atom in ctl.symbolic_atoms.by_signature("error", 2):
        if atom.is_fact:
            errors.setdefault(atom.symbol.arguments[0].number, []).append(atom.symbol.arguments[1])
    out: list[solve.Solution | PolicyError | None] = [None] * count
    cats: dict[int, catalogue.Catalogue] = {}
    for k in range(count):
        try:
            cat = known.get(keys[k])
            if cat is None:
                cat = known[keys[k]] = catalogue_cache.remembered(
                    entry or kb_entry(), fact_lists[k], functools.partial(catalogue.read, ctl, _view(ctl, kb, k)))
            cats[k] = cat
            solve.refuse(errors.get(k, []), cat, sources[k])
        except PolicyError as exc:
            out[k] = exc
    solvable = [k for k in range(count) if out[k] is None]
    settled, seconds = _together(ctl, kb, solvable, time_limit, max_ties)
    sizes = _sizes(ctl)
    for k in solvable:
        if k in settled:
            out[k] = solve.Solution(symbols=settled[k], optimal=True, tied=[settled[k]], catalogue=cats[k],
                              timings={"ground": ground_share, "solve": seconds / len(solvable)}, sizes=sizes)
            continue
        try:
            alone = _search_one(ctl, kb, k, cats[k], time_limit, max_ties, ground_share, sizes)
        except PolicyError as exc:
            out[k] = exc
            continue
        if alone.optimal and len(alone.tied) >= max_ties:
            # More optima than the list holds: which come first, and so which is least, depends
            # on the search, and a shared Control's (its learnt constraints, the other
            # applicants' atoms) is not the one-shot's.  Solve it as `policykb optimize` does.
            out[k] = _alone(fact_lists[k], sources[k], time_limit, max_ties, entry)
        else:
            out[k] = alone
    done = [o for o in out if o is not None]
    if len(done) != count:
        raise KnowledgeBaseError("solve_many lost an applicant's outcome")
    return done


def _together(ctl: clingo.Control, kb: indexed.Indexed, solvable: list[int], time_limit: float | None,
              max_ties: int) -> tuple[dict[int, list[Symbol]], float]:
    """The applicants whose optimum solves of all of them together settle: {k: atoms}, and their seconds.

    The optima of independent applicants combine freely, so when a solve lists every
    optimum of the applicants it holds (fewer than ``max_ties``) and their number is the
    product of each applicant's distinct portfolios, an applicant with one portfolio
    throughout has exactly one optimum.  When the listing stops at ``max_ties``, an
    applicant whose portfolio differs between two of the optima listed is tied for
    certain: it is left out and the others are solved together again, until a listing is
    complete.  The tied applicants, and every one still open when a proof does not
    finish, are left to be solved one by one.
    """
    started = time.perf_counter()
    remaining = list(solvable)
    while remaining:
        portfolios, first, complete = _listing(ctl, kb, remaining, time_limit, max_ties)
        if portfolios is None:
            break
        tied = {k for k in remaining if len(portfolios[k]) > 1}
        if complete:
            if math.prod(len(p) for p in portfolios.values()) == complete:
                return {k: first[k] for k in remaining if k not in tied}, time.perf_counter() - started
            break
        if not tied:
            break
        remaining = [k for k in remaining if k not in tied]
    return {}, time.perf_counter() - started


def _listing(ctl: clingo.Control, kb: indexed.Indexed, members: list[int], time_limit: float | None,
             max_ties: int) -> tuple[dict[int, set[frozenset[Symbol]]] | None, dict[int, list[Symbol]], int]:
    """One solve of ``members`` together: each one's distinct portfolios among the optima
    listed, each one's atoms in the first optimum, and how many optima there are when
    the listing is complete (0 when it stopped at ``max_ties``); None when the optimum
    is not proven."""
    for k in members:
        ctl.assign_external(Function(indexed.ON, [Number(k)]), True)
    try:
        _chosen, optimal, tied, finished = solve.search(ctl, time_limit=time_limit, max_ties=max_ties)
    except NotProvenError:
        optimal, tied, finished = False, [], False
    finally:
        for k in members:
            ctl.assign_external(Function(indexed.ON, [Number(k)]), False)
    if not (optimal and finished):
        return None, {}, 0
    portfolios: dict[int, set[frozenset[Symbol]]] = {k: set() for k in members}
    first: dict[int, list[Symbol]] = {k: [] for k in members}
    for n, model in enumerate(tied):
        split: dict[int, list[Symbol]] = {k: [] for k in members}
        for symbol in model:
            owner, own = kb.owner(symbol)
            if owner is not None:
                if owner in split:  # not a refused applicant's error atoms
                    split[owner].append(own)
            elif symbol.name != indexed.PAD:
                for k in members:
                    split[k].append(symbol)
        for k, atoms in split.items():
            portfolios[k].add(frozenset(atoms))  # symbols hash by value, in a tenth of str()
            if n == 0:
                first[k] = atoms
    return portfolios, first, (len(tied) if len(tied) < max_ties else 0)


def _sizes(ctl: clingo.Control) -> dict[str, int]:
    """The shared program's size, once clasp has prepared it."""
    try:
        lp = ctl.statistics["problem"]["lp"]
    except (KeyError, RuntimeError):
        return {}
    return {"atoms": int(lp["atoms"]), "rules": int(lp["rules"])}


def _alone(facts: Sequence[Symbol], source: str, time_limit: float | None, max_ties: int,
           entry: Path | None) -> solve.Solution | PolicyError:
    try:
        solution = solve.solve(list(facts), time_limit=time_limit, max_ties=max_ties, source=source, entry=entry)
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
                time_limit: float | None, max_ties: int, ground_share: float, sizes: dict[str, int]) -> solve.Solution:
    """Solve applicant k of a shared Control: its gate on, every other one off."""
    gate = Function(indexed.ON, [Number(k)])

    def view(symbols: Sequence[Symbol]) -> list[Symbol]:
        owned = (kb.owner(symbol) for symbol in symbols)
        return [own for owner, own in owned if owner == k or (owner is None and own.name != indexed.PAD)]

    started = time.perf_counter()
    ctl.assign_external(gate, True)
    try:
        chosen, optimal, tied, finished = solve.search(ctl, time_limit=time_limit, max_ties=max_ties, view=view)
    finally:
        ctl.assign_external(gate, False)
    return solve.Solution(
        symbols=chosen, optimal=optimal, tied=tied, catalogue=cat,
        timings={"ground": ground_share, "solve": time.perf_counter() - started},
        sizes=sizes, interrupted=not finished, control=None)
