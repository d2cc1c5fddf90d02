"""The quick schema check (pycli/input/quickcheck.py) never accepts what jsonschema refuses.

Its promise is one-way: whatever it accepts, jsonschema with load.py's type checker
accepts, so a file it passes needs no jsonschema at all.  Here every shipped example and
visible case is mutated at random (a value replaced by a hostile one, a key added or
removed, a list entry repeated) and both validators judge the result.
"""

from __future__ import annotations

import copy
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pycli.input import load, quickcheck
from pycli.input.problems import FloatValue
from pycli.input.schema import applicant_schema

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted(ROOT.glob("examples/*.yaml")) + sorted((ROOT / "tests" / "cases").glob("V*.yaml"))
QUICK = quickcheck.compile_schema(applicant_schema())

HOSTILE: list[Any] = [
    True, False, None, 0, -1, 1, 10**15, 10**15 + 1, 2**63, 1.5, float("nan"), float("inf"),
    FloatValue("1.0"), FloatValue("0.5"), "", "x", "tongzhou", "2024-01-01", "2024-02-30", "2024-1-1",
    "２０２４-01-01", "2024-01-01x", "a" * 5000, "通州区", [], [1], ["a", "a"], {}, {"x": 1}, {"id": "m1"},
]


def _valid(data: Any) -> bool:
    return not list(load.jsonschema_validator().iter_errors(data))


def _paths(node: Any, here: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [here]
    if isinstance(node, dict):
        for key, value in node.items():
            found += _paths(value, here + (key,))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found += _paths(value, here + (index,))
    return found


def _at(node: Any, path: tuple[Any, ...]) -> Any:
    for part in path:
        node = node[part]
    return node


def _hostile(draw: Any) -> Any:
    # A copy: a later mutation must never change the pool itself (the draws would then
    # not replay, and Hypothesis reports the test as flaky).
    return copy.deepcopy(draw(st.sampled_from(HOSTILE)))


def _mutate(data: dict[str, Any], draw: Any) -> dict[str, Any]:
    data = copy.deepcopy(data)
    for _ in range(draw(st.integers(1, 3))):
        paths = _paths(data)
        path = draw(st.sampled_from(paths))
        how = draw(st.sampled_from(["replace", "add_key", "drop_key", "repeat"]))
        target = _at(data, path)
        if how == "replace" and path:
            _at(data, path[:-1])[path[-1]] = _hostile(draw)
        elif how == "add_key" and isinstance(target, dict):
            target[draw(st.sampled_from(["id", "name", "year", "date", "amount", "flags", "zz", 1]))] = \
                _hostile(draw)
        elif how == "drop_key" and isinstance(target, dict) and target:
            del target[draw(st.sampled_from(sorted(target, key=str)))]
        elif how == "repeat" and isinstance(target, list) and target:
            target.append(copy.deepcopy(target[0]))
    return data


def test_the_applicant_schema_compiles_to_a_quick_check() -> None:
    assert QUICK is not None


@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.name)
def test_every_shipped_example_takes_the_quick_path(path: Path) -> None:
    data = load.load(str(path)).data
    assert QUICK(data) and _valid(data)


@settings(max_examples=400, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(SEEDS), st.data())
def test_quick_acceptance_implies_jsonschema_acceptance(path: Path, data: st.DataObject) -> None:
    mutated = _mutate(load.load(str(path)).data, data.draw)
    if QUICK(mutated):
        assert _valid(mutated), mutated


@pytest.mark.parametrize("keyword", [{"oneOf": [{"type": "string"}]}, {"$ref": "#/x"}, {"format": "email"},
                                     {"enum": [[1]]}, {"type": "decimal"}])
def test_a_schema_outside_the_subset_leaves_every_file_to_jsonschema(keyword: dict[str, Any]) -> None:
    assert quickcheck.compile_schema({"type": "object", "properties": {"a": keyword}}) is None


def test_a_valid_file_is_read_without_importing_jsonschema() -> None:
    code = ("import sys; from pycli.input import load; load.load(sys.argv[1]); "
            "print('jsonschema' in sys.modules)")
    proc = subprocess.run([sys.executable, "-c", code, str(SEEDS[0])], capture_output=True, text=True, check=True)
    assert proc.stdout.strip() == "False"
