"""The one result model every output format is rendered from.

Built from the solver's chosen model: awards, full cap groups, services and the
assumptions used.  Where a shared cap binds, the group pays its cap; which of its
awards absorbs the trim is a reading the knowledge base states (kb/common/trim.lp,
read through engine/shares.py).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from clingo import Symbol, SymbolType

from pycli import dates
from pycli.engine import shares
from pycli.engine.facts import Settings, evaluation_date, horizon
from pycli.engine.solve import Solution
from pycli.input.load import Applicant
from pycli.kbtools.catalogue import Catalogue, text
from pycli.money import from_symbol
from pycli.ordering import natural

#: Version of the JSON result contract (docs/cli.md).
RESULT_SCHEMA_VERSION = "1.1"


@dataclass
class Award:
    """One award line: a clause supporting a matter in a year."""

    clause: str
    matter: str
    year: int | None
    kind: str
    amount: int
    gross: int
    document: str
    article: str
    paragraph: str
    cap_group: str | None = None


@dataclass
class CapTrim:
    """A shared cap its chosen awards reached: they asked for as much as it pays, or more.

    ``status`` is ``trimmed`` (asked more than the cap, which cut them) or ``full`` (asked
    exactly the cap).  ``binding`` says the full cap also shaped the portfolio: it pushed
    a matter to a lower-paying clause of its family (``pushed``, from cap_pushed/3 of
    kb/common/caps.lp) or its share left an award at 0 (``unpaid``).
    """

    group: str
    scope: str
    year: int | None
    cap: int
    requested: int
    trimmed: int
    status: str = "full"
    binding: bool = False
    pushed: list[dict[str, str]] = field(default_factory=list)
    unpaid: list[dict[str, str]] = field(default_factory=list)


@dataclass
class Eligible:
    """A non-monetary service, or money the law grants without an amount."""

    clause: str
    matter: str
    kind: str


@dataclass
class Result:
    """The optimum for one applicant."""

    applicant: str
    source: str
    district: str
    evaluation_date: str
    horizon: int | None
    total: int
    optimal: bool
    awards: list[Award]
    caps: list[CapTrim]
    services: list[Eligible]
    unquantified: list[Eligible]
    assumptions: list[str]
    notes: list[str]
    tied_optima: int
    timings: dict[str, float] = field(default_factory=dict)
    message: str = ""
    reform: str | None = None
    #: The notes as catalogue codes and parameters, so that any language can say them.
    coded_notes: list[tuple[str, dict[str, str]]] = field(default_factory=list)
    #: Words the applicant file wrote by their Chinese label: (field path, as written, word).
    input_words: list[tuple[str, str, str]] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        """The stable JSON contract (docs/cli.md)."""
        data = asdict(self)
        for private in ("timings", "coded_notes", "input_words"):
            data.pop(private)
        return {"schema_version": RESULT_SCHEMA_VERSION, **data}


#: One solution to make a result of, with its applicant, evaluation settings and source.
Item = tuple[Solution, Applicant, Settings, str]


def of_applicant(solution: Solution, applicant: Applicant, settings: Settings, source: str) -> Result:
    """The result of one applicant's solution under its evaluation settings and reform."""
    return of_applicants([(solution, applicant, settings, source)])[0]


def of_applicants(items: Sequence[Item]) -> list[Result]:
    """The results of several applicants' solutions, the shares of all their full caps
    found in one run of the knowledge base's trim (engine/shares.py)."""
    results = build_many([(solution, {"applicant": applicant.name, "source": source,
                                      "district": applicant.data["district"],
                                      "as_of": evaluation_date(applicant, settings),
                                      "horizon": horizon(applicant, settings)})
                          for solution, applicant, settings, source in items])
    for res, (_solution, applicant, settings, _source) in zip(results, items):
        res.reform = settings.reform_name
        res.input_words = list(applicant.mapped)
    return results


def _group_key(symbol: Symbol) -> tuple[str, int | None]:
    name, scope = symbol.arguments
    return text(name), (scope.number if scope.type == SymbolType.Number else None)


def build(solution: Solution, *, applicant: str, source: str, district: str,
          as_of: dt.date, horizon: int | None) -> Result:
    """The result model of a solution."""
    return build_many([(solution, {"applicant": applicant, "source": source, "district": district,
                                   "as_of": as_of, "horizon": horizon})])[0]


@dataclass
class _Draft:
    """A solution's atoms by name and its award lines before the shares of its full caps."""

    by_name: dict[str, list[Symbol]]
    awards: list[Award]
    #: id(award) -> the group instance that caps it.
    groups: dict[int, Symbol]
    full: set[Symbol]
    group_caps: dict[Symbol, Symbol]
    #: The awards of the full groups, which their caps trim.
    members: list[Award]

    def request(self) -> shares.Request:
        """The awards of the full groups and their caps, for engine/shares.py."""
        return ([(self.groups[id(a)], a.clause, a.matter, a.year or 0, a.gross) for a in self.members],
                {g: self.group_caps[g] for g in self.full if g in self.group_caps})


def _draft(solution: Solution) -> _Draft:
    cat: Catalogue = solution.catalogue
    by_name: dict[str, list[Symbol]] = {}
    for symbol in solution.symbols:
        by_name.setdefault(symbol.name, []).append(symbol)
    group_of = {tuple(text(a) if i < 2 else a.number for i, a in enumerate(s.arguments[:3])): s.arguments[3]
                for s in by_name.get("group_of", [])}
    # A tight group the optimum filled (full/1), or a loose one whose every candidate is
    # chosen and asks exactly the cap (filled/1): both reached their cap.
    full = {s.arguments[0] for s in by_name.get("full", []) + by_name.get("filled", [])}
    awards: list[Award] = []
    groups: dict[int, Symbol] = {}
    for symbol in by_name.get("award", []):
        cid, matter, year, value = symbol.arguments
        clause = cat.clauses[text(cid)]
        amount = from_symbol(value)
        group = group_of.get((text(cid), text(matter), year.number))
        awards.append(Award(
            clause=clause.id, matter=text(matter), year=year.number, kind=clause.kind,
            amount=amount, gross=amount, document=clause.document, article=clause.article,
            paragraph=clause.paragraph, cap_group=_group_key(group)[0] if group is not None else None))
        if group is not None:
            groups[id(awards[-1])] = group
    group_caps = {s.arguments[0]: s.arguments[1] for s in by_name.get("group_cap", [])}
    members = [a for a in awards if groups.get(id(a)) in full]
    return _Draft(by_name, awards, groups, full, group_caps, members)


def build_many(items: Sequence[tuple[Solution, dict[str, Any]]]) -> list[Result]:
    """The result models of several solutions (each with build's keyword arguments)."""
    drafts = [_draft(solution) for solution, _meta in items]
    kept = shares.shares_many([draft.request() for draft in drafts])
    return [_finish(solution, draft, share, **meta) for (solution, meta), draft, share in zip(items, drafts, kept)]


def _finish(solution: Solution, draft: _Draft, kept: shares.Kept, *, applicant: str, source: str, district: str,
            as_of: dt.date, horizon: int | None) -> Result:
    cat: Catalogue = solution.catalogue
    by_name, awards = draft.by_name, draft.awards
    pushed: dict[Symbol, list[dict[str, str]]] = {}
    for s in by_name.get("cap_pushed", []):
        group, cid, matter = s.arguments
        pushed.setdefault(group, []).append({"clause": text(cid), "matter": text(matter)})
    caps = _apply_caps(draft, kept, cat, pushed)
    awards.sort(key=lambda a: (a.document, natural(a.clause), a.matter, a.year or 0))
    services = sorted((Eligible(text(s.arguments[0]), text(s.arguments[1]), "service")
                       for s in by_name.get("service", [])), key=lambda e: (e.clause, e.matter))
    unquantified = sorted((Eligible(text(s.arguments[0]), text(s.arguments[1]), "unquantified")
                           for s in by_name.get("unquantified", [])), key=lambda e: (e.clause, e.matter))
    used = sorted(f"{text(s.arguments[0])}={text(s.arguments[1])}" for s in by_name.get("used", []))
    coded = sorted((_note(s, cat) for s in by_name.get("note", [])), key=lambda n: n[0])
    notes = [english for english, _code, _params in coded]
    result = Result(
        applicant=applicant, source=source, district=district, evaluation_date=as_of.isoformat(),
        horizon=horizon, total=sum(a.amount for a in awards), optimal=solution.optimal,
        awards=awards, caps=caps, services=services, unquantified=unquantified,
        assumptions=used, notes=notes, tied_optima=len(solution.tied), timings=dict(solution.timings),
        coded_notes=[(code, params) for _english, code, params in coded])
    if not solution.optimal:
        result.message = "time limit reached: the best portfolio found is shown, its optimality is not proven"
    return result


def _apply_caps(draft: _Draft, kept: shares.Kept, cat: Catalogue,
                pushed: dict[Symbol, list[dict[str, str]]]) -> list[CapTrim]:
    """Trim the awards of every full group down to its cap, as the knowledge base shares it
    (``kept``), and say what each full cap did."""
    groups, full, members = draft.groups, draft.full, draft.members
    for award in members:
        award.amount = kept[(award.clause, award.matter, award.year or 0)]
    trims: list[CapTrim] = []
    for group in sorted(full, key=str):
        name, year = _group_key(group)
        mine = [a for a in members if groups[id(a)] == group]
        requested = sum(a.gross for a in mine)
        cap = from_symbol(draft.group_caps[group])
        moved = sorted(pushed.get(group, []), key=lambda p: (natural(p["clause"]), p["matter"]))
        unpaid = [{"clause": a.clause, "matter": a.matter} for a in mine if a.amount == 0 and a.gross > 0]
        trims.append(CapTrim(group=name, scope=cat.cap_scopes[name], year=year, cap=cap,
                             requested=requested, trimmed=requested - cap,
                             status="trimmed" if requested > cap else "full",
                             binding=bool(moved or unpaid), pushed=moved, unpaid=unpaid))
    return trims


def _note(symbol: Symbol, cat: Catalogue) -> tuple[str, str, dict[str, str]]:
    """A note in English, and its catalogue code (templates/messages.yaml) and parameters."""
    inner = symbol.arguments[0]
    if inner.name == "open_ended":
        doc = text(inner.arguments[0])
        return (f"{cat.titles.get(doc, doc)} states no end date; treated as in force (undated_in_force)",
                "note_open_ended", {"document": cat.titles.get(doc, doc), "document_zh": cat.titles_zh.get(doc, doc)})
    if inner.name == "window_start":
        matter, first = text(inner.arguments[0]), dates.iso_of_number(inner.arguments[1].number)
        return (f"{matter} has a window: placed at its earliest day, {first} (`policykb plan` chooses its year)",
                "note_window_start", {"matter": matter, "day": first})
    if inner.name == "planned":
        matter, when = text(inner.arguments[0]), dates.iso_of_number(inner.arguments[1].number)
        return (f"{matter} is dated {when}, after the evaluation date: counted as planned",
                "note_planned", {"matter": matter, "day": when})
    if inner.name == "missing_base":
        clause, matter, field_name = (text(a) for a in inner.arguments)
        return (f"{clause} could support {matter}, but its base amount `{field_name}` is not given",
                "note_missing_base", {"clause": clause, "matter": matter, "field": field_name})
    return text(inner), "note_other", {"text": text(inner)}
