"""The knowledge base rewritten so that one ground program holds many applicants.

Grounding the knowledge base costs about 15 ms whatever the applicant, most of it a
fixed cost per rule; solving a small applicant costs about 2 ms.  A batch, a sweep or
a comparison therefore grounds many applicants at once: every predicate that depends
on the input facts (the applicant, its evaluation settings and its reform) gets the
applicant's number as a new first argument, so that the law's own facts are grounded
once for all of them.  Choice rules, constraints and the objective also take an
external ``on(K)``: solving with ``on(K)`` true and every other ``on`` false is
applicant K's one-shot program, with the same atoms, the same objective and the same
tie-break (``pycli.engine.shared.solve_many``; tests/test_indexed.py compares the two).
Any other rule takes ``app(K)`` only where no positive body atom binds the index.

The rewrite works on clingo's AST of the files an auditor runs (kb/main.lp); no rule
is written twice.  The predicates that depend on the input are found by closing the
predicates that the knowledge base reads but never defines under "occurs in a rule
that defines".

Walking the AST in Python takes about 0.3 s, more than a compare saves, so the result
is cached as clingo text under ~/.cache/policykb (``POLICYKB_CACHE``), keyed by the
knowledge base's files, clingo's version and this module; a cache that cannot be
written is not used.

clasp 5.8.3's core-guided optimisation (``usc``) never returns when a priority level
holds a negative weight whose literals are all false before the search starts, which
is what ``on(K)`` false does to the other applicants (docs/performance.md has the
four-line program).  One free atom ``pad`` with weight 1 at each priority level keeps
every level open; it is false in every optimum, so it changes no cost and no tie.
"""

from __future__ import annotations

import functools
import hashlib
import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import clingo
from clingo import Function, Number, Symbol, ast
from clingo.ast import ASTType

from pycli import atomic, paths, syntax
from pycli.errors import InputError, KnowledgeBaseError

Signature = syntax.Signature

_HERE = ast.Location(ast.Position("<indexed>", 1, 1), ast.Position("<indexed>", 1, 1))
#: The predicates the rewrite adds (the applicants present, the one solved) and its index variable.
APP, ON, PAD, INDEX = "app", "on", "pad", "K__"
_K = ast.Variable(_HERE, INDEX)


@dataclass(frozen=True)
class Indexed:
    """The rewritten program and the signatures (before rewriting) that carry an index."""

    #: The rewritten program as clingo text (what the cache keeps).
    program: str
    indexed: frozenset[Signature]
    known: frozenset[Signature]
    #: The program's statements once parsed, and how many Controls it was loaded into.
    _parsed: list[tuple[ast.AST, ...]] = field(default_factory=list, compare=False, repr=False)
    _loads: list[int] = field(default_factory=lambda: [0], compare=False, repr=False)

    @property
    def statements(self) -> tuple[ast.AST, ...]:
        """The rewritten statements (parsed from the text when first asked for)."""
        if not self._parsed:
            self._parsed.append(tuple(_parse(self.program)))
        return self._parsed[0]

    def load(self, ctl: clingo.Control) -> None:
        """Add the rewrite to ``ctl``: as text to a process's first Control (clingo reads it
        in about 12 ms, Python's AST takes 18), parsed (about 5 ms) to any later one."""
        self._loads[0] += 1
        if not self._parsed and self._loads[0] == 1:
            ctl.add("base", [], self.program)
            return
        with ast.ProgramBuilder(ctl) as builder:
            for statement in self.statements:
                builder.add(statement)

    def fact(self, k: int, symbol: Symbol) -> Symbol:
        """An input fact of applicant ``k``."""
        name, arguments = _parts(symbol)
        if (name, len(arguments)) not in self.indexed and (name, len(arguments)) in self.known:
            raise KnowledgeBaseError(f"input fact {symbol} is also derived by the knowledge base")
        return Function(name, [Number(k), *arguments])

    def owner(self, symbol: Symbol) -> tuple[int | None, Symbol]:
        """The applicant an atom belongs to (None for the law's own) and its one-shot name."""
        return _owned(self.indexed, symbol)


# Reading a symbol through clingo's C API costs microseconds, hashing it a tenth of one,
# and sweeps, populations and the optima of a run repeat most of their facts and atoms.
@functools.lru_cache(maxsize=1 << 16)
def _parts(symbol: Symbol) -> tuple[str, tuple[Symbol, ...]]:
    return symbol.name, tuple(symbol.arguments)


@functools.lru_cache(maxsize=1 << 14)
def _owned(indexed: frozenset[Signature], symbol: Symbol) -> tuple[int | None, Symbol]:
    name, arguments = symbol.name, symbol.arguments  # not through _parts: it keeps the facts
    if arguments and (name, len(arguments) - 1) in indexed:
        return arguments[0].number, Function(name, arguments[1:], symbol.positive)
    return None, symbol


def _heads(head: ast.AST) -> set[Signature]:
    out: set[Signature] = set()
    if head.ast_type == ASTType.Literal:
        out |= syntax.signatures(head)
    elif head.ast_type in (ASTType.Aggregate, ASTType.Disjunction):
        for element in head.elements:
            out |= syntax.signatures(element.literal)
    elif head.ast_type == ASTType.HeadAggregate:
        for element in head.elements:
            out |= syntax.signatures(element.condition.literal)
    else:
        raise KnowledgeBaseError(f"cannot index a rule head of type {head.ast_type} at {head.location.begin}")
    return out


def _survey(program: Iterable[ast.AST]) -> list[tuple[ast.AST, set[Signature]]]:
    """Each statement with the signatures of the atoms in it (read once: the AST is slow to walk)."""
    surveyed = []
    for statement in program:
        surveyed.append((statement, syntax.signatures(statement)))
    return surveyed


def _dependent(surveyed: list[tuple[ast.AST, set[Signature]]]) -> tuple[frozenset[Signature], frozenset[Signature]]:
    reads: dict[Signature, set[Signature]] = {}
    mentioned: set[Signature] = set()
    for statement, found in surveyed:
        mentioned |= found
        if statement.ast_type == ASTType.Rule:
            for head in _heads(statement.head):
                reads.setdefault(head, set()).update(found)
    depends = mentioned - set(reads)  # read but never defined: the input facts
    grown = True
    while grown:
        grown = False
        for head, body in reads.items():
            if head not in depends and body & depends:
                depends.add(head)
                grown = True
    return frozenset(depends), frozenset(mentioned)


class _AddIndex(ast.Transformer):
    def __init__(self, indexed: frozenset[Signature]) -> None:
        self.indexed = indexed

    def visit_SymbolicAtom(self, node: ast.AST) -> ast.AST:  # noqa: N802 - clingo's visitor name
        term = node.symbol
        if term.ast_type == ASTType.Function and (term.name, len(term.arguments)) in self.indexed:
            return node.update(symbol=term.update(arguments=[_K, *term.arguments]))
        return node


def _literal(name: str, arguments: list[ast.AST]) -> ast.AST:
    return ast.Literal(_HERE, ast.Sign.NoSign, ast.SymbolicAtom(ast.Function(_HERE, name, arguments, False)))


def _binds_index(body: Sequence[ast.AST], indexed: frozenset[Signature]) -> bool:
    """Whether a positive body atom of an indexed predicate binds the index already (it
    exists only for an applicant present: ``app(K)`` would only cost the grounder time)."""
    return any(literal.ast_type == ASTType.Literal and literal.sign == ast.Sign.NoSign
               and literal.atom.ast_type == ASTType.SymbolicAtom and literal.atom.symbol.ast_type == ASTType.Function
               and (literal.atom.symbol.name, len(literal.atom.symbol.arguments)) in indexed for literal in body)


def _decides(head: ast.AST) -> bool:
    """A choice, a disjunction or a constraint: the rules that make the search."""
    return head.ast_type != ASTType.Literal or head.atom.ast_type == ASTType.BooleanConstant


def rewrite(program: Sequence[ast.AST]) -> Indexed:
    """The knowledge base with an applicant index on every input-dependent predicate."""
    surveyed = _survey(program)
    indexed, known = _dependent(surveyed)
    taken = {(APP, 1), (ON, 1), (PAD, 0)} & known
    if taken:
        raise KnowledgeBaseError(f"the knowledge base uses {sorted(taken)[0][0]}, a name the shared rewrite needs")
    add = _AddIndex(indexed)
    out: list[ast.AST] = []
    priorities: set[str] = set()
    for statement, found in surveyed:
        kind = statement.ast_type
        if kind == ASTType.Rule and found & indexed:
            new = add.visit(statement)
            if _decides(statement.head):
                new = new.update(body=[*new.body, _literal(ON, [_K])])
            elif not _binds_index(statement.body, indexed):
                new = new.update(body=[*new.body, _literal(APP, [_K])])
            out.append(new)
        elif kind == ASTType.Minimize:
            priorities.add(str(statement.priority))
            new = add.visit(statement)
            out.append(new.update(terms=[*new.terms, _K], body=[*new.body, _literal(ON, [_K])]))
        elif kind == ASTType.ShowSignature and (statement.name, statement.arity) in indexed:
            out.append(statement.update(arity=statement.arity + 1))
        elif kind in (ASTType.Rule, ASTType.ShowSignature, ASTType.Definition, ASTType.Program,
                      ASTType.Comment) or not found:
            out.append(statement)
        else:
            raise KnowledgeBaseError(f"cannot index a {kind} statement at {statement.location.begin}")
    out += _gates(sorted(priorities))
    return Indexed("\n".join(str(statement) for statement in out), indexed, known, [tuple(out)])


def _gates(priorities: list[str]) -> list[ast.AST]:
    """``#external on(K) : app(K).``, ``{ pad }.`` and ``:~ pad. [1@P,pad]`` for each level P."""
    on = ast.SymbolicAtom(ast.Function(_HERE, ON, [_K], False))
    pad = ast.SymbolicAtom(ast.Function(_HERE, PAD, [], False))
    pad_literal = ast.Literal(_HERE, ast.Sign.NoSign, pad)
    one = ast.SymbolicTerm(_HERE, Number(1))
    statements = [
        ast.External(_HERE, on, [_literal(APP, [_K])], ast.SymbolicTerm(_HERE, Function("false"))),
        ast.Rule(_HERE, ast.Aggregate(_HERE, None, [ast.ConditionalLiteral(_HERE, pad_literal, [])], None), []),
    ]
    for priority in priorities:
        level = ast.SymbolicTerm(_HERE, Number(int(priority))) if priority.lstrip("-").isdigit() else None
        if level is None:
            raise KnowledgeBaseError(f"an objective priority must be a number, got {priority}")
        statements.append(ast.Minimize(_HERE, one, level, [ast.SymbolicTerm(_HERE, Function(PAD))], [pad_literal]))
    return statements


#: The cache's layout; the key also digests this module's own source, so that a
#: changed rewrite never reads a cache the old one wrote.
CACHE_FORMAT = "2"


def _key(entry: Path) -> str:
    """A digest of the knowledge base (paths.kb_digest), clingo's version and this module."""
    digest = hashlib.sha256(f"{CACHE_FORMAT}|{clingo.__version__}|{paths.kb_digest(entry)}".encode())
    digest.update(Path(__file__).read_bytes())
    return digest.hexdigest()[:32]


def _parse(text: str) -> list[ast.AST]:
    statements: list[ast.AST] = []
    ast.parse_string(text, statements.append, logger=lambda _c, _m: None)
    return statements


def _digest(key: str, record: dict[str, object]) -> str:
    """The digest stored with a cache record: of its key and its whole content."""
    content = json.dumps({name: record[name] for name in ("program", "indexed", "known")}, sort_keys=True)
    return hashlib.sha256(f"{key}\n{content}".encode()).hexdigest()


def _signatures(value: object) -> frozenset[Signature]:
    if not isinstance(value, list) or not all(
            isinstance(s, list) and len(s) == 2 and isinstance(s[0], str) and type(s[1]) is int for s in value):
        raise ValueError("not a list of signatures")
    return frozenset((name, arity) for name, arity in value)


def _read(path: Path, key: str) -> Indexed | None:
    """The cached rewrite, or None unless the file is whole and is what this version wrote:
    its digest checked, so that an edited or truncated cache is rebuilt, never trusted."""
    try:
        stored = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(stored, dict) or not isinstance(stored.get("program"), str) \
                or stored.get("digest") != _digest(key, stored):
            return None
        return Indexed(stored["program"], _signatures(stored["indexed"]), _signatures(stored["known"]))
    except (OSError, ValueError, KeyError, TypeError, RuntimeError):
        return None


def cached(entry: Path, parse: Callable[[], Sequence[ast.AST]]) -> Indexed:
    """The rewrite of the knowledge base at ``entry``, from the cache when it holds this version."""
    folder = paths.cache_dir()
    if folder is None:
        return rewrite(parse())
    key = _key(entry)
    path = folder / f"indexed-{key}.json"
    found = _read(path, key)
    if found is not None:
        return found
    made = rewrite(parse())
    text = made.program
    # Keep only a cache that reads back as the same statements.
    if [str(s) for s in _parse(text)][-len(made.statements):] != [str(s) for s in made.statements]:
        return made
    record: dict[str, object] = {"program": text, "indexed": sorted(made.indexed), "known": sorted(made.known)}
    record["digest"] = _digest(key, record)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic.write_text(str(path), json.dumps(record))
    except (OSError, InputError):
        pass  # a cache that cannot be written is not used
    return made
