"""Concurrent /optimize requests of one worker solved together, from one grounding (shared.solve_many).

Grounding the knowledge base is most of a small applicant's solve, and the rewritten
knowledge base (pycli/engine/indexed.py) grounds many applicants at once for little more
than one: `policykb batch` solves hundreds a second that way.  So a request does not
ground alone when others wait: the first thread to find the solver free takes every
waiting request (up to shared.CHUNK, with the same time limit) and solves them in one
shared program; the others wait for their answers.  Each answer is the one solve.solve
gives (tests/test_indexed.py), an applicant's error stays its own.
"""

from __future__ import annotations

import threading
from collections.abc import Hashable
from dataclasses import dataclass, field

from clingo import Symbol

from pycli.engine import facts, result, shared
from pycli.errors import PolicyError
from pycli.input.load import Applicant
from pycli.kbtools.catalogue import Catalogue
from pycli.paths import kb_entry

#: Catalogues kept, one per reform and set of readings (a reform sent as data makes a new one).
CATALOGUES = 32


@dataclass
class _Job:
    applicant: Applicant
    settings: facts.Settings
    time_limit: float | None
    symbols: list[Symbol]
    done: bool = False
    answer: result.Result | None = None
    error: BaseException | None = None
    key: Hashable = field(default=None)


def _key(symbols: list[Symbol]) -> Hashable:
    """The catalogue is a function of the knowledge base, the reform and the readings (solve.solve)."""
    return frozenset(s for s in symbols if s.name in ("reform", "switch_off", "assume_set"))


class Batcher:
    """Solves the optimisations asked for at about the same time together."""

    def __init__(self, most: int = shared.CHUNK) -> None:
        self.most = most
        self._pending: list[_Job] = []
        self._busy = False
        self._ready = threading.Condition()
        self._known: dict[Hashable, Catalogue] = {}
        self.batches = 0
        self.solved = 0
        shared.indexed_kb(kb_entry())  # the rewritten knowledge base, prepared before the first request

    def optimize(self, applicant: Applicant, settings: facts.Settings, time_limit: float | None) -> result.Result:
        """The applicant's proven optimum, as `policykb optimize` gives it."""
        symbols = facts.build(applicant, settings)
        job = _Job(applicant, settings, time_limit, symbols, key=_key(symbols))
        with self._ready:
            self._pending.append(job)
        while True:
            with self._ready:
                while not job.done and self._busy:
                    self._ready.wait()
                if job.done:
                    break
                self._busy = True
                batch = self._take()
            try:
                self._solve(batch)
            finally:
                with self._ready:
                    self._busy = False
                    self._ready.notify_all()
        if job.error is not None:
            raise job.error
        assert job.answer is not None
        return job.answer

    def _take(self) -> list[_Job]:
        """The waiting jobs with the first one's time limit, oldest first, at most ``most``."""
        limit = self._pending[0].time_limit
        batch = [j for j in self._pending if j.time_limit == limit][: self.most]
        chosen = {id(j) for j in batch}
        self._pending = [j for j in self._pending if id(j) not in chosen]
        return batch

    def _solve(self, batch: list[_Job]) -> None:
        if len(self._known) > CATALOGUES:
            self._known.clear()
        try:
            for run in shared.chunks([job.symbols for job in batch]):
                members = [batch[i] for i in run]
                outcomes = shared.solve_many([j.symbols for j in members], sources=[j.applicant.source for j in members],
                                            keys=[j.key for j in members], known=self._known,
                                            time_limit=members[0].time_limit)
                solved = []
                for job, outcome in zip(members, outcomes):
                    if isinstance(outcome, PolicyError):
                        job.error = outcome
                    else:
                        solved.append((job, (outcome, job.applicant, job.settings, job.applicant.source)))
                for (job, _item), answer in zip(solved, result.of_applicants([item for _job, item in solved])):
                    job.answer = answer
        except BaseException as exc:  # noqa: BLE001 - every waiting request gets the failure, none hangs
            for job in batch:
                if job.answer is None and job.error is None:
                    job.error = exc
        finally:
            for job in batch:
                job.done = True
            self.batches += 1
            self.solved += len(batch)
