"""Shared caps as the result reports them (trimmed, full, binding, slack), why the optimum
places a matter under a lower-paying clause, the assumptions in force under a reform, and
next-best portfolios that are real alternatives.  Figures computed by hand in each case
file's first line (tests/cases/caps/)."""

from __future__ import annotations

import json

from conftest import CASES, run_cli

from pycli.engine import facts
from pycli.explanation import explain
from pycli.input import load, reform

CAPS = CASES / "caps"
T12_CAP = "tongzhou_de.a12.year_cap"


def _trace(name: str, **kw) -> explain.Explanation:
    return explain.explain(load.load(str(CAPS / f"{name}.yaml")), facts.Settings(), **kw)


def test_t12_cap_full_is_binding_and_names_the_scenario_it_pushed_to_p4() -> None:
    e = _trace("t12-cap-full-pushes-to-p4")
    assert e.result.total == 4 * 500_000 + 400_000
    (cap,) = e.result.caps
    assert (cap.group, cap.year, cap.requested, cap.cap, cap.trimmed) == (T12_CAP, 2026, 2_000_000, 2_000_000, 0)
    assert (cap.status, cap.binding, cap.unpaid) == ("full", True, [])
    p4 = next(a for a in e.awards if a.clause == "tongzhou_pz.a4.demonstration")
    assert cap.pushed == [{"clause": "tongzhou_de.a12.scenario", "matter": p4.matter}]
    # The reason is the full cap, with the four awards that fill it; never a tie.
    assert p4.choice.code == "cap_full_elsewhere"
    assert (p4.choice.params["other"], p4.choice.params["amount"], p4.choice.params["cap"]) == (
        500_000, 400_000, 2_000_000)
    assert len(p4.choice.params["filled_by"]) == 4
    # The why-not of T12 for that scenario repeats the same reason.
    t12 = next(w for w in e.why_not if w.clause == "tongzhou_de.a12.scenario")
    assert "cap_full_elsewhere" in [r.code for r in t12.reasons]
    # Each T12 award says its cap is exactly full, not trimmed.
    t12_steps = [s.code for a in e.awards if a.clause == "tongzhou_de.a12.scenario" for s in a.steps]
    assert t12_steps.count("group_cap_full") == 4 and "group_cap" not in t12_steps


def test_t12_cap_over_asked_is_trimmed_and_leaves_the_fifth_unpaid() -> None:
    e = _trace("t12-cap-trims")
    assert e.result.total == 2_000_000
    (cap,) = e.result.caps
    assert (cap.status, cap.requested, cap.trimmed, cap.binding) == ("trimmed", 2_500_000, 500_000, True)
    assert len(cap.unpaid) == 1 and cap.pushed == []
    assert sum(a.amount for a in e.awards) == 2_000_000


def test_t12_cap_with_room_is_slack_and_says_what_is_left() -> None:
    e = _trace("t12-cap-slack")
    assert e.result.caps == []
    for award in e.awards:
        (step,) = [s for s in award.steps if s.code.startswith("group_cap")]
        assert step.code == "group_cap_slack"
        assert (step.params["cap"], step.params["requested"], step.params["left"]) == (2_000_000, 1_000_000, 1_000_000)


def test_optimize_lists_a_full_cap_as_reached_never_as_trimmed_by_zero() -> None:
    out = run_cli("optimize", str(CAPS / "t12-cap-full-pushes-to-p4.yaml"))
    assert out.returncode == 0, out.stderr
    assert "trimmed 0" not in out.stdout and "Caps that trimmed" not in out.stdout
    assert "asked exactly its cap 2,000,000, nothing trimmed" in out.stdout
    data = json.loads(run_cli("optimize", str(CAPS / "t12-cap-full-pushes-to-p4.yaml"), "--format", "json").stdout)
    assert [(c["status"], c["binding"]) for c in data["caps"]] == [("full", True)]


def test_split_families_reform_reports_the_shared_family_reading_as_not_in_force() -> None:
    applicant = load.load(str(CAPS / "t12-cap-full-pushes-to-p4.yaml"))
    plain = explain.explain(applicant, facts.Settings()).result
    assert "tongzhou_shared_family=true" in plain.assumptions
    split = reform.load("split-tongzhou-families")
    under = explain.explain(applicant, facts.Settings(reform=split.facts, reform_name=split.name)).result
    assert "tongzhou_shared_family=false" in under.assumptions
    assert "tongzhou_shared_family=true" not in under.assumptions
    # Each family now pays the matter once: five under T12 (trimmed to the cap) and five under P4.
    assert under.total == 2_000_000 + 5 * 400_000


def test_alternatives_never_offer_the_optimum_less_an_award() -> None:
    # V02: three standards, each paid by art. 8 alone; any portfolio with fewer is the optimum
    # less an award, so there is no real alternative to list.
    e = explain.explain(load.load(str(CASES / "V02.yaml")), facts.Settings(), alternatives=3)
    assert e.alternatives == []
    # V15: moving the scenario to T12 is a real alternative (not inside the optimum).
    v15 = explain.explain(load.load(str(CASES / "V15.yaml")), facts.Settings(), alternatives=2)
    best = {(a.clause, a.matter) for a in v15.awards}
    for alt in v15.alternatives:
        assert not {(a["clause"], a["matter"]) for a in alt.awards} <= best


def test_t6_model_cap_filled_exactly_by_its_only_candidate_is_reported_full_not_binding() -> None:
    e = _trace("t6-model-cap-filled-exactly")
    assert e.result.total == 500_000 + 300_000
    caps = {c.group: c for c in e.result.caps}
    model = caps["tongzhou_de.a6.model_year_cap"]
    assert (model.requested, model.cap, model.trimmed, model.status, model.binding) == (300_000, 300_000, 0, "full", False)
    computing = caps["tongzhou_de.a6.computing_year_cap"]
    assert (computing.requested, computing.trimmed, computing.status) == (900_000, 400_000, "trimmed")
    voucher = next(a for a in e.awards if a.clause == "tongzhou_de.a6.model_voucher")
    assert [s.code for s in voucher.steps if s.code.startswith("group_cap")] == ["group_cap_full"]
