"""``policykb check``, ``coverage`` and ``assumptions``: the knowledge base checks and
describes itself."""

from __future__ import annotations

import click

from pycli.cli.options import guarded, lang_option
from pycli.errors import EXIT_KB_PROBLEMS
from pycli.kbtools import coverage as cov
from pycli.kbtools import integrity, kbread, readings
from pycli.paths import kb_dir
from pycli.reports import render
from pycli.reports.render import say


@click.command()
@lang_option
@guarded
def check(lang: str) -> int:
    """Check the knowledge base's integrity: one line per problem, exit 6 if any."""
    folder = kb_dir()
    kb = kbread.read(folder)
    tests = integrity.tests_dir(folder)
    found = integrity.problems(kb, tests)
    for line in found:
        click.echo(say(lang, "problem_line", {"problem": line}))
    click.echo(say(lang, "check_summary", {
        "clauses": len(kb.clauses()), "documents": len(kb.args("document", 1)),
        "groups": len(kb.args("cap_group", 2)), "assumptions": len(kb.args("assumption", 2)),
        "verdict": say(lang, "check_problems", {"n": len(found)}) if found else say(lang, "check_clean")}))
    if tests is None:
        click.echo(say(lang, "check_no_tests"))
    return EXIT_KB_PROBLEMS if found else 0


@click.command()
@click.option("--verbose", "-v", is_flag=True, help="List every amount and the parameter it maps to.")
@lang_option
@guarded
def coverage(verbose: bool, lang: str) -> int:
    """Map every amount in the source texts to a parameter of the law, or to a note."""
    folder = kb_dir()
    report = cov.measure(kbread.read(folder))
    click.echo(cov.render(report, verbose, lang), nl=False)
    return 0 if report.complete else EXIT_KB_PROBLEMS


@click.command()
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@lang_option
@guarded
def assumptions(fmt: str, lang: str) -> int:
    """List every named reading: its default, its other values, what it says, the clauses it touches."""
    found = readings.listing(kbread.read(kb_dir()))
    if fmt == "json":
        click.echo(render.render("result.json.j2", data=readings.to_json(found)), nl=False)
    else:
        click.echo(render.render("assumptions.txt.j2", lang=lang, readings=found), nl=False)
    return 0
