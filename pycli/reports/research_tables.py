"""The cells of the research tables: each model's figures as the strings a template lays out.

Money is formatted here only through render.yuan; the templates pad the columns.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

from pycli.engine.result import Result
from pycli.populations.sweep import PopulationSweep
from pycli.reports.render import place, say, width, yuan
from pycli.research.sweep import Sweep
from pycli.research.variants import Comparison, WhatIf


@dataclass
class Table:
    """A header row, body rows of text, and which columns are right-aligned."""

    headers: list[str]
    rows: list[list[str]]
    right: list[bool]

    @functools.cached_property
    def widths(self) -> list[int]:
        """Each column's display width (read for every cell: worked out once, or a sweep of
        1,000 points spent 100 s measuring its own table)."""
        return [max(width(row[i]) for row in [self.headers] + self.rows) for i in range(len(self.headers))]


def signed(amount: int) -> str:
    """A difference: +1,000, -1,000 or 0."""
    return ("+" if amount > 0 else "") + yuan(amount)


def whatif_table(model: WhatIf, lang: str = "en") -> Table:
    """Clause, baseline, variant, difference; the total last."""
    rows = [[c.clause, yuan(c.baseline), yuan(c.variant), signed(c.difference)] for c in model.clauses]
    rows.append([say(lang, "col_total"), yuan(model.baseline.total), yuan(model.variant.total), signed(model.difference)])
    return Table(_headers(lang, "clause", "baseline", "variant", "difference"), rows, [False, True, True, True])


def _headers(lang: str, *names: str) -> list[str]:
    return [say(lang, f"col_{n}") if n else "" for n in names]


def compare_table(model: Comparison, lang: str = "en") -> Table:
    """One row per place, best first."""
    rows = [[str(o.rank), place(lang, o.name) + (say(lang, "cmp_now") if o.current else ""), yuan(o.result.total),
             signed(o.difference), str(sum(1 for a in o.result.awards if a.amount > 0))] for o in model.options]
    return Table(_headers(lang, "rank", "registered_in", "total", "vs_now", "awards"), rows,
                 [True, False, True, True, True])


def awards_table(res: Result, lang: str = "en") -> Table:
    """One optimum's awards, as `policykb optimize` lists them."""
    rows = [[a.clause, a.matter, str(a.year or ""), yuan(a.amount),
             say(lang, "opt_trimmed", {"gross": a.gross, "group": a.cap_group}) if a.amount != a.gross else ""]
            for a in res.awards]
    return Table(_headers(lang, "clause", "matter", "year", "amount", ""), rows, [False, False, True, True, False])


def _value(value: Any) -> str:
    return yuan(value) if isinstance(value, int) and not isinstance(value, bool) else str(value)


def _trims(shared: list[str], project: list[str], lang: str) -> str:
    return "; ".join(shared + [say(lang, "per_project", {"clause": c}) for c in project])


def sweep_table(model: Sweep, lang: str = "en") -> Table:
    """The parameters, the total, each clause, and the caps reached at each point."""
    headers = model.parameters + [say(lang, "col_total")] + model.clauses + [say(lang, "col_caps_reached")]
    rows = [[_value(v) for v in p.values] + [yuan(p.total)] + [yuan(p.clauses[c]) for c in model.clauses]
            + [_trims(p.shared_caps, p.project_caps, lang)] for p in model.points]
    right = [True] * (len(headers) - 1) + [False]
    return Table(headers, rows, right)


def sweep_csv(model: Sweep) -> Table:
    """The same columns as sweep_table, numbers bare (whole yuan, no separators)."""
    headers = model.parameters + ["total"] + model.clauses + ["shared_caps", "project_caps"]
    rows = [[str(v) for v in p.values] + [str(p.total)] + [str(p.clauses[c]) for c in model.clauses]
            + [";".join(p.shared_caps), ";".join(p.project_caps)] for p in model.points]
    return Table(headers, rows, [False] * len(headers))


def population_sweep_table(model: PopulationSweep, lang: str = "en") -> Table:
    """Per point: total spend, the difference from the law as it stands, gainers, losers, each document's spend."""
    documents = sorted({line.name for s in model.summaries for line in s.documents})
    headers = [model.axis.label] + _headers(lang, "total_spend", "vs_law", "gainers", "losers", "errors") + documents
    rows = [[(yuan(v) if model.axis.unit == "yuan" else f"{v}%"), yuan(s.total), signed(s.difference),
             str(s.gainers), str(s.losers), str(s.errors)]
            + [yuan(next((line.total for line in s.documents if line.name == d), 0)) for d in documents]
            for v, s in zip(model.axis.values, model.summaries)]
    return Table(headers, rows, [True] * len(headers))
