"""One answer to one question, from reading it aloud to the last word decoded, without UI.

`AnswerSession` owns the phase, the countdown clock, the recorder, the live transcriber and
their teardown. The practice screen calls it from the event loop (each call returns at once:
opening the microphone and waiting for threads happen on threads of their own), draws what
it reports, and forwards keys; the session tells the screen what happened through
`AnswerEvent`s passed to its listener, from any thread.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from typing import TYPE_CHECKING, Literal

from simulator.bank import Question
from simulator.practice import Attempt, Practice

if TYPE_CHECKING:
    from simulator.audio.live import LiveProgress, LiveTranscriber
    from simulator.audio.recorder import Recorder
    from simulator.practice import Reading


class Phase(Enum):
    """Where the answer stands; the value is what the screen says."""

    SPEAKING = "Reading the question aloud…"
    THINKING = "Think time: space to start answering now"
    STARTING = "Opening the microphone…"
    WAITING = "Waiting for the microphone…"
    RECORDING = "● REC: space ends the answer"
    TYPING = "Type your answer: ctrl+s submits"
    DONE = "Done"


@dataclass(frozen=True)
class PhaseChanged:
    phase: Phase


@dataclass(frozen=True)
class LiveTextChanged:
    """More of the answer has been transcribed while it is being spoken."""

    progress: LiveProgress


@dataclass(frozen=True)
class AnswerFinished:
    """The answer is recorded (or typed); its transcript may still be on the way."""

    attempt: Attempt
    live: LiveTranscriber | None


@dataclass(frozen=True)
class AnswerNotice:
    """Something the person should read: a device failed, speech could not be played."""

    text: str
    severity: Literal["warning", "error"] = "warning"


@dataclass(frozen=True)
class SpeechFailed:
    """The question could not be read aloud: it stays on screen, and later ones are not read."""

    reason: str


@dataclass(frozen=True)
class MicrophoneUnavailable:
    """No answer could be recorded: the screen offers a typed answer."""

    reason: str


AnswerEvent = (
    PhaseChanged | LiveTextChanged | AnswerFinished | AnswerNotice | SpeechFailed
    | MicrophoneUnavailable
)  # fmt: skip
Listener = Callable[[AnswerEvent], object]


class AnswerSession:
    """The life of one attempt at `question`."""

    def __init__(
        self,
        practice: Practice,
        question: Question,
        listener: Listener,
        read_aloud: bool = True,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.practice = practice
        self.question = question
        self.read_aloud = read_aloud and practice.speech is not None
        self.clock = clock
        self.phase = Phase.SPEAKING
        self.phase_started = clock()
        self.attempt: Attempt | None = None
        self.recorder: Recorder | None = None
        self.live: LiveTranscriber | None = None
        self._listener = listener
        self._utterance: Reading | None = None
        self._closed = False

    # what the screen draws

    @property
    def elapsed(self) -> float:
        """Seconds in the current phase (by the clock)."""
        return self.clock() - self.phase_started

    @property
    def recorded_seconds(self) -> float:
        return self.recorder.seconds if self.recorder is not None else 0.0

    @property
    def remaining(self) -> float:
        """What the countdown shows: think time left, or answer time left."""
        if self.phase is Phase.THINKING:
            return self.question.think_seconds - self.elapsed
        if self.phase is Phase.RECORDING:
            return self.question.answer_seconds - self.recorded_seconds
        if self.phase is Phase.TYPING:
            return self.question.answer_seconds - self.elapsed
        return float(self.question.answer_seconds)

    @property
    def level_dbfs(self) -> float | None:
        return self.recorder.meter.level_dbfs if self.recorder is not None else None

    @property
    def live_progress(self) -> LiveProgress | None:
        return self.live.progress if self.live is not None else None

    @property
    def live_available(self) -> bool:
        """Whether the engine transcribes while the person speaks (sphinx does not)."""
        return self.practice.transcribes_live

    # the life of the answer

    def start(self) -> None:
        if self.read_aloud:
            self._speak()
        else:
            self._think()

    def tick(self) -> None:
        """Move on when the clock or a device says so; the screen calls it ~10 times a second."""
        if self.phase is Phase.SPEAKING and self._utterance is not None:
            if self._utterance.finished.is_set():
                error = self._utterance.error
                self._utterance = None
                if error is not None:
                    self.read_aloud = False
                    self._emit(SpeechFailed(str(error)))
                self._think()
        elif self.phase is Phase.THINKING and self.remaining <= 0:
            self.begin_answer()
        elif self.phase is Phase.WAITING and self.recorder is not None:
            if self.recorder.audio_started.is_set():
                self._enter(Phase.RECORDING)
            elif self.recorder.finished.is_set():
                self._recording_ended()
        elif (
            self.phase is Phase.RECORDING
            and self.recorder is not None
            and self.recorder.finished.is_set()
        ):
            self._recording_ended()

    def begin_answer(self) -> None:
        """Stop reading aloud and open the microphone (on a thread: it can take a while)."""
        if self.phase not in (Phase.SPEAKING, Phase.THINKING):
            return
        self._silence()
        self._enter(Phase.STARTING)
        threading.Thread(target=self._open_microphone, name="open-microphone", daemon=True).start()

    def space(self) -> None:
        """Space: start answering now, or end the answer."""
        if self.phase in (Phase.SPEAKING, Phase.THINKING):
            self.begin_answer()
        elif self.phase in (Phase.WAITING, Phase.RECORDING) and self.recorder is not None:
            self.recorder.stop()

    def repeat(self) -> None:
        if self.phase in (Phase.SPEAKING, Phase.THINKING) and self.read_aloud:
            self._speak()

    def mute(self) -> None:
        """Stop reading aloud (for this answer; the screen keeps it for the run)."""
        self.read_aloud = False
        self._silence()
        if self.phase is Phase.SPEAKING:
            self._think()

    def type_instead(self) -> None:
        if self.phase in (Phase.SPEAKING, Phase.THINKING, Phase.STARTING):
            self._silence()
            self._enter(Phase.TYPING)

    def submit_typed(self, text: str) -> None:
        """Keep the typed answer (its history write runs on a thread)."""
        if self.phase is not Phase.TYPING:
            return
        seconds = self.elapsed
        self._enter(Phase.DONE)

        def save() -> None:
            try:
                attempt = self.practice.save_typed(self.question, text, seconds)
            except Exception as error:
                self._emit(AnswerNotice(f"The typed answer could not be saved: {error}", "error"))
                return
            self._emit(AnswerFinished(attempt, None))

        threading.Thread(target=save, name="save-typed", daemon=True).start()

    def abandon(self) -> None:
        """Give up: the audio so far is kept and the attempt marked abandoned."""
        recorder, attempt, live = self.recorder, self.attempt, self.live
        self._enter(Phase.DONE)
        self.close()
        if recorder is None or attempt is None:
            return

        def keep() -> None:
            recording = recorder.wait()
            self.practice.abandon(attempt, recording.seconds if recording else recorder.seconds)
            if live is not None:
                live.cancel()

        threading.Thread(target=keep, name="abandon-answer", daemon=True).start()

    def close(self) -> None:
        """Tear down (the screen went away): silence, stop the microphone."""
        self._closed = True
        self._silence()
        if self.recorder is not None and not self.recorder.finished.is_set():
            self.recorder.stop()

    # inside

    def _enter(self, phase: Phase) -> None:
        self.phase = phase
        self.phase_started = self.clock()
        self._emit(PhaseChanged(phase))

    def _emit(self, event: AnswerEvent) -> None:
        self._listener(event)

    def _speak(self) -> None:
        speech = self.practice.speech
        if speech is None:
            self._think()
            return
        self._enter(Phase.SPEAKING)
        self._utterance = speech.speak(self.question.text)

    def _silence(self) -> None:
        self._utterance = None
        if self.practice.speech is not None:
            self.practice.speech.stop()  # never record our own voice

    def _think(self) -> None:
        if self.question.think_seconds > 0:
            self._enter(Phase.THINKING)
        else:
            self.begin_answer()

    def _open_microphone(self) -> None:
        live = self.practice.live_transcriber(self.question)
        subscribers = () if live is None else (live,)
        try:
            attempt, recorder = self.practice.start_recording(self.question, subscribers)
        except Exception as error:  # AudioDeviceError, OSError, a full disk, a locked history
            if live is not None:
                live.cancel()
            self._emit(MicrophoneUnavailable(str(error)))
            return
        if live is not None:
            live.subscribe(lambda progress: self._emit(LiveTextChanged(progress)))
        self.attempt, self.recorder, self.live = attempt, recorder, live
        if self._closed or self.phase is not Phase.STARTING:
            # the person left (or typed) while the microphone was opening: keep it as abandoned
            recorder.stop()
            recording = recorder.wait()
            self.practice.abandon(attempt, recording.seconds if recording else 0.0)
            if live is not None:
                live.cancel()
            return
        self._enter(Phase.WAITING)

    def _recording_ended(self) -> None:
        assert self.recorder is not None and self.attempt is not None
        result = self.recorder.result
        assert result is not None
        self._enter(Phase.DONE)  # the recorder tells the live transcriber the end itself
        attempt, live = self.attempt, self.live

        def finish() -> None:
            try:
                self.practice.finish_recording(attempt, result)
            except Exception as error:
                self._emit(AnswerNotice(f"The history could not be updated: {error}", "error"))
            if result.error and not attempt.notice:  # the service's notice says it already
                seconds = result.seconds
                kept = f" The {seconds:.0f} s recorded so far are kept." if result.frames else ""
                self._emit(AnswerNotice(
                    f"Recording ended early: {result.error}.{kept} Press a to answer again "
                    "(the microphone is looked for again), then t to type instead.", "error",
                ))  # fmt: skip
            self._emit(AnswerFinished(attempt, live))

        threading.Thread(target=finish, name="finish-answer", daemon=True).start()
