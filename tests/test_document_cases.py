"""Each document's own cases (kb/documents/<doc>/cases.yaml), found, not listed: a new
document's cases are run as soon as its folder has them."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT, evaluate_data

from pycli.kbtools import document_cases

CASES = [(folder.name, case) for folder, cases in document_cases.of_folder(ROOT / "kb" / "documents")
         for case in cases]


def test_every_document_has_cases() -> None:
    folders = {p.parent.name for p in (ROOT / "kb" / "documents").glob("*/rules.lp")}
    assert folders == {name for name, _ in CASES}


@pytest.mark.parametrize("folder,case", CASES, ids=[f"{f}: {c['name']}" for f, c in CASES])
def test_document_case(folder: str, case: dict[str, Any], tmp_path: Path) -> None:
    res = evaluate_data(case["applicant"], tmp_path)
    assert res.total == case["total"], case["says"]
    assert sorted({a.clause for a in res.awards if a.amount}) == sorted(case["clauses"]), case["says"]
    # A document's cases name its own clauses only.
    rules = (ROOT / "kb" / "documents" / folder / "rules.lp").read_text(encoding="utf-8")
    (own,) = re.findall(r"^document\((\w+)\)", rules, re.M)
    assert all(c.startswith(f"{own}.") for c in case["clauses"])
