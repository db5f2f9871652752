"""History, compare and progress screens with scripted engines; keys only."""

from __future__ import annotations

from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import DataTable, Static

from simulator.bank import load_bank
from simulator.settings import Settings
from simulator.ui.app import InterviewApp
from simulator.ui.screens.compare import CompareScreen
from simulator.ui.screens.confirm import ConfirmScreen
from simulator.ui.screens.history import HistoryScreen
from simulator.ui.screens.home import HomeScreen
from simulator.ui.screens.progress import ProgressScreen
from simulator.ui.screens.review import ReviewScreen
from simulator.ui.widgets.score_chart import ScoreChart
from tests.conftest import SHIPPED_BANK
from tests.functional.scripted import ScriptedEngine, record_answer, scripted_practice


def make_app(tmp_path: Path) -> InterviewApp:
    bank = load_bank(SHIPPED_BANK)
    return InterviewApp(bank, Settings(SHIPPED_BANK, tmp_path), scripted_practice(bank, tmp_path))


async def answer(pilot: Pilot[None], *keys: str) -> None:
    """From home: select with `keys`, practise, record, end, back home."""
    await pilot.press(*keys, "enter")
    await record_answer(pilot)
    await pilot.press("escape")
    await pilot.pause(0.1)


def rows(app: InterviewApp) -> list[list[str]]:
    table = app.screen.query_one("#history", DataTable)
    return [[str(c) for c in table.get_row_at(i)] for i in range(table.row_count)]


async def test_history_lists_filters_opens_and_returns(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    engine = app.practice.engine
    assert isinstance(engine, ScriptedEngine)
    first = "I would use Jaeger."
    better = ("I would instrument the services with OpenTelemetry, send the traces to Jaeger "
              "and put correlation IDs in the logs.")  # fmt: skip
    async with app.run_test(size=(120, 40)) as pilot:
        engine.text = first
        await answer(pilot)
        engine.text = better
        await answer(pilot)
        await answer(pilot, "down")
        await pilot.press("h")
        assert isinstance(app.screen, HistoryScreen)
        listed = rows(app)
        assert len(listed) == 3
        assert listed[0][1].startswith("Discuss the principles of event-driven")  # newest first
        assert [r[4] for r in listed] == ["complete"] * 3
        await pilot.press("slash", *"observ", "enter")
        assert len(rows(app)) == 2
        await pilot.press("enter")
        await pilot.pause(0.2)
        review = app.screen
        assert isinstance(review, ReviewScreen)
        assert better in str(review.query_one("#answer-text", Static).render())
        checklist = str(review.query_one("#checklist", Static).render())
        assert checklist.count("✓") == 4 and "✗" not in checklist
        await pilot.press("escape")
        assert isinstance(app.screen, HistoryScreen)
        await pilot.press("c")
        await pilot.pause(0.1)
        compare = app.screen
        assert isinstance(compare, CompareScreen)
        panes = [
            str(s.render()) for s in compare.query(".pane > Static") if not s.has_class("figures")
        ]
        assert panes == [first, better]
        await pilot.press("escape", "g")
        await pilot.pause(0.1)
        assert isinstance(app.screen, ProgressScreen)
        topics, *questions = app.screen.query(ScoreChart)
        series = topics.series
        assert [next(iter(q.series.values())) for q in questions] == [
            series["Observability"], series["Architecture"]
        ]  # fmt: skip
        tracing = series["Observability"]
        assert len(tracing) == 2 and tracing[0] < tracing[1]  # oldest first: it improved
        assert len(series["Architecture"]) == 1
        await pilot.press("escape", "escape")
        assert isinstance(app.screen, HomeScreen)


async def test_delete_after_a_confirm_removes_audio_and_row(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await answer(pilot)
        await pilot.press("h")
        (record,) = app.practice.history.attempts()
        assert record.audio_path is not None and record.audio_path.exists()
        await pilot.press("d")
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        assert len(rows(app)) == 1
        await pilot.press("d", "y")
        await pilot.pause(0.1)
        assert rows(app) == []
        assert not record.audio_path.exists()
        assert app.practice.history.attempts() == []


async def test_interrupted_attempt_is_transcribed_from_history(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    history = app.practice.history
    async with app.run_test(size=(120, 40)) as pilot:
        await answer(pilot)
        (done,) = history.attempts()
        assert done.audio_path is not None
        history.add_attempt("s0", "cap-theorem", "Explain CAP", "Distributed systems",
                            "interrupted", done.audio_path)  # fmt: skip
        await pilot.press("h")
        assert rows(app)[0][4] == "interrupted, untranscribed"
        await pilot.press("t")
        await pilot.pause(0.5)
        assert rows(app)[0][4] == "interrupted"
        assert history.attempts()[0].transcript == "an answer about kafka and events"
