"""The catalogue is kept between runs only as the Control would give it
(pycli/kbtools/catalogue_cache.py): it depends on the knowledge base, the reform and the
readings, never on the applicant, and a cache file is used only when whole and current."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from generate import tongzhou_applicant

from pycli.engine import facts, solve
from pycli.input import load, reform
from pycli.kbtools import catalogue, catalogue_cache
from pycli.paths import kb_entry
from tests.conftest import ROOT

EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))
REFORMS = sorted((ROOT / "queries" / "reforms").glob("*.yaml"))


def _settings(which: str) -> facts.Settings:
    if which == "law":
        return facts.Settings()
    if which == "assume":
        return facts.Settings(assumptions={"rounding": "half_up", "non_duplication": "false"})
    chosen = reform.load(which)
    return facts.Settings(reform=chosen.facts, reform_name=chosen.name)


def _applicants() -> list[load.Applicant]:
    found = [load.load(str(path)) for path in EXAMPLES]
    found += [load.validate(tongzhou_applicant(n, seed), f"generated {n}") for n, seed in ((3, 1), (12, 7))]
    found.append(load.validate({"name": "bare", "district": "chaoyang", "sectors": ["data_elements"]}, "bare"))
    return found


def _read(symbols: list) -> catalogue.Catalogue:
    """The catalogue of the one-shot Control of these facts, read from its atoms."""
    ctl = solve.control()
    with ctl.backend() as backend:
        for symbol in symbols:
            backend.add_rule([backend.add_atom(symbol)])
    ctl.ground([("base", [])])
    return catalogue.read(ctl)


@pytest.mark.parametrize("which", ["law", "assume", *map(str, REFORMS)], ids=lambda w: Path(w).stem)
def test_the_catalogue_is_the_same_for_every_applicant_under_the_same_settings(which: str) -> None:
    settings = _settings(which)
    fact_lists = [facts.build(applicant, settings) for applicant in _applicants()]
    keys = {catalogue_cache.settings_key(symbols) for symbols in fact_lists}
    assert len(keys) == 1
    first, *others = [_read(symbols) for symbols in fact_lists]
    assert all(other == first for other in others)


def test_a_reform_changes_the_key_and_the_catalogue() -> None:
    applicant = load.load(str(ROOT / "examples" / "tongzhou-ai-sme.yaml"))
    law = facts.build(applicant, _settings("law"))
    reformed = facts.build(applicant, _settings(str(ROOT / "queries" / "reforms" / "double-t7-cap.yaml")))
    assert catalogue_cache.settings_key(law) != catalogue_cache.settings_key(reformed)
    assert _read(law).caps != _read(reformed).caps


def test_a_kept_catalogue_reads_back_equal_and_is_read_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("POLICYKB_CACHE", str(tmp_path))
    symbols = facts.build(load.load(str(EXAMPLES[0])), facts.Settings())
    truth = _read(symbols)
    reads: list[int] = []

    def read() -> catalogue.Catalogue:
        reads.append(1)
        return _read(symbols)

    assert catalogue_cache.remembered(kb_entry(), symbols, read) == truth
    assert catalogue_cache.remembered(kb_entry(), symbols, read) == truth
    assert len(reads) == 1
    assert len(list(tmp_path.glob("catalogue-*"))) == 1


def test_an_edited_truncated_or_foreign_file_is_never_trusted(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("POLICYKB_CACHE", str(tmp_path))
    applicant = load.load(str(ROOT / "examples" / "tongzhou-ai-sme.yaml"))
    law = facts.build(applicant, facts.Settings())
    reformed = facts.build(applicant, _settings(str(ROOT / "queries" / "reforms" / "double-t7-cap.yaml")))
    truth = _read(law)
    catalogue_cache.remembered(kb_entry(), law, lambda: truth)
    [path] = tmp_path.glob("catalogue-*")
    good = path.read_text()
    catalogue_cache.remembered(kb_entry(), reformed, lambda: _read(reformed))
    [foreign] = [p for p in tmp_path.glob("catalogue-*") if p != path]
    digest, _, body = good.partition("\n")
    lie = dataclasses.replace(truth, caps={name: 1 for name in truth.caps})
    for broken in (digest + "\n" + body[: len(body) // 2], digest + "\n" + foreign.read_text().partition("\n")[2],
                   foreign.read_text(), "", "x"):
        path.write_text(broken)
        assert catalogue_cache.remembered(kb_entry(), law, lambda: truth) == truth
        path.write_text(broken)
        assert catalogue_cache.remembered(kb_entry(), law, lambda: lie) == lie  # read again, not the file


def test_solve_gives_the_same_catalogue_with_and_without_the_cache(tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    symbols = facts.build(load.load(str(EXAMPLES[-1])), facts.Settings())
    monkeypatch.setenv("POLICYKB_CACHE", str(tmp_path / "cache"))
    cold = solve.solve(symbols).catalogue
    warm = solve.solve(symbols).catalogue
    monkeypatch.setenv("POLICYKB_CACHE", str(tmp_path / "file"))
    (tmp_path / "file").write_text("not a folder")
    unwritable = solve.solve(symbols).catalogue
    assert cold == warm == unwritable == _read(symbols)
