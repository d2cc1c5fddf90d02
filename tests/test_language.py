"""Chinese and English: the one message catalogue, the language default, the vocabulary's
labels, Chinese words in an applicant file, and money in 万元."""

from __future__ import annotations

import ast
import itertools
from pathlib import Path

import pytest
import yaml
from conftest import ROOT, evaluate
from inprocess import run

from pycli.cli.options import default_language
from pycli.input import labels, load
from pycli.input.schema import applicant_schema, vocabulary
from pycli.reports import render


def test_every_catalogue_key_is_in_both_languages_and_in_one_file_only() -> None:
    files = render.catalogue_files()
    for name, found in files.items():
        assert set(found) == {"en", "zh"}, name
        assert set(found["en"]) == set(found["zh"]), (name, set(found["en"]) ^ set(found["zh"]))
        assert all(isinstance(v, str) for lang in found for v in found[lang].values()), name
    keys = [set(found["en"]) for found in files.values()]
    assert all(not (a & b) for a, b in itertools.combinations(keys, 2))


def test_each_sentence_takes_the_same_parameters_in_both_languages() -> None:
    import string

    def names(text: str) -> set[str]:
        return {f for _, f, _, _ in string.Formatter().parse(text) if f}

    cat = render.labels()
    # A Chinese sentence may use a parameter's Chinese form (x_zh) where English uses x.
    for key, english in cat["en"].items():
        zh = {n.removesuffix("_zh") for n in names(cat["zh"][key])}
        assert zh <= {n.removesuffix("_zh") for n in names(english)} | zh, key
        assert {n.removesuffix("_zh") for n in names(english)} <= zh | {"expected", "allowed"}, key


@pytest.mark.parametrize("env, lang", [
    ({}, "en"), ({"LANG": "C.UTF-8"}, "en"), ({"LANG": "zh_CN.UTF-8"}, "zh"), ({"LANG": "zh_TW"}, "zh"),
    ({"LC_ALL": "zh_CN.UTF-8", "LANG": "en_US.UTF-8"}, "zh"), ({"LC_ALL": "en_US.UTF-8", "LANG": "zh_CN"}, "en"),
    ({"POLICYKB_LANG": "en", "LANG": "zh_CN.UTF-8"}, "en"), ({"POLICYKB_LANG": "zh"}, "zh"),
    ({"POLICYKB_LANG": "fr", "LANG": "zh_CN.UTF-8"}, "zh"),
])
def test_the_language_defaults_from_policykb_lang_then_the_locale(env: dict[str, str], lang: str) -> None:
    assert default_language(env) == lang


def test_the_environment_chooses_the_language_of_a_command(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("POLICYKB_LANG", "zh")
    assert "最优方案" in run("optimize", "examples/tongzhou-ai-sme.yaml").stdout
    assert "policykb optimum" in run("optimize", "examples/tongzhou-ai-sme.yaml", "--lang", "en").stdout


def _words_by_field() -> list[tuple[str, list[str]]]:
    fields = list(labels.enum_fields().items())
    for kind in vocabulary()["kinds"]:
        fields += [(f"{kind}.{name}", words) for name, words in labels.matter_enum_fields(kind).items()]
    return fields


def test_every_word_field_and_kind_has_an_english_and_a_chinese_label() -> None:
    vocab = vocabulary()
    words = set(vocab["districts"]) | set(vocab["entity_types"]) | set(vocab["sectors"])
    fields = set(applicant_schema()["properties"])
    for spec in vocab["kinds"].values():
        words |= set(spec["types"]) | set(spec["flags"]) | {w for ws in spec["enums"].values() for w in ws}
        fields |= set(spec["enums"]) | set(spec["money"]) | set(spec["numbers"]) | {"id", "type", "date", "year",
                                                                                    "flags", "name"}
    found = labels.labels()
    for section, names in (("words", words), ("fields", fields), ("kinds", set(vocab["kinds"]))):
        missing = sorted(n for n in names if not (found[section].get(n) or {}).get("zh")
                         or not found[section][n].get("en"))
        assert missing == [], section


def test_a_chinese_label_names_one_word_of_each_field() -> None:
    for field, words in _words_by_field():
        seen: dict[str, str] = {}
        for word in words:
            for alias in labels.aliases(word):
                assert alias not in words, (field, alias)
                assert seen.setdefault(alias, word) == word, (field, alias, word, seen[alias])


CHINESE_FILE = """\
name: 金融街数据科技有限公司
district: 西城区
entity_type: 企业
sectors: [数据要素, 信息传输、软件和信息技术服务业]
as_of: 2026-06-01
filings:
  - {id: genai, type: 生成式人工智能服务, level: 国家级, flags: [进行应用场景开发和推广], year: 2026}
platforms:
  - {id: lab, type: 技术创新中心, level: 北京市, role: 牵头, year: 2026}
"""
CANONICAL_FILE = """\
name: 金融街数据科技有限公司
district: xicheng
entity_type: enterprise
sectors: [data_elements, information_software_it]
as_of: 2026-06-01
filings:
  - {id: genai, type: generative_ai_service, level: national, flags: [scenario_developed], year: 2026}
platforms:
  - {id: lab, type: technology_innovation_center, level: municipal, role: lead, year: 2026}
"""


def test_chinese_labels_and_short_forms_are_read_as_the_canonical_words(tmp_path: Path) -> None:
    chinese, canonical = tmp_path / "zh.yaml", tmp_path / "canonical.yaml"
    chinese.write_text(CHINESE_FILE, encoding="utf-8")
    canonical.write_text(CANONICAL_FILE, encoding="utf-8")
    a = load.load(str(chinese))
    assert a.data == load.load(str(canonical)).data
    assert ("district", "西城区", "xicheng") in a.mapped and ("platforms[0].level", "北京市", "municipal") in a.mapped
    short = tmp_path / "short.yaml"
    short.write_text(CHINESE_FILE.replace("西城区", "西城"), encoding="utf-8")
    assert load.load(str(short)).data["district"] == "xicheng"
    # Xicheng art. 2(2) filing: up to 1,000,000 per national filing; art. 3(1) a municipal
    # platform's lead: up to 1,000,000 a year for 3 years = 3,000,000.  Both readings alike.
    assert evaluate(chinese).total == evaluate(canonical).total == 1_000_000 + 3 * 1_000_000


def test_results_show_the_chinese_word_and_the_canonical_one(tmp_path: Path) -> None:
    chinese = tmp_path / "zh.yaml"
    chinese.write_text(CHINESE_FILE, encoding="utf-8")
    out = run("optimize", str(chinese), "--lang", "zh").stdout
    assert "注册区：西城区（xicheng）" in out
    assert "district：西城区 → xicheng" in out and "platforms[0].level：北京市 → municipal" in out
    assert "400 万元（4,000,000 元）" in out


def test_a_chinese_error_names_the_field_and_the_allowed_words_in_both(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("district: 浦东新区\nsectors: [数据要素]\n", encoding="utf-8")  # Shanghai, not Beijing
    zh = run("optimize", str(bad), "--lang", "zh")
    assert zh.returncode == 2 and zh.stdout == "" and len(zh.stderr.splitlines()) == 1
    assert "district（注册区）" in zh.stderr and "东城区（dongcheng）、西城区（xicheng）、朝阳区（chaoyang）" in zh.stderr
    assert "延庆区（yanqing）" in zh.stderr and "浦东新区" in zh.stderr
    en = run("optimize", str(bad), "--lang", "en")
    assert en.stderr.strip().endswith("district: expected one of dongcheng, xicheng, chaoyang, fengtai, shijingshan, "
                                      "haidian, mentougou, fangshan, tongzhou, shunyi, changping, daxing, huairou, "
                                      "pinggu, miyun, yanqing, got '浦东新区'")


def test_the_schema_carries_titles_and_descriptions_in_both_languages() -> None:
    def walk(schema: dict) -> None:
        for name, prop in schema.get("properties", {}).items():
            assert prop["title"] and prop["x-title-zh"] and prop["description"] and prop["x-description-zh"], name
            if "enum" in prop:
                assert len(prop["x-enum-labels"]["zh"]) == len(prop["enum"])
            for inner in (prop, prop.get("items") or {}):
                if isinstance(inner, dict) and "properties" in inner and inner is not schema:
                    walk(inner)
    schema = applicant_schema()
    assert schema["x-title-zh"] and schema["x-description-zh"]
    walk(schema)
    assert schema["properties"]["district"]["x-enum-labels"]["zh"] [:3] == ["东城区", "西城区", "朝阳区"]
    assert len(schema["properties"]["district"]["x-enum-labels"]["zh"]) == 16


@pytest.mark.parametrize("amount, shown", [
    (2_000_000, "200 万元"), (50_000_000, "5,000 万元"), (1_234_567, "123.4567 万元"), (10_000, "1 万元"),
    (15_000, "1.5 万元"), (0, "0 万元"), (-200_000, "-20 万元"), (10**15, "100,000,000,000 万元"),
])
def test_wan_is_exact_in_integers(amount: int, shown: str) -> None:
    assert render.wan(amount) == shown


def test_wan_takes_integers_only() -> None:
    for bad in (2.0e6, "2000000", True):
        with pytest.raises(TypeError):
            render.wan(bad)  # type: ignore[arg-type]
    assert render.money_zh(2_000_000) == "200 万元（2,000,000 元）" and render.money_zh(5_000) == "5,000 元"


def test_the_vocabulary_labels_are_only_in_the_vocabulary() -> None:
    # The labels are knowledge-base data: no Python string (docstrings aside) spells a
    # district's Chinese name.
    for path in (ROOT / "pycli").rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docs = {id(n.body[0].value) for n in ast.walk(tree)
                if isinstance(n, (ast.Module, ast.FunctionDef, ast.ClassDef)) and n.body
                and isinstance(n.body[0], ast.Expr) and isinstance(n.body[0].value, ast.Constant)}
        literals = [n.value for n in ast.walk(tree)
                    if isinstance(n, ast.Constant) and isinstance(n.value, str) and id(n) not in docs]
        assert not any("西城" in t for t in literals), path
    assert yaml.safe_load((ROOT / "kb" / "vocabulary.yaml").read_text(encoding="utf-8"))["labels"]


def test_the_chinese_guide_s_applicant_file_gives_what_the_guide_shows(tmp_path: Path) -> None:
    guide = (ROOT / "docs" / "使用指南.md").read_text(encoding="utf-8")
    block = guide.split("```yaml\n", 1)[1].split("```", 1)[0]
    path = tmp_path / "申请.yaml"
    path.write_text(block, encoding="utf-8")
    out = run("optimize", str(path), "--lang", "zh")
    assert out.returncode == 0, out.stderr
    # Xicheng art. 2(2): a national filing, up to 1,000,000; art. 3(1): a municipal platform's
    # lead, up to 1,000,000 a year for 3 years; art. 8: a national standard led by the first
    # drafter, up to 1,000,000.  1,000,000 + 3 x 1,000,000 + 1,000,000 = 5,000,000.
    assert "500 万元（5,000,000 元）" in out.stdout and "500 万元（5,000,000 元）" in guide
    shown = guide.split("policykb 最优方案", 1)[1].split("```", 1)[0]
    for line in shown.splitlines()[4:10]:
        assert line in out.stdout, line


def test_every_document_and_clause_has_a_chinese_title() -> None:
    from pycli.engine.facts import Settings
    from pycli.kbtools.kbread import read_law as read_kb

    cat = read_kb(Settings()).catalogue
    assert sorted(d for d in cat.documents if not cat.titles_zh.get(d)) == []
    assert sorted(c for c, clause in cat.clauses.items() if not clause.title_zh) == []


def test_options_take_chinese_district_names_and_their_errors_speak_chinese() -> None:
    assert "共 30 条，西城区（xicheng）" in run("clauses", "--district", "西城", "--lang", "zh").stdout
    bad = run("clauses", "--district", "浦东", "--lang", "zh")  # Shanghai: not one of Beijing's sixteen
    assert bad.returncode == 2 and "应为以下之一：东城区（dongcheng）、西城区（xicheng）、朝阳区（chaoyang）" in bad.stderr
    moved = run("whatif", "examples/xicheng-data-street.yaml", "--set", "district=浦东", "--lang", "zh")
    assert moved.returncode == 2 and moved.stderr.startswith("policykb: --set: district（注册区）: 应为以下之一：")
    date = run("optimize", "examples/xicheng-data-street.yaml", "--as-of", "2026-13-01", "--lang", "zh")
    assert date.stderr.strip() == "policykb: --as-of: 应为真实存在的日期 YYYY-MM-DD，实为 '2026-13-01'"
