"""History: every attempt, newest first; filter, open, transcribe, compare, delete."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import DataTable, Footer, Header, Input

from simulator.practice import Attempt
from simulator.storage.history import AttemptRecord
from simulator.timefmt import clock, shorten
from simulator.ui.messages import (
    AttemptOpened,
    AttemptTranscribed,
    ComparisonChosen,
    ProgressChosen,
    TranscriptionRequested,
)
from simulator.ui.screens.base import InterviewScreen
from simulator.ui.screens.confirm import ConfirmScreen


class AttemptHistoryTable(DataTable[str]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select_cursor", "Open", id="history-open", tooltip="Review and replay"),
    ]


def row_text(record: AttemptRecord) -> str:
    """What the filter matches: date, topic, question and status."""
    return f"{record.started_at.astimezone():%Y-%m-%d} {record.topic} {record.question} " + (
        f"{record.question_id} {record.status}"
    )


class HistoryScreen(InterviewScreen):
    """All attempts from the history database."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("slash", "filter", "Filter", id="history-filter",
                tooltip="Filter by question, topic or date (YYYY-MM-DD)"),
        Binding("t", "transcribe", "Transcribe", id="history-transcribe",
                tooltip="Transcribe an attempt that has no transcript"),
        Binding("c", "compare", "Compare", id="history-compare",
                tooltip="Compare with the first (or latest) attempt of the same question"),
        Binding("g", "progress", "Progress", id="history-progress",
                tooltip="How answers changed over time"),
        Binding("d", "delete", "Delete", id="history-delete", tooltip="Delete audio and row"),
        Binding("escape", "leave", "Back", id="history-back"),
    ]  # fmt: skip
    AUTO_FOCUS = "#history"

    def __init__(self) -> None:
        super().__init__()
        self.records: list[AttemptRecord] = []

    def compose(self) -> ComposeResult:
        yield Header()
        yield Input(placeholder="Filter: question, topic or date (YYYY-MM-DD)", id="history-q")
        yield AttemptHistoryTable(id="history", cursor_type="row", zebra_stripes=True)
        yield Footer(compact=True)

    def on_mount(self) -> None:
        table = self.query_one("#history", DataTable)
        table.add_columns("Date", "Question", "Spoken", "Score", "Status")
        self.reload()

    def on_screen_resume(self) -> None:
        self.reload()

    def reload(self) -> None:
        needle = self.query_one("#history-q", Input).value.strip().lower()
        self.records = [
            r for r in self.interview.practice.history.attempts()
            if not needle or needle in row_text(r).lower()
        ]  # fmt: skip
        table = self.query_one("#history", DataTable)
        cursor = table.cursor_row
        table.clear()
        width = max(20, self.app.size.width - 50)
        for record in self.records:
            status = record.status
            if record.audio_path is not None and not record.audio_path.exists():
                status += " (audio missing)"
            elif record.transcript is None and record.audio_path is not None:
                status += ", untranscribed"
            table.add_row(
                f"{record.started_at.astimezone():%Y-%m-%d %H:%M}",
                shorten(record.question, width),
                clock(record.duration_seconds),
                "—" if record.score is None else str(record.score),
                status,
                key=str(record.id),
            )
        if self.records:
            table.move_cursor(row=min(cursor, len(self.records) - 1))

    def selected(self) -> AttemptRecord | None:
        table = self.query_one("#history", DataTable)
        if not self.records or table.cursor_row >= len(self.records):
            return None
        return self.records[table.cursor_row]

    def attempt(self, record: AttemptRecord) -> Attempt:
        """The attempt, with its feedback computed against the current bank."""
        attempt = Attempt.from_record(record, self.interview.bank)
        if attempt.answer_text:
            self.interview.practice.assess(attempt)
        return attempt

    @on(Input.Changed, "#history-q")
    def _filter_changed(self) -> None:
        self.reload()

    @on(Input.Submitted, "#history-q")
    def _filter_done(self) -> None:
        self.query_one("#history").focus()

    @on(DataTable.RowSelected)
    def _open(self) -> None:
        record = self.selected()
        if record is not None:
            self.post_message(AttemptOpened(self.attempt(record)))

    @on(AttemptTranscribed)
    def _transcribed(self, message: AttemptTranscribed) -> None:
        if message.error:
            self.notify(f"Not transcribed: {message.error}", severity="error", timeout=10)
        else:
            self.notify("Transcribed.")
        self.reload()

    def action_filter(self) -> None:
        self.query_one("#history-q", Input).focus()

    def action_transcribe(self) -> None:
        record = self.selected()
        if record is None or record.audio_path is None or not record.audio_path.exists():
            self.notify("This attempt has no audio to transcribe.", severity="warning")
            return
        self.notify("Transcribing in the background…")
        self.post_message(TranscriptionRequested(self.attempt(record)))

    def action_compare(self) -> None:
        record = self.selected()
        if record is None:
            return
        same = self.interview.practice.history.attempts(record.question_id)  # newest first
        other = same[-1] if same[-1].id != record.id else same[0]
        if other.id == record.id:
            self.notify("Only one attempt of this question so far.", severity="warning")
            return
        first, second = sorted((record, other), key=lambda r: (r.started_at, r.id))
        self.post_message(ComparisonChosen(self.attempt(first), self.attempt(second)))

    def action_progress(self) -> None:
        self.post_message(ProgressChosen())

    def action_delete(self) -> None:
        record = self.selected()
        if record is None:
            return

        def decided(delete: bool | None) -> None:
            if delete:
                try:
                    self.interview.practice.delete(record.id, record.audio_path)
                except OSError as error:  # a read-only folder, a full disk: nothing deleted
                    self.notify(f"Not deleted: {error}.", severity="error", timeout=10)
                self.reload()

        question = shorten(record.question, 50)
        self.app.push_screen(
            ConfirmScreen(f"Delete this attempt and its recording?\n{question}"), decided
        )

    def action_leave(self) -> None:
        if self.app.focused is self.query_one("#history-q", Input):
            self.query_one("#history-q", Input).value = ""
            self.query_one("#history").focus()
        else:
            self.app.pop_screen()
