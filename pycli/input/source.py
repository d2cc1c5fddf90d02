"""The text of an applicant: a file, or standard input (``-``), read whole within a size
limit and decoded as UTF-8, every failure an InputError naming the source."""

from __future__ import annotations

import sys
from pathlib import Path

from pycli.errors import InputError

MAX_FILE_BYTES = 64 * 1024 * 1024
#: The file name that stands for standard input, and how messages name it.
STDIN, STDIN_NAME = "-", "<stdin>"


def read_text(path: str) -> tuple[str, str]:
    """(the name messages give the source, its text) of a file, or of standard input for ``-``."""
    if path == STDIN:
        if sys.stdin is None:  # closed before Python started (`<&-`)
            raise InputError(STDIN_NAME, "", "standard input is closed", "stdin_closed")
        source, raw = STDIN_NAME, sys.stdin.buffer.read(MAX_FILE_BYTES + 1)
        if len(raw) > MAX_FILE_BYTES:
            raise InputError(source, "", f"larger than {MAX_FILE_BYTES} bytes", "too_large",
                             {"bytes": f"{MAX_FILE_BYTES:,}"})
    else:
        source, raw = str(path), _read_file(Path(path))
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(source, "", f"not UTF-8 text (byte {exc.start})", "not_utf8", {"byte": exc.start}) from None
    if "\x00" in text:
        raise InputError(source, "", "binary data, not an applicant file", "binary")
    return source, text


def _read_file(file: Path) -> bytes:
    source = str(file)
    try:
        if not file.exists():
            raise InputError(source, "", "no such file", "no_such_file")
        if not file.is_file():
            raise InputError(source, "", "not a regular file", "not_a_file")
        if file.stat().st_size > MAX_FILE_BYTES:
            raise InputError(source, "", f"larger than {MAX_FILE_BYTES} bytes", "too_large",
                             {"bytes": f"{MAX_FILE_BYTES:,}"})
        return file.read_bytes()
    except OSError as exc:  # e.g. a name too long for the file system
        raise InputError(source, "", f"cannot be read: {exc.strerror}", "cannot_read", {"reason": exc.strerror}) from None
