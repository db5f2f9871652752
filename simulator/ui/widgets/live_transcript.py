"""The transcript so far, under the countdown: the latest lines, redrawn in place."""

from __future__ import annotations

import textwrap

from rich.text import Text
from textual.widget import Widget


class LiveTranscript(Widget):
    """Shows the end of a growing text: as many of its last lines as fit, and a status line.

    It renders the text itself (wrapped to its width, cut to its height) instead of scrolling
    a long label, so each update replaces one frame and nothing jumps.
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._text = ""
        self._status = ""

    def show(self, text: str, status: str = "") -> None:
        if (text, status) != (self._text, self._status):
            self._text, self._status = text, status
            self.refresh()

    def render(self) -> Text:
        width = max(10, self.size.width)
        height = max(1, self.size.height)
        lines = textwrap.wrap(self._text, width) if self._text else []
        room = height - 1 if self._status else height
        shown = Text("\n".join(lines[-room:]) if room > 0 else "")
        if self._status:
            if shown:
                shown.append("\n")
            shown.append(self._status[:width], style="dim italic")
        return shown
