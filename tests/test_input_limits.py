"""Input is read in time linear in its size, under limits enforced while parsing, and numbers
are plain decimal integers (issue 15, items 1, 2 and 9).

Each class of failure is tested as a class: every YAML 1.1 integer notation, every JSON
number that is not a plain integer, every way a CSV number cell can hold something else.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pycli.errors import InputError
from pycli.input import load, parse
from pycli.input import source as applicant_source
from pycli.input.parse import MAX_DEPTH, MAX_MATTERS, MAX_NODES
from pycli.populations import csv_layout
from pycli.populations import inputs as batch_input

BASE_YAML = "district: tongzhou\nsectors: [data_elements]\nas_of: 2026-06-01\n"


def _refused(source: str, text: str) -> str:
    with pytest.raises(InputError) as refused:
        load.validate(parse.parse_text(source, text), source)
    message = str(refused.value)
    assert len(message.splitlines()) == 1 and message.startswith(f"{source}: ")
    return message


# --- linear time: no pairwise comparison, limits while parsing -------------------------------


def test_a_long_list_of_mappings_where_words_are_expected_is_refused_without_comparing_pairs() -> None:
    # jsonschema's own uniqueItems compared all 50,000^2 / 2 pairs (about an hour); hashing
    # words after the type check answers at once, naming the first entry.
    flags = [{"n": i % 7} for i in range(50_000)]
    data = {"district": "tongzhou", "sectors": ["data_elements"],
            "projects": [{"id": "p", "type": "key_task", "flags": flags}]}
    with pytest.raises(InputError, match=r"projects\[0\]\.flags\[0\]: expected one of"):
        load.validate(data, "f.json")


@pytest.mark.parametrize("field,entry", [("sectors", "data_elements"), ("flags", "published")])
def test_a_repeated_word_is_still_refused(field: str, entry: str) -> None:
    data = {"district": "tongzhou", "sectors": ["data_elements"]}
    if field == "sectors":
        data["sectors"] = [entry, "cybersecurity", entry]
        where = "sectors"
    else:
        data["standards"] = [{"id": "s", "level": "national", "role": "lead", "flags": [entry, entry]}]
        where = r"standards\[0\]\.flags"
    with pytest.raises(InputError, match=rf"{where}: a list entry is repeated"):
        load.validate(data, "u.json")


def test_the_matter_limit_stops_the_yaml_parser_at_the_first_matter_too_many() -> None:
    # 30,000 matters, one a line after the three lines of BASE_YAML and `standards:`: the
    # parser refuses on the line of matter 20,001 (line 4 + 20,001), never reading the rest.
    lines = [BASE_YAML + "standards:"] + [f"- {{id: s{i}, level: national, role: lead}}" for i in range(30_000)]
    message = _refused("m.yaml", "\n".join(lines) + "\n")
    assert message == f"m.yaml: line {4 + MAX_MATTERS + 1}: more than the 20,000 matters one applicant file may hold"


def test_the_node_limit_stops_the_yaml_parser_early() -> None:
    # name: [1, 1, ...] one value a line: the top mapping (1), district and its value (2),
    # sectors, its list and word (3), as_of and its value (2), name and its list (2) are 10
    # nodes before the first number, node 11 on line 5; node 1,000,001 is on line
    # 5 + (1,000,001 - 11) = 999,995, and the 100,000 lines after it are never read.
    text = BASE_YAML + "name:\n" + "- 1\n" * (MAX_NODES + 100_000)
    assert _refused("n.yaml", text) == "n.yaml: line 999995: more than 1,000,000 values, too large to be an applicant file"


def test_aliases_count_as_the_values_they_repeat() -> None:
    # 1,000 aliases of a list of 1,001 values (the list and its 1,000 numbers) are 1,001,000 values.
    text = BASE_YAML + "x: &a [" + ", ".join(["1"] * 1000) + "]\nname: [" + ", ".join(["*a"] * 1000) + "]\n"
    assert "more than 1,000,000 values" in _refused("a.yaml", text)


def test_json_is_bounded_before_it_is_parsed() -> None:
    # 1,000,001 numbers in a list: the count of separators says so before json.loads runs.
    text = '{"name": [' + ",".join(["1"] * MAX_NODES) + "]}"
    assert parse.json_values_at_most(text) == 1 + 1 + (MAX_NODES - 1) + 1
    assert _refused("v.json", text) == "v.json: more than 1,000,000 values, too large to be an applicant file"


def test_commas_and_brackets_inside_strings_do_not_count() -> None:
    # Blanked: {"": "", "": ["", 2]}: 1 + 2 colons + 2 commas + 1 bracket = 6 >= its 5 values
    # (the comma between members counts too: the count is an upper bound).
    assert parse.json_values_at_most('{"a": "[,,:\\",]", "b": ["x,y", 2]}') == 6


@pytest.mark.parametrize("form", ["yaml", "json"])
def test_nesting_is_bounded(form: str) -> None:
    deep = "[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1)
    text = f'{{"name": {deep}}}'
    assert "nested too deeply to be an applicant file" in _refused(f"d.{form}", text)
    # Within the limit, the structure is read and refused by the schema instead.
    shallow = "[" * (MAX_DEPTH - 2) + "]" * (MAX_DEPTH - 2)
    assert "name: expected a text, got a list" in _refused(f"d.{form}", f'{{"district": "tongzhou", '
                                                                        f'"sectors": ["data_elements"], "name": {shallow}}}')


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    with open(path, "wb") as handle:
        handle.truncate(applicant_source.MAX_FILE_BYTES + 1)  # sparse: no 64 MiB written
    with pytest.raises(InputError, match="larger than 67108864 bytes"):
        load.load(str(path))


# --- plain decimal integers only --------------------------------------------------------------

# YAML 1.1 reads each of these as a number (or a float); none is a plain decimal integer.
YAML_NOT_PLAIN = ["190:20:30", "0x10", "0o17", "017", "0b101", "1_600_000", "+5", "007", "-0",
                  "1.5", "1.0", "1e3", "1.0e+3", ".inf", "-.inf", ".nan", "!!int 0x10", "!!float 1",
                  "'100'", "9" * 5000]


@pytest.mark.parametrize("value", YAML_NOT_PLAIN, ids=range(len(YAML_NOT_PLAIN)))
def test_yaml_money_fields_take_plain_decimal_integers_only(value: str) -> None:
    text = BASE_YAML + f"projects:\n- id: p\n  type: key_task\n  actual_investment: {value}\n"
    message = _refused("y.yaml", text)
    assert "y.yaml: projects[0].actual_investment: expected whole yuan" in message \
        or message.startswith("y.yaml: line 7: not valid YAML:"), message
    assert len(message) < 300  # a 5,000-digit value is shown cut short


@pytest.mark.parametrize("value,amount", [("0", 0), ("1600000", 1_600_000), ("1000000000000000", 10**15)])
def test_plain_decimal_integers_are_read_exactly(value: str, amount: int) -> None:
    text = BASE_YAML + f"projects:\n- id: p\n  type: key_task\n  actual_investment: {value}\n"
    assert load.validate(parse.parse_text("y.yaml", text), "y.yaml").data["projects"][0]["actual_investment"] == amount


JSON_NOT_PLAIN = ["1.0", "1e3", "1E3", "-0.0", "NaN", "Infinity", "-Infinity", "1e400", "9" * 5000, '"100"']


@pytest.mark.parametrize("value", JSON_NOT_PLAIN, ids=range(len(JSON_NOT_PLAIN)))
def test_json_money_fields_take_plain_integers_only(value: str) -> None:
    text = ('{"district": "tongzhou", "sectors": ["data_elements"], '
            f'"projects": [{{"id": "p", "type": "key_task", "actual_investment": {value}}}]}}')
    assert "j.json: projects[0].actual_investment: expected whole yuan" in _refused("j.json", text)


@pytest.mark.parametrize("text,key", [
    ('{"district": "tongzhou", "district": "xicheng", "sectors": ["data_elements"]}', "district"),
    ('{"district": "tongzhou", "sectors": ["data_elements"], '
     '"projects": [{"id": "p", "type": "key_task", "id": "q"}]}', "id"),
])
def test_json_refuses_a_repeated_key_as_yaml_does(text: str, key: str) -> None:
    assert _refused("k.json", text) == f"k.json: not valid JSON: repeated key {key!r}"
    yaml_text = text.replace("{", "{ ").replace("}", " }")  # JSON is YAML: the YAML reader refuses it too
    assert f"not valid YAML: repeated key {key!r}" in _refused("k.yaml", yaml_text)


def test_a_json_lines_applicant_repeating_a_key_is_an_error_record(tmp_path: Path) -> None:
    path = tmp_path / "p.jsonl"
    path.write_text('{"name": "a", "district": "tongzhou", "district": "xicheng", "sectors": ["data_elements"]}\n',
                    encoding="utf-8")
    (entry,) = batch_input.read(str(path))
    assert entry.problem == f"{path}:1: not valid JSON: repeated key 'district'"


# --- CSV cells and headers ---------------------------------------------------------------------

CSV_NOT_DIGITS = ["１２３", "١٢٣", "१२३", " 500", "500 ", "1 000", "1,000", "+5", "5e3", "0x10"]


@pytest.mark.parametrize("cell", CSV_NOT_DIGITS, ids=range(len(CSV_NOT_DIGITS)))
def test_csv_number_cells_take_ascii_digits_only(tmp_path: Path, cell: str) -> None:
    path = tmp_path / "p.csv"
    path.write_text("applicant,district,sectors,kind,id,type,actual_investment\n"
                    f'a,tongzhou,data_elements,projects,p,key_task,"{cell}"\n', encoding="utf-8")
    (entry,) = csv_layout.read_csv(str(path))
    assert entry.data["projects"][0]["actual_investment"] == cell
    with pytest.raises(InputError, match=r"projects\[0\]\.actual_investment: expected whole yuan"):
        load.validate(entry.data, entry.source)


def test_csv_ascii_digits_are_numbers(tmp_path: Path) -> None:
    path = tmp_path / "p.csv"
    path.write_text("applicant,district,sectors,kind,id,type,actual_investment,year\n"
                    "a,tongzhou,data_elements,projects,p,key_task,1600000,2026\n", encoding="utf-8")
    (entry,) = csv_layout.read_csv(str(path))
    assert entry.data["projects"][0] == {"id": "p", "type": "key_task", "actual_investment": 1_600_000, "year": 2026}


def test_a_csv_header_repeating_a_column_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "p.csv"
    path.write_text("applicant,district,sectors,district\na,tongzhou,data_elements,xicheng\n", encoding="utf-8")
    with pytest.raises(InputError) as refused:
        list(batch_input.read(str(path)))
    assert str(refused.value) == f"{path}: column 'district': repeated in the header"


def test_the_command_line_refuses_each_class_in_one_line(tmp_path: Path) -> None:
    from conftest import run_cli

    path = tmp_path / "a.json"
    path.write_text(json.dumps({"district": "tongzhou", "sectors": ["data_elements"]})[:-1] + ', "sme": true, '
                    '"sme": false}', encoding="utf-8")
    proc = run_cli("optimize", str(path))
    assert (proc.returncode, proc.stdout) == (2, "")
    assert proc.stderr == f"policykb: {path}: not valid JSON: repeated key 'sme'\n"


# Every explicit tag of YAML 1.1 put on a value it does not fit: PyYAML's constructors
# fail on each in their own way (AttributeError, KeyError, IndexError, TypeError).
YAML_MISFIT_TAGS = ["!!timestamp x", "!!timestamp", "!!bool x", "!!bool", "!!float", "!!float _",
                    "!!map [a, b]", "!!set [a]", "!!omap [a]", "!!pairs x", "!!seq x", "!!int x",
                    "!!merge x", "!!binary '@'", "!!python/object:os.system x"]


@pytest.mark.parametrize("value", YAML_MISFIT_TAGS, ids=range(len(YAML_MISFIT_TAGS)))
def test_a_tag_that_does_not_fit_its_value_is_refused_on_one_line(value: str) -> None:
    for field in ("as_of", "sme", "name"):
        text = "district: xicheng\nsectors: [data_elements]\n" + f"{field}: {value}\n"
        _refused("t.yaml", text)  # an InputError on one line, never PyYAML's own exception
