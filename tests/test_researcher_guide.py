"""Every example command of docs/researcher-guide.md still prints what the guide shows.

A shown output is matched line by line; a line `...` stands for any number of lines left
out.  Without a leading (trailing) `...` the output must start (end) as shown.
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
from conftest import ROOT
from inprocess import run

GUIDE = ROOT / "docs" / "researcher-guide.md"
_BLOCK = re.compile(r"^```\n(\$ policykb .*?)^```$", re.M | re.S)


def examples() -> list[tuple[str, list[str]]]:
    """(command, shown output lines) of every ``$ policykb`` block."""
    found = []
    for block in _BLOCK.findall(GUIDE.read_text(encoding="utf-8")):
        first, *shown = block.rstrip("\n").split("\n")
        found.append((first[2:], shown))
    return found


def matches(shown: list[str], actual: list[str]) -> bool:
    """The shown lines appear in order, with `...` for gaps, anchored where no `...` is."""
    segments: list[list[str]] = [[]]
    for line in shown:
        if line == "...":
            segments.append([])
        else:
            segments[-1].append(line.rstrip())
    actual = [line.rstrip() for line in actual]
    while actual and not actual[-1]:
        actual.pop()
    position = 0
    for index, segment in enumerate(segments):
        if not segment:
            continue
        anchored = index == 0
        starts = [position] if anchored else range(position, len(actual) - len(segment) + 1)
        for start in starts:
            if actual[start:start + len(segment)] == segment:
                position = start + len(segment)
                break
        else:
            return False
    return bool(segments[-1]) is False or position == len(actual)


def test_the_guide_has_examples_of_every_command() -> None:
    commands = {shlex.split(command)[1] for command, _ in examples()}
    assert {"whatif", "compare", "sweep", "query", "clauses"} <= commands
    assert any("--plot" in command for command, _ in examples())
    assert any("--reform" in command for command, _ in examples())


@pytest.mark.parametrize("command,shown", examples(), ids=[c for c, _ in examples()])
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
