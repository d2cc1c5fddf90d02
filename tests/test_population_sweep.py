"""`policykb sweep-population`: a population's budget along one parameter of the law, by hand.

Tongzhou digital-economy rules art. 4: "Enterprises demonstrating strong leadership and
fast growth may receive a one-time support of up to RMB 200,000."  Two Tongzhou
enterprises hold that recognition and nothing else; a Xicheng unit holds nothing any
clause pays.  Swept from 100,000 to 300,000 in steps of 100,000, the spend is 2 x the
amount: 200,000, 400,000 (the law as it stands), 600,000; against the law's 400,000 the
first point makes both enterprises losers (-200,000), the last both gainers (+200,000).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import run_cli

GROWTH = {"id": "growth", "type": "fast_growth_leadership", "date": "2026-01-20"}
POPULATION = [
    {"name": "A", "district": "tongzhou", "sectors": ["artificial_intelligence"], "as_of": "2026-06-01",
     "recognitions": [GROWTH]},
    {"name": "B", "district": "tongzhou", "sectors": ["data_elements"], "as_of": "2026-06-01",
     "recognitions": [GROWTH]},
    {"name": "C", "district": "xicheng", "sectors": ["data_elements"], "as_of": "2026-06-01"},
]



@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    where = tmp_path_factory.mktemp("population-sweep")
    (where / "population.jsonl").write_text("".join(json.dumps(a) + "\n" for a in POPULATION), encoding="utf-8")
    return where


@pytest.mark.parametrize("cluster", [[], ["--workers", "2"]], ids=["one-worker", "two-workers"])
def test_t4_amount_swept_over_a_population(folder: Path, cluster: list[str]) -> None:
    run = run_cli("sweep-population", "population.jsonl", "--set", "tongzhou_de.a4.growth:amount=100000:300000:100000",
                    "--format", "json", "--plot", "curve.svg", *cluster, cwd=folder)
    assert run.returncode == 0, run.stderr
    points = json.loads(run.stdout)["points"]
    assert [p["value"] for p in points] == [100_000, 200_000, 300_000]
    assert [p["total"] for p in points] == [200_000, 400_000, 600_000]
    assert all(p["baseline_total"] == 400_000 for p in points)
    assert [p["difference"] for p in points] == [-200_000, 0, 200_000]
    assert [(p["gainers"], p["losers"], p["unchanged"]) for p in points] == [(0, 2, 1), (0, 0, 3), (2, 0, 1)]
    assert [p["documents"] for p in points] == [{"tongzhou_de": t} for t in (200_000, 400_000, 600_000)]
    assert "<svg" in (folder / "curve.svg").read_text(encoding="utf-8")


def test_the_text_table(folder: Path) -> None:
    run = run_cli("sweep-population", "population.jsonl", "--set", "tongzhou_de.a4.growth:amount=100000:300000:100000",
                    cwd=folder)
    assert run.returncode == 0, run.stderr
    rows = [line.split() for line in run.stdout.splitlines() if line.strip()][-3:]
    assert rows == [["100,000", "200,000", "-200,000", "0", "2", "0", "200,000"],
                    ["200,000", "400,000", "0", "0", "0", "0", "400,000"],
                    ["300,000", "600,000", "+200,000", "2", "0", "0", "600,000"]]


@pytest.mark.parametrize("axis,problem", [
    ("tongzhou_de.a4.growth=1:2:1", "expected OWNER:NAME[@TIER]=START:STOP:STEP"),
    ("tongzhou_de.a4.growth:amount=1:2:0", "expected START <= STOP and a positive STEP"),
    ("tongzhou_de.a4.growth:amount=1%:2:1", "whole yuan, or whole percentages each with %"),
    ("no_such.clause:amount=1:2:1", "names no parameter or clause of the knowledge base"),
])
def test_a_bad_axis_is_one_line_and_exit_2(folder: Path, axis: str, problem: str) -> None:
    run = run_cli("sweep-population", "population.jsonl", "--set", axis, cwd=folder)
    assert run.returncode == 2 and problem in run.stderr and run.stderr.count("\n") == 1, run.stderr
