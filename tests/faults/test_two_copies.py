"""Two copies of the app (and `interview-sim history`) on one recordings folder: both work,
neither takes the other's session or file, and neither "recovers" what the other is recording."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path

import pytest

import simulator.practice.service
from simulator.audio.recorder import BlockSubscriber, Recorder
from simulator.audio.transcribe import SphinxEngine
from simulator.audio.wav import inspect_wav, read_wav_int16
from simulator.bank import load_bank
from simulator.practice import Practice, recover
from simulator.storage.history import HISTORY_FILE, History
from simulator.storage.sessions import is_live
from tests.audio.sound_checks import find_exact
from tests.conftest import REPO_ROOT, SHIPPED_BANK
from tests.faults.conftest import app_env, no_traceback
from tests.functional.scripted import ScriptedRecorder
from tests.speech_corpus import human_clips
from tests.virtual_audio import VirtualAudio

CLIP = human_clips()[0]


class FrozenClock(datetime):
    """Every copy starts in the same second."""

    @classmethod
    def now(cls, tz=None):  # type: ignore[no-untyped-def, override]
        return datetime(2026, 3, 1, 9, 30, 0, tzinfo=tz)


def practice_on(recordings: Path) -> Practice:
    bank = load_bank(SHIPPED_BANK)

    def scripted(path: Path, seconds: float, subs: tuple[BlockSubscriber, ...]) -> Recorder:
        return ScriptedRecorder(path, seconds, subs)

    history = History(recordings / HISTORY_FILE)
    return Practice(bank, recordings, history, SphinxEngine(), None, recorder_factory=scripted)


def test_copies_started_in_the_same_second_get_their_own_session_and_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(simulator.practice.service, "datetime", FrozenClock)
    first, second = practice_on(tmp_path), practice_on(tmp_path)
    assert first.session_id == "20260301-093000"
    assert second.session_id == "20260301-093000-2"
    question = first.bank.questions[0]
    paths = []
    for practice in (first, second):
        attempt, recorder = practice.start_recording(question)
        recorder.stop()
        practice.finish_recording(attempt, recorder.wait(1))  # type: ignore[arg-type]
        paths.append(attempt.audio_path)
    assert paths[0] != paths[1]
    assert all(p is not None and inspect_wav(p).is_consistent for p in paths)
    assert {r.audio_path for r in first.history.attempts()} == set(paths)
    first.close()
    second.close()


HOLDER = """
import sys, time
from pathlib import Path
from simulator.storage.sessions import reserve_session
lock = reserve_session(Path(sys.argv[1]), "20260301-100000")
print(lock.session_id, flush=True)
time.sleep(60)
"""


def test_recovery_leaves_a_running_copy_alone_and_takes_over_once_it_is_killed(
    tmp_path: Path,
) -> None:
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(tmp_path)], cwd=REPO_ROOT,
                              stdout=subprocess.PIPE, text=True)  # fmt: skip
    try:
        session = holder.stdout.readline().strip()  # type: ignore[union-attr]
        history = History(tmp_path / HISTORY_FILE)
        wav = tmp_path / session / "cap-theorem-1.wav"
        wav.parent.mkdir()
        wav.write_bytes(CLIP.path.read_bytes()[:44] + b"\0" * 32_000)  # header says more
        attempt_id = history.add_attempt(session, "cap-theorem", "q", "t", "recording", wav)
        bank = load_bank(SHIPPED_BANK)
        assert is_live(tmp_path, session)
        assert recover(tmp_path, history, bank) == []
        assert history.attempt(attempt_id).status == "recording"
        assert not inspect_wav(wav).is_consistent  # being written: not "repaired" under it
    finally:
        os.kill(holder.pid, signal.SIGKILL)
        holder.wait()
    assert not is_live(tmp_path, session)
    notices = recover(tmp_path, history, bank)
    assert notices == [
        "Repaired 1 recording(s) cut short by a crash.",
        "1 interrupted attempt(s) recovered: find them in the history (h).",
    ]
    assert history.attempt(attempt_id).status == "interrupted"
    assert history.attempt(attempt_id).duration_seconds == pytest.approx(1.0)
    assert not (tmp_path / ".sessions" / f"{session}.lock").exists()  # the stale lock is gone


def wait_for_rows(history_path: Path, count: int, timeout: float = 60) -> list[dict]:  # type: ignore[type-arg]
    deadline = time.monotonic() + timeout
    while True:
        result = subprocess.run(
            [sys.executable, "-m", "simulator", "--recordings", str(history_path.parent),
             "history", "--json"], cwd=REPO_ROOT, capture_output=True, text=True, check=False,
        )  # fmt: skip
        assert result.returncode == 0, result.stderr
        rows = json.loads(result.stdout)
        if len(rows) == count and all(r["transcript"] is not None for r in rows):
            return rows  # type: ignore[no-any-return]
        assert time.monotonic() < deadline, rows
        time.sleep(0.5)


@pytest.mark.audio
def test_two_apps_and_the_history_command_on_one_folder_lose_nothing(
    virtual_audio: VirtualAudio,
    tmp_path: Path,
    terminals,  # type: ignore[no-untyped-def]
) -> None:
    recordings = tmp_path / "rec"
    env = app_env(tmp_path, virtual_audio.client_env)
    args = ["--engine", "sphinx", "--recordings", str(recordings)]
    first, second = terminals(), terminals()
    first.start(args, env, keep_open=True)
    first.wait_for("OBSERVABILITY")
    first.keys("Down", "Enter")
    first.wait_for("Think time")
    first.keys("Space")
    first.wait_for("REC")

    second.start(args, env, keep_open=True)  # while the first is recording
    second.wait_for("OBSERVABILITY")
    time.sleep(1.0)  # start-up notices would be up by now
    assert "recovered" not in second.toasts() and "Repaired" not in second.toasts()
    listed = subprocess.run(
        [sys.executable, "-m", "simulator", "--recordings", str(recordings), "history", "--json"],
        cwd=REPO_ROOT, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert listed.returncode == 0, listed.stderr
    assert [r["status"] for r in json.loads(listed.stdout)] == ["recording"]

    second.keys("Down", "Enter")
    second.wait_for("Think time")
    second.keys("Space")
    second.wait_for("REC")
    virtual_audio.play(CLIP.path).wait(timeout=20)  # both copies hear the same answer
    first.keys("Space")
    second.keys("Space")
    for app in (first, second):
        app.wait_for("Your answer")
    rows = wait_for_rows(recordings / HISTORY_FILE, 2)
    for app in (first, second):
        no_traceback(app)
        app.keys("q")
        app.wait_for("EXITED 0")

    assert len({r["session"] for r in rows}) == 2
    assert len({r["audio_path"] for r in rows}) == 2
    assert [r["status"] for r in rows] == ["complete", "complete"]
    clip, _ = read_wav_int16(CLIP.path)
    for row in rows:
        path = Path(row["audio_path"])
        assert inspect_wav(path).is_consistent
        samples, _ = read_wav_int16(path)
        assert find_exact(samples, clip[:8_000]) is not None  # each holds the answer
        assert row["duration_seconds"] == pytest.approx(len(samples) / 16_000, abs=0.01)
