"""`interview-sim doctor` on the real devices: a verdict and a fix per line, exit 0 only if all
pass; and what it says when the microphone is silent or clipping, the history is corrupt, the
recordings folder is read-only, or there is no sound server."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections.abc import Iterator, Mapping
from pathlib import Path

import numpy as np
import pytest

from simulator.audio.wav import StreamingWavWriter
from simulator.commands.doctor import judge_level, longest_clipped_run, peak_dbfs
from simulator.storage.history import HISTORY_FILE, MIGRATIONS, History
from tests.conftest import REPO_ROOT
from tests.virtual_audio import VirtualAudio

RATE = 16_000


def doctor(
    recordings: Path, env: Mapping[str, str], *args: str
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "simulator", "--recordings", str(recordings), "doctor", *args],
        cwd=REPO_ROOT, env={**env, "XDG_STATE_HOME": str(recordings.parent / "state")},
        capture_output=True, text=True, timeout=180, check=False,
    )  # fmt: skip


def line(output: str, name: str) -> str:
    """The table line of one check, with the fix line under it if any."""
    lines = output.splitlines()
    for i, text in enumerate(lines):
        if text.startswith(f"{name} "):
            fix = lines[i + 1] if i + 1 < len(lines) and "fix: " in lines[i + 1] else ""
            return f"{text}\n{fix}".strip()
    raise AssertionError(f"no {name} line in:\n{output}")


def write_wav(path: Path, samples: np.ndarray) -> Path:  # type: ignore[type-arg]
    writer = StreamingWavWriter(path, RATE)
    writer.write(samples.astype(np.int16))
    writer.close()
    return path


def tone(seconds: float, amplitude: float) -> np.ndarray:  # type: ignore[type-arg]
    t = np.arange(int(seconds * RATE)) / RATE
    return np.round(np.sin(2 * np.pi * 440 * t) * amplitude)


@pytest.fixture
def playing(virtual_audio: VirtualAudio) -> Iterator[object]:
    """Play a WAV into the virtual microphone for the length of the test."""
    players: list[subprocess.Popen[bytes]] = []

    def play(wav: Path) -> None:
        players.append(virtual_audio.play(wav))

    yield play
    for player in players:
        player.terminate()
        player.wait(timeout=5)


def test_levels_are_judged_by_the_documented_thresholds() -> None:
    assert judge_level(np.zeros(RATE, dtype=np.int16))[1] == "silent (digital silence)"
    assert judge_level(tone(1, 8).astype(np.int16))[:2] == ("fail", "silent")  # -72 dBFS
    assert judge_level(tone(1, 200).astype(np.int16))[:2] == ("warn", "too quiet")  # -44 dBFS
    assert judge_level(tone(1, 8000).astype(np.int16))[:2] == ("ok", "fine")  # -12 dBFS
    loud = np.clip(tone(1, 60000), -32768, 32767).astype(np.int16)
    assert judge_level(loud)[0:2] == ("warn", f"clipping ({longest_clipped_run(loud)} samples "
                                               "in a row at full scale)")  # fmt: skip
    click = tone(1, 8000).astype(np.int16)
    click[100] = 32767  # one sample at full scale is a click, not clipping
    assert judge_level(click)[1] == "fine"
    assert peak_dbfs(tone(1, 8000).astype(np.int16)) == pytest.approx(-12.25, abs=0.01)


@pytest.mark.audio
@pytest.mark.slow
def test_doctor_passes_everything_on_working_devices(
    virtual_audio: VirtualAudio, tmp_path: Path, playing
) -> None:  # type: ignore[no-untyped-def]
    recordings = tmp_path / "rec"
    History(recordings / HISTORY_FILE).add_typed("s1", "cap-theorem", "q", "t", "typed", 5.0)
    playing(write_wav(tmp_path / "tone.wav", tone(30, 8000)))  # -12 dBFS: a healthy level
    result = doctor(recordings, virtual_audio.env())
    assert result.returncode == 0, result.stdout
    assert result.stdout.splitlines()[0].split() == ["check", "result", "detail"]
    assert result.stdout.rstrip().endswith("All 7 checks passed.")
    assert re.match(r"microphone +ok +fine: peak -12\.\d dBFS", line(result.stdout, "microphone"))
    assert re.match(r"devices +ok +\d+ devices; microphone: \S+", line(result.stdout, "devices"))
    assert re.search(r"speech +ok +\d+ voices; synthesis works", line(result.stdout, "speech"))
    assert "quick" in line(result.stdout, "model") and "lazy dog" in line(result.stdout, "model")
    schema = f"schema {len(MIGRATIONS)}, integrity ok, 1 attempts"
    assert schema in line(result.stdout, "history")
    assert "writable" in line(result.stdout, "disk")
    assert "fix:" not in result.stdout
    assert result.stderr == ""


@pytest.mark.audio
def test_a_silent_microphone_fails_with_its_fix(
    virtual_audio: VirtualAudio, tmp_path: Path
) -> None:
    result = doctor(tmp_path / "rec", virtual_audio.env(), "--check", "microphone")
    assert result.returncode == 1
    microphone = line(result.stdout, "microphone")
    assert re.match(r"microphone +FAIL +silent \(digital silence\): peak -96\.0 dBFS", microphone)
    assert "fix: unmute the microphone" in microphone
    assert "1 of 1 checks need attention: microphone." in result.stdout


@pytest.mark.audio
def test_a_clipping_microphone_is_reported(
    virtual_audio: VirtualAudio, tmp_path: Path, playing
) -> None:  # type: ignore[no-untyped-def]
    square = np.where(tone(30, 1) >= 0, 32767, -32767)
    playing(write_wav(tmp_path / "square.wav", square))
    result = doctor(tmp_path / "rec", virtual_audio.env(), "--check", "microphone")
    assert result.returncode == 1
    microphone = line(result.stdout, "microphone")
    assert re.match(
        r"microphone +WARN +clipping \(\d+ samples in a row at full scale\)", microphone
    )
    assert "fix: lower the input gain" in microphone


def test_a_corrupt_history_fails_and_is_left_as_it_is(tmp_path: Path) -> None:
    recordings = tmp_path / "rec"
    recordings.mkdir()
    corrupt = b"this is not a database " * 200
    (recordings / HISTORY_FILE).write_bytes(corrupt)
    result = doctor(recordings, dict(__import__("os").environ), "--check", "history")
    assert result.returncode == 1
    history = line(result.stdout, "history")
    assert re.match(r"history +FAIL +.*history\.sqlite3: file is not a database", history)
    assert "fix: start the app: it keeps this file aside" in history
    assert (recordings / HISTORY_FILE).read_bytes() == corrupt  # the doctor changes nothing


def test_a_read_only_recordings_folder_fails_the_disk_line(tmp_path: Path, tmpfs) -> None:  # type: ignore[no-untyped-def]
    import os

    recordings = tmpfs(tmp_path / "rec", read_only=True)
    result = doctor(recordings, dict(os.environ), "--check", "disk", "--check", "history")
    assert result.returncode == 1
    disk = line(result.stdout, "disk")
    assert re.match(r"disk +FAIL +.*rec: cannot write: read-only file system", disk)
    assert "fix: remount it read-write, or choose another folder" in disk
    assert re.match(r"history +ok", line(result.stdout, "history"))
    as_json = json.loads(doctor(recordings, dict(os.environ), "--check", "disk", "--json").stdout)
    assert [(c["name"], c["verdict"]) for c in as_json] == [("disk", "fail")]


@pytest.mark.audio
def test_no_sound_server_fails_the_device_lines_with_their_fix(
    virtual_audio: VirtualAudio, tmp_path: Path
) -> None:
    server = VirtualAudio().start()  # a private one: the suite's server stays up
    try:
        env = server.env()
        server.kill()
        result = doctor(tmp_path / "rec", env, "--check", "devices", "--check", "microphone")
    finally:
        server.stop()
    assert result.returncode == 1
    for name in ("devices", "microphone"):
        text = line(result.stdout, name)
        assert re.match(rf"{name} +FAIL +", text), result.stdout
        assert "fix: connect a microphone and check the sound server runs" in text
    assert "ALSA" not in result.stdout + result.stderr and "Traceback" not in result.stderr
