"""The solver's model as the trace reads it: shown atoms by predicate, and per clause,
rule and matter the condition verdicts (cond_ok/met/cond_value of instrument.py).
"""

from __future__ import annotations

from typing import Any

from clingo import Symbol, SymbolType

from pycli.engine import result as result_mod
from pycli.explanation import instrument
from pycli.explanation.trace import ConditionTrace, FactUsed, Source
from pycli.input.load import Applicant
from pycli.kbtools.catalogue import Catalogue, text
from pycli.money import from_symbol


class Model:
    """The shown atoms of a model, indexed by predicate name."""

    def __init__(self, symbols: list[Symbol]) -> None:
        self.by_name: dict[str, list[Symbol]] = {}
        for symbol in symbols:
            self.by_name.setdefault(symbol.name, []).append(symbol)

    def args(self, name: str) -> list[list[Symbol]]:
        """The arguments of every atom of predicate ``name``."""
        return [list(s.arguments) for s in self.by_name.get(name, [])]


def plain(symbol: Symbol) -> Any:
    """A symbol as JSON-friendly data: money to whole yuan, strings unquoted."""
    if symbol.type == SymbolType.Function and symbol.name == "m" and len(symbol.arguments) == 4:
        return from_symbol(symbol)
    if symbol.type == SymbolType.Number:
        return symbol.number
    return text(symbol)


def source(cat: Catalogue, clause: str) -> Source:
    """Where ``clause`` stands in the law, in both languages."""
    c = cat.clauses[clause]
    return Source(clause=clause, document=c.document, title=cat.titles.get(c.document, c.document),
                  article=c.article, paragraph=c.paragraph, text=c.text, text_zh=c.text_zh, kind=c.kind,
                  title_zh=cat.titles_zh.get(c.document, ""), clause_title_zh=c.title_zh)


class Tracer:
    """The atoms of one model, with the applicant and result they explain."""

    def __init__(self, model: Model, cat: Catalogue, origins: dict[Symbol, str],
                 applicant: Applicant, res: result_mod.Result) -> None:
        self.m, self.cat, self.origins, self.applicant, self.res = model, cat, origins, applicant, res
        self.ins = instrument.instrumentation()
        self.ok: set[tuple[str, str, int, str]] = {
            (text(c), text(r), i.number, text(m)) for c, r, i, m in model.args("cond_ok")}
        self.met: dict[tuple[str, str, int, str], list[Symbol]] = {}
        for c, r, i, m, fact in model.args("met"):
            self.met.setdefault((text(c), text(r), i.number, text(m)), []).append(fact)
        self.seen: dict[tuple[str, str, int, str], list[Symbol]] = {}
        for c, r, i, m, fact in model.args("seen"):
            self.seen.setdefault((text(c), text(r), i.number, text(m)), []).append(fact)
        self.values = {(text(c), text(r), i.number, text(m)): [str(plain(v)) for v in pair.arguments]
                       for c, r, i, m, pair in model.args("cond_value")}
        self.matter_paths = {text(s.arguments[0]): self.origins.get(s, "")
                             for s in model.by_name.get("matter", [])}
        self.kinds = {text(s.arguments[0]): text(s.arguments[1]) for s in model.by_name.get("matter", [])}

    def matter_path(self, matter: str) -> str:
        """Where the matter stands in the applicant file, e.g. ``projects[0]``."""
        return self.matter_paths.get(matter, "")

    def conditions(self, clause: str, rule: str, matter: str) -> list[ConditionTrace]:
        """Every condition of ``rule`` for ``matter``, with the model's verdict and facts."""
        traces = []
        for cond in self.ins.qualifying[rule].conditions:
            key = (clause, rule, cond.index, matter)
            used = [FactUsed(path=self.origins.get(f, ""), fact=str(f)) for f in self.met.get(key, [])]
            seen = [FactUsed(path=self.origins.get(f, ""), fact=str(f)) for f in sorted(self.seen.get(key, []))]
            traces.append(ConditionTrace(index=cond.index, code=cond.code, params=dict(cond.params),
                                         ok=key in self.ok, facts=used, values=self.values.get(key, []),
                                         seen=seen))
        return traces

    def rules_of(self, clause: str) -> list[str]:
        """The instrumented rules that make a matter qualify for ``clause``."""
        return [rid for rid, q in self.ins.qualifying.items() if q.clause == clause]

    def passing_rule(self, clause: str, matter: str) -> str:
        """The first rule of ``clause`` whose every condition the matter meets, or ``""``."""
        for rid in self.rules_of(clause):
            if all((clause, rid, c.index, matter) in self.ok for c in self.ins.qualifying[rid].conditions):
                return rid
        return ""
