"""``python -m pycli`` runs the policykb command line."""

from pycli.cli.main import main

if __name__ == "__main__":
    main()
