"""Standard streams that are closed or full: a one-line message and an exit status, never a
traceback (found by fuzzing: `>&-` gave exit 1 and a traceback, `<&-` an internal error)."""

from __future__ import annotations

import os
import shlex
import subprocess
import sys

import pytest
from conftest import ROOT, checkout_env

EXAMPLE = str(ROOT / "examples" / "xicheng-data-street.yaml")


def _shell(command: str) -> subprocess.CompletedProcess[str]:
    python = shlex.quote(sys.executable)
    return subprocess.run(["sh", "-c", command.replace("POLICYKB", f"{python} -m pycli")], cwd=ROOT,
                          capture_output=True, text=True, timeout=120, env=checkout_env())


def test_a_closed_standard_output_is_no_traceback() -> None:
    proc = _shell(f"POLICYKB optimize {shlex.quote(EXAMPLE)} >&-")
    assert proc.returncode == 0 and "Traceback" not in proc.stderr, proc.stderr


def test_bad_input_with_a_closed_standard_output_is_still_exit_2() -> None:
    proc = _shell("POLICYKB optimize /no/such/file.yaml >&-")
    assert proc.returncode == 2 and proc.stderr == "policykb: /no/such/file.yaml: no such file\n", proc.stderr


def test_a_closed_standard_input_is_bad_input() -> None:
    proc = _shell("POLICYKB optimize - <&-")
    assert proc.returncode == 2 and proc.stderr == "policykb: <stdin>: standard input is closed\n", proc.stderr


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
def test_a_full_standard_output_is_one_line() -> None:
    proc = _shell(f"POLICYKB explain {shlex.quote(EXAMPLE)} --format html > /dev/full")
    assert proc.returncode == 4, proc.stderr
    assert proc.stderr == "policykb: standard output: No space left on device\n", proc.stderr
