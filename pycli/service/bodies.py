"""Request bodies of the web API read into the arguments the commands take, with one-line errors.

A body is a JSON object (docs/api.md).  The applicant is the applicant file itself, sent
either as parsed JSON (``applicant``) or as the text of a YAML or JSON file
(``applicant_text``, e.g. an uploaded file); both go through pycli.input.load's parser and
validator, so a bad field gets the very message `policykb optimize FILE` prints for it.
The evaluation options are the command line's: ``as_of``, ``horizon``, ``assume``
(``NAME=VALUE`` texts) and ``reform`` (a shipped reform's name, or a reform as data).
Nothing in a body names a file of the server: a reform is chosen from the shipped list.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from pycli.engine import facts
from pycli.errors import InputError
from pycli.input import load, reform
from pycli.input.options import settings_of

#: Where a message about the body itself says the problem is.
BODY = "request"
#: A label an applicant may be given in messages (never opened as a path).
_LABEL = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")
_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]{0,99}$")
#: Keys every evaluating body may carry.
OPTION_KEYS = {"as_of", "horizon", "assume", "reform", "time_limit"}
APPLICANT_KEYS = {"applicant", "applicant_text", "source"}


def parse(raw: bytes) -> dict[str, Any]:
    """The body as a JSON object, or InputError naming the line of a syntax error."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(BODY, "", f"not UTF-8 text (byte {exc.start})") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(BODY, f"line {exc.lineno}", f"not valid JSON: {exc.msg}") from None
    except ValueError:  # an integer past Python's digit limit for str -> int
        raise InputError(BODY, "", "not valid JSON: a number has too many digits") from None
    except RecursionError:
        raise InputError(BODY, "", "nested too deeply to be a request") from None
    if not isinstance(data, dict):
        raise InputError(BODY, "", "expected a JSON object")
    return data


def check_keys(body: dict[str, Any], allowed: set[str]) -> None:
    """Refuse a key the endpoint does not take (a misspelt option must not pass silently)."""
    unknown = sorted(set(body) - allowed)
    if unknown:
        raise InputError(BODY, unknown[0], f"unknown field (allowed here: {', '.join(sorted(allowed))})")


def source(body: dict[str, Any]) -> str:
    """The label messages give the applicant: ``source``, else ``applicant``."""
    label = body.get("source", "applicant")
    if not isinstance(label, str) or not _LABEL.match(label):
        raise InputError(BODY, "source", "expected a label of letters, digits, '.', '_' or '-' (at most 100)")
    return label


def raw_applicant(body: dict[str, Any], key: str = "applicant") -> Any:
    """The body's applicant as parsed, not yet validated: JSON data, or a file's text parsed."""
    has_data, has_text = key in body, f"{key}_text" in body
    if has_data == has_text:
        raise InputError(BODY, key, f"expected exactly one of {key} (the applicant as JSON) and {key}_text")
    if not has_text:
        return body[key]
    text = body[f"{key}_text"]
    if not isinstance(text, str):
        raise InputError(BODY, f"{key}_text", "expected the text of a YAML or JSON applicant file")
    if "\x00" in text:
        raise InputError(source(body), "", "binary data, not an applicant file")
    return load.parse_text(source(body), text)


def applicant(body: dict[str, Any], key: str = "applicant") -> load.Applicant:
    """The body's applicant, parsed and validated as an applicant file would be."""
    label = source(body)
    return load.validate(raw_applicant(body, key), label)


def _text(body: dict[str, Any], key: str, default: str | None = None) -> str | None:
    value = body.get(key, default)
    if value is not None and not isinstance(value, str):
        raise InputError(BODY, key, f"expected a text, got {_shown(value)}")
    return value


def _shown(value: Any) -> str:
    return "a mapping" if isinstance(value, dict) else "a list" if isinstance(value, list) else repr(value)


def _whole(body: dict[str, Any], key: str, low: int, high: int, default: int | None = None) -> int | None:
    value = body.get(key, default)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise InputError(BODY, key, f"expected a whole number from {low} to {high}, got {_shown(value)}")
    return value


def assumptions(body: dict[str, Any], key: str = "assume") -> tuple[str, ...]:
    """``assume`` as the command line's NAME=VALUE pairs (a list of them, or a mapping)."""
    value = body.get(key, [])
    if isinstance(value, dict):
        value = [f"{k}={v}" for k, v in value.items()]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise InputError(BODY, key, "expected a list of NAME=VALUE texts, or a mapping of names to values")
    return tuple(value)


def chosen_reform(body: dict[str, Any], key: str = "reform") -> reform.Reform | None:
    """A shipped reform by name, or a reform sent as data (the format of a reform file)."""
    value = body.get(key)
    if value is None:
        return None
    if isinstance(value, dict):
        return reform.from_data(value, key)
    shipped = reform.shipped()
    if not isinstance(value, str) or not _NAME.match(value) or value not in shipped:
        raise InputError(BODY, key, f"expected a reform as data or one of {', '.join(shipped)}, got {_shown(value)}")
    return reform.load(str(shipped[value]))


def settings(body: dict[str, Any], *, reform_key: str = "reform", extra_assume: tuple[str, ...] = ()) -> facts.Settings:
    """The evaluation settings the body's options give, as the command line's would."""
    return settings_of(_text(body, "as_of"), _whole(body, "horizon", 1, 50), assumptions(body) + extra_assume,
                       chosen_reform(body, reform_key))


def time_limit(body: dict[str, Any], ceiling: float) -> float:
    """The solver's time limit: the body's ``time_limit`` in seconds, at most the server's."""
    value = body.get("time_limit")
    if value is None:
        return ceiling
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not value > 0:
        raise InputError(BODY, "time_limit", f"expected a number of seconds above 0, got {_shown(value)}")
    return min(float(value), ceiling)


def sets(body: dict[str, Any], key: str = "sets", required: bool = False) -> list[str]:
    """``sets``: the command line's PATH=VALUE (or PATH=START:STOP:STEP) texts."""
    value = body.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise InputError(BODY, key, "expected a list of PATH=VALUE texts")
    if required and not value:
        raise InputError(BODY, key, "expected at least one PATH=START:STOP:STEP")
    return list(value)


@dataclass(frozen=True)
class ExplainOptions:
    """What /explain takes besides the applicant and the evaluation options."""

    clause: str | None
    alternatives: int


def explain_options(body: dict[str, Any], most_alternatives: int) -> ExplainOptions:
    """``clause`` (one clause only) and ``alternatives`` (next-best portfolios)."""
    return ExplainOptions(clause=_text(body, "clause"),
                          alternatives=_whole(body, "alternatives", 0, most_alternatives, 0) or 0)


def districts(body: dict[str, Any]) -> str:
    """/compare's ``districts``: all, or a comma-separated list as on the command line."""
    return _text(body, "districts", "all") or "all"


def batch_applicants(body: dict[str, Any], most: int) -> list[Any]:
    """/batch's ``applicants``: a list of applicant objects, at most ``most``."""
    value = body.get("applicants")
    if not isinstance(value, list) or not value:
        raise InputError(BODY, "applicants", "expected a non-empty list of applicants")
    if len(value) > most:
        raise InputError(BODY, "applicants", f"{len(value):,} applicants, more than the {most:,} one request may hold")
    return value
