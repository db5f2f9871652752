"""A recordings folder that is read-only at start: the app still runs on typed answers, says
clearly that nothing will be saved, shows the history there, and changes no file; the CLI
commands give one readable line."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from simulator.storage.history import HISTORY_FILE, History
from tests.conftest import REPO_ROOT
from tests.faults.conftest import app_env, no_traceback, remount_read_only
from tests.speech_corpus import human_clips
from tests.virtual_audio import VirtualAudio

CLIP = human_clips()[1]


def files_of(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


@pytest.fixture
def read_only_recordings(tmp_path: Path, tmpfs) -> Path:  # type: ignore[no-untyped-def]
    """A read-only mount holding a history with two attempts (spoken and typed) and a WAV."""
    recordings = tmpfs(tmp_path / "rec", size="2m")
    wav = recordings / "20250101-090000" / "cap-theorem-1.wav"
    wav.parent.mkdir()
    shutil.copyfile(CLIP.path, wav)
    history = History(recordings / HISTORY_FILE)
    history.add_attempt("20250101-090000", "cap-theorem", "Explain the concept of CAP theorem",
                        "Distributed systems", "complete", wav, duration_seconds=3.0)  # fmt: skip
    history.add_typed("20250101-090000", "rest-vs-grpc", "REST or gRPC?", "APIs",
                      "an earlier typed answer", 30.0)  # fmt: skip
    history.close()
    remount_read_only(recordings)
    return recordings


def cli(recordings: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "simulator", "--recordings", str(recordings), *args],
        cwd=REPO_ROOT, capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip


@pytest.mark.audio
def test_the_app_on_a_read_only_folder_takes_typed_answers_and_saves_nothing(
    virtual_audio: VirtualAudio,
    tmp_path: Path,
    read_only_recordings: Path,
    terminals,  # type: ignore[no-untyped-def]
) -> None:
    before = files_of(read_only_recordings)
    app = terminals()
    app.start(["--engine", "sphinx", "--recordings", str(read_only_recordings)],
              app_env(tmp_path, virtual_audio.client_env), keep_open=True)  # fmt: skip
    app.wait_for("cannot be used", "read-only file system", "nothing will be saved",
                 "answers can only be typed", "run `interview-sim doctor` for details")  # fmt: skip
    app.keys("h")  # the history there is shown
    app.wait_for("Explain the concept of CAP", "REST or gRPC?", "typed", "complete")
    app.keys("d")  # deleting is refused with a reason, the attempt stays
    app.wait_for("Delete this attempt")
    app.keys("y")
    app.wait_for("Not deleted: Nothing can be deleted", "read-only file system")
    app.wait_for("REST or gRPC?")
    app.keys("Escape")
    app.wait_for("OBSERVABILITY")
    app.keys("Down", "Enter")
    app.wait_for("Think time")
    app.keys("Space")
    app.wait_for("Nothing can be recorded", "Type your answer instead")
    app.type("Publish events to Kafka")
    app.keys("C-s")
    app.wait_for("Your answer", "Publish events to Kafka")
    no_traceback(app)
    app.keys("q")
    app.wait_for("EXITED 0")
    no_traceback(app)
    assert files_of(read_only_recordings) == before


def test_history_command_on_a_read_only_folder_lists_the_attempts(
    read_only_recordings: Path,
) -> None:
    listed = cli(read_only_recordings, "history")
    assert listed.returncode == 0, listed.stderr
    assert "cap-theorem" in listed.stdout and "rest-vs-grpc" in listed.stdout
    assert listed.stderr.strip() == (
        f"note: {read_only_recordings} is read-only file system: showing the history read-only"
    )
    as_json = cli(read_only_recordings, "history", "--json")
    assert as_json.returncode == 0
    assert {a["question_id"] for a in json.loads(as_json.stdout)} == {"cap-theorem", "rest-vs-grpc"}


def test_a_folder_that_cannot_be_made_gives_one_readable_line(read_only_recordings: Path) -> None:
    missing = read_only_recordings / "not-there"
    result = cli(missing, "history")
    assert result.returncode == 1
    assert result.stdout == ""
    (line,) = result.stderr.splitlines()
    assert str(missing) in line and "run `interview-sim doctor` for details" in line
    assert "Traceback" not in result.stderr
    assert not missing.exists()
