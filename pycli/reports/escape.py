"""User text made harmless for each output format.

A matter id, a file name or an applicant's name is data: in a text table it must not
start a line or move a column, in Markdown it must not become markup or HTML.  The
template environments (render.environment) pass every printed value through the
finalizer of their format, so no template can forget to escape; a macro's output,
finalized inside the macro, is marked ``| safe`` by its caller.  HTML is escaped by
Jinja's autoescape.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

import markupsafe

#: Named forms of the characters that would let a text shape a layout.
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def visible(text: str) -> str:
    """``text`` with every character that could shape a layout shown escaped: control
    and format characters (bidirectional overrides among them), line and paragraph
    separators: a line break in a matter id prints as ``\\n``, never as a new line."""
    if text.isprintable():
        return text
    out = []
    for c in text:
        if unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp", "Cs", "Co", "Cn"):
            out.append(_NAMED.get(c) or (f"\\x{ord(c):02x}" if ord(c) < 0x100 else f"\\u{ord(c):04x}"
                                          if ord(c) < 0x10000 else f"\\U{ord(c):08x}"))
        else:
            out.append(c)
    return "".join(out)


#: What Markdown (and the HTML it may carry) would read as markup, and its escaped form.
_MARKDOWN = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", "\\": "\\\\", "`": "\\`", "*": "\\*",
                           "[": "\\[", "]": "\\]", "|": "\\|", "#": "\\#", "~": "\\~"})


#: An underscore that could open or close emphasis: one not between two letters or digits
#: (inside a word, as in ``tongzhou_de``, CommonMark never reads it as emphasis).
_EDGE_UNDERSCORE = re.compile(r"(?<![0-9A-Za-z])_|_(?![0-9A-Za-z])")


def markdown(text: str) -> str:
    """``text`` as Markdown that shows it literally: markup characters escaped (an
    underscore where it could be emphasis), HTML characters as entities, layout
    characters visible."""
    return _EDGE_UNDERSCORE.sub(r"\\_", visible(text).translate(_MARKDOWN))


def code(text: Any) -> markupsafe.Markup:
    """``text`` as a Markdown code span that shows it literally: fenced by more backticks
    than it holds in a row, layout characters visible, and a table's ``|`` escaped (GFM
    splits cells even inside code)."""
    shown = visible(str(text)).replace("|", "\\|")
    run = max((len(r) for r in re.findall("`+", shown)), default=0)
    fence = "`" * (run + 1)
    pad = " " if shown.startswith("`") or shown.endswith("`") else ""
    return markupsafe.Markup(f"{fence}{pad}{shown}{pad}{fence}")


def finalize_text(value: Any) -> Any:
    """Every value a text template prints: layout characters shown escaped.  A macro's
    output (marked ``| safe``) was finalized inside the macro already."""
    return value if isinstance(value, markupsafe.Markup) else visible(str(value))


def finalize_markdown(value: Any) -> Any:
    """Every value a Markdown template prints, escaped as Markdown (macros: ``| safe``)."""
    return value if isinstance(value, markupsafe.Markup) else markdown(str(value))
