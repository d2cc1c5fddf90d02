"""Files written whole or not at all: written beside the target, then renamed over it."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import TextIO

from pycli.errors import InputError


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


@contextlib.contextmanager
def replacing(path: str) -> Iterator[TextIO]:
    """A text stream that becomes ``path`` when the block ends, and leaves no trace if it fails."""
    target = Path(path)
    try:
        handle, temp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    except OSError as exc:
        raise InputError(path, "", f"cannot be written: {exc.strerror}") from None
    try:
        # mkstemp makes the file private (0600); the result gets the mode any new file would.
        os.chmod(temp, 0o666 & ~_umask())
        with os.fdopen(handle, "w", encoding="utf-8", errors="backslashreplace", newline="\n") as out:
            yield out
        os.replace(temp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise


def write_text(path: str, text: str) -> None:
    """Write ``text`` to ``path`` atomically."""
    with replacing(path) as out:
        out.write(text)
