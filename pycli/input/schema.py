"""The applicant-file JSON Schema, generated from kb/vocabulary.yaml.

The vocabulary is the knowledge base's list of words an applicant may use, so the
schema and the rules that match on those words cannot drift apart.
"""

from __future__ import annotations

from functools import cache
from typing import Any

import yaml

from pycli.money import MAX_YUAN
from pycli.paths import kb_dir

#: Fields every matter may carry besides its kind's own.
COMMON_FIELDS = ("id", "name", "type", "date", "year", "flags")
MAX_NUMBER = 1_000_000_000


@cache
def vocabulary() -> dict[str, Any]:
    """The parsed kb/vocabulary.yaml."""
    with open(kb_dir() / "vocabulary.yaml", encoding="utf-8") as handle:
        # libyaml's parser when PyYAML has it: the same data, 10x faster than the pure
        # Python one (about 20 ms of every command; docs/performance.md).
        return yaml.load(handle, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # noqa: S506 - safe


def _yuan() -> dict[str, Any]:
    return {"type": "integer", "minimum": 0, "maximum": MAX_YUAN,
            "x-expected": "whole yuan >= 0 and <= 10^15"}


def _date() -> dict[str, Any]:
    return {"type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$",
            "x-expected": "a real date YYYY-MM-DD"}


def _enum(words: list[str]) -> dict[str, Any]:
    return {"enum": list(words), "x-expected": "one of " + ", ".join(words)}


def _matter_schema(kind: str, spec: dict[str, Any]) -> dict[str, Any]:
    props: dict[str, Any] = {
        "id": {"type": "string", "minLength": 1, "maxLength": 200,
               "x-expected": "a non-empty text of at most 200 characters"},
        "name": {"type": "string", "maxLength": 1000, "x-expected": "a text"},
        "date": _date(),
        "year": {"type": "integer", "minimum": 1900, "maximum": 2200,
                 "x-expected": "a year from 1900 to 2200"},
        "flags": {"type": "array", "uniqueItems": True, "items": _enum(spec["flags"]),
                  "x-expected": "a list of distinct flags"},
    }
    required = ["id"]
    if spec["types"]:
        props["type"] = _enum(spec["types"])
        required.append("type")
    for field, words in spec["enums"].items():
        props[field] = _enum(words)
    for field in spec["money"]:
        props[field] = _yuan()
    for field in spec["numbers"]:
        props[field] = {"type": "integer", "minimum": 0, "maximum": MAX_NUMBER,
                        "x-expected": f"a whole number from 0 to {MAX_NUMBER}"}
    return {"type": "object", "additionalProperties": False, "required": required,
            "properties": props, "description": f"A matter of kind {kind}.",
            "x-expected": "a mapping of fields"}


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
                      "properties": {
                          "clause": {"type": "string", "minLength": 1, "maxLength": 200,
                                     "x-expected": "a clause id of the knowledge base"},
                          "matter": {"type": "string", "minLength": 1, "maxLength": 200,
                                     "x-expected": "the id of a matter in this file"},
                          "amount": _yuan(),
                          "date": _date(),
                          "year": {"type": "integer", "minimum": 1900, "maximum": 2200,
                                   "x-expected": "a year from 1900 to 2200"}}}},
    }
    for kind, spec in vocab["kinds"].items():
        props[spec["list"]] = {"type": "array", "items": _matter_schema(kind, spec),
                               "x-expected": f"a list of {kind} matters"}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://policykb.example/applicant.schema.json",
        "title": "policykb applicant",
        "description": "One applicant: where it is registered, what it is, and what it did.",
        "type": "object", "additionalProperties": False,
        "required": ["district", "sectors"], "properties": props,
        "x-expected": "a mapping of applicant fields",
    }


def matter_lists() -> dict[str, str]:
    """The top-level list name of each kind of matter, e.g. ``projects`` -> ``project``."""
    return {spec["list"]: kind for kind, spec in vocabulary()["kinds"].items()}
