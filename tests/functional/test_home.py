"""The home screen lists the bank by topic and is driven by keys alone."""

from __future__ import annotations

from textual.widgets import OptionList

from simulator.bank import load_bank
from simulator.settings import Settings
from simulator.ui.app import InterviewApp
from tests.conftest import SHIPPED_BANK


def make_app() -> InterviewApp:
    return InterviewApp(bank=load_bank(SHIPPED_BANK), settings=Settings.resolve(None, None, {}))


async def test_home_lists_questions_under_topics() -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        options = pilot.app.screen.query_one("#questions", OptionList)
        ids = [options.get_option_at_index(i).id for i in range(options.option_count)]
        assert ids[:3] == ["topic:Observability", "distributed-tracing", "topic:Architecture"]
        assert sum(1 for i in ids if i and i.startswith("topic:")) == 8
        assert len(ids) == 18


async def test_arrows_move_and_q_quits() -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        options = pilot.app.screen.query_one("#questions", OptionList)
        seen = []
        for _ in range(3):
            highlighted = options.highlighted_option
            assert highlighted is not None
            seen.append(highlighted.id)
            await pilot.press("down")
        # topic headings are skipped
        assert seen == ["distributed-tracing", "event-driven-architecture", "cap-theorem"]
        await pilot.press("q")
    assert app.return_code == 0
