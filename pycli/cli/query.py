"""``policykb query`` (saved queries and scenarios) and ``policykb clauses`` (the clause list)."""

from __future__ import annotations

import datetime as dt

import click

from pycli.cli.options import evaluation_options, guarded, input_format_option, lang_option, time_limit_option
from pycli.cli.research import run_whatif
from pycli.engine import deadline
from pycli.errors import EXIT_NOT_PROVEN, InputError
from pycli.input import labels, load
from pycli.input.options import settings as evaluation_settings
from pycli.input.schema import vocabulary
from pycli.kbtools.kbread import read_law as read_kb
from pycli.reports import render
from pycli.reports.research_tables import Table, whatif_table
from pycli.research import clauses as clauses_mod
from pycli.research import queries


def _listing(lang: str) -> tuple[Table, Table]:
    found = queries.saved_queries()
    rows = [[q.name, (q.title_zh or q.title) if lang == "zh" else q.title, ", ".join(f"{p.name}={p.default}" for p in q.parameters),
             render.say(lang, f"q_file_{q.file}") if q.file in ("none", "optional", "required") else q.file]
            for q in found.values()]
    scenes = [[s.name, (s.title_zh or s.title) if lang == "zh" else s.title, s.file and str(s.file)]
              for s in queries.saved_scenarios().values()]
    heads = [render.say(lang, f"col_{c}") for c in ("name", "title", "parameters", "applicant", "file")]
    return (Table(heads[:4], rows, [False] * 4), Table(heads[:2] + heads[4:], scenes, [False] * 3))


@click.command()
@click.argument("name", required=False)
@click.argument("file", required=False, type=click.Path())
@click.option("--list", "show_list", is_flag=True, help="List the saved queries and scenarios.")
@click.option("--param", "params", multiple=True, metavar="NAME=VALUE", help="A parameter of the query.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@time_limit_option
@lang_option
@evaluation_options
@input_format_option
@guarded
def query(name: str | None, file: str | None, show_list: bool, params: tuple[str, ...], fmt: str,
          time_limit: float | None, as_of: str | None, horizon: int | None, assume: tuple[str, ...],
          reform: str | None, input_format: str | None, lang: str) -> int:
    """Run the saved query NAME of queries/ (a research question, or a what-if scenario)."""
    if show_list or name is None:
        saved, scenes = _listing(lang)
        click.echo(render.render("query_list.txt.j2", lang=lang, queries=saved, scenarios=scenes), nl=False)
        return 0
    saved_queries, saved_scenarios = queries.saved_queries(), queries.saved_scenarios()
    if name in saved_scenarios:
        scene = saved_scenarios[name]
        if params:
            raise InputError("--param", params[0], f"scenario {name} takes no parameters")
        base_settings = evaluation_settings(as_of, horizon, assume, reform or scene.baseline_reform)
        variant_settings = evaluation_settings(as_of, horizon, assume, reform or scene.reform)
        model = run_whatif(file or scene.file, scene.sets, base_settings, variant_settings, time_limit,
                           input_format if file else None)
        deadline.finish()  # the answer is written whole, never cut by the time limit
        if fmt == "json":
            click.echo(render.render("result.json.j2", data={**model.to_json(), "scenario": name}), nl=False)
        else:
            click.echo(render.render("whatif.txt.j2", lang=lang, model=model, table=whatif_table(model, lang),
                                     scenario=f"{name}: {(scene.title_zh or scene.title) if lang == 'zh' else scene.title}"),
                   nl=False)
        return 0 if model.optimal else EXIT_NOT_PROVEN
    if name not in saved_queries:
        known = ", ".join(list(saved_queries) + list(saved_scenarios))
        raise InputError("query", name, f"no such saved query or scenario (known: {known})")
    chosen = saved_queries[name]
    applicant = load.load(file, input_format) if file else None
    answer = queries.run(chosen, queries.parse_parameters(chosen, params),
                         evaluation_settings(as_of, horizon, assume, reform), applicant, time_limit)
    deadline.finish()
    if fmt == "json":
        click.echo(render.render("result.json.j2", data=answer.to_json()), nl=False)
    else:
        table = Table(answer.columns, [[c.text for c in row] for row in answer.rows],
                      [isinstance(c.value, int) for c in answer.rows[0]] if answer.rows else [False] * len(answer.columns))
        title = (chosen.title_zh or chosen.title) if lang == "zh" else chosen.title
        click.echo(render.render("query.txt.j2", lang=lang, answer=answer, table=table, title=title), nl=False)
    return 0


@click.command()
@click.option("--district", default=None, metavar="DISTRICT", help="Only the clauses of this district's documents.")
@click.option("--search", default=None, metavar="TEXT", help="Only clauses whose id, title or sentence holds TEXT.")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "md"]), default="text", show_default=True)
@lang_option
@evaluation_options
@guarded
def clauses(district: str | None, search: str | None, fmt: str, as_of: str | None, horizon: int | None,
            assume: tuple[str, ...], reform: str | None, lang: str) -> int:
    """List every clause: kind, amounts, ratios, caps, validity and where it stands in the law."""
    districts = list(vocabulary()["districts"])
    district = labels.canonical(district, districts) or district if district is not None else None
    if district is not None and district not in districts:
        raise InputError("--district", district, f"expected one of {', '.join(districts)}", "expected_one_of",
                         {"allowed": ", ".join(districts), "allowed_zh": labels.allowed_shown("zh", districts)})
    settings = evaluation_settings(as_of, horizon, assume, reform)
    day = settings.as_of or dt.date.today()
    listing = clauses_mod.build(read_kb(settings, day), evaluation_date=day, reform=settings.reform_name,
                                district=district, search=search)
    if fmt == "json":
        click.echo(render.render("result.json.j2", data=listing.to_json()), nl=False)
    else:
        click.echo(render.render(f"clauses.{'md' if fmt == 'md' else 'txt'}.j2", lang=lang, listing=listing), nl=False)
    return 0
