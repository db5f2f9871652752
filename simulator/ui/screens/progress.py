"""Progress: per topic and per question, how answers changed over time."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Footer, Header, Label, Sparkline

from simulator.storage.history import AttemptRecord
from simulator.ui.screens.base import InterviewScreen
from simulator.ui.screens.summary import shorten


def measure(records: list[AttemptRecord]) -> tuple[str, list[float]]:
    """The series to chart, oldest first: scores once there are any, else words spoken."""
    ordered = sorted(records, key=lambda r: (r.started_at, r.id))
    if any(r.score is not None for r in ordered):
        return "score", [float(r.score) for r in ordered if r.score is not None]
    return "words", [float(len((r.transcript or "").split())) for r in ordered]


class ProgressScreen(InterviewScreen):
    """Sparklines of every topic and question with attempts."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "app.pop_screen", "Back", id="progress-back"),
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        records = [
            r for r in self.interview.practice.history.attempts()
            if r.status not in ("abandoned", "recording")
        ]  # fmt: skip
        with VerticalScroll(id="progress"):
            if not records:
                yield Label("No attempts yet: answer a question first.")
            groups: dict[str, list[AttemptRecord]] = {}
            for record in records:
                groups.setdefault(f"topic:{record.topic}", []).append(record)
            for record in records:
                groups.setdefault(f"question:{record.question_id}", []).append(record)
            for key, group in groups.items():
                kind, _, name = key.partition(":")
                title = name if kind == "topic" else shorten(group[0].question, 44)
                unit, series = measure(group)
                change = f"{series[0]:.0f} → {series[-1]:.0f} {unit}" if series else ""
                with Horizontal(classes=f"progress-row -{kind}"):
                    yield Label(title, classes="progress-title")
                    yield Sparkline(series or [0.0], classes="progress-chart")
                    yield Label(f"{len(series)} x {change}", classes="progress-change")
        yield Footer(compact=True)
