"""Two attempts of one question side by side: transcripts and figures."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Footer, Header, Static

from simulator.practice import Attempt
from simulator.timefmt import clock
from simulator.ui.screens.base import InterviewScreen


def figures(attempt: Attempt) -> str:
    """One line of figures: when, how long, how many words, how fast, the score.

    A typed answer has no speaking time and no pace: it says "typed" instead (its typing time
    over its words once showed "428 wpm").
    """
    words = len(attempt.answer_text.split())
    score = attempt.feedback.content.score if attempt.feedback else None
    shown_score = "—" if score is None else str(score)
    when = f"{attempt.started_at.astimezone():%Y-%m-%d %H:%M}"
    if attempt.typed_text is not None:
        return f"{when} · typed · {words} words · score {shown_score}"
    wpm = f"{words / attempt.seconds * 60:.0f} wpm" if attempt.seconds else "— wpm"
    return f"{when} · {clock(attempt.seconds)} · {words} words · {wpm} · score {shown_score}"


class CompareScreen(InterviewScreen):
    """An earlier and a later attempt, to see what changed."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "app.pop_screen", "Back", id="compare-back"),
    ]

    def __init__(self, earlier: Attempt, later: Attempt) -> None:
        super().__init__()
        self.earlier, self.later = earlier, later

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(self.earlier.question.text, id="review-question")
        with Horizontal(id="panes"):
            for title, attempt in (("Earlier", self.earlier), ("Later", self.later)):
                with VerticalScroll(classes="pane") as pane:
                    pane.border_title = title
                    yield Static(figures(attempt), classes="figures")
                    yield Static(attempt.answer_text or "(no transcript)")
        yield Footer(compact=True)
