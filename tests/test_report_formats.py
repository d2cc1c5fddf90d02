"""optimize, whatif and compare speak text, JSON, Markdown and HTML from one result model,
and user text never shapes the layout of any of them.

The applicant is tests/cases/caps/t12-cap-full-pushes-to-p4.yaml (total 2,400,000: four
scenarios fill the T12 year cap, the fifth goes to P4).  The hostile copy renames the
applicant and three matters with markup, table pipes, a line break that tries to print a
second total row, a backtick and a right-to-left override.
"""

from __future__ import annotations

import html.parser
import json
import re
from pathlib import Path

import pytest
import yaml
from conftest import ROOT
from inprocess import run

CASE = ROOT / "tests" / "cases" / "caps" / "t12-cap-full-pushes-to-p4.yaml"
COMMANDS = {"optimize": [], "whatif": ["--set", "district=xicheng"], "compare": ["--districts", "xicheng,tongzhou+pilot_zone"]}
HOSTILE_NAME = "<script>alert(1)</script> | *bold* _x_"
HOSTILE_IDS = ["s1\n" + " " * 60 + "total  99,999,999", "<img src=x onerror=alert(1)>|a|b", "`code` \u202eevil"]


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Path:
    data = yaml.safe_load(CASE.read_text(encoding="utf-8"))
    data["name"] = HOSTILE_NAME
    for project, new in zip(data["projects"], HOSTILE_IDS):
        project["id"] = new
    path = tmp_path_factory.mktemp("hostile") / "hostile.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


class Tags(html.parser.HTMLParser):
    """The start tags of a page, and whether every opened element was closed in order."""

    VOID = {"meta", "br", "img", "input", "link", "hr"}

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.open: list[str] = []
        self.balanced = True

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self.tags.append(tag)
        if tag not in self.VOID:
            self.open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.open or self.open.pop() != tag:
            self.balanced = False


def output(command: str, path: Path, fmt: str, lang: str = "en") -> str:
    proc = run(command, str(path), *COMMANDS[command], "--format", fmt, "--lang", lang)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_md_and_html_carry_the_json_totals(command: str, lang: str) -> None:
    data = json.loads(output(command, CASE, "json"))
    totals = ([data["total"]] if command == "optimize" else
              [data["baseline"]["total"], data["variant"]["total"]] if command == "whatif" else
              [o["result"]["total"] for o in data["options"]])
    assert 2_400_000 in totals
    md, page = output(command, CASE, "md", lang), output(command, CASE, "html", lang)
    for total in totals:
        assert f"{total:,}" in md and f"{total:,}" in page
    tags = Tags()
    tags.feed(page)
    assert tags.balanced and tags.tags[:2] == ["html", "head"] and "table" in tags.tags


def test_optimize_md_lists_every_award_and_the_full_cap() -> None:
    md = output("optimize", CASE, "md")
    rows = [line for line in md.splitlines() if line.startswith("| tongzhou")]
    assert len(rows) == 5
    assert sum("2026 | 500,000" in r for r in rows) == 4 and "2026 | 400,000" in rows[-1]
    assert "asked exactly its cap 2,000,000, nothing trimmed" in md
    assert "full, so scenario-5 goes to another clause of its family" in md


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_user_text_never_shapes_a_text_table(command: str, hostile: Path) -> None:
    plain, forged = output(command, CASE, "text"), output(command, hostile, "text")
    assert len(forged.splitlines()) == len(plain.splitlines())
    assert "\u202e" not in forged
    if command != "whatif":  # whatif tables clauses, not matters
        assert "\\u202e" in forged and "s1\\n" in forged
    assert not any(re.match(r"\s*total\s+99,999,999", line) for line in forged.splitlines())


def cells(row: str) -> int:
    """The cells of a Markdown table row: pipes not escaped by a backslash."""
    return len(re.findall(r"(?<!\\)\|", row)) - 1


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_user_text_never_becomes_markdown_or_html(command: str, hostile: Path) -> None:
    md = output(command, hostile, "md")
    assert "<script" not in md and "<img" not in md and "\u202e" not in md
    lines = md.splitlines()
    for i, line in enumerate(lines):
        if line.startswith("|---") or line.startswith("|--:"):
            header = cells(lines[i - 1])
            body = [row for row in lines[i + 1:] if row.startswith("|")]
            for row in body[:len(body)]:
                if not row.startswith("| "):
                    break
                assert cells(row) == header, row
    page = output(command, hostile, "html")
    tags = Tags()
    tags.feed(page)
    assert "script" not in tags.tags and "img" not in tags.tags and tags.balanced
    assert "&lt;script&gt;" in page


def test_explain_and_batch_reports_escape_user_text(hostile: Path, tmp_path: Path) -> None:
    for fmt in ("md", "html"):
        proc = run("explain", str(hostile), "--format", fmt)
        assert proc.returncode == 0, proc.stderr
        tags = Tags()
        tags.feed(proc.stdout)
        assert "script" not in tags.tags and "img" not in tags.tags, fmt
    report = tmp_path / "report.md"
    proc = run("batch", str(hostile.parent), "--out", str(tmp_path / "r.jsonl"), "--report", str(report))
    assert proc.returncode == 0, proc.stderr
    text = report.read_text(encoding="utf-8")
    assert "2,400,000" in text and "<script" not in text.split("<svg")[0]
    assert "<script" not in text and "<img" not in text
