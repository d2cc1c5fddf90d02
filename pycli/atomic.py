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
        try:
            os.replace(temp, target)
        except OSError as exc:  # e.g. the target became a folder meanwhile
            raise InputError(path, "", f"cannot be written: {exc.strerror}") from None
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise


def check_target(path: str, option: str, *, append: bool = False) -> None:
    """Refuse, before any work starts, an output path that cannot become the file asked for.

    The folder must exist and take a new file (tried: a probe file is made and removed,
    which also finds read-only and virtual file systems such as /proc); the path must not
    be a folder or anything but a regular file.  ``append``: the file itself is written
    in place (batch RESULTS), so an existing one must be writable too.
    """
    target = Path(path)
    try:
        if target.is_dir():
            raise InputError(option, path, "is a folder; expected a file name")
        if not target.parent.is_dir():
            raise InputError(option, path, f"no such folder {str(target.parent)!r}")
        if target.exists() and not target.is_file():
            raise InputError(option, path, "not a regular file")
        handle, probe = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".probe")
        os.close(handle)
        os.unlink(probe)
        if append and target.exists():
            with open(target, "ab"):
                pass
    except OSError as exc:
        raise InputError(option, path, f"cannot be written: {exc.strerror}") from None


def write_text(path: str, text: str) -> None:
    """Write ``text`` to ``path`` atomically."""
    with replacing(path) as out:
        out.write(text)
