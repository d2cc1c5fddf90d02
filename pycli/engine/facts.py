"""An applicant as clingo symbols: the facts the knowledge base reasons about.

Applicant text only ever becomes String symbols or, for words checked against
kb/vocabulary.yaml, constants; nothing is pasted into program text.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from clingo import Function, Number, String, Symbol

from pycli import dates
from pycli.input.load import Applicant
from pycli.input.schema import matter_lists, vocabulary
from pycli.money import to_symbol

APPLICANT_FIELDS = ("district", "pilot_zone", "entity_type", "independent_legal_person", "sme")


@dataclass
class Settings:
    """What the command line adds to the file: evaluation date, horizon, assumptions, reform."""

    as_of: dt.date | None = None
    horizon: int | None = None
    assumptions: dict[str, str | int] = field(default_factory=dict)
    reform: list[Symbol] = field(default_factory=list)
    reform_name: str | None = None
    #: A plan's span (first day, last day): flexible matters become plan_* facts whose
    #: year the optimiser chooses (kb/common/plan.lp); None outside `policykb plan`.
    plan_span: tuple[dt.date, dt.date] | None = None


def _word(value: Any) -> Symbol:
    if isinstance(value, bool):
        return Function("true" if value else "false")
    return Function(str(value))


def evaluation_date(applicant: Applicant, settings: Settings) -> dt.date:
    """The command line's date, else the file's, else today (interpretation 7)."""
    if settings.as_of is not None:
        return settings.as_of
    if "as_of" in applicant.data:
        return dt.date.fromisoformat(applicant.data["as_of"])
    return dt.date.today()


def settings_facts(settings: Settings, as_of: dt.date | None = None) -> list[Symbol]:
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


def horizon(applicant: Applicant, settings: Settings) -> int | None:
    """The command line's horizon, else the file's, else none (the whole entitlement)."""
    return settings.horizon if settings.horizon is not None else applicant.data.get("horizon")


def _matter_facts(kind: str, item: dict[str, Any], spec: dict[str, Any], planned: bool = False) -> Iterable[Symbol]:
    if planned:  # a flexible matter in a plan: its year is chosen, its facts are plan_* (plan.lp)
        for symbol in _matter_facts(kind, item, spec):
            if symbol.name == "window":
                yield symbol
            elif symbol.name != "date":  # the window's first day stands for no fixed date here
                yield Function(f"plan_{symbol.name}", symbol.arguments)
        return
    mid = String(item["id"])
    yield Function("matter", [mid, Function(kind)])
    if "type" in item:
        yield Function("attr", [mid, Function("type"), _word(item["type"])])
    for also in item.get("also_types", []):
        yield Function("attr", [mid, Function("type"), _word(also)])
    for name in spec["enums"]:
        if name in item:
            yield Function("attr", [mid, Function(name), _word(item[name])])
    for flag in item.get("flags", []):
        yield Function("flag", [mid, _word(flag)])
    for name in spec["money"]:
        if name in item:
            yield Function("money", [mid, Function(name), to_symbol(item[name])])
    for name in spec["numbers"]:
        if name in item:
            yield Function("number", [mid, Function(name), Number(item[name])])
    if "window" in item:
        first = dates.to_symbol(dt.date.fromisoformat(item["window"]["from"]))
        yield Function("window", [mid, first, dates.to_symbol(dt.date.fromisoformat(item["window"]["to"]))])
        # Outside a plan a flexible matter is placed at the earliest day of its window.
        yield Function("date", [mid, first])
    elif "date" in item:
        yield Function("date", [mid, dates.to_symbol(dt.date.fromisoformat(item["date"]))])
    elif "year" in item:
        yield Function("year_of", [mid, Number(item["year"])])


def _earlier_facts(index: int, record: dict[str, Any]) -> Symbol:
    """Record ``index`` of earlier support; the index keeps identical records apart."""
    # A record with neither date nor year says `undated`: which year that means is a
    # reading of the law (kb/common/defaults.lp, undated_earlier_year).
    if "date" in record:
        year: Symbol = Number(dt.date.fromisoformat(record["date"]).year)
    elif "year" in record:
        year = Number(record["year"])
    else:
        year = Function("undated")
    amount = to_symbol(record["amount"])
    clause = String(record["clause"])
    if "matter" in record:
        return Function("earlier", [Number(index), String(record["matter"]), clause, amount, year])
    return Function("earlier_any", [Number(index), clause, amount, year])


def build(applicant: Applicant, settings: Settings | None = None) -> list[Symbol]:
    """Every fact of the applicant, the evaluation settings and the reform."""
    return _build(applicant, settings, None)


def build_traced(applicant: Applicant, settings: Settings | None = None) -> tuple[list[Symbol], dict[Symbol, str]]:
    """The facts, and for each fact the field path of the file it comes from."""
    origins: dict[Symbol, str] = {}
    return _build(applicant, settings, origins), origins


def _build(applicant: Applicant, settings: Settings | None, origins: dict[Symbol, str] | None) -> list[Symbol]:
    # The field paths are read back from the symbols, which costs more than making them:
    # only explanations ask for them (origins given).
    settings = settings or Settings()
    data = applicant.data
    facts: list[Symbol] = []

    def add(symbol: Symbol, path: str) -> None:
        facts.append(symbol)
        if origins is not None:
            origins.setdefault(symbol, path)

    for name in APPLICANT_FIELDS:
        if name in data:
            add(Function("applicant", [Function(name), _word(data[name])]), name)
    for index, sector in enumerate(data["sectors"]):
        add(Function("sector", [_word(sector)]), f"sectors[{index}]")
    day = evaluation_date(applicant, settings)
    add(Function("as_of", [dates.to_symbol(day)]), "as_of")
    years = horizon(applicant, settings)
    if years is not None:
        add(Function("horizon", [Number(years)]), "horizon")
    kinds = vocabulary()["kinds"]
    planning = settings.plan_span is not None
    flexible: set[str] = set()
    if settings.plan_span is not None:
        add(Function("plan_span", [dates.to_symbol(d) for d in settings.plan_span]), "--from/--until")
    for list_name, kind in matter_lists().items():
        for index, item in enumerate(data.get(list_name, [])):
            planned = planning and "window" in item
            if planned:
                flexible.add(item["id"])
            for symbol in _matter_facts(kind, item, kinds[kind], planned):
                add(symbol, _field_path(f"{list_name}[{index}]", symbol, item) if origins is not None else "")
    for first, second in _neighbours(data, flexible):
        add(Function("plan_next", [String(first), String(second)]), "--from/--until")
    for index, record in enumerate(data.get("earlier_support", [])):
        symbol = _earlier_facts(index, record)
        if record.get("matter") in flexible:
            symbol = Function("plan_earlier", symbol.arguments)
        add(symbol, f"earlier_support[{index}]")
    for name, value in sorted(settings.assumptions.items()):
        val = Number(value) if isinstance(value, int) else Function(value)
        add(Function("assume_set", [Function(name), val]), f"--assume {name}")
    for symbol in settings.reform:
        add(symbol, "reform")
    return facts


def _neighbours(data: dict[str, Any], flexible: set[str]) -> list[tuple[str, str]]:
    """Consecutive flexible matters in an order where equal ones (but for id and name) are neighbours.

    Only a hint: kb/common/plan.lp checks that a pair is equal before it orders their years.
    """
    def fields(item: dict[str, Any]) -> str:
        return json.dumps({k: v for k, v in item.items() if k not in ("id", "name")}, sort_keys=True)

    keyed = sorted((list_name, fields(item), item["id"]) for list_name in matter_lists()
                   for item in data.get(list_name, []) if item["id"] in flexible)
    return [(a[2], b[2]) for a, b in zip(keyed, keyed[1:]) if a[:2] == b[:2]]


def _field_path(prefix: str, symbol: Symbol, item: dict[str, Any]) -> str:
    """The path of the field a matter fact states, e.g. projects[2].flags[1]."""
    if symbol.name.startswith("plan_"):
        symbol = Function(symbol.name[len("plan_"):], symbol.arguments)
    if symbol.name in ("attr", "money", "number"):
        return f"{prefix}.{symbol.arguments[1].name}"
    if symbol.name == "flag":
        return f"{prefix}.flags[{item.get('flags', []).index(symbol.arguments[1].name)}]"
    if symbol.name == "date":
        return f"{prefix}.date"
    if symbol.name == "window":
        return f"{prefix}.window"
    if symbol.name == "year_of":
        return f"{prefix}.year"
    return prefix


def as_text(facts: list[Symbol]) -> str:
    """The facts as a clingo file; clingo's own printer escapes every string."""
    return "".join(f"{symbol}.\n" for symbol in facts)
