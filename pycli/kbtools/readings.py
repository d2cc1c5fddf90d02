"""The named readings of the knowledge base, as `policykb assumptions` and the service's
GET /assumptions list them: name, default, the other values, what the default says,
and the clauses it touches (all read from kb/common/assumptions.lp)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from pycli.kbtools.catalogue import text
from pycli.kbtools.kbread import Facts
from pycli.ordering import natural

#: Version of the JSON listing (docs/cli.md).
READINGS_SCHEMA_VERSION = "1.1"


@dataclass
class Reading:
    """One named, switchable reading."""

    name: str
    default: str
    values: list[str]
    reading: str
    reading_zh: str
    every_clause: bool
    clauses: list[str] = field(default_factory=list)


def listing(kb: Facts) -> list[Reading]:
    """Every named reading of the knowledge base, in the order assumptions.lp gives them."""
    values: dict[str, list[str]] = {}
    for name, value in kb.args("assumption_value", 2):
        values.setdefault(text(name), []).append(text(value))
    said = {text(n): text(t) for n, t in kb.args("assumption_reading", 2)}
    said_zh = {text(n): text(t) for n, t in kb.args("assumption_reading_zh", 2)}
    touched: dict[str, set[str]] = {}
    for name, clause in kb.args("touches", 2):
        touched.setdefault(text(name), set()).add(text(clause))
    every = {text(n) for (n,) in kb.args("touches_every_clause", 1)}
    found = []
    for name_symbol, default_symbol in kb.args("assumption", 2):
        name, default = text(name_symbol), text(default_symbol)
        others = [v for v in dict.fromkeys(values.get(name, [])) if v != default]
        found.append(Reading(name=name, default=default, values=[default] + others,
                             reading=said.get(name, ""), reading_zh=said_zh.get(name, ""),
                             every_clause=name in every,
                             clauses=[] if name in every else sorted(touched.get(name, ()), key=natural)))
    return found


def to_json(readings: list[Reading]) -> dict[str, Any]:
    """The JSON listing: `policykb assumptions --format json` and GET /assumptions."""
    return {"schema_version": READINGS_SCHEMA_VERSION, "assumptions": [asdict(r) for r in readings]}
