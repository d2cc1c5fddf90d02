"""Condition tracing: derive, from each ``qualifies/3`` rule of the documents, rules that
report which of its conditions each matter meets.

The rules are built from the knowledge base's own syntax trees (clingo.ast), never
from text, so the trace follows the law as written: for rule R of clause C and body
literal I, ``cond_ok(C,R,I,M)`` holds when matter M meets it, ``met(C,R,I,M,Fact)``
names the applicant fact that met it, ``seen(C,R,I,M,Fact)`` the facts that decide it
either way (so a failed condition names its fact), and ``cond_value(C,R,I,M,(L,R))``
gives the two sides of a comparison.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache

from clingo import Control, Number, String, ast

from pycli import syntax
from pycli.kbtools.kbread import shown
from pycli.paths import kb_dir

#: Predicates an applicant file gives: a literal over one of them names a fact.
INPUT_PREDICATES = {"matter", "attr", "flag", "money", "number", "date", "year_of", "applicant", "sector"}


@dataclass
class Condition:
    """One body literal of a qualifies rule, described for a reader."""

    index: int
    text: str
    code: str
    params: dict[str, str] = field(default_factory=dict)


@dataclass
class QualifyingRule:
    """A qualifies/3 rule: where it is, the kind of matter it reads, and its conditions."""

    rule_id: str
    clause: str
    kind: str
    conditions: list[Condition]


def _atom(lit: ast.AST) -> ast.AST | None:
    """The symbolic atom of a positive literal, if it is one."""
    if lit.ast_type == ast.ASTType.Literal and lit.sign == ast.Sign.NoSign \
            and lit.atom.ast_type == ast.ASTType.SymbolicAtom:
        return lit.atom
    return None


def _name_args(atom: ast.AST) -> tuple[str, list[ast.AST]]:
    term = atom.symbol
    if term.ast_type == ast.ASTType.Function:
        return term.name, list(term.arguments)
    return str(term), []


def _labels(body: list[ast.AST]) -> dict[str, str]:
    """Variable names to what they stand for: the field or parameter they come from."""
    labels: dict[str, str] = {}
    for lit in body:
        atom = _atom(lit)
        if atom is None:
            continue
        name, args = _name_args(atom)
        if name in ("attr", "money", "number") and len(args) == 3 and args[2].ast_type == ast.ASTType.Variable:
            labels[args[2].name] = str(args[1])
        if name == "param" and len(args) == 3 and args[2].ast_type == ast.ASTType.Variable:
            labels[args[2].name] = f"{args[1]} (parameter)"
        if name == "date" and len(args) == 2 and args[1].ast_type == ast.ASTType.Variable:
            labels[args[1].name] = "date"
    return labels


def _describe(lit: ast.AST, labels: dict[str, str]) -> tuple[str, dict[str, str]]:
    """A code and parameters a template turns into a sentence."""
    atom = _atom(lit)
    if atom is not None:
        name, args = _name_args(atom)
        texts = [str(a) for a in args]
        constant = [a.ast_type != ast.ASTType.Variable for a in args]
        if name == "matter":
            return "kind", {"kind": texts[1]}
        if name == "attr":
            if constant[2]:
                return "attr_is", {"field": texts[1], "value": texts[2]}
            return "attr_given", {"field": texts[1]}
        if name == "flag":
            return "flag", {"flag": texts[1]}
        if name in ("money", "number"):
            return "value_given", {"field": texts[1]}
        if name == "param":
            return "parameter", {"name": texts[1]}
        if name == "assume":
            return "reading", {"name": texts[0], "value": texts[1]}
        if name in ("date", "year_of"):
            return "value_given", {"field": "date" if name == "date" else "year"}
    if lit.ast_type == ast.ASTType.Literal and lit.atom.ast_type == ast.ASTType.Comparison:
        comparison = lit.atom
        left = str(comparison.term)
        guards = list(comparison.guards)
        if len(guards) == 1:
            op = {ast.ComparisonOperator.Equal: "=", ast.ComparisonOperator.NotEqual: "!=",
                  ast.ComparisonOperator.LessThan: "<", ast.ComparisonOperator.LessEqual: "<=",
                  ast.ComparisonOperator.GreaterThan: ">",
                  ast.ComparisonOperator.GreaterEqual: ">="}[guards[0].comparison]
            right = str(guards[0].term)
            if guards[0].term.ast_type == ast.ASTType.Pool:
                return "one_of", {"left": labels.get(left, left),
                                  "values": ", ".join(str(a) for a in guards[0].term.arguments)}
            return "compare", {"left": labels.get(left, left), "op": op, "right": labels.get(right, right)}
    return "other", {"text": str(lit)}


def _closure(body: list[ast.AST], index: int, anchor: int) -> list[ast.AST]:
    """The positive literals that bind the variables literal ``index`` needs.

    The anchor ``matter(M, Kind)`` binds the matter variable, so a literal is needed only
    for another variable it shares: otherwise every condition would need every other
    condition over M, and a matter missing one fact would fail them all.
    """
    bound = syntax.variables(body[anchor])
    needed = syntax.variables(body[index]) - bound
    chosen: list[int] = []
    changed = True
    while changed:
        changed = False
        for j, lit in enumerate(body):
            if j in (index, anchor) or j in chosen or _atom(lit) is None:
                continue
            if syntax.variables(lit) & needed:
                chosen.append(j)
                needed |= syntax.variables(lit) - bound
                changed = True
    return [body[j] for j in sorted(chosen)]


def _function(loc: ast.Location, name: str, args: list[ast.AST]) -> ast.AST:
    return ast.Function(loc, name, args, False)


def _rule(loc: ast.Location, head_name: str, head_args: list[ast.AST], body: list[ast.AST]) -> ast.AST:
    head = ast.Literal(loc, ast.Sign.NoSign, ast.SymbolicAtom(_function(loc, head_name, head_args)))
    return ast.Rule(loc, head, body)


def _instrument(rule: ast.AST, rule_id: str, out: list[ast.AST],
                clause_term: ast.AST | None = None) -> QualifyingRule | None:
    """Tracing rules for one rule: a qualifies/3 rule, or (with ``clause_term``) a rule of
    a condition predicate p(M) that a clause's qualifies rule reads."""
    head = rule.head.atom.symbol
    if clause_term is None:
        clause_term, matter_term = head.arguments[0], head.arguments[1]
    else:
        matter_term = head.arguments[0]
    body = list(rule.body)
    anchor = next((j for j, lit in enumerate(body) if (a := _atom(lit)) is not None
                   and _name_args(a)[0] == "matter"), None)
    if anchor is None or matter_term.ast_type != ast.ASTType.Variable:
        return None
    loc = rule.location
    kind = str(_name_args(_atom(body[anchor]))[1][1])
    rid = ast.SymbolicTerm(loc, String(rule_id))
    labels = _labels(body)
    conditions = []
    for index, lit in enumerate(body):
        code, params = _describe(lit, labels)
        conditions.append(Condition(index=index, text=str(lit), code=code, params=params))
        number = ast.SymbolicTerm(loc, Number(index))
        support = [body[anchor]] + _closure(body, index, anchor) + ([lit] if index != anchor else [])
        out.append(_rule(loc, "cond_ok", [clause_term, rid, number, matter_term], support))
        atom = _atom(lit)
        if atom is not None and _name_args(atom)[0] in INPUT_PREDICATES:
            out.append(_rule(loc, "met", [clause_term, rid, number, matter_term, atom.symbol], support))
        out.extend(_seen_rules(loc, lit, index, anchor, body, [clause_term, rid, number, matter_term]))
        if code == "compare":
            comparison = lit.atom
            pair = ast.Function(loc, "", [comparison.term, comparison.guards[0].term], False)
            binding = [body[anchor]] + _closure(body, index, anchor)
            bound: set[str] = set()
            for b in binding:
                bound |= syntax.variables(b)
            if syntax.variables(lit) <= bound:
                out.append(_rule(loc, "cond_value", [clause_term, rid, number, matter_term, pair], binding))
    return QualifyingRule(rule_id=rule_id, clause=str(clause_term).strip('"'), kind=kind, conditions=conditions)


#: Where an input predicate holds the value a condition asks for (a flag's word, a field's value).
VALUE_POSITION = {"attr": 2, "money": 2, "number": 2, "flag": 1, "date": 1, "year_of": 1}


def _seen_rules(loc: ast.Location, lit: ast.AST, index: int, anchor: int, body: list[ast.AST],
                key: list[ast.AST]) -> list[ast.AST]:
    """``seen(C,R,I,M,Fact)``: the applicant's facts that decide condition I either way.

    For ``attr(M,type,x)`` the matter's type whatever it is; for a comparison the facts
    that bind its sides.  A failed condition then names the fact that failed it.
    """
    if index == anchor:
        return []
    closure = _closure(body, index, anchor)
    atom = _atom(lit)
    if atom is not None:
        name, args = _name_args(atom)
        position = VALUE_POSITION.get(name)
        if position is None or len(args) <= position or args[position].ast_type == ast.ASTType.Variable:
            return []
        wide = list(args)
        wide[position] = ast.Variable(loc, "Seen__")
        general = ast.Function(loc, name, wide, False)
        body_of = [body[anchor]] + closure + [ast.Literal(loc, ast.Sign.NoSign, ast.SymbolicAtom(general))]
        return [_rule(loc, "seen", [*key, general], body_of)]
    facts = [b for b in closure if _name_args(_atom(b))[0] in INPUT_PREDICATES]
    return [_rule(loc, "seen", [*key, _atom(b).symbol], [body[anchor]] + closure) for b in facts]


@dataclass
class Instrumentation:
    """The tracing rules, and what each rule's conditions say."""

    rules: list[ast.AST]
    qualifying: dict[str, QualifyingRule]


@cache
def instrumentation() -> Instrumentation:
    """Tracing rules for every qualifies/3 rule of kb/documents/*/*.lp."""
    generated: list[ast.AST] = []
    qualifying: dict[str, QualifyingRule] = {}
    for path in sorted((kb_dir() / "documents").glob("*/*.lp")):
        statements: list[ast.AST] = []
        ast.parse_files([str(path)], statements.append)
        rules = [stm for stm in statements if stm.ast_type == ast.ASTType.Rule
                 and stm.head.ast_type == ast.ASTType.Literal
                 and stm.head.atom.ast_type == ast.ASTType.SymbolicAtom]
        by_head: dict[str, list[ast.AST]] = {}
        for stm in rules:
            by_head.setdefault(_name_args(stm.head.atom)[0], []).append(stm)
        for stm in by_head.get("qualifies", []):
            if len(_name_args(stm.head.atom)[1]) != 3:
                continue
            rule_id = f"{shown(path)}:{stm.location.begin.line}"
            described = _instrument(stm, rule_id, generated)
            if described is not None:
                qualifying[rule_id] = described
                continue
            # The clause reads a condition predicate p(M): trace p's own rules instead.
            clause_term = stm.head.atom.symbol.arguments[0]
            for lit in stm.body:
                atom = _atom(lit)
                name = _name_args(atom)[0] if atom is not None else ""
                for inner in by_head.get(name, []) if name != "qualifies" else []:
                    inner_id = f"{shown(path)}:{inner.location.begin.line}"
                    if inner_id in qualifying:
                        continue
                    described = _instrument(inner, inner_id, generated, clause_term)
                    if described is not None:
                        qualifying[inner_id] = described
    return Instrumentation(rules=generated, qualifying=qualifying)


def add_to(ctl: Control) -> None:
    """Add the tracing rules to a Control before it is grounded."""
    with ast.ProgramBuilder(ctl) as builder:
        for rule in instrumentation().rules:
            builder.add(rule)
