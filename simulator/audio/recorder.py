"""Record the microphone at 16 kHz mono 16-bit, streaming each block to subscribers.

PortAudio's callback only copies the block into a queue. One consumer thread writes it to the
WAV and the level meter and checks the time limit; the other subscribers (a live transcriber)
get it from a second thread, so a slow subscriber can never delay the file or the limit, and
one that raises is dropped without ending the recording. The WAV is written as audio arrives,
never only in memory.

A microphone may take seconds to deliver its first audio: PulseAudio resumes a suspended
source (~1.8 s measured on a stock server), Bluetooth headsets switch profile, USB microphones
wake. So the recording waits up to `FIRST_AUDIO_TIMEOUT` for the first block (`audio_started`
is set when it comes, and the answer's clock starts there: it counts recorded audio); once
audio flows, `DEVICE_SILENCE_TIMEOUT` without a block means the device has gone.
"""

from __future__ import annotations

import math
import queue
import threading
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Any, Protocol

import numpy as np
import numpy.typing as npt

from simulator.audio.constants import SAMPLE_RATE
from simulator.audio.devices import (
    AudioDeviceError,
    default_device,
    portaudio,
    sound_server_has_source,
    sound_server_source,
)
from simulator.audio.levels import SILENCE_DBFS
from simulator.audio.native_output import native_stderr_silenced
from simulator.audio.wav import StreamingWavWriter

BLOCK_FRAMES = 1_600  # 100 ms: the level meter's refresh and the latency of a stop
FIRST_AUDIO_TIMEOUT = 10.0
"""How long a newly opened microphone may stay silent (no block at all) before it is an error."""
DEVICE_SILENCE_TIMEOUT = 2.0
"""No block for this long, once audio has flowed, means the device has gone."""
SOURCE_CHECK_SECONDS = 1.0
"""How often the sound server is asked whether the microphone is still there: when a source
goes away, PulseAudio moves the recording to another one (measured: to the speaker's monitor)
and PortAudio reports nothing, so the recording would go on from the wrong device."""

Block = npt.NDArray[np.int16]


class BlockSubscriber(Protocol):
    """Receives every recorded block, in order, then the end of the recording."""

    def on_block(self, block: Block, start_frame: int) -> None: ...

    def on_end(self) -> None:
        """The recording is over: every block has been handed over."""


class StopReason(Enum):
    USER = "stopped"
    TIME_LIMIT = "time limit reached"
    DEVICE_FAILED = "the microphone failed"
    NO_AUDIO = "the microphone sent nothing"


@dataclass(frozen=True)
class Recording:
    """What a finished recording left on disk."""

    path: Path
    frames: int
    sample_rate: int
    reason: StopReason
    error: str | None = None

    @property
    def seconds(self) -> float:
        return self.frames / self.sample_rate


def dbfs(block: Block) -> float:
    """RMS level of int16 samples in dB relative to full scale (-96 for digital silence)."""
    if block.size == 0:
        return SILENCE_DBFS
    rms = math.sqrt(float(np.mean(np.square(block, dtype=np.float64))))
    return max(SILENCE_DBFS, 20 * math.log10(rms / 32768)) if rms > 0 else SILENCE_DBFS


class InputLevel:
    """The latest block's level and the peak so far, for a live meter."""

    def __init__(self) -> None:
        self.level_dbfs = SILENCE_DBFS
        self.peak_dbfs = SILENCE_DBFS

    def on_block(self, block: Block, start_frame: int) -> None:
        self.level_dbfs = dbfs(block)
        self.peak_dbfs = max(self.peak_dbfs, self.level_dbfs)

    def on_end(self) -> None:
        pass


class Recorder:
    """Captures the default microphone into `path` until stopped, the limit, or a failure."""

    def __init__(
        self,
        path: Path,
        max_seconds: float,
        subscribers: tuple[BlockSubscriber, ...] = (),
        sample_rate: int = SAMPLE_RATE,
    ) -> None:
        self.path = path
        self.sample_rate = sample_rate
        self.max_frames = round(max_seconds * sample_rate)
        self.meter = InputLevel()
        self.finished = threading.Event()
        self.audio_started = threading.Event()
        """Set when the first block arrives: the microphone is awake."""
        self.result: Recording | None = None
        self._subscribers = list(subscribers)
        self._fanout: queue.Queue[tuple[Block, int] | None] = queue.Queue()
        self._blocks: queue.Queue[Block | None] = queue.Queue()
        self._stop_requested = threading.Event()
        self._source_lost = threading.Event()
        self._stream: Any = None
        self._writer: StreamingWavWriter | None = None
        self._frames = 0
        self._consumer: threading.Thread | None = None

    @property
    def seconds(self) -> float:
        """Seconds captured so far."""
        return self._frames / self.sample_rate

    def start(self) -> None:
        """Open the microphone and start writing; AudioDeviceError if there is none."""
        sd = portaudio()
        default_device("input")
        source = sound_server_source()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._writer = StreamingWavWriter(self.path, self.sample_rate)
        try:
            with native_stderr_silenced():
                self._stream = sd.InputStream(
                    samplerate=self.sample_rate,
                    channels=1,
                    dtype="int16",
                    blocksize=BLOCK_FRAMES,
                    callback=self._callback,
                )
                self._stream.start()
        except sd.PortAudioError as error:
            self._writer.close()
            raise AudioDeviceError(f"cannot record from the microphone: {error}") from None
        self._consumer = threading.Thread(target=self._consume, name="recorder", daemon=True)
        self._consumer.start()
        if self._subscribers:
            threading.Thread(
                target=self._dispatch, name="recorder-subscribers", daemon=True
            ).start()
        if source is not None:
            threading.Thread(
                target=self._watch_source, args=(source,), name="recorder-source", daemon=True
            ).start()

    def stop(self) -> None:
        """End the recording early; `finished` is set once the file is complete."""
        self._stop_requested.set()
        self._blocks.put(None)

    def wait(self, timeout: float | None = None) -> Recording | None:
        """Block until the recording ends; its result, or None on timeout."""
        self.finished.wait(timeout)
        return self.result

    def record(self) -> Recording:
        """Start, wait for the end, and return the recording."""
        self.start()
        self.finished.wait()
        assert self.result is not None
        return self.result

    def _callback(self, indata: Block, frames: int, _time: Any, _status: Any) -> None:
        self._blocks.put(indata[:, 0].copy())

    def _consume(self) -> None:
        assert self._writer is not None
        reason, error = StopReason.USER, None
        try:
            while True:
                waking = not self.audio_started.is_set()
                try:
                    block = self._blocks.get(
                        timeout=FIRST_AUDIO_TIMEOUT if waking else DEVICE_SILENCE_TIMEOUT
                    )
                except queue.Empty:
                    if waking:
                        reason, error = (
                            StopReason.NO_AUDIO,
                            (f"the microphone sent no audio in {FIRST_AUDIO_TIMEOUT:.0f} s"),
                        )
                    else:
                        reason, error = (
                            StopReason.DEVICE_FAILED,
                            ("the microphone stopped sending audio (unplugged or switched off?)"),
                        )
                    break
                if block is None:
                    if self._source_lost.is_set():
                        reason, error = (
                            StopReason.DEVICE_FAILED,
                            ("the microphone was disconnected"),
                        )
                    break
                self.audio_started.set()
                block = block[: self.max_frames - self._frames]
                start = self._frames
                self._writer.write(block)
                self._frames += len(block)
                self.meter.on_block(block, start)
                if self._subscribers:
                    self._fanout.put((block, start))
                if self._frames >= self.max_frames:
                    reason = StopReason.TIME_LIMIT
                    break
                if self._stream is not None and not self._stream.active and self._blocks.empty():
                    if not self._stop_requested.is_set():
                        reason, error = StopReason.DEVICE_FAILED, "the audio stream stopped"
                    break
        except OSError as failure:  # the disk filled or went away: keep what was written
            reason, error = StopReason.DEVICE_FAILED, f"cannot write the recording: {failure}"
        finally:
            self._close_stream()
            try:
                self._writer.close()
            except OSError as failure:
                error = error or f"cannot finish the recording file: {failure}"
            self.result = Recording(self.path, self._frames, self.sample_rate, reason, error)
            self._fanout.put(None)
            self.finished.set()

    def _watch_source(self, source: str) -> None:
        """End the recording if the sound server no longer has the microphone."""
        while not self.finished.wait(SOURCE_CHECK_SECONDS):
            if sound_server_has_source(source) is False:
                self._source_lost.set()
                self._blocks.put(None)
                return

    def _dispatch(self) -> None:
        """Hand each block to the other subscribers, then the end; one that raises is dropped."""
        while (item := self._fanout.get()) is not None:
            for subscriber in list(self._subscribers):
                try:
                    subscriber.on_block(*item)
                except Exception:
                    self._subscribers.remove(subscriber)
        for subscriber in self._subscribers:
            try:
                subscriber.on_end()
            except Exception:
                continue

    def _close_stream(self) -> None:
        stream, self._stream = self._stream, None
        if stream is None:
            return
        with native_stderr_silenced():
            try:
                stream.abort()
                stream.close()
            except Exception:  # a dead device may fail to close; the data is already on disk
                pass
