"""A batch reads only regular files of a folder, its workers end with it, and a batch killed at
any point resumes to exactly the uninterrupted records (issue 15, items 7, 8 and 9)."""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import CASES, ROOT, run_cli

from pycli.populations import inputs as batch_input


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A folder with one applicant and every kind of entry that is not a regular file inside it."""
    root = tmp_path / "in"
    root.mkdir()
    shutil.copy(CASES / "V08.yaml", root / "a.yaml")
    (root / "link.yaml").symlink_to("/etc/passwd")
    (root / "inside.yaml").symlink_to(root / "a.yaml")  # even a link inside: links are not followed
    (root / "dangling.yaml").symlink_to(tmp_path / "nowhere.yaml")
    (root / "loop.yaml").symlink_to(root / "loop.yaml")
    os.mkfifo(root / "fifo.yaml")
    (root / "sub.yaml").mkdir()
    (root / "README.md").write_text("not an applicant\n", encoding="utf-8")
    (root / ".hidden.yaml").write_text("district: tongzhou\n", encoding="utf-8")
    return root


LINK = "a symbolic link, not followed: only regular files inside the folder are read"
NOT_READ = {"dangling.yaml": LINK, "fifo.yaml": "not a regular file (a FIFO, socket or device), not read",
            "inside.yaml": LINK, "link.yaml": LINK, "loop.yaml": LINK, "sub.yaml": "a folder, not an applicant file"}


def test_a_folder_yields_its_regular_files_and_reports_every_other_entry(folder: Path) -> None:
    entries = list(batch_input.read(str(folder)))
    assert [e.key for e in entries] == sorted(["a.yaml", *NOT_READ])
    for entry in entries:
        if entry.key == "a.yaml":
            assert (entry.path, entry.problem) == (str(folder / "a.yaml"), None)
        else:
            assert entry.path is None and entry.problem == f"{folder / entry.key}: {NOT_READ[entry.key]}"
    assert batch_input.count(str(folder)) == len(entries)
    assert batch_input.skipped(str(folder)) == [".hidden.yaml", "README.md"]


def test_batch_over_such_a_folder_records_each_entry_and_names_the_skipped(folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "r.jsonl"
    proc = run_cli("batch", str(folder), "--out", str(out))
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == (f"policykb: note: {folder}: skipped 2 entries not named *.yaml, *.yml or *.json: "
                           "'.hidden.yaml', 'README.md'\n")
    text = out.read_text(encoding="utf-8")
    assert "root:" not in text  # nothing of /etc/passwd reached a record
    records = {r["key"]: r for r in map(json.loads, text.splitlines())}
    assert records["a.yaml"]["total"] == 1_000_000  # tests/cases/expected.yaml: V08
    for name, problem in NOT_READ.items():
        assert (records[name]["error"], records[name]["exit_status"]) == (f"{folder / name}: {problem}", 2)


# --- workers and their parent ----------------------------------------------------------------


def _children(pid: int) -> set[int]:
    found = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.add(int(entry.name))
    return found


def _alive(pid: int) -> bool:
    try:
        state = (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def _population(tmp_path: Path, n: int, seed: int) -> Path:
    population = tmp_path / "pop.jsonl"
    assert run_cli("synth", "--n", str(n), "--seed", str(seed), "--out", str(population)).returncode == 0
    return population


#: Children run in their own folders, with this checkout's pycli (not an installed one).
ENV = {**os.environ, "PYTHONPATH": str(ROOT)}


def _batch(population: Path, cwd: Path, *extra: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-m", "pycli", "batch", str(population), "--out", "results.jsonl",
                           "--workers", "2", *extra], cwd=cwd, capture_output=True, timeout=900, env=ENV)


def _start(population: Path, cwd: Path, *extra: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "pycli", "batch", str(population), "--out", "results.jsonl",
                             "--workers", "2", *extra], cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            env=ENV)


def _wait_for_lines(child: subprocess.Popen, out: Path, lines: int) -> None:
    guard = time.monotonic() + 300  # a safety net against a hang, not a timing assertion
    while not (out.exists() and out.read_bytes().count(b"\n") >= lines):
        assert child.poll() is None, "the batch ended before it could be interrupted"
        assert time.monotonic() < guard, "no records appeared"
        time.sleep(0.02)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
@pytest.mark.parametrize("how", [signal.SIGKILL, signal.SIGTERM], ids=["kill-9", "term"])
def test_workers_end_when_their_parent_is_killed(tmp_path: Path, how: signal.Signals) -> None:
    population = _population(tmp_path, 200, 3)
    child = _start(population, tmp_path)
    workers: set[int] = set()
    try:
        _wait_for_lines(child, tmp_path / "results.jsonl", 1)
        workers = _children(child.pid)
        assert len(workers) >= 2
        child.send_signal(how)
        child.wait()
        guard = time.monotonic() + 30  # the watchdog looks once a second; the kernel at once
        while any(_alive(pid) for pid in workers) and time.monotonic() < guard:
            time.sleep(0.1)
        assert not [pid for pid in workers if _alive(pid)], "workers outlived their parent"
    finally:
        child.kill()
        child.wait()
        for pid in workers:  # never leave a stray process behind, whatever failed
            if _alive(pid):
                os.kill(pid, signal.SIGKILL)


def test_a_two_worker_batch_killed_at_random_points_resumes_to_the_uninterrupted_run(tmp_path: Path) -> None:
    # 130 applicants: four runs of solve.CHUNK (40) for two workers, so that kills land
    # inside a run's lines, between runs, and while both workers are busy.
    population = _population(tmp_path, 130, 8)
    whole = tmp_path / "whole"
    whole.mkdir()
    assert _batch(population, whole).returncode == 0
    expected = (whole / "results.jsonl").read_bytes()
    assert expected.count(b"\n") == 130
    rng = random.Random(15)
    for point in sorted(rng.sample(range(1, 125), 3)):
        cut = tmp_path / f"cut{point}"
        cut.mkdir()
        out = cut / "results.jsonl"
        child = _start(population, cut)
        try:
            _wait_for_lines(child, out, point)
            child.send_signal(signal.SIGKILL)
        finally:
            child.wait()
        kept = out.read_bytes()
        assert expected.startswith(kept[: kept.rfind(b"\n") + 1])  # a prefix of whole records
        resumed = _batch(population, cut, "--resume")
        assert resumed.returncode == 0, resumed.stderr
        assert out.read_bytes() == expected, f"killed after {point} records"
