"""Why-not traces account for every matter a clause reads, and report each condition as
the model decided it (issue 14, items 1 and 3)."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import run_cli

from pycli.engine import facts
from pycli.explanation import explain
from pycli.input import load

STANDARDS = """name: Standards Co
district: xicheng
entity_type: enterprise
sectors: [data_collection]
as_of: 2026-06-01
standards:
  - {id: s1, name: S1, level: national, role: lead, flags: [published], drafter_rank: 1, date: 2026-01-01}
  - {id: s2, name: S2, level: industry, role: lead, flags: [published], drafter_rank: 2, date: 2026-01-01}
  - {id: s3, name: S3, level: local, role: participant, flags: [published], drafter_rank: 3, date: 2026-01-01}
  - {id: s4, name: S4, level: national, role: participant, flags: [published], drafter_rank: 6, date: 2026-01-01}
"""

PROJECTS = """name: Canal Pilot Co
district: tongzhou
pilot_zone: true
entity_type: enterprise
sectors: [data_elements]
as_of: 2026-06-01
projects:
""" + "".join(
    f"  - {{id: p{i}, name: P{i}, type: application_scenario, flags: [advanced_replicable_demonstrative,"
    f" certified_demonstration], rnd_construction_investment: 1000000, date: 2026-02-01}}\n" for i in range(1, 6))


def _file(tmp_path: Path, name: str, body: str) -> Path:
    path = tmp_path / name
    path.write_text(body, encoding="utf-8")
    return path


def test_standard_failing_inside_a_paying_clause_gets_its_why_not(tmp_path: Path) -> None:
    path = _file(tmp_path, "s.yaml", STANDARDS)
    e = explain.explain(load.load(str(path)), facts.Settings(), clause="xicheng.a8.standard")
    assert sorted(a.matter for a in e.awards) == ["s1", "s2", "s3"]
    (w,) = e.why_not
    assert w.pays_others and [n.matter for n in w.near_misses] == ["s4"]
    (failed,) = w.near_misses[0].failed
    assert failed.code == "compare" and failed.values == ["6", "3"]
    assert [f.path for f in failed.seen] == ["standards[3].drafter_rank"]
    assert [(c.code, c.params["needed"]) for c in w.smallest_change] == [("threshold", 3)]
    text = run_cli("explain", str(path), "--clause", "xicheng.a8.standard").stdout
    assert "s4 (standards[3]) does not qualify" in text and "drafter_rank of 3 instead of 6" in text


def test_query_qualifying_lists_the_failing_standard(tmp_path: Path) -> None:
    path = _file(tmp_path, "s.yaml", STANDARDS)
    rows = json.loads(run_cli("query", "qualifying", str(path), "--format", "json").stdout)["rows"]
    assert {"matter": "s4", "clause": "xicheng.a8.standard", "outcome": "conditions_not_met"} in rows


def test_query_qualifying_does_not_call_an_award_under_a_full_cap_supported() -> None:
    out = run_cli("query", "qualifying", "examples/tongzhou-ai-sme.yaml").stdout
    line = next(x for x in out.splitlines() if x.startswith("cac-deep-synthesis") and "a5.filing" in x)
    assert "supported_under_full_cap" in line


def test_met_conditions_of_a_near_miss_are_never_marked_failed(tmp_path: Path) -> None:
    path = _file(tmp_path, "p.yaml", PROJECTS)
    e = explain.explain(load.load(str(path)), facts.Settings(), clause="tongzhou_de.a9.itai")
    (w,) = e.why_not
    assert [n.matter for n in w.near_misses] == ["p1", "p2", "p3", "p4", "p5"]
    for miss in w.near_misses:
        assert [c.code for c in miss.failed] == ["attr_is", "flag"]
        assert all(c.seen for c in miss.failed)
    assert "x a matter of kind project" not in run_cli("explain", str(path), "--clause", "tongzhou_de.a9.itai").stdout


def test_every_matter_of_a_read_kind_is_accounted_for(tmp_path: Path) -> None:
    path = _file(tmp_path, "p.yaml", PROJECTS)
    e = explain.explain(load.load(str(path)), facts.Settings())
    paid = {(a.clause, a.matter) for a in e.awards}
    for clause in ("tongzhou_pz.a4.demonstration", "tongzhou_de.a12.scenario"):
        w = next(w for w in e.why_not if w.clause == clause)
        told = {r.params.get("matter") for r in w.reasons} | {n.matter for n in w.near_misses}
        assert told | {m for c, m in paid if c == clause} >= {f"p{i}" for i in range(1, 6)}
