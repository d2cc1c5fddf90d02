"""Explanation traces for auditors: why every award was paid, and why every other clause was not.

Everything is read from the solver's model of kb/explain.lp plus the condition
tracing of instrument.py: the clause, the applicant facts (by field path) that met
each condition, the arithmetic atoms (base, ratio, caps, deductions), the other
clauses a matter qualified for, and the unmet conditions of the rest.  Python only
arranges these atoms; the law is not computed a second time.  This module runs the
solve and assembles the trace; atoms.py reads the model, awards.py, whynot.py and
portfolios.py build each part, trace.py holds the model of the trace.
"""

from __future__ import annotations

from collections.abc import Sequence

from clingo import Symbol, ast

from pycli.engine import facts as facts_mod
from pycli.engine import result as result_mod
from pycli.engine import solve
from pycli.errors import InputError
from pycli.explanation import instrument, whynot
from pycli.explanation.atoms import Model, Tracer
from pycli.explanation.awards import award_trace
from pycli.explanation.portfolios import next_best, portfolio
from pycli.explanation.trace import TRACE_SCHEMA_VERSION, Explanation
from pycli.input.load import Applicant
from pycli.kbtools.catalogue import text
from pycli.ordering import natural
from pycli.paths import kb_dir

__all__ = ["TRACE_SCHEMA_VERSION", "Explanation", "explain"]


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
    model = Model(solution.symbols + _input_atoms(solution, symbols))
    tracer = Tracer(model, cat, origins, applicant, res)
    traced = [award_trace(tracer, a) for a in res.awards]
    awards = [t for t in traced if clause in (None, t.clause)]
    choices = {(t.clause, t.matter): t.choice for t in traced if t.choice is not None}
    done = {(a.clause, a.matter) for a in res.awards} | {(s.clause, s.matter) for s in res.services} \
        | {(u.clause, u.matter) for u in res.unquantified}
    listed = {s.clause for s in res.services} | {u.clause for u in res.unquantified}
    scope = sorted({text(c) for (c,) in model.args("in_scope_clause")}, key=natural)
    why_not = [w for c in scope if clause in (None, c) and c not in listed
               if (w := whynot.why_not(tracer, c, done, choices)) is not None]
    base = {}
    for a in res.awards:
        base[(a.clause, a.matter)] = base.get((a.clause, a.matter), 0) + a.amount
    tied = [portfolio(t, True, cat, base, applicant, settings) for t in solution.tied] \
        if len(solution.tied) > 1 else []
    others = next_best(symbols, solution, alternatives, base, applicant, settings) if alternatives else []
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
