"""Home: the bank's questions grouped by topic."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer, Header, OptionList
from textual.widgets.option_list import Option

from simulator.bank import QuestionBank


class HomeScreen(Screen[None]):
    """Lists questions under their topics; arrows move, q quits."""

    def __init__(self, bank: QuestionBank) -> None:
        super().__init__()
        self.bank = bank

    def compose(self) -> ComposeResult:
        yield Header()
        yield OptionList(*self._options(), id="questions")
        yield Footer()

    def _options(self) -> list[Option]:
        options = []
        for topic, questions in self.bank.by_topic().items():
            options.append(Option(f"[b]{topic}[/b]", id=f"topic:{topic}", disabled=True))
            options.extend(Option(f"  {q.text}", id=q.id) for q in questions)
        return options
