"""Practice: the question read aloud, think time, then the answer recorded (or typed).

The screen only draws and forwards keys: `AnswerSession` (outside the UI) owns the phases,
the clock, the microphone and the live transcriber, and reports what happened through
events, which arrive here as `AnswerUpdated` messages (posting is thread-safe).
"""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Footer, Header, Label, Static, TextArea

from simulator.answering import (
    AnswerEvent,
    AnswerFinished,
    AnswerNotice,
    AnswerSession,
    LiveTextChanged,
    MicrophoneUnavailable,
    Phase,
    PhaseChanged,
    SpeechFailed,
)
from simulator.practice import SessionRun
from simulator.ui.messages import AnswerAbandoned, AnswerRecorded, AnswerUpdated
from simulator.ui.screens.base import InterviewScreen
from simulator.ui.screens.confirm import ConfirmScreen
from simulator.ui.widgets.countdown import Countdown
from simulator.ui.widgets.level_meter import LevelMeter
from simulator.ui.widgets.live_transcript import LiveTranscript

__all__ = ["Phase", "PracticeScreen"]

TICK_SECONDS = 0.1
BEHIND_NOTE_SECONDS = 3.0
"""Decoding this far behind the speaker is worth saying on screen."""


class PracticeScreen(InterviewScreen):
    """One question of a run, from reading it aloud to the end of the answer."""

    AUTO_FOCUS = None

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("space", "space", "Answer", id="answer-toggle",
                tooltip="Start answering now, or end the answer"),
        Binding("r", "repeat", "Repeat", id="repeat", tooltip="Read the question again"),
        Binding("m", "mute", "Mute", id="mute", tooltip="Stop reading questions aloud"),
        Binding("t", "type_answer", "Type", id="type", tooltip="Type the answer instead"),
        Binding("l", "toggle_live", "Live text", id="live-text",
                tooltip="Show or hide the transcript while you speak"),
        Binding("ctrl+s", "submit_typed", "Submit", id="submit", show=False),
        Binding("escape", "abandon", "Abandon", id="abandon", tooltip="Give up this attempt"),
    ]  # fmt: skip

    def __init__(self, run: SessionRun) -> None:
        super().__init__()
        self.run = run
        self.question = run.current
        self.session: AnswerSession | None = None

    @property
    def phase(self) -> Phase:
        return self.session.phase if self.session is not None else Phase.SPEAKING

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="practice"):
            kind = "Drill · " if self.run.drill else ""
            yield Label(f"{kind}{self.question.topic} · {self.run.progress}", id="practice-topic")
            yield Static(self.question.text, id="practice-question")
            with Horizontal(id="practice-status"):
                yield Label("", id="phase")
                yield Label("", id="clock")
            yield Countdown("0:00", id="countdown")
            yield LevelMeter(id="level")
            yield LiveTranscript(id="live-text")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one("#level", LevelMeter).display = False
        self.query_one("#live-text", LiveTranscript).display = False
        self.session = AnswerSession(
            self.interview.practice,
            self.question,
            lambda event: self.post_message(AnswerUpdated(event)),
            read_aloud=not self.interview.muted,
        )
        self.set_interval(TICK_SECONDS, self._tick)
        self.session.start()
        self._draw()

    def on_unmount(self) -> None:
        if self.session is not None:
            self.session.close()

    # drawing

    def _tick(self) -> None:
        if self.session is not None:
            self.session.tick()
            if self.session.phase is Phase.TYPING and self.session.remaining <= 0:
                self.action_submit_typed()
        self._draw()

    def _draw(self) -> None:
        session = self.session
        if session is None:
            return
        phase = session.phase
        self.query_one("#phase", Label).update(phase.value)
        self.set_class(phase is Phase.RECORDING, "-recording")
        self.query_one("#countdown", Countdown).show(session.remaining)
        clock = self.query_one("#clock", Label)
        if phase is Phase.THINKING:
            clock.update(f"think {self.question.think_seconds}s")
        elif phase is Phase.RECORDING:
            spoken = session.recorded_seconds
            left = max(0.0, self.question.answer_seconds - spoken)
            clock.update(f"{spoken:5.1f}s spoken · {left:5.1f}s left")
        elif phase is Phase.WAITING:
            clock.update("the countdown starts with the first sound")
        elif phase is Phase.TYPING:
            clock.update(f"{max(0.0, session.remaining):5.1f}s left")
        else:
            clock.update("")
        if session.level_dbfs is not None:
            self.query_one("#level", LevelMeter).level = session.level_dbfs
        self._draw_live()

    def _draw_live(self) -> None:
        session = self.session
        view = self.query_one("#live-text", LiveTranscript)
        answering = session is not None and session.phase in (Phase.WAITING, Phase.RECORDING)
        view.display = answering and self.interview.live_transcript_shown
        if session is None or not view.display:
            return
        if not session.live_available:
            view.show("", "Transcribed after you stop (sphinx has no live transcript) · l hides")
            return
        progress = session.live_progress
        if progress is None:
            view.show("", "Your words will appear here as you speak · l hides")
            return
        status = "Live transcript (final after you stop) · l hides"
        if progress.queued_seconds >= BEHIND_NOTE_SECONDS:
            status = (
                f"Transcript {progress.queued_seconds:.0f} s behind: catching up "
                "(the rest after you stop) · l hides"
            )
        view.show(progress.text, status)

    # what the session reports

    @on(AnswerUpdated)
    def _answer_updated(self, message: AnswerUpdated) -> None:
        event: AnswerEvent = message.event
        if isinstance(event, PhaseChanged):
            self.query_one("#level", LevelMeter).display = event.phase in (
                Phase.WAITING, Phase.RECORDING
            )  # fmt: skip
            if event.phase is Phase.TYPING:
                self._show_typing_box()
            self.refresh_bindings()
            self._draw()
        elif isinstance(event, LiveTextChanged):
            self._draw_live()
        elif isinstance(event, AnswerNotice):
            self.notify(event.text, severity=event.severity, timeout=10)
        elif isinstance(event, SpeechFailed):
            self.notify(f"Not read aloud: {event.reason}", severity="warning", timeout=8)
            self.interview.muted = True
        elif isinstance(event, MicrophoneUnavailable):
            self.notify(f"{event.reason}. Type your answer instead.", severity="error", timeout=10)
            if self.session is not None:
                self.session.type_instead()
        elif isinstance(event, AnswerFinished):
            self.run.attempts.append(event.attempt)
            self.post_message(AnswerRecorded(self.run, event.attempt, event.live))

    def _show_typing_box(self) -> None:
        if self.query("#typed-answer"):
            return
        box = TextArea(id="typed-answer")  # mounted only now: it would swallow the keys
        self.query_one("#practice").mount(box)
        box.focus()

    # keys

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        phase = self.phase
        if action == "space":
            return phase in (Phase.SPEAKING, Phase.THINKING, Phase.WAITING, Phase.RECORDING)
        if action == "repeat":
            return phase in (Phase.SPEAKING, Phase.THINKING) and not self.interview.muted
        if action == "mute":
            return not self.interview.muted and self.interview.practice.reads_aloud
        if action == "type_answer":
            return phase in (Phase.SPEAKING, Phase.THINKING)
        if action == "submit_typed":
            return phase is Phase.TYPING
        if action == "toggle_live":
            return phase in (Phase.WAITING, Phase.RECORDING)
        return True

    def action_space(self) -> None:
        if self.session is not None:
            self.session.space()

    def action_repeat(self) -> None:
        if self.session is not None:
            self.session.repeat()

    def action_mute(self) -> None:
        self.interview.muted = True
        if self.session is not None:
            self.session.mute()
        self.notify("Questions will not be read aloud for the rest of this run.")
        self.refresh_bindings()

    def action_type_answer(self) -> None:
        if self.session is not None:
            self.session.type_instead()

    def action_toggle_live(self) -> None:
        self.interview.toggle_live_transcript()
        self._draw_live()

    def action_submit_typed(self) -> None:
        if self.session is not None and self.phase is Phase.TYPING:
            self.session.submit_typed(self.query_one("#typed-answer", TextArea).text.strip())

    def action_abandon(self) -> None:
        def decided(abandon: bool | None) -> None:
            if abandon:
                if self.session is not None:
                    self.session.abandon()
                self.post_message(AnswerAbandoned())

        self.app.push_screen(
            ConfirmScreen("Abandon this attempt? (Its audio so far is kept.)"), decided
        )
