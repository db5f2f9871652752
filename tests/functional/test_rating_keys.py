"""Keys 1-4 on the review screen override an answer's rating; the schedule follows."""

from __future__ import annotations

import asyncio
import threading
from pathlib import Path

import pytest

from simulator.bank import load_bank
from simulator.practice import AttemptRating
from simulator.schedule import Rating
from simulator.settings import Settings
from simulator.ui.app import InterviewApp
from simulator.ui.screens.review import ReviewScreen
from simulator.ui.widgets.rating_line import RatingLine
from tests.conftest import SHIPPED_BANK
from tests.functional.scripted import ScriptedEngine, record_answer, scripted_practice


def make_app(tmp_path: Path) -> InterviewApp:
    bank = load_bank(SHIPPED_BANK)
    return InterviewApp(bank, Settings(SHIPPED_BANK, tmp_path), scripted_practice(bank, tmp_path))


def rating_line(app: InterviewApp) -> str:
    line = app.screen.query_one("#rating", RatingLine)
    return str(line.render()) if line.display else ""


def due_of(app: InterviewApp, question_id: str) -> object:
    return next(s.due for s in app.practice.plan() if s.question_id == question_id)


async def test_keys_1_to_4_override_the_rating_and_move_the_due_date(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        await record_answer(pilot)
        assert isinstance(app.screen, ReviewScreen)
        attempt = app.screen.attempt
        assert rating_line(app).startswith("Rated Again by the score · due in 1 day")
        by_score = due_of(app, "distributed-tracing")
        await pilot.press("4")
        assert rating_line(app).startswith("Rated Easy by you (score: Again) · due in 8 days")
        assert app.practice.history.rating_overrides() == {attempt.id: int(Rating.Easy)}
        easy = due_of(app, "distributed-tracing")
        assert easy > by_score  # type: ignore[operator]
        await pilot.press("2")
        assert rating_line(app).startswith("Rated Hard by you")
        assert app.practice.history.rating_overrides() == {attempt.id: int(Rating.Hard)}
        await pilot.press("escape")
        await pilot.pause(0.1)
        status = str(app.screen.query_one("#questions").get_option_at_index(1).prompt)  # type: ignore[attr-defined]
        assert "last 0 · in 1 day" in status


async def test_a_typed_answer_is_rated_too(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        await pilot.pause(0.1)
        await pilot.press("t")
        await pilot.pause(0.1)
        await pilot.press(*"Jaeger and OpenTelemetry with correlation IDs in logs")
        await pilot.press("ctrl+s")
        await pilot.pause(0.3)
        assert isinstance(app.screen, ReviewScreen)
        assert app.screen.attempt.status == "typed"
        assert rating_line(app).startswith("Rated ")
        await pilot.press("3")
        assert rating_line(app).startswith("Rated Good by you")


async def test_an_answer_not_scored_yet_cannot_be_rated(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    engine = app.practice.engine
    assert isinstance(engine, ScriptedEngine)
    engine.release.clear()  # transcription waits: no score yet
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        await record_answer(pilot)
        assert rating_line(app) == ""
        await pilot.press("4")
        await pilot.pause(0.1)
        assert app.practice.history.rating_overrides() == {}
        assert any("cannot be rated" in n.message for n in app._notifications)
        engine.release.set()
        await pilot.pause(0.5)
        assert rating_line(app).startswith("Rated Again by the score")


async def test_a_rating_read_that_ends_while_the_review_is_taken_down_is_dropped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The rating line is read by a worker, and the person may leave first (n, Esc). If the
    read ends while the screen's widgets are being removed, drawing it would raise (CI
    once failed so, by timing): it is dropped. The test makes that moment on purpose: the
    read ends just after the rating line has been removed, before the screen is."""
    app = make_app(tmp_path)
    released, asked = threading.Event(), threading.Event()
    read_rating = app.practice.rating

    def held_rating(attempt_id: int) -> AttemptRating | None:
        asked.set()
        assert released.wait(10)
        return read_rating(attempt_id)

    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        monkeypatch.setattr(app.practice, "rating", held_rating)
        await pilot.pause(0.1)
        await pilot.press("space")  # answer
        await pilot.pause(0.2)
        await pilot.press("space")  # done: the review opens and reads the rating
        assert await asyncio.to_thread(asked.wait, 10)
        left = app.screen
        assert isinstance(left, ReviewScreen)
        line = left.query_one("#rating", RatingLine)
        remove_line = line._message_loop_exit

        async def removed_then_read() -> None:
            await remove_line()  # the line is out of the screen
            released.set()
            await asyncio.sleep(0.5)  # the screen waits for this widget: the read ends now

        monkeypatch.setattr(line, "_message_loop_exit", removed_then_read)
        await pilot.press("escape")
        await pilot.pause(1.0)
        assert released.is_set() and not left.shown
        await app.workers.wait_for_complete()
        assert app.screen.query_one("#questions")  # home, drawn and alive
