"""Immutable records of a loaded question bank, and the error that lists what was wrong with one."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class KeyPoint:
    """An idea a good answer covers; any of `terms` in the transcript counts as mentioning it."""

    label: str
    terms: tuple[str, ...]


@dataclass(frozen=True)
class Question:
    """One interview question with its sample answer and timing."""

    id: str
    """Short slug of `a-z 0-9 -`; part of recording file names."""
    topic: str
    text: str
    sample_answer: str
    key_points: tuple[KeyPoint, ...]
    answer_seconds: int
    """Length of the answering countdown."""
    think_seconds: int
    """Pause between the question being read and recording starting (0: none)."""


@dataclass(frozen=True)
class QuestionBank:
    """A validated bank: questions in file order."""

    path: Path
    title: str
    questions: tuple[Question, ...]

    @property
    def topics(self) -> tuple[str, ...]:
        """Topics in order of first appearance."""
        return tuple(dict.fromkeys(q.topic for q in self.questions))

    def by_topic(self) -> dict[str, list[Question]]:
        """Questions grouped by topic, topics and questions in file order."""
        groups: dict[str, list[Question]] = {}
        for question in self.questions:
            groups.setdefault(question.topic, []).append(question)
        return groups

    def get(self, question_id: str) -> Question:
        """The question with this id; KeyError naming the known ids when there is none."""
        for question in self.questions:
            if question.id == question_id:
                return question
        known = ", ".join(q.id for q in self.questions)
        raise KeyError(f"no question {question_id!r} in {self.path.name} (known: {known})")

    def summary(self) -> str:
        """One line such as `questions.toml: 10 questions in 6 topics`."""
        n, t = len(self.questions), len(self.topics)
        return f"{self.path.name}: {n} question{'s' * (n != 1)} in {t} topic{'s' * (t != 1)}"


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a bank file, located by line where the file gives one."""

    path: Path
    line: int | None
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line is not None else str(self.path)
        return f"{where}: {self.message}"


class BankError(Exception):
    """A bank could not be loaded; `problems` lists every reason at once."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))
