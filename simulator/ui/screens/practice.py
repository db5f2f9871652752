"""Practice: the question is read aloud, think time, then the answer is recorded or typed."""

from __future__ import annotations

import time
from collections.abc import Callable
from enum import Enum
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.timer import Timer
from textual.widgets import Footer, Header, Label, Static, TextArea
from textual.worker import get_current_worker

from simulator.audio.devices import AudioDeviceError
from simulator.audio.recorder import Recorder
from simulator.practice import Attempt, SessionRun
from simulator.ui.messages import RecordingFailed, RecordingStarted, SpeechFinished
from simulator.ui.screens.base import InterviewScreen
from simulator.ui.screens.confirm import ConfirmScreen
from simulator.ui.widgets.countdown import Countdown
from simulator.ui.widgets.level_meter import LevelMeter

TICK_SECONDS = 0.1


class Phase(Enum):
    SPEAKING = "Reading the question aloud…"
    THINKING = "Think time: space to start answering now"
    STARTING = "Opening the microphone…"
    RECORDING = "● REC: space ends the answer"
    TYPING = "Type your answer: ctrl+s submits"
    DONE = "Done"


class PracticeScreen(InterviewScreen):
    """One question of a run, from reading it aloud to the end of the answer."""

    AUTO_FOCUS = None

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("space", "space", "Answer", id="answer-toggle",
                tooltip="Start answering now, or end the answer"),
        Binding("r", "repeat", "Repeat", id="repeat", tooltip="Read the question again"),
        Binding("m", "mute", "Mute", id="mute", tooltip="Stop reading questions aloud"),
        Binding("t", "type_answer", "Type", id="type", tooltip="Type the answer instead"),
        Binding("ctrl+s", "submit_typed", "Submit", id="submit", show=False),
        Binding("escape", "abandon", "Abandon", id="abandon", tooltip="Give up this attempt"),
    ]  # fmt: skip

    def __init__(self, run: SessionRun) -> None:
        super().__init__()
        self.run = run
        self.question = run.current
        self.now: Callable[[], float] = time.monotonic
        """The clock every countdown reads; tests freeze it."""
        self.phase = Phase.SPEAKING
        self.phase_started = self.now()
        self.attempt: Attempt | None = None
        self.recorder: Recorder | None = None
        self._ticker: Timer | None = None
        self._typed_started = 0.0

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
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one("#level", LevelMeter).display = False
        self._ticker = self.set_interval(TICK_SECONDS, self._tick)
        if self.interview.muted or self.interview.practice.speech is None:
            self._think()
        else:
            self._enter(Phase.SPEAKING)
            self.speak_question()

    def on_unmount(self) -> None:
        speech = self.interview.practice.speech
        if speech is not None:
            speech.stop()
        if self.recorder is not None and not self.recorder.finished.is_set():
            self.recorder.stop()

    # phases

    def _enter(self, phase: Phase) -> None:
        self.phase = phase
        self.phase_started = self.now()
        self.query_one("#phase", Label).update(phase.value)
        self.set_class(phase is Phase.RECORDING, "-recording")
        self.refresh_bindings()
        self._tick()

    def _think(self) -> None:
        if self.question.think_seconds > 0:
            self._enter(Phase.THINKING)
        else:
            self._start_recording()

    def _start_recording(self) -> None:
        speech = self.interview.practice.speech
        if speech is not None:
            speech.stop()  # never record our own voice
        self._enter(Phase.STARTING)
        self.open_microphone()

    def _tick(self) -> None:
        elapsed = self.now() - self.phase_started
        countdown = self.query_one("#countdown", Countdown)
        clock = self.query_one("#clock", Label)
        if self.phase is Phase.THINKING:
            remaining = self.question.think_seconds - elapsed
            countdown.show(remaining)
            clock.update(f"think {self.question.think_seconds}s")
            if remaining <= 0:
                self._start_recording()
        elif self.phase is Phase.RECORDING and self.recorder is not None:
            spoken = self.recorder.seconds
            remaining = self.question.answer_seconds - spoken
            countdown.show(remaining)
            clock.update(f"{spoken:5.1f}s spoken · {max(0, remaining):5.1f}s left")
            self.query_one("#level", LevelMeter).level = self.recorder.meter.level_dbfs
            if self.recorder.finished.is_set():
                self._recording_finished()
        elif self.phase is Phase.TYPING:
            remaining = self.question.answer_seconds - elapsed
            countdown.show(remaining)
            clock.update(f"{max(0, remaining):5.1f}s left")
            if remaining <= 0:
                self.action_submit_typed()
        else:
            countdown.show(self.question.answer_seconds)

    # workers

    @work(thread=True, exclusive=True, group="speech")
    def speak_question(self) -> None:
        speech = self.interview.practice.speech
        assert speech is not None
        utterance = speech.speak(self.question.text)
        worker = get_current_worker()
        while not utterance.finished.wait(0.1):
            if worker.is_cancelled:  # a newer reading replaced this one
                utterance.stop()
                return
        error = str(utterance.error) if utterance.error else None
        self.post_message(SpeechFinished(utterance.completed, error))

    @work(thread=True, exclusive=True, group="microphone")
    def open_microphone(self) -> None:
        try:
            attempt, recorder = self.interview.practice.start_recording(self.question)
        except (AudioDeviceError, OSError) as error:
            self.post_message(RecordingFailed(str(error)))
            return
        self.post_message(RecordingStarted(attempt, recorder))

    # messages

    @on(SpeechFinished)
    def _speech_finished(self, message: SpeechFinished) -> None:
        if message.error:
            self.notify(f"Not read aloud: {message.error}", severity="warning", timeout=8)
            self.interview.muted = True
        if self.phase is Phase.SPEAKING:
            self._think()

    @on(RecordingStarted)
    def _recording_started(self, message: RecordingStarted) -> None:
        self.attempt, self.recorder = message.attempt, message.recorder
        self.run.attempts.append(message.attempt)
        if not self.is_current or self.phase is not Phase.STARTING:
            message.recorder.stop()  # the user left while the microphone was opening
            return
        self.query_one("#level", LevelMeter).display = True
        self._enter(Phase.RECORDING)

    @on(RecordingFailed)
    def _recording_failed(self, message: RecordingFailed) -> None:
        self.notify(f"{message.reason}. Type your answer instead.", severity="error", timeout=10)
        self.action_type_answer()

    def _recording_finished(self) -> None:
        assert self.recorder is not None and self.attempt is not None
        result = self.recorder.result
        assert result is not None
        self._enter(Phase.DONE)
        self.interview.practice.finish_recording(self.attempt, result)
        if result.error:
            self.notify(f"Recording ended early: {result.error}. The audio so far is kept.",
                        severity="error", timeout=10)  # fmt: skip
        self.interview.answer_recorded(self.run, self.attempt)

    # actions

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "space":
            return self.phase in (Phase.SPEAKING, Phase.THINKING, Phase.RECORDING)
        if action == "repeat":
            return self.phase in (Phase.SPEAKING, Phase.THINKING) and not self.interview.muted
        if action == "mute":
            return not self.interview.muted and self.interview.practice.speech is not None
        if action == "type_answer":
            return self.phase in (Phase.SPEAKING, Phase.THINKING)
        if action == "submit_typed":
            return self.phase is Phase.TYPING
        return True

    def action_space(self) -> None:
        if self.phase in (Phase.SPEAKING, Phase.THINKING):
            self._start_recording()
        elif self.phase is Phase.RECORDING and self.recorder is not None:
            self.recorder.stop()

    def action_repeat(self) -> None:
        self._enter(Phase.SPEAKING)
        self.speak_question()

    def action_mute(self) -> None:
        self.interview.muted = True
        speech = self.interview.practice.speech
        if speech is not None:
            speech.stop()
        self.notify("Questions will not be read aloud for the rest of this run.")
        self.refresh_bindings()

    def action_type_answer(self) -> None:
        speech = self.interview.practice.speech
        if speech is not None:
            speech.stop()
        self.query_one("#level", LevelMeter).display = False
        box = TextArea(id="typed-answer")  # mounted only now: it would swallow the keys
        self.query_one("#practice").mount(box)
        box.focus()
        self._enter(Phase.TYPING)

    def action_submit_typed(self) -> None:
        if self.phase is not Phase.TYPING:
            return
        seconds = self.now() - self.phase_started
        text = self.query_one("#typed-answer", TextArea).text.strip()
        self._enter(Phase.DONE)
        attempt = self.interview.practice.save_typed(self.question, text, seconds)
        self.run.attempts.append(attempt)
        self.interview.answer_recorded(self.run, attempt)

    def action_abandon(self) -> None:
        def decided(abandon: bool | None) -> None:
            if not abandon:
                return
            if self.recorder is not None and self.attempt is not None:
                self.recorder.stop()
                self.recorder.wait(timeout=2)
                self.interview.practice.abandon(self.attempt, self.recorder.seconds)
            self.interview.go_home()

        self.app.push_screen(
            ConfirmScreen("Abandon this attempt? (Its audio so far is kept.)"), decided
        )
