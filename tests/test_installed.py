"""The product as a user gets it: the wheel built, installed into a fresh virtual environment,
and every command run from a folder that is not the checkout.

Each command's output from the installed wheel must equal the same command run from the
checkout (same arguments, same working folder), and says what it should on its own: a
wheel that lacks a template, a document's source text or a saved query fails here.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import venv
from pathlib import Path

import pytest
from conftest import ROOT

from pycli.research import queries

EXAMPLES = sorted(p.name for p in (ROOT / "examples").glob("*.yaml"))


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("POLICYKB_", "PYTHON"))}
    env.update(extra)
    return env


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The `policykb` script of a fresh virtual environment holding only the built wheel and its dependencies."""
    base = tmp_path_factory.mktemp("installed")
    dist = base / "dist"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--disable-pip-version-check",
                    "-w", str(dist), str(ROOT)], check=True, capture_output=True, timeout=600, env=_env())
    (wheel,) = dist.glob("policykb-*.whl")
    venv.EnvBuilder(with_pip=True).create(base / "venv")
    python = base / "venv" / "bin" / "python"
    subprocess.run([str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", str(wheel)],
                   check=True, capture_output=True, timeout=900, env=_env())
    return base / "venv" / "bin" / "policykb"


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A user's own folder: copies of the shipped examples, nothing of the checkout."""
    folder = tmp_path_factory.mktemp("user")
    (folder / "examples").mkdir()
    for name in EXAMPLES:
        shutil.copy(ROOT / "examples" / name, folder / "examples" / name)
    return folder


def _run(command: list[str], cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=600, env=_env(**env))


def _shipped_examples(text: str) -> str:
    # A saved scenario names a shipped example; each side shows where its own copy is installed.
    return re.sub(r"/\S*/(?:policykb_examples|examples)/", "examples/", text)


def _both(installed: Path, workdir: Path, *args: str) -> tuple[subprocess.CompletedProcess[str], str]:
    """The installed command's run, and the checkout's output of the same command from the same folder."""
    mine = _run([str(installed), *args], workdir)
    theirs = _run([sys.executable, "-m", "pycli", *args], workdir, PYTHONPATH=str(ROOT))
    assert mine.returncode == theirs.returncode, (args, mine.stderr, theirs.stderr)
    assert mine.stderr == theirs.stderr, args
    mine.stdout = _shipped_examples(mine.stdout)
    return mine, _shipped_examples(theirs.stdout)


def test_the_installed_wheel_has_no_checkout_behind_it(installed: Path, workdir: Path) -> None:
    probe = _run([str(installed.parent / "python"), "-c",
                  "import pycli, pycli.paths as p; print(pycli.__file__); print(p.kb_dir()); print(p.queries_dir())"],
                 workdir)
    assert probe.returncode == 0, probe.stderr
    assert all("site-packages" in line and str(ROOT) not in line for line in probe.stdout.splitlines())
    version = _run([str(installed), "--version"], workdir)
    assert version.stdout.startswith("policykb, version ") and "unknown" not in version.stdout


@pytest.mark.parametrize("example", EXAMPLES)
def test_optimize_each_example(installed: Path, workdir: Path, example: str) -> None:
    mine, theirs = _both(installed, workdir, "optimize", f"examples/{example}", "--format", "json")
    assert mine.returncode == 0 and mine.stdout == theirs
    result = json.loads(mine.stdout)
    assert result["optimal"] is True and result["total"] == sum(a["amount"] for a in result["awards"]) > 0


@pytest.mark.parametrize("fmt", ["text", "md", "html", "json"])
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_explain_in_every_format_and_language(installed: Path, workdir: Path, fmt: str, lang: str) -> None:
    mine, theirs = _both(installed, workdir, "explain", "examples/xicheng-data-street.yaml",
                         "--format", fmt, "--lang", lang)
    assert mine.returncode == 0 and mine.stdout == theirs
    assert "xicheng.a" in mine.stdout
    if lang == "zh":
        assert "给予" in mine.stdout  # the Chinese original of the Xicheng sentences is quoted


@pytest.mark.parametrize("args", [
    ["clauses"],
    ["clauses", "--format", "json"],
    ["coverage"],
    ["query", "--list"],
    ["facts", "examples/tongzhou-ai-sme.yaml"],
    ["schema"],
    ["whatif", "examples/tongzhou-ai-sme.yaml", "--set", "sme=false"],
    ["compare", "examples/tongzhou-pilot-zone-platform.yaml"],
    ["sweep", "examples/tongzhou-ai-sme.yaml", "--set", "events[0].actual_expenses=0:3000000:1000000"],
    ["optimize", "examples/tongzhou-pilot-zone-platform.yaml",
     "--reform", "split-tongzhou-families"],
    ["optimize", "examples/tongzhou-ai-sme.yaml", "--format", "html", "--lang", "zh"],
    ["whatif", "examples/tongzhou-ai-sme.yaml", "--set", "sme=false", "--format", "md"],
    ["compare", "examples/tongzhou-ai-sme.yaml", "--format", "html"],
    ["assumptions", "--format", "json"],
], ids=lambda a: "-".join(a[:2] + a[-1:]))
def test_commands_agree_with_the_checkout(installed: Path, workdir: Path, args: list[str]) -> None:
    mine, theirs = _both(installed, workdir, *args)
    assert mine.returncode == 0, mine.stderr
    assert mine.stdout == theirs and mine.stdout.strip()


def test_a_user_starts_from_a_shipped_example(installed: Path, tmp_path: Path) -> None:
    listing = _run([str(installed), "examples"], tmp_path)
    assert listing.stdout.split() == [name.removesuffix(".yaml") for name in EXAMPLES]
    shown = _run([str(installed), "examples", "tongzhou-ai-sme"], tmp_path)
    assert shown.stdout == (ROOT / "examples" / "tongzhou-ai-sme.yaml").read_text(encoding="utf-8")
    (tmp_path / "my.yaml").write_text(shown.stdout, encoding="utf-8")
    mine = _run([str(installed), "optimize", "my.yaml"], tmp_path)
    assert mine.returncode == 0 and "total  3,510,000" in mine.stdout
    missing = _run([str(installed), "examples", "nowhere"], tmp_path)
    assert missing.returncode == 2 and missing.stderr.startswith("policykb: examples: nowhere: no such example")


def test_coverage_and_check_read_the_shipped_sources(installed: Path, workdir: Path) -> None:
    coverage = _run([str(installed), "coverage"], workdir)
    assert coverage.returncode == 0 and coverage.stdout.rstrip().endswith("100% mapped or noted")
    check = _run([str(installed), "check"], workdir)
    assert check.returncode == 0, check.stdout
    assert check.stdout.splitlines()[0].endswith(": clean")


def test_every_saved_query_runs(installed: Path, workdir: Path) -> None:
    listing = _run([str(installed), "query", "--list"], workdir)
    assert listing.returncode == 0, listing.stderr
    saved, scenes = queries.saved_queries(), queries.saved_scenarios()
    assert len(saved) >= 10 and len(scenes) >= 2
    assert all(name in listing.stdout for name in [*saved, *scenes])
    for name, query in saved.items():
        args = ["query", name] + (["examples/tongzhou-ai-sme.yaml"] if query.file == "required" else [])
        mine, theirs = _both(installed, workdir, *args)
        assert mine.returncode == 0 and mine.stdout == theirs and mine.stdout.strip(), name
    for name in scenes:
        mine, theirs = _both(installed, workdir, "query", name)
        assert mine.returncode == 0 and mine.stdout == theirs and mine.stdout.strip(), name


def test_batch_and_synth(installed: Path, workdir: Path) -> None:
    synth = _run([str(installed), "synth", "--n", "12", "--seed", "3", "--out", "population.jsonl"], workdir)
    assert synth.returncode == 0, synth.stderr
    assert len((workdir / "population.jsonl").read_text(encoding="utf-8").splitlines()) == 12
    mine = _run([str(installed), "batch", "population.jsonl", "--out", "installed.jsonl",
                 "--report", "report.html"], workdir)
    theirs = _run([sys.executable, "-m", "pycli", "batch", "population.jsonl", "--out", "checkout.jsonl"], workdir,
                  PYTHONPATH=str(ROOT))
    assert mine.returncode == theirs.returncode == 0, mine.stderr + theirs.stderr
    assert (workdir / "installed.jsonl").read_text(encoding="utf-8") == \
        (workdir / "checkout.jsonl").read_text(encoding="utf-8")
    assert "<svg" in (workdir / "report.html").read_text(encoding="utf-8")


def test_another_knowledge_base_by_environment(installed: Path, workdir: Path, tmp_path: Path) -> None:
    kb = tmp_path / "kb"
    shutil.copytree(ROOT / "kb", kb, ignore=shutil.ignore_patterns("__pycache__", "__init__.py"))
    rules = kb / "documents" / "tongzhou_digital_economy" / "rules.lp"
    rules.write_text(rules.read_text(encoding="utf-8").replace(
        'law("tongzhou_de.a4.growth", amount, yuan(200000)).', 'law("tongzhou_de.a4.growth", amount, yuan(100000)).'),
        encoding="utf-8")
    base = _run([str(installed), "optimize", "examples/tongzhou-ai-sme.yaml", "--format", "json"], workdir)
    other = _run([str(installed), "optimize", "examples/tongzhou-ai-sme.yaml", "--format", "json"], workdir,
                 POLICYKB_KB=str(kb))
    assert base.returncode == other.returncode == 0, other.stderr
    assert json.loads(base.stdout)["total"] - json.loads(other.stdout)["total"] == 100_000


def test_serve_from_the_installed_wheel(installed: Path, workdir: Path) -> None:
    """`policykb serve` of the wheel answers with its form, its static files and the same optimum."""
    import httpx
    from service_server import server

    with server(command=[str(installed)], cwd=workdir, env=_env()) as url:
        page = httpx.get(f"{url}/")
        assert page.status_code == 200 and "/static/form.js" in page.text
        for name in ("form.js", "form.css", "docs.js"):
            assert httpx.get(f"{url}/static/{name}").status_code == 200, name
        body = {"applicant_text": (workdir / "examples" / "tongzhou-ai-sme.yaml").read_text(encoding="utf-8")}
        reply = httpx.post(f"{url}/optimize", json=body, timeout=120)
        mine, theirs = _both(installed, workdir, "optimize", "examples/tongzhou-ai-sme.yaml", "--format", "json")
        assert reply.json()["total"] == json.loads(theirs)["total"] == 3_510_000
