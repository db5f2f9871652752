"""Home: the bank by topic with statuses, keys only."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input, OptionList

from simulator.bank import load_bank
from simulator.settings import Settings
from simulator.ui.app import InterviewApp
from simulator.ui.screens.help import HelpScreen
from simulator.ui.screens.practice import PracticeScreen
from tests.conftest import SHIPPED_BANK
from tests.functional.scripted import scripted_practice


def make_app(tmp_path: Path) -> InterviewApp:
    bank = load_bank(SHIPPED_BANK)
    return InterviewApp(bank, Settings(SHIPPED_BANK, tmp_path), scripted_practice(bank, tmp_path))


def option_ids(app: InterviewApp) -> list[str]:
    options = app.screen.query_one("#questions", OptionList)
    return [str(options.get_option_at_index(i).id) for i in range(options.option_count)]


async def test_home_lists_questions_under_topics(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)):
        ids = option_ids(app)
        assert ids[:3] == ["topic:Observability", "distributed-tracing", "topic:Architecture"]
        assert sum(1 for i in ids if i.startswith("topic:")) == 8
        assert len(ids) == 18
        prompt = app.screen.query_one("#questions", OptionList).get_option_at_index(1).prompt
        assert "never tried" in str(prompt)


async def test_arrows_and_jk_move_past_topic_headings(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        options = app.screen.query_one("#questions", OptionList)
        seen = []
        for key in ("down", "j", "k", "down"):
            await pilot.press(key)
            assert options.highlighted_option is not None
            seen.append(options.highlighted_option.id)
        assert seen == ["event-driven-architecture", "cap-theorem", "event-driven-architecture",
                        "cap-theorem"]  # fmt: skip


async def test_slash_filters_and_escape_clears(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("slash", *"apis")
        assert app.screen.query_one("#filter", Input).value == "apis"
        assert [i for i in option_ids(app) if not i.startswith("topic:")] == [
            "api-versioning", "graphql-optimization"
        ]  # fmt: skip
        await pilot.press("enter", "escape")
        assert len(option_ids(app)) == 18
        assert app.focused is app.screen.query_one("#questions")


async def test_enter_practises_and_status_updates(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        assert isinstance(app.screen, PracticeScreen)
        assert app.screen.question.id == "distributed-tracing"
        await pilot.press("space")  # skip think time: record
        await pilot.pause(0.3)
        await pilot.press("space")  # end the answer
        await pilot.pause(0.5)
        await pilot.press("escape")
        await pilot.pause(0.2)
        options = app.screen.query_one("#questions", OptionList)
        status = str(options.get_option_at_index(1).prompt)
        assert "last 0 · in 1 day" in status  # a poor first answer: again tomorrow


async def test_help_and_quit(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        await pilot.press("q")
    assert app.return_code == 0


async def test_command_palette_lists_the_screens_actions(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)):
        titles = [c.title for c in app.get_system_commands(app.screen)]
        for wanted in ("Session (s)", "Shuffled (S)", "Filter (slash)", "Help (question_mark)"):
            assert wanted in titles
