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
