"""Every output format, rendered from the one result model through templates/."""

from __future__ import annotations

import json
import unicodedata
from functools import cache
from pathlib import Path
from typing import Any

import jinja2

from pycli import paths, shipped_yaml
from pycli.input.labels import both, label
from pycli.reports import escape
from pycli.reports.escape import visible
from pycli.reports.template_cache import TemplateCache

#: The formats of optimize, whatif and compare: one result model, a template each.
FORMATS = ("text", "json", "md", "html")
EXPLAIN_FORMATS = ("text", "md", "html", "json")
LANGUAGES = ("en", "zh")

#: Parameters that are money: formatted as whole yuan with separators.
MONEY_PARAMS = {"amount", "base", "result", "cap", "gross", "requested", "trimmed", "this_award",
                "other", "other_amount", "optimum", "here", "there", "used", "left", "earliest"}


def yuan(amount: int) -> str:
    """Whole yuan with thousands separators (the only money formatting)."""
    return f"{amount:,}"


def wan(amount: int) -> str:
    """Whole yuan in 万元 as a Chinese reader says it, exactly: 2,000,000 -> ``200 万元``,
    1,234,567 -> ``123.4567 万元`` (a division by 10^4 in integers, never a float)."""
    if not isinstance(amount, int) or isinstance(amount, bool):
        raise TypeError(f"wan takes whole yuan as an int, got {amount!r}")
    sign, whole = ("-" if amount < 0 else ""), abs(amount)
    tens_of_thousands, rest = divmod(whole, 10_000)
    fraction = f".{rest:04d}".rstrip("0") if rest else ""
    return f"{sign}{tens_of_thousands:,}{fraction} 万元"


def money_zh(amount: int) -> str:
    """万元 with the exact yuan alongside: ``200 万元（2,000,000 元）``; under 万元 just 元."""
    if abs(amount) < 10_000:
        return f"{yuan(amount)} 元"
    return f"{wan(amount)}（{yuan(amount)} 元）"


def json_line(value: Any) -> str:
    """One JSON value on one line, for JSON Lines files: UTF-8 kept, keys in their order.

    json.dumps escapes the control characters; the three other characters that
    str.splitlines breaks at are escaped too, so the only line break is the template's.
    """
    text = json.dumps(value, ensure_ascii=False)
    return text.replace("\x85", "\\u0085").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


#: How each kind of template finalizes what it prints: by the name's last extension
#: before ``.j2``.  HTML and SVG are escaped by Jinja's autoescape; JSON and CSV are
#: written by their serializers.
_FINALIZE = {"txt": escape.finalize_text, "md": escape.finalize_markdown}


def _kind(template: str) -> str:
    """``txt`` for ``optimize.txt.j2``, ``md`` for ``explain.md.j2``, else ``other``."""
    parts = template.split(".")
    kind = parts[-2] if len(parts) >= 3 and parts[-1] == "j2" else "other"
    return kind if kind in _FINALIZE else "other"


@cache
def environment(kind: str = "other") -> jinja2.Environment:
    """The template environment of one kind of template (``txt``, ``md``, ``other``):
    templates are package data beside this module, compiled once and cached (template_cache)."""
    folder = paths.cache_dir()
    env = jinja2.Environment(
        bytecode_cache=TemplateCache(folder, kind, Path(__file__)) if folder is not None else None,
        loader=jinja2.PackageLoader("pycli.reports", "templates"),
        undefined=jinja2.StrictUndefined, keep_trailing_newline=True,
        trim_blocks=True, lstrip_blocks=True, finalize=_FINALIZE.get(kind),
        autoescape=jinja2.select_autoescape(enabled_extensions=("html", "html.j2", "svg.j2"),
                                            default_for_string=False))
    env.filters["yuan"] = yuan
    env.filters["wan"] = wan
    env.filters["money_zh"] = money_zh
    env.filters["json_line"] = json_line
    env.filters["code"] = escape.code
    env.filters["ljust_w"] = ljust
    env.filters["rjust_w"] = rjust
    env.filters["label"] = _label_filter
    env.filters["field"] = _field_filter
    env.filters["kind_label"] = _kind_filter
    env.filters["place"] = _place_filter
    env.filters["money"] = _money_filter
    env.filters["district_line"] = _district_line
    env.filters["band"] = _band
    env.filters["display_width"] = width
    env.policies["json.dumps_kwargs"] = {"ensure_ascii": False, "indent": 2, "sort_keys": False}
    return env


#: The files of the message catalogue in templates/: the explanation's sentences
#: (labels.yaml) and every other command's (messages.yaml).  Together they are one
#: catalogue: a key is in one file only, and in both languages (tests/test_language.py).
CATALOGUE_FILES = ("labels.yaml", "messages.yaml")


@cache
def catalogue_files() -> dict[str, dict[str, dict[str, str]]]:
    """Each catalogue file's sentences by language."""
    env = environment()
    return {name: shipped_yaml.read(env.loader.get_source(env, name)[0])  # type: ignore[union-attr]
            for name in CATALOGUE_FILES}


@cache
def labels() -> dict[str, dict[str, str]]:
    """The message catalogue: every sentence a person reads, by code, per language."""
    merged: dict[str, dict[str, str]] = {lang: {} for lang in LANGUAGES}
    for found in catalogue_files().values():
        for lang in LANGUAGES:
            merged[lang].update(found.get(lang) or {})
    return merged


def _label_filter_impl(lang: str, word: Any, section: str = "words") -> str:
    return both(lang, str(word), section) if word not in (None, "") else ""


@jinja2.pass_context
def _label_filter(ctx: Any, word: Any, section: str = "words") -> str:
    """A vocabulary word as a person reads it: in zh ``西城区（xicheng）``, in en the word."""
    return _label_filter_impl(ctx.get("lang", "en"), word, section)


@jinja2.pass_context
def _kind_filter(ctx: Any, word: Any) -> str:
    return _label_filter_impl(ctx.get("lang", "en"), word, "kinds")


@jinja2.pass_context
def _field_filter(ctx: Any, path: Any) -> str:
    return field_shown(ctx.get("lang", "en"), str(path))


#: How compare names a place in the pilot zone: the district's word and this suffix.
PILOT_SUFFIX = "+pilot_zone"


def place(lang: str, name: str) -> str:
    """A place of compare: ``xicheng``, or ``tongzhou+pilot_zone``; in zh with labels."""
    district, pilot = (name[: -len(PILOT_SUFFIX)], True) if name.endswith(PILOT_SUFFIX) else (name, False)
    shown = both(lang, district)
    if pilot:
        shown += PILOT_SUFFIX if lang == "en" else "+" + both(lang, "pilot_zone")
    return shown


@jinja2.pass_context
def _money_filter(ctx: Any, amount: int) -> str:
    """A sum a person reads: in zh ``200 万元（2,000,000 元）``, in en ``2,000,000``."""
    return money_zh(amount) if ctx.get("lang", "en") == "zh" else yuan(amount)


@jinja2.pass_context
def _district_line(ctx: Any, name: str) -> str:
    """A district row of a batch summary: ``xicheng``, or ``tongzhou (pilot zone)``."""
    lang = ctx.get("lang", "en")
    if lang == "en":
        return name
    if name.endswith(" (pilot zone)"):
        return place(lang, name.removesuffix(" (pilot zone)") + PILOT_SUFFIX)
    return both(lang, name)


@jinja2.pass_context
def _band(ctx: Any, band: Any) -> str:
    """A histogram band's label; the last, open one said in the language."""
    if band.high is None:
        return say(ctx.get("lang", "en"), "b_band_over", {"edge": yuan(band.low - 1)})
    return str(band.label)


@jinja2.pass_context
def _place_filter(ctx: Any, name: str) -> str:
    return place(ctx.get("lang", "en"), name)


def field_shown(lang: str, path: str) -> str:
    """A field path as an error or trace names it: in zh with its last field's label,
    ``projects[0].level（级别）``; in en the path."""
    if lang == "en" or not path:
        return path
    last = path.rsplit(".", 1)[-1].split("[", 1)[0]
    shown = label(lang, last, "fields")
    return path if shown == last else f"{path}（{shown}）"


#: Parameters that are a vocabulary word, a field or a kind: in Chinese shown with their label.
WORD_PARAMS = {"value": "words", "values": "words", "flag": "words", "tier": "words", "district": "words",
               "required": "words", "applicant": "words", "field": "fields", "kind": "kinds"}


def _shown(lang: str, key: str, value: Any, documents: dict[str, str]) -> Any:
    if key in MONEY_PARAMS and isinstance(value, int) and not isinstance(value, bool):
        return money_zh(value) if lang == "zh" and key == "amount" else yuan(value)
    section = WORD_PARAMS.get(key) if lang != "en" else None
    if key == "values" and isinstance(value, str):  # instrument.py joins a pool's words with ", "
        value = value.split(", ")
    if isinstance(value, list):
        return ("、" if section else ", ").join(both(lang, str(v), section) if section else str(v) for v in value)
    if value is None:
        return ""
    if section and isinstance(value, str):
        return both(lang, value, section)
    if key in ("left", "right") and lang != "en" and isinstance(value, str):
        # instrument.py names a parameter of the law "NAME (parameter)"
        if value.endswith(" (parameter)"):
            return say(lang, "param_ref", {"name": value.removesuffix(" (parameter)")})
        return both(lang, value, "fields")
    if key == "document" and lang != "en" and str(value) in documents:
        return documents[str(value)]
    return value


def say(lang: str, code: str, params: dict[str, Any] | None = None,
        documents: dict[str, str] | None = None) -> str:
    """One coded sentence in ``lang``, with money formatted; in Chinese the words, fields
    and kinds it names carry their labels, and documents (id -> title in ``documents``)
    their titles."""
    shown = {k: _shown(lang, k, v, documents or {}) for k, v in (params or {}).items()}
    sentence = labels()[lang].get(code) or labels()["en"].get(code, code)
    try:
        return sentence.format(**shown)
    except (KeyError, IndexError):
        return f"{code} {shown}"


def render(template: str, lang: str = "en", **context: Any) -> str:
    """Render one template of templates/ in ``lang``: ``say`` and the label filters speak it."""
    context.setdefault("say", lambda code, params=None: say(lang, code, params))
    return environment(_kind(template)).get_template(template).render(lang=lang, **context)


def width(cell: str) -> int:
    """The columns a text takes in a terminal as printed (layout characters escaped,
    visible): a Chinese character takes two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in visible(cell))


def ljust(cell: Any, columns: int) -> str:
    """``cell`` as printed, padded on the right to ``columns`` terminal columns."""
    shown = visible(str(cell))
    return shown + " " * max(0, columns - width(shown))


def rjust(cell: Any, columns: int) -> str:
    """``cell`` as printed, padded on the left to ``columns`` terminal columns."""
    shown = visible(str(cell))
    return " " * max(0, columns - width(shown)) + shown


def widths(rows: list[list[str]]) -> list[int]:
    """Column widths (in terminal columns) for a plain-text table."""
    return [max(width(row[i]) for row in rows) for i in range(len(rows[0]))] if rows else []
