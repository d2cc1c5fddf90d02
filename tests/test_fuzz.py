"""Property tests of the input contract (issue 15, item 9): valid applicant files mutated in
type, size, nesting, text and numbers at every boundary, through the real command line.

The contract, asserted on every example: exit 0 with a valid result (the total is the sum
of the awards, every award names a matter of the file, the optimum is proven), or exit 2
with one line naming the file and the field (or line) at fault.  Never exit 4, never a
traceback, and every answer within a bound.  Exit 5 ("too large to compute exactly",
docs/money.md) is the one other documented answer, for amounts near the 10^15 ceiling.
"""

from __future__ import annotations

import copy
import json
import re
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner
from conftest import CASES
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pycli.cli.main import main
from pycli.errors import InputError
from pycli.input.load import validate
from pycli.input.parse import MAX_DEPTH, parse_text
from pycli.input.schema import matter_lists
from pycli.money import MAX_YUAN

BASE = settings(deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow,
                                                                         HealthCheck.function_scoped_fixture])
#: A guard against a hang, not a timing: one small file answered by the real solver.
BOUND = 120.0

VALID = {path.stem: yaml.safe_load(path.read_text(encoding="utf-8"))
         for path in sorted(CASES.glob("V*.yaml"))}
VALID = {name: json.loads(json.dumps(data, default=str)) for name, data in VALID.items()}


@dataclass(frozen=True)
class Raw:
    """A YAML token written as it is (not quoted), e.g. 0x10 or 190:20:30."""

    token: str


def _paths(value: Any, here: tuple = ()) -> list[tuple]:
    """Every path to a value inside ``value`` (the top level excluded)."""
    found: list[tuple] = []
    if isinstance(value, dict):
        for key, item in value.items():
            found.append((*here, key))
            found += _paths(item, (*here, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found.append((*here, index))
            found += _paths(item, (*here, index))
    return found


def _nest(depth: int) -> Any:
    value: Any = "x"
    for _ in range(depth):
        value = [value]
    return value


# Numbers at every boundary of the fields: 0, the limits of years, horizons, numbers and
# money, clingo's 32-bit integers, 64-bit integers, and past the 30-digit cut.
BOUNDARY_INTEGERS = [0, 1, -1, 49, 50, 51, 1899, 1900, 2200, 2201, 999_999_999, 1_000_000_000, 1_000_000_001,
                     2**31 - 1, 2**31, 2**63, MAX_YUAN - 1, MAX_YUAN, MAX_YUAN + 1, 10**29, 10**30, -(10**30)]
YAML_TOKENS = ["0x10", "0o17", "017", "0b101", "1_600_000", "190:20:30", "+5", "-0", ".inf", "-.inf", ".nan",
               "1e3", "1.0", "!!int 0x10", "!!float 7", "yes", "~", "2026-01-01", "2026-02-30", "2026-01-01 10:00:00"]
TEXTS = ["", " ", "a\nb", "a\rb", "x\u2028y", "\u202eevil", "\t", "\x07", "|", "<script>alert(1)</script>",
         "数据要素", "😀", "a" * 201, "a" * 1001, "%", ":-", '"', "\\", "\x1b[2J"]

values = st.one_of(
    st.sampled_from(BOUNDARY_INTEGERS),
    st.integers(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(), st.none(),
    st.sampled_from(TEXTS), st.text(max_size=30),
    st.sampled_from([Raw(t) for t in YAML_TOKENS]),
    st.lists(st.sampled_from(["data_elements", "published", 1, None, {"a": 1}]), max_size=40),
    st.dictionaries(st.sampled_from(["id", "type", "level", "x"]), st.sampled_from(["a", 1, None]), max_size=4),
    st.sampled_from([_nest(MAX_DEPTH - 4), _nest(MAX_DEPTH + 1)]),
)


@st.composite
def mutants(draw: st.DrawFn) -> tuple[str, Any, str]:
    """A valid case, changed in one to three places: (case name, data, what was done)."""
    name = draw(st.sampled_from(sorted(VALID)))
    data = copy.deepcopy(VALID[name])
    done = []
    for _ in range(draw(st.integers(1, 3))):
        paths = _paths(data)
        if not paths:
            break
        path = draw(st.sampled_from(paths))
        parent = data
        for step in path[:-1]:
            parent = parent[step]
        action = draw(st.sampled_from(["replace", "replace", "replace", "delete", "add", "repeat", "grow"]))
        last = path[-1]
        if action == "replace":
            parent[last] = copy.deepcopy(draw(values))  # never a shared object: examples stay independent
        elif action == "delete":
            del parent[last]
        elif action == "add" and isinstance(parent, dict):
            parent[draw(st.sampled_from(["unknown", "id", "name", "flags", "amount", "a\nb"]))] = copy.deepcopy(draw(values))
        elif action == "repeat" and isinstance(parent, list):
            parent.append(copy.deepcopy(parent[last]))
        elif action == "grow" and isinstance(parent, list):
            parent.extend(copy.deepcopy(parent[last]) for _ in range(draw(st.integers(1, 300))))
        done.append(f"{action} {path}")
    return name, data, "; ".join(done)


def _serialise(data: Any, form: str) -> str:
    raws: list[str] = []

    def plain(value: Any) -> Any:
        if isinstance(value, Raw):
            raws.append(value.token)
            return f"@@RAW{len(raws) - 1}@@"
        if isinstance(value, dict):
            return {k: plain(v) for k, v in value.items()}
        if isinstance(value, list):
            return [plain(v) for v in value]
        return value

    shaped = plain(data)
    if form == "json":
        text = json.dumps(shaped, ensure_ascii=False)
        return re.sub(r'"@@RAW(\d+)@@"', lambda m: json.dumps(raws[int(m.group(1))]), text)
    text = yaml.safe_dump(shaped, allow_unicode=True, width=10**9)
    return re.sub(r"'?@@RAW(\d+)@@'?", lambda m: raws[int(m.group(1))], text)


#: What follows ``policykb: FILE: `` in a refusal: a field path or a line, then the problem;
#: or a problem of the whole file.
_FIELD = re.compile(r"^(line \d+|\(top level\)|[^:\s]+(\[\d+\])*(\.[^:\s]+|\[\d+\])*): \S")
_WHOLE_FILE = ("not valid YAML", "not valid JSON", "the file is empty", "more than", "nested too deeply")


def _check_answer(path: Path, data: Any, exit_code: int, stdout: str, stderr: str) -> None:
    assert "Traceback" not in stdout + stderr
    assert exit_code in (0, 2, 5), (exit_code, stderr)
    if exit_code == 0:
        result = json.loads(stdout)
        assert result["optimal"] is True and stderr == ""
        assert result["total"] == sum(a["amount"] for a in result["awards"])
        ids = {(m["id"].token if isinstance(m.get("id"), Raw) else m.get("id"))
               for name in matter_lists() for m in (data.get(name) or []) if isinstance(m, dict)}
        assert {a["matter"] for a in result["awards"]} <= ids
        return
    lines = stderr.splitlines()
    assert len(lines) == 1 and stdout == "", stderr
    if exit_code == 5:
        assert lines[0].startswith("policykb: too large to compute exactly:"), lines[0]
        return
    head = f"policykb: {path}: "
    assert lines[0].startswith(head), lines[0]
    rest = lines[0][len(head):]
    assert _FIELD.match(rest) or rest.startswith(_WHOLE_FILE), rest
    assert len(lines[0]) < 2000  # a long value is shown cut short


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fuzz")


@settings(BASE, max_examples=150)
@given(mutants(), st.sampled_from(["yaml", "json"]))
def test_a_mutated_valid_file_is_answered_by_the_contract(folder: Path, mutant: tuple[str, Any, str],
                                                          form: str) -> None:
    name, data, _done = mutant
    path = folder / f"{name}.{form}"
    path.write_text(_serialise(data, form), encoding="utf-8")
    started = time.monotonic()
    result = CliRunner().invoke(main, ["optimize", str(path), "--format", "json"])
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert time.monotonic() - started < BOUND
    _check_answer(path, data, result.exit_code, result.stdout, result.stderr)


@settings(BASE, max_examples=300)
@given(mutants(), st.sampled_from(["yaml", "json"]))
def test_the_loader_accepts_exactly_what_it_can_keep(mutant: tuple[str, Any, str], form: str) -> None:
    # Without the solver, more examples: a refusal is an InputError of one line naming the
    # file; an acceptance keeps every integer exactly and every text unchanged.
    name, data, _done = mutant
    source = f"{name}.{form}"
    try:
        applicant = validate(parse_text(source, _serialise(data, form)), source)
    except InputError as exc:
        assert len(str(exc).splitlines()) == 1 and str(exc).startswith(f"{source}: ")
        return
    assert isinstance(data, dict)
    for key, value in data.items():
        if isinstance(value, (int, str)) and not isinstance(value, bool) and not isinstance(value, Raw):
            assert applicant.data[key] == value


@settings(BASE, max_examples=200)
@given(st.one_of(st.binary(max_size=300).map(lambda b: b.decode("utf-8", "replace")), st.text(max_size=300)),
       st.sampled_from(["fuzz.yaml", "fuzz.json"]))
def test_any_text_is_read_or_refused_in_one_line(text: str, source: str) -> None:
    try:
        validate(parse_text(source, text), source)
    except InputError as exc:
        assert len(str(exc).splitlines()) == 1 and str(exc).startswith(f"{source}")


# Inputs found while fuzzing (each crashed with exit 4, or hung), kept as fixed cases.
BOMB = "\n".join(["a0: &a0 [x, x, x, x, x, x, x, x, x]"]
                 + [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 9)])


@pytest.mark.parametrize("source,text,needle", [
    ("h.yaml", "? [a]\n: 1\n", "line 1: not valid YAML: found a list or mapping as a key"),
    ("h.yaml", "a: &a [*a]\n", "nested too deeply"),
    ("h.yaml", "a: !!int xyz\n", "line 1: not valid YAML: 'xyz' is not a plain decimal integer"),
    ("h.yaml", "horizon: " + "9" * 5000 + "\n", "horizon: expected a whole number of years from 1 to 50, got 9999"),
    ("h.yaml", BOMB, "more than 1,000,000 values, too large to be an applicant file"),
    ("h.yaml", "\x01", "not valid YAML: unacceptable character #x0001"),
    ("h.json", "[" * 5000, "nested too deeply"),
    ("h.json", '{"horizon": ' + "9" * 5000 + "}", "horizon: expected a whole number of years from 1 to 50, got 9999"),
], ids=["list-key", "self-alias", "bad-tag", "long-number", "alias-bomb", "control-char", "deep-json",
        "long-json-number"])
def test_hostile_input_is_refused_as_bad_input(source: str, text: str, needle: str) -> None:
    with pytest.raises(InputError) as refused:
        validate(parse_text(source, text), source)
    assert needle in str(refused.value) and len(str(refused.value).splitlines()) == 1
