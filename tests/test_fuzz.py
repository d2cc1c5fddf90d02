"""Fuzzing the input path: whatever bytes or structure arrive, the library raises only
InputError and the command line answers with a status, never a traceback or exit 4."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pycli.cli.main import main
from pycli.errors import InputError
from pycli.input.load import parse_text, validate
from pycli.input.schema import applicant_schema, vocabulary

BASE = settings(deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])


def fuzz(examples: int) -> settings:
    """Derandomised, so that CI meets the same inputs on every run."""
    return settings(BASE, max_examples=examples)


def _field_names(schema: Any) -> set[str]:
    """Every property name anywhere in the applicant schema."""
    names: set[str] = set()
    if isinstance(schema, dict):
        names |= set(schema.get("properties", {}))
        for value in schema.values():
            names |= _field_names(value)
    elif isinstance(schema, list):
        for value in schema:
            names |= _field_names(value)
    return names


def _words() -> list[str]:
    vocab = vocabulary()
    words = list(vocab["districts"]) + list(vocab["sectors"]) + list(vocab["entity_types"])
    for spec in vocab["kinds"].values():
        words += spec["types"] + spec["flags"] + [w for ws in spec["enums"].values() for w in ws]
    return words + ["2026-06-01", "2026-02-30", "tongzhou_de.a7.standard", "", "0"]


FIELDS = sorted(_field_names(applicant_schema()))
keys = st.one_of(st.sampled_from(FIELDS), st.text(max_size=8), st.sampled_from(["a\nb", "\u2028", "x\ry"]))
scalars = st.one_of(
    st.none(), st.booleans(), st.integers(), st.integers(-(10**20), 10**20), st.floats(),
    st.sampled_from(_words()), st.text(max_size=12), st.dates(), st.datetimes())
structures = st.recursive(
    scalars, lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(keys, inner, max_size=6)),
    max_leaves=30)
# Mostly a mapping at the top, so that validation goes past the first check.
documents = st.one_of(st.dictionaries(keys, structures, max_size=8), structures)


def _library(source: str, text: str) -> None:
    try:
        validate(parse_text(source, text), source)
    except InputError:
        pass


@fuzz(200)
@given(st.one_of(st.binary(max_size=200).map(lambda b: b.decode("utf-8", "replace")), st.text(max_size=200)),
       st.sampled_from(["fuzz.yaml", "fuzz.json"]))
def test_any_text_parses_or_raises_input_error(text: str, source: str) -> None:
    _library(source, text)


@fuzz(200)
@given(documents)
def test_any_structure_validates_or_raises_input_error(data: Any) -> None:
    try:
        validate(data, "fuzz.yaml")
    except InputError:
        pass


@fuzz(100)
@given(documents)
def test_any_structure_survives_a_yaml_and_json_round_trip(data: Any) -> None:
    _library("fuzz.yaml", yaml.safe_dump(data, allow_unicode=True))
    _library("fuzz.json", json.dumps(data, default=str))


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fuzz")


def _serialise(data: Any, form: str) -> bytes:
    if form == "yaml":
        return yaml.safe_dump(data, allow_unicode=True).encode("utf-8")
    return json.dumps(data, default=lambda v: v.isoformat() if isinstance(v, dt.date) else str(v)).encode("utf-8")


def _assert_answered(result: Any) -> None:
    # Every outcome is a documented status; an error is one line, never a traceback.
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert result.exit_code in (0, 2, 3, 5), (result.exit_code, result.output)
    assert "Traceback" not in result.output
    if result.exit_code == 2:
        assert result.stderr.startswith("policykb: ") and len(result.stderr.splitlines()) == 1, result.stderr


@fuzz(120)
@given(documents, st.sampled_from(["yaml", "json"]), st.sampled_from(["optimize", "facts"]))
def test_the_command_line_answers_any_structure(folder: Path, data: Any, form: str, command: str) -> None:
    path = folder / f"applicant.{form}"
    path.write_bytes(_serialise(data, form))
    _assert_answered(CliRunner().invoke(main, [command, str(path)]))


@fuzz(150)
@given(st.binary(max_size=300), st.sampled_from(["yaml", "json"]))
def test_the_command_line_answers_any_bytes(folder: Path, content: bytes, form: str) -> None:
    path = folder / f"bytes.{form}"
    path.write_bytes(content)
    _assert_answered(CliRunner().invoke(main, ["optimize", str(path)]))


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
