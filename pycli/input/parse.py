"""Applicant text (YAML or JSON) parsed into plain data, in time and memory linear in its size.

The limits are enforced while the text is parsed, before any value of a file too
large is built: at most MAX_NODES values (YAML aliases counted as the values they
stand for, so a few bytes cannot expand into billions), at most MAX_DEPTH levels of
nesting and, in YAML, at most MAX_MATTERS matters.  JSON is parsed by Python's C
parser, after a scan of the text (strings blanked, brackets and separators counted)
bounds the number of values it holds.

Numbers are plain decimal integers only: YAML 1.1's other integer forms (``0x10``,
``0o17``, ``1_600_000``, the base-60 ``190:20:30``, ``+5``, ``007``) stay text, and
fractions stay marked, so that the schema refuses them with the value as written.
A mapping that repeats a key is refused, in JSON as in YAML.
"""

from __future__ import annotations

import json
import re
from collections.abc import Hashable
from typing import Any

import yaml
from yaml.composer import Composer
from yaml.constructor import ConstructorError, SafeConstructor
from yaml.events import AliasEvent
from yaml.nodes import ScalarNode, SequenceNode
from yaml.resolver import Resolver

from pycli.errors import InputError
from pycli.input.schema import matter_lists

#: The most matters one file may hold (docs/cli.md).  10,000 solve in seconds; far
#: beyond that grounding needs gigabytes, so the file is refused before any work.
MAX_MATTERS = 20_000
#: The most values (mappings, lists, scalars, YAML keys) one file may hold.  A
#: 20,000-matter file holds about 400,000.
MAX_NODES = 1_000_000
#: The deepest nesting of lists and mappings; an applicant file needs four levels.
MAX_DEPTH = 32
#: The most digits an integer may have: more than any field allows (10^15), few
#: enough that turning it into a number costs nothing.
MAX_DIGITS = 30

_DECIMAL = re.compile(r"^(?:0|-?[1-9][0-9]*)$")
_INT_TAG = "tag:yaml.org,2002:int"


class NotInteger(str):
    """A number written as something other than a plain decimal integer (a fraction, a
    number of too many digits): kept as its text, so that it fails every integer field."""


try:  # libyaml's parser: the same events, about ten times faster than PyYAML's own
    from yaml.cyaml import CParser as _Events
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    from yaml.parser import Parser
    from yaml.reader import Reader
    from yaml.scanner import Scanner

    class _Events(Reader, Scanner, Parser):  # type: ignore[no-redef]
        def __init__(self, stream: str) -> None:
            Reader.__init__(self, stream)
            Scanner.__init__(self)
            Parser.__init__(self)


class _Resolver(Resolver):
    """YAML 1.1's resolver with dates left as text and integers plain decimal only."""


# Dates stay text, so that an impossible one (2026-02-30) is refused by the schema with
# its field path; integers other than plain decimals stay text (refused with their value).
_Resolver.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers
            if tag not in ("tag:yaml.org,2002:timestamp", _INT_TAG)]
    for first, resolvers in Resolver.yaml_implicit_resolvers.items()}
_Resolver.add_implicit_resolver(_INT_TAG, _DECIMAL, list("-0123456789"))


def _integer(text: str) -> int | NotInteger:
    """A decimal integer; one of too many digits stays text, refused by the schema with its field."""
    return int(text) if len(text.lstrip("-")) <= MAX_DIGITS else NotInteger(text)


class _Constructor(SafeConstructor):
    """The safe constructor, refusing repeated keys and integers not written in plain decimal."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict:
        seen: set = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if not isinstance(key, Hashable):  # a list or mapping as a key (`? [a]`): say so, never crash
                raise ConstructorError(None, None, "found a list or mapping as a key", key_node.start_mark)
            if key in seen:
                raise ConstructorError(None, None, f"repeated key {key!r}", key_node.start_mark)
            seen.add(key)
        return super().construct_mapping(node, deep=deep)

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        try:
            return super().construct_object(node, deep=deep)
        except (AttributeError, KeyError, IndexError, TypeError):
            # PyYAML's constructors assume that an explicit tag fits its value
            # (`!!timestamp x`, `!!bool`, `!!map [a]`) and fail in their own ways when not.
            raise _misfit(node) from None

    def construct_yaml_int(self, node: ScalarNode) -> int | NotInteger:
        # Reached by `!!int 0x10` too: an explicit tag is no licence for another notation.
        text = self.construct_scalar(node)
        if not _DECIMAL.match(text):
            raise ConstructorError(None, None, f"{text[:40]!r} is not a plain decimal integer", node.start_mark)
        return _integer(text)


#: What a value whose explicit tag does not fit it is called when its node is not known.
_MISFIT = "a tagged value that does not fit its tag"


def _misfit(node: yaml.Node) -> ConstructorError:
    """A value whose explicit tag does not fit it, with its line."""
    tag = node.tag.replace("tag:yaml.org,2002:", "!!")[:40]
    return ConstructorError(None, None, f"a value tagged {tag!r} that does not fit its tag", node.start_mark)


_Constructor.add_constructor("tag:yaml.org,2002:map", _Constructor.construct_yaml_map)
_Constructor.add_constructor(_INT_TAG, _Constructor.construct_yaml_int)


class _Composer(Composer):
    """PyYAML's composer, counting nodes, depth and matters as it goes and refusing early."""

    source = ""

    def __init__(self) -> None:
        super().__init__()
        self.nodes = 0
        self.matters = 0
        self.sizes: dict[str, int] = {}
        self.in_matters: list[bool] = []
        self.matter_lists = frozenset(matter_lists())

    def _refuse(self, mark: Any, problem: str) -> InputError:
        return InputError(self.source, f"line {mark.line + 1}" if mark else "", problem)

    def _count(self, n: int, mark: Any) -> None:
        self.nodes += n
        if self.nodes > MAX_NODES:
            raise self._refuse(mark, f"more than {MAX_NODES:,} values, too large to be an applicant file")

    def compose_node(self, parent: Any, index: Any) -> Any:
        event = self.peek_event()
        if len(self.in_matters) == 2 and self.in_matters[-1] and isinstance(parent, SequenceNode):
            self.matters += 1
            if self.matters > MAX_MATTERS:
                raise self._refuse(event.start_mark,
                                   f"more than the {MAX_MATTERS:,} matters one applicant file may hold")
        if isinstance(event, AliasEvent):
            node = super().compose_node(parent, index)
            self._count(self.sizes.get(event.anchor, 1), event.start_mark)  # an alias is the values it repeats
            return node
        if len(self.in_matters) >= MAX_DEPTH:
            raise self._refuse(event.start_mark, f"nested too deeply to be an applicant file (more than {MAX_DEPTH} levels)")
        before = self.nodes
        self._count(1, event.start_mark)
        self.in_matters.append(len(self.in_matters) == 1 and isinstance(index, ScalarNode)
                               and index.value in self.matter_lists)
        node = super().compose_node(parent, index)
        self.in_matters.pop()
        if event.anchor is not None:
            self.sizes[event.anchor] = self.nodes - before
        return node


class _Loader(_Composer, _Events, _Constructor, _Resolver):
    """libyaml's events, composed and constructed under the limits above."""

    def __init__(self, stream: str, source: str) -> None:
        _Events.__init__(self, stream)
        _Composer.__init__(self)
        _Constructor.__init__(self)
        _Resolver.__init__(self)
        self.source = source


def parse_yaml(source: str, text: str) -> Any:
    """YAML text as data, with the line of any syntax error."""
    loader = None
    try:
        loader = _Loader(text, source)
        return loader.get_single_data()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = f"line {mark.line + 1}" if mark else ""
        problem = (exc.problem or exc.context or "syntax error").strip()
        raise InputError(source, line, f"not valid YAML: {problem}", "not_valid_yaml", {"problem": problem}) from None
    except yaml.YAMLError as exc:  # e.g. a control character; its second line only repeats the position
        problem = str(exc).splitlines()[0]
        raise InputError(source, "", f"not valid YAML: {problem}", "not_valid_yaml", {"problem": problem}) from None
    except RecursionError:
        raise InputError(source, "", "nested too deeply to be an applicant file", "too_deep") from None
    except (AttributeError, KeyError, IndexError, TypeError):  # a misfit tag met later (!!map [a, b])
        raise InputError(source, "", f"not valid YAML: {_MISFIT}", "not_valid_yaml", {"problem": _MISFIT}) from None
    except ValueError as exc:  # a tagged scalar PyYAML cannot convert, e.g. !!float x
        problem = str(exc).splitlines()[0] if str(exc) else "a value cannot be read"
        raise InputError(source, "", f"not valid YAML: {problem}", "not_valid_yaml", {"problem": problem}) from None
    finally:
        if loader is not None:
            loader.dispose()


#: A JSON string, quotes included (the unrolled form: no backtracking, C speed).
_JSON_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)


def json_values_at_most(text: str) -> int:
    """An upper bound of the values a JSON text holds, counted without parsing it.

    With the strings blanked, a value is the whole text, a member (one ``:``) or an
    element of an array (one ``,`` after each but the first, whose ``[`` opens it).
    """
    bare = _JSON_STRING.sub('""', text)
    return 1 + bare.count(":") + bare.count(",") + bare.count("[")


def _unique_pairs(source: str):
    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        out = dict(items)
        if len(out) != len(items):
            seen: set[str] = set()
            repeated = next(key for key, _ in items if key in seen or seen.add(key))
            raise InputError(source, "", f"not valid JSON: repeated key {repeated[:200]!r}", "repeated_key",
                             {"key": repr(repeated[:200])})
        return out
    return pairs


def _json_constant(text: str) -> NotInteger:
    return NotInteger(text)  # NaN, Infinity, -Infinity: not numbers an applicant has


def parse_json(source: str, text: str) -> Any:
    """JSON text as data: repeated keys refused, fractions and constants kept marked."""
    if json_values_at_most(text) > MAX_NODES:
        raise InputError(source, "", f"more than {MAX_NODES:,} values, too large to be an applicant file",
                         "too_many_values", {"most": f"{MAX_NODES:,}"})
    try:
        return json.loads(text, object_pairs_hook=_unique_pairs(source), parse_float=NotInteger,
                          parse_int=_integer, parse_constant=_json_constant)
    except json.JSONDecodeError as exc:
        raise InputError(source, f"line {exc.lineno}", f"not valid JSON: {exc.msg}", "not_valid_json",
                         {"problem": exc.msg}) from None
    except RecursionError:
        raise InputError(source, "", "nested too deeply to be an applicant file", "too_deep") from None


def parse_text(source: str, text: str, fmt: str | None = None) -> Any:
    """Parse YAML or JSON under the limits above: ``fmt`` ("yaml" or "json"), by default JSON
    when the file is named ``*.json``."""
    if (fmt or ("json" if source.endswith(".json") else "yaml")) == "json":
        return parse_json(source, text)
    return parse_yaml(source, text)
