"""Auditor traces: the visible cases' explanations say what a person computed by hand."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import CASES, run_cli

from pycli.engine import facts
from pycli.explanation import explain
from pycli.input import load


def _trace(case: str, **kw) -> explain.Explanation:
    return explain.explain(load.load(str(CASES / f"{case}.yaml")), facts.Settings(), **kw)


def test_v15_t12_not_chosen_because_p4_pays_more() -> None:
    e = _trace("V15", alternatives=1)
    (award,) = e.awards
    assert (award.clause, award.amount) == ("tongzhou_pz.a4.demonstration", 1_000_000)
    assert [(a.params["clause"], a.params["amount"]) for a in award.alternatives] == [
        ("tongzhou_de.a12.scenario", 500_000)]
    assert award.choice.code == "pays_more"
    ratio = next(s for s in award.steps if s.code == "ratio")
    assert (ratio.params["base"], ratio.params["p"], ratio.params["q"], ratio.params["result"]) == (
        5_000_000, 20, 100, 1_000_000)
    t12 = next(w for w in e.why_not if w.clause == "tongzhou_de.a12.scenario")
    assert [(r.code, r.params["clause"], r.params["amount"], r.params["other_amount"]) for r in t12.reasons
            if r.code == "supported_elsewhere"] == [
        ("supported_elsewhere", "tongzhou_pz.a4.demonstration", 500_000, 1_000_000)]
    # ... and why that clause: the award's own choice.
    assert [r.code for r in t12.reasons] == ["supported_elsewhere", "pays_more"]
    # The next-best portfolio moves the matter to T12: 500,000, half a million less.
    (alt,) = e.alternatives
    assert alt.total == 500_000
    # Smallest change: 3,000,000 / 20% = 15,000,000 reaches P4's per-project cap.
    assert [(c.code, c.params["base"]) for c in award.smallest_change] == [("base_reaches_cap", 15_000_000)]


def test_v15_conditions_name_the_fields_that_met_them() -> None:
    (award,) = _trace("V15").awards
    paths = {f.path for c in award.conditions for f in c.facts}
    assert {"projects[0]", "projects[0].type", "projects[0].flags[0]"} <= paths
    assert all(c.ok for c in award.conditions)


def test_v08_year_cap_trimmed_300000() -> None:
    e = _trace("V08")
    trims = [s.params for a in e.awards for s in a.steps if s.code == "group_cap"]
    assert {(t["group"], t["year"], t["cap"], t["requested"], t["trimmed"]) for t in trims} == {
        ("tongzhou_de.a7.year_cap", 2026, 1_000_000, 1_300_000, 300_000)}
    trimmed = [a for a in e.awards if a.amount < a.gross]
    assert [(a.matter, a.gross, a.amount) for a in trimmed] == [("gb-data-catalogue", 300_000, 0)]
    assert trimmed[0].smallest_change[0].code == "cap_binds_no_change"


def test_v18_promotion_pays_the_difference() -> None:
    (award,) = _trace("V18").awards
    codes = [(s.code, s.params) for s in award.steps]
    assert ("flat", {"tier": "national", "amount": 5_000_000}) in codes
    assert ("deduct_earlier", {"records": ["earlier_support[0]"], "amount": 2_000_000}) in codes
    assert award.amount == 3_000_000


def test_v13b_every_tongzhou_clause_expired() -> None:
    e = _trace("V13b")
    growth = next(w for w in e.why_not if w.clause == "tongzhou_de.a4.growth")
    assert [(r.code, r.params["date"], r.params["as_of"]) for r in growth.reasons] == [
        ("expired", "2028-04-29", "2028-05-01")]
    assert [(c.code, c.params["date"]) for c in growth.smallest_change] == [("evaluate_by", "2028-04-29")]


def test_v14a_xicheng_clause_needs_xicheng_registration() -> None:
    e = _trace("V14a")
    x7 = next(w for w in e.why_not if w.clause == "xicheng.a7.security")
    district = next(r for r in x7.reasons if r.code == "scope_district")
    assert (district.params["applicant"], district.params["required"]) == ("chaoyang", "xicheng")
    assert [c.params.get("district") for c in x7.smallest_change] == ["xicheng"]


def test_near_miss_names_the_threshold_and_the_least_change(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_text("district: chaoyang\nsectors: [circulation_trading]\nas_of: 2026-06-01\n"
                    "data_assets:\n- {id: l, type: product_listing, count: 50, year: 2026}\n")
    e = explain.explain(load.load(str(path)), facts.Settings(), clause="chaoyang.a04.listing")
    (w,) = e.why_not
    assert w.near_misses and w.near_misses[0].matter == "l"
    assert [(c.code, c.params["needed"], c.params["value"]) for c in w.smallest_change] == [("threshold", 51, "50")]


def test_clause_focus_and_unknown_clause() -> None:
    e = _trace("V08", clause="tongzhou_de.a4.growth")
    assert e.awards == [] and [w.clause for w in e.why_not] == ["tongzhou_de.a4.growth"]
    proc = run_cli("explain", "tests/cases/V08.yaml", "--clause", "no.such")
    assert proc.returncode == 2 and "--clause: no.such: unknown clause id" in proc.stderr


def test_json_trace_is_versioned_and_complete() -> None:
    proc = run_cli("explain", "tests/cases/V15.yaml", "--format", "json")
    data = json.loads(proc.stdout)
    assert data["trace_schema_version"] == "1.2" and data["result"]["total"] == 1_000_000
    assert data["unique"] is True and data["awards"][0]["source"]["article"] == "4"


def test_chinese_trace_quotes_the_chinese_original() -> None:
    proc = run_cli("explain", "tests/cases/V02.yaml", "--lang", "zh", "--format", "md")
    assert proc.returncode == 0
    assert "获得的支持" in proc.stdout and "位列前三名" in proc.stdout


def _chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.mark.skipif(_chromium() is None and not os.environ.get("CI"), reason="chromium not installed")
def test_html_page_shows_the_trace_in_a_browser(tmp_path: Path) -> None:
    page = tmp_path / "v08.html"
    proc = run_cli("explain", "tests/cases/V08.yaml", "--format", "html", "--out", str(page))
    assert proc.returncode == 0, proc.stderr
    html = page.read_text(encoding="utf-8")
    assert "http://" not in html and "https://" not in html, "the page fetches nothing"
    browser = _chromium()
    assert browser, "CI installs Debian's chromium (.ci/run)"
    dom = subprocess.run([browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                          "--disable-background-networking", "--disable-component-update", "--disable-sync",
                          f"--user-data-dir={tmp_path / 'profile'}", "--dump-dom", page.as_uri()],
                         capture_output=True, text=True, timeout=120).stdout
    assert '<td class="money" id="total">1,000,000</td>' in dom
    assert dom.count('class="award"') == 3
    assert "asked 1,300,000, cap 1,000,000, trimmed 300,000" in dom
    assert 'data-clause="tongzhou_de.a4.growth"' in dom
