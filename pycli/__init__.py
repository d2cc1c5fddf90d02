"""policykb: Beijing district data-industry support measures as answer-set programs.

The law lives in ``kb/`` (clingo); this package only moves data in and out of it.
The version is the installed distribution's, written once in pyproject.toml.
"""

from importlib import metadata

try:
    __version__ = metadata.version("policykb")
except metadata.PackageNotFoundError:  # a checkout run without installing
    __version__ = "0+unknown"
