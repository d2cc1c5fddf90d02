"""``policykb plan``: in which year to claim each flexible matter, proven optimal, with the calendar and the gain."""

from __future__ import annotations

import datetime as dt
from functools import partial

import click

from pycli import atomic
from pycli.cli.options import evaluation_options, guarded, input_format_option
from pycli.engine import facts
from pycli.errors import EXIT_NOT_PROVEN, InputError
from pycli.input import load
from pycli.input.options import parse_as_of
from pycli.input.options import settings as evaluation_settings
from pycli.reports import render
from pycli.research import plan as plan_mod
from pycli.research.plan_result import Plan

FORMATS = ("text", "json", "md", "html")
_TEMPLATES = {"text": "plan.txt.j2", "md": "plan.md.j2", "html": "plan.html.j2"}


def render_plan(p: Plan, fmt: str, lang: str) -> str:
    """One plan in one format and language, from the one plan model."""
    if fmt == "json":
        return render.render("result.json.j2", data=p.to_json())
    # Only the knowledge base's clause ids set a column's width; applicant text comes last.
    width = max((len(a.clause) for y in p.calendar for a in y.awards), default=6)
    return render.render(_TEMPLATES[fmt], p=p, lang=lang, say=partial(render.say, lang), width=width)


def _day(option: str, value: str | None) -> dt.date | None:
    try:
        return parse_as_of(value)
    except InputError:
        raise InputError(option, "", f"expected a real date YYYY-MM-DD, got {value!r}") from None


@click.command()
@click.argument("file", type=click.Path())
@click.option("--from", "first", default=None, metavar="YYYY-MM-DD",
              help="First day of the plan (default: the evaluation date).")
@click.option("--until", "last", default=None, metavar="YYYY-MM-DD",
              help="Last day of the plan (default: the last day of any window).")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True)
@click.option("--lang", type=click.Choice(render.LANGUAGES), default="en", show_default=True)
@click.option("--out", default=None, metavar="PATH", help="Write to PATH instead of standard output.")
@click.option("--facts", "show_facts", is_flag=True,
              help="Print the plan's facts, for `python -m clingo kb/plan.lp facts.lp`, and stop.")
@click.option("--time-limit", type=click.FloatRange(min=0.001), default=None, metavar="SECONDS",
              help="Stop each search after this long; the best plan found is shown, unproven.")
@evaluation_options
@input_format_option
@guarded
def plan(file: str, first: str | None, last: str | None, fmt: str, lang: str, out: str | None,
         show_facts: bool, time_limit: float | None, as_of: str | None, horizon: int | None,
         assume: tuple[str, ...], reform: str | None, input_format: str | None) -> int:
    """Choose the year each flexible matter of FILE (- reads standard input) is claimed in, to get the most."""
    settings = evaluation_settings(as_of, horizon, assume, reform)
    start, end = _day("--from", first), _day("--until", last)
    if show_facts:
        text = facts.as_text(plan_mod.plan_facts(load.load(file, input_format), settings, start, end))
        click.echo(text, nl=False)
        return 0
    p = plan_mod.run(file, settings, start, end, time_limit, input_format)
    text = render_plan(p, fmt, lang)
    if out:
        atomic.write_text(out, text)
    else:
        click.echo(text, nl=False)
    return 0 if p.optimal and p.baseline_optimal else EXIT_NOT_PROVEN
