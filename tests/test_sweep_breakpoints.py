"""A sweep reports where each cap begins to bind exactly, beside the grid point.

Figures by hand from the texts: Chaoyang art. 11(1) pays "not more than 30% of the
investment amount ... up to RMB 5 million per project"; 30 % of B reaches 5,000,000 when
B >= 5,000,000 / 0.3 = 16,666,666.67, so at 16,666,667 (16,666,666 gives 4,999,999.8,
rounded down to 4,999,999).  With rounding=half_up, 16,666,665 gives 4,999,999.5, which
rounds to 5,000,000, and 16,666,664 gives 4,999,999.2: the cap binds from 16,666,665.
"""

from __future__ import annotations

import json
import xml.dom.minidom
from pathlib import Path

import pytest
import yaml
from inprocess import run

SCENARIO = {"name": "C11 scenario sweep", "district": "chaoyang", "sectors": ["development_utilization"],
            "as_of": "2026-06-01", "entity_type": "enterprise",
            "projects": [{"id": "s1", "type": "application_scenario", "investment_excl_civil": 10_000_000,
                          "date": "2026-01-15"}]}
FIELD = "projects[0].investment_excl_civil"


@pytest.fixture
def scenario(tmp_path: Path) -> Path:
    path = tmp_path / "c11.yaml"
    path.write_text(yaml.safe_dump(SCENARIO), encoding="utf-8")
    return path


def bindings(path: Path, sweep: str, *extra: str) -> list[dict]:
    proc = run("sweep", str(path), "--set", f"{FIELD}={sweep}", "--format", "json", *extra)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)["bindings"]


def test_c11_per_project_cap_binds_exactly_where_30_percent_reaches_5_million(scenario: Path, tmp_path: Path) -> None:
    assert bindings(scenario, "0:30000000:5000000") == [
        {"cap": "chaoyang.a11.scenario", "kind": "per-project", "index": 4, "values": [20_000_000],
         "exact": [16_666_667]}]
    svg = tmp_path / "c11.svg"
    text = run("sweep", str(scenario), "--set", f"{FIELD}=0:30000000:5000000", "--plot", str(svg))
    assert "chaoyang.a11.scenario (per-project cap) from exactly 16,666,667 (first grid point 20,000,000)" in text.stdout
    labels = [t.firstChild.data for t in xml.dom.minidom.parse(str(svg)).getElementsByTagName("text")
              if t.firstChild is not None]
    assert any("16,666,667" in label for label in labels), labels


def test_c11_breakpoint_follows_the_rounding_reading(scenario: Path) -> None:
    assert bindings(scenario, "0:30000000:5000000", "--assume", "rounding=half_up")[0]["exact"] == [16_666_665]


def test_c11_breakpoint_on_a_grid_point_and_from_the_start(scenario: Path) -> None:
    # 16,666,667 is itself a grid point of 16,666,667 steps: exact and grid agree.
    assert bindings(scenario, "0:33333334:16666667")[0] == {
        "cap": "chaoyang.a11.scenario", "kind": "per-project", "index": 1, "values": [16_666_667],
        "exact": [16_666_667]}
    # Reached at the sweep's first point: nothing below it was looked at, so no exact value.
    assert bindings(scenario, "20000000:30000000:5000000")[0]["exact"] is None


def test_c11_grid_of_two_fields_keeps_grid_points_only(scenario: Path) -> None:
    proc = run("sweep", str(scenario), "--set", f"{FIELD}=0:30000000:10000000", "--set", "horizon=1:2:1",
               "--format", "json")
    assert proc.returncode == 0, proc.stderr
    assert all(b["exact"] is None for b in json.loads(proc.stdout)["bindings"])
