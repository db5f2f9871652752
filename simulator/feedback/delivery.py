"""How an answer was said: pace, filler words, repeated words and pauses.

Pure functions of the transcript text, its word timestamps (when the engine gives them) and the
recorded samples; nothing here listens to the microphone or reads a file.

**Pace.** `words` counts the answer's tokens (see `simulator.feedback.text`) except hesitation
sounds (um, uh...), which are not words. `words_per_minute` is `words` over the time from the
first word's start to the last word's end when word timestamps are given, else over
`speaking_seconds`: the time from the first to the last speech in the audio (0 when there is
neither, as for a typed answer).

**Fillers.** Counted from the text, whose punctuation is where a recogniser marks a pause
("So, um, I would, like, use Kafka"). Whisper given hints writes few of them down unless asked
to (`WhisperEngine(keep_fillers=True)`: about 87% of fillers kept instead of 32%, see
`simulator.audio.transcribe.FILLER_PROMPT`). The rules, each chosen so that a correct sentence
is never scolded: when unsure, a word is not a filler.

* um, uh, er, erm, ah, hmm (any lengthening: "umm", "uhh"): always.
* basically, actually, literally: always; they add nothing to an interview answer.
* "like": only as a filler, i.e. followed by a comma, ellipsis or dash (", like, ",
  "Like, ...", "it's like... ") or, with word timestamps, with a pause of `FILLER_PAUSE_SECONDS`
  both before and after it. "Tools like Jaeger", "I like Kafka" and "what it's like." are not.
* "you know" and "I mean": only when followed by punctuation ("Kafka, you know, for events",
  "I mean, it depends"), and "you know" not after do/did/don't/if/what ("do you know?").
  "You know the shard key..." and "I mean the primary key" are not.
* "kind of" and "sort of": as hedges ("it's kind of slow"), not after a determiner ("what
  kind of database", "this sort of problem").
* "so": at the start of a sentence only ("So, um, ...", "... events. So the broker"), never
  inside one ("so that", "and so on"). "well": at the start of a sentence and followed by a comma.

**Repeated words.** The same word twice in a row ("the the", "I, I"), not across a sentence
end and not for hesitations ("um um" is counted as two fillers instead).

**Silences** are measured on the audio, not guessed from timestamps (recognisers skip silence
and stretch words over it). The samples are cut into `FRAME_SECONDS` frames and each frame's
RMS level taken in dBFS. The recording's speech level is its `SPEECH_PERCENTILE`th-percentile
frame; a frame is silent when it is more than `RELATIVE_THRESHOLD_DB` below that, or below
`FLOOR_DBFS` in any case, so a quiet microphone and a loud one are judged alike, and room noise
far below the voice counts as silence. Silence before the first and after the last speech is
not a pause. A pause of `LONG_PAUSE_SECONDS` or more is a long pause.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

from simulator.audio.levels import (
    FRAME_SECONDS,
    speech_frames,
)
from simulator.audio.transcribe import Word
from simulator.feedback.text import HESITATIONS, Token, tokenize

if TYPE_CHECKING:  # numpy loads on first use, so importing this module keeps start-up fast
    import numpy.typing as npt

MIN_SILENCE_SECONDS = 0.25
"""Shorter gaps are the ordinary spaces between words and are not reported."""
LONG_PAUSE_SECONDS = 2.0
FILLER_PAUSE_SECONDS = 0.3

ALWAYS_FILLERS = frozenset({"basically", "actually", "literally"})
_DETERMINER_WORDS = (
    "a an the this that these those what which whatever some any every each 1 another other "
    "same different no all certain"
)
_DETERMINERS = frozenset(_DETERMINER_WORDS.split())
_ASKING_WORDS = "do does did don't doesn't didn't if what whether"
_ASKING = frozenset(_ASKING_WORDS.split())
_PAUSE_MARKS = (",", ".", ";", ":", "!", "?", "\u2026", "\u2014", "\u2013", " - ")
_LIKE_MARKS = (",", "\u2026", "...", "\u2014", "\u2013", " - ")
_SENTENCE_ENDS = (".", "!", "?")


@dataclass(frozen=True)
class Delivery:
    """How the answer was delivered: pace, fillers, pauses; see the module docstring."""

    speaking_seconds: float
    """From the first to the last speech in the audio (else from the word timestamps)."""
    limit_seconds: float
    """The answering time the question allowed."""
    words: int
    words_per_minute: float
    fillers: dict[str, int]
    """Each filler said, with how often, in order of first use."""
    filler_count: int
    longest_silence_seconds: float
    long_pauses: int
    """Silences of `LONG_PAUSE_SECONDS` or more inside the answer."""
    repeated_words: tuple[str, ...]
    """Words said twice in a row, lower case, in order ("the", "i")."""
    recording_seconds: float = 0.0
    """Length of the whole recording (0 for a typed answer)."""
    pauses: tuple[tuple[float, float], ...] = field(default_factory=tuple)
    """(start, end) seconds of each long pause, for a player to jump to."""

    def to_dict(self) -> dict[str, Any]:
        """JSON-able: tuples become lists."""
        data = asdict(self)
        data["repeated_words"] = list(self.repeated_words)
        data["pauses"] = [list(p) for p in self.pauses]
        return data


def silences(
    samples: npt.NDArray[Any], sample_rate: int, min_seconds: float = MIN_SILENCE_SECONDS
) -> list[tuple[float, float]]:
    """(start, end) seconds of each silence of `min_seconds` or more between speech.

    Silence before the first speech and after the last is left out: it is the wait before
    answering and the tail of the recording, not a pause in the answer.
    """
    import numpy as np

    speech = speech_frames(samples, sample_rate)
    spoken = np.flatnonzero(speech)
    if spoken.size == 0:
        return []
    found = []
    quiet_from: int | None = None
    for index in range(int(spoken[0]), int(spoken[-1]) + 1):
        if not speech[index]:
            if quiet_from is None:
                quiet_from = index
        elif quiet_from is not None:
            if (index - quiet_from) * FRAME_SECONDS >= min_seconds - 1e-9:
                found.append(
                    (round(quiet_from * FRAME_SECONDS, 3), round(index * FRAME_SECONDS, 3))
                )
            quiet_from = None
    return found


def _speech_span_seconds(samples: npt.NDArray[Any], sample_rate: int) -> float:
    import numpy as np

    spoken = np.flatnonzero(speech_frames(samples, sample_rate))
    if spoken.size == 0:
        return 0.0
    return round(float(spoken[-1] + 1 - spoken[0]) * FRAME_SECONDS, 3)


def _gaps(text: str, tokens: Sequence[Token]) -> list[tuple[str, str]]:
    """For each token, the text between it and its neighbours (before, after)."""
    result = []
    for index, token in enumerate(tokens):
        before = text[tokens[index - 1].end : token.start] if index else text[: token.start]
        after = (
            text[token.end : tokens[index + 1].start]
            if index + 1 < len(tokens)
            else text[token.end :]
        )
        result.append((before, after))
    return result


def _timings(tokens: Sequence[Token], words: Sequence[Word]) -> list[tuple[float, float]] | None:
    """Each text token's (start, end) from the word timestamps, if the two agree word for word."""
    timed: list[tuple[str, float, float]] = []
    for word in words:
        timed.extend((t.norm, word.start, word.end) for t in tokenize(word.text))
    if [norm for norm, _, _ in timed] != [t.norm for t in tokens]:
        return None
    return [(start, end) for _, start, end in timed]


def _sentence_start(index: int, before: str) -> bool:
    return index == 0 or any(mark in before for mark in _SENTENCE_ENDS)


def find_fillers(text: str, words: Sequence[Word] = ()) -> dict[str, int]:
    """Filler words in `text` with their counts, by the rules of the module docstring."""
    tokens = tokenize(text)
    gaps = _gaps(text, tokens)
    timings = _timings(tokens, words) if words else None
    norms = [t.norm for t in tokens]
    found: dict[str, int] = {}

    def paused_around(index: int) -> bool:
        if timings is None or index == 0 or index + 1 >= len(tokens):
            return False
        return (
            timings[index][0] - timings[index - 1][1] >= FILLER_PAUSE_SECONDS
            and timings[index + 1][0] - timings[index][1] >= FILLER_PAUSE_SECONDS
        )

    def pause_after(index: int) -> bool:
        """Punctuation (or the end of the text) after token `index`."""
        return index + 1 >= len(tokens) or any(m in gaps[index][1] for m in _PAUSE_MARKS)

    index = 0
    while index < len(tokens):
        norm = norms[index]
        before, after = gaps[index]
        following = norms[index + 1] if index + 1 < len(tokens) else None
        previous = norms[index - 1] if index else None
        name: str | None = None
        width = 1
        if norm in HESITATIONS:
            name = HESITATIONS[norm]
        elif norm in ALWAYS_FILLERS:
            name = norm
        elif norm == "like":
            if any(mark in after for mark in _LIKE_MARKS) or paused_around(index):
                name = "like"
        elif norm == "you" and following == "know":
            if previous not in _ASKING and pause_after(index + 1):
                name, width = "you know", 2
        elif norm == "i" and following == "mean":
            if pause_after(index + 1):
                name, width = "I mean", 2
        elif norm in ("kind", "sort") and following == "of" and previous not in _DETERMINERS:
            name, width = f"{norm} of", 2
        elif norm == "so" and _sentence_start(index, before):
            name = "so"
        elif norm == "well" and _sentence_start(index, before) and after.strip().startswith(","):
            name = "well"
        if name is not None:
            found[name] = found.get(name, 0) + 1
        index += width
    return found


def repeated_words(text: str) -> tuple[str, ...]:
    """Words said twice in a row ("the the", "I, I"), lower case, in order of occurrence."""
    tokens = tokenize(text)
    repeats = []
    for first, second in itertools.pairwise(tokens):
        between = text[first.end : second.start]
        if (
            first.norm == second.norm
            and not first.is_hesitation
            and not any(mark in between for mark in _SENTENCE_ENDS)
        ):
            repeats.append(first.raw.lower())
    return tuple(repeats)


def count_words(text: str) -> int:
    """Words in `text`, hesitation sounds (um, uh...) not counted."""
    return sum(not t.is_hesitation for t in tokenize(text))


def assess_delivery(
    text: str,
    words: Sequence[Word] = (),
    samples: npt.NDArray[Any] | None = None,
    sample_rate: int = 16_000,
    limit_seconds: float = 0.0,
) -> Delivery:
    """Pace, fillers, repeats and pauses of one answer.

    `words` are the engine's word timestamps (may be empty), `samples` the recording as int16
    (mono, or frames x channels), None for a typed answer.
    """
    word_count = count_words(text)
    recording_seconds = 0.0
    found_silences: list[tuple[float, float]] = []
    if samples is not None and len(samples):
        recording_seconds = round(len(samples) / sample_rate, 3)
        found_silences = silences(samples, sample_rate)
        speaking_seconds = _speech_span_seconds(samples, sample_rate)
    elif words:
        speaking_seconds = round(max(0.0, words[-1].end - words[0].start), 3)
    else:
        speaking_seconds = 0.0
    span = words[-1].end - words[0].start if words else speaking_seconds
    wpm = round(word_count / (span / 60), 1) if span > 0 else 0.0
    fillers = find_fillers(text, words)
    pauses = tuple(s for s in found_silences if s[1] - s[0] >= LONG_PAUSE_SECONDS - 1e-9)
    longest = max((end - start for start, end in found_silences), default=0.0)
    return Delivery(
        speaking_seconds=speaking_seconds,
        limit_seconds=float(limit_seconds),
        words=word_count,
        words_per_minute=wpm,
        fillers=fillers,
        filler_count=sum(fillers.values()),
        longest_silence_seconds=round(longest, 3),
        long_pauses=len(pauses),
        repeated_words=repeated_words(text),
        recording_seconds=recording_seconds,
        pauses=pauses,
    )
