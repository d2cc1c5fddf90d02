"""YAML the package ships (vocabulary, message catalogue), parsed once and kept between runs.

Parsing the vocabulary and the message catalogue took about 20 ms of every command even
with libyaml (building the Python objects is most of it); reading the same data back with
marshal takes about one (docs/performance.md).  The cache is keyed by a digest of the text
itself and of the Python and PyYAML versions, and each file carries a digest of its
content: an edited, truncated or stale file is parsed again, never trusted.  Only data
that marshal gives back equal is cached; a cache that cannot be written is not used.
Only files of the package go through here: an applicant's file keeps the pure-Python
loader, whose error messages and limits pycli/input/parse.py is built on.
"""

from __future__ import annotations

import hashlib
import marshal
import sys
from typing import Any

import yaml

from pycli import cache_record, paths

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
#: The cache files' layout; a new one never reads files the old one wrote.
CACHE_FORMAT = "1"


def parse(text: str) -> Any:
    """The data of one shipped YAML text (None for an empty one), parsed now."""
    return yaml.load(text, Loader=_LOADER)  # noqa: S506 - a safe loader, C or Python


def read(text: str) -> Any:
    """The data of one shipped YAML text, from the cache when it holds this very text."""
    folder = paths.cache_dir()
    if folder is None:
        return parse(text)
    key = hashlib.sha256(f"{CACHE_FORMAT}|{sys.version}|{yaml.__version__}\0{text}".encode()).hexdigest()
    path = folder / f"yaml-{key[:32]}.b64"
    code = cache_record.read(path, key)
    if code is not None:
        try:
            return marshal.loads(code)
        except (EOFError, ValueError, TypeError):
            pass
    data = parse(text)
    try:
        code = marshal.dumps(data)
    except ValueError:
        return data  # data marshal cannot keep (a date): not cached
    if marshal.loads(code) == data:
        cache_record.write(path, key, code)
    return data
