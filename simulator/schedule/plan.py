"""Per question: its scores, when it is next due, and the order a drill takes them in.

Drill order: first the questions due now that have been answered, weakest (lowest last score)
first, the earliest due breaking ties; then those never tried, in bank order (a question never
answered is due at once); then the rest, soonest due first. A drill takes the questions due
now in that order, up to the person's drill size.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from simulator.schedule.rating import Rating
from simulator.schedule.replay import SCHEDULER, Review, replay, utc


@dataclass(frozen=True)
class QuestionSchedule:
    """Where one question stands."""

    question_id: str
    due: datetime
    """In UTC; for a question never tried, the time the plan was made."""
    due_now: bool
    scores: tuple[int, ...]
    """Every counted answer's score, oldest first."""
    rating: Rating | None
    """The rating of the last answer, None if never tried."""

    @property
    def tried(self) -> bool:
        return bool(self.scores)

    @property
    def last_score(self) -> int | None:
        return self.scores[-1] if self.scores else None

    @property
    def trend(self) -> str:
        """↑, ↓ or → from the last two scores; empty with fewer than two."""
        if len(self.scores) < 2:
            return ""
        before, last = self.scores[-2:]
        return "↑" if last > before else "↓" if last < before else "→"


def schedule_question(
    question_id: str, reviews: Sequence[Review], now: datetime
) -> QuestionSchedule:
    """The schedule of one question from its reviews (in any order), as of `now`."""
    now = utc(now)
    ordered = sorted(reviews, key=lambda r: utc(r.at))
    card = replay(ordered, SCHEDULER)
    due = now if card is None else card.due
    return QuestionSchedule(
        question_id=question_id,
        due=due,
        due_now=due <= now,
        scores=tuple(r.score for r in ordered),
        rating=ordered[-1].rating if ordered else None,
    )


def _drill_key(schedule: QuestionSchedule) -> tuple[int, float, datetime]:
    if schedule.due_now and schedule.last_score is not None:
        return (0, schedule.last_score, schedule.due)
    if not schedule.tried:
        return (1, 0, schedule.due)
    return (2, 0, schedule.due)


def plan(
    question_ids: Sequence[str], reviews: Mapping[str, Sequence[Review]], now: datetime
) -> list[QuestionSchedule]:
    """Every question of `question_ids` (bank order) with its schedule, in drill order."""
    schedules = [schedule_question(q, reviews.get(q, ()), now) for q in question_ids]
    return sorted(schedules, key=_drill_key)  # stable: bank order among equals


def drill(planned: Sequence[QuestionSchedule], size: int) -> list[QuestionSchedule]:
    """The questions a drill of at most `size` takes: those due now, in drill order."""
    return [s for s in planned if s.due_now][:size]


def describe_due(schedule: QuestionSchedule, now: datetime) -> str:
    """ "due now", "in 40 min", "in 5 h", "in 3 days"."""
    seconds = (schedule.due - utc(now)).total_seconds()
    if schedule.due_now or seconds <= 0:
        return "due now"
    if (minutes := math.ceil(seconds / 60)) < 60:
        return f"in {minutes} min"
    if (hours := math.ceil(seconds / 3600)) < 24:
        return f"in {hours} h"
    days = math.ceil(seconds / 86400)
    return "in 1 day" if days == 1 else f"in {days} days"
