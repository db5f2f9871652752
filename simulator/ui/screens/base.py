"""What every screen of the app shares: typed access to what the app lends its screens.

Screens do not import the app: they read the attributes of `InterviewHost` (attributes
down) and post messages for everything the person chooses (messages up).
"""

from __future__ import annotations

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
