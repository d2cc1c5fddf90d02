"""policykb: Beijing district data-industry support measures as answer-set programs.

The law lives in ``kb/`` (clingo); this package only moves data in and out of it.
"""

__version__ = "0.1.0"
