"""A transcript whose words follow playback, with a word cursor and highlighted spans."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.widgets import Static

from simulator.audio.transcribe import Word

PLAYING_STYLE = "reverse"
CURSOR_STYLE = "underline bold"


def word_at(words: Sequence[Word], seconds: float) -> int | None:
    """Index of the word being spoken at `seconds` (the last one started), or None."""
    current = None
    for index, word in enumerate(words):
        if word.start <= seconds:
            current = index
        else:
            break
    return current


class TranscriptView(Static):
    """Shows `text` (or the words joined); highlights the playing word and the cursor word.

    `marks` are (start, end) character spans of the shown text to emphasise, such as the
    words that covered a key point.
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.words: tuple[Word, ...] = ()
        self.text = ""
        self.footer = ""
        self.marks: tuple[tuple[int, int], ...] = ()
        self.playing: int | None = None
        self.cursor: int | None = None
        self._offsets: list[tuple[int, int]] = []

    @property
    def shown_text(self) -> str:
        return " ".join(w.text for w in self.words) if self.words else self.text

    def show(
        self,
        text: str,
        words: Sequence[Word] = (),
        footer: str = "",
        marks: Sequence[tuple[int, int]] = (),
    ) -> None:
        self.words, self.text, self.footer, self.marks = tuple(words), text, footer, tuple(marks)
        self._offsets = []
        position = 0
        for word in self.words:
            self._offsets.append((position, position + len(word.text)))
            position += len(word.text) + 1
        if self.cursor is not None and self.cursor >= len(self.words):
            self.cursor = None
        self._redraw()

    def follow(self, seconds: float | None) -> None:
        """Highlight the word spoken at `seconds` (None: nothing is playing)."""
        playing = None if seconds is None else word_at(self.words, seconds)
        if playing != self.playing:
            self.playing = playing
            self._redraw()

    def move_cursor(self, step: int) -> Word | None:
        """Move the word cursor by `step` words; the word it lands on."""
        if not self.words:
            return None
        start = self.cursor if self.cursor is not None else (self.playing or 0) - step
        self.cursor = max(0, min(len(self.words) - 1, start + step))
        self._redraw()
        return self.words[self.cursor]

    def cursor_word(self) -> Word | None:
        return self.words[self.cursor] if self.cursor is not None else None

    def _redraw(self) -> None:
        text = Text(self.shown_text)
        for start, end in self.marks:
            text.stylize("bold green", start, end)
        for index, style in ((self.cursor, CURSOR_STYLE), (self.playing, PLAYING_STYLE)):
            if index is not None and index < len(self._offsets):
                text.stylize(style, *self._offsets[index])
        if self.footer:
            text.append(f"\n\n{self.footer}", style="dim")
        self.update(text)
