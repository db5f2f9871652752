"""Fixtures shared by every test."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.virtual_audio import VirtualAudio

REPO_ROOT = Path(__file__).resolve().parent.parent
SHIPPED_BANK = REPO_ROOT / "questions.toml"


@pytest.fixture(autouse=True)
def _no_personal_settings(
    monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """Every test, and every program it starts, runs on the defaults: not on the settings file
    or the INTERVIEW_SIM_* variables of whoever runs the tests (a test sets its own)."""
    from simulator.settings import CONFIG_ENV, SPECS

    for spec in SPECS.values():
        if spec.env:
            monkeypatch.delenv(spec.env, raising=False)
    monkeypatch.setenv(CONFIG_ENV, str(tmp_path_factory.getbasetemp() / "no-config.toml"))


@pytest.fixture
def write_bank(tmp_path: Path):  # type: ignore[no-untyped-def]
    """Write TOML text to a bank file in a temp dir and return its path."""

    def write(text: str, name: str = "bank.toml") -> Path:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return path

    return write


@pytest.fixture(scope="session")
def virtual_audio() -> Iterator[VirtualAudio]:
    """The PulseAudio virtual microphone and speaker, for every test that needs sound."""
    server = VirtualAudio().start()
    yield server
    server.stop()
