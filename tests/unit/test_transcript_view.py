"""Mapping engine words onto the transcript text, and finding the word being played."""

from __future__ import annotations

from simulator.audio.transcribe import Word
from simulator.ui.widgets.transcript_view import locate_words, word_at

WORDS = (Word("Event", 0.0, 0.4), Word("-driven", 0.4, 0.8), Word("architecture,", 0.9, 1.6),
         Word("www", 2.0, 2.1), Word(".jpg", 2.1, 2.2))  # fmt: skip
TEXT = "Event-driven architecture, www.jpg"


def test_words_are_found_in_order_in_the_text() -> None:
    spans = locate_words(TEXT, WORDS)
    assert [TEXT[s[0] : s[1]] if s else None for s in spans] == [
        "Event", "-driven", "architecture,", "www", ".jpg"
    ]  # fmt: skip


def test_a_word_missing_from_the_text_gets_no_span() -> None:
    spans = locate_words("Event architecture, here", WORDS[:3])
    assert spans == [(0, 5), None, (6, 19)]


def test_word_at_a_time() -> None:
    assert word_at(WORDS, -1) is None
    assert word_at(WORDS, 0.5) == 1
    assert word_at(WORDS, 0.85) == 1  # between words: the last one started
    assert word_at(WORDS, 9) == 4
