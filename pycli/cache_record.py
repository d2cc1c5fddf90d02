"""One file of the cache folder: a blob with a digest over its key and its content.

The compiled templates (reports/template_cache.py) and the parsed package YAML
(shipped_yaml.py) are kept this way.  ``read`` gives the blob back only when the file is
whole and was written for this very key, so an edited, truncated or stale file is made
again, never trusted; ``write`` puts the file in place in one piece, and a cache that
cannot be written is simply not used.
"""

from __future__ import annotations

import base64
import hashlib
from pathlib import Path

from pycli import atomic
from pycli.errors import InputError


def _digest(key: str, blob: bytes) -> str:
    return hashlib.sha256(key.encode() + b"\0" + blob).hexdigest()


def read(path: Path, key: str) -> bytes | None:
    """The blob stored at ``path`` for ``key``, or None unless the file is whole and its digest matches."""
    try:
        digest, _, encoded = path.read_text(encoding="ascii").partition("\n")
        blob = base64.b64decode(encoded, validate=True)
    except (OSError, ValueError):
        return None
    return blob if digest == _digest(key, blob) else None


def write(path: Path, key: str, blob: bytes) -> None:
    """Store ``blob`` for ``key`` at ``path`` atomically; nothing when the folder cannot be written."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic.write_text(str(path), f"{_digest(key, blob)}\n{base64.b64encode(blob).decode('ascii')}")
    except (OSError, InputError):
        pass  # a cache that cannot be written is not used
