"""The catalogue of the knowledge base under one set of evaluation settings, kept between runs.

Reading the catalogue from a grounded Control crosses clingo's C API some 1,500 times,
about 11 ms of every ``policykb optimize`` (docs/performance.md).  It is a function of
the knowledge base, the reform and the readings only: the applicant's own facts never
change a clause, a source sentence, a cap or an assumption (tests/test_catalogue_cache.py
checks this on every example and on generated applicants).  So it is kept in the cache
folder, keyed by a digest of the knowledge base's files (paths.kb_digest), clingo's
version, this module and catalogue.py, and the settings facts; each file carries a
digest of its content (pycli/cache_record.py), so an edited, truncated or stale file is
read from the Control again, never trusted.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import json
from collections.abc import Callable, Sequence
from pathlib import Path

import clingo
from clingo import Symbol

from pycli import cache_record, paths
from pycli.kbtools import catalogue

#: The cache files' layout; a new one never reads files the old one wrote.
CACHE_FORMAT = "1"

#: The input facts a catalogue depends on: the reform (its parameters and the clauses it
#: switches off) and the readings chosen with --assume.
SETTINGS_FACTS = ("reform", "switch_off", "assume_set")


def settings_key(symbols: Sequence[Symbol]) -> frozenset[Symbol]:
    """The facts of an applicant's input that its catalogue depends on."""
    return frozenset(s for s in symbols if s.name in SETTINGS_FACTS)


@functools.cache
def _base_key(entry: Path) -> str:
    # Once per process: a command reads one version of the knowledge base.
    digest = hashlib.sha256(f"{CACHE_FORMAT}|{clingo.__version__}|{paths.kb_digest(entry)}".encode())
    digest.update(Path(__file__).read_bytes())
    digest.update(Path(catalogue.__file__).read_bytes())
    return digest.hexdigest()


def _encode(cat: catalogue.Catalogue) -> bytes:
    return json.dumps(dataclasses.asdict(cat), sort_keys=True, ensure_ascii=False).encode()


def _decode(blob: bytes) -> catalogue.Catalogue:
    data = json.loads(blob)
    clauses = {cid: catalogue.Clause(**fields) for cid, fields in data.pop("clauses").items()}
    return catalogue.Catalogue(clauses=clauses, **data)


def remembered(entry: Path, symbols: Sequence[Symbol], read: Callable[[], catalogue.Catalogue]) -> catalogue.Catalogue:
    """The catalogue of the knowledge base at ``entry`` under the settings in ``symbols``:
    from the cache when it holds it, else ``read()`` (and kept)."""
    folder = paths.cache_dir()
    if folder is None:
        return read()
    settings = "\n".join(sorted(map(str, settings_key(symbols))))
    key = hashlib.sha256(f"{_base_key(entry)}\n{settings}".encode()).hexdigest()
    path = folder / f"catalogue-{key[:32]}.b64"
    blob = cache_record.read(path, key)
    if blob is not None:
        try:
            return _decode(blob)
        except (ValueError, TypeError, KeyError, AttributeError):
            pass  # a record this version cannot read back: read the Control again
    cat = read()
    blob = _encode(cat)
    if _decode(blob) == cat:  # keep only what reads back equal
        cache_record.write(path, key, blob)
    return cat
