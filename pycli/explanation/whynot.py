"""Why a clause pays nothing: the document's scope and validity, recipient conditions,
and per matter of the kind it reads what stopped it, from the model's atoms.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from pycli.explanation.atoms import Tracer, source
from pycli.explanation.trace import ConditionTrace, NearMiss, Reason, WhyNot
from pycli.kbtools.catalogue import text
from pycli.money import from_symbol


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


def why_not(tr: Tracer, clause: str, done: set[tuple[str, str]],
            choices: dict[tuple[str, str], Reason]) -> WhyNot | None:
    """The why-not trace of ``clause``, or None when nothing stops it.

    Every matter of a kind the clause reads is accounted for, unless ``done`` (clause,
    matter) says the clause paid or listed it: the clause did not apply, the matter is
    supported under another clause of the family (with that award's ``choices`` reason),
    something else stopped it, or the conditions it failed.
    """
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
    clause_reasons = bool(reasons)
    near: list[NearMiss] = []
    change: list[Reason] = []
    kinds = sorted({tr.ins.qualifying[rid].kind for rid in tr.rules_of(clause)})
    matters = sorted(mt for mt, kind in tr.kinds.items() if kind in kinds and (clause, mt) not in done)
    qualified = {text(mm) for c, mm, _ in m.args("qualifies") if text(c) == clause}
    for mt in matters:
        if mt in qualified:
            found = _matter_reasons(tr, clause, mt, choices)
            if not found and not clause_reasons:
                found = [Reason("nothing_to_pay", {"matter": mt})]
            reasons.extend(found)
            continue
        own = [(text(code), text(other)) for c, mm, code, other in m.args("not_qualified")
               if text(c) == clause and text(mm) == mt]
        if own:
            reasons.extend(Reason(f"not_qualified_{code}", {"matter": mt, "other": other}) for code, other in own)
            continue
        miss = _near_miss(tr, clause, mt)
        if miss is None:
            reasons.append(Reason("other_reading_only", {"matter": mt}))
            continue
        if not miss.failed:
            # Every condition of the rule holds, yet the clause's rule does not take the
            # matter and the knowledge base names no reason: say so, never a near miss.
            reasons.append(Reason("conditions_met_not_qualified", {"matter": mt, "rule": miss.rule}))
            continue
        near.append(miss)
        if len(miss.failed) == 1:
            change.extend(miss.smallest_change)
    if kinds and not any(kind in kinds for kind in tr.kinds.values()):
        reasons.append(Reason("no_matter_of_kind", {"kind": ", ".join(kinds)}))
    if not reasons and not near:
        return None
    change.extend(_scope_changes(reasons))
    if near and not change:
        change.append(Reason("no_single_change", {}))
    return WhyNot(clause=clause, source=source(tr.cat, clause), reasons=reasons, near_misses=near,
                  smallest_change=change, pays_others=any(c == clause for c, _ in done))


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


def _matter_reasons(tr: Tracer, clause: str, mt: str, choices: dict[tuple[str, str], Reason]) -> list[Reason]:
    """What stopped a matter that meets the clause's conditions."""
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
            if (text(c2), mt) in choices:
                out.append(choices[(text(c2), mt)])
    return out


def _near_miss(tr: Tracer, clause: str, mt: str) -> NearMiss | None:
    """The rule of the clause the matter comes closest to (fewest conditions failed, in the
    model's verdicts), with the least change to each failed comparison; None when every
    rule is for another reading of the law."""
    best: NearMiss | None = None
    for rid in tr.rules_of(clause):
        if tr.ins.qualifying[rid].kind != tr.kinds.get(mt):
            continue
        failed = [t for t in tr.conditions(clause, rid, mt) if not t.ok]
        # A rule for another reading of the law is not a near miss.
        if any(t.code == "reading" for t in failed):
            continue
        if best is None or len(failed) < len(best.failed):
            changes = [r for t in failed if (r := _threshold_change(t, mt)) is not None]
            best = NearMiss(mt, tr.matter_path(mt), rid, failed, changes)
    return best


def _date_text(value: int | None) -> str:
    if value is None:
        return ""
    return dt.date(value // 10000, value // 100 % 100, value % 100).isoformat()


