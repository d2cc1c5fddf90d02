"""The Chinese output of every command that prints for people, on every shipped example,
holds no untranslated English sentence.

Allowed in it: clause ids, field paths, canonical words (shown beside their labels),
assumption names, file names, the applicant's own data (names, ids), and English law
text where it is quoted as such (in quotation marks, or an element marked lang="en").
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml
from conftest import ROOT
from inprocess import run

from pycli.input.schema import vocabulary

EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))
#: Words of the tools themselves, never a sentence of ours.
TOOL_WORDS = {"policykb", "clingo", "true", "false", "yaml", "json", "utf", "html", "md", "pilot", "zone"}


def _allowed_words() -> set[str]:
    vocab = vocabulary()
    words = set(TOOL_WORDS)
    for section in vocab["labels"].values():
        for name in section:
            words |= set(name.split("_"))
    return words


def _strip_allowed(text: str, data: list[str]) -> str:
    """The text without what may be English: quoted law, markup, code, data, identifiers."""
    text = re.sub(r"<style>.*?</style>", " ", text, flags=re.S)
    text = re.sub(r'<(\w+)[^>]*\blang="en"[^>]*>.*?</\1>', " ", text, flags=re.S)
    text = re.sub(r"<code>.*?</code>", " ", text, flags=re.S)
    text = re.sub(r"<[^>]+>", " ", text)
    text = re.sub(r'"[^"\n]*"', " ", text)      # English law text, quoted
    text = re.sub(r"`[^`\n]*`", " ", text)      # code spans of Markdown
    for item in sorted(data, key=len, reverse=True):
        text = text.replace(item, " ")
    # identifiers: clause ids, field paths, assumption names and values, file names
    return re.sub(r"[A-Za-z0-9_.=\[\]/:+-]*[_.=\[\]/][A-Za-z0-9_.=\[\]/:+-]*", " ", text)


def english_sentences(text: str, data: list[str]) -> list[str]:
    """Runs of two or more ordinary English words left after the allowed parts are gone."""
    allowed = _allowed_words()
    found = []
    for run_ in re.findall(r"[A-Za-z][A-Za-z ,'()-]*[A-Za-z]", _strip_allowed(text, data)):
        words = [w for w in re.findall(r"[A-Za-z]+", run_)]
        plain = [w for w in words if w.lower() not in allowed and len(w) > 1]
        if len(plain) >= 2 and " " in run_.strip():
            found.append(run_)
    return found


def _data_of(path: Path) -> list[str]:
    """The applicant's own texts: its name, matter ids and names, and the file name."""
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    items = [str(path.relative_to(ROOT)), path.name, str(raw.get("name", ""))]
    for value in raw.values():
        if isinstance(value, list):
            for entry in value:
                if isinstance(entry, dict):
                    items += [str(entry.get("id", "")), str(entry.get("name", ""))]
    return [i for i in items if i]


def _commands(example: Path) -> list[list[str]]:
    name = str(example.relative_to(ROOT))
    return [["optimize", name], ["explain", name], ["explain", name, "--format", "md"],
            ["explain", name, "--format", "html"], ["whatif", name, "--set", "district=chaoyang"],
            ["compare", name], ["sweep", name, "--set", "horizon=1:2:1"]]


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_no_english_sentence_in_the_chinese_output_of_a_command(example: Path) -> None:
    for command in _commands(example):
        out = run(*command, "--lang", "zh")
        assert out.returncode == 0, (command, out.stderr)
        assert english_sentences(out.stdout, _data_of(example)) == [], command


@pytest.mark.parametrize("command", [["clauses"], ["check"], ["coverage"], ["query", "--list"],
                                     ["query", "pilot-platform-leaves-the-zone"]])
def test_no_english_sentence_in_the_chinese_output_of_the_other_commands(command: list[str]) -> None:
    out = run(*command, "--lang", "zh")
    assert out.returncode == 0, out.stderr
    data = [e for p in EXAMPLES for e in _data_of(p)]
    assert english_sentences(out.stdout, data) == []


def test_no_english_sentence_in_the_chinese_batch_summary_and_report(tmp_path: Path) -> None:
    folder = tmp_path / "examples"
    shutil.copytree(ROOT / "examples", folder, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    data = [e for p in EXAMPLES for e in _data_of(p)] + [str(tmp_path)]
    for report in ("report.html", "report.md"):
        out = run("batch", str(folder), "--out", str(tmp_path / f"{report}.jsonl"), "--report",
                  str(tmp_path / report), "--lang", "zh")
        assert out.returncode == 0, out.stderr
        assert english_sentences(out.stdout, data) == []
        assert english_sentences((tmp_path / report).read_text(encoding="utf-8"), data) == []


def test_the_detector_finds_an_english_sentence() -> None:
    assert english_sentences("合计：100 元\nCaps that trimmed:", []) == ["Caps that trimmed"]
    assert english_sentences('条文（英文文本）："Financial support of RMB 500,000"', []) == []
    assert english_sentences("xicheng.a2.2.filing（credit-scoring-algorithm）", []) == []
