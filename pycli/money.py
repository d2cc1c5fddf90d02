"""Whole-yuan integers to and from the knowledge base's four-limb money terms.

``m(A,B,C,D)`` is ``A*10**12 + B*10**8 + C*10**4 + D`` (see kb/common/money.lp and
docs/money.md); every limb stays far below clingo's 2**31.
"""

from __future__ import annotations

from clingo import Function, Number, Symbol, SymbolType

LIMB = 10_000
#: The largest amount an applicant file may state (issue: money <= 10^15).
MAX_YUAN = 10**15


def to_symbol(yuan: int) -> Symbol:
    """The money term of a whole, non-negative number of yuan."""
    if isinstance(yuan, bool) or not isinstance(yuan, int):
        raise TypeError(f"money must be an int, got {type(yuan).__name__}")
    if not 0 <= yuan <= MAX_YUAN:
        raise ValueError(f"money out of range: {yuan}")
    rest, d = divmod(yuan, LIMB)
    rest, c = divmod(rest, LIMB)
    a, b = divmod(rest, LIMB)
    return Function("m", [Number(a), Number(b), Number(c), Number(d)])


def from_symbol(term: Symbol) -> int:
    """The whole yuan of a money term read back from a model."""
    if term.type != SymbolType.Function or term.name != "m" or len(term.arguments) != 4:
        raise ValueError(f"not a money term: {term}")
    a, b, c, d = (arg.number for arg in term.arguments)
    return ((a * LIMB + b) * LIMB + c) * LIMB + d
