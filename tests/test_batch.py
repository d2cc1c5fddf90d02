"""Populations: `policykb batch` and `policykb synth` (docs/populations.md).

Totals are the hand-computed ones of tests/cases/expected.yaml; the reform's budget
effect on V08, V12 and V15 under queries/reforms/double-t7-cap.yaml is worked out
below by hand.  Runs go through the real command line and the real solver.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import CASES, ROOT, checkout_env, run_cli

from pycli.input import load
from pycli.input.schema import vocabulary
from pycli.populations import inputs as batch_input
from pycli.populations import synth
from pycli.populations.evaluate import Evaluator, Options
from pycli.populations.summary import share, summarise
from pycli.reports import charts

REFORM = str(ROOT / "queries" / "reforms" / "double-t7-cap.yaml")
EXPECTED = yaml.safe_load((CASES / "expected.yaml").read_text(encoding="utf-8"))


def case(name: str) -> dict[str, Any]:
    """A visible case as JSON-ready data (dates as text)."""
    return json.loads(json.dumps(yaml.safe_load((CASES / f"{name}.yaml").read_text(encoding="utf-8")), default=str))


def write_jsonl(path: Path, rows: list[Any]) -> Path:
    path.write_text("".join((r if isinstance(r, str) else json.dumps(r, ensure_ascii=False)) + "\n" for r in rows),
                    encoding="utf-8")
    return path


def read_records(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def batch(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return run_cli("batch", *args, cwd=cwd)


# --- the reform's budget effect, by hand ------------------------------------------------
#
# Baseline (tests/cases/expected.yaml): V08 1,000,000 (three standards ask 500,000 +
# 500,000 + 300,000 = 1,300,000, cut to T7's 1,000,000 year cap); V12 650,000 (model
# voucher 30 % of 500,000 = 150,000, computing voucher 30 % of 3,000,000 = 900,000 cut
# to 500,000); V15 1,000,000 (P4 20 % of 5,000,000).  Doubling the T7 cap to 2,000,000
# lets V08 keep all 1,300,000; V12 and V15 use no T7 award.  Budget: 2,650,000 ->
# 2,950,000, impact +300,000, one gainer (V08), no loser, two unchanged.

@pytest.fixture(scope="module")
def tiny(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, subprocess.CompletedProcess[str]]:
    folder = tmp_path_factory.mktemp("tiny")
    population = write_jsonl(folder / "tiny.jsonl", [case("V08"), case("V12"), case("V15")])
    proc = batch(str(population), "--out", "results.jsonl", "--reform", REFORM, "--report", "report.html",
                 cwd=folder)
    assert proc.returncode == 0, proc.stderr
    return folder, proc


def test_reform_budget_effect_by_hand(tiny: tuple[Path, subprocess.CompletedProcess[str]]) -> None:
    folder, _ = tiny
    records = {r["key"]: r for r in read_records(folder / "results.jsonl")}
    assert [(r["baseline"]["total"], r["total"], r["difference"]) for r in records.values()] == [
        (1_000_000, 1_300_000, 300_000), (650_000, 650_000, 0), (1_000_000, 1_000_000, 0)]
    s = summarise(records.values())
    assert (s.baseline_total, s.total, s.difference) == (2_650_000, 2_950_000, 300_000)
    assert (s.gainers, s.losers, s.unchanged) == (1, 0, 2)
    assert [(c.key, c.baseline, c.reform) for c in s.gains] == [("V08 standards leader", 1_000_000, 1_300_000)]
    assert s.losses == []


def test_summary_per_clause_matches_hand_sums(tiny: tuple[Path, subprocess.CompletedProcess[str]]) -> None:
    folder, proc = tiny
    s = summarise(read_records(folder / "results.jsonl"))
    assert {c.name: (c.baseline, c.total, c.recipients) for c in s.clauses} == {
        "tongzhou_de.a7.standard": (1_000_000, 1_300_000, 1),
        "tongzhou_de.a6.model_voucher": (150_000, 150_000, 1),
        "tongzhou_de.a6.computing_voucher": (500_000, 500_000, 1),
        "tongzhou_pz.a4.demonstration": (1_000_000, 1_000_000, 1),
    }
    assert {d.name: (d.baseline, d.total) for d in s.documents} == {
        "tongzhou_de": (1_650_000, 1_950_000), "tongzhou_pz": (1_000_000, 1_000_000)}
    assert {d.name: (d.applicants, d.total) for d in s.districts} == {
        "tongzhou": (2, 1_950_000), "tongzhou (pilot zone)": (1, 1_000_000)}
    # Every amount is an int, sums included: never a float on the way.
    assert all(type(v) is int for c in s.clauses for v in (c.baseline, c.total))
    # The printed summary says the same.
    assert "difference      +300,000" in proc.stdout
    assert "gainers 1, losers 0, unchanged 2" in proc.stdout
    line = next(row for row in proc.stdout.splitlines() if row.strip().startswith("tongzhou_de.a7.standard"))
    assert line.split() == ["tongzhou_de.a7.standard", "1", "1,000,000", "1,300,000", "+300,000", "44.1%"]


def test_report_has_inline_svg_charts(tiny: tuple[Path, subprocess.CompletedProcess[str]]) -> None:
    folder, _ = tiny
    html = (folder / "report.html").read_text(encoding="utf-8")
    assert html.count("<svg") == 2 and "<script" not in html and "http://" not in html.replace(
        'xmlns="http://www.w3.org/2000/svg"', "")
    # One pair of bars per paying clause; the largest (T7 under the reform) spans the full width.
    assert html.count("reform: ") == 4
    assert f'width="{charts.BAR_WIDTH}" height="11" fill="#2f6db5"><title>tongzhou_de.a7.standard reform' in html


def test_markdown_report(tmp_path: Path) -> None:
    population = write_jsonl(tmp_path / "p.jsonl", [{**case("V08"), "name": "a|b"}])
    proc = batch(str(population), "--out", "r.jsonl", "--report", "r.md", "--reform", REFORM, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    md = (tmp_path / "r.md").read_text(encoding="utf-8")
    assert md.count("<svg") == 2
    assert "| tongzhou_de.a7.standard | 1 | 1,000,000 | 1,300,000 | +300,000 | 100.0% |" in md
    assert "| a\\|b | 1,000,000 | 1,300,000 | +300,000 |" in md  # a pipe in a key does not break the table


# --- determinism, resume, bad input ---------------------------------------------------

def test_worker_counts_give_identical_results_and_summary(tmp_path: Path) -> None:
    population = tmp_path / "pop.jsonl"
    assert run_cli("synth", "--n", "30", "--seed", "11", "--out", str(population)).returncode == 0
    with population.open("a", encoding="utf-8") as handle:  # an error record among them
        handle.write('{"name": "broken", "district": "pudong", "sectors": ["data_elements"]}\n')
    runs = []
    for workers in ("1", "2"):
        folder = tmp_path / f"w{workers}"
        folder.mkdir()
        proc = batch(str(population), "--out", "results.jsonl", "--workers", workers,
                     "--reform", REFORM, "--report", "report.html", cwd=folder)
        assert proc.returncode == 0, proc.stderr
        assert proc.stderr == ""  # no progress bar when stderr is not a terminal
        runs.append(((folder / "results.jsonl").read_bytes(), proc.stdout, (folder / "report.html").read_bytes()))
    assert runs[0] == runs[1]
    records = [json.loads(line) for line in runs[0][0].splitlines()]
    assert [r["key"] for r in records] == [a["name"] for a in synth.population(30, 11)] + ["broken"]
    assert sum("error" in r for r in records) == 1


def test_resume_after_kill_matches_uninterrupted_run(tmp_path: Path) -> None:
    population = tmp_path / "pop.jsonl"
    # Several runs of shared.CHUNK applicants, so that the kill lands between two of them.
    assert run_cli("synth", "--n", "600", "--seed", "5", "--out", str(population)).returncode == 0
    whole, cut = tmp_path / "whole", tmp_path / "cut"
    whole.mkdir(), cut.mkdir()
    full = batch(str(population), "--out", "results.jsonl", cwd=whole)
    assert full.returncode == 0, full.stderr

    out = cut / "results.jsonl"
    child = subprocess.Popen([sys.executable, "-m", "pycli", "batch", str(population), "--out", "results.jsonl"],
                             cwd=cut, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=checkout_env())
    try:
        deadline = time.monotonic() + 240  # a safety net against a hang, not a timing assertion
        while not (out.exists() and out.read_bytes().count(b"\n") >= 3):
            assert child.poll() is None, "the batch ended before it could be interrupted"
            assert time.monotonic() < deadline, "no records appeared"
            time.sleep(0.05)
        child.send_signal(signal.SIGKILL)
    finally:
        child.wait()
    kept = out.read_bytes()
    assert 3 <= kept.count(b"\n") < 600
    # Every line written is a whole record, and they are the first ones of the full run.
    assert (whole / "results.jsonl").read_bytes().startswith(kept)
    with out.open("ab") as handle:  # as if the kill had cut a line: resume drops it
        handle.write(b'{"key": "half a rec')
    resumed = batch(str(population), "--out", "results.jsonl", "--resume", cwd=cut)
    assert resumed.returncode == 0, resumed.stderr
    assert out.read_bytes() == (whole / "results.jsonl").read_bytes()
    assert resumed.stdout == full.stdout


def test_bad_records_are_recorded_and_the_rest_solved(tmp_path: Path) -> None:
    rows: list[Any] = [case("V08"), {**case("V12"), "district": "Haidian"}, "{not json", "", case("V15"),
                       {**case("V01"), "name": "V08 standards leader"}]
    population = write_jsonl(tmp_path / "mixed.jsonl", rows)
    proc = batch(str(population), "--out", "r.jsonl", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    records = read_records(tmp_path / "r.jsonl")
    assert [r["key"] for r in records] == ["V08 standards leader", "V12 SME vouchers", "line 3",
                                           "V15 demonstration scenario", "V08 standards leader (line 6)"]
    assert [r.get("total") for r in records] == [1_000_000, None, None, 1_000_000, EXPECTED["V01"]["total"]]
    assert records[1]["error"] == (f"{population}:2: district: expected one of dongcheng, xicheng, chaoyang, fengtai, shijingshan, haidian,"
                                   " mentougou, fangshan, tongzhou, shunyi, changping, daxing, huairou, pinggu, miyun, yanqing, got 'Haidian'")
    # The JSON reader names the line and column inside the record as well ("line 1: not valid JSON: ...").
    assert records[2]["error"].startswith(f"{population}:3: ") and "not valid JSON" in records[2]["error"]
    assert records[1]["exit_status"] == records[2]["exit_status"] == 2
    assert "Solved: 3   Errors: 2" in proc.stdout


def test_folder_input_records_each_file(tmp_path: Path) -> None:
    folder = tmp_path / "applicants"
    folder.mkdir()
    for name in ("V03", "E02", "V17"):
        (folder / f"{name}.yaml").write_bytes((CASES / f"{name}.yaml").read_bytes())
    proc = batch(str(folder), "--out", str(tmp_path / "r.jsonl"))
    assert proc.returncode == 0, proc.stderr
    records = read_records(tmp_path / "r.jsonl")
    assert [(r["key"], r.get("total")) for r in records] == [
        ("E02.yaml", None), ("V03.yaml", EXPECTED["V03"]["total"]), ("V17.yaml", EXPECTED["V17"]["total"])]
    assert records[0]["error"] == f"{folder / 'E02.yaml'}: district: expected one of dongcheng, xicheng, chaoyang, fengtai, shijingshan, haidian, mentougou, fangshan, tongzhou, shunyi, changping, daxing, huairou, pinggu, miyun, yanqing, got 'Haidian'"


CSV = """applicant,district,sme,sectors,as_of,kind,id,type,level,role,flags,date,contract_amount
V08 standards leader,tongzhou,,data_elements,2026-06-01,standards,iso-data-quality,,international,lead,,2026-02-10,
V08 standards leader,,,,,standards,iso-data-labelling,,international,lead,,2026-05-20,
V12 SME vouchers,tongzhou,true,artificial_intelligence,2026-06-01,service_contracts,model-contract,model_service,,,significant_application_results,2026-02-01,500000
V08 standards leader,,,,,standards,gb-data-catalogue,,national,lead,,2026-04-01,
V12 SME vouchers,,,,,service_contracts,computing-contract,computing_service,,,significant_application_results,2026-03-01,3000000
Bad money,tongzhou,true,artificial_intelligence,2026-06-01,service_contracts,c1,model_service,,,,2026-02-01,500000
Bad money,,,,,service_contracts,c2,model_service,,,,2026-02-01,12 million
"""


def test_csv_layout_gives_the_same_totals(tmp_path: Path) -> None:
    path = tmp_path / "pop.csv"
    path.write_text(CSV, encoding="utf-8")
    proc = batch(str(path), "--out", "r.jsonl", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    records = read_records(tmp_path / "r.jsonl")
    assert [(r["key"], r.get("total")) for r in records] == [
        ("V08 standards leader", 1_000_000), ("V12 SME vouchers", 650_000), ("Bad money", None)]
    # The message names the CSV row of the bad cell (the header is row 1).
    assert records[2]["error"] == (f"{path}:8: service_contracts[1].contract_amount: "
                                   "expected whole yuan >= 0 and <= 10^15, got '12 million'")


def test_unknown_csv_column_stops_the_run(tmp_path: Path) -> None:
    path = tmp_path / "pop.csv"
    path.write_text("applicant,district,investmnt\nA,xicheng,5\n", encoding="utf-8")
    proc = batch(str(path), "--out", "r.jsonl", cwd=tmp_path)
    assert proc.returncode == 2 and len(proc.stderr.splitlines()) == 1
    assert proc.stderr.startswith(f"policykb: {path}: column 'investmnt': unknown column (known: applicant, ")
    assert not (tmp_path / "r.jsonl").exists()


def test_existing_results_need_resume(tmp_path: Path) -> None:
    population = write_jsonl(tmp_path / "p.jsonl", [case("V13a")])
    assert batch(str(population), "--out", "r.jsonl", cwd=tmp_path).returncode == 0
    before = (tmp_path / "r.jsonl").read_bytes()
    again = batch(str(population), "--out", "r.jsonl", cwd=tmp_path)
    assert again.returncode == 2
    assert again.stderr == "policykb: r.jsonl: already holds results; pass --resume to continue them, or remove it\n"
    resumed = batch(str(population), "--out", "r.jsonl", "--resume", cwd=tmp_path)
    assert resumed.returncode == 0 and (tmp_path / "r.jsonl").read_bytes() == before  # nothing to add
    other = batch(str(population), "--out", "r.jsonl", "--resume", "--reform", REFORM, cwd=tmp_path)
    assert other.returncode == 2 and "resume with the same options" in other.stderr


def test_bad_reform_stops_before_any_record(tmp_path: Path) -> None:
    reform = tmp_path / "bad.yaml"
    reform.write_text("name: x\nparameters:\n  - {owner: tongzhou_de.a7.year_cap, name: cpa, value: {yuan: 1}}\n")
    population = write_jsonl(tmp_path / "p.jsonl", [case("V08")])
    proc = batch(str(population), "--out", "r.jsonl", "--reform", str(reform), cwd=tmp_path)
    assert proc.returncode == 2 and len(proc.stderr.splitlines()) == 1
    assert f"{reform}: parameters[0] (tongzhou_de.a7.year_cap.cpa): names no parameter" in proc.stderr
    assert not (tmp_path / "r.jsonl").exists()


def test_cached_knowledge_base_gives_the_hand_computed_totals() -> None:
    """One evaluator (parsed KB, cached catalogue) across every visible case: the expected totals."""
    evaluator = Evaluator(Options())
    names = sorted(EXPECTED)
    for index, name in enumerate(names):
        path = CASES / f"{name}.yaml"
        record = evaluator.record(batch_input.Entry(index=index, key=name, source=str(path), path=str(path)))
        assert record["total"] == EXPECTED[name]["total"], name
        assert sorted({a["clause"] for a in record["awards"]}) == sorted(EXPECTED[name]["clauses"]), name


# --- keys, shares, synth ----------------------------------------------------------------

def test_keys_are_unique_and_stable() -> None:
    keys = batch_input.Keys()
    assert [keys.claim(n, f"line {i}") for i, n in enumerate(["A", "A", None, "line 2", "", "x\ny", "A (line 1)"])] \
        == ["A", "A (line 1)", "line 2", "line 2 (line 3)", "line 4", "line 5", "A (line 1) (line 6)"]


def test_shares_are_rounded_only_for_display() -> None:
    assert [share(1, 3), share(2, 3), share(1, 8), share(0, 5), share(5, 0)] == ["33.3%", "66.7%", "12.5%",
                                                                                  "0.0%", "-"]


def test_synth_is_reproducible_and_valid(tmp_path: Path) -> None:
    first, second = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    for out in (first, second):
        assert run_cli("synth", "--n", "300", "--seed", "42", "--out", str(out)).returncode == 0
    assert first.read_bytes() == second.read_bytes()
    drawn = [json.loads(line) for line in first.read_text(encoding="utf-8").splitlines()]
    assert drawn == synth.population(300, 42)
    assert drawn[:50] == synth.population(50, 42)  # a prefix of a larger draw
    assert synth.population(50, 43) != drawn[:50]
    for index, data in enumerate(drawn):
        load.validate(data, f"synth[{index}]")  # raises InputError if any is invalid
    places = {(d["district"], d["pilot_zone"]) for d in drawn}
    assert places == {("xicheng", False), ("chaoyang", False), ("tongzhou", False), ("tongzhou", True)}
    kinds = vocabulary()["kinds"]
    money = [(field, m[field]) for d in drawn for spec in kinds.values() for m in d.get(spec["list"], [])
             for field in spec["money"] if field in m]
    assert len({field for field, _ in money}) >= 10 and all(type(v) is int and v > 0 for _, v in money)
    # Drawn amounts are whole thousands; interest is a whole-percent share of the principal.
    assert all(v % 1000 == 0 for field, v in money if field != "interest")
    dates = [m["date"] for d in drawn for ms in d.values() if isinstance(ms, list) for m in ms
             if isinstance(m, dict) and "date" in m]
    assert min(dates) >= "2025-01-01" and max(dates) <= "2027-12-31"


def test_progress_bar_only_on_a_terminal(tmp_path: Path) -> None:
    """Under a pseudo-terminal the bar is drawn on stderr; the summary on stdout is the same."""
    pty = pytest.importorskip("pty")
    population = write_jsonl(tmp_path / "p.jsonl", [case("V13a"), case("V17")])
    master, slave = pty.openpty()
    try:
        proc = subprocess.run([sys.executable, "-m", "pycli", "batch", str(population), "--out", "r.jsonl"],
                              cwd=tmp_path, stdout=subprocess.PIPE, stderr=slave, timeout=300,
                              env=checkout_env(COLUMNS="100"))
        os.close(slave)
        drawn = b""
        while True:
            try:
                chunk = os.read(master, 4096)
            except OSError:
                break
            if not chunk:
                break
            drawn += chunk
    finally:
        os.close(master)
    assert proc.returncode == 0
    assert b"policykb batch" in drawn and b"2/2" in drawn
    assert b"Solved: 2   Errors: 0" in proc.stdout


def test_a_record_is_one_line_whatever_the_text() -> None:
    from pycli.reports.render import json_line

    value = {"key": "a\u2028b", "applicant": "c\x85d\ne\u2029", "total": 10**15}
    text = json_line(value)
    assert text.splitlines() == [text] and json.loads(text) == value


def test_a_line_longer_than_the_limit_is_its_records_error_never_read_whole(tmp_path: Path,
                                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    from inprocess import run

    monkeypatch.setattr(batch_input, "MAX_LINE_BYTES", 4_000)
    long_one = {**case("V12"), "name": "x" * 10_000}
    population = write_jsonl(tmp_path / "long.jsonl", [case("V08"), long_one, case("V15")])
    assert batch_input.count(str(population)) == 3
    proc = run("batch", str(population), "--out", str(tmp_path / "r.jsonl"), "--workers", "1")
    assert proc.returncode == 0, proc.stderr
    records = read_records(tmp_path / "r.jsonl")
    assert [r.get("total") for r in records] == [1_000_000, None, 1_000_000]
    assert records[1]["error"] == f"{population}:2: larger than 4000 bytes" and records[1]["exit_status"] == 2


@pytest.mark.parametrize("content", [b"applicant,district\nx\xff,xicheng\n", b"foo,bar\n1,2\n"], ids=["latin1", "no-column"])
def test_a_bad_input_leaves_results_being_resumed_as_they_were(tmp_path: Path, content: bytes) -> None:
    (tmp_path / "bad.csv").write_bytes(content)
    results = tmp_path / "r.jsonl"
    results.write_bytes(b'{"key": "x"}\n{"key": "y", "cut sh')  # an incomplete record and a cut line
    proc = batch("bad.csv", "--out", "r.jsonl", "--resume", cwd=tmp_path)
    assert proc.returncode == 2 and len(proc.stderr.splitlines()) == 1, proc.stderr
    assert results.read_bytes() == b'{"key": "x"}\n{"key": "y", "cut sh'
