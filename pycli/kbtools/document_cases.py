"""Each document's own cases: kb/documents/<doc>/cases.yaml, applicants with hand-computed totals.

The tests run them (tests/test_document_cases.py) and ``policykb check`` counts the
clauses they name as tested, so a new document brings its cases in its own folder.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

#: The fields every case has.
FIELDS = ("name", "says", "total", "clauses", "applicant")


def read(path: Path) -> list[dict[str, Any]]:
    """The cases of one cases.yaml; ValueError naming the file if one lacks a field."""
    raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    cases = raw.get("cases") if isinstance(raw, dict) else None
    if not isinstance(cases, list):
        raise ValueError(f"{path}: expected `cases:` a list")
    for index, case in enumerate(cases):
        if not isinstance(case, dict) or not set(FIELDS) <= set(case):
            raise ValueError(f"{path}: cases[{index}] needs {', '.join(FIELDS)}")
    return cases


def of_folder(documents: Path) -> list[tuple[Path, list[dict[str, Any]]]]:
    """(document folder, its cases) for every folder of ``documents`` with a cases.yaml."""
    return [(path.parent, read(path)) for path in sorted(documents.glob("*/cases.yaml"))]
