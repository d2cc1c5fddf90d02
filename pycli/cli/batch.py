"""``policykb batch``: evaluate a population, record each applicant, summarise the spend.

INPUT is JSON Lines, CSV or a folder of applicant files (pycli/batch_input.py);
RESULTS gets one JSON line per applicant (pycli/batch_eval.py) in input order; the
summary (and with --report an HTML or Markdown report with charts) is added up from
RESULTS after the run, so a resumed run summarises every record, old and new.
"""

from __future__ import annotations

import contextlib
import itertools
import sys
from collections.abc import Iterator
from pathlib import Path

import click

from pycli import atomic
from pycli.cli.options import evaluation_options, guarded, lang_option
from pycli.engine import deadline
from pycli.errors import EXIT_NOT_PROVEN, InputError
from pycli.populations import cluster
from pycli.populations import inputs as batch_input
from pycli.populations import run as batch_run
from pycli.populations import sweep as population_sweep
from pycli.populations.evaluate import Evaluator, Options
from pycli.populations.summary import Summary, kb_places, summarise
from pycli.reports import charts, render, research_tables

REPORT_TEMPLATES = {".html": "batch_report.html.j2", ".md": "batch_report.md.j2"}


def render_report(summary: Summary, fmt: str, source: str, results: str, lang: str = "en") -> str:
    """The report in HTML or Markdown, its charts as inline SVG."""
    paired = summary.reform is not None
    return render.render(REPORT_TEMPLATES[fmt], lang=lang, s=summary, source=source, results=results,
                         spend=charts.spend_bars(summary.clauses, paired),
                         histogram=charts.histogram(summary.histogram, paired))


@contextlib.contextmanager
def _progress(input_path: str, done: set[str]) -> Iterator[object]:
    """A progress bar on stderr when it is a terminal; otherwise nothing is printed."""
    if not sys.stderr.isatty():
        yield None
        return
    remaining = max(0, batch_input.count(input_path) - len(done))
    with click.progressbar(length=remaining, label="policykb batch", file=sys.stderr,
                           show_eta=True, show_pos=True) as bar:
        yield bar


@click.command()
@click.argument("input_path", metavar="INPUT", type=click.Path())
@click.option("--out", "out", required=True, metavar="RESULTS",
              help="JSON Lines file the records are appended to.")
@click.option("--workers", type=click.IntRange(1, 256), default=1, show_default=True,
              help="Worker processes solving applicants.")
@click.option("--dask", "dask", default=None, metavar="local:N|SCHEDULER",
              help="Evaluate on a Dask cluster: local:N starts N worker processes here, or give a scheduler address.")
@click.option("--resume", is_flag=True, help="Skip the applicants RESULTS already holds; append the rest.")
@click.option("--report", default=None, metavar="FILE.html|FILE.md",
              help="Also write the summary with charts as HTML or Markdown.")
@click.option("--time-limit", "applicant_seconds", default=None, metavar="SECONDS",
              help="Bound each applicant's search; an applicant not proven in time is recorded unproven.")
@lang_option
@evaluation_options
@guarded
def batch(input_path: str, out: str, workers: int, dask: str | None, resume: bool, report: str | None,
          applicant_seconds: str | None, as_of: str | None, horizon: int | None, assume: tuple[str, ...],
          reform: str | None, lang: str) -> int:
    """Evaluate every applicant of INPUT (JSON Lines, CSV or a folder); one record each in RESULTS."""
    fmt = Path(report).suffix.lower() if report else None
    if report and fmt not in REPORT_TEMPLATES:
        raise InputError("--report", "", f"expected a file name ending in .html or .md, got {report!r}")
    # Every output is checked before any work: a bad path is exit 2 now, not after the run.
    atomic.check_target(out, "--out", append=True)
    if report:
        atomic.check_target(report, "--report")
    per_applicant = deadline.parse_seconds(applicant_seconds)
    batch_input.kind_of(input_path)
    if dask is not None:
        cluster.check_spec(dask)
    options = Options(as_of=as_of, horizon=horizon, assume=tuple(assume), reform=reform, time_limit=per_applicant)
    evaluator = Evaluator(options)
    evaluator.check()  # a bad option is one error now, not an error in every record
    entries = iter(batch_input.read(input_path))
    # INPUT's first entry is read before RESULTS is touched: a problem with INPUT as a whole
    # (not UTF-8, no applicant column) must leave a run's results as they were.
    first = next(entries, None)
    entries = itertools.chain([first] if first is not None else [], entries)
    done = batch_run.prepare_output(out, resume, evaluator.reformed.reform_name if evaluator.reformed else None)
    others = batch_input.skipped(input_path)
    if others:  # every entry not read is named: nothing is left out without a word
        shown = ", ".join(repr(name) for name in others[:20]) + (f" and {len(others) - 20} more" if len(others) > 20 else "")
        click.echo(f"policykb: note: {input_path}: skipped {len(others)} entries not named *.yaml, *.yml or "
                   f"*.json: {shown}", err=True)
    with _progress(input_path, done) as bar:
        batch_run.run(entries, out, options, workers, done, advance=bar.update if bar else None,
                      evaluator=evaluator, dask=dask)
    places = kb_places(evaluator.reformed or evaluator.baseline)
    summary = summarise(batch_run.records(out) if Path(out).exists() else [], places)
    click.echo(render.render("batch_summary.txt.j2", lang=lang, s=summary, results=out), nl=False)
    if report and fmt:
        atomic.write_text(report, render_report(summary, fmt, input_path, out, lang))
    return 0


@click.command("sweep-population")
@click.argument("input_path", metavar="INPUT", type=click.Path())
@click.option("--set", "axis", required=True, metavar="OWNER:NAME[@TIER]=START:STOP:STEP",
              help="The law parameter to sweep, as a reform names it; whole yuan, or percentages with %.")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "csv"]), default="text", show_default=True)
@click.option("--plot", "plot_path", default=None, metavar="OUT.svg", help="Also draw the curve as an SVG.")
@click.option("--workers", type=click.IntRange(1, 256), default=1, show_default=True,
              help="Worker processes solving applicants.")
@click.option("--dask", "dask", default=None, metavar="local:N|SCHEDULER", help="Evaluate on a Dask cluster.")
@lang_option
@evaluation_options
@guarded
def sweep_population(input_path: str, axis: str, fmt: str, plot_path: str | None, workers: int, dask: str | None,
                     as_of: str | None, horizon: int | None, assume: tuple[str, ...], reform: str | None,
                     lang: str) -> int:
    """The budget curve of INPUT's population along one parameter of the law: spend, gainers and losers."""
    if reform is not None:
        raise InputError("--reform", reform, "sweep-population sweeps one parameter against the law as it stands")
    swept = population_sweep.parse_axis(axis)
    if dask is not None:
        cluster.check_spec(dask)
    batch_input.kind_of(input_path)
    options = Options(as_of=as_of, horizon=horizon, assume=tuple(assume))
    Evaluator(Options(as_of=as_of, horizon=horizon, assume=tuple(assume),
                      reform_data=swept.reform(swept.values[0]))).check()
    model = population_sweep.evaluate(input_path, list(batch_input.read(input_path)), swept, options, workers, dask)
    if plot_path:
        atomic.write_text(plot_path, render.render("sweep.svg.j2", lang=lang, p=charts.sweep_plot(model.as_sweep(), lang)))
    if fmt == "json":
        text = render.render("result.json.j2", data=model.to_json())
    elif fmt == "csv":
        text = render.render("sweep.csv.j2", csv=research_tables.sweep_csv(model.as_sweep()))
    else:
        text = render.render("population_sweep.txt.j2", lang=lang, model=model,
                             table=research_tables.population_sweep_table(model, lang))
    click.echo(text, nl=False)
    return 0 if model.optimal else EXIT_NOT_PROVEN
