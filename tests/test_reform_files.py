"""A reform file is input like an applicant file: every bad one is refused on one line that
names the file and the entry, with exit status 2 (found by fuzzing the command line)."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import ROOT
from inprocess import run

EXAMPLE = str(ROOT / "examples" / "xicheng-data-street.yaml")

BAD = {
    "latin1": (b"name: x\ndescription: caf\xe9\n", "not UTF-8 text"),
    "nul": (b"name: x\nswitch_off: [xicheng.a8.standard]\n\x00", "binary data"),
    "parameters-number": (b"name: x\nparameters: 5\n", "parameters: expected a list, got 5"),
    "parameters-fraction": (b"name: x\nparameters: 1.5\n", "parameters: expected a list"),
    "switch-off-number": (b"name: x\nswitch_off: 5\n", "switch_off: expected a list, got 5"),
    "switch-off-escaped-nul": (b'name: x\nswitch_off: ["xicheng.a8.standard\\0junk"]\n',
                               "switch_off[0]: expected a clause id"),
    "owner-with-space": (b"name: x\nparameters:\n  - {owner: 'xicheng a8', name: cap, value: {yuan: 1}}\n",
                         "parameters[0]: owner is a document"),
    "description-list": (b"name: x\ndescription: [1]\n", "description: expected text"),
    "tagged": (b"name: x\nswitch_off: !!timestamp x\n", "does not fit its tag"),
    "unknown-clause": (b"name: x\nswitch_off: [xicheng.a8.standard, nope.clause]\n",
                       "switch_off[1] (nope.clause): names no parameter or clause of the knowledge base"),
    "unknown-parameter": (b"name: x\nparameters:\n  - {owner: tongzhou_de.a7.year_cap, name: capx, value: {yuan: 5}}\n",
                          "parameters[0] (tongzhou_de.a7.year_cap.capx): names no parameter or clause"),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_a_bad_reform_file_is_refused_naming_the_file_and_the_entry(case: str, tmp_path: Path) -> None:
    content, expected = BAD[case]
    path = tmp_path / "r.yaml"
    path.write_bytes(content)
    proc = run("optimize", EXAMPLE, "--reform", str(path))
    assert proc.returncode == 2, proc.stderr
    assert proc.stderr.count("\n") == 1 and proc.stderr.startswith(f"policykb: {path}: "), proc.stderr
    assert expected in proc.stderr, proc.stderr


@pytest.mark.parametrize("name", ["a" * 300, "no\x00such", "./missing.yaml"])
def test_a_reform_that_is_neither_a_file_nor_shipped_is_refused_on_one_line(name: str) -> None:
    proc = run("optimize", EXAMPLE, "--reform", name)
    assert proc.returncode == 2, proc.stderr
    assert proc.stderr.count("\n") == 1 and "nor a shipped reform" in proc.stderr, proc.stderr


def test_a_refused_baseline_reform_is_named_not_the_other(tmp_path: Path) -> None:
    good, bad = tmp_path / "good.yaml", tmp_path / "bad.yaml"
    good.write_bytes(b"name: good\nswitch_off: [xicheng.a8.standard]\n")
    bad.write_bytes(b"name: bad\nswitch_off: [nope.clause]\n")
    proc = run("whatif", EXAMPLE, "--set", "sme=true", "--reform", str(good), "--baseline-reform", str(bad))
    assert proc.returncode == 2, proc.stderr
    assert proc.stderr.startswith(f"policykb: {bad}: switch_off[0] (nope.clause): "), proc.stderr
