"""Play 16-bit audio through the default output with pause, resume, seek and a position."""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from simulator.audio.devices import AudioDeviceError, default_device, portaudio
from simulator.audio.native_output import native_stderr_silenced
from simulator.audio.wav import read_wav_int16

BLOCK_FRAMES = 2048
"""128 ms at 16 kHz: large enough that a busy Python process does not starve the device."""
STALL_SECONDS = 2.0
"""No callback for this long while playing means the speaker has gone (PortAudio then never
calls the finished callback, so a wait would hang)."""
TAIL_SECONDS = 0.5
"""Silence played after the end: PortAudio drops what is still buffered when a stream ends
(22-36 ms measured at low latency, more at high latency), so the end must be padded."""


class Player:
    """Plays a mono int16 buffer in a PortAudio callback; every control is thread-safe.

    Pausing keeps the stream open and sends silence, so resuming is instant. `finished` is set
    when playback reaches the end or is stopped.
    """

    def __init__(self, samples: npt.NDArray[np.int16], sample_rate: int) -> None:
        if samples.ndim == 2:
            samples = samples.mean(axis=1).astype(np.int16)
        self.samples = samples
        self.sample_rate = sample_rate
        self.finished = threading.Event()
        self._frame = 0
        self._tail_frames = 0
        self._paused = False
        self._lock = threading.Lock()
        self._stream: Any = None
        self._last_callback = 0.0
        self._stop_requested = False
        self.error: str | None = None
        """Why playback ended early (the speaker went away), or None."""

    @classmethod
    def from_wav(cls, path: Path) -> Player:
        samples, rate = read_wav_int16(path)
        return cls(samples, rate)

    @property
    def duration(self) -> float:
        return len(self.samples) / self.sample_rate

    @property
    def position(self) -> float:
        """Seconds from the start of the audio to what is being played now."""
        with self._lock:
            return self._frame / self.sample_rate

    @property
    def paused(self) -> bool:
        return self._paused

    def play(self) -> None:
        """Open the default output and start playing from the current position."""
        sd = portaudio()
        default_device("output")
        self.finished.clear()
        self.error = None
        self._stop_requested = False
        self._last_callback = time.monotonic()
        try:
            with native_stderr_silenced():
                self._stream = sd.OutputStream(
                    samplerate=self.sample_rate,
                    channels=1,
                    dtype="int16",
                    blocksize=BLOCK_FRAMES,
                    callback=self._callback,
                    finished_callback=self._on_finished,
                )
                self._stream.start()
        except sd.PortAudioError as error:
            raise AudioDeviceError(f"cannot play audio: {error}") from None

    def pause(self) -> None:
        self._paused = True

    def resume(self) -> None:
        self._paused = False

    def toggle_pause(self) -> None:
        self._paused = not self._paused

    def seek(self, seconds: float) -> None:
        """Jump to `seconds` from the start, clamped to the audio."""
        frame = round(seconds * self.sample_rate)
        with self._lock:
            self._frame = max(0, min(len(self.samples), frame))
            self._tail_frames = 0

    def skip(self, seconds: float) -> None:
        """Move by `seconds` (negative: back)."""
        self.seek(self.position + seconds)

    def wait(self, timeout: float | None = None) -> bool:
        """Block until playback ends; True if it did within `timeout`.

        A speaker that stops taking audio ends playback with `error` set.
        """
        deadline = None if timeout is None else time.monotonic() + timeout
        while not self.finished.wait(0.1):
            self.check()
            if deadline is not None and time.monotonic() >= deadline:
                return self.finished.is_set()
        return True

    def check(self) -> None:
        """End playback with `error` set if the speaker has stopped taking audio."""
        stalled = time.monotonic() - self._last_callback > STALL_SECONDS
        if self._stream is not None and not self.finished.is_set() and stalled:
            self.error = "the speaker stopped playing (unplugged or switched off?)"
            self.stop()

    def stop(self) -> None:
        """Stop at once and release the device."""
        self._stop_requested = True
        stream, self._stream = self._stream, None
        if stream is not None:
            with native_stderr_silenced():
                try:
                    stream.abort()
                    stream.close()
                except Exception:  # a dead device may fail to close; nothing is lost
                    pass
        self.finished.set()

    def _on_finished(self) -> None:
        """PortAudio ended the stream: at the end, on `stop()`, or because the device died."""
        with self._lock:
            reached_end = self._frame >= len(self.samples)
        if not reached_end and not self._stop_requested and self.error is None:
            self.error = "the speaker stopped playing (unplugged or switched off?)"
        self.finished.set()

    def _callback(
        self, outdata: npt.NDArray[np.int16], frames: int, _time: Any, _status: Any
    ) -> None:
        self._last_callback = time.monotonic()
        if self._paused:
            outdata.fill(0)
            return
        with self._lock:
            start = self._frame
            chunk = self.samples[start : start + frames]
            self._frame = start + len(chunk)
        outdata[: len(chunk), 0] = chunk
        if len(chunk) < frames:
            outdata[len(chunk) :] = 0
            self._tail_frames += frames - len(chunk)
            if self._tail_frames >= TAIL_SECONDS * self.sample_rate:
                raise portaudio().CallbackStop
