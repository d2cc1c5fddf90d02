"""Chart geometry for the batch report: whole pixels from whole yuan, drawn as SVG by templates.

Lengths are integer arithmetic on the amounts (``value * width // largest``), so the
same numbers always give the same picture; the templates only place the shapes.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pycli.populations.summary import Bin, Line

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
