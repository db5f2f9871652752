"""Fixtures shared by every test."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
SHIPPED_BANK = REPO_ROOT / "questions.toml"


@pytest.fixture
def write_bank(tmp_path: Path):  # type: ignore[no-untyped-def]
    """Write TOML text to a bank file in a temp dir and return its path."""

    def write(text: str, name: str = "bank.toml") -> Path:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return path

    return write
