"""``policykb clauses``: every clause of the knowledge base with its numbers and provenance.

Read from the grounded knowledge base (kbread.read_law: catalogue.read plus the param/3,4,
amount_form, payment, cap_group, in_group and family facts), under the reform and
readings given, never from the .lp text.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from typing import Any

from clingo import Symbol, SymbolType

from pycli import dates
from pycli.kbtools.catalogue import covers, text
from pycli.kbtools.kbread import Facts
from pycli.money import from_symbol
from pycli.ordering import natural


@dataclass
class Tiered:
    """A value of the law, for one tier (``base`` where the clause has no tiers)."""

    tier: str
    value: Any
    shown: str


@dataclass
class SharedCap:
    """A shared cap group over the clause."""

    group: str
    scope: str
    cap: int


@dataclass
class ClauseEntry:
    """One clause as a researcher looks it up."""

    id: str
    document: str
    title: str
    district: str
    article: str
    paragraph: str
    sentence: str
    sentence_zh: str
    kind: str
    form: str
    base_field: str | None
    payment: str
    years: int | None
    amounts: list[Tiered] = field(default_factory=list)
    ratios: list[Tiered] = field(default_factory=list)
    project_caps: list[Tiered] = field(default_factory=list)
    shared_caps: list[SharedCap] = field(default_factory=list)
    family: str | None = None
    issued: str | None = None
    valid_until: str | None = None
    in_force: bool = False
    #: The document's and the clause's Chinese titles (title_zh/2).
    title_zh: str = ""
    clause_title_zh: str = ""


@dataclass
class Listing:
    """The clauses chosen, and the settings they were read under."""

    evaluation_date: str
    reform: str | None
    district: str | None
    search: str | None
    clauses: list[ClauseEntry]

    def to_json(self) -> dict[str, Any]:
        return {"schema_version": "1.0", "command": "clauses", **asdict(self)}


def _value(symbol: Symbol) -> tuple[Any, str]:
    if symbol.type == SymbolType.Function and symbol.name == "m":
        amount = from_symbol(symbol)
        return amount, f"{amount:,}"
    if symbol.type == SymbolType.Function and symbol.name == "r":
        p, q = (a.number for a in symbol.arguments)
        shown = f"{p}%" if q == 100 else f"{p}:{q}"
        return shown, shown
    return text(symbol), text(symbol)


def build(kb: Facts, *, evaluation_date: dt.date, reform: str | None = None,
          district: str | None = None, search: str | None = None) -> Listing:
    """The clauses of the knowledge base, filtered by district and by text."""
    cat = kb.catalogue
    params: dict[tuple[str, str], list[tuple[str, Symbol]]] = {}
    for owner, name, value in kb.args("param", 3):
        params.setdefault((text(owner), text(name)), []).append(("base", value))
    for owner, name, tier, value in kb.args("param", 4):
        params.setdefault((text(owner), text(name)), []).append((text(tier), value))
    single = {(text(c), n): text(v) for n in ("amount_form", "payment", "family") for c, v in kb.args(n, 2)}
    forms = {text(c): f for c, f in kb.args("amount_form", 2)}
    in_force = {text(d) for (d,) in kb.args("in_force", 1)}
    groups: dict[str, list[SharedCap]] = {}
    for clause, group in kb.args("in_group", 2):
        name = text(group)
        groups.setdefault(text(clause), []).append(SharedCap(name, cat.cap_scopes.get(name, ""), cat.caps.get(name, 0)))

    def tiered(owner: str, name: str) -> list[Tiered]:
        return sorted((Tiered(t, *_value(v)) for t, v in params.get((owner, name), [])), key=lambda x: x.tier)

    def dated(owner: str, name: str) -> str | None:
        values = params.get((owner, name), [])
        return dates.iso_of_number(values[0][1].number) if values else None

    entries = []
    for cid, clause in cat.clauses.items():
        doc = clause.document
        form = forms.get(cid)
        base = text(form.arguments[0]) if form is not None and form.arguments else None
        years = params.get((cid, "years"), [])
        entries.append(ClauseEntry(
            id=cid, document=doc, title=cat.titles.get(doc, doc), district=", ".join(cat.documents.get(doc, [])),
            title_zh=cat.titles_zh.get(doc, ""), clause_title_zh=clause.title_zh,
            article=clause.article, paragraph=clause.paragraph, sentence=clause.text, sentence_zh=clause.text_zh,
            kind=clause.kind, form=form.name if form is not None else "none", base_field=base,
            payment=single.get((cid, "payment"), "none"), years=years[0][1].number if years else None,
            amounts=tiered(cid, "amount"), ratios=tiered(cid, "ratio"), project_caps=tiered(cid, "cap"),
            shared_caps=sorted(groups.get(cid, []), key=lambda g: g.group), family=single.get((cid, "family")),
            issued=dated(doc, "issued"), valid_until=dated(doc, "valid_until"), in_force=doc in in_force))
    wanted = search.casefold() if search else None
    chosen = [e for e in entries
              if (district is None or covers(cat.documents.get(e.document, []), district))
              and (wanted is None or any(wanted in s.casefold() for s in (e.id, e.title, e.sentence, e.sentence_zh,
                                                                                   e.title_zh, e.clause_title_zh)))]
    chosen.sort(key=lambda e: (e.document, natural(e.id)))
    return Listing(evaluation_date=evaluation_date.isoformat(), reform=reform, district=district,
                   search=search, clauses=chosen)
