"""Past-tense messages that workers post to the app: what happened, never what to do."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:
    from simulator.audio.recorder import Recorder
    from simulator.audio.transcribe import Transcript
    from simulator.practice import Attempt


class SpeechFinished(Message):
    """The question has been read aloud (or reading failed or was stopped)."""

    def __init__(self, completed: bool, error: str | None) -> None:
        super().__init__()
        self.completed = completed
        self.error = error


class RecordingStarted(Message):
    def __init__(self, attempt: Attempt, recorder: Recorder) -> None:
        super().__init__()
        self.attempt = attempt
        self.recorder = recorder


class RecordingFailed(Message):
    """The microphone could not be opened."""

    def __init__(self, reason: str) -> None:
        super().__init__()
        self.reason = reason


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
