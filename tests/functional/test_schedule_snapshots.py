"""The schedule's screens with a history made for the test, "now" frozen at its `NOW`.

Home (scores, trends, due dates and the due count), a drill on the practice screen, and the
progress charts, at 80x24 and 120x40. Update with `--snapshot-update` after an intended change
and look at the SVGs before committing them.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from simulator.bank import load_bank
from simulator.settings import Settings
from simulator.ui.app import InterviewApp
from simulator.ui.messages import ProgressChosen
from tests.conftest import SHIPPED_BANK
from tests.functional.made_history import make_history
from tests.functional.scripted import scripted_practice

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]


async def to_home(pilot: Pilot[None]) -> None:
    await pilot.pause(0.1)


async def to_drill(pilot: Pilot[None]) -> None:
    await pilot.press("d")
    await pilot.pause(0.2)


async def to_progress(pilot: Pilot[None]) -> None:
    app = pilot.app
    assert isinstance(app, InterviewApp)
    app.post_message(ProgressChosen())
    await pilot.pause(0.2)


SCREENS: dict[str, Callable[[Pilot[None]], Awaitable[None]]] = {
    "home": to_home,
    "drill": to_drill,
    "progress": to_progress,
}


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("screen", list(SCREENS))
def test_schedule_screen(
    snap_compare: Any, tmp_path: Path, screen: str, size: tuple[int, int]
) -> None:
    bank = load_bank(SHIPPED_BANK)
    practice = scripted_practice(bank, tmp_path, hold_speech=True)  # the drill stays on reading
    make_history(practice, bank)
    app = InterviewApp(bank, Settings(SHIPPED_BANK, tmp_path), practice)
    assert snap_compare(app, terminal_size=size, run_before=SCREENS[screen])
