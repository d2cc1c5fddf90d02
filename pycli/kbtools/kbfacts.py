"""The knowledge base's own ground facts, with no applicant: what the law says about itself.

The research commands read clauses, parameters, cap groups and documents from here,
from the grounded knowledge base (symbols, never the .lp text), under the reform and
readings given, so that what they list is the law actually loaded.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

import clingo
from clingo import Function, Number, Symbol

from pycli import dates
from pycli.engine import facts, solve
from pycli.kbtools import catalogue
from pycli.kbtools.catalogue import text
from pycli.paths import kb_entry


@dataclass
class Facts:
    """The ground facts of the knowledge base by predicate, and its catalogue."""

    by_signature: dict[tuple[str, int], list[tuple[Symbol, ...]]] = field(default_factory=lambda: defaultdict(list))
    catalogue: catalogue.Catalogue = field(default_factory=catalogue.Catalogue)

    def args(self, name: str, arity: int) -> list[tuple[Symbol, ...]]:
        """The arguments of every fact name/arity."""
        return self.by_signature.get((name, arity), [])


def settings_facts(settings: facts.Settings, as_of: dt.date | None = None) -> list[Symbol]:
    """The facts of the evaluation settings alone (no applicant): date, horizon, readings, reform."""
    symbols: list[Symbol] = []
    day = settings.as_of or as_of
    if day is not None:
        symbols.append(Function("as_of", [dates.to_symbol(day)]))
    if settings.horizon is not None:
        symbols.append(Function("horizon", [Number(settings.horizon)]))
    for name, value in sorted(settings.assumptions.items()):
        symbols.append(Function("assume_set", [Function(name), Number(value) if isinstance(value, int) else Function(value)]))
    return symbols + list(settings.reform)


def read(settings: facts.Settings, as_of: dt.date | None = None) -> Facts:
    """Ground the knowledge base with the settings only and collect its facts.

    The error checks of solve.py apply, so an unknown reform parameter or reading is
    refused here as it is by `policykb optimize`.
    """
    ctl = clingo.Control(logger=lambda _c, _m: None)
    ctl.load(str(kb_entry()))
    with ctl.backend() as backend:
        for symbol in settings_facts(settings, as_of):
            backend.add_rule([backend.add_atom(symbol)])
    ctl.ground([("base", [])])
    result = Facts(catalogue=catalogue.read(ctl))
    solve.check_errors(ctl, result.catalogue, "reform")
    for atom in ctl.symbolic_atoms:
        if atom.is_fact:
            result.by_signature[(atom.symbol.name, len(atom.symbol.arguments))].append(tuple(atom.symbol.arguments))
    return result


def pilot_zone_districts(kb: Facts) -> list[str]:
    """Districts holding a document that applies only inside the pilot zone."""
    hosts = {text(doc): text(district) for doc, district in kb.args("document", 2)}
    return sorted({hosts[text(doc)] for doc, condition in kb.args("requires_doc", 2)
                   if text(condition) == "pilot_zone" and text(doc) in hosts})
