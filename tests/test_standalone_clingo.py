"""An auditor's check: stock clingo on kb/main.lp plus `policykb facts` reaches our optimum."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import CASES, ROOT, evaluate, run_cli

EXPECTED = yaml.safe_load((CASES / "expected.yaml").read_text(encoding="utf-8"))
AWARD = re.compile(r'award\("([^"]+)","((?:[^"\\]|\\.)*)",(\d+),m\((\d+),(\d+),(\d+),(\d+)\)\)')


def _stock_clingo(facts_file: Path) -> tuple[list[str], str]:
    proc = subprocess.run([sys.executable, "-m", "clingo", "kb/main.lp", str(facts_file)],
                          cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert "OPTIMUM FOUND" in proc.stdout or "SATISFIABLE" in proc.stdout, proc.stdout + proc.stderr
    lines = proc.stdout.splitlines()
    answers = [i for i, line in enumerate(lines) if line.startswith("Answer:")]
    last = lines[answers[-1] + 1]
    return [last], proc.stdout


@pytest.mark.parametrize("case", sorted(EXPECTED))
def test_stock_clingo_agrees(case: str, tmp_path: Path) -> None:
    facts = run_cli("facts", f"tests/cases/{case}.yaml")
    assert facts.returncode == 0, facts.stderr
    facts_file = tmp_path / "facts.lp"
    facts_file.write_text(facts.stdout, encoding="utf-8")
    (model,), output = _stock_clingo(facts_file)
    ours = evaluate(CASES / f"{case}.yaml")
    supports = sorted(re.findall(r'support\("([^"]+)","((?:[^"\\]|\\.)*)"\)', model))
    ours_supports = sorted({(a.clause, a.matter) for a in ours.awards})
    assert supports == ours_supports
    if ours.total:
        optimum = re.search(r"^Optimization : (-?\d+)", output, re.M)
        assert optimum and -int(optimum.group(1)) == ours.total
        assert "OPTIMUM FOUND" in output
    else:
        # Nothing to choose: clingo has no objective to prove, and no award.
        assert not supports and "award(" not in model
