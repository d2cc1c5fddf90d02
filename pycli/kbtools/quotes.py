"""Every quote of the law in the knowledge base is the law's own words (``policykb check``).

A clause's ``source/4`` sentence (and the ``unit_words/2`` and a document's
``recipient_words/2`` that decide whom and what it pays) must occur verbatim in its
document's English source text, and its ``source_zh/2`` sentence in the Chinese one
(kb/documents/<doc>/*.<lang>.txt).
Only line wrapping is not part of the wording: the texts are wrapped at arbitrary places
and the quotes are one line, so a run of white space reads as one space in English and
as nothing in Chinese (which puts no spaces between words).  Punctuation, quotation marks and letters
must match exactly, so a curly quote where the source has a straight one is reported.
"""

from __future__ import annotations

import re
from pathlib import Path

from pycli.kbtools import sources
from pycli.kbtools.catalogue import text
from pycli.kbtools.kbread import KnowledgeBase

_SPACE = re.compile(r"\s+")
#: A page number of the printed original ("— 7 —" on a line of its own) is not wording.
_PAGE_NUMBER = re.compile(r"^[ \t]*— \d+ —[ \t]*$", re.M)


def _flat(words: str, language: str) -> str:
    """The words without their wrapping: white space as one space, or none in Chinese."""
    return _SPACE.sub("" if language == "zh" else " ", _PAGE_NUMBER.sub("", words)).strip()


def _texts(kb: KnowledgeBase) -> dict[tuple[str, str], str]:
    """(document, language) -> the document's source body, flattened."""
    out: dict[tuple[str, str], str] = {}
    for path, body in kb.document_files().items():
        for doc in re.findall(r"^document\((\w+)\)", body, re.M):
            for source in sources.of_document(Path(path).parent, doc):
                out[(doc, source.language)] = _flat(source.body, source.language)
    return out


def problems(kb: KnowledgeBase) -> list[str]:
    """Quotes that are not a substring of the shipped text they quote, or quote no text."""
    texts = _texts(kb)
    clauses = kb.clauses()
    quoted = [(text(c), "en", text(args[2])) for c, *args in kb.args("source", 4)]
    quoted += [(text(c), "zh", text(words)) for c, words in kb.args("source_zh", 2)]
    quoted += [(text(c), "en", text(words)) for c, words in kb.args("unit_words", 2)]
    quoted += [(text(d), "en", text(words)) for d, words in kb.args("recipient_words", 2)]
    out: list[str] = []
    for cid, language, words in sorted(quoted):
        doc = clauses.get(cid, cid)
        body = texts.get((doc, language))
        pred = "the quote" if language == "en" else "source_zh/2"
        if body is None:
            out.append(f"{cid}: {pred} quotes a {language} text, but its document ships none")
        elif (flat := _flat(words, language)) not in body:
            out.append(f"{cid}: {pred} is not verbatim in the {language} source text: "
                       f"{_first_difference(flat, body)}")
    return out


def _first_difference(words: str, body: str) -> str:
    """Where the quote leaves the text: the longest prefix that occurs, and what follows it."""
    low, high = 0, len(words)
    while low < high:
        mid = (low + high + 1) // 2
        if words[:mid] in body:
            low = mid
        else:
            high = mid - 1
    return f"matches up to {words[max(0, low - 30):low]!r}, then has {words[low:low + 30]!r}"
