"""The greedy choice a person filling in forms would make: a benchmark baseline only.

Each matter goes, within each non-duplication family, to the clause that pays it the
most before the shared caps (summed over its years; the lower clause id on a tie); the
shared caps are applied afterwards: a cap group instance pays min(cap, its awards).
The candidate amounts come from the ground program of the product's own knowledge base
(cand/4, family/2, group_of/4, group_cap/2), so greedy and the optimiser see the same
law.  This is never part of the product.
"""

from __future__ import annotations

from clingo import Symbol

from pycli.engine import solve
from pycli.kbtools.catalogue import text
from pycli.money import from_symbol


def candidates(symbols: list[Symbol]) -> tuple[dict, dict, dict, dict]:
    """(cand, family, group_of, group_cap) read from the ground program of the facts."""
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
    return cand, family, group_of, group_cap


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


def greedy_choice(cand: dict, family: dict) -> list[tuple[str, str]]:
    best: dict[tuple[str, str], tuple[int, str]] = {}
    for (clause, matter), years in cand.items():
        key = (family[clause], matter)
        gross = sum(years.values())
        if key not in best or (-gross, clause) < (-best[key][0], best[key][1]):
            best[key] = (gross, clause)
    return sorted((clause, matter) for (_fam, matter), (_g, clause) in best.items())


def greedy_total(symbols: list[Symbol]) -> int:
    """The greedy portfolio's total for an applicant's facts."""
    cand, family, group_of, group_cap = candidates(symbols)
    return portfolio_total(greedy_choice(cand, family), cand, group_of, group_cap)
