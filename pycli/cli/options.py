"""What every subcommand shares: errors as one line and a status, the evaluation and input options."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from functools import wraps
from typing import Any

import click

from pycli.engine import deadline
from pycli.errors import EXIT_INTERNAL, PolicyError
from pycli.input.load import FORMATS


def guarded(command: Callable[..., int | None]) -> Callable[..., None]:
    """Turn every error into one line on stderr and its documented exit status.

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
