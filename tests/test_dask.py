"""`policykb batch --dask`: the same records, byte for byte, from a Dask LocalCluster of two workers."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import run_cli

pytest.importorskip("distributed")



@pytest.fixture(scope="module")
def population(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """90 synthetic applicants (three runs of the shared grounding) and their local, one-worker records."""
    folder = tmp_path_factory.mktemp("dask")
    assert run_cli("synth", "--n", "90", "--seed", "11", "--out", "population.jsonl", cwd=folder).returncode == 0
    local = run_cli("batch", "population.jsonl", "--out", "local.jsonl", "--reform", "split-tongzhou-families",
                      cwd=folder)
    assert local.returncode == 0, local.stderr
    (folder / "local.summary").write_text(local.stdout.replace("local.jsonl", "RESULTS"), encoding="utf-8")
    return folder


def test_a_local_cluster_writes_the_local_records(population: Path) -> None:
    run = run_cli("batch", "population.jsonl", "--out", "dask.jsonl", "--dask", "local:2",
                    "--reform", "split-tongzhou-families", cwd=population)
    assert run.returncode == 0, run.stderr
    assert (population / "dask.jsonl").read_bytes() == (population / "local.jsonl").read_bytes()
    assert run.stdout.replace("dask.jsonl", "RESULTS") == (population / "local.summary").read_text(encoding="utf-8")


def test_resume_on_a_cluster_completes_a_cut_run(population: Path) -> None:
    whole = (population / "local.jsonl").read_bytes()
    lines = whole.splitlines(keepends=True)
    # 37 whole records and half of the 38th, as a kill leaves them.
    (population / "resumed.jsonl").write_bytes(b"".join(lines[:37]) + lines[37][: len(lines[37]) // 2])
    run = run_cli("batch", "population.jsonl", "--out", "resumed.jsonl", "--dask", "local:2", "--resume",
                    "--reform", "split-tongzhou-families", cwd=population)
    assert run.returncode == 0, run.stderr
    assert (population / "resumed.jsonl").read_bytes() == whole


@pytest.mark.parametrize("spec", ["local:0", "local:x", "lokal:2", "http://example.org", "tcp://a b"])
def test_a_bad_cluster_is_refused_before_any_work(population: Path, spec: str) -> None:
    run = run_cli("batch", "population.jsonl", "--out", "never.jsonl", "--dask", spec, cwd=population)
    assert run.returncode == 2
    assert run.stderr.startswith(f"policykb: --dask: {spec}: expected local:N") and run.stderr.count("\n") == 1
    assert not (population / "never.jsonl").exists()
