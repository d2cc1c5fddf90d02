"""The ``policykb`` process ends without the interpreter's teardown, and loses nothing by it
(pycli/cli/process.py): the answer whole, the exit status click chose, the exit handlers
run and the threads waited for; a profiler watching gets the ordinary exit."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from pycli.cli.process import status
from tests.conftest import ROOT, checkout_env


def _process(args: list[str], tmp_path: Path, before: str = "") -> subprocess.CompletedProcess[str]:
    """``args`` through pycli.cli.process.run, in a child that first runs ``before``."""
    program = textwrap.dedent(before) + textwrap.dedent(f"""
        import sys
        sys.argv = ["policykb", *{args!r}]
        from pycli.cli.process import run
        run()
        raise SystemExit("run() returned")
    """)
    return subprocess.run([sys.executable, "-c", program], cwd=tmp_path, env=checkout_env(),
                          capture_output=True, text=True, timeout=120)


def test_the_answer_is_written_whole_and_the_status_is_zero(tmp_path: Path) -> None:
    done = _process(["optimize", str(ROOT / "examples" / "tongzhou-ai-sme.yaml"), "--format", "json"], tmp_path)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["optimal"] is True


def test_bad_input_keeps_status_2_and_its_one_line(tmp_path: Path) -> None:
    (tmp_path / "bad.yaml").write_text("name: x\n", encoding="utf-8")
    done = _process(["optimize", "bad.yaml"], tmp_path)
    assert done.returncode == 2
    assert done.stdout == "" and done.stderr.count("\n") == 1 and "district" in done.stderr


def test_a_usage_error_keeps_clicks_status(tmp_path: Path) -> None:
    assert _process(["no-such-command"], tmp_path).returncode == 2


def test_exit_handlers_run_and_threads_are_waited_for(tmp_path: Path) -> None:
    before = """
        import atexit, threading, time
        from pathlib import Path
        atexit.register(lambda: Path("handler").write_text("ran"))
        def late():
            time.sleep(0.3)
            Path("thread").write_text("done")
        threading.Thread(target=late).start()
    """
    done = _process(["--version"], tmp_path, before)
    assert done.returncode == 0 and done.stdout.startswith("policykb, version")
    assert (tmp_path / "handler").read_text() == "ran"
    assert (tmp_path / "thread").read_text() == "done"


@pytest.mark.parametrize(("code", "expected"), [(None, 0), (0, 0), (2, 2), (4, 4), ("a message", 1)])
def test_status_is_the_one_python_gives_system_exit(code: object, expected: int) -> None:
    assert status(code) == expected


def test_a_profiler_still_gets_its_report(tmp_path: Path) -> None:
    # cProfile (like coverage or a debugger) writes what it saw after the program
    # returns: with one watching, the process takes the ordinary exit.
    done = subprocess.run([sys.executable, "-m", "cProfile", "-o", "profile.out", "-m", "pycli", "--version"],
                          cwd=tmp_path, env=checkout_env(), capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "profile.out").stat().st_size > 0
