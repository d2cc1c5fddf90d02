"""docs/api.md's curl examples, run against a live `policykb serve`: each command's output holds
every line of the ``output`` block that follows it."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest
from service_server import ROOT, server

DOC = ROOT / "docs" / "api.md"
BLOCK = re.compile(r"```sh\n(.*?)```\s*```output\n(.*?)```", re.S)


def examples() -> list[tuple[str, str]]:
    return BLOCK.findall(DOC.read_text(encoding="utf-8"))


def test_the_document_has_examples() -> None:
    found = examples()
    assert len(found) >= 8 and all("curl" in command for command, _ in found)


@pytest.mark.skipif(shutil.which("curl") is None, reason="curl is not installed")
def test_every_curl_example_gives_its_output() -> None:
    with server() as url:
        for command, expected in examples():
            done = subprocess.run(["bash", "-c", "set -o pipefail; " + command.replace("http://127.0.0.1:8000", url)],
                                  cwd=ROOT, capture_output=True, text=True, timeout=120)
            assert done.returncode in (0, 141), (command, done.stderr)  # 141: head closed the pipe
            for line in expected.splitlines():
                if line.strip():
                    assert line in done.stdout, (command, line, done.stdout[:2000])
