"""Every output path and every option value is checked before any work starts: exit 2, one
line, nothing written (issue 15, item 5)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import CASES

from pycli.cli.main import main

V08 = str(CASES / "V08.yaml")

#: Each command that writes a file, with the option naming it and what it needs besides.
WRITERS = {
    "explain --out": ["explain", V08, "--out"],
    "sweep --plot": ["sweep", V08, "--set", "horizon=1:2:1", "--plot"],
    "batch --out": ["batch", str(CASES), "--out"],
    "batch --report": ["batch", str(CASES), "--out", "{results}", "--report"],
    "synth --out": ["synth", "--n", "3", "--out"],
}


def _bad_paths(tmp_path: Path) -> dict[str, tuple[str, str]]:
    """Each kind of path that cannot become the output file, and the end of its message."""
    fifo = tmp_path / "fifo.html"
    os.mkfifo(fifo)
    folder = tmp_path / "folder.html"
    folder.mkdir()
    return {
        "missing folder": (str(tmp_path / "missing" / "out.html"), f"no such folder '{tmp_path / 'missing'}'"),
        "a folder": (str(folder), "is a folder; expected a file name"),
        "/proc/version": ("/proc/version", "cannot be written: No such file or directory"),
        "a fifo": (str(fifo), "not a regular file"),
        "a name too long": (str(tmp_path / ("x" * 300 + ".html")), "cannot be written: File name too long"),
    }


@pytest.mark.parametrize("writer", list(WRITERS))
@pytest.mark.parametrize("kind", ["missing folder", "a folder", "/proc/version", "a fifo", "a name too long"])
def test_a_path_that_cannot_be_written_is_refused_before_any_work(tmp_path: Path, writer: str, kind: str) -> None:
    path, problem = _bad_paths(tmp_path)[kind]
    results = tmp_path / "results.jsonl"
    args = [a.replace("{results}", str(results)) for a in WRITERS[writer]] + [path]
    before = sorted(p.name for p in tmp_path.iterdir())
    result = CliRunner().invoke(main, args)
    option = writer.split()[1]
    expected = f"policykb: {option}: {path}: {problem}\n"
    if writer == "batch --report" and not path.endswith(".html"):  # the format is asked of the name first
        expected = f"policykb: --report: expected a file name ending in .html or .md, got {path!r}\n"
    assert result.exit_code == 2, result.output
    assert result.stdout == "" and result.stderr == expected
    assert sorted(p.name for p in tmp_path.iterdir()) == before  # nothing written, no RESULTS begun


HUGE = "9" * 5000


@pytest.mark.parametrize("args,message", [
    (["optimize", V08, "--assume", f"open_annual_years={HUGE}"],
     "policykb: --assume: open_annual_years=" + "9" * 62 + "...: expected NAME=VALUE with lower-case words or "
     "a number below 1,000,000,000, e.g. rounding=half_up\n"),
    (["optimize", V08, "--assume", "open_annual_years=1000000000"],
     "policykb: --assume: open_annual_years=1000000000: expected NAME=VALUE with lower-case words or a number "
     "below 1,000,000,000, e.g. rounding=half_up\n"),
    (["optimize", V08, "--assume", "open_annual_years=\u00b2"],
     "policykb: --assume: open_annual_years=\u00b2: expected NAME=VALUE with lower-case words or a number below "
     "1,000,000,000, e.g. rounding=half_up\n"),
    (["whatif", V08, "--set", f"horizon={HUGE}"],
     "policykb: --set: horizon: a number of 5,000 digits, more than any field allows\n"),
    (["sweep", V08, "--set", f"horizon=1:{HUGE}:1"],
     "policykb: --set: horizon: a number of 5,000 digits, more than any field allows\n"),
    (["sweep", V08, "--set", f"horizon=1:3:{HUGE}"],
     "policykb: --set: horizon: a number of 5,000 digits, more than any field allows\n"),
    (["whatif", V08, "--set", "horizon=\u0661\u0662"],
     "policykb: --set: horizon: expected a whole number of years from 1 to 50, got '\u0661\u0662'\n"),
    (["whatif", V08, "--set", f"standards[{HUGE}].level=national"],
     f"policykb: --set: standards[{'9' * 70}...: expected a field path such as district or projects[0].level\n"),
    (["batch", str(CASES), "--out", "{results}", "--time-limit", "inf"],
     "policykb: --time-limit: expected a number of seconds from 0.001 to 86,400, got 'inf'\n"),
], ids=["assume-huge", "assume-2^30", "assume-superscript", "set-huge", "sweep-stop-huge", "sweep-step-huge",
        "set-arabic-digits", "set-huge-index", "batch-time-limit"])
def test_a_bad_option_value_is_one_line_and_exit_2(tmp_path: Path, args: list[str], message: str) -> None:
    results = tmp_path / "results.jsonl"
    result = CliRunner().invoke(main, [a.replace("{results}", str(results)) for a in args])
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == message
    assert not results.exists()
