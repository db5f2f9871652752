"""The real app in a real terminal (tmux): native libraries' stderr never reaches the screen."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import REPO_ROOT

NOISE = "ALSA lib pcm.c:2666:(snd_pcm_open_noupdate) Unknown PCM NATIVE-NOISE"

# Runs the real entry point; a thread writes to descriptor 2 through libc, as ALSA does.
LAUNCHER = f"""
import ctypes, sys, threading, time
def noise():
    time.sleep(2.0)
    message = b"{NOISE}\\n"
    ctypes.CDLL(None).write(2, message, len(message))
    open(sys.argv[1], "w").close()
threading.Thread(target=noise, daemon=True).start()
from simulator.cli import main
sys.exit(main(sys.argv[2:]))
"""


def tmux(*args: str) -> str:
    return subprocess.run(["tmux", *args], check=True, capture_output=True, text=True).stdout


@pytest.fixture
def tmux_session(tmp_path: Path):  # type: ignore[no-untyped-def]
    name = f"interview-sim-test-{time.monotonic_ns()}"
    yield name
    subprocess.run(["tmux", "kill-session", "-t", name], capture_output=True, check=False)


def test_native_stderr_goes_to_the_log_not_the_screen(tmp_path: Path, tmux_session: str) -> None:
    launcher = tmp_path / "launch.py"
    launcher.write_text(LAUNCHER)
    state = tmp_path / "state"
    command = (
        f"cd {REPO_ROOT} && XDG_STATE_HOME={state} PULSE_SERVER=unix:/nonexistent "
        f"{sys.executable} {launcher} {tmp_path / 'noise-written'} "
        f"--engine sphinx --recordings {tmp_path / 'rec'}; "
        f"echo EXITED $? ; sleep 30"
    )
    tmux("new-session", "-d", "-s", tmux_session, "-x", "80", "-y", "24", command)
    deadline = time.monotonic() + 30
    log = state / "interview-sim" / "log" / "native.log"
    while not (tmp_path / "noise-written").exists():
        assert time.monotonic() < deadline, tmux("capture-pane", "-t", tmux_session, "-p")
        time.sleep(0.2)
    time.sleep(0.3)
    screen = tmux("capture-pane", "-t", tmux_session, "-p")
    assert NOISE in log.read_text()
    assert "OBSERVABILITY" in screen
    assert "NATIVE-NOISE" not in screen
    assert "ALSA" not in screen
    tmux("send-keys", "-t", tmux_session, "q")
    deadline = time.monotonic() + 10
    while "EXITED" not in (screen := tmux("capture-pane", "-t", tmux_session, "-p")):
        assert time.monotonic() < deadline, screen
        time.sleep(0.2)
    assert "EXITED 0" in screen
    assert "Traceback" not in screen
