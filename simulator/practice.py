"""The practice service: what an attempt does with the sound layer and storage, without UI.

The Textual app gets one `Practice` and calls it from its workers; tests build it with real or
scripted engines. Recordings go to `recordings/<session>/<question-id>-<n>.wav`.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Protocol

from simulator.audio.recorder import BlockSubscriber, Recorder, Recording, StopReason
from simulator.audio.transcribe import Engine, Progress, Transcript, load_audio
from simulator.audio.wav import InvalidWavError, repair_wav
from simulator.bank import Question, QuestionBank
from simulator.storage.history import History


class Utterance(Protocol):
    finished: threading.Event
    completed: bool
    error: Exception | None

    def stop(self) -> None: ...


class SpeechOutput(Protocol):
    """Reads text aloud (the real `Speaker`, or a scripted one in UI tests)."""

    def speak(self, text: str) -> Utterance: ...

    def stop(self) -> None: ...

    def close(self) -> None: ...


RecorderFactory = Callable[[Path, float, tuple[BlockSubscriber, ...]], Recorder]


@dataclass
class Attempt:
    """One answer to one question, as the app shows it."""

    id: int
    session_id: str
    question: Question
    number: int
    audio_path: Path | None
    started_at: datetime = field(default_factory=datetime.now)
    status: str = "recording"
    seconds: float = 0.0
    typed_text: str | None = None
    transcript: Transcript | None = None
    transcribe_error: str | None = None

    @property
    def answer_text(self) -> str:
        """What the user said (or typed), as far as it is known."""
        if self.typed_text is not None:
            return self.typed_text
        return self.transcript.text if self.transcript else ""


@dataclass
class SessionRun:
    """Several questions answered in a row, and the attempts made on the way."""

    questions: list[Question]
    index: int = 0
    attempts: list[Attempt] = field(default_factory=list)

    @property
    def current(self) -> Question:
        return self.questions[self.index]

    @property
    def has_next(self) -> bool:
        return self.index + 1 < len(self.questions)

    @property
    def progress(self) -> str:
        """Position such as "3 / 10"."""
        return f"{self.index + 1} / {len(self.questions)}"

    def advance(self) -> Question:
        self.index += 1
        return self.current

    def latest_attempts(self) -> list[Attempt]:
        """The last attempt of each question answered, in question order."""
        latest: dict[str, Attempt] = {}
        for attempt in self.attempts:
            latest[attempt.question.id] = attempt
        return [latest[q.id] for q in self.questions if q.id in latest]


def question_hints(question: Question) -> list[str]:
    """Words to bias recognition toward: every key-point term of the question."""
    return [term for point in question.key_points for term in point.terms]


def repair_recordings(folder: Path) -> list[Path]:
    """Fix the header of every WAV a killed process left behind; the repaired files."""
    repaired = []
    for path in sorted(folder.glob("*/*.wav")):
        try:
            if repair_wav(path):
                repaired.append(path)
        except (OSError, InvalidWavError):
            continue  # not ours or unreadable: leave it as it is
    return repaired


class Practice:
    """Starts, finishes and transcribes attempts, and keeps every one."""

    def __init__(
        self,
        bank: QuestionBank,
        recordings_dir: Path,
        history: History,
        engine: Engine,
        speech: SpeechOutput | None,
        recorder_factory: RecorderFactory | None = None,
    ) -> None:
        self.bank = bank
        self.recordings_dir = recordings_dir
        self.history = history
        self.engine = engine
        self.speech = speech
        self._recorder_factory = recorder_factory or (
            lambda path, seconds, subscribers: Recorder(path, seconds, subscribers)
        )
        self.session_id = self.new_session()
        self._transcribe_lock = threading.Lock()

    def new_session(self) -> str:
        """Start a new session: its recordings go in a folder of their own."""
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        session_id, n = stamp, 1
        while (self.recordings_dir / session_id).exists():
            n += 1
            session_id = f"{stamp}-{n}"
        self.session_id = session_id
        self.history.add_session(session_id, str(self.bank.path))
        return session_id

    def start_recording(
        self, question: Question, subscribers: tuple[BlockSubscriber, ...] = ()
    ) -> tuple[Attempt, Recorder]:
        """Open the microphone for an answer; AudioDeviceError if there is none."""
        number = self.history.next_attempt_number(self.session_id, question.id)
        path = self.recordings_dir / self.session_id / f"{question.id}-{number}.wav"
        while path.exists():
            number += 1
            path = path.with_name(f"{question.id}-{number}.wav")
        recorder = self._recorder_factory(path, question.answer_seconds, subscribers)
        recorder.start()
        attempt_id = self.history.add_attempt(
            self.session_id, question.id, question.text, question.topic, "recording", path
        )
        return Attempt(attempt_id, self.session_id, question, number, path), recorder

    def finish_recording(self, attempt: Attempt, recording: Recording) -> None:
        attempt.seconds = recording.seconds
        attempt.status = (
            "interrupted" if recording.reason is StopReason.DEVICE_FAILED else "complete"
        )
        self.history.finish_attempt(attempt.id, attempt.status, attempt.seconds)

    def abandon(self, attempt: Attempt, seconds: float) -> None:
        """Mark an attempt the user gave up; its audio stays on disk."""
        attempt.status, attempt.seconds = "abandoned", seconds
        self.history.finish_attempt(attempt.id, attempt.status, seconds)

    def save_typed(self, question: Question, text: str, seconds: float) -> Attempt:
        number = self.history.next_attempt_number(self.session_id, question.id)
        attempt_id = self.history.add_attempt(
            self.session_id, question.id, question.text, question.topic, "typed", None
        )
        self.history.finish_attempt(attempt_id, "typed", seconds)
        self.history.set_transcript(attempt_id, text, "typed", "", {"text": text})
        return Attempt(
            attempt_id, self.session_id, question, number, None, status="typed",
            seconds=seconds, typed_text=text,
        )  # fmt: skip

    def transcribe(self, attempt: Attempt, progress: Progress | None = None) -> Transcript:
        """Transcribe the attempt's audio (blocking: call it from a worker) and store it."""
        if attempt.audio_path is None:
            raise ValueError("a typed attempt has no audio")
        audio = load_audio(attempt.audio_path)
        with self._transcribe_lock:  # one model, one transcription at a time
            transcript = self.engine.transcribe(audio, question_hints(attempt.question), progress)
        attempt.transcript = transcript
        self.history.set_transcript(
            attempt.id, transcript.text, transcript.engine, transcript.model, transcript.to_dict()
        )
        return transcript
