"""What each award of a full shared cap keeps: the knowledge base decides (kb/common/trim.lp).

A full group pays its cap; which of its awards absorbs the trim is a reading the law
leaves open, stated in the knowledge base as share/4 atoms.  This module only hands
the chosen awards of a solution to kb/trim.lp and reads the shares back.
"""

from __future__ import annotations

from collections.abc import Iterable

import clingo
from clingo import Function, Number, String, Symbol

from pycli.money import from_symbol, to_symbol
from pycli.paths import kb_dir

#: An award of a full group: (group instance, clause, matter, year, gross yuan).
Member = tuple[Symbol, str, str, int, int]


def shares(members: Iterable[Member], caps: dict[Symbol, Symbol]) -> dict[tuple[str, str, int], int]:
    """(clause, matter, year) -> the yuan each award of a full group keeps under its cap."""
    facts = [Function("chosen", [group, String(clause), String(matter), Number(year), to_symbol(gross)])
             for group, clause, matter, year, gross in members]
    if not facts:
        return {}
    facts += [Function("group_cap", [group, cap]) for group, cap in caps.items()]
    ctl = clingo.Control(logger=lambda _c, _m: None)
    ctl.load(str(kb_dir() / "trim.lp"))
    with ctl.backend() as backend:
        for symbol in facts:
            backend.add_rule([backend.add_atom(symbol)])
    ctl.ground([("base", [])])
    kept: dict[tuple[str, str, int], int] = {}
    for atom in ctl.symbolic_atoms.by_signature("share", 4):
        clause, matter, year, value = atom.symbol.arguments
        kept[(clause.string, matter.string, year.number)] = from_symbol(value)
    return kept
