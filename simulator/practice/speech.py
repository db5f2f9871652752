"""What the service needs from text-to-speech: the real `Speaker`, or a scripted one in tests."""

from __future__ import annotations

import threading
from typing import Protocol


class Reading(Protocol):
    """A question being read aloud (the real one is `simulator.audio.speech.Utterance`)."""

    finished: threading.Event
    completed: bool
    error: Exception | None

    def stop(self) -> None: ...


class SpeechOutput(Protocol):
    """Reads text aloud."""

    def speak(self, text: str) -> Reading: ...

    def stop(self) -> None: ...

    def close(self) -> None: ...
