"""The application object: holds the bank and settings, and opens the home screen."""

from __future__ import annotations

from typing import ClassVar

from textual.app import App
from textual.binding import Binding, BindingType

from simulator.bank import QuestionBank
from simulator.settings import Settings
from simulator.ui.screens.home import HomeScreen


class InterviewApp(App[None]):
    """interview-sim's full-screen app. The bank and settings come in, so tests choose them."""

    CSS_PATH = "app.tcss"
    TITLE = "interview-sim"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "quit", "Quit", id="quit", tooltip="Leave interview-sim"),
    ]

    def __init__(self, bank: QuestionBank, settings: Settings) -> None:
        super().__init__()
        self.bank = bank
        self.settings = settings
        self.sub_title = bank.title

    def on_mount(self) -> None:
        self.push_screen(HomeScreen(self.bank))
