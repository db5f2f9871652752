"""Cut a stream of audio into pieces at the speaker's pauses, with the Silero VAD.

Whisper decodes a long recording in 30 s windows and, given hints, can loop on a hint or skip
part of a window (measured: a 129 s answer came out as "cross shard cross cross shard" for
~45 s of other speech). Short pieces that end where the speaker paused, decoded one by one,
avoid both, and they can be decoded while the person is still speaking.

The VAD is the Silero model faster-whisper ships (`faster_whisper.vad`). Its LSTM state is
carried from window to window, so the speech probabilities, and therefore the cuts, are the
same however the audio is split into blocks: a file fed in any block size gives the same
pieces as the live microphone (tested).

Cutting rules, on 32 ms windows (chosen by `benchmarks/live.py`):
- a piece closes at a pause of `PAUSE_SECONDS` after speech;
- once it is longer than `SOFT_MAX_SECONDS`, a shorter pause (`SHORT_PAUSE_SECONDS`) closes it:
  fluent speakers (and espeak-ng) rarely pause for half a second;
- it is never longer than `MAX_PIECE_SECONDS`: it is cut at its longest pause in the second
  half, or where it stands if there is none;
- audio without speech is never decoded (Whisper invents text in silence).

While the speaker pauses, the piece the recording's end would hand over is known
(`pieces_if_ended_now`), and stays so until speech resumes: the transcriber decodes it ahead,
so that an answer that ends there is ready at once.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from simulator.audio.constants import SAMPLE_RATE

WINDOW = 512
"""Samples per VAD decision (32 ms at 16 kHz): the Silero model's frame."""
CONTEXT = 64
"""Samples of the previous window the model sees with each window."""
SPEECH_THRESHOLD = 0.5
"""A window at or above this probability is speech (faster-whisper's default)."""
SILENCE_THRESHOLD = 0.35
"""A window below this is silence; between the two, the previous state holds."""
PAUSE_SECONDS = 0.5
SHORT_PAUSE_SECONDS = 0.2
SOFT_MAX_SECONDS = 8.0
MAX_PIECE_SECONDS = 18.0
PAD_SECONDS = 0.2
"""Audio kept before the first and after the last speech of a piece."""
MIN_SPEECH_SECONDS = 0.15
"""Speech shorter than this (a click, a breath) does not make a piece worth decoding."""

Samples = npt.NDArray[np.int16]


@dataclass(frozen=True)
class Piece:
    """A stretch of the recording that holds speech, ready to decode."""

    index: int
    start_frame: int
    """Where `samples` begins on the recording's timeline."""
    samples: Samples
    speech: tuple[tuple[int, int], ...]
    """The speech regions the VAD found, as frames on the recording's timeline."""

    @property
    def start_seconds(self) -> float:
        return self.start_frame / SAMPLE_RATE

    @property
    def end_seconds(self) -> float:
        return (self.start_frame + len(self.samples)) / SAMPLE_RATE

    @property
    def seconds(self) -> float:
        return len(self.samples) / SAMPLE_RATE

    def is_speech(self, start: float, end: float, tolerance: float = PAD_SECONDS) -> bool:
        """Whether [start, end] (recording seconds) overlaps speech the VAD found."""
        for first, last in self.speech:
            if start <= last / SAMPLE_RATE + tolerance and end >= first / SAMPLE_RATE - tolerance:
                return True
        return False


class VoiceActivity:
    """The Silero VAD run window by window, its state carried across calls."""

    def __init__(self) -> None:
        from faster_whisper.vad import get_vad_model

        self._session: Any = get_vad_model().session
        self._h = np.zeros((1, 1, 128), dtype=np.float32)
        self._c = np.zeros((1, 1, 128), dtype=np.float32)
        self._context = np.zeros(CONTEXT, dtype=np.float32)

    def probabilities(self, windows: npt.NDArray[np.float32]) -> npt.NDArray[np.float32]:
        """Speech probability of each row of `windows` (n x WINDOW float samples)."""
        if len(windows) == 0:
            return np.zeros(0, dtype=np.float32)
        contexts = np.concatenate([self._context[None, :], windows[:-1, -CONTEXT:]], axis=0)
        output, self._h, self._c = self._session.run(
            None,
            {"input": np.concatenate([contexts, windows], axis=1), "h": self._h, "c": self._c},
        )
        self._context = windows[-1, -CONTEXT:].copy()
        probabilities: npt.NDArray[np.float32] = np.asarray(output, dtype=np.float32).reshape(-1)
        return probabilities


def _frames(seconds: float) -> int:
    return round(seconds * SAMPLE_RATE)


class SpeechSegmenter:
    """Takes audio in blocks of any size and hands each closed `Piece` to `on_piece`."""

    def __init__(
        self,
        on_piece: Callable[[Piece], None],
        vad: VoiceActivity | None = None,
    ) -> None:
        self._on_piece = on_piece
        self._vad = vad or VoiceActivity()
        self._buffer = np.zeros(0, dtype=np.int16)
        self._buffer_start = 0
        """Recording frame of `_buffer[0]`: the start of the open piece."""
        self._pending = np.zeros(0, dtype=np.int16)
        """Samples not yet a whole VAD window."""
        self._frames_seen = 0
        self._decided = 0
        """Frames whose VAD window has been decided."""
        self._regions: list[tuple[int, int]] = []
        self._speech_start: int | None = None
        self._silence_since: int | None = None
        self._count = 0

    @property
    def frames_seen(self) -> int:
        return self._frames_seen

    @property
    def open_seconds(self) -> float:
        """Audio received but not yet handed over in a piece."""
        return (self._frames_seen - self._buffer_start) / SAMPLE_RATE

    def feed(self, block: Samples) -> None:
        """Add recorded samples; closes and hands over every piece they complete."""
        self._buffer = np.concatenate([self._buffer, block])
        self._frames_seen += len(block)
        pending = np.concatenate([self._pending, block])
        whole = len(pending) // WINDOW * WINDOW
        self._pending = pending[whole:]
        if whole == 0:
            return
        windows = pending[:whole].astype(np.float32).reshape(-1, WINDOW) / 32768.0
        for probability in self._vad.probabilities(windows):
            self._decide(float(probability))

    def flush(self) -> None:
        """The recording ended: close the open piece, if it holds speech."""
        if self._speech_start is not None:
            self._regions.append((self._speech_start, self._decided))
            self._speech_start = None
        self._close(self._buffer_start + len(self._buffer))

    @property
    def paused(self) -> bool:
        """Whether the speaker is pausing after speech, long enough that the recording's end
        would hand over all of it: until speech resumes, `pieces_if_ended_now` stays what
        `flush()` will give."""
        return (
            self._speech_start is None
            and bool(self._regions)
            and self._decided >= self._regions[-1][1] + _frames(PAD_SECONDS)
        )

    @property
    def silent_seconds(self) -> float:
        """How long the speaker has been silent (0 while speaking)."""
        if self._speech_start is not None or self._silence_since is None:
            return 0.0
        return (self._decided - self._silence_since) / SAMPLE_RATE

    @property
    def pause_mark(self) -> tuple[int, int] | None:
        """Which pause this is (the open piece's start, the end of its last speech), or None."""
        return (self._buffer_start, self._regions[-1][1]) if self.paused else None

    def pieces_if_ended_now(self) -> list[Piece]:
        """What `flush()` would hand over now, without changing anything."""
        pieces: list[Piece] = []
        self._copy(pieces.append).flush()
        return pieces

    def _copy(self, on_piece: Callable[[Piece], None]) -> SpeechSegmenter:
        """This segmenter's state, handing pieces to `on_piece` (the VAD is shared: a copy is
        only closed, never fed)."""
        twin = copy.copy(self)
        twin._on_piece = on_piece
        twin._regions = list(self._regions)
        return twin

    def _decide(self, probability: float) -> None:
        frame = self._decided
        self._decided += WINDOW
        if probability >= SPEECH_THRESHOLD:
            self._silence_since = None
            if self._speech_start is None:
                self._speech_start = frame
        elif probability < SILENCE_THRESHOLD:
            if self._silence_since is None:
                self._silence_since = frame
            if (
                self._speech_start is not None
                and self._decided - self._silence_since >= _frames(SHORT_PAUSE_SECONDS) // 2
            ):
                self._regions.append((self._speech_start, self._silence_since))
                self._speech_start = None
        self._maybe_close()

    def _maybe_close(self) -> None:
        length = self._decided - self._buffer_start
        if not self._regions and self._speech_start is None:
            # silence only: keep just enough of it to pad the next speech
            keep_from = max(self._buffer_start, self._decided - _frames(PAD_SECONDS))
            self._drop_until(keep_from)
            return
        pause = self._decided - self._silence_since if self._silence_since is not None else 0
        paused = pause >= _frames(PAUSE_SECONDS) or (
            length >= _frames(SOFT_MAX_SECONDS) and pause >= _frames(SHORT_PAUSE_SECONDS)
        )
        if self._speech_start is None and self._regions and paused:
            self._close(min(self._decided, self._regions[-1][1] + _frames(PAD_SECONDS)))
            return
        if length >= _frames(MAX_PIECE_SECONDS):
            self._close(self._best_cut())

    def _best_cut(self) -> int:
        """Where to cut a piece that reached the maximum: its longest pause in the second half."""
        half = self._buffer_start + _frames(MAX_PIECE_SECONDS) // 2
        gaps = [
            (following[0] - previous[1], (previous[1] + following[0]) // 2)
            for previous, following in zip(self._regions, self._regions[1:], strict=False)
            if previous[1] >= half
        ]
        if self._speech_start is not None and self._regions and self._regions[-1][1] >= half:
            gaps.append(
                (
                    self._speech_start - self._regions[-1][1],
                    (self._regions[-1][1] + self._speech_start) // 2,
                )
            )
        if gaps:
            return max(gaps)[1]
        return self._decided

    def _close(self, cut: int) -> None:
        """Hand over [open piece start, cut) if it holds speech; the rest stays open."""
        regions = [(max(a, self._buffer_start), min(b, cut)) for a, b in self._regions if a < cut]
        self._regions = [(max(a, cut), b) for a, b in self._regions if b > cut]
        if self._speech_start is not None and self._speech_start < cut:
            regions.append((self._speech_start, cut))
            self._speech_start = cut
        speech = sum(b - a for a, b in regions)
        if regions and speech >= _frames(MIN_SPEECH_SECONDS):
            first = max(self._buffer_start, regions[0][0] - _frames(PAD_SECONDS))
            last = min(cut, regions[-1][1] + _frames(PAD_SECONDS))
            samples = self._buffer[first - self._buffer_start : last - self._buffer_start].copy()
            self._on_piece(Piece(self._count, first, samples, tuple(regions)))
            self._count += 1
        self._drop_until(cut)

    def _drop_until(self, frame: int) -> None:
        self._buffer = self._buffer[frame - self._buffer_start :]
        self._buffer_start = frame


def split(samples: Samples, block_frames: int = 1_600) -> list[Piece]:
    """Every piece of a whole recording, fed as the recorder would feed it."""
    pieces: list[Piece] = []
    segmenter = SpeechSegmenter(pieces.append)
    for start in range(0, len(samples), block_frames):
        segmenter.feed(samples[start : start + block_frames])
    segmenter.flush()
    return pieces
