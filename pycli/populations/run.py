"""Running a batch: records appended to RESULTS in input order, whatever the number of workers.

Each record is one whole line, written and flushed as soon as every record before it
is written, so an interrupted run leaves a prefix of the complete output and
``--resume`` continues it.  Entries go to the solver in runs of shared.CHUNK, each run
grounded as one program (shared.solve_many).  Workers are processes started with the
'spawn' context, each set up once (batch_eval.start_worker); a bounded window of runs
is in flight, completions out of order waiting in their futures.
"""

from __future__ import annotations

import contextlib
import json
import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path

from pycli import atomic
from pycli.engine import shared
from pycli.errors import InputError
from pycli.populations import cluster
from pycli.populations import records as batch_records
from pycli.populations.evaluate import Evaluator, Options, start_worker, work
from pycli.populations.inputs import Entry

#: Runs of applicants in flight per worker: enough to keep every worker busy while one
#: slow run holds up the writing, few enough to bound the memory of the buffer.
RUNS_PER_WORKER = 3


def records(path: str) -> Iterator[dict]:
    """The complete records of RESULTS, in file order."""
    with open(path, "rb") as handle:
        for number, raw in enumerate(handle, start=1):
            if not raw.endswith(b"\n"):
                return  # a line cut by a kill is not a record; resume drops it
            try:
                record = json.loads(raw)
            except ValueError:
                record = None
            if not isinstance(record, dict) or not isinstance(record.get("key"), str):
                raise InputError(path, f"line {number}", "not a batch record (a JSON object with a key)")
            yield record


def prepare_output(path: str, resume: bool, reform: str | None) -> set[str]:
    """The keys RESULTS already holds whole (resume), after dropping a line cut short by a kill.

    Without --resume an existing, non-empty RESULTS is refused rather than overwritten:
    it may be the only copy of a long run.  A record that is not whole (a field missing,
    its digest not matching: pycli.populations.records) or repeats a key is dropped, so
    that its applicant is evaluated again and appears once.
    """
    target = Path(path)
    if target.is_dir():
        raise InputError(path, "", "is a folder; expected a file for the results")
    if not target.exists() or target.stat().st_size == 0:
        return set()
    if not resume:
        raise InputError(path, "", "already holds results; pass --resume to continue them, or remove it")
    _drop_cut_line(target)
    done: set[str] = set()
    dropped = 0
    for record in records(path):
        if not batch_records.complete(record) or record["key"] in done:
            dropped += 1
            continue
        if record.get("reform") != reform:
            raise InputError(path, f"record {record['key']!r}",
                             f"was made under reform {record.get('reform')!r}, not {reform!r}; "
                             "resume with the same options")
        done.add(record["key"])
    if dropped:
        _keep_whole(path)
    return done


def _keep_whole(path: str) -> None:
    """Rewrite RESULTS (whole or not at all) with its whole records only, each key once."""
    seen: set[str] = set()
    with atomic.replacing(path) as out, open(path, "rb") as handle:
        for raw in handle:
            record = json.loads(raw)
            if batch_records.complete(record) and record["key"] not in seen:
                seen.add(record["key"])
                out.write(raw.decode("utf-8"))


def _drop_cut_line(target: Path) -> None:
    """Truncate RESULTS after its last complete line (a kill can cut only the last one)."""
    with open(target, "rb+") as handle:
        handle.seek(0, os.SEEK_END)
        size = handle.tell()
        step = 1 << 16
        position = size
        while position > 0:
            start = max(0, position - step)
            handle.seek(start)
            chunk = handle.read(position - start)
            cut = chunk.rfind(b"\n")
            if cut >= 0:
                end = start + cut + 1
                if end != size:
                    handle.truncate(end)
                return
            position = start
        handle.truncate(0)


def in_order(entries: Iterable[Entry], options: Options, workers: int,
              evaluator: Evaluator | None = None) -> Iterator[str]:
    """Each entry's record line, in input order; one worker solves in this process.

    Entries go to the solver in runs of shared.CHUNK, which it grounds together.
    """
    chunks = runs(entries, shared.CHUNK)
    if workers == 1:
        evaluator = evaluator or Evaluator(options)
        for run in chunks:
            yield from evaluator.lines(run)
        return
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn"),
                               initializer=start_worker, initargs=(options, os.getpid()))
    pending: deque[Future[list[str]]] = deque()
    window = workers * RUNS_PER_WORKER
    try:
        for run in chunks:
            pending.append(pool.submit(work, run))
            if len(pending) >= window:
                yield from pending.popleft().result()
        while pending:
            yield from pending.popleft().result()
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def runs(entries: Iterable[Entry], size: int) -> Iterator[list[Entry]]:
    run: list[Entry] = []
    for entry in entries:
        run.append(entry)
        if len(run) == size:
            yield run
            run = []
    if run:
        yield run


def run(entries: Iterable[Entry], out: str, options: Options, workers: int,
        done: set[str], advance: Callable[[int], None] | None = None,
        evaluator: Evaluator | None = None, dask: str | None = None) -> int:
    """Evaluate every entry whose key is not in ``done``; append its record line. Returns the count.

    ``evaluator``, built with the same options, is reused when one worker is asked for.
    ``dask`` names a cluster (pycli/populations/cluster.py) that evaluates the runs instead
    of local workers; each run's records are then written as one piece.
    """
    todo = (e for e in entries if e.key not in done)
    written = 0
    # backslashreplace: a lone surrogate (JSON input may hold one) is written as its JSON escape.
    with open(out, "a", encoding="utf-8", errors="backslashreplace", newline="\n") as handle:
        with contextlib.ExitStack() as stack:
            if dask is None:
                pieces = in_order(todo, options, workers, evaluator)
            else:
                client = stack.enter_context(cluster.connect(dask))
                pieces = cluster.in_order(runs(todo, shared.CHUNK), options, client)
            for piece in pieces:
                handle.write(piece)
                handle.flush()
                count = piece.count("\n")
                written += count
                if advance is not None:
                    advance(count)
    return written
