"""A request that comes alone is solved one-shot, those that wait together share a grounding
(pycli/service/batcher.py): either way each gets `policykb optimize`'s answer, its error its own."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from pycli.engine.evaluate import evaluate
from pycli.errors import InputError
from pycli.input import load
from pycli.input.options import settings
from pycli.service.batcher import Batcher
from tests.conftest import ROOT

EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))


@pytest.mark.parametrize("assume", [(), ("rounding=half_up",), ("caps_trim=false",)], ids=str)
def test_requests_alone_and_together_get_the_optimize_answer(assume: tuple[str, ...]) -> None:
    chosen = settings(None, None, assume)
    expected = [evaluate(str(path), chosen).to_json() for path in EXAMPLES]
    batcher = Batcher()
    alone = [batcher.optimize(load.load(str(path)), chosen, None).to_json() for path in EXAMPLES]
    assert batcher.batches == len(EXAMPLES)  # one request at a time: each solved alone
    with ThreadPoolExecutor(len(EXAMPLES)) as pool:
        together = list(pool.map(lambda p: batcher.optimize(load.load(str(p)), chosen, None).to_json(), EXAMPLES))
    assert alone == expected and together == expected


def test_an_error_alone_is_the_one_optimize_gives(tmp_path: Path) -> None:
    bad = load.validate({"district": "xicheng", "sectors": ["data_elements"],
                         "earlier_support": [{"clause": "nope", "amount": 5}]}, "bad.yaml")
    with pytest.raises(InputError) as raised:
        Batcher().optimize(bad, settings(None, None, ()), None)
    assert str(raised.value) == "bad.yaml: earlier_support[0].clause: expected a clause id of the knowledge base, got 'nope'"
