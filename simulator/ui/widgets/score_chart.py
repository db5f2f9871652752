"""A chart of scores over time (plotext, through textual-plotext): one line per series.

The x axis is dates, the same span for every chart of a screen so they line up; the y axis
is the score, 0-100, ticked where the rating changes (50 Hard, 70 Good, 90 Easy), so a line
shows both progress and what the schedule makes of it. Each answer is a dot on its line.
The legend is drawn by `legend`, under the chart: plotext's own sits over the plot area
and hides the points there.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from rich.text import Text
from textual.app import RenderResult
from textual_plotext import PlotextPlot

from simulator.schedule import Series
from simulator.schedule.rating import EASY_FROM, GOOD_FROM, HARD_FROM

DAY_SECONDS = 86400.0
X_TICKS = 4
COLOURS = (("cyan+", "bright_cyan"), ("magenta+", "bright_magenta"),
           ("green+", "bright_green"), ("yellow+", "bright_yellow"),
           ("blue+", "bright_blue"), ("red+", "bright_red"))  # fmt: skip
"""(plotext, Rich) names of the same terminal colours, one per line."""


class ScoreChart(PlotextPlot):
    """Scores of `series` over time, from `start` to `end`."""

    def __init__(
        self,
        series: Sequence[Series],
        start: datetime,
        end: datetime,
        title: str,
        *,
        classes: str = "",
    ) -> None:
        super().__init__(classes=classes)
        self.series = {s.title: [score for _, score in s.points] for s in series}
        """Each line's scores, oldest first (what tests read)."""
        plt = self.plt
        for n, line in enumerate(series):
            days = [(at - start).total_seconds() / DAY_SECONDS for at, _ in line.points]
            scores = [score for _, score in line.points]
            colour = COLOURS[n % len(COLOURS)][0]
            plt.plot(days, scores, marker="braille", color=colour)
            plt.scatter(days, scores, marker="●", color=colour)
        plt.title(title)
        plt.ylim(0, 100)
        span = max(1.0, (end - start).total_seconds() / DAY_SECONDS)
        ticks = [span * n / (X_TICKS - 1) for n in range(X_TICKS)]
        plt.xlim(0, span)
        plt.xticks(ticks, [_date(start, t) for t in ticks])

    def render(self) -> RenderResult:
        """The plot, with as many score ticks as fit its height: plotext itself drops one of
        two ticks that fall on the same row, but which one varies from run to run."""
        self.plt.yticks(score_ticks(self.size.height - 4))
        return super().render()


def score_ticks(rows: int) -> list[float]:
    """0, then the rating thresholds (50, 70, 90), then 100: those a row or more apart."""
    step = 100 / max(1, rows - 1)
    ticks: list[float] = []
    for tick in (0, HARD_FROM, GOOD_FROM, EASY_FROM, 100):
        if not ticks or tick - ticks[-1] >= step:
            ticks.append(tick)
    return ticks


def legend(series: Sequence[Series]) -> Text:
    """ "● Architecture  ● APIs ...", each dot in its line's colour."""
    text = Text()
    for n, line in enumerate(series):
        text.append("● ", style=COLOURS[n % len(COLOURS)][1])
        text.append(f"{line.title}  ")
    return text


def _date(start: datetime, days: float) -> str:
    moment = datetime.fromtimestamp(start.timestamp() + days * DAY_SECONDS, start.tzinfo)
    return f"{moment.astimezone():%d %b}"
