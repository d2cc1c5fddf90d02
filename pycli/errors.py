"""The exceptions the command line turns into one-line messages and exit statuses."""

from __future__ import annotations

from typing import Any

#: Exit statuses, documented in docs/cli.md.
EXIT_OK = 0
EXIT_BAD_INPUT = 2
EXIT_NOT_PROVEN = 3
EXIT_INTERNAL = 4
EXIT_TOO_LARGE = 5
EXIT_KB_PROBLEMS = 6


class PolicyError(Exception):
    """An error the user can act on; ``exit_status`` says which kind."""

    exit_status = EXIT_INTERNAL


#: What str.splitlines() breaks at, the other control characters (a terminal's escape
#: sequences) and the bidirectional controls that reorder what a terminal shows: escaped
#: in a message (a key or a file name may hold any), so that every error is one plain line.
_LINE_BREAKS = {code: ascii(chr(code))[1:-1] for code in
                [*range(0x20), *range(0x7F, 0xA0), 0x2028, 0x2029, *range(0x202A, 0x202F), *range(0x2066, 0x206A)]}


class InputError(PolicyError):
    """Bad input: the message names the file (or option) and the field."""

    exit_status = EXIT_BAD_INPUT

    def __init__(self, source: str, field: str, problem: str, code: str | None = None,
                 params: dict[str, Any] | None = None) -> None:
        # ``code`` names the problem's sentence in the message catalogue
        # (templates/messages.yaml, key ``error_<code>``) so that it can be said in
        # another language; ``problem`` is the English sentence, always given.
        self.source, self.field, self.problem = source, field, problem
        self.code, self.params = code, dict(params or {})
        super().__init__(one_line(source, field, problem))


def one_line(source: str, field: str, problem: str) -> str:
    """``source: field: problem`` on one line, whatever the parts hold."""
    where = f"{source}: {field}" if field else source
    return f"{where}: {problem}".translate(_LINE_BREAKS)


class NotProvenError(PolicyError):
    """The time limit ran out before any portfolio was found."""

    exit_status = EXIT_NOT_PROVEN


class TooLargeError(PolicyError):
    """The instance cannot be compared exactly in clingo's 32-bit aggregates."""

    exit_status = EXIT_TOO_LARGE


class KnowledgeBaseError(PolicyError):
    """The knowledge base itself is inconsistent (a bug in kb/, not in the input)."""

    exit_status = EXIT_INTERNAL
