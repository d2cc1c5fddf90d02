"""The exact value of a swept field where each cap begins to bind.

A sweep's grid says only that a cap is not reached at one point and reached at the
next.  Between the two, the least value at which it is reached is found by search,
each probe a proven optimum of the applicant at that value (the same solve as a grid
point): every round places up to PROBES values evenly in each open interval and keeps
the sub-interval where the cap is first reached, so an interval of width W takes
about log(W) / log(PROBES + 1) rounds, all intervals of a round in one grounding.

The least value is exact when reaching the cap is monotone in the field (a bigger
base never leaves a cap less full), as it is for a ratio's base; otherwise it is the
first value inside the interval at which the cap is reached.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from pycli.research.sweep import SweepPoint, caps_reached
from pycli.research.workbench import Outcome

#: Values probed inside one interval per round.
PROBES = 15

#: The optima at some values of the swept field, in the order given.
Probe = Callable[[Sequence[int]], list[Outcome]]


def _inside(low: int, high: int) -> list[int]:
    """Up to PROBES whole values strictly between ``low`` and ``high``, evenly spread."""
    width = high - low
    if width <= PROBES + 1:
        return list(range(low + 1, high))
    return sorted({low + (width * k) // (PROBES + 1) for k in range(1, PROBES + 1)} - {low, high})


def exact_starts(values: Sequence[int], starts: Sequence[tuple[str, str, int]],
                 probe: Probe) -> dict[tuple[str, str], int]:
    """For each (cap, kind, index) of ``starts``, the cap first reached at grid point
    ``index`` > 0, the least value in (values[index - 1], values[index]] at which it is.
    A cap whose search met an optimum not proven (the time limit) gets no exact value."""
    open_: dict[tuple[str, str], tuple[int, int]] = {
        (cap, kind): (values[index - 1], values[index]) for cap, kind, index in starts if index > 0}
    unproven: set[tuple[str, str]] = set()
    while True:
        asked = {key: _inside(low, high) for key, (low, high) in open_.items()
                 if high - low > 1 and key not in unproven}
        wanted = sorted({v for vs in asked.values() for v in vs})
        if not wanted:
            return {key: high for key, (_low, high) in open_.items() if key not in unproven}
        at = {v: SweepPoint(values=[v], total=o.result.total, optimal=o.result.optimal, clauses={},
                            **caps_reached(o))
              for v, o in zip(wanted, probe(wanted))}
        for (cap, kind), inside in asked.items():
            low, high = open_[(cap, kind)]
            for value in inside:
                if not at[value].optimal:
                    unproven.add((cap, kind))
                    break
                if at[value].reaches(cap, kind):
                    high = value
                    break
                low = value
            open_[(cap, kind)] = (low, high)
