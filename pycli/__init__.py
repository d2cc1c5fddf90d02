"""policykb: Beijing district data-industry support measures as answer-set programs.

The law lives in ``kb/`` (clingo); this package only moves data in and out of it.
The version is the installed distribution's, written once in pyproject.toml, and read
only when asked for: importlib.metadata costs about 17 ms of every command.
"""

from __future__ import annotations


def __getattr__(name: str) -> str:
    if name != "__version__":
        raise AttributeError(f"module 'pycli' has no attribute {name!r}")
    from importlib import metadata

    try:
        version = metadata.version("policykb")
    except metadata.PackageNotFoundError:  # a checkout run without installing
        version = "0+unknown"
    globals()["__version__"] = version
    return version
