"""A JSON Schema validation error of an applicant file as the one InputError a person reads:
the field path, and what was expected, in English and (by catalogue code) in Chinese."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # only load.py's jsonschema path makes these errors; importing it costs 50 ms
    import jsonschema

from pycli.errors import InputError
from pycli.input import labels


class FloatValue(str):
    """A fractional number seen in the input; fails every integer field."""


def path_text(parts: list[Any]) -> str:
    """A field path as errors write it: ``projects[2].level``."""
    text = ""
    for part in parts:
        if isinstance(part, str) and len(part) > SHOWN:  # a key is named, not copied
            part = part[:SHOWN] + "..."
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def shown(value: Any) -> str:
    """A wrong value as an error quotes it: cut short, so a 5,000-digit number or a long text
    is shown, not copied."""
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    text = str(value) if isinstance(value, FloatValue) else repr(value)
    return text if len(text) <= SHOWN else text[:SHOWN] + f"... ({len(text):,} characters)"


#: The longest value or key an error quotes whole.
SHOWN = 80


def describe(error: jsonschema.ValidationError, source: str) -> InputError:
    """The InputError of one schema error (its code and parameters say it in Chinese too)."""
    path = list(error.absolute_path)
    schema = error.schema if isinstance(error.schema, dict) else {}
    if error.validator == "additionalProperties":
        allowed = sorted(schema.get("properties", {}))
        unknown = sorted(set(error.instance) - set(allowed), key=str)
        return InputError(source, path_text(path + [unknown[0]]),
                          f"unknown field (allowed here: {', '.join(allowed)})", "unknown_field",
                          {"allowed": ", ".join(allowed),
                           "allowed_zh": "、".join(labels.both("zh", a, "fields") for a in allowed)})
    if error.validator == "required":
        missing = [name for name in error.validator_value if name not in error.instance]
        return InputError(source, path_text(path + [missing[0]]), "missing required field", "missing_field")
    if error.validator == "uniqueItems":
        return InputError(source, path_text(path), "a list entry is repeated", "repeated_entry")
    expected = schema.get("x-expected", error.message)
    expected_zh = schema.get("x-expected-zh", expected)
    return InputError(source, path_text(path) or "(top level)", f"expected {expected}, got {shown(error.instance)}",
                      "expected", {"expected": expected, "expected_zh": expected_zh, "got": shown(error.instance)})
