"""Every output format, rendered from the one result model through templates/."""

from __future__ import annotations

from functools import cache
from typing import Any

import jinja2

FORMATS = ("text", "json")


def yuan(amount: int) -> str:
    """Whole yuan with thousands separators (the only money formatting)."""
    return f"{amount:,}"


@cache
def environment() -> jinja2.Environment:
    """The template environment: templates are package data beside this module."""
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("pycli", "templates"),
        undefined=jinja2.StrictUndefined, keep_trailing_newline=True,
        trim_blocks=True, lstrip_blocks=True, autoescape=jinja2.select_autoescape(["html"]))
    env.filters["yuan"] = yuan
    env.policies["json.dumps_kwargs"] = {"ensure_ascii": False, "indent": 2, "sort_keys": False}
    return env


def render(template: str, **context: Any) -> str:
    """Render one template of templates/ with the given context."""
    return environment().get_template(template).render(**context)


def widths(rows: list[list[str]]) -> list[int]:
    """Column widths for a plain-text table."""
    return [max(len(row[i]) for row in rows) for i in range(len(rows[0]))] if rows else []
