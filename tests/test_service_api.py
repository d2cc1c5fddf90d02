"""The web API through an HTTP client against the app: every answer the command line's own.

Each endpoint's body is compared with what `policykb CMD --format json` prints for the
same applicant file (only ``source`` differs: a file's path against the request's label),
and every bad request with the one line the command line prints for it.  Real clingo,
real HTTP semantics (starlette's TestClient speaks ASGI); nothing is mocked.
"""

from __future__ import annotations

import json
import re
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT
from inprocess import run

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

from pycli.input.load import parse_text
from pycli.service.app import create_app
from pycli.service.limits import Config

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))
AI_SME = ROOT / "examples" / "tongzhou-ai-sme.yaml"


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient]:
    with TestClient(create_app(Config()), raise_server_exceptions=False) as c:
        yield c


def _data(path: Path) -> dict[str, Any]:
    """An applicant file as the JSON a client sends (dates as text)."""
    return parse_text(path.name, path.read_text(encoding="utf-8"))


def _relabel(value: Any, source: str) -> Any:
    """A JSON answer with every ``source`` set to ``source`` (a file path on the command line)."""
    if isinstance(value, dict):
        return {k: (source if k == "source" else _relabel(v, source)) for k, v in value.items()}
    if isinstance(value, list):
        return [_relabel(v, source) for v in value]
    return value


def _cli_json(*args: str) -> Any:
    done = run(*args, "--format", "json")
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_optimize_is_the_command_lines_answer(client: TestClient, path: Path) -> None:
    reply = client.post("/optimize", json={"applicant": _data(path), "source": path.name})
    assert reply.status_code == 200 and reply.headers["x-policykb-exit-status"] == "0"
    assert reply.headers["content-type"].startswith("application/json")
    expected = _cli_json("optimize", f"examples/{path.name}")
    assert _relabel(reply.json(), "x") == _relabel(expected, "x")
    assert reply.json()["schema_version"] == "1.1"


def test_the_shipped_example_by_hand(client: TestClient) -> None:
    # README: 200,000 + 1,000,000 + 360,000 + 300,000 + 200,000 + 500,000 + 500,000 + 450,000 = 3,510,000
    body = client.post("/optimize", json={"applicant": _data(AI_SME)}).json()
    assert body["total"] == 200_000 + 1_000_000 + 360_000 + 300_000 + 200_000 + 500_000 + 500_000 + 450_000
    text = client.post("/optimize?format=text", json={"applicant_text": AI_SME.read_text(encoding="utf-8"),
                                                       "source": "tongzhou-ai-sme.yaml"}).text
    cli = run("optimize", "examples/tongzhou-ai-sme.yaml").stdout
    assert text == cli.replace("(examples/tongzhou-ai-sme.yaml)", "(tongzhou-ai-sme.yaml)")


def test_options_are_the_command_lines(client: TestClient) -> None:
    args = ["--as-of", "2027-01-01", "--horizon", "2", "--assume", "rounding=half_up", "--reform",
            "queries/reforms/double-t7-cap.yaml"]
    expected = _cli_json("optimize", "examples/tongzhou-ai-sme.yaml", *args)
    body = {"applicant": _data(AI_SME), "as_of": "2027-01-01", "horizon": 2, "assume": {"rounding": "half_up"},
            "reform": "double-t7-cap"}
    assert _relabel(client.post("/optimize", json=body).json(), "x") == _relabel(expected, "x")
    # The same reform sent as data rather than by name.
    reform = parse_text("r.yaml", (ROOT / "queries" / "reforms" / "double-t7-cap.yaml").read_text(encoding="utf-8"))
    as_data = client.post("/optimize", json={**body, "reform": reform}).json()
    assert _relabel(as_data, "x") == _relabel(expected, "x")


def _cli_error(tmp_path: Path, text: str, *args: str) -> str:
    path = tmp_path / "applicant.yaml"
    path.write_text(text, encoding="utf-8")
    done = run("optimize", str(path), *args)
    assert done.returncode == 2 and done.stderr.count("\n") == 1
    return done.stderr.strip().replace(str(path), "applicant.yaml")


@pytest.mark.parametrize("text", [
    "district: tongzhou\nsectors: [artificial_intelligence]\nprojects:\n  - {id: p, type: rnd, actual_investment: -5}\n",
    "district: pudong\nsectors: [artificial_intelligence]\n",
    "district: tongzhou\nsectors: [artificial_intelligence]\nprojects: [{id: p, type: rnd, actual_investment: 1.5}]\n",
    "district: tongzhou\nsectors: [artificial_intelligence]\nsme: true\nsme: false\n",
    "district: [unclosed\n",
    "",
], ids=["negative", "unknown-district", "fraction", "repeated-key", "syntax", "empty"])
def test_bad_applicant_gets_the_command_lines_line(client: TestClient, tmp_path: Path, text: str) -> None:
    expected = _cli_error(tmp_path, text)
    reply = client.post("/optimize", json={"applicant_text": text, "source": "applicant.yaml"})
    assert reply.status_code == 422
    assert reply.json() == {"error": expected.removeprefix("policykb: "), "exit_status": 2, "api_version": "1.0"}
    data = parse_text("a.yaml", text) if text and "unclosed" not in text and "sme: false" not in text else None
    if data is not None:  # the same applicant sent as JSON data is refused with the same line
        as_data = client.post("/optimize", json={"applicant": data, "source": "applicant.yaml"})
        assert as_data.status_code == 422 and as_data.json()["error"] == reply.json()["error"]


def test_bad_options_get_the_command_lines_line(client: TestClient, tmp_path: Path) -> None:
    text = AI_SME.read_text(encoding="utf-8")
    for args, body in [(["--assume", "rounding=sideways"], {"assume": ["rounding=sideways"]}),
                       (["--assume", "Rounding"], {"assume": ["Rounding"]}),
                       (["--as-of", "2026-02-30"], {"as_of": "2026-02-30"})]:
        expected = _cli_error(tmp_path, text, *args)
        reply = client.post("/optimize", json={"applicant_text": text, "source": "applicant.yaml", **body})
        assert reply.status_code == 422 and reply.json()["error"] == expected.removeprefix("policykb: ")


@pytest.mark.parametrize("raw, status, message", [
    (b"{not json", 400, "request: line 1: not valid JSON: Expecting property name enclosed in double quotes"),
    (b"[1, 2]", 422, "request: expected a JSON object"),
    (b'{"applicant": {}, "horizn": 2}', 422, "request: horizn: unknown field (allowed here: applicant, "
                                             "applicant_text, as_of, assume, horizon, reform, source, time_limit)"),
    (b'{"horizon": 2}', 422, "request: applicant: expected exactly one of applicant (the applicant as JSON) "
                             "and applicant_text"),
    (b'{"applicant": {"district": "xicheng", "sectors": ["data_elements"]}, "horizon": 0}', 422,
     "request: horizon: expected a whole number from 1 to 50, got 0"),
    (b'{"applicant": {"district": "xicheng", "sectors": ["data_elements"]}, "reform": "../../etc/passwd"}', 422,
     "request: reform: expected a reform as data or one of double-t7-cap, no-interest-subsidy, "
     "split-tongzhou-families, got '../../etc/passwd'"),
    (b'{"applicant": {"district": "xicheng", "sectors": ["data_elements"]}, "source": "../x.yaml"}', 422,
     "request: source: expected a label of letters, digits, '.', '_' or '-' (at most 100)"),
    (b'{"applicant": {"district": "xicheng", "sectors": ["data_elements"]}, "time_limit": -1}', 422,
     "request: time_limit: expected a number of seconds above 0, got -1"),
    (b'\xff\xfe', 422, "request: not UTF-8 text (byte 0)"),
])
def test_bad_request_bodies(client: TestClient, raw: bytes, status: int, message: str) -> None:
    reply = client.post("/optimize", content=raw, headers={"content-type": "application/json"})
    assert reply.status_code == status
    assert reply.json()["error"] == message and "Traceback" not in reply.text


def test_format_and_unknown_paths(client: TestClient) -> None:
    reply = client.post("/optimize?format=xml", json={"applicant": _data(AI_SME)})
    assert reply.status_code == 422 and reply.json()["error"] == "request: format: expected one of json, text, md, html, got 'xml'"
    assert client.get("/nowhere").json()["error"] == "request: /nowhere: no such path"
    assert client.get("/optimize").status_code == 405
    assert client.get("/examples/..%2F..%2Fpyproject").status_code == 404


def test_body_size_limit() -> None:
    with TestClient(create_app(Config(max_body=2048)), raise_server_exceptions=False) as small:
        reply = small.post("/optimize", content=b" " * 4096, headers={"content-type": "application/json"})
        assert reply.status_code == 413
        assert reply.json()["error"] == "request: the body is larger than the server's limit of 2,048 bytes"


def test_wall_time_limit() -> None:
    with TestClient(create_app(Config(time_limit=0.001, grace=0.0)), raise_server_exceptions=False) as hurried:
        reply = hurried.post("/sweep", json={"applicant": _data(AI_SME), "sets": ["horizon=1:50:1"]})
        assert reply.status_code == 504
        assert reply.json() == {"error": "request: not finished within the server's time limit of 0.001 s",
                                "exit_status": 3, "api_version": "1.0"}


def test_explain_is_the_command_lines(client: TestClient) -> None:
    expected = _cli_json("explain", "examples/tongzhou-ai-sme.yaml")
    body = client.post("/explain", json={"applicant": _data(AI_SME)}).json()
    assert _relabel(body, "x") == _relabel(expected, "x")
    html = client.post("/explain?format=html&lang=zh", json={"applicant": _data(AI_SME)})
    assert html.headers["content-type"].startswith("text/html")
    cli = run("explain", "examples/tongzhou-ai-sme.yaml", "--format", "html", "--lang", "zh").stdout
    assert html.text == cli.replace("examples/tongzhou-ai-sme.yaml", "applicant")
    assert 'id="total"' in html.text and "3,510,000" in html.text


def test_names_are_escaped_in_html(client: TestClient) -> None:
    data = {**_data(AI_SME), "name": "<script>alert(1)</script>"}
    html = client.post("/explain?format=html", json={"applicant": data}).text
    assert "<script>" not in html and "&lt;script&gt;" in html


def test_research_endpoints_are_the_command_lines(client: TestClient) -> None:
    data, path = _data(AI_SME), "examples/tongzhou-ai-sme.yaml"
    cases = [("/whatif", {"sets": ["projects[0].level=national"], "reform": "double-t7-cap"},
              ["whatif", path, "--set", "projects[0].level=national", "--reform", "queries/reforms/double-t7-cap.yaml"]),
             ("/compare", {"districts": "xicheng,tongzhou+pilot_zone"},
              ["compare", path, "--districts", "xicheng,tongzhou+pilot_zone"]),
             ("/sweep", {"sets": ["horizon=1:3:1"]}, ["sweep", path, "--set", "horizon=1:3:1"])]
    for route, extra, args in cases:
        reply = client.post(route, json={"applicant": data, **extra})
        assert reply.status_code == 200, reply.text
        assert _relabel(reply.json(), "x") == _relabel(_cli_json(*args), "x"), route


def test_whatif_switches_a_reading_in_the_variant_only(client: TestClient) -> None:
    body = client.post("/whatif", json={"applicant": _data(AI_SME), "variant_assume": ["caps_trim=false"]}).json()
    assert body["changes"] == ["assume caps_trim=false"]
    assert "caps_trim=true" in body["baseline"]["assumptions"]
    assert "caps_trim=false" in body["variant"]["assumptions"]


def test_batch_records_and_bound(client: TestClient) -> None:
    bad = {"district": "tongzhou", "sectors": ["artificial_intelligence"], "projects": [{"id": "p", "type": "nope"}]}
    reply = client.post("/batch", json={"applicants": [_data(AI_SME), bad]})
    records = reply.json()["records"]
    assert records[0]["total"] == 3_510_000 and records[0]["source"] == "applicants[0]"
    assert records[1]["exit_status"] == 2 and records[1]["error"].startswith("applicants[1]: projects[0].type: expected one of")
    too_many = client.post("/batch", json={"applicants": [bad] * 101})
    assert too_many.status_code == 422
    assert too_many.json()["error"] == "request: applicants: 101 applicants, more than the 100 one request may hold"


def test_read_only_endpoints(client: TestClient) -> None:
    assert client.get("/schema").json() == json.loads(run("schema").stdout)
    listing = client.get("/clauses?district=xicheng&as_of=2026-06-01").json()
    assert listing == _cli_json("clauses", "--district", "xicheng", "--as-of", "2026-06-01")
    one = client.get("/clauses/tongzhou_de.a7.standard").json()["clause"]
    assert one["id"] == "tongzhou_de.a7.standard" and one["district"] == "tongzhou"
    assert client.get("/clauses/nope").json()["error"] == "clause: nope: unknown clause id (see GET /clauses)"
    readings = {a["name"]: a for a in client.get("/assumptions").json()["assumptions"]}
    assert readings["rounding"]["default"] == "down" and "half_up" in readings["rounding"]["values"]
    reforms = {r["name"]: r for r in client.get("/reforms").json()["reforms"]}
    assert set(reforms) == {p.stem for p in (ROOT / "queries" / "reforms").glob("*.yaml")}
    assert reforms["double-t7-cap"]["title"] == "Double the Tongzhou standards cap"
    example = client.get("/examples/tongzhou-ai-sme").json()
    assert example["text"] == AI_SME.read_text(encoding="utf-8") and example["applicant"]["district"] == "tongzhou"
    health = client.get("/health").json()
    assert health["status"] == "ok" and health["gate"]["in_flight"] == 0


def test_openapi_and_docs_need_nothing_from_elsewhere(client: TestClient) -> None:
    described = client.get("/openapi.json").json()
    assert {"/optimize", "/explain", "/whatif", "/compare", "/sweep", "/batch", "/clauses", "/clauses/{clause_id}",
            "/schema", "/assumptions", "/reforms", "/health"} <= set(described["paths"])
    assert described["info"]["version"] == "1.0"
    assert "Applicant" in described["components"]["schemas"]
    for page in ("/docs", "/"):
        reply = client.get(page)
        assert reply.status_code == 200 and "default-src 'self'" in reply.headers["content-security-policy"]
    static = ROOT / "pycli" / "service" / "static"
    for path in static.iterdir():
        assert not re.search(r"https?://|[\"'(]//", path.read_text(encoding="utf-8")), path.name


def test_cors_is_off_unless_asked(client: TestClient) -> None:
    reply = client.get("/health", headers={"Origin": "http://example.org"})
    assert "access-control-allow-origin" not in reply.headers
    with TestClient(create_app(Config(allow_origins=("http://localhost:3000",)))) as open_client:
        allowed = open_client.get("/health", headers={"Origin": "http://localhost:3000"})
        assert allowed.headers["access-control-allow-origin"] == "http://localhost:3000"


def test_optimize_whatif_and_compare_answer_in_markdown_and_html(client: TestClient) -> None:
    for path, extra in [("/optimize", {}), ("/whatif", {"sets": ["district=xicheng"]}),
                        ("/compare", {"districts": "xicheng,tongzhou"})]:
        for fmt, media in [("md", "text/markdown"), ("html", "text/html")]:
            reply = client.post(f"{path}?format={fmt}&lang=zh", json={"applicant": _data(AI_SME), **extra})
            assert reply.status_code == 200 and reply.headers["content-type"].startswith(media), (path, fmt)
            assert "3,510,000" in reply.text, (path, fmt)
