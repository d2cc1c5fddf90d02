"""Where to draw a sweep: the coordinates templates/sweep.svg.j2 turns into an SVG.

Only presentation: scales, ticks, one polyline per series, a marker at every point
where a cap trims (filled for a shared cap, hollow for a per-project cap, both
drawn where both trim) and a dashed line where each cap begins to bind.  With one
swept field the series are the total and each clause; with two, the total along
the first field for each value of the second.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from pycli.reports.render import yuan
from pycli.research.sweep import Sweep

WIDTH, HEIGHT = 940, 480
LEFT, RIGHT, TOP, BOTTOM = 96, 320, 40, 56
#: Series colours (colour-blind safe, Okabe-Ito), the total first.
COLOURS = ["#000000", "#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442"]
MAX_SERIES = len(COLOURS)


@dataclass
class Series:
    """One line: its label, colour and points (x, y) in SVG units."""

    label: str
    colour: str
    points: list[tuple[float, float]]
    width: float = 1.5

    @property
    def path(self) -> str:
        return " ".join(f"{x:.1f},{y:.1f}" for x, y in self.points)


@dataclass
class Marker:
    """A point where a cap trims; ``title`` says which (an SVG tooltip)."""

    x: float
    y: float
    shared: bool
    project: bool
    title: str


@dataclass
class Plot:
    """Everything the SVG template draws."""

    title: str
    x_label: str
    y_label: str
    x_ticks: list[tuple[float, str]]
    y_ticks: list[tuple[float, str]]
    series: list[Series]
    markers: list[Marker]
    bindings: list[tuple[float, str]]
    note: str = ""
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    right: int = RIGHT
    top: int = TOP
    bottom: int = BOTTOM
    legend: list[tuple[str, str]] = field(default_factory=list)

    @property
    def plot_right(self) -> int:
        return self.width - self.right

    @property
    def plot_bottom(self) -> int:
        return self.height - self.bottom


def _number(value: Any) -> float:
    """A swept value on the x scale: a number, or a date as its day number."""
    if isinstance(value, str):
        return float(dt.date.fromisoformat(value).toordinal())
    return float(value)


def _shown(value: Any) -> str:
    return yuan(value) if isinstance(value, int) else str(value)


def _nice_step(span: float, count: int = 5) -> float:
    raw = span / count if span > 0 else 1.0
    magnitude = 10 ** len(str(int(raw))) / 10 if raw >= 1 else 1.0
    for factor in (1, 2, 2.5, 5, 10):
        if raw <= factor * magnitude:
            return factor * magnitude
    return 10 * magnitude


def build(sweep: Sweep) -> Plot:
    """The plot of a sweep."""
    xs = sorted({_number(p.values[0]) for p in sweep.points})
    x_min, x_max = xs[0], xs[-1]
    top_total = max([p.total for p in sweep.points] + [max(p.clauses.values(), default=0) for p in sweep.points] + [1])
    y_step = _nice_step(top_total)
    y_max = y_step * -(-top_total // y_step)

    def sx(value: Any) -> float:
        span = x_max - x_min
        return LEFT + ((_number(value) - x_min) / span if span else 0.5) * (WIDTH - LEFT - RIGHT)

    def sy(amount: float) -> float:
        return HEIGHT - BOTTOM - amount / y_max * (HEIGHT - TOP - BOTTOM)

    series: list[Series] = []
    note = ""
    if len(sweep.parameters) == 1:
        series.append(Series("total", COLOURS[0], [(sx(p.values[0]), sy(p.total)) for p in sweep.points], 2.5))
        shown = sweep.clauses[:MAX_SERIES - 1]
        for colour, clause in zip(COLOURS[1:], shown):
            series.append(Series(clause, colour, [(sx(p.values[0]), sy(p.clauses[clause])) for p in sweep.points]))
        if len(sweep.clauses) > len(shown):
            note = f"{len(sweep.clauses) - len(shown)} more clauses are in the table, not drawn"
    else:
        seconds = list(dict.fromkeys(p.values[1] for p in sweep.points))
        shown_values = seconds[:MAX_SERIES]
        for colour, second in zip(COLOURS, shown_values):
            line = [(sx(p.values[0]), sy(p.total)) for p in sweep.points if p.values[1] == second]
            series.append(Series(f"total, {sweep.parameters[1]}={second}", colour, line, 2.0))
        if len(seconds) > len(shown_values):
            note = f"{len(seconds) - len(shown_values)} more values of {sweep.parameters[1]} are in the table, not drawn"
    markers = [Marker(sx(p.values[0]), sy(p.total), bool(p.shared_caps), bool(p.project_caps),
                      "; ".join([f"{', '.join(map(str, p.values))}: total {yuan(p.total)}"]
                                + [f"{c} trims" for c in p.shared_caps]
                                + [f"per-project cap of {c} trims" for c in p.project_caps]))
               for p in sweep.points if p.trimmed]
    # Caps that begin to bind at the same value share one line and one label.
    starts: dict[Any, list[str]] = {}
    for b in sweep.bindings():
        starts.setdefault(b.values[0], []).append(f"{b.cap} ({b.kind})")
    bindings = [(sx(value), f"{', '.join(caps)} {'bind' if len(caps) > 1 else 'binds'} from {_shown(value)}")
                for value, caps in starts.items()]
    originals = {_number(p.values[0]): p.values[0] for p in sweep.points}
    x_count = min(6, len(xs))
    picks = [xs[round(i * (len(xs) - 1) / (x_count - 1))] for i in range(x_count)] if x_count > 1 else xs
    x_ticks = [(sx(originals[x]), _shown(originals[x])) for x in picks]
    y_ticks = [(sy(k * y_step), yuan(int(k * y_step))) for k in range(int(y_max // y_step) + 1)]
    return Plot(title=f"{sweep.applicant}: optimum along {' and '.join(sweep.parameters)}"
                      + (f" under {sweep.reform}" if sweep.reform else ""),
                x_label=sweep.parameters[0], y_label="yuan", x_ticks=x_ticks, y_ticks=y_ticks,
                series=series, markers=markers, bindings=bindings, note=note,
                legend=[(s.colour, s.label) for s in series])
