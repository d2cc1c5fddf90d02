"""The applicant-file JSON Schema, generated from the knowledge base's vocabulary.

The vocabulary is the knowledge base's list of words an applicant may use, so the
schema and the rules that match on those words cannot drift apart.  The shared words
are in kb/vocabulary.yaml; each document's own words (sectors, types, flags, ...) are
in kb/documents/<doc>/vocabulary.yaml, merged in here in the order of the folders.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from pycli import shipped_yaml
from pycli.money import MAX_YUAN
from pycli.paths import kb_dir

#: Fields every matter may carry besides its kind's own.
COMMON_FIELDS = ("id", "name", "type", "also_types", "date", "year", "window", "flags")
MAX_NUMBER = 1_000_000_000


def _read(path: Path) -> dict[str, Any]:
    return shipped_yaml.read(path.read_text(encoding="utf-8")) or {}


def _word(entry: Any) -> Any:
    """The word of a vocabulary entry: the entry itself, or the key of a one-key mapping
    (so that a word may later carry labels, e.g. ``{haidian: {zh: 海淀区}}``)."""
    return next(iter(entry)) if isinstance(entry, dict) and len(entry) == 1 else entry


def _union(into: list[Any], more: list[Any] | None) -> None:
    """Append the entries of ``more`` whose word ``into`` does not have yet."""
    seen = {_word(e) for e in into}
    for entry in more or []:
        if _word(entry) not in seen:
            into.append(entry)
            seen.add(_word(entry))


def merge(shared: dict[str, Any], own: dict[str, Any]) -> None:
    """Add a document's own words to the shared vocabulary, in place."""
    for name in ("districts", "entity_types", "sectors"):
        if name in own:
            _union(shared.setdefault(name, []), own[name])
    for kind, spec in (own.get("kinds") or {}).items():
        into = shared.setdefault("kinds", {}).setdefault(kind, {})
        if "list" in spec:
            into.setdefault("list", spec["list"])
        for field in ("types", "flags", "money", "numbers"):
            _union(into.setdefault(field, []), spec.get(field))
        for name, values in (spec.get("enums") or {}).items():
            _union(into.setdefault("enums", {}).setdefault(name, []), values)


def vocabulary_of(folder: Path) -> dict[str, Any]:
    """``folder``/vocabulary.yaml with each ``folder``/documents/<doc>/vocabulary.yaml merged in."""
    words = _read(folder / "vocabulary.yaml")
    for own in sorted((folder / "documents").glob("*/vocabulary.yaml")):
        merge(words, _read(own))
    return words


@cache
def vocabulary() -> dict[str, Any]:
    """The vocabulary of the knowledge base loaded (vocabulary_of its folder)."""
    return vocabulary_of(kb_dir())


def _yuan() -> dict[str, Any]:
    return {"type": "integer", "minimum": 0, "maximum": MAX_YUAN,
            "x-expected": "whole yuan >= 0 and <= 10^15", "x-expected-zh": "0 至 10^15 之间的整数元"}


def _date() -> dict[str, Any]:
    return {"type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$",
            "x-expected": "a real date YYYY-MM-DD", "x-expected-zh": "真实存在的日期 YYYY-MM-DD"}


def _word_labels(lang: str, words: list[str]) -> list[str]:
    found = vocabulary().get("labels", {}).get("words", {})
    return [str((found.get(w) or {}).get(lang) or w) for w in words]


def _window() -> dict[str, Any]:
    # A matter that has not happened yet: `policykb plan` chooses its year, `optimize`
    # places it at the first day (docs/applicant-format.md).  Given instead of date/year.
    return {"type": "object", "additionalProperties": False, "required": ["from", "to"],
            "properties": {
                "from": {**_date(), "title": "first day", "x-title-zh": "最早一日",
                         "description": "The first day the matter may happen on.",
                         "x-description-zh": "事项最早可发生的日期。"},
                "to": {**_date(), "title": "last day", "x-title-zh": "最晚一日",
                       "description": "The last day the matter may happen on.",
                       "x-description-zh": "事项最晚可发生的日期。"}},
            "description": "The days the matter may happen on, first and last (a flexible matter).",
            "x-description-zh": "事项可发生的时间窗，最早一日至最晚一日（灵活事项）。",
            "x-expected": "a mapping {from: YYYY-MM-DD, to: YYYY-MM-DD}",
            "x-expected-zh": "映射 {from: YYYY-MM-DD, to: YYYY-MM-DD}"}


def _enum(words: list[str]) -> dict[str, Any]:
    # The labels let a form show Chinese; the loader also accepts each zh label (and
    # its short forms) for its word (pycli/input/labels.py).
    zh = _word_labels("zh", words)
    return {"enum": list(words), "x-expected": "one of " + ", ".join(words),
            "x-expected-zh": "以下之一：" + "、".join(f"{z}（{w}）" if z != w else w for z, w in zip(zh, words)),
            "x-enum-labels": {"en": _word_labels("en", words), "zh": zh}}


#: What x-expected says, in Chinese, for the schema's other kinds of value.
_EXPECTED_ZH = {
    "a text": "一段文字", "true or false": "true 或 false", "a mapping of fields": "由字段组成的映射",
    "a non-empty text of at most 200 characters": "不超过 200 个字符的非空文字",
    "a year from 1900 to 2200": "1900 至 2200 之间的年份", "a list of distinct flags": "互不重复的标记列表", "a list of distinct types": "互不重复的类型列表",
    "a non-empty list of distinct sectors": "互不重复的领域列表（至少一项）",
    "a whole number of years from 1 to 50": "1 至 50 之间的整数年", "a list of earlier awards": "已获支持的列表",
    "a clause id of the knowledge base": "知识库中的条款编号", "the id of a matter in this file": "本文件中某一事项的编号",
    "a mapping of applicant fields": "由申请单位字段组成的映射",
}


def _titled(props: dict[str, Any], kind: str | None = None) -> dict[str, Any]:
    """Each property with its title and description in English and Chinese (kb/vocabulary.yaml labels)."""
    fields = vocabulary().get("labels", {}).get("fields", {})
    for name, prop in props.items():
        entry = fields.get(name) or {}
        prop.setdefault("title", str(entry.get("en") or name))
        prop.setdefault("x-title-zh", str(entry.get("zh") or name))
        expected = prop.get("x-expected", "")
        if expected.startswith("a whole number from 0 to"):
            prop.setdefault("x-expected-zh", expected.replace("a whole number from 0 to", "0 至") + " 之间的整数")
        elif expected.startswith("a list of ") and expected.endswith(" matters"):
            zh_kind = (vocabulary().get("labels", {}).get("kinds", {}).get(expected[10:-8]) or {}).get("zh", "")
            prop.setdefault("x-expected-zh", f"{zh_kind}事项的列表")
        elif expected in _EXPECTED_ZH:
            prop.setdefault("x-expected-zh", _EXPECTED_ZH[expected])
        prop.setdefault("description", f"{prop['title']}: {expected}." if expected else prop["title"])
        prop.setdefault("x-description-zh", f"{prop['x-title-zh']}：{prop.get('x-expected-zh', expected)}。")
    return props


def _matter_schema(kind: str, spec: dict[str, Any]) -> dict[str, Any]:
    props: dict[str, Any] = {
        "id": {"type": "string", "minLength": 1, "maxLength": 200,
               "x-expected": "a non-empty text of at most 200 characters"},
        "name": {"type": "string", "maxLength": 1000, "x-expected": "a text"},
        "date": _date(),
        "year": {"type": "integer", "minimum": 1900, "maximum": 2200,
                 "x-expected": "a year from 1900 to 2200"},
        "window": _window(),
        "flags": {"type": "array", "uniqueItems": True, "items": _enum(spec["flags"]),
                  "x-expected": "a list of distinct flags"},
    }
    required = ["id"]
    if spec["types"]:
        props["type"] = _enum(spec["types"])
        required.append("type")
        # A matter that is of several types at once (a scenario that is also a typical case)
        # stays one matter, so the same-matter rule applies across the clauses of each type.
        props["also_types"] = {"type": "array", "uniqueItems": True, "items": _enum(spec["types"]),
                               "x-expected": "a list of distinct types"}
    for field, words in spec["enums"].items():
        props[field] = _enum(words)
    for field in spec["money"]:
        props[field] = _yuan()
    for field in spec["numbers"]:
        props[field] = {"type": "integer", "minimum": 0, "maximum": MAX_NUMBER,
                        "x-expected": f"a whole number from 0 to {MAX_NUMBER}"}
    zh_kind = (vocabulary().get("labels", {}).get("kinds", {}).get(kind) or {}).get("zh", kind)
    return {"type": "object", "additionalProperties": False, "required": required,
            "properties": _titled(props), "description": f"A matter of kind {kind}.",
            "x-description-zh": f"一项{zh_kind}事项。",
            "x-expected": "a mapping of fields", "x-expected-zh": _EXPECTED_ZH["a mapping of fields"]}


@cache
def applicant_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of an applicant file."""
    vocab = vocabulary()
    props: dict[str, Any] = {
        "name": {"type": "string", "maxLength": 1000, "x-expected": "a text"},
        "district": _enum(vocab["districts"]),
        "pilot_zone": {"type": "boolean", "x-expected": "true or false"},
        "entity_type": _enum(vocab["entity_types"]),
        "independent_legal_person": {"type": "boolean", "x-expected": "true or false"},
        "sme": {"type": "boolean", "x-expected": "true or false"},
        "sectors": {"type": "array", "minItems": 1, "uniqueItems": True,
                    "items": _enum(vocab["sectors"]),
                    "x-expected": "a non-empty list of distinct sectors"},
        "as_of": _date(),
        "horizon": {"type": "integer", "minimum": 1, "maximum": 50,
                    "x-expected": "a whole number of years from 1 to 50"},
        "earlier_support": {
            "type": "array", "x-expected": "a list of earlier awards",
            "items": {"type": "object", "additionalProperties": False,
                      "required": ["clause", "amount"], "x-expected": "a mapping of fields",
                      "x-expected-zh": _EXPECTED_ZH["a mapping of fields"],
                      "properties": _titled({
                          "clause": {"type": "string", "minLength": 1, "maxLength": 200,
                                     "x-expected": "a clause id of the knowledge base"},
                          "matter": {"type": "string", "minLength": 1, "maxLength": 200,
                                     "x-expected": "the id of a matter in this file"},
                          "amount": _yuan(),
                          "date": _date(),
                          "year": {"type": "integer", "minimum": 1900, "maximum": 2200,
                                   "x-expected": "a year from 1900 to 2200"}})}},
    }
    for kind, spec in vocab["kinds"].items():
        props[spec["list"]] = {"type": "array", "items": _matter_schema(kind, spec),
                               "x-expected": f"a list of {kind} matters"}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://policykb.example/applicant.schema.json",
        "title": "policykb applicant",
        "x-title-zh": "policykb 申请单位",
        "description": "One applicant: where it is registered, what it is, and what it did.",
        "x-description-zh": "一个申请单位：注册在哪里、是什么主体、做了哪些事项。",
        "type": "object", "additionalProperties": False,
        "required": ["district", "sectors"], "properties": _titled(props),
        "x-expected": "a mapping of applicant fields", "x-expected-zh": _EXPECTED_ZH["a mapping of applicant fields"],
    }


def matter_lists() -> dict[str, str]:
    """The top-level list name of each kind of matter, e.g. ``projects`` -> ``project``."""
    return {spec["list"]: kind for kind, spec in vocabulary()["kinds"].items()}
