"""Reading and validating an applicant file (YAML or JSON) before anything is solved.

Every problem becomes one InputError naming the file and the field path, e.g.
``applicant.yaml: projects[2].investment: expected whole yuan >= 0 and <= 10^15, got -5``.
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pycli.engine import deadline
from pycli.errors import InputError
from pycli.input import labels, quickcheck
from pycli.input.parse import MAX_DEPTH, MAX_MATTERS, MAX_NODES, NotInteger, parse_text
from pycli.input.problems import FloatValue, describe
from pycli.input.schema import applicant_schema, matter_lists
from pycli.input.source import STDIN, read_text

#: The formats an applicant may be written in (``--input-format``).
FORMATS = ("yaml", "json")
#: The most values data given as such (a line of JSON Lines, a CSV applicant) may hold,
#: as the parser enforces on files (pycli.input.parse).
MAX_VALUES = MAX_NODES

#: Values an applicant may leave out.  What a silent file is read to say about its
#: entity type, legal-person status and size is a reading of the law, so the knowledge
#: base decides it (kb/common/defaults.lp), not this table.
DEFAULTS: dict[str, Any] = {
    "pilot_zone": False,
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


def _normalise(value: Any, path: str, source: str, budget: list[int], depth: int = 0) -> Any:
    """Dates to ISO text; timestamps, fractional numbers and text clingo cannot hold refused.

    ``budget`` counts down the values still allowed (MAX_VALUES), so that shared YAML
    aliases cannot expand a small file into billions of values; ``depth`` is bounded by
    MAX_DEPTH, so that data given as such (JSON Lines) is held to the files' limits.
    """
    budget[0] -= 1
    if budget[0] < 0:
        raise InputError(source, path or "(top level)",
                         f"more than {MAX_VALUES:,} values, too large to be an applicant file")
    if isinstance(value, (dict, list)) and depth >= MAX_DEPTH:
        raise InputError(source, path or "(top level)", f"nested too deeply to be an applicant file (more than {MAX_DEPTH} levels)")
    if isinstance(value, dict):
        return {_text(k, path, source): _normalise(v, f"{path}.{k}" if path else str(k), source, budget, depth + 1)
                for k, v in value.items()}
    if isinstance(value, list):
        return [_normalise(v, f"{path}[{i}]", source, budget, depth + 1) for i, v in enumerate(value)]
    if isinstance(value, dt.datetime):
        raise InputError(source, path, f"expected a date YYYY-MM-DD, got a timestamp {value}")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, (float, NotInteger)):
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


@functools.cache
def _validator_class() -> Any:
    """Draft 2020-12 with booleans refused as integers; built once per process (about 1 ms).

    jsonschema is imported here, not above: a file the quick check accepts never needs it
    (about 50 ms of every command)."""
    import jsonschema

    # Booleans are not integers, and a number that is not a plain integer (kept as its text,
    # FloatValue) is not a text either: `id: 0.0` is refused, not read as the id "0.0".
    types = jsonschema.Draft202012Validator.TYPE_CHECKER.redefine_many({
        "integer": lambda _checker, value: isinstance(value, int) and not isinstance(value, bool),
        "string": lambda _checker, value: isinstance(value, str) and not isinstance(value, FloatValue)})

    def unique_items(validator: Any, unique: bool, instance: Any, schema: dict[str, Any]) -> Any:
        """uniqueItems in linear time: jsonschema's own compares every pair of a list of
        mappings.  Every list that asks for it holds words (its items are an enum of words),
        so only a list of words is checked, by hashing; any other entry fails ``items``."""
        if unique and isinstance(instance, list) and all(isinstance(item, str) for item in instance) \
                and len(set(instance)) != len(instance):
            yield jsonschema.ValidationError("a list entry is repeated")

    return jsonschema.validators.extend(jsonschema.Draft202012Validator, type_checker=types,
                                        validators={"uniqueItems": unique_items})


#: The validators last built and the schema object they were built for (applicant_schema()
#: is cached, so each is built once per process; a new schema object gets new ones).
_BUILT: dict[str, tuple[dict[str, Any], Any]] = {}


def _built(kind: str, make: Any) -> Any:
    schema = applicant_schema()
    if kind not in _BUILT or _BUILT[kind][0] is not schema:
        _BUILT[kind] = (schema, make(schema))
    return _BUILT[kind][1]


def jsonschema_validator() -> Any:
    """The jsonschema validator of the applicant schema (built once per schema object)."""
    def make(schema: dict[str, Any]) -> Any:
        import jsonschema

        return _validator_class()(schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
    return _built("jsonschema", make)


def _quick() -> quickcheck.Check | None:
    return _built("quick", quickcheck.compile_schema)


_MOST_ERRORS = 1000


def _first_error(data: Any, source: str) -> InputError | None:
    quick = _quick()
    if quick is not None and quick(data):
        return None
    # Enough errors to choose the most telling one, never a list as long as a hostile file.
    errors = list(itertools.islice(jsonschema_validator().iter_errors(data), _MOST_ERRORS))
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
        raise InputError(source, "", f"{count:,} matters, more than the {MAX_MATTERS:,} one applicant file may hold",
                         "too_many_matters", {"count": f"{count:,}", "most": f"{MAX_MATTERS:,}"})


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
        raise InputError(source, "", "nested too deeply to be an applicant file", "too_deep") from None
    if problem:
        raise problem
    _check_ids(data, source)
    return Applicant(source=source, data={**DEFAULTS, **data}, mapped=mapped)


def load(path: str, fmt: str | None = None) -> Applicant:
    """Read, parse and validate one applicant file, or standard input when ``path`` is ``-``.

    ``fmt`` ("yaml" or "json") overrides how the text is read: by default a file by its
    name, standard input by its first character (``{`` or ``[`` is JSON)."""
    deadline.step("reading the input")
    source, text = read_text(path)
    if fmt is None and path == STDIN:
        fmt = "json" if text.lstrip("\ufeff \t\r\n")[:1] in ("{", "[") else "yaml"
    return validate(parse_text(source, text, fmt), source)


def shipped_examples() -> dict[str, Path]:
    """The example applicant files shipped with policykb, by name."""
    from pycli.paths import examples_dir

    return {p.stem: p for p in sorted(examples_dir().glob("*.yaml"))}
