"""Words Whisper writes that nobody said: decoding loops and words after the speech."""

from __future__ import annotations

from simulator.audio.transcribe import Word, drop_runaways


def tokens(text: str, start: float = 0.0, step: float = 0.3) -> list[tuple[str, Word]]:
    return [(f" {w}", Word(w, start + i * step, start + i * step + 0.2))
            for i, w in enumerate(text.split())]  # fmt: skip


def text_of(kept: list[tuple[str, Word]]) -> str:
    return "".join(t for t, _ in kept).strip()


def test_a_loop_keeps_its_first_occurrence() -> None:
    said = tokens("you cannot have all three cannot have all three cannot have all three")
    assert text_of(drop_runaways(said, None)) == "you cannot have all three"
    assert text_of(drop_runaways(tokens("use v1 v1 v1 v1 v1"), None)) == "use v1"


def test_a_stumble_said_twice_is_kept() -> None:
    said = tokens("I I think the the broker")
    assert text_of(drop_runaways(said, None)) == "I I think the the broker"


def test_words_after_the_speech_ends_are_dropped() -> None:
    said = tokens("use TLS everywhere HTTPS", step=1.0)  # starts at 0, 1, 2, 3 s
    assert text_of(drop_runaways(said, speech_ends_at=2.5)) == "use TLS everywhere"
    assert text_of(drop_runaways(said, speech_ends_at=2.8)) == "use TLS everywhere HTTPS"
    assert text_of(drop_runaways(said, speech_ends_at=None)) == "use TLS everywhere HTTPS"
