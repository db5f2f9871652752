"""Past-tense messages that workers post to the app: what happened, never what to do."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:
    from simulator.answering import AnswerEvent
    from simulator.audio.live import LiveTranscriber
    from simulator.audio.transcribe import Transcript
    from simulator.bank import Question
    from simulator.practice import Attempt, SessionRun


class AnswerUpdated(Message):
    """The answer session reported something (posted from any thread)."""

    def __init__(self, event: AnswerEvent) -> None:
        super().__init__()
        self.event = event


class AnswerRecorded(Message):
    """An answer is in; its transcript may still be decoding in `live`."""

    def __init__(self, run: SessionRun, attempt: Attempt, live: LiveTranscriber | None) -> None:
        super().__init__()
        self.run = run
        self.attempt = attempt
        self.live = live


class AnswerAbandoned(Message):
    """The person gave up the answer."""


class AttemptTranscribed(Message):
    """An attempt's transcript is ready (or its transcription failed)."""

    def __init__(self, attempt: Attempt, transcript: Transcript | None, error: str | None) -> None:
        super().__init__()
        self.attempt = attempt
        self.transcript = transcript
        self.error = error


class TranscriptionProgressed(Message):
    def __init__(self, attempt: Attempt, fraction: float) -> None:
        super().__init__()
        self.attempt = attempt
        self.fraction = fraction


# What a person chose on a screen: the app decides where that leads (screens never navigate).


class PracticeChosen(Message):
    """Answer these questions in a row (a drill when `drill`)."""

    def __init__(self, questions: list[Question], drill: bool = False) -> None:
        super().__init__()
        self.questions = questions
        self.drill = drill


class DrillChosen(Message):
    """Drill the questions that are due now."""


class AgainChosen(Message):
    """Answer the question of the review again."""

    def __init__(self, run: SessionRun) -> None:
        super().__init__()
        self.run = run


class NextChosen(Message):
    """Go on to the run's next question, or its summary after the last."""

    def __init__(self, run: SessionRun) -> None:
        super().__init__()
        self.run = run


class ReviewLeft(Message):
    """Leave the review: back to where it was opened from."""

    def __init__(self, run: SessionRun) -> None:
        super().__init__()
        self.run = run


class AnswerOpened(Message):
    """Review one answer of a run (from its summary)."""

    def __init__(self, run: SessionRun, attempt: Attempt) -> None:
        super().__init__()
        self.run = run
        self.attempt = attempt


class AttemptOpened(Message):
    """Review an attempt from the history."""

    def __init__(self, attempt: Attempt) -> None:
        super().__init__()
        self.attempt = attempt


class ComparisonChosen(Message):
    def __init__(self, earlier: Attempt, later: Attempt) -> None:
        super().__init__()
        self.earlier = earlier
        self.later = later


class ProgressChosen(Message):
    """Show the progress charts."""


class HomeChosen(Message):
    """Back to the question list."""


class TranscriptionRequested(Message):
    """Transcribe an attempt in the background."""

    def __init__(self, attempt: Attempt) -> None:
        super().__init__()
        self.attempt = attempt


class SettingsSaved(Message):
    """The settings screen saved these changes (by `section.key`; None: back to the default)."""

    def __init__(self, values: Mapping[str, object]) -> None:
        super().__init__()
        self.values = values


class SettingsApplied(Message):
    """The app now runs on the saved settings (posted to the screen in front)."""


class EngineChanged(Message):
    """A change of engine is over: `done` says what is used now, `notice` why it failed."""

    def __init__(self, done: str, notice: str | None) -> None:
        super().__init__()
        self.done = done
        self.notice = notice
