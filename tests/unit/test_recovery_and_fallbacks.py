"""What happens when parts are missing or broken: clear notices, nothing lost."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import numpy as np
import pytest

from simulator.audio import speech
from simulator.audio.speech import SpeechUnavailableError, Synthesizer
from simulator.audio.wav import StreamingWavWriter, inspect_wav, read_wav_int16
from simulator.bank import load_bank
from simulator.practice import repair_recordings
from simulator.practice.startup import start_practice
from simulator.settings import Settings
from simulator.storage.history import HISTORY_FILE, MIGRATIONS, History, HistoryTooNewError
from tests.conftest import SHIPPED_BANK

SPHINX = Settings(SHIPPED_BANK).with_values({"transcription.engine": "sphinx"})


def no_espeak(*_args: object, **_kwargs: object) -> None:
    raise OSError("libespeak-ng.so.1: cannot open shared object file: No such file or directory")


def test_missing_tts_engine_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    import pyttsx3

    monkeypatch.setattr(pyttsx3, "init", no_espeak)
    with pytest.raises(SpeechUnavailableError) as caught:
        Synthesizer()
    assert str(caught.value) == (
        "text-to-speech is not available (libespeak-ng.so.1: cannot open shared object file: "
        "No such file or directory); on Debian install espeak-ng: apt-get install espeak-ng "
        "libespeak-ng1"
    )


def test_app_goes_on_silently_without_tts(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    import pyttsx3

    monkeypatch.setattr(pyttsx3, "init", no_espeak)
    bank = load_bank(SHIPPED_BANK)
    practice, notices = start_practice(bank, SPHINX.with_values({"paths.recordings": tmp_path}))
    assert practice.speech is None
    assert len(notices) == 1
    assert notices[0].endswith(
        "Questions will be shown but not read aloud; run `interview-sim doctor` for details."
    )
    assert speech.DEFAULT_RATE == 175


def crashed_recording(path: Path, seconds: float) -> np.ndarray:
    """A WAV as a killed process leaves it: data on disk, header behind."""
    path.parent.mkdir(parents=True, exist_ok=True)
    samples = (np.random.default_rng(1).normal(0, 3000, int(seconds * 16_000))).astype(np.int16)
    writer = StreamingWavWriter(path, 16_000, sync_seconds=1000)  # header never synced
    writer.write(samples)
    return samples  # not closed, as after kill -9


def test_next_start_repairs_interrupted_recordings(tmp_path: Path) -> None:
    broken = tmp_path / "20261130-101010" / "cap-theorem-1.wav"
    samples = crashed_recording(broken, 2.0)
    assert not inspect_wav(broken).is_consistent
    bank = load_bank(SHIPPED_BANK)
    _, notices = start_practice(bank, SPHINX.with_values({"paths.recordings": tmp_path}))
    assert "Repaired 1 recording(s) cut short by a crash." in notices
    assert inspect_wav(broken).is_consistent
    assert np.array_equal(read_wav_int16(broken)[0], samples)
    assert repair_recordings(tmp_path) == []


def test_corrupt_history_is_kept_aside_and_replaced(tmp_path: Path) -> None:
    (tmp_path / HISTORY_FILE).write_bytes(b"this is not a database" * 100)
    audio = tmp_path / "20261130-101010" / "cap-theorem-1.wav"
    crashed_recording(audio, 0.5)
    bank = load_bank(SHIPPED_BANK)
    practice, notices = start_practice(bank, SPHINX.with_values({"paths.recordings": tmp_path}))
    backups = list(tmp_path.glob(f"{HISTORY_FILE}.corrupt-*"))
    assert len(backups) == 1
    assert backups[0].read_bytes() == b"this is not a database" * 100
    assert any(
        f"It was kept as {backups[0].name}; a new history was started." in n for n in notices
    )
    assert practice.history.schema_version == len(MIGRATIONS)
    assert audio.exists()


def test_history_from_a_newer_version_is_refused(tmp_path: Path) -> None:
    path = tmp_path / HISTORY_FILE
    History(path).close()
    with sqlite3.connect(path) as db:
        db.execute("PRAGMA user_version = 99")
    with pytest.raises(HistoryTooNewError, match="written by a newer interview-sim"):
        History(path)
    bank = load_bank(SHIPPED_BANK)
    with pytest.raises(HistoryTooNewError):
        start_practice(bank, SPHINX.with_values({"paths.recordings": tmp_path}))
    assert path.exists()
    assert not list(tmp_path.glob("*.corrupt-*"))


def test_unknown_voice_is_named() -> None:
    with pytest.raises(SpeechUnavailableError) as caught:
        Synthesizer(voice="no-such-voice")
    assert str(caught.value) == (
        "unknown voice 'no-such-voice': `interview-sim say --voices` lists them"
    )
