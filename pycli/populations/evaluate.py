"""Applicants of a batch solved into records, consecutive ones grounded together (shared.solve_many).

A record (docs/populations.md) holds the key, the source, the applicant's name and
district, its total, whether the optimum is proven and its awards; under a reform
the awards and total are the reform's, with the baseline's beside them and the
difference.  A bad applicant becomes a record with ``error`` (the one-line message
`policykb optimize` would print) and ``exit_status``, and the batch goes on.  The
knowledge base is also parsed once per process, for the one-shot solves of the probe
and of a run whose shared solve failed.
"""

from __future__ import annotations

import dataclasses
import json
import os
import signal
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from pycli.engine import facts, result, shared, solve
from pycli.errors import EXIT_INTERNAL, InputError, PolicyError
from pycli.input import load, reform
from pycli.kbtools.catalogue import Catalogue
from pycli.populations import orphans, records
from pycli.populations.inputs import Entry
from pycli.reports import render

#: The applicant the options are tried on before any record is written, so that a bad
#: --assume or reform stops the run with exit 2 instead of filling RESULTS with errors.
PROBE = {"name": "probe", "district": "xicheng", "sectors": ["data_elements"], "as_of": "2026-06-01"}


@dataclass(frozen=True)
class Options:
    """The evaluation options of a batch, as given on the command line (picklable)."""

    as_of: str | None = None
    horizon: int | None = None
    assume: tuple[str, ...] = ()
    reform: str | None = None
    #: A reform given as data (the JSON text of a reform file's mapping), e.g. one point of a sweep.
    reform_data: str | None = None
    #: Seconds each applicant's search may take (batch --time-limit); None: until proven.
    time_limit: float | None = None


class Evaluator:
    """Solves applicants under fixed options; holds the parsed knowledge base and catalogues."""

    def __init__(self, options: Options, *, settings: tuple[facts.Settings, facts.Settings | None] | None = None,
                 program: Sequence[Any] | None = None) -> None:
        """``settings`` (baseline, reformed) and ``program`` (solve.parse_kb) replace the
        options' and a fresh parse, for a service that evaluates with a reform sent as data."""
        # Imported here: pycli.cli registers the batch command, which imports this module.
        from pycli.input.options import settings as evaluation_settings

        if settings is not None:
            self.baseline, self.reformed = settings
        else:
            self.baseline = evaluation_settings(options.as_of, options.horizon, options.assume)
            self.reformed = evaluation_settings(options.as_of, options.horizon, options.assume, options.reform) \
                if options.reform else None
            if options.reform_data is not None:
                chosen = reform.from_data(json.loads(options.reform_data), "--set")
                self.reformed = dataclasses.replace(self.baseline, reform=chosen.facts, reform_name=chosen.name)
        self.program = list(program) if program is not None else solve.parse_kb()
        self.time_limit = options.time_limit
        self.catalogues: dict[bool, Catalogue] = {}

    def check(self) -> None:
        """Raise the InputError a bad --as-of, --assume or reform gives, before any record."""
        applicant = load.validate(dict(PROBE), "probe")
        self._solve(applicant, "probe", reformed=False)
        if self.reformed is not None:
            self._solve(applicant, "probe", reformed=True)

    def _solve(self, applicant: load.Applicant, source: str, *, reformed: bool) -> result.Result:
        settings = self.reformed if reformed and self.reformed is not None else self.baseline
        solution = solve.solve(facts.build(applicant, settings), source=source, program=self.program,
                               time_limit=self.time_limit,
                               known=self.catalogues.get(reformed))
        # The catalogue depends on the knowledge base and the reform only (solve.solve).
        self.catalogues.setdefault(reformed, solution.catalogue)
        solution.control = None  # free the grounded program now, not at the next collection
        return result.of_applicant(solution, applicant, settings, source)

    def _applicant(self, entry: Entry) -> load.Applicant:
        if entry.problem is not None:
            raise _Recorded(entry.problem)
        if entry.path is not None:
            return load.load(entry.path)
        return load.validate(entry.data, entry.source)

    def record(self, entry: Entry) -> dict[str, Any]:
        """The record of one entry: its optimum (and the reform's), or its error."""
        return self.records([entry])[0]

    def records(self, entries: Sequence[Entry]) -> list[dict[str, Any]]:
        """The records of consecutive entries, their applicants grounded together (shared.solve_many)."""
        applicants: list[load.Applicant | Exception] = []
        for entry in entries:
            try:
                applicants.append(self._applicant(entry))
            except Exception as exc:  # noqa: BLE001 - recorded by _record like any other failure
                applicants.append(exc)
        try:
            base = self._solve_all(applicants, entries, reformed=False)
            changed = self._solve_all(applicants, entries, reformed=True) if self.reformed else base
        except Exception:  # noqa: BLE001 - a failure of the shared solve must not hide whose input caused it
            if os.environ.get("POLICYKB_DEBUG"):
                raise
            base = [self._alone(a, e, reformed=False) for a, e in zip(applicants, entries)]
            changed = [self._alone(a, e, reformed=True) for a, e in zip(applicants, entries)] \
                if self.reformed else base
        return [self._record(entry, applicant, b, c)
                for entry, applicant, b, c in zip(entries, applicants, base, changed)]

    def _alone(self, applicant: load.Applicant | Exception, entry: Entry, *,
               reformed: bool) -> result.Result | Exception:
        """One applicant solved on its own (solve.solve), its failure kept as its outcome."""
        if isinstance(applicant, Exception):
            return applicant
        try:
            return self._solve(applicant, entry.source, reformed=reformed)
        except Exception as exc:  # noqa: BLE001 - recorded by _record
            return exc

    def _solve_all(self, applicants: Sequence[load.Applicant | Exception], entries: Sequence[Entry], *,
                   reformed: bool) -> list[result.Result | Exception]:
        settings = self.reformed if reformed and self.reformed is not None else self.baseline
        out: list[result.Result | Exception] = list(applicants)
        todo: list[tuple[int, list]] = []
        for i, applicant in enumerate(applicants):
            if isinstance(applicant, Exception):
                continue
            try:
                todo.append((i, facts.build(applicant, settings)))
            except PolicyError as exc:
                out[i] = exc
        for run in shared.chunks([fact_list for _, fact_list in todo]):
            members = [todo[j] for j in run]
            solutions = shared.solve_many([fact_list for _, fact_list in members],
                                         sources=[entries[i].source for i, _ in members],
                                         keys=[reformed] * len(members), known=self.catalogues,
                                         time_limit=self.time_limit)
            solved: list[tuple[int, result.Item]] = []
            for (i, _), solution in zip(members, solutions):
                applicant = applicants[i]
                assert not isinstance(applicant, Exception)
                if isinstance(solution, PolicyError):
                    out[i] = solution
                else:
                    solved.append((i, (solution, applicant, settings, entries[i].source)))
            # One run of the knowledge base's trim for the full caps of the whole chunk.
            for (i, _item), res in zip(solved, result.of_applicants([item for _i, item in solved])):
                out[i] = res
        return out

    def _record(self, entry: Entry, applicant: load.Applicant | Exception,
                base: result.Result | Exception, changed: result.Result | Exception) -> dict[str, Any]:
        head: dict[str, Any] = {"key": entry.key, "source": entry.source,
                                "reform": self.reformed.reform_name if self.reformed else None}
        try:
            for outcome in (applicant, base, changed):
                if isinstance(outcome, Exception):
                    raise outcome
            assert isinstance(applicant, load.Applicant) and isinstance(base, result.Result)
            assert isinstance(changed, result.Result)
            head.update(applicant=applicant.name, district=base.district,
                        pilot_zone=bool(applicant.data.get("pilot_zone")),
                        evaluation_date=base.evaluation_date)
            if self.reformed is None:
                return {**head, **_outcome(base)}
            return {**head, **_outcome(changed), "baseline": _outcome(base),
                    "difference": changed.total - base.total}
        except _Recorded as exc:
            return {**head, "error": str(exc), "exit_status": InputError.exit_status}
        except InputError as exc:
            return {**head, "error": _located(exc, entry), "exit_status": exc.exit_status}
        except PolicyError as exc:
            return {**head, "error": str(exc), "exit_status": exc.exit_status}
        except Exception as exc:  # noqa: BLE001 - one applicant's failure must not stop the batch
            if os.environ.get("POLICYKB_DEBUG"):
                raise
            return {**head, "error": f"internal error: {type(exc).__name__}: {exc}", "exit_status": EXIT_INTERNAL}

    def line(self, entry: Entry) -> str:
        """The record as one line of RESULTS, sealed with its digest (pycli.populations.records)."""
        return render.render("record.jsonl.j2", data=records.seal(self.record(entry)))

    def lines(self, entries: Sequence[Entry]) -> list[str]:
        """The records of consecutive entries as lines of RESULTS, each sealed with its digest."""
        return [render.render("record.jsonl.j2", data=records.seal(record)) for record in self.records(entries)]


class _Recorded(Exception):
    """A problem found while reading the input, already worded as a one-line message."""


def _outcome(res: result.Result) -> dict[str, Any]:
    return {"total": res.total, "optimal": res.optimal,
            "awards": [{"clause": a.clause, "document": a.document, "matter": a.matter,
                        "year": a.year, "amount": a.amount} for a in res.awards]}


def _located(exc: InputError, entry: Entry) -> str:
    """The message, naming the CSV row of the field where the input was a CSV file."""
    if exc.source != entry.source or not entry.locations:
        return str(exc)
    head = exc.field.split(".", 1)[0]
    rows = dict(entry.locations)
    where = rows.get(head) or rows.get(head.split("[", 1)[0])  # sectors[2] -> the row of `sectors`
    return str(InputError(where, exc.field, exc.problem)) if where else str(exc)


# --- worker processes -------------------------------------------------------------------

_WORKER: Evaluator | None = None


def start_worker(options: Options, parent: int | None = None) -> None:
    """Run once in each worker process: parse the knowledge base, keep it for every applicant."""
    global _WORKER
    if parent is not None:
        orphans.tie_to(parent)  # a killed batch takes its workers with it
    # Ctrl-C is the parent's to handle: it stops the pool; workers must not print tracebacks.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _WORKER = Evaluator(options)


def work(entries: Sequence[Entry]) -> list[str]:
    """The record lines of consecutive entries, in a worker process."""
    assert _WORKER is not None, "start_worker runs first"
    return _WORKER.lines(entries)
