"""`policykb serve` as a real uvicorn server on the loopback address, over real HTTP."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import httpx
from service_server import ROOT, server

from pycli.input.load import parse_text

AI_SME = ROOT / "examples" / "tongzhou-ai-sme.yaml"


def _data(path: Path) -> dict:
    return parse_text(path.name, path.read_text(encoding="utf-8"))


def test_real_server_answers_and_refuses_when_saturated() -> None:
    with server("--slots", "1", "--queue", "0", "--time-limit", "200") as url:
        health = httpx.get(f"{url}/health").json()
        assert health["status"] == "ok" and health["gate"]["most"] == 1
        reply = httpx.post(f"{url}/optimize", json={"applicant": _data(AI_SME)}, timeout=60)
        assert reply.status_code == 200 and reply.json()["total"] == 3_510_000
        assert "server" not in reply.headers  # no version banner
        # One slow request (a 20 x 20 sweep) holds the only slot; the next is refused at once, not queued.
        slow: list[httpx.Response] = []
        sweep = {"applicant": _data(AI_SME),
                 "sets": ["horizon=1:20:1", "service_contracts[1].contract_amount=0:1900000:100000"]}
        worker = threading.Thread(target=lambda: slow.append(httpx.post(f"{url}/sweep", json=sweep, timeout=300)))
        worker.start()
        while not slow and httpx.get(f"{url}/health").json()["gate"]["in_flight"] == 0:
            time.sleep(0.01)
        refused = httpx.post(f"{url}/optimize", json={"applicant": _data(AI_SME)}, timeout=60)
        worker.join()
        assert slow and slow[0].status_code == 200, "the slow request itself is answered"
        assert refused is not None and refused.status_code == 503, "a request beyond the bound is refused"
        assert refused.headers["retry-after"] == "1"
        assert refused.json()["error"].startswith("server busy: 1 requests are running or waiting (at most 1)")
        after = httpx.get(f"{url}/health").json()["gate"]
        assert after["in_flight"] == 0 and after["refused"] >= 1


def test_two_workers_give_the_same_answer() -> None:
    with server("--workers", "2") as url:
        totals = {httpx.post(f"{url}/optimize", json={"applicant": _data(AI_SME)}, timeout=60).json()["total"]
                  for _ in range(6)}
        assert totals == {3_510_000}


def test_serve_binds_the_loopback_address_by_default() -> None:
    from pycli.cli.serve import serve

    host = next(p for p in serve.params if p.name == "host")
    assert host.default == "127.0.0.1"
    # A `time_limit` parameter would bound the whole server's life (cli/options.guarded): it bounds requests.
    assert "time_limit" not in {p.name for p in serve.params}


def test_concurrent_requests_share_groundings_and_keep_their_own_answers() -> None:
    """Requests solved together (pycli/service/batcher.py) each get `policykb optimize`'s answer."""
    from concurrent.futures import ThreadPoolExecutor

    from pycli.engine.evaluate import evaluate
    from pycli.input.options import settings

    cases = [(path, assume) for path in sorted((ROOT / "examples").glob("*.yaml"))
             for assume in ([], ["rounding=half_up"], ["caps_trim=false"])]
    bad = {"district": "xicheng", "sectors": ["data_elements"], "earlier_support": [{"clause": "nope", "amount": 5}]}
    with server() as url:
        def ask(body: dict) -> httpx.Response:
            return httpx.post(f"{url}/optimize", json=body, timeout=120)

        bodies = [{"applicant": _data(p), "source": p.name, "assume": a} for p, a in cases] * 2
        bodies.insert(5, {"applicant": bad, "source": "bad.yaml"})
        with ThreadPoolExecutor(len(bodies)) as pool:
            replies = list(pool.map(ask, bodies))
        groundings = httpx.get(f"{url}/health").json()["optimize"]
    refused = replies.pop(5)
    assert refused.status_code == 422
    assert refused.json()["error"] == "bad.yaml: earlier_support[0].clause: expected a clause id of the knowledge base, got 'nope'"
    for (path, assume), reply in zip(cases * 2, replies):
        expected = evaluate(str(path), settings(None, None, tuple(assume))).to_json()
        assert reply.status_code == 200 and {**reply.json(), "source": ""} == {**expected, "source": ""}, path.name
    assert groundings["solved"] == len(bodies) and groundings["groundings"] < len(bodies)
