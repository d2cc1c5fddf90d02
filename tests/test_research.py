"""whatif, compare and sweep: figures computed by hand, and every workbench answer equal to a
fresh `policykb optimize` of the changed file (no mocks of clingo)."""

from __future__ import annotations

import copy
import json
import xml.dom.minidom
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import CASES, ROOT, run_cli
from inprocess import run

from pycli.engine import facts
from pycli.input import load, overrides
from pycli.research.workbench import Variant, Workbench

AI_SME = ROOT / "examples" / "tongzhou-ai-sme.yaml"
PLATFORM = ROOT / "examples" / "tongzhou-pilot-zone-platform.yaml"
PLACES = [("xicheng", False), ("chaoyang", False), ("tongzhou", False), ("tongzhou", True)]


def _key(res: Any) -> tuple[Any, ...]:
    """Everything a result says about money: total, awards, trims, services."""
    return (res.total, [(a.clause, a.matter, a.year, a.amount, a.gross) for a in res.awards],
            [(c.group, c.year, c.cap, c.requested) for c in res.caps],
            [(s.clause, s.matter) for s in res.services], [(u.clause, u.matter) for u in res.unquantified])


def _moved(applicant: load.Applicant, district: str, pilot: bool) -> load.Applicant:
    return overrides.apply(applicant, [overrides.parse(f"district={district}"),
                                       overrides.parse(f"pilot_zone={str(pilot).lower()}")])


def _optimize_json(data: dict[str, Any], tmp_path: Path, name: str, child: bool = False) -> dict[str, Any]:
    """`policykb optimize` of the data written to a file, in a child process if ``child``."""
    path = tmp_path / name
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    proc = (run_cli if child else run)("optimize", str(path), "--format", "json")
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


# --- the workbench: one grounding, the same optima ------------------------------------------

@pytest.mark.parametrize("path", sorted(CASES.glob("V*.yaml")) + sorted((ROOT / "examples").glob("*.yaml")),
                         ids=lambda p: p.stem)
def test_shared_relocation_equals_fresh_solves(path: Path) -> None:
    applicant = load.load(str(path))
    variants = [Variant(d, _moved(applicant, d, p), facts.Settings()) for d, p in PLACES]
    multi = Workbench(variants, source=str(path))
    fresh = Workbench(variants, source=str(path), strategy="fresh")
    assert multi.strategy == "shared"
    for i in range(len(PLACES)):
        a, b = multi.outcome(i), fresh.outcome(i)
        assert _key(a.result) == _key(b.result)
        assert a.project_caps == b.project_caps


def test_shared_grounds_once_and_solves_each_variant() -> None:
    applicant = load.load(str(PLATFORM))
    bench = Workbench([Variant(d, _moved(applicant, d, p), facts.Settings()) for d, p in PLACES], source="x")
    totals = [r.total for r in bench.results()]
    # Ground once (each place's facts carry its number), prove the four optima together.
    assert bench.strategy == "shared" and len(bench.timings.solves) == 4
    assert totals == [50_000_000, 0, 12_500_000, 19_690_000]


def test_a_money_variation_is_shared_too() -> None:
    applicant = load.load(str(AI_SME))
    more = overrides.apply(applicant, [overrides.parse("service_contracts[0].contract_amount=2000000")])
    variants = [Variant("a", applicant, facts.Settings()), Variant("b", more, facts.Settings())]
    bench = Workbench(variants, source="x")
    # Amounts are facts of their variant, not externals: the grounder sees each as it is.
    assert bench.strategy == "shared"
    assert [r.total for r in bench.results()] == [3_510_000, 3_510_000]
    assert [r.total for r in Workbench(variants, source="x", strategy="fresh").results()] == [3_510_000, 3_510_000]


def test_a_larger_applicant_relocated() -> None:
    # Five contracts of a kind: one external deciding whether their clause applies would make
    # the grounder sum every subset of the cap group's candidates.
    data = {"district": "tongzhou", "sme": True, "sectors": ["artificial_intelligence"], "as_of": "2026-06-01",
            "service_contracts": [{"id": f"c{i}", "type": "model_service", "contract_amount": 100_000 * (i + 1),
                                   "flags": ["significant_application_results"]} for i in range(5)]}
    applicant = load.validate(data, "five.yaml")
    relocated = overrides.apply(applicant, [overrides.parse("district=xicheng")])
    bench = Workbench([Variant("a", applicant, facts.Settings()), Variant("b", relocated, facts.Settings())],
                      source="five.yaml")
    assert bench.strategy == "shared"
    # 30% of 1,500,000 in all is 450,000, trimmed to the 300,000 model-voucher cap; nothing in Xicheng.
    assert [r.total for r in bench.results()] == [300_000, 0]


@pytest.mark.parametrize("amount", [0, 800_000, 999_999, 1_000_000, 1_000_004, 2_000_000])
def test_sweep_points_equal_a_fresh_optimize_of_the_changed_file(amount: int, tmp_path: Path) -> None:
    # The model voucher pays 30% of the contract, capped at 300,000 a year (reached from
    # 1,000,000, trimmed from 1,000,004: 300,001 is cut to 300,000); everything else of the
    # example pays 3,210,000.
    applicant = load.load(str(AI_SME))
    changed = overrides.apply(applicant, [overrides.parse(f"service_contracts[0].contract_amount={amount}")])
    bench = Workbench([Variant("0", applicant, facts.Settings()), Variant("1", changed, facts.Settings())],
                      source=str(AI_SME))
    res = bench.result(1)
    expected = 3_210_000 + min(amount * 30 // 100, 300_000)
    assert res.total == expected
    fresh = _optimize_json(changed.data, tmp_path, "point.yaml", child=True)
    assert fresh["total"] == expected
    assert [(a["clause"], a["matter"], a["year"], a["amount"], a["gross"]) for a in fresh["awards"]] == \
        [(a.clause, a.matter, a.year, a.amount, a.gross) for a in res.awards]
    model = next((c for c in res.caps if c.group == "tongzhou_de.a6.model_year_cap"), None)
    # Reached (listed) from 300,000 asked, trimmed only past it.
    assert (model is not None) == (amount * 30 // 100 >= 300_000)
    assert (model is not None and model.status == "trimmed") == (amount * 30 // 100 > 300_000)


def test_shared_flag_and_level_changes_equal_fresh(tmp_path: Path) -> None:
    applicant = load.load(str(AI_SME))
    changes = [["standards[0].level=international"], ["standards[0].level=national"], ["sme=false"],
               ["filings[0].flags="], ["as_of=2029-01-01"]]
    variants = [Variant("base", applicant, facts.Settings())] + [
        Variant(str(c), overrides.apply(applicant, [overrides.parse(p) for p in c]), facts.Settings()) for c in changes]
    multi = Workbench(variants, source=str(AI_SME))
    assert multi.strategy == "shared"
    # By hand: the industry standard's 200,000 becomes 500,000 (international) or 300,000 (national);
    # without sme the vouchers (300,000 + 360,000) go; without good outcomes the genAI filing goes,
    # and the deep-synthesis one keeps its 200,000 under the year cap; in 2029 the rules have expired.
    assert [multi.result(i).total for i in range(len(variants))] == [
        3_510_000, 3_810_000, 3_610_000, 2_850_000, 2_710_000, 0]
    for i, variant in enumerate(variants):
        assert multi.result(i).total == _optimize_json(variant.applicant.data, tmp_path, f"v{i}.yaml")["total"]


# --- whatif ------------------------------------------------------------------------------------

def test_whatif_json_differences_by_clause() -> None:
    proc = run("whatif", str(AI_SME), "--set", "standards[0].level=international",
                   "--reform", "queries/reforms/double-t7-cap.yaml", "--format", "json")
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    assert out["total"] == {"baseline": 3_510_000, "variant": 3_810_000, "difference": 300_000}
    changed = [c for c in out["clauses"] if c["difference"]]
    assert changed == [{"clause": "tongzhou_de.a7.standard", "baseline": 200_000, "variant": 500_000,
                        "difference": 300_000}]
    assert out["baseline"]["reform"] is None
    assert out["variant"]["reform"] == "Double the Tongzhou standards cap"
    assert out["changes"] == ["standards[0].level=international", "reform Double the Tongzhou standards cap"]


def test_whatif_relocation_text() -> None:
    proc = run("whatif", str(PLATFORM), "--set", "pilot_zone=false")
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert "Changes: pilot_zone=false" in lines
    assert "tongzhou_de.a12.scenario                  0     500,000    +500,000" in lines
    assert "total                            19,690,000  12,500,000  -7,190,000" in lines


def test_whatif_baseline_reform_applies_to_the_baseline_only() -> None:
    proc = run("whatif", str(AI_SME), "--baseline-reform", "queries/reforms/double-t7-cap.yaml",
                   "--reform", "queries/reforms/double-t7-cap.yaml", "--set", "standards[0].level=international",
                   "--format", "json")
    out = json.loads(proc.stdout)
    assert out["baseline"]["reform"] == out["variant"]["reform"] == "Double the Tongzhou standards cap"
    assert out["total"]["difference"] == 300_000
    assert out["changes"] == ["standards[0].level=international"]


@pytest.mark.parametrize("pair,needle", [
    ("standards[0].level=nat", "--set: standards[0].level: expected one of international, national, local, industry, got 'nat'"),
    ("trading[0].volume=5", "--set: trading[0].volume: the file has no 'trading' list"),
    ("standards[3].level=national", "--set: standards[3].level: standards has 1 entries, no [3]"),
    ("service_contracts[0].contract_amount=1.5", "--set: service_contracts[0].contract_amount: expected whole yuan"),
    ("service_contracts[0].contract_amount=-5", "--set: service_contracts[0].contract_amount: expected whole yuan"),
    ("bogus=1", "--set: bogus: unknown field 'bogus' (allowed here:"),
    ("district", "--set: district: expected PATH=VALUE"),
    ("sme=maybe", "--set: sme: expected true or false, got 'maybe'"),
    ("filings[1].id=cac-genai", "--set: filings[1].id: matter id 'cac-genai' is already used"),
])
def test_a_bad_override_is_one_line_naming_the_set(pair: str, needle: str) -> None:
    proc = run("whatif", str(AI_SME), "--set", pair)
    assert proc.returncode == 2 and proc.stdout == ""
    assert proc.stderr.count("\n") == 1 and "Traceback" not in proc.stderr
    assert proc.stderr.startswith("policykb: " + needle), proc.stderr


def test_overrides_are_typed_by_the_schema() -> None:
    applicant = load.load(str(AI_SME))
    changed = overrides.apply(applicant, [overrides.parse("service_contracts[0].contract_amount=1_250_000"),
                                          overrides.parse("pilot_zone=true"),
                                          overrides.parse("projects[0].flags=exemplary,certified_demonstration"),
                                          overrides.parse("as_of=2027-01-01")])
    assert changed.data["service_contracts"][0]["contract_amount"] == 1_250_000
    assert isinstance(changed.data["service_contracts"][0]["contract_amount"], int)
    assert changed.data["pilot_zone"] is True
    assert changed.data["projects"][0]["flags"] == ["exemplary", "certified_demonstration"]
    assert changed.data["as_of"] == "2027-01-01"
    assert applicant.data["pilot_zone"] is False  # the original is untouched


# --- compare -----------------------------------------------------------------------------------

def test_compare_ranks_places_by_total() -> None:
    proc = run("compare", str(PLATFORM), "--format", "json")
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    # By hand: Xicheng pays its 50,000,000 for leading a national key task; the pilot zone
    # 19,690,000 (see docs/researcher-guide.md); Tongzhou outside it 12,000,000 + 500,000;
    # Chaoyang nothing (its scenario clause needs investment_excl_civil, which is not given).
    assert [(o["option"], o["rank"], o["total"], o["difference"], o["current"]) for o in out["options"]] == [
        ("xicheng", 1, 50_000_000, 30_310_000, False),
        ("tongzhou+pilot_zone", 2, 19_690_000, 0, True),
        ("tongzhou", 3, 12_500_000, -7_190_000, False),
        ("chaoyang", 4, 0, -19_690_000, False)]
    assert out["options"][0]["result"]["awards"][0]["clause"] == "xicheng.a2.1.key_task"


def test_compare_a_list_and_a_reform() -> None:
    proc = run("compare", str(AI_SME), "--districts", "tongzhou,xicheng", "--reform",
                   "queries/reforms/double-t7-cap.yaml", "--format", "json")
    out = json.loads(proc.stdout)
    assert [(o["option"], o["total"]) for o in out["options"]] == [("tongzhou", 3_510_000), ("xicheng", 0)]
    assert out["reform"] == "Double the Tongzhou standards cap"
    assert all(o["result"]["reform"] == out["reform"] for o in out["options"])


def test_compare_refuses_an_unknown_place() -> None:
    proc = run("compare", str(AI_SME), "--districts", "pudong")
    assert proc.returncode == 2
    assert proc.stderr == ("policykb: --districts: pudong: expected all or a list of "
                           "dongcheng, xicheng, chaoyang, fengtai, shijingshan, haidian, mentougou, fangshan, tongzhou, shunyi, changping, daxing, huairou, pinggu, miyun, yanqing, tongzhou+pilot_zone\n")


def test_compare_names_any_district_of_beijing() -> None:
    # Haidian has no document of its own: nothing applies there (the three district
    # documents serve only their own districts).
    proc = run("compare", str(AI_SME), "--districts", "haidian,tongzhou", "--format", "json")
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    totals = {o["option"]: o["total"] for o in out["options"]}
    assert totals["haidian"] == 0 and totals["tongzhou"] > 0


# --- sweep -------------------------------------------------------------------------------------

def test_sweep_table_and_where_the_cap_binds(tmp_path: Path) -> None:
    svg = tmp_path / "sweep.svg"
    proc = run("sweep", str(AI_SME), "--set", "service_contracts[0].contract_amount=0:1200000:200000",
                   "--format", "json", "--plot", str(svg))
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    assert [p["values"] for p in out["points"]] == [[v] for v in range(0, 1_200_001, 200_000)]
    assert [p["total"] for p in out["points"]] == [3_210_000 + min(v * 3 // 10, 300_000)
                                                   for v in range(0, 1_200_001, 200_000)]
    assert [p["clauses"]["tongzhou_de.a6.model_voucher"] for p in out["points"]] == [
        0, 60_000, 120_000, 180_000, 240_000, 300_000, 300_000]
    # The model voucher's year cap is reached at 1,000,000 (300,000 asked: 30 % of 999,999 is
    # 299,999) and trims past it (360,000 asked at 1,200,000).
    assert [("tongzhou_de.a6.model_year_cap" in p["shared_caps"]) for p in out["points"]] == [False] * 5 + [True] * 2
    assert {(b["cap"], tuple(b["values"]), tuple(b["exact"] or ())) for b in out["bindings"]} == {
        ("tongzhou_de.a5.year_cap", (0,), ()), ("tongzhou_de.a6.model_year_cap", (1_000_000,), (1_000_000,))}
    drawing = xml.dom.minidom.parse(str(svg))
    trims = [g for g in drawing.getElementsByTagName("g") if g.getAttribute("class") == "trim"]
    assert len(trims) == 7  # the A5 year cap trims at every point (two filings in 2026)
    bindings = [g for g in drawing.getElementsByTagName("g") if g.getAttribute("class") == "binding"]
    assert len(bindings) == 2


def test_sweep_marks_per_project_caps_and_grids(tmp_path: Path) -> None:
    proc = run("sweep", str(PLATFORM), "--set", "projects[1].rnd_construction_investment=0:20000000:10000000",
                   "--set", "horizon=1:2:1", "--format", "csv")
    assert proc.returncode == 0, proc.stderr
    rows = proc.stdout.splitlines()
    header = rows[0].split(",")
    assert header[:3] == ["projects[1].rnd_construction_investment", "horizon", "total"]
    body = [dict(zip(header, r.split(","))) for r in rows[1:]]
    # By hand: A4 pays 20% of the investment, capped at 3,000,000 (binding at 20,000,000: 4,000,000
    # asked), else T12's 500,000 for the scenario; T11 pays 20% of 60,000,000 over three years,
    # 4,000,000 a counted year; the rest is 200,000 + 3,000,000 + 1,000,000 + 840,000 + 850,000.
    rest = 5_890_000
    expected = {(0, 1): rest + 500_000 + 4_000_000, (0, 2): rest + 500_000 + 8_000_000,
                (10_000_000, 1): rest + 2_000_000 + 4_000_000, (10_000_000, 2): rest + 2_000_000 + 8_000_000,
                (20_000_000, 1): rest + 3_000_000 + 4_000_000, (20_000_000, 2): rest + 3_000_000 + 8_000_000}
    assert {(int(r[header[0]]), int(r["horizon"])): int(r["total"]) for r in body} == expected
    assert [r["project_caps"] for r in body] == ["tongzhou_pz.a3.project"] * 4 + [
        "tongzhou_pz.a3.project;tongzhou_pz.a4.demonstration"] * 2


def test_sweep_over_dates_and_bad_ranges() -> None:
    proc = run("sweep", str(AI_SME), "--set", "as_of=2025-01-01:2029-01-01:365", "--format", "json")
    out = json.loads(proc.stdout)
    # The digital-economy rules run from 2025-04-30 to 2028-04-29.
    assert [(p["values"][0], p["total"]) for p in out["points"]] == [
        ("2025-01-01", 0), ("2026-01-01", 3_510_000), ("2027-01-01", 3_510_000), ("2028-01-01", 3_510_000),
        ("2028-12-31", 0)]
    for pair, needle in [("horizon=1:3", "expected PATH=START:STOP:STEP"),
                         ("horizon=3:1:1", "STOP 1 is below START 3"),
                         ("horizon=1:60:1", "expected a whole number of years from 1 to 50, got 60"),
                         ("district=1:2:1", "a sweep needs a whole-number field"),
                         ("service_contracts[0].contract_amount=0:10000000:1", "10,000,001 points")]:
        bad = run("sweep", str(AI_SME), "--set", pair)
        assert bad.returncode == 2 and bad.stderr.count("\n") == 1, (pair, bad.stderr)
        assert needle in bad.stderr, (pair, bad.stderr)


def test_sweep_under_a_reform_names_it() -> None:
    proc = run("sweep", str(AI_SME), "--set", "standards[0].drafter_rank=1:2:1",
                   "--reform", "queries/reforms/no-interest-subsidy.yaml", "--format", "json")
    out = json.loads(proc.stdout)
    assert out["reform"] == "No Xicheng interest subsidy"
    assert [p["total"] for p in out["points"]] == [3_510_000, 3_510_000]


def test_every_research_command_takes_the_evaluation_options() -> None:
    for command in ("whatif", "compare", "sweep", "query", "clauses"):
        help_text = run(command, "--help").stdout
        for option in ("--as-of", "--horizon", "--assume", "--reform"):
            assert option in help_text, (command, option)


def test_the_evaluation_date_applies_to_both_sides() -> None:
    proc = run("whatif", str(AI_SME), "--as-of", "2029-01-01", "--set", "sme=false", "--format", "json")
    out = json.loads(proc.stdout)
    assert out["total"] == {"baseline": 0, "variant": 0, "difference": 0}
    assert out["baseline"]["evaluation_date"] == out["variant"]["evaluation_date"] == "2029-01-01"


def test_a_bad_reform_is_refused_on_every_path(tmp_path: Path) -> None:
    reform = tmp_path / "bad.yaml"
    reform.write_text("name: Bad\nparameters:\n  - {owner: tongzhou_de.a7.year_cap, name: ceiling, value: {yuan: 1}}\n",
                      encoding="utf-8")
    for args in (["whatif", str(AI_SME), "--set", "sme=false"], ["compare", str(AI_SME)],
                 ["sweep", str(AI_SME), "--set", "horizon=1:2:1"]):
        proc = run(*args, "--reform", str(reform))
        assert proc.returncode == 2, (args, proc.stderr)
        assert proc.stderr == (f"policykb: {reform}: parameters[0] (tongzhou_de.a7.year_cap.ceiling): "
                               "names no parameter or clause of the knowledge base\n")


def test_copy_is_not_shared_between_points() -> None:
    applicant = load.load(str(AI_SME))
    before = copy.deepcopy(applicant.data)
    overrides.apply(applicant, [overrides.parse("sectors=data_elements")])
    assert applicant.data == before
