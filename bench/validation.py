"""Reading and validating applicant files against their size, up to the 64 MiB limit.

Each shape is a file grown to a target size: ``matters`` repeats valid standards (the
matter limit refuses it past 20,000), ``flags`` puts a list of mappings where words
are expected (the case that was quadratic in jsonschema's uniqueItems), ``name`` is
one long text, ``numbers`` a long list of integers and ``aliases`` YAML anchors
repeated (the node limit counts what they stand for).  Each file is read as
``policykb optimize`` reads it (pycli.input.load.load), in this process; the table
gives the seconds and the first words of the answer.  Linear time shows as seconds
per MiB staying flat while the size grows.
"""

from __future__ import annotations

import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from pycli.errors import InputError
from pycli.input import load

from .common import table

MIB = 1 << 20
HEAD = '{"district": "tongzhou", "sectors": ["data_elements"], '


def _grow(size: int, head: str, unit: str, tail: str, sep: str = ", ") -> str:
    count = max(1, (size - len(head) - len(tail)) // (len(unit) + len(sep)))
    return head + sep.join([unit] * count) + tail


def _matters(size: int, form: str) -> str:
    if form == "yaml":
        return _grow(size, "district: tongzhou\nsectors: [data_elements]\nstandards:\n",
                     "- {id: s, level: national, role: lead}", "\n", sep="\n")
    return _grow(size, HEAD + '"standards": [', '{"id": "s", "level": "national", "role": "lead"}', "]}")


def _flags(size: int, form: str) -> str:
    head = HEAD + '"projects": [{"id": "p", "type": "key_task", "flags": ['
    return _grow(size, head, '{"a": 1}', "]}]}")


def _name(size: int, form: str) -> str:
    return HEAD + '"name": "' + "x" * max(0, size - len(HEAD) - 12) + '"}'


def _numbers(size: int, form: str) -> str:
    return _grow(size, HEAD + '"horizon": [', "123456", "]}")


def _aliases(size: int, form: str) -> str:
    head = "district: tongzhou\nsectors: [data_elements]\nx: &a [" + ", ".join(["1"] * 100) + "]\nname: ["
    return _grow(size, head, "*a", "]\n")


SHAPES: dict[str, tuple[Callable[[int, str], str], tuple[str, ...]]] = {
    "matters": (_matters, ("yaml", "json")),
    "flags": (_flags, ("yaml", "json")),
    "name": (_name, ("yaml", "json")),
    "numbers": (_numbers, ("yaml", "json")),
    "aliases": (_aliases, ("yaml",)),
}


def _measure(path: Path) -> tuple[float, str]:
    started = time.perf_counter()
    try:
        load.load(str(path))
        answer = "accepted"
    except InputError as exc:
        answer = str(exc).split(": ", 1)[1][:60]
    return time.perf_counter() - started, answer


def run(quick: bool = False) -> str:
    """The table: shape, form, size, seconds, seconds per MiB, answer."""
    sizes = [64 * 1024, MIB, 8 * MIB] if quick else [64 * 1024, MIB, 8 * MIB, 32 * MIB, 64 * MIB - 4096]
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        for shape, (make, forms) in SHAPES.items():
            for form in forms:
                for size in sizes:
                    # JSON is YAML: a shape written as JSON is read by the YAML path as name.yaml.
                    path = Path(folder) / f"{shape}.{form}"
                    path.write_text(make(size, form), encoding="utf-8")
                    seconds, answer = _measure(path)
                    mib = path.stat().st_size / MIB
                    rows.append([shape, form, f"{mib:.2f}", f"{seconds:.2f}", f"{seconds / mib:.2f}", answer])
                    print(f"  {shape} {form} {mib:.2f} MiB: {seconds:.2f} s", file=sys.stderr, flush=True)
                    path.unlink()
    return table(["shape", "form", "MiB", "seconds", "s/MiB", "answer"], rows,
                 "Reading and validating one applicant file (pycli.input.load.load)")


if __name__ == "__main__":
    print(run("--quick" in sys.argv))
