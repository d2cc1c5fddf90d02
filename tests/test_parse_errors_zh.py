"""A file that cannot be parsed or is too large is refused in the user's language: the
one line names the file and the place (第 N 行), says the problem in Chinese, exit 2."""

from __future__ import annotations

from pathlib import Path

import pytest
from inprocess import run

BROKEN = {
    "unclosed.yaml": ("name: [unclosed\n", "第 2 行: 不是有效的 YAML："),
    "repeated.yaml": ("name: a\nname: b\n", "不是有效的 YAML：repeated key 'name'"),
    "repeated.json": ('{"name": "a", "name": "b"}', "不是有效的 JSON：键 'name' 重复"),
    "cut.json": ('{"name": ', "第 1 行: 不是有效的 JSON："),
    "deep.json": ("[" * 100_000 + "]" * 100_000, "嵌套层数过多"),
    "binary.yaml": ("name: a\x00b\n", "二进制数据"),
}


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_a_file_that_cannot_be_read_is_refused_in_chinese(name: str, tmp_path: Path) -> None:
    text, said = BROKEN[name]
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    proc = run("optimize", str(path), "--lang", "zh")
    assert proc.returncode == 2 and proc.stderr.count("\n") == 1, proc.stderr
    assert proc.stderr.startswith(f"policykb: {path}: ") and said in proc.stderr, proc.stderr
    english = run("optimize", str(path))
    assert english.returncode == 2 and any(w in english.stderr for w in ("not valid", "nested", "binary")), english.stderr
