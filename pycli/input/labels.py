"""The labels a person reads for the vocabulary's words, fields and kinds (kb/vocabulary.yaml
``labels``), and the Chinese words an applicant file may write instead of a canonical word.

The labels are data of the knowledge base; this module only looks them up.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from pycli.input.schema import matter_lists, vocabulary

#: The sections of ``labels``: what a name is.
SECTIONS = ("words", "fields", "kinds")


@cache
def labels() -> dict[str, dict[str, dict[str, Any]]]:
    """``labels`` of kb/vocabulary.yaml: section -> name -> {en, zh, also}."""
    found = vocabulary().get("labels") or {}
    return {section: dict(found.get(section) or {}) for section in SECTIONS}


def label(lang: str, name: str, section: str = "words") -> str:
    """The label of ``name`` in ``lang`` (the name itself when it has none)."""
    entry = labels()[section].get(name)
    return str(entry.get(lang) or name) if entry else name


def both(lang: str, name: str, section: str = "words") -> str:
    """In Chinese the label and the canonical word, ``西城区（xicheng）``; in English the word."""
    shown = label(lang, name, section)
    return name if lang == "en" or shown == name else f"{shown}（{name}）"


def aliases(word: str) -> list[str]:
    """What an applicant file may write for ``word`` besides the word: its zh label and short forms."""
    entry = labels()["words"].get(word) or {}
    return [str(a) for a in [entry.get("zh"), *(entry.get("also") or [])] if a]


def canonical(value: Any, allowed: list[str]) -> str | None:
    """The allowed word ``value`` names by a Chinese label or short form, else None."""
    if not isinstance(value, str) or value in allowed:
        return None
    wanted = value.strip()
    for word in allowed:
        if wanted in aliases(word):
            return word
    return None


def enum_fields() -> dict[str, list[str]]:
    """Top-level field -> the words it allows (lists: the words of each entry)."""
    vocab = vocabulary()
    return {"district": list(vocab["districts"]), "entity_type": list(vocab["entity_types"]),
            "sectors": list(vocab["sectors"])}


def matter_enum_fields(kind: str) -> dict[str, list[str]]:
    """Field of a matter of ``kind`` -> the words it allows (``flags``: the words of each entry)."""
    spec = vocabulary()["kinds"][kind]
    fields: dict[str, list[str]] = {"flags": list(spec["flags"])}
    if spec["types"]:
        fields["type"] = list(spec["types"])
    fields.update({name: list(words) for name, words in spec["enums"].items()})
    return fields


def allowed_shown(lang: str, words: list[str]) -> str:
    """The allowed words as an error names them: in Chinese label and word, else the words."""
    return ("、" if lang == "zh" else ", ").join(both(lang, w) for w in words)


def to_canonical(data: Any) -> list[tuple[str, str, str]]:
    """Replace, in place, every enum value written as a Chinese label by its canonical word."""
    if not isinstance(data, dict):
        return []
    mapped: list[tuple[str, str, str]] = []

    def visit(holder: dict[str, Any], fields: dict[str, list[str]], where: str) -> None:
        for name, allowed in fields.items():
            value = holder.get(name)
            path = f"{where}.{name}" if where else name
            if isinstance(value, list):
                for i, item in enumerate(value):
                    word = canonical(item, allowed)
                    if word:
                        value[i] = word
                        mapped.append((f"{path}[{i}]", item, word))
            elif (word := canonical(value, allowed)):
                holder[name] = word
                mapped.append((path, value, word))

    visit(data, enum_fields(), "")
    for list_name, kind in matter_lists().items():
        entries = data.get(list_name)
        for index, item in enumerate(entries if isinstance(entries, list) else []):
            if isinstance(item, dict):
                visit(item, matter_enum_fields(kind), f"{list_name}[{index}]")
    return mapped
