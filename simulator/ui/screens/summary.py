"""Session summary: every question answered, with time and words; reopen any attempt."""

from __future__ import annotations

from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import DataTable, Footer, Header, Label

from simulator.practice import SessionRun
from simulator.timefmt import clock, shorten
from simulator.ui.messages import AnswerOpened, AttemptTranscribed, HomeChosen
from simulator.ui.screens.base import InterviewScreen


class AttemptTable(DataTable[str]):
    """The session's attempts; Enter opens the highlighted one."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select_cursor", "Open", id="open", tooltip="Review this attempt"),
    ]


class SummaryScreen(InterviewScreen):
    """The end of a session."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "e",
            "export",
            "Export",
            id="summary-export",
            tooltip="Write a Markdown report of this session next to its recordings",
        ),
        Binding("escape", "home", "Home", id="summary-home", tooltip="Back to the question list"),
    ]

    def __init__(self, run: SessionRun) -> None:
        super().__init__()
        self.run = run

    def compose(self) -> ComposeResult:
        yield Header()
        yield Label(id="summary-title")
        yield AttemptTable(id="summary", cursor_type="row", zebra_stripes=True)
        yield Footer(compact=True)

    def on_mount(self) -> None:
        table = self.query_one("#summary", DataTable)
        table.add_columns("#", "Question", "Score", "Points", "Spoken", "WPM", "Fillers")
        self.fill()
        table.focus()

    def fill(self) -> None:
        table = self.query_one("#summary", DataTable)
        table.clear()
        attempts = self.run.latest_attempts()
        question_width = max(20, self.app.size.width - 50)
        scores = []
        for number, attempt in enumerate(attempts, start=1):
            feedback = attempt.feedback
            if feedback is None:
                figures = ["…", "…", clock(attempt.seconds), "…", "…"]
            else:
                content, delivery = feedback.content, feedback.delivery
                scores.append(content.score)
                figures = [str(content.score), f"{content.covered}/{content.total}",
                           clock(attempt.seconds), f"{delivery.words_per_minute:.0f}",
                           str(delivery.filler_count)]  # fmt: skip
            table.add_row(str(number), shorten(attempt.question.text, question_width), *figures,
                          key=str(attempt.id))  # fmt: skip
        total = sum(a.seconds for a in attempts)
        average = f", average score {sum(scores) / len(scores):.0f}" if scores else ""
        self.query_one("#summary-title", Label).update(
            f"Session complete: {len(attempts)} of {len(self.run.questions)} questions answered, "
            f"{clock(total)} spoken{average}"
        )

    @on(AttemptTranscribed)
    def _transcribed(self) -> None:
        self.fill()

    def on_screen_resume(self) -> None:
        self.fill()

    @on(DataTable.RowSelected)
    def _row_selected(self) -> None:
        self.action_open()

    def action_open(self) -> None:
        table = self.query_one("#summary", DataTable)
        if not table.row_count:
            return
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        attempt = next(a for a in self.run.attempts if str(a.id) == key)
        self.post_message(AnswerOpened(self.run, attempt))

    def action_export(self) -> None:
        if self.run.attempts:
            self._export(self.run.attempts[-1].session_id)

    @work(thread=True, exclusive=True, group="export")
    def _export(self, session: str) -> None:
        """Write the session's report through the service (as `interview-sim export`)."""
        try:
            path = self.interview.practice.export_session(session)
        except OSError as error:
            self.app.call_from_thread(
                self.notify, f"Cannot write the report: {error}", severity="error", timeout=10
            )
            return
        self.app.call_from_thread(self.notify, f"Report written to {path}", timeout=10)

    def action_home(self) -> None:
        self.post_message(HomeChosen())
