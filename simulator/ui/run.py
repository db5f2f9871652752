"""Build the app with the real engines and run it full screen with a clean terminal."""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from pathlib import Path

from simulator.audio.native_output import divert_native_stderr
from simulator.audio.speech import DEFAULT_RATE, Speaker, SpeechUnavailableError, Synthesizer
from simulator.audio.transcribe import Engine, SphinxEngine, WhisperEngine
from simulator.bank import QuestionBank
from simulator.practice import Practice, recover
from simulator.settings import Settings, log_dir
from simulator.storage.history import HISTORY_FILE, History, HistoryError, HistoryTooNewError
from simulator.storage.retention import KEEP_EVERYTHING, Retention, expired


def open_history(recordings_dir: Path, notices: list[str]) -> History:
    """The history database; a corrupt one is kept aside as a backup and a fresh one made."""
    path = recordings_dir / HISTORY_FILE
    try:
        return History(path)
    except HistoryTooNewError:
        raise
    except HistoryError as error:
        backup = path.with_name(f"{path.name}.corrupt-{datetime.now():%Y%m%d-%H%M%S}")
        path.replace(backup)
        notices.append(f"{error}. It was kept as {backup.name}; a new history was started.")
        return History(path)


def build_practice(
    bank: QuestionBank,
    settings: Settings,
    engine_name: str,
    model: str | None,
    voice: str | None = None,
    rate: int = DEFAULT_RATE,
    retention: Retention = KEEP_EVERYTHING,
) -> tuple[Practice, list[str]]:
    """The practice service with the real engines, and notices for the user."""
    notices: list[str] = []
    history = open_history(settings.recordings_dir, notices)
    notices.extend(recover(settings.recordings_dir, history, bank))
    engine: Engine = SphinxEngine() if engine_name == "sphinx" else WhisperEngine(model or "base")
    try:
        speech: Speaker | None = Speaker(Synthesizer(voice, rate))
    except SpeechUnavailableError as error:
        speech = None
        notices.append(f"{error}. Questions will be shown but not read aloud.")
    practice = Practice(bank, settings.recordings_dir, history, engine, speech)
    old = expired(history.attempts(), retention, datetime.now(UTC))
    for record in old:
        practice.delete(record.id, record.audio_path)
    if old:
        notices.append(f"Removed {len(old)} old attempt(s): the setting is to "
                       f"{retention.describe()}.")  # fmt: skip
    return practice, notices


def run_fullscreen(
    bank: QuestionBank,
    settings: Settings,
    engine_name: str = "whisper",
    model: str | None = None,
    voice: str | None = None,
    rate: int = DEFAULT_RATE,
    retention: Retention = KEEP_EVERYTHING,
) -> int:
    """Run the app; native libraries' stderr goes to a log file, never onto the screen."""
    from simulator.ui.app import InterviewApp

    practice, notices = build_practice(bank, settings, engine_name, model, voice, rate, retention)
    terminal = divert_native_stderr(log_dir() / "native.log")
    sys.stderr = terminal
    setattr(sys, "__stderr__", terminal)  # noqa: B010 - Textual's driver draws on sys.__stderr__
    app = InterviewApp(bank=bank, settings=settings, practice=practice, notices=notices)
    app.run()
    return app.return_code or 0
