"""What the person made: an attempt, a run of questions, an attempt's rating.

Plain data the service fills and the screens draw; nothing here touches disk or devices.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from simulator.audio.transcribe import Transcript
from simulator.bank import Question, QuestionBank
from simulator.schedule import QuestionSchedule, Rating
from simulator.storage.history import AttemptRecord

if TYPE_CHECKING:
    from simulator.feedback import Feedback


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
    feedback: Feedback | None = None
    notice: str | None = None
    """Something the person should know about this attempt (the disk filled, it was not saved)."""

    @classmethod
    def from_record(cls, record: AttemptRecord, bank: QuestionBank) -> Attempt:
        """An attempt from the history, with its question from the bank when it is there."""
        try:
            question = bank.get(record.question_id)
        except KeyError:
            question = Question(
                record.question_id, record.topic or "?", record.question,
                "(this question is not in the current bank)", (), 120, 0,
            )  # fmt: skip
        data = record.transcript_data
        typed = record.status == "typed"
        return cls(
            id=record.id, session_id=record.session_id, question=question, number=0,
            audio_path=record.audio_path, started_at=record.started_at, status=record.status,
            seconds=record.duration_seconds,
            typed_text=record.transcript if typed else None,
            transcript=Transcript.from_dict(data) if data and not typed else None,
        )  # fmt: skip

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
    drill: bool = False
    """A drill: the questions the schedule says are due, weakest first."""

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


@dataclass(frozen=True)
class AttemptSummary:
    """One attempt as the history list shows it: its stored record, and whether its audio is
    on disk (made in a worker: it looks at the disk)."""

    record: AttemptRecord
    has_audio: bool
    """The attempt was spoken and its recording is on disk."""

    @classmethod
    def of(cls, record: AttemptRecord) -> AttemptSummary:
        return cls(record, record.audio_path is not None and record.audio_path.exists())

    @property
    def audio_missing(self) -> bool:
        """The attempt was spoken but its recording is gone."""
        return self.record.audio_path is not None and not self.has_audio

    @property
    def status_text(self) -> str:
        if self.audio_missing:
            return f"{self.record.status} (audio missing)"
        if self.has_audio and self.record.transcript is None:
            return f"{self.record.status}, untranscribed"
        return self.record.status

    @property
    def filter_text(self) -> str:
        """What the history's filter matches: date, topic, question, id and status."""
        record = self.record
        return (
            f"{record.started_at.astimezone():%Y-%m-%d} {record.topic or ''} {record.question} "
            f"{record.question_id} {record.status}"
        )


@dataclass(frozen=True)
class AttemptRating:
    """An answer's rating, whether the person chose it, and its question's schedule."""

    rating: Rating
    overridden: bool
    schedule: QuestionSchedule
