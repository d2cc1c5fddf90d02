"""Coverage of the source texts: every amount of money is a parameter of the law, or a note.

The amounts are found in the source texts beside each document: the English ones
(``kb/documents/<doc>/*.en.txt``: "RMB 500,000", "1 million yuan", "30%", "1:0.5") and
the Chinese ones (``*.zh.txt``: "200万元" = 2,000,000, "1.5亿元", "不超过50%").  An amount
inside a clause's quoted source sentence (source/4 in English, source_zh/2 in Chinese)
must equal a parameter of that clause or of a cap group the clause is in; an amount
outside every quoted sentence (a shared cap stated on its own) may equal any parameter
of its document.  An amount that grants nothing computable needs a note in the
document's ``kb/documents/<doc>/coverage_notes.yaml`` saying why.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import Any

import yaml

from pycli import syntax
from pycli.kbtools import kbread, sources
from pycli.kbtools.catalogue import text
from pycli.kbtools.kbread import KnowledgeBase
from pycli.reports.render import say

_QUOTES = str.maketrans({"\u201c": '"', "\u201d": '"', "\u2018": "'", "\u2019": "'"})
_UNITS = {None: 1, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}
_MONEY = re.compile(r"(?P<rmb>\bRMB ?)?(?<![\d,.])(?P<num>\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)"
                    r"(?: (?P<unit>thousand|million|billion))?(?P<yuan> yuan\b)?")
_PERCENT = re.compile(r"(?<![\d.])(?P<num>\d+(?:\.\d+)?) ?(?:%|percent\b)")
_RATIO = re.compile(r"(?<![\d.:])(?P<a>\d+(?:\.\d+)?):(?P<b>\d+(?:\.\d+)?)(?![\d:])")
_SENTENCE_END = re.compile(r"[.;|] ")
#: Chinese amounts: 万 is 10,000 and 亿 100,000,000 yuan; 元 alone is one yuan.
_ZH_UNITS = {None: 1, "万": 10_000, "亿": 100_000_000}
_ZH_MONEY = re.compile(r"(?<![\d.])(?P<num>\d+(?:\.\d+)?)(?P<unit>万|亿)?元")
_ZH_PERCENT = re.compile(r"(?<![\d.])(?P<num>\d+(?:\.\d+)?)[%％]")
_ZH_RATIO = re.compile(r"(?<![\d.:∶：])(?P<a>\d+(?:\.\d+)?)[:∶：](?P<b>\d+(?:\.\d+)?)(?![\d:∶：])")
_ZH_SENTENCE_END = re.compile(r"[。;；]")
_ZH_PAGE = re.compile(r"^\s*— \d+ —\s*$", re.M)


@dataclass
class Amount:
    """One amount of money (or ratio) in a source text, and what accounts for it."""

    file: str
    document: str
    text: str
    value: int | Fraction
    context: str
    parameter: str = ""
    in_clause: bool = False
    note: str = ""


@dataclass
class Report:
    """The amounts of every source text, and anything that keeps coverage from being whole."""

    folder: Path
    amounts: list[Amount] = field(default_factory=list)
    files: dict[str, str] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        """Every amount mapped or noted, and no problem."""
        return not self.problems and all(a.parameter or a.note for a in self.amounts)


def normalise(body: str) -> str:
    """Typographic quotes as plain ones and runs of white space as one space, so that a
    quoted sentence is found in the text however either was typed."""
    return re.sub(r"\s+", " ", body.translate(_QUOTES)).strip()


def normalise_zh(body: str) -> str:
    """Chinese text without white space (which an extraction puts inside numbers and
    words alike: "最高 200 万元") or page numbers ("— 7 —", which the extraction puts
    inside sentences broken across pages), typographic quotes as plain ones."""
    return re.sub(r"\s+", "", _ZH_PAGE.sub("", body.translate(_QUOTES)))


def find_amounts_zh(body: str) -> list[tuple[int, str, int | Fraction]]:
    """(offset, text, value) of every amount in normalised Chinese text."""
    found: list[tuple[int, str, int | Fraction]] = []
    for m in _ZH_MONEY.finditer(body):
        yuan = Fraction(m.group("num")) * _ZH_UNITS[m.group("unit")]
        if yuan.denominator == 1:
            found.append((m.start(), m.group(0), int(yuan)))
    found += [(m.start(), m.group(0), Fraction(m.group("num")) / 100) for m in _ZH_PERCENT.finditer(body)]
    found += [(m.start(), m.group(0), Fraction(m.group("b")) / Fraction(m.group("a")))
              for m in _ZH_RATIO.finditer(body) if Fraction(m.group("a"))]
    return sorted(found, key=lambda f: f[0])


def find_amounts(body: str) -> list[tuple[int, str, int | Fraction]]:
    """(offset, text, value) of every amount in normalised text: yuan as int, ratios as Fraction."""
    found: list[tuple[int, str, int | Fraction]] = []
    for m in _MONEY.finditer(body):
        if m.group("rmb") or m.group("yuan"):
            yuan = Fraction(m.group("num").replace(",", "")) * _UNITS[m.group("unit")]
            if yuan.denominator == 1:
                found.append((m.start(), m.group(0).strip(), int(yuan)))
    found += [(m.start(), m.group(0), Fraction(m.group("num")) / 100) for m in _PERCENT.finditer(body)]
    found += [(m.start(), m.group(0), Fraction(m.group("b")) / Fraction(m.group("a")))
              for m in _RATIO.finditer(body) if Fraction(m.group("a"))]
    return sorted(found, key=lambda f: f[0])


def _context(body: str, offset: int, ends: re.Pattern[str] = _SENTENCE_END) -> str:
    starts = [m.end() for m in ends.finditer(body, 0, offset)]
    end = ends.search(body, offset)
    return body[starts[-1] if starts else 0:end.start() + 1 if end else len(body)].strip()


def document_folders(kb: KnowledgeBase) -> dict[Path, str]:
    """Each document's folder (kb/documents/<doc>/) -> its document id, from its rules' document/1 fact."""
    found: dict[Path, str] = {}
    for path, body in kb.document_files().items():
        for doc in re.findall(r"^document\((\w+)\)", body, re.M):
            found[path.parent] = doc
    return found


def _parameters(kb: KnowledgeBase) -> tuple[dict[str, list[tuple[str, int | Fraction]]], dict[str, set[str]]]:
    """Law parameters with a money or ratio value, by owner; and the cap groups of each clause."""
    by_owner: dict[str, list[tuple[str, int | Fraction]]] = {}
    for owner, name, tier, symbol in kbread.laws(kb):
        number = kbread.value(symbol)
        if number is not None:
            by_owner.setdefault(owner, []).append((kbread.law_text(owner, name, tier, symbol), number))
    groups: dict[str, set[str]] = {}
    for _rule, args in kbread.head_atoms("in_group", 2, kb):
        clause, group = (syntax.constant(a) for a in args)
        if clause is not None and group is not None:
            groups.setdefault(clause, set()).add(group)
    return by_owner, groups


def _same(a: int | Fraction, b: int | Fraction) -> bool:
    # 1:1 is the ratio 1, not one yuan: compare ratios with ratios and yuan with yuan.
    return isinstance(a, Fraction) == isinstance(b, Fraction) and a == b


def _measure_file(report: Report, kb: KnowledgeBase, source: sources.SourceText,
                  params: dict[str, list[tuple[str, int | Fraction]]], groups: dict[str, set[str]]) -> None:
    path, doc = source.path, source.document
    chinese = source.language == "zh"
    norm, finder, ends = (normalise_zh, find_amounts_zh, _ZH_SENTENCE_END) if chinese \
        else (normalise, find_amounts, _SENTENCE_END)
    body = norm(source.body)
    clauses = {cid for cid, d in kb.clauses().items() if d == doc}
    owners_of_doc = {doc} | clauses | {g for c in clauses for g in groups.get(c, ())}
    spans: list[tuple[int, int, str]] = []
    quoted = kb.by_first("source_zh", 2) if chinese else kb.by_first("source", 4)
    for cid, rest in quoted.items():
        if cid not in clauses:
            continue
        sentence = norm(text(rest[0][0] if chinese else rest[0][2]))
        starts = [m.start() for m in re.finditer(re.escape(sentence), body)] if sentence else []
        if not starts:
            report.problems.append(f"{cid}: its source sentence is not in {kbread.shown(path)}")
        spans += [(s, s + len(sentence), cid) for s in starts]
    used: set[str] = set()
    for offset, literal, number in finder(body):
        amount = Amount(file=path.name, document=doc, text=literal, value=number,
                        context=_context(body, offset, ends))
        inside = {cid for start, end, cid in spans if start <= offset < end}
        owners = inside | {g for c in inside for g in groups.get(c, ())} if inside else owners_of_doc
        # Each parameter once before any is used again, the clause's own before its cap
        # groups', so "up to 1 million ... and 1 million per year" maps to the amount and
        # then to the cap: the listing reads as the text does.
        matches = sorted((law in used, owner not in inside, law) for owner in owners
                         for law, v in params.get(owner, []) if _same(v, number))
        amount.in_clause, amount.parameter = bool(inside), (matches[0][2] if matches else "")
        used.add(amount.parameter)
        report.amounts.append(amount)


def _apply_notes(report: Report, notes_file: Path, doc: str) -> None:
    """Explain a document's unmapped amounts with its notes; a note that explains nothing is stale."""
    shown = f"{notes_file.parent.name}/{notes_file.name}"
    raw: Any = yaml.safe_load(notes_file.read_text(encoding="utf-8")) if notes_file.is_file() else None
    notes = (raw.get("notes") or []) if isinstance(raw, dict) else ([] if raw is None else None)
    if not isinstance(notes, list) or not all(isinstance(n, dict) and {"amount", "why"} <= set(n) for n in notes):
        report.problems.append(f"{shown}: expected `notes:` a list of {{amount, why}} (context optional)")
        return
    for index, note in enumerate(notes):
        hits = [a for a in report.amounts if not a.parameter and a.document == doc
                and a.text == str(note["amount"]) and str(note.get("context", "")) in a.context]
        for amount in hits:
            amount.note = str(note["why"])
        if not hits:
            report.problems.append(f"{shown}: notes[{index}] ({note['amount']!r}) explains no unmapped amount: remove it")


def measure(kb: KnowledgeBase) -> Report:
    """Find every amount of every source text (English and Chinese) shipped beside a document's
    rules, and explain the unmapped ones with the notes of its folder (coverage_notes.yaml)."""
    report = Report(folder=kb.folder / "documents")
    params, groups = _parameters(kb)
    for folder, doc in sorted(document_folders(kb).items()):
        texts = [t for t in sources.of_document(folder, doc) if t.language in ("en", "zh")]
        if not any(t.language == "en" for t in texts):
            report.problems.append(f"document {doc} has no English source text in {folder.name}/")
        for source in texts:
            report.files[source.path.name] = doc
            _measure_file(report, kb, source, params, groups)
        _apply_notes(report, folder / "coverage_notes.yaml", doc)
    return report


def _percent(part: int, whole: int) -> str:
    # Floored, so that 99.96% is never shown as 100%.
    return "100%" if part == whole else f"{math.floor(part * 1000 / whole) / 10}%"


def render(report: Report, verbose: bool = False, lang: str = "en") -> str:
    """Per document: amounts found, mapped, noted, unmapped (listed); then the whole."""
    lines = [say(lang, "cov_title")]
    for name, doc in report.files.items():
        mine = [a for a in report.amounts if a.file == name]
        mapped, noted = sum(1 for a in mine if a.parameter), sum(1 for a in mine if a.note)
        lines.append(say(lang, "cov_file", {"name": name, "doc": doc, "n": len(mine), "mapped": mapped,
                                            "noted": noted, "unmapped": len(mine) - mapped - noted}))
        for a in mine:
            if not (a.parameter or a.note):
                lines.append(say(lang, "cov_unmapped", {"text": repr(a.text), "context": a.context[:120]}))
            elif verbose:
                lines.append(f"  {a.text} -> " + (a.parameter or say(lang, "cov_note", {"note": a.note}))
                             + ("" if a.in_clause or a.note else say(lang, "cov_outside")))
    lines += [say(lang, "problem_line", {"problem": p}) for p in report.problems]
    total = len(report.amounts)
    mapped = sum(1 for a in report.amounts if a.parameter)
    noted = sum(1 for a in report.amounts if a.note)
    lines.append(say(lang, "cov_all", {"n": total, "mapped": mapped, "noted": noted, "unmapped": total - mapped - noted,
                                       "percent": _percent(mapped + noted, total) if total else "100%"}))
    return "\n".join(lines) + "\n"
