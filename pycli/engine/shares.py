"""What each award of a full shared cap keeps: the knowledge base decides (kb/common/trim.lp).

A full group pays its cap; which of its awards absorbs the trim is a reading the law
leaves open, stated in the knowledge base as share/5 atoms.  This module only hands
the chosen awards of solutions to kb/trim.lp and reads the shares back.  Grounding
kb/trim.lp costs about 2 ms however few its facts (a fixed cost per rule), so the
solutions of a batch or a sweep go through one run together: each solution's group
instances are wrapped in its number, s(I,GI), which trim.lp treats as any group term.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import clingo
from clingo import Function, Number, String, Symbol

from pycli.money import from_symbol, to_symbol
from pycli.paths import kb_dir

#: An award of a full group: (group instance, clause, matter, year, gross yuan).
Member = tuple[Symbol, str, str, int, int]
#: The awards of one solution's full groups, and each group's cap.
Request = tuple[Iterable[Member], dict[Symbol, Symbol]]
#: (clause, matter, year) -> the yuan the award keeps under its group's cap.
Kept = dict[tuple[str, str, int], int]


def shares(members: Iterable[Member], caps: dict[Symbol, Symbol]) -> Kept:
    """The yuan each award of one solution's full groups keeps under its cap."""
    return shares_many([(members, caps)])[0]


def shares_many(requests: Sequence[Request]) -> list[Kept]:
    """The shares of several solutions' full groups, from one run of kb/trim.lp."""
    chosen: list[Symbol] = []
    capped: list[Symbol] = []
    for index, (members, caps) in enumerate(requests):
        tag = Number(index)
        chosen += [Function("chosen", [Function("s", [tag, group]), String(clause), String(matter), Number(year),
                                       to_symbol(gross)])
                   for group, clause, matter, year, gross in members]
        capped += [Function("group_cap", [Function("s", [tag, group]), cap]) for group, cap in caps.items()]
    kept: list[Kept] = [{} for _ in requests]
    if not chosen:
        return kept
    ctl = clingo.Control(logger=lambda _c, _m: None)
    ctl.load(str(kb_dir() / "trim.lp"))
    with ctl.backend() as backend:
        for symbol in chosen + capped:
            backend.add_rule([backend.add_atom(symbol)])
    ctl.ground([("base", [])])
    for atom in ctl.symbolic_atoms.by_signature("share", 5):
        group, clause, matter, year, value = atom.symbol.arguments
        kept[group.arguments[0].number][(clause.string, matter.string, year.number)] = from_symbol(value)
    return kept
