"""The documented schema is the one the loader enforces, and the KB reads every word it allows."""

from __future__ import annotations

import json
import re

import yaml
from conftest import ROOT

from pycli.input.schema import applicant_schema, vocabulary


def test_documented_schema_is_generated_from_the_vocabulary() -> None:
    documented = json.loads((ROOT / "docs" / "applicant.schema.json").read_text(encoding="utf-8"))
    assert documented == applicant_schema(), "run: policykb schema > docs/applicant.schema.json"


def test_every_example_is_valid() -> None:
    from pycli.input.load import load

    for path in sorted((ROOT / "examples").glob("*.yaml")):
        assert load(str(path)).data["district"] in vocabulary()["districts"]


def test_every_kind_type_and_flag_is_read_by_some_rule() -> None:
    kb = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "kb").rglob("*.lp"))
    # Words that are descriptive only: they say what the matter is, and no clause needs more.
    descriptive = {"exchange_activity", "conference", "competition", "exhibition", "data_element_x",
                   "participant", "none", "builder", "other_similar"}
    unread = []
    for kind, spec in vocabulary()["kinds"].items():
        words = list(spec["types"]) + list(spec["flags"])
        for values in spec["enums"].values():
            words += values
        for word in words:
            if word not in descriptive and not re.search(rf"\b{re.escape(word)}\b", kb):
                unread.append(f"{kind}: {word}")
    assert unread == []


def test_every_sector_belongs_to_some_document_scope() -> None:
    kb = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "kb" / "documents").glob("*/*.lp"))
    assert [s for s in vocabulary()["sectors"] if not re.search(rf"\b{s}\b", kb)] == []


def test_a_document_s_own_words_are_read_by_its_rules() -> None:
    # kb/documents/<doc>/vocabulary.yaml holds the words only that document reads.
    for own in sorted((ROOT / "kb" / "documents").glob("*/vocabulary.yaml")):
        rules = (own.parent / "rules.lp").read_text(encoding="utf-8")
        words = yaml.safe_load(own.read_text(encoding="utf-8")) or {}
        listed = list(words.get("sectors", []))
        for spec in (words.get("kinds") or {}).values():
            listed += [w for field in ("types", "flags", "money", "numbers") for w in spec.get(field, [])]
        assert listed, own
        assert [w for w in listed if not re.search(rf"\b{w}\b", rules)] == [], own


def test_the_merged_vocabulary_keeps_every_word_once() -> None:
    vocab = vocabulary()
    for words in [vocab["districts"], vocab["sectors"]] + [spec[f] for spec in vocab["kinds"].values()
                                                            for f in ("types", "flags", "money", "numbers")]:
        assert len(words) == len(set(words))
    assert len(vocab["districts"]) == 16


def test_vocabulary_words_are_plain_lower_case_constants() -> None:
    vocab = vocabulary()
    words = list(vocab["districts"]) + list(vocab["entity_types"]) + list(vocab["sectors"])
    for spec in vocab["kinds"].values():
        words += spec["types"] + spec["flags"] + spec["money"] + spec["numbers"]
        for field, values in spec["enums"].items():
            words += [field, *values]
    assert all(re.fullmatch(r"[a-z][a-z0-9_]*", w) for w in words)
