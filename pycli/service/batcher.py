"""Concurrent /optimize requests of one worker solved together, from one grounding (shared.solve_many).

Grounding the knowledge base is most of a small applicant's solve, and the rewritten
knowledge base (pycli/engine/indexed.py) grounds many applicants at once for little more
than one: `policykb batch` solves hundreds a second that way.  So a request does not
ground alone when others wait: the first thread to find the solver free takes every
waiting request (up to shared.CHUNK, with the same time limit) and solves them in one
shared program; the others wait for their answers.  A request that finds no other
waiting is solved one-shot, as `policykb optimize` solves it.  Each answer is the one solve.solve
gives (tests/test_indexed.py), an applicant's error stays its own.
"""

from __future__ import annotations

import threading
from collections.abc import Hashable
from dataclasses import dataclass, field

from clingo import Symbol

from pycli.engine import facts, result, shared, solve
from pycli.errors import PolicyError
from pycli.input.load import Applicant
from pycli.kbtools import catalogue_cache
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
        self._program = solve.parse_kb()  # and the law as written, for a request that comes alone

    def optimize(self, applicant: Applicant, settings: facts.Settings, time_limit: float | None) -> result.Result:
        """The applicant's proven optimum, as `policykb optimize` gives it."""
        symbols = facts.build(applicant, settings)
        job = _Job(applicant, settings, time_limit, symbols, key=catalogue_cache.settings_key(symbols))
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
                outcomes = self._outcomes(members)
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

    def _outcomes(self, members: list[_Job]) -> list[solve.Solution | PolicyError]:
        """Each member's solution or error.  A request that comes alone is solved one-shot:
        the rewritten law costs more to ground than the law as written when nothing shares
        it (tongzhou-ai-sme in-process, 25 runs: median 52 ms one-shot against 71 ms shared)."""
        if len(members) > 1:
            return shared.solve_many([j.symbols for j in members], sources=[j.applicant.source for j in members],
                                     keys=[j.key for j in members], known=self._known,
                                     time_limit=members[0].time_limit)
        job = members[0]
        try:
            solution = solve.solve(job.symbols, time_limit=job.time_limit, source=job.applicant.source,
                                   program=self._program, known=self._known.get(job.key))
        except PolicyError as exc:
            return [exc]
        self._known.setdefault(job.key, solution.catalogue)
        solution.control = None  # the grounded program is not kept between requests
        return [solution]
