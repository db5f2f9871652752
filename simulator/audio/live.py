"""Transcription piece by piece: live while the answer is recorded, and for any file.

One pipeline serves both. `PieceTranscription` takes audio in blocks, cuts it into pieces at
pauses (`segmenter`), and decodes each closed piece with the question's key terms as hints and
the text so far as the prompt, moving word timings onto the recording's timeline.
`LiveTranscriber` runs it on a thread of its own, fed by the recorder; `transcribe_samples`
runs it on a whole file, in the same block size, so a file gives the transcript the live
answer gave.

Hints can never invent words. A piece decoded with hints is decoded again without them (with
temperature fallback) when the result is suspect: a phrase repeated, a high compression ratio,
or words where the VAD found no speech. And a hint term is kept only where the decoding
without hints heard something that sounds like it at the same moment; otherwise the piece's
hint-free text is used.
"""

from __future__ import annotations

import difflib
import gzip
import queue
import threading
import time
from collections.abc import Callable, Sequence
from concurrent import futures
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

from simulator.audio.constants import SAMPLE_RATE
from simulator.audio.segmenter import (
    SHORT_PAUSE_SECONDS,
    Piece,
    SpeechSegmenter,
)
from simulator.audio.transcribe import (
    Decoded,
    Progress,
    Transcript,
    TranscriptionError,
    Word,
    on_own_thread,
)

if TYPE_CHECKING:
    from simulator.audio.transcribe import WhisperEngine

BLOCK_FRAMES = 1_600
"""Blocks a file is fed in: the recorder's block size (the cuts do not depend on it)."""
PROMPT_CHARACTERS = 200
"""How much of the text so far goes in the prompt: enough for context, too little to loop on."""
FALLBACK_TEMPERATURES = (0.0, 0.4, 0.8)
"""Tried in turn while a decoding loops (compression ratio over 2.4): three at most."""
MAX_COMPRESSION_RATIO = 2.4
"""Above this gzip ratio a text is a loop (Whisper's own threshold)."""
REPEAT_LIMIT = 3
"""A phrase of up to `REPEAT_MAX_WORDS` words this many times in one piece is a loop."""
REPEAT_MAX_WORDS = 4
SOUNDS_LIKE = 0.6
"""How close (0-1, letters compared) the hint-free decoding must be for a hint term to stay."""
SHORT_TERM_LETTERS = 4
"""A term this short must be heard with the same number of letters, at most one of them
different ("PCI" heard as "BCI"): by letters alone "TLS" is 0.75 like "tools"."""
UNDECODED_SPEECH_SECONDS = 0.7
"""Speech after a piece's last decoded word that is decoded again (`undecoded_rest`).

The VAD's speech runs on a little past the last word Whisper times. Measured on 126 pieces (the
ten sample answers and two hesitant ones in four espeak-ng voices, five human clips): where
nothing was missing, 0.00-0.53 s of speech followed the last word, and where Whisper had
stopped short 0.93-0.96 s did ("token based [authorization]" in three voices, "like, [loosely
coupled]" on CI). At 1.0 those words were lost; at 0.4 a rest of 0.41 s after a complete
piece was decoded as "You're ready!"."""
REST_OVERLAP_SECONDS = 0.1
"""The rest starts this much before the last word's end (`_without_overlap` drops a repeat)."""
UNCLEAR = "[unclear]"
"""Written, over the piece's speech, for a piece whose every decoding loops ("ZZZZ…", a phrase
over and over: seen in tmux with two voices playing at once): the person is told the words
could not be made out rather than shown what Whisper invented; Enter on it plays the piece."""
ALIGN_SLACK_SECONDS = 1.0
"""Two decodings of one piece may time the same word up to about this far apart."""
_DIGITS = dict(zip("0123456789", ("zero", "one", "two", "three", "four", "five", "six", "seven",
                                   "eight", "nine"), strict=True))  # fmt: skip


def _letters(text: str) -> str:
    """Letters and digits only, lower case, digits spelled ("2PC" is "twopc", like "to PC")."""
    return "".join(_DIGITS.get(ch, ch) for ch in text.lower() if ch.isalnum())


def _one_letter_apart(a: str, b: str) -> bool:
    return len(a) == len(b) and sum(x != y for x, y in zip(a, b, strict=True)) <= 1


def compression_ratio(text: str) -> float:
    """Whisper's loop measure: text length over its gzip length."""
    data = text.encode("utf-8")
    return len(data) / len(gzip.compress(data)) if data else 0.0


def repeated_phrase(words: Sequence[str]) -> str | None:
    """A phrase said `REPEAT_LIMIT` times or more (anywhere) in `words`, or a phrase of two
    words or more said twice in a row, if there is one (a speaker rarely does either).
    Phrases of short words only ("and the") recur in any answer and do not count."""
    keys = [_letters(w) for w in words]

    def worth(phrase: Sequence[str]) -> bool:
        return any(len(key) > 3 for key in phrase)

    for size in range(2, REPEAT_MAX_WORDS + 1):
        for start in range(len(keys) - 2 * size + 1):
            said = keys[start : start + size]
            if said == keys[start + size : start + 2 * size] and worth(said):
                return " ".join(said)
    for size in range(REPEAT_MAX_WORDS, 0, -1):
        counts: dict[tuple[str, ...], int] = {}
        for start in range(len(keys) - size + 1):
            phrase = tuple(keys[start : start + size])
            if not worth(phrase):
                continue
            counts[phrase] = counts.get(phrase, 0) + 1
            if counts[phrase] >= REPEAT_LIMIT + (size == 1):
                return " ".join(phrase)
    return None


@dataclass(frozen=True)
class HintTerm:
    """A key term as letters, and its words as letters (to find it in a decoding)."""

    text: str
    letters: str
    size: int

    @classmethod
    def of(cls, text: str) -> HintTerm:
        return cls(text, _letters(text), max(1, len(text.split())))


def find_terms(words: Sequence[Word], terms: Sequence[HintTerm]) -> list[tuple[HintTerm, int, int]]:
    """Every (term, first word, last word + 1) where `words` spell a term (plurals too)."""
    found = []
    keys = [_letters(w.text) for w in words]
    for term in terms:
        if len(term.letters) < 3:
            continue
        for start in range(len(keys)):
            for size in range(1, term.size + 2):
                joined = "".join(keys[start : start + size])
                if joined == term.letters or (
                    joined.startswith(term.letters) and len(joined) - len(term.letters) <= 2
                ):
                    found.append((term, start, start + size))
                    break
    return found


def sounds_like(term: HintTerm, heard: Sequence[Word], start: float, end: float) -> bool:
    """Whether the words `heard` around [start, end] sound like `term` (letters compared)."""
    near = [
        _letters(w.text)
        for w in heard
        if w.end >= start - ALIGN_SLACK_SECONDS and w.start <= end + ALIGN_SLACK_SECONDS
    ]
    for first in range(len(near)):
        for last in range(first + 1, min(len(near), first + term.size + 2) + 1):
            candidate = "".join(near[first:last])
            if len(term.letters) <= SHORT_TERM_LETTERS:
                plural = candidate.removesuffix("s")
                if _one_letter_apart(term.letters, candidate) or _one_letter_apart(
                    term.letters, plural
                ):
                    return True
            elif difflib.SequenceMatcher(None, term.letters, candidate).ratio() >= SOUNDS_LIKE:
                return True
    return False


def echoes(words: Sequence[str], before: Sequence[str]) -> bool:
    """Whether `words` begin with the last two or more words of `before`, repeated.

    Whisper given the text so far as its prompt may write the prompt's end again for a
    short piece (measured: "Event Revert Up" twice, for one "event-driven archi-").
    """
    keys = [_letters(w) for w in words]
    tail = [_letters(w) for w in before]
    return any(
        size <= len(tail) and keys[:size] == tail[-size:]
        for size in range(2, min(len(keys), REPEAT_MAX_WORDS * 2) + 1)
    )


def suspect(decoded: Decoded, piece: Piece, before: Sequence[str] = ()) -> str | None:
    """Why a decoding cannot be trusted as it is, or None (`before`: the words so far)."""
    words = [word for _, word in decoded.tokens]
    if echoes([w.text for w in words], before):
        return "repeats the text before it"
    if max(decoded.compression_ratio, compression_ratio(decoded.text)) > MAX_COMPRESSION_RATIO:
        return "compression"
    phrase = repeated_phrase([w.text for w in words])
    if phrase:
        return f"repeats {phrase!r}"
    for word in words:
        if not piece.is_speech(piece.start_seconds + word.start, piece.start_seconds + word.end):
            return f"{word.text!r} where there was no speech"
    return None


def splice(
    hinted: Decoded, unheard: Sequence[tuple[HintTerm, int, int]], plain: Decoded
) -> Decoded:
    """`hinted` with each unheard term's words replaced by what `plain` heard at that time."""
    tokens = list(hinted.tokens)
    spans: list[list[int]] = []
    for _term, a, b in sorted(unheard, key=lambda found: found[1]):
        if spans and a < spans[-1][1]:
            spans[-1][1] = max(spans[-1][1], b)  # overlapping finds: one span
        else:
            spans.append([a, b])
    for a, b in reversed(spans):
        start, end = tokens[a][1].start, tokens[b - 1][1].end
        instead = [
            token for token in plain.tokens
            if start - 0.05 <= (token[1].start + token[1].end) / 2 <= end + 0.05
        ]  # fmt: skip
        tokens[a:b] = instead
    return Decoded(tuple(tokens), hinted.compression_ratio)


@dataclass(frozen=True)
class DecodedPiece:
    """A piece's words on the recording's timeline, and how they were obtained."""

    piece: Piece
    tokens: tuple[tuple[str, Word], ...]
    hinted: bool
    note: str | None = None


class PieceTranscription:
    """Segment, decode in order, assemble: the one transcription path (not thread-safe)."""

    def __init__(self, engine: WhisperEngine, hints: Sequence[str] = ()) -> None:
        self.engine = engine
        self.hints = tuple(hints)
        self._terms = [HintTerm.of(h) for h in self.hints]
        self._pieces: list[Piece] = []
        self._segmenter = SpeechSegmenter(self._pieces.append)
        self.decoded: list[DecodedPiece] = []
        self.processing_seconds = 0.0
        self.parallel = False
        """Decode with and without hints at once (`_decode_hinted`) even while speech comes:
        set once nothing else needs the cores, after the recording ended."""
        self._ahead: dict[_Inputs, _MadeAhead] = {}
        self._ahead_done: tuple[object, ...] | None = None
        self.used_ahead = 0
        """Pieces whose decoding was made ahead (`decode_ahead`) and used."""

    @property
    def heard_seconds(self) -> float:
        return self._segmenter.frames_seen / SAMPLE_RATE

    @property
    def decoded_until(self) -> float:
        """Recording seconds up to which every piece is decoded."""
        if self._pieces:
            return self._pieces[0].start_seconds
        return self.heard_seconds - self._segmenter.open_seconds

    @property
    def queued_seconds(self) -> float:
        """Audio in closed pieces not yet decoded."""
        return sum(piece.seconds for piece in self._pieces)

    @property
    def waiting(self) -> int:
        """Closed pieces not yet decoded."""
        return len(self._pieces)

    def feed(self, block: npt.NDArray[np.int16]) -> None:
        self._segmenter.feed(block)

    def flush(self) -> None:
        self._segmenter.flush()

    def decode_next(self) -> DecodedPiece | None:
        """Decode the oldest closed piece, if any (at once if it was decoded ahead)."""
        if not self._pieces:
            return None
        piece = self._pieces.pop(0)
        previous = self.tokens()
        made = self._ahead.pop(_inputs(piece, previous), None)
        if made is None:
            made = self._decode_timed(piece, previous)
        else:
            self.used_ahead += 1
        result = made.result
        self.processing_seconds += made.seconds
        self.decoded.append(result)
        for inputs in [key for key in self._ahead if key[0] <= piece.start_frame]:
            del self._ahead[inputs]  # another end for this piece: never asked for now
        rest = undecoded_rest(result)
        if rest is not None:  # decoded next, with this piece's words in its prompt
            self._pieces.insert(0, rest)
        return result

    def decode_ahead(self) -> bool:
        """While the speaker pauses and no piece waits, decode ahead what the recording's end
        would leave now (`SpeechSegmenter.pieces_if_ended_now`); whether it decoded one.

        The person who has finished pauses before the key, and a pause closes a piece only
        after 0.5 s (0.2 s past `SOFT_MAX_SECONDS`): decoding starts at the pause instead,
        and on both cores (`_decode_hinted`). Each piece is decoded from exactly the inputs the
        real piece will have (samples, speech, prompt and the words before it: `_inputs`),
        so using it changes nothing but the time, and a file, decoded without looking ahead,
        gives the same transcript. If speech resumes, what was decoded is dropped.
        """
        segmenter = self._segmenter
        if self._pieces or not segmenter.paused:
            return False
        state = (segmenter.pause_mark, len(self.decoded))
        if state == self._ahead_done:
            return False
        after_end = segmenter.pieces_if_ended_now()
        context = list(self.tokens())
        while after_end:
            piece = after_end.pop(0)
            inputs = _inputs(piece, context)
            made = self._ahead.get(inputs)
            if made is None:
                self._ahead[inputs] = self._decode_timed(piece, context)
                return True
            context.extend(made.result.tokens)
            rest = undecoded_rest(made.result)
            if rest is not None:  # as `decode_next` will
                after_end.insert(0, rest)
        self._ahead_done = state
        return False

    def _decode_timed(self, piece: Piece, previous: Sequence[tuple[str, Word]]) -> _MadeAhead:
        started = time.perf_counter()
        result = self._decode(piece, previous)
        return _MadeAhead(result, time.perf_counter() - started)

    def tokens(self) -> list[tuple[str, Word]]:
        return [token for piece in self.decoded for token in piece.tokens]

    def text(self) -> str:
        return "".join(token for token, _ in self.tokens()).strip()

    def transcript(self) -> Transcript:
        return Transcript(
            text=self.text(),
            words=tuple(word for _, word in self.tokens()),
            engine=self.engine.name,
            model=self.engine.model,
            audio_seconds=round(self.heard_seconds, 3),
            processing_seconds=round(self.processing_seconds, 3),
            load_seconds=round(self.engine.load_seconds, 3),
            hints=self.hints,
        )

    def _decode(self, piece: Piece, previous: Sequence[tuple[str, Word]]) -> DecodedPiece:
        """Decode `piece` after the words `previous` (the transcript so far)."""
        audio = piece.samples.astype(np.float32) / 32768.0
        prompt, before = _context(previous)
        hotwords = self.engine.hotwords(self.hints)
        if hotwords is None:
            first = self.engine.decode(audio, None, prompt)
            chosen, hinted, note = first, False, suspect(first, piece, before)
            if note:  # even without hints: no prompt, and the fallback temperatures
                chosen = self.engine.decode(audio, None, None, FALLBACK_TEMPERATURES)
        else:
            first, early_plain = self._decode_hinted(audio, hotwords, prompt)
            note = suspect(first, piece, before)
            found = find_terms([w for _, w in first.tokens], self._terms)
            if note is None and not found:
                chosen, hinted = first, True
            else:
                plain = early_plain or self.engine.decode(audio, None, prompt)
                if suspect(plain, piece, before):  # the text before is what a loop repeats
                    plain = self.engine.decode(audio, None, None, FALLBACK_TEMPERATURES)
                heard = [w for _, w in plain.tokens]
                unheard = [
                    (term, a, b)
                    for term, a, b in found
                    if not sounds_like(term, heard, first.tokens[a][1].start,
                                       first.tokens[b - 1][1].end)
                ]  # fmt: skip
                spliced = splice(first, unheard, plain) if unheard else first
                if note is None and suspect(spliced, piece, before) is None:
                    chosen, hinted = spliced, True
                    if unheard:
                        note = f"hint {unheard[0][0].text!r} not heard: the plain words kept"
                else:
                    chosen, hinted = plain, False
        if not hinted and _loops(chosen):
            chosen = _unclear(piece)
            note = "unclear: every decoding of it repeated itself"
        offset = piece.start_seconds
        tokens = tuple(
            (token, Word(word.text, round(word.start + offset, 3), round(word.end + offset, 3),
                         None if word.probability is None else round(word.probability, 3)))
            for token, word in chosen.tokens
        )  # fmt: skip
        return DecodedPiece(piece, _without_overlap(tokens, previous), hinted, note)

    def _decode_hinted(
        self, audio: npt.NDArray[np.float32], hotwords: str, prompt: str | None
    ) -> tuple[Decoded, Decoded | None]:
        """The decoding with hints, and (after the recording or during a pause) the one
        without, made beside it.

        Most pieces name a key term, and each such piece needs the hint-free decoding too
        (to check the term was heard). After the stop (`parallel`), and while the speaker
        pauses, when the piece may well be the last one, the two run at once on the two
        cores, so the piece costs one decoding's time instead of two. While the person
        speaks, one core decodes.
        """
        if not self.parallel and self._segmenter.silent_seconds < SHORT_PAUSE_SECONDS:
            return self.engine.decode(audio, hotwords, prompt), None
        plain = on_own_thread(lambda: self.engine.decode(audio, None, prompt), "plain-decoding")
        try:
            first = self.engine.decode(audio, hotwords, prompt)
        finally:
            futures.wait([plain])
        return first, plain.result()


def undecoded_rest(result: DecodedPiece) -> Piece | None:
    """The end of a piece Whisper stopped short of, as a piece of its own, if any.

    Whisper may end its text early and leave the rest of the window to a second window
    (faster-whisper's "unfinished segment"), which a piece does not get (`one_window`):
    measured, "in logs and using OpenTelemetry for standardized instrumentation enhances
    traceability" was lost so. When the VAD heard `UNDECODED_SPEECH_SECONDS` of speech
    after the last word, that stretch is decoded again on its own.
    """
    piece = result.piece
    if not result.tokens:
        return None
    cut = round(result.tokens[-1][1].end * SAMPLE_RATE) - piece.start_frame
    speech = speech_after_last_word(result)
    heard = sum(b - a for a, b in speech) / SAMPLE_RATE
    if heard < UNDECODED_SPEECH_SECONDS or cut < SAMPLE_RATE:
        return None
    begin = max(0, cut - round(REST_OVERLAP_SECONDS * SAMPLE_RATE))
    return Piece(piece.index, piece.start_frame + begin, piece.samples[begin:], speech)


def speech_after_last_word(result: DecodedPiece) -> tuple[tuple[int, int], ...]:
    """The speech regions the VAD heard in the piece after its last decoded word's end (frames
    on the recording's timeline); all of them for a piece with no words."""
    boundary = round(result.tokens[-1][1].end * SAMPLE_RATE) if result.tokens else 0
    return tuple((max(a, boundary), b) for a, b in result.piece.speech if b > boundary)


def _loops(decoded: Decoded) -> bool:
    """Whether a decoding repeats itself (a compression ratio over the limit, or a phrase)."""
    ratio = max(decoded.compression_ratio, compression_ratio(decoded.text))
    return (
        ratio > MAX_COMPRESSION_RATIO
        or repeated_phrase([w.text for _, w in decoded.tokens]) is not None
    )


def _unclear(piece: Piece) -> Decoded:
    """`UNCLEAR` as the piece's one word, over its speech (seconds from the piece's start)."""
    start = (piece.speech[0][0] - piece.start_frame) / SAMPLE_RATE if piece.speech else 0.0
    end = (piece.speech[-1][1] - piece.start_frame) / SAMPLE_RATE if piece.speech else piece.seconds
    return Decoded(((f" {UNCLEAR}", Word(UNCLEAR, start, end, 0.0)),), 1.0)


def _without_overlap(
    tokens: tuple[tuple[str, Word], ...], previous: Sequence[tuple[str, Word]]
) -> tuple[tuple[str, Word], ...]:
    """Drop a word cut in two by a piece boundary and decoded on both sides of it."""
    if not previous or not tokens:
        return tokens
    last = previous[-1][1]
    first = tokens[0][1]
    if _letters(first.text) == _letters(last.text) and first.start < last.end:
        return tokens[1:]
    return tokens


def _context(previous: Sequence[tuple[str, Word]]) -> tuple[str | None, list[str]]:
    """The prompt (the end of the text so far) and the last words, for a piece after `previous`."""
    text = "".join(token for token, _ in previous).strip()
    return text[-PROMPT_CHARACTERS:] or None, [w.text for _, w in previous[-REPEAT_MAX_WORDS * 2 :]]


_Inputs = tuple[int, int, tuple[tuple[int, int], ...], str | None, tuple[str, ...], float | None]


def _inputs(piece: Piece, previous: Sequence[tuple[str, Word]]) -> _Inputs:
    """Everything a piece's decoding depends on: where it starts and ends on the recording (so
    its samples), its speech, its prompt, and the words before it and when the last one ended
    (`suspect` and `_without_overlap` look no further back)."""
    prompt, before = _context(previous)
    last_end = previous[-1][1].end if previous else None
    return (piece.start_frame, len(piece.samples), piece.speech, prompt, tuple(before), last_end)


@dataclass(frozen=True)
class _MadeAhead:
    """A piece decoded (maybe ahead of time), and the seconds its decoding took."""

    result: DecodedPiece
    seconds: float


def transcribe_samples(
    engine: WhisperEngine,
    samples: npt.NDArray[np.int16],
    hints: Sequence[str] = (),
    progress: Progress | None = None,
) -> Transcript:
    """A whole recording through the live pipeline, fed in the recorder's block size."""
    job = PieceTranscription(engine, hints)
    total = len(samples)
    for start in range(0, total, BLOCK_FRAMES):
        job.feed(samples[start : start + BLOCK_FRAMES])
        while job.decode_next():
            if progress and total:
                progress(min(1.0, job.decoded_until * SAMPLE_RATE / total))
    job.flush()
    while job.decode_next():
        pass
    if progress:
        progress(1.0)
    return job.transcript()


@dataclass(frozen=True)
class LiveProgress:
    """Where a live transcription stands, for the screen."""

    text: str
    heard_seconds: float
    decoded_seconds: float
    """Recording seconds up to which every word is known."""
    queued_seconds: float
    """Closed pieces waiting to be decoded: how far decoding is behind the speaker."""
    finished: bool

    @property
    def fraction_decoded(self) -> float:
        return min(1.0, self.decoded_seconds / self.heard_seconds) if self.heard_seconds else 0.0


class LiveTranscriber:
    """A recorder subscriber: queues each block; its own thread segments and decodes.

    `on_block` runs on the recorder's thread and only puts the block in a queue, so it can
    neither delay the WAV writer nor fail the recording. The recorder's `on_end` (or
    `finish()`, when fed by hand) says the recording ended; `result()` waits for the last
    piece and returns the transcript.
    """

    def __init__(self, engine: WhisperEngine, hints: Sequence[str] = ()) -> None:
        self._job = PieceTranscription(engine, hints)
        self._blocks: queue.Queue[npt.NDArray[np.int16] | None] = queue.Queue()
        self._lock = threading.Lock()
        self._progress = LiveProgress("", 0.0, 0.0, 0.0, False)
        self._done = threading.Event()
        self._cancelled = threading.Event()
        self._error: Exception | None = None
        self._listeners: list[Callable[[LiveProgress], None]] = []
        self._thread = threading.Thread(target=self._run, name="live-transcriber", daemon=True)
        self._thread.start()

    def subscribe(self, listener: Callable[[LiveProgress], None]) -> None:
        """Call `listener` (on the transcriber's thread) each time a piece is decoded."""
        self._listeners.append(listener)

    def on_block(self, block: npt.NDArray[np.int16], start_frame: int) -> None:
        self._blocks.put(block)

    def finish(self) -> None:
        """The recording has ended: decode what is left."""
        self._blocks.put(None)

    def on_end(self) -> None:
        """The recorder handed over its last block."""
        self.finish()

    def cancel(self) -> None:
        """Stop decoding (the answer was abandoned)."""
        self._cancelled.set()
        self._blocks.put(None)

    @property
    def progress(self) -> LiveProgress:
        with self._lock:
            return self._progress

    def result(self, timeout: float | None = None) -> Transcript:
        """The final transcript, once every piece is decoded; TranscriptionError if it failed."""
        if not self._done.wait(timeout):
            raise TimeoutError("the transcription is still running")
        if self._error is not None:
            raise TranscriptionError(f"cannot transcribe the answer: {self._error}")
        return self._job.transcript()

    def _run(self) -> None:
        job = self._job
        try:
            ended = False
            while not ended and not self._cancelled.is_set():
                ended = self._drain(block=False)
                if ended:
                    break
                if job.waiting:
                    self._publish(False)  # the pieces queued, before the slow part
                    job.decode_next()
                    self._publish(False)
                elif not job.decode_ahead():  # nothing to do until more audio comes
                    ended = self._drain(block=True)
            if ended:  # decode what is left, now, on both cores
                job.parallel = getattr(job.engine, "workers", 1) > 1
                job.flush()
                while not self._cancelled.is_set() and job.decode_next():
                    self._publish(False)
        except Exception as error:  # a failed model must not take the recording with it
            self._error = error
        finally:
            self._publish(True)
            self._done.set()

    def _drain(self, block: bool) -> bool:
        """Feed every queued block to the segmenter; True once the recording has ended."""
        while True:
            try:
                item = self._blocks.get(block=block)
            except queue.Empty:
                return False
            block = False
            if item is None:
                return True
            self._job.feed(item)

    def _publish(self, finished: bool) -> None:
        job = self._job
        update = LiveProgress(
            job.text(), job.heard_seconds, job.decoded_until, job.queued_seconds, finished
        )
        with self._lock:
            self._progress = update
        for listener in self._listeners:
            try:
                listener(update)
            except Exception:  # a listener's failure is its own, never the transcription's
                continue
