"""Every trace agrees with its model, on many generated applicants (bench/generate.py:
all three districts, the mixed and the adversarial shapes, pilot-zone applicants among
them), checked from the JSON an auditor reads, not from the code that wrote it:

* the awards sum to the total, and are the result's awards;
* each award's stated reason fits the amounts and caps: ``pays_more`` only when it pays
  more than every alternative, ``tie_clause_order`` only when the best alternative pays
  the same, a lower-paying clause only with what forced it (a full cap of the result
  that pushed this matter, filled by awards of the result; a once-only clause paid to
  another matter; or the total), every trim naming the cap that trimmed it;
* every why-not names at least one reason or failed condition, and a near miss's
  conditions are all failed ones;
* every matter of a kind a paying clause reads is paid by it or explained in its
  why-not.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from inprocess import run

from bench import generate

SHAPES = [(d, s, n, seed) for d in generate.DISTRICTS for s in generate.SHAPES for n in (6, 14, 30) for seed in range(5)]


def trace(data: dict[str, Any], tmp_path: Path) -> dict[str, Any]:
    path = tmp_path / "applicant.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    proc = run("explain", str(path), "--format", "json")
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


def matters(data: dict[str, Any]) -> dict[str, set[str]]:
    """Matter ids of the file by list (``projects``, ``standards``, ...)."""
    return {key: {item["id"] for item in value} for key, value in data.items()
            if isinstance(value, list) and value and isinstance(value[0], dict) and "id" in value[0]}


def check_choice(award: dict[str, Any], result: dict[str, Any]) -> None:
    choice, alternatives = award["choice"], {a["params"]["clause"]: a["params"]["amount"] for a in award["alternatives"]}
    if not alternatives:
        assert choice is None
        return
    code, p = choice["code"], choice["params"]
    best = max(alternatives.values())
    assert p["amount"] == award["gross"], award
    if code == "pays_more":
        assert award["gross"] > best and p["other"] == best, award
    elif code == "tie_clause_order":
        assert award["gross"] == best, award
    else:
        assert code in ("cap_full_elsewhere", "once_only", "total_higher"), code
        assert p["other"] == alternatives[p["clause"]] > award["gross"], award
    if code == "cap_full_elsewhere":
        caps = [c for c in result["caps"] if c["group"] == p["group"] and c["year"] == p["year"]]
        assert caps and caps[0]["status"] in ("full", "trimmed") and caps[0]["cap"] == p["cap"], award
        assert {"clause": p["clause"], "matter": award["matter"]} in caps[0]["pushed"], award
        fillers = {f"{a['matter']} ({a['clause']})" for a in result["awards"] if a["cap_group"] == p["group"]}
        assert p["filled_by"] and set(p["filled_by"]) <= fillers, award
    if code == "once_only":
        assert p["holder"] != award["matter"]
        assert any(a["clause"] == p["clause"] and a["matter"] == p["holder"] for a in result["awards"]), award


def check_steps(award: dict[str, Any]) -> None:
    codes = {s["code"]: s["params"] for s in award["steps"]}
    if award["amount"] < award["gross"]:
        assert codes.get("group_cap", {}).get("group") and codes["group_cap"]["trimmed"] > 0, award
    if "project_cap" in codes:
        assert codes["project_cap"]["gross"] > codes["project_cap"]["cap"], award
    for name in ("group_cap", "group_cap_full", "group_cap_slack"):
        if name in codes:
            assert codes[name]["group"], award


@pytest.mark.parametrize("district,shape,n,seed", SHAPES, ids=lambda v: str(v))
def test_trace_agrees_with_the_model(district: str, shape: str, n: int, seed: int, tmp_path: Path) -> None:
    data = generate.applicant(district, n, seed, shape)
    t = trace(data, tmp_path)
    result = t["result"]
    assert sum(a["amount"] for a in t["awards"]) == result["total"]
    assert sorted((a["clause"], a["matter"], a["year"]) for a in t["awards"]) == sorted(
        (a["clause"], a["matter"], a["year"]) for a in result["awards"])
    for award in t["awards"]:
        check_choice(award, result)
        check_steps(award)
    why = {w["clause"]: w for w in t["why_not"]}
    for w in t["why_not"]:
        assert w["reasons"] or w["near_misses"], w["clause"]
        for near in w["near_misses"]:
            assert near["failed"] and all(c["ok"] is False for c in near["failed"]), (w["clause"], near)
    by_list = matters(data)
    paid: dict[str, set[str]] = {}
    kinds: dict[str, set[str]] = {}
    for award in t["awards"]:
        paid.setdefault(award["clause"], set()).add(award["matter"])
        kinds.setdefault(award["clause"], set()).add(award["matter_path"].split("[")[0])
    for clause, lists in kinds.items():
        unpaid = {m for name in lists for m in by_list.get(name, set())} - paid[clause]
        if not unpaid:
            continue
        assert clause in why and why[clause]["pays_others"], (clause, sorted(unpaid))
        told = {r["params"].get("matter") for r in why[clause]["reasons"]} | {
            near["matter"] for near in why[clause]["near_misses"]}
        assert unpaid <= told, (clause, sorted(unpaid - told))
