"""What the knowledge base says about itself: clauses, sources, kinds, caps, assumptions.

Read from the ground facts of a Control (symbols, never text), so it is always the
knowledge base actually loaded, reforms included.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field

import clingo
from clingo import Symbol, SymbolType

from pycli.money import from_symbol


@dataclass
class Clause:
    """One award-granting (or service-granting) sentence of a document."""

    id: str
    document: str
    article: str = ""
    paragraph: str = ""
    text: str = ""
    text_zh: str = ""
    title_zh: str = ""
    kind: str = ""
    groups: list[str] = field(default_factory=list)


@dataclass
class Catalogue:
    """The knowledge base's clauses, documents, cap groups and assumptions."""

    clauses: dict[str, Clause] = field(default_factory=dict)
    #: Document id -> where it applies: the districts it serves, or [MUNICIPALITY].
    documents: dict[str, list[str]] = field(default_factory=dict)
    titles: dict[str, str] = field(default_factory=dict)
    titles_zh: dict[str, str] = field(default_factory=dict)
    cap_scopes: dict[str, str] = field(default_factory=dict)
    caps: dict[str, int] = field(default_factory=dict)
    assumption_defaults: dict[str, str] = field(default_factory=dict)
    assumption_values: dict[str, list[str]] = field(default_factory=dict)


#: The scope word of a document that serves every district of Beijing (kb/common/scope.lp).
MUNICIPALITY = "municipality"


def covers(scope: list[str], district: str) -> bool:
    """Whether a document of this scope serves an applicant registered in ``district``."""
    return district in scope or MUNICIPALITY in scope


@functools.lru_cache(maxsize=1 << 14)  # every result reads the same clause ids, matters and readings
def text(symbol: Symbol) -> str:
    """A symbol as the plain text a person reads (strings unquoted)."""
    return symbol.string if symbol.type == SymbolType.String else str(symbol)


#: The facts of one signature in a grounded Control, as argument lists.
Facts = Callable[[str, int], Iterator[Sequence[Symbol]]]


def facts_of(ctl: clingo.Control) -> Facts:
    """The facts of a one-shot Control."""
    def facts(name: str, arity: int) -> Iterator[Sequence[Symbol]]:
        for atom in ctl.symbolic_atoms.by_signature(name, arity):
            if atom.is_fact:
                yield atom.symbol.arguments
    return facts


def read(ctl: clingo.Control, facts: Facts | None = None) -> Catalogue:
    """The catalogue of a grounded Control (``facts``: one applicant's view of a shared one)."""
    view = facts or facts_of(ctl)
    cat = Catalogue()
    for cid, doc in view("clause", 2):
        cat.clauses[text(cid)] = Clause(id=text(cid), document=text(doc))
    for cid, article, paragraph, sentence in view("source", 4):
        if text(cid) in cat.clauses:
            clause = cat.clauses[text(cid)]
            clause.article, clause.paragraph, clause.text = text(article), text(paragraph), text(sentence)
    for cid, sentence in view("source_zh", 2):
        if text(cid) in cat.clauses:
            cat.clauses[text(cid)].text_zh = text(sentence)
    for cid, kind in view("kind", 2):
        if text(cid) in cat.clauses:
            cat.clauses[text(cid)].kind = text(kind)
    for (doc,) in view("document", 1):
        cat.documents[text(doc)] = []
    for doc, where in view("scope", 2):
        cat.documents.setdefault(text(doc), []).append(text(where))
    for scope in cat.documents.values():
        scope.sort()
    for doc, title in view("title", 2):
        cat.titles[text(doc)] = text(title)
    for key, title in view("title_zh", 2):  # a document's Chinese title, or a clause's
        if text(key) in cat.clauses:
            cat.clauses[text(key)].title_zh = text(title)
        else:
            cat.titles_zh[text(key)] = text(title)
    for group, scope in view("cap_group", 2):
        cat.cap_scopes[text(group)] = text(scope)
    for cid, group in view("in_group", 2):
        if text(cid) in cat.clauses:
            cat.clauses[text(cid)].groups.append(text(group))
    for owner, name, value in view("param", 3):
        if text(name) == "cap" and text(owner) in cat.cap_scopes:
            cat.caps[text(owner)] = from_symbol(value)
    for name, value in view("assumption", 2):
        cat.assumption_defaults[text(name)] = text(value)
    for name, value in view("assumption_value", 2):
        cat.assumption_values.setdefault(text(name), []).append(text(value))
    return cat
