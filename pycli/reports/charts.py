"""Chart geometry: the coordinates the SVG templates draw, from the numbers of a result.

Two pictures, placed here and drawn by templates: the batch report's spend bars and
histogram (templates/batch_charts.html.j2) and the sweep's lines (templates/sweep.svg.j2).
Batch lengths are integer arithmetic on the amounts (``value * width // largest``), so
the same numbers always give the same picture.  A sweep plot draws one polyline per
series, a marker at every point where a cap trims (filled for a shared cap, hollow for
a per-project cap, both drawn where both trim) and a dashed line where each cap begins
to bind; with one swept field the series are the total and each clause, with two, the
total along the first field for each value of the second.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from pycli.populations.summary import Bin, Line
from pycli.reports.render import say, yuan
from pycli.research.sweep import Sweep

#: Pixels: the width of the longest bar, the width of one character of a label.
BAR_WIDTH = 420
CHAR_WIDTH = 7
MAX_LABEL_CHARS = 40


@dataclass
class Bar:
    """One horizontal bar (or a pair: baseline and reform) of the spend chart."""

    label: str
    y: int
    width: int
    value: int
    baseline_width: int | None = None
    baseline: int | None = None


@dataclass
class BarChart:
    """Spend per clause as horizontal bars."""

    bars: list[Bar] = field(default_factory=list)
    label_width: int = 0
    row: int = 20
    width: int = 0
    height: int = 0
    paired: bool = False


@dataclass
class Column:
    """One column of the histogram."""

    label: str
    x: int
    y: int
    height: int
    count: int
    baseline_y: int | None = None
    baseline_height: int | None = None
    baseline_count: int | None = None


@dataclass
class Histogram:
    """The number of applicants per band of total."""

    columns: list[Column] = field(default_factory=list)
    column: int = 64
    plot: int = 200
    width: int = 0
    height: int = 0
    paired: bool = False


def spend_bars(lines: list[Line], paired: bool) -> BarChart:
    """Bars for every line that pays something (under a reform: baseline beside reform)."""
    shown = [line for line in lines if line.total or (paired and line.baseline)]
    largest = max([line.total for line in shown] + [line.baseline for line in shown if paired] + [1])
    chart = BarChart(row=30 if paired else 20, paired=paired)
    chart.label_width = CHAR_WIDTH * min(MAX_LABEL_CHARS, max([len(line.name) for line in shown] + [1])) + 10
    for index, line in enumerate(shown):
        label = line.name if len(line.name) <= MAX_LABEL_CHARS else line.name[:MAX_LABEL_CHARS - 1] + "…"
        bar = Bar(label=label, y=index * chart.row, width=line.total * BAR_WIDTH // largest, value=line.total)
        if paired:
            bar.baseline, bar.baseline_width = line.baseline, line.baseline * BAR_WIDTH // largest
        chart.bars.append(bar)
    # Room for the amount written after the longest bar.
    chart.width = chart.label_width + BAR_WIDTH + 130
    chart.height = max(1, len(shown)) * chart.row + 10
    return chart


def short_yuan(amount: int) -> str:
    """A bin edge for an axis label: 100k, 1M, 50M (edges are round, so nothing is lost)."""
    if amount >= 1_000_000 and amount % 1_000_000 == 0:
        return f"{amount // 1_000_000}M"
    if amount >= 1_000 and amount % 1_000 == 0:
        return f"{amount // 1_000}k"
    return f"{amount:,}"


def histogram(bins: list[Bin], paired: bool) -> Histogram:
    """Columns for the histogram of totals per applicant (under a reform: baseline beside)."""
    chart = Histogram(paired=paired)
    largest = max([b.count for b in bins] + [b.baseline_count for b in bins if paired] + [1])
    for index, b in enumerate(bins):
        if b.high is None:
            label = f">{short_yuan(b.low - 1)}"
        elif b.high == 0:
            label = "0"
        else:
            label = f"≤{short_yuan(b.high)}"
        height = b.count * chart.plot // largest
        column = Column(label=label, x=index * chart.column, y=chart.plot - height, height=height, count=b.count)
        if paired:
            base = b.baseline_count * chart.plot // largest
            column.baseline_y, column.baseline_height, column.baseline_count = chart.plot - base, base, b.baseline_count
        chart.columns.append(column)
    chart.width = len(bins) * chart.column + 20
    chart.height = chart.plot + 58  # counts above, the axis labels and caption below
    return chart


# The sweep plot (templates/sweep.svg.j2): SVG units, scaled from the swept values.

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


def sweep_plot(sweep: Sweep, lang: str = "en") -> Plot:
    """The plot of a sweep (templates/sweep.svg.j2), its words in ``lang``."""
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
        series.append(Series(say(lang, "col_total"), COLOURS[0], [(sx(p.values[0]), sy(p.total)) for p in sweep.points], 2.5))
        shown = sweep.clauses[:MAX_SERIES - 1]
        for colour, clause in zip(COLOURS[1:], shown):
            series.append(Series(clause, colour, [(sx(p.values[0]), sy(p.clauses[clause])) for p in sweep.points]))
        if len(sweep.clauses) > len(shown):
            note = say(lang, "plot_more_clauses", {"n": len(sweep.clauses) - len(shown)})
    else:
        seconds = list(dict.fromkeys(p.values[1] for p in sweep.points))
        shown_values = seconds[:MAX_SERIES]
        for colour, second in zip(COLOURS, shown_values):
            line = [(sx(p.values[0]), sy(p.total)) for p in sweep.points if p.values[1] == second]
            series.append(Series(say(lang, "plot_total_at", {"field": sweep.parameters[1], "value": second}),
                                 colour, line, 2.0))
        if len(seconds) > len(shown_values):
            note = say(lang, "plot_more_values", {"n": len(seconds) - len(shown_values), "field": sweep.parameters[1]})
    markers = [Marker(sx(p.values[0]), sy(p.total), bool(p.shared_caps), bool(p.project_caps),
                      say(lang, "semicolon").join(
                          [say(lang, "plot_point", {"at": ", ".join(map(str, p.values)), "total": yuan(p.total)})]
                          + [say(lang, "plot_trims", {"cap": c}) for c in p.shared_caps]
                          + [say(lang, "plot_project_trims", {"clause": c}) for c in p.project_caps]))
               for p in sweep.points if p.trimmed]
    # Caps that begin to bind at the same value share one line and one label.
    starts: dict[Any, list[str]] = {}
    for b in sweep.bindings():
        starts.setdefault(b.exact[0] if b.exact else b.values[0], []).append(
            say(lang, "plot_cap_kind", {"cap": b.cap, "kind": say(lang, "cap_kind_" + b.kind.replace("-", "_"))}))
    bindings = [(sx(value), say(lang, "plot_bind" if len(caps) > 1 else "plot_binds",
                                {"caps": ", ".join(caps), "at": _shown(value)}))
                for value, caps in starts.items()]
    originals = {_number(p.values[0]): p.values[0] for p in sweep.points}
    x_count = min(6, len(xs))
    picks = [xs[round(i * (len(xs) - 1) / (x_count - 1))] for i in range(x_count)] if x_count > 1 else xs
    x_ticks = [(sx(originals[x]), _shown(originals[x])) for x in picks]
    y_ticks = [(sy(k * y_step), yuan(int(k * y_step))) for k in range(int(y_max // y_step) + 1)]
    return Plot(title=say(lang, "plot_title", {"applicant": sweep.applicant,
                                               "along": say(lang, "plot_and").join(sweep.parameters)})
                + (say(lang, "plot_under", {"reform": sweep.reform}) if sweep.reform else ""),
                x_label=sweep.parameters[0], y_label=say(lang, "col_yuan_unit"), x_ticks=x_ticks, y_ticks=y_ticks,
                series=series, markers=markers, bindings=bindings, note=note,
                legend=[(s.colour, s.label) for s in series])
