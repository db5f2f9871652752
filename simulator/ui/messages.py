"""Past-tense messages that workers post to the app: what happened, never what to do."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:
    from simulator.answering import AnswerEvent
    from simulator.audio.live import LiveTranscriber
    from simulator.audio.transcribe import Transcript
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
