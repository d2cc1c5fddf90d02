"""Where the data read at run time lives: the knowledge base, saved queries and examples, as package data.

Each is a real package (``policykb_kb``, ``policykb_queries``, ``policykb_examples``) found
through ``importlib.resources``.  A checkout's own folders beside ``pycli/`` win, so that a
work tree runs its own knowledge base; ``POLICYKB_KB`` and ``POLICYKB_QUERIES`` point
elsewhere on purpose.
"""

from __future__ import annotations

import atexit
import hashlib
import os
import shutil
import tempfile
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

_CHECKOUT = Path(__file__).resolve().parent.parent


def _copy(node: Traversable, target: Path) -> None:
    for child in node.iterdir():
        if child.is_dir():
            if child.name != "__pycache__":
                (target / child.name).mkdir()
                _copy(child, target / child.name)
        else:
            (target / child.name).write_bytes(child.read_bytes())


@cache
def package_folder(package: str) -> Path:
    """A data package as a real folder: itself when installed as files, else one copy per process."""
    root = resources.files(package)
    if isinstance(root, Path):
        return root
    # Installed inside an archive: clingo reads files by path, so copy the tree out once.
    target = Path(tempfile.mkdtemp(prefix=f"{package}-"))
    atexit.register(shutil.rmtree, target, ignore_errors=True)
    _copy(root, target)
    return target


def _folder(env: str, checkout: str, package: str, marker: str) -> Path:
    override = os.environ.get(env)
    if override:
        return Path(override)
    beside = _CHECKOUT / checkout
    if (beside / marker).exists() and (_CHECKOUT / "pyproject.toml").is_file():
        return beside
    return package_folder(package)


@cache
def kb_dir() -> Path:
    """The folder holding main.lp (override with POLICYKB_KB)."""
    return _folder("POLICYKB_KB", "kb", "policykb_kb", "main.lp")


def kb_digest(entry: Path) -> str:
    """A digest of the .lp files of the knowledge base folder of ``entry`` and of the entry's name:
    what a cache of anything derived from that knowledge base is keyed by."""
    digest = hashlib.sha256(entry.name.encode() + b"\0")
    folder = entry.parent
    for path in sorted(folder.rglob("*.lp")):
        digest.update(str(path.relative_to(folder)).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def kb_entry() -> Path:
    """The entry file an auditor gives to clingo."""
    return kb_dir() / "main.lp"


@cache
def queries_dir() -> Path:
    """The folder of saved queries, scenarios and reforms (override with POLICYKB_QUERIES)."""
    return _folder("POLICYKB_QUERIES", "queries", "policykb_queries", "README.md")


@cache
def examples_dir() -> Path:
    """The folder of shipped example applicant files."""
    return _folder("POLICYKB_EXAMPLES", "examples", "policykb_examples", "tongzhou-ai-sme.yaml")


def cache_dir() -> Path | None:
    """Where derived files are cached (override with POLICYKB_CACHE), or None with no home.

    Whatever is read back from here is verified first (its digest over its key and its
    content): an edited, truncated or stale file is rebuilt, never trusted."""
    override = os.environ.get("POLICYKB_CACHE")
    if override:
        return Path(override)
    try:
        return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "policykb"
    except RuntimeError:  # no home directory: no cache
        return None
