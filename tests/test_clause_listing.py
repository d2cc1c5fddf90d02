"""`policykb clauses`: the clause list read from the grounded knowledge base, checked by hand
against the sentences of kb/documents/*.lp."""

from __future__ import annotations

import json
import re
from typing import Any

from conftest import ROOT
from inprocess import run

from pycli.engine import facts
from pycli.kbtools import kbread
from pycli.kbtools.catalogue import text
from pycli.research.clauses import build


def _clauses(*args: str) -> list[dict[str, Any]]:
    proc = run("clauses", "--as-of", "2026-06-01", "--format", "json", *args)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)["clauses"]


def _written() -> dict[str, tuple[list[str], list[str]]]:
    """Per document id: the clause ids its rules.lp writes and its scope/2 words, by reading the text."""
    found = {}
    for rules in sorted((ROOT / "kb" / "documents").glob("*/rules.lp")):
        body = rules.read_text(encoding="utf-8")
        (doc,) = re.findall(r"^document\((\w+)\)", body, re.M)
        found[doc] = (re.findall(r'^clause\("([^"]+)"', body, re.M), re.findall(r"^scope\(\w+, (\w+)\)", body, re.M))
    return found


def test_every_clause_is_listed_once() -> None:
    listed = _clauses()
    ids = [c["id"] for c in listed]
    assert len(ids) == len(set(ids))
    # Per document: the clause/2 facts its file writes, and the districts its scope names.
    for doc, (clauses, scope) in _written().items():
        assert sorted(c["id"] for c in listed if c["document"] == doc) == sorted(clauses), doc
        assert {c["district"] for c in listed if c["document"] == doc} == {", ".join(sorted(scope))}


def test_a_tiered_clause_with_a_shared_cap() -> None:
    (x8,) = _clauses("--search", "xicheng.a8")
    # Xicheng art. 8: 2,000,000 / 1,000,000 / 500,000 / 300,000 by level, 3,000,000 per entity.
    assert x8["kind"] == "ceiling" and x8["payment"] == "once" and x8["form"] == "flat"
    assert {(a["tier"], a["value"]) for a in x8["amounts"]} == {
        ("international", 2_000_000), ("national", 1_000_000), ("local", 500_000), ("industry", 300_000)}
    assert x8["shared_caps"] == [{"group": "xicheng.a8.entity_cap", "scope": "entity", "cap": 3_000_000}]
    assert (x8["article"], x8["paragraph"], x8["family"]) == ("8", "", "xicheng")
    assert x8["sentence"].startswith("After the standards are published")
    assert x8["sentence_zh"].startswith("在标准公布后")
    assert (x8["issued"], x8["valid_until"], x8["in_force"]) == ("2025-10-14", "2028-10-13", True)


def test_a_ratio_clause_with_a_per_project_cap_and_a_term() -> None:
    (t11,) = _clauses("--search", "tongzhou_de.a11")
    # Tongzhou art. 11: 20% of the fixed-asset investment, at most 20,000,000, over three years.
    assert (t11["form"], t11["base_field"], t11["payment"], t11["years"]) == (
        "ratio", "fixed_asset_investment", "cumulative", 3)
    assert [(r["tier"], r["value"]) for r in t11["ratios"]] == [("base", "20%")]
    assert [(c["tier"], c["value"]) for c in t11["project_caps"]] == [("base", 20_000_000)]
    assert t11["shared_caps"] == []


def test_filters_by_district_and_text() -> None:
    tongzhou = _clauses("--district", "tongzhou")
    written = _written()
    assert {c["document"] for c in tongzhou} == {"tongzhou_de", "tongzhou_pz"}
    assert len(tongzhou) == len(written["tongzhou_de"][0]) + len(written["tongzhou_pz"][0])
    found = _clauses("--search", "VOUCHER")
    assert [c["id"] for c in found] == ["tongzhou_de.a6.computing_voucher", "tongzhou_de.a6.model_voucher",
                                        "xicheng.a6.2.computing_voucher"]
    # Chinese text is searched too: 贴息 (interest subsidy) is only in Xicheng art. 9(2).
    assert [c["id"] for c in _clauses("--search", "贴息")] == ["xicheng.a9.2.interest"]


def test_validity_follows_the_evaluation_date() -> None:
    proc = run("clauses", "--as-of", "2028-06-01", "--format", "json", "--district", "tongzhou")
    listed = json.loads(proc.stdout)["clauses"]
    assert {c["document"]: c["in_force"] for c in listed} == {"tongzhou_de": False, "tongzhou_pz": True}


def test_a_reform_changes_the_listed_numbers() -> None:
    proc = run("clauses", "--format", "json", "--search", "tongzhou_de.a7",
                   "--reform", "queries/reforms/double-t7-cap.yaml")
    out = json.loads(proc.stdout)
    assert out["reform"] == "Double the Tongzhou standards cap"
    assert out["clauses"][0]["shared_caps"][0]["cap"] == 2_000_000


def test_text_and_markdown() -> None:
    text = run("clauses", "--as-of", "2026-06-01", "--search", "interest").stdout.splitlines()
    assert text[0] == "policykb clauses: 1 clause matching \"interest\""
    assert "  shared cap: xicheng.a9.2.entity_cap, 2,000,000 per entity" in text
    md = run("clauses", "--as-of", "2026-06-01", "--format", "md", "--district", "chaoyang").stdout.splitlines()
    rows = [line for line in md if line.startswith("| `")]
    assert len(rows) == len(_written()["chaoyang"][0]) and all(line.count(" | ") == 9 for line in rows)


def test_bad_district_is_refused() -> None:
    proc = run("clauses", "--district", "pudong")
    assert proc.returncode == 2
    assert proc.stderr == ("policykb: --district: pudong: expected one of "
                           "dongcheng, xicheng, chaoyang, fengtai, shijingshan, haidian, mentougou, fangshan, "
                           "tongzhou, shunyi, changping, daxing, huairou, pinggu, miyun, yanqing\n")


def test_a_district_without_a_document_of_its_own_lists_none() -> None:
    # Haidian is a district of Beijing (the vocabulary knows all sixteen), but no
    # document of the knowledge base names it and none is municipal.
    proc = run("clauses", "--district", "haidian")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("policykb clauses: 0 clauses in haidian\n")


def test_the_listing_reads_the_grounded_kb() -> None:
    # Built from ground facts: the same numbers the catalogue of a solve reads.
    import datetime as dt

    kb = kbread.read_law(facts.Settings(), dt.date(2026, 6, 1))
    listing = build(kb, evaluation_date=dt.date(2026, 6, 1))
    caps = {g.group: g.cap for c in listing.clauses for g in c.shared_caps}
    assert caps == kb.catalogue.caps
    # Every cap group a document declares is some clause's shared cap.
    assert set(caps) == {text(g) for g, _scope in kb.args("cap_group", 2)}
