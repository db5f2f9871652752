"""The key points most often missed, over each question's latest answers.

"missed 4 of the last 5 times: Persisted queries": for each question, its last `window`
assessed answers; for each key point in them, how many missed it. Points missed at least once
come out most-missed first (then the larger share missed, then by label), so the list says
what to work on.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

WINDOW = 5


@dataclass(frozen=True)
class Assessed:
    """One answer's coverage: (key point label, covered) per point of its question."""

    question_id: str
    at: datetime
    coverage: tuple[tuple[str, bool], ...]


@dataclass(frozen=True)
class MissedPoint:
    question_id: str
    label: str
    missed: int
    answers: int
    """How many of the question's latest answers assessed this point."""

    def describe(self) -> str:
        if self.answers == 1:
            return f"missed the only time: {self.label}"
        if self.missed == self.answers:
            return f"missed all of the last {self.answers} times: {self.label}"
        return f"missed {self.missed} of the last {self.answers} times: {self.label}"


def most_missed(
    answers: Sequence[Assessed], window: int = WINDOW, limit: int = 5
) -> list[MissedPoint]:
    """The `limit` key points missed most often in each question's last `window` answers."""
    by_question: dict[str, list[Assessed]] = {}
    for answer in sorted(answers, key=lambda a: a.at, reverse=True):
        by_question.setdefault(answer.question_id, []).append(answer)
    points: list[MissedPoint] = []
    for question_id, latest in by_question.items():
        counts: dict[str, tuple[int, int]] = {}
        for answer in latest[:window]:
            for label, covered in answer.coverage:
                missed, seen = counts.get(label, (0, 0))
                counts[label] = (missed + (not covered), seen + 1)
        points.extend(
            MissedPoint(question_id, label, missed, seen)
            for label, (missed, seen) in counts.items()
            if missed
        )
    points.sort(key=lambda p: (-p.missed, -p.missed / p.answers, p.label))
    return points[:limit]
