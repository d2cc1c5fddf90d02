"""What the product reads back that it wrote is verified first (issue 15, items 4 and 6):
the shared-grounding rewrite cache by its digest, resumed batch records by their fields
and digest.  Anything that does not verify is rebuilt or redone, never trusted."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import CASES, ROOT

from pycli import paths
from pycli.engine import indexed, solve
from pycli.populations import records


def _cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, indexed.Indexed]:
    monkeypatch.setenv("POLICYKB_CACHE", str(tmp_path))
    made = indexed.cached(paths.kb_entry(), solve.parse_kb)
    (file,) = tmp_path.glob("indexed-*.json")
    return file, made


def _edit_amount(record: dict) -> dict:
    # An edit that changes amounts silently if trusted: every 500000 in the rewritten
    # program becomes 900000 (the T7 ceiling of 500,000 yuan a standard).
    return {**record, "program": record["program"].replace("500000", "900000")}


EDITS = {
    "an amount changed": _edit_amount,
    "the digest removed": lambda r: {k: v for k, v in r.items() if k != "digest"},
    "a signature dropped": lambda r: {**r, "indexed": r["indexed"][1:]},
    "signatures of the wrong type": lambda r: {**r, "indexed": [["x", "1"]], "digest": r["digest"]},
    "the digest of another file": lambda r: {**r, "program": r["program"] + "\n", "digest": r["digest"]},
    "not a mapping": lambda r: [r],
}


@pytest.mark.parametrize("edit", list(EDITS))
def test_an_edited_cache_is_rebuilt_not_trusted(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, edit: str) -> None:
    file, made = _cache(tmp_path, monkeypatch)
    stored = json.loads(file.read_text(encoding="utf-8"))
    assert "500000" in stored["program"]
    file.write_text(json.dumps(EDITS[edit](stored)), encoding="utf-8")
    rebuilt: list[bool] = []

    def parse() -> list:
        rebuilt.append(True)
        return solve.parse_kb()

    read = indexed.cached(paths.kb_entry(), parse)
    assert rebuilt == [True]
    assert [str(s) for s in read.statements] == [str(s) for s in made.statements]
    # ... and the cache was written again, whole: the next read trusts it.
    assert json.loads(file.read_text(encoding="utf-8")) == stored
    indexed.cached(paths.kb_entry(), lambda: pytest.fail("a cache that verifies is read, not rebuilt"))


@pytest.mark.parametrize("cut", [0, 10, 1000])
def test_a_truncated_cache_is_rebuilt(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cut: int) -> None:
    file, made = _cache(tmp_path, monkeypatch)
    file.write_bytes(file.read_bytes()[:cut])
    read = indexed.cached(paths.kb_entry(), solve.parse_kb)
    assert [str(s) for s in read.statements] == [str(s) for s in made.statements]


def test_an_edited_cache_cannot_change_a_batch_amount(tmp_path: Path) -> None:
    # Through the real command line: the same batch before and after editing the cache.
    cache = tmp_path / "cache"
    env_cache = {"POLICYKB_CACHE": str(cache)}
    first, second = tmp_path / "r1.jsonl", tmp_path / "r2.jsonl"
    assert _batch(first, env_cache).returncode == 0
    (file,) = cache.glob("indexed-*.json")
    file.write_text(json.dumps(_edit_amount(json.loads(file.read_text(encoding="utf-8")))), encoding="utf-8")
    assert _batch(second, env_cache).returncode == 0
    assert first.read_text(encoding="utf-8") == second.read_text(encoding="utf-8").replace(str(second), str(first))


def _batch(out: Path, env: dict[str, str], *extra: str) -> subprocess.CompletedProcess[str]:
    inputs = out.parent / "in.jsonl"
    if not inputs.exists():
        cases = [json.loads(json.dumps(yaml.safe_load((CASES / f"{n}.yaml").read_text()), default=str))
                 for n in ("V08", "V12", "V15")]
        inputs.write_text("".join(json.dumps(c) + "\n" for c in cases), encoding="utf-8")
    return subprocess.run([sys.executable, "-m", "pycli", "batch", str(inputs), "--out", str(out), *extra],
                          cwd=ROOT, capture_output=True, text=True, timeout=600, env={**os.environ, **env})


# --- resumed records ---------------------------------------------------------------------------

OUTCOME = {"key": "a", "source": "in.jsonl:1", "reform": None, "applicant": "a", "district": "tongzhou",
           "pilot_zone": False, "evaluation_date": "2026-06-01", "total": 5, "optimal": True, "awards": []}
ERROR = {"key": "b", "source": "in.jsonl:2", "reform": None, "error": "in.jsonl:2: district: bad", "exit_status": 2}


@pytest.mark.parametrize("record", [OUTCOME, ERROR], ids=["outcome", "error"])
def test_a_sealed_record_is_complete(record: dict) -> None:
    sealed = records.seal(record)
    assert records.complete(json.loads(json.dumps(sealed)))


@pytest.mark.parametrize("damage", [
    lambda r: {k: v for k, v in r.items() if k not in ("total",)},
    lambda r: {k: v for k, v in r.items() if k not in ("awards",)},
    lambda r: {k: v for k, v in r.items() if k != "reform"},
    lambda r: {k: v for k, v in r.items() if k != "digest"},
    lambda r: {"key": r["key"], "source": r["source"]},
    lambda r: {**r, "total": r["total"] + 1},
    lambda r: {**r, "total": True},
    lambda r: {**r, "digest": "0" * 64},
], ids=["no-total", "no-awards", "no-reform", "no-digest", "key-and-source-only", "total-edited", "total-bool",
        "wrong-digest"])
def test_a_damaged_record_is_not_complete(damage) -> None:
    assert not records.complete(damage(records.seal(OUTCOME)))


def test_resume_redoes_a_record_that_is_not_whole_and_ends_with_each_once(tmp_path: Path) -> None:
    out = tmp_path / "r.jsonl"
    assert _batch(out, {}).returncode == 0
    whole = out.read_text(encoding="utf-8").splitlines()
    first = json.loads(whole[0])
    # The first record replaced by one holding only key and source (once taken as done,
    # so that applicant was never evaluated), the second edited, the third kept.
    edited = json.loads(whole[1])
    edited["total"] += 1
    out.write_text("\n".join([json.dumps({"key": first["key"], "source": first["source"]}),
                              json.dumps(edited), whole[2]]) + "\n", encoding="utf-8")
    proc = _batch(out, {}, "--resume")
    assert proc.returncode == 0, proc.stderr
    resumed = out.read_text(encoding="utf-8").splitlines()
    assert sorted(resumed) == sorted(whole)  # each record once, equal to the uninterrupted run
