"""The schedule from the history database: migration of an older file, overrides, drills."""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

from simulator.bank import load_bank
from simulator.practice import question_plan
from simulator.schedule import Rating, Review, schedule_question
from simulator.storage.history import HISTORY_FILE, MIGRATIONS, History
from tests.conftest import SHIPPED_BANK
from tests.functional.scripted import scripted_practice

T0 = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
NOW = T0 + timedelta(days=10)


def feedback(score: int, missed: tuple[str, ...] = ()) -> str:
    coverage = [{"label": label, "covered": False} for label in missed]
    return json.dumps({"content": {"score": score}, "coverage": coverage})


def make_schema_1_file(path: Path) -> None:
    """A history written by the code at schema 1 (before the schedule), with answers in it."""
    db = sqlite3.connect(path)
    db.executescript(MIGRATIONS[0])
    db.execute("PRAGMA user_version = 1")
    db.execute("INSERT INTO sessions VALUES ('s1', 'bank', ?)", (T0.isoformat(),))
    rows = [  # question, days after T0, status, feedback
        ("cap-theorem", 0, "complete", feedback(40)),
        ("cap-theorem", 1, "typed", feedback(85)),
        ("api-versioning", 0, "complete", feedback(95)),
        ("api-versioning", 2, "abandoned", feedback(10)),  # given up: does not count
        ("graphql-optimization", 9, "interrupted", feedback(30, ("Persisted queries",))),
        ("graphql-optimization", 9.5, "interrupted", None),  # never transcribed: no score
    ]
    for question, days, status, data in rows:
        db.execute(
            "INSERT INTO attempts (session_id, question_id, question, topic, started_at, status, "
            "feedback_json) VALUES ('s1', ?, ?, 'T', ?, ?, ?)",
            (question, question, (T0 + timedelta(days=days)).isoformat(), status, data),
        )
    db.commit()
    db.close()


def test_an_older_history_gets_a_schedule_at_once(tmp_path: Path) -> None:
    path = tmp_path / HISTORY_FILE
    make_schema_1_file(path)
    history = History(path)
    assert history.schema_version == len(MIGRATIONS) == 2
    bank = load_bank(SHIPPED_BANK)
    planned = {s.question_id: s for s in question_plan(bank, history, NOW)}
    assert len(planned) == len(bank.questions)
    cap = planned["cap-theorem"]
    assert cap.scores == (40, 85)
    expected = schedule_question("cap", [Review(T0, 40), Review(T0 + timedelta(days=1), 85)], NOW)
    assert cap.due == expected.due
    assert planned["api-versioning"].scores == (95,)  # the abandoned attempt is not a review
    assert planned["graphql-optimization"].scores == (30,)  # the unscored one is not either
    assert planned["graphql-optimization"].due_now  # failed the day before: due
    assert not planned["distributed-tracing"].tried
    assert [s.question_id for s in question_plan(bank, history, NOW)][:2] == [
        "graphql-optimization", "cap-theorem"
    ]  # fmt: skip


def test_overrides_are_stored_change_the_schedule_and_go_with_their_attempt(
    tmp_path: Path,
) -> None:
    bank = load_bank(SHIPPED_BANK)
    practice = scripted_practice(bank, tmp_path)
    practice.now = lambda: T0 + timedelta(hours=1)
    attempt = practice.save_typed(bank.get("cap-theorem"), "partitions consistency", 30.0)
    practice.history.set_feedback(attempt.id, json.loads(feedback(75)))  # Good by its score
    before = practice.rating(attempt.id)
    assert before is not None and (before.rating, before.overridden) == (Rating.Good, False)
    after = practice.rate(attempt.id, Rating.Again)
    assert after is not None and (after.rating, after.overridden) == (Rating.Again, True)
    assert after.schedule.due < before.schedule.due
    reopened = History(tmp_path / HISTORY_FILE)
    assert reopened.rating_overrides() == {attempt.id: 1}
    practice.delete(attempt.id, None)
    assert reopened.rating_overrides() == {}
    assert practice.rating(attempt.id) is None and practice.rate(attempt.id, Rating.Hard) is None


def test_abandoned_attempts_cannot_be_rated_and_drills_are_capped(tmp_path: Path) -> None:
    bank = load_bank(SHIPPED_BANK)
    practice = scripted_practice(bank, tmp_path)
    practice.now = lambda: NOW
    attempt = practice.history.add_attempt("s", "cap-theorem", "q", "T", "abandoned", None)
    practice.history.set_feedback(attempt, json.loads(feedback(20)))
    assert practice.rating(attempt) is None
    assert practice.rate(attempt, Rating.Easy) is None
    assert practice.history.rating_overrides() == {}
    practice.drill_size = 3
    assert [q.id for q in practice.drill()] == [q.id for q in bank.questions[:3]]
    assert len(practice.drill(size=20)) == len(bank.questions)
