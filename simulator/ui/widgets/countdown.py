"""The big countdown, coloured as time runs out."""

from __future__ import annotations

from textual.widgets import Digits

from simulator.timefmt import clock

WARNING_SECONDS = 30
DANGER_SECONDS = 10


class Countdown(Digits):
    """Remaining time as large digits; `-warning` under 30 s and `-danger` under 10 s."""

    def show(self, remaining: float) -> None:
        seconds = max(0, int(remaining + 0.999))
        self.update(clock(seconds))
        self.set_class(DANGER_SECONDS < seconds <= WARNING_SECONDS, "-warning")
        self.set_class(seconds <= DANGER_SECONDS, "-danger")
