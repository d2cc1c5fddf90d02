"""What is kept between runs is reused only when current and whole: compiled templates
(pycli/reports/template_cache.py) and parsed package YAML (pycli/shipped_yaml.py)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import jinja2
import pytest
from conftest import checkout_env

from pycli import shipped_yaml
from pycli.reports.template_cache import TemplateCache

ROOT = Path(__file__).resolve().parent.parent


def _render(folder: Path, source: str, kind: str = "txt") -> str:
    env = jinja2.Environment(loader=jinja2.DictLoader({"t.j2": source}),
                             bytecode_cache=TemplateCache(folder, kind, Path(__file__)))
    return env.get_template("t.j2").render(x="X")


def test_a_compiled_template_is_written_once_and_read_back(tmp_path: Path) -> None:
    assert _render(tmp_path, "a {{ x }}") == "a X"
    files = list(tmp_path.iterdir())
    assert len(files) == 1
    written = files[0].read_text()
    assert _render(tmp_path, "a {{ x }}") == "a X"
    assert files[0].read_text() == written


def test_a_changed_template_is_compiled_again_not_read_from_the_cache(tmp_path: Path) -> None:
    _render(tmp_path, "a {{ x }}")
    assert _render(tmp_path, "b {{ x }}") == "b X"


def test_an_edited_or_truncated_cache_file_is_never_trusted(tmp_path: Path) -> None:
    _render(tmp_path, "a {{ x }}")
    [path] = tmp_path.iterdir()
    digest, _, code = path.read_text().partition("\n")
    other = tmp_path / "other"
    _render(other, "zzz {{ x }}")
    [foreign] = other.iterdir()
    for broken in (digest + "\n" + code[: len(code) // 2], digest + "\n" + foreign.read_text().partition("\n")[2],
                   "not a digest\n" + code, ""):
        path.write_text(broken)
        assert _render(tmp_path, "a {{ x }}") == "a X"


def test_environments_of_other_kinds_keep_their_own_files(tmp_path: Path) -> None:
    _render(tmp_path, "a {{ x }}", "txt")
    _render(tmp_path, "a {{ x }}", "md")
    assert len(list(tmp_path.iterdir())) == 2


def test_optimize_runs_the_same_with_a_cache_that_cannot_be_written(tmp_path: Path) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("a file where the cache folder would be")
    example = ROOT / "examples" / "tongzhou-ai-sme.yaml"
    outputs = []
    for cache in (blocked, tmp_path / "cache", tmp_path / "cache"):
        proc = subprocess.run([sys.executable, "-m", "pycli", "optimize", str(example)], cwd=tmp_path,
                              env=checkout_env(POLICYKB_CACHE=str(cache)),
                              capture_output=True, text=True)
        assert proc.returncode == 0, proc.stderr
        outputs.append(proc.stdout)
    assert outputs[0] == outputs[1] == outputs[2]
    assert any(p.name.startswith("template-") for p in (tmp_path / "cache").iterdir())


SHIPPED = "words:\n  - tongzhou: {zh: 通州区}\n  - 2024\nwhen: 2024-01-01\n"


def test_shipped_yaml_reads_back_the_same_data_from_its_cache(tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("POLICYKB_CACHE", str(tmp_path))
    first = shipped_yaml.read("a: [1, 2, {b: 通州}]\n")
    assert [p.name[:5] for p in tmp_path.iterdir()] == ["yaml-"]
    assert shipped_yaml.read("a: [1, 2, {b: 通州}]\n") == first == {"a": [1, 2, {"b": "通州"}]}


def test_shipped_yaml_never_trusts_an_edited_or_truncated_cache_file(tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("POLICYKB_CACHE", str(tmp_path))
    shipped_yaml.read("a: 1\n")
    [path] = tmp_path.iterdir()
    digest, _, code = path.read_text().partition("\n")
    shipped_yaml.read("a: 2\n")
    [other] = [p for p in tmp_path.iterdir() if p != path]
    for broken in (digest + "\n" + code[:-4], digest + "\n" + other.read_text().partition("\n")[2], "x", ""):
        path.write_text(broken)
        assert shipped_yaml.read("a: 1\n") == {"a": 1}


def test_shipped_yaml_parses_each_time_what_marshal_cannot_keep(tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("POLICYKB_CACHE", str(tmp_path))
    assert shipped_yaml.read(SHIPPED) == shipped_yaml.parse(SHIPPED)  # a date: marshal has no dates
    assert not list(tmp_path.iterdir())
