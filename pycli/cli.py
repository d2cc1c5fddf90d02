"""The ``policykb`` command line: read, solve, render; errors as one line and a status."""

from __future__ import annotations

import datetime as dt
import importlib
import os
import re
import sys
from functools import wraps
from typing import Any, Callable

import click

from . import __version__, facts, load, reform, render, result, solve
from .errors import EXIT_INTERNAL, EXIT_NOT_PROVEN, InputError, PolicyError

_WORD = re.compile(r"^[a-z][a-z0-9_]*$")


def _guarded(command: Callable[..., int | None]) -> Callable[..., None]:
    """Turn every error into one line on stderr and its documented exit status."""

    @wraps(command)
    def run(*args: Any, **kwargs: Any) -> None:
        try:
            status = command(*args, **kwargs) or 0
        except PolicyError as exc:
            click.echo(f"policykb: {exc}", err=True)
            sys.exit(exc.exit_status)
        except (click.exceptions.Exit, click.ClickException, SystemExit, KeyboardInterrupt):
            raise
        except Exception as exc:  # noqa: BLE001 - the last line of defence
            if os.environ.get("POLICYKB_DEBUG"):
                raise
            click.echo(f"policykb: internal error: {type(exc).__name__}: {exc}", err=True)
            sys.exit(EXIT_INTERNAL)
        sys.exit(status)

    return run


def _parse_as_of(value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise InputError("--as-of", "", f"expected a real date YYYY-MM-DD, got {value!r}") from None


def _parse_assumptions(pairs: tuple[str, ...]) -> dict[str, str | int]:
    chosen: dict[str, str | int] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not _WORD.match(name) or not (_WORD.match(value) or value.isdigit()):
            raise InputError("--assume", pair, "expected NAME=VALUE with lower-case words, e.g. rounding=half_up")
        chosen[name] = int(value) if value.isdigit() else value
    return chosen


def evaluation_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """The options every evaluating command shares."""
    command = click.option("--reform", "reform", default=None, metavar="FILE",
                           help="Evaluate under a reform file (queries/reforms/).")(command)
    command = click.option("--assume", "assume", multiple=True, metavar="NAME=VALUE",
                           help="Switch a named reading (see docs/assumptions.md).")(command)
    command = click.option("--horizon", type=click.IntRange(1, 50), default=None,
                           help="Years of annual awards to count (default: the whole entitlement).")(command)
    command = click.option("--as-of", "as_of", metavar="YYYY-MM-DD", default=None,
                           help="Evaluation date (default: the file's as_of, else today).")(command)
    return command


def _settings(as_of: str | None, horizon: int | None, assume: tuple[str, ...],
              reform_file: str | None = None) -> facts.Settings:
    chosen = reform.load(reform_file) if reform_file else None
    return facts.Settings(as_of=_parse_as_of(as_of), horizon=horizon, assumptions=_parse_assumptions(assume),
                          reform=chosen.facts if chosen else [], reform_name=chosen.name if chosen else None)


#: Subcommand name -> (module of pycli, attribute): imported when first asked for.
_LAZY_COMMANDS: dict[str, tuple[str, str]] = {}


class _LazyGroup(click.Group):
    """A click group whose subcommands in other modules are imported only when used."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *_LAZY_COMMANDS})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in _LAZY_COMMANDS and cmd_name not in self.commands:
            module, attribute = _LAZY_COMMANDS[cmd_name]
            self.add_command(getattr(importlib.import_module(f"{__package__}.{module}"), attribute), cmd_name)
        return super().get_command(ctx, cmd_name)


@click.group(cls=_LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="policykb")
def main() -> None:
    """policykb: the Beijing district data-industry support measures as rules you can run."""


def evaluate(path: str, settings: facts.Settings, time_limit: float | None = None) -> result.Result:
    """Load, solve and model one applicant file."""
    applicant = load.load(path)
    symbols = facts.build(applicant, settings)
    solution = solve.solve(symbols, time_limit=time_limit, source=path)
    return result.of_applicant(solution, applicant, settings, path)


@main.command()
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--format", "fmt", type=click.Choice(render.FORMATS), default="text", show_default=True)
@click.option("--time-limit", type=click.FloatRange(min=0.001), default=None, metavar="SECONDS",
              help="Stop the search after this long; the best portfolio found is shown, unproven.")
@evaluation_options
@_guarded
def optimize(file: str, fmt: str, time_limit: float | None, as_of: str | None,
             horizon: int | None, assume: tuple[str, ...], reform: str | None) -> int:
    """Find the largest total FILE's applicant can claim, proven optimal, clause by clause."""
    res = evaluate(file, _settings(as_of, horizon, assume, reform), time_limit)
    if fmt == "json":
        text = render.render("result.json.j2", data=res.to_json())
    else:
        rows = [["clause", "matter", "year", "kind", "amount"]] + [
            [a.clause, a.matter, str(a.year or ""), a.kind, render.yuan(a.amount)] for a in res.awards]
        rows.append(["", "", "", "", render.yuan(res.total)])
        text = render.render("optimize.txt.j2", result=res, table_widths=render.widths(rows))
    click.echo(text, nl=False)
    return 0 if res.optimal else EXIT_NOT_PROVEN


@main.command("facts")
@click.argument("file", type=click.Path(dir_okay=False))
@evaluation_options
@_guarded
def facts_command(file: str, as_of: str | None, horizon: int | None, assume: tuple[str, ...],
                  reform: str | None) -> int:
    """Print FILE's facts, for `python -m clingo kb/main.lp facts.lp`."""
    applicant = load.load(file)
    click.echo(facts.as_text(facts.build(applicant, _settings(as_of, horizon, assume, reform))), nl=False)
    return 0


@main.command()
@_guarded
def schema() -> int:
    """Print the JSON Schema of an applicant file."""
    from .schema import applicant_schema

    click.echo(render.render("result.json.j2", data=applicant_schema()), nl=False)
    return 0


# Commands that live in their own modules register here, one line each.  They are
# imported only when they run (or when --help lists them): importing them all cost
# every `optimize` about 90 ms (docs/performance.md).
_LAZY_COMMANDS.update({
    "check": ("integrity", "check"),
    "coverage": ("integrity", "coverage"),
    "explain": ("explain_cli", "explain"),
    "batch": ("batch_cli", "batch"),
    "synth": ("synth_cli", "synth_command"),
    "whatif": ("research_cli", "whatif"),
    "compare": ("research_cli", "compare"),
    "sweep": ("research_cli", "sweep"),
    "query": ("query_cli", "query"),
    "clauses": ("query_cli", "clauses"),
})
