"""Command options that are data (evaluation date, named readings, a reform file) turned into Settings."""

from __future__ import annotations

import datetime as dt
import re

from pycli.engine import facts
from pycli.errors import InputError
from pycli.input import reform

_WORD = re.compile(r"^[a-z][a-z0-9_]*$")
#: A number given to --assume: ASCII digits, below clingo's 2^31 (its integers are 32-bit).
_NUMBER = re.compile(r"^[0-9]{1,9}$")


def parse_as_of(value: str | None) -> dt.date | None:
    """``--as-of YYYY-MM-DD`` as a date; None when not given."""
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise InputError("--as-of", "", f"expected a real date YYYY-MM-DD, got {value!r}", "expected",
                         {"expected": "a real date YYYY-MM-DD", "expected_zh": "真实存在的日期 YYYY-MM-DD",
                          "got": repr(value)}) from None


def parse_assumptions(pairs: tuple[str, ...]) -> dict[str, str | int]:
    """``--assume NAME=VALUE`` pairs: lower-case words, or decimal integers."""
    chosen: dict[str, str | int] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not _WORD.match(name) or not (_WORD.match(value) or _NUMBER.match(value)):
            shown = pair if len(pair) <= 80 else pair[:80] + "..."
            raise InputError("--assume", shown, "expected NAME=VALUE with lower-case words or a number below "
                                                "1,000,000,000, e.g. rounding=half_up")
        chosen[name] = int(value) if _NUMBER.match(value) else value
    return chosen


def settings(as_of: str | None, horizon: int | None, assume: tuple[str, ...],
             reform_file: str | None = None) -> facts.Settings:
    """The Settings of one evaluation, from the options every evaluating command shares."""
    return settings_of(as_of, horizon, assume, reform.load(reform_file) if reform_file else None)


def settings_of(as_of: str | None, horizon: int | None, assume: tuple[str, ...],
                chosen: reform.Reform | None) -> facts.Settings:
    """The Settings of one evaluation whose reform is already read (a file, or data sent to the service)."""
    return facts.Settings(as_of=parse_as_of(as_of), horizon=horizon, assumptions=parse_assumptions(assume),
                          reform=chosen.facts if chosen else [], reform_name=chosen.name if chosen else None)
