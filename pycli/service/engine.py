"""What one worker process of `policykb serve` holds: the knowledge base parsed once, and the commands.

Each method is the command of the same name on already validated input: it grounds and
solves (the parsed program is reused, never read again) and returns the command's one
model, which the app renders through the templates as the command line does.  Methods
run in worker threads; the parsed statements and catalogues are only read there.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections import OrderedDict
from collections.abc import Hashable
from dataclasses import dataclass, field
from typing import Any

from clingo import ast

from pycli.cli import research
from pycli.engine import facts, result, solve
from pycli.engine.facts import settings_facts
from pycli.explanation import explain as explain_mod
from pycli.input import load
from pycli.input.schema import applicant_schema
from pycli.kbtools import kbread, readings
from pycli.kbtools.kbread import Facts as KbFacts
from pycli.kbtools.kbread import read_law as read_kb
from pycli.paths import kb_dir
from pycli.populations.entry import Entry, Keys
from pycli.populations.evaluate import Evaluator, Options
from pycli.research import clauses as clauses_mod
from pycli.research import sweep as sweep_mod
from pycli.research import variants
from pycli.service.batcher import Batcher

#: The knowledge base's own facts kept for /clauses, one per evaluation date and settings.
KB_FACTS = 8


@dataclass
class Engine:
    """The knowledge base of one worker, parsed at start, and the commands run on it."""

    program: list[ast.AST] = field(default_factory=solve.parse_kb)
    explain_program: list[ast.AST] = field(default_factory=lambda: solve.parse_kb(kb_dir() / "explain.lp"))
    batcher: Batcher = field(default_factory=Batcher)
    _kb_facts: OrderedDict[Hashable, KbFacts] = field(default_factory=OrderedDict)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _readings: dict[str, Any] | None = None

    def optimize(self, applicant: load.Applicant, settings: facts.Settings, time_limit: float | None) -> result.Result:
        """`policykb optimize`: the proven optimum, clause by clause (solved with the requests
        waiting beside it, pycli/service/batcher.py)."""
        return self.batcher.optimize(applicant, settings, time_limit)

    def explain(self, applicant: load.Applicant, settings: facts.Settings, time_limit: float | None, *,
                clause: str | None, alternatives: int) -> explain_mod.Explanation:
        """`policykb explain`: the trace of the optimum back to the law."""
        return explain_mod.explain(applicant, settings, clause=clause, alternatives=alternatives,
                                   time_limit=time_limit, program=self.explain_program)

    def whatif(self, applicant: load.Applicant, sets: list[str], baseline: facts.Settings,
               variant: facts.Settings, time_limit: float | None) -> variants.WhatIf:
        """`policykb whatif`: the applicant against the applicant changed."""
        return research.whatif_of(applicant, sets, baseline, variant, time_limit)

    def compare(self, applicant: load.Applicant, districts: str, settings: facts.Settings,
                time_limit: float | None) -> variants.Comparison:
        """`policykb compare`: the applicant as if registered in each district."""
        return research.compare_of(applicant, districts, settings, time_limit)

    def sweep(self, applicant: load.Applicant, sets: list[str], settings: facts.Settings,
              time_limit: float | None, most_points: int) -> sweep_mod.Sweep:
        """`policykb sweep`: the optimum along a field or a grid of two."""
        return research.sweep_of(applicant, sets, settings, time_limit, most_points)

    def batch(self, applicants: list[Any], baseline: facts.Settings,
              reformed: facts.Settings | None) -> list[dict[str, Any]]:
        """`policykb batch`: one record per applicant (docs/populations.md), errors as records."""
        keys = Keys()
        entries = []
        for index, data in enumerate(applicants):
            source = f"applicants[{index}]"
            name = data.get("name") if isinstance(data, dict) else None
            entries.append(Entry(index=index, key=keys.claim(name, source), source=source, data=data))
        evaluator = Evaluator(Options(), settings=(baseline, reformed), program=self.program)
        return evaluator.records(entries)

    def clauses(self, settings: facts.Settings, district: str | None, search: str | None) -> clauses_mod.Listing:
        """`policykb clauses`: every clause with its amounts, caps and validity."""
        day = settings.as_of or dt.date.today()
        # The knowledge base's facts depend on the settings' facts only: grounded once for each.
        key = ("kb", frozenset(settings_facts(settings, day)))
        with self._lock:
            known = self._kb_facts.get(key)
        if known is None:
            known = read_kb(settings, day)
            with self._lock:
                self._kb_facts[key] = known
                while len(self._kb_facts) > KB_FACTS:
                    self._kb_facts.popitem(last=False)
        return clauses_mod.build(known, evaluation_date=day, reform=settings.reform_name,
                                 district=district, search=search)

    def assumptions(self) -> dict[str, Any]:
        """The named readings of the knowledge base (`policykb assumptions --format json`)."""
        if self._readings is None:
            self._readings = readings.to_json(readings.listing(kbread.read(kb_dir())))
        return self._readings


def schema() -> dict[str, Any]:
    """The applicant JSON Schema (`policykb schema`)."""
    return applicant_schema()


def examples() -> dict[str, Any]:
    """The shipped example applicants by name (the file name without its suffix)."""
    return load.shipped_examples()


def example(path: Any) -> dict[str, Any]:
    """One shipped example: its text and its data as parsed (defaults not filled in)."""
    text = path.read_text(encoding="utf-8")
    return {"schema_version": "1.0", "name": path.stem, "file": path.name, "text": text,
            "applicant": load.parse_text(path.name, text)}
