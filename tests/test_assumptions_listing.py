"""`policykb assumptions` lists every named reading with what it says and the clauses it
touches, and the list is true: switching a reading that is not global changes an
optimum only through a clause it names."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import CASES, ROOT
from inprocess import run

from pycli.input import load
from pycli.input.options import settings
from pycli.research.workbench import Variant, Workbench

FILES = sorted(CASES.glob("V*.yaml")) + sorted((CASES / "caps").glob("*.yaml")) + sorted(
    p for p in (ROOT / "examples").glob("*.yaml") if p.stem != "tongzhou-plan")


def listing() -> list[dict]:
    proc = run("assumptions", "--format", "json")
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)["assumptions"]


def test_every_reading_is_listed_with_its_meaning_and_reach() -> None:
    source = (ROOT / "kb" / "common" / "assumptions.lp").read_text(encoding="utf-8")
    found = listing()
    assert len(found) == source.count("\nassumption(") == 30
    for r in found:
        assert r["values"][0] == r["default"] and len(r["values"]) == len(set(r["values"])) >= 2, r["name"]
        assert r["reading"] and r["reading_zh"], r["name"]
        assert r["every_clause"] or r["clauses"], r["name"]
    by_name = {r["name"]: r for r in found}
    assert by_name["x8_published_top_three"]["clauses"] == ["xicheng.a8.standard"]
    assert by_name["rounding"]["every_clause"] and by_name["rounding"]["values"] == ["down", "half_up"]
    assert "tongzhou_de.a4.growth" in by_name["awards_per_applicant"]["clauses"]


def test_text_listing_in_both_languages() -> None:
    en = run("assumptions").stdout
    assert en.startswith("policykb assumptions: 30 named readings")
    assert "x8_published_top_three = true   (also: false)\n" in en
    assert "touches 1 clauses: xicheng.a8.standard" in en or "touches 1 clause" in en
    zh = run("assumptions", "--lang", "zh").stdout
    assert "共 30 项" in zh and "西城第八条" in zh


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_a_switch_changes_an_optimum_only_through_a_clause_it_touches(path: Path) -> None:
    switches = [(r, value) for r in listing() if not r["every_clause"] for value in r["values"][1:]]
    applicant = load.load(str(path))
    variants = [Variant("law", applicant, settings(None, None, ()))] + [
        Variant(f"{r['name']}={v}", applicant, settings(None, None, (f"{r['name']}={v}",))) for r, v in switches]
    results = Workbench(variants, source=str(path)).results()
    base = {(a.clause, a.matter, a.year): a.amount for a in results[0].awards}
    for (reading, value), res in zip(switches, results[1:]):
        if res.total == results[0].total:
            continue
        now = {(a.clause, a.matter, a.year): a.amount for a in res.awards}
        changed = {key[0] for key in base.keys() | now.keys() if base.get(key) != now.get(key)}
        assert changed & set(reading["clauses"]), (reading["name"], value, sorted(changed))
