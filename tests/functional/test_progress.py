"""The progress screen: charts per topic and question, and the key points most missed."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Label, Static

from simulator.bank import load_bank
from simulator.settings import Settings
from simulator.ui.app import InterviewApp
from simulator.ui.messages import ProgressChosen
from simulator.ui.screens.progress import ProgressScreen
from simulator.ui.widgets.score_chart import ScoreChart, score_ticks
from tests.conftest import SHIPPED_BANK
from tests.functional.made_history import ANSWERS, make_history
from tests.functional.scripted import scripted_practice


def make_app(tmp_path: Path, made: bool = True) -> InterviewApp:
    bank = load_bank(SHIPPED_BANK)
    practice = scripted_practice(bank, tmp_path)
    if made:
        make_history(practice, bank)
    return InterviewApp(bank, Settings(SHIPPED_BANK, tmp_path), practice)


async def test_charts_and_missed_points_from_the_history(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        app.post_message(ProgressChosen())
        await pilot.pause(0.1)
        assert isinstance(app.screen, ProgressScreen)
        topics, *questions = app.screen.query(ScoreChart)
        assert topics.series["APIs"] == [35, 48, 40, 55]  # both API questions, oldest first
        scores = {next(iter(q.series.values()))[0]: q for q in questions}
        assert len(questions) == len(ANSWERS) and len(scores) == len(ANSWERS)
        missed = str(app.screen.query_one("#missed", Static).render()).splitlines()
        assert missed[:2] == [
            "✗ missed 2 of the last 3 times: Caching · graphql-optimization",
            "✗ missed 2 of the last 3 times: Persisted queries · graphql-optimization",
        ]
        assert "✗ missed 1 of the last 2 times: Partition tolerance · cap-theorem" in missed


async def test_no_scored_answers_yet(tmp_path: Path) -> None:
    app = make_app(tmp_path, made=False)
    async with app.run_test(size=(80, 24)) as pilot:
        app.post_message(ProgressChosen())
        await pilot.pause(0.1)
        assert not app.screen.query(ScoreChart)
        assert "No scored answers yet" in str(app.screen.query_one(Label).render())


def test_score_ticks_keep_the_rating_thresholds_that_fit() -> None:
    assert score_ticks(20) == [0, 50, 70, 90, 100]
    assert score_ticks(6) == [0, 50, 70, 90]
    assert score_ticks(3) == [0, 50, 100]
