"""The flat CSV layout of a population: one row per matter, an applicant's rows joined by `applicant`.

Columns (docs/populations.md): ``applicant`` (required: the key and the applicant's
name), the applicant's fields ``district``, ``pilot_zone``, ``sme``, ``entity_type``,
``independent_legal_person``, ``sectors`` (``;``-separated), ``as_of``, ``horizon``;
and per matter ``kind`` (the list name, e.g. ``projects``), ``id``, ``name``,
``type``, ``also_types`` (``;``-separated), the enum fields (``level``, ``role``, ``sponsor_level``, ``method``),
``flags`` (``;``-separated), ``date``, ``year`` and the money and number fields
named as in kb/vocabulary.yaml.  An empty cell is a field not given.  Cells are only
split and turned into numbers or booleans where they look like one; anything else is
passed on as text, so that the schema refuses it with its usual message.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from functools import cache
from typing import Any

from pycli.errors import InputError
from pycli.input.schema import matter_lists, vocabulary
from pycli.populations.entry import Entry, Keys

APPLICANT_TEXT = ("district", "entity_type", "as_of")
APPLICANT_BOOLEAN = ("pilot_zone", "sme", "independent_legal_person")
#: A number cell: ASCII digits only, nothing around them (``\d`` would take ``１２`` or ``١٢``).
_INTEGER = re.compile(r"-?[0-9]{1,30}", re.ASCII)


@cache
def _matter_columns() -> dict[str, str]:
    """Each matter column and how its cells are read: text, list or integer."""
    columns = {"id": "text", "name": "text", "type": "text", "also_types": "list", "date": "text", "flags": "list",
               "year": "integer"}
    for spec in vocabulary()["kinds"].values():
        columns.update({name: "text" for name in spec["enums"]})
        columns.update({name: "integer" for name in spec["money"] + spec["numbers"]})
    return columns


def columns() -> dict[str, str]:
    """Every column the layout knows, applicant fields first, with how its cells are read."""
    known = {"applicant": "text", "kind": "text", "sectors": "list", "horizon": "integer"}
    known.update({name: "text" for name in APPLICANT_TEXT})
    known.update({name: "boolean" for name in APPLICANT_BOOLEAN})
    known.update(_matter_columns())
    return known


def _cell(text: str, how: str) -> Any:
    value = text.strip()
    if how == "list":
        return [part.strip() for part in value.split(";") if part.strip()]
    if how == "integer":
        # Not stripped: " 500" or "1 000" stays text, refused by the schema as written.
        return int(text) if _INTEGER.fullmatch(text) else text
    if how == "boolean" and value.lower() in ("true", "false"):
        return value.lower() == "true"
    return value


class _Applicant:
    """The rows of one applicant gathered into an applicant mapping."""

    def __init__(self, name: str, row: int, csv_path: str) -> None:
        self.name, self.first_row, self.csv_path = name, row, csv_path
        self.data: dict[str, Any] = {"name": name}
        self.rows: dict[str, int] = {}
        self.problem: str | None = None

    def refuse(self, row: int, field: str, problem: str) -> None:
        if self.problem is None:  # the first problem, in row order, is the one reported
            self.problem = str(InputError(f"{self.csv_path}:{row}", field, problem))

    def add(self, row: int, cells: dict[str, str], known: dict[str, str]) -> None:
        for name in ("district", "pilot_zone", "sme", "entity_type", "independent_legal_person",
                     "sectors", "as_of", "horizon"):
            if cells.get(name, "").strip():
                value = _cell(cells[name], known[name])
                if name in self.data and self.data[name] != value:
                    self.refuse(row, name, f"{value!r} differs from {self.data[name]!r} on row {self.rows[name]}")
                self.data[name], self.rows[name] = value, self.rows.get(name, row)
        matter = {name: _cell(text, known[name]) for name, text in cells.items()
                  if name in _matter_columns() and text.strip()}
        kind = cells.get("kind", "").strip()
        if not kind:
            if matter:
                self.refuse(row, "kind", "missing, but the row gives matter fields")
            return
        if kind not in matter_lists():
            self.refuse(row, "kind", f"expected a list name, one of {', '.join(matter_lists())}, got {kind!r}")
            return
        items = self.data.setdefault(kind, [])
        self.rows[f"{kind}[{len(items)}]"] = row
        items.append(matter)


def read_csv(path: str) -> Iterator[Entry]:
    """The applicants of a CSV file, in the order their first rows appear.

    The whole file is read here, before any record is written, so that a bad header
    stops the run with nothing written (and rows of one applicant may be anywhere).
    """
    known = columns()
    try:
        with open(path, encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle, restval="")  # short rows: the rest is empty
            header = reader.fieldnames or []
            seen: set[str] = set()
            repeated = next((c for c in header if c in seen or seen.add(c)), None)
            if repeated is not None:  # DictReader would keep the last cell of the two, silently
                raise InputError(path, f"column {repeated!r}", "repeated in the header")
            unknown = [c for c in header if c not in known]
            if unknown:
                raise InputError(path, f"column {unknown[0]!r}", f"unknown column (known: {', '.join(known)})")
            if "applicant" not in header:
                raise InputError(path, "column 'applicant'", "missing: it names the applicant of each row")
            applicants: dict[str, _Applicant] = {}
            stray: list[tuple[int, str]] = []
            for cells in reader:
                row = reader.line_num
                if not any((v or "").strip() for v in cells.values() if isinstance(v, str)) and None not in cells:
                    continue  # a row of empty cells, as spreadsheets export them
                name = (cells.get("applicant") or "").strip()
                ragged = "more cells than columns" if None in cells else None
                if not name:
                    stray.append((row, str(InputError(f"{path}:{row}", "" if ragged else "applicant",
                                                      ragged or "missing: every row names its applicant"))))
                    continue
                gathered = applicants.setdefault(name, _Applicant(name, row, path))
                if ragged:
                    gathered.refuse(row, "", ragged)
                    continue
                gathered.add(row, {k: v for k, v in cells.items() if k != "applicant"}, known)
    except UnicodeDecodeError as exc:
        raise InputError(path, "", f"not UTF-8 text (byte {exc.start})") from None
    except csv.Error as exc:
        raise InputError(path, "", f"not a valid CSV file: {exc}") from None
    except OSError as exc:
        raise InputError(path, "", f"cannot be read: {exc.strerror}") from None
    return _entries(path, applicants, stray)


def _entries(path: str, applicants: dict[str, _Applicant], stray: list[tuple[int, str]]) -> Iterator[Entry]:
    """Applicants and stray rows (no applicant) in row order, each with a unique key."""
    keys = Keys()
    ordered: list[tuple[int, Any]] = [(a.first_row, a) for a in applicants.values()] + stray
    ordered.sort(key=lambda pair: pair[0])
    for index, (row, item) in enumerate(ordered):
        if isinstance(item, str):
            yield Entry(index=index, key=keys.claim(None, f"row {row}"), source=f"{path}:{row}", problem=item)
            continue
        locations = tuple((field, f"{path}:{at}") for field, at in item.rows.items())
        yield Entry(index=index, key=keys.claim(item.name, f"row {row}"), source=f"{path}:{row}",
                    data=item.data, problem=item.problem, locations=locations)

