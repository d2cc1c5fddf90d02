"""Bounded solving: a 10,000-matter applicant returns a valid result under --time-limit, and
a file with more than 20,000 matters is refused before any work."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT
from generate import tongzhou_applicant

from pycli.errors import InputError
from pycli.input.load import MAX_MATTERS, validate

#: The whole command's bound (reading, grounding, solving: docs/cli.md), generous enough for
#: a busy machine, where reading and grounding 10,000 matters alone can take a minute.
TIME_LIMIT = 300
TONGZHOU_DOCUMENTS = {"tongzhou_pz", "tongzhou_de"}
NOT_PROVEN = "time limit reached: the best portfolio found is shown, its optimality is not proven"


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    # The time limit bounds the whole command; the child is only stopped if it hangs far
    # beyond it (no timing is asserted).
    return subprocess.run([sys.executable, "-m", "pycli", *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=TIME_LIMIT + 300)


def test_ten_thousand_matters_return_a_valid_result_within_the_time_limit(tmp_path: Path) -> None:
    data = tongzhou_applicant(10_000)
    path = tmp_path / "g10000.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    proc = _run("optimize", str(path), "--format", "json", "--time-limit", str(TIME_LIMIT))
    assert proc.returncode in (0, 3), proc.stderr
    out = json.loads(proc.stdout)
    if proc.returncode == 0:
        assert out["optimal"] is True and out["message"] == ""
    else:
        assert out["optimal"] is False and out["message"] == NOT_PROVEN
    ids = {item["id"] for name in ("projects", "standards", "service_contracts", "events", "filings")
           for item in data[name]}
    assert out["total"] == sum(a["amount"] for a in out["awards"]) > 0
    assert {a["matter"] for a in out["awards"]} <= ids
    assert {a["document"] for a in out["awards"]} <= TONGZHOU_DOCUMENTS
    # One Tongzhou family: each matter is supported by one clause at most.
    clauses_of: dict[str, set[str]] = {}
    for award in out["awards"]:
        clauses_of.setdefault(award["matter"], set()).add(award["clause"])
    assert all(len(c) == 1 for c in clauses_of.values())
    for cap in out["caps"]:
        members = [a for a in out["awards"] if a["cap_group"] == cap["group"]
                   and (cap["scope"] == "entity" or a["year"] == cap["year"])]
        assert sum(a["amount"] for a in members) == cap["cap"] < cap["requested"] == sum(a["gross"] for a in members)


def _matters(count: int) -> dict[str, Any]:
    return {"district": "tongzhou", "sectors": ["data_elements"],
            "standards": [{"id": f"s{i}", "level": "national", "role": "lead"} for i in range(count)]}


def test_more_than_twenty_thousand_matters_are_refused_naming_the_file(tmp_path: Path) -> None:
    path = tmp_path / "huge.json"
    path.write_text(json.dumps(_matters(MAX_MATTERS + 1)), encoding="utf-8")
    proc = _run("optimize", str(path))
    assert proc.returncode == 2 and proc.stdout == "" and "Traceback" not in proc.stderr
    assert proc.stderr == f"policykb: {path}: 20,001 matters, more than the 20,000 one applicant file may hold\n"


def test_the_matter_limit_counts_every_list() -> None:
    data = _matters(MAX_MATTERS - 1)
    data["events"] = [{"id": "e1", "type": "conference"}, {"id": "e2", "type": "conference"}]
    with pytest.raises(InputError, match="20,001 matters"):
        validate(data, "mixed.yaml")
    data["events"].pop()
    assert len(validate(data, "mixed.yaml").data["standards"]) == MAX_MATTERS - 1
