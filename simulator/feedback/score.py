"""A content score out of 100 for one answer, with the reason in words.

    score = round(100 * (0.7 * covered / total + 0.3 * term_overlap))   with key points
    score = round(100 * term_overlap)                                   without

* `covered / total`: the question's key points the answer covers (`simulator.feedback.coverage`).
  They weigh most because they are what an interviewer listens for.
* `term_overlap`: the share of the sample answer's significant terms that the answer says. The
  sample's terms are its distinct stems that are not stop words, hesitations or single
  characters ("instrumenting" and "instrumentation" are two, "microservices" and
  "microservice" one); the answer says one when any of its words, or up to three adjacent
  words joined, is the same word by `simulator.feedback.text.same_word` (so inflection,
  spoken spellings and near-misses count as in coverage). It rewards saying what the sample
  says beyond the named points, and is the whole score for a question without key points.

The sample answer scored against itself gets 100; an answer on another subject covers no point
and shares few terms, which keeps it near 0. The explanation names the points missed, by label.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from simulator.audio.transcribe import Transcript
from simulator.bank.model import Question
from simulator.feedback.coverage import PointCoverage, contains_word, cover, prepare
from simulator.feedback.text import Token, tokenize

POINTS_WEIGHT = 0.7
OVERLAP_WEIGHT = 0.3


@dataclass(frozen=True)
class ContentScore:
    """How much of the expected content an answer has; see the module docstring."""

    score: int
    """0 to 100."""
    covered: int
    total: int
    missed: tuple[str, ...]
    """Labels of the key points not covered, in bank order."""
    term_overlap: float
    """0 to 1: share of the sample answer's significant terms the answer says."""
    explanation: str

    def to_dict(self) -> dict[str, Any]:
        """JSON-able form."""
        return {
            "score": self.score,
            "covered": self.covered,
            "total": self.total,
            "missed": list(self.missed),
            "term_overlap": self.term_overlap,
            "explanation": self.explanation,
        }


def significant_terms(text: str) -> tuple[Token, ...]:
    """The distinct significant words of a text (by stem), in order of first use."""
    seen: dict[str, Token] = {}
    for token in tokenize(text):
        if not token.is_stop and len(token.norm) > 1 and token.stem not in seen:
            seen[token.stem] = token
    return tuple(seen.values())


def term_overlap(sample_answer: str, answer: str) -> float:
    """Share (0 to 1) of the sample answer's significant terms that `answer` says."""
    terms = significant_terms(sample_answer)
    if not terms:
        return 0.0
    prepared = prepare(answer)
    return sum(contains_word(term, prepared) for term in terms) / len(terms)


def _explain(covered: int, total: int, missed: Sequence[str], overlap: float) -> str:
    share = f"{overlap:.0%} of the sample answer's terms"
    if not total:
        return f"no key points for this question; {share}"
    points = f"{covered} of {total} key point{'s' * (total != 1)}"
    return f"{points}; missed: {', '.join(missed)}; {share}" if missed else f"{points}; {share}"


def content_score(
    question: Question,
    transcript: str | Transcript,
    coverage: Sequence[PointCoverage] | None = None,
) -> ContentScore:
    """Score an answer's content against the question's key points and sample answer.

    `coverage` is `cover(...)` of the same answer when the caller already has it.
    """
    text = transcript.text if isinstance(transcript, Transcript) else transcript
    if coverage is None:
        coverage = cover(question.key_points, text, question.sample_answer)
    total = len(coverage)
    covered = sum(c.covered for c in coverage)
    missed = tuple(c.point.label for c in coverage if not c.covered)
    overlap = round(term_overlap(question.sample_answer, text), 3)
    value = POINTS_WEIGHT * covered / total + OVERLAP_WEIGHT * overlap if total else overlap
    return ContentScore(
        score=round(100 * value),
        covered=covered,
        total=total,
        missed=missed,
        term_overlap=overlap,
        explanation=_explain(covered, total, missed, overlap),
    )
