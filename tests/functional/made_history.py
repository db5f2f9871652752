"""A history made for the schedule's tests and snapshots: varied scores, fixed dates.

Every answer is typed (no audio), its feedback written as the app stores it, so that the
home, drill and progress screens show the same thing on every run once "now" is `NOW`.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from simulator.bank import QuestionBank
from simulator.practice import Practice

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)

ANSWERS: dict[str, list[tuple[float, int]]] = {  # question: (days before NOW, score)
    "graphql-optimization": [(20, 35), (9, 48), (2, 40)],
    "cap-theorem": [(15, 60), (6, 72)],
    "distributed-tracing": [(10, 80), (3, 92)],
    "api-versioning": [(1.5, 55)],
    "event-driven-architecture": [(30, 90)],
}

MISSED: dict[str, set[str]] = {  # key points missed, but by each question's second answer
    "graphql-optimization": {"Persisted queries", "Caching"},
    "cap-theorem": {"Partition tolerance"},
    "api-versioning": {"Client migration and deprecation"},
}


def make_history(practice: Practice, bank: QuestionBank) -> None:
    """Store the answers of `ANSWERS` and freeze the practice's clock at `NOW`."""
    history = practice.history
    for question_id, answers in ANSWERS.items():
        question = bank.get(question_id)
        for n, (days, score) in enumerate(answers):
            at = NOW - timedelta(days=days)
            attempt = history.add_attempt(
                "made", question.id, question.text, question.topic, "typed", None, started_at=at
            )
            history.set_transcript(attempt, "typed", "typed", "", {"text": "typed"})
            missed = MISSED.get(question_id, set())
            coverage = [
                {"label": p.label, "covered": p.label not in missed or n == 1}
                for p in question.key_points
            ]
            history.set_feedback(attempt, {"content": {"score": score}, "coverage": coverage})
    practice.now = lambda: NOW
