"""``policykb check`` and ``policykb coverage``: the knowledge base checks itself."""

from __future__ import annotations

import click

from pycli.cli.options import guarded
from pycli.errors import EXIT_KB_PROBLEMS
from pycli.kbtools import coverage as cov
from pycli.kbtools import integrity, kbread
from pycli.paths import kb_dir


@click.command()
@guarded
def check() -> int:
    """Check the knowledge base's integrity: one line per problem, exit 6 if any."""
    folder = kb_dir()
    kb = kbread.read(folder)
    tests = integrity.tests_dir(folder)
    found = integrity.problems(kb, tests)
    for line in found:
        click.echo(f"problem: {line}")
    click.echo(f"policykb check: {len(kb.clauses())} clauses in {len(kb.args('document', 2))} documents, "
               f"{len(kb.args('cap_group', 2))} cap groups, {len(kb.args('assumption', 2))} assumptions: "
               + (f"{len(found)} problem(s)" if found else "clean"))
    if tests is None:
        click.echo("(no tests/ folder beside kb/: which clauses are tested was not checked)")
    return EXIT_KB_PROBLEMS if found else 0


@click.command()
@click.option("--verbose", "-v", is_flag=True, help="List every amount and the parameter it maps to.")
@guarded
def coverage(verbose: bool) -> int:
    """Map every amount in the source texts to a parameter of the law, or to a note."""
    folder = kb_dir()
    report = cov.measure(kbread.read(folder), folder / "coverage_notes.yaml")
    click.echo(cov.render(report, verbose), nl=False)
    return 0 if report.complete else EXIT_KB_PROBLEMS
