"""History: every attempt, newest first; filter, open, transcribe, compare, delete.

The list and everything done to an attempt go through the practice service in workers: the
history database and the recordings are never read on the event loop.
"""

from __future__ import annotations

from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import DataTable, Footer, Header, Input

from simulator.practice import AttemptSummary
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
        self.loaded: list[AttemptSummary] = []
        """Every attempt, as last read from the history."""
        self.records: list[AttemptSummary] = []
        """The ones the filter shows, in table order."""

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

    @work(thread=True, exclusive=True, group="history-load")
    def reload(self) -> None:
        """Read the list again (a worker), then show it."""
        summaries = self.interview.practice.summaries()
        self.call_while_shown(self._loaded, summaries)

    def _loaded(self, summaries: list[AttemptSummary]) -> None:
        self.loaded = summaries
        self.show_rows()

    def show_rows(self) -> None:
        needle = self.query_one("#history-q", Input).value.strip().lower()
        self.records = [r for r in self.loaded if not needle or needle in r.filter_text.lower()]
        table = self.query_one("#history", DataTable)
        cursor = table.cursor_row
        table.clear()
        width = max(20, self.app.size.width - 50)
        for summary in self.records:
            record = summary.record
            table.add_row(
                f"{record.started_at.astimezone():%Y-%m-%d %H:%M}",
                shorten(record.question, width),
                clock(record.duration_seconds),
                "—" if record.score is None else str(record.score),
                summary.status_text,
                key=str(record.id),
            )
        if self.records:
            table.move_cursor(row=min(cursor, len(self.records) - 1))

    def selected(self) -> AttemptSummary | None:
        table = self.query_one("#history", DataTable)
        if not self.records or table.cursor_row >= len(self.records):
            return None
        return self.records[table.cursor_row]

    @on(Input.Changed, "#history-q")
    def _filter_changed(self) -> None:
        self.show_rows()

    @on(Input.Submitted, "#history-q")
    def _filter_done(self) -> None:
        self.query_one("#history").focus()

    @on(DataTable.RowSelected)
    def _open(self) -> None:
        record = self.selected()
        if record is not None:
            self._open_attempt(record.record.id, transcribe=False)

    @work(thread=True, group="history-open")
    def _open_attempt(self, attempt_id: int, transcribe: bool) -> None:
        """Load the attempt (with its feedback) in a worker, then open or transcribe it."""
        try:
            attempt = self.interview.practice.open_attempt(attempt_id)
        except KeyError:
            self.call_while_shown(self._gone)
            return
        self.post_message(TranscriptionRequested(attempt) if transcribe else AttemptOpened(attempt))

    def _gone(self) -> None:
        self.notify("That attempt is no longer in the history.", severity="warning")
        self.reload()

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
        if record is None or not record.has_audio:
            self.notify("This attempt has no audio to transcribe.", severity="warning")
            return
        self.notify("Transcribing in the background…")
        self._open_attempt(record.record.id, transcribe=True)

    def action_compare(self) -> None:
        record = self.selected()
        if record is not None:
            self._compare(record.record.id)

    @work(thread=True, group="history-open")
    def _compare(self, attempt_id: int) -> None:
        try:
            pair = self.interview.practice.comparison(attempt_id)
        except KeyError:
            self.call_while_shown(self._gone)
            return
        if pair is None:
            self.app.call_from_thread(
                self.notify, "Only one attempt of this question so far.", severity="warning"
            )
            return
        self.post_message(ComparisonChosen(*pair))

    def action_progress(self) -> None:
        self.post_message(ProgressChosen())

    def action_delete(self) -> None:
        record = self.selected()
        if record is None:
            return

        def decided(delete: bool | None) -> None:
            if delete:
                self._delete(record.record.id)

        question = shorten(record.record.question, 50)
        self.app.push_screen(
            ConfirmScreen(f"Delete this attempt and its recording?\n{question}"), decided
        )

    @work(thread=True, group="history-delete")
    def _delete(self, attempt_id: int) -> None:
        try:
            self.interview.practice.delete_attempt(attempt_id)
        except KeyError:
            pass  # already gone (another copy of the app, retention)
        except OSError as error:  # a read-only folder, a full disk: nothing deleted
            self.app.call_from_thread(
                self.notify, f"Not deleted: {error}.", severity="error", timeout=10
            )
        self.call_while_shown(self.reload)

    def action_leave(self) -> None:
        if self.app.focused is self.query_one("#history-q", Input):
            self.query_one("#history-q", Input).value = ""
            self.query_one("#history").focus()
        else:
            self.app.pop_screen()
