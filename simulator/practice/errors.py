"""What the service says when something outside it fails."""

from __future__ import annotations

DOCTOR_HINT = "run `interview-sim doctor` for details"
"""Ends every notice about a device, the disk or the model: the doctor says more."""


class RecordingsUnavailableError(OSError):
    """The recordings folder cannot be written: answers can only be typed."""


class PlaybackError(RuntimeError):
    """A recording cannot be played (no speaker, a damaged file); the message says why."""


def transcription_failures() -> tuple[type[Exception], ...]:
    """What `Practice.transcribe` raises when it cannot (the model, the file, the disk): the
    UI catches these without importing the sound layer."""
    from simulator.audio.models import ModelUnavailableError
    from simulator.audio.transcribe import TranscriptionError

    return (TranscriptionError, ModelUnavailableError, OSError)
