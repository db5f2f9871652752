"""Mapping engine words onto the transcript text, and finding the word being played."""

from __future__ import annotations

from simulator.audio.transcribe import Word
from simulator.ui.widgets.transcript_view import heard_unsure, locate_words, word_at

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


def test_a_word_is_unsure_below_the_threshold_and_never_without_a_probability() -> None:
    assert Word("cache", 0, 1, 0.49).unsure
    assert not Word("cache", 0, 1, 0.5).unsure
    assert not Word("cache", 0, 1).unsure  # sphinx gives none: not a claim either way


def test_a_span_is_heard_unsure_only_when_every_word_in_it_was() -> None:
    words = (Word("correlation", 0, 1, 0.9), Word("IDs", 1, 2, 0.1), Word("logs", 2, 3, 0.2))
    text = "correlation IDs logs"
    offsets = locate_words(text, words)
    assert not heard_unsure((0, 15), words, offsets)  # "correlation IDs"
    assert heard_unsure((12, 20), words, offsets)  # "IDs logs"
    assert not heard_unsure((20, 20), words, offsets)  # no word at all
