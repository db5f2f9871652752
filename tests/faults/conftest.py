"""What the fault tests share.

Misbehaving devices: private PulseAudio servers, microphones that wake late or vanish. Every
server and module these fixtures create is removed again by their finalizers, so the suite's
shared `virtual_audio` server is never touched. Real mounts (a small or read-only tmpfs) and
the real app in tmux, for a full disk, a read-only folder, kill -9 and two copies.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path

import numpy as np
import numpy.typing as npt
import pytest

from simulator.settings import Settings
from tests.conftest import REPO_ROOT, SHIPPED_BANK
from tests.virtual_audio import RATE, VirtualAudio


def pactl(server: VirtualAudio, *args: str) -> str:
    """Run `pactl` against `server`; its output, or an AssertionError saying why it failed."""
    result = subprocess.run(["pactl", *args], env=server.env(), capture_output=True, text=True,
                            timeout=10, check=False)  # fmt: skip
    assert result.returncode == 0, f"pactl {' '.join(args)}: {result.stderr}"
    return result.stdout


def find_module(server: VirtualAudio, name: str, argument: str = "") -> tuple[str, str]:
    """The index and the arguments of the loaded module `name` (whose arguments hold `argument`)."""
    for line in pactl(server, "list", "short", "modules").splitlines():
        index, module, *rest = line.split("\t")
        arguments = rest[0] if rest else ""
        if module == name and argument in arguments:
            return index, arguments
    raise AssertionError(f"{name} ({argument}) is not loaded")


@pytest.fixture(scope="module")
def quiet_audio() -> Iterator[VirtualAudio]:
    """A private server whose microphone has no keep-alive loopback: it idles as a real one."""
    server = VirtualAudio(keep_alive=False).start()
    yield server
    server.stop()


@pytest.fixture
def private_audio() -> Iterator[VirtualAudio]:
    """A private server (the default configuration) that a test may kill or take apart."""
    server = VirtualAudio().start()
    yield server
    server.stop()


CHUNK_SECONDS = 0.05
CHUNK_BYTES = round(RATE * CHUNK_SECONDS) * 2


class LateMicrophone:
    """A `module-pipe-source` microphone: it sends exactly what is written into its FIFO."""

    def __init__(self, server: VirtualAudio, fifo: Path) -> None:
        self.server = server
        self.fifo = fifo
        self._fd: int | None = None
        self._writers: list[threading.Thread] = []
        self._unplugged = threading.Event()

    def connect(self) -> None:
        """Open the FIFO for writing, as a device that is plugged in but not yet sending."""
        self._fd = os.open(self.fifo, os.O_WRONLY)

    def send(self, samples: npt.NDArray[np.int16]) -> threading.Thread:
        """Write `samples` into the microphone on a thread, at the pace a microphone would.

        Written at once, seconds of audio overflow the recording stream's buffer and are lost.
        """
        assert self._fd is not None, "connect() first"
        fd, data = self._fd, samples.astype("<i2").tobytes()

        def write() -> None:
            started = time.monotonic()
            for n, offset in enumerate(range(0, len(data), CHUNK_BYTES)):
                if self._unplugged.is_set():
                    return
                view = memoryview(data)[offset : offset + CHUNK_BYTES]
                try:
                    while view:
                        view = view[os.write(fd, view) :]
                except BrokenPipeError:  # the source was unloaded at the test's end
                    return
                ahead = started + (n + 1) * CHUNK_SECONDS - time.monotonic()
                if ahead > 0:
                    time.sleep(ahead)

        thread = threading.Thread(target=write, name="late-mic-writer", daemon=True)
        thread.start()
        self._writers.append(thread)
        return thread

    def close(self) -> None:
        """Stop sending: what a test did not wait for is not sent (the app may have stopped
        reading, and a write into a full FIFO would block until the source is unloaded)."""
        self._unplugged.set()
        for thread in self._writers:
            thread.join(timeout=10)
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None


@pytest.fixture
def late_mic(quiet_audio: VirtualAudio) -> Iterator[LateMicrophone]:
    """A pipe-source microphone, the default source until the test ends."""
    fifo = quiet_audio.dir / "latemic.fifo"
    index = pactl(quiet_audio, "load-module", "module-pipe-source", "source_name=latemic",
                  f"file={fifo}", "format=s16le", f"rate={RATE}", "channels=1").strip()  # fmt: skip
    pactl(quiet_audio, "set-default-source", "latemic")
    microphone = LateMicrophone(quiet_audio, fifo)
    try:
        yield microphone
    finally:
        microphone.close()
        pactl(quiet_audio, "set-default-source", "vmic")
        pactl(quiet_audio, "unload-module", index)


def _mount(*args: str) -> None:
    result = subprocess.run(["mount", *args], capture_output=True, text=True, check=False)
    if result.returncode != 0:  # not a skip: these tests exist to run, and CI mounts as root
        pytest.fail(f"mount {' '.join(args)} failed ({result.stderr.strip()}): the fault suite "
                    "needs root and permission to mount tmpfs", pytrace=False)  # fmt: skip


@pytest.fixture
def tmpfs() -> Iterator[Callable[..., Path]]:
    """Mount a tmpfs on a new folder: `tmpfs(folder, size="300k", read_only=False)`."""
    mounted: list[Path] = []

    def mount(folder: Path, size: str = "1m", read_only: bool = False) -> Path:
        folder.mkdir(parents=True, exist_ok=True)
        options = f"size={size}" + (",ro" if read_only else "")
        _mount("-t", "tmpfs", "-o", options, "tmpfs", str(folder))
        mounted.append(folder)
        return folder

    yield mount
    for folder in reversed(mounted):
        subprocess.run(["umount", "-l", str(folder)], capture_output=True, check=False)


def remount_read_only(folder: Path) -> None:
    _mount("-o", "remount,ro", str(folder))


def tmux(*args: str) -> str:
    return subprocess.run(["tmux", *args], check=True, capture_output=True, text=True).stdout


class Terminal:
    """The real app (or any command) running in a tmux pane of its own, 100 x 30."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.pid = 0

    def start(self, args: list[str], env: Mapping[str, str], keep_open: bool = False) -> None:
        command = " ".join([f"exec {sys.executable} -m simulator", *args])
        if keep_open:  # the pane stays after the app exits, showing its exit code
            command = f"{sys.executable} -m simulator {' '.join(args)}; echo EXITED $?; sleep 60"
        flags = [f"-e{k}={v}" for k, v in env.items()]
        tmux("new-session", "-d", "-s", self.name, "-x", "100", "-y", "30", *flags,
             "-c", str(REPO_ROOT), command)  # fmt: skip
        self.pid = int(tmux("list-panes", "-t", self.name, "-F", "#{pane_pid}").strip())

    def screen(self) -> str:
        return tmux("capture-pane", "-t", self.name, "-p")

    def text(self) -> str:
        """The screen as one line of words: toasts wrap their text over several lines."""
        return " ".join(re.sub(r"[^\w.,:;()'`…/?!-]+", " ", self.screen()).split())

    def toasts(self) -> str:
        """The text of the notifications on screen, in order: each row's part right of a
        toast's left edge (▌), so the screen beside it does not cut into the sentences."""
        parts = [row.rpartition("▌")[2].rstrip(" │▏") for row in self.screen().splitlines()
                 if "▌" in row]  # fmt: skip
        return " ".join(" ".join(parts).split())

    def wait_for(self, *needles: str, timeout: float = 30.0) -> str:
        """Wait until every needle is on screen (as words, or in a notification); the text
        of the screen and the notifications."""
        deadline = time.monotonic() + timeout
        while True:
            text = f"{self.toasts()} {self.text()}"
            if all(n in text for n in needles):
                return text
            assert time.monotonic() < deadline, f"waited for {needles}:\n{self.screen()}"
            time.sleep(0.1)

    def keys(self, *keys: str) -> None:
        tmux("send-keys", "-t", self.name, *keys)

    def type(self, text: str) -> None:
        tmux("send-keys", "-t", self.name, "-l", text)

    def kill_9(self) -> None:
        os.kill(self.pid, signal.SIGKILL)

    def close(self) -> None:
        subprocess.run(["tmux", "kill-session", "-t", self.name], capture_output=True, check=False)


@pytest.fixture
def terminals() -> Iterator[Callable[[], Terminal]]:
    """Make as many terminals as a test needs; all are closed at the end."""
    made: list[Terminal] = []

    def make() -> Terminal:
        made.append(Terminal(f"interview-sim-faults-{os.getpid()}-{time.monotonic_ns()}"))
        return made[-1]

    yield make
    for terminal in made:
        terminal.close()


def app_env(tmp_path: Path, audio_env: Mapping[str, str]) -> dict[str, str]:
    """Environment for the app under test: its sound server, and logs and config in tmp."""
    return {
        **audio_env,
        "XDG_STATE_HOME": str(tmp_path / "state"),
        "INTERVIEW_SIM_CONFIG": str(tmp_path / "no-config.toml"),
    }


def no_traceback(terminal: Terminal) -> None:
    screen = terminal.screen()
    assert "Traceback" not in screen and "Something went wrong" not in screen, screen


def sphinx_settings(recordings: Path) -> Settings:
    """The default settings with the sphinx engine (no model to load) and these recordings."""
    return Settings(SHIPPED_BANK, recordings).with_values({"transcription.engine": "sphinx"})
