"""Shared helpers: run the real solver on applicant files (no mocks of clingo)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from pycli.engine import facts, result
from pycli.engine.evaluate import evaluate as evaluate_file
from pycli.input import load

ROOT = Path(__file__).resolve().parent.parent
CASES = ROOT / "tests" / "cases"


def evaluate(path: Path | str, **settings: Any) -> result.Result:
    """The optimum of one applicant file, through the same path as `policykb optimize`."""
    return evaluate_file(str(path), facts.Settings(**settings))


def evaluate_data(data: dict[str, Any], tmp_path: Path, **settings: Any) -> result.Result:
    """The optimum of an applicant given as a dict (written to a file first)."""
    path = tmp_path / "applicant.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return evaluate(path, **settings)


def checkout_env(**extra: str) -> dict[str, str]:
    """The environment of a child process that runs this checkout's pycli from any folder."""
    # Without PYTHONPATH a child started outside the checkout imports whichever pycli is
    # installed, and a test of this work tree would test another one.
    path = os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))
    return {**os.environ, "PYTHONPATH": path, **extra}


def run_cli(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    """Run this checkout's command line in a child process, from any folder ``cwd``."""
    return subprocess.run([sys.executable, "-m", "pycli", *args], cwd=cwd, capture_output=True,
                          text=True, timeout=300, env=checkout_env())


@pytest.fixture
def applicant_base() -> dict[str, Any]:
    """A Tongzhou enterprise with nothing yet: tests add the matters they need."""
    return {"district": "tongzhou", "sectors": ["data_elements"], "as_of": "2026-06-01"}


__all__ = ["CASES", "ROOT", "checkout_env", "evaluate", "evaluate_data", "load", "run_cli"]
