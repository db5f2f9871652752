"""After a crash: repair the audio it cut short and account for every recording.

Run at start-up (`startup.start_practice`), before the app or a command uses the history.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from simulator.audio.wav import InvalidWavError, inspect_wav, repair_wav
from simulator.bank import Question, QuestionBank
from simulator.practice.errors import DOCTOR_HINT
from simulator.storage.history import History, HistoryError
from simulator.storage.sessions import is_live, remove_stale


def repair_recordings(folder: Path) -> list[Path]:
    """Fix the header of every WAV a killed process left behind; the repaired files.

    Sessions of a copy of the app still running are left alone: their files are being written.
    """
    repaired = []
    for path in sorted(folder.glob("*/*.wav")):
        if is_live(folder, path.parent.name):
            continue
        try:
            if repair_wav(path):
                repaired.append(path)
        except (OSError, InvalidWavError):
            continue  # not ours or unreadable: leave it as it is
    return repaired


def wav_seconds(path: Path) -> float:
    try:
        info = inspect_wav(path)
    except (OSError, InvalidWavError):
        return 0.0
    return info.actual_data_bytes / (info.sample_rate * info.channels * info.sample_width)


def recover(recordings_dir: Path, history: History, bank: QuestionBank) -> list[str]:
    """After a crash: repair audio, close attempts left recording, list stray recordings.

    Returns notices for the user. An attempt whose process died is marked interrupted with
    the length of the audio it left; a WAV the history does not know (its row was lost with
    a corrupt database) is added back as interrupted, so it can be found and transcribed.
    Sessions of another copy of the app that is still running are not touched. If the history
    cannot be written (a full disk), recovery waits for the next start.
    """
    try:
        return _recover(recordings_dir, history, bank)
    except HistoryError as error:
        return [f"Recordings left by a crash were not recovered: {error}; {DOCTOR_HINT}."]


def _recover(recordings_dir: Path, history: History, bank: QuestionBank) -> list[str]:
    notices = []
    remove_stale(recordings_dir)
    repaired = repair_recordings(recordings_dir)
    if repaired:
        notices.append(f"Repaired {len(repaired)} recording(s) cut short by a crash.")
    unfinished = [r for r in history.unfinished() if not is_live(recordings_dir, r.session_id)]
    for record in unfinished:
        seconds = wav_seconds(record.audio_path) if record.audio_path else 0.0
        history.finish_attempt(record.id, "interrupted", seconds)
    known = {p.resolve() for p in history.audio_paths()}
    strays = 0
    for path in sorted(recordings_dir.glob("*/*.wav")):
        if path.resolve() in known:
            continue
        question_id, _, number = path.stem.rpartition("-")
        if not question_id or not number.isdigit() or is_live(recordings_dir, path.parent.name):
            continue
        try:
            question: Question | None = bank.get(question_id)
        except KeyError:
            question = None
        history.add_attempt(
            path.parent.name, question_id, question.text if question else question_id,
            question.topic if question else "", "interrupted", path,
            started_at=datetime.fromtimestamp(path.stat().st_mtime, UTC),
            duration_seconds=wav_seconds(path),
        )  # fmt: skip
        strays += 1
    if unfinished or strays:
        notices.append(
            f"{len(unfinished) + strays} interrupted attempt(s) recovered: "
            "find them in the history (h)."
        )
    return notices
