"""Saved research queries (queries/*.lp) and saved what-if scenarios (queries/scenarios/*.yaml).

A query is an ASP program file run with the knowledge base.  Its ``%`` header says
what it asks::

    % title: Every per-year cap
    % description: Each cap group that limits the awards of one calendar year, ...
    % columns: group, cap, clause
    % parameters:
    %   kind = filing: a kind of matter (kb/vocabulary.yaml kinds)
    % file: none | optional | required

It reads knowledge-base facts and shows ``answer/N`` atoms, one per row, N the
number of columns (and ``invalid(Parameter)`` to refuse a parameter value).  Python
only brings data in as symbols, ``query_param(Name, Value)`` for each parameter and
the vocabulary as ``vocabulary_*`` facts, the kind of matter each clause reads as
``reads_kind/2``, and reads the answer atoms back.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import clingo
from clingo import Function, Number, String, Symbol, SymbolType

from pycli.engine import facts as facts_mod
from pycli.engine import solve
from pycli.errors import InputError
from pycli.explanation import instrument
from pycli.input.load import Applicant, parse_text
from pycli.input.schema import vocabulary
from pycli.kbtools.catalogue import text
from pycli.money import from_symbol
from pycli.ordering import natural
from pycli.paths import examples_dir, queries_dir
from pycli.reports.render import yuan

_WORD = re.compile(r"^[a-z][a-z0-9_]*$")
_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
_HEADER = re.compile(r"^%\s?(title|title_zh|description|columns|parameters|file):\s*(.*)$")
_PARAMETER = re.compile(r"^%\s+([a-z][a-z0-9_]*)\s*=\s*([^:]*?)\s*:\s*(.*)$")
SCENARIO_KEYS = {"title", "title_zh", "description", "file", "sets", "reform", "baseline_reform"}


@dataclass
class Parameter:
    """A parameter of a query, its default and what it means."""

    name: str
    default: str
    meaning: str


@dataclass
class Query:
    """A saved query program and its header."""

    name: str
    path: Path
    title: str = ""
    description: str = ""
    columns: list[str] = field(default_factory=list)
    #: The title in Chinese (header ``% title_zh:``), for ``--lang zh``.
    title_zh: str = ""
    parameters: list[Parameter] = field(default_factory=list)
    file: str = "none"


@dataclass
class Scenario:
    """A saved what-if: an applicant file, the changes, and the reforms of each side."""

    name: str
    path: Path
    title: str
    description: str
    file: str
    sets: list[str]
    reform: str | None
    baseline_reform: str | None
    title_zh: str = ""


def _header(name: str, path: Path) -> Query:
    query = Query(name=name, path=path)
    current = ""
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.startswith("%"):
            break
        match = _HEADER.match(line)
        if match:
            current, value = match.groups()
            if current in ("title", "title_zh", "description"):
                setattr(query, current, value.strip())
            elif current == "columns":
                query.columns = [c.strip() for c in value.split(",") if c.strip()]
            elif current == "file":
                query.file = value.strip()
            continue
        parameter = _PARAMETER.match(line)
        if current == "parameters" and parameter:
            query.parameters.append(Parameter(*parameter.groups()))
        elif current == "description" and line[1:].strip():
            query.description += " " + line[1:].strip()
    return query


def saved_queries() -> dict[str, Query]:
    """Every queries/*.lp by name (the file name without .lp)."""
    return {p.stem: _header(p.stem, p) for p in sorted(queries_dir().glob("*.lp"))}


def _resolve(value: Any, path: Path, key: str) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip():
        raise InputError(str(path), key, "expected a file path")
    target = Path(value)
    if target.is_absolute():
        return str(target)
    # "examples/…" and "queries/…" name shipped data wherever the package is installed.
    shipped = {"examples": examples_dir(), "queries": queries_dir()}
    head = target.parts[0] if target.parts else ""
    rooted = shipped[head].joinpath(*target.parts[1:]) if head in shipped else queries_dir().parent / target
    # Shown as written when that names the same file from here (the usual case: run
    # from the project root), so that outputs do not depend on the machine's paths.
    if target.exists() and target.resolve() == rooted.resolve():
        return value
    return str(rooted)


def scenario(name: str, path: Path) -> Scenario:
    """Read one queries/scenarios/*.yaml; paths in it are relative to the project root."""
    data = parse_text(str(path), path.read_text(encoding="utf-8"))
    if not isinstance(data, dict):
        raise InputError(str(path), "", "expected a mapping with title, file, sets and reform")
    unknown = sorted(set(data) - SCENARIO_KEYS)
    if unknown:
        raise InputError(str(path), unknown[0], f"unknown field (allowed: {', '.join(sorted(SCENARIO_KEYS))})")
    sets = data.get("sets") or []
    if not isinstance(sets, list) or not all(isinstance(s, str) for s in sets):
        raise InputError(str(path), "sets", "expected a list of PATH=VALUE")
    return Scenario(name=name, path=path, title=str(data.get("title", "")),
                    description=str(data.get("description", "")).strip(),
                    file=_resolve(data.get("file"), path, "file") or "", sets=sets,
                    reform=_resolve(data.get("reform"), path, "reform"),
                    baseline_reform=_resolve(data.get("baseline_reform"), path, "baseline_reform"),
                    title_zh=str(data.get("title_zh", "")))


def saved_scenarios() -> dict[str, Scenario]:
    """Every queries/scenarios/*.yaml by name."""
    return {p.stem: scenario(p.stem, p) for p in sorted((queries_dir() / "scenarios").glob("*.yaml"))}


def parameter_symbol(value: str) -> Symbol:
    """A parameter value as data: a number, a lower-case word (a constant), else a string."""
    if value.isdigit():
        return Number(int(value))
    return Function(value) if _WORD.match(value) else String(value)


def parse_parameters(query: Query, pairs: tuple[str, ...]) -> dict[str, str]:
    """--param k=v over the query's defaults; unknown names refused."""
    chosen = {p.name: p.default for p in query.parameters}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or name not in chosen:
            known = ", ".join(chosen) or "none"
            raise InputError("--param", pair, f"expected NAME=VALUE with a parameter of {query.name} (known: {known})")
        chosen[name] = value.strip()
    return chosen


def vocabulary_facts() -> list[Symbol]:
    """kb/vocabulary.yaml as facts, for queries that build probe matters."""
    vocab = vocabulary()
    symbols = [Function("vocabulary_district", [Function(d)]) for d in vocab["districts"]]
    symbols += [Function("vocabulary_sector", [Function(s)]) for s in vocab["sectors"]]
    for kind, spec in vocab["kinds"].items():
        k = Function(kind)
        symbols.append(Function("vocabulary_kind", [k]))
        symbols += [Function("vocabulary_type", [k, Function(t)]) for t in spec["types"]]
        symbols += [Function("vocabulary_flag", [k, Function(f)]) for f in spec["flags"]]
        symbols += [Function("vocabulary_enum", [k, Function(e), Function(v)])
                    for e, values in spec["enums"].items() for v in values]
        symbols += [Function("vocabulary_money", [k, Function(m)]) for m in spec["money"]]
        symbols += [Function("vocabulary_number", [k, Function(n)]) for n in spec["numbers"]]
    return symbols


@dataclass
class Cell:
    """One answer value: as JSON (money as whole yuan) and as text."""

    value: Any
    text: str


def reads_kind_facts() -> list[Symbol]:
    """``reads_kind(Clause, Kind)``: the kind of matter each clause's qualifying rules read,
    from their syntax trees (explanation/instrument.py), for queries about the matters
    a clause reads but does not support."""
    pairs = {(q.clause, q.kind) for q in instrument.instrumentation().qualifying.values()}
    return [Function("reads_kind", [String(c), Function(k)]) for c, k in sorted(pairs)]


def cell(symbol: Symbol) -> Cell:
    """A term of an answer as a person reads it: money in yuan, ratios, dates, text."""
    if symbol.type == SymbolType.Function and symbol.name == "m" and len(symbol.arguments) == 4:
        amount = from_symbol(symbol)
        return Cell(amount, yuan(amount))
    if symbol.type == SymbolType.Function and symbol.name == "r" and len(symbol.arguments) == 2:
        p, q = (a.number for a in symbol.arguments)
        shown = f"{p}%" if q == 100 else f"{p}:{q}"
        return Cell(shown, shown)
    if symbol.type == SymbolType.Function and symbol.name == "date" and len(symbol.arguments) == 3:
        y, m, d = (a.number for a in symbol.arguments)
        shown = f"{y:04d}-{m:02d}-{d:02d}"
        return Cell(shown, shown)
    if symbol.type == SymbolType.Number:
        return Cell(symbol.number, str(symbol.number))
    if symbol.type == SymbolType.Function and symbol.name == "none" and not symbol.arguments:
        return Cell(None, "-")
    return Cell(text(symbol), text(symbol))


@dataclass
class Answer:
    """A query's answer: its rows under its columns."""

    name: str
    title: str
    description: str
    columns: list[str]
    parameters: dict[str, str]
    source: str | None
    reform: str | None
    rows: list[list[Cell]]

    def to_json(self) -> dict[str, Any]:
        return {"schema_version": "1.0", "command": "query", "query": self.name, "title": self.title,
                "parameters": self.parameters, "source": self.source, "reform": self.reform,
                "columns": self.columns,
                "rows": [{c: x.value for c, x in zip(self.columns, row)} for row in self.rows]}


def run(query: Query, parameters: dict[str, str], settings: facts_mod.Settings,
        applicant: Applicant | None = None, time_limit: float | None = None) -> Answer:
    """Run a query program with the knowledge base, the settings and, if given, an applicant."""
    if query.file == "required" and applicant is None:
        raise InputError("query", query.name, "needs an applicant FILE")
    if query.file == "none" and applicant is not None:
        raise InputError("query", query.name, "asks about the knowledge base only; give no FILE")
    symbols = facts_mod.build(applicant, settings) if applicant else facts_mod.settings_facts(settings)
    symbols += vocabulary_facts()
    symbols += [Function("query_param", [Function(k), parameter_symbol(v)]) for k, v in parameters.items()]
    symbols += reads_kind_facts()
    source = applicant.source if applicant else f"query {query.name}"

    def load_query(ctl: clingo.Control) -> None:
        ctl.load(str(query.path))

    solution = solve.solve(symbols, time_limit=time_limit, source=source, prepare=load_query)
    invalid = sorted(text(s.arguments[0]) for s in solution.symbols if s.name == "invalid" and len(s.arguments) == 1)
    if invalid:
        raise InputError("--param", f"{invalid[0]}={parameters.get(invalid[0], '')}",
                         f"not a value query {query.name} knows")
    width = len(query.columns)
    answers = sorted((s for s in solution.symbols if s.name == "answer" and len(s.arguments) == width),
                     key=lambda s: [_sort_key(a) for a in s.arguments])
    return Answer(name=query.name, title=query.title, description=query.description, columns=query.columns,
                  parameters=parameters, source=applicant.source if applicant else None,
                  reform=settings.reform_name, rows=[[cell(a) for a in s.arguments] for s in answers])


def _sort_key(symbol: Symbol) -> tuple[int, Any]:
    """Rows in a person's order: text alphabetically, numbers and money by size."""
    shown = cell(symbol).value
    if isinstance(shown, int):
        return (0, shown)
    return (1, natural("" if shown is None else str(shown)))
