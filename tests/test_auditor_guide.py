"""Every example command of docs/auditor-guide.md still prints what the guide shows,
the full Tongzhou trace with a full shared cap among them."""

from __future__ import annotations

import shlex

import pytest
from conftest import ROOT
from guides import examples, matches
from inprocess import run

GUIDE = ROOT / "docs" / "auditor-guide.md"


def test_the_guide_walks_through_a_full_cap_trace() -> None:
    commands = [command for command, _ in examples(GUIDE)]
    assert "policykb explain tests/cases/caps/t12-cap-full-pushes-to-p4.yaml" in commands


@pytest.mark.parametrize("command,shown", examples(GUIDE), ids=[c for c, _ in examples(GUIDE)])
def test_example_output_is_as_shown(command: str, shown: list[str]) -> None:
    proc = run(*shlex.split(command)[1:])
    actual = (proc.stdout + proc.stderr).splitlines()
    assert matches(shown, actual), "\n".join(["shown:"] + shown + ["actual:"] + actual)
