"""``--set PATH=VALUE``: change one field of an applicant by its path, typed by the schema.

PATH names a field as the error messages do: ``district``, ``pilot_zone``, ``as_of``,
``projects[0].rnd_construction_investment``, ``standards[1].level``,
``projects[0].flags``.  VALUE is read as the schema types the field: whole yuan and
numbers as int (``1_000_000`` allowed), ``true``/``false`` for booleans, words,
dates ``YYYY-MM-DD``, and comma-separated words for lists (``flags=a,b``; empty for
none).  Anything that does not read as the type is passed on as text, so that the
schema's own message says what was expected.  After every change the whole applicant
is validated again (pycli.load.validate); a failure names ``--set PATH``.
"""

from __future__ import annotations

import copy
import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from pycli.errors import InputError
from pycli.input.load import Applicant, validate
from pycli.input.parse import MAX_DIGITS
from pycli.input.schema import applicant_schema

_PATH = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*(?:\[[0-9]{1,9}\]|\.[A-Za-z_][A-Za-z0-9_]*)*$")
_STEP = re.compile(r"\[([0-9]+)\]|\.?([A-Za-z_][A-Za-z0-9_]*)")
#: A whole number on the command line: ASCII digits, ``_`` between them allowed.
_INT = re.compile(r"^-?[0-9][0-9_]*$")
#: The most points one sweep axis, and one whole sweep, may have.
MAX_AXIS_POINTS = 1_000
MAX_POINTS = 10_000


@dataclass(frozen=True)
class Override:
    """One ``--set``: the path as given, its parsed steps, and the typed value."""

    path: str
    steps: tuple[str | int, ...]
    value: Any

    @property
    def shown(self) -> str:
        """The override as a person writes it."""
        return f"{self.path}={_show(self.value)}"


def _show(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return ",".join(map(str, value))
    return str(value)


def parse_path(path: str) -> tuple[str | int, ...]:
    """``projects[0].level`` -> ("projects", 0, "level"); refused unless well formed."""
    if not _PATH.match(path):
        shown = path if len(path) <= 80 else path[:80] + "..."
        raise InputError("--set", shown, "expected a field path such as district or projects[0].level")
    return tuple(int(index) if index else name for index, name in _STEP.findall(path))


def field_schema(path: str, steps: tuple[str | int, ...]) -> dict[str, Any]:
    """The JSON Schema of the field a path names."""
    node: dict[str, Any] = applicant_schema()
    for step in steps:
        if isinstance(step, int):
            if node.get("type") != "array":
                raise InputError("--set", path, "an index [N] follows a field that is not a list")
            node = node["items"]
        else:
            properties = node.get("properties")
            if properties is None:
                raise InputError("--set", path, f"{step!r} follows a field that is not a mapping")
            if step not in properties:
                raise InputError("--set", path, f"unknown field {step!r} (allowed here: {', '.join(sorted(properties))})")
            node = properties[step]
    return node


def _integer(text: str, path: str) -> int:
    digits = text.replace("_", "").lstrip("-")
    if len(digits) > MAX_DIGITS:  # more than any field allows; int() of thousands of digits would fail
        raise InputError("--set", path, f"a number of {len(digits):,} digits, more than any field allows")
    return int(text.replace("_", ""))


def typed(text: str, schema: dict[str, Any], path: str = "") -> Any:
    """VALUE read as the schema types the field; text left as it is when it does not read."""
    kind = schema.get("type")
    if kind == "integer":
        return _integer(text, path) if _INT.match(text) else text
    if kind == "boolean":
        return {"true": True, "false": False}.get(text.lower(), text)
    if kind == "array":
        return [part.strip() for part in text.split(",") if part.strip()]
    return text


def parse(pair: str) -> Override:
    """One ``PATH=VALUE``."""
    path, sep, text = pair.partition("=")
    path = path.strip()
    if not sep:
        raise InputError("--set", pair, "expected PATH=VALUE, e.g. district=chaoyang")
    steps = parse_path(path)
    return Override(path=path, steps=steps, value=typed(text.strip(), field_schema(path, steps), path))


def _place(data: dict[str, Any], override: Override) -> None:
    node: Any = data
    for depth, step in enumerate(override.steps[:-1]):
        nxt = override.steps[depth + 1]
        if isinstance(step, int):
            if step >= len(node):
                where = _prefix(override.steps[:depth])
                raise InputError("--set", override.path, f"{where} has {len(node)} entries, no [{step}]")
            node = node[step]
        else:
            if step not in node:
                if isinstance(nxt, int):
                    raise InputError("--set", override.path, f"the file has no {step!r} list")
                node[step] = {}
            node = node[step]
    last = override.steps[-1]
    if isinstance(last, int):
        if last >= len(node):
            raise InputError("--set", override.path,
                             f"{_prefix(override.steps[:-1])} has {len(node)} entries, no [{last}]")
    node[last] = copy.deepcopy(override.value)


def _prefix(steps: tuple[str | int, ...]) -> str:
    text = ""
    for step in steps:
        text += f"[{step}]" if isinstance(step, int) else (f".{step}" if text else step)
    return text


def apply(applicant: Applicant, overrides: list[Override], *, check: bool = True) -> Applicant:
    """A new applicant with the overrides placed and everything validated again.

    ``check=False`` skips the validation: a sweep validates the corners of its range,
    and every field it sweeps is an interval in the schema (whole numbers between a
    minimum and a maximum, or dates), so the points between are valid too.
    """
    if not overrides:
        return applicant
    data = copy.deepcopy(applicant.data)
    for override in overrides:
        _place(data, override)
    if not check:
        return Applicant(source=applicant.source, data=data)
    try:
        return validate(data, applicant.source)
    except InputError as exc:
        raise InputError("--set", _culprit(exc.field, overrides).path, exc.problem, exc.code, exc.params) from None


def _culprit(field: str, overrides: list[Override]) -> Override:
    """The override a validation error is about: the one whose path the error's field
    starts with (the file alone was valid, so one of them caused it), else the last."""
    for override in reversed(overrides):
        if field == override.path or field.startswith(override.path + ".") or field.startswith(override.path + "["):
            return override
    for override in reversed(overrides):
        if override.path.startswith(field) and field:
            return override
    return overrides[-1]


@dataclass(frozen=True)
class Axis:
    """One swept field: its path and the values it takes, in order."""

    path: str
    steps: tuple[str | int, ...]
    values: tuple[Any, ...]

    def override(self, index: int) -> Override:
        """The override of point ``index`` on this axis."""
        return Override(self.path, self.steps, self.values[index])


def parse_axis(pair: str) -> Axis:
    """``PATH=START:STOP:STEP`` over a whole-number field (inclusive), or over a date
    field with STEP in days."""
    path, sep, text = pair.partition("=")
    path = path.strip()
    parts = text.split(":")
    if not sep or len(parts) != 3:
        raise InputError("--set", pair, "expected PATH=START:STOP:STEP, e.g. projects[0].actual_investment=0:10000000:500000")
    steps = parse_path(path)
    schema = field_schema(path, steps)
    start_text, stop_text, step_text = (p.strip().replace("_", "") for p in parts)
    if not (_INT.match(step_text) and not step_text.startswith("-")) or _integer(step_text, path) == 0:
        raise InputError("--set", path, f"expected a whole positive STEP, got {parts[2][:40]!r}")
    step = _integer(step_text, path)
    if schema.get("type") == "integer":
        if not (_INT.match(start_text) and _INT.match(stop_text)):
            raise InputError("--set", path, f"expected whole numbers START:STOP, got {parts[0][:40]!r}:{parts[1][:40]!r}")
        start, stop = _integer(start_text, path), _integer(stop_text, path)
        if stop < start:
            raise InputError("--set", path, f"STOP {stop} is below START {start}")
        count = (stop - start) // step + 1
        _check_count(path, count)
        return Axis(path, steps, tuple(start + i * step for i in range(count)))
    if schema.get("format") == "date":
        try:
            first, last = dt.date.fromisoformat(start_text), dt.date.fromisoformat(stop_text)
        except ValueError:
            raise InputError("--set", path, f"expected real dates YYYY-MM-DD, got {parts[0]!r}:{parts[1]!r}") from None
        if last < first:
            raise InputError("--set", path, f"STOP {last} is before START {first}")
        count = (last - first).days // step + 1
        _check_count(path, count)
        return Axis(path, steps, tuple((first + dt.timedelta(days=i * step)).isoformat() for i in range(count)))
    raise InputError("--set", path, "a sweep needs a whole-number field (money, a number, horizon, a year) or a date")


def _check_count(path: str, count: int) -> None:
    if count > MAX_AXIS_POINTS:
        raise InputError("--set", path, f"{count:,} points, more than the {MAX_AXIS_POINTS:,} one axis may have")
