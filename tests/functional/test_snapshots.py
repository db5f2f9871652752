"""Every screen as the user sees it, at 80x24 and 120x40 (pytest-textual-snapshot).

Run `pytest tests/functional/test_snapshots.py --snapshot-update` after an intended change,
and look at the report before committing the new SVGs.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import TextArea

from simulator.bank import load_bank
from simulator.settings import Settings
from simulator.ui.app import InterviewApp
from simulator.ui.screens.practice import PracticeScreen
from tests.conftest import SHIPPED_BANK
from tests.functional.scripted import record_answer, scripted_practice

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]


def make_app(tmp_path: Path, hold_speech: bool = False) -> InterviewApp:
    bank = load_bank(SHIPPED_BANK)
    practice = scripted_practice(bank, tmp_path, hold_speech=hold_speech)
    return InterviewApp(bank, Settings(SHIPPED_BANK, tmp_path), practice)


async def to_review(pilot: Pilot[None]) -> None:
    await pilot.press("enter")
    await record_answer(pilot)


async def to_summary(pilot: Pilot[None]) -> None:
    await pilot.press("slash", *"apis", "enter", "s")
    for _ in range(2):
        await record_answer(pilot)
        await pilot.press("n")
    await pilot.pause(0.3)


async def to_speaking(pilot: Pilot[None]) -> None:
    await pilot.press("down", "enter")
    await pilot.pause(0.2)


async def to_abandon(pilot: Pilot[None]) -> None:
    await to_speaking(pilot)
    await pilot.press("escape")
    await pilot.pause(0.1)


async def to_help(pilot: Pilot[None]) -> None:
    await pilot.press("question_mark")
    await pilot.pause(0.1)


async def to_typing(pilot: Pilot[None]) -> None:
    await to_speaking(pilot)
    await pilot.press("t", *"I would use Kafka.")
    screen = pilot.app.screen
    assert isinstance(screen, PracticeScreen)
    screen.query_one(TextArea).cursor_blink = False  # a blinking cursor is not repeatable
    assert screen.session is not None
    started = screen.session.phase_started
    screen.session.clock = lambda: started  # nor is a running countdown
    await pilot.pause(0.2)


SCREENS: dict[str, tuple[Callable[[Pilot[None]], Awaitable[None]] | None, bool]] = {
    "home": (None, False),
    "practice-speaking": (to_speaking, True),
    "practice-typing": (to_typing, True),
    "abandon-confirm": (to_abandon, True),
    "review": (to_review, False),
    "summary": (to_summary, False),
    "help": (to_help, False),
}


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("screen", list(SCREENS))
def test_screen(snap_compare: Any, tmp_path: Path, screen: str, size: tuple[int, int]) -> None:
    assert snap_compare(screen_app(tmp_path, screen), terminal_size=size,
                        run_before=SCREENS[screen][0])  # fmt: skip


@pytest.mark.parametrize("screen", ["home", "practice-speaking", "review"])
def test_light_theme(snap_compare: Any, tmp_path: Path, screen: str) -> None:
    """Readable in a light terminal too: the same screens with Textual's light theme."""
    app = screen_app(tmp_path, screen)
    app.theme = "textual-light"
    assert snap_compare(app, terminal_size=(80, 24), run_before=SCREENS[screen][0])


def screen_app(tmp_path: Path, screen: str) -> InterviewApp:
    app = make_app(tmp_path, hold_speech=SCREENS[screen][1])
    if screen == "summary":
        text = SHIPPED_BANK.read_text().replace("think_seconds = 10", "think_seconds = 0")
        (tmp_path / "bank.toml").write_text(text)
        bank = load_bank(tmp_path / "bank.toml")
        app = InterviewApp(bank, Settings(bank.path, tmp_path), scripted_practice(bank, tmp_path))
    return app
