"""A question's FSRS card, rebuilt by replaying its reviews in time order.

The scheduler is deterministic: fuzzing is off (FSRS otherwise adds a random few percent to
every interval, so the same history would give different dates, and tests could not check
them). Learning and relearning steps are off too: their minute-long steps suit flashcards,
while an interview answer is practised again days later, so every review schedules in days.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from fsrs import Card, Rating, Scheduler

from simulator.schedule.rating import rating_for_score

SCHEDULER = Scheduler(learning_steps=(), relearning_steps=(), enable_fuzzing=False)
"""Default FSRS parameters, 90 % desired retention, no fuzzing, no sub-day steps."""


def utc(moment: datetime) -> datetime:
    """`moment` in UTC, as FSRS requires (a naive time is taken to be UTC already)."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


@dataclass(frozen=True)
class Review:
    """One scored answer: when it was given, its score, and the person's rating if they chose."""

    at: datetime
    score: int
    override: Rating | None = None

    @property
    def rating(self) -> Rating:
        """The rating FSRS is given: the override, else the one the score maps to."""
        return self.override if self.override is not None else rating_for_score(self.score)


def replay(reviews: Sequence[Review], scheduler: Scheduler = SCHEDULER) -> Card | None:
    """The card after every review, oldest first (ties keep their given order); None if none."""
    card: Card | None = None
    for review in sorted(reviews, key=lambda r: utc(r.at)):
        at = utc(review.at)
        if card is None:  # an explicit id: FSRS would otherwise sleep 1 ms to make one unique
            card = Card(card_id=1, due=at)
        card, _ = scheduler.review_card(card, review.rating, at)
    return card
