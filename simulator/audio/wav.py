"""16-bit PCM WAV files written as audio arrives, readable after a crash, and repairable.

`wave` patches the header only on close, so a killed process leaves a header claiming zero
frames. `StreamingWavWriter` rewrites the sizes in place as it goes, and `repair_wav` fixes a
header from the data actually on disk, so an interrupted recording is never lost.
"""

from __future__ import annotations

import contextlib
import os
import struct
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt


HEADER_BYTES = 44
SAMPLE_WIDTH = 2


def _header(sample_rate: int, channels: int, data_bytes: int) -> bytes:
    block_align = channels * SAMPLE_WIDTH
    return b"".join(
        [
            b"RIFF",
            struct.pack("<I", 36 + data_bytes),
            b"WAVE",
            b"fmt ",
            struct.pack(
                "<IHHIIHH",
                16,
                1,
                channels,
                sample_rate,
                sample_rate * block_align,
                block_align,
                8 * SAMPLE_WIDTH,
            ),
            b"data",
            struct.pack("<I", data_bytes),
        ]
    )


class StreamingWavWriter:
    """Appends int16 frames to a WAV file, keeping its header true as it goes.

    Data is flushed to the OS on each write, and the header is rewritten and the file fsynced
    at most every `sync_seconds` of audio, so a crash loses at most that much.
    """

    def __init__(
        self, path: Path, sample_rate: int, channels: int = 1, sync_seconds: float = 0.5
    ) -> None:
        self.path = path
        self.sample_rate = sample_rate
        self.channels = channels
        self._file = path.open("wb")
        self._file.write(_header(sample_rate, channels, 0))
        self._data_bytes = 0
        self._synced_bytes = 0
        self._sync_bytes = int(sync_seconds * sample_rate) * channels * SAMPLE_WIDTH
        self._lock = threading.Lock()

    @property
    def frames(self) -> int:
        """Frames written so far."""
        return self._data_bytes // (self.channels * SAMPLE_WIDTH)

    def write(self, block: npt.NDArray[np.int16]) -> None:
        """Append a block of int16 samples (shape (n,) or (n, channels))."""
        data = block.astype("<i2", copy=False).tobytes()
        with self._lock:
            self._file.write(data)
            self._file.flush()
            self._data_bytes += len(data)
            if self._data_bytes - self._synced_bytes >= self._sync_bytes:
                self._sync_locked()

    def close(self) -> None:
        """Finish the file; safe to call twice.

        After a failed write (the disk filled) the file is still closed, the bytes the OS
        refused are dropped rather than left in a buffer that a later flush could append after
        the header was set, and the header is set from the data on disk; the OSError is raised.
        """
        with self._lock:
            if self._file.closed:
                return
            try:
                self._sync_locked()
                self._file.close()
            except OSError:
                with contextlib.suppress(OSError):
                    self._file.close()  # the descriptor closes even when the flush fails
                with contextlib.suppress(OSError, InvalidWavError):
                    repair_wav(self.path)
                raise

    def _sync_locked(self) -> None:
        end = self._file.tell()
        self._file.seek(0)
        self._file.write(_header(self.sample_rate, self.channels, self._data_bytes))
        self._file.seek(end)
        self._file.flush()
        os.fsync(self._file.fileno())
        self._synced_bytes = self._data_bytes


@dataclass(frozen=True)
class WavInfo:
    """What a WAV header says, and what the file holds."""

    sample_rate: int
    channels: int
    sample_width: int
    data_offset: int
    declared_data_bytes: int
    actual_data_bytes: int

    @property
    def is_consistent(self) -> bool:
        return self.declared_data_bytes == self.actual_data_bytes


class InvalidWavError(ValueError):
    """The file is not a PCM WAV file."""


def inspect_wav(path: Path) -> WavInfo:
    """Read the header chunks of a PCM WAV file without trusting its sizes."""
    size = path.stat().st_size
    with path.open("rb") as file:
        head = file.read(12)
        if len(head) < 12 or head[:4] != b"RIFF" or head[8:12] != b"WAVE":
            raise InvalidWavError(f"{path}: not a WAV file")
        fmt: tuple[int, ...] | None = None
        while True:
            chunk = file.read(8)
            if len(chunk) < 8:
                raise InvalidWavError(f"{path}: WAV file has no data chunk")
            name, length = chunk[:4], struct.unpack("<I", chunk[4:])[0]
            if name == b"fmt ":
                raw_fmt = file.read(16)
                if len(raw_fmt) < 16:
                    raise InvalidWavError(f"{path}: WAV format chunk is cut short")
                fmt = struct.unpack("<HHIIHH", raw_fmt)
                if fmt[0] != 1 or fmt[4] == 0:
                    raise InvalidWavError(f"{path}: not a PCM WAV file")
                file.seek(length - 16 + (length & 1), os.SEEK_CUR)
            elif name == b"data":
                if fmt is None:
                    raise InvalidWavError(f"{path}: WAV data comes before its format")
                offset = file.tell()
                block_align = fmt[4]
                actual = (size - offset) // block_align * block_align
                return WavInfo(fmt[2], fmt[1], fmt[5] // 8, offset, length, actual)
            else:
                file.seek(length + (length & 1), os.SEEK_CUR)


def repair_wav(path: Path) -> bool:
    """Fix the header of a WAV whose writer died; True if it needed fixing.

    Only a PCM file whose declared data length disagrees with what is on disk is touched, and
    only its two size fields change: no sample is lost or altered.
    """
    info = inspect_wav(path)
    if info.is_consistent:
        return False
    with path.open("r+b") as file:
        file.truncate(info.data_offset + info.actual_data_bytes)
        file.seek(4)
        file.write(struct.pack("<I", info.data_offset - 8 + info.actual_data_bytes))
        file.seek(info.data_offset - 4)
        file.write(struct.pack("<I", info.actual_data_bytes))
        file.flush()
        os.fsync(file.fileno())
    return True


def read_wav_int16(path: Path) -> tuple[npt.NDArray[np.int16], int]:
    """Samples (frames x channels, or frames for mono) and sample rate of a 16-bit PCM WAV."""
    import numpy as np  # loaded on first use: repairing and inspecting files need none

    info = inspect_wav(path)
    if info.sample_width != SAMPLE_WIDTH:
        raise InvalidWavError(f"{path}: expected 16-bit samples, found {8 * info.sample_width}-bit")
    with path.open("rb") as file:
        file.seek(info.data_offset)
        data = np.frombuffer(
            file.read(min(info.declared_data_bytes, info.actual_data_bytes)), dtype="<i2"
        )
    if info.channels > 1:
        data = data.reshape(-1, info.channels)
    return data.astype(np.int16), info.sample_rate


def write_wav_int16(path: Path, samples: npt.NDArray[np.int16], sample_rate: int) -> None:
    """Write a whole 16-bit WAV at once (mono if 1-D)."""
    channels = 1 if samples.ndim == 1 else samples.shape[1]
    data = samples.astype("<i2", copy=False).tobytes()
    path.write_bytes(_header(sample_rate, channels, len(data)) + data)
