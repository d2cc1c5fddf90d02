"""bench/generate.py is deterministic and writes valid applicants (no timing is asserted)."""

from __future__ import annotations

import sys

from conftest import ROOT

from pycli.input.load import validate

if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import generate  # noqa: E402


def test_the_same_arguments_give_the_same_applicant() -> None:
    for district in generate.DISTRICTS:
        for shape in generate.SHAPES:
            first = generate.applicant(district, 200, seed=7, shape=shape)
            assert first == generate.applicant(district, 200, seed=7, shape=shape)
            assert first != generate.applicant(district, 200, seed=8, shape=shape)
    assert generate.population(12, seed=3) == generate.population(12, seed=3)


def test_generated_applicants_are_valid_and_have_n_matters() -> None:
    for district in generate.DISTRICTS:
        for shape in generate.SHAPES:
            data = generate.applicant(district, 150, seed=1, shape=shape)
            applicant = validate(data, "generated")
            lists = [v for k, v in applicant.data.items() if isinstance(v, list) and k != "sectors"]
            assert sum(len(v) for v in lists) == 150
