"""Grounding's fixed cost: what one ground call costs before any applicant is in it.

The targets that are missed (a 4-place compare under 5 ms a place, `policykb optimize` at
most 3x the floor) are bounded below by this cost, so it is measured on its own:

* kb/main.lp (the one-shot program), kb/research.lp (main.lp and one #show) and its
  rewrite for shared grounding (engine/indexed.py), each grounded with no applicant;
* the rewrite split into the law's own statements (no applicant index) and the
  statements that carry the index, which cannot fire without an applicant;
* the indexed statements as a parametrised program part ``#program app(k)``, grounded
  again and again in one Control: whether a long-lived Control (a service, a workbench
  kept open) could pay the fixed cost once and add applicants cheaply.

Runs are interleaved (each variant once per round) so that the machine's drift falls on
all of them alike; the table gives the minimum and the median.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable, Sequence

import clingo
from clingo import ast

from pycli.engine import indexed, shared, solve
from pycli.engine.solve import SOLVER_OPTIONS
from pycli.paths import kb_entry
from pycli.research import workbench

from .common import ms, table

_HERE = ast.Location(ast.Position("<bench>", 1, 1), ast.Position("<bench>", 1, 1))
#: The part parameter the rewrite's index variable (indexed.INDEX) becomes.
PARAMETER = "k"


class _Probe(ast.Transformer):
    """Finds the index variable in a statement, or replaces it with the part's parameter."""

    def __init__(self, replace: bool) -> None:
        self.replace = replace
        self.found = False

    def visit_Variable(self, node: ast.AST) -> ast.AST:  # noqa: N802 (clingo's visitor naming)
        if node.name != indexed.INDEX:
            return node
        self.found = True
        return ast.SymbolicTerm(node.location, clingo.Function(PARAMETER)) if self.replace else node


def _indexed(statement: ast.AST) -> bool:
    probe = _Probe(replace=False)
    probe(statement)
    return probe.found


def _as_part(statement: ast.AST) -> ast.AST:
    return _Probe(replace=True)(statement)


def _control(statements: Sequence[ast.AST]) -> clingo.Control:
    ctl = clingo.Control(SOLVER_OPTIONS, logger=lambda _c, _m: None)
    with ast.ProgramBuilder(ctl) as builder:
        for statement in statements:
            builder.add(statement)
    return ctl


def _ground_seconds(statements: Sequence[ast.AST]) -> float:
    ctl = _control(statements)
    started = time.perf_counter()
    ctl.ground([("base", [])])
    return time.perf_counter() - started


def _part_calls(law: Sequence[ast.AST], indexed: Sequence[ast.AST], calls: int) -> list[float]:
    """Seconds of each ground call of ``#program app(k)`` after the law's base part."""
    part = [ast.Program(_HERE, "app", [ast.Id(_HERE, PARAMETER)])] + [_as_part(s) for s in indexed]
    ctl = _control(list(law) + part)
    ctl.ground([("base", [])])
    seconds = []
    for k in range(1, calls + 1):
        started = time.perf_counter()
        ctl.ground([("app", [clingo.Number(k)])])
        seconds.append(time.perf_counter() - started)
    return seconds


def run(quick: bool) -> str:
    rounds = 5 if quick else 15
    main_program = tuple(solve.parse_kb(kb_entry()))
    research = tuple(solve.parse_kb(workbench.entry()))
    rewrite = shared.indexed_kb(workbench.entry()).statements
    law = [s for s in rewrite if not _indexed(s)]
    carried = [s for s in rewrite if _indexed(s)]
    variants: dict[str, Callable[[], float]] = {
        f"kb/main.lp, no applicant ({len(main_program)} statements)": lambda: _ground_seconds(main_program),
        f"kb/research.lp, no applicant ({len(research)} statements)": lambda: _ground_seconds(research),
        f"rewrite, no applicant ({len(rewrite)} statements)": lambda: _ground_seconds(rewrite),
        f"  its law-only statements ({len(law)})": lambda: _ground_seconds(law),
        f"  its indexed statements ({len(carried)})": lambda: _ground_seconds(carried),
    }
    samples: dict[str, list[float]] = {name: [] for name in variants}
    for _ in range(rounds):
        for name, measure in variants.items():
            samples[name].append(measure())
    rows = [[name, ms(min(values)), ms(statistics.median(values))] for name, values in samples.items()]
    calls = _part_calls(law, carried, rounds)
    rows.append([f"#program app(k) of the indexed statements, per ground call ({rounds} calls, one Control)",
                 ms(min(calls)), ms(statistics.median(calls))])
    per_call = statistics.median(samples[f"rewrite, no applicant ({len(rewrite)} statements)"])
    out = [table(["ground call", "min ms", "median ms"], rows,
                 f"Grounding with no applicant, {rounds} interleaved rounds")]
    out.append(f"a compare grounds its places in one call: with 4 places that call alone is "
               f"{ms(per_call / 4)} ms a place before any place is in it (target: under 5 ms a place)\n")
    return "\n".join(out)
