"""Every example command of docs/researcher-guide.md still prints what the guide shows.

A shown output is matched line by line; a line `...` stands for any number of lines left
out.  Without a leading (trailing) `...` the output must start (end) as shown.
"""

from __future__ import annotations

import shlex
from pathlib import Path

import pytest
from conftest import ROOT
from guides import examples, matches
from inprocess import run

GUIDE = ROOT / "docs" / "researcher-guide.md"


def test_the_guide_has_examples_of_every_command() -> None:
    commands = {shlex.split(command)[1] for command, _ in examples(GUIDE)}
    assert {"whatif", "compare", "sweep", "query", "clauses"} <= commands
    assert any("--plot" in command for command, _ in examples(GUIDE))
    assert any("--reform" in command for command, _ in examples(GUIDE))


@pytest.mark.parametrize("command,shown", examples(GUIDE), ids=[c for c, _ in examples(GUIDE)])
def test_example_output_is_as_shown(command: str, shown: list[str], tmp_path: Path) -> None:
    args = shlex.split(command)[1:]
    plot = None
    if "--plot" in args:
        at = args.index("--plot") + 1
        plot = tmp_path / Path(args[at]).name
        args[at] = str(plot)
    proc = run(*args)
    actual = (proc.stdout + proc.stderr).splitlines()
    assert matches(shown, actual), "\n".join(["shown:"] + shown + ["actual:"] + actual)
    if plot is not None:
        assert plot.read_text(encoding="utf-8").startswith("<?xml")


def test_the_matcher_can_fail() -> None:
    assert matches(["a", "...", "c"], ["a", "b", "c"])
    assert not matches(["a", "c"], ["a", "b", "c"])
    assert not matches(["b", "..."], ["a", "b"])
    assert not matches(["...", "a"], ["a", "b"])
