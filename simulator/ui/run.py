"""Build the app with the real engines and run it full screen with a clean terminal."""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from pathlib import Path

from simulator.audio.native_output import divert_native_stderr
from simulator.audio.transcribe import Engine, SphinxEngine, WhisperEngine
from simulator.bank import QuestionBank
from simulator.practice import DOCTOR_HINT, Practice, recover
from simulator.settings import Settings, log_dir
from simulator.storage.history import (
    HISTORY_FILE,
    History,
    HistoryCorruptError,
    HistoryError,
    HistoryTooNewError,
)
from simulator.storage.retention import Retention, expired
from simulator.storage.sessions import write_problem


def open_history(recordings_dir: Path, notices: list[str]) -> tuple[History, str | None]:
    """The history database, and why the recordings folder cannot be used if it cannot.

    A corrupt database is kept aside as a backup and a fresh one made. A folder that cannot be
    written (read-only, missing parent, no permission), or a history that cannot be opened for
    writing, gives an in-memory copy of what is there: the app still runs, saves nothing, and
    takes typed answers only.
    """
    path = recordings_dir / HISTORY_FILE
    problem = write_problem(recordings_dir)
    if problem is None:
        try:
            return History(path), None
        except HistoryTooNewError:
            raise
        except HistoryCorruptError as error:
            backup = path.with_name(f"{path.name}.corrupt-{datetime.now():%Y%m%d-%H%M%S}")
            try:
                path.replace(backup)
                notices.append(f"{error}. It was kept as {backup.name}; a new history was started.")
                return History(path), None
            except (OSError, HistoryError) as again:
                problem = str(again)
        except HistoryError as error:
            problem = str(error)
    notices.append(
        f"The recordings folder {recordings_dir} cannot be used ({problem}): nothing will be "
        f"saved and answers can only be typed; {DOCTOR_HINT}."
    )
    return History.snapshot(path), problem


def build_practice(
    bank: QuestionBank, settings: Settings, speech_now: bool = True
) -> tuple[Practice, list[str]]:
    """The practice service with the real engines the settings choose, and notices for the user.

    With `speech_now` false, text-to-speech is left for the caller to start later
    (`Practice.start_speech`), as the app does after its first frame.
    """
    notices: list[str] = []
    history, unusable = open_history(settings.recordings_dir, notices)
    if unusable is None:
        notices.extend(recover(settings.recordings_dir, history, bank))
    chosen = settings.transcription
    engine: Engine = SphinxEngine() if chosen.engine == "sphinx" else WhisperEngine(chosen.model)
    practice = Practice(
        bank, settings.recordings_dir, history, engine, speech=None, unusable_reason=unusable
    )
    practice.drill_size = settings.practice.drill_size
    speech = settings.speech
    read_aloud = speech_now and speech.read_aloud
    if read_aloud and (notice := practice.start_speech(speech.voice, speech.rate)):
        notices.append(notice)
    if unusable is None:
        retention = Retention(settings.retention.keep_last, settings.retention.keep_days)
        notices.extend(apply_retention(practice, retention))
    return practice, notices


def apply_retention(practice: Practice, retention: Retention) -> list[str]:
    """Delete the attempts the retention setting no longer keeps; notices for the user."""
    old = expired(practice.history.attempts(), retention, datetime.now(UTC))
    try:
        for record in old:
            practice.delete(record.id, record.audio_path)
    except (HistoryError, OSError) as error:
        return [f"Old attempts were not removed: {error}."]
    if old:
        return [f"Removed {len(old)} old attempt(s): the setting is to {retention.describe()}."]
    return []


def run_fullscreen(bank: QuestionBank, settings: Settings, start_drill: bool = False) -> int:
    """Run the app; native libraries' stderr goes to a log file, never onto the screen.

    `start_drill` opens it in a drill (of at most `[practice] drill_size` questions).
    """
    from simulator.ui.app import InterviewApp

    practice, notices = build_practice(bank, settings, speech_now=False)
    terminal = divert_native_stderr(log_dir() / "native.log")
    sys.stderr = terminal
    setattr(sys, "__stderr__", terminal)  # noqa: B010 - Textual's driver draws on sys.__stderr__
    app = InterviewApp(bank, settings, practice, notices, start_speech=True,
                       start_drill=start_drill)  # fmt: skip
    try:
        app.run()
    finally:
        practice.close()
    return app.return_code or 0
