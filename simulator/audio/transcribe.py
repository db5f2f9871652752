"""Speech to text, offline: faster-whisper (accurate) and pocketsphinx (always there).

Audio files are read through SpeechRecognition's `AudioFile` (WAV/AIFF/FLAC at any rate and
channel count, mixed to mono and converted to 16 kHz). Sphinx runs through
`recognize_sphinx`. Whisper runs through faster-whisper directly: SpeechRecognition's
`recognize_faster_whisper` builds a new `WhisperModel` on every call (0.56-0.70 s each,
measured) and accepts no preloaded model, while this engine loads the model once.
"""

from __future__ import annotations

import contextlib
import os
import sys
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import Future
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    from simulator.audio.live import LiveTranscriber

from simulator.audio.constants import DEFAULT_WHISPER_MODEL, ENGINES, SAMPLE_RATE
from simulator.audio.models import ModelUnavailableError, resolve_model

FILLER_PROMPT = "So, um, I'd, uh, start with the basics, like, you know, the main idea."
"""Context that keeps Whisper writing fillers ("um", "uh", "like", "you know", with their
commas) when it is given hints: the hints alone make it write clean text and drop them.

Measured by `benchmarks/fillers.py` (base model; 14 answers full of fillers and the 10 sample
answers, each synthesised 3 times), with hints: this context kept 340 of 390 fillers instead
of 124 (um/uh: 150 of 183 instead of 35) and lowered the WER on those answers (0.097 and 0.048
instead of 0.119 and 0.057), with the same key-term recall and as few runaway transcripts
(1 of 72). On fluent answers it costs about two points of WER (0.111 against 0.089 over 40
syntheses, runaways left out), enough to fail the engine's 0.12 accuracy bar on the sample
answers, so `WhisperEngine` leaves it off unless asked (`keep_fillers=True`).

It goes ahead of the hints in faster-whisper's `hotwords`, not as `initial_prompt`, which
faster-whisper places after the hints (and, without `condition_on_previous_text`, in the first
30 s window only): there Whisper repeated a hint to the end of the window more often (3 of 72).
Without hints it is not used: Whisper then keeps most fillers anyway (308 of 390), and the
context alone made it repeat the context itself (10 of 72 transcripts)."""
Progress = Callable[[float], None]
_T = TypeVar("_T")
TOKENS_PER_SECOND = 8
"""The most tokens a piece may take per second of its audio: fast speech needs ~5 (three words
a second). Without a cap a loop runs to Whisper's limit at every fallback temperature
(measured: 27 s and 167 words for a 1.3 s piece)."""
MAX_NEW_TOKENS = 160
"""With the prompt (hints, at most ~200 characters of text) this stays within Whisper's 448."""
BEAM_SIZE = 5
"""Beams per decoding. With one window per piece, measured on the ten sample answers in the
tests' voice with hints (the set of tests/audio/test_transcribe.py): 5 beams
WER 0.092 and 92 of 102 key terms, 3 beams 0.102 and 92, 2 beams 0.105-0.121 and 90. On 99 s
of three other voices 2 beams did better (0.102-0.127 against 0.121-0.166), in about 0.85x
the time; the tests' accuracy bar decides. 1 (greedy) loops on the hints (WER 0.99)."""
ENCODER_PAD_SECONDS = 6
"""Silence the encoder sees after a piece. Measured on 122 s answers (`benchmarks/live.py`):
3 s cost accuracy, while the full 30 s window doubles the decoding time for no gain."""


class TranscriptionError(RuntimeError):
    """The audio could not be transcribed; the message says why."""


UNSURE_BELOW = 0.5
"""A word Whisper gives a lower probability than this is shown as unsure. Measured on 1,764
words (the sample answers and two hesitant answers in three espeak-ng voices, with hints;
`benchmarks/confidence.py`): below 0.5, 30% of the words were wrong (98 of 325, half of all
wrong words); 0.5-0.7 21%; 0.7-0.9 11%; 0.9 and over 2%. Most unsure words are right: it says
"check this", not "this is wrong"."""


@dataclass(frozen=True)
class Word:
    """A recognised word and when it was spoken (seconds from the start of the audio)."""

    text: str
    start: float
    end: float
    probability: float | None = None
    """Whisper's probability of the word (0-1); None from an engine that gives none."""

    @property
    def unsure(self) -> bool:
        """Whether the engine was unsure of the word (`UNSURE_BELOW`)."""
        return self.probability is not None and self.probability < UNSURE_BELOW


@dataclass(frozen=True)
class Transcript:
    """The result of transcribing one recording."""

    text: str
    words: tuple[Word, ...]
    engine: str
    model: str
    audio_seconds: float
    processing_seconds: float
    load_seconds: float = 0.0
    hints: tuple[str, ...] = field(default_factory=tuple)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["words"] = [asdict(w) for w in self.words]
        data["hints"] = list(self.hints)
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Transcript:
        """Rebuild a transcript stored with `to_dict()` (older rows may lack the newer keys)."""
        return cls(
            text=data["text"],
            words=tuple(Word(**w) for w in data.get("words", ())),
            engine=data.get("engine", ""),
            model=data.get("model", ""),
            audio_seconds=data.get("audio_seconds", 0.0),
            processing_seconds=data.get("processing_seconds", 0.0),
            load_seconds=data.get("load_seconds", 0.0),
            hints=tuple(data.get("hints", ())),
        )


@dataclass(frozen=True)
class Audio:
    """Mono 16 kHz 16-bit samples ready for any engine."""

    pcm: bytes
    source: str

    @property
    def seconds(self) -> float:
        return len(self.pcm) / 2 / SAMPLE_RATE

    def samples(self) -> npt.NDArray[np.int16]:
        import numpy as np

        return np.frombuffer(self.pcm, dtype="<i2")

    def as_float32(self) -> npt.NDArray[np.float32]:
        import numpy as np  # loaded on first use: start-up stays fast

        return np.frombuffer(self.pcm, dtype="<i2").astype(np.float32) / 32768.0


def load_audio(path: Path) -> Audio:
    """Read an audio file of any sample rate and channel count as 16 kHz mono."""
    import speech_recognition as sr

    if not path.is_file():
        raise TranscriptionError(f"{path}: no such file")
    try:
        with sr.AudioFile(str(path)) as source:
            data = sr.Recognizer().record(source)
    except (ValueError, EOFError, OSError) as error:
        raise TranscriptionError(
            f"{path}: not a readable audio file (WAV, AIFF or FLAC expected): {error}"
        ) from None
    return Audio(data.get_raw_data(convert_rate=SAMPLE_RATE, convert_width=2), str(path))


@dataclass(frozen=True)
class Decoded:
    """What Whisper wrote for one piece: tokens as written (leading space kept) and words."""

    tokens: tuple[tuple[str, Word], ...]
    compression_ratio: float

    @property
    def text(self) -> str:
        return "".join(token for token, _ in self.tokens).strip()


class Engine(Protocol):
    """A speech-to-text engine. `hints` are words the speaker is likely to say."""

    name: str
    model: str
    streams: bool
    """Whether `live` gives a transcriber that decodes while the answer is spoken."""

    def load(self) -> float: ...

    def transcribe(
        self, audio: Audio, hints: Sequence[str] = (), progress: Progress | None = None
    ) -> Transcript: ...

    def live(self, hints: Sequence[str] = ()) -> LiveTranscriber | None:
        """A transcriber fed while the answer is recorded, or None if the engine has none."""
        ...


@dataclass(frozen=True)
class _Generated:
    """A window's tokens as faster-whisper reads them from ctranslate2's result."""

    sequences_ids: list[list[int]]
    no_speech_prob: float


def one_window(tokens: list[int], timestamp_begin: int, piece_seconds: float) -> list[int]:
    """A piece's tokens made to end the way faster-whisper reads as "nothing after this".

    A piece is one window. faster-whisper, reading a window whose tokens do not end in a single
    timestamp, drops the text after the last timestamp pair as "unfinished" and decodes the
    rest of the window again. For a piece that rest is the trailing silence, and the second
    window invented text there (measured on 99 s of answers: 14 extra windows in 17 calls,
    with " tracing", a hint, four times, and "We are now ready for the next presentation")
    while the dropped words were real ("Implementing correlation IDs in logs"). So the tokens
    end with the piece's end as a timestamp, the text before it kept; a closing timestamp pair
    with nothing after it becomes a single one.
    """
    if not tokens:
        return tokens
    if tokens[-1] < timestamp_begin:  # ends in text: close it at the piece's end
        last = max((t for t in tokens if t >= timestamp_begin), default=timestamp_begin)
        end = timestamp_begin + min(1500, round(piece_seconds / 0.02))
        return [*tokens, max(end, last)]
    if len(tokens) >= 2 and tokens[-2] >= timestamp_begin:  # "<t><t>": a segment never begun
        return tokens[:-1]
    return tokens


DECODING_NICENESS = 10
"""How much lower than the app's the CPU priority of ctranslate2's decoding workers is (Linux
`nice`): decoding uses both cores while the speaker pauses, and the screen and the recorder
must come first (measured: with the workers at the app's priority, event-loop stalls of 62-70
ms). Only those C++ threads, which never hold Python's GIL: a Python thread of low priority
holding it would hold up the recorder's callback behind any busy program (a recording in tmux
beside another CPU-bound process stopped for 2 s so)."""


def lower_this_threads_priority() -> None:
    """Give the calling thread, and the threads it starts from now on, `DECODING_NICENESS`
    (Linux only: elsewhere the call would lower the whole process's priority)."""
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError):
            os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), DECODING_NICENESS)


def on_own_thread(work: Callable[[], _T], name: str) -> Future[_T]:
    """`work()` started on a thread of its own; its result, or its error raised again on the
    thread that asks for it, in the returned future."""
    future: Future[_T] = Future()

    def run() -> None:
        try:
            future.set_result(work())
        except BaseException as error:
            future.set_exception(error)

    threading.Thread(target=run, name=name, daemon=True).start()
    return future


def at_low_priority(make: Callable[[], _T]) -> _T:
    """`make()` run on a thread of low priority, so the threads it starts (ctranslate2's
    decoding workers, which inherit it) are of low priority too."""

    def lowered() -> _T:
        lower_this_threads_priority()
        return make()

    return on_own_thread(lowered, "load-model").result()


def _piece_model(folder: Path, cpu_threads: int, workers: int) -> Any:
    """faster-whisper's model, reading each piece as one window of just its own length.

    The encoder is fed the piece and its padding only (the window it is given is cut to
    `encoder_frames`), and the decoded tokens are read as one window (`one_window`). Both are
    per thread, so that two pieces can be decoded at once (`workers`).
    """
    from faster_whisper import WhisperModel

    class PieceWhisperModel(WhisperModel):  # type: ignore[misc]
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self.piece = threading.local()

        def encode(self, features: Any) -> Any:
            frames = getattr(self.piece, "encoder_frames", None)
            if frames is not None:
                features = features[..., :frames]
            return super().encode(features)

        def generate_with_fallback(self, encoder_output: Any, prompt: Any, tokenizer: Any,
                                   options: Any) -> Any:  # fmt: skip
            result, *rest = super().generate_with_fallback(
                encoder_output, prompt, tokenizer, options
            )
            seconds = getattr(self.piece, "seconds", None)
            if seconds is None:
                return (result, *rest)
            tokens = one_window(list(result.sequences_ids[0]), tokenizer.timestamp_begin, seconds)
            return (_Generated([tokens], float(result.no_speech_prob)), *rest)

    return PieceWhisperModel(
        str(folder), device="cpu", compute_type="int8", cpu_threads=cpu_threads,
        num_workers=workers, local_files_only=True,
    )  # fmt: skip


class WhisperEngine:
    """faster-whisper on the CPU with int8 weights; the model is loaded once and kept."""

    name = "whisper"
    streams = True

    def __init__(
        self,
        model: str = DEFAULT_WHISPER_MODEL,
        cpu_threads: int = 1,
        keep_fillers: bool = False,
        workers: int = 2,
    ) -> None:
        self.model = model
        self.cpu_threads = cpu_threads
        self.workers = workers
        """Pieces that can be decoded at once, each on `cpu_threads` threads: the live
        transcriber decodes one at a time while the person speaks, and uses both cores for
        what is left after the stop."""
        self.keep_fillers = keep_fillers
        """Give Whisper `FILLER_PROMPT` with the hints, so that it still writes "um" down
        (triples the fillers kept, at about two points of WER on fluent speech)."""
        self.load_seconds = 0.0
        self._whisper: Any = None
        self._slots = threading.BoundedSemaphore(workers)
        self._loading = threading.Lock()

    def load(self) -> float:
        """Load the model (once); seconds it took. ModelUnavailableError if it cannot."""
        with self._loading:
            if self._whisper is None:
                started = time.perf_counter()
                folder = resolve_model(self.model)
                try:
                    self._whisper = at_low_priority(
                        lambda: _piece_model(folder, self.cpu_threads, self.workers)
                    )
                except Exception as error:  # ctranslate2 reports a bad file as RuntimeError
                    raise ModelUnavailableError(
                        f"the whisper model in {folder} cannot be loaded: {error}"
                    ) from None
                self.load_seconds = time.perf_counter() - started
        return self.load_seconds

    def transcribe(
        self, audio: Audio, hints: Sequence[str] = (), progress: Progress | None = None
    ) -> Transcript:
        """Transcribe a whole recording piece by piece, exactly as a live answer would be."""
        from simulator.audio.live import transcribe_samples

        return transcribe_samples(self, audio.samples(), hints, progress)

    def live(self, hints: Sequence[str] = ()) -> LiveTranscriber:
        """A recorder subscriber that transcribes the answer while it is spoken."""
        from simulator.audio.live import LiveTranscriber

        return LiveTranscriber(self, hints)

    def decode(
        self, samples: npt.NDArray[np.float32], hotwords: str | None, prompt: str | None,
        temperatures: tuple[float, ...] = (0.0,),
    ) -> Decoded:  # fmt: skip
        """Decode one piece (seconds from its start); the piece is all the encoder sees.

        faster-whisper pads every call to a 30 s window (~1.4 s of encoder work here,
        whatever the piece's length); the encoder gets the piece and `ENCODER_PAD_SECONDS`
        of padding instead, the tokens are read as one window, and faster-whisper's own word
        timings and fallbacks still apply. Safe to call from `workers` threads at once.
        """
        self.load()
        seconds = len(samples) / SAMPLE_RATE
        with self._slots:
            self._whisper.piece.encoder_frames = round(seconds * 100) + ENCODER_PAD_SECONDS * 100
            self._whisper.piece.seconds = seconds
            segments, _info = self._whisper.transcribe(
                samples,
                language="en",
                beam_size=BEAM_SIZE,
                temperature=list(temperatures),
                condition_on_previous_text=False,
                word_timestamps=True,
                vad_filter=False,  # the segmenter already cut the piece at speech
                hotwords=hotwords,
                initial_prompt=prompt,
                max_new_tokens=min(MAX_NEW_TOKENS, round(seconds * TOKENS_PER_SECOND) + 8),
                no_speech_threshold=None,  # the VAD heard speech: never drop a piece's words
                log_prob_threshold=None,  # fall back on loops only: a clipped last word has a
                # low log probability at every temperature, and each retry costs a decoding
            )
            words: list[tuple[str, Word]] = []
            ratios: list[float] = []
            for segment in segments:  # a generator: decoding happens as it is consumed
                ratios.append(float(segment.compression_ratio))
                words.extend(
                    (
                        w.word,
                        Word(w.word.strip(), float(w.start), float(w.end), float(w.probability)),
                    )
                    for w in segment.words or ()
                )
        return Decoded(tuple(words), max(ratios, default=0.0))

    def hotwords(self, hints: Sequence[str]) -> str | None:
        """What goes in faster-whisper's `hotwords` for these hints."""
        return " ".join([FILLER_PROMPT, *hints] if self.keep_fillers and hints else hints) or None


class SphinxEngine:
    """CMU pocketsphinx through SpeechRecognition: weak, but always available offline."""

    name = "sphinx"
    model = "en-US"
    streams = False
    FRAMES_PER_SECOND = 100

    def load(self) -> float:
        return 0.0

    def live(self, hints: Sequence[str] = ()) -> LiveTranscriber | None:
        """None: pocketsphinx transcribes the whole recording after the stop."""
        return None

    def transcribe(
        self, audio: Audio, hints: Sequence[str] = (), progress: Progress | None = None
    ) -> Transcript:
        import speech_recognition as sr

        started = time.perf_counter()
        data = sr.AudioData(audio.pcm, SAMPLE_RATE, 2)
        try:
            decoder = sr.Recognizer().recognize_sphinx(data, show_all=True)
        except sr.RequestError as error:
            raise TranscriptionError(f"pocketsphinx is not available: {error}") from None
        words = tuple(
            Word(
                seg.word.split("(")[0],  # "read(2)" is the dictionary's second pronunciation
                seg.start_frame / self.FRAMES_PER_SECOND,
                (seg.end_frame + 1) / self.FRAMES_PER_SECOND,
            )
            for seg in decoder.seg()
            if not seg.word.startswith(("<", "["))  # <s>, </s>, <sil>, [NOISE]
        )
        if progress:
            progress(1.0)
        return Transcript(
            text=" ".join(w.text for w in words),
            words=words,
            engine=self.name,
            model=self.model,
            audio_seconds=round(audio.seconds, 3),
            processing_seconds=round(time.perf_counter() - started, 3),
        )


def open_engine(name: str, model: str | None = None) -> tuple[Engine, str | None]:
    """The engine asked for, loaded; or sphinx with a notice saying why whisper is not used."""
    if name == "sphinx":
        return SphinxEngine(), None
    if name != "whisper":
        raise TranscriptionError(f'unknown engine "{name}": use {" or ".join(ENGINES)}')
    engine = WhisperEngine(model or DEFAULT_WHISPER_MODEL)
    try:
        engine.load()
    except ModelUnavailableError as error:
        return SphinxEngine(), f"{error}. Using the sphinx engine instead (less accurate)."
    return engine, None
