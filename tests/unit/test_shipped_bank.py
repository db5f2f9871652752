"""The bundled bank holds the seed's ten questions and sample answers, word for word."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from simulator.bank import load_bank
from simulator.settings import bundled_questions
from tests.conftest import REPO_ROOT, SHIPPED_BANK

SEED_NAME = "senior-backend-interview-questions.txt"
SEED_COPIES = [
    REPO_ROOT / "tests" / "data" / SEED_NAME,
    REPO_ROOT.parent / "shared" / "seed" / SEED_NAME,
]


def parse_seed(path: Path) -> list[tuple[str, str]]:
    """(question, sample answer) pairs: a numbered question line, then its answer line."""
    lines = path.read_text(encoding="utf-8").splitlines()
    pairs = []
    for index, line in enumerate(lines):
        if match := re.match(r"^(\d+)\. (.+)$", line):
            assert int(match.group(1)) == len(pairs) + 1
            pairs.append((match.group(2), lines[index + 1]))
    return pairs


@pytest.mark.parametrize(
    "seed", [p for p in SEED_COPIES if p.exists()], ids=lambda p: str(p.parent)
)
def test_shipped_bank_matches_seed_word_for_word(seed: Path) -> None:
    expected = parse_seed(seed)
    bank = load_bank(SHIPPED_BANK)
    assert len(expected) == 10
    assert [(q.text, q.sample_answer) for q in bank.questions] == expected


def test_committed_seed_copy_is_the_shared_seed() -> None:
    shared = SEED_COPIES[1]
    if not shared.exists():
        pytest.skip(f"{shared} is not beside this checkout")
    assert SEED_COPIES[0].read_bytes() == shared.read_bytes()


def test_shipped_bank_shape() -> None:
    bank = load_bank(SHIPPED_BANK)
    assert bank.summary() == "questions.toml: 10 questions in 8 topics"
    for question in bank.questions:
        assert question.answer_seconds == 120
        assert question.think_seconds == 10
        assert len(question.key_points) >= 4, question.id
        for point in question.key_points:
            assert point.terms, (question.id, point.label)


def test_every_key_point_appears_in_its_sample_answer() -> None:
    """The sample answer is the model answer: each key point must be findable in it."""
    for question in load_bank(SHIPPED_BANK).questions:
        answer = question.sample_answer.lower()
        for point in question.key_points:
            assert any(term.lower() in answer for term in point.terms), (question.id, point.label)


def test_bundled_bank_is_the_checkout_bank() -> None:
    assert bundled_questions() == SHIPPED_BANK
