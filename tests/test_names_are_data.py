"""Names are data: applicant text never becomes clingo source, whatever characters it holds.

The same applicant is written twice, once with plain matter ids and once with ids full of
quotes, backslashes, brackets, `%`, `.`, `:-`, `#include`, newlines and Chinese text (and
an attempt to smuggle an award in).  The total, the clauses and the awards (under the
renaming) must be identical, the ids must come back unchanged, and stock clingo on
`policykb facts` must reach the same optimum.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import clingo
import pytest
from conftest import ROOT, evaluate_data, run_cli

#: An award the knowledge base would never grant: 99,990,000 under X7 for a matter "p".
INJECTED = 'x"). award("xicheng.a7.security","p",2026,m(0,9999,0,0)). %'
HOSTILE = [
    INJECTED,
    'back\\slash \\" and \\\\n',
    "brackets [a] {b} (c) <d>",
    '100% . :- #include "/etc/passwd". #show award/4.',
    "line one\nline two\r\n\ttabbed",
    "数据安全产品：隐私计算平台",
    "%* an unclosed block comment",
    ":- not award(_,_,_,_).",
    "#const n=1. #program base.",
    '"',
]
NAME = 'ACME "Data" Co. \\ %* :- ' + INJECTED + "\n#include \"kb/main.lp\". 数据公司"


def _applicant(ids: list[str], name: str) -> dict[str, Any]:
    """Xicheng: two security products (2M each, the second blocked by earlier support),
    two events (30% of 1M and of 2M), six filings (1M each, 5M per entity)."""
    return {
        "name": name, "district": "xicheng", "sectors": ["security_governance"], "as_of": "2026-06-01",
        "data_assets": [{"id": ids[0], "type": "security_product"}, {"id": ids[1], "type": "security_product"}],
        "events": [{"id": ids[2], "type": "exchange_activity", "role": "host", "sponsor_level": "national",
                    "actual_expenses": 1_000_000},
                   {"id": ids[3], "type": "exchange_activity", "role": "organizer", "sponsor_level": "municipal",
                    "actual_expenses": 2_000_000}],
        "filings": [{"id": ids[i], "type": "generative_ai_service", "level": "national",
                     "flags": ["scenario_developed"]} for i in range(4, 10)],
        "earlier_support": [{"matter": ids[1], "clause": "xicheng.a4.3.data_product", "amount": 1, "year": 2025}],
    }


PLAIN = [f"m{i}" for i in range(len(HOSTILE))]
RENAME = dict(zip(PLAIN, HOSTILE))
#: By hand: 2,000,000 (X7, the first product) + 300,000 + 600,000 (X9(4), 30%) + 5,000,000 (six
#: filings trimmed to X2(2)'s 5,000,000 per entity); the second product is blocked.
EXPECTED_TOTAL = 7_900_000


def _write(tmp_path: Path, data: dict[str, Any], name: str) -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def test_hostile_ids_and_name_change_nothing(tmp_path: Path) -> None:
    plain = evaluate_data(_applicant(PLAIN, "plain"), tmp_path)
    hostile = evaluate_data(_applicant(HOSTILE, NAME), tmp_path)
    assert plain.optimal and hostile.optimal
    assert plain.total == hostile.total == EXPECTED_TOTAL
    assert sorted({a.clause for a in plain.awards}) == sorted({a.clause for a in hostile.awards}) == [
        "xicheng.a2.2.filing", "xicheng.a7.security", "xicheng.a9.4.event"]
    assert sorted((a.clause, RENAME[a.matter], a.year, a.gross) for a in plain.awards) == \
        sorted((a.clause, a.matter, a.year, a.gross) for a in hostile.awards)
    assert hostile.applicant == NAME


def test_injection_through_a_matter_id_or_the_name_grants_nothing(tmp_path: Path) -> None:
    # Only the injected id and the injected name: one security product, worth 2,000,000.
    data = {"name": NAME, "district": "xicheng", "sectors": ["security_governance"], "as_of": "2026-06-01",
            "data_assets": [{"id": INJECTED, "type": "security_product"}]}
    res = evaluate_data(data, tmp_path)
    assert res.total == 2_000_000
    assert [(a.clause, a.matter, a.amount) for a in res.awards] == [("xicheng.a7.security", INJECTED, 2_000_000)]
    assert all(a.matter != "p" for a in res.awards)


@pytest.mark.parametrize("suffix", [".json", ".yaml"])
def test_ids_come_back_unchanged_in_the_json_output(tmp_path: Path, suffix: str) -> None:
    data = _applicant(HOSTILE, NAME)
    path = tmp_path / f"hostile{suffix}"
    if suffix == ".json":
        path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    else:
        import yaml

        path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    proc = run_cli("optimize", str(path), "--format", "json")
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    assert out["applicant"] == NAME
    assert out["total"] == EXPECTED_TOTAL
    awarded = {a["matter"] for a in out["awards"]}
    # Every matter but the blocked second product is awarded, under its own id exactly.
    assert awarded == set(HOSTILE) - {HOSTILE[1]}


def _facts(path: Path) -> str:
    """`policykb facts` exactly as written: bytes, since text mode would turn a carriage
    return inside an id (which clingo's printer leaves as it is) into a line break."""
    proc = subprocess.run([sys.executable, "-m", "pycli", "facts", str(path)], cwd=ROOT, capture_output=True,
                          timeout=300)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout.decode("utf-8")


def _stock_clingo(facts: str, tmp_path: Path) -> tuple[int, set[tuple[str, str]], list[str]]:
    """Stock clingo on kb/main.lp and the facts: (total, supported (clause, matter), atoms)."""
    facts_file = tmp_path / "facts.lp"
    facts_file.write_bytes(facts.encode("utf-8"))
    proc = subprocess.run([sys.executable, "-m", "clingo", "kb/main.lp", str(facts_file), "--outf=2"],
                          cwd=ROOT, capture_output=True, timeout=300)
    # clingo's JSON leaves tabs and carriage returns of strings unescaped: not strict JSON.
    out = json.loads(proc.stdout.decode("utf-8"), strict=False)
    assert out["Result"] == "OPTIMUM FOUND", proc.stdout[-2000:]
    (call,) = out["Call"]
    last = call["Witnesses"][-1]
    atoms = [clingo.parse_term(v) for v in last["Value"]]
    supported = {(a.arguments[0].string, a.arguments[1].string) for a in atoms if a.name == "support"}
    return -last["Costs"][0], supported, [str(a) for a in atoms]


def test_facts_output_is_clingo_that_stock_clingo_solves_alike(tmp_path: Path) -> None:
    path = _write(tmp_path, _applicant(HOSTILE, NAME), "hostile.json")
    total, supported, atoms = _stock_clingo(_facts(path), tmp_path)
    ours = evaluate_data(_applicant(HOSTILE, NAME), tmp_path)
    assert total == ours.total == EXPECTED_TOTAL
    assert supported == {(a.clause, a.matter) for a in ours.awards}
    # The smuggled award is not in the model: only awards to the matters of the file are.
    assert not any(a.startswith('award("xicheng.a7.security","p"') for a in atoms)
    assert {a for a in atoms if a.startswith("error(")} == set()


def test_plain_and_hostile_facts_differ_only_in_quoted_strings(tmp_path: Path) -> None:
    plain = _facts(_write(tmp_path, _applicant(PLAIN, "plain"), "plain.json")).split("\n")
    hostile = _facts(_write(tmp_path, _applicant(HOSTILE, NAME), "hostile.json")).split("\n")
    # One fact per line in both (a newline inside an id is escaped), and the same predicates.
    assert len(plain) == len(hostile)
    parsed = [clingo.parse_term(line.rstrip(".")) for line in hostile if line]
    assert [p.name for p in parsed] == [clingo.parse_term(line.rstrip(".")).name for line in plain if line]
    ids = {p.arguments[0].string for p in parsed if p.name == "matter"}
    assert ids == set(HOSTILE)


@pytest.mark.parametrize("text,needle", [
    ('"a\\u0000b"', "contains a NUL character"),
    ('"a\\ud800b"', "contains a lone surrogate"),
])
def test_ids_clingo_cannot_keep_exactly_are_refused(tmp_path: Path, text: str, needle: str) -> None:
    # clingo strings end at NUL (two ids would merge) and must be UTF-8: refuse, never alter.
    path = tmp_path / "a.json"
    path.write_text('{"district": "xicheng", "sectors": ["data_elements"], "data_assets": '
                    f'[{{"id": {text}, "type": "security_product"}}]}}', encoding="utf-8")
    proc = run_cli("optimize", str(path))
    assert proc.returncode == 2 and proc.stdout == ""
    assert proc.stderr.count("\n") == 1 and "Traceback" not in proc.stderr
    assert "a.json: data_assets[0].id: " + needle in proc.stderr


def test_name_is_never_in_the_facts(tmp_path: Path) -> None:
    facts = _facts(_write(tmp_path, _applicant(PLAIN, NAME), "named.json"))
    assert "ACME" not in facts and "数据公司" not in facts
