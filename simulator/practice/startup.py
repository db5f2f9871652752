"""The one start-up: history (with a backup of a corrupt one), recovery, retention, engines.

The app (`launch.py`) and the commands that use the history (`history`, `export`, `due`...)
open it here, so a corrupt database is kept aside and a crash is put right whichever starts
first.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from simulator.audio.transcribe import Engine, SphinxEngine, WhisperEngine
from simulator.bank import QuestionBank
from simulator.practice.errors import DOCTOR_HINT
from simulator.practice.recovery import recover
from simulator.practice.service import Practice, delete_attempt
from simulator.settings import Settings
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


def open_for_command(settings: Settings, bank: QuestionBank | None) -> tuple[History, list[str]]:
    """The history for a command (`history`, `export`, `due`...), after the same backup,
    crash recovery and retention as the app's start (recovery needs the bank: skipped without
    it), and the notices to print. HistoryTooNewError if a newer interview-sim wrote it."""
    notices: list[str] = []
    history, unusable = open_history(settings.recordings_dir, notices)
    if unusable is None and bank is not None:
        notices.extend(recover(settings.recordings_dir, history, bank))
    if unusable is None:
        retention = Retention(settings.retention.keep_last, settings.retention.keep_days)
        notices.extend(apply_retention(history, retention))
    return history, notices


def start_practice(
    bank: QuestionBank, settings: Settings, speech_now: bool = True
) -> tuple[Practice, list[str]]:
    """The practice service with the real engines the settings choose, and notices for the user.

    With `speech_now` false, text-to-speech is left for the caller to start later
    (`Practice.start_speech`), as the app does after its first frame. The app and every
    command that uses the history start here: the backup of a corrupt history, crash
    recovery and retention happen the same way for all of them.
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
        notices.extend(apply_retention(history, retention))
    return practice, notices


def apply_retention(history: History, retention: Retention) -> list[str]:
    """Delete the attempts the retention setting no longer keeps; notices for the user."""
    old = expired(history.attempts(), retention, datetime.now(UTC))
    try:
        for record in old:
            delete_attempt(history, record.id, record.audio_path)
    except (HistoryError, OSError) as error:
        return [f"Old attempts were not removed: {error}."]
    if old:
        return [f"Removed {len(old)} old attempt(s): the setting is to {retention.describe()}."]
    return []
