"""The example commands of a guide in docs/ and the matching of their shown output.

A ``$ policykb`` block is a command and the lines it prints; a shown line ``...``
stands for any number of lines left out.  Without a leading (trailing) ``...`` the
output must start (end) as shown.
"""

from __future__ import annotations

import re
from pathlib import Path

_BLOCK = re.compile(r"^```\n(\$ policykb .*?)^```$", re.M | re.S)


def examples(guide: Path) -> list[tuple[str, list[str]]]:
    """(command, shown output lines) of every ``$ policykb`` block of ``guide``."""
    found = []
    for block in _BLOCK.findall(guide.read_text(encoding="utf-8")):
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
