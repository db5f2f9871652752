"""The review screen's rating line: the answer's FSRS rating and when the question is due."""

from __future__ import annotations

from datetime import datetime

from rich.text import Text
from textual.widgets import Static

from simulator.practice import AttemptRating
from simulator.schedule import Rating, describe_due, rating_for_score


def rating_text(rated: AttemptRating | None, score: int | None, now: datetime) -> Text:
    """ "Rated Good by the score · due in 2 days · 1-4 Again Hard Good Easy"; an override
    says "by you (score: Good)". Short enough for one line at 80 columns."""
    text = Text()
    if rated is None:
        return text
    text.append(f"Rated {rated.rating.name}", style="bold")
    if rated.overridden and score is not None:
        text.append(f" by you (score: {rating_for_score(score).name})")
    else:
        text.append(" by the score")
    when = describe_due(rated.schedule, now)
    text.append(f" · {when}" if when == "due now" else f" · due {when}")
    text.append(" · 1-4 " + " ".join(r.name for r in Rating), style="dim")
    return text


class RatingLine(Static):
    """One line under the feedback; keys 1-4 of the review screen change what it shows."""

    def show(self, rated: AttemptRating | None, score: int | None, now: datetime) -> None:
        self.update(rating_text(rated, score, now))
        self.display = rated is not None
