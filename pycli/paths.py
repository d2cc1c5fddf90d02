"""Where the knowledge base lives: beside the package in a checkout, or installed with it."""

from __future__ import annotations

import os
from functools import cache
from importlib import resources
from pathlib import Path


@cache
def kb_dir() -> Path:
    """The folder holding kb/main.lp (override with POLICYKB_KB)."""
    override = os.environ.get("POLICYKB_KB")
    if override:
        return Path(override)
    beside = Path(__file__).resolve().parent.parent / "kb"
    if (beside / "main.lp").is_file():
        return beside
    return Path(str(resources.files("policykb_kb")))


def kb_entry() -> Path:
    """The entry file an auditor gives to clingo."""
    return kb_dir() / "main.lp"
