"""`policykb check` and `policykb coverage`: the knowledge base is whole, and each check can fail."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from fractions import Fraction
from pathlib import Path

import pytest
from conftest import ROOT, run_cli

from pycli.kbtools import coverage, integrity, kbread, sources

XICHENG_TEXT = "xicheng-2025-data-industry.en.txt"
DOCUMENTS = ROOT / "kb" / "documents"


# --- the knowledge base as it stands --------------------------------------------------------

def test_check_is_clean() -> None:
    proc = run_cli("check")
    assert proc.returncode == 0, proc.stdout
    (summary,) = proc.stdout.splitlines()
    found = re.fullmatch(r"policykb check: \d+ clauses in (\d+) documents, \d+ cap groups, \d+ assumptions: clean", summary)
    assert found and int(found.group(1)) == len(list(DOCUMENTS.glob("*/rules.lp")))


def test_coverage_maps_every_amount() -> None:
    proc = run_cli("coverage")
    assert proc.returncode == 0, proc.stdout
    lines = proc.stdout.splitlines()
    assert not [line for line in lines if line.startswith(("problem:", "  unmapped:"))]
    # One line per source text of each document folder, English and Chinese alike.
    for folder in sorted(p.parent for p in DOCUMENTS.glob("*/rules.lp")):
        for text in sorted(folder.glob("*.*.txt")):
            (line,) = [line for line in lines if line.startswith(f"{text.name} (")]
            assert line.endswith(", 0 unmapped"), line
    assert lines[-1].endswith(": 100% mapped or noted")


def test_the_chinese_text_maps_as_the_english_one() -> None:
    # Xicheng is shipped in both languages: the same clauses state the same amounts.
    kb = kbread.read(ROOT / "kb")
    report = coverage.measure(kb)
    by_file = {name: [a for a in report.amounts if a.file == name] for name in report.files}
    english, chinese = by_file[XICHENG_TEXT], by_file["xicheng-2025-data-industry.zh.txt"]
    assert len(chinese) == len(english) and all(a.parameter for a in chinese)
    assert sorted(a.value for a in chinese) == sorted(a.value for a in english)


@pytest.mark.parametrize("sentence,expected", [
    ("给予最高 200 万元奖励", [("200万元", 2_000_000)]),
    ("分别给予最高 150 万元、50 万元和 30 万元", [("150万元", 1_500_000), ("50万元", 500_000), ("30万元", 300_000)]),
    ("最高1.5亿元", [("1.5亿元", 150_000_000)]),
    ("按照实际投入的不超过50%给予支持", [("50%", Fraction(1, 2))]),
    ("按照1:1和1:0.5的比例", [("1:1", Fraction(1)), ("1:0.5", Fraction(1, 2))]),
    ("连续3年,每年最高200万元", [("200万元", 2_000_000)]),  # 3年 is a term, not money
    ("第10条", []),
])
def test_chinese_amounts(sentence: str, expected: list[tuple[str, object]]) -> None:
    assert [(t, v) for _, t, v in coverage.find_amounts_zh(coverage.normalise_zh(sentence))] == expected


def test_pilot_zone_amounts_are_the_ones_a_reader_finds() -> None:
    # Read off tongzhou-pilot-zone-2024.en.txt by hand, in order: art. 3, 4, 5, 6, 7.
    source = sources.parse(DOCUMENTS / "tongzhou_pilot_zone" / "tongzhou-pilot-zone-2024.en.txt", "tongzhou_pz")
    body = coverage.normalise(source.body)
    assert [(t, v) for _, t, v in coverage.find_amounts(body)] == [
        ("30%", Fraction(3, 10)), ("20%", Fraction(1, 5)), ("10%", Fraction(1, 10)),
        ("3 million yuan", 3_000_000), ("1 million yuan", 1_000_000), ("500,000 yuan", 500_000),
        ("200,000 yuan", 200_000), ("1 million yuan", 1_000_000),
        ("20%", Fraction(1, 5)), ("3 million yuan", 3_000_000),
        ("1 million yuan", 1_000_000), ("200,000 yuan", 200_000),
        ("1 million yuan", 1_000_000), ("30%", Fraction(3, 10)), ("1 million yuan", 1_000_000),
        ("1:1", Fraction(1)), ("1:0.5", Fraction(1, 2)), ("1 million yuan", 1_000_000)]


@pytest.mark.parametrize("sentence,expected", [
    ("one-time support of up to RMB 1 million, RMB 200,000, and RMB 100,000 respectively",
     [("RMB 1 million", 1_000_000), ("RMB 200,000", 200_000), ("RMB 100,000", 100_000)]),
    ("incentives of up to 50 million yuan for those", [("50 million yuan", 50_000_000)]),
    ("a ratio of 1:1 and 1:0.5 respectively", [("1:1", Fraction(1)), ("1:0.5", Fraction(1, 2))]),
    ("based on 5% of their annual total", [("5%", Fraction(1, 20))]),
    ("Source:www.bjtzh.gov.cn 2025-04-30, [2024] No. 136, more than 50 data products", []),
])
def test_amounts_are_found_in_a_sentence(sentence: str, expected: list) -> None:
    assert [(t, v) for _, t, v in coverage.find_amounts(coverage.normalise(sentence))] == expected


# --- each check fails on a knowledge base broken on purpose --------------------------------

@pytest.fixture
def broken_kb(tmp_path: Path) -> Path:
    """A scratch copy of kb/ that a test may break."""
    shutil.copytree(ROOT / "kb", tmp_path / "kb")
    return tmp_path / "kb"


def _append(kb: Path, document: str, text: str) -> None:
    path = kb / "documents" / document / "rules.lp"
    path.write_text(path.read_text(encoding="utf-8") + "\n" + text + "\n", encoding="utf-8")


def _problems(kb: Path) -> list[str]:
    return integrity.problems(kbread.read(kb), ROOT / "tests")


def test_a_copy_of_the_knowledge_base_is_clean(broken_kb: Path) -> None:
    assert _problems(broken_kb) == []


#: A clause no test names; built in two parts, since naming it here would count as a test.
BARE = "xicheng.a99." + "bare"


def test_check_finds_each_kind_of_problem(broken_kb: Path) -> None:
    _append(broken_kb, "xicheng", "\n".join([
        'clause("xicheng.a7.security", xicheng).',
        'qualifies("xicheng.a7.security", M, base) :- matter(M, data_asset), number(M, count, N), N > 50.',
        'qualifies("xicheng.a7.security", M, base) :- matter(M, data_asset), assume(made_up_reading, true).',
        'in_group("xicheng.a7.security", "xicheng.a7.no_such_cap").',
        'cap_group("xicheng.a7.orphan_cap", year).',
        f'clause("{BARE}", xicheng).',
        f'source("{BARE}", "99", "", "").',
        f'kind("{BARE}", ceiling).',
        f'amount_form("{BARE}", ratio(no_such_field)).',
    ]))
    lines = _problems(broken_kb)
    line_of_50 = len((ROOT / "kb" / "documents" / "xicheng" / "rules.lp").read_text(encoding="utf-8").splitlines()) + 3
    for expected in [
        "xicheng.a7.security: clause/2 written 2 times (documents/xicheng/rules.lp:",
        f"documents/xicheng/rules.lp:{line_of_50}: the number 50 in a rule (numbers of the law belong in law/3,4 facts)",
        "assumption made_up_reading: used (documents/xicheng/rules.lp:",
        "in_group names xicheng.a7.no_such_cap, which no cap_group/2 declares",
        "cap group xicheng.a7.orphan_cap: no law(xicheng.a7.orphan_cap, cap, yuan(N))",
        "cap group xicheng.a7.orphan_cap: no clause is in it (in_group/2)",
        f"{BARE}: the sentence of source/4 is empty",
        f"{BARE}: no source_zh/2, though its document cites a Chinese text",
        f"{BARE}: no qualifies/3 rule, so it can never apply",
        f"{BARE}: no money parameter (a law/3,4 fact with yuan, pct or frac)",
        f"{BARE}: amount_form ratio(no_such_field) reads a money field the vocabulary does not have",
        f"{BARE}: payment/2 is missing, expected one of once, annual, cumulative",
        f"{BARE}: no test names it (tests/cases/expected.yaml, tests/*.py or its document's cases.yaml)",
    ]:
        assert any(line.startswith(expected) or expected in line for line in lines), (expected, lines)
    assert len(lines) == 13


def test_check_finds_a_missing_parameter_and_payment_term(broken_kb: Path) -> None:
    path = broken_kb / "documents" / "chaoyang" / "rules.lp"
    body = path.read_text(encoding="utf-8")
    body = body.replace('law("chaoyang.a06.platform", years, 3).\n', "")
    body = body.replace('law("chaoyang.a05.export", amount, yuan(500000)).\n', "")
    path.write_text(body, encoding="utf-8")
    assert _problems(broken_kb) == [
        "chaoyang.a05.export: no money parameter (a law/3,4 fact with yuan, pct or frac)",
        "chaoyang.a05.export: amount_form flat needs a `amount` parameter",
        "chaoyang.a06.platform: an annual payment needs a `years` parameter or uses(C, open_annual_years)",
    ]


def test_check_exits_6_with_one_line_per_problem(broken_kb: Path) -> None:
    _append(broken_kb, "tongzhou_pilot_zone", 'clause("tongzhou_pz.a4.demonstration", tongzhou_pz).')
    proc = subprocess.run([sys.executable, "-m", "pycli", "check"], cwd=ROOT, capture_output=True, text=True,
                          timeout=120, env={**os.environ, "POLICYKB_KB": str(broken_kb)})
    assert proc.returncode == 6, proc.stdout + proc.stderr
    assert proc.stdout.splitlines()[0].startswith(
        "problem: tongzhou_pz.a4.demonstration: clause/2 written 2 times (documents/tongzhou_pilot_zone/rules.lp:")
    assert [line for line in proc.stdout.splitlines() if line.startswith("policykb check: ")][0].endswith(
        " assumptions: 1 problem(s)")


# --- coverage on a knowledge base whose source texts are changed on purpose ------------------

@pytest.fixture
def changed(broken_kb: Path) -> Path:
    """A scratch knowledge base whose Xicheng text has a sentence granting 7 million."""
    path = broken_kb / "documents" / "xicheng" / XICHENG_TEXT
    path.write_text(path.read_text(encoding="utf-8") + "\n(7) Units of a future kind will be awarded up to 7 million yuan.\n",
                    encoding="utf-8")
    return broken_kb


def _measure(kb: Path, notes: str | None) -> coverage.Report:
    if notes is not None:
        (kb / "documents" / "xicheng" / "coverage_notes.yaml").write_text(notes, encoding="utf-8")
    return coverage.measure(kbread.read(kb))


def test_an_unmapped_amount_is_listed(changed: Path) -> None:
    report = _measure(changed, None)
    unmapped = [(a.text, a.document) for a in report.amounts if not a.parameter]
    assert unmapped == [("7 million yuan", "xicheng")]
    assert not report.complete
    text = coverage.render(report)
    assert "xicheng-2025-data-industry.en.txt (xicheng): 39 amounts, 38 mapped, 0 noted, 1 unmapped" in text
    assert "  unmapped: '7 million yuan' in \"(7) Units of a future kind will be awarded up to 7 million yuan.\"" in text


def test_a_note_explains_an_amount_and_a_stale_note_is_reported(changed: Path) -> None:
    report = _measure(changed, "notes:\n- {amount: 7 million yuan, context: future kind,"
                               " why: a sentence added by this test}\n"
                               "- {amount: 9 million yuan, why: stale}\n")
    (seven,) = [a for a in report.amounts if a.text == "7 million yuan"]
    assert seven.note == "a sentence added by this test" and not seven.parameter
    assert "xicheng/coverage_notes.yaml: notes[1] ('9 million yuan') explains no unmapped amount: remove it" \
        in report.problems


def test_a_source_sentence_missing_from_the_text_is_reported(broken_kb: Path) -> None:
    path = broken_kb / "documents" / "xicheng" / XICHENG_TEXT
    path.write_text(path.read_text(encoding="utf-8").replace("up to 6 million yuan", "up to six million yuan"),
                    encoding="utf-8")
    report = _measure(broken_kb, None)
    assert f"xicheng.a9.5.park: its source sentence is not in documents/xicheng/{XICHENG_TEXT}" in report.problems


def test_a_document_without_an_english_text_is_reported(broken_kb: Path) -> None:
    (broken_kb / "documents" / "chaoyang" / "chaoyang-data-element-industry.en.txt").unlink()
    report = _measure(broken_kb, None)
    assert "document chaoyang has no English source text in chaoyang/" in report.problems


def test_every_source_text_says_where_it_comes_from() -> None:
    texts = [t for folder in DOCUMENTS.iterdir() if folder.is_dir()
             for t in sources.of_document(folder, folder.name)]
    assert sorted(t.path.name for t in texts) == sorted([
        "chaoyang-data-element-industry.en.txt", "tongzhou-digital-economy-2025.en.txt",
        "tongzhou-pilot-zone-2024.en.txt", XICHENG_TEXT, "xicheng-2025-data-industry.zh.txt"])
    for t in texts:
        assert {"title", "issued by", "date as stated", "taken from"} <= set(t.header), t.path
        assert t.body.strip() and not t.body.startswith("title:")


def _rewrite(kb: Path, document: str, old: str, new: str) -> None:
    path = kb / "documents" / document / "rules.lp"
    body = path.read_text(encoding="utf-8")
    assert old in body
    path.write_text(body.replace(old, new), encoding="utf-8")


def test_check_holds_a_quote_to_the_text_to_the_quotation_mark(broken_kb: Path) -> None:
    _rewrite(broken_kb, "tongzhou_digital_economy", '\\"Create for the Future\\"', "“Create for the Future”")
    found = [p for p in _problems(broken_kb) if p.startswith("tongzhou_de.a10.1.future:")]
    assert len(found) == 1 and "not verbatim in the en source text" in found[0] and "“Create" in found[0]


def test_check_holds_chinese_quotes_and_the_words_of_a_unit_to_the_texts(broken_kb: Path) -> None:
    _rewrite(broken_kb, "xicheng", "给予最高 500 万元配套奖励", "给予最高 600 万元配套奖励")
    _rewrite(broken_kb, "xicheng", "will be eligible for a reward of up to 2 million yuan based on actual scale\")",
             "will receive 2 million yuan\")")
    _rewrite(broken_kb, "tongzhou_pilot_zone", "These rules apply to the data element-related enterprises",
             "These rules apply to all enterprises")
    found = _problems(broken_kb)
    assert any(p.startswith("xicheng.a2.2.matching: source_zh/2 is not verbatim") for p in found)
    assert any(p.startswith("xicheng.a5.1.listing: the quote is not verbatim") for p in found)
    assert any(p.startswith("tongzhou_pz: the quote is not verbatim") for p in found)
    assert len(found) == 3
