"""Unix manners of the command line: ``-`` reads the applicant from standard input, the
version is the installed one, and docs/cli.md documents every command ``--help`` lists."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from importlib import metadata
from pathlib import Path

import pytest
import yaml
from conftest import ROOT, run_cli

EXAMPLE = ROOT / "examples" / "tongzhou-ai-sme.yaml"


def _piped(args: list[str], text: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "pycli", *args], cwd=ROOT, input=text, capture_output=True,
                          text=True, timeout=300)


def _as_json(path: Path) -> str:
    return json.dumps(yaml.safe_load(path.read_text(encoding="utf-8")), default=str)


def test_optimize_reads_yaml_and_json_from_standard_input_as_it_reads_the_file() -> None:
    from_file = json.loads(run_cli("optimize", str(EXAMPLE), "--format", "json").stdout)
    for text in (EXAMPLE.read_text(encoding="utf-8"), _as_json(EXAMPLE)):
        piped = _piped(["optimize", "-", "--format", "json"], text)
        assert piped.returncode == 0, piped.stderr
        answer = json.loads(piped.stdout)
        assert answer["source"] == "<stdin>"
        assert {**answer, "source": from_file["source"]} == from_file


@pytest.mark.parametrize("command", [["facts"], ["explain", "--format", "json"], ["whatif", "--set", "district=chaoyang"],
                                     ["compare", "--districts", "xicheng,tongzhou"]])
def test_every_applicant_command_takes_standard_input(command: list[str]) -> None:
    name, rest = command[0], command[1:]
    from_file = run_cli(name, str(EXAMPLE), *rest)
    piped = _piped([name, "-", *rest], EXAMPLE.read_text(encoding="utf-8"))
    assert piped.returncode == from_file.returncode == 0, piped.stderr
    # JSON writes the name of standard input with < and > escaped.
    shown = piped.stdout.replace("\\u003cstdin\\u003e", "<stdin>").replace("<stdin>", str(EXAMPLE))
    assert shown == from_file.stdout


def test_input_format_says_how_to_read_standard_input() -> None:
    # A YAML file read as JSON is refused as JSON, naming standard input; read as YAML it solves.
    refused = _piped(["optimize", "-", "--input-format", "json"], EXAMPLE.read_text(encoding="utf-8"))
    assert refused.returncode == 2
    assert refused.stderr.startswith("policykb: <stdin>: line 1: not valid JSON")
    assert _piped(["optimize", "-", "--input-format", "yaml"], _as_json(EXAMPLE)).returncode == 0


@pytest.mark.parametrize("text,needle", [("", "<stdin>: the file is empty"),
                                         ('{"district": ', "<stdin>: line 1: not valid JSON"),
                                         ("district: [\n", "<stdin>: line 2: not valid YAML")])
def test_bad_standard_input_is_one_line_and_status_2(text: str, needle: str) -> None:
    piped = _piped(["optimize", "-"], text)
    assert piped.returncode == 2
    assert piped.stdout == ""
    assert len(piped.stderr.strip().splitlines()) == 1
    assert needle in piped.stderr


def test_the_version_is_the_installed_metadata_and_written_nowhere_else() -> None:
    assert run_cli("--version").stdout.strip() == f"policykb, version {metadata.version('policykb')}"
    written = [str(p.relative_to(ROOT)) for p in (ROOT / "pycli").rglob("*.py")
               if re.search(r"""^\s*(__version__|VERSION|version)\s*=\s*["']\d+\.\d""", p.read_text(encoding="utf-8"), re.M)]
    assert written == []


def _commands() -> list[str]:
    listing = run_cli("--help").stdout.split("Commands:", 1)[1]
    return [line.split()[0] for line in listing.splitlines() if line.startswith("  ") and line.split()]


def test_docs_cli_md_documents_every_command() -> None:
    doc = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    synopsis = doc.split("```", 2)[1]
    headings = [line for line in doc.splitlines() if line.startswith("#")]
    commands = _commands()
    assert len(commands) >= 13
    for command in commands:
        assert re.search(rf"^policykb {command}\b", synopsis, re.M), f"{command} is not in the synopsis of docs/cli.md"
        assert any(f"`{command}" in h or f"policykb {command}" in h for h in headings), \
            f"{command} has no section of docs/cli.md"


def test_docs_cli_md_states_the_status_of_knowledge_base_problems() -> None:
    doc = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    assert "| 6 | `EXIT_KB_PROBLEMS` |" in doc
