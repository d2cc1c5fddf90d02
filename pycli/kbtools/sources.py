"""The policy source texts shipped beside each document's rules: a header of provenance, then the text.

A source file starts with ``key: value`` lines (title, issued by, date as stated, where it
was taken from) closed by a line ``---``; everything after it is the text as published.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

_END_OF_HEADER = "---"


@dataclass
class SourceText:
    """One source text of one document: its provenance and its body."""

    path: Path
    document: str
    language: str
    header: dict[str, str] = field(default_factory=dict)
    body: str = ""


def parse(path: Path, document: str) -> SourceText:
    """Read one source file; a file without a header is all body."""
    raw = path.read_text(encoding="utf-8")
    lines = raw.split("\n")
    header: dict[str, str] = {}
    body = raw
    if _END_OF_HEADER in lines:
        end = lines.index(_END_OF_HEADER)
        pairs = [line.partition(":") for line in lines[:end]]
        if all(sep for _key, sep, _value in pairs):
            header = {key.strip(): value.strip() for key, _sep, value in pairs}
            body = "\n".join(lines[end + 1:])
    language = path.suffixes[-2].lstrip(".") if len(path.suffixes) >= 2 else ""
    return SourceText(path=path, document=document, language=language, header=header, body=body)


def of_document(folder: Path, document: str) -> list[SourceText]:
    """Every source text (``*.<lang>.txt``) in a document's folder, by file name."""
    return [parse(path, document) for path in sorted(folder.glob("*.*.txt"))]
