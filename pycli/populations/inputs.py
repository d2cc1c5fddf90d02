"""A population to evaluate: JSON Lines, a CSV file or a folder of applicant files.

Reading only splits the input into entries, one per applicant, each with a key that
is unique in the input and a source for messages; schema validation happens where
the applicant is solved, so that a bad applicant becomes one error record and the
batch goes on.  A problem with the input as a whole (no such file, an unknown CSV
column) is an InputError: nothing is evaluated.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO

from pycli.errors import InputError
from pycli.input.parse import parse_json
from pycli.input.source import MAX_FILE_BYTES
from pycli.populations.csv_layout import read_csv
from pycli.populations.entry import Entry, Keys

#: Suffixes read as JSON Lines, and the applicant files a folder may hold.
JSONL_SUFFIXES = (".jsonl", ".ndjson")
FOLDER_SUFFIXES = (".yaml", ".yml", ".json")
def kind_of(path: str) -> str:
    """``folder``, ``jsonl`` or ``csv``; anything else is refused."""
    target = Path(path)
    if not target.exists():
        raise InputError(path, "", "no such file or folder")
    if target.is_dir():
        return "folder"
    if target.suffix.lower() in JSONL_SUFFIXES:
        return "jsonl"
    if target.suffix.lower() == ".csv":
        return "csv"
    raise InputError(path, "", "expected a folder of applicant files, a .jsonl file or a .csv file")


def read(path: str) -> Iterator[Entry]:
    """The entries of INPUT, in input order."""
    kind = kind_of(path)
    if kind == "folder":
        return _folder(path)
    if kind == "jsonl":
        return _jsonl(path)

    return read_csv(path)


def count(path: str) -> int:
    """How many entries INPUT holds, without parsing them (for the progress bar)."""
    kind = kind_of(path)
    if kind == "folder":
        return len(_folder_entries(path)[0])
    if kind == "jsonl":
        with open(path, "rb") as handle:
            return sum(1 for _number, line in _bounded_lines(handle) if line is None or line.strip())
    return sum(1 for _ in read(path))


def _folder_entries(path: str) -> tuple[list[tuple[Path, str | None]], list[str]]:
    """The folder's entries named as applicant files, each with why it cannot be read (or
    None), in name order; and the names of every other entry, which are skipped.

    Only regular files inside the folder are read: a symbolic link (which may lead out of
    the folder), a FIFO (which would block), a folder named ``*.yaml`` are each reported,
    as an error record, never followed or silently left out.
    """
    named: list[tuple[Path, str | None]] = []
    others: list[str] = []
    try:
        with os.scandir(path) as listing:
            found = sorted(listing, key=lambda e: e.name)
    except OSError as exc:
        raise InputError(path, "", f"cannot be read: {exc.strerror}") from None
    for entry in found:
        if entry.name.startswith(".") or Path(entry.name).suffix.lower() not in FOLDER_SUFFIXES:
            others.append(entry.name)
            continue
        try:
            if entry.is_symlink():
                problem: str | None = "a symbolic link, not followed: only regular files inside the folder are read"
            elif entry.is_dir(follow_symlinks=False):
                problem = "a folder, not an applicant file"
            elif not entry.is_file(follow_symlinks=False):
                problem = "not a regular file (a FIFO, socket or device), not read"
            else:
                problem = None
        except OSError as exc:
            problem = f"cannot be read: {exc.strerror}"
        named.append((Path(entry.path), problem))
    return named, others


def skipped(path: str) -> list[str]:
    """The entries of a folder INPUT that are not applicant files (other names, hidden files)."""
    return _folder_entries(path)[1] if kind_of(path) == "folder" else []


def _folder(path: str) -> Iterator[Entry]:
    keys = Keys()
    for index, (file, problem) in enumerate(_folder_entries(path)[0]):
        key = keys.claim(file.name, f"file {index + 1}")
        if problem is not None:
            yield Entry(index=index, key=key, source=str(file), problem=str(InputError(str(file), "", problem)))
        else:
            yield Entry(index=index, key=key, source=str(file), path=str(file))


def _jsonl(path: str) -> Iterator[Entry]:
    """Opened now, so that an unreadable file stops the run before RESULTS is touched."""
    try:
        handle = open(path, "rb")
    except OSError as exc:
        raise InputError(path, "", f"cannot be read: {exc.strerror}") from None
    return _jsonl_lines(path, handle)


#: The longest line of a JSON Lines input, the most one applicant file may hold: a longer
#: line is that record's error, read past in pieces, never held whole.
MAX_LINE_BYTES = MAX_FILE_BYTES

#: The piece a too-long line is skipped in.
_SKIP = 1 << 20


def _bounded_lines(handle: BinaryIO) -> Iterator[tuple[int, bytes | None]]:
    """(number, line) of each line, or (number, None) for a line longer than MAX_LINE_BYTES,
    in memory bounded by MAX_LINE_BYTES whatever the file holds."""
    number = 0
    while True:
        raw = handle.readline(MAX_LINE_BYTES + 1)
        if not raw:
            return
        number += 1
        if len(raw) <= MAX_LINE_BYTES or raw.endswith(b"\n") and len(raw) == MAX_LINE_BYTES + 1:
            yield number, raw
            continue
        while raw and not raw.endswith(b"\n"):
            raw = handle.readline(_SKIP)
        yield number, None


def _jsonl_lines(path: str, handle: BinaryIO) -> Iterator[Entry]:
    keys = Keys()
    index = 0
    with handle:
        for number, raw in _bounded_lines(handle):
            where, source = f"line {number}", f"{path}:{number}"
            if raw is None:
                yield Entry(index=index, key=keys.claim(None, where), source=source,
                            problem=str(InputError(source, "", f"larger than {MAX_LINE_BYTES} bytes", "too_large",
                                                   {"bytes": f"{MAX_LINE_BYTES:,}"})))
                index += 1
                continue
            if not raw.strip():
                continue
            data, problem = _parse_line(raw, source)
            name = data.get("name") if isinstance(data, dict) else None
            yield Entry(index=index, key=keys.claim(name, where), source=source, data=data, problem=problem)
            index += 1


def _parse_line(raw: bytes, source: str) -> tuple[Any, str | None]:
    """One line's applicant, or the one-line message saying why it is not one."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return None, str(InputError(source, "", f"not UTF-8 text (byte {exc.start})"))
    try:
        # The applicant files' parser and limits: repeated keys refused, fractions kept to be
        # refused by validation with their value, the values bounded before parsing.
        return parse_json(source, text), None
    except InputError as exc:
        return None, str(exc)
