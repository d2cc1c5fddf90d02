"""Run the command line inside the test process (click's runner): the same commands, exit
statuses and streams as `python -m pycli`, without starting Python for each call."""

from __future__ import annotations

import os
from dataclasses import dataclass

from click.testing import CliRunner
from conftest import ROOT

from pycli.cli.main import main


@dataclass
class Run:
    """What a command printed and its exit status."""

    returncode: int
    stdout: str
    stderr: str


def run(*args: str) -> Run:
    """``policykb ARGS`` from the project root, in this process."""
    here = os.getcwd()
    os.chdir(ROOT)
    try:
        result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    finally:
        os.chdir(here)
    return Run(result.exit_code, result.stdout, result.stderr)
