"""The schedule: score to rating, replay against fsrs itself, drill order, missed points."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from fsrs import Card, Rating, Scheduler

from simulator.schedule import (
    Assessed,
    Review,
    describe_due,
    drill,
    most_missed,
    plan,
    rating_for_score,
    replay,
    schedule_question,
)

T0 = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("score", "rating"),
    [(0, Rating.Again), (49, Rating.Again), (50, Rating.Hard), (69, Rating.Hard),
     (70, Rating.Good), (89, Rating.Good), (90, Rating.Easy), (100, Rating.Easy)],
)  # fmt: skip
def test_score_to_rating_boundaries(score: int, rating: Rating) -> None:
    assert rating_for_score(score) is rating


def test_replaying_a_fixed_history_gives_the_dates_fsrs_gives() -> None:
    history = [(0, 42), (1, 55), (3, 78), (9, 93), (30, 30), (31, 71)]  # (day, score)
    reviews = [Review(T0 + timedelta(days=d, hours=d % 5), s) for d, s in history]
    # fsrs itself, called directly with the same choices: no fuzzing, no sub-day steps
    scheduler = Scheduler(learning_steps=(), relearning_steps=(), enable_fuzzing=False)
    card = Card(card_id=1, due=reviews[0].at)
    expected = []
    for review, rating in zip(reviews, [1, 2, 3, 4, 1, 3], strict=True):
        card, _ = scheduler.review_card(card, Rating(rating), review.at)
        expected.append(card.due)
    replayed = [replay(reviews[: i + 1]) for i in range(len(reviews))]
    assert [c.due for c in replayed if c is not None] == expected
    # and the order given does not matter: reviews are replayed oldest first
    again = replay(list(reversed(reviews)))
    assert again is not None and again.due == expected[-1]


def test_the_scheduler_is_deterministic_and_schedules_in_days() -> None:
    first = replay([Review(T0, 75)])
    assert first is not None and first.due == replay([Review(T0, 75)]).due  # type: ignore[union-attr]
    assert first.due - T0 >= timedelta(days=1)


def test_a_failed_answer_is_due_sooner_than_an_easy_one() -> None:
    def due_after(score: int) -> datetime:
        return schedule_question("q", [Review(T0, 80), Review(T0 + timedelta(days=3), score)],
                                 T0).due  # fmt: skip

    assert due_after(20) < due_after(60) < due_after(80) < due_after(95)


def test_an_override_replaces_the_rating_of_the_score() -> None:
    plain = schedule_question("q", [Review(T0, 95)], T0)
    overridden = schedule_question("q", [Review(T0, 95, Rating.Again)], T0)
    assert plain.rating is Rating.Easy and overridden.rating is Rating.Again
    assert overridden.due < plain.due


def test_drill_order_weakest_due_first_then_never_tried_then_by_due_date() -> None:
    now = T0 + timedelta(days=20)
    reviews = {
        "strong": [Review(T0 + timedelta(days=19), 95)],  # easy yesterday: not due
        "weak": [Review(T0, 30)],  # due long ago, score 30
        "middling": [Review(T0, 60)],  # due, score 60
        "soon": [Review(T0 + timedelta(days=19), 40)],  # failed yesterday: due today
    }
    ids = ["new-a", "strong", "middling", "new-b", "weak", "soon"]
    planned = plan(ids, reviews, now)
    order = [s.question_id for s in planned]
    assert order == ["weak", "soon", "middling", "new-a", "new-b", "strong"]
    assert [s.due_now for s in planned] == [True] * 5 + [False]
    assert [s.question_id for s in drill(planned, 3)] == ["weak", "soon", "middling"]
    assert len(drill(planned, 10)) == 5
    never = planned[3]
    assert (never.tried, never.last_score, never.due, never.trend) == (False, None, now, "")


def test_trend_and_description() -> None:
    rising = schedule_question("q", [Review(T0, 40), Review(T0 + timedelta(hours=1), 80)], T0)
    assert rising.trend == "↑" and rising.last_score == 80
    falling = schedule_question("q", [Review(T0, 80), Review(T0, 40)], T0)
    assert falling.trend == "↓"
    assert schedule_question("q", [Review(T0, 70), Review(T0, 70)], T0).trend == "→"
    assert describe_due(rising, T0 + timedelta(days=400)) == "due now"
    assert describe_due(rising, rising.due - timedelta(days=2, hours=1)) == "in 3 days"
    assert describe_due(rising, rising.due - timedelta(hours=20)) == "in 20 h"
    assert describe_due(rising, rising.due - timedelta(minutes=5)) == "in 5 min"
    assert describe_due(rising, rising.due - timedelta(hours=24, seconds=-1)) == "in 1 day"
    assert describe_due(rising, rising.due - timedelta(hours=1, seconds=-1)) == "in 1 h"


def test_most_missed_counts_each_questions_last_five_answers() -> None:
    def answer(day: int, persisted: bool, batching: bool = True) -> Assessed:
        return Assessed("graphql", T0 + timedelta(days=day),
                        (("Persisted queries", persisted), ("Batching", batching)))  # fmt: skip

    answers = [answer(0, False), answer(1, True), answer(2, False), answer(3, False),
               answer(4, False, batching=False), answer(5, False)]  # fmt: skip
    answers.append(Assessed("cap", T0, (("Partitions", False),)))
    points = most_missed(answers)
    assert [(p.label, p.missed, p.answers) for p in points] == [
        ("Persisted queries", 4, 5), ("Partitions", 1, 1), ("Batching", 1, 5)
    ]  # fmt: skip
    assert points[0].describe() == "missed 4 of the last 5 times: Persisted queries"
    assert points[1].describe() == "missed the only time: Partitions"
