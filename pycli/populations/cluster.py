"""A batch's runs of applicants evaluated on a Dask distributed cluster, the records back in input order.

The cluster does what the local pool does (pycli/populations/run.py): each worker process
builds one Evaluator per set of options (the knowledge base parsed once, the shared
grounding reused), each task is one run of consecutive applicants grounded together, and
the parent writes each run's records as one piece, in input order.  ``local:N`` starts a
LocalCluster of N single-threaded worker processes on this machine; anything else is the
address of a running scheduler (``tcp://host:8786``).
"""

from __future__ import annotations

import contextlib
import logging
import re
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from pycli.errors import InputError
from pycli.populations.entry import Entry
from pycli.populations.evaluate import Evaluator, Options

#: Runs in flight per worker, as in the local pool: every worker busy, the buffer bounded.
RUNS_PER_WORKER = 3
#: How long to wait for a scheduler given by address before giving up, in seconds.
CONNECT_TIMEOUT = 30

_LOCAL = re.compile(r"^local:([1-9][0-9]{0,2})$")
_ADDRESS = re.compile(r"^(tcp|tls|inproc|ucx|ws|wss)://[A-Za-z0-9.\-\[\]:]+$")

#: One evaluator per options in each worker process (a worker may serve several batches).
_EVALUATORS: dict[Options, Evaluator] = {}


def check_spec(spec: str) -> str:
    """``local:N`` (1 <= N <= 999) or a scheduler address; anything else is exit 2 before any work."""
    if not (_LOCAL.match(spec) or _ADDRESS.match(spec)):
        raise InputError("--dask", spec, "expected local:N (N worker processes here) or a scheduler "
                                         "address such as tcp://127.0.0.1:8786")
    return spec


def evaluate_run(options: Options, entries: Sequence[Entry]) -> str:
    """On a worker: the record lines of consecutive entries, joined, from this process's evaluator."""
    evaluator = _EVALUATORS.get(options)
    if evaluator is None:
        evaluator = _EVALUATORS[options] = Evaluator(options)
    return "".join(evaluator.lines(entries))


@contextlib.contextmanager
def connect(spec: str) -> Iterator[Any]:
    """A distributed Client on the cluster ``spec`` names, closed (and a local cluster stopped) after."""
    try:
        from distributed import Client, LocalCluster
    except ImportError:  # pragma: no cover - dask is a dependency; a broken install says so
        raise InputError("--dask", spec, "needs the dask distributed package (pip install 'dask[distributed]')") \
            from None
    local = _LOCAL.match(check_spec(spec))
    if local:
        cluster = LocalCluster(n_workers=int(local.group(1)), threads_per_worker=1, processes=True,
                               dashboard_address=None, silence_logs=logging.ERROR)
        client = Client(cluster)
    else:
        cluster = None
        try:
            client = Client(spec, timeout=CONNECT_TIMEOUT)
        except (OSError, TimeoutError) as exc:
            raise InputError("--dask", spec, f"no scheduler answered: {exc}") from None
    try:
        yield client
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def in_order(runs: Iterable[list[Entry]], options: Options, client: Any) -> Iterator[str]:
    """Each run's records as one piece of text, in input order, evaluated on the cluster."""
    workers = max(1, len(client.scheduler_info().get("workers", {})))
    window = workers * RUNS_PER_WORKER
    pending: deque[Any] = deque()
    try:
        for run in runs:
            pending.append(client.submit(evaluate_run, options, run, pure=False))
            if len(pending) >= window:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
    finally:
        for future in pending:
            future.cancel()
