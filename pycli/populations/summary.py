"""The summary of a batch, added up from its records: whole yuan, integers only.

Per clause, document and district: recipients (applicants paid more than 0 under it)
and total yuan; the distribution of totals per applicant; under a reform the budget
impact (baseline, reform, difference) and who gains or loses.  Shares are computed
from the integers and rounded only when shown.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable
from dataclasses import dataclass, field

from pycli.engine import facts
from pycli.input.schema import vocabulary
from pycli.kbtools import kbread

#: Upper edges (inclusive) of the histogram of totals per applicant, in yuan; the first
#: bin holds exactly 0 and the last everything above the last edge.
EDGES = (0, 100_000, 500_000, 1_000_000, 2_000_000, 5_000_000, 10_000_000, 50_000_000)
#: How many of the largest gains and losses the summary lists.
TOP = 5
#: How many error messages the summary repeats (all are in RESULTS).
SHOWN_ERRORS = 5


@dataclass(frozen=True)
class Places:
    """Where applicants are registered, as the knowledge base says: its districts in the
    vocabulary's order, and those hosting a document that applies only in the pilot zone."""

    districts: tuple[str, ...] = ()
    pilot: tuple[str, ...] = ()

    def label(self, record: dict) -> str:
        """The district as the summary shows it, a pilot zone apart."""
        district = str(record.get("district"))
        return f"{district} (pilot zone)" if record.get("pilot_zone") and district in self.pilot else district

    def rank(self, name: str) -> tuple[int, int, str]:
        """Districts in the vocabulary's order, each pilot zone after its district; others last."""
        district, pilot = (name.removesuffix(" (pilot zone)"), 1) if name.endswith(" (pilot zone)") else (name, 0)
        where = self.districts.index(district) if district in self.districts else len(self.districts)
        return where, pilot, name


def kb_places(settings: facts.Settings | None = None) -> Places:
    """The places of the knowledge base loaded (kb/vocabulary.yaml and its documents)."""
    kb = kbread.read_law(settings or facts.Settings())
    return Places(tuple(vocabulary()["districts"]), tuple(kbread.pilot_zone_districts(kb)))


def share(part: int, whole: int) -> str:
    """``part`` as a percentage of ``whole`` with one decimal, rounded half up only for display."""
    if whole == 0:
        return "-"
    tenths = (2 * 1000 * part + whole) // (2 * whole)
    return f"{tenths // 10}.{tenths % 10}%"


@dataclass
class Line:
    """One row of a spend table: a clause, a document or a district."""

    name: str
    recipients: int = 0
    total: int = 0
    baseline_recipients: int = 0
    baseline: int = 0
    applicants: int = 0
    share: str = ""

    @property
    def difference(self) -> int:
        return self.total - self.baseline


@dataclass
class Change:
    """One applicant whose total the reform changes."""

    key: str
    applicant: str
    baseline: int
    reform: int

    @property
    def difference(self) -> int:
        return self.reform - self.baseline


@dataclass
class Bin:
    """One bar of the histogram of totals per applicant."""

    label: str
    low: int
    high: int | None
    count: int = 0
    baseline_count: int = 0


@dataclass
class Summary:
    """Everything the summary and the report show."""

    reform: str | None = None
    applicants: int = 0
    solved: int = 0
    errors: int = 0
    not_proven: int = 0
    error_statuses: dict[int, int] = field(default_factory=dict)
    first_errors: list[tuple[str, str]] = field(default_factory=list)
    recipients: int = 0
    total: int = 0
    baseline_recipients: int = 0
    baseline_total: int = 0
    gainers: int = 0
    losers: int = 0
    unchanged: int = 0
    gains: list[Change] = field(default_factory=list)
    losses: list[Change] = field(default_factory=list)
    clauses: list[Line] = field(default_factory=list)
    documents: list[Line] = field(default_factory=list)
    districts: list[Line] = field(default_factory=list)
    histogram: list[Bin] = field(default_factory=list)

    @property
    def difference(self) -> int:
        return self.total - self.baseline_total


def _bins() -> list[Bin]:
    bins = [Bin("0", 0, 0)]
    for low, high in zip(EDGES, EDGES[1:]):
        bins.append(Bin(f"{low + 1:,}-{high:,}", low + 1, high))
    bins.append(Bin(f"over {EDGES[-1]:,}", EDGES[-1] + 1, None))
    return bins


def _bin_of(total: int) -> int:
    """The index of the bin holding ``total``."""
    for index, edge in enumerate(EDGES):
        if total <= edge:
            return index
    return len(EDGES)


def _by(awards: list[dict], field_name: str) -> dict[str, int]:
    sums: dict[str, int] = {}
    for award in awards:
        sums[award[field_name]] = sums.get(award[field_name], 0) + award["amount"]
    return sums


class _Tally:
    """The running sums over the records, one pass, memory bounded by the clauses and TOP."""

    def __init__(self, places: Places) -> None:
        self.places = places
        self.summary = Summary()
        self.clauses: dict[str, Line] = {}
        self.documents: dict[str, Line] = {}
        self.districts: dict[str, Line] = {}
        self.bins = _bins()
        self.gains: list[tuple[int, int, Change]] = []
        self.losses: list[tuple[int, int, Change]] = []

    def add(self, order: int, record: dict) -> None:
        s = self.summary
        s.applicants += 1
        if record.get("reform") is not None:
            s.reform = record["reform"]
        if "error" in record:
            s.errors += 1
            status = int(record.get("exit_status", 0))
            s.error_statuses[status] = s.error_statuses.get(status, 0) + 1
            if len(s.first_errors) < SHOWN_ERRORS:
                s.first_errors.append((record["key"], record["error"]))
            return
        s.solved += 1
        s.not_proven += 0 if record["optimal"] else 1
        base = record.get("baseline", record)
        s.total += record["total"]
        s.baseline_total += base["total"]
        s.recipients += record["total"] > 0
        s.baseline_recipients += base["total"] > 0
        self.bins[_bin_of(record["total"])].count += 1
        self.bins[_bin_of(base["total"])].baseline_count += 1
        self._spend(self.clauses, _by(record["awards"], "clause"), _by(base["awards"], "clause"))
        self._spend(self.documents, _by(record["awards"], "document"), _by(base["awards"], "document"))
        label = self.places.label(record)
        district = self.districts.setdefault(label, Line(label))
        district.applicants += 1
        self._spend(self.districts, {district.name: record["total"]}, {district.name: base["total"]})
        if "baseline" in record:
            self._change(order, record, base["total"])

    @staticmethod
    def _spend(table: dict[str, Line], now: dict[str, int], before: dict[str, int]) -> None:
        for name in sorted(set(now) | set(before)):
            line = table.setdefault(name, Line(name))
            line.total += now.get(name, 0)
            line.recipients += now.get(name, 0) > 0
            line.baseline += before.get(name, 0)
            line.baseline_recipients += before.get(name, 0) > 0

    def _change(self, order: int, record: dict, baseline: int) -> None:
        s = self.summary
        change = Change(record["key"], record.get("applicant", ""), baseline, record["total"])
        if change.difference == 0:
            s.unchanged += 1
            return
        if change.difference > 0:
            s.gainers += 1
            heap, size = self.gains, change.difference
        else:
            s.losers += 1
            heap, size = self.losses, -change.difference
        # Largest change first; among equal changes the earlier record (-order is larger).
        item = (size, -order, change)
        if len(heap) < TOP:
            heapq.heappush(heap, item)
        elif item[:2] > heap[0][:2]:
            heapq.heapreplace(heap, item)

    def finish(self) -> Summary:
        s = self.summary
        s.clauses = _ranked(self.clauses.values(), s.total)
        s.documents = _ranked(self.documents.values(), s.total)
        s.districts = sorted(self.districts.values(), key=lambda d: self.places.rank(d.name))
        for line in s.districts:
            line.share = share(line.total, s.total)
        s.histogram = self.bins
        s.gains = [c for _, _, c in sorted(self.gains, key=lambda i: i[:2], reverse=True)]
        s.losses = [c for _, _, c in sorted(self.losses, key=lambda i: i[:2], reverse=True)]
        return s


def _ranked(lines: Iterable[Line], total: int) -> list[Line]:
    """Largest spend first (under a reform, the larger of baseline and reform), then by name."""
    ranked = sorted(lines, key=lambda line: (-max(line.total, line.baseline), line.name))
    for line in ranked:
        line.share = share(line.total, total)
    return ranked


def summarise(records: Iterable[dict], places: Places | None = None) -> Summary:
    """The summary of RESULTS' records (``places``: the knowledge base's, unless given)."""
    tally = _Tally(places or kb_places())
    for order, record in enumerate(records):
        tally.add(order, record)
    return tally.finish()
