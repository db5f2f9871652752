"""Misbehaving devices: private PulseAudio servers, microphones that wake late or vanish.

Every server and module these fixtures create is removed again by their finalizers, so the
suite's shared `virtual_audio` server is never touched.
"""

from __future__ import annotations

import os
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import numpy.typing as npt
import pytest

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
                view = memoryview(data)[offset : offset + CHUNK_BYTES]
                while view:
                    view = view[os.write(fd, view) :]
                ahead = started + (n + 1) * CHUNK_SECONDS - time.monotonic()
                if ahead > 0:
                    time.sleep(ahead)

        thread = threading.Thread(target=write, name="late-mic-writer", daemon=True)
        thread.start()
        self._writers.append(thread)
        return thread

    def close(self) -> None:
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
