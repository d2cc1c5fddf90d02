"""Reforms: named changes to the law's parameters, clauses and families, read from YAML.

A reform file is data, like an applicant file: it becomes ``reform/3,4`` and
``switch_off/1`` facts (kb/common/params.lp), never program text.  The knowledge
base refuses a reform that names an unknown parameter or clause.

    name: Double the Tongzhou standards cap
    description: What if T7 paid up to 2,000,000 a year?
    parameters:
      - {owner: tongzhou_de.a7.year_cap, name: cap, value: {yuan: 2000000}}
      - {owner: tongzhou_de.a6.model_voucher, name: ratio, value: {pct: 40}}
      - {owner: xicheng.a8.standard, name: amount, tier: national, value: {yuan: 1500000}}
      - {owner: tongzhou_de, name: valid_until, value: {date: 2029-04-29}}
      - {owner: tongzhou_pz, name: family, value: {word: tongzhou_pz}}
    switch_off: [xicheng.a9.2.interest]
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from clingo import Function, Number, String, Symbol

from pycli import dates
from pycli.errors import InputError
from pycli.input.load import parse_text
from pycli.input.source import read_text
from pycli.money import MAX_YUAN, to_symbol
from pycli.paths import queries_dir

_WORD = re.compile(r"^[a-z][a-z0-9_]*$")
#: A document, clause or cap-group id: words joined by dots (tongzhou_de.a7.year_cap).
_ID = re.compile(r"^[a-z][a-z0-9_]*(?:\.[a-z0-9_]+)*$")
#: The source the knowledge base's refusal of a reform names (engine/solve.py), until
#: ``placed`` names the file and entry instead.
SOURCE = "reform"
_KEYS = {"name", "description", "parameters", "switch_off"}
_PARAM_KEYS = {"owner", "name", "tier", "value"}


@dataclass
class Reform:
    """A named reform and the facts it adds."""

    name: str
    description: str = ""
    source: str = ""
    facts: list[Symbol] = field(default_factory=list)
    #: Where each owner.name or clause id stands in the file (parameters[0], switch_off[1]).
    places: dict[str, str] = field(default_factory=dict)


def _owner(value: str) -> Symbol:
    """Documents are constants (xicheng); clauses and cap groups are strings (xicheng.a8.standard)."""
    return Function(value) if _WORD.match(value) else String(value)


def _value(raw: Any, source: str, where: str) -> Symbol:
    if not isinstance(raw, dict) or len(raw) != 1:
        raise InputError(source, where, "expected one of {yuan: N}, {pct: P}, {frac: [P, Q]}, "
                                        "{date: YYYY-MM-DD}, {number: N}, {word: w}")
    (kind, value), = raw.items()
    if kind == "yuan":
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_YUAN:
            raise InputError(source, where + ".yuan", f"expected whole yuan >= 0 and <= 10^15, got {value!r}")
        return to_symbol(value)
    if kind == "pct":
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 10_000:
            raise InputError(source, where + ".pct", f"expected a whole percentage 0..10000, got {value!r}")
        return Function("r", [Number(value), Number(100)])
    if kind == "frac":
        ok = isinstance(value, list) and len(value) == 2 and all(
            isinstance(v, int) and not isinstance(v, bool) and 0 <= v <= 10_000 for v in value) and value[1] > 0
        if not ok:
            raise InputError(source, where + ".frac", f"expected [P, Q] with 0 <= P <= 10000 < Q > 0, got {value!r}")
        return Function("r", [Number(value[0]), Number(value[1])])
    if kind == "date":
        try:
            day = dt.date.fromisoformat(str(value))
        except ValueError:
            raise InputError(source, where + ".date", f"expected a real date YYYY-MM-DD, got {value!r}") from None
        return dates.to_symbol(day)
    if kind == "number":
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 1_000_000_000:
            raise InputError(source, where + ".number", f"expected a whole number 0..10^9, got {value!r}")
        return Number(value)
    if kind == "word":
        if not isinstance(value, str) or not _WORD.match(value):
            raise InputError(source, where + ".word", f"expected a lower-case word, got {value!r}")
        return Function(value)
    raise InputError(source, where, f"unknown value kind {kind!r}")


def from_data(data: Any, source: str) -> Reform:
    """Validate parsed reform data and turn it into facts."""
    if not isinstance(data, dict):
        raise InputError(source, "", "expected a mapping with name, parameters and switch_off")
    unknown = sorted(set(data) - _KEYS)
    if unknown:
        raise InputError(source, unknown[0], f"unknown field (allowed: {', '.join(sorted(_KEYS))})")
    if not isinstance(data.get("name"), str) or not data["name"].strip():
        raise InputError(source, "name", "expected the reform's name")
    if not isinstance(data.get("description", ""), str):
        raise InputError(source, "description", "expected text")
    for key in ("parameters", "switch_off"):
        if not isinstance(data.get(key) or [], list):
            raise InputError(source, key, f"expected a list, got {data[key]!r:.80}")
    reform = Reform(name=data["name"], description=data.get("description", ""), source=source)
    for index, entry in enumerate(data.get("parameters") or []):
        where = f"parameters[{index}]"
        if not isinstance(entry, dict) or set(entry) - _PARAM_KEYS or not {"owner", "name", "value"} <= set(entry):
            raise InputError(source, where, "expected {owner, name, [tier], value}")
        if not isinstance(entry["owner"], str) or not _ID.match(entry["owner"]) \
                or not isinstance(entry["name"], str) or not _WORD.match(entry["name"]):
            raise InputError(source, where, "owner is a document, clause or cap-group id; name a parameter word")
        reform.places[f"{entry['owner']}.{entry['name']}"] = where
        owner, name = _owner(entry["owner"]), Function(entry["name"])
        value = _value(entry["value"], source, where + ".value")
        if "tier" in entry:
            if not isinstance(entry["tier"], str) or not _WORD.match(entry["tier"]):
                raise InputError(source, where + ".tier", f"expected a tier word, got {entry['tier']!r}")
            reform.facts.append(Function("reform", [owner, name, Function(entry["tier"]), value]))
        else:
            reform.facts.append(Function("reform", [owner, name, value]))
    for index, clause in enumerate(data.get("switch_off") or []):
        if not isinstance(clause, str) or not _ID.match(clause):
            raise InputError(source, f"switch_off[{index}]", f"expected a clause id, got {clause!r:.80}")
        reform.places[clause] = f"switch_off[{index}]"
        reform.facts.append(Function("switch_off", [String(clause)]))
    return reform


def shipped() -> dict[str, Path]:
    """The reforms shipped with policykb (queries/reforms/*.yaml), by name."""
    return {p.stem: p for p in sorted((queries_dir() / "reforms").glob("*.yaml"))}


def load(path: str) -> Reform:
    """Read one reform file, or a shipped reform by its name (a file of that name wins)."""
    try:
        exists = Path(path).exists()
    except (OSError, ValueError):  # a name too long for the file system, or with a NUL in it
        exists = False
    if not exists and path in shipped():
        path = str(shipped()[path])
    elif not exists:
        raise InputError(path[:200], "", f"no such file, nor a shipped reform ({', '.join(shipped())})")
    source, text = read_text(path)  # a regular file, UTF-8, no NUL, within the size limit
    return from_data(parse_text(source, text), source)


def placed(exc: InputError, *paths: str | None) -> InputError:
    """The knowledge base's refusal of a reform, naming the file and entry of the reform
    among ``paths`` (--reform, --baseline-reform) that holds the name refused."""
    if exc.source != SOURCE:
        return exc
    for path in filter(None, paths):
        try:
            chosen = load(path)
        except InputError:
            continue
        where = chosen.places.get(exc.field)
        if where:
            return InputError(chosen.source, f"{where} ({exc.field})", exc.problem, exc.code, exc.params)
    return exc
