"""Feedback on one answer: what it covered, a content score, and how it was delivered.

Explainable and offline: no language model, only the rules documented in each module, so the
same answer always gets the same feedback and every number can be traced to words in the text.

* `simulator.feedback.text`: tokens, normal forms, stems, what counts as the same word;
* `simulator.feedback.coverage`: which key points an answer covers, and where;
* `simulator.feedback.score`: the content score out of 100 and its explanation;
* `simulator.feedback.delivery`: pace, fillers, repeated words and pauses from the audio.

Everything is a pure function except `assess_recording`, which reads the recording's WAV file.
Nothing here imports Textual: the UI renders a `Feedback`, it does not compute one.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from simulator.audio.transcribe import Transcript, Word
from simulator.audio.wav import read_wav_int16
from simulator.bank.model import Question
from simulator.feedback.coverage import PointCoverage, Span, cover
from simulator.feedback.delivery import Delivery, assess_delivery
from simulator.feedback.score import ContentScore, content_score

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

__all__ = [
    "ContentScore",
    "Delivery",
    "Feedback",
    "PointCoverage",
    "Span",
    "assess",
    "assess_recording",
    "content_score",
    "cover",
]


@dataclass(frozen=True)
class Feedback:
    """Everything said about one answer."""

    content: ContentScore
    coverage: tuple[PointCoverage, ...]
    delivery: Delivery

    def to_dict(self) -> dict[str, Any]:
        """JSON-able form (lists and dicts of str, int, float and bool)."""
        return {
            "content": self.content.to_dict(),
            "coverage": [c.to_dict() for c in self.coverage],
            "delivery": self.delivery.to_dict(),
        }


def assess(
    question: Question,
    text: str,
    words: Sequence[Word] = (),
    samples: npt.NDArray[np.int16] | None = None,
    sample_rate: int = 16_000,
    limit_seconds: float | None = None,
) -> Feedback:
    """Feedback on an answer to `question`: its text, word timestamps and recorded samples.

    `words` may be empty and `samples` None (a typed answer); `limit_seconds` defaults to the
    question's answering time.
    """
    coverage = cover(question.key_points, text, question.sample_answer)
    limit = question.answer_seconds if limit_seconds is None else limit_seconds
    return Feedback(
        content=content_score(question, text, coverage),
        coverage=coverage,
        delivery=assess_delivery(text, words, samples, sample_rate, limit),
    )


def assess_recording(
    question: Question, transcript: Transcript, wav_path: Path, limit_seconds: float | None = None
) -> Feedback:
    """Feedback on a recorded answer: its transcript, and pauses measured in its WAV file."""
    samples, sample_rate = read_wav_int16(wav_path)
    return assess(question, transcript.text, transcript.words, samples, sample_rate, limit_seconds)
