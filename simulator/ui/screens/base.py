"""What every screen of the app shares: typed access to what the app lends its screens.

Screens do not import the app: they read the attributes of `InterviewHost` (attributes
down) and post messages for everything the person chooses (messages up).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol, cast

from textual.screen import Screen

from simulator.bank import QuestionBank
from simulator.practice import Practice
from simulator.settings import Settings


class InterviewHost(Protocol):
    """The app, as its screens see it."""

    bank: QuestionBank
    practice: Practice
    settings: Settings
    """The settings in use; replaced (never changed) when the settings screen saves."""
    engine_loading: str | None
    """What the engine being changed to is ("the whisper model small.en"), while it loads."""
    muted: bool
    """Questions are not read aloud for the rest of the run."""

    @property
    def live_transcript_shown(self) -> bool: ...

    def toggle_live_transcript(self) -> None: ...


class InterviewScreen(Screen[None]):
    """A screen of the interview app."""

    @property
    def interview(self) -> InterviewHost:
        return cast("InterviewHost", self.app)

    @property
    def shown(self) -> bool:
        """The screen is on the app's stack (perhaps under another), so its widgets exist.

        False from the moment it is popped: its widgets are removed after that, while a
        worker it started may still be running.
        """
        return self.is_attached and self in self.app.screen_stack

    def call_while_shown(self, callback: Callable[..., object], *args: object) -> None:
        """From a worker thread: run `callback(*args)` on the UI thread if the screen is
        still shown then, and drop it if not.

        What a worker read for a screen the person has already left is not wanted, and
        drawing it would find the screen's widgets gone (what the worker wrote is kept).
        """

        def if_shown() -> None:
            if self.shown:
                callback(*args)

        self.app.call_from_thread(if_shown)
