"""E01-E05 and other broken files: one line naming file and field, exit 2, no traceback."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from conftest import CASES, run_cli

ERRORS = yaml.safe_load((CASES / "errors.yaml").read_text(encoding="utf-8"))


def _assert_clean_error(proc, *needles: str) -> None:
    assert proc.returncode == 2, proc.stderr
    assert proc.stdout == ""
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    assert "Traceback" not in proc.stderr
    for needle in needles:
        assert needle in lines[0]


@pytest.mark.parametrize("case", sorted(ERRORS))
def test_visible_bad_input(case: str) -> None:
    proc = run_cli("optimize", f"tests/cases/{case}.yaml")
    _assert_clean_error(proc, f"tests/cases/{case}.yaml", ERRORS[case])


@pytest.mark.parametrize("content,needle", [
    (b"", "the file is empty"),
    (b"\x00\x01\x02binary", "binary data"),
    (b"\xff\xfe\xfa", "not UTF-8"),
    (b"[" * 5000, "nested too deeply"),
    (b"- just\n- a list\n", "expected a mapping of applicant fields"),
    (b"district: xicheng\ndistrict: chaoyang\nsectors: [data_elements]\n", "repeated key"),
    (b"district: xicheng\nsectors: [data_elements]\nas_of: 2026-02-30\n", "as_of"),
    (b"district: xicheng\nsectors: [data_elements]\nprojects:\n- {id: a, type: rnd}\n- {id: a, type: rnd}\n",
     "projects[1].id: matter id 'a' is already used"),
    (b"district: xicheng\nsectors: [data_elements]\nprojects:\n- {id: a, type: rnd, actual_investment: 1.5}\n",
     "projects[0].actual_investment: expected whole yuan"),
    (b"district: xicheng\nsectors: [data_elements]\nprojects:\n- {id: a, type: rnd, actual_investment: 1000000000000001}\n",
     "projects[0].actual_investment: expected whole yuan >= 0 and <= 10^15"),
])
def test_broken_files(tmp_path: Path, content: bytes, needle: str) -> None:
    path = tmp_path / "broken.yaml"
    path.write_bytes(content)
    _assert_clean_error(run_cli("optimize", str(path)), "broken.yaml", needle)


def test_missing_file() -> None:
    _assert_clean_error(run_cli("optimize", "no/such/applicant.yaml"), "no/such/applicant.yaml", "no such file")


def test_json_float_money_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "a.json"
    path.write_text('{"district": "xicheng", "sectors": ["data_elements"],'
                    ' "projects": [{"id": "p", "type": "rnd", "actual_investment": 3e6}]}')
    _assert_clean_error(run_cli("optimize", str(path)), "projects[0].actual_investment: expected whole yuan")


def test_unknown_assumption_is_refused() -> None:
    _assert_clean_error(run_cli("optimize", "tests/cases/V01.yaml", "--assume", "no_such=true"),
                        "--assume: no_such: unknown assumption")


def test_bad_assumption_value_is_refused() -> None:
    _assert_clean_error(run_cli("optimize", "tests/cases/V01.yaml", "--assume", "rounding=sideways"),
                        "--assume: rounding: expected one of")


def test_bad_as_of_is_refused() -> None:
    _assert_clean_error(run_cli("optimize", "tests/cases/V01.yaml", "--as-of", "2026-13-01"), "--as-of")


def test_earlier_support_must_name_a_known_clause(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_text("district: tongzhou\nsectors: [data_elements]\n"
                    "earlier_support:\n- {clause: t8, amount: 1}\n- {clause: no.such.clause, amount: 5}\n")
    _assert_clean_error(run_cli("optimize", str(path)), "a.yaml: earlier_support[0].clause",
                        "expected a clause id of the knowledge base, got 't8'")
