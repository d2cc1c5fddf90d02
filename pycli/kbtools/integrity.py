"""The knowledge base checks itself (``policykb check``; the commands are in pycli/cli/kbtools.py).

check: every clause is complete (source, kind, form, payment, money parameters, a
qualifies/3 rule) and tested; no clause id is written twice; every assumption and cap
group a rule names is declared; no number of the law hides in a rule; every document
says where it applies and how its clause ids look, and main.lp includes every document folder;
every quote of the law is verbatim in the shipped source text (quotes.py).
coverage: every amount of money in the source texts is a parameter of the law, or a
note in kb/coverage_notes.yaml says why it grants nothing computable (coverage.py).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from clingo import SymbolType, ast

from pycli import syntax
from pycli.input.schema import vocabulary_of
from pycli.kbtools import document_cases, kbread, quotes
from pycli.kbtools.catalogue import MUNICIPALITY, text
from pycli.kbtools.kbread import KnowledgeBase

KINDS = ("fixed", "ceiling", "discretionary", "service", "unquantified")
PAYMENTS = ("once", "annual", "cumulative")
#: The parameter each amount form reads (kb/common/amounts.lp).
FORM_PARAMETER = {"flat": "amount", "ratio": "ratio", "matching": "cap"}
MONEY_VALUES = ("yuan", "pct", "frac", "m")
_CLAUSE_LINE = re.compile(r'^[ \t]*clause\(\s*"((?:[^"\\]|\\.)*)"', re.M)


def _clause_problems(kb: KnowledgeBase) -> list[str]:
    """Each clause has what the shared rules and the reports read."""
    problems: list[str] = []
    documents = {text(d) for (d,) in kb.args("document", 1)}
    zh_documents = {doc for path, body in kb.document_files().items() if ".zh.txt" in body
                    for doc in re.findall(r"^document\((\w+)\)", body, re.M)}
    sources, zh = kb.by_first("source", 4), kb.by_first("source_zh", 2)
    kinds, forms, payments = kb.by_first("kind", 2), kb.by_first("amount_form", 2), kb.by_first("payment", 2)
    uses = {(text(c), text(a)) for c, a in kb.args("uses", 2)}
    params: dict[str, list[tuple[str, Any]]] = {}
    for owner, name, _tier, value in kbread.laws(kb):
        params.setdefault(owner, []).append((name, value))
    money_fields = {f for spec in _vocabulary(kb)["kinds"].values() for f in spec["money"]}
    qualifying = {syntax.constant(args[0]) for _rule, args in kbread.head_atoms("qualifies", 3, kb)}
    for cid, doc in sorted(kb.clauses().items()):
        issues: list[str] = []
        if doc not in documents:
            issues.append(f"its document {doc} has no document/1")
        if len(sources.get(cid, [])) != 1:
            issues.append(f"has {len(sources.get(cid, []))} source/4 facts, expected one")
        elif not text(sources[cid][0][2]).strip():
            issues.append("the sentence of source/4 is empty")
        if doc in zh_documents and not any(text(s[0]).strip() for s in zh.get(cid, [])):
            issues.append("no source_zh/2, though its document cites a Chinese text")
        if cid not in qualifying:
            issues.append("no qualifies/3 rule, so it can never apply")
        kind = [text(k[0]) for k in kinds.get(cid, [])]
        if len(kind) != 1 or kind[0] not in KINDS:
            issues.append(f"kind/2 is {kind or 'missing'}, expected one of {', '.join(KINDS)}")
        elif kind[0] in ("service", "unquantified"):
            if cid in forms:
                issues.append(f"a {kind[0]} clause computes no amount, yet has amount_form/2")
        else:
            issues += _amount_problems(cid, forms.get(cid, []), payments.get(cid, []),
                                       params.get(cid, []), uses, money_fields)
        problems += [f"{cid}: {issue}" for issue in issues]
    return problems


def _amount_problems(cid: str, forms: list, payments: list, params: list[tuple[str, Any]],
                     uses: set[tuple[str, str]], money_fields: set[str]) -> list[str]:
    """A paying clause's amount form, payment and parameters fit together."""
    problems: list[str] = []
    names = {name for name, _ in params}
    if not any(v.type == SymbolType.Function and v.name in MONEY_VALUES for _, v in params):
        problems.append("no money parameter (a law/3,4 fact with yuan, pct or frac)")
    if len(forms) != 1:
        problems.append(f"has {len(forms)} amount_form/2 facts, expected one")
    else:
        form = forms[0][0]
        name = form.name if form.type == SymbolType.Function else ""
        if name not in FORM_PARAMETER or (name != "flat") != bool(form.arguments):
            problems.append(f"amount_form {form} is not flat, ratio(Field) or matching(Field)")
        elif form.arguments and text(form.arguments[0]) not in money_fields:
            problems.append(f"amount_form {form} reads a money field the vocabulary does not have")
        elif FORM_PARAMETER[name] not in names:
            problems.append(f"amount_form {form} needs a `{FORM_PARAMETER[name]}` parameter")
    payment = [text(p[0]) for p in payments]
    if len(payment) != 1 or payment[0] not in PAYMENTS:
        problems.append(f"payment/2 is {payment or 'missing'}, expected one of {', '.join(PAYMENTS)}")
    elif payment[0] == "cumulative" and "years" not in names:
        problems.append("a cumulative payment needs a `years` parameter")
    elif payment[0] == "annual" and "years" not in names and (cid, "open_annual_years") not in uses:
        problems.append("an annual payment needs a `years` parameter or uses(C, open_annual_years)")
    return problems


def _duplicate_ids(kb: KnowledgeBase) -> list[str]:
    """Clause ids written twice: clingo would merge them silently, so count in the text."""
    seen: dict[str, list[str]] = {}
    for path, body in kb.document_files().items():
        for match in _CLAUSE_LINE.finditer(body):
            line = body.count("\n", 0, match.start()) + 1
            seen.setdefault(match.group(1), []).append(f"{kbread.shown(path)}:{line}")
    return [f"{cid}: clause/2 written {len(where)} times ({', '.join(where)})"
            for cid, where in sorted(seen.items()) if len(where) > 1]


def _untested(kb: KnowledgeBase, tests: Path) -> list[str]:
    """Clause ids that no test names: tests/cases/expected.yaml, a test file's text, or a
    document's own cases (kb/documents/<doc>/cases.yaml)."""
    texts = [p.read_text(encoding="utf-8") for p in sorted(tests.rglob("*.py"))]
    texts += [c for _folder, cases in document_cases.of_folder(kb.folder / "documents")
              for case in cases for c in case["clauses"]]
    expected = tests / "cases" / "expected.yaml"
    if expected.is_file():
        texts.append(expected.read_text(encoding="utf-8"))
    corpus = "\n".join(texts)
    return [f"{cid}: no test names it (tests/cases/expected.yaml, tests/*.py or its document's cases.yaml)"
            for cid in sorted(kb.clauses())
            if not re.search(rf"(?<![\w.]){re.escape(cid)}(?![\w.])", corpus)]


def _assumption_problems(kb: KnowledgeBase) -> list[str]:
    """Every assumption a rule reads or a clause uses is declared with assumption/2."""
    declared = {text(n) for n, _ in kb.args("assumption", 2)}
    named: dict[str, str] = {}
    for rule in kb.rules:
        for terms in syntax.atoms(rule, "assume", 2):
            name = syntax.constant(terms[0])
            if name is not None:
                named.setdefault(name, f"{kbread.shown(rule.location.begin.filename)}:{rule.location.begin.line}")
    for pred, arity, index in (("uses", 2, 1), ("doc_uses", 2, 1), ("global_assumption", 1, 0)):
        for args in kb.args(pred, arity):
            named.setdefault(text(args[index]), f"{pred}/{arity}")
    return [f"assumption {name}: used ({where}) but not declared with assumption/2"
            for name, where in sorted(named.items()) if name not in declared]


def _cap_group_problems(kb: KnowledgeBase) -> list[str]:
    """Every in_group names a declared cap group with a cap; every cap group is used."""
    problems: list[str] = []
    scopes = {text(g): text(s) for g, s in kb.args("cap_group", 2)}
    caps = {o for o, n, t, v in kbread.laws(kb) if n == "cap" and t is None and kbread.value(v) is not None}
    clauses = kb.clauses()
    members: set[str] = set()
    for rule, args in kbread.head_atoms("in_group", 2, kb):
        clause, group = (syntax.constant(a) for a in args)
        where = f"{kbread.shown(rule.location.begin.filename)}:{rule.location.begin.line}"
        if group is None or clause is None:
            problems.append(f"{where}: in_group/2 must name the clause and group literally")
            continue
        members.add(group)
        if clause not in clauses:
            problems.append(f"{where}: in_group names {clause}, which is no clause")
        if group not in scopes:
            problems.append(f"{where}: in_group names {group}, which no cap_group/2 declares")
    for group, scope in sorted(scopes.items()):
        if scope not in ("year", "entity"):
            problems.append(f"cap group {group}: scope {scope}, expected year or entity")
        if group not in caps:
            problems.append(f"cap group {group}: no law({group}, cap, yuan(N))")
        if group not in members:
            problems.append(f"cap group {group}: no clause is in it (in_group/2)")
    return problems


def _document_problems(kb: KnowledgeBase) -> list[str]:
    """Each document says where it applies and how its clause ids look; main.lp includes every folder."""
    problems: list[str] = []
    districts = set(_vocabulary(kb)["districts"])
    scopes = kb.by_first("scope", 2)
    patterns = kb.by_first("clause_id_pattern", 2)
    clauses = kb.clauses()
    for (symbol,) in kb.args("document", 1):
        doc = text(symbol)
        where = [text(w[0]) for w in scopes.get(doc, [])]
        if not where:
            problems.append(f"document {doc}: no scope/2 (a district of the vocabulary, or municipality)")
        for word in where:
            if word != MUNICIPALITY and word not in districts:
                problems.append(f"document {doc}: scope {word} is neither municipality nor a district of the vocabulary")
        if MUNICIPALITY in where and len(where) > 1:
            problems.append(f"document {doc}: scope municipality already serves every district; drop the others")
        pattern = [text(p[0]) for p in patterns.get(doc, [])]
        if len(pattern) != 1:
            problems.append(f"document {doc}: {len(pattern)} clause_id_pattern/2 facts, expected one")
            continue
        try:
            shape = re.compile(pattern[0])
        except re.error as exc:
            problems.append(f"document {doc}: clause_id_pattern is no regular expression ({exc})")
            continue
        problems += [f"{cid}: the id does not match its document's clause_id_pattern {pattern[0]!r}"
                     for cid, owner in sorted(clauses.items()) if owner == doc and not shape.fullmatch(cid)]
    included = {path.parent.resolve() for path in kb.document_files()}
    for rules in sorted((kb.folder / "documents").glob("*/rules.lp")):
        if rules.parent.resolve() not in included:
            problems.append(f"documents/{rules.parent.name}/rules.lp: main.lp does not include it "
                            f'(add #include "documents/{rules.parent.name}/rules.lp".)')
    return problems


def _is_law_fact(rule: ast.AST) -> bool:
    """A law/3,4 fact: the one place a number of the law belongs."""
    head = rule.head.atom if rule.head.ast_type == ast.ASTType.Literal else None
    term = head.symbol if head is not None and head.ast_type == ast.ASTType.SymbolicAtom else None
    return not rule.body and term is not None and term.ast_type == ast.ASTType.Function \
        and term.name == "law" and len(term.arguments) in (3, 4)


def _numbers_in_rules(kb: KnowledgeBase) -> list[str]:
    """Numbers of the law belong in law/3,4 facts, never in a rule of a document."""
    problems: list[str] = []
    for rule in kb.rules:
        path = Path(rule.location.begin.filename)
        if path.parent.parent.name != "documents":
            continue
        if _is_law_fact(rule):
            continue
        for node in syntax.walk(rule):
            if node.ast_type == ast.ASTType.SymbolicTerm and node.symbol.type == SymbolType.Number:
                problems.append(f"{kbread.shown(path)}:{node.location.begin.line}: the number {node.symbol} in a rule"
                                " (numbers of the law belong in law/3,4 facts)")
    return problems


def _vocabulary(kb: KnowledgeBase) -> dict[str, Any]:
    return vocabulary_of(kb.folder)


def problems(kb: KnowledgeBase, tests: Path | None) -> list[str]:
    """Every integrity problem of the knowledge base, one line each (empty when clean)."""
    found = _clause_problems(kb) + _duplicate_ids(kb) + _assumption_problems(kb)
    found += _cap_group_problems(kb) + _numbers_in_rules(kb) + _document_problems(kb)
    found += quotes.problems(kb)
    if tests is not None:
        found += _untested(kb, tests)
    return found


def tests_dir(folder: Path) -> Path | None:
    """The tests of a checkout (beside kb/); an installed package has none."""
    tests = folder.resolve().parent / "tests"
    return tests if tests.is_dir() else None
