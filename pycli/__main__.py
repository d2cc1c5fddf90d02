"""``python -m pycli`` runs the policykb command line."""

from .cli import main

main()
