"""``policykb whatif``, ``compare`` and ``sweep``: the optimum of variants of one applicant.

Each command loads the file once, builds its variants (pycli/overrides.py), solves
them on one workbench (pycli/workbench.py) and renders one model (variants.py,
sweep.py) through templates/.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from typing import Any

import click

from pycli import atomic
from pycli.cli.options import evaluation_options, guarded, input_format_option, lang_option, time_limit_option
from pycli.engine import deadline, facts
from pycli.errors import EXIT_NOT_PROVEN, InputError
from pycli.input import labels, load, overrides
from pycli.input.options import settings as evaluation_settings
from pycli.input.schema import vocabulary
from pycli.kbtools.kbread import pilot_zone_districts, scoped_districts
from pycli.kbtools.kbread import read_law as read_kb
from pycli.reports import charts, render, research_tables
from pycli.research import breakpoints, variants
from pycli.research import sweep as sweep_mod
from pycli.research.workbench import Outcome, Variant, Workbench

PILOT_SUFFIX = render.PILOT_SUFFIX


def _emit(text: str) -> None:
    click.echo(text, nl=False)


def run_whatif(file: str, sets: list[str], baseline_settings: facts.Settings, variant_settings: facts.Settings,
               time_limit: float | None = None, fmt: str | None = None) -> variants.WhatIf:
    """FILE as it is against FILE changed by ``sets``, each side under its own settings."""
    return whatif_of(load.load(file, fmt), sets, baseline_settings, variant_settings, time_limit)


def whatif_of(applicant: load.Applicant, sets: list[str], baseline_settings: facts.Settings,
              variant_settings: facts.Settings, time_limit: float | None = None) -> variants.WhatIf:
    """The applicant as it is against the applicant changed by ``sets`` (the model of `whatif`)."""
    changes = [overrides.parse(pair) for pair in sets]
    bench = Workbench([Variant("baseline", applicant, baseline_settings),
                       Variant("variant", overrides.apply(applicant, changes), variant_settings)],
                      source=applicant.source, time_limit=time_limit)
    baseline, variant = bench.results()
    shown = [c.shown for c in changes]
    shown += [f"assume {name}={value}" for name, value in sorted(variant_settings.assumptions.items())
              if baseline_settings.assumptions.get(name) != value]
    if variant.reform and variant.reform != baseline.reform:
        shown.append(f"reform {variant.reform}")
    return variants.whatif(baseline, variant, shown)


@click.command()
@click.argument("file", type=click.Path())
@click.option("--set", "sets", multiple=True, metavar="PATH=VALUE",
              help="Change a field of the file, e.g. district=chaoyang or projects[0].level=national.")
@click.option("--baseline-reform", default=None, metavar="FILE",
              help="Evaluate the baseline under this reform (default: the law as it stands).")
@click.option("--format", "fmt", type=click.Choice(render.FORMATS), default="text", show_default=True)
@time_limit_option
@lang_option
@evaluation_options
@input_format_option
@guarded
def whatif(file: str, sets: tuple[str, ...], baseline_reform: str | None, fmt: str, time_limit: float | None,
           as_of: str | None, horizon: int | None, assume: tuple[str, ...], reform: str | None,
           input_format: str | None, lang: str) -> int:
    """Compare FILE as it is with FILE changed by --set (and --reform, which changes the
    variant only), clause by clause."""
    model = run_whatif(file, list(sets), evaluation_settings(as_of, horizon, assume, baseline_reform),
                       evaluation_settings(as_of, horizon, assume, reform), time_limit, input_format)
    deadline.finish()  # the answer is written whole, never cut by the time limit
    _emit(render_whatif(model, fmt, lang))
    return 0 if model.optimal else EXIT_NOT_PROVEN


def render_whatif(model: variants.WhatIf, fmt: str, lang: str = "en") -> str:
    """A what-if as `policykb whatif --format FMT --lang LANG` prints it."""
    if fmt == "json":
        return render.render("result.json.j2", data=model.to_json())
    kind = "txt" if fmt == "text" else fmt
    return render.render(f"whatif.{kind}.j2", lang=lang, model=model, table=research_tables.whatif_table(model, lang))


def places(choice: str, pilot_districts: list[str], scoped: list[str]) -> list[tuple[str, str, bool]]:
    """The places of --districts: (name, district, in the pilot zone).

    ``all`` is every district a district document names (in the vocabulary's order) and
    the pilot zone; any other district of the vocabulary may be named in a list.
    """
    words = vocabulary()["districts"]
    pilots = [(d + PILOT_SUFFIX, d, True) for d in pilot_districts]
    if choice.strip() == "all":
        return [(d, d, False) for d in words if d in scoped] + pilots
    by_name = {name: (name, d, p) for name, d, p in [(d, d, False) for d in words] + pilots}
    chosen = []
    for name in (part.strip() for part in choice.split(",")):
        district, pilot = (name[: -len(PILOT_SUFFIX)], PILOT_SUFFIX) if name.endswith(PILOT_SUFFIX) else (name, "")
        name = (labels.canonical(district, list(vocabulary()["districts"])) or district) + pilot
        if name not in by_name:
            raise InputError("--districts", name, f"expected all or a list of {', '.join(by_name)}", "expected_districts",
                             {"allowed": ", ".join(by_name),
                              "allowed_zh": "、".join(render.place("zh", n) for n in by_name)})
        if by_name[name] not in chosen:
            chosen.append(by_name[name])
    return chosen


@click.command()
@click.argument("file", type=click.Path())
@click.option("--districts", default="all", show_default=True, metavar="all|LIST",
              help="Where to evaluate: all, or e.g. xicheng,tongzhou+pilot_zone.")
@click.option("--format", "fmt", type=click.Choice(render.FORMATS), default="text", show_default=True)
@time_limit_option
@lang_option
@evaluation_options
@input_format_option
@guarded
def compare(file: str, districts: str, fmt: str, time_limit: float | None, as_of: str | None,
            horizon: int | None, assume: tuple[str, ...], reform: str | None, input_format: str | None, lang: str) -> int:
    """Evaluate FILE as if registered in each district (and in the pilot zone), best first."""
    model = compare_of(load.load(file, input_format), districts, evaluation_settings(as_of, horizon, assume, reform), time_limit)
    _emit(render_compare(model, fmt, lang))
    return 0 if model.optimal else EXIT_NOT_PROVEN


def render_compare(model: variants.Comparison, fmt: str, lang: str = "en") -> str:
    """A comparison as `policykb compare --format FMT --lang LANG` prints it."""
    if fmt == "json":
        return render.render("result.json.j2", data=model.to_json())
    kind = "txt" if fmt == "text" else fmt
    return render.render(f"compare.{kind}.j2", lang=lang, model=model, table=research_tables.compare_table(model, lang),
                         awards=[research_tables.awards_table(o.result, lang) for o in model.options])


def compare_of(applicant: load.Applicant, districts: str, settings: facts.Settings,
               time_limit: float | None = None) -> variants.Comparison:
    """The applicant as if registered in each place of ``districts`` (the model of `compare`)."""
    kb = read_kb(settings)
    pilot = pilot_zone_districts(kb)
    chosen = places(districts, pilot, scoped_districts(kb))
    data = applicant.data
    current = data["district"] + (PILOT_SUFFIX if data.get("pilot_zone") and data["district"] in pilot else "")
    moved = [overrides.apply(applicant, [overrides.parse(f"district={d}"), overrides.parse(f"pilot_zone={str(p).lower()}")])
             for _name, d, p in chosen]
    bench = Workbench([Variant(name, a, settings) for (name, _d, _p), a in zip(chosen, moved)],
                      source=applicant.source, time_limit=time_limit)
    return variants.compare(chosen, bench.results(), current)


def sweep_points(applicant: load.Applicant, axes: list[overrides.Axis]) -> tuple[list[list[Any]], list[load.Applicant]]:
    """Every point of the grid (the first axis varies slowest) and its applicant.

    The corners are validated in full; the points between them are valid because each
    swept field is an interval of its schema (overrides.apply).
    """
    grid = list(itertools.product(*(range(len(a.values)) for a in axes)))
    if len(grid) > overrides.MAX_POINTS:
        raise InputError("--set", " x ".join(a.path for a in axes),
                         f"{len(grid):,} points, more than the {overrides.MAX_POINTS:,} one sweep may have")
    deadline.step("building the sweep's points")
    values, applicants = [], []
    for point in grid:
        changes = [a.override(i) for i, a in zip(point, axes)]
        corner = all(i in (0, len(a.values) - 1) for i, a in zip(point, axes))
        values.append([c.value for c in changes])
        applicants.append(overrides.apply(applicant, changes, check=corner))
    return values, applicants


def sweep_of(applicant: load.Applicant, sets: list[str], settings: facts.Settings,
             time_limit: float | None = None, most_points: int = overrides.MAX_POINTS) -> sweep_mod.Sweep:
    """The applicant's optimum along one field or a grid of two (the model of `sweep`)."""
    if len(sets) > 2:
        raise InputError("--set", sets[2], "a sweep takes one field, or two for a grid")
    axes = [overrides.parse_axis(pair) for pair in sets]
    if len(axes) == 2 and axes[0].path == axes[1].path:
        raise InputError("--set", axes[1].path, "the two swept fields must differ")
    points = 1
    for axis in axes:
        points *= len(axis.values)
    if points > most_points:
        raise InputError("--set", " x ".join(a.path for a in axes),
                         f"{points:,} points, more than the {most_points:,} one sweep may have")
    values, applicants = sweep_points(applicant, axes)
    model = sweep_mod.build([a.path for a in axes], values,
                            outcomes(applicants, values, settings, applicant.source, time_limit))
    line = [v[0] for v in values]
    if len(axes) == 1 and all(isinstance(v, int) and not isinstance(v, bool) for v in line):
        model.exact = breakpoints.exact_starts(
            line, [(b.cap, b.kind, b.index) for b in model.bindings()],
            lambda wanted: probe(applicant, axes[0], wanted, settings, time_limit))
    return model


def outcomes(applicants: Sequence[load.Applicant], labels: Sequence[Any], settings: facts.Settings,
             source: str, time_limit: float | None) -> list[Outcome]:
    """The optimum of each applicant (one variant each, labelled), from one workbench."""
    bench = Workbench([Variant(str(v), a, settings) for v, a in zip(labels, applicants)],
                      source=source, time_limit=time_limit)
    return [bench.outcome(i) for i in range(len(applicants))]


def probe(applicant: load.Applicant, axis: overrides.Axis, wanted: Sequence[int], settings: facts.Settings,
          time_limit: float | None) -> list[Outcome]:
    """The optima of the applicant with the swept field at each of ``wanted`` (values
    inside the sweep's validated range), from one grounding."""
    moved = [overrides.apply(applicant, [overrides.Override(axis.path, axis.steps, v)], check=False) for v in wanted]
    return outcomes(moved, wanted, settings, applicant.source, time_limit)


@click.command()
@click.argument("file", type=click.Path())
@click.option("--set", "sets", multiple=True, required=True, metavar="PATH=START:STOP:STEP",
              help="The field to sweep (once for a line, twice for a grid); dates step in days.")
@click.option("--plot", "plot_path", default=None, metavar="OUT.svg", help="Also draw the sweep as an SVG.")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "csv"]), default="text", show_default=True)
@time_limit_option
@lang_option
@evaluation_options
@input_format_option
@guarded
def sweep(file: str, sets: tuple[str, ...], plot_path: str | None, fmt: str, time_limit: float | None,
          as_of: str | None, horizon: int | None, assume: tuple[str, ...], reform: str | None,
          input_format: str | None, lang: str) -> int:
    """Tabulate FILE's total and each clause's award along a field (or a grid of two)."""
    if plot_path:
        atomic.check_target(plot_path, "--plot")  # before any work: a bad path is exit 2 at once
    model = sweep_of(load.load(file, input_format), list(sets), evaluation_settings(as_of, horizon, assume, reform), time_limit)
    deadline.finish()
    if plot_path:
        atomic.write_text(plot_path, render.render("sweep.svg.j2", lang=lang, p=charts.sweep_plot(model, lang)))
    _emit(render_sweep(model, fmt, lang))
    return 0 if model.optimal else EXIT_NOT_PROVEN


def render_sweep(model: sweep_mod.Sweep, fmt: str, lang: str = "en") -> str:
    """A sweep as `policykb sweep --format FMT --lang LANG` prints it."""
    if fmt == "json":
        return render.render("result.json.j2", data=model.to_json())
    if fmt == "csv":
        return render.render("sweep.csv.j2", csv=research_tables.sweep_csv(model))
    return render.render("sweep.txt.j2", lang=lang, model=model, table=research_tables.sweep_table(model, lang))

