"""Command-line usage errors are bad input like any other: one line naming the option or
argument, exit status 2 (found by fuzzing: click printed its usage block, four lines)."""

from __future__ import annotations

import pytest
from conftest import ROOT, run_cli

EXAMPLE = str(ROOT / "examples" / "xicheng-data-street.yaml")

USAGE = [
    (["optimize"], "policykb: FILE: missing"),
    (["optimize", EXAMPLE, "--horizon", "0"], "policykb: --horizon: 0 is not in the range 1<=x<=50"),
    (["optimize", EXAMPLE, "--horizon", "x"], "policykb: --horizon: 'x' is not a valid integer"),
    (["optimize", EXAMPLE, "--format", "nope"], "policykb: --format: 'nope' is not one of"),
    (["optimize", EXAMPLE, "--bogus"], "policykb: optimize: No such option '--bogus'"),
    (["optimize", EXAMPLE, "extra"], "policykb: optimize: Got unexpected extra argument"),
    (["explain", EXAMPLE, "--alternatives", "21"], "policykb: --alternatives: 21 is not in the range"),
    (["batch", "x.jsonl", "--out", "y.jsonl", "--workers", "0"], "policykb: --workers: 0 is not in the range"),
    (["bogus"], "policykb: usage: No such command 'bogus'"),
    (["--bogus"], "policykb: usage: No such option '--bogus'"),
    (["optimize", "/"], "policykb: /: not a regular file"),
]


@pytest.mark.parametrize("args,start", USAGE, ids=[" ".join(a[:1] + a[2:]) or "none" for a, _ in USAGE])
def test_a_usage_error_is_one_line_naming_the_option_with_exit_2(args: list[str], start: str) -> None:
    proc = run_cli(*args)
    assert proc.returncode == 2, proc.stderr
    assert proc.stderr.count("\n") == 1 and proc.stderr.startswith(start), proc.stderr
    assert proc.stdout == ""


def test_bare_policykb_still_shows_the_help() -> None:
    proc = run_cli()
    assert "Commands:" in proc.stdout + proc.stderr
