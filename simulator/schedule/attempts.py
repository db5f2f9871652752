"""From stored attempts to reviews and progress series, without knowing how they are stored.

An attempt counts (is a review, and a point on the progress charts) when it has a score and
was not given up: complete, interrupted with a transcript, or typed. Abandoned attempts and
those still recording do not. The review time is when the attempt started.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol, TypeVar

from simulator.schedule.rating import Rating
from simulator.schedule.replay import Review
from simulator.schedule.weak_points import Assessed, MissedPoint, most_missed

COUNTED_STATUSES = frozenset({"complete", "interrupted", "typed"})


class Reviewed(Protocol):
    """What the schedule reads of an attempt (the history's `ScoreRecord` has it)."""

    @property
    def id(self) -> int: ...
    @property
    def question_id(self) -> str: ...
    @property
    def started_at(self) -> datetime: ...
    @property
    def status(self) -> str: ...
    @property
    def score(self) -> int | None: ...


class ScoredAttempt(Reviewed, Protocol):
    """What the progress report reads of an attempt (the history's `AttemptRecord` has it)."""

    @property
    def question(self) -> str: ...
    @property
    def topic(self) -> str: ...
    @property
    def feedback_data(self) -> dict[str, Any] | None: ...


A = TypeVar("A", bound=Reviewed)


def counts(attempt: Reviewed) -> bool:
    """Whether the attempt is a review of its question."""
    return attempt.score is not None and attempt.status in COUNTED_STATUSES


def _oldest_first(attempts: Iterable[A]) -> list[A]:
    return sorted((a for a in attempts if counts(a)), key=lambda a: (a.started_at, a.id))


def reviews_by_question(
    attempts: Iterable[Reviewed], overrides: Mapping[int, int]
) -> dict[str, list[Review]]:
    """Each question's reviews, oldest first, with the ratings the person chose (by attempt)."""
    reviews: dict[str, list[Review]] = {}
    for attempt in _oldest_first(attempts):
        chosen = overrides.get(attempt.id)
        review = Review(attempt.started_at, attempt.score or 0, Rating(chosen) if chosen else None)
        reviews.setdefault(attempt.question_id, []).append(review)
    return reviews


@dataclass(frozen=True)
class Series:
    """Scores over time of one topic or one question, oldest first."""

    key: str
    """The topic, or the question's id."""
    title: str
    points: tuple[tuple[datetime, int], ...]


@dataclass(frozen=True)
class ProgressReport:
    """What the progress screen shows."""

    topics: tuple[Series, ...]
    questions: tuple[Series, ...]
    missed: tuple[MissedPoint, ...]


def progress(attempts: Iterable[ScoredAttempt]) -> ProgressReport:
    """Score series per topic and per question (first-answered first), and missed points."""
    counted = _oldest_first(attempts)
    topics: dict[str, list[tuple[datetime, int]]] = {}
    questions: dict[str, tuple[str, list[tuple[datetime, int]]]] = {}
    assessed = []
    for attempt in counted:
        point = (attempt.started_at, attempt.score or 0)
        topics.setdefault(attempt.topic, []).append(point)
        questions.setdefault(attempt.question_id, (attempt.question, []))[1].append(point)
        coverage = (attempt.feedback_data or {}).get("coverage", [])
        labels = tuple((str(c["label"]), bool(c["covered"])) for c in coverage)
        assessed.append(Assessed(attempt.question_id, attempt.started_at, labels))
    return ProgressReport(
        topics=tuple(Series(t, t, tuple(p)) for t, p in topics.items()),
        questions=tuple(Series(q, title, tuple(p)) for q, (title, p) in questions.items()),
        missed=tuple(most_missed(assessed)),
    )
