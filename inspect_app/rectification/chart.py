"""A server-drawn SVG bar chart of ledger counts (our own small template: no script, no inline style)."""

from dataclasses import dataclass

from inspect_app.rectification.ledger import Tally

LABEL_WIDTH = 150  # room for a unit's name
BAR_SPACE = 300  # the longest bar
ROW_HEIGHT = 24


@dataclass(frozen=True)
class Bar:
    """One line of the chart: its label, where it sits, and its three segments' widths."""

    name: str
    y: int
    closed: float
    open: float
    overdue: float
    tally: Tally


@dataclass(frozen=True)
class Chart:
    """The chart's lines and its size."""

    bars: list[Bar]
    width: int
    height: int
    label_width: int = LABEL_WIDTH


def bar_chart(tallies: dict[str, Tally]) -> Chart:
    """Stacked bars per name: closed (已整改), open and not overdue, overdue; scaled to the largest total."""
    largest = max((tally.found for tally in tallies.values()), default=0) or 1
    scale = BAR_SPACE / largest
    bars = [
        Bar(
            name=name,
            y=index * ROW_HEIGHT,
            closed=round(tally.closed * scale, 1),
            open=round((tally.open - tally.overdue) * scale, 1),
            overdue=round(tally.overdue * scale, 1),
            tally=tally,
        )
        for index, (name, tally) in enumerate(tallies.items())
    ]
    return Chart(bars=bars, width=LABEL_WIDTH + BAR_SPACE + 60, height=max(len(bars), 1) * ROW_HEIGHT)
