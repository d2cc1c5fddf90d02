"""``python -m pycli`` runs the policykb command line, as the ``policykb`` console script does."""

from pycli.cli.process import run

if __name__ == "__main__":
    run()
