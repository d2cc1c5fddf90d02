"""`policykb plan`: the year of each flexible matter, against figures computed by hand from the texts.

Every case states its arithmetic from the sentence of the law (kb/documents/*/*.en.txt):

* Tongzhou digital economy (valid 2025-04-30 to 2028-04-29), art. 5: a national
  generative-AI filing "may receive one-time support of up to RMB 1 million ... Each
  enterprise may receive up to RMB 1 million of support per year."  Art. 7: an
  international standard the enterprise leads, up to 500,000; "up to RMB 1 million of
  support per year."  Art. 12: up to 500,000 per scenario project, "a maximum of RMB 2
  million per enterprise annually."  Art. 14: up to 50% of actual event expenses, "a
  maximum support of RMB 1 million per enterprise or institution annually."
* Chaoyang art. 04: 5% of a year's exchange trading volume; "The total annual financial
  support for the same enterprise for the above projects shall not exceed RMB 2 million."
* Xicheng (valid 2025-10-14 to 2028-10-13), art. 2(2): up to 1 million per national filing.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import yaml
from inprocess import run

from pycli.engine import facts
from pycli.research import plan
from pycli.research.plan_result import Plan

SCENARIO = {"type": "application_scenario", "flags": ["advanced_replicable_demonstrative"]}
GENAI = {"type": "generative_ai_service", "level": "national", "flags": ["good_application_outcomes"]}
STANDARD = {"level": "international", "role": "lead"}
EVENT = {"type": "conference", "role": "organizer", "flags": ["significant_results"]}


def tongzhou(**lists: list[dict[str, Any]]) -> dict[str, Any]:
    return {"name": "Plan Co.", "district": "tongzhou", "entity_type": "enterprise",
            "sectors": ["artificial_intelligence"], "as_of": "2026-01-01", **lists}


def flexible(prefix: str, n: int, first: str, last: str, **fields: Any) -> list[dict[str, Any]]:
    return [{"id": f"{prefix}{i}", **fields, "window": {"from": first, "to": last}} for i in range(1, n + 1)]


def plan_of(data: dict[str, Any], tmp_path: Path, first: str | None = None, last: str | None = None,
            **settings: Any) -> Plan:
    path = tmp_path / "plan.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return plan.run(str(path), facts.Settings(**settings), _day(first), _day(last))


def _day(text: str | None) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


def by_year(p: Plan) -> dict[int, int]:
    return {y.year: y.total for y in p.calendar if y.total}


def left(p: Plan, group: str) -> dict[int, int]:
    return {y.year: c.left for y in p.calendar for c in y.caps if c.group == group}


def placement(p: Plan, matter: str):
    return next(m for m in p.placements if m.matter == matter)


# --- T12: 500,000 a scenario project, 2,000,000 a year -----------------------------------------

def test_t12_seven_scenarios_over_two_years(tmp_path: Path) -> None:
    # All in 2026: 7 x 500,000 = 3,500,000 asked, the cap pays 2,000,000.
    # Four in 2026 (2,000,000, the cap) and three in 2027 (1,500,000): 3,500,000; gain 1,500,000.
    p = plan_of(tongzhou(projects=flexible("s", 7, "2026-03-01", "2027-12-31", **SCENARIO)), tmp_path)
    assert p.optimal and p.baseline_optimal
    assert (p.total, p.baseline_total, p.gain) == (3_500_000, 2_000_000, 1_500_000)
    assert by_year(p) == {2026: 2_000_000, 2027: 1_500_000}
    assert left(p, "tongzhou_de.a12.year_cap") == {2026: 0, 2027: 500_000}
    moved = [m for m in p.placements if m.year == 2027]
    assert len(moved) == 3
    # Why not 2026: the cap there is used up by the four others (2,000,000 - 4 x 500,000 = 0 left).
    why = moved[0].reasons[0]
    assert (why.code, why.year) == ("plan_cap", 2026)
    assert (why.params["group"], why.params["used"], why.params["left"], why.params["amount"]) == \
        ("tongzhou_de.a12.year_cap", 2_000_000, 0, 500_000)
    # 2027 begins on 1 January inside the window: that is the claim day.
    assert moved[0].date == "2027-01-01"


def test_t12_ten_scenarios_over_three_years(tmp_path: Path) -> None:
    # 4 + 4 + 2 projects: 2,000,000 + 2,000,000 + 1,000,000 = 5,000,000; all in 2026: 2,000,000.
    # The 2028 claims fall on 2028-01-01, before the document's last day 2028-04-29.
    p = plan_of(tongzhou(projects=flexible("s", 10, "2026-05-01", "2028-03-31", **SCENARIO)), tmp_path)
    assert (p.total, p.baseline_total, p.gain) == (5_000_000, 2_000_000, 3_000_000)
    assert by_year(p) == {2026: 2_000_000, 2027: 2_000_000, 2028: 1_000_000}


# --- T5: 1,000,000 a generative-AI filing, 1,000,000 a year ------------------------------------

def test_t5_filings_over_two_and_three_years(tmp_path: Path) -> None:
    # Two filings: 1,000,000 + 1,000,000 in one year is cut to 1,000,000; one a year pays 2,000,000.
    p = plan_of(tongzhou(filings=flexible("f", 2, "2026-02-01", "2027-12-31", **GENAI)), tmp_path)
    assert (p.total, p.baseline_total, p.gain) == (2_000_000, 1_000_000, 1_000_000)
    assert by_year(p) == {2026: 1_000_000, 2027: 1_000_000}
    # Three filings over 2026-2028 (window ends 2028-04-01, inside the validity): 3,000,000 vs 1,000,000.
    p = plan_of(tongzhou(filings=flexible("f", 3, "2026-02-01", "2028-04-01", **GENAI)), tmp_path)
    assert (p.total, p.baseline_total, p.gain) == (3_000_000, 1_000_000, 2_000_000)
    assert left(p, "tongzhou_de.a5.year_cap") == {2026: 0, 2027: 0, 2028: 0}


# --- T7: 500,000 an international standard, 1,000,000 a year -----------------------------------

def test_t7_standards_over_two_and_three_years(tmp_path: Path) -> None:
    # Four standards: 4 x 500,000 = 2,000,000 in one year pays 1,000,000; two a year pays 2,000,000.
    p = plan_of(tongzhou(standards=flexible("t", 4, "2026-02-01", "2027-12-31", **STANDARD)), tmp_path)
    assert (p.total, p.baseline_total, p.gain) == (2_000_000, 1_000_000, 1_000_000)
    assert by_year(p) == {2026: 1_000_000, 2027: 1_000_000}
    # Six standards over three years: 3 x 1,000,000 = 3,000,000; gain 2,000,000.
    p = plan_of(tongzhou(standards=flexible("t", 6, "2026-02-01", "2028-04-29", **STANDARD)), tmp_path)
    assert (p.total, p.baseline_total, p.gain) == (3_000_000, 1_000_000, 2_000_000)


# --- T14: 50% of event expenses, 1,000,000 a year ------------------------------------------------

def test_t14_events_over_two_and_three_years(tmp_path: Path) -> None:
    # Each event spends 1,600,000: 50% is 800,000.  Three events in one year: 2,400,000 asked, 1,000,000 paid.
    events = flexible("e", 3, "2026-02-01", "2027-12-31", actual_expenses=1_600_000, **EVENT)
    p = plan_of(tongzhou(events=events), tmp_path)
    # Two years: 800,000 in one year, 1,600,000 asked (1,000,000 paid) in the other: 1,800,000; gain 800,000.
    assert (p.total, p.baseline_total, p.gain) == (1_800_000, 1_000_000, 800_000)
    events = flexible("e", 3, "2026-02-01", "2028-04-29", actual_expenses=1_600_000, **EVENT)
    p = plan_of(tongzhou(events=events), tmp_path)
    # Three years, one each: 3 x 800,000 = 2,400,000; gain 1,400,000; 200,000 of each year's cap left.
    assert (p.total, p.baseline_total, p.gain) == (2_400_000, 1_000_000, 1_400_000)
    assert left(p, "tongzhou_de.a14.year_cap") == {2026: 200_000, 2027: 200_000, 2028: 200_000}


# --- C04: Chaoyang trading, 2,000,000 a year ------------------------------------------------------

def chaoyang(**lists: list[dict[str, Any]]) -> dict[str, Any]:
    return {"name": "Trading Co.", "district": "chaoyang", "entity_type": "enterprise",
            "independent_legal_person": True, "sectors": ["data_elements"], "as_of": "2026-01-01", **lists}


def test_c04_trading_over_two_and_three_years(tmp_path: Path) -> None:
    # A year of exchange trading of 30,000,000: 5% = 1,500,000.  Two in one year: 3,000,000 asked, 2,000,000
    # paid; one a year: 3,000,000; gain 1,000,000.
    trading = flexible("y", 2, "2026-01-01", "2027-12-31", type="exchange_trading", volume=30_000_000)
    p = plan_of(chaoyang(trading=trading), tmp_path)
    assert (p.total, p.baseline_total, p.gain) == (3_000_000, 2_000_000, 1_000_000)
    assert left(p, "chaoyang.a04.year_cap") == {2026: 500_000, 2027: 500_000}
    # Three over three years: 4,500,000 against 2,000,000.
    trading = flexible("y", 3, "2026-01-01", "2028-12-31", type="exchange_trading", volume=30_000_000)
    p = plan_of(chaoyang(trading=trading), tmp_path)
    assert (p.total, p.baseline_total, p.gain) == (4_500_000, 2_000_000, 2_500_000)


def test_c04_listing_and_trading_share_the_cap(tmp_path: Path) -> None:
    # Listing more than 50 products pays 500,000 and shares the cap with trading of 36,000,000 (5% =
    # 1,800,000): together 2,300,000 in one year, cut to 2,000,000; the listing a year later: 2,300,000.
    data = chaoyang(
        trading=[{"id": "t2026", "type": "exchange_trading", "volume": 36_000_000, "year": 2026}],
        data_assets=[{"id": "listing", "type": "product_listing", "count": 60,
                      "window": {"from": "2026-06-01", "to": "2027-06-30"}}])
    p = plan_of(data, tmp_path)
    assert (p.total, p.baseline_total, p.gain) == (2_300_000, 2_000_000, 300_000)
    assert placement(p, "listing").year == 2027
    why = placement(p, "listing").reasons[0]
    assert why.code == "plan_cap" and why.params["left"] == 200_000  # 2,000,000 - 1,800,000


# --- validity windows -----------------------------------------------------------------------------

def test_window_crossing_tongzhou_last_day(tmp_path: Path) -> None:
    # A fixed 2027 filing fills 2027's 1,000,000.  The flexible one's window runs 2027-06-01 to
    # 2028-12-31, across the last day 2028-04-29: claimed on 2028-01-01 it is paid 1,000,000.
    data = tongzhou(filings=[{"id": "fixed", **GENAI, "date": "2027-03-01"},
                             {"id": "late", **GENAI, "window": {"from": "2027-06-01", "to": "2028-12-31"}}])
    p = plan_of(data, tmp_path)
    assert (p.total, p.baseline_total) == (2_000_000, 1_000_000)
    late = placement(p, "late")
    assert (late.year, late.date, late.amount) == (2028, "2028-01-01", 1_000_000)
    # A window that starts in 2028 only after 2028-01-01 is claimed on its first day, still in force.
    data["filings"][1]["window"] = {"from": "2028-04-01", "to": "2028-06-30"}
    late = placement(plan_of(data, tmp_path), "late")
    assert (late.year, late.date, late.amount) == (2028, "2028-04-01", 1_000_000)


def test_window_after_tongzhou_last_day_gains_nothing(tmp_path: Path) -> None:
    # From 2028-05-01 the digital-economy rules (last day 2028-04-29) are no longer in force.
    data = tongzhou(projects=[{"id": "late", **SCENARIO, "window": {"from": "2028-05-01", "to": "2028-12-31"}}])
    p = plan_of(data, tmp_path)
    assert (p.total, p.baseline_total, p.gain) == (0, 0, 0)
    late = placement(p, "late")
    assert late.amount == 0
    assert [(r.code, r.year, r.params["day"]) for r in late.reasons] == [("plan_expired", 2028, "2028-04-29")]
    # The reading is a switch: judged by the evaluation date only, the claim pays 500,000.
    p = plan_of(data, tmp_path, assumptions={"plan_claim_in_force": "false"})
    assert p.total == 500_000


def test_window_across_xicheng_last_day(tmp_path: Path) -> None:
    # Xicheng art. 2(2): 1,000,000 a national filing; the measures end 2028-10-13.
    filing = {"type": "generative_ai_service", "level": "national", "flags": ["scenario_developed"]}
    data = {"name": "Xicheng Co.", "district": "xicheng", "entity_type": "enterprise",
            "sectors": ["data_elements"], "as_of": "2026-01-01",
            "filings": [{"id": "x", **filing, "window": {"from": "2028-10-01", "to": "2029-03-31"}},
                        {"id": "y", **filing, "window": {"from": "2028-11-01", "to": "2029-06-30"}}]}
    p = plan_of(data, tmp_path)
    x, y = placement(p, "x"), placement(p, "y")
    assert (x.year, x.date, x.amount) == (2028, "2028-10-01", 1_000_000)
    assert [(r.code, r.year) for r in x.reasons] == [("plan_expired", 2029)]
    assert y.amount == 0 and [(r.code, r.year) for r in y.reasons] == [("plan_expired", 2028), ("plan_expired", 2029)]
    assert p.total == 1_000_000


# --- fixed and flexible ------------------------------------------------------------------------

def test_fixed_matters_fill_a_year_so_flexible_ones_move(tmp_path: Path) -> None:
    # Two fixed international standards of 2026 use T7's 1,000,000 of 2026 (2 x 500,000).  Two flexible
    # ones claimed in 2026 would be paid nothing; in 2027 they are paid 2 x 500,000 = 1,000,000.
    data = tongzhou(standards=[{"id": "a", **STANDARD, "date": "2026-03-01"},
                               {"id": "b", **STANDARD, "date": "2026-04-01"},
                               *flexible("t", 2, "2026-05-01", "2027-12-31", **STANDARD)])
    p = plan_of(data, tmp_path)
    assert (p.total, p.baseline_total, p.gain) == (2_000_000, 1_000_000, 1_000_000)
    assert {m.matter: m.year for m in p.placements} == {"t1": 2027, "t2": 2027}
    assert left(p, "tongzhou_de.a7.year_cap") == {2026: 0, 2027: 0}
    fixed = [a for a in p.calendar[0].awards if not a.flexible]
    assert sorted(a.matter for a in fixed) == ["a", "b"]


def test_plan_span_cuts_the_windows(tmp_path: Path) -> None:
    # --until 2026-12-31 leaves only 2026: the seven scenarios are paid the cap, 2,000,000.
    p = plan_of(tongzhou(projects=flexible("s", 7, "2026-03-01", "2027-12-31", **SCENARIO)), tmp_path,
                last="2026-12-31")
    assert (p.total, p.gain) == (2_000_000, 0)
    # A window wholly outside the plan: no year, and the reason says so.
    data = tongzhou(projects=[{"id": "out", **SCENARIO, "window": {"from": "2027-01-01", "to": "2027-12-31"}}])
    p = plan_of(data, tmp_path, last="2026-12-31")
    assert [r.code for r in placement(p, "out").reasons] == ["plan_outside_span"]


# --- the command line ----------------------------------------------------------------------------

def write(tmp_path: Path, data: dict[str, Any]) -> str:
    path = tmp_path / "plan.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return str(path)


def test_cli_text_and_json(tmp_path: Path) -> None:
    path = write(tmp_path, tongzhou(projects=flexible("s", 7, "2026-03-01", "2027-12-31", **SCENARIO)))
    out = run("plan", path)
    assert out.returncode == 0, out.stderr
    assert "Gain of the plan" in out.stdout and "1,500,000" in out.stdout
    assert "tongzhou_de.a12.year_cap: cap 2,000,000, used 2,000,000, left 0" in out.stdout
    data = json.loads(run("plan", path, "--format", "json").stdout)
    assert (data["total"], data["baseline_total"], data["gain"]) == (3_500_000, 2_000_000, 1_500_000)
    assert [y["year"] for y in data["calendar"]] == [2026, 2027]
    zh = run("plan", path, "--lang", "zh")
    assert "规划增益" in zh.stdout


def test_optimize_places_a_window_at_its_first_day(tmp_path: Path) -> None:
    path = write(tmp_path, tongzhou(projects=flexible("s", 1, "2026-03-01", "2027-12-31", **SCENARIO)))
    out = run("optimize", path)
    assert out.returncode == 0
    assert "2026" in out.stdout and "placed at its earliest day, 2026-03-01" in out.stdout


def test_bad_windows_are_refused_in_one_line(tmp_path: Path) -> None:
    both = tongzhou(projects=[{"id": "s", **SCENARIO, "date": "2026-03-01",
                               "window": {"from": "2026-03-01", "to": "2026-12-31"}}])
    out = run("plan", write(tmp_path, both))
    assert out.returncode == 2 and out.stderr.count("\n") == 1 and "projects[0].date" in out.stderr
    backwards = tongzhou(projects=[{"id": "s", **SCENARIO, "window": {"from": "2027-03-01", "to": "2026-12-31"}}])
    out = run("optimize", write(tmp_path, backwards))
    assert out.returncode == 2 and "projects[0].window.to" in out.stderr
    out = run("plan", write(tmp_path, tongzhou()), "--until", "2026-02-30")
    assert out.returncode == 2 and "--until" in out.stderr


def test_the_guides_show_a_full_plan() -> None:
    # tests/test_researcher_guide.py runs the command and matches the quoted output line by line.
    guide = (Path(__file__).resolve().parent.parent / "docs" / "researcher-guide.md").read_text(encoding="utf-8")
    assert "$ policykb plan examples/tongzhou-plan.yaml --until 2028-12-31" in guide
    assert "### For advisers: how to read a plan" in guide


def test_markdown_and_html_escape_applicant_text(tmp_path: Path) -> None:
    # Applicant text is data: a matter id with markup stays text in every format.
    data = tongzhou(projects=[{"id": "<b>x</b>|*y*", **SCENARIO, "window": {"from": "2026-03-01", "to": "2026-12-31"}}])
    data["name"] = "A & <i>B</i>"
    path = write(tmp_path, data)
    html = run("plan", path, "--format", "html", "--lang", "zh").stdout
    assert "<b>x</b>" not in html and "&lt;b&gt;x&lt;/b&gt;" in html and "<i>B</i>" not in html
    assert 'id="total">500,000<' in html and "规划增益" in html
    md = run("plan", path, "--format", "md").stdout
    assert "\\|\\*y\\*" in md and "<b>" not in md
    assert "| Total over the plan | 500,000 |" in md


def test_the_baseline_is_proven_under_every_reading_that_empties_a_priority_level() -> None:
    """Without the pad of kb/common/plan.lp, clasp's usc search of the baseline never returned
    under non_duplication=false (found by fuzzing); allowing double support cannot pay less."""
    shipped = json.loads(run("plan", "examples/tongzhou-plan.yaml", "--format", "json").stdout)
    relaxed = run("plan", "examples/tongzhou-plan.yaml", "--assume", "non_duplication=false", "--format", "json",
                  "--time-limit", "60")
    assert relaxed.returncode == 0, relaxed.stderr
    out = json.loads(relaxed.stdout)
    assert out["optimal"] and out["baseline_optimal"]
    assert out["baseline_total"] <= out["total"] and out["total"] >= shipped["total"]
