"""Every output format, rendered from the one result model through templates/."""

from __future__ import annotations

import json
from functools import cache
from typing import Any

import jinja2
import yaml

FORMATS = ("text", "json")
EXPLAIN_FORMATS = ("text", "md", "html", "json")
LANGUAGES = ("en", "zh")

#: Parameters that are money: formatted as whole yuan with separators.
MONEY_PARAMS = {"amount", "base", "result", "cap", "gross", "requested", "trimmed", "this_award",
                "other", "other_amount", "optimum", "here"}


def yuan(amount: int) -> str:
    """Whole yuan with thousands separators (the only money formatting)."""
    return f"{amount:,}"


def json_line(value: Any) -> str:
    """One JSON value on one line, for JSON Lines files: UTF-8 kept, keys in their order.

    json.dumps escapes the control characters; the three other characters that
    str.splitlines breaks at are escaped too, so the only line break is the template's.
    """
    text = json.dumps(value, ensure_ascii=False)
    return text.replace("\x85", "\\u0085").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


@cache
def environment() -> jinja2.Environment:
    """The template environment: templates are package data beside this module."""
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("pycli.reports", "templates"),
        undefined=jinja2.StrictUndefined, keep_trailing_newline=True,
        trim_blocks=True, lstrip_blocks=True,
        autoescape=jinja2.select_autoescape(enabled_extensions=("html", "html.j2"), default_for_string=False))
    env.filters["yuan"] = yuan
    env.filters["json_line"] = json_line
    env.policies["json.dumps_kwargs"] = {"ensure_ascii": False, "indent": 2, "sort_keys": False}
    return env


@cache
def labels() -> dict[str, dict[str, str]]:
    """The sentences of explanations by code, per language (templates/labels.yaml)."""
    source = environment().loader.get_source(environment(), "labels.yaml")[0]  # type: ignore[union-attr]
    return yaml.safe_load(source)


def say(lang: str, code: str, params: dict[str, Any] | None = None) -> str:
    """One coded sentence of a trace in ``lang``, with money formatted."""
    shown = {k: (yuan(v) if k in MONEY_PARAMS and isinstance(v, int) else
                 (", ".join(map(str, v)) if isinstance(v, list) else ("" if v is None else v)))
             for k, v in (params or {}).items()}
    sentence = labels()[lang].get(code) or labels()["en"].get(code, code)
    try:
        return sentence.format(**shown)
    except (KeyError, IndexError):
        return f"{code} {shown}"


def render(template: str, **context: Any) -> str:
    """Render one template of templates/ with the given context."""
    return environment().get_template(template).render(**context)


def widths(rows: list[list[str]]) -> list[int]:
    """Column widths for a plain-text table."""
    return [max(len(row[i]) for row in rows) for i in range(len(rows[0]))] if rows else []
