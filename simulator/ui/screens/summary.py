"""Session summary: every question answered, with time and words; reopen any attempt."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import DataTable, Footer, Header, Label

from simulator.practice import SessionRun
from simulator.ui.messages import AttemptTranscribed
from simulator.ui.screens.base import InterviewScreen
from simulator.ui.screens.review import clock


class AttemptTable(DataTable[str]):
    """The session's attempts; Enter opens the highlighted one."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select_cursor", "Open", id="open", tooltip="Review this attempt"),
    ]


def shorten(text: str, width: int) -> str:
    return text if len(text) <= width else text[: max(1, width - 1)].rstrip() + "…"


class SummaryScreen(InterviewScreen):
    """The end of a session."""

    BINDINGS: ClassVar[list[BindingType]] = [
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
        table.add_columns("#", "Question", "Spoken", "Words", "Status")
        self.fill()
        table.focus()

    def fill(self) -> None:
        table = self.query_one("#summary", DataTable)
        table.clear()
        attempts = self.run.latest_attempts()
        question_width = max(20, self.app.size.width - 36)
        for number, attempt in enumerate(attempts, start=1):
            words = (
                "…"
                if attempt.transcript is None and attempt.typed_text is None
                else str(len(attempt.answer_text.split()))
            )
            table.add_row(str(number), shorten(attempt.question.text, question_width),
                          clock(attempt.seconds), words,
                          attempt.status, key=str(attempt.id))  # fmt: skip
        total = sum(a.seconds for a in attempts)
        self.query_one("#summary-title", Label).update(
            f"Session complete: {len(attempts)} of {len(self.run.questions)} questions answered, "
            f"{clock(total)} spoken"
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
        self.interview.open_review(self.run, attempt)

    def action_home(self) -> None:
        self.interview.go_home()
