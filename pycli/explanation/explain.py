"""Explanation traces for auditors: why every award was paid, and why every other clause was not.

Everything here is read from the solver's model of kb/explain.lp plus the condition
tracing of pycli/instrument.py: the clause, the applicant facts (by field path) that
met each condition, the arithmetic atoms (base, ratio, caps, deductions), the other
clauses a matter qualified for, and the unmet conditions of the rest.  Python only
arranges these atoms; the law is not computed a second time.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from clingo import Symbol, SymbolType, ast

from pycli.engine import facts as facts_mod
from pycli.engine import result as result_mod
from pycli.engine import solve
from pycli.errors import InputError, NotProvenError
from pycli.explanation import instrument
from pycli.input.load import Applicant
from pycli.kbtools.catalogue import Catalogue, text
from pycli.money import from_symbol
from pycli.ordering import natural
from pycli.paths import kb_dir

#: Version of the JSON trace contract (docs/trace-format.md).
TRACE_SCHEMA_VERSION = "1.0"


@dataclass
class Reason:
    """A coded statement; templates turn code and params into a sentence in each language."""

    code: str
    params: dict[str, Any] = field(default_factory=dict)


@dataclass
class FactUsed:
    """An applicant fact that met a condition, with its field path in the file."""

    path: str
    fact: str


@dataclass
class ConditionTrace:
    """One condition of the clause's rule: met or not, by which facts, with which values."""

    index: int
    code: str
    params: dict[str, str]
    ok: bool
    facts: list[FactUsed] = field(default_factory=list)
    values: list[str] = field(default_factory=list)


@dataclass
class Source:
    """Where a clause stands in the law."""

    clause: str
    document: str
    title: str
    article: str
    paragraph: str
    text: str
    text_zh: str
    kind: str
    #: The document's and the clause's Chinese titles (title_zh/2 of the knowledge base).
    title_zh: str = ""
    clause_title_zh: str = ""


@dataclass
class AwardTrace:
    """Why one award was paid, step by step."""

    clause: str
    matter: str
    matter_path: str
    year: int | None
    kind: str
    amount: int
    gross: int
    source: Source
    rule: str
    conditions: list[ConditionTrace]
    steps: list[Reason]
    alternatives: list[Reason]
    choice: Reason | None
    smallest_change: list[Reason]


@dataclass
class NearMiss:
    """A matter that meets part of a clause's conditions, and the ones it misses."""

    matter: str
    matter_path: str
    rule: str
    failed: list[ConditionTrace]


@dataclass
class WhyNot:
    """Why a clause pays nothing."""

    clause: str
    source: Source
    reasons: list[Reason]
    near_misses: list[NearMiss]
    smallest_change: list[Reason]


@dataclass
class Portfolio:
    """Another portfolio: its total and how it differs from the optimum."""

    total: int
    optimal: bool
    awards: list[dict[str, Any]]
    differs: list[Reason]


@dataclass
class Explanation:
    """The trace of one applicant's optimum."""

    result: result_mod.Result
    awards: list[AwardTrace]
    why_not: list[WhyNot]
    unique: bool
    tied: list[Portfolio]
    alternatives: list[Portfolio]
    clause: str | None = None
    #: Each document's Chinese title, for the sentences that name a document.
    titles_zh: dict[str, str] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        """The versioned trace contract (docs/trace-format.md)."""
        data = asdict(self)
        data["result"] = self.result.to_json()
        return {"trace_schema_version": TRACE_SCHEMA_VERSION, **data}


class _Model:
    """The shown atoms of a model, indexed by predicate name."""

    def __init__(self, symbols: list[Symbol]) -> None:
        self.by_name: dict[str, list[Symbol]] = {}
        for symbol in symbols:
            self.by_name.setdefault(symbol.name, []).append(symbol)

    def args(self, name: str) -> list[list[Symbol]]:
        return [list(s.arguments) for s in self.by_name.get(name, [])]


def _plain(symbol: Symbol) -> Any:
    """A symbol as JSON-friendly data: money to whole yuan, strings unquoted."""
    if symbol.type == SymbolType.Function and symbol.name == "m" and len(symbol.arguments) == 4:
        return from_symbol(symbol)
    if symbol.type == SymbolType.Number:
        return symbol.number
    return text(symbol)


def _source(cat: Catalogue, clause: str) -> Source:
    c = cat.clauses[clause]
    return Source(clause=clause, document=c.document, title=cat.titles.get(c.document, c.document),
                  article=c.article, paragraph=c.paragraph, text=c.text, text_zh=c.text_zh, kind=c.kind,
                  title_zh=cat.titles_zh.get(c.document, ""), clause_title_zh=c.title_zh)


class _Tracer:
    """Builds the traces of one model."""

    def __init__(self, model: _Model, cat: Catalogue, origins: dict[Symbol, str],
                 applicant: Applicant, res: result_mod.Result) -> None:
        self.m, self.cat, self.origins, self.applicant, self.res = model, cat, origins, applicant, res
        self.ins = instrument.instrumentation()
        self.ok: set[tuple[str, str, int, str]] = {
            (text(c), text(r), i.number, text(m)) for c, r, i, m in model.args("cond_ok")}
        self.met: dict[tuple[str, str, int, str], list[Symbol]] = {}
        for c, r, i, m, fact in model.args("met"):
            self.met.setdefault((text(c), text(r), i.number, text(m)), []).append(fact)
        self.values = {(text(c), text(r), i.number, text(m)): [str(_plain(v)) for v in pair.arguments]
                       for c, r, i, m, pair in model.args("cond_value")}
        self.matter_paths = {text(s.arguments[0]): self.origins.get(s, "")
                             for s in model.by_name.get("matter", [])}
        self.kinds = {text(s.arguments[0]): text(s.arguments[1]) for s in model.by_name.get("matter", [])}

    def matter_path(self, matter: str) -> str:
        return self.matter_paths.get(matter, "")

    def conditions(self, clause: str, rule: str, matter: str) -> list[ConditionTrace]:
        traces = []
        for cond in self.ins.qualifying[rule].conditions:
            key = (clause, rule, cond.index, matter)
            used = [FactUsed(path=self.origins.get(f, ""), fact=str(f)) for f in self.met.get(key, [])]
            traces.append(ConditionTrace(index=cond.index, code=cond.code, params=dict(cond.params),
                                         ok=key in self.ok, facts=used, values=self.values.get(key, [])))
        return traces

    def rules_of(self, clause: str) -> list[str]:
        return [rid for rid, q in self.ins.qualifying.items() if q.clause == clause]

    def passing_rule(self, clause: str, matter: str) -> str:
        for rid in self.rules_of(clause):
            if all((clause, rid, c.index, matter) in self.ok for c in self.ins.qualifying[rid].conditions):
                return rid
        return ""


def _steps(tr: _Tracer, award: result_mod.Award) -> list[Reason]:
    m, c, mt = tr.m, award.clause, award.matter
    steps: list[Reason] = []
    tiers = [text(t) for cc, mm, t in m.args("qualifies") if text(cc) == c and text(mm) == mt]
    tier = next((t for t in tiers if t != "base"), "base")
    if tier != "base":
        steps.append(Reason("tier", {"tier": tier}))
    bases = [(b, t) for cc, mm, t, b in m.args("base_amount") if text(cc) == c and text(mm) == mt]
    ratio = {text(t): r for cc, t, r in m.args("ratio_for") if text(cc) == c}
    gross = {text(t): g for cc, mm, t, g in m.args("gross") if text(cc) == c and text(mm) == mt}
    form = next((text(f) for cc, f in m.args("amount_form") if text(cc) == c), "")
    for base, t in bases:
        r = ratio.get(text(t))
        if r is not None and text(t) in gross:
            steps.append(Reason("ratio", {"field": form[form.find("(") + 1:-1] if "(" in form else "",
                                          "base": from_symbol(base), "p": r.arguments[0].number,
                                          "q": r.arguments[1].number, "result": from_symbol(gross[text(t)])}))
    if not bases:
        for cc, t, name, value in m.args("pv"):
            if text(cc) == c and text(t) == tier and text(name) == "amount":
                steps.append(Reason("flat", {"tier": tier, "amount": from_symbol(value)}))
    for cc, mm, _t, g, k in m.args("project_cap_trims"):
        if text(cc) == c and text(mm) == mt:
            steps.append(Reason("project_cap", {"gross": from_symbol(g), "cap": from_symbol(k)}))
    paid = [(i.number, from_symbol(e)) for cc, mm, i, e in m.args("paid_before") if text(cc) == c and text(mm) == mt]
    if paid:
        steps.append(Reason("deduct_earlier", {"records": [f"earlier_support[{i}]" for i, _ in paid],
                                               "amount": sum(e for _, e in paid)}))
    payment = next((text(p) for cc, p in m.args("payment") if text(cc) == c), "once")
    terms = [(n.number, k.number) for (cc, t, n), (c2, t2, k) in
             ((a, b) for a in m.args("term") for b in m.args("counted_years"))
             if text(cc) == c and text(c2) == c and text(t) == tier and text(t2) == tier]
    if payment == "annual" and terms:
        steps.append(Reason("annual", {"year": award.year, "term": terms[0][0], "counted": terms[0][1]}))
    if payment == "cumulative" and terms:
        steps.append(Reason("cumulative", {"term": terms[0][0], "counted": terms[0][1]}))
    for cap in tr.res.caps:
        if award.cap_group == cap.group and (cap.year is None or cap.year == award.year):
            steps.append(Reason("group_cap", {"group": cap.group, "scope": cap.scope, "year": cap.year,
                                              "cap": cap.cap, "requested": cap.requested,
                                              "trimmed": cap.trimmed, "this_award": award.gross - award.amount}))
    steps.append(Reason("amount", {"amount": award.amount}))
    return steps


def _award_trace(tr: _Tracer, award: result_mod.Award) -> AwardTrace:
    m, c, mt = tr.m, award.clause, award.matter
    rule = tr.passing_rule(c, mt)
    alternatives = [Reason("alternative", {"clause": text(c2), "amount": from_symbol(v2)})
                    for cc, mm, c2, v2 in m.args("alternative") if text(cc) == c and text(mm) == mt]
    choice = None
    if alternatives:
        best_other = max(a.params["amount"] for a in alternatives)
        if award.gross > best_other:
            choice = Reason("pays_more", {"amount": award.gross, "other": best_other})
        elif award.cap_group and any(cap.group == award.cap_group for cap in tr.res.caps):
            choice = Reason("cap_left_no_room", {})
        else:
            choice = Reason("tie_clause_order", {})
    change: list[Reason] = []
    for cc, mm, t, b in m.args("min_base_for_cap"):
        if text(cc) == c and text(mm) == mt:
            field_name = next((s.params["field"] for s in _steps(tr, award) if s.code == "ratio"), "")
            cap = next(from_symbol(k) for c2, t2, n, k in m.args("pv")
                       if text(c2) == c and text(t2) == text(t) and text(n) == "cap")
            change.append(Reason("base_reaches_cap", {"field": field_name, "base": from_symbol(b), "cap": cap}))
    if award.amount < award.gross:
        change.append(Reason("cap_binds_no_change", {"group": award.cap_group}))
    return AwardTrace(
        clause=c, matter=mt, matter_path=tr.matter_path(mt), year=award.year, kind=award.kind,
        amount=award.amount, gross=award.gross, source=_source(tr.cat, c), rule=rule,
        conditions=tr.conditions(c, rule, mt) if rule else [], steps=_steps(tr, award),
        alternatives=alternatives, choice=choice, smallest_change=change)


def _threshold_change(cond: ConditionTrace, matter: str) -> Reason | None:
    """The least value of the applicant's side of a failed comparison that meets it."""
    if cond.code != "compare" or len(cond.values) != 2 or "(parameter)" in cond.params["left"]:
        return None
    try:
        right = int(cond.values[1])
    except ValueError:
        return None
    target = {">": right + 1, ">=": right, "<": right - 1, "<=": right, "=": right}.get(cond.params["op"])
    if target is None:
        return None
    return Reason("threshold", {"matter": matter, "field": cond.params["left"], "op": cond.params["op"],
                                "value": cond.values[0], "needed": target})


def _why_not(tr: _Tracer, clause: str) -> WhyNot | None:
    m = tr.m
    doc = tr.cat.clauses[clause].document
    district = tr.applicant.data["district"]
    reasons: list[Reason] = []
    for d, r in m.args("scope_fails"):
        if text(d) == doc:
            code = text(r)
            params: dict[str, Any] = {"document": doc}
            if code == "district":
                params.update(applicant=district, required=", ".join(tr.cat.documents.get(doc, [])))
            reasons.append(Reason(f"scope_{code}" if code in ("district", "sector") else "scope_requires",
                                  {**params, "condition": code}))
    dates = {(text(d), text(n)): v.number for d, n, v in m.args("doc_param")}
    for d, r in m.args("validity_fails"):
        if text(d) == doc:
            code = text(r)
            when = dates.get((doc, "valid_until" if code == "expired" else "issued"))
            reasons.append(Reason(code, {"document": doc, "date": _date_text(when), "as_of": tr.res.evaluation_date}))
    if any(text(c) == clause for (c,) in m.args("off")):
        reasons.append(Reason("switched_off", {}))
    for c, r in m.args("unmet"):
        if text(c) == clause:
            reasons.append(Reason("recipient", {"condition": text(r)}))
    qualified = sorted({text(mm) for c, mm, _ in m.args("qualifies") if text(c) == clause})
    for mt in qualified:
        reasons.extend(_matter_reasons(tr, clause, mt))
    near: list[NearMiss] = []
    change: list[Reason] = []
    if not qualified:
        near, missing_kind = _near_misses(tr, clause)
        if missing_kind:
            reasons.append(Reason("no_matter_of_kind", {"kind": missing_kind}))
        for miss in near:
            if len(miss.failed) == 1:
                threshold = _threshold_change(miss.failed[0], miss.matter)
                if threshold:
                    change.append(threshold)
    if not reasons and not near:
        return None
    change.extend(_scope_changes(reasons))
    if near and not change:
        change.append(Reason("no_single_change", {}))
    return WhyNot(clause=clause, source=_source(tr.cat, clause), reasons=reasons, near_misses=near,
                  smallest_change=change)


def _scope_changes(reasons: list[Reason]) -> list[Reason]:
    """Changes to the applicant's own facts that lift a scope, date or recipient reason."""
    out: list[Reason] = []
    for r in reasons:
        if r.code == "scope_district":
            out.append(Reason("register_in", {"district": r.params["required"]}))
        elif r.code == "expired":
            out.append(Reason("evaluate_by", {"date": r.params["date"]}))
        elif r.code == "not_yet_issued":
            out.append(Reason("evaluate_from", {"date": r.params["date"]}))
        elif r.code in ("recipient", "scope_requires"):
            out.append(Reason("become", {"condition": r.params["condition"]}))
    return out


def _matter_reasons(tr: _Tracer, clause: str, mt: str) -> list[Reason]:
    m = tr.m
    same = lambda c, mm: text(c) == clause and text(mm) == mt  # noqa: E731
    out: list[Reason] = []
    for c, mm, f in m.args("missing_base"):
        if same(c, mm):
            out.append(Reason("missing_base", {"matter": mt, "field": text(f), "path": tr.matter_path(mt)}))
    for c, mm in m.args("blocked"):
        if same(c, mm):
            out.append(Reason("blocked_by_earlier", {"matter": mt}))
    for c, mm, _ in m.args("earlier_exhausts"):
        if same(c, mm):
            out.append(Reason("earlier_exhausts", {"matter": mt}))
    for c, mm, _ in m.args("not_counted_ceiling"):
        if same(c, mm):
            out.append(Reason("ceiling_not_counted", {"matter": mt}))
    for c, mm in m.args("event_outside_clause"):
        if same(c, mm):
            out.append(Reason("event_outside_window", {"matter": mt}))
    for c, mm, c2 in m.args("supported_elsewhere"):
        if same(c, mm):
            mine = max((from_symbol(v) for cc, m2, _, v in m.args("cand") if same(cc, m2)), default=0)
            other = max((from_symbol(v) for cc, m2, _, v in m.args("cand")
                         if text(cc) == text(c2) and text(m2) == mt), default=0)
            out.append(Reason("supported_elsewhere", {"matter": mt, "clause": text(c2),
                                                      "amount": mine, "other_amount": other}))
    return out


def _near_misses(tr: _Tracer, clause: str) -> tuple[list[NearMiss], str]:
    """The matters closest to qualifying (fewest unmet conditions), or the kind no matter has."""
    candidates: list[tuple[int, NearMiss]] = []
    kinds_needed = []
    for rid in tr.rules_of(clause):
        rule = tr.ins.qualifying[rid]
        kinds_needed.append(rule.kind)
        for mt, kind in tr.kinds.items():
            if kind != rule.kind:
                continue
            traces = tr.conditions(clause, rid, mt)
            failed = [t for t in traces if not t.ok]
            # A rule for another reading of the law is not a near miss.
            if any(t.code == "reading" for t in failed):
                continue
            candidates.append((len(failed), NearMiss(mt, tr.matter_path(mt), rid, failed)))
    if not candidates:
        kinds = sorted(set(kinds_needed))
        return [], ", ".join(kinds)
    best = min(n for n, _ in candidates)
    return [miss for n, miss in candidates if n == best][:3], ""


def _date_text(value: int | None) -> str:
    if value is None:
        return ""
    return dt.date(value // 10000, value // 100 % 100, value % 100).isoformat()


def _portfolio(symbols: list[Symbol], optimal: bool, cat: Catalogue, base: dict[tuple[str, str], int] | None,
               applicant: Applicant, settings: facts_mod.Settings) -> Portfolio:
    sol = solve.Solution(symbols=symbols, optimal=optimal, tied=[], catalogue=cat)
    res = result_mod.of_applicant(sol, applicant, settings, applicant.source)
    mine: dict[tuple[str, str], int] = {}
    for a in res.awards:
        mine[(a.clause, a.matter)] = mine.get((a.clause, a.matter), 0) + a.amount
    differs: list[Reason] = []
    if base is not None:
        for key in sorted(set(base) | set(mine)):
            if base.get(key, 0) != mine.get(key, 0):
                differs.append(Reason("differs", {"clause": key[0], "matter": key[1],
                                                  "optimum": base.get(key, 0), "here": mine.get(key, 0)}))
    return Portfolio(total=res.total, optimal=optimal, differs=differs,
                     awards=[{"clause": a.clause, "matter": a.matter, "year": a.year, "amount": a.amount}
                             for a in res.awards])


def _next_best(facts_: list[Symbol], solution: solve.Solution, count: int, base: dict[tuple[str, str], int],
               applicant: Applicant, settings: facts_mod.Settings) -> list[Portfolio]:
    """The next-best portfolios: forbid every portfolio found so far, and optimise again.

    Each round is a fresh solve: re-solving one Control after adding the constraint
    stalled under clasp's usc strategy (measured with clingo 5.8.3), grounding again
    costs tens of milliseconds.
    """
    found: list[Portfolio] = []
    excluded = [[s for s in model if s.name == "support"] for model in (solution.tied or [solution.symbols])]
    for _ in range(count):
        if any(not supports for supports in excluded):
            return found

        def forbid(ctl, forbidden=tuple(tuple(x) for x in excluded)) -> None:
            with ctl.backend() as backend:
                for supports in forbidden:
                    backend.add_rule([], [backend.add_atom(s) for s in supports])

        try:
            nxt = solve.solve(facts_, time_limit=30, source=applicant.source, prepare=forbid)
        except NotProvenError:
            return found
        found.append(_portfolio(nxt.symbols, nxt.optimal, solution.catalogue, base, applicant, settings))
        excluded += [[s for s in model if s.name == "support"] for model in (nxt.tied or [nxt.symbols])]
    return found


def explain(applicant: Applicant, settings: facts_mod.Settings, *, clause: str | None = None,
            alternatives: int = 0, time_limit: float | None = None,
            program: Sequence[ast.AST] | None = None) -> Explanation:
    """The full trace of the applicant's optimum (optionally focused on one clause).

    ``program`` is kb/explain.lp parsed once (solve.parse_kb), for a process that explains many.
    """
    symbols, origins = facts_mod.build_traced(applicant, settings)
    solution = solve.solve(symbols, time_limit=time_limit, source=applicant.source,
                           entry=kb_dir() / "explain.lp", prepare=instrument.add_to, program=program)
    cat = solution.catalogue
    if clause is not None and clause not in cat.clauses:
        raise InputError("--clause", clause, "unknown clause id (see kb/documents/)")
    res = result_mod.of_applicant(solution, applicant, settings, applicant.source)
    model = _Model(solution.symbols + _input_atoms(solution, symbols))
    tracer = _Tracer(model, cat, origins, applicant, res)
    awards = [_award_trace(tracer, a) for a in res.awards if clause in (None, a.clause)]
    paying = {a.clause for a in res.awards if a.amount > 0}
    listed = {s.clause for s in res.services} | {u.clause for u in res.unquantified}
    scope = sorted({text(c) for (c,) in model.args("in_scope_clause")}, key=natural)
    why_not = [w for c in scope if c not in paying and c not in listed and clause in (None, c)
               if (w := _why_not(tracer, c)) is not None]
    base = {}
    for a in res.awards:
        base[(a.clause, a.matter)] = base.get((a.clause, a.matter), 0) + a.amount
    tied = [_portfolio(t, True, cat, base, applicant, settings) for t in solution.tied] \
        if len(solution.tied) > 1 else []
    others = _next_best(symbols, solution, alternatives, base, applicant, settings) if alternatives else []
    return Explanation(result=res, awards=awards, why_not=why_not, unique=len(solution.tied) <= 1,
                       tied=tied, alternatives=others, clause=clause, titles_zh=dict(cat.titles_zh))


def _input_atoms(solution: solve.Solution, symbols: list[Symbol]) -> list[Symbol]:
    """The applicant's matter facts and the clauses' amount forms, which the trace quotes."""
    wanted = {"matter"}
    extra = [s for s in symbols if s.name in wanted]
    ctl = solution.control
    if ctl is not None:
        extra += [a.symbol for a in ctl.symbolic_atoms.by_signature("amount_form", 2)]
    return extra
