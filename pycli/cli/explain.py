"""``policykb explain``: the auditor's trace, in text, Markdown, HTML or JSON, English or Chinese."""

from __future__ import annotations

from functools import partial

import click

from pycli import atomic
from pycli.cli.options import evaluation_options, guarded, input_format_option, lang_option, time_limit_option
from pycli.engine import deadline
from pycli.errors import EXIT_NOT_PROVEN
from pycli.explanation import explain as explain_mod
from pycli.input import load
from pycli.input.options import settings as evaluation_settings
from pycli.reports import render

_TEMPLATES = {"text": "explain.txt.j2", "md": "explain.md.j2", "html": "explain.html.j2"}


def render_explanation(e: explain_mod.Explanation, fmt: str, lang: str) -> str:
    """One explanation in one format and language, from the one trace model."""
    if fmt == "json":
        return render.render("result.json.j2", data=e.to_json())
    return render.render(_TEMPLATES[fmt], e=e, lang=lang, say=partial(render.say, lang, documents=e.titles_zh))


@click.command()
@click.argument("file", type=click.Path())
@click.option("--clause", default=None, metavar="ID", help="Explain one clause only.")
@click.option("--alternatives", type=click.IntRange(0, 20), default=0, show_default=True,
              help="Also find the K next-best portfolios and what separates them from the optimum.")
@click.option("--format", "fmt", type=click.Choice(render.EXPLAIN_FORMATS), default="text", show_default=True)
@lang_option
@click.option("--out", default=None, metavar="PATH", help="Write to PATH instead of standard output.")
@time_limit_option
@evaluation_options
@input_format_option
@guarded
def explain(file: str, clause: str | None, alternatives: int, fmt: str, lang: str, out: str | None,
            time_limit: float | None, as_of: str | None, horizon: int | None, assume: tuple[str, ...],
            reform: str | None, input_format: str | None) -> int:
    """Trace FILE's optimum back to the law: why each award, why not every other clause."""
    if out:
        atomic.check_target(out, "--out")  # before any work: a bad path is exit 2 at once
    settings = evaluation_settings(as_of, horizon, assume, reform)
    e = explain_mod.explain(load.load(file, input_format), settings, clause=clause,
                            alternatives=alternatives, time_limit=time_limit)
    deadline.finish()  # the answer is written whole, never cut by the time limit
    text = render_explanation(e, fmt, lang)
    if out:
        atomic.write_text(out, text)
    else:
        click.echo(text, nl=False)
    return 0 if e.result.optimal else EXIT_NOT_PROVEN
