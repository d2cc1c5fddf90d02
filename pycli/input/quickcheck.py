"""A quick "valid" for applicant data: the schema's keywords compiled once into closures.

Importing jsonschema costs about 50 ms of every command (docs/performance.md), and a
valid file, the common case, needs no message.  ``compile_schema`` turns the subset of
JSON Schema 2020-12 that the generated applicant schema uses into a predicate that is at
least as strict as jsonschema with load.py's type checker: whatever it accepts, jsonschema
accepts.  A refusal only means "ask jsonschema": jsonschema then says what is wrong (and
if it finds nothing, the data is valid; a stricter quick check costs time, never a
verdict).  A schema using any keyword outside the subset compiles to None, and every
file then goes to jsonschema.  tests/test_quickcheck.py checks the one-way promise on
generated data.
"""

from __future__ import annotations

import datetime as dt
import numbers
import re
from collections.abc import Callable
from typing import Any

from pycli.input.problems import FloatValue

Check = Callable[[Any], bool]

#: Keywords that annotate and never refuse.
_ANNOTATIONS = frozenset({"$schema", "$id", "$comment", "title", "description", "default", "examples"})
#: The values an enum may list for the quick check to compare them by type and value
#: (jsonschema compares lists and mappings structurally, with booleans apart from numbers).
_SCALARS = (str, int, bool, type(None))
#: jsonschema's own pattern for a date, before date.fromisoformat.
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$", re.ASCII)


class Unsupported(Exception):
    """The schema uses a keyword or value the quick check does not compile."""


def _is_number(value: Any) -> bool:
    return isinstance(value, numbers.Number) and not isinstance(value, bool)


_TYPES: dict[str, Check] = {
    # As load.py's type checker: booleans are not integers, a fraction kept as text is no text.
    "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
    "string": lambda v: isinstance(v, str) and not isinstance(v, FloatValue),
    "object": lambda v: isinstance(v, dict),
    "array": lambda v: isinstance(v, list),
    "boolean": lambda v: isinstance(v, bool),
    "number": _is_number,
    "null": lambda v: v is None,
}


def _type(value: Any, _schema: dict[str, Any]) -> Check:
    names = [value] if isinstance(value, str) else value
    if not isinstance(names, list) or not names or any(name not in _TYPES for name in names):
        raise Unsupported(f"type {value!r}")
    tests = tuple(_TYPES[name] for name in names)
    return lambda v: any(test(v) for test in tests)


def _enum(value: Any, _schema: dict[str, Any]) -> Check:
    if not isinstance(value, list) or any(type(e) not in _SCALARS for e in value):
        raise Unsupported("enum of non-scalar values")
    allowed = frozenset((type(e), e) for e in value)
    # Same type and same value: stricter than jsonschema's equality, never looser.
    return lambda v: type(v) in _SCALARS and (type(v), v) in allowed


def _date(v: Any) -> bool:
    if not isinstance(v, str):
        return True
    if not _DATE.fullmatch(v):
        return False
    try:
        dt.date.fromisoformat(v)
    except ValueError:
        return False
    return True


def _format(value: Any, _schema: dict[str, Any]) -> Check:
    if value != "date":
        raise Unsupported(f"format {value!r}")
    return _date


def _pattern(value: Any, _schema: dict[str, Any]) -> Check:
    pattern = re.compile(value)
    # jsonschema skips a fraction kept as text here; checking it too is only stricter.
    return lambda v: not isinstance(v, str) or pattern.search(v) is not None


def _max_length(value: Any, _schema: dict[str, Any]) -> Check:
    return lambda v: not isinstance(v, str) or len(v) <= value


def _min_length(value: Any, _schema: dict[str, Any]) -> Check:
    return lambda v: not isinstance(v, str) or len(v) >= value


def _minimum(value: Any, _schema: dict[str, Any]) -> Check:
    # Only int and float are compared; any other number (none comes from YAML or JSON) is
    # left to jsonschema.  NaN compares false, so it is left to jsonschema too.
    return lambda v: not _is_number(v) or (isinstance(v, int | float) and v >= value)


def _maximum(value: Any, _schema: dict[str, Any]) -> Check:
    return lambda v: not _is_number(v) or (isinstance(v, int | float) and v <= value)


def _items(value: Any, _schema: dict[str, Any]) -> Check:
    item = compile_node(value)
    return lambda v: not isinstance(v, list) or all(item(i) for i in v)


def _min_items(value: Any, _schema: dict[str, Any]) -> Check:
    return lambda v: not isinstance(v, list) or len(v) >= value


def _max_items(value: Any, _schema: dict[str, Any]) -> Check:
    return lambda v: not isinstance(v, list) or len(v) <= value


def _unique_items(value: Any, _schema: dict[str, Any]) -> Check:
    if value is not True:
        return lambda v: True
    # load.py checks only lists of words for repeats; a list of anything else is left to
    # jsonschema (its items refuse it in this schema).
    return lambda v: not isinstance(v, list) or (all(type(i) is str for i in v) and len(set(v)) == len(v))


def _properties(value: Any, _schema: dict[str, Any]) -> Check:
    if not isinstance(value, dict):
        raise Unsupported("properties")
    fields = tuple((name, compile_node(sub)) for name, sub in value.items())
    return lambda v: not isinstance(v, dict) or all(check(v[name]) for name, check in fields if name in v)


def _required(value: Any, _schema: dict[str, Any]) -> Check:
    names = tuple(value)
    return lambda v: not isinstance(v, dict) or all(name in v for name in names)


def _additional(value: Any, schema: dict[str, Any]) -> Check:
    known = frozenset(schema.get("properties", {}))
    if value is False:
        return lambda v: not isinstance(v, dict) or all(key in known for key in v)
    other = compile_node(value)
    return lambda v: not isinstance(v, dict) or all(other(item) for key, item in v.items() if key not in known)


_KEYWORDS: dict[str, Callable[[Any, dict[str, Any]], Check]] = {
    "type": _type, "enum": _enum, "format": _format, "pattern": _pattern,
    "maxLength": _max_length, "minLength": _min_length, "minimum": _minimum, "maximum": _maximum,
    "items": _items, "minItems": _min_items, "maxItems": _max_items, "uniqueItems": _unique_items,
    "properties": _properties, "required": _required, "additionalProperties": _additional,
}


def compile_node(schema: Any) -> Check:
    """The predicate of one schema node; Unsupported for anything outside the subset."""
    if schema is True:
        return lambda v: True
    if schema is False:
        return lambda v: False
    if not isinstance(schema, dict):
        raise Unsupported(repr(schema)[:40])
    checks = []
    for key, value in schema.items():
        if key in _ANNOTATIONS or key.startswith("x-"):
            continue
        make = _KEYWORDS.get(key)
        if make is None:
            raise Unsupported(key)
        checks.append(make(value, schema))
    tests = tuple(checks)
    return lambda v: all(test(v) for test in tests)


def compile_schema(schema: dict[str, Any]) -> Check | None:
    """The quick predicate of a whole schema, or None when the schema leaves the subset."""
    try:
        return compile_node(schema)
    except (Unsupported, re.error, TypeError):
        return None
