"""The segmenter on made audio: real speech (the app's TTS) and silences of known lengths."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import numpy.typing as npt
import pytest

from simulator.audio.segmenter import (
    MAX_PIECE_SECONDS,
    PAD_SECONDS,
    Piece,
    SpeechSegmenter,
    split,
)
from simulator.audio.speech import Synthesizer
from simulator.audio.transcribe import load_audio

RATE = 16_000
PHRASES = [
    "Kafka keeps the events in order within a partition.",
    "Consumers commit their offsets after processing.",
    "A dead letter queue catches the messages that keep failing.",
]


def silence(seconds: float) -> npt.NDArray[np.int16]:
    return np.zeros(round(seconds * RATE), dtype=np.int16)


@pytest.fixture(scope="module")
def spoken(synthesizer: Synthesizer, tmp_path_factory: pytest.TempPathFactory) -> list[np.ndarray]:
    """Each phrase spoken, trimmed of the synthesizer's own leading and trailing silence."""
    folder = tmp_path_factory.mktemp("phrases")
    clips = []
    for index, phrase in enumerate(PHRASES):
        # espeak-ng writes 22.05 kHz: read at 16 kHz, as every engine hears it
        samples = load_audio(synthesizer.to_wav(phrase, folder / f"{index}.wav")).samples()
        loud = np.flatnonzero(np.abs(samples) > 300)
        clips.append(samples[loud[0] : loud[-1] + 1])
    return clips


def bounds(pieces: list[Piece]) -> list[tuple[float, float]]:
    return [(p.start_seconds, p.end_seconds) for p in pieces]


def test_a_long_pause_ends_a_piece_and_silence_is_never_a_piece(spoken: list[np.ndarray]) -> None:
    first, second, third = spoken
    audio = np.concatenate([silence(2.0), first, silence(1.5), second, silence(3.0), third,
                            silence(2.0)])  # fmt: skip
    pieces = split(audio)
    assert len(pieces) == 3
    starts = [2.0, 2.0 + len(first) / RATE + 1.5]
    starts.append(starts[1] + len(second) / RATE + 3.0)
    for piece, start, clip in zip(pieces, starts, spoken, strict=True):
        # each piece holds its phrase whole, padded a little, and none of the long silences
        assert piece.start_seconds <= start + 0.1
        assert piece.start_seconds >= start - PAD_SECONDS - 0.1
        assert piece.end_seconds >= start + len(clip) / RATE - 0.1
        assert piece.end_seconds <= start + len(clip) / RATE + PAD_SECONDS + 0.15
        assert piece.is_speech(start + 0.5, start + 0.6)
    assert not pieces[0].is_speech(0.0, 1.5, tolerance=0)
    assert split(silence(5.0)) == []


def test_a_short_pause_does_not_cut_a_short_piece(spoken: list[np.ndarray]) -> None:
    first, second, _ = spoken
    audio = np.concatenate([first, silence(0.25), second, silence(1.0)])
    assert len(split(audio)) == 1


def test_no_piece_is_longer_than_the_maximum(spoken: list[np.ndarray]) -> None:
    # 40 s of speech with only short pauses in it: cut, at pauses, into pieces of at most 18 s
    audio = np.concatenate([part for _ in range(8) for clip in spoken for part in (clip,
                            silence(0.12))])  # fmt: skip
    pieces = split(audio)
    assert len(pieces) >= 3
    assert all(p.seconds <= MAX_PIECE_SECONDS + 0.1 for p in pieces)
    covered = sum(p.seconds for p in pieces)
    assert covered >= len(audio) / RATE * 0.97  # nothing of the speech left out


def test_the_cuts_do_not_depend_on_the_block_size(spoken: list[np.ndarray]) -> None:
    audio = np.concatenate([clip for clip in spoken for clip in (clip, silence(0.7))])
    reference = split(audio, block_frames=1_600)
    for block in (160, 999, 4_096, len(audio)):
        pieces = split(audio, block_frames=block)
        assert bounds(pieces) == bounds(reference)
        assert all(np.array_equal(a.samples, b.samples) for a, b in zip(pieces, reference,
                                                                          strict=True))  # fmt: skip


def test_pieces_are_the_recordings_own_samples(spoken: list[np.ndarray], tmp_path: Path) -> None:
    audio = np.concatenate([silence(1.0), spoken[0], silence(1.0)])
    (piece,) = split(audio)
    assert np.array_equal(piece.samples, audio[piece.start_frame : piece.start_frame +
                                                len(piece.samples)])  # fmt: skip


def same(a: Piece, b: Piece) -> bool:
    return (a.start_frame, a.speech) == (b.start_frame, b.speech) and np.array_equal(
        a.samples, b.samples
    )


def test_while_the_speaker_pauses_the_end_is_known(spoken: list[np.ndarray]) -> None:
    """What a pause says the recording's end would leave is what an end there leaves, and a
    pause long enough to close the piece closes that same piece."""
    first, second, third = spoken
    third = third[: round(0.8 * RATE)]  # under the 8 s past which a 0.2 s pause closes a piece
    audio = np.concatenate([first, silence(0.35), second, silence(0.35), third, silence(0.8)])
    pieces: list[Piece] = []
    segmenter = SpeechSegmenter(pieces.append)
    known: list[tuple[int, list[Piece]]] = []
    for start in range(0, len(audio), 1_600):
        segmenter.feed(audio[start : start + 1_600])
        if segmenter.paused and not pieces:
            known.append((segmenter.frames_seen, segmenter.pieces_if_ended_now()))
    assert len(known) >= 3  # the two short pauses and the last one
    for frames, expected in known:
        got = split(audio[:frames])
        assert len(got) == len(expected) == 1 and all(map(same, got, expected))
    assert len(pieces) == 1 and same(pieces[0], known[-1][1][0])
