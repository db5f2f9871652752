"""`interview-sim history` and `replay` as a user runs them."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from simulator.audio.wav import read_wav_int16
from simulator.storage.history import HISTORY_FILE, History
from tests.audio.sound_checks import find_exact
from tests.conftest import REPO_ROOT
from tests.speech_corpus import human_clips
from tests.virtual_audio import VirtualAudio


def cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "simulator", *args], capture_output=True,
                          text=True, cwd=REPO_ROOT, env=env, timeout=60)  # fmt: skip


def stored_attempt(recordings: Path) -> int:
    audio = recordings / "s1" / "cap-theorem-1.wav"
    audio.parent.mkdir(parents=True)
    shutil.copyfile(human_clips()[1].path, audio)
    history = History(recordings / HISTORY_FILE)
    attempt = history.add_attempt("s1", "cap-theorem", "Explain CAP", "Distributed systems",
                                  "complete", audio, duration_seconds=2.99)  # fmt: skip
    text = "he was not an ill disposed young man"
    words = [{"text": "he", "start": 0.1, "end": 0.3, "probability": 0.9}]
    history.set_transcript(attempt, text, "whisper", "base", {"text": text, "words": words})
    history.add_attempt("s1", "cap-theorem", "Explain CAP", "Distributed systems", "typed", None)
    return attempt


def test_history_lists_attempts_as_text_and_json(tmp_path: Path) -> None:
    attempt = stored_attempt(tmp_path)
    table = cli("--recordings", str(tmp_path), "history")
    assert table.returncode == 0
    lines = table.stdout.splitlines()
    assert lines[0].split() == ["id", "start", "time", "status", "score", "question"]
    assert len(lines) == 3 and lines[2].split()[-3:] == ["complete", "—", "cap-theorem"]
    listed = json.loads(cli("--recordings", str(tmp_path), "history", "--json").stdout)
    assert [a["id"] for a in listed] == [attempt + 1, attempt]
    first = listed[1]
    assert first["question_id"] == "cap-theorem"
    assert first["duration_seconds"] == 2.99
    assert first["audio_path"] == str(tmp_path / "s1" / "cap-theorem-1.wav")
    assert first["transcript"] == "he was not an ill disposed young man"
    assert first["words"][0]["start"] == 0.1
    assert set(first) >= {"id", "question_id", "start", "duration_seconds", "status", "score"}


def test_empty_history_and_unknown_attempt(tmp_path: Path) -> None:
    assert cli("--recordings", str(tmp_path), "history").stdout == "No attempts yet.\n"
    missing = cli("--recordings", str(tmp_path), "replay", "42")
    assert (missing.returncode, missing.stderr) == (
        2, "no attempt 42: `interview-sim history` lists them\n"
    )  # fmt: skip


@pytest.mark.audio
def test_replay_plays_through_the_speaker(virtual_audio: VirtualAudio, tmp_path: Path) -> None:
    attempt = stored_attempt(tmp_path / "rec")
    capture = virtual_audio.record_monitor(tmp_path / "heard.wav")
    result = cli("--recordings", str(tmp_path / "rec"), "replay", str(attempt),
                 env=virtual_audio.env())  # fmt: skip
    capture.terminate()
    capture.wait(timeout=5)
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"played attempt {attempt} (3.0 s)\n"
    assert result.stderr == ""
    heard, _ = read_wav_int16(tmp_path / "heard.wav")
    assert find_exact(heard, read_wav_int16(human_clips()[1].path)[0]) is not None
    typed = cli("--recordings", str(tmp_path / "rec"), "replay", str(attempt + 1))
    assert (typed.returncode, typed.stderr) == (
        2,
        f"attempt {attempt + 1} was typed: it has no recording\n",
    )


def test_the_history_command_starts_like_the_app_recovery_and_retention(tmp_path: Path) -> None:
    """One start-up for the app and the commands: an attempt a crash left "recording" is
    closed, and the retention setting removes what it no longer keeps, audio first."""
    history = History(tmp_path / HISTORY_FILE)
    kept_audio = tmp_path / "s1" / "cap-theorem-2.wav"
    old_audio = tmp_path / "s1" / "cap-theorem-1.wav"
    kept_audio.parent.mkdir(parents=True)
    for path in (old_audio, kept_audio):
        shutil.copyfile(human_clips()[1].path, path)
    old = history.add_attempt("s1", "cap-theorem", "Explain CAP", "Distributed systems",
                              "complete", old_audio, duration_seconds=2.99,
                              started_at=datetime.now(UTC) - timedelta(days=2))  # fmt: skip
    crashed = history.add_attempt("s1", "cap-theorem", "Explain CAP", "Distributed systems",
                                  "recording", kept_audio)  # fmt: skip
    env = {**os.environ, "INTERVIEW_SIM_KEEP_LAST": "1"}
    listed = json.loads(cli("--recordings", str(tmp_path), "history", "--json", env=env).stdout)
    assert [(a["id"], a["status"]) for a in listed] == [(crashed, "interrupted")]
    assert not old_audio.exists() and kept_audio.exists()
    assert old not in {r.id for r in History(tmp_path / HISTORY_FILE).attempts()}
