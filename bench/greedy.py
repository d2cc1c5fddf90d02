"""The greedy choice a person filling in forms would make: a benchmark baseline only.

Each matter goes, within each non-duplication family, to the clause that pays it the
most before the shared caps (summed over its years; the lower clause id on a tie).  A
clause paid once per applicant (once_per_applicant/1) takes the first matter that wants
it, taking the best-paid first; the matters after it go to their next-best clause, or
unpaid.  The shared caps are applied afterwards: a cap group instance pays min(cap, its
awards).  The candidate amounts come from the ground program of the product's own
knowledge base (cand/4, family/2, group_of/4, group_cap/2, once_per_applicant/1,
origin/2), so greedy and the optimiser see the same law.  This is never part of the
product.
"""

from __future__ import annotations

from typing import NamedTuple

from clingo import Symbol

from pycli.engine import solve
from pycli.kbtools.catalogue import text
from pycli.money import from_symbol


class Law(NamedTuple):
    """What greedy reads of the ground program: candidates, families, caps, units."""

    cand: dict[tuple[str, str], dict[int, int]]
    family: dict[str, str]
    group_of: dict[tuple[str, str, int], Symbol]
    group_cap: dict[Symbol, int]
    once: set[str]
    origin: dict[str, str]


def candidates(symbols: list[Symbol]) -> Law:
    """The law of the applicant's facts, read from their ground program."""
    ctl = solve.control()
    with ctl.backend() as backend:
        for symbol in symbols:
            backend.add_rule([backend.add_atom(symbol)])
    ctl.ground([("base", [])])

    def facts(name: str, arity: int):
        for atom in ctl.symbolic_atoms.by_signature(name, arity):
            if atom.is_fact:
                yield atom.symbol.arguments

    cand: dict[tuple[str, str], dict[int, int]] = {}
    for c, m, y, v in facts("cand", 4):
        cand.setdefault((text(c), text(m)), {})[y.number] = from_symbol(v)
    family = {text(c): text(f) for c, f in facts("family", 2)}
    group_of: dict[tuple[str, str, int], Symbol] = {}
    for c, m, y, gi in facts("group_of", 4):
        key = (text(c), text(m), y.number)
        assert key not in group_of, f"two cap groups for {key}"
        group_of[key] = gi
    group_cap = {gi: from_symbol(k) for gi, k in facts("group_cap", 2)}
    once = {text(c) for (c,) in facts("once_per_applicant", 1)}
    origin = {text(m): str(o) for m, o in facts("origin", 2)}
    return Law(cand, family, group_of, group_cap, once, origin)


def portfolio_total(chosen: list[tuple[str, str]], cand: dict, group_of: dict, group_cap: dict) -> int:
    """The total of supported (clause, matter) pairs with the shared caps applied."""
    total = 0
    groups: dict[Symbol, int] = {}
    for clause, matter in chosen:
        for year, amount in cand[(clause, matter)].items():
            gi = group_of.get((clause, matter, year))
            if gi is None:
                total += amount
            else:
                groups[gi] = groups.get(gi, 0) + amount
    return total + sum(min(group_cap[gi], amount) for gi, amount in groups.items())


def greedy_choice(law: Law) -> list[tuple[str, str]]:
    """Each (family, matter) to its best-paying clause still free, best-paid matters first."""
    options: dict[tuple[str, str], list[tuple[int, str]]] = {}
    for (clause, matter), years in law.cand.items():
        options.setdefault((law.family[clause], matter), []).append((-sum(years.values()), clause))
    for ranked in options.values():
        ranked.sort()
    taken: dict[str, str] = {}
    chosen = []
    for (_fam, matter), ranked in sorted(options.items(), key=lambda kv: (kv[1][0], kv[0])):
        origin = law.origin.get(matter, matter)
        for _gross, clause in ranked:
            if clause in law.once and taken.setdefault(clause, origin) != origin:
                continue
            chosen.append((clause, matter))
            break
    return sorted(chosen)


def greedy_total(symbols: list[Symbol]) -> int:
    """The greedy portfolio's total for an applicant's facts."""
    law = candidates(symbols)
    return portfolio_total(greedy_choice(law), law.cand, law.group_of, law.group_cap)
