"""An error line shows the file name and the key as escapes, never as what a terminal
would obey: colour codes, bidirectional overrides, line breaks (found by fuzzing)."""

from __future__ import annotations

from pathlib import Path

from inprocess import run


def test_a_key_with_terminal_controls_is_shown_escaped(tmp_path: Path) -> None:
    path = tmp_path / "a\u202eb.yaml"
    path.write_text('district: xicheng\nsectors: [data_elements]\n"\\e[31mRED\\u202e\\u2066": 1\n', encoding="utf-8")
    proc = run("optimize", str(path))
    assert proc.returncode == 2 and proc.stderr.count("\n") == 1, proc.stderr
    assert "\x1b" not in proc.stderr and "\u202e" not in proc.stderr and "\u2066" not in proc.stderr
    assert "\\x1b[31mRED\\u202e\\u2066" in proc.stderr and "a\\u202eb.yaml" in proc.stderr, proc.stderr
