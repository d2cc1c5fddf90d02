"""Why each award was paid: its arithmetic step by step, the other clauses of its family
it was eligible for, and why this one was chosen, all read from the model's atoms.
"""

from __future__ import annotations

from pycli.engine import result as result_mod
from pycli.explanation.atoms import Tracer, source
from pycli.explanation.trace import AwardTrace, Reason
from pycli.kbtools.catalogue import text
from pycli.money import from_symbol


def steps(tr: Tracer, award: result_mod.Award) -> list[Reason]:
    """The arithmetic of one award, in order, from base or flat amount to the amount paid."""
    m, c, mt = tr.m, award.clause, award.matter
    out: list[Reason] = []
    tiers = [text(t) for cc, mm, t in m.args("qualifies") if text(cc) == c and text(mm) == mt]
    tier = next((t for t in tiers if t != "base"), "base")
    if tier != "base":
        out.append(Reason("tier", {"tier": tier}))
    bases = [(b, t) for cc, mm, t, b in m.args("base_amount") if text(cc) == c and text(mm) == mt]
    ratio = {text(t): r for cc, t, r in m.args("ratio_for") if text(cc) == c}
    gross = {text(t): g for cc, mm, t, g in m.args("gross") if text(cc) == c and text(mm) == mt}
    form = next((text(f) for cc, f in m.args("amount_form") if text(cc) == c), "")
    for base, t in bases:
        r = ratio.get(text(t))
        if r is not None and text(t) in gross:
            out.append(Reason("ratio", {"field": form[form.find("(") + 1:-1] if "(" in form else "",
                                          "base": from_symbol(base), "p": r.arguments[0].number,
                                          "q": r.arguments[1].number, "result": from_symbol(gross[text(t)])}))
    if not bases:
        for cc, t, name, value in m.args("pv"):
            if text(cc) == c and text(t) == tier and text(name) == "amount":
                out.append(Reason("flat", {"tier": tier, "amount": from_symbol(value)}))
    for cc, mm, _t, g, k in m.args("project_cap_trims"):
        if text(cc) == c and text(mm) == mt:
            out.append(Reason("project_cap", {"gross": from_symbol(g), "cap": from_symbol(k)}))
    paid = [(i.number, from_symbol(e)) for cc, mm, i, e in m.args("paid_before") if text(cc) == c and text(mm) == mt]
    if paid:
        out.append(Reason("deduct_earlier", {"records": [f"earlier_support[{i}]" for i, _ in paid],
                                               "amount": sum(e for _, e in paid)}))
    payment = next((text(p) for cc, p in m.args("payment") if text(cc) == c), "once")
    terms = [(n.number, k.number) for (cc, t, n), (c2, t2, k) in
             ((a, b) for a in m.args("term") for b in m.args("counted_years"))
             if text(cc) == c and text(c2) == c and text(t) == tier and text(t2) == tier]
    if payment == "annual" and terms:
        out.append(Reason("annual", {"year": award.year, "term": terms[0][0], "counted": terms[0][1]}))
    if payment == "cumulative" and terms:
        out.append(Reason("cumulative", {"term": terms[0][0], "counted": terms[0][1]}))
    for cap in tr.res.caps:
        if award.cap_group == cap.group and (cap.year is None or cap.year == award.year):
            out.append(Reason("group_cap", {"group": cap.group, "scope": cap.scope, "year": cap.year,
                                              "cap": cap.cap, "requested": cap.requested,
                                              "trimmed": cap.trimmed, "this_award": award.gross - award.amount}))
    out.append(Reason("amount", {"amount": award.amount}))
    return out


def award_trace(tr: Tracer, award: result_mod.Award) -> AwardTrace:
    """The trace of one award: its rule and conditions, arithmetic, alternatives and choice."""
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
            field_name = next((s.params["field"] for s in steps(tr, award) if s.code == "ratio"), "")
            cap = next(from_symbol(k) for c2, t2, n, k in m.args("pv")
                       if text(c2) == c and text(t2) == text(t) and text(n) == "cap")
            change.append(Reason("base_reaches_cap", {"field": field_name, "base": from_symbol(b), "cap": cap}))
    if award.amount < award.gross:
        change.append(Reason("cap_binds_no_change", {"group": award.cap_group}))
    return AwardTrace(
        clause=c, matter=mt, matter_path=tr.matter_path(mt), year=award.year, kind=award.kind,
        amount=award.amount, gross=award.gross, source=source(tr.cat, c), rule=rule,
        conditions=tr.conditions(c, rule, mt) if rule else [], steps=steps(tr, award),
        alternatives=alternatives, choice=choice, smallest_change=change)


