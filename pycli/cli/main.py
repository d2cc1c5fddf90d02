"""The ``policykb`` command group and its core commands: optimize, facts, schema."""

from __future__ import annotations

import importlib
from typing import Any

import click

import pycli
from pycli.cli.options import (
    evaluation_options,
    guarded,
    input_format_option,
    lang_option,
    time_limit_option,
    usage_on_one_line,
)
from pycli.engine import deadline, evaluate, facts, result
from pycli.errors import EXIT_NOT_PROVEN, InputError
from pycli.input import load
from pycli.input.options import settings
from pycli.reports import render

#: Subcommand name -> (module of pycli.cli, attribute): imported when first asked for.
_LAZY_COMMANDS: dict[str, tuple[str, str]] = {}


class _LazyGroup(click.Group):
    """A click group whose subcommands in other modules are imported only when used."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *_LAZY_COMMANDS})

    def make_context(self, info_name: str | None, args: list[str], parent: click.Context | None = None,
                     **extra: Any) -> click.Context:
        with usage_on_one_line():  # the group's own options
            return super().make_context(info_name, args, parent, **extra)

    def invoke(self, ctx: click.Context) -> Any:
        with usage_on_one_line():  # a subcommand's options and arguments
            return super().invoke(ctx)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in _LAZY_COMMANDS and cmd_name not in self.commands:
            module, attribute = _LAZY_COMMANDS[cmd_name]
            self.add_command(getattr(importlib.import_module(f"pycli.cli.{module}"), attribute), cmd_name)
        return super().get_command(ctx, cmd_name)


def _print_version(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    """``--version`` as click's version_option says it, the version read only when asked for."""
    if value and not ctx.resilient_parsing:
        click.echo(f"policykb, version {pycli.__version__}")
        ctx.exit()


@click.group(cls=_LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--version", is_flag=True, expose_value=False, is_eager=True, callback=_print_version,
              help="Show the version and exit.")
def main() -> None:
    """policykb: the Beijing district data-industry support measures as rules you can run."""


@main.command()
@click.argument("file", type=click.Path())
@click.option("--format", "fmt", type=click.Choice(render.FORMATS), default="text", show_default=True)
@time_limit_option
@lang_option
@evaluation_options
@input_format_option
@guarded
def optimize(file: str, fmt: str, time_limit: float | None, as_of: str | None,
             horizon: int | None, assume: tuple[str, ...], reform: str | None, input_format: str | None, lang: str) -> int:
    """Find the largest total FILE's applicant can claim (- reads standard input), proven optimal, clause by clause."""
    res = evaluate.evaluate(file, settings(as_of, horizon, assume, reform), time_limit, input_format)
    deadline.finish()  # the answer is written whole, never cut by the time limit
    click.echo(render_result(res, fmt, lang), nl=False)
    return 0 if res.optimal else EXIT_NOT_PROVEN


def render_result(res: result.Result, fmt: str, lang: str = "en") -> str:
    """One optimum as `policykb optimize --format FMT --lang LANG` prints it."""
    if fmt == "json":
        return render.render("result.json.j2", data=res.to_json())
    if fmt in ("md", "html"):
        # The research tables (and what they import) only for these formats: optimize's
        # start-up is its latency (docs/performance.md).
        from pycli.reports import research_tables

        return render.render(f"optimize.{fmt}.j2", lang=lang, result=res, awards=research_tables.awards_table(res, lang))
    # In English the kind is the clause kind's word, as before; in Chinese its label.
    kinds = {a.kind: (a.kind if lang == "en" else render.say(lang, "kind_" + a.kind)) for a in res.awards}
    header = [render.say(lang, f"col_{c}") for c in ("clause", "matter", "year", "kind", "amount")]
    rows = [header] + [[a.clause, a.matter, str(a.year or ""), kinds[a.kind], render.yuan(a.amount)]
                       for a in res.awards]
    rows.append(["", "", "", "", render.yuan(res.total)])
    table_widths = render.widths(rows)
    table_widths[3] = max(table_widths[3], 13)  # the kind column was always 13 wide
    return render.render("optimize.txt.j2", lang=lang, result=res, table_widths=table_widths, kinds=kinds)


@main.command("facts")
@click.argument("file", type=click.Path())
@evaluation_options
@input_format_option
@guarded
def facts_command(file: str, as_of: str | None, horizon: int | None, assume: tuple[str, ...],
                  reform: str | None, input_format: str | None) -> int:
    """Print FILE's facts, for `python -m clingo kb/main.lp facts.lp`."""
    applicant = load.load(file, input_format)
    click.echo(facts.as_text(facts.build(applicant, settings(as_of, horizon, assume, reform))), nl=False)
    return 0


@main.command()
@guarded
def schema() -> int:
    """Print the JSON Schema of an applicant file."""
    from pycli.input.schema import applicant_schema

    click.echo(render.render("result.json.j2", data=applicant_schema()), nl=False)
    return 0


@main.command()
@click.argument("name", required=False)
@guarded
def examples(name: str | None) -> int:
    """List the shipped example applicant files, or print example NAME (to start a file of your own)."""
    from pycli.input.load import shipped_examples

    found = shipped_examples()
    if name is None:
        click.echo("".join(f"{stem}\n" for stem in found), nl=False)
        return 0
    if name not in found:
        raise InputError("examples", name, f"no such example (shipped: {', '.join(found)})")
    click.echo(found[name].read_text(encoding="utf-8"), nl=False)
    return 0


# Commands that live in their own modules register here, one line each.  They are
# imported only when they run (or when --help lists them): importing them all cost
# every `optimize` about 90 ms (docs/performance.md).
_LAZY_COMMANDS.update({
    "check": ("kbtools", "check"),
    "coverage": ("kbtools", "coverage"),
    "assumptions": ("kbtools", "assumptions"),
    "explain": ("explain", "explain"),
    "batch": ("batch", "batch"),
    "sweep-population": ("batch", "sweep_population"),
    "synth": ("synth", "synth_command"),
    "whatif": ("research", "whatif"),
    "compare": ("research", "compare"),
    "sweep": ("research", "sweep"),
    "query": ("query", "query"),
    "clauses": ("query", "clauses"),
    "plan": ("plan", "plan"),
    "serve": ("serve", "serve"),
})
