"""What every subcommand shares: errors as one line and a status, the language, and the
evaluation and input options."""

from __future__ import annotations

import contextlib
import os
import re
import sys
from collections.abc import Callable, Iterator, Mapping
from functools import wraps
from typing import Any

import click

from pycli.engine import deadline
from pycli.errors import EXIT_BAD_INPUT, EXIT_INTERNAL, InputError, PolicyError, one_line
from pycli.input import reform
from pycli.input.load import FORMATS
from pycli.reports.render import LANGUAGES, field_shown, say


def default_language(environ: Mapping[str, str] | None = None) -> str:
    """POLICYKB_LANG if it names a language, else the locale: LC_ALL, then LANG (zh_* is zh)."""
    env = os.environ if environ is None else environ
    chosen = env.get("POLICYKB_LANG", "").strip().lower()
    if chosen in LANGUAGES:
        return chosen
    locale = env.get("LC_ALL") or env.get("LANG") or ""
    return "zh" if locale.lower().startswith("zh") else "en"


def _resolve_language(_ctx: click.Context, _param: click.Parameter, value: str | None) -> str:
    return value or default_language()


def lang_option(command: Callable[..., Any]) -> Callable[..., Any]:
    """``--lang zh|en`` for a command that prints for people (default: POLICYKB_LANG, else the locale)."""
    return click.option("--lang", type=click.Choice(LANGUAGES), default=None, callback=_resolve_language,
                        help="Language of the output: zh or en (default: POLICYKB_LANG, else LC_ALL/LANG).")(command)


#: The place of a syntax error: ``line N`` of the file.
_LINE = re.compile(r"line (\d+)")


def error_line(exc: PolicyError, lang: str) -> str:
    """The one line an error prints, in ``lang`` when the catalogue has its sentence."""
    if lang == "en" or not isinstance(exc, InputError) or not exc.code:
        return f"policykb: {exc}"
    problem = say(lang, "error_" + exc.code, exc.params)
    line = _LINE.fullmatch(exc.field or "")
    field = say(lang, "error_at_line", {"n": line.group(1)}) if line else field_shown(lang, exc.field) if exc.field else ""
    return "policykb: " + one_line(exc.source, field, problem)


class OneLineUsage(click.ClickException):
    """A command-line usage error said on one line, as every other bad input is (exit 2)."""

    exit_code = EXIT_BAD_INPUT

    def __init__(self, usage: click.UsageError) -> None:
        if isinstance(usage, click.BadParameter) and usage.param is not None:
            param = usage.param
            where = "/".join(param.opts) if isinstance(param, click.Option) else param.human_readable_name
            problem = "missing" if isinstance(usage, click.MissingParameter) else usage.message
        else:  # no such option or command, an extra argument, a usage error a command raises
            command = usage.ctx.info_name if usage.ctx and usage.ctx.parent else ""  # a subcommand's name
            where, problem = command or "usage", usage.format_message()
        hint = f" (see {usage.ctx.command_path} --help)" if usage.ctx else ""
        super().__init__(one_line(where, "", problem.rstrip(".") + hint))

    def show(self, file: Any = None) -> None:
        click.echo(f"policykb: {self.message}", err=True)


@contextlib.contextmanager
def usage_on_one_line() -> Iterator[None]:
    """Raise a usage error met inside as OneLineUsage; bare `policykb` keeps click's help."""
    try:
        yield
    except click.exceptions.NoArgsIsHelpError:
        raise
    except click.UsageError as exc:
        raise OneLineUsage(exc) from None


def guarded(command: Callable[..., int | None]) -> Callable[..., None]:
    """Turn every error into one line on stderr (in the command's --lang) and its exit status.

    A command with a ``time_limit`` parameter (time_limit_option) runs bounded by it, as a
    whole (pycli.engine.deadline); it calls deadline.finish() before writing its answer.
    """

    @wraps(command)
    def run(*args: Any, **kwargs: Any) -> None:
        try:
            if "time_limit" in kwargs:
                kwargs["time_limit"] = deadline.parse_seconds(kwargs["time_limit"])
                what = str(kwargs.get("file") or kwargs.get("name") or "policykb")
                with deadline.bounded(kwargs["time_limit"], what):
                    status = command(*args, **kwargs) or 0
            else:
                status = command(*args, **kwargs) or 0
        except PolicyError as exc:
            if isinstance(exc, InputError):
                exc = reform.placed(exc, kwargs.get("reform"), kwargs.get("baseline_reform"))
            click.echo(error_line(exc, kwargs.get("lang") or default_language()), err=True)
            sys.exit(exc.exit_status)
        except (click.exceptions.Exit, click.ClickException, SystemExit, KeyboardInterrupt):
            raise
        except OSError as exc:  # the machine's, not the input's: a full disk, a closed pipe
            click.echo("policykb: " + one_line(str(exc.filename or "standard output"), "", exc.strerror or str(exc)),
                       err=True)
            sys.exit(EXIT_INTERNAL)
        except Exception as exc:  # noqa: BLE001 - the last line of defence
            if os.environ.get("POLICYKB_DEBUG"):
                raise
            click.echo(f"policykb: internal error: {type(exc).__name__}: {exc}", err=True)
            sys.exit(EXIT_INTERNAL)
        sys.exit(status)

    return run


def time_limit_option(command: Callable[..., Any]) -> Callable[..., Any]:
    """``--time-limit SECONDS``: the whole command's bound (checked in guarded, so a bad value is exit 2)."""
    return click.option(
        "--time-limit", "time_limit", default=None, metavar="SECONDS",
        help=f"Bound the whole command (reading, grounding, solving) to this long, plus "
             f"{deadline.MARGIN:g} s; an unproven best portfolio is shown with exit 3.")(command)


def evaluation_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """The options every evaluating command shares."""
    command = click.option("--reform", "reform", default=None, metavar="FILE|NAME",
                           help="Evaluate under a reform file, or a shipped reform by name.")(command)
    command = click.option("--assume", "assume", multiple=True, metavar="NAME=VALUE",
                           help="Switch a named reading (see docs/assumptions.md).")(command)
    command = click.option("--horizon", type=click.IntRange(1, 50), default=None,
                           help="Years of annual awards to count (default: the whole entitlement).")(command)
    command = click.option("--as-of", "as_of", metavar="YYYY-MM-DD", default=None,
                           help="Evaluation date (default: the file's as_of, else today).")(command)
    return command


def input_format_option(command: Callable[..., Any]) -> Callable[..., Any]:
    """``--input-format``, for every command that reads an applicant FILE (``-``: standard input)."""
    return click.option("--input-format", "input_format", type=click.Choice(FORMATS), default=None,
                        help="Read FILE as yaml or json (default: a file by its name, - (standard input) "
                             "by its first character).")(command)
