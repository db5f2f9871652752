"""The rules that keep hints from inventing words, on made decodings."""

from __future__ import annotations

import numpy as np

from simulator.audio.live import (
    UNCLEAR,
    DecodedPiece,
    HintTerm,
    PieceTranscription,
    compression_ratio,
    echoes,
    find_terms,
    repeated_phrase,
    sounds_like,
    suspect,
    undecoded_rest,
)
from simulator.audio.segmenter import Piece
from simulator.audio.transcribe import Decoded, Word


def words(text: str, start: float = 0.0, step: float = 0.4) -> list[Word]:
    return [Word(w, start + i * step, start + i * step + 0.3) for i, w in enumerate(text.split())]


def decoded(text: str, start: float = 0.0) -> Decoded:
    return Decoded(tuple((f" {w.text}", w) for w in words(text, start)), 1.2)


def piece(speech: tuple[tuple[float, float], ...], seconds: float = 10.0, at: float = 0.0) -> Piece:
    frames = tuple((round(a * 16_000), round(b * 16_000)) for a, b in speech)
    return Piece(0, round(at * 16_000), np.zeros(round(seconds * 16_000), np.int16), frames)


def test_loops_are_found_and_a_fluent_answer_is_not() -> None:
    assert repeated_phrase(
        ["cross", "shard", "queries", "and", "cross", "shard", "joins", "and", "cross", "shard"]
    )
    assert repeated_phrase(["use", "v1", "v1", "please"]) is None  # one word twice is a stumble
    assert repeated_phrase(["event", "driven", "event", "driven"]) == "event driven"
    fluent = "I would put a broker such as Kafka between the services and make events immutable"
    assert repeated_phrase(fluent.split()) is None
    assert (
        repeated_phrase(
            ["the", "cache", "and", "the", "queue", "and", "the", "store", "and", "the", "log"]
        )
        is None
    )
    assert compression_ratio("cross shard " * 30) > 2.4
    assert compression_ratio(fluent) < 2.4


def test_a_piece_that_echoes_the_text_before_it_is_suspect() -> None:
    assert echoes(
        ["performance", "monitoring", "and", "more"], ["for", "performance", "monitoring"]
    )
    assert not echoes(["monitoring", "again"], ["for", "performance", "monitoring"])
    ok = decoded("and then the consumers commit their offsets")
    assert suspect(ok, piece(((0.0, 4.0),))) is None
    assert suspect(ok, piece(((0.0, 4.0),)), before=["and", "then"]) is not None


def test_words_where_the_vad_heard_no_speech_are_suspect() -> None:
    said = decoded("shard keys spread the load", start=0.0)
    assert suspect(said, piece(((0.0, 2.0),))) is None
    assert "no speech" in (suspect(said, piece(((5.0, 7.0),))) or "")
    # on the recording's timeline: the piece starts at 30 s
    late = Piece(0, 30 * 16_000, np.zeros(16_000 * 5, np.int16), ((30 * 16_000, 32 * 16_000),))
    assert suspect(said, late) is None


def test_terms_are_found_in_any_spelling_of_their_words() -> None:
    terms = [HintTerm.of(t) for t in ("OpenTelemetry", "Zipkin", "shard", "two-phase commit")]
    said = "we use open telemetry and zipkin across shards with two phase commit"
    found = find_terms(words(said), terms)
    assert [(t.text, a, b) for t, a, b in found] == [
        ("OpenTelemetry", 2, 4), ("Zipkin", 5, 6), ("shard", 7, 8), ("two-phase commit", 9, 12),
    ]  # fmt: skip


def test_a_hint_term_stays_only_where_the_plain_decoding_heard_it() -> None:
    plain = words("tools like Yager or zip kin collect the traces")
    assert sounds_like(HintTerm.of("Zipkin"), plain, 1.6, 2.3)  # "zip kin"
    assert sounds_like(HintTerm.of("Jaeger"), plain, 0.8, 1.1)  # "Yager"
    assert not sounds_like(HintTerm.of("Jaeger"), plain, 2.4, 3.1)  # heard elsewhere only
    assert not sounds_like(HintTerm.of("cross shard"), words("CAP trade offs matter"), 0, 1)
    # short terms must be heard letter for letter: "TLS" is not "tools"
    assert not sounds_like(HintTerm.of("TLS"), plain, 0.0, 0.3)
    assert sounds_like(HintTerm.of("TLS"), words("with TLS everywhere"), 0.4, 0.7)


def test_a_piece_is_read_as_one_window_keeping_its_last_words() -> None:
    from simulator.audio.transcribe import one_window

    ts = 50_000  # the first timestamp token
    # "<0.0> tools like <4.0><4.0> implementing" : the words after the pair are kept, closed
    # at the piece's end, instead of being dropped and decoded again from the silence
    assert one_window([ts, 1, 2, ts + 200, ts + 200, 3], ts, 6.0) == [
        ts, 1, 2, ts + 200, ts + 200, 3, ts + 300,
    ]  # fmt: skip
    # a pair that opens a segment and writes nothing: a single closing timestamp
    assert one_window([ts, 1, 2, ts + 200, ts + 210], ts, 6.0) == [ts, 1, 2, ts + 200]
    # already one window
    assert one_window([ts, 1, 2, ts + 290], ts, 6.0) == [ts, 1, 2, ts + 290]
    assert one_window([], ts, 6.0) == []
    # never a closing timestamp before one already written
    assert one_window([ts + 400, 1], ts, 6.0) == [ts + 400, 1, ts + 400]


class Looping:
    """An engine whose every decoding is a loop, with or without hints, at every temperature."""

    name, model, load_seconds = "whisper", "base", 0.0

    def __init__(self) -> None:
        self.calls: list[tuple[str | None, tuple[float, ...]]] = []

    def hotwords(self, hints: object) -> str:
        return "Jaeger Zipkin"

    def decode(
        self, audio: object, hotwords: str | None, prompt: str | None,
        temperatures: tuple[float, ...] = (0.0,),
    ) -> Decoded:  # fmt: skip
        self.calls.append((hotwords, temperatures))
        return Decoded(tuple((" Z" * 3, w) for w in words("ZZZ " * 30, start=0.5, step=0.1)), 6.0)


def test_a_piece_that_loops_however_decoded_is_shown_as_unclear() -> None:
    engine = Looping()
    job = PieceTranscription(engine, ["Jaeger"])  # type: ignore[arg-type]
    made = job._decode(piece(((2.5, 6.0),), at=2.0), [])  # speech on the recording's timeline
    assert [w.text for _, w in made.tokens] == [UNCLEAR]
    assert made.tokens[0][1].start == 2.5 and made.tokens[0][1].end == 6.0  # over the speech
    assert made.note is not None and "unclear" in made.note
    assert (None, (0.0, 0.4, 0.8)) in engine.calls  # after the fallback without hints


def test_speech_whisper_stopped_short_of_is_decoded_again_and_a_vad_tail_is_not() -> None:
    # the hesitant answer CI lost the end of: "... are, like," ended at 9.34 s, and the VAD
    # heard "loosely coupled." on until 10.43 s: 0.93 s of speech after the last word
    spoken = piece(((0.06, 8.93), (9.09, 9.44), (9.6, 10.43)), seconds=10.63)
    stopped = DecodedPiece(spoken, ((" are", Word("are", 8.52, 8.94)),
                                    (" like,", Word("like,", 8.94, 9.34))), True)  # fmt: skip
    rest = undecoded_rest(stopped)
    assert rest is not None
    assert (rest.start_seconds, rest.end_seconds) == (9.24, 10.63)  # overlaps the word's end
    assert rest.speech == ((round(9.34 * 16_000), round(9.44 * 16_000)), (153_600, 166_880))
    # decoded to the end: the VAD's speech runs on 0.3-0.5 s past the last word's end
    whole = DecodedPiece(spoken, ((" coupled.", Word("coupled.", 9.86, 10.0)),), True)
    assert undecoded_rest(whole) is None
    assert undecoded_rest(DecodedPiece(spoken, (), True)) is None
