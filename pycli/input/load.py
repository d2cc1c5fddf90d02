"""Reading and validating an applicant file (YAML or JSON) before anything is solved.

Every problem becomes one InputError naming the file and the field path, e.g.
``applicant.yaml: projects[2].investment: expected whole yuan >= 0 and <= 10^15, got -5``.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
from collections.abc import Hashable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jsonschema
import yaml

from pycli.errors import InputError
from pycli.input import labels
from pycli.input.problems import FloatValue, describe
from pycli.input.schema import applicant_schema, matter_lists
from pycli.input.source import STDIN, read_text

#: The formats an applicant may be written in (``--input-format``).
FORMATS = ("yaml", "json")
#: The most matters one file may hold (docs/cli.md).  10,000 solve in seconds; far
#: beyond that grounding needs gigabytes, so the file is refused before any work.
MAX_MATTERS = 20_000
#: The most values (mappings, lists, scalars) one file may hold.  A 20,000-matter file
#: holds about 300,000; YAML aliases can make a few bytes expand without bound.
MAX_VALUES = 1_000_000

#: Values an applicant may leave out.
DEFAULTS: dict[str, Any] = {
    "pilot_zone": False,
    "entity_type": "enterprise",
    "independent_legal_person": True,
    "sme": False,
}


@dataclass
class Applicant:
    """A validated applicant: its source name and its data with defaults filled in."""

    source: str
    data: dict[str, Any] = field(default_factory=dict)
    #: Words the file wrote by their Chinese label: (field path, as written, canonical word).
    mapped: list[tuple[str, str, str]] = field(default_factory=list)

    @property
    def name(self) -> str:
        return str(self.data.get("name") or Path(self.source).stem)


class _UniqueKeyLoader(yaml.SafeLoader):
    """The safe loader, refusing a mapping that repeats a key (a silent overwrite otherwise)."""


def _construct_mapping(loader: _UniqueKeyLoader, node: yaml.MappingNode, deep: bool = False) -> dict:
    seen: set = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if not isinstance(key, Hashable):  # a list or mapping as a key (`? [a]`): say so, never crash
            raise yaml.constructor.ConstructorError(
                None, None, "found a list or mapping as a key", key_node.start_mark)
        if key in seen:
            raise yaml.constructor.ConstructorError(
                None, None, f"repeated key {key!r}", key_node.start_mark)
        seen.add(key)
    return loader.construct_mapping(node, deep=deep)


_UniqueKeyLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
# Dates stay text, so that an impossible one (2026-02-30) is refused by the schema
# with its field path instead of by the YAML parser without one.
_UniqueKeyLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()}


def parse_text(source: str, text: str, fmt: str | None = None) -> Any:
    """Parse YAML (or JSON, a subset) safely, with the line of any syntax error.

    ``fmt`` is "yaml" or "json"; by default a file named ``*.json`` is JSON."""
    if (fmt or ("json" if source.endswith(".json") else "yaml")) == "json":
        try:
            return json.loads(text, parse_float=lambda s: _Float(s))
        except json.JSONDecodeError as exc:
            raise InputError(source, f"line {exc.lineno}", f"not valid JSON: {exc.msg}", "not_json",
                             {"problem": exc.msg}) from None
        except ValueError:  # an integer past Python's digit limit for str -> int
            raise InputError(source, "", "not valid JSON: a number has too many digits") from None
        except RecursionError:
            raise InputError(source, "", "nested too deeply to be an applicant file") from None
    try:
        return yaml.load(text, Loader=_UniqueKeyLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = f"line {mark.line + 1}" if mark else ""
        problem = (exc.problem or exc.context or "syntax error").strip()
        raise InputError(source, line, f"not valid YAML: {problem}", "not_yaml", {"problem": problem}) from None
    except yaml.YAMLError as exc:  # e.g. a control character; its second line only repeats the position
        raise InputError(source, "", f"not valid YAML: {str(exc).splitlines()[0]}") from None
    except RecursionError:
        raise InputError(source, "", "nested too deeply to be an applicant file") from None
    except ValueError as exc:  # a tagged scalar PyYAML cannot convert, e.g. !!int x, or too many digits
        problem = str(exc).splitlines()[0] if str(exc) else "a value cannot be read"
        if "integer string conversion" in problem:
            problem = "a number has too many digits"
        raise InputError(source, "", f"not valid YAML: {problem}") from None


class _Float(str):
    """A JSON number with a fraction, kept as text so that it is refused, never rounded."""


def _normalise(value: Any, path: str, source: str, budget: list[int]) -> Any:
    """Dates to ISO text; timestamps, fractional numbers and text clingo cannot hold refused.

    ``budget`` counts down the values still allowed (MAX_VALUES), so that shared YAML
    aliases cannot expand a small file into billions of values.
    """
    budget[0] -= 1
    if budget[0] < 0:
        raise InputError(source, path or "(top level)",
                         f"more than {MAX_VALUES:,} values, too large to be an applicant file")
    if isinstance(value, dict):
        return {_text(k, path, source): _normalise(v, f"{path}.{k}" if path else str(k), source, budget)
                for k, v in value.items()}
    if isinstance(value, list):
        return [_normalise(v, f"{path}[{i}]", source, budget) for i, v in enumerate(value)]
    if isinstance(value, dt.datetime):
        raise InputError(source, path, f"expected a date YYYY-MM-DD, got a timestamp {value}")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, (float, _Float)):
        return FloatValue(str(value))
    return _text(value, path, source)


def _text(value: Any, path: str, source: str) -> Any:
    """Text passes unchanged unless clingo could not keep it exactly: its strings end at
    a NUL (two ids would become one) and must be valid UTF-8 (no lone surrogates)."""
    if not isinstance(value, str):
        return value
    if "\x00" in value:
        raise InputError(source, path or "(top level)", "contains a NUL character, which cannot be kept as data")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise InputError(source, path or "(top level)",
                         "contains a lone surrogate (\\ud800-\\udfff), not valid Unicode text") from None
    return value


_TYPES = jsonschema.Draft202012Validator.TYPE_CHECKER.redefine(
    "integer", lambda _checker, value: isinstance(value, int) and not isinstance(value, bool))


@functools.cache
def _validator_class() -> type[jsonschema.protocols.Validator]:
    """Draft 2020-12 with booleans refused as integers; built once per process (about 1 ms)."""
    return jsonschema.validators.extend(jsonschema.Draft202012Validator, type_checker=_TYPES)


#: The validator last built and the schema object it was built for (applicant_schema() is
#: cached, so this is built once per process; a new schema object gets a new validator).
_BUILT: tuple[dict[str, Any], jsonschema.protocols.Validator] | None = None


def _validator() -> jsonschema.protocols.Validator:
    global _BUILT
    schema = applicant_schema()
    if _BUILT is None or _BUILT[0] is not schema:
        _BUILT = (schema, _validator_class()(schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER))
    return _BUILT[1]


def _first_error(data: Any, source: str) -> InputError | None:
    errors = list(_validator().iter_errors(data))
    if not errors:
        return None
    # The error deepest in the first offending entry says the most.
    errors.sort(key=lambda e: ([str(p) for p in e.absolute_path], -len(e.absolute_path)))
    first_path = errors[0].absolute_path
    best = max((e for e in errors if list(e.absolute_path)[: len(first_path)] == list(first_path)),
               key=lambda e: len(e.absolute_path))
    return describe(best, source)


def _check_ids(data: dict[str, Any], source: str) -> None:
    seen: dict[str, str] = {}
    for list_name in matter_lists():
        for index, item in enumerate(data.get(list_name, [])):
            here = f"{list_name}[{index}].id"
            if item["id"] in seen:
                raise InputError(source, here, f"matter id {item['id']!r} is already used at {seen[item['id']]}",
                                 "duplicate_id", {"id": repr(item["id"]), "at": seen[item["id"]]})
            seen[item["id"]] = here
            _check_window(item, f"{list_name}[{index}]", source)
    for index, record in enumerate(data.get("earlier_support", [])):
        if "matter" in record and record["matter"] not in seen:
            raise InputError(source, f"earlier_support[{index}].matter",
                             f"expected the id of a matter in this file, got {record['matter']!r}",
                             "unknown_matter", {"got": repr(record["matter"])})


def _check_window(item: dict[str, Any], here: str, source: str) -> None:
    """A window is given instead of date and year (those fix the matter) and does not run backwards."""
    window = item.get("window")
    if window is None:
        return
    for fixed in ("date", "year"):
        if fixed in item:
            raise InputError(source, f"{here}.{fixed}",
                             "a matter with a window is flexible; give either a window or a date/year, not both")
    if window["to"] < window["from"]:
        raise InputError(source, f"{here}.window.to",
                         f"the window ends ({window['to']}) before it begins ({window['from']})")


def _check_size(raw: Any, source: str) -> None:
    """Refuse more than MAX_MATTERS matters before any validation or grounding work."""
    if not isinstance(raw, dict):
        return
    count = sum(len(raw[name]) for name in matter_lists() if isinstance(raw.get(name), list))
    if count > MAX_MATTERS:
        raise InputError(source, "", f"{count:,} matters, more than the {MAX_MATTERS:,} one applicant file may hold")


def validate(raw: Any, source: str) -> Applicant:
    """Check parsed data against the schema and the cross-field rules; fill defaults."""
    if raw is None:
        raise InputError(source, "", "the file is empty", "empty_file")
    _check_size(raw, source)
    try:
        data = _normalise(raw, "", source, [MAX_VALUES])
        mapped = labels.to_canonical(data)
        problem = _first_error(data, source)
    except RecursionError:  # e.g. a YAML alias inside itself: `a: &a [*a]`
        raise InputError(source, "", "nested too deeply to be an applicant file") from None
    if problem:
        raise problem
    _check_ids(data, source)
    return Applicant(source=source, data={**DEFAULTS, **data}, mapped=mapped)


def load(path: str, fmt: str | None = None) -> Applicant:
    """Read, parse and validate one applicant file, or standard input when ``path`` is ``-``.

    ``fmt`` ("yaml" or "json") overrides how the text is read: by default a file by its
    name, standard input by its first character (``{`` or ``[`` is JSON)."""
    source, text = read_text(path)
    if fmt is None and path == STDIN:
        fmt = "json" if text.lstrip("\ufeff \t\r\n")[:1] in ("{", "[") else "yaml"
    return validate(parse_text(source, text, fmt), source)


def shipped_examples() -> dict[str, Path]:
    """The example applicant files shipped with policykb, by name."""
    from pycli.paths import examples_dir

    return {p.stem: p for p in sorted(examples_dir().glob("*.yaml"))}
