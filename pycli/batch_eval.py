"""One applicant of a batch solved into one record, with the knowledge base parsed once per process.

A record (docs/populations.md) holds the key, the source, the applicant's name and
district, its total, whether the optimum is proven and its awards; under a reform
the awards and total are the reform's, with the baseline's beside them and the
difference.  A bad applicant becomes a record with ``error`` (the one-line message
`policykb optimize` would print) and ``exit_status``, and the batch goes on.
"""

from __future__ import annotations

import os
import signal
from dataclasses import dataclass
from typing import Any

from . import facts, load, render, result, solve
from .batch_input import Entry
from .catalogue import Catalogue
from .errors import EXIT_INTERNAL, InputError, PolicyError

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


class Evaluator:
    """Solves applicants under fixed options; holds the parsed knowledge base and catalogues."""

    def __init__(self, options: Options) -> None:
        # Imported here: pycli.cli registers the batch command, which imports this module.
        from .cli import _settings

        self.baseline = _settings(options.as_of, options.horizon, options.assume)
        self.reformed = _settings(options.as_of, options.horizon, options.assume, options.reform) \
            if options.reform else None
        self.program = solve.parse_kb()
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
        head: dict[str, Any] = {"key": entry.key, "source": entry.source,
                                "reform": self.reformed.reform_name if self.reformed else None}
        try:
            applicant = self._applicant(entry)
            base = self._solve(applicant, entry.source, reformed=False)
            head.update(applicant=applicant.name, district=base.district,
                        pilot_zone=bool(applicant.data.get("pilot_zone")),
                        evaluation_date=base.evaluation_date)
            if self.reformed is None:
                return {**head, **_outcome(base)}
            changed = self._solve(applicant, entry.source, reformed=True)
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
        """The record as one line of RESULTS."""
        return render.render("record.jsonl.j2", data=self.record(entry))


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


def start_worker(options: Options) -> None:
    """Run once in each worker process: parse the knowledge base, keep it for every applicant."""
    global _WORKER
    # Ctrl-C is the parent's to handle: it stops the pool; workers must not print tracebacks.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _WORKER = Evaluator(options)


def work(entry: Entry) -> str:
    """The record line of one entry, in a worker process."""
    assert _WORKER is not None, "start_worker runs first"
    return _WORKER.line(entry)
