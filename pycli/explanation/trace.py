"""The trace model: the dataclasses an explanation is made of, and its JSON contract.

Every output format (text, Markdown, HTML, JSON) is rendered from these; each
sentence is a coded Reason that the templates say in each language.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from pycli.engine import result as result_mod

#: Version of the JSON trace contract (docs/trace-format.md).
TRACE_SCHEMA_VERSION = "1.2"


@dataclass
class Reason:
    """A coded statement; templates turn code and params into a sentence in each language."""

    code: str
    params: dict[str, Any] = field(default_factory=dict)


@dataclass
class FactUsed:
    """An applicant fact that met a condition, with its field path in the file."""

    path: str
    fact: str


@dataclass
class ConditionTrace:
    """One condition of the clause's rule: met or not, by which facts, with which values."""

    index: int
    code: str
    params: dict[str, str]
    ok: bool
    facts: list[FactUsed] = field(default_factory=list)
    values: list[str] = field(default_factory=list)
    #: The applicant's facts that decide the condition either way (seen/5): for a
    #: failed one, the fact that failed it; empty when the file does not give it.
    seen: list[FactUsed] = field(default_factory=list)


@dataclass
class Source:
    """Where a clause stands in the law."""

    clause: str
    document: str
    title: str
    article: str
    paragraph: str
    text: str
    text_zh: str
    kind: str
    #: The document's and the clause's Chinese titles (title_zh/2 of the knowledge base).
    title_zh: str = ""
    clause_title_zh: str = ""


@dataclass
class AwardTrace:
    """Why one award was paid, step by step."""

    clause: str
    matter: str
    matter_path: str
    year: int | None
    kind: str
    amount: int
    gross: int
    source: Source
    rule: str
    conditions: list[ConditionTrace]
    steps: list[Reason]
    alternatives: list[Reason]
    choice: Reason | None
    smallest_change: list[Reason]


@dataclass
class NearMiss:
    """A matter of a kind the clause reads that misses some of its conditions."""

    matter: str
    matter_path: str
    rule: str
    failed: list[ConditionTrace]
    #: The least value of each failed comparison that meets it.
    smallest_change: list[Reason] = field(default_factory=list)


@dataclass
class WhyNot:
    """Why a clause pays nothing, or nothing for some of the matters it reads."""

    clause: str
    source: Source
    reasons: list[Reason]
    near_misses: list[NearMiss]
    smallest_change: list[Reason]
    #: True when the clause pays other matters: the entry explains only the ones it does not.
    pays_others: bool = False


@dataclass
class Portfolio:
    """Another portfolio: its total and how it differs from the optimum."""

    total: int
    optimal: bool
    awards: list[dict[str, Any]]
    differs: list[Reason]


@dataclass
class Explanation:
    """The trace of one applicant's optimum."""

    result: result_mod.Result
    awards: list[AwardTrace]
    why_not: list[WhyNot]
    unique: bool
    tied: list[Portfolio]
    alternatives: list[Portfolio]
    clause: str | None = None
    #: Each document's Chinese title, for the sentences that name a document.
    titles_zh: dict[str, str] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        """The versioned trace contract (docs/trace-format.md)."""
        data = asdict(self)
        data["result"] = self.result.to_json()
        return {"trace_schema_version": TRACE_SCHEMA_VERSION, **data}
