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

import base64
import hashlib
import marshal
import sys
from typing import Any

import yaml

from pycli import atomic, paths
from pycli.errors import InputError

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
#: The cache files' layout; a new one never reads files the old one wrote.
CACHE_FORMAT = "1"


def parse(text: str) -> Any:
    """The data of one shipped YAML text (None for an empty one), parsed now."""
    return yaml.load(text, Loader=_LOADER)  # noqa: S506 - a safe loader, C or Python


def _digest(key: str, code: bytes) -> str:
    return hashlib.sha256(key.encode() + b"\0" + code).hexdigest()


def read(text: str) -> Any:
    """The data of one shipped YAML text, from the cache when it holds this very text."""
    folder = paths.cache_dir()
    if folder is None:
        return parse(text)
    key = hashlib.sha256(f"{CACHE_FORMAT}|{sys.version}|{yaml.__version__}\0{text}".encode()).hexdigest()
    path = folder / f"yaml-{key[:32]}.b64"
    try:
        digest, _, encoded = path.read_text(encoding="ascii").partition("\n")
        code = base64.b64decode(encoded, validate=True)
        if digest == _digest(key, code):
            return marshal.loads(code)
    except (OSError, ValueError, EOFError, TypeError):
        pass
    data = parse(text)
    try:
        code = marshal.dumps(data)
        if marshal.loads(code) == data:
            folder.mkdir(parents=True, exist_ok=True)
            atomic.write_text(str(path), f"{_digest(key, code)}\n{base64.b64encode(code).decode('ascii')}")
    except (ValueError, OSError, InputError):
        pass  # data marshal cannot keep, or a cache that cannot be written: not cached
    return data
