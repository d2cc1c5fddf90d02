"""The knowledge base read about itself: its ground facts, and for the checks its rules and files.

The research commands (clauses, query, compare) and the integrity checks (check,
coverage) look at the law, not at an applicant: they ground the knowledge base with no
applicant (under the evaluation settings, for research) and read its facts as symbols,
never from the .lp text.  ``read`` also parses it with clingo's own parser (its rules,
with the #include lines resolved) and keeps each file's text, for the checks.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path

import clingo
from clingo import Symbol, SymbolType, ast

from pycli import syntax
from pycli.engine import facts, solve
from pycli.kbtools import catalogue
from pycli.kbtools.catalogue import text
from pycli.paths import kb_entry


@dataclass
class Facts:
    """The ground facts of the knowledge base by predicate, and (for research) its catalogue."""

    by_signature: dict[tuple[str, int], list[tuple[Symbol, ...]]] = field(default_factory=lambda: defaultdict(list))
    catalogue: catalogue.Catalogue = field(default_factory=catalogue.Catalogue)

    def args(self, name: str, arity: int) -> list[tuple[Symbol, ...]]:
        """The arguments of every fact name/arity."""
        return self.by_signature.get((name, arity), [])

    def by_first(self, name: str, arity: int) -> dict[str, list[tuple[Symbol, ...]]]:
        """The facts name/arity grouped by the text of their first argument."""
        grouped: dict[str, list[tuple[Symbol, ...]]] = defaultdict(list)
        for args in self.args(name, arity):
            grouped[text(args[0])].append(args[1:])
        return grouped

    def clauses(self) -> dict[str, str]:
        """Clause id -> document id."""
        return {text(c): text(d) for c, d in self.args("clause", 2)}


@dataclass
class KnowledgeBase(Facts):
    """One knowledge-base folder as the checks read it: its facts, rule statements and files."""

    folder: Path = field(default_factory=Path)
    rules: list[ast.AST] = field(default_factory=list)
    files: dict[Path, str] = field(default_factory=dict)

    def document_files(self) -> dict[Path, str]:
        """The rule files of kb/documents/<doc>/ that main.lp includes, with their text."""
        return {path: body for path, body in self.files.items() if path.parent.parent.name == "documents"}


def ground(entry: Path, symbols: Iterable[Symbol], into: Facts) -> clingo.Control:
    """Ground the knowledge base at ``entry`` with ``symbols`` as facts and put its facts ``into``."""
    ctl = clingo.Control(logger=lambda _code, _msg: None)
    ctl.load(str(entry))
    with ctl.backend() as backend:
        for symbol in symbols:
            backend.add_rule([backend.add_atom(symbol)])
    ctl.ground([("base", [])])
    for atom in ctl.symbolic_atoms:
        if atom.is_fact:
            into.by_signature[(atom.symbol.name, len(atom.symbol.arguments))].append(tuple(atom.symbol.arguments))
    return ctl


def read_law(settings: facts.Settings, as_of: dt.date | None = None) -> Facts:
    """The knowledge base's facts under the evaluation settings only (no applicant), with its catalogue.

    The error checks of solve.py apply, so an unknown reform parameter or reading is
    refused here as it is by `policykb optimize`.
    """
    found = Facts()
    ctl = ground(kb_entry(), facts.settings_facts(settings, as_of), found)
    found.catalogue = catalogue.read(ctl)
    solve.check_errors(ctl, found.catalogue, "reform")
    return found


def pilot_zone_districts(kb: Facts) -> list[str]:
    """Districts holding a document that applies only inside the pilot zone."""
    pilot = {text(doc) for doc, condition in kb.args("requires_doc", 2) if text(condition) == "pilot_zone"}
    return sorted({text(where) for doc, where in kb.args("scope", 2)
                   if text(doc) in pilot and text(where) != catalogue.MUNICIPALITY})


def place_sectors(kb: Facts, district: str, pilot_zone: bool, order: list[str]) -> tuple[str, ...]:
    """The sectors the scope articles (doc_sector/2) of the documents serving a place list, in ``order``."""
    scope = kb.catalogue.documents
    pilot = {text(d) for d, condition in kb.args("requires_doc", 2) if text(condition) == "pilot_zone"}
    found = {text(s) for d, s in kb.args("doc_sector", 2)
             if catalogue.covers(scope.get(text(d), []), district) and (pilot_zone or text(d) not in pilot)}
    return tuple(sorted(found, key=order.index))


def scoped_districts(kb: Facts) -> list[str]:
    """The districts some district document names in its scope (a municipal one names none)."""
    return sorted({text(where) for _doc, where in kb.args("scope", 2) if text(where) != catalogue.MUNICIPALITY})


def shown(path: Path | str) -> str:
    """A knowledge-base file as messages name it: documents/<doc>/rules.lp, or common files by name."""
    where = Path(path)
    return "/".join(where.parts[-3:]) if where.parent.parent.name == "documents" else where.name


def read(folder: Path) -> KnowledgeBase:
    """Ground and parse the knowledge base whose entry is ``folder/main.lp``, with no applicant."""
    kb = KnowledgeBase(folder=folder)
    entry = folder / "main.lp"
    ground(entry, [], kb)
    statements: list[ast.AST] = []
    ast.parse_files([str(entry)], statements.append)
    kb.rules = [s for s in statements if s.ast_type == ast.ASTType.Rule]
    for name in sorted({s.location.begin.filename for s in statements}):
        path = Path(name)
        kb.files[path] = path.read_text(encoding="utf-8")
    return kb


def head_atoms(name: str, arity: int, kb: KnowledgeBase) -> Iterator[tuple[ast.AST, list[ast.AST]]]:
    """Each rule whose head is name/arity, whatever its body, with the head's arguments."""
    for rule in kb.rules:
        for args in syntax.atoms(rule.head, name, arity):
            yield rule, args


def value(symbol: Symbol) -> int | Fraction | None:
    """A law value as a number: yuan(N) and m(A,B,C,D) as whole yuan, pct(P) and frac(P,Q)
    as exact ratios; None for anything else (years, dates, thresholds, words)."""
    if symbol.type != SymbolType.Function:
        return None
    args = [a.number for a in symbol.arguments if a.type == SymbolType.Number]
    if len(args) != len(symbol.arguments):
        return None
    if symbol.name == "yuan" and len(args) == 1:
        return args[0]
    if symbol.name == "m" and len(args) == 4:
        return ((args[0] * 10_000 + args[1]) * 10_000 + args[2]) * 10_000 + args[3]
    if symbol.name == "pct" and len(args) == 1:
        return Fraction(args[0], 100)
    if symbol.name == "frac" and len(args) == 2 and args[1] != 0:
        return Fraction(args[0], args[1])
    return None


def laws(kb: KnowledgeBase) -> list[tuple[str, str, str | None, Symbol]]:
    """Every law/3,4 fact as (owner, name, tier or None, value)."""
    rows: list[tuple[str, str, str | None, Symbol]] = [
        (text(o), text(n), None, v) for o, n, v in kb.args("law", 3)]
    rows += [(text(o), text(n), text(t), v) for o, n, t, v in kb.args("law", 4)]
    return rows


def law_text(owner: str, name: str, tier: str | None, symbol: Symbol) -> str:
    """A law fact as the knowledge base writes it."""
    middle = f"{name},{tier}" if tier is not None else name
    return f'law("{owner}",{middle},{symbol})'
