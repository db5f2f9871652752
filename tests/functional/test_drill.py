"""The schedule in the app and on the command line: home statuses, `d` drills, `due` agrees."""

from __future__ import annotations

import argparse
import contextlib
import io
import json
from datetime import timedelta
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import OptionList

from simulator.bank import load_bank
from simulator.commands import schedule as due_command
from simulator.settings import Settings
from simulator.ui.app import InterviewApp
from simulator.ui.screens.home import HomeScreen
from simulator.ui.screens.practice import PracticeScreen
from simulator.ui.screens.summary import SummaryScreen
from tests.conftest import SHIPPED_BANK
from tests.functional.made_history import NOW, make_history
from tests.functional.scripted import ScriptedEngine, record_answer, scripted_practice


def make_app(tmp_path: Path, made: bool = True, start_drill: bool = False) -> InterviewApp:
    bank = load_bank(SHIPPED_BANK)
    practice = scripted_practice(bank, tmp_path)
    if made:
        make_history(practice, bank)
    return InterviewApp(bank, Settings(SHIPPED_BANK, tmp_path), practice,
                        start_drill=start_drill)  # fmt: skip


def statuses(app: InterviewApp) -> dict[str, str]:
    """Each question's status line on the home screen."""
    options = app.screen.query_one("#questions", OptionList)
    found = {}
    for i in range(options.option_count):
        option = options.get_option_at_index(i)
        if option.id and not option.id.startswith("topic:"):
            found[option.id] = str(option.prompt).split("\n")[1].removeprefix("[dim]")
    return {k: v.removesuffix("[/dim]") for k, v in found.items()}


def home_drill_order(app: InterviewApp) -> list[str]:
    """The questions the home screen marks due, in the order of their #place."""
    places = {}
    for question_id, status in statuses(app).items():
        if "due now" in status:
            places[int(status.rpartition("#")[2])] = question_id
    return [places[n] for n in sorted(places)]


def due_json(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[dict[str, object]]:
    """`interview-sim due --json` on the same history, read at the app's "now"."""
    monkeypatch.setattr(due_command, "utc_now", lambda: NOW)
    out = io.StringIO()
    with contextlib.redirect_stdout(out):  # a running app captures print() itself
        code = due_command.run_due(argparse.Namespace(json=True), Settings(SHIPPED_BANK, tmp_path))
    assert code == 0
    listed: list[dict[str, object]] = json.loads(out.getvalue())
    return listed


async def test_home_shows_score_trend_due_and_the_count(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)):
        shown = statuses(app)
        assert shown["graphql-optimization"] == "last 40 ↓ · due now · #1"
        assert shown["api-versioning"] == "last 55 · due now · #2"
        assert shown["event-driven-architecture"] == "last 90 · due now · #3"
        assert shown["cap-theorem"] == "last 72 ↑ · in 7 days"
        assert shown["distributed-tracing"].startswith("last 92 ↑ · in ")
        assert shown["distributed-data-consistency"] == "never tried · due now · #4"
        assert app.screen.sub_title == "Senior backend engineer · 8 due"


async def test_due_json_and_home_agree_and_d_drills_exactly_those(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_app(tmp_path)
    listed = due_json(tmp_path, monkeypatch)
    assert [q["id"] for q in listed][:3] == [
        "graphql-optimization", "api-versioning", "event-driven-architecture"
    ]  # fmt: skip
    assert set(listed[0]) >= {"id", "due", "due_now", "last_score"}
    assert listed[0]["last_score"] == 40 and listed[3]["last_score"] is None
    due_ids = [str(q["id"]) for q in listed if q["due_now"]]
    app.practice.drill_size = 4
    async with app.run_test(size=(80, 24)) as pilot:
        assert home_drill_order(app) == due_ids
        for question in listed:
            status = statuses(app)[str(question["id"])]
            if question["last_score"] is not None:
                assert status.startswith(f"last {question['last_score']}")
        await pilot.press("d")
        screen = app.screen
        assert isinstance(screen, PracticeScreen) and screen.run.drill
        assert [q.id for q in screen.run.questions] == due_ids[:4]
        assert "Drill · " in str(screen.query_one("#practice-topic").render())
        practised = await run_through(pilot, app)
        assert practised == due_ids[:4]


async def run_through(pilot: Pilot[None], app: InterviewApp) -> list[str]:
    """Answer every question of the run on screen; the questions practised, in order."""
    practised = []
    while isinstance(app.screen, PracticeScreen):
        practised.append(app.screen.question.id)
        await record_answer(pilot)
        await pilot.press("n")
        await pilot.pause(0.2)
    assert isinstance(app.screen, SummaryScreen)
    return practised


async def test_after_varied_answers_due_and_home_still_agree(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_app(tmp_path, made=False)
    engine = app.practice.engine
    assert isinstance(engine, ScriptedEngine)
    app.practice.now = lambda: NOW
    monkeypatch.setattr("simulator.storage.history.now", lambda: NOW - timedelta(days=1.5))
    answers = [
        "I would instrument the services with OpenTelemetry, send the traces to Jaeger and put "
        "correlation IDs in the logs.",  # tracing: good, due in days
        "Kafka",  # event-driven: weak, due again the next day
        "consistency and availability",  # CAP: middling
    ]
    async with app.run_test(size=(80, 24)) as pilot:
        for n, text in enumerate(answers):
            engine.text = text
            await pilot.press(*["down"] * (n > 0), "enter")
            await record_answer(pilot)
            await pilot.pause(0.3)
            await pilot.press("escape")
            await pilot.pause(0.2)
        assert isinstance(app.screen, HomeScreen)
        scores = {r.question_id: r.score for r in app.practice.history.attempts()}
        assert len(set(scores.values())) == 3, scores  # varied
        assert list(scores) == ["cap-theorem", "event-driven-architecture", "distributed-tracing"]
        listed = due_json(tmp_path, monkeypatch)
        due_ids = [str(q["id"]) for q in listed if q["due_now"]]
        answered = [q for q in listed if q["last_score"] is not None]
        assert {q["due_now"] for q in answered} == {True, False}  # some due again, some not
        assert home_drill_order(app) == due_ids
        assert {str(q["id"]): q["last_score"] for q in listed if q["last_score"] is not None} == (
            scores
        )
        await pilot.press("d")
        assert isinstance(app.screen, PracticeScreen)
        assert [q.id for q in app.screen.run.questions] == due_ids[: app.practice.drill_size]


async def test_nothing_due_says_so(tmp_path: Path) -> None:
    app = make_app(tmp_path, made=False)
    bank, history = app.bank, app.practice.history
    for question in bank.questions:
        attempt = history.add_attempt("s", question.id, question.text, question.topic, "typed",
                                      None, started_at=NOW - timedelta(days=1))  # fmt: skip
        history.set_feedback(attempt, {"content": {"score": 95}, "coverage": []})
    app.practice.now = lambda: NOW
    async with app.run_test(size=(80, 24)) as pilot:
        assert app.screen.sub_title.endswith("· 0 due")
        await pilot.press("d")
        await pilot.pause(0.1)
        assert isinstance(app.screen, HomeScreen)
        messages = [n.message for n in app._notifications]
        assert any(m.startswith("Nothing is due now. The next is due ") for m in messages)


async def test_the_app_can_open_straight_into_a_drill(tmp_path: Path) -> None:
    app = make_app(tmp_path, start_drill=True)
    app.practice.drill_size = 2
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause(0.1)
        assert isinstance(app.screen, PracticeScreen)
        assert [q.id for q in app.screen.run.questions] == [
            "graphql-optimization", "api-versioning"
        ]  # fmt: skip
