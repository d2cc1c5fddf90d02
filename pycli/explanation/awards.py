"""Why each award was paid: its arithmetic step by step, the other clauses of its family
it was eligible for, and why this one was chosen, all read from the model's atoms.
"""

from __future__ import annotations

from pycli.engine import result as result_mod
from pycli.explanation.atoms import Tracer, plain, source
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
    out += _group_cap(tr, award)
    out.append(Reason("amount", {"amount": award.amount}))
    return out


def _group_cap(tr: Tracer, award: result_mod.Award) -> list[Reason]:
    """The award's shared cap: trimmed (asked more than it pays), full (asked exactly it) or
    slack (room left), from the group_cap/2 atom and the awards of its group instance."""
    if award.cap_group is None:
        return []
    scope = tr.cat.cap_scopes.get(award.cap_group, "")
    year = award.year if scope == "year" else None
    for cap in tr.res.caps:
        if cap.group == award.cap_group and cap.year == year:
            return [Reason("group_cap" if cap.status == "trimmed" else "group_cap_full", {
                "group": cap.group, "scope": cap.scope, "year": cap.year, "cap": cap.cap,
                "requested": cap.requested, "trimmed": cap.trimmed, "this_award": award.gross - award.amount})]
    wanted = (award.cap_group, year if year is not None else "all")
    limit = next((from_symbol(k) for gi, k in tr.m.args("group_cap")
                  if (text(gi.arguments[0]), plain(gi.arguments[1])) == wanted), None)
    if limit is None:
        return []
    requested = sum(a.gross for a in tr.res.awards
                    if a.cap_group == award.cap_group and (year is None or a.year == year))
    return [Reason("group_cap_slack", {"group": award.cap_group, "scope": scope, "year": year, "cap": limit,
                                       "requested": requested, "left": limit - requested})]


def _choice(tr: Tracer, award: result_mod.Award, alternatives: list[Reason]) -> Reason | None:
    """Why the optimum supports the matter under this clause rather than another of its
    family: it pays more, the same (clause order decides), or what forced a lower one:
    the other clause's full cap (cap_pushed/3), its once-per-applicant award taken by
    another matter (once_taken/2), or, where neither, the larger proven total."""
    if not alternatives:
        return None
    best_other = max(a.params["amount"] for a in alternatives)
    if award.gross > best_other:
        return Reason("pays_more", {"amount": award.gross, "other": best_other})
    if award.gross == best_other:
        return Reason("tie_clause_order", {"amount": award.gross})
    richer = [a for a in alternatives if a.params["amount"] > award.gross]
    for alt in richer:
        for cap in tr.res.caps:
            if {"clause": alt.params["clause"], "matter": award.matter} in cap.pushed:
                filled = [f"{a.matter} ({a.clause})" for a in tr.res.awards
                          if a.cap_group == cap.group and (cap.year is None or a.year == cap.year)]
                return Reason("cap_full_elsewhere", {
                    "clause": alt.params["clause"], "other": alt.params["amount"], "amount": award.gross,
                    "group": cap.group, "year": cap.year, "cap": cap.cap, "filled_by": filled})
    taken = {text(c) for c, mm in tr.m.args("once_taken") if text(mm) == award.matter}
    for alt in richer:
        if alt.params["clause"] in taken:
            holder = next((a.matter for a in tr.res.awards if a.clause == alt.params["clause"]), "")
            return Reason("once_only", {"clause": alt.params["clause"], "other": alt.params["amount"],
                                        "amount": award.gross, "holder": holder})
    alt = max(richer, key=lambda a: a.params["amount"])
    return Reason("total_higher", {"clause": alt.params["clause"], "other": alt.params["amount"],
                                   "amount": award.gross})


def award_trace(tr: Tracer, award: result_mod.Award) -> AwardTrace:
    """The trace of one award: its rule and conditions, arithmetic, alternatives and choice."""
    m, c, mt = tr.m, award.clause, award.matter
    rule = tr.passing_rule(c, mt)
    alternatives = [Reason("alternative", {"clause": text(c2), "amount": from_symbol(v2)})
                    for cc, mm, c2, v2 in m.args("alternative") if text(cc) == c and text(mm) == mt]
    choice = _choice(tr, award, alternatives)
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


