"""What every screen of the app shares: typed access to the app and its practice service."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from textual.screen import Screen

if TYPE_CHECKING:
    from simulator.ui.app import InterviewApp


class InterviewScreen(Screen[None]):
    """A screen of `InterviewApp`."""

    @property
    def interview(self) -> InterviewApp:
        return cast("InterviewApp", self.app)
