"""Walking clingo's syntax trees (clingo.ast): the one walker the readers of rules share.

Condition tracing (pycli.explanation.instrument), the many-applicant rewrite
(pycli.engine.indexed) and the integrity checks (pycli.kbtools) all look inside the
knowledge base's rules; they walk them here, so that which children a node has is
decided in one place.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from clingo import SymbolType, ast
from clingo.ast import ASTType

from pycli.errors import KnowledgeBaseError

#: A predicate as name and arity.
Signature = tuple[str, int]


def children(node: ast.AST) -> Iterator[ast.AST]:
    """The nodes directly under ``node``, in the order clingo lists them."""
    for key in node.child_keys:
        child = getattr(node, key)
        if isinstance(child, ast.AST):
            yield child
        elif child is not None and not isinstance(child, (str, int)):
            for item in child:
                if isinstance(item, ast.AST):
                    yield item


def walk(node: ast.AST, descend: Callable[[ast.AST], bool] | None = None) -> Iterator[ast.AST]:
    """Every node under ``node``, itself included, parents before children; below a node
    for which ``descend`` is false nothing is visited."""
    stack = [node]
    while stack:
        current = stack.pop()
        yield current
        if descend is None or descend(current):
            stack.extend(reversed(list(children(current))))


def variables(node: ast.AST) -> set[str]:
    """The names of the variables under ``node``."""
    return {sub.name for sub in walk(node) if sub.ast_type == ASTType.Variable}


def signature(atom: ast.AST) -> Signature:
    """The predicate of a symbolic atom (``p(X,Y)`` and ``p`` alike)."""
    term = atom.symbol
    if term.ast_type == ASTType.Function:
        return term.name, len(term.arguments)
    if term.ast_type == ASTType.SymbolicTerm:
        return term.symbol.name, len(term.symbol.arguments)
    raise KnowledgeBaseError(f"cannot read the predicate of the atom {atom} at {atom.location.begin}")


def signatures(node: ast.AST) -> set[Signature]:
    """The predicates of the symbolic atoms under ``node``."""
    return {signature(sub) for sub in walk(node, lambda n: n.ast_type != ASTType.SymbolicAtom)
            if sub.ast_type == ASTType.SymbolicAtom}


def constant(node: ast.AST) -> str | None:
    """The text of a string or constant term (``"x"`` or ``x``), else None."""
    if node.ast_type == ASTType.SymbolicTerm:
        symbol = node.symbol
        if symbol.type == SymbolType.String:
            return symbol.string
        if symbol.type == SymbolType.Function and not symbol.arguments:
            return symbol.name
    if node.ast_type == ASTType.Function and not node.arguments:
        return node.name
    return None


def atoms(node: ast.AST, name: str, arity: int) -> Iterator[list[ast.AST]]:
    """The argument lists of every name/arity atom or term under ``node``."""
    for sub in walk(node):
        if sub.ast_type == ASTType.Function and sub.name == name and len(sub.arguments) == arity:
            yield list(sub.arguments)
