"""A population to evaluate: JSON Lines, a CSV file or a folder of applicant files.

Reading only splits the input into entries, one per applicant, each with a key that
is unique in the input and a source for messages; schema validation happens where
the applicant is solved, so that a bad applicant becomes one error record and the
batch goes on.  A problem with the input as a whole (no such file, an unknown CSV
column) is an InputError: nothing is evaluated.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO

from pycli.errors import InputError
from pycli.input.parse import parse_json
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
        return len(_folder_files(path))
    if kind == "jsonl":
        with open(path, "rb") as handle:
            return sum(1 for line in handle if line.strip())
    return sum(1 for _ in read(path))


def _folder_files(path: str) -> list[Path]:
    return sorted(p for p in Path(path).iterdir()
                  if p.suffix.lower() in FOLDER_SUFFIXES and not p.name.startswith(".") and p.is_file())


def _folder(path: str) -> Iterator[Entry]:
    keys = Keys()
    for index, file in enumerate(_folder_files(path)):
        yield Entry(index=index, key=keys.claim(file.name, f"file {index + 1}"), source=str(file), path=str(file))


def _jsonl(path: str) -> Iterator[Entry]:
    """Opened now, so that an unreadable file stops the run before RESULTS is touched."""
    try:
        handle = open(path, "rb")
    except OSError as exc:
        raise InputError(path, "", f"cannot be read: {exc.strerror}") from None
    return _jsonl_lines(path, handle)


def _jsonl_lines(path: str, handle: BinaryIO) -> Iterator[Entry]:
    keys = Keys()
    index = 0
    with handle:
        for number, raw in enumerate(handle, start=1):
            if not raw.strip():
                continue
            where, source = f"line {number}", f"{path}:{number}"
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
