"""docs/kb-authoring.md (d) works as written: add a document by following it.

The test copies kb/ to a scratch folder, writes every file the walk shows (its blocks
marked ``{file=...}``), and checks that `check` first reports the missing #include, then,
with the line added, that `check`, `coverage`, `optimize` and `explain` pass on the
scratch knowledge base (POLICYKB_KB), and that the new document's own cases hold.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import ROOT, checkout_env

from pycli.kbtools import document_cases

WALK = (ROOT / "docs" / "kb-authoring.md").read_text(encoding="utf-8")
BLOCK = re.compile(r"^( *)```\w+ \{file=([^}]+)\}\n(.*?)^\1```$", re.M | re.S)
INCLUDE = '#include "documents/beijing_data_fund/rules.lp".'


def _run(kb: Path, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "pycli", *args], cwd=cwd, capture_output=True, text=True,
                          timeout=300, env=checkout_env(POLICYKB_KB=str(kb)))


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """kb/ copied, with the files of the walk written into it (main.lp not yet changed)."""
    kb = tmp_path_factory.mktemp("walk") / "kb"
    shutil.copytree(ROOT / "kb", kb, ignore=shutil.ignore_patterns("__pycache__"))
    blocks = BLOCK.findall(WALK)
    assert len(blocks) >= 6, "the walk shows its files as ```lang {file=...} blocks"
    for indent, name, body in blocks:
        target = kb / name
        target.parent.mkdir(parents=True, exist_ok=True)
        lines = [line[len(indent):] if line.startswith(indent) else line.lstrip() for line in body.splitlines()]
        target.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return kb


def test_the_walk_adds_a_municipal_document(scratch: Path, tmp_path: Path) -> None:
    # Step 6: before main.lp includes it, check names the folder.
    before = _run(scratch, "check", cwd=tmp_path)
    assert before.returncode == 6
    assert ("problem: documents/beijing_data_fund/rules.lp: main.lp does not include it "
            f"(add {INCLUDE})") in before.stdout
    assert INCLUDE in WALK
    main = scratch / "main.lp"
    main.write_text(main.read_text(encoding="utf-8") + INCLUDE + "\n", encoding="utf-8")

    # Step 7: check is clean and counts five documents.
    check = _run(scratch, "check", cwd=tmp_path)
    assert check.returncode == 0, check.stdout
    assert re.match(r"policykb check: \d+ clauses in 5 documents, ", check.stdout)

    # Coverage reads both texts: every amount mapped, the budget noted in each language.
    coverage = _run(scratch, "coverage", cwd=tmp_path)
    assert coverage.returncode == 0, coverage.stdout
    assert "beijing-data-fund.en.txt (bj_fund): 4 amounts, 3 mapped, 1 noted, 0 unmapped" in coverage.stdout
    assert "beijing-data-fund.zh.txt (bj_fund): 4 amounts, 3 mapped, 1 noted, 0 unmapped" in coverage.stdout

    # The document's own cases, through optimize (JSON) and explain, in districts no
    # district document serves: the guide is municipal.
    (folder, cases), = [(f, c) for f, c in document_cases.of_folder(scratch / "documents")
                        if f.name == "beijing_data_fund"]
    for index, case in enumerate(cases):
        applicant = tmp_path / f"case{index}.yaml"
        applicant.write_text(yaml.safe_dump(case["applicant"], allow_unicode=True), encoding="utf-8")
        out = _run(scratch, "optimize", str(applicant), "--format", "json", cwd=tmp_path)
        assert out.returncode == 0, out.stderr
        result = json.loads(out.stdout)
        assert result["total"] == case["total"], case["says"]
        assert sorted({a["clause"] for a in result["awards"] if a["amount"]}) == sorted(case["clauses"])
        explained = _run(scratch, "explain", str(applicant), cwd=tmp_path)
        assert explained.returncode == 0, explained.stderr
        assert f"Total: {case['total']:,}" in explained.stdout
        assert "Beijing municipal data-industry fund guide" in explained.stdout

    # The guide's own flag is a word of the vocabulary there, and only there.
    schema = json.loads(_run(scratch, "schema", cwd=tmp_path).stdout)
    flags = schema["properties"]["platforms"]["items"]["properties"]["flags"]["items"]["enum"]
    assert "fund_catalogue_listed" in flags

    # A district document still applies only in its own district beside it: Xicheng's
    # V01 filings in Xicheng keep their 3,000,000 and gain nothing from the guide.
    v01 = _run(scratch, "optimize", str(ROOT / "tests" / "cases" / "V01.yaml"), "--format", "json", cwd=tmp_path)
    assert json.loads(v01.stdout)["total"] == 3_000_000


def test_the_walk_files_are_the_ones_the_step_names() -> None:
    names = [name for _indent, name, _body in BLOCK.findall(WALK)]
    assert names == ["documents/beijing_data_fund/beijing-data-fund.en.txt",
                     "documents/beijing_data_fund/beijing-data-fund.zh.txt",
                     "documents/beijing_data_fund/rules.lp", "documents/beijing_data_fund/vocabulary.yaml",
                     "documents/beijing_data_fund/coverage_notes.yaml", "documents/beijing_data_fund/cases.yaml"]
