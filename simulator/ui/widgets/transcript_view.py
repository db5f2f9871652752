"""A transcript whose words follow playback, with a word cursor and highlighted spans."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from rich.text import Text
from textual.widgets import Static

if TYPE_CHECKING:
    from simulator.audio.transcribe import Word


PLAYING_STYLE = "reverse"
CURSOR_STYLE = "underline bold"
UNSURE_STYLE = "italic"
"""Words the engine was unsure of (`Word.unsure`); the review's footer says what it means."""
MARK_STYLE = "bold green"


def word_at(words: Sequence[Word], seconds: float) -> int | None:
    """Index of the word being spoken at `seconds` (the last one started), or None."""
    current = None
    for index, word in enumerate(words):
        if word.start <= seconds:
            current = index
        else:
            break
    return current


def locate_words(text: str, words: Sequence[Word]) -> list[tuple[int, int] | None]:
    """Where each word stands in `text`, found in order; None for a word not found.

    The engine's words carry their own spacing and punctuation ("Event", "-driven"), so the
    transcript text, not the words joined, is what reads well; this maps one onto the other.
    """
    spans: list[tuple[int, int] | None] = []
    lowered = text.lower()
    position = 0
    for word in words:
        token = word.text.strip().lower()
        found = lowered.find(token, position) if token else -1
        if found < 0:
            spans.append(None)
            continue
        spans.append((found, found + len(token)))
        position = found + len(token)
    return spans


def heard_unsure(
    span: tuple[int, int], words: Sequence[Word], offsets: Sequence[tuple[int, int] | None]
) -> bool:
    """Whether every word within `span` of the text (and at least one) was heard unsure."""
    inside = [
        word for word, at in zip(words, offsets, strict=False)
        if at is not None and at[0] < span[1] and at[1] > span[0]
    ]  # fmt: skip
    return bool(inside) and all(word.unsure for word in inside)


class TranscriptView(Static):
    """Shows a transcript; highlights the playing word and the cursor word.

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
        self._offsets: list[tuple[int, int] | None] = []

    def show(
        self,
        text: str,
        words: Sequence[Word] = (),
        footer: str = "",
        marks: Sequence[tuple[int, int]] = (),
    ) -> None:
        self.words, self.text, self.footer, self.marks = tuple(words), text, footer, tuple(marks)
        self._offsets = locate_words(text, self.words)
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

    def heard_unsure(self, span: tuple[int, int]) -> bool:
        """Whether every shown word within `span` of the text was heard unsure."""
        return heard_unsure(span, self.words, self._offsets)

    def _redraw(self) -> None:
        self.update(
            render(self.text, self.words, self._offsets, self.marks, self.cursor, self.playing,
                   self.footer)
        )  # fmt: skip


def render(
    shown: str,
    words: Sequence[Word],
    offsets: Sequence[tuple[int, int] | None],
    marks: Sequence[tuple[int, int]] = (),
    cursor: int | None = None,
    playing: int | None = None,
    footer: str = "",
) -> Text:
    """The transcript as drawn: unsure words in italics, `marks` in green, then the cursor
    and the playing word, and the footer."""
    text = Text(shown)
    for word, span in zip(words, offsets, strict=False):
        if span is not None and word.unsure:
            text.stylize(UNSURE_STYLE, *span)
    for start, end in marks:
        text.stylize(MARK_STYLE, start, end)
    for index, style in ((cursor, CURSOR_STYLE), (playing, PLAYING_STYLE)):
        span = offsets[index] if index is not None and index < len(offsets) else None
        if span is not None:
            text.stylize(style, *span)
    if footer:
        text.append(f"\n\n{footer}", style="dim")
    return text
