"""The knowledge base as the integrity checks read it: ground facts, parsed rules, file texts.

``policykb check`` and ``policykb coverage`` look at the knowledge base itself, not at an
applicant, so they ground ``main.lp`` alone (its facts: clauses, sources, laws) and parse
it with clingo's own parser (its rules, with the #include lines resolved).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path

import clingo
from clingo import Symbol, SymbolType, ast

from pycli.kbtools.catalogue import text


@dataclass
class KnowledgeBase:
    """One knowledge-base folder: its ground facts, its rule statements and its files."""

    folder: Path
    facts: dict[tuple[str, int], list[tuple[Symbol, ...]]] = field(default_factory=lambda: defaultdict(list))
    rules: list[ast.AST] = field(default_factory=list)
    files: dict[Path, str] = field(default_factory=dict)

    def args(self, name: str, arity: int) -> list[tuple[Symbol, ...]]:
        """The arguments of every fact name/arity."""
        return self.facts.get((name, arity), [])

    def by_first(self, name: str, arity: int) -> dict[str, list[tuple[Symbol, ...]]]:
        """The facts name/arity grouped by the text of their first argument."""
        grouped: dict[str, list[tuple[Symbol, ...]]] = defaultdict(list)
        for args in self.args(name, arity):
            grouped[text(args[0])].append(args[1:])
        return grouped

    def clauses(self) -> dict[str, str]:
        """Clause id -> document id."""
        return {text(c): text(d) for c, d in self.args("clause", 2)}

    def document_files(self) -> dict[Path, str]:
        """The rule files of kb/documents/<doc>/ that main.lp includes, with their text."""
        return {path: body for path, body in self.files.items() if path.parent.parent.name == "documents"}


def shown(path: Path | str) -> str:
    """A knowledge-base file as messages name it: documents/<doc>/rules.lp, or common files by name."""
    where = Path(path)
    return "/".join(where.parts[-3:]) if where.parent.parent.name == "documents" else where.name


def read(folder: Path) -> KnowledgeBase:
    """Ground and parse the knowledge base whose entry is ``folder/main.lp``."""
    kb = KnowledgeBase(folder=folder)
    entry = folder / "main.lp"
    ctl = clingo.Control(logger=lambda _code, _msg: None)
    ctl.load(str(entry))
    ctl.ground([("base", [])])
    for atom in ctl.symbolic_atoms:
        if atom.is_fact:
            kb.facts[(atom.symbol.name, len(atom.symbol.arguments))].append(tuple(atom.symbol.arguments))
    statements: list[ast.AST] = []
    ast.parse_files([str(entry)], statements.append)
    kb.rules = [s for s in statements if s.ast_type == ast.ASTType.Rule]
    for name in sorted({s.location.begin.filename for s in statements}):
        path = Path(name)
        kb.files[path] = path.read_text(encoding="utf-8")
    return kb


def walk(node: ast.AST) -> Iterator[ast.AST]:
    """Every node under ``node``, itself included."""
    yield node
    for key in node.child_keys:
        child = getattr(node, key)
        if isinstance(child, ast.AST):
            yield from walk(child)
        elif child is not None and not isinstance(child, (str, int)):
            for item in child:
                if isinstance(item, ast.AST):
                    yield from walk(item)


def constant(node: ast.AST) -> str | None:
    """The text of a string or constant term (``"x"`` or ``x``), else None."""
    if node.ast_type == ast.ASTType.SymbolicTerm:
        symbol = node.symbol
        if symbol.type == SymbolType.String:
            return symbol.string
        if symbol.type == SymbolType.Function and not symbol.arguments:
            return symbol.name
    if node.ast_type == ast.ASTType.Function and not node.arguments:
        return node.name
    return None


def atoms(node: ast.AST, name: str, arity: int) -> Iterator[list[ast.AST]]:
    """The argument lists of every name/arity atom or term under ``node``."""
    for sub in walk(node):
        if sub.ast_type == ast.ASTType.Function and sub.name == name and len(sub.arguments) == arity:
            yield list(sub.arguments)


def head_atoms(name: str, arity: int, kb: KnowledgeBase) -> Iterator[tuple[ast.AST, list[ast.AST]]]:
    """Each rule whose head is name/arity, whatever its body, with the head's arguments."""
    for rule in kb.rules:
        for args in atoms(rule.head, name, arity):
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
