"""Fixtures for the sound layer: real engines, real speech."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from simulator.audio.speech import Synthesizer
from simulator.audio.transcribe import WhisperEngine
from simulator.bank import Question, load_bank
from tests.conftest import SHIPPED_BANK


@pytest.fixture(scope="session")
def synthesizer() -> Iterator[Synthesizer]:
    """The app's own text-to-speech (pyttsx3 + espeak-ng)."""
    engine = Synthesizer()
    yield engine
    engine.close()


@pytest.fixture(scope="session")
def whisper() -> WhisperEngine:
    """The default engine, loaded once for the whole run."""
    engine = WhisperEngine()
    engine.load()
    return engine


@pytest.fixture(scope="session")
def bank_questions() -> tuple[Question, ...]:
    return load_bank(SHIPPED_BANK).questions


@pytest.fixture(scope="session")
def spoken_answers(
    synthesizer: Synthesizer,
    bank_questions: tuple[Question, ...],
    tmp_path_factory: pytest.TempPathFactory,
) -> dict[str, Path]:
    """Each sample answer spoken by the synthesizer, as a WAV per question id."""
    folder = tmp_path_factory.mktemp("spoken")
    return {
        q.id: synthesizer.to_wav(q.sample_answer, folder / f"{q.id}.wav") for q in bank_questions
    }
