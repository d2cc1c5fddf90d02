"""Compiled templates kept between runs, read back only when their digest says they are current.

Compiling optimize.txt.j2 and the macros it imports takes 12-14 ms of every command
(docs/performance.md); reading the compiled code back takes well under one.  Jinja's own
FileSystemBytecodeCache unpickles what it finds, so this cache stores the marshalled code
with a digest over everything that could make it wrong: the template's source checksum
(Jinja computes it from the source it just loaded), the environment's kind, the versions
of Python and Jinja, and the source of the module that configures the environments.  A
file that does not match is compiled again and overwritten, never trusted; a cache that
cannot be written is simply not used.
"""

from __future__ import annotations

import hashlib
import marshal
import sys
from pathlib import Path

import jinja2

from pycli import cache_record

#: The cache files' layout; a new one never reads files the old one wrote.
CACHE_FORMAT = "1"


class TemplateCache(jinja2.BytecodeCache):
    """Compiled templates of one environment kind under ``folder``, each verified on reading."""

    def __init__(self, folder: Path, kind: str, configured_by: Path) -> None:
        self.folder = folder
        self.kind = kind
        self.salt = hashlib.sha256(
            f"{CACHE_FORMAT}|{kind}|{sys.version}|{jinja2.__version__}|".encode()
            + configured_by.read_bytes()).hexdigest()

    def _path(self, bucket: jinja2.bccache.Bucket) -> Path:
        return self.folder / f"template-{self.kind}-{bucket.key}.b64"

    def _key(self, bucket: jinja2.bccache.Bucket) -> str:
        return f"{self.salt}|{bucket.key}|{bucket.checksum}"

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        """Fill ``bucket`` from its file when the file is whole and current; else leave it empty."""
        code = cache_record.read(self._path(bucket), self._key(bucket))
        if code is not None:
            try:
                bucket.code = marshal.loads(code)
            except (EOFError, ValueError, TypeError):
                bucket.reset()

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        """Write ``bucket``'s code with its digest, in one piece."""
        cache_record.write(self._path(bucket), self._key(bucket), marshal.dumps(bucket.code))
