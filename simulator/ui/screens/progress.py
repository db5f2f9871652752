"""Progress: score over time per topic and per question, and the key points most missed."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import Footer, Header, Label, Static

from simulator.schedule import MissedPoint, ProgressReport
from simulator.timefmt import shorten
from simulator.ui.screens.base import InterviewScreen
from simulator.ui.widgets.score_chart import ScoreChart, legend


def missed_text(points: tuple[MissedPoint, ...]) -> Text:
    """One line per point: "✗ missed 4 of the last 5 times: Persisted queries · question-id"."""
    text = Text()
    for point in points:
        text.append("✗ ", style="bold red")
        text.append(point.describe())
        text.append(f" · {point.question_id}\n", style="dim")
    return text


class ProgressScreen(InterviewScreen):
    """Charts of every topic and question with scored answers, computed by the service."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "app.pop_screen", "Back", id="progress-back"),
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        report: ProgressReport = self.interview.practice.progress()
        with VerticalScroll(id="progress"):
            if not report.questions:
                yield Label("No scored answers yet: answer a question first.")
            else:
                start = min(p[0] for s in report.topics for p in s.points)
                end = max(self.interview.practice.now(), *(s.points[-1][0] for s in report.topics))
                yield ScoreChart(report.topics, start, end, "Score by topic", classes="-topics")
                yield Static(legend(report.topics), classes="legend")
                yield Label("Key points most often missed", classes="progress-heading")
                missed = missed_text(report.missed) or "None: every key point was covered."
                yield Static(missed, id="missed")
                for series in report.questions:
                    title = shorten(series.title, 60)
                    yield ScoreChart([series], start, end, title, classes="-question")
        yield Footer(compact=True)
